metadata owner = 'platform team'

import { sharedType } from 'shared.bicep'

@export()
type modeType = 'Uniform' | 'Flexible'

type sizeType = {
  name: string
  capacity: int?
}

param mode modeType = 'Flexible'
param size sizeType
param optionalSize sizeType?

@export()
func prefixed(name string) string => 'p-${name}'

var label = prefixed(mode)
