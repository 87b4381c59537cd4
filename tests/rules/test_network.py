"""Edge cases of the network rules ORCH401-ORCH407."""

from ._lint import IPCONF, NETWORK, UNKNOWN_PARAM, at, flexible, lint, rid, uniform

POOL = {"id": rid("Microsoft.Network/loadBalancers/backendAddressPools", "lb", "pool")}


def load_balancer(sku=None, type_="Microsoft.Network/loadBalancers", **extra):
    res = {
        "type": type_,
        "apiVersion": "2023-09-01",
        "name": "lb",
        "location": "westeurope",
        "properties": {"backendAddressPools": [{"name": "pool"}]},
        **extra,
    }
    if sku is not None:
        res["sku"] = sku
    return res


def with_pool(res):
    return at(res, IPCONF + ("loadBalancerBackendAddressPools",), [dict(POOL)])


# -- ORCH401 ----------------------------------------------------------------------------
def test_401_missing_network_api_version(tmp_path):
    res = flexible()
    del res["properties"]["virtualMachineProfile"]["networkProfile"]["networkApiVersion"]
    found = lint(tmp_path, [res], "ORCH401")
    assert len(found) == 1 and found[0].property_path == "properties.virtualMachineProfile.networkProfile"


def test_401_unknown_value_is_not_missing(tmp_path):
    res = at(flexible(), NETWORK + ("networkApiVersion",), "[parameters('value')]")
    assert lint(tmp_path, [res], "ORCH401", parameters=UNKNOWN_PARAM) == []


def test_401_empty_nic_list_needs_nothing(tmp_path):
    res = flexible()
    res["properties"]["virtualMachineProfile"]["networkProfile"] = {"networkInterfaceConfigurations": []}
    assert lint(tmp_path, [res], "ORCH401") == []


def test_401_case_insensitive_names_locate_the_written_key(tmp_path):
    res = flexible()
    profile = res["properties"]["virtualMachineProfile"]
    network = profile.pop("networkProfile")
    del network["networkApiVersion"]
    profile["NetworkProfile"] = {"NetworkInterfaceConfigurations": network["networkInterfaceConfigurations"]}
    res["type"] = "microsoft.compute/VIRTUALMACHINESCALESETS"
    found = lint(tmp_path, [res], "ORCH401")
    assert len(found) == 1
    text = (tmp_path / "template.json").read_text().splitlines()[found[0].line - 1]
    assert text[found[0].col - 1 :].startswith('"NetworkProfile"')


# -- ORCH402 / ORCH403 --------------------------------------------------------------------
def test_402_unknown_and_documented_values(tmp_path):
    unknown = at(flexible(), NETWORK + ("networkApiVersion",), "[parameters('value')]")
    assert lint(tmp_path, [unknown], "ORCH402", parameters=UNKNOWN_PARAM) == []
    newer = at(flexible(api="2024-11-01"), NETWORK + ("networkApiVersion",), "2022-11-01")
    assert lint(tmp_path, [newer], "ORCH402") == []
    typo = at(flexible(), NETWORK + ("networkApiVersion",), "2020-11-1")
    assert [f.severity for f in lint(tmp_path, [typo], "ORCH402")] == ["warning"]


def test_403_assumed_uniform_and_flexible(tmp_path):
    res = at(uniform(), NETWORK + ("networkApiVersion",), "2020-11-01")
    del res["properties"]["orchestrationMode"]
    assert len(lint(tmp_path, [res], "ORCH403")) == 1
    assert lint(tmp_path, [flexible()], "ORCH403") == []


def test_403_unknown_value_is_not_reported(tmp_path):
    res = at(uniform(), NETWORK + ("networkApiVersion",), "[parameters('value')]")
    assert lint(tmp_path, [res], "ORCH403", parameters=UNKNOWN_PARAM) == []


# -- ORCH404 / ORCH405 --------------------------------------------------------------------
def test_404_reports_the_exact_ip_configuration(tmp_path):
    res = flexible()
    nic = res["properties"]["virtualMachineProfile"]["networkProfile"]["networkInterfaceConfigurations"][0]
    second = {
        "name": "ip2",
        "properties": {
            "loadBalancerInboundNatPools": [{"id": rid("Microsoft.Network/loadBalancers/inboundNatPools", "lb", "ssh")}]
        },
    }
    nic["properties"]["ipConfigurations"].append(second)
    found = lint(tmp_path, [res], "ORCH404")
    assert [f.property_path for f in found] == [
        "properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].properties.ipConfigurations[1].properties.loadBalancerInboundNatPools"
    ]


def test_404_empty_list_and_uniform_are_fine(tmp_path):
    assert lint(tmp_path, [at(flexible(), IPCONF + ("loadBalancerInboundNatPools",), [])], "ORCH404") == []
    pools = [{"id": rid("Microsoft.Network/loadBalancers/inboundNatPools", "lb", "ssh")}]
    assert lint(tmp_path, [at(uniform(), IPCONF + ("loadBalancerInboundNatPools",), pools)], "ORCH404") == []


def test_405_probe_object_with_expression_id_counts_but_unknown_probe_does_not(tmp_path):
    res = at(flexible(), NETWORK + ("healthProbe",), {"id": "[variables('probeId')]"})
    assert len(lint(tmp_path, [res], "ORCH405")) == 1
    res = at(flexible(), NETWORK + ("healthProbe",), "[parameters('value')]")
    assert lint(tmp_path, [res], "ORCH405", parameters=UNKNOWN_PARAM) == []


# -- ORCH406 / ORCH407 --------------------------------------------------------------------
def test_406_basic_explicit_default_and_standard(tmp_path):
    found = lint(tmp_path, [load_balancer({"name": "basic"}), with_pool(flexible())], "ORCH406")
    assert len(found) == 1 and "uses the Basic SKU" in found[0].message and found[0].related
    found = lint(tmp_path, [load_balancer(), with_pool(flexible())], "ORCH406")
    assert len(found) == 1 and "defaults to Basic" in found[0].message
    assert lint(tmp_path, [load_balancer({"name": "Standard"}), with_pool(flexible())], "ORCH406") == []


def test_406_load_balancer_type_is_case_insensitive(tmp_path):
    lb = load_balancer({"name": "Basic"}, type_="microsoft.network/LOADBALANCERS")
    assert len(lint(tmp_path, [lb, with_pool(flexible())], "ORCH406")) == 1


def test_406_unknown_sku_existing_or_missing_load_balancer(tmp_path):
    unknown = load_balancer({"name": "[parameters('value')]"})
    assert lint(tmp_path, [unknown, with_pool(flexible())], "ORCH406", parameters=UNKNOWN_PARAM) == []
    existing = {"type": "Microsoft.Network/loadBalancers", "apiVersion": "2023-09-01", "name": "lb", "existing": True}
    assert lint(tmp_path, [existing, with_pool(flexible())], "ORCH406") == []
    assert lint(tmp_path, [with_pool(flexible())], "ORCH406") == []


def test_407_zonal_uniform_defaults_to_multiple_placement_groups(tmp_path):
    zonal = with_pool(uniform())
    zonal["zones"] = ["1", "2"]
    found = lint(tmp_path, [load_balancer({"name": "Basic"}), zonal], "ORCH407")
    assert len(found) == 1 and "defaults to false" in found[0].message
    # A regional Uniform set defaults to a single placement group: fine with Basic.
    assert lint(tmp_path, [load_balancer({"name": "Basic"}), with_pool(uniform())], "ORCH407") == []


def test_407_unknown_single_placement_group(tmp_path):
    res = with_pool(uniform(singlePlacementGroup="[parameters('value')]"))
    assert lint(tmp_path, [load_balancer({"name": "Basic"}), res], "ORCH407", parameters=UNKNOWN_PARAM) == []
