// The function app on the Flex Consumption plan, running the ASP.NET Core custom handler.
param location string
param tags object
param suffix string
param identityId string
param identityClientId string
param dataStorageAccountName string
param hostStorageAccountName string
param deploymentContainerName string
param applicationInsightsConnectionString string
param keyVaultName string
param communicationEndpoint string
param smsSenderId string
param emailSender string
@secure()
param deliveryReportKey string
param clients array
param instanceMemoryMB int
param maximumInstanceCount int
param instructionRoutes object
param instructionDefaultQueue string
param apiAudience string
@description('Subnet of the VNet integration (empty: none, the app reaches storage and Key Vault over their public endpoints).')
param appSubnetId string

resource data 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: dataStorageAccountName
}

resource hostAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-predemande-${suffix}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

// API clients: id, role and scope in plain settings; the key hash from Key Vault.
var clientSettings = flatten(map(range(0, length(clients)), i => [
  { name: 'PreDemande__Clients__${i}__Id', value: clients[i].id }
  { name: 'PreDemande__Clients__${i}__Role', value: clients[i].role }
  { name: 'PreDemande__Clients__${i}__Scope', value: clients[i].?scope ?? '' }
  { name: 'PreDemande__Clients__${i}__KeySha256', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=client-${clients[i].id}-key-sha256)' }
  // During a key rotation only (docs/operations.md): while the secret does not exist the reference stays unresolved and the app ignores it.
  { name: 'PreDemande__Clients__${i}__NextKeySha256', value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=client-${clients[i].id}-next-key-sha256)' }
  { name: 'PreDemande__Clients__${i}__ApplicationId', value: clients[i].?applicationId ?? '' }
]))

// Where each département's instruction tasks go.
var instructionSettings = concat(
  map(items(instructionRoutes), route => { name: 'PreDemande__Instruction__Routes__${route.key}', value: toLower(route.value) }),
  empty(instructionDefaultQueue) ? [] : [{ name: 'PreDemande__Instruction__DefaultQueue', value: toLower(instructionDefaultQueue) }])

// Entra ID bearer tokens of this tenant, besides the API keys, when the API has an app registration.
var entraSettings = empty(apiAudience) ? [] : [
  { name: 'PreDemande__EntraId__TenantId', value: tenant().tenantId }
  { name: 'PreDemande__EntraId__Audience', value: apiAudience }
]

var settings = [
  // Identity-based storage (no connection string, no key): the host's own state in its account,
  // the data (the app's clients and the triggers' connection PreDemandeData) in the other.
  { name: 'AzureWebJobsStorage__blobServiceUri', value: hostAccount.properties.primaryEndpoints.blob }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: hostAccount.properties.primaryEndpoints.queue }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: hostAccount.properties.primaryEndpoints.table }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  { name: 'PreDemandeData__blobServiceUri', value: data.properties.primaryEndpoints.blob }
  { name: 'PreDemandeData__queueServiceUri', value: data.properties.primaryEndpoints.queue }
  { name: 'PreDemandeData__tableServiceUri', value: data.properties.primaryEndpoints.table }
  { name: 'PreDemandeData__credential', value: 'managedidentity' }
  { name: 'PreDemandeData__clientId', value: identityClientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
  { name: 'PreDemande__Storage__CreateMissing', value: 'false' }
  // Notifications through Azure Communication Services, with the app's identity (no access key).
  { name: 'PreDemande__Notifications__Sender', value: 'acs' }
  { name: 'PreDemande__Notifications__AcsEndpoint', value: communicationEndpoint }
  { name: 'PreDemande__Notifications__ClientId', value: identityClientId }
  { name: 'PreDemande__Notifications__SmsFrom', value: smsSenderId }
  { name: 'PreDemande__Notifications__EmailFrom', value: emailSender }
  { name: 'PreDemande__Notifications__EventGridKey', value: deliveryReportKey }
]

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-predemande-${suffix}'
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    // Outbound traffic through the VNet (storage, Key Vault by their private endpoints) when private networking is on.
    virtualNetworkSubnetId: empty(appSubnetId) ? null : appSubnetId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostAccount.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      // Runtime "custom": the host starts the executable named in host.json (customHandler)
      // instead of a language worker. The app is a self-contained linux-x64 build (Native AOT
      // by default), so no .NET runtime is needed on the instance; "custom" is also the only
      // Flex Consumption runtime that runs an arbitrary executable.
      runtime: { name: 'custom', version: '1.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(settings, clientSettings, instructionSettings, entraSettings)
    }
  }
}

output name string = site.name
output hostName string = site.properties.defaultHostName
