"""Resource links (model/links.py): names computed the same way link, anything that might
differ does not."""

import json

import pytest

from arm_orchlint.evaluation.expand import expand
from arm_orchlint.front.document import Document
from arm_orchlint.model import links
from arm_orchlint.model.scalesets import Model

VMSS_TYPE = "Microsoft.Compute/virtualMachineScaleSets"


def _model(resources, parameters=None, variables=None, language_v2=False, values=None):
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": parameters or {},
        "variables": variables or {},
        "resources": resources,
    }
    if language_v2:
        template["languageVersion"] = "2.0"
    doc = Document(path="t.json", data=json.loads(json.dumps(template)), locator=None, kind="arm")
    return Model(expansion=expand(doc, parameter_values=values))


def _set(name, **extra):
    return {
        "type": VMSS_TYPE,
        "apiVersion": "2024-03-01",
        "name": name,
        "properties": {"orchestrationMode": "Flexible"},
    }


def _vm(set_id):
    return {
        "type": "Microsoft.Compute/virtualMachines",
        "apiVersion": "2024-03-01",
        "name": "vm",
        "properties": {"virtualMachineScaleSet": {"id": set_id}},
    }


def _target(model):
    ss = model.vm_target(model.vms[0])
    return ss.res.name if ss is not None else None


REQUIRED = {"a": {"type": "string"}, "b": {"type": "string"}}


@pytest.mark.parametrize(
    "name,ref,variables",
    [
        # the same parameter without a value
        ("[parameters('a')]", "[resourceId('%s', parameters('a'))]" % VMSS_TYPE, None),
        # the same expression, through a variable on one side, another case on the other
        (
            "[variables('n')]",
            "[resourceId('%s', concat('SET-', uniqueString(resourceGroup().id)))]" % VMSS_TYPE,
            {"n": "[concat('set-', uniqueString(resourceGroup().id))]"},
        ),
        # format() and concat() that give the same text
        (
            "[format('{0}-set', parameters('a'))]",
            "[resourceId('%s', concat(parameters('a'), '-set'))]" % VMSS_TYPE,
            None,
        ),
        # an id written as text
        (
            "[parameters('a')]",
            "[concat(resourceGroup().id, '/providers/Microsoft.Compute/virtualMachineScaleSets/', parameters('a'))]",
            None,
        ),
        # toLower() does not change which resource a name names
        ("[parameters('a')]", "[toLower(resourceId('%s', toUpper(parameters('a'))))]" % VMSS_TYPE, None),
        # a member of an object parameter
        ("[parameters('o').name]", "[resourceId('%s', parameters('o').name)]" % VMSS_TYPE, None),
    ],
)
def test_names_computed_the_same_way_link(name, ref, variables):
    params = dict(REQUIRED, o={"type": "object"})
    model = _model([_set(name), _vm(ref)], params, variables)
    assert _target(model) is model.scale_sets[0].res.name


@pytest.mark.parametrize(
    "name,ref",
    [
        # two different parameters may hold different names
        ("[parameters('a')]", "[resourceId('%s', parameters('b'))]" % VMSS_TYPE),
        # a parameter and a literal
        ("[parameters('a')]", "[resourceId('%s', 'set')]" % VMSS_TYPE),
        ("set", "[resourceId('%s', parameters('a'))]" % VMSS_TYPE),
        # different functions of the same parameter
        ("[uniqueString(parameters('a'))]", "[resourceId('%s', parameters('a'))]" % VMSS_TYPE),
        # case matters inside a function argument
        ("[uniqueString('A')]", "[resourceId('%s', uniqueString(parameters('a')))]" % VMSS_TYPE),
        # values only known at deployment, of no known origin
        ("[reference('x').name]", "[resourceId('%s', reference('x').name)]" % VMSS_TYPE),
        # a parameter that holds a whole id may hold any id
        ("[parameters('a')]", "[parameters('b')]"),
    ],
)
def test_names_that_might_differ_do_not_link(name, ref):
    model = _model([_set(name), _vm(ref)], REQUIRED)
    assert _target(model) is None


def test_two_parameters_with_the_same_unknown_default_do_not_link():
    """A default can be overridden at deployment: the parameters may still differ."""
    default = "[uniqueString(resourceGroup().id)]"
    params = {"a": {"type": "string", "defaultValue": default}, "b": {"type": "string", "defaultValue": default}}
    model = _model([_set("[parameters('a')]"), _vm("[resourceId('%s', parameters('b'))]" % VMSS_TYPE)], params)
    assert _target(model) is None
    model = _model([_set("[parameters('a')]"), _vm("[resourceId('%s', parameters('a'))]" % VMSS_TYPE)], params)
    assert _target(model) is not None


def test_copy_iterations_with_an_unknown_index_do_not_link():
    looped = dict(_set("[concat('set', copyIndex())]"), copy={"name": "sets", "count": "[parameters('n')]"})
    vm = dict(_vm("[resourceId('%s', concat('set', copyIndex()))]" % VMSS_TYPE), copy={"name": "vms", "count": 2})
    model = _model([looped, vm], {"n": {"type": "int"}})
    assert all(model.vm_target(v) is None for v in model.vms)


def test_known_copy_iterations_link_one_to_one():
    looped = dict(_set("[concat(parameters('a'), copyIndex())]"), copy={"name": "sets", "count": 2})
    vm = dict(
        _vm("[resourceId('%s', concat(parameters('a'), copyIndex()))]" % VMSS_TYPE), copy={"name": "v", "count": 2}
    )
    model = _model([looped, vm], REQUIRED)
    # copies of one definition share one link target (the definition)
    assert [model.vm_target(v) is not None for v in model.vms] == [True, True]


def test_two_definitions_with_the_same_symbolic_name_are_ambiguous():
    model = _model(
        [_set("[parameters('a')]"), _set("[parameters('a')]"), _vm("[resourceId('%s', parameters('a'))]" % VMSS_TYPE)],
        REQUIRED,
    )
    assert _target(model) is None


def test_language_version_2_symbolic_reference():
    resources = {
        "set": _set("[parameters('a')]"),
        "vm": _vm("[resourceInfo('set').id]"),
    }
    model = _model(resources, REQUIRED, language_v2=True)
    assert _target(model) is not None


def test_a_literal_name_still_links_by_value_ignoring_case():
    model = _model([_set("s1"), _vm("/subscriptions/x/resourceGroups/rg/providers/%s/S1" % VMSS_TYPE)])
    assert _target(model) == "s1"


def test_child_names_link_to_their_parent():
    ext = {
        "type": VMSS_TYPE + "/extensions",
        "apiVersion": "2024-03-01",
        "name": "[concat(parameters('a'), '/health')]",
        "properties": {},
    }
    model = _model([_set("[parameters('a')]"), ext], REQUIRED)
    child = model.of_type((VMSS_TYPE + "/extensions").lower())[0]
    assert model.links.parent(child, VMSS_TYPE.lower()) is model.scale_sets[0].res
    assert links.belongs_to(child, model.scale_sets[0].res) is True


def test_keys_are_stable_between_two_versions():
    """The key names the parameter and the template's place, not objects of one run."""
    a = _model([_set("[concat(parameters('a'), '-', uniqueString(resourceGroup().id))]")], REQUIRED)
    b = _model([_set("[concat(parameters('a'), '-', uniqueString(resourceGroup().id))]")], REQUIRED)
    assert links.resource_key(a.scale_sets[0].res) == links.resource_key(b.scale_sets[0].res) is not None


def test_same_name():
    assert links.same_name("A", "a") is True
    assert links.same_name("a", "b") is False


def _deployment(name, set_name_value, output):
    inner = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"n": {"type": "string"}},
        "resources": [_set("[parameters('n')]")],
        "outputs": {"id": {"type": "string", "value": output}},
    }
    return {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": name,
        "properties": {
            "mode": "Incremental",
            "expressionEvaluationOptions": {"scope": "inner"},
            "parameters": {"n": {"value": set_name_value}},
            "template": inner,
        },
    }


def test_the_output_of_a_nested_deployment_links_to_its_resource():
    own = "[resourceId('%s', parameters('n'))]" % VMSS_TYPE
    model = _model(
        [_deployment("pool", "[parameters('a')]", own), _vm("[reference('pool').outputs.id.value]")], REQUIRED
    )
    assert _target(model) is not None
    # two deployments of one name: which one reference() means is not known
    twice = [_deployment("pool", "[parameters('a')]", own), _deployment("pool", "[parameters('b')]", own)]
    model = _model(twice + [_vm("[reference('pool').outputs.id.value]")], REQUIRED)
    assert _target(model) is None


def test_a_resource_in_another_resource_group_links_only_by_that_group():
    """A nested deployment to resource group 'other': an id of the default group (the
    referrer's own) names a different resource; an id that names 'other' links."""
    deployment = _deployment("pool", "vmss1", "[resourceId('%s', parameters('n'))]" % VMSS_TYPE)
    deployment["resourceGroup"] = "other"
    default_group = _model([deployment, _vm("[resourceId('%s', 'vmss1')]" % VMSS_TYPE)])
    assert _target(default_group) is None
    named_group = _model([deployment, _vm("[resourceId('OTHER', '%s', 'vmss1')]" % VMSS_TYPE)])
    assert _target(named_group) == "vmss1"
