"""The Bicep -> ARM template translation and its source map."""

import os

from bicep_helpers import sample

from arm_orchlint.core.source import Span

MAIN = "/virtual/main.bicep"


def res(doc, name):
    return doc.data["resources"][name]


def test_template_shape(compile_text):
    doc = compile_text("param p string\n")
    assert doc.kind == "bicep"
    assert doc.data["languageVersion"] == "2.0"
    assert doc.data["$schema"].endswith("/deploymentTemplate.json#")
    assert set(doc.data) >= {"parameters", "variables", "resources", "outputs", "contentVersion"}
    assert doc.diagnostics == []


def test_parameters_and_decorators(compile_text):
    doc = compile_text(
        "@allowed([\n  'Uniform'\n  'Flexible'\n])\nparam mode string = 'Uniform'\n"
        "@minValue(1)\n@maxValue(3)\nparam fd int = 2\n@secure()\nparam pw string\n@secure()\nparam so object\n"
        "@description('x')\nparam on bool = true\nparam arr array = [1]\ntype kind = 'a' | 'b'\nparam k kind = 'a'\n"
        "type shape = { a: string }\nparam s shape?\nparam names string[]\n"
    )
    p = doc.data["parameters"]
    assert p["mode"] == {"type": "string", "allowedValues": ["Uniform", "Flexible"], "defaultValue": "Uniform"}
    assert p["fd"] == {"type": "int", "minValue": 1, "maxValue": 3, "defaultValue": 2}
    assert p["pw"] == {"type": "securestring"}
    assert p["so"] == {"type": "secureobject"}
    assert p["on"] == {"type": "bool", "defaultValue": True}
    assert p["arr"] == {"type": "array", "defaultValue": [1]}
    assert p["k"] == {"type": "string", "allowedValues": ["a", "b"], "defaultValue": "a"}
    assert p["s"] == {"type": "object", "nullable": True}
    assert p["names"] == {"type": "array"}
    assert doc.locator.span(("parameters", "mode")) == Span(MAIN, 5, 1, 5, 30)
    assert doc.locator.span(("parameters", "mode", "defaultValue")) == Span(MAIN, 5, 21, 5, 30)
    assert doc.locator.span(("parameters", "mode", "allowedValues")) == Span(MAIN, 1, 1, 4, 3)


def test_variables_and_expressions(compile_text):
    doc = compile_text(
        "param p string\nparam o object\nparam n int\n"
        "var a = 'x-${p}-{y}'\n"
        "var b = '[literal'\n"
        "var c = n > 1 ? 'big' : 'small'\n"
        "var d = p ?? 'dflt'\n"
        "var e = o.?tier\n"
        "var f = !(n == 2) && n != 3 || p =~ 'X'\n"
        "var g = p !~ 'y'\n"
        "var h = (n + 1) * 2 - n / 2 % 3\n"
        "var i = -n\n"
        "var j = union(o, { k: [n, 'z'] })\n"
        "var k = map([1, 2], x => x.v)\n"
        "var l = sys.toLower(az.resourceGroup().location)\n"
        "var m = o.list[0].name\n"
        "var q = a\n"
        "var r = n >= 1 && n <= 2 && n < 3\n"
        "var s = 'it\\'s'\n"
    )
    v = doc.data["variables"]
    assert v["a"] == "[format('x-{0}-{{y}}', parameters('p'))]"
    assert v["b"] == "[[literal"
    assert v["c"] == "[if(greater(parameters('n'), 1), 'big', 'small')]"
    assert v["d"] == "[coalesce(parameters('p'), 'dflt')]"
    assert v["e"] == "[tryGet(parameters('o'), 'tier')]"
    assert v["f"] == (
        "[or(and(not(equals(parameters('n'), 2)), not(equals(parameters('n'), 3))), "
        "equals(toLower(parameters('p')), toLower('X')))]"
    )
    assert v["g"] == "[not(equals(toLower(parameters('p')), toLower('y'))))]".replace(")))]", "))]")
    assert v["h"] == "[sub(mul(add(parameters('n'), 1), 2), mod(div(parameters('n'), 2), 3))]"
    assert v["i"] == "[sub(0, parameters('n'))]"
    assert v["j"] == "[union(parameters('o'), createObject('k', createArray(parameters('n'), 'z')))]"
    assert v["k"] == "[map(createArray(1, 2), lambda('x', lambdaVariables('x').v))]"
    assert v["l"] == "[toLower(resourceGroup().location)]"
    assert v["m"] == "[parameters('o').list[0].name]"
    assert v["q"] == "[variables('a')]"
    assert v["r"] == (
        "[and(and(greaterOrEquals(parameters('n'), 1), lessOrEquals(parameters('n'), 2)), less(parameters('n'), 3))]"
    )
    assert v["s"] == "it's"
    assert doc.locator.span(("variables", "c")) == Span(MAIN, 6, 1, 6, 32)


def test_postfix_after_binary_operator(compile_text):
    doc = compile_text("param o object\nvar a = 1 + o.count\nvar b = filter([], x => x.a == 1 && x.b)\n")
    v = doc.data["variables"]
    assert v["a"] == "[add(1, parameters('o').count)]"
    assert (
        v["b"] == "[filter(createArray(), lambda('x', and(equals(lambdaVariables('x').a, 1), lambdaVariables('x').b)))]"
    )


def test_resource_existing_condition_and_spans(compile_text):
    text = (
        "param deploy bool\n"
        "resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' existing = {\n"
        "  name: 'vnet1'\n"
        "}\n"
        "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2023-09-01' = if (deploy) {\n"
        "  name: 'set1'\n"
        "  location: resourceGroup().location\n"
        "  properties: {\n"
        "    orchestrationMode: 'Flexible'\n"
        "  }\n"
        "}\n"
    )
    doc = compile_text(text)
    assert res(doc, "vnet") == {
        "existing": True,
        "type": "Microsoft.Network/virtualNetworks",
        "apiVersion": "2023-04-01",
        "name": "vnet1",
    }
    vmss = res(doc, "vmss")
    assert vmss["condition"] == "[parameters('deploy')]"
    assert vmss["type"] == "Microsoft.Compute/virtualMachineScaleSets"
    assert vmss["location"] == "[resourceGroup().location]"
    assert vmss["properties"] == {"orchestrationMode": "Flexible"}
    loc = doc.locator
    assert loc.span(("resources", "vmss")) == Span(MAIN, 5, 1, 11, 2)
    assert loc.span(("resources", "vmss", "properties")) == Span(MAIN, 8, 3, 10, 4)
    assert loc.span(("resources", "vmss", "properties", "orchestrationMode")) == Span(MAIN, 9, 5, 9, 34)
    assert loc.span(("resources", "vmss", "condition")) == Span(MAIN, 5, 76, 5, 82)
    assert loc.span(("resources", "vmss", "type")) == Span(MAIN, 5, 15, 5, 69)
    # not recorded: the nearest recorded ancestor
    assert loc.span(("resources", "vmss", "properties", "orchestrationMode", "x")) == Span(MAIN, 9, 5, 9, 34)
    assert loc.span(("resources", "nope")) is None


def test_utf16_columns(compile_text):
    doc = compile_text(
        "var a = '😀é'\nresource r 'A.B/c@2020-01-01' = {\n  name: '😀'\n  tags: { x: 'y' }\n}\nvar b = { 'é😀': 1 }\n"
    )
    # the emoji is 2 UTF-16 units (4 UTF-8 bytes); é is 1 unit (2 bytes)
    assert doc.locator.span(("resources", "r", "name")) == Span(MAIN, 3, 3, 3, 13)
    assert doc.locator.span(("variables", "b", "é😀")) == Span(MAIN, 6, 11, 6, 19)


def test_loops_filters_and_symbolic_references(compile_text):
    path, text = sample("loops.bicep")
    doc = compile_text(
        text,
        files={os.path.join(os.path.dirname(path), "modules", "child.bicep"): sample("modules/child.bicep")[1]},
        path=path,
    )
    sets = res(doc, "sets")
    assert sets["copy"] == {"name": "sets", "count": "[length(parameters('names'))]", "mode": "serial", "batchSize": 1}
    assert sets["condition"] == "[greater(copyIndex(), 0)]"
    assert sets["name"] == "[format('vmss-{0}', parameters('names')[copyIndex()])]"
    nets = res(doc, "nets")
    assert nets["copy"] == {"name": "nets", "count": 2}
    assert nets["name"] == "[format('net{0}', add(0, copyIndex()))]"
    assert nets["properties"]["copy"] == [
        {
            "name": "subnets",
            "count": "[length(parameters('names'))]",
            "input": {"name": "[parameters('names')[copyIndex('subnets')]]"},
        }
    ]
    auto = res(doc, "autoscale")
    assert (
        auto["properties"]["targetResourceUri"]
        == "[resourceId('Microsoft.Compute/virtualMachineScaleSets', format('vmss-{0}', parameters('names')[1]))]"
    )
    assert auto["dependsOn"] == ["nets"]
    assert doc.data["variables"]["copy"] == [
        {
            "name": "prefixes",
            "count": "[length(parameters('names'))]",
            "input": "[format('10.{0}.0.0/16', copyIndex('prefixes'))]",
        }
    ]
    # an element of an expanded property loop maps into the loop body
    subnet_name = doc.locator.span(("resources", "nets", "properties", "subnets", 1, "name"))
    assert (subnet_name.line, subnet_name.col) == (25, 7)


def test_parent_and_nested_children(compile_text):
    doc = compile_text(
        "resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' = {\n"
        "  name: 'v'\n"
        "  resource sub 'subnets' = {\n"
        "    name: 's'\n"
        "  }\n"
        "}\n"
        "param n string\n"
        "resource other 'Microsoft.Network/virtualNetworks/subnets@2023-04-01' = {\n"
        "  parent: vnet\n"
        "  name: n\n"
        "}\n"
        "resource nic 'Microsoft.Network/networkInterfaces@2023-04-01' = {\n"
        "  name: 'nic'\n"
        "  properties: {\n"
        "    a: vnet::sub.id\n"
        "    b: other.id\n"
        "    c: other.name\n"
        "    d: vnet.properties.addressSpace\n"
        "    e: vnet.location\n"
        "    f: vnet.type\n"
        "    g: vnet.apiVersion\n"
        "  }\n"
        "}\n"
    )
    sub = res(doc, "vnet::sub")
    assert sub["type"] == "Microsoft.Network/virtualNetworks/subnets"
    assert sub["apiVersion"] == "2023-04-01"
    assert sub["name"] == "v/s"
    assert sub["dependsOn"] == ["vnet"]
    other = res(doc, "other")
    assert other["type"] == "Microsoft.Network/virtualNetworks/subnets"
    assert other["name"] == "[format('{0}/{1}', 'v', parameters('n'))]"
    assert "parent" not in other
    props = res(doc, "nic")["properties"]
    assert props["a"] == "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's')]"
    assert props["b"] == "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', parameters('n'))]"
    assert props["c"] == "[format('{0}/{1}', 'v', parameters('n'))]"
    assert props["d"] == "[reference('vnet', '2023-04-01').addressSpace]"
    assert props["e"] == "[reference('vnet', '2023-04-01', 'full').location]"
    assert props["f"] == "Microsoft.Network/virtualNetworks"
    assert props["g"] == "2023-04-01"
    assert doc.locator.span(("resources", "vnet::sub")) == Span(MAIN, 3, 3, 5, 4)


def test_local_module_compiled_and_mapped_into_its_file(compile_text):
    child = "param size int\nresource s 'Microsoft.Compute/virtualMachineScaleSets@2023-09-01' = {\n  name: 'inner'\n  sku: {\n    capacity: size\n  }\n}\n"
    doc = compile_text(
        "param n int = 2\nmodule m './mods/child.bicep' = if (n > 1) {\n  name: 'deploy-child'\n  params: {\n    size: n\n  }\n}\n",
        files={"/virtual/mods/child.bicep": child},
    )
    m = res(doc, "m")
    assert m["type"] == "Microsoft.Resources/deployments"
    assert m["condition"] == "[greater(parameters('n'), 1)]"
    props = m["properties"]
    assert props["expressionEvaluationOptions"] == {"scope": "inner"}
    assert props["mode"] == "Incremental"
    assert props["parameters"] == {"size": {"value": "[parameters('n')]"}}
    inner = props["template"]
    assert inner["resources"]["s"]["sku"] == {"capacity": "[parameters('size')]"}
    span = doc.locator.span(("resources", "m", "properties", "template", "resources", "s", "sku", "capacity"))
    assert span == Span("/virtual/mods/child.bicep", 5, 5, 5, 19)
    assert doc.locator.span(("resources", "m", "properties", "parameters", "size", "value")) == Span(MAIN, 5, 11, 5, 12)
    assert doc.diagnostics == []


def test_json_module_is_inlined(compile_text):
    doc = compile_text(
        "module j './t.json' = {\n  name: 'j'\n}\n",
        files={"/virtual/t.json": '{"resources": [{"type": "A.B/c", "name": "x"}]}'},
    )
    assert res(doc, "j")["properties"]["template"] == {"resources": [{"type": "A.B/c", "name": "x"}]}


def test_registry_module_and_missing_module(compile_text):
    doc = compile_text(
        "module r 'br/public:avm/x:1.0' = {\n  name: 'r'\n}\nmodule g './gone.bicep' = {\n  name: 'g'\n}\n"
    )
    assert "template" not in res(doc, "r")["properties"]
    rules = [d.rule_id for d in doc.diagnostics]
    assert rules == ["ORCH904", "ORCH904"]
    assert doc.diagnostics[0].span == Span(MAIN, 1, 10, 1, 31)
    assert doc.diagnostics[0].doc is doc


def test_module_cycle(compile_text):
    doc = compile_text("module self './main.bicep' = {\n  name: 'me'\n}\n")
    assert [d.rule_id for d in doc.diagnostics] == ["ORCH901"]
    a = "module b './b.bicep' = {\n  name: 'b'\n}\n"
    b = "module a './main.bicep' = {\n  name: 'a'\n}\n"
    doc = compile_text(a, files={"/virtual/b.bicep": b, "/virtual/main.bicep": a})
    assert [d.rule_id for d in doc.diagnostics] == ["ORCH901"]
    assert doc.diagnostics[0].span.path == "/virtual/b.bicep"


def test_load_functions(compile_text):
    doc = compile_text(
        "var t = loadTextContent('data/a.txt')\nvar j = loadJsonContent('data/b.json')\n"
        "var k = loadJsonContent('data/b.json', '$.inner')\nvar z = loadFileAsBase64('data/a.txt')\n"
        "var missing = loadTextContent('nope.txt')\nvar env = readEnvironmentVariable('X')\n",
        files={"/virtual/data/a.txt": "hi", "/virtual/data/b.json": '{"inner": {"mode": "[x]"}}'},
    )
    v = doc.data["variables"]
    assert v["t"] == "hi"
    assert v["j"] == {"inner": {"mode": "[[x]"}}
    assert v["k"] == {"mode": "[[x]"}
    assert v["z"] == "aGk="
    assert v["missing"] == "[loadTextContent_unavailable()]"
    assert v["env"] == "[readEnvironmentVariable_unavailable()]"


def test_outputs_and_other_statements(compile_text):
    doc = compile_text(
        "targetScope = 'subscription'\nmetadata m = 'x'\nimport { t } from 'types.bicep'\n"
        "extension microsoftGraph\nfunc f(a int) int => a + 1\nvar x = f(1)\n"
        "resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {\n  name: 'rg'\n  location: 'westeurope'\n}\n"
        "output id string = rg.id\n",
        files={"/virtual/types.bicep": "@export()\ntype t = string\n"},
    )
    assert doc.data["$schema"].endswith("subscriptionDeploymentTemplate.json#")
    assert doc.data["variables"]["x"] == "[__bicep.f(1)]"
    assert doc.data["functions"] == [
        {
            "namespace": "__bicep",
            "members": {
                "f": {
                    "parameters": [{"name": "a", "type": "any"}],
                    "output": {"type": "any", "value": "[add(parameters('a'), 1)]"},
                }
            },
        }
    ]
    assert doc.data["outputs"]["id"] == {
        "type": "string",
        "value": "[resourceId('Microsoft.Resources/resourceGroups', 'rg')]",
    }
    assert doc.diagnostics == []


def test_scope_of_existing_resource(compile_text):
    doc = compile_text(
        "resource kv 'Microsoft.KeyVault/vaults@2023-02-01' existing = {\n  name: 'kv'\n"
        "  scope: resourceGroup('sub', 'rg')\n}\nvar id = kv.id\n"
    )
    kv = res(doc, "kv")
    assert kv["resourceGroup"] == "rg" and kv["subscriptionId"] == "sub"
    assert doc.data["variables"]["id"] == "[resourceId('sub', 'rg', 'Microsoft.KeyVault/vaults', 'kv')]"


def test_comments_exposed_with_spans(compile_text):
    doc = compile_text("// arm-orchlint-disable-next-line ORCH001 -- reason\nvar a = 1 /* b */\n")
    assert [(c.span, c.text, c.alone) for c in doc.comments.of(MAIN)] == [
        (Span(MAIN, 1, 1, 1, 52), "// arm-orchlint-disable-next-line ORCH001 -- reason", True),
        (Span(MAIN, 2, 11, 2, 18), "/* b */", False),
    ]
    assert doc.comments.paths() == [MAIN]


def test_sample_vmss_compiles(compile_text):
    path, text = sample("vmss.bicep")
    doc = compile_text(text, path=path)
    assert doc.diagnostics == []
    vm = res(doc, "vm")
    assert (
        vm["properties"]["virtualMachineScaleSet"]["id"]
        == "[resourceId('Microsoft.Compute/virtualMachineScaleSets', variables('vmssName'))]"
    )
    vmss = res(doc, "vmss")
    assert vmss["properties"]["singlePlacementGroup"] == "[if(equals(parameters('mode'), 'Uniform'), true(), false())]"
    ip = vmss["properties"]["virtualMachineProfile"]["networkProfile"]["networkInterfaceConfigurations"][0]
    assert (
        ip["properties"]["ipConfigurations"][0]["properties"]["subnet"]["id"]
        == "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet1', 'default')]"
    )
    span = doc.locator.span(("resources", "vmss", "properties", "orchestrationMode"))
    assert (span.path, span.line, span.col, span.end_line, span.end_col) == (path, 43, 5, 43, 28)


def test_blanks_at_the_ends_of_string_text_are_kept(compile_text):
    # the grammar's closing quote and holes take in the blanks before them; ARM gets them
    doc = compile_text(
        "param first string\nparam last string\nvar full = '${first} ${last}'\n"
        "var squeezed = replace(full, ' ', '')\nvar padded = ' '\n"
    )
    v = doc.data["variables"]
    assert v["full"] == "[format('{0} {1}', parameters('first'), parameters('last'))]"
    assert v["squeezed"] == "[replace(variables('full'), ' ', '')]"
    assert v["padded"] == " "
