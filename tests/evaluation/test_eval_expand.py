"""expand(): parameters, variables, copy loops, conditions, nested deployments, limits."""

import copy

from eval_helpers import VMSS, make_doc, scale_set, template

from arm_orchlint.core.values import is_unknown
from arm_orchlint.evaluation import Limits, allowed_values, expand, parse_resource_id
from arm_orchlint.front.document import Document
from arm_orchlint.model.resources import CopyInfo


def run(data, **kwargs):
    doc = make_doc(data)
    return doc, expand(doc, **kwargs)


# ---------------------------------------------------------------- basics


def test_literal_resource():
    doc, result = run(template([scale_set(orchestrationMode="Flexible")]))
    (resource,) = result.resources
    assert resource.type == VMSS and resource.name == "ss" and resource.api_version == "2023-03-01"
    assert resource.get("properties", "orchestrationMode") == "Flexible"
    assert resource.doc is doc and resource.pointer == ("resources", 0)
    assert resource.condition is True and resource.copy is None
    assert result.diagnostics == []


def test_not_a_template_gives_nothing():
    assert expand(Document("x.json", [1, 2], None)).resources == []
    assert expand(Document("x.json", {"resources": "nope"}, None)).resources == []


# ---------------------------------------------------------------- parameters


PARAMS = {
    "mode": {"type": "string", "defaultValue": "Uniform", "allowedValues": ["Uniform", "Flexible"]},
    "count": {"type": "int", "defaultValue": "[add(1, 2)]"},
    "prefix": {"type": "string", "defaultValue": "app"},
    "name": {"type": "string", "defaultValue": "[concat(parameters('prefix'), '-ss')]"},
    "secret": {"type": "secureString"},
    "nodefault": {"type": "string"},
}


def test_parameter_defaults_including_expressions_and_other_parameters():
    data = template(
        [scale_set("[parameters('name')]", orchestrationMode="[parameters('mode')]", faults="[parameters('count')]")],
        parameters=PARAMS,
    )
    doc, result = run(data)
    (resource,) = result.resources
    assert resource.name == "app-ss"
    assert resource.get("properties", "orchestrationMode") == "Uniform"
    assert resource.get("properties", "faults") == 3
    assert resource.param_sources["mode"] == (doc, ("parameters", "mode", "defaultValue"))
    # name's default reads prefix, so both are recorded
    assert resource.param_sources["prefix"] == (doc, ("parameters", "prefix", "defaultValue"))


def test_parameter_values_override_defaults_and_keep_provenance():
    params_doc = Document("t.parameters.json", {}, None)
    data = template([scale_set(orchestrationMode="[parameters('MODE')]")], parameters=PARAMS)
    _, result = run(data, parameter_values={"mode": ("Flexible", params_doc, ("parameters", "mode", "value"))})
    (resource,) = result.resources
    assert resource.get("properties", "orchestrationMode") == "Flexible"
    assert resource.param_sources["mode"] == (params_doc, ("parameters", "mode", "value"))


def test_command_line_text_values_take_the_declared_type():
    data = template([scale_set(n="[parameters('count')]")], parameters=PARAMS)
    _, result = run(data, parameter_values={"count": ("5", None, ())})
    assert result.resources[0].get("properties", "n") == 5


def test_missing_and_secure_parameters_are_unknown_with_their_name():
    data = template([scale_set(a="[parameters('nodefault')]", b="[parameters('secret')]")], parameters=PARAMS)
    _, result = run(data)
    a = result.resources[0].get("properties", "a")
    b = result.resources[0].get("properties", "b")
    assert is_unknown(a) and a.params == {"nodefault"}
    assert is_unknown(b) and b.params == {"secret"}


def test_key_vault_reference_in_parameter_file_is_unknown():
    data = template([scale_set(a="[parameters('secret')]")], parameters=PARAMS)
    reference = {"reference": {"keyVault": {"id": "/subscriptions/x/..."}, "secretName": "s"}}
    _, result = run(data, parameter_values={"secret": (reference, None, ("parameters", "secret"))})
    assert is_unknown(result.resources[0].get("properties", "a"))


def test_nullable_parameter_without_value_is_null():
    data = template(
        {"s": scale_set(a="[coalesce(parameters('opt'), 'fallback')]")},
        languageVersion="2.0",
        parameters={"opt": {"type": "string", "nullable": True}},
    )
    _, result = run(data)
    assert result.resources[0].get("properties", "a") == "fallback"


def test_allowed_values():
    assert allowed_values({"parameters": PARAMS}) == {"mode": ["Uniform", "Flexible"]}
    assert allowed_values({}) == {}


def test_parameter_default_cycle_is_reported():
    data = template(
        [scale_set(a="[parameters('a')]")],
        parameters={
            "a": {"type": "string", "defaultValue": "[parameters('b')]"},
            "b": {"type": "string", "defaultValue": "[parameters('a')]"},
        },
    )
    _, result = run(data)
    assert is_unknown(result.resources[0].get("properties", "a"))
    assert any(d.rule_id == "ORCH903" for d in result.diagnostics)


# ---------------------------------------------------------------- variables


def test_variables_referencing_variables():
    data = template(
        [scale_set("[variables('full')]")],
        parameters=PARAMS,
        variables={
            "base": "[parameters('prefix')]",
            "full": "[concat(variables('base'), '-', variables('n'))]",
            "n": 7,
        },
    )
    doc, result = run(data)
    assert result.resources[0].name == "app-7"
    # a parameter read through variables is still recorded
    assert "prefix" in result.resources[0].param_sources


def test_variable_lookup_ignores_case():
    data = template([scale_set("[variables('NAME')]")], variables={"name": "x"})
    assert run(data)[1].resources[0].name == "x"


def test_variable_copy():
    data = template(
        [scale_set(disks="[variables('disks')]")],
        variables={
            "copy": [
                {
                    "name": "disks",
                    "count": 3,
                    "input": {"lun": "[copyIndex('disks')]", "size": "[mul(copyIndex('disks', 1), 10)]"},
                }
            ],
        },
    )
    _, result = run(data)
    assert result.resources[0].get("properties", "disks") == [
        {"lun": 0, "size": 10},
        {"lun": 1, "size": 20},
        {"lun": 2, "size": 30},
    ]


def test_copy_inside_a_variable_object():
    data = template(
        [scale_set(cfg="[variables('cfg')]")],
        variables={
            "cfg": {"copy": [{"name": "items", "count": 2, "input": "[concat('i', copyIndex('items'))]"}], "other": 1},
        },
    )
    _, result = run(data)
    assert result.resources[0].get("properties", "cfg") == {"items": ["i0", "i1"], "other": 1}


def test_variable_cycle_is_a_diagnostic_not_a_hang():
    data = template(
        [scale_set("[variables('a')]")], variables={"a": "[variables('b')]", "b": "[concat(variables('a'), 'x')]"}
    )
    _, result = run(data)
    assert is_unknown(result.resources[0].name)
    cycles = [d for d in result.diagnostics if d.rule_id == "ORCH903"]
    assert cycles and "cycle" in cycles[0].message and cycles[0].pointer[0] == "variables"


def test_self_referencing_variable():
    _, result = run(template([scale_set("[variables('a')]")], variables={"a": "[variables('a')]"}))
    assert is_unknown(result.resources[0].name)
    assert [d.rule_id for d in result.diagnostics] == ["ORCH903"]


def test_long_variable_chain_hits_the_reference_limit_cleanly():
    variables = {f"v{i}": f"[variables('v{i + 1}')]" for i in range(500)}
    variables["v500"] = "end"
    _, result = run(template([scale_set("[variables('v0')]")], variables=variables))
    assert is_unknown(result.resources[0].name)
    assert any(d.rule_id == "ORCH901" for d in result.diagnostics)


# ---------------------------------------------------------------- copy loops


def test_resource_copy_with_copy_index_and_offset():
    resource = scale_set("[concat('ss', copyIndex(1))]", index="[copyIndex()]", named="[copyIndex('loop', 10)]")
    resource["copy"] = {"name": "loop", "count": 3, "mode": "Serial", "batchSize": 1}
    _, result = run(template([resource]))
    assert [r.name for r in result.resources] == ["ss1", "ss2", "ss3"]
    assert [r.get("properties", "index") for r in result.resources] == [0, 1, 2]
    assert [r.get("properties", "named") for r in result.resources] == [10, 11, 12]
    assert result.resources[1].copy == CopyInfo("loop", 3, 1)
    assert all(r.pointer == ("resources", 0) for r in result.resources)
    assert "copy" not in result.resources[0].body


def test_resource_copy_with_zero_count():
    resource = scale_set()
    resource["copy"] = {"name": "loop", "count": 0}
    assert run(template([resource]))[1].resources == []


def test_resource_copy_with_unknown_count_gives_one_resource():
    resource = scale_set("[concat('ss', copyIndex())]")
    resource["copy"] = {"name": "loop", "count": "[parameters('n')]"}
    _, result = run(template([resource], parameters={"n": {"type": "int"}}))
    (only,) = result.resources
    assert is_unknown(only.copy.count) and is_unknown(only.copy.index)
    assert is_unknown(only.name)
    assert only.get("sku", "capacity") == 2  # what does not depend on the index stays known


def test_copy_count_over_800_is_a_limit_finding():
    resource = scale_set()
    resource["copy"] = {"name": "loop", "count": 801}
    _, result = run(template([resource]))
    (only,) = result.resources
    assert only.copy.count == 801 and is_unknown(only.copy.index)
    assert [d.rule_id for d in result.diagnostics] == ["ORCH901"]
    assert result.diagnostics[0].pointer == ("resources", 0, "copy", "count")


def test_copy_count_of_exactly_800_expands():
    resource = scale_set("[string(copyIndex())]")
    resource["copy"] = {"name": "loop", "count": 800}
    _, result = run(template([resource]))
    assert len(result.resources) == 800 and result.diagnostics == []


def test_property_copy():
    resource = scale_set()
    resource["properties"]["copy"] = [
        {"name": "dataDisks", "count": 2, "input": {"lun": "[copyIndex('dataDisks')]", "diskSizeGB": 8}}
    ]
    _, result = run(template([resource]))
    assert result.resources[0].get("properties", "dataDisks") == [
        {"lun": 0, "diskSizeGB": 8},
        {"lun": 1, "diskSizeGB": 8},
    ]
    assert "copy" not in result.resources[0].body["properties"]


def test_property_copy_inside_resource_copy_sees_both_indices():
    resource = scale_set("[concat('ss', copyIndex())]")
    resource["copy"] = {"name": "outer", "count": 2}
    resource["properties"]["copy"] = [
        {"name": "items", "count": 2, "input": "[concat(string(copyIndex()), '-', string(copyIndex('items')))]"}
    ]
    _, result = run(template([resource]))
    assert [r.get("properties", "items") for r in result.resources] == [["0-0", "0-1"], ["1-0", "1-1"]]


def test_property_copy_with_unknown_count_is_unknown():
    resource = scale_set()
    resource["properties"]["copy"] = [{"name": "items", "count": "[parameters('n')]", "input": 1}]
    _, result = run(template([resource], parameters={"n": {"type": "int"}}))
    assert is_unknown(result.resources[0].get("properties", "items"))


# ---------------------------------------------------------------- conditions


def test_condition_false_resources_are_still_returned():
    resource = scale_set()
    resource["condition"] = "[equals(parameters('mode'), 'Flexible')]"
    _, result = run(template([resource], parameters=PARAMS))
    assert result.resources[0].condition is False
    assert "condition" not in result.resources[0].body


def test_condition_unknown():
    resource = scale_set()
    resource["condition"] = "[equals(parameters('nodefault'), 'x')]"
    _, result = run(template([resource], parameters=PARAMS))
    assert is_unknown(result.resources[0].condition)


def test_literal_condition_true():
    resource = scale_set()
    resource["condition"] = True
    assert run(template([resource]))[1].resources[0].condition is True


# ---------------------------------------------------------------- child resources


def test_child_resources_get_full_type_and_name():
    parent = scale_set("ss")
    parent["resources"] = [
        {"type": "extensions", "apiVersion": "2023-03-01", "name": "ext", "properties": {"publisher": "p"}},
        {
            "type": "Microsoft.Compute/virtualMachineScaleSets/extensions",
            "apiVersion": "2023-03-01",
            "name": "ext2",
            "properties": {},
        },
    ]
    _, result = run(template([parent]))
    ss, ext, ext2 = result.resources
    assert "resources" not in ss.body
    assert ext.type == VMSS + "/extensions" and ext.name == "ss/ext"
    assert ext.pointer == ("resources", 0, "resources", 0)
    assert ext2.type == VMSS + "/extensions" and ext2.name == "ss/ext2"


def test_child_of_a_disabled_parent_is_disabled():
    parent = scale_set("ss")
    parent["condition"] = False
    parent["resources"] = [{"type": "extensions", "apiVersion": "x", "name": "e"}]
    _, result = run(template([parent]))
    assert [r.condition for r in result.resources] == [False, False]


# ---------------------------------------------------------------- languageVersion 2.0


def test_symbolic_resources():
    data = template(
        {
            "net": {
                "type": "Microsoft.Network/virtualNetworks",
                "apiVersion": "2023-01-01",
                "name": "vnet",
                "existing": True,
            },
            "ss": {**scale_set(orchestrationMode="Flexible", netid="[reference('net').id]"), "dependsOn": ["net"]},
        },
        languageVersion="2.0",
    )
    _, result = run(data)
    net, ss = result.resources
    assert net.symbolic == "net" and net.existing is True
    assert ss.symbolic == "ss" and ss.pointer == ("resources", "ss") and ss.existing is False
    assert ss.depends_on == ["net"]
    assert is_unknown(ss.get("properties", "netid"))
    assert ss.get("properties", "orchestrationMode") == "Flexible"


def test_user_defined_functions():
    data = template(
        [scale_set("[ns.name('web', 3)]")],
        functions=[
            {
                "namespace": "ns",
                "members": {
                    "name": {
                        "parameters": [{"name": "base", "type": "string"}, {"name": "n", "type": "int"}],
                        "output": {
                            "type": "string",
                            "value": "[format('{0}-{1}', parameters('base'), parameters('n'))]",
                        },
                    }
                },
            }
        ],
    )
    assert run(data)[1].resources[0].name == "web-3"


def test_bicep_style_expressions():
    data = template(
        {
            "ss": scale_set(
                zones="[coalesce(tryGet(parameters('cfg'), 'zones'), createArray())]",
                mode="[if(parameters('flex'), 'Flexible', 'Uniform')]",
                tags="[union(createObject('a', '1'), coalesce(parameters('tags'), createObject()))]",
                names="[map(items(parameters('cfg')), lambda('e', lambdaVariables('e').key))]",
                big="[filter(range(0, 4), lambda('i', greaterOrEquals(lambdaVariables('i'), 2)))]",
            )
        },
        languageVersion="2.0",
        parameters={
            "cfg": {"type": "object", "defaultValue": {"zones": ["1", "2"], "other": 1}},
            "flex": {"type": "bool", "defaultValue": True},
            "tags": {"type": "object", "nullable": True},
        },
    )
    ss = run(data)[1].resources[0]
    assert ss.get("properties", "zones") == ["1", "2"]
    assert ss.get("properties", "mode") == "Flexible"
    assert ss.get("properties", "tags") == {"a": "1"}
    assert ss.get("properties", "names") == ["other", "zones"]
    assert ss.get("properties", "big") == [2, 3]


# ---------------------------------------------------------------- nested deployments


def deployment(template_body, *, scope=None, parameters=None, name="nested", **extra):
    properties = {"mode": "Incremental", "template": template_body}
    if scope:
        properties["expressionEvaluationOptions"] = {"scope": scope}
    if parameters is not None:
        properties["parameters"] = parameters
    return {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": name,
        "properties": properties,
        **extra,
    }


INNER = {
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0",
    "parameters": {"mode": {"type": "string", "defaultValue": "Uniform"}},
    "variables": {"v": "inner-var"},
    "resources": [scale_set("[variables('v')]", orchestrationMode="[parameters('mode')]")],
}


def test_nested_deployment_inner_scope_uses_passed_parameters():
    outer = template(
        [deployment(copy.deepcopy(INNER), scope="inner", parameters={"mode": {"value": "[parameters('outerMode')]"}})],
        parameters={"outerMode": {"type": "string", "defaultValue": "Flexible"}},
    )
    doc, result = run(outer)
    dep, ss = result.resources
    assert dep.type == "Microsoft.Resources/deployments" and is_unknown(dep.get("properties", "template"))
    assert dep.get("properties", "parameters", "mode", "value") == "Flexible"
    assert ss.name == "inner-var" and ss.get("properties", "orchestrationMode") == "Flexible"
    assert ss.doc is doc and ss.pointer == ("resources", 0, "properties", "template", "resources", 0)
    assert ss.param_sources["mode"] == (doc, ("resources", 0, "properties", "parameters", "mode", "value"))


def test_nested_deployment_inner_scope_falls_back_to_inner_defaults():
    outer = template([deployment(copy.deepcopy(INNER), scope="inner")])
    ss = run(outer)[1].resources[1]
    assert ss.get("properties", "orchestrationMode") == "Uniform"


def test_nested_deployment_inner_scope_key_vault_reference_is_unknown():
    outer = template(
        [
            deployment(
                copy.deepcopy(INNER),
                scope="inner",
                parameters={"mode": {"reference": {"keyVault": {"id": "x"}, "secretName": "s"}}},
            )
        ]
    )
    assert is_unknown(run(outer)[1].resources[1].get("properties", "orchestrationMode"))


def test_nested_deployment_outer_scope_uses_outer_parameters_and_variables():
    inner = {"resources": [scale_set("[variables('v')]", orchestrationMode="[parameters('mode')]")]}
    outer = template(
        [deployment(inner)],
        parameters={"mode": {"type": "string", "defaultValue": "Flexible"}},
        variables={"v": "outer-var"},
    )
    ss = run(outer)[1].resources[1]
    assert ss.name == "outer-var" and ss.get("properties", "orchestrationMode") == "Flexible"


def test_nested_deployment_scope_and_condition_flow_inward():
    dep = deployment({"resources": [scale_set()]}, resourceGroup="other-rg", subscriptionId="sub-1")
    dep["condition"] = "[equals(1, 2)]"
    _, result = run(template([dep]))
    ss = result.resources[1]
    assert ss.scope == {"resourceGroup": "other-rg", "subscriptionId": "sub-1"}
    assert ss.condition is False


def test_inner_scope_knows_its_resource_group_for_resource_ids():
    inner = {"resources": [scale_set(me="[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'ss')]")]}
    dep = deployment(inner, scope="inner", resourceGroup="rg2", subscriptionId="sub2")
    ss = run(template([dep]))[1].resources[1]
    assert (
        ss.get("properties", "me")
        == "/subscriptions/sub2/resourceGroups/rg2/providers/Microsoft.Compute/virtualMachineScaleSets/ss"
    )


def test_nested_deployment_in_a_copy_loop():
    dep = deployment(
        copy.deepcopy(INNER),
        scope="inner",
        parameters={"mode": {"value": "[if(equals(copyIndex(), 0), 'Uniform', 'Flexible')]"}},
        name="[concat('d', copyIndex())]",
    )
    dep["copy"] = {"name": "deps", "count": 2}
    _, result = run(template([dep]))
    modes = [r.get("properties", "orchestrationMode") for r in result.resources if r.type == VMSS]
    assert modes == ["Uniform", "Flexible"]


def test_relative_path_template_link():
    linked_doc = Document("nested/linked.json", copy.deepcopy(INNER), None)
    calls = []

    def loader(relative, parent):
        calls.append((relative, parent.path))
        return linked_doc if relative == "nested/linked.json" else None

    dep = {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": "linked",
        "properties": {
            "mode": "Incremental",
            "templateLink": {"relativePath": "nested/linked.json"},
            "parameters": {"mode": {"value": "Flexible"}},
        },
    }
    missing = copy.deepcopy(dep)
    missing["properties"]["templateLink"]["relativePath"] = "nowhere.json"
    _, result = run(template([dep, missing]), load_linked=loader)
    assert calls == [("nested/linked.json", "template.json"), ("nowhere.json", "template.json")]
    types = [r.type for r in result.resources]
    assert types.count(VMSS) == 1 and len(result.resources) == 3
    ss = next(r for r in result.resources if r.type == VMSS)
    assert ss.doc is linked_doc and ss.pointer == ("resources", 0)
    assert ss.get("properties", "orchestrationMode") == "Flexible"
    # the link whose file is missing is a note at its relativePath, not a silent drop
    assert [(d.rule_id, d.pointer) for d in result.diagnostics] == [
        ("ORCH904", ("resources", 1, "properties", "templateLink", "relativePath"))
    ]


def test_relative_path_without_loader_is_skipped():
    dep = {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": "linked",
        "properties": {"templateLink": {"relativePath": "x.json"}},
    }
    _, result = run(template([dep]))
    assert len(result.resources) == 1 and result.diagnostics == []


def test_self_linking_template_is_a_cycle_reported_once():
    data = template(
        [
            {
                "type": "Microsoft.Resources/deployments",
                "apiVersion": "2022-09-01",
                "name": "again",
                "properties": {"templateLink": {"relativePath": "self.json"}},
            }
        ]
    )
    doc = make_doc(data, "self.json")
    result = expand(doc, load_linked=lambda relative, parent: doc, limits=Limits(max_deployment_depth=4))
    assert len(result.resources) == 1
    assert [d.rule_id for d in result.diagnostics] == ["ORCH901"]
    assert "includes itself" in result.diagnostics[0].message
    assert result.diagnostics[0].pointer == ("resources", 0, "properties", "templateLink", "relativePath")


def test_linked_templates_in_a_chain_stop_at_the_depth_limit():
    docs = {}
    for i in range(8):
        docs[f"t{i}.json"] = make_doc(
            template(
                [
                    {
                        "type": "Microsoft.Resources/deployments",
                        "apiVersion": "2022-09-01",
                        "name": f"d{i}",
                        "properties": {"templateLink": {"relativePath": f"t{i + 1}.json"}},
                    }
                ]
            ),
            f"t{i}.json",
        )
    result = expand(
        docs["t0.json"], load_linked=lambda relative, parent: docs.get(relative), limits=Limits(max_deployment_depth=4)
    )
    assert len(result.resources) == 5
    assert [d.rule_id for d in result.diagnostics] == ["ORCH901"] and "deeper than 4" in result.diagnostics[0].message


def test_deeply_nested_inline_deployments_stop_at_the_limit():
    body = {"resources": [scale_set()]}
    for _ in range(15):
        body = {"resources": [deployment(body, scope="inner")]}
    result = expand(make_doc(body))
    assert any(d.rule_id == "ORCH901" for d in result.diagnostics)
    assert len([r for r in result.resources if r.type == VMSS]) == 0


# ---------------------------------------------------------------- links the rule engine makes


def test_vm_link_to_scale_set_through_resource_id():
    vm = {
        "type": "Microsoft.Compute/virtualMachines",
        "apiVersion": "2023-03-01",
        "name": "vm1",
        "properties": {
            "virtualMachineScaleSet": {"id": "[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'ss')]"}
        },
    }
    _, result = run(template([scale_set("ss"), vm]))
    link = parse_resource_id(result.resources[1].get("properties", "virtualMachineScaleSet", "id"))
    assert link["type"] == VMSS and link["name"] == "ss"


# ---------------------------------------------------------------- limits and errors


def test_syntax_error_is_orch902_at_the_string():
    _, result = run(template([scale_set(bad="[concat('a',)]")]))
    assert is_unknown(result.resources[0].get("properties", "bad"))
    (diagnostic,) = result.diagnostics
    assert diagnostic.rule_id == "ORCH902" and diagnostic.pointer == ("resources", 0, "properties", "bad")


def test_expression_too_long():
    long_expression = "[concat('" + "a" * 100 + "')]"
    _, result = run(template([scale_set(x=long_expression)]), limits=Limits(max_expression_length=50))
    assert is_unknown(result.resources[0].get("properties", "x"))
    assert [d.rule_id for d in result.diagnostics] == ["ORCH901"]


def test_expression_nested_too_deeply():
    deep = "[" + "not(" * 300 + "true()" + ")" * 300 + "]"
    _, result = run(template([scale_set(x=deep)]))
    assert is_unknown(result.resources[0].get("properties", "x"))
    assert [d.rule_id for d in result.diagnostics] == ["ORCH901"]


def test_expression_at_the_default_depth_limit_evaluates():
    expression = "[" + "not(" * 198 + "true()" + ")" * 198 + "]"
    _, result = run(template([scale_set(x=expression)]))
    assert result.resources[0].get("properties", "x") is True


def test_step_budget_is_reported_once():
    resource = scale_set("[concat('ss', copyIndex())]", payload="[range(0, 100)]")
    resource["copy"] = {"name": "loop", "count": 500}
    _, result = run(template([resource]), limits=Limits(max_steps=2000))
    assert len(result.resources) == 500
    names = [r.name for r in result.resources]  # bodies and names are evaluated on first use
    bodies = [r.body for r in result.resources]
    assert [d.rule_id for d in result.diagnostics] == ["ORCH901"]
    assert is_unknown(names[-1]) and len(bodies) == 500


def test_evaluation_is_deterministic():
    data = template([scale_set("[uniqueString(resourceGroup().id, 'x')]", g="[guid('a')]", u="[uniqueString('a')]")])
    first = run(data)[1].resources[0]
    second = run(data)[1].resources[0]
    assert first.get("properties", "g") == second.get("properties", "g")
    assert first.get("properties", "u") == second.get("properties", "u")


def test_resource_info_of_a_symbolic_resource():
    data = template(
        {
            "ss": scale_set("[concat('ss-', parameters('suffix'))]"),
            "vm": {
                "type": "Microsoft.Compute/virtualMachines",
                "apiVersion": "2023-03-01",
                "name": "vm1",
                "properties": {
                    "virtualMachineScaleSet": {"id": "[resourceInfo('ss').id]"},
                    "t": "[resourceInfo('ss').type]",
                },
            },
        },
        languageVersion="2.0",
        parameters={"suffix": {"type": "string", "defaultValue": "a"}},
    )
    vm = run(data)[1].resources[1]
    assert vm.get("properties", "t") == VMSS
    link = parse_resource_id(vm.get("properties", "virtualMachineScaleSet", "id"))
    assert link["type"] == VMSS and link["name"] == "ss-a"


def test_array_and_object_parameters_from_command_line_text():
    data = template([scale_set(zones="[parameters('zones')]")], parameters={"zones": {"type": "array"}})
    _, result = run(data, parameter_values={"zones": ('["1", "2"]', None, ())})
    assert result.resources[0].get("properties", "zones") == ["1", "2"]


def test_template_keys_in_unusual_case():
    data = template(
        [
            {
                "Type": VMSS,
                "ApiVersion": "2023-03-01",
                "Name": "ss",
                "Properties": {"orchestrationMode": "Flexible"},
                "Condition": False,
            }
        ]
    )
    (ss,) = run(data)[1].resources
    assert ss.type == VMSS and ss.name == "ss" and ss.condition is False
    assert ss.get("properties", "orchestrationMode") == "Flexible"


def test_inner_scope_with_unknown_parameters_object_does_not_use_defaults():
    dep = deployment(copy.deepcopy(INNER), scope="inner")
    dep["properties"]["parameters"] = "[parameters('all')]"
    _, result = run(template([dep], parameters={"all": {"type": "object"}}))
    mode = result.resources[1].get("properties", "orchestrationMode")
    assert is_unknown(mode) and "all" in mode.params


def test_metadata_and_comments_are_kept_as_written():
    resource = scale_set()
    resource["metadata"] = {"note": "[not an expression]"}
    resource["comments"] = "[also text]"
    _, result = run(template([resource]))
    assert result.resources[0].body["metadata"] == {"note": "[not an expression]"}
    assert result.diagnostics == []


def test_member_names_of_a_body_are_read_in_any_case():
    # What a body does with a member is decided by its name in lower case (left out, kept as
    # written, or evaluated), remembered per spelling: every spelling, twice, gets the same.
    every = ["Copy", "COPY", "condition", "Resources", "Metadata", "COMMENTS", "comments", "Tags", "\u0130d", "plan"]
    plain = ["Resources", "Metadata", "COMMENTS", "comments", "Tags", "\u0130d", "plan", "RESOURCES", "metaData"]
    values = ["x", "[concat('a', 'b')]", {"k": "[concat('a', 'b')]"}, 3, None]
    for names in (every, every, plain, plain):  # (without copy or condition: the fast path's records)
        resource = scale_set()
        for i, name in enumerate(names):
            resource[name] = values[i % len(values)]
        _, result = run(template([resource]))
        body = result.resources[0].body
        for i, name in enumerate(names):
            value = values[i % len(values)]
            lower = name.lower()
            if lower in ("resources", "copy", "condition"):
                assert name not in body, name
            elif lower in ("metadata", "comments") or not isinstance(value, (str, dict)):
                assert body[name] == value, name
            else:
                assert body[name] == (
                    "ab"
                    if isinstance(value, str) and value.startswith("[")
                    else {"k": "ab"}
                    if isinstance(value, dict)
                    else value
                ), name
