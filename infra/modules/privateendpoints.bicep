// One private endpoint per (resource, sub-resource) in the VNet's "endpoints" subnet, each
// registered in the private DNS zone of its service (modules/network.bicep).
param location string
param tags object
param subnetId string
@description('Private DNS zone id by group: blob, queue, table, vault.')
param zoneIds object
@description('What to reach privately: { name, resourceId, group } where group is blob, queue, table or vault.')
param targets array

resource endpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [for target in targets: {
  name: 'pe-${target.name}-${target.group}'
  location: location
  tags: tags
  properties: {
    subnet: { id: subnetId }
    privateLinkServiceConnections: [
      {
        name: '${target.name}-${target.group}'
        properties: {
          privateLinkServiceId: target.resourceId
          groupIds: [target.group]
        }
      }
    ]
  }
}]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [for (target, i) in targets: {
  parent: endpoints[i]
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: target.group
        properties: { privateDnsZoneId: zoneIds[target.group] }
      }
    ]
  }
}]

output names array = [for (target, i) in targets: endpoints[i].name]
