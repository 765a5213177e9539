// The resources of one PreDemande environment (called by main.bicep).
param location string
param tags object
param suffix string
param instanceMemoryMB int
param maximumInstanceCount int
param softDeleteDays int
param smsSenderId string
param clients array
@secure()
param blobsExtensionKey string
param deployerPrincipalId string
param instructionRoutes object
param instructionDefaultQueue string
param apiAudience string
@secure()
param deliveryReportKey string
param alertEmail string
param privateNetworking bool
param vnetAddressPrefix string
param storageRedundancy string

// Every CERT queue a task may go to, provisioned before the first task: the queues the routing
// names (one per CERT, whatever the number of its départements), the default queue, and without
// a default, instruction-{département} for every département no route names
// (departements.json: the codes of the app's commune data, checked by a test).
var departements = loadJsonContent('departements.json')
var routedDepartements = map(items(instructionRoutes), route => toLower(route.key))
var unroutedQueues = empty(instructionDefaultQueue) ? map(filter(departements, d => !contains(routedDepartements, d)), d => 'instruction-${d}') : []
var instructionQueues = union(map(items(instructionRoutes), route => toLower(route.value)), empty(instructionDefaultQueue) ? [] : [toLower(instructionDefaultQueue)], unroutedQueues)

// Blob-triggered functions and the container each watches (Event Grid source): keep in step
// with the FunctionDeclaration.Blob(...) calls of the app (a test checks it).
var blobTriggers = [
  { function: 'RenderRecap', container: 'predemandes', suffix: '.json' }
  { function: 'ArchiveScan', container: 'scans', suffix: '' }
]

// The retention periods of the app and the templates (the access logs keep as long as the audit).
var retention = loadJsonContent('retention.json')

// The daily timers that emit a heartbeat when a run completes (Scheduling/DueWorkTimers.cs).
var dailyTimers = ['PurgeExpiredData', 'SendCollectionReminders']

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { location: location, tags: tags, suffix: suffix }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: { location: location, tags: tags, suffix: suffix }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    suffix: suffix
    softDeleteDays: softDeleteDays
    instructionQueues: instructionQueues
    privateNetworking: privateNetworking
    redundancy: storageRedundancy
  }
}

module hostStorage 'modules/hoststorage.bicep' = {
  name: 'hoststorage'
  params: { location: location, tags: tags, suffix: suffix, privateNetworking: privateNetworking }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: { location: location, tags: tags, suffix: suffix, privateNetworking: privateNetworking }
}

module network 'modules/network.bicep' = if (privateNetworking) {
  name: 'network'
  params: { location: location, tags: tags, suffix: suffix, addressPrefix: vnetAddressPrefix }
}

// Blob, queue and table of both accounts, and the Key Vault: seven private endpoints.
module privateEndpoints 'modules/privateendpoints.bicep' = if (privateNetworking) {
  name: 'privateendpoints'
  params: {
    location: location
    tags: tags
    subnetId: network.?outputs.endpointsSubnetId ?? ''
    zoneIds: network.?outputs.zoneIds ?? {}
    targets: concat(
      map(['blob', 'queue', 'table'], group => { name: storage.outputs.name, resourceId: storage.outputs.id, group: group }),
      map(['blob', 'queue', 'table'], group => { name: hostStorage.outputs.name, resourceId: hostStorage.outputs.id, group: group }),
      [{ name: keyVault.outputs.name, resourceId: keyVault.outputs.id, group: 'vault' }])
  }
}

module diagnostics 'modules/diagnostics.bicep' = {
  name: 'diagnostics'
  params: {
    workspaceName: monitoring.outputs.workspaceName
    dataStorageAccountName: storage.outputs.name
    hostStorageAccountName: hostStorage.outputs.name
    keyVaultName: keyVault.outputs.name
    auditDays: retention.auditDays
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    tags: tags
    suffix: suffix
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    storageAccountIds: [storage.outputs.id, hostStorage.outputs.id]
    alertEmail: alertEmail
    dailyTimers: dailyTimers
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: { location: location, tags: tags, applicationInsightsId: monitoring.outputs.applicationInsightsId }
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  params: { tags: tags, suffix: suffix }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    hostStorageAccountName: hostStorage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    communicationName: communication.outputs.name
    deployerPrincipalId: deployerPrincipalId
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  dependsOn: [roles, privateEndpoints]
  params: {
    location: location
    tags: tags
    suffix: suffix
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    dataStorageAccountName: storage.outputs.name
    hostStorageAccountName: hostStorage.outputs.name
    deploymentContainerName: hostStorage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    keyVaultName: keyVault.outputs.name
    communicationEndpoint: communication.outputs.endpoint
    smsSenderId: smsSenderId
    emailSender: communication.outputs.emailSender
    deliveryReportKey: deliveryReportKey
    clients: clients
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    instructionRoutes: instructionRoutes
    instructionDefaultQueue: instructionDefaultQueue
    apiAudience: apiAudience
    // The private endpoints first: with public access off, the app reaches storage through them.
    appSubnetId: privateNetworking ? network.?outputs.appSubnetId ?? '' : ''
  }
}

module events 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  params: {
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    functionAppHostName: functionApp.outputs.hostName
    blobsExtensionKey: blobsExtensionKey
    blobTriggers: blobTriggers
  }
}

module deliveryReports 'modules/deliveryreports.bicep' = {
  name: 'deliveryreports'
  params: {
    tags: tags
    communicationName: communication.outputs.name
    functionAppHostName: functionApp.outputs.hostName
    deliveryReportKey: deliveryReportKey
    // The webhook must answer the validation handshake: only once the app runs.
    enabled: !empty(blobsExtensionKey)
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppUrl string = 'https://${functionApp.outputs.hostName}'
output storageAccountName string = storage.outputs.name
output hostStorageAccountName string = hostStorage.outputs.name
output keyVaultName string = keyVault.outputs.name
output communicationEndpoint string = communication.outputs.endpoint
output eventSubscriptions array = events.outputs.subscriptions
