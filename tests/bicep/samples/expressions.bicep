param settings object = {}
param count int = 3
param maybe string?
param items array = []

var interpolated = 'pre-${count}-{braces}-${toLower('X')}'
var escaped = 'it\'s \${not} a hole'
var bracket = '[not an expression]'
var ternary = count > 2 ? 'big' : 'small'
var coalesced = maybe ?? 'fallback'
var safe = settings.?tier
var safeIndex = items[?0]
var logic = !(count >= 1) && count <= 5 || count != 4
var caseless = maybe =~ 'UNIFORM'
var notCaseless = maybe !~ 'flexible'
var math = (count + 1) * 2 - count / 2 % 3
var negative = -count
var nested = {
  list: [1, 'two', true, null]
  inner: {
    key: settings.tier
  }
}
var inline = union(settings, { extra: [count, 'x'] })
var lambdas = map(items, item => item.name)
var reduced = reduce(items, 0, (acc, next) => acc + next)
var namespaced = sys.toUpper(az.resourceGroup().name)
var multiline = '''
line one
${not interpolated}
'''
var unicode = 'é😀${count}'
