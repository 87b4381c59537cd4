"""Hypothesis: random scale sets with random violations, written in random layouts (ARM
JSON with indentation, CRLF, comments and trailing commas; Bicep), are fixed to a fixed
point: every finding that had a safe fix is gone, nothing new appears, the files still
parse, and fixing again changes nothing."""

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arm_orchlint.cli.fix_run import fix_paths, write_fixed
from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.rules.registry import Registry

REGISTRY = Registry.default()


@st.composite
def scale_sets(draw):
    mode = draw(st.sampled_from(["Flexible", "Uniform"]))
    zones = draw(st.sampled_from([None, ["1"], ["1", "2", "3"]]))
    props: dict = {"orchestrationMode": mode}
    body: dict = {"sku": {"name": "Standard_D2s_v3", "capacity": draw(st.integers(1, 50))}}
    if zones is not None:
        body["zones"] = zones
    if draw(st.booleans()):
        props["singlePlacementGroup"] = draw(st.booleans())
    if draw(st.booleans()):
        props["overprovision"] = draw(st.booleans())
    if draw(st.booleans()):
        props["zoneBalance"] = draw(st.booleans())
    if draw(st.booleans()):
        props["platformFaultDomainCount"] = draw(st.integers(1, 3)) if mode == "Flexible" else 1
    network: dict = {
        "networkInterfaceConfigurations": [
            {"name": "nic", "properties": {"primary": True, "ipConfigurations": [{"name": "ip", "properties": {}}]}}
        ]
    }
    if draw(st.booleans()):
        network["networkApiVersion"] = "2020-11-01"
    profile = {"networkProfile": network}
    if draw(st.booleans()):
        profile["osProfile"] = {
            "computerNamePrefix": "vm",
            "adminUsername": "azureuser",
            "windowsConfiguration": {"enableAutomaticUpdates": draw(st.booleans())},
        }
        props["upgradePolicy"] = {
            "mode": "Automatic",
            "automaticOSUpgradePolicy": {"enableAutomaticOSUpgrade": draw(st.booleans())},
        }
        profile["storageProfile"] = {
            "imageReference": {
                "publisher": "MicrosoftWindowsServer",
                "offer": "WindowsServer",
                "sku": "2022-datacenter",
                "version": "latest",
            }
        }
        profile["extensionProfile"] = {
            "extensions": [
                {
                    "name": "health",
                    "properties": {
                        "publisher": "Microsoft.ManagedServices",
                        "type": "ApplicationHealthWindows",
                        "typeHandlerVersion": "1.0",
                        "settings": {"protocol": "tcp", "port": 80},
                    },
                }
            ]
        }
    props["virtualMachineProfile"] = profile
    keys = draw(st.permutations(list(props)))
    body["properties"] = {k: props[k] for k in keys}
    return body


@st.composite
def layouts(draw):
    return {
        "indent": draw(st.sampled_from([2, 4, "\t"])),
        "crlf": draw(st.booleans()),
        "comments": draw(st.booleans()),
        "trailing": draw(st.booleans()),
        "bicep": draw(st.booleans()),
    }


def _arm(body: dict, layout: dict) -> str:
    resource = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2024-07-01",
        "name": "vmss",
        "location": "westeurope",
        **body,
    }
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [resource],
    }
    text = json.dumps(template, indent=layout["indent"])
    if layout["comments"]:
        text = re.sub(r'(\n[ \t]*)("properties": \{)', r"\1// the settings\1\2", text)
        text = text.replace('"orchestrationMode": ', '/* mode */ "orchestrationMode": ')
    if layout["trailing"]:
        text = re.sub(r"(\S)(\n[ \t]*[}\]])", r"\1,\2", text)
    return text + "\n"


def _bicep_value(value, depth: int, indent: str) -> str:
    pad = indent * (depth + 1)
    if isinstance(value, dict):
        inner = "".join(f"{pad}{k}: {_bicep_value(v, depth + 1, indent)}\n" for k, v in value.items())
        return "{\n" + inner + indent * depth + "}"
    if isinstance(value, list):
        inner = "".join(f"{pad}{_bicep_value(v, depth + 1, indent)}\n" for v in value)
        return "[\n" + inner + indent * depth + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value) + "'"


def _bicep(body: dict, layout: dict) -> str:
    indent = layout["indent"] if isinstance(layout["indent"], str) else " " * layout["indent"]
    resource = {"name": "vmss", "location": "westeurope", **body}
    text = "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-07-01' = " + _bicep_value(resource, 0, indent)
    if layout["comments"]:
        text = text.replace("orchestrationMode:", "// the mode\n" + indent * 2 + "orchestrationMode:", 1)
    return text + "\n"


def _keys(findings):
    return {(f.rule_id, f.property_path) for f in findings}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scale_sets(), layouts())
def test_random_templates_fix_to_a_fixed_point(tmp_path_factory, body, layout):
    folder = tmp_path_factory.mktemp("fix")
    path = folder / ("t.bicep" if layout["bicep"] else "t.jsonc")
    text = _bicep(body, layout) if layout["bicep"] else _arm(body, layout)
    if layout["crlf"]:
        text = text.replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8"))
    linter = Linter(REGISTRY, Options(explore=False))
    before = linter.lint_file(str(path)).findings
    assert not [f for f in before if f.rule_id in ("ORCH900", "ORCH907", "ORCH908")], text
    fixable = {(f.rule_id, f.property_path) for f in before if f.fix is not None and f.fix.safe}
    outcome, workspace = fix_paths(linter, [str(path)])
    assert outcome.converged
    write_fixed(outcome, workspace)
    fixed = path.read_bytes().decode("utf-8")
    after = linter.lint_file(str(path)).findings
    assert not [f for f in after if f.rule_id in ("ORCH900", "ORCH908")], fixed
    assert not fixable & _keys(after), fixed
    assert _keys(after) <= _keys(before), fixed
    if layout["crlf"]:
        assert "\n" not in fixed.replace("\r\n", "")
    if layout["comments"]:
        assert fixed.count("//") == text.count("//") and fixed.count("/*") == text.count("/*")
    again, _ = fix_paths(linter, [str(path)])
    assert again.changed == {} and not again.applied
