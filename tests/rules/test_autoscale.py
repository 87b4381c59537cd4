"""Edge cases of the autoscale rules ORCH701-ORCH704."""

import pytest

from ._lint import UNKNOWN_PARAM, VMSS, flexible, lint, profileless, rid, uniform


def setting(
    target="vmss",
    maximum="10",
    enabled=True,
    rules=2,
    profiles=1,
    type_="Microsoft.Insights/autoscaleSettings",
    target_uri=None,
):
    rule = {
        "metricTrigger": {
            "metricName": "Percentage CPU",
            "metricResourceUri": rid(VMSS, target),
            "operator": "GreaterThan",
            "threshold": 70,
        },
        "scaleAction": {"direction": "Increase", "type": "ChangeCount", "value": "1", "cooldown": "PT5M"},
    }
    props = {
        "targetResourceUri": target_uri or rid(VMSS, target),
        "profiles": [
            {"name": f"p{i}", "capacity": {"minimum": "1", "maximum": maximum, "default": "1"}, "rules": [rule] * rules}
            for i in range(profiles)
        ],
    }
    if enabled is not None:
        props["enabled"] = enabled
    return {"type": type_, "apiVersion": "2022-10-01", "name": "as", "location": "westeurope", "properties": props}


# -- ORCH701 ---------------------------------------------------------------------------------
def test_701_legacy_profileless_form(tmp_path):
    legacy = {"type": VMSS, "apiVersion": "2019-07-01", "name": "vmss", "properties": {"singlePlacementGroup": False}}
    found = lint(tmp_path, [legacy, setting()], "ORCH701")
    assert [f.property_path for f in found] == ["properties.targetResourceUri"]


def test_701_sets_with_a_profile_or_other_modes(tmp_path):
    assert lint(tmp_path, [flexible(), setting()], "ORCH701") == []
    assert (
        lint(
            tmp_path,
            [profileless(orchestrationMode="[parameters('value')]"), setting()],
            "ORCH701",
            parameters=UNKNOWN_PARAM,
        )
        == []
    )


def test_701_type_spelling(tmp_path):
    found = lint(tmp_path, [profileless(), setting(type_="microsoft.insights/autoscalesettings")], "ORCH701")
    assert len(found) == 1


# -- ORCH702 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("maximum,hits", [("100", 0), ("101", 1), (101, 1), ("[parameters('value')]", 0), ("lots", 0)])
def test_702_regional_uniform_defaults_to_100(tmp_path, maximum, hits):
    assert len(lint(tmp_path, [uniform(), setting(maximum=maximum)], "ORCH702", parameters=UNKNOWN_PARAM)) == hits


def test_702_zonal_uniform_and_flexible_allow_1000(tmp_path):
    zonal = uniform()
    zonal["zones"] = ["1", "2", "3"]
    assert lint(tmp_path, [zonal, setting(maximum="1000")], "ORCH702") == []
    assert len(lint(tmp_path, [zonal, setting(maximum="1001")], "ORCH702")) == 1
    assert lint(tmp_path, [flexible(), setting(maximum="1000")], "ORCH702") == []
    assert len(lint(tmp_path, [flexible(), setting(maximum="1001")], "ORCH702")) == 1


def test_702_unknown_single_placement_group(tmp_path):
    res = uniform(singlePlacementGroup="[parameters('value')]")
    assert lint(tmp_path, [res, setting(maximum="500")], "ORCH702", parameters=UNKNOWN_PARAM) == []


def test_702_every_profile_is_checked(tmp_path):
    found = lint(tmp_path, [uniform(singlePlacementGroup=False), setting(maximum="2000", profiles=2)], "ORCH702")
    assert [f.property_path for f in found] == [
        "properties.profiles[0].capacity.maximum",
        "properties.profiles[1].capacity.maximum",
    ]


# -- ORCH703 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("profiles,rules,hits", [(20, 10, 0), (21, 1, 1), (1, 11, 1), (2, 11, 2)])
def test_703_limits(tmp_path, profiles, rules, hits):
    assert len(lint(tmp_path, [flexible(), setting(profiles=profiles, rules=rules)], "ORCH703")) == hits


# -- ORCH704 ---------------------------------------------------------------------------------
def test_704_only_for_scale_set_targets(tmp_path):
    found = lint(tmp_path, [flexible(), setting(enabled=None)], "ORCH704")
    assert [f.severity for f in found] == ["note"]
    # A scale set defined elsewhere still counts: the id names the type.
    assert len(lint(tmp_path, [setting(target="elsewhere", enabled=None)], "ORCH704")) == 1
    plan = rid("Microsoft.Web/serverfarms", "plan")
    assert lint(tmp_path, [setting(enabled=None, target_uri=plan)], "ORCH704") == []
    assert lint(tmp_path, [flexible(), setting(enabled=False)], "ORCH704") == []
