// Private networking (parameter privateNetworking): a VNet whose "app" subnet carries the Flex
// app's outbound traffic (VNet integration), whose "endpoints" subnet holds the private endpoints
// of the storage accounts and the Key Vault, and whose "operations" subnet is where an operator's
// runner or jump host sits to reach them (deployment package, Key Vault secrets, poison replay:
// docs/operations.md). One private DNS zone per service, linked to the VNet, so that the usual
// host names (stpredem….blob.core.windows.net) resolve to the private addresses inside it.
param location string
param tags object
param suffix string
@description('Address space of the VNet (a /16 of the ministry\'s plan; the subnets take its first /24s).')
param addressPrefix string = '10.60.0.0/16'

var appPrefix = cidrSubnet(addressPrefix, 24, 0)
var endpointsPrefix = cidrSubnet(addressPrefix, 24, 1)
var operationsPrefix = cidrSubnet(addressPrefix, 24, 2)

// Zone names of the public cloud (and of the sovereign ones, through environment()).
var zones = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  queue: 'privatelink.queue.${environment().suffixes.storage}'
  table: 'privatelink.table.${environment().suffixes.storage}'
  vault: 'privatelink.vaultcore.azure.net'
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-predemande-${suffix}'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appPrefix
          // Flex Consumption integrates through a subnet delegated to Microsoft.App/environments.
          delegations: [{ name: 'flex', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
      {
        name: 'endpoints'
        properties: {
          addressPrefix: endpointsPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
      {
        name: 'operations'
        properties: { addressPrefix: operationsPrefix }
      }
    ]
  }
}

resource dnsZones 'Microsoft.Network/privateDnsZones@2024-06-01' = [for zone in items(zones): {
  name: zone.value
  location: 'global'
  tags: tags
}]

resource dnsLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [for (zone, i) in items(zones): {
  parent: dnsZones[i]
  name: 'link-${vnet.name}'
  location: 'global'
  tags: tags
  properties: {
    virtualNetwork: { id: vnet.id }
    registrationEnabled: false
  }
}]

output vnetId string = vnet.id
output appSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'app')
output endpointsSubnetId string = resourceId('Microsoft.Network/virtualNetworks/subnets', vnet.name, 'endpoints')
output zoneIds object = {
  blob: resourceId('Microsoft.Network/privateDnsZones', zones.blob)
  queue: resourceId('Microsoft.Network/privateDnsZones', zones.queue)
  table: resourceId('Microsoft.Network/privateDnsZones', zones.table)
  vault: resourceId('Microsoft.Network/privateDnsZones', zones.vault)
}
