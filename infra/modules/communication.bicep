// Azure Communication Services for the "title available" SMS, data kept in France.
// The alphanumeric sender id is registered by hand (see README, Deploy to Azure).
param tags object
param suffix string

resource communication 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: 'acs-predemande-${suffix}'
  location: 'global'
  tags: tags
  properties: {
    dataLocation: 'France'
  }
}

output name string = communication.name
output endpoint string = 'https://${communication.properties.hostName}'
