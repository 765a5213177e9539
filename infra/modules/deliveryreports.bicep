// ACS delivery reports (SMS and e-mail) to the app's webhook, through an Event Grid system topic
// on the Communication Services resource. The webhook answers Event Grid's validation handshake,
// so the subscription is only created once the app runs (same gate as the blob triggers).
param tags object
param communicationName string
param functionAppHostName string
@secure()
param deliveryReportKey string
param enabled bool

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationName
}

resource topic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = {
  name: 'evgt-${communicationName}'
  location: 'global'
  tags: tags
  properties: {
    source: communication.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource reports 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2024-06-01-preview' = if (enabled) {
  parent: topic
  name: 'delivery-reports'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The key is checked by the app (PreDemande__Notifications__EventGridKey); Event Grid keeps endpointUrl write-only.
        #disable-next-line use-secure-value-for-secure-inputs
        endpointUrl: 'https://${functionAppHostName}/api/notifications/events?key=${deliveryReportKey}'
        maxEventsPerBatch: 10
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Communication.SMSDeliveryReportReceived', 'Microsoft.Communication.EmailDeliveryReportReceived']
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}

