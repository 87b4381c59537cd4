"""allowedValues trials take whole entries of ``resources`` from the plain run
(``evaluation/reuse.py``, ``_Reuse.entry``): an entry that reads nothing the trial changes,
nested templates and all, is not walked again.  Each test compares every finding, in
order, of the file and of each trial with the trials evaluated from scratch, and checks
that what the trial must see differently (a module passed the tried parameter, a module
whose condition reads it) still changes the findings."""

import pytest

from arm_orchlint.rules.registry import Registry
from tests.trial_helpers import MODE, SCHEMA, findings, scale_set


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def module(name, parameters, resources, passed=None, outputs=None, **extra):
    """An inline, inner-scoped nested deployment."""
    inner = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": parameters, "resources": resources}
    if outputs:
        inner["outputs"] = outputs
    body = {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": name,
        "properties": {
            "mode": "Incremental",
            "expressionEvaluationOptions": {"scope": "inner"},
            "parameters": {k: {"value": v} for k, v in (passed or {}).items()},
            "template": inner,
        },
    }
    body.update(extra)
    return body


def template(parameters, resources, **extra):
    data = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": parameters, "resources": resources}
    data.update(extra)
    return data


def same_with_and_without_reuse(registry, tmp_path, monkeypatch, data):
    fresh = findings(registry, tmp_path, data, monkeypatch, reusing=False)
    walked: list = []
    assert findings(registry, tmp_path, data, monkeypatch, reusing=True, walked=walked) == fresh
    return fresh, walked


def explored(found, text="parameter 'mode'"):
    return [f for f in found if f[0] != "trial" and text in f[2]]


def test_a_module_that_reads_no_tried_parameter_is_taken_whole(registry, tmp_path, monkeypatch):
    inner_set = scale_set(
        "[parameters('prefix')]", {"orchestrationMode": "Flexible", "overprovision": "[parameters('over')]"}
    )
    data = template(
        {"mode": MODE},
        [
            scale_set("direct", {"orchestrationMode": "[parameters('mode')]", "overprovision": True}, condition=True),
            module(
                "settled",
                {"prefix": {"type": "string"}, "over": {"type": "bool"}},
                [inner_set],
                passed={"prefix": "[concat('vmss-', resourceGroup().name)]", "over": True},
                condition="[not(empty(resourceGroup().name))]",
            ),
        ],
    )
    found, walked = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    assert explored(found)  # the trials found something about 'direct'
    trials = [trial[2] for trial in found if trial[0] == "trial"]
    assert len(trials) == 2 and all(
        any(f[3][:2] == ("resources", 1) for f in trial) for trial in trials
    )  # the module's set
    assert ("resources", 0) in walked
    assert not any(p[:2] == ("resources", 1) for p in walked)  # the module: taken from the plain run


def test_a_module_passed_the_tried_parameter_is_walked_again(registry, tmp_path, monkeypatch):
    # The trial changes what the module's set reads: its finding must come from the trial.
    inner_set = scale_set("inner", {"orchestrationMode": "[parameters('mode')]", "overprovision": True})
    data = template(
        {"mode": MODE},
        [module("passing", {"mode": {"type": "string"}}, [inner_set], passed={"mode": "[parameters('mode')]"})],
    )
    found, walked = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    assert [f[0] for f in explored(found)] == ["ORCH408"]
    assert ("resources", 0) in walked


@pytest.mark.parametrize("fast_path", [False, True])
def test_a_module_whose_condition_reads_the_tried_parameter_is_walked_again(registry, tmp_path, monkeypatch, fast_path):
    # The module passes nothing tried, but whether it deploys does: its resources' conditions
    # differ from the plain run's, so its entries are not taken from it (nor, for a resource
    # the expander's fast path takes, the plain run's resource given).
    extra = {} if fast_path else {"condition": True}
    inner_set = scale_set("inner", {"orchestrationMode": "Flexible", "overprovision": True}, **extra)
    data = template(
        {"mode": MODE},
        [
            scale_set("direct", {"orchestrationMode": "[parameters('mode')]"}),
            module("maybe", {}, [inner_set], condition="[equals(parameters('mode'), 'Flexible')]"),
        ],
    )
    found, walked = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    trial_findings = [[f for f in trial[2] if f[3][:2] == ("resources", 1)] for trial in found if trial[0] == "trial"]
    assert [bool(t) for t in trial_findings] == [False, True]  # only when it deploys
    if not fast_path:
        assert any(p[:2] == ("resources", 1) and len(p) > 2 for p in walked)  # its inner entry walked again


def test_a_module_with_a_computed_parameter_name_is_walked_again(registry, tmp_path, monkeypatch):
    # parameters() of a computed name inside the module: what it reads is not shown by the
    # text, so the module is not sealed and each trial expands it itself.
    inner_set = scale_set(
        "inner", {"orchestrationMode": "Uniform", "overprovision": "[parameters(concat('o', 'ver'))]"}
    )
    data = template(
        {"mode": MODE},
        [
            scale_set("direct", {"orchestrationMode": "[parameters('mode')]"}),
            module("looking", {"over": {"type": "bool"}}, [inner_set], passed={"over": True}),
        ],
    )
    _, walked = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    assert any(p[:2] == ("resources", 1) for p in walked)


def test_a_module_read_by_reference_is_the_same_in_every_trial(registry, tmp_path, monkeypatch):
    # The module is taken whole; a set that reads its output through reference() is
    # evaluated in the trial, from the module's context of the plain run.
    data = template(
        {"mode": MODE},
        {
            "settings": module(
                "settings",
                {"over": {"type": "bool"}},
                [],
                passed={"over": True},
                outputs={"over": {"type": "bool", "value": "[parameters('over')]"}},
            ),
            "direct": scale_set(
                "direct",
                {
                    "orchestrationMode": "[parameters('mode')]",
                    "overprovision": "[reference('settings').outputs.over.value]",
                },
            ),
        },
        languageVersion="2.0",
    )
    found, walked = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    assert explored(found)
    assert not any(p[:2] == ("resources", "settings") for p in walked)


def test_copies_of_a_module_are_taken_each_once(registry, tmp_path, monkeypatch):
    inner_set = scale_set("[parameters('name')]", {"orchestrationMode": "Flexible", "overprovision": True})
    data = template(
        {"mode": MODE},
        [
            scale_set("direct", {"orchestrationMode": "[parameters('mode')]"}),
            module(
                "[concat('m', copyIndex())]",
                {"name": {"type": "string"}},
                [inner_set],
                passed={"name": "[concat('set', copyIndex())]"},
                copy={"name": "mods", "count": 3},
            ),
            module("outer", {}, [], passed={}),
        ],
    )
    found, walked = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    for trial in (t[2] for t in found if t[0] == "trial"):  # the copies' set (one finding: one place)
        assert [f[0] for f in trial if f[3][:2] == ("resources", 1)] == ["ORCH408"]
    assert not any(p[:2] == ("resources", 1) for p in walked)


def _reading_module(passed_mode):
    """A languageVersion 2.0 module whose set reads, through reference(), the output of a
    module of its own: reference() inside reads only that template's own deployments."""
    inner_module = module(
        "inner-settings",
        {"mode": {"type": "string"}},
        [],
        passed={"mode": "[parameters('mode')]"},
        outputs={"mode": {"type": "string", "value": "[parameters('mode')]"}},
    )
    reading_set = scale_set(
        "reading", {"orchestrationMode": "[reference('settings').outputs.mode.value]", "overprovision": True}
    )
    outer = module("outer", {"mode": {"type": "string"}}, [], passed={"mode": passed_mode})
    outer["properties"]["template"]["resources"] = {"settings": inner_module, "reading": reading_set}
    outer["properties"]["template"]["languageVersion"] = "2.0"
    return outer


def test_a_module_whose_templates_read_their_own_modules_is_taken_whole(registry, tmp_path, monkeypatch):
    data = template(
        {"mode": MODE, "fixed": {"type": "string", "defaultValue": "Flexible"}},
        [
            scale_set("direct", {"orchestrationMode": "[parameters('mode')]", "overprovision": True}, condition=True),
            _reading_module("[parameters('fixed')]"),
        ],
    )
    found, walked = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    for trial in (t[2] for t in found if t[0] == "trial"):  # the module's set, Flexible by its output
        assert [f[0] for f in trial if f[3][:2] == ("resources", 1)] == ["ORCH408"]
    assert ("resources", 0) in walked
    assert not any(p[:2] == ("resources", 1) for p in walked)


def test_a_module_passing_the_tried_parameter_to_its_own_module_is_walked_again(registry, tmp_path, monkeypatch):
    data = template({"mode": MODE}, [_reading_module("[parameters('mode')]")])
    found, walked = same_with_and_without_reuse(registry, tmp_path, monkeypatch, data)
    trials = [[f[0] for f in t[2] if f[3][:2] == ("resources", 0)] for t in found if t[0] == "trial"]
    assert trials == [[], ["ORCH408"]]  # only when the output is 'Flexible'
    assert any(p[:2] == ("resources", 0) for p in walked)
