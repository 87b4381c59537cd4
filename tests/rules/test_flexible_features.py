"""Edge cases of ORCH408-ORCH411 and the shared helpers of flexible_features."""

import pytest

from arm_orchlint.rules.checks._common import ci_get, spelled

from ._lint import PROFILE, UNKNOWN_PARAM, at, flexible, lint, profileless, uniform

STORAGE = PROFILE + ("storageProfile",)


def test_spelled_follows_the_written_case():
    body = {"Properties": {"VirtualMachineProfile": {"osDisk": {}}}}
    assert spelled(body, ("properties", "virtualMachineProfile", "OSDISK", "vhdContainers")) == (
        "Properties",
        "VirtualMachineProfile",
        "osDisk",
        "vhdContainers",
    )
    assert spelled({"a": [{"B": 1}]}, ("a", 0, "b")) == ("a", 0, "B")
    assert ci_get({"Type": 1}, "type") == 1 and ci_get(None, "type") is None


# -- ORCH408 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("value,hits", [(True, 1), (False, 0), ("[parameters('value')]", 0)])
def test_408_overprovision(tmp_path, value, hits):
    assert len(lint(tmp_path, [flexible(overprovision=value)], "ORCH408", parameters=UNKNOWN_PARAM)) == hits


def test_408_uniform_may_overprovision(tmp_path):
    assert lint(tmp_path, [uniform(overprovision=True)], "ORCH408") == []


# -- ORCH409 ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kind,hits",
    [
        ("SystemAssigned", 1),
        ("systemassigned,userassigned", 1),
        ("UserAssigned", 0),
        ("None", 0),
        ("[parameters('value')]", 0),
    ],
)
def test_409_identity_types(tmp_path, kind, hits):
    res = flexible()
    res["identity"] = {"type": kind}
    assert len(lint(tmp_path, [res], "ORCH409", parameters=UNKNOWN_PARAM)) == hits


def test_409_legacy_profileless_flexible_and_uniform(tmp_path):
    legacy = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2019-07-01",
        "name": "vmss",
        "identity": {"type": "SystemAssigned"},
        "properties": {},
    }
    assert len(lint(tmp_path, [legacy], "ORCH409")) == 1
    res = uniform()
    res["identity"] = {"type": "SystemAssigned"}
    assert lint(tmp_path, [res], "ORCH409") == []


# -- ORCH410 ---------------------------------------------------------------------------------
def test_410_each_unmanaged_property_is_reported(tmp_path):
    res = at(
        flexible(),
        STORAGE + ("osDisk",),
        {
            "createOption": "FromImage",
            "vhdContainers": ["https://s.blob.core.windows.net/v"],
            "image": {"uri": "https://s.blob.core.windows.net/i.vhd"},
        },
    )
    at(
        res,
        STORAGE + ("dataDisks",),
        [{"lun": 0, "createOption": "Empty", "vhd": {"uri": "https://s.blob.core.windows.net/d.vhd"}}],
    )
    found = lint(tmp_path, [res], "ORCH410")
    assert sorted(f.property_path for f in found) == [
        "properties.virtualMachineProfile.storageProfile.dataDisks[0].vhd",
        "properties.virtualMachineProfile.storageProfile.osDisk.image.uri",
        "properties.virtualMachineProfile.storageProfile.osDisk.vhdContainers",
    ]


def test_410_empty_or_unknown_containers(tmp_path):
    res = at(flexible(), STORAGE + ("osDisk",), {"createOption": "FromImage", "vhdContainers": []})
    assert lint(tmp_path, [res], "ORCH410") == []
    res = at(flexible(), STORAGE + ("osDisk",), {"createOption": "FromImage", "vhdContainers": "[parameters('value')]"})
    assert lint(tmp_path, [res], "ORCH410", parameters=UNKNOWN_PARAM) == []
    res = at(
        uniform(),
        STORAGE + ("osDisk",),
        {"createOption": "FromImage", "vhdContainers": ["https://s.blob.core.windows.net/v"]},
    )
    assert lint(tmp_path, [res], "ORCH410") == []


# -- ORCH411 ---------------------------------------------------------------------------------
def test_411_case_insensitive_names_and_unknowns(tmp_path):
    disks = [
        {"lun": 0, "createOption": "Empty", "DiskIopsReadWrite": 500},
        {"lun": 1, "createOption": "Empty", "diskMBpsReadWrite": "[parameters('value')]"},
    ]
    res = at(flexible(), STORAGE + ("dataDisks",), disks)
    found = lint(tmp_path, [res], "ORCH411", parameters=UNKNOWN_PARAM)
    assert [f.property_path for f in found] == [
        "properties.virtualMachineProfile.storageProfile.dataDisks[0].DiskIopsReadWrite"
    ]


def test_411_profileless_set_has_no_disks(tmp_path):
    assert lint(tmp_path, [profileless()], "ORCH411") == []
