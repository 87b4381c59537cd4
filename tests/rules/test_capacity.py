"""Edge cases of the capacity rules (ORCH301-ORCH305)."""

import pytest

from arm_orchlint.rules.checks._common import is_managed_image
from arm_orchlint.rules.checks.capacity import specialty_family

from ._lint import findings as shared_findings

NO_VALUE = {"p": {"type": "string"}, "n": {"type": "int"}, "b": {"type": "bool"}}
MARKETPLACE = {"publisher": "Canonical", "offer": "ubuntu", "sku": "22_04-lts", "version": "latest"}


def vmss(mode, capacity, props=None, zones=None, size="Standard_D2s_v5", image=None, api="2024-03-01"):
    res = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": api,
        "name": "vmss",
        "location": "westeurope",
        "sku": {"name": size, "capacity": capacity},
    }
    if zones is not None:
        res["zones"] = zones
    res["properties"] = dict(
        {"orchestrationMode": mode} if mode else {},
        virtualMachineProfile={"storageProfile": {"imageReference": image or MARKETPLACE}},
        **(props or {}),
    )
    return res


def findings(tmp_path, rule, *resources):
    return shared_findings(tmp_path, rule, *resources, parameters=NO_VALUE)


@pytest.mark.parametrize(
    "mode,capacity,props,zones,api,count",
    [
        ("Uniform", 100, {}, None, "2024-03-01", 0),
        ("Uniform", 101, {}, None, "2024-03-01", 1),
        ("Uniform", "101", {}, None, "2024-03-01", 1),
        (None, 101, {}, None, "2024-03-01", 1),
        ("Uniform", 101, {"singlePlacementGroup": False}, None, "2024-03-01", 0),
        ("Uniform", 101, {"singlePlacementGroup": True}, ["1"], "2024-03-01", 1),
        ("Uniform", 101, {}, ["1"], "2024-03-01", 0),  # zonal default: multiple placement groups
        ("Uniform", 101, {}, ["1"], "2017-03-30", 0),  # zonal default unknown before 2017-12-01
        ("Uniform", 101, {"singlePlacementGroup": "[parameters('b')]"}, None, "2024-03-01", 0),
        ("Uniform", "[parameters('n')]", {}, None, "2024-03-01", 0),
        ("Uniform", "lots", {}, None, "2024-03-01", 0),
        ("Flexible", 500, {}, None, "2024-03-01", 0),
    ],
)
def test_orch301(tmp_path, mode, capacity, props, zones, api, count):
    got = findings(tmp_path, "ORCH301", vmss(mode, capacity, props, zones=zones, api=api))
    assert len(got) == count, got


def test_orch301_message_says_where_spg_comes_from(tmp_path):
    (default,) = findings(tmp_path, "ORCH301", vmss("Uniform", 150))
    assert "default" in default[2] and "150" in default[2]
    (explicit,) = findings(tmp_path, "ORCH301", vmss("Uniform", 150, {"singlePlacementGroup": True}))
    assert "singlePlacementGroup is true" in explicit[2]


@pytest.mark.parametrize(
    "mode,capacity,count", [("Uniform", 1000, 0), ("Uniform", 1001, 1), ("Uniform", "1001", 1), ("Flexible", 1001, 0)]
)
def test_orch302(tmp_path, mode, capacity, count):
    got = findings(tmp_path, "ORCH302", vmss(mode, capacity, {"singlePlacementGroup": False}))
    assert [sev for _, sev, _ in got] == ["warning"] * count


MANAGED = {"id": "[resourceId('Microsoft.Compute/images', 'img')]"}
MANAGED_LITERAL = {"id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/images/img"}
GALLERY = {"id": "[resourceId('Microsoft.Compute/galleries/images/versions', 'g', 'img', '1.0.0')]"}
GALLERY_LITERAL = {
    "id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/img/versions/1.0.0"
}


@pytest.mark.parametrize(
    "image,capacity,count",
    [
        (MANAGED, 600, 0),
        (MANAGED, 601, 1),
        (MANAGED_LITERAL, 601, 1),
        (GALLERY, 900, 0),
        (GALLERY_LITERAL, 900, 0),
        (MARKETPLACE, 900, 0),
        ({"id": "[parameters('p')]"}, 900, 0),
    ],
)
def test_orch303(tmp_path, image, capacity, count):
    assert (
        len(findings(tmp_path, "ORCH303", vmss("Uniform", capacity, {"singlePlacementGroup": False}, image=image)))
        == count
    )


def test_is_managed_image():
    assert is_managed_image(MANAGED_LITERAL["id"])
    assert is_managed_image(MANAGED_LITERAL["id"].lower())
    assert not is_managed_image(GALLERY_LITERAL["id"])
    assert not is_managed_image(None)


@pytest.mark.parametrize(
    "mode,capacity,count", [("Flexible", 1000, 0), ("Flexible", 1001, 1), ("Flexible", "1001", 1), ("Uniform", 1001, 0)]
)
def test_orch304(tmp_path, mode, capacity, count):
    assert len(findings(tmp_path, "ORCH304", vmss(mode, capacity, {"singlePlacementGroup": False}))) == count


@pytest.mark.parametrize(
    "size,family",
    [
        ("Standard_L8s_v3", "L"),
        ("Standard_NC6", "NC"),
        ("Standard_M64", "M"),
        ("Standard_HB120rs_v3", "HB"),
        ("Standard_G5", "G"),
        ("Standard_GS5", "GS"),
        ("Standard_ND96asr_v4", "ND"),
        ("standard_nv12s_v3", "NV"),
        ("Standard_H16r", "H"),
        ("Standard_D2s_v5", None),
        ("Standard_DS3_v2", None),
        ("Standard_E64s_v5", None),
        ("Standard_F16s_v2", None),
        ("Standard_B2ms", None),
        ("Standard_DC2s_v3", None),
        ("Standard_A2_v2", None),
        ("[parameters('p')]", None),
        ("", None),
        (None, None),
    ],
)
def test_specialty_family(size, family):
    assert specialty_family(size) == family


@pytest.mark.parametrize(
    "size,capacity,fd,count",
    [
        ("Standard_L8s_v3", 201, 2, 1),
        ("Standard_L8s_v3", 200, 2, 0),
        ("Standard_L8s_v3", 201, 1, 0),
        ("Standard_L8s_v3", 201, None, 0),  # Flexible default is 1
        ("Standard_L8s_v3", 201, "[parameters('n')]", 0),
        ("Standard_D8s_v5", 500, 3, 0),
        ("Standard_NC6", "300", 3, 1),
    ],
)
def test_orch305(tmp_path, size, capacity, fd, count):
    props = {"singlePlacementGroup": False}
    if fd is not None:
        props["platformFaultDomainCount"] = fd
    got = findings(tmp_path, "ORCH305", vmss("Flexible", capacity, props, size=size))
    assert [sev for _, sev, _ in got] == ["warning"] * count
