"""``arm-orchlint migrate --to Flexible|Uniform``: blockers at their property (in the original
text), fixable and manual ones, --resource, --fix writing orchestrationMode and the fixes,
every output format, and the real quickstart of docs/migration.md."""

import json
import shutil

import pytest
from click.testing import CliRunner

from arm_orchlint.cli.app import cli

from ..conftest import CORPUS, needs_shared

QUICKSTART = (
    CORPUS / "files/anthony-c-martin__azure-quickstart-templates/201-vmss-windows-webapp-dsc-autoscale/azuredeploy.json"
)


def run(*args):
    result = CliRunner().invoke(cli, ["migrate", *map(str, args)], catch_exceptions=False)
    return result.exit_code, result.output


UNIFORM = """{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachineScaleSets",
      "apiVersion": "2023-03-01",
      "name": "web",
      "location": "westeurope",
      "sku": {"name": "Standard_D2s_v3", "capacity": 2},
      "identity": {"type": "SystemAssigned"},
      "properties": {
        "overprovision": true,
        "singlePlacementGroup": true,
        "virtualMachineProfile": {
          "networkProfile": {
            "networkInterfaceConfigurations": [
              {"name": "nic", "properties": {"primary": true, "ipConfigurations": [{"name": "ip", "properties": {
                "loadBalancerInboundNatPools": [{"id": "[resourceId('Microsoft.Network/loadBalancers/inboundNatPools', 'lb', 'nat')]"}]
              }}]}}
            ]
          }
        }
      }
    },
    {
      "type": "Microsoft.Compute/virtualMachineScaleSets",
      "apiVersion": "2023-03-01",
      "name": "already",
      "location": "westeurope",
      "properties": {"orchestrationMode": "Flexible", "platformFaultDomainCount": 1}
    }
  ]
}
"""


def _blockers(out: str) -> dict:
    doc = json.loads(out)
    return {s["name"]: s for s in doc["scaleSets"]}


def test_blockers_are_reported_at_their_property_with_fix_or_replacement(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(UNIFORM)
    code, out = run("--to", "Flexible", "-f", "json", path)
    assert code == 1
    sets = _blockers(out)
    assert set(sets) == {"web"}  # 'already' is Flexible
    web = sets["web"]
    assert web["from"] == "Uniform" and web["modeChange"] == "added"
    by_rule = {b["rule"]: b for b in web["blockers"]}
    assert {"ORCH206", "ORCH408", "ORCH401", "ORCH404", "ORCH409"} <= set(by_rule)
    assert by_rule["ORCH408"]["fixable"] and by_rule["ORCH408"]["fixSafe"]
    assert not by_rule["ORCH404"]["fixable"] and "NAT rules" in by_rule["ORCH404"]["instead"]
    assert "user-assigned" in by_rule["ORCH409"]["instead"]
    lines = UNIFORM.splitlines()
    for rule, word in (("ORCH408", "overprovision"), ("ORCH206", "singlePlacementGroup"), ("ORCH404", "NatPools")):
        assert word in lines[by_rule[rule]["line"] - 1], rule  # located in the original text
    assert json.loads(out)["inPlace"] is False


def test_text_says_the_mode_cannot_change_in_place(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(UNIFORM)
    code, out = run("--to", "Flexible", path)
    assert code == 1
    assert "cannot change in place" in out and "new scale set" in out
    assert "web: Uniform (assumed: orchestrationMode not set) -> Flexible" in out
    assert "instead: replace the inbound NAT pools with inbound NAT rules" in out


def test_fix_writes_the_mode_and_the_safe_fixes_and_names_orch801(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(UNIFORM)
    code, out = run("--to", "Flexible", "--fix", path)
    assert code == 1  # NAT pools and the identity are left to do by hand
    assert "ORCH801" in out
    written = json.loads(path.read_text())
    props = written["resources"][0]["properties"]
    assert list(props)[0] == "orchestrationMode" and props["orchestrationMode"] == "Flexible"
    assert "overprovision" not in props and props["singlePlacementGroup"] is False
    assert props["virtualMachineProfile"]["networkProfile"]["networkApiVersion"] == "2020-11-01"
    assert written["resources"][1] == json.loads(UNIFORM)["resources"][1]
    assert "ORCH408" not in out and "ORCH404" in out
    # the old and the new version: the diff rules report the mode change
    old = tmp_path / "old.json"
    old.write_text(UNIFORM)
    diff = CliRunner().invoke(cli, ["diff", str(old), str(path)], catch_exceptions=False)
    assert "ORCH801" in diff.output


def test_to_uniform_and_resource_filter(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(
        UNIFORM.replace(
            '"platformFaultDomainCount": 1}',
            '"platformFaultDomainCount": 1, "priorityMixPolicy": {"baseRegularPriorityCount": 1}, "virtualMachineProfile": {"priority": "Spot", "networkProfile": {"networkApiVersion": "2020-11-01"}}}',
        )
    )
    code, out = run("--to", "Uniform", "--resource", "already", "-f", "json", path)
    sets = _blockers(out)
    assert set(sets) == {"already"} and sets["already"]["modeChange"] == "literal"
    rules = {b["rule"]: b for b in sets["already"]["blockers"]}
    assert rules["ORCH403"]["fixable"] and rules["ORCH403"]["fixSafe"]
    assert not rules["ORCH209"]["fixable"] and "Flexible" in rules["ORCH209"]["instead"]
    code, out = run("--to", "Uniform", "--resource", "nothing-by-that-name", path)
    assert code == 0 and "No scale set to migrate" in out


def test_bicep_module_mode_is_changed_in_the_module(tmp_path):
    (tmp_path / "mod").mkdir()
    (tmp_path / "main.bicep").write_text("module m 'mod/vmss.bicep' = {\n  name: 'm'\n}\n")
    module = (
        "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2023-03-01' = {\n  name: 'vmss'\n"
        "  location: 'westeurope'\n  properties: {\n    orchestrationMode: 'Uniform'\n    overprovision: true\n  }\n}\n"
    )
    (tmp_path / "mod" / "vmss.bicep").write_text(module)
    code, out = run("--to", "Flexible", "--fix", tmp_path / "main.bicep")
    assert code == 0, out
    assert (tmp_path / "mod" / "vmss.bicep").read_text() == module.replace("'Uniform'", "'Flexible'").replace(
        "    overprovision: true\n", ""
    )


def test_every_format(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(UNIFORM)
    for fmt in ("sarif", "github", "azure", "junit"):
        code, out = run("--to", "Flexible", "-f", fmt, path)
        assert code == 1 and "ORCH404" in out, fmt
    sarif = json.loads(run("--to", "Flexible", "-f", "sarif", path)[1])
    messages = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert all(m.startswith("[migration to Flexible]") for m in messages)
    code, out = run("--to", "Flexible", "-f", "markdown", path)
    assert "| Scale set | File | From | Blockers | Fixable | By hand |" in out
    assert "| `web` | " in out and "ORCH404" in out


def test_service_fabric_stays_uniform(tmp_path):
    sf = UNIFORM.replace(
        '"virtualMachineProfile": {',
        '"virtualMachineProfile": {"extensionProfile": {"extensions": [{"name": "sf", "properties": '
        '{"publisher": "Microsoft.Azure.ServiceFabric", "type": "ServiceFabricNode", "typeHandlerVersion": "1.1"}}]},',
    )
    path = tmp_path / "t.json"
    path.write_text(sf)
    rules = {b["rule"]: b for b in _blockers(run("--to", "Flexible", "-f", "json", path)[1])["web"]["blockers"]}
    assert "stays on a Uniform" in rules["ORCH412"]["instead"]


@needs_shared(QUICKSTART)
def test_the_quickstart_of_the_migration_guide(tmp_path):
    path = tmp_path / "azuredeploy.json"
    shutil.copy(QUICKSTART, path)
    code, out = run("--to", "Flexible", "-f", "json", path)
    (web,) = _blockers(out).values()
    rules = {b["rule"] for b in web["blockers"]}
    assert {"ORCH404", "ORCH406", "ORCH408", "ORCH401", "ORCH206"} <= rules
    code, out = run("--to", "Flexible", "--fix", "--unsafe-fixes", path)
    left = out.split("\n\n")[1]
    assert "ORCH404" in left and "ORCH406" in left and "ORCH408" not in left
    check = CliRunner().invoke(cli, ["check", "--format", "json", str(path)], catch_exceptions=False)
    assert {f["rule"] for f in json.loads(check.output)["findings"] if f["severity"] == "error"} == {
        "ORCH404",
        "ORCH406",
    }


@pytest.mark.parametrize("target", ["Flexible", "Uniform"])
def test_no_paths_is_a_usage_error(target):
    result = CliRunner().invoke(cli, ["migrate", "--to", target])
    assert result.exit_code == 2


def test_fix_applies_only_the_fixes_the_move_needs(tmp_path):
    # the Flexible set 'already' has a fix of its own (overprovision): migrating 'web' leaves it
    text = UNIFORM.replace('"platformFaultDomainCount": 1}', '"platformFaultDomainCount": 1, "overprovision": true}')
    path = tmp_path / "t.json"
    path.write_text(text)
    run("--to", "Flexible", "--fix", path)
    written = json.loads(path.read_text())
    assert "overprovision" not in written["resources"][0]["properties"]
    assert written["resources"][1]["properties"]["overprovision"] is True
