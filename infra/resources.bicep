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
  }
}

module hostStorage 'modules/hoststorage.bicep' = {
  name: 'hoststorage'
  params: { location: location, tags: tags, suffix: suffix }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: { location: location, tags: tags, suffix: suffix }
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
  dependsOn: [roles]
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
