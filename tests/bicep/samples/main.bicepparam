using './vmss.bicep'

// values for the scale set
param mode = 'Flexible'
param faultDomains = 3
param adminPassword = readEnvironmentVariable('ADMIN_PASSWORD', '')
param location = 'westeurope'
