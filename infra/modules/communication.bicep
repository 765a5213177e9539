// Azure Communication Services for the applicants' SMS and e-mails, data kept in France: the
// communication resource, an Email service with an Azure-managed domain linked to it.
// The alphanumeric SMS sender id is registered by hand (see README, Deploy to Azure).
param tags object
param suffix string

resource email 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: 'ecs-predemande-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: 'France'
  }
}

resource domain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: email
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: 'acs-predemande-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: 'France'
    linkedDomains: [domain.id]
  }
}

output name string = communication.name
output id string = communication.id
output endpoint string = 'https://${communication.properties.hostName}'
output emailSender string = 'DoNotReply@${domain.properties.mailFromSenderDomain}'
