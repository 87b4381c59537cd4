"""Edge cases of the upgrade rules ORCH501-ORCH507."""

import pytest

from ._lint import NETWORK, PROFILE, UNKNOWN_PARAM, at, flexible, lint, rid, uniform

HEALTH = {
    "name": "health",
    "properties": {
        "publisher": "Microsoft.ManagedServices",
        "type": "ApplicationHealthLinux",
        "typeHandlerVersion": "2.0",
        "settings": {"port": 80, "protocol": "http"},
    },
}
AOSU = {"mode": "Automatic", "automaticOSUpgradePolicy": {"enableAutomaticOSUpgrade": True}}


def rolling(res):
    return at(res, ("properties", "upgradePolicy"), {"mode": "Rolling"})


def aosu(res):
    return at(
        res,
        ("properties", "upgradePolicy"),
        {**AOSU, "automaticOSUpgradePolicy": dict(AOSU["automaticOSUpgradePolicy"])},
    )


# -- health monitoring (ORCH501 / ORCH504) --------------------------------------------------
def test_501_flexible_probe_does_not_count(tmp_path):
    res = at(
        rolling(flexible()),
        NETWORK + ("healthProbe",),
        {"id": rid("Microsoft.Network/loadBalancers/probes", "lb", "p")},
    )
    assert len(lint(tmp_path, [res], "ORCH501")) == 1
    res = at(
        rolling(uniform()), NETWORK + ("healthProbe",), {"id": rid("Microsoft.Network/loadBalancers/probes", "lb", "p")}
    )
    assert lint(tmp_path, [res], "ORCH501") == []


def test_501_extension_type_is_case_insensitive(tmp_path):
    ext = {"name": "h", "properties": {**HEALTH["properties"], "type": "applicationhealthwindows"}}
    res = at(rolling(flexible()), PROFILE + ("extensionProfile",), {"extensions": [ext]})
    assert lint(tmp_path, [res], "ORCH501") == []


def test_501_unknown_extensions_say_nothing(tmp_path):
    res = at(rolling(flexible()), PROFILE + ("extensionProfile",), {"extensions": "[parameters('value')]"})
    assert lint(tmp_path, [res], "ORCH501", parameters=UNKNOWN_PARAM) == []
    res = at(
        rolling(flexible()),
        PROFILE + ("extensionProfile",),
        {"extensions": [{"name": "x", "properties": {"type": "[parameters('value')]"}}]},
    )
    assert lint(tmp_path, [res], "ORCH501", parameters=UNKNOWN_PARAM) == []


def test_501_extension_resource_must_belong_to_this_set(tmp_path):
    ext = {
        "type": "Microsoft.Compute/virtualMachineScaleSets/extensions",
        "apiVersion": "2024-03-01",
        "name": "other/health",
        "properties": HEALTH["properties"],
    }
    assert len(lint(tmp_path, [rolling(flexible()), ext], "ORCH501")) == 1
    ext["name"] = "VMSS/health"
    assert lint(tmp_path, [rolling(flexible()), ext], "ORCH501") == []


def test_501_nested_extension_resource(tmp_path):
    res = rolling(flexible())
    res["resources"] = [
        {"type": "extensions", "apiVersion": "2024-03-01", "name": "health", "properties": HEALTH["properties"]}
    ]
    assert lint(tmp_path, [res], "ORCH501") == []


def test_501_manual_and_profileless_sets(tmp_path):
    assert lint(tmp_path, [at(flexible(), ("properties", "upgradePolicy"), {"mode": "Manual"})], "ORCH501") == []
    assert lint(tmp_path, [at(flexible(), ("properties", "upgradePolicy"), {"mode": "rolling"})], "ORCH501") != []
    res = flexible()
    del res["properties"]["virtualMachineProfile"]
    assert lint(tmp_path, [rolling(res)], "ORCH501") == []


def test_504_uses_the_same_detection(tmp_path):
    assert len(lint(tmp_path, [aosu(uniform())], "ORCH504")) == 1
    res = at(aosu(uniform()), PROFILE + ("extensionProfile",), {"extensions": [HEALTH]})
    assert lint(tmp_path, [res], "ORCH504") == []


# -- ORCH502 / ORCH503 ----------------------------------------------------------------------
def test_502_only_explicit_true(tmp_path):
    assert len(lint(tmp_path, [aosu(flexible())], "ORCH502")) == 1
    res = at(
        flexible(),
        ("properties", "upgradePolicy"),
        {"automaticOSUpgradePolicy": {"enableAutomaticOSUpgrade": "[parameters('value')]"}},
    )
    assert lint(tmp_path, [res], "ORCH502", parameters=UNKNOWN_PARAM) == []
    assert lint(tmp_path, [aosu(uniform())], "ORCH502") == []


@pytest.mark.parametrize("version,count", [("latest", 0), ("Latest", 0), ("1.2.3", 1), ("[parameters('value')]", 0)])
def test_503_versions(tmp_path, version, count):
    res = at(aosu(uniform()), PROFILE + ("storageProfile", "imageReference", "version"), version)
    assert len(lint(tmp_path, [res], "ORCH503", parameters=UNKNOWN_PARAM)) == count


def test_503_custom_and_gallery_images_are_skipped(tmp_path):
    res = at(
        aosu(uniform()),
        PROFILE + ("storageProfile", "imageReference"),
        {"id": rid("Microsoft.Compute/images", "img"), "version": "1.0.0"},
    )
    assert lint(tmp_path, [res], "ORCH503") == []
    res = at(
        aosu(uniform()),
        PROFILE + ("storageProfile", "imageReference"),
        {"sharedGalleryImageId": "/sharedGalleries/g/images/i/versions/1.0.0"},
    )
    assert lint(tmp_path, [res], "ORCH503") == []


# -- ORCH505 / ORCH506 ----------------------------------------------------------------------
def test_505_only_explicit_true(tmp_path):
    res = at(aosu(uniform()), PROFILE + ("osProfile", "windowsConfiguration", "enableAutomaticUpdates"), True)
    assert len(lint(tmp_path, [res], "ORCH505")) == 1
    res = at(aosu(uniform()), PROFILE + ("osProfile", "windowsConfiguration"), {"provisionVMAgent": True})
    assert lint(tmp_path, [res], "ORCH505") == []
    res = at(uniform(), PROFILE + ("osProfile", "windowsConfiguration", "enableAutomaticUpdates"), True)
    assert lint(tmp_path, [res], "ORCH505") == []


def test_506_windows_and_case(tmp_path):
    res = at(
        aosu(uniform()),
        PROFILE + ("osProfile", "windowsConfiguration", "patchSettings", "patchMode"),
        "automaticbyplatform",
    )
    found = lint(tmp_path, [res], "ORCH506")
    assert [f.property_path for f in found] == [
        "properties.virtualMachineProfile.osProfile.windowsConfiguration.patchSettings.patchMode"
    ]
    res = at(
        aosu(uniform()), PROFILE + ("osProfile", "windowsConfiguration", "patchSettings", "patchMode"), "AutomaticByOS"
    )
    assert lint(tmp_path, [res], "ORCH506") == []


# -- ORCH507 ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "key,value,count",
    [
        ("maxBatchInstancePercent", 5, 0),
        ("maxBatchInstancePercent", 4, 1),
        ("maxBatchInstancePercent", 100, 0),
        ("maxBatchInstancePercent", 101, 1),
        ("maxUnhealthyInstancePercent", 4, 1),
        ("maxUnhealthyUpgradedInstancePercent", 0, 0),
        ("maxUnhealthyUpgradedInstancePercent", -1, 1),
        ("maxUnhealthyUpgradedInstancePercent", 100, 0),
        ("maxBatchInstancePercent", "20", 0),
        ("maxBatchInstancePercent", True, 0),
    ],
)
def test_507_percent_boundaries(tmp_path, key, value, count):
    res = at(uniform(), ("properties", "upgradePolicy"), {"mode": "Manual", "rollingUpgradePolicy": {key: value}})
    assert len(lint(tmp_path, [res], "ORCH507")) == count


def test_507_modes_and_scale_in_rules(tmp_path):
    res = at(uniform(), ("properties", "upgradePolicy"), {"mode": "rolling"})
    at(res, ("properties", "scaleInPolicy"), {"rules": ["oldestvm", "Newest", "[parameters('value')]"]})
    found = lint(tmp_path, [res], "ORCH507", parameters=UNKNOWN_PARAM)
    assert [f.property_path for f in found] == ["properties.scaleInPolicy.rules[1]"]
