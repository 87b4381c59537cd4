param vmssName string
param mode string

resource scaleSet 'Microsoft.Compute/virtualMachineScaleSets@2023-09-01' existing = {
  name: vmssName
}

resource vm 'Microsoft.Compute/virtualMachines@2023-09-01' = {
  name: 'joined-vm'
  properties: {
    virtualMachineScaleSet: {
      id: scaleSet.id
    }
    orchestration: mode
  }
}
