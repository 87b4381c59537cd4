"""Edge cases of the mode and API-version rules (ORCH001, ORCH003-ORCH007)."""

import pytest

from ._lint import findings

PROFILE = {
    "storageProfile": {
        "imageReference": {"publisher": "Canonical", "offer": "ubuntu", "sku": "22_04-lts", "version": "latest"}
    }
}


def vmss(api="2024-03-01", props=None, **top):
    res = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": api,
        "name": "vmss",
        "location": "westeurope",
    }
    if api is None:
        del res["apiVersion"]
    res.update(top)
    if props is not None:
        res["properties"] = props
    return res


NO_VALUE = {"p": {"type": "string"}}


@pytest.mark.parametrize(
    "value,count",
    [("Flex", 1), ("Regular", 1), ("flexible", 0), ("UNIFORM", 0), ("VM", 0), (5, 0), ("[parameters('p')]", 0)],
)
def test_orch001_mode_values(tmp_path, value, count):
    got = findings(
        tmp_path,
        "ORCH001",
        vmss(props={"orchestrationMode": value, "virtualMachineProfile": PROFILE}),
        parameters=NO_VALUE,
    )
    assert len(got) == count, got


def test_orch001_suggests_the_mode(tmp_path):
    (got,) = findings(tmp_path, "ORCH001", vmss(props={"orchestrationMode": "Uni"}))
    assert "'Uni'" in got[2] and "Uniform" in got[2]


@pytest.mark.parametrize(
    "api,count",
    [
        ("2020-11-01", 1),
        ("2019-03-01-hybrid", 1),
        ("2020-06-01-preview", 0),
        ("2020-12-01", 0),
        ("2024-03-01", 0),
        ("[variables('api')]", 0),
        (None, 0),
    ],
)
def test_orch003_api_versions(tmp_path, api, count):
    got = findings(
        tmp_path, "ORCH003", vmss(api=api, props={"orchestrationMode": "Uniform", "virtualMachineProfile": PROFILE})
    )
    assert len(got) == count, got


def test_orch003_unknown_mode_is_not_reported(tmp_path):
    assert (
        findings(
            tmp_path,
            "ORCH003",
            vmss(api="2019-07-01", props={"orchestrationMode": "[parameters('p')]"}),
            parameters=NO_VALUE,
        )
        == []
    )


def test_orch003_case_insensitive_property(tmp_path):
    assert (
        len(
            findings(
                tmp_path,
                "ORCH003",
                vmss(api="2019-07-01", props={"OrchestrationMode": "Uniform", "virtualMachineProfile": PROFILE}),
            )
        )
        == 1
    )


@pytest.mark.parametrize(
    "mode,api,count",
    [
        ("Flexible", "2020-12-01", 1),
        ("flexible", "2020-12-01", 1),
        ("Flexible", "2021-03-01", 0),
        ("Uniform", "2020-12-01", 0),
    ],
)
def test_orch004(tmp_path, mode, api, count):
    assert (
        len(
            findings(
                tmp_path, "ORCH004", vmss(api=api, props={"orchestrationMode": mode, "virtualMachineProfile": PROFILE})
            )
        )
        == count
    )


def test_orch004_profile_less_flexible_is_fine(tmp_path):
    assert findings(tmp_path, "ORCH004", vmss(api="2020-12-01", props={"orchestrationMode": "Flexible"})) == []


def test_orch005_assumed_uniform_is_a_note_on_properties(tmp_path):
    (got,) = findings(tmp_path, "ORCH005", vmss(props={"virtualMachineProfile": PROFILE}))
    assert got[1] == "note" and "Uniform" in got[2]


def test_orch005_legacy_form(tmp_path):
    (got,) = findings(tmp_path, "ORCH005", vmss(api="2019-12-01", props={"singlePlacementGroup": False}))
    assert "legacy" in got[2]


@pytest.mark.parametrize(
    "props",
    [
        {"orchestrationMode": "Uniform", "virtualMachineProfile": PROFILE},
        {"ORCHESTRATIONMODE": "Uniform", "virtualMachineProfile": PROFILE},
        None,
    ],
)
def test_orch005_silent(tmp_path, props):
    assert findings(tmp_path, "ORCH005", vmss(props=props, sku={"name": "Standard_D2s_v5", "capacity": 3})) == []


def test_orch006_ambiguous(tmp_path):
    (got,) = findings(tmp_path, "ORCH006", vmss(props={"singlePlacementGroup": False}))
    assert got[1] == "warning"


@pytest.mark.parametrize(
    "api,props",
    [
        ("2019-12-01", {"singlePlacementGroup": False}),
        (None, {"singlePlacementGroup": False}),
        ("2024-03-01", None),
        ("2024-03-01", {"orchestrationMode": "Flexible"}),
    ],
)
def test_orch006_silent(tmp_path, api, props):
    assert findings(tmp_path, "ORCH006", vmss(api=api, props=props)) == []


@pytest.mark.parametrize(
    "api,props,top,count",
    [
        ("2017-03-30", {"platformFaultDomainCount": 1}, {}, 1),
        ("2017-03-30", {"PlatformFaultDomainCount": 1}, {}, 1),
        ("2017-12-01", {"platformFaultDomainCount": 1}, {}, 0),
        ("2016-03-30", {}, {"zones": ["1"]}, 1),
        ("2017-03-30", {}, {"zones": ["1"]}, 0),
        ("2016-04-30-preview", {}, {"zones": ["1"]}, 0),
        ("2017-03-30-hybrid", {"platformFaultDomainCount": 1}, {}, 0),
        (None, {"platformFaultDomainCount": 1}, {}, 0),
        ("[parameters('api')]", {"platformFaultDomainCount": 1}, {}, 0),
        ("2017-03-30", {"platformFaultDomainCount": "[parameters('p')]"}, {}, 0),
        ("2017-03-30", {"zoneBalance": None}, {}, 0),
        ("2018-01-01", {"proximityPlacementGroup": {"id": "x"}}, {}, 1),
        ("2018-04-01", {"upgradePolicy": {"automaticOSUpgradePolicy": {"enableAutomaticOSUpgrade": False}}}, {}, 1),
        ("2018-10-01", {"upgradePolicy": {"automaticOSUpgradePolicy": {"enableAutomaticOSUpgrade": False}}}, {}, 0),
        ("2018-10-01", {"scaleInPolicy": {"rules": ["Default"]}}, {}, 1),
        ("2022-03-01", {"orchestrationMode": "Flexible", "priorityMixPolicy": {"baseRegularPriorityCount": 1}}, {}, 1),
        ("2022-08-01", {"orchestrationMode": "Flexible", "priorityMixPolicy": {"baseRegularPriorityCount": 1}}, {}, 0),
    ],
)
def test_orch007_property_versions(tmp_path, api, props, top, count):
    got = findings(
        tmp_path,
        "ORCH007",
        vmss(api=api, props=props, **top),
        parameters={"p": {"type": "int"}, "api": {"type": "string"}},
    )
    assert len(got) == count, got


@pytest.mark.parametrize(
    "api,nav,messages",
    [
        ("2024-07-01", "2022-11-01", ["'2022-11-01' needs apiVersion 2024-11-01"]),
        ("2024-11-01", "2022-11-01", []),
        ("2020-12-01", "2022-11-01", ["networkApiVersion needs apiVersion 2021-03-01"]),
        ("2021-03-01", "2020-11-01", []),
    ],
)
def test_orch007_network_api_version(tmp_path, api, nav, messages):
    props = {"orchestrationMode": "Flexible", "virtualMachineProfile": {"networkProfile": {"networkApiVersion": nav}}}
    got = findings(tmp_path, "ORCH007", vmss(api=api, props=props))
    assert len(got) == len(messages)
    for (_, _, message), part in zip(got, messages):
        assert part in message
