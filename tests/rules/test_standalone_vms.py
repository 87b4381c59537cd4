"""Edge cases of the standalone-VM rules ORCH601-ORCH608."""

import pytest

import arm_orchlint.lint.engine as engine

from ._lint import UNKNOWN_PARAM, flexible, lint, profileless, rid, uniform, vm


# -- ORCH601 / ORCH602 ------------------------------------------------------------------------
@pytest.mark.parametrize("api,count", [("2018-10-01", 1), ("2019-03-01", 0), ("[parameters('value')]", 0)])
def test_601_api_version_boundary(tmp_path, api, count):
    assert len(lint(tmp_path, [profileless(), vm(api=api)], "ORCH601", parameters=UNKNOWN_PARAM)) == count


def test_601_null_reference_is_not_joining(tmp_path):
    res = vm(set_name=None, api="2018-10-01", virtualMachineScaleSet=None)
    assert lint(tmp_path, [res], "ORCH601") == []


def test_602_null_availability_set_is_fine(tmp_path):
    assert lint(tmp_path, [profileless(), vm(availabilitySet=None)], "ORCH602") == []
    found = lint(
        tmp_path, [profileless(), vm(AvailabilitySet={"id": rid("Microsoft.Compute/availabilitySets", "a")})], "ORCH602"
    )
    assert [f.property_path for f in found] == ["properties.AvailabilitySet"]


# -- ORCH603 ---------------------------------------------------------------------------------
def test_603_only_known_uniform_sets(tmp_path):
    assert len(lint(tmp_path, [uniform(), vm()], "ORCH603")) == 1
    legacy = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2019-07-01",
        "name": "vmss",
        "properties": {"singlePlacementGroup": False, "platformFaultDomainCount": 1},
    }
    assert lint(tmp_path, [legacy, vm()], "ORCH603") == []
    ambiguous = dict(legacy, apiVersion="2024-03-01")
    assert lint(tmp_path, [ambiguous, vm()], "ORCH603") == []
    preview = profileless(orchestrationMode="ScaleSetVM")
    assert lint(tmp_path, [preview, vm()], "ORCH603") == []
    unknown = profileless(orchestrationMode="[parameters('value')]")
    assert lint(tmp_path, [unknown, vm()], "ORCH603", parameters=UNKNOWN_PARAM) == []


def test_603_related_location_is_the_mode(tmp_path):
    found = lint(tmp_path, [uniform(), vm()], "ORCH603")
    assert found[0].related and "orchestration mode" in found[0].related[0].message


# -- ORCH604 (needs the deployment's resource group, set here on the records) ------------------
@pytest.fixture
def in_group(monkeypatch):
    def set_group(group):
        original = engine.expand

        def expand(*args, **kwargs):
            out = original(*args, **kwargs)
            for res in out.resources:
                res.scope = {"resourceGroup": group}
            return out

        monkeypatch.setattr(engine, "expand", expand)

    return set_group


SET_ID = "/subscriptions/0000/resourceGroups/{}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss"


def literal_vm(group):
    return vm(set_name=None, virtualMachineScaleSet={"id": SET_ID.format(group)})


def test_604_different_groups(tmp_path, in_group):
    in_group("rg-app")
    found = lint(tmp_path, [literal_vm("rg-other")], "ORCH604")
    assert [f.property_path for f in found] == ["properties.virtualMachineScaleSet.id"]
    assert lint(tmp_path, [literal_vm("RG-APP")], "ORCH604") == []


def test_604_unknown_groups_say_nothing(tmp_path, in_group):
    assert lint(tmp_path, [literal_vm("rg-other")], "ORCH604") == []  # the VM's group is not known
    in_group("rg-app")
    assert lint(tmp_path, [profileless(), vm()], "ORCH604") == []  # resourceId() without a group


# -- ORCH605 ---------------------------------------------------------------------------------
def test_605_zone_numbers_and_strings_compare_equal(tmp_path):
    zonal = profileless()
    zonal["zones"] = [1, 2]
    res = vm()
    res["zones"] = ["2"]
    assert lint(tmp_path, [zonal, res], "ORCH605") == []


def test_605_unknown_zones(tmp_path):
    zonal = profileless()
    zonal["zones"] = ["1"]
    res = vm()
    res["zones"] = "[parameters('value')]"
    assert lint(tmp_path, [zonal, res], "ORCH605", parameters=UNKNOWN_PARAM) == []
    zonal["zones"] = "[parameters('value')]"
    assert lint(tmp_path, [zonal, vm()], "ORCH605", parameters=UNKNOWN_PARAM) == []


def test_605_set_outside_template(tmp_path):
    res = vm(set_name="elsewhere")
    res["zones"] = ["1"]
    assert lint(tmp_path, [res], "ORCH605") == []


# -- ORCH606 ---------------------------------------------------------------------------------
def test_606_severity_by_value(tmp_path):
    found = lint(tmp_path, [profileless(singlePlacementGroup=True), vm()], "ORCH606")
    assert [f.severity for f in found] == ["error"]
    res = profileless()
    del res["properties"]["singlePlacementGroup"]
    # unset with one fault domain: the first VM makes it false (S2 §2.1), nothing to report
    assert lint(tmp_path, [res, vm()], "ORCH606") == []
    res["properties"]["platformFaultDomainCount"] = 2
    assert lint(tmp_path, [res, vm()], "ORCH606") == []  # a memory-preserving size: false too
    big = vm(hardwareProfile={"vmSize": "Standard_L8s_v3"})
    assert [f.severity for f in lint(tmp_path, [res, big], "ORCH606")] == ["warning"]
    sized = vm(hardwareProfile={"vmSize": "[parameters('value')]"})
    assert [f.severity for f in lint(tmp_path, [res, sized], "ORCH606", parameters=UNKNOWN_PARAM)] == ["warning"]
    unknown = profileless(singlePlacementGroup="[parameters('value')]")
    assert lint(tmp_path, [unknown, vm()], "ORCH606", parameters=UNKNOWN_PARAM) == []


def test_606_uniform_targets_are_left_to_603(tmp_path):
    assert lint(tmp_path, [uniform(), vm()], "ORCH606") == []


# -- ORCH607 ---------------------------------------------------------------------------------
def test_607_flexible_default_count_is_one(tmp_path):
    res = profileless()
    del res["properties"]["platformFaultDomainCount"]
    found = lint(tmp_path, [res, vm(platformFaultDomain=0)], "ORCH607")
    assert len(found) == 1 and "(the default)" in found[0].message


@pytest.mark.parametrize("count,value,hits", [(3, 2, 0), (3, 3, 1), (2, 0, 0), (2, -1, 1), (1, 0, 1)])
def test_607_index_range(tmp_path, count, value, hits):
    res = profileless(platformFaultDomainCount=count)
    assert len(lint(tmp_path, [res, vm(platformFaultDomain=value)], "ORCH607")) == hits


def test_607_api_version_and_unknowns(tmp_path):
    res = profileless(platformFaultDomainCount=3)
    assert len(lint(tmp_path, [res, vm(api="2020-06-01", platformFaultDomain=1)], "ORCH607")) == 1
    assert (
        lint(tmp_path, [res, vm(platformFaultDomain="[parameters('value')]")], "ORCH607", parameters=UNKNOWN_PARAM)
        == []
    )
    unknown_count = profileless(platformFaultDomainCount="[parameters('value')]")
    assert lint(tmp_path, [unknown_count, vm(platformFaultDomain=1)], "ORCH607", parameters=UNKNOWN_PARAM) == []
    assert lint(tmp_path, [res, vm(platformFaultDomain="many")], "ORCH607") == []


# -- ORCH608 ---------------------------------------------------------------------------------
def test_608_nested_child_under_flexible(tmp_path):
    res = flexible()
    res["resources"] = [{"type": "virtualMachines", "apiVersion": "2024-03-01", "name": "0", "properties": {}}]
    found = lint(tmp_path, [res], "ORCH608")
    assert len(found) == 1 and found[0].severity == "warning"


def test_608_top_level_child_case_insensitive(tmp_path):
    child = {
        "type": "microsoft.compute/virtualmachinescalesets/VIRTUALMACHINES",
        "apiVersion": "2024-03-01",
        "name": "VMSS/0",
        "properties": {},
    }
    assert len(lint(tmp_path, [flexible(), child], "ORCH608")) == 1
    assert lint(tmp_path, [uniform(), child], "ORCH608") == []
