"""allowedValues exploration (``lint.explore``).

A parameter with ``allowedValues``, no default and no value given decides a value a rule
looks at: each allowed value is tried, and a finding that only some values cause is
reported once, naming the parameter and the values.  A default or a given value is what
deploys, so nothing is explored then.
"""

import json

import pytest

from arm_orchlint.lint import engine
from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.lint.explore import MAX_EXPLORED_COMBINATIONS
from arm_orchlint.rules.registry import Registry

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def scale_set(properties, **extra):
    body = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2024-03-01",
        "name": "vmss",
        "location": "westeurope",
        "sku": {"name": "Standard_D2s_v5", "capacity": 2},
        "properties": {"singlePlacementGroup": False, "platformFaultDomainCount": 1, **properties},
    }
    body.update(extra)
    return body


def template(parameters, resources, variables=None):
    data = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": parameters, "resources": resources}
    if variables:
        data["variables"] = variables
    return data


MODE = {"type": "string", "allowedValues": ["Uniform", "Flexible"]}


def lint(registry, tmp_path, data, *, params=(), parameter_files=(), explore=True):
    path = tmp_path / "azuredeploy.json"
    path.write_text(json.dumps(data, indent=2))
    options = Options(params=list(params), parameter_files=[str(p) for p in parameter_files], explore=explore)
    return Linter(registry, options).lint_file(str(path)).findings


def of(findings, rule_id):
    return [f for f in findings if f.rule_id == rule_id]


def test_flexible_only_violation_is_reported_for_the_flexible_value(registry, tmp_path):
    data = template({"mode": MODE}, [scale_set({"orchestrationMode": "[parameters('mode')]", "overprovision": True})])
    found = of(lint(registry, tmp_path, data), "ORCH408")
    assert len(found) == 1
    assert found[0].message.endswith("(when parameter 'mode' is 'Flexible')")
    assert found[0].message.count("parameter 'mode'") == 1
    # no finding at all without exploration: the mode is unknown
    assert of(lint(registry, tmp_path, data, explore=False), "ORCH408") == []


def test_explored_value_is_a_related_location(registry, tmp_path):
    data = template(
        {"mode": MODE},
        [
            scale_set(
                {
                    "orchestrationMode": "[parameters('mode')]",
                    "singlePlacementGroup": "[equals(parameters('mode'), 'Flexible')]",
                }
            )
        ],
    )
    found = of(lint(registry, tmp_path, data), "ORCH206")
    assert len(found) == 1 and found[0].message.endswith("(when parameter 'mode' is 'Flexible')")
    text = (tmp_path / "azuredeploy.json").read_text().splitlines()
    related = [r for r in found[0].related if "parameter 'mode'" in r.message]
    assert related and text[related[0].span.line - 1].strip().startswith('"Flexible"')


def test_default_is_what_deploys(registry, tmp_path):
    uniform = template(
        {"mode": {**MODE, "defaultValue": "Uniform"}},
        [scale_set({"orchestrationMode": "[parameters('mode')]", "overprovision": True})],
    )
    # the default deploys cleanly; the other allowed value is an offer that never deploys
    # (lint/allowed_values.py): a warning at its allowedValues entry, not an error
    found = of(lint(registry, tmp_path, uniform), "ORCH408")
    assert [(f.severity, f.pointer) for f in found] == [("warning", ("parameters", "mode", "allowedValues", 1))]
    assert found[0].message.startswith("allowed value 'Flexible' of parameter 'mode' can never deploy: ")
    flexible = template(
        {"mode": {**MODE, "defaultValue": "Flexible"}},
        [scale_set({"orchestrationMode": "[parameters('mode')]", "overprovision": True})],
    )
    found = of(lint(registry, tmp_path, flexible), "ORCH408")
    assert len(found) == 1 and "when parameter" not in found[0].message


def test_given_value_is_not_explored(registry, tmp_path):
    data = template({"mode": MODE}, [scale_set({"orchestrationMode": "[parameters('mode')]", "overprovision": True})])
    assert of(lint(registry, tmp_path, data, params=[("mode", "Uniform")]), "ORCH408") == []
    params = tmp_path / "azuredeploy.parameters.json"
    params.write_text(
        json.dumps(
            {
                "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                "contentVersion": "1.0.0.0",
                "parameters": {"mode": {"value": "Uniform"}},
            }
        )
    )
    assert of(lint(registry, tmp_path, data, parameter_files=[params]), "ORCH408") == []
    params.write_text(params.read_text().replace("Uniform", "Flexible"))
    found = of(lint(registry, tmp_path, data, parameter_files=[params]), "ORCH408")
    assert len(found) == 1 and "when parameter" not in found[0].message


def test_finding_for_every_allowed_value_says_so(registry, tmp_path):
    mode = {"type": "string", "allowedValues": ["Flexible", "flexible"]}
    data = template({"mode": mode}, [scale_set({"orchestrationMode": "[parameters('mode')]", "overprovision": True})])
    found = of(lint(registry, tmp_path, data), "ORCH408")
    assert len(found) == 1
    assert found[0].message.endswith("(for every allowed value of parameter 'mode')")


def test_different_messages_keep_their_own_values(registry, tmp_path):
    policy = {"type": "string", "allowedValues": ["Manual", "Sideways", "Sometimes"]}
    data = template(
        {"upgradeMode": policy},
        [scale_set({"orchestrationMode": "Flexible", "upgradePolicy": {"mode": "[parameters('upgradeMode')]"}})],
    )
    found = sorted(f.message for f in of(lint(registry, tmp_path, data), "ORCH507"))
    assert found == [
        "upgradePolicy.mode is 'Sideways'; use Automatic, Manual or Rolling (when parameter 'upgradeMode' is 'Sideways')",
        "upgradePolicy.mode is 'Sometimes'; use Automatic, Manual or Rolling (when parameter 'upgradeMode' is 'Sometimes')",
    ]


def test_several_parameters_are_explored_together(registry, tmp_path):
    spg = {"type": "bool", "allowedValues": [True, False]}
    data = template(
        {"mode": MODE, "spg": spg},
        [
            scale_set(
                {
                    "orchestrationMode": "[parameters('mode')]",
                    "singlePlacementGroup": "[parameters('spg')]",
                    "overprovision": True,
                }
            )
        ],
    )
    findings = lint(registry, tmp_path, data)
    assert [f.message.rsplit(" (", 1)[1] for f in of(findings, "ORCH408")] == ["when parameter 'mode' is 'Flexible')"]
    spg_found = of(findings, "ORCH206")
    assert len(spg_found) == 1
    assert spg_found[0].message.endswith("(when parameters 'mode' is 'Flexible', 'spg' is true)")


def test_too_many_combinations_are_explored_one_parameter_at_a_time(registry, tmp_path, monkeypatch):
    parameters = {"mode": MODE}
    properties = {"orchestrationMode": "[parameters('mode')]", "overprovision": True}
    tags = {}
    for i in range(6):  # 2 * 2**6 = 128 combinations: above the cap
        parameters[f"p{i}"] = {"type": "string", "allowedValues": ["a", "b"]}
        tags[f"t{i}"] = f"[parameters('p{i}')]"
    data = template(parameters, [scale_set(properties, tags=tags)])
    calls = []
    real = engine.expand
    monkeypatch.setattr(engine, "expand", lambda *a, **k: calls.append(1) or real(*a, **k))
    found = of(lint(registry, tmp_path, data), "ORCH408")
    assert [f.message.endswith("(when parameter 'mode' is 'Flexible')") for f in found] == [True]
    assert len(calls) == 1 + 14  # the base run, then each value of each parameter alone


def test_fifty_parameters_stay_bounded(registry, tmp_path, monkeypatch):
    parameters = {f"p{i:02}": {"type": "string", "allowedValues": ["Uniform", "Flexible"]} for i in range(50)}
    resources = [
        scale_set({"orchestrationMode": f"[parameters('p{i:02}')]", "overprovision": True}, name=f"vmss{i:02}")
        for i in range(50)
    ]
    data = template(parameters, resources)
    calls = []
    real = engine.expand
    monkeypatch.setattr(engine, "expand", lambda *a, **k: calls.append(1) or real(*a, **k))
    findings = lint(registry, tmp_path, data)
    # Bounded by the number of evaluations, not by time (timings live in benchmarks/).
    assert len(calls) <= 1 + MAX_EXPLORED_COMBINATIONS
    found = of(findings, "ORCH408")
    assert found and all(f.message.endswith("is 'Flexible')") for f in found)


def test_exploration_never_repeats_a_base_finding(registry, tmp_path):
    size = {"type": "int", "allowedValues": [2, 4]}
    data = template(
        {"size": size},
        [
            scale_set(
                {"orchestrationMode": "Flexible", "overprovision": True},
                sku={"name": "Standard_D2s_v5", "capacity": "[parameters('size')]"},
            )
        ],
    )
    found = of(lint(registry, tmp_path, data), "ORCH408")
    assert len(found) == 1 and "when parameter" not in found[0].message


@pytest.mark.parametrize(
    "mode_expression,variables",
    [
        ("[variables('settings').mode]", {"settings": "[createObject('mode', parameters('mode'))]"}),
        ("[if(equals(toLower(parameters('mode')), 'flexible'), 'Flexible', 'Uniform')]", None),
        ("[first(split(concat(parameters('mode'), '/x'), '/'))]", None),
        ("[union(createObject('m', parameters('mode')), createObject()).m]", None),
    ],
)
def test_parameters_behind_derived_values_are_explored(registry, tmp_path, mode_expression, variables):
    data = template(
        {"mode": MODE}, [scale_set({"orchestrationMode": mode_expression, "overprovision": True})], variables
    )
    found = of(lint(registry, tmp_path, data), "ORCH408")
    assert [f.message.endswith("(when parameter 'mode' is 'Flexible')") for f in found] == [True]


def test_parameter_in_a_condition_is_explored(registry, tmp_path):
    deploy = {"type": "string", "allowedValues": ["yes", "no"]}
    res = scale_set(
        {"orchestrationMode": "Flexible", "overprovision": True}, condition="[equals(parameters('deploy'), 'yes')]"
    )
    found = of(lint(registry, tmp_path, template({"deploy": deploy}, [res])), "ORCH408")
    # an unknown condition is checked: the base run already reports it
    assert len(found) == 1 and "when parameter" not in found[0].message
