"""Edge cases of the fault-domain, zone, PPG and priority-mix rules (ORCH201-ORCH211)."""

import pytest

from ._lint import findings as shared_findings

PROFILE = {
    "storageProfile": {
        "imageReference": {"publisher": "Canonical", "offer": "ubuntu", "sku": "22_04-lts", "version": "latest"}
    }
}
NO_VALUE = {"p": {"type": "string"}, "n": {"type": "int"}, "z": {"type": "array"}, "o": {"type": "object"}}


def vmss(mode="Flexible", props=None, zones=None, api="2024-03-01", **top):
    res = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": api,
        "name": "vmss",
        "location": "westeurope",
    }
    if zones is not None:
        res["zones"] = zones
    res.update(top)
    res["properties"] = dict(
        {"orchestrationMode": mode} if mode else {}, virtualMachineProfile=PROFILE, **(props or {})
    )
    return res


def findings(tmp_path, rule, *resources):
    return shared_findings(tmp_path, rule, *resources, parameters=NO_VALUE)


FD_CASES = [
    # rule, mode, zones, fd, count
    ("ORCH201", "Flexible", ["1"], 1, 0),
    ("ORCH201", "Flexible", ["1", "2", "3"], 2, 1),
    ("ORCH201", "Flexible", ["1"], 0, 1),
    ("ORCH201", "Flexible", [], 2, 0),
    ("ORCH201", "Uniform", ["1"], 5, 0),
    ("ORCH202", "Flexible", None, 3, 0),
    ("ORCH202", "Flexible", None, 1, 0),
    ("ORCH202", "Flexible", [], 4, 1),
    ("ORCH202", "Flexible", None, 0, 1),
    ("ORCH202", "Flexible", ["1"], 5, 0),
    ("ORCH203", "Uniform", ["1"], 1, 0),
    ("ORCH203", "Uniform", ["1", "2"], 5, 0),
    ("ORCH203", "Uniform", ["1"], 2, 1),
    ("ORCH203", "Uniform", ["1", "2", "3"], 3, 1),
    ("ORCH203", None, ["1"], 3, 1),  # absent mode with a profile: evaluated as Uniform
    ("ORCH204", "Uniform", None, 5, 0),
    ("ORCH204", "Uniform", None, 1, 0),
    ("ORCH204", "Uniform", None, 6, 1),
    ("ORCH204", "Uniform", None, 0, 1),
    ("ORCH204", "Uniform", ["1"], 6, 0),
]


@pytest.mark.parametrize("rule,mode,zones,fd,count", FD_CASES)
def test_fault_domain_ranges(tmp_path, rule, mode, zones, fd, count):
    got = findings(tmp_path, rule, vmss(mode, {"platformFaultDomainCount": fd}, zones=zones))
    assert len(got) == count, got


@pytest.mark.parametrize(
    "rule,mode,zones",
    [
        ("ORCH201", "Flexible", ["1"]),
        ("ORCH202", "Flexible", None),
        ("ORCH203", "Uniform", ["1"]),
        ("ORCH204", "Uniform", None),
    ],
)
@pytest.mark.parametrize("fd", ["many", True, 2.5, "[parameters('n')]", None])
def test_fault_domains_unknown_absent_or_wrong_type(tmp_path, rule, mode, zones, fd):
    props = {} if fd is None else {"platformFaultDomainCount": fd}
    assert findings(tmp_path, rule, vmss(mode, props, zones=zones)) == []


@pytest.mark.parametrize(
    "rule,mode", [("ORCH201", "Flexible"), ("ORCH202", "Flexible"), ("ORCH203", "Uniform"), ("ORCH204", "Uniform")]
)
def test_fault_domains_unknown_zones(tmp_path, rule, mode):
    assert findings(tmp_path, rule, vmss(mode, {"platformFaultDomainCount": 7}, zones="[parameters('z')]")) == []


def test_fault_domains_case_insensitive_key(tmp_path):
    assert len(findings(tmp_path, "ORCH202", vmss("flexible", {"PlatformFaultDomainCount": 4}))) == 1


@pytest.mark.parametrize(
    "zones,props,api,count",
    [
        (["1", "2", "3"], {"platformFaultDomainCount": 1, "singlePlacementGroup": True}, "2024-03-01", 1),
        (["1", "2"], {"platformFaultDomainCount": 1, "singlePlacementGroup": True}, "2024-03-01", 1),
        # a deployment-tested module uses FD 1 with SPG true in one zone (RW-SF-SPG)
        (["1"], {"platformFaultDomainCount": 1, "singlePlacementGroup": True}, "2024-03-01", 0),
        # Service Fabric's multi-zone node type: FD only assumed (RW-SF-SPG)
        (["1", "2", "3"], {"singlePlacementGroup": True}, "2024-03-01", 0),
        (["1"], {"singlePlacementGroup": True}, "2024-03-01", 0),
        (None, {"singlePlacementGroup": True}, "2024-03-01", 0),  # regional default FD is 5
        (
            None,
            {"platformFaultDomainCount": 1, "singlePlacementGroup": True},
            "2024-03-01",
            0,
        ),  # regional: a quickstart deploys this
        (["1", "2", "3"], {"platformFaultDomainCount": 5, "singlePlacementGroup": True}, "2024-03-01", 0),
        (["1", "2", "3"], {"platformFaultDomainCount": 1, "singlePlacementGroup": False}, "2024-03-01", 0),
        (["1", "2", "3"], {"platformFaultDomainCount": 1}, "2024-03-01", 0),
        (
            ["1", "2", "3"],
            {"platformFaultDomainCount": 1, "singlePlacementGroup": "[parameters('p')]"},
            "2024-03-01",
            0,
        ),
        ("[parameters('z')]", {"platformFaultDomainCount": 1, "singlePlacementGroup": True}, "2024-03-01", 0),
    ],
)
def test_orch205(tmp_path, zones, props, api, count):
    got = findings(tmp_path, "ORCH205", vmss("Uniform", props, zones=zones, api=api))
    assert len(got) == count, got
    assert all(sev == "note" for _, sev, _ in got)


@pytest.mark.parametrize(
    "zones,value,expected",
    [
        (["1"], True, ["error"]),
        (None, False, ["warning"]),
        ([], True, ["error"]),
        (["1", "2"], True, []),
        (["1"], "[parameters('p')]", []),
        ("[parameters('z')]", True, []),
        (["1"], "yes", []),
    ],
)
def test_orch207_severity(tmp_path, zones, value, expected):
    got = findings(tmp_path, "ORCH207", vmss("Flexible", {"zoneBalance": value}, zones=zones))
    assert [sev for _, sev, _ in got] == expected


PPG_ID = {"id": "[resourceId('Microsoft.Compute/proximityPlacementGroups', 'ppg')]"}


@pytest.mark.parametrize(
    "zones,ppg,count",
    [
        (["1", "2"], PPG_ID, 1),
        (
            ["1", "2"],
            {"id": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/proximityPlacementGroups/ppg"},
            1,
        ),
        (["1"], PPG_ID, 0),
        (None, PPG_ID, 0),
        (["1", "2"], "[parameters('o')]", 0),
        (["1", "2"], {"id": ""}, 0),
        (["1", "2"], {"id": "[parameters('p')]"}, 0),
        (["1", "2"], None, 0),
    ],
)
def test_orch208(tmp_path, zones, ppg, count):
    props = {} if ppg is None else {"proximityPlacementGroup": ppg}
    assert len(findings(tmp_path, "ORCH208", vmss("Uniform", props, zones=zones))) == count


PMX = {"baseRegularPriorityCount": 1, "regularPriorityPercentageAboveBase": 50}


@pytest.mark.parametrize(
    "mode,pmx,count",
    [
        ("Uniform", PMX, 1),
        (None, PMX, 1),
        ("Flexible", PMX, 0),
        ("Uniform", "[parameters('o')]", 0),
        ("Uniform", None, 0),
    ],
)
def test_orch209(tmp_path, mode, pmx, count):
    props = {} if pmx is None else {"priorityMixPolicy": pmx}
    got = findings(tmp_path, "ORCH209", vmss(mode, props))
    assert len(got) == count
    if mode is None and got:
        assert "assumed" in got[0][2]


def flex_with_pmx(priority="Spot", spg=None):
    res = vmss("Flexible", {"priorityMixPolicy": PMX})
    profile = dict(PROFILE)
    if priority is not None:
        profile["priority"] = priority
    res["properties"]["virtualMachineProfile"] = profile
    if spg is not None:
        res["properties"]["singlePlacementGroup"] = spg
    return res


@pytest.mark.parametrize(
    "priority,spg,count",
    [
        ("Spot", None, 0),
        ("spot", False, 0),
        ("Regular", None, 1),
        (None, None, 1),
        ("[parameters('p')]", None, 0),
        ("Spot", True, 1),
        ("Regular", True, 2),
    ],
)
def test_orch210(tmp_path, priority, spg, count):
    assert len(findings(tmp_path, "ORCH210", flex_with_pmx(priority, spg))) == count


def test_orch210_needs_flexible_and_a_policy(tmp_path):
    res = flex_with_pmx("Regular")
    del res["properties"]["priorityMixPolicy"]
    assert findings(tmp_path, "ORCH210", res) == []


@pytest.mark.parametrize(
    "pmx,count",
    [
        ({"regularPriorityPercentageAboveBase": 0}, 0),
        ({"regularPriorityPercentageAboveBase": 100}, 0),
        ({"regularPriorityPercentageAboveBase": 101}, 1),
        ({"regularPriorityPercentageAboveBase": -1}, 1),
        ({"regularPriorityPercentageAboveBase": "[parameters('n')]"}, 0),
        ({"regularPriorityPercentageAboveBase": "half"}, 0),
        ({"baseRegularPriorityCount": -1}, 1),
        ({"baseRegularPriorityCount": 0}, 0),
        ({"baseRegularPriorityCount": -2, "regularPriorityPercentageAboveBase": 200}, 2),
    ],
)
def test_orch211(tmp_path, pmx, count):
    assert len(findings(tmp_path, "ORCH211", vmss("Flexible", {"priorityMixPolicy": pmx}))) == count
