// PreDemande: everything the function app needs, in one resource group.
// Deploy with `azd up` (azure.yaml) or `az deployment sub create -l francecentral -f infra/main.bicep`.
targetScope = 'subscription'

@minLength(1)
@maxLength(20)
@description('Name of the environment (dev, recette, prod…): used in resource names and tags.')
param environmentName string

@description('Azure region. France Central keeps the data in France.')
param location string = 'francecentral'

@description('Resource group name; default rg-predemande-<environment>.')
param resourceGroupName string = ''

@description('Flex Consumption instance memory (MB): 512, 2048 or 4096.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Flex Consumption maximum instance count.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

// Retention periods are not parameters: infra/retention.json holds them for the app and the
// templates alike (read by modules/storage.bicep).

@description('Days deleted blobs and containers stay recoverable (soft delete).')
param softDeleteDays int = 14

@description('Alphanumeric SMS sender id (up to 11 characters), registered with Azure Communication Services.')
@maxLength(11)
param smsSenderId string = 'PREDEMANDE'

@description('API clients: id, role (Portal, Mairie, Prefecture, Booking), scope and, for clients calling with Entra ID tokens, applicationId. Their key hashes are Key Vault secrets named client-<id>-key-sha256.')
param clients array = []

@secure()
@description('Key of the blobs_extension system key of the function app. Empty on the first deployment; azd\'s postdeploy hook reads it and provisions again to create the Event Grid subscriptions.')
param blobsExtensionKey string = ''

@description('Principal id of the deploying user, given Key Vault Secrets Officer to store client key hashes (optional).')
param deployerPrincipalId string = ''

@description('Instruction routing: département code (33, 2A, 971) → queue of the CERT that instructs it; several départements may share one queue. The queues are created.')
param instructionRoutes object = {}

@description('Queue of the départements without a route (empty: instruction-{département}, created by the app on first use).')
param instructionDefaultQueue string = ''

@secure()
@description('Secret of the ACS delivery-report webhook URL (new on each deployment: the app setting and the Event Grid subscription change together).')
param deliveryReportKey string = newGuid()

@description('Application ID URI (or client id) of the API\'s app registration, to accept Entra ID tokens of this tenant besides API keys (empty: API keys only).')
param apiAudience string = ''

@description('E-mail of the operators\' mailbox that the alerts write to (docs/operations.md).')
param alertEmail string = ''

@description('Storage accounts, Key Vault reachable only through private endpoints in a VNet, which the app joins (on by default for an environment whose name starts with "prod").')
param privateNetworking bool = startsWith(toLower(environmentName), 'prod')

@description('Address space of the VNet when privateNetworking is on.')
param vnetAddressPrefix string = '10.60.0.0/16'

@description('Redundancy of the personal data\'s account: Standard_ZRS (three zones in France Central) or Standard_GZRS (also copied to France South); see docs/operations.md.')
@allowed(['Standard_ZRS', 'Standard_GZRS'])
param storageRedundancy string = 'Standard_ZRS'

var tags = { 'azd-env-name': environmentName, application: 'predemande' }
var suffix = uniqueString(subscription().id, environmentName, location)

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-predemande-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'predemande-resources'
  scope: group
  params: {
    location: location
    tags: tags
    suffix: suffix
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    softDeleteDays: softDeleteDays
    smsSenderId: smsSenderId
    clients: clients
    blobsExtensionKey: blobsExtensionKey
    deployerPrincipalId: deployerPrincipalId
    instructionRoutes: instructionRoutes
    instructionDefaultQueue: instructionDefaultQueue
    apiAudience: apiAudience
    deliveryReportKey: deliveryReportKey
    alertEmail: alertEmail
    privateNetworking: privateNetworking
    vnetAddressPrefix: vnetAddressPrefix
    storageRedundancy: storageRedundancy
  }
}

output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_FUNCTION_APP_URL string = resources.outputs.functionAppUrl
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output AZURE_HOST_STORAGE_ACCOUNT_NAME string = resources.outputs.hostStorageAccountName
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
output AZURE_COMMUNICATION_ENDPOINT string = resources.outputs.communicationEndpoint
