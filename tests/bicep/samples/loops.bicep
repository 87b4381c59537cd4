targetScope = 'resourceGroup'

param names array = [
  'a'
  'b'
]
param zones string[] = ['1', '2']

var prefixes = [for (n, i) in names: '10.${i}.0.0/16']

@batchSize(1)
resource sets 'Microsoft.Compute/virtualMachineScaleSets@2023-09-01' = [for (name, i) in names: if (i > 0) {
  name: 'vmss-${name}'
  zones: zones
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
  }
}]

resource nets 'Microsoft.Network/virtualNetworks@2023-04-01' = [for i in range(0, 2): {
  name: 'net${i}'
  properties: {
    subnets: [for s in names: {
      name: s
    }]
  }
}]

resource autoscale 'Microsoft.Insights/autoscaleSettings@2022-10-01' = {
  name: 'scale'
  properties: {
    targetResourceUri: sets[1].id
  }
  dependsOn: [
    nets
  ]
}

module child './modules/child.bicep' = {
  name: 'child-deploy'
  params: {
    vmssName: sets[1].name
    mode: 'Flexible'
  }
}

module remote 'br/public:avm/res/compute/virtual-machine-scale-set:0.1.0' = {
  name: 'remote'
  params: {
    name: 'x'
  }
}

output prefixList array = prefixes
