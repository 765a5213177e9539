// The Functions host's own storage (AzureWebJobsStorage): its keys, leases, timer schedules and
// the deployment package, in an account apart from the personal data (modules/storage.bicep),
// so that the host's traffic and the data's access rules, logs and recovery stay separate.
// No shared key access (identities only), TLS 1.2, no public blob access.
param location string
param tags object
param suffix string
param privateNetworking bool

var deploymentContainer = 'app-package'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'sthostpd${suffix}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Private networking: reachable only through the private endpoints (modules/privateendpoints.bicep).
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: { defaultAction: privateNetworking ? 'Deny' : 'Allow', bypass: 'None' }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in ['azure-webjobs-hosts', deploymentContainer]: {
  parent: blobService
  name: name
  properties: { publicAccess: 'None' }
}]

output name string = account.name
output id string = account.id
output deploymentContainerName string = deploymentContainer
