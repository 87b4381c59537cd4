// A Flexible scale set whose zones come from the parameter file (web-tier.bicepparam).
param location string = resourceGroup().location
param zones array = []

resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {
  name: 'web-flex'
  location: location
  zones: zones
  sku: {
    name: 'Standard_D2s_v5'
    capacity: 3
  }
  properties: {
    orchestrationMode: 'Flexible'
    singlePlacementGroup: false
    platformFaultDomainCount: 2
  }
}

resource autoscale 'Microsoft.Insights/autoscalesettings@2022-10-01' = {
  name: 'web-autoscale'
  location: location
  properties: {
    enabled: true
    targetResourceUri: vmss.id
    profiles: [
      {
        name: 'default'
        capacity: {
          minimum: '2'
          maximum: '1200'
          default: '3'
        }
        rules: []
      }
    ]
  }
}
