// Blob triggers on Flex Consumption use Event Grid: a system topic on the storage account and,
// per blob-triggered function, a subscription delivering BlobCreated to the host's webhook.
// The webhook needs the function app's blobs_extension system key, which exists only once the
// app has been deployed and started: the first deployment leaves blobsExtensionKey empty (no
// subscriptions), azd's postdeploy hook (infra/hooks/postdeploy.sh) reads the key and
// provisions again.
param location string
param tags object
param storageAccountName string
param functionAppHostName string
@secure()
param blobsExtensionKey string
param blobTriggers array

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = {
  name: 'evgt-${storageAccountName}'
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource subscriptions 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2024-06-01-preview' = [for trigger in blobTriggers: if (!empty(blobsExtensionKey)) {
  parent: topic
  name: toLower('${trigger.function}-blob-created')
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The URL carries the secure key; Event Grid stores endpointUrl write-only. The linter
        // cannot see that an interpolation of a secure value stays secure.
        #disable-next-line use-secure-value-for-secure-inputs
        endpointUrl: 'https://${functionAppHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${trigger.function}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: '/blobServices/default/containers/${trigger.container}/'
      subjectEndsWith: empty(trigger.suffix) ? null : trigger.suffix
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}]

output subscriptions array = [for trigger in blobTriggers: { function: trigger.function, container: trigger.container }]
