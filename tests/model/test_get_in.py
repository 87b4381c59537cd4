"""``get_in`` walks from a sub-object exactly as ``Resource.get`` walks from the body, so
that rules may read a scale set's shared sub-objects once (``ScaleSet.properties``,
``profile``, ...) and their members from them."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from arm_orchlint.core.values import Unknown
from arm_orchlint.model.numbers import arm_bool, arm_int
from arm_orchlint.model.resources import Resource, get_in
from arm_orchlint.model.scalesets import VMSS, Model

KEYS = [
    "storageProfile",
    "dataDisks",
    "upgradePolicy",
    "UPGRADEPOLICY",
    "zoneBalance",
    "ZoneBalance",
    "\u212aeyVault",  # (the Kelvin sign: "keyvault" in lower case)
    "keyVault",
    "automaticOSUpgradePolicy",
    "enableAutomaticOSUpgrade",
    "priorityMixPolicy",
    "PriorityMixPolicy",
    "platformFaultDomainCount",
    "singlePlacementGroup",
    "sku",
    "capacity",
    "properties",
    "Properties",
    "PROPERTIES",
    "virtualMachineProfile",
    "VirtualMachineProfile",
    "networkProfile",
    "zones",
    "x",
]
UNKNOWN = Unknown("test")

leaves = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", "a", " True ", "false"]), st.just(UNKNOWN)
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=12,
)
paths = st.lists(st.one_of(st.sampled_from(KEYS), st.integers(-3, 3)), max_size=5)


def _resource(body):
    return Resource(VMSS, "2024-03-01", "s", body, None, ())


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=5), paths)
def test_every_split_of_a_path_reads_the_same(body, path):
    res = _resource(body)
    whole = res.get(*path)
    for cut in range(len(path) + 1):
        assert get_in(res.get(*path[:cut]), tuple(path[cut:])) is whole


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=5), paths)
def test_scale_set_views_read_as_the_resource_does(body, path):
    res = _resource(body)
    ss = Model([res]).scale_sets[0]
    assert ss.prop(*path) is res.get("properties", *path)
    assert ss.in_profile(*path) is res.get("properties", "virtualMachineProfile", *path)
    assert ss.network_profile is res.get("properties", "virtualMachineProfile", "networkProfile")
    assert ss.has_profile == (res.get("properties", "virtualMachineProfile") is not None)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=5))
def test_cached_views_are_the_resources_values(body):
    res = _resource(body)
    ss = Model([res]).scale_sets[0]
    profile = ("properties", "virtualMachineProfile")
    assert ss.properties is res.get("properties")
    assert ss.profile is res.get(*profile)
    assert ss.storage_profile is res.get(*profile, "storageProfile")
    assert ss.data_disks is res.get(*profile, "storageProfile", "dataDisks")
    assert ss.upgrade_policy is res.get("properties", "upgradePolicy")
    assert ss.priority_mix is res.get("properties", "priorityMixPolicy")
    assert ss.capacity is res.get("sku", "capacity")
    expected = (
        (ss.fault_domains, arm_int(res.get("properties", "platformFaultDomainCount"))),
        (ss.single_placement_group, arm_bool(res.get("properties", "singlePlacementGroup"))),
    )
    for cached, value in expected:  # a digit string is converted afresh, so equal, not the same
        assert type(cached) is type(value) and (cached is value or cached == value)
    aosu = ("properties", "upgradePolicy", "automaticOSUpgradePolicy", "enableAutomaticOSUpgrade")
    assert ss.automatic_os_upgrade is (arm_bool(res.get(*aosu)) is True)


def test_automatic_os_upgrade_reads_a_true_string_as_on():
    policy = {"automaticOSUpgradePolicy": {"EnableAutomaticOSUpgrade": " TRUE "}}
    res = _resource({"properties": {"upgradePolicy": policy}})
    assert Model([res]).scale_sets[0].automatic_os_upgrade is True


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=6))
def test_every_member_of_properties_reads_as_the_resource_does(props):
    res = _resource({"properties": props})
    ss = Model([res]).scale_sets[0]
    for key in KEYS:
        assert ss.prop(key) is res.get("properties", key)
        assert ss.prop(key, "mode") is res.get("properties", key, "mode")
    assert ss.upgrade_policy is res.get("properties", "upgradePolicy")
    assert ss.priority_mix is res.get("properties", "priorityMixPolicy")


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=5), st.permutations(range(7)))
@example({"zones": 1}, list(range(7)))
@example({"zones": UNKNOWN}, [2, 1, 0, 4, 3, 6, 5])
def test_views_kept_together_read_alike_in_any_order(body, order):
    """``zones`` keeps ``zone_count`` and ``zonal``, ``profile`` its network and storage
    profiles, ``upgrade_policy`` ``automatic_os_upgrade``: whichever is read first, each view
    is what it is alone."""
    names = [
        "zones",
        "zone_count",
        "zonal",
        "network_profile",
        "storage_profile",
        "upgrade_policy",
        "automatic_os_upgrade",
    ]
    first = Model([_resource(body)]).scale_sets[0]
    read = {names[i]: getattr(first, names[i]) for i in order}
    for name in names:
        alone = getattr(Model([_resource(body)]).scale_sets[0], name)
        assert type(read[name]) is type(alone)
        # (an Unknown is made afresh by each model: compared by what it says)
        assert read[name] is alone or read[name] == alone or repr(read[name]) == repr(alone)
    profile = _resource(body).get("properties", "virtualMachineProfile")
    assert read["network_profile"] is get_in(profile, ("networkProfile",))
    zones = _resource(body).get("zones")
    if isinstance(zones, list):
        assert read["zone_count"] == len(zones) and read["zonal"] == (len(zones) > 0)
