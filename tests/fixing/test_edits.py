"""The edits themselves: exact spans, layout kept, in ARM JSON (with comments, CRLF, BOM,
trailing commas, one-line objects) and Bicep (modules fixed in the module file)."""

import json

import pytest

from arm_orchlint.cli.fix_run import fix_paths, write_fixed
from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.rules.registry import Registry


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def _fix(registry, tmp_path, files: dict, unsafe=False, main=None, raw=False):
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    main = main or next(iter(files))
    linter = Linter(registry, Options())
    outcome, workspace = fix_paths(linter, [str(tmp_path / main)], unsafe=unsafe)
    write_fixed(outcome, workspace)
    after = linter.lint_file(str(tmp_path / main)).findings
    if raw:
        return {n: (tmp_path / n).read_bytes() for n in files}, after, outcome
    return {n: (tmp_path / n).read_bytes().decode("utf-8") for n in files}, after, outcome


def _vmss(props: str, api="2023-03-01", extra="") -> str:
    return (
        '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
        '  "contentVersion": "1.0.0.0",\n  "resources": [\n    {\n'
        '      "type": "Microsoft.Compute/virtualMachineScaleSets",\n'
        f'      "apiVersion": "{api}",\n      "name": "vmss",\n      "location": "westeurope",{extra}\n'
        f'      "properties": {props}\n    }}\n  ]\n}}\n'
    )


def test_removed_last_member_takes_the_comma_before_it(registry, tmp_path):
    props = '{\n        "orchestrationMode": "Flexible",\n        "singlePlacementGroup": false,\n        "overprovision": true\n      }'
    out, after, _ = _fix(registry, tmp_path, {"t.json": _vmss(props)})
    want = '{\n        "orchestrationMode": "Flexible",\n        "singlePlacementGroup": false\n      }'
    assert out["t.json"] == _vmss(want)
    assert not [f for f in after if f.rule_id == "ORCH408"]


def test_removed_middle_member_takes_its_line(registry, tmp_path):
    props = '{\n        "orchestrationMode": "Flexible",\n        "overprovision": true,\n        "singlePlacementGroup": false\n      }'
    out, _, _ = _fix(registry, tmp_path, {"t.json": _vmss(props)})
    assert out["t.json"] == _vmss(
        '{\n        "orchestrationMode": "Flexible",\n        "singlePlacementGroup": false\n      }'
    )


def test_crlf_comments_and_trailing_commas_are_kept(registry, tmp_path):
    props = (
        '{\r\n        // the mode\r\n        "orchestrationMode": "Flexible", /* flex */\r\n'
        '        "singlePlacementGroup": true,\r\n        "overprovision": true,\r\n      }'
    )
    text = _vmss(props).replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    out, after, _ = _fix(registry, tmp_path, {"t.jsonc": text})
    fixed = out["t.jsonc"]
    assert "\n" not in fixed.replace("\r\n", "")  # every line still ends with CRLF
    assert "// the mode" in fixed and "/* flex */" in fixed
    assert '"singlePlacementGroup": false,\r\n      }' in fixed  # trailing comma style kept
    assert "overprovision" not in fixed
    assert not [f for f in after if f.rule_id in ("ORCH206", "ORCH408", "ORCH900")]


def test_one_line_object_member_removed_with_its_comma(registry, tmp_path):
    props = '{"orchestrationMode": "Flexible", "overprovision": true, "singlePlacementGroup": false}'
    out, _, _ = _fix(registry, tmp_path, {"t.json": _vmss(props)})
    assert '{"orchestrationMode": "Flexible", "singlePlacementGroup": false}' in out["t.json"]
    props = '{"orchestrationMode": "Flexible", "overprovision": true}'
    out, _, _ = _fix(registry, tmp_path, {"t.json": _vmss(props)})
    assert '{"orchestrationMode": "Flexible"}' in out["t.json"]


def test_bom_and_utf16_survive(registry, tmp_path):
    props = '{\n        "orchestrationMode": "Flexible",\n        "singlePlacementGroup": true\n      }'
    text = _vmss(props)
    out, _, _ = _fix(registry, tmp_path, {"t.json": b"\xef\xbb\xbf" + text.encode()}, raw=True)
    assert (
        out["t.json"]
        == b"\xef\xbb\xbf" + text.replace('"singlePlacementGroup": true', '"singlePlacementGroup": false').encode()
    )
    out, _, _ = _fix(registry, tmp_path, {"u.json": b"\xff\xfe" + text.encode("utf-16-le")}, raw=True)
    assert out["u.json"].startswith(b"\xff\xfe")
    assert '"singlePlacementGroup": false' in out["u.json"][2:].decode("utf-16-le")


def test_added_member_follows_indentation_and_separator(registry, tmp_path):
    props = (
        '{\n        "orchestrationMode": "Flexible",\n        "virtualMachineProfile": {\n'
        '          "networkProfile": {\n            "networkInterfaceConfigurations" : [\n'
        '              {"name": "nic", "properties": {"primary": true, "ipConfigurations": [{"name": "ip", "properties": {}}]}}\n'
        "            ]\n          }\n        }\n      }"
    )
    out, after, _ = _fix(registry, tmp_path, {"t.json": _vmss(props)})
    assert '            ],\n            "networkApiVersion" : "2020-11-01"\n          }' in out["t.json"]
    assert not [f for f in after if f.rule_id == "ORCH401"]


def test_parameter_default_is_fixed_only_as_unsafe(registry, tmp_path):
    text = _vmss(
        '{\n        "orchestrationMode": "Flexible",\n        "singlePlacementGroup": "[parameters(\'spg\')]"\n      }'
    )
    text = text.replace('"resources"', '"parameters": {"spg": {"type": "bool", "defaultValue": true}},\n  "resources"')
    out, after, outcome = _fix(registry, tmp_path, {"t.json": text})
    assert out["t.json"] == text and not outcome.applied  # safe only: nothing to do
    assert [f.fix.safe for f in after if f.rule_id == "ORCH206"] == [False]
    out, after, _ = _fix(registry, tmp_path, {"t.json": text}, unsafe=True)
    assert '"defaultValue": false' in out["t.json"] and "[parameters('spg')]" in out["t.json"]
    assert not [f for f in after if f.rule_id == "ORCH206"]


def test_expression_and_parameter_file_values_are_never_fixed(registry, tmp_path):
    text = _vmss(
        '{\n        "orchestrationMode": "Flexible",\n        "singlePlacementGroup": "[equals(1, 1)]"\n      }'
    )
    out, after, outcome = _fix(registry, tmp_path, {"t.json": text}, unsafe=True)
    assert out["t.json"] == text and not outcome.applied
    assert [f.fix for f in after if f.rule_id == "ORCH206"] == [None]
    text = _vmss(
        '{\n        "orchestrationMode": "Flexible",\n        "singlePlacementGroup": "[parameters(\'spg\')]"\n      }'
    )
    text = text.replace('"resources"', '"parameters": {"spg": {"type": "bool", "defaultValue": false}},\n  "resources"')
    (tmp_path / "p.json").write_text(json.dumps({"parameters": {"spg": {"value": True}}}))
    (tmp_path / "t.json").write_text(text)
    finding = next(
        f
        for f in Linter(registry, Options(parameter_files=[str(tmp_path / "p.json")]))
        .lint_file(str(tmp_path / "t.json"))
        .findings
        if f.rule_id == "ORCH206"
    )
    assert finding.fix is None


BICEP_MAIN = "module m 'mod/vmss.bicep' = {\n  name: 'm'\n}\n"
BICEP_MODULE = (
    "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2023-03-01' = {\r\n"
    "  name: 'vmss'\r\n  location: 'westeurope'\r\n  properties: {\r\n"
    "    orchestrationMode: 'Flexible'\r\n    singlePlacementGroup: true // keep this comment\r\n"
    "    overprovision: true\r\n    zoneBalance: false\r\n  }\r\n}\r\n"
)


def test_bicep_module_property_is_fixed_in_the_module_file(registry, tmp_path):
    out, after, _ = _fix(registry, tmp_path, {"main.bicep": BICEP_MAIN, "mod/vmss.bicep": BICEP_MODULE})
    assert out["main.bicep"] == BICEP_MAIN
    assert out["mod/vmss.bicep"] == (
        "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2023-03-01' = {\r\n"
        "  name: 'vmss'\r\n  location: 'westeurope'\r\n  properties: {\r\n"
        "    orchestrationMode: 'Flexible'\r\n    singlePlacementGroup: false // keep this comment\r\n  }\r\n}\r\n"
    )
    assert not [f for f in after if f.severity in ("error", "warning")]


def test_bicep_api_version_raised_inside_the_type_string(registry, tmp_path):
    text = (
        "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2019-07-01' = {\n  name: 'vmss'\n"
        "  location: 'westeurope'\n  properties: {\n    orchestrationMode: 'Uniform'\n  }\n}\n"
    )
    out, _, outcome = _fix(registry, tmp_path, {"t.bicep": text})
    assert out["t.bicep"] == text and not outcome.applied  # unsafe only
    out, after, _ = _fix(registry, tmp_path, {"t.bicep": text}, unsafe=True)
    assert out["t.bicep"] == text.replace("@2019-07-01", "@2020-12-01")
    assert not [f for f in after if f.rule_id in ("ORCH003", "ORCH007")]


def test_fixing_twice_changes_nothing_the_second_time(registry, tmp_path):
    _fix(registry, tmp_path, {"main.bicep": BICEP_MAIN, "mod/vmss.bicep": BICEP_MODULE}, unsafe=True)
    linter = Linter(registry, Options())
    again, _ = fix_paths(linter, [str(tmp_path / "main.bicep")], unsafe=True)
    assert again.changed == {} and not again.applied


def test_fix_and_diff_on_standard_input(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from arm_orchlint.cli.app import cli

    props = '{\n        "orchestrationMode": "Flexible",\n        "singlePlacementGroup": true\n      }'
    text = _vmss(props).replace("\n", "\r\n")
    monkeypatch.chdir(tmp_path)
    fixed = CliRunner().invoke(cli, ["check", "--fix", "-", "--stdin-filename", "t.json"], input=text.encode())
    assert fixed.exit_code == 0, fixed.output
    assert fixed.stdout_bytes == text.replace('"singlePlacementGroup": true', '"singlePlacementGroup": false').encode()
    assert not (tmp_path / "t.json").exists()  # nothing is written
    diff = CliRunner().invoke(cli, ["check", "--diff", "-"], input=text.encode())
    assert diff.exit_code == 1 and b'+        "singlePlacementGroup": false\r\n' in diff.stdout_bytes
    both = CliRunner().invoke(cli, ["check", "--fix", "-", "other.json"], input=text.encode())
    assert both.exit_code == 2


def test_unused_suppression_line_is_removed_and_a_used_one_kept(registry, tmp_path):
    text = (
        "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2023-03-01' = {\r\n  name: 'vmss'\r\n"
        "  location: 'westeurope'\r\n  properties: {\r\n    orchestrationMode: 'Flexible'\r\n"
        "    // arm-orchlint-disable-next-line ORCH206 -- accepted in OPS-1\r\n    singlePlacementGroup: true\r\n"
        "    // arm-orchlint-disable-next-line ORCH408 -- stale\r\n    platformFaultDomainCount: 1\r\n"
        "    // arm-orchlint-disable-next-line ORCH002, ORCH408 -- two rules: left to the user\r\n"
        "    overprovision: false\r\n  }\r\n}\r\n"
    )
    out, after, _ = _fix(registry, tmp_path, {"t.bicep": text})
    assert out["t.bicep"] == text.replace("    // arm-orchlint-disable-next-line ORCH408 -- stale\r\n", "")
    unused = [f for f in after if f.rule_id == "ORCH905"]
    assert unused and all(f.fix is None for f in unused)  # the two-rule directive stays
