using './web-tier.bicep'

param zones = [
  '1'
  '2'
]
