// Key Vault in RBAC mode for the API key hashes (secrets client-<id>-key-sha256) and other
// secrets; the app reads them through Key Vault references in its settings.
param location string
param tags object
param suffix string
param privateNetworking bool

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-predem-${suffix}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    // Private networking: reachable only through its private endpoint; the app resolves its
    // Key Vault references through the VNet integration.
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: privateNetworking ? 'Deny' : 'Allow', bypass: 'None' }
  }
}

output name string = vault.name
output id string = vault.id
