"""The evaluator behind the rules: values that arrive indirectly.

* The ``eval-*`` fixtures (``fixtures/<RULE>/expected-eval.json``) carry a bad value through
  a parameter default, a parameter file, a variable, a copy loop or a nested deployment;
  ``test_fixtures.py`` checks their lines and columns.  Here: the messages name the
  parameter, and the related location points at the value that was used.
* Unknown is not wrong: the same templates with a deployment-time value produce nothing.
* Links (VM -> scale set, autoscale -> scale set) resolve whatever function built the id.
"""

import json
import re
from pathlib import Path

import pytest

from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.rules.registry import Registry

from .conftest import FIXTURES, load_expectations


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def _cases(prefix):
    out = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and (p / "expected-eval.json").is_file()):
        singles = json.loads((folder / "expected-eval.json").read_text())
        for name, spec in singles.items():
            if name.startswith(prefix):
                out.append(pytest.param(folder, name, spec, id=f"{folder.name}/{name}"))
    return out


def _lint(registry, path, parameter_files=()):
    return Linter(registry, Options(parameter_files=[str(p) for p in parameter_files])).lint_file(str(path)).findings


def _parameter_name(text: str) -> str:
    found = re.findall(r"\[parameters\('([^']+)'\)\]", text)
    assert found, "the fixture reads no parameter"
    return found[-1]


def _line_of(path: Path, needle: str, after: str) -> int:
    text = path.read_text()
    at = text.index(needle, text.index(after))
    return text.count("\n", 0, at) + 1


@pytest.mark.parametrize("folder,name,spec", _cases("eval-param-default") + _cases("eval-param-file"))
def test_message_and_related_location_name_the_parameter(registry, folder, name, spec):
    fixture = folder / name
    files = [folder / p for p in spec.get("parameters", [])]
    findings = [f for f in _lint(registry, fixture, files) if f.rule_id == folder.name]
    assert len(findings) == len(spec["findings"]) == 1
    finding = findings[0]
    param = json.loads(fixture.read_text())["parameters"]
    name_used = _parameter_name(fixture.read_text())
    assert name_used in param
    assert f"parameter '{name_used}'" in finding.message
    if folder.name == "ORCH603":  # the value is the scale set's, the finding is on the VM
        return
    related = [r for r in finding.related if f"parameter '{name_used}'" in r.message]
    assert len(related) == 1
    if files:  # the parameter file's value wins over the default
        assert Path(related[0].span.path).resolve() == files[0].resolve()
        assert related[0].span.line == _line_of(files[0], '"value"', f'"{name_used}"')
    else:
        assert Path(related[0].span.path).resolve() == fixture.resolve()
        assert related[0].span.line == _line_of(fixture, '"defaultValue"', f'"{name_used}": {{')


@pytest.mark.parametrize("folder,name,spec", _cases("eval-nested-inner") + _cases("eval-linked"))
def test_nested_findings_name_the_inner_parameter(registry, folder, name, spec):
    findings = [f for f in _lint(registry, folder / name) if f.rule_id == folder.name]
    assert len(findings) == 1
    if folder.name != "ORCH603":
        assert "(value from parameter '" in findings[0].message


def test_sarif_related_location_points_at_the_default(registry):
    fixture = FIXTURES / "ORCH408" / "eval-param-default.json"
    sarif = json.loads(_sarif(registry, fixture))
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "ORCH408")
    related = result["relatedLocations"]
    line = _line_of(fixture, '"defaultValue"', '"overprovision": {')
    assert any(
        r["physicalLocation"]["region"]["startLine"] == line and "overprovision" in r["message"]["text"]
        for r in related
    )


def _sarif(registry, fixture):
    from click.testing import CliRunner

    from arm_orchlint.cli.app import cli

    result = CliRunner().invoke(
        cli, ["check", "--format", "sarif", "--select", "ORCH408", str(fixture)], catch_exceptions=False
    )
    return result.output


# -- Unknown is not wrong ---------------------------------------------------------------------

RUNTIME_VALUES = {
    "reference": "[reference(resourceId('Microsoft.Resources/deployments', 'settings'), '2022-09-01').outputs.value.value]",
    "reference-coalesce": "[coalesce(reference('settings').value, parameters('__bad__'))]",
    "listKeys": "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2023-01-01').keys[0].value]",
    "listSecrets": "[first(listSecrets(resourceId('Microsoft.Web/sites', 'app'), '2022-03-01').values)]",
    "utcNow": "[utcNow()]",
    "newGuid": "[if(empty(newGuid()), parameters('__bad__'), null())]",
    "environment": "[environment().name]",
    "pickZones": "[first(pickZones('Microsoft.Compute', 'virtualMachineScaleSets', 'westeurope'))]",
}


def _unknown_variants():
    out = []
    for folder, name, spec in [c.values for c in _cases("eval-param-default")]:
        for label in [*RUNTIME_VALUES, "no-value"]:
            out.append(pytest.param(folder, label, id=f"{folder.name}/{label}"))
    return out


@pytest.mark.parametrize("folder,label", _unknown_variants())
def test_deployment_time_values_produce_no_finding(registry, tmp_path, folder, label):
    """The eval-param-default fixture with its bad value replaced by one only known at
    deployment (or a parameter with no default and no value): no finding of the rule."""
    text = (folder / "eval-param-default.json").read_text()
    data = json.loads(text)
    name = _parameter_name(text)
    if folder.name == "ORCH603":  # the VM is located elsewhere, the parameter is the set's mode
        name = "orchestrationMode"
    if label == "no-value":
        del data["parameters"][name]["defaultValue"]
    else:
        expression = RUNTIME_VALUES[label].replace("__bad__", name)
        text = json.dumps(data).replace(f"\"[parameters('{name}')]\"", json.dumps(expression))
        data = json.loads(text)
    path = tmp_path / "azuredeploy.json"
    path.write_text(json.dumps(data, indent=2))
    assert [f for f in _lint(registry, path) if f.rule_id == folder.name and f.severity in ("error", "warning")] == []


# -- links through evaluated ids ------------------------------------------------------------


def _with_id(fixture: Path, old: str, new: str, tmp_path, extra_parameters=None, extra_variables=None) -> Path:
    data = json.loads(fixture.read_text())
    text = json.dumps(data, indent=2)
    assert old in text
    data = json.loads(text.replace(json.dumps(old), json.dumps(new)))
    if extra_parameters:
        data.setdefault("parameters", {}).update(extra_parameters)
    if extra_variables:
        data.setdefault("variables", {}).update(extra_variables)
    path = tmp_path / fixture.name
    path.write_text(json.dumps(data, indent=2))
    return path


SET_TYPE = "Microsoft.Compute/virtualMachineScaleSets"
FULL_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-app/providers/" + SET_TYPE


def _id_variants(set_name: str):
    return {
        "resourceId-parameter": (
            f"[resourceId('{SET_TYPE}', parameters('setName'))]",
            {"setName": {"type": "string", "defaultValue": set_name}},
            None,
        ),
        "resourceId-variable": (f"[resourceId('{SET_TYPE}', variables('setName'))]", None, {"setName": set_name}),
        "resourceId-concat-name": (
            f"[resourceId('{SET_TYPE}', concat(variables('prefix'), '-', variables('suffix')))]",
            None,
            {"prefix": set_name.split("-")[0], "suffix": set_name.split("-", 1)[1]},
        ),
        "concat-resourceGroup-id": (
            f"[concat(resourceGroup().id, '/providers/{SET_TYPE}/', '{set_name}')]",
            None,
            None,
        ),
        "format": (
            f"[format('{{0}}/providers/{SET_TYPE}/{{1}}', resourceGroup().id, parameters('setName'))]",
            {"setName": {"type": "string", "defaultValue": set_name}},
            None,
        ),
        "subscription-id-format": (
            f"[format('/subscriptions/{{0}}/resourceGroups/{{1}}/providers/{SET_TYPE}/{set_name}', subscription().subscriptionId, resourceGroup().name)]",
            None,
            None,
        ),
        "literal-full-id": (f"{FULL_ID}/{set_name}", None, None),
        "toLower": (f"[toLower(resourceId('{SET_TYPE}', '{set_name.upper()}'))]", None, None),
    }


@pytest.mark.parametrize("variant", list(_id_variants("vmss-uni")))
def test_vm_link_resolves_through_the_id_expression(registry, tmp_path, variant):
    expression, params, variables = _id_variants("vmss-uni")[variant]
    fixture = FIXTURES / "ORCH603" / "bad.json"
    path = _with_id(fixture, f"[resourceId('{SET_TYPE}', 'vmss-uni')]", expression, tmp_path, params, variables)
    assert [f.rule_id for f in _lint(registry, path) if f.rule_id == "ORCH603"] == ["ORCH603"]


@pytest.mark.parametrize("variant", list(_id_variants("vmss-flex")))
def test_autoscale_link_resolves_through_the_id_expression(registry, tmp_path, variant):
    expression, params, variables = _id_variants("vmss-flex")[variant]
    fixture = FIXTURES / "ORCH701" / "bad.json"
    path = _with_id(fixture, f"[resourceId('{SET_TYPE}', 'vmss-flex')]", expression, tmp_path, params, variables)
    assert [f.rule_id for f in _lint(registry, path) if f.rule_id == "ORCH701"] == ["ORCH701"]


def test_link_to_another_set_name_does_not_resolve(registry, tmp_path):
    fixture = FIXTURES / "ORCH603" / "bad.json"
    path = _with_id(
        fixture, f"[resourceId('{SET_TYPE}', 'vmss-uni')]", f"[resourceId('{SET_TYPE}', 'vmss-other')]", tmp_path
    )
    assert [f for f in _lint(registry, path) if f.rule_id == "ORCH603"] == []


@pytest.mark.parametrize(
    "rule_id,set_name,old_id_holder",
    [("ORCH603", "vmss-uni", "virtualMachineScaleSet"), ("ORCH701", "vmss-flex", "targetResourceUri")],
)
def test_link_to_a_scale_set_of_a_nested_deployment(registry, tmp_path, rule_id, set_name, old_id_holder):
    """The scale set is deployed by an inline nested deployment; the VM or autoscale
    setting at the top level refers to it by resourceId."""
    data = json.loads((FIXTURES / rule_id / "bad.json").read_text())
    index = next(i for i, r in enumerate(data["resources"]) if r["type"] == SET_TYPE)
    scale_set = data["resources"].pop(index)
    for res in data["resources"]:
        res.pop("dependsOn", None)
    data["resources"].append(
        {
            "type": "Microsoft.Resources/deployments",
            "apiVersion": "2022-09-01",
            "name": "scale-set",
            "properties": {
                "mode": "Incremental",
                "expressionEvaluationOptions": {"scope": "inner"},
                "template": {"$schema": data["$schema"], "contentVersion": "1.0.0.0", "resources": [scale_set]},
            },
        }
    )
    path = tmp_path / "azuredeploy.json"
    path.write_text(json.dumps(data, indent=2))
    assert [f.rule_id for f in _lint(registry, path) if f.rule_id == rule_id] == [rule_id]


def test_expected_eval_files_cover_every_family():
    families = {
        "ORCH0": "mode",
        "ORCH1": "preview",
        "ORCH2": "fault domains",
        "ORCH3": "capacity",
        "ORCH4": "network",
        "ORCH5": "upgrades",
        "ORCH6": "standalone VMs",
        "ORCH7": "autoscale",
    }
    routes = (
        "eval-param-default",
        "eval-param-file",
        "eval-variable",
        "eval-copy",
        "eval-nested-inner",
        "eval-nested-outer",
    )
    covered = {}
    for folder in FIXTURES.iterdir():
        if (folder / "expected-eval.json").is_file():
            singles, _ = load_expectations(folder)
            covered.setdefault(folder.name[:5], set()).update(n.rsplit(".", 1)[0] for n in singles)
    for prefix, family in families.items():
        assert set(routes) <= covered.get(prefix, set()), f"{family}: {set(routes) - covered.get(prefix, set())}"
    assert any("eval-linked" in names for names in covered.values())
