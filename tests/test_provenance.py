"""Where a value came from is what the evaluator recorded, not a pattern over the raw
text (issue 12, bug 4): a value read through a variable still names its parameter."""

import json

import pytest

from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.rules.registry import Registry


def _template(mode_expression, variables=None):
    return {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"mode": {"type": "string", "defaultValue": "VM"}},
        "variables": variables or {},
        "resources": [
            {
                "type": "Microsoft.Compute/virtualMachineScaleSets",
                "apiVersion": "2023-09-01",
                "name": "s",
                "location": "westeurope",
                "properties": {"orchestrationMode": mode_expression, "platformFaultDomainCount": 1},
            }
        ],
    }


def _orch002(tmp_path, data, **options):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data, indent=2))
    findings = Linter(Registry.default(entry_points=False), Options(explore=False, **options)).lint_file(str(path))
    (finding,) = [f for f in findings.findings if f.rule_id == "ORCH002"]
    return finding


@pytest.mark.parametrize(
    "expression,variables",
    [
        ("[parameters('mode')]", None),
        ("[variables('m')]", {"m": "[parameters('mode')]"}),
        ("[variables('outer')]", {"outer": "[variables('inner')]", "inner": "[toUpper(parameters('mode'))]"}),
    ],
)
def test_the_parameter_is_named_and_located(tmp_path, expression, variables):
    finding = _orch002(tmp_path, _template(expression, variables))
    assert finding.message.endswith("(value from parameter 'mode')")
    assert [(r.message, r.span.line) for r in finding.related] == [("value of parameter 'mode'", 7)]


def test_a_parameter_file_value_is_located_in_the_file(tmp_path):
    params = tmp_path / "t.parameters.json"
    params.write_text(
        json.dumps(
            {
                "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                "contentVersion": "1.0.0.0",
                "parameters": {"mode": {"value": "ScaleSetVM"}},
            },
            indent=2,
        )
    )
    data = _template("[variables('m')]", {"m": "[parameters('mode')]"})
    finding = _orch002(tmp_path, data, parameter_files=[str(params)])
    assert finding.message.endswith("(value from parameter 'mode')")
    assert [(r.span.path, r.span.line) for r in finding.related] == [(str(params), 6)]


def test_a_literal_names_no_parameter(tmp_path):
    finding = _orch002(tmp_path, _template("VM", {"m": "[parameters('mode')]"}))
    assert "parameter" not in finding.message and finding.related == []
