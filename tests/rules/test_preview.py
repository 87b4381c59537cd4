"""Edge cases of the 2019 preview table rules (ORCH101-ORCH113)."""

import pytest

from ._lint import findings

PROFILE = {
    "storageProfile": {
        "imageReference": {"publisher": "Canonical", "offer": "ubuntu", "sku": "22_04-lts", "version": "latest"}
    }
}
SET_ID = "[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'vmss')]"


def vmss(mode="VM", props=None, **top):
    res = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2024-03-01",
        "name": "vmss",
        "location": "westeurope",
    }
    res.update(top)
    res["properties"] = dict({"orchestrationMode": mode}, **(props or {}))
    return res


def vm(count=None, name="vm"):
    res = {
        "type": "Microsoft.Compute/virtualMachines",
        "apiVersion": "2024-03-01",
        "name": name,
        "location": "westeurope",
        "properties": {"virtualMachineScaleSet": {"id": SET_ID}},
    }
    if count is not None:
        res["copy"] = {"name": name + "Loop", "count": count}
    return res


NO_VALUE = {"p": {"type": "string"}, "n": {"type": "int"}}


@pytest.mark.parametrize(
    "mode,props,count",
    [
        ("VM", {"virtualMachineProfile": PROFILE}, 1),
        ("vm", {"VirtualMachineProfile": PROFILE}, 1),
        ("VM", {}, 0),
        ("ScaleSetVM", {"virtualMachineProfile": PROFILE}, 0),
        ("Flexible", {"virtualMachineProfile": PROFILE}, 0),
    ],
)
def test_orch101(tmp_path, mode, props, count):
    assert len(findings(tmp_path, "ORCH101", vmss(mode, props))) == count


@pytest.mark.parametrize(
    "mode,props,count",
    [
        ("ScaleSetVM", {}, 1),
        ("scalesetvm", {}, 1),
        ("ScaleSetVM", {"virtualMachineProfile": PROFILE}, 0),
        ("ScaleSetVM", {"virtualMachineProfile": "[parameters('p')]"}, 0),
        ("Flexible", {}, 0),
        ("VM", {}, 0),
    ],
)
def test_orch102(tmp_path, mode, props, count):
    assert len(findings(tmp_path, "ORCH102", vmss(mode, props), parameters=NO_VALUE)) == count


def autoscale(rtype="Microsoft.Insights/autoscaleSettings", target=SET_ID):
    return {
        "type": rtype,
        "apiVersion": "2022-10-01",
        "name": "as",
        "location": "westeurope",
        "properties": {"enabled": True, "targetResourceUri": target, "profiles": []},
    }


@pytest.mark.parametrize(
    "mode,rtype,target,count",
    [
        ("VM", "Microsoft.Insights/autoscaleSettings", SET_ID, 1),
        ("VM", "Microsoft.Insights/autoscalesettings", SET_ID, 1),
        ("VM", "Microsoft.Insights/autoscaleSettings", "[parameters('p')]", 0),
        ("ScaleSetVM", "Microsoft.Insights/autoscaleSettings", SET_ID, 0),
        ("Flexible", "Microsoft.Insights/autoscaleSettings", SET_ID, 0),
    ],
)
def test_orch103(tmp_path, mode, rtype, target, count):
    assert len(findings(tmp_path, "ORCH103", vmss(mode), autoscale(rtype, target), parameters=NO_VALUE)) == count


@pytest.mark.parametrize("value,count", [(True, 1), (False, 0), ("[parameters('p')]", 0)])
def test_orch104(tmp_path, value, count):
    props = {"upgradePolicy": {"automaticOSUpgradePolicy": {"enableAutomaticOSUpgrade": value}}}
    assert len(findings(tmp_path, "ORCH104", vmss("VM", props), parameters=NO_VALUE)) == count


def test_orch104_case_insensitive_keys(tmp_path):
    props = {"UpgradePolicy": {"AutomaticOSUpgradePolicy": {"EnableAutomaticOSUpgrade": True}}}
    assert len(findings(tmp_path, "ORCH104", vmss("VM", props))) == 1


@pytest.mark.parametrize("mode,count", [("Rolling", 1), ("AUTOMATIC", 1), ("Manual", 0), ("[parameters('p')]", 0)])
def test_orch105(tmp_path, mode, count):
    assert (
        len(findings(tmp_path, "ORCH105", vmss("VM", {"upgradePolicy": {"mode": mode}}), parameters=NO_VALUE)) == count
    )


@pytest.mark.parametrize("spg,count", [(False, 1), (True, 0), ("[parameters('p')]", 0)])
def test_orch106(tmp_path, spg, count):
    assert len(findings(tmp_path, "ORCH106", vmss("VM", {"singlePlacementGroup": spg}), parameters=NO_VALUE)) == count


@pytest.mark.parametrize(
    "fd,zones,count",
    [
        (1, None, 1),
        (2, None, 0),
        (3, None, 0),
        (4, None, 1),
        (5, None, 1),
        (5, ["1"], 0),
        (2, ["1"], 1),
        ("many", None, 0),
        (True, None, 0),
        ("[parameters('n')]", None, 0),
        (1, "[parameters('p')]", 0),
    ],
)
def test_orch107(tmp_path, fd, zones, count):
    top = {"zones": zones} if zones is not None else {}
    assert (
        len(findings(tmp_path, "ORCH107", vmss("VM", {"platformFaultDomainCount": fd}, **top), parameters=NO_VALUE))
        == count
    )


def test_orch107_absent_is_not_reported(tmp_path):
    assert findings(tmp_path, "ORCH107", vmss("VM")) == []


@pytest.mark.parametrize("fd,count", [(0, 1), (1, 0), (5, 0), (6, 1), ("many", 0), ("[parameters('n')]", 0)])
def test_orch108(tmp_path, fd, count):
    props = {"platformFaultDomainCount": fd, "virtualMachineProfile": PROFILE}
    assert len(findings(tmp_path, "ORCH108", vmss("ScaleSetVM", props), parameters=NO_VALUE)) == count


@pytest.mark.parametrize("zones,count", [(["1", "2"], 1), (["1"], 0), ([], 0), ("[parameters('p')]", 0)])
def test_orch109(tmp_path, zones, count):
    assert len(findings(tmp_path, "ORCH109", vmss("VM", zones=zones), parameters=NO_VALUE)) == count


@pytest.mark.parametrize(
    "vms,count",
    [
        ([vm(200)], 0),
        ([vm(201)], 1),
        ([vm(150, "a"), vm(50, "b"), vm(name="c")], 1),
        ([vm(150, "a"), vm(50, "b")], 0),
        ([vm(250, "a"), vm("[parameters('n')]", "b")], 0),
    ],
)
def test_orch110_counts(tmp_path, vms, count):
    assert len(findings(tmp_path, "ORCH110", vmss("VM"), *vms, parameters=NO_VALUE)) == count


def test_orch110_ignores_vms_of_other_sets_and_other_modes(tmp_path):
    other = vm(300)
    other["properties"]["virtualMachineScaleSet"]["id"] = (
        "[resourceId('Microsoft.Compute/virtualMachineScaleSets', 'other')]"
    )
    assert findings(tmp_path, "ORCH110", vmss("VM"), other) == []
    assert findings(tmp_path, "ORCH110", vmss("Flexible"), vm(300)) == []


@pytest.mark.parametrize(
    "capacity,count", [(0, 0), (1000, 0), (1001, 1), ("1001", 1), (-1, 1), ("[parameters('n')]", 0), ("lots", 0)]
)
def test_orch111(tmp_path, capacity, count):
    res = vmss("ScaleSetVM", {"virtualMachineProfile": PROFILE}, sku={"name": "Standard_D2s_v5", "capacity": capacity})
    assert len(findings(tmp_path, "ORCH111", res, parameters=NO_VALUE)) == count


@pytest.mark.parametrize("mode,count", [("ScaleSetVM", 1), ("VM", 0), ("Flexible", 0)])
def test_orch112(tmp_path, mode, count):
    assert len(findings(tmp_path, "ORCH112", vmss(mode, {"virtualMachineProfile": PROFILE}), vm())) == count


def child(name="vmss/0", rtype="Microsoft.Compute/virtualMachineScaleSets/virtualMachines"):
    return {"type": rtype, "apiVersion": "2024-03-01", "name": name, "properties": {}}


@pytest.mark.parametrize(
    "mode,res,count",
    [
        ("VM", child(), 1),
        ("VM", child("VMSS/0", "microsoft.compute/virtualmachinescalesets/VIRTUALMACHINES"), 1),
        ("VM", child("other/0"), 0),
        ("VM", child("[concat('vmss/', '0')]"), 1),  # evaluated: the name is known
        ("ScaleSetVM", child(), 0),
        ("Uniform", child(), 0),
    ],
)
def test_orch113(tmp_path, mode, res, count):
    assert len(findings(tmp_path, "ORCH113", vmss(mode), res)) == count
