// The app's user-assigned managed identity: the only principal that reads and writes the data.
param location string
param tags object
param suffix string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-predemande-${suffix}'
  location: location
  tags: tags
}

output id string = identity.id
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
