"""Allowed values of defaulted parameters that can never deploy (``lint.allowed_values``,
issue 13 item 3): a warning at the allowedValues entry when a rule of error severity fails
with that value for every choice of the other parameters (defaults and their own allowed
values); nothing when some choice passes; the default is still what is linted."""

import json

import pytest

from arm_orchlint.lint import allowed_values
from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.rules.registry import Registry

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def lint(registry, tmp_path, parameters, properties, zones=None, extra=None, **options):
    res = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2024-03-01",
        "name": "vmss",
        "location": "westeurope",
        "sku": {"name": "Standard_D2s_v5", "capacity": 2},
        "properties": {"orchestrationMode": "Flexible", "singlePlacementGroup": False, **properties},
    }
    if zones is not None:
        res["zones"] = zones
    res.update(extra or {})
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"$schema": SCHEMA, "parameters": parameters, "resources": [res]}, indent=2))
    return Linter(registry, Options(**options)).lint_file(str(path)).findings


FD = "[parameters('fd')]"
ZONES = "[if(equals(parameters('zone'), 'none'), createArray(), createArray(parameters('zone')))]"


def never(found):
    return [(f.rule_id, f.severity, f.pointer) for f in found if "can never deploy" in f.message]


def test_each_value_that_fails_alone_is_a_warning_at_its_entry(registry, tmp_path):
    found = lint(
        registry,
        tmp_path,
        {"fd": {"type": "int", "defaultValue": 1, "allowedValues": [1, 2, 3, 4, 5]}},
        {"platformFaultDomainCount": FD},
    )
    assert never(found) == [
        ("ORCH202", "warning", ("parameters", "fd", "allowedValues", 3)),
        ("ORCH202", "warning", ("parameters", "fd", "allowedValues", 4)),
    ]
    assert not [f for f in found if f.severity == "error"]  # the default (1) deploys
    message = next(f.message for f in found if f.pointer[-1] == 4)
    assert message.startswith("allowed value 5 of parameter 'fd' can never deploy: platformFaultDomainCount is 5")


def test_a_value_failing_only_with_some_other_values_is_not_reported(registry, tmp_path):
    params = {
        "fd": {"type": "int", "defaultValue": 1, "allowedValues": [1, 2, 3]},
        "zone": {"type": "string", "defaultValue": "1", "allowedValues": ["1", "none"]},
    }
    # fd 2 fails with the default zone (zonal: FD must be 1) but deploys regionally
    assert never(lint(registry, tmp_path, params, {"platformFaultDomainCount": FD}, zones=ZONES)) == []


def test_a_value_failing_with_every_other_value_is_reported_whichever_rule_says_so(registry, tmp_path):
    params = {
        "fd": {"type": "int", "defaultValue": 1, "allowedValues": [1, 4]},
        "zone": {"type": "string", "defaultValue": "none", "allowedValues": ["none", "1"]},
    }
    # fd 4: regional ORCH202, zonal ORCH201; reported with the defaults' reason
    found = never(lint(registry, tmp_path, params, {"platformFaultDomainCount": FD}, zones=ZONES))
    assert found == [("ORCH202", "warning", ("parameters", "fd", "allowedValues", 1))]


def test_the_default_failing_is_the_base_error_and_not_repeated(registry, tmp_path):
    params = {"fd": {"type": "int", "defaultValue": 5, "allowedValues": [1, 5]}}
    found = lint(registry, tmp_path, params, {"platformFaultDomainCount": FD})
    assert [(f.rule_id, f.severity) for f in found if f.rule_id == "ORCH202"] == [("ORCH202", "error")]
    assert never(found) == []


def test_a_given_value_or_no_explore_turns_it_off(registry, tmp_path):
    params = {"fd": {"type": "int", "defaultValue": 1, "allowedValues": [1, 5]}}
    assert never(lint(registry, tmp_path, params, {"platformFaultDomainCount": FD}, params=[("fd", 1)])) == []
    assert never(lint(registry, tmp_path, params, {"platformFaultDomainCount": FD}, explore=False)) == []


def test_warnings_of_the_rule_are_not_claimed_as_never_deploying(registry, tmp_path):
    # ORCH409 (system-assigned identity on Flexible) is a warning: the docs may lag the service
    params = {
        "kind": {"type": "string", "defaultValue": "UserAssigned", "allowedValues": ["UserAssigned", "SystemAssigned"]}
    }
    identity = {"identity": {"type": "[parameters('kind')]", "userAssignedIdentities": {"/subscriptions/0/id": {}}}}
    found = lint(registry, tmp_path, params, {"platformFaultDomainCount": 1}, extra=identity)
    assert never(found) == []
    found = lint(
        registry, tmp_path, params, {"platformFaultDomainCount": 1}, extra=identity, params=[("kind", "SystemAssigned")]
    )
    assert [f.rule_id for f in found if f.severity == "warning"] == ["ORCH409"]  # the rule does see the value


def test_over_the_budget_nothing_is_claimed(registry, tmp_path, monkeypatch):
    monkeypatch.setattr(allowed_values, "MAX_TRIALS", 2)
    params = {
        "fd": {"type": "int", "defaultValue": 1, "allowedValues": [1, 4]},
        "zone": {"type": "string", "defaultValue": "none", "allowedValues": ["none", "1", "2"]},
    }
    assert never(lint(registry, tmp_path, params, {"platformFaultDomainCount": FD}, zones=ZONES)) == []


def test_parameters_that_reach_no_scale_set_are_not_tried(registry, tmp_path, monkeypatch):
    calls = []
    real = Linter._errors_with

    def counting(self, doc, values):
        calls.append(1)
        return real(self, doc, values)

    monkeypatch.setattr(Linter, "_errors_with", counting)
    params = {"sku": {"type": "string", "defaultValue": "a", "allowedValues": ["a", "b", "c"]}}
    lint(registry, tmp_path, params, {"platformFaultDomainCount": 1})
    assert calls == []
    # written as the whole value: tried (two values, one trial each)
    params["fd"] = {"type": "int", "defaultValue": 1, "allowedValues": [1, 2, 3]}
    lint(registry, tmp_path, params, {"platformFaultDomainCount": FD})
    assert len(calls) == 2
    # only inside a larger expression: not tried
    calls.clear()
    lint(registry, tmp_path, params, {"platformFaultDomainCount": "[add(parameters('fd'), 0)]"})
    assert calls == []


def test_values_that_deploy_are_cleared_together(registry, tmp_path, monkeypatch):
    calls = []
    real = Linter._errors_with

    def counting(self, doc, values):
        calls.append(1)
        return real(self, doc, values)

    monkeypatch.setattr(Linter, "_errors_with", counting)
    params = {
        "fd": {"type": "int", "defaultValue": 1, "allowedValues": [1, 2, 3]},
        "upgrade": {"type": "string", "defaultValue": "Manual", "allowedValues": ["Manual", "Automatic"]},
    }
    props = {"platformFaultDomainCount": FD, "upgradePolicy": {"mode": "[parameters('upgrade')]"}}
    assert never(lint(registry, tmp_path, params, props)) == []
    # fd 2 with Automatic in one trial, fd 3 alone in another
    assert len(calls) == 2
    params["over"] = {"type": "bool", "defaultValue": False, "allowedValues": [False, True]}
    props["overprovision"] = "[parameters('over')]"
    # overprovision true never deploys on a Flexible set (ORCH408), whatever fd and upgrade are
    assert never(lint(registry, tmp_path, params, props)) == [
        ("ORCH408", "warning", ("parameters", "over", "allowedValues", 1))
    ]
