"""Deterministic benchmark inputs: large ARM templates, a long Bicep file, parameter-heavy templates."""

from __future__ import annotations

import json
import random

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def scale_set(i: int, rng: random.Random) -> dict:
    flexible = i % 2 == 0
    props = {
        "orchestrationMode": "Flexible" if flexible else "Uniform",
        "singlePlacementGroup": False,
        "platformFaultDomainCount": 1,
        "virtualMachineProfile": {
            "storageProfile": {
                "imageReference": {
                    "publisher": "Canonical",
                    "offer": "ubuntu-24_04-lts",
                    "sku": "server",
                    "version": "latest",
                },
                "osDisk": {"createOption": "FromImage", "managedDisk": {"storageAccountType": "Premium_LRS"}},
            },
            "osProfile": {
                "computerNamePrefix": f"vm{i}",
                "adminUsername": "azureuser",
                "linuxConfiguration": {"disablePasswordAuthentication": True},
            },
            "networkProfile": {
                "networkInterfaceConfigurations": [
                    {
                        "name": f"nic{i}",
                        "properties": {
                            "primary": True,
                            "ipConfigurations": [
                                {
                                    "name": "ipconfig",
                                    "properties": {
                                        "subnet": {
                                            "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'default')]"
                                        }
                                    },
                                }
                            ],
                        },
                    }
                ]
            },
        },
    }
    if flexible:
        props["virtualMachineProfile"]["networkProfile"]["networkApiVersion"] = "2020-11-01"
    else:
        props["upgradePolicy"] = {"mode": "Manual"}
    if rng.random() < 0.2:
        props["singlePlacementGroup"] = True  # a finding on Flexible sets
    return {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2024-03-01",
        "name": f"[concat('vmss-', '{i}')]",
        "location": "[resourceGroup().location]",
        "zones": ["1", "2", "3"],
        "sku": {"name": "Standard_D2s_v5", "tier": "Standard", "capacity": 3},
        "properties": props,
    }


def filler(i: int, rng: random.Random) -> dict:
    kind = i % 3
    if kind == 0:
        return {
            "type": "Microsoft.Storage/storageAccounts",
            "apiVersion": "2023-01-01",
            "name": f"[concat('st', uniqueString(resourceGroup().id), '{i}')]",
            "location": "[resourceGroup().location]",
            "sku": {"name": "Standard_LRS"},
            "kind": "StorageV2",
            "properties": {
                "minimumTlsVersion": "TLS1_2",
                "supportsHttpsTrafficOnly": True,
                "tags": {"n": "é" * (i % 5)},
            },
        }
    if kind == 1:
        return {
            "type": "Microsoft.Network/networkSecurityGroups",
            "apiVersion": "2023-09-01",
            "name": f"nsg-{i}",
            "location": "[resourceGroup().location]",
            "properties": {
                "securityRules": [
                    {
                        "name": f"r{j}",
                        "properties": {
                            "priority": 100 + j,
                            "access": "Allow",
                            "direction": "Inbound",
                            "protocol": "Tcp",
                            "sourcePortRange": "*",
                            "destinationPortRange": str(1000 + j),
                            "sourceAddressPrefix": "*",
                            "destinationAddressPrefix": "*",
                        },
                    }
                    for j in range(4)
                ]
            },
        }
    return {
        "type": "Microsoft.Network/publicIPAddresses",
        "apiVersion": "2023-09-01",
        "name": f"[format('pip-{{0}}', '{i}')]",
        "location": "[resourceGroup().location]",
        "sku": {"name": "Standard"},
        "properties": {
            "publicIPAllocationMethod": "Static",
            "dnsSettings": {"domainNameLabel": f"[toLower('Label{i}')]"},
        },
    }


def big_template(resources: int, scale_sets: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    every = max(1, resources // max(1, scale_sets))
    items = []
    for i in range(resources):
        items.append(
            scale_set(i, rng)
            if i % every == 0 and sum(1 for r in items if "virtualMachineScaleSets" in r["type"]) < scale_sets
            else filler(i, rng)
        )
    return json.dumps({"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": {}, "resources": items}, indent=2)


def scale_sets_only(n: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    return json.dumps(
        {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": [scale_set(i, rng) for i in range(n)]}, indent=2
    )


def allowed_values_template(params: int = 50) -> str:
    parameters = {
        f"p{i}": {"type": "string", "allowedValues": ["Uniform", "Flexible", "x", "y"]} for i in range(params)
    }
    vmss = scale_set(0, random.Random(3))
    vmss["properties"]["orchestrationMode"] = "[parameters('p0')]"
    vmss["properties"]["platformFaultDomainCount"] = "[if(equals(parameters('p1'), 'x'), 2, 1)]"
    vmss["sku"]["capacity"] = "[length(concat(" + ", ".join(f"parameters('p{i}')" for i in range(2, params)) + "))]"
    return json.dumps(
        {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "parameters": parameters, "resources": [vmss]}, indent=2
    )


def bicep_file(lines_target: int = 5000) -> str:
    out = ["param location string = resourceGroup().location", "param prefix string = 'app'", ""]
    i = 0
    while len(out) < lines_target:
        mode = "'Flexible'" if i % 2 == 0 else "'Uniform'"
        out += [
            f"resource vmss{i} 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {{",
            f"  name: '${{prefix}}-vmss-{i}'",
            "  location: location",
            "  zones: [",
            "    '1'",
            "    '2'",
            "  ]",
            "  sku: {",
            "    name: 'Standard_D2s_v5'",
            "    capacity: 3",
            "  }",
            "  properties: {",
            f"    orchestrationMode: {mode}",
            "    singlePlacementGroup: false",
            "    platformFaultDomainCount: 1",
            "  }",
            "}",
            "",
        ]
        i += 1
    return "\n".join(out) + "\n"


def flexible_sets(n: int, seed: int = 13) -> str:
    """``n`` Flexible scale sets (the shape issue 18 measures per set)."""
    rng = random.Random(seed)
    return json.dumps(
        {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": [scale_set(2 * i, rng) for i in range(n)]},
        indent=2,
    )


SMALL_BICEP = """param location string = resourceGroup().location

resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {
  name: 'web'
  location: location
  zones: ['1', '2', '3']
  sku: { name: 'Standard_D2s_v5', capacity: 3 }
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: 1
    singlePlacementGroup: false
  }
}
"""
