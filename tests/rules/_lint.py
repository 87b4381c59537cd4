"""Small helpers for the rule unit tests: build a template inline, lint it, pick one
rule's findings."""

from __future__ import annotations

import copy
import json

from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.rules.registry import Registry

VMSS = "Microsoft.Compute/virtualMachineScaleSets"
_REGISTRY = None


def registry():
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = Registry.default()
    return _REGISTRY


def rid(rtype, *names):
    return "[resourceId('" + rtype + "', " + ", ".join(f"'{n}'" for n in names) + ")]"


def lint(tmp_path, resources, rule=None, parameters=None, options=None):
    """Findings of ``rule`` (or all) for a template holding ``resources``."""
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": parameters or {},
        "resources": resources,
    }
    path = tmp_path / "template.json"
    path.write_text(json.dumps(template, indent=2))
    findings = Linter(registry(), options or Options()).lint_file(str(path)).findings
    return [f for f in findings if rule is None or f.rule_id == rule]


def findings(tmp_path, rule, *resources, parameters=None):
    """``(line, severity, message)`` of one rule's findings, for terse assertions."""
    return [(f.line, f.severity, f.message) for f in lint(tmp_path, list(resources), rule, parameters)]


def flexible(name="vmss", api="2024-03-01", **props):
    """A Flexible set with a minimal VM profile (NIC configuration with networkApiVersion)."""
    body = {
        "orchestrationMode": "Flexible",
        "singlePlacementGroup": False,
        "platformFaultDomainCount": 1,
        "virtualMachineProfile": {
            "storageProfile": {
                "imageReference": {"publisher": "Canonical", "offer": "ubuntu", "sku": "22_04", "version": "latest"}
            },
            "networkProfile": {
                "networkApiVersion": "2020-11-01",
                "networkInterfaceConfigurations": [
                    {
                        "name": "nic",
                        "properties": {
                            "primary": True,
                            "ipConfigurations": [
                                {
                                    "name": "ip",
                                    "properties": {
                                        "subnet": {
                                            "id": rid("Microsoft.Network/virtualNetworks/subnets", "vnet", "default")
                                        }
                                    },
                                }
                            ],
                        },
                    }
                ],
            },
        },
    }
    body.update(props)
    return {
        "type": VMSS,
        "apiVersion": api,
        "name": name,
        "location": "westeurope",
        "sku": {"name": "Standard_D2s_v5", "capacity": 2},
        "properties": body,
    }


def uniform(name="vmss", api="2024-03-01", **props):
    res = flexible(name, api, **props)
    res["properties"]["orchestrationMode"] = "Uniform"
    del res["properties"]["virtualMachineProfile"]["networkProfile"]["networkApiVersion"]
    res["properties"].pop("singlePlacementGroup")
    res["properties"].pop("platformFaultDomainCount")
    res["properties"].update(props)
    return res


def profileless(name="vmss", api="2024-03-01", **props):
    body = {"orchestrationMode": "Flexible", "singlePlacementGroup": False, "platformFaultDomainCount": 1}
    body.update(props)
    return {"type": VMSS, "apiVersion": api, "name": name, "location": "westeurope", "properties": body}


def vm(name="vm", set_name="vmss", api="2024-03-01", **props):
    body = {"hardwareProfile": {"vmSize": "Standard_D2s_v5"}}
    if set_name:
        body["virtualMachineScaleSet"] = {"id": rid(VMSS, set_name)}
    body.update(props)
    return {
        "type": "Microsoft.Compute/virtualMachines",
        "apiVersion": api,
        "name": name,
        "location": "westeurope",
        "properties": body,
    }


def at(res, path, value):
    node = res
    for key in path[:-1]:
        node = node.setdefault(key, {}) if isinstance(key, str) else node[key]
    node[path[-1]] = value
    return res


def clone(value):
    return copy.deepcopy(value)


PROFILE = ("properties", "virtualMachineProfile")
NETWORK = PROFILE + ("networkProfile",)
IPCONF = NETWORK + ("networkInterfaceConfigurations", 0, "properties", "ipConfigurations", 0, "properties")
UNKNOWN_PARAM = {"value": {"type": "string"}}  # declared without a default: its value is unknown
