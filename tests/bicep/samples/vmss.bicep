// A Uniform scale set behind a condition, with a nested subnet and a VM that joins it.
@description('Orchestration mode of the scale set')
@allowed([
  'Uniform'
  'Flexible'
])
param mode string = 'Uniform'

@minValue(1)
@maxValue(3)
param faultDomains int = 2

@secure()
param adminPassword string

param deploy bool = true
param location string = resourceGroup().location

var vmssName = 'vmss-${mode}'

resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' = {
  name: 'vnet1'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.0.0.0/16'
      ]
    }
  }
  resource subnet 'subnets' = {
    name: 'default'
    properties: {
      addressPrefix: '10.0.0.0/24'
    }
  }
}

resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2023-09-01' = if (deploy) {
  name: vmssName
  location: location
  properties: {
    orchestrationMode: mode
    platformFaultDomainCount: faultDomains
    singlePlacementGroup: mode == 'Uniform' ? true : false
    virtualMachineProfile: {
      osProfile: {
        adminPassword: adminPassword
      }
      networkProfile: {
        networkInterfaceConfigurations: [
          {
            name: 'nic'
            properties: {
              ipConfigurations: [
                {
                  name: 'ip'
                  properties: {
                    subnet: {
                      id: vnet::subnet.id
                    }
                  }
                }
              ]
            }
          }
        ]
      }
    }
  }
}

resource vm 'Microsoft.Compute/virtualMachines@2023-09-01' = {
  name: 'vm1'
  location: location
  properties: {
    virtualMachineScaleSet: {
      id: vmss.id
    }
  }
}

output vmssId string = vmss.id
