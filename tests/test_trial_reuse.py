"""allowedValues trials reuse the plain run's evaluation (``evaluation/reuse.py``): what
cannot read a tried parameter is taken from the plain run.  Every finding must be the one
a trial evaluated from scratch gives; these templates hide the tried parameter behind
variables, defaults, computed names, copy loops and module outputs."""

import pytest

from arm_orchlint.rules.registry import Registry
from tests.trial_helpers import EXPAND, MODE, SCHEMA, findings, scale_set


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def same_with_and_without_reuse(registry, tmp_path, monkeypatch, data):
    fresh = findings(registry, tmp_path, data, monkeypatch, reusing=False)
    assert findings(registry, tmp_path, data, monkeypatch, reusing=True) == fresh
    return fresh


def template(parameters, resources, variables=None, **extra):
    data = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": parameters, "resources": resources}
    if variables:
        data["variables"] = variables
    data.update(extra)
    return data


def explored(found, rule_id):
    return [f[2] for f in found if f[0] == rule_id and "parameter 'mode'" in f[2]]


def test_a_variable_chain_to_the_tried_parameter_is_evaluated_again(registry, tmp_path, monkeypatch):
    data = template(
        {"mode": MODE},
        [
            scale_set("direct", {"orchestrationMode": "[parameters('mode')]", "overprovision": True}),
            scale_set("chained", {"orchestrationMode": "[variables('a')]", "overprovision": True}),
        ],
        {"a": "[variables('b')]", "b": "[toLower(variables('c'))]", "c": "[parameters('mode')]"},
    )
    found = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    assert len(explored(found, "ORCH408")) == 2  # both sets, not only the one that names it


def test_a_default_that_reads_the_tried_parameter_is_evaluated_again(registry, tmp_path, monkeypatch):
    parameters = {"mode": MODE, "derived": {"type": "string", "defaultValue": "[parameters('mode')]"}}
    data = template(
        parameters,
        [
            scale_set("direct", {"orchestrationMode": "[parameters('mode')]"}),
            scale_set("derived", {"orchestrationMode": "[parameters('derived')]", "overprovision": True}),
        ],
    )
    found = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    assert len(explored(found, "ORCH408")) == 1


def test_a_computed_parameter_name_is_evaluated_again(registry, tmp_path, monkeypatch):
    data = template(
        {"mode": MODE},
        [
            scale_set("direct", {"orchestrationMode": "[parameters('mode')]"}),
            scale_set("computed", {"orchestrationMode": "[parameters(concat('mo', 'de'))]", "overprovision": True}),
        ],
    )
    found = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    assert len(explored(found, "ORCH408")) == 1


def test_copies_keep_their_own_index_in_a_partly_reused_body(registry, tmp_path, monkeypatch):
    # Only orchestrationMode reads the tried parameter; the rest of each copy's body is
    # taken from the plain run, copy by copy.
    res = scale_set(
        "[concat('vmss', copyIndex())]",
        {
            "orchestrationMode": "[parameters('mode')]",
            "overprovision": "[equals(copyIndex(), 1)]",
            "platformFaultDomainCount": "[add(copyIndex(), 1)]",
        },
        copy={"name": "sets", "count": 3},
    )
    found = same_with_and_without_reuse(registry, tmp_path, monkeypatch, template({"mode": MODE}, [res]))
    assert len(explored(found, "ORCH408")) == 1


def test_a_module_output_is_evaluated_again(registry, tmp_path, monkeypatch):
    module = {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": "settings",
        "properties": {
            "mode": "Incremental",
            "expressionEvaluationOptions": {"scope": "inner"},
            "parameters": {"mode": {"value": "[parameters('mode')]"}},
            "template": {
                "$schema": SCHEMA,
                "contentVersion": "1.0.0.0",
                "parameters": {"mode": {"type": "string"}},
                "resources": [],
                "outputs": {"mode": {"type": "string", "value": "[parameters('mode')]"}},
            },
        },
    }
    data = template(
        {"mode": MODE},
        {
            "settings": module,
            "direct": scale_set("direct", {"orchestrationMode": "[parameters('mode')]"}),
            "fromModule": scale_set(
                "fromModule", {"orchestrationMode": "[reference('settings').outputs.mode.value]", "overprovision": True}
            ),
        },
        languageVersion="2.0",
    )
    same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)


def test_a_never_deploying_value_points_at_its_allowed_values_entry(registry, tmp_path, monkeypatch):
    fd = {"type": "int", "defaultValue": 1, "allowedValues": [1, 2, 3, 4]}
    data = template(
        {"fd": fd},
        [
            scale_set(
                "vmss",
                {"orchestrationMode": "Flexible", "platformFaultDomainCount": "[parameters('fd')]"},
                tags={"owner": "[concat('team-', string(parameters('fd')))]", "fixed": "yes"},
            ),
            scale_set("other", {"orchestrationMode": "Flexible"}),
        ],
    )
    found = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    never = [f for f in found if f[0] != "trial" and "can never deploy" in f[2]]
    assert [f[3] for f in never] == [("parameters", "fd", "allowedValues", 3)]


def test_trials_do_take_the_plain_runs_values(registry, tmp_path, monkeypatch):
    # A set that reads no tried parameter is not evaluated again in the trials.
    data = template(
        {"mode": MODE},
        [
            scale_set("direct", {"orchestrationMode": "[parameters('mode')]", "overprovision": True}),
            scale_set("other", {"orchestrationMode": "Flexible", "upgradePolicy": {"mode": "[toLower('Manual')]"}}),
        ],
    )
    # the module (``arm_orchlint.evaluation.expand`` is also the function's name there)
    expand_module = EXPAND
    bodies = []
    real = expand_module._Expander._body

    def counting(raw, frame, pointer, raw_type):
        bodies.append(raw.get("name"))
        return real(raw, frame, pointer, raw_type)

    monkeypatch.setattr(expand_module._Expander, "_body", staticmethod(counting))
    same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    bodies.clear()
    findings(registry, tmp_path, data, monkeypatch, reusing=True)
    assert bodies.count("other") == 1  # the plain run only
    assert bodies.count("direct") == 3  # the plain run and the two trials


def test_a_default_read_first_in_a_trial_names_the_same_parameter(registry, tmp_path, monkeypatch):
    # 'derived' reads 'size' from its default: resolved for the first time it records
    # 'size' before itself, from the cache itself first, and a finding names the first.
    # The plain run resolves it in the first set; with mode 'Flexible' the first set no
    # longer reads it, so the trial resolves it first in the second set.
    parameters = {
        "mode": {"type": "string", "allowedValues": ["Uniform", "Flexible"], "defaultValue": "Uniform"},
        "size": {"type": "string", "allowedValues": ["Flexible", "x"], "defaultValue": "Flexible"},
        "derived": {"type": "string", "defaultValue": "[parameters('size')]"},
    }
    first = scale_set(
        "first",
        {"orchestrationMode": "[if(equals(parameters('mode'), 'Flexible'), 'Flexible', parameters('derived'))]"},
    )
    second = scale_set(
        "second", {"orchestrationMode": "[parameters('mode')]", "upgradePolicy": {"mode": "[parameters('derived')]"}}
    )
    found = same_with_and_without_reuse(registry, tmp_path, monkeypatch, template(parameters, [first, second]))
    trials = [f for f in found if f[0] == "trial"]
    assert any("(value from parameter 'size')" in finding[2] for trial in trials for finding in trial[2])
