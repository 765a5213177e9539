// Key Vault in RBAC mode for the API key hashes (secrets client-<id>-key-sha256) and other
// secrets; the app reads them through Key Vault references in its settings.
param location string
param tags object
param suffix string

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
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
