"""Network profile checks: networkApiVersion, NAT pools and Basic load balancers."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

from arm_orchlint.core.findings import Hit
from arm_orchlint.core.values import is_unknown
from arm_orchlint.model.ids import parse_resource_id
from arm_orchlint.model.resources import get_in
from arm_orchlint.model.scalesets import LOAD_BALANCER
from arm_orchlint.rules.checks._common import ci_get, hit, items, set_label, spelled

_NETWORK = ("properties", "virtualMachineProfile", "networkProfile")
_POOL_TYPE = LOAD_BALANCER + "/backendaddresspools"


def ip_configurations(ss, model) -> list[tuple[tuple, dict]]:
    """(path, properties) of every IP configuration in the scale set's network profile
    (kept per set in ``model.memo``: several rules read them)."""
    key = ("ip_configurations", id(ss.res))
    found = model.memo.get(key)
    if found is None:
        found = model.memo[key] = _ip_configurations(ss)
    return found


def _ip_configurations(ss) -> list[tuple[tuple, dict]]:
    found = []
    for i, nic in items(get_in(ss.network_profile, ("networkInterfaceConfigurations",))):
        for j, ipc in items(ci_get(ci_get(nic, "properties"), "ipConfigurations")):
            props = ci_get(ipc, "properties")
            if isinstance(props, dict):
                path = _NETWORK + (
                    "networkInterfaceConfigurations",
                    i,
                    "properties",
                    "ipConfigurations",
                    j,
                    "properties",
                )
                found.append((path, props))
    return found


# -- ORCH401 ------------------------------------------------------------------------------
def flexible_network_api_version_required(ss, model) -> Iterator[Hit]:
    network = ss.network_profile
    nics = ci_get(network, "networkInterfaceConfigurations")
    if isinstance(network, dict) and isinstance(nics, list) and nics and ci_get(network, "networkApiVersion") is None:
        yield hit(
            ss.res,
            _NETWORK,
            f"Flexible scale set {set_label(ss)} defines networkInterfaceConfigurations without "
            'networkProfile.networkApiVersion; add "networkApiVersion": "2020-11-01"',
        )


# -- ORCH404 ------------------------------------------------------------------------------
def flexible_nat_pool(ss, model) -> Iterator[Hit]:
    for path, props in ip_configurations(ss, model):
        pools = ci_get(props, "loadBalancerInboundNatPools")
        if isinstance(pools, list) and pools:
            yield hit(
                ss.res,
                path + ("loadBalancerInboundNatPools",),
                f"loadBalancerInboundNatPools lists {len(pools)} NAT pool(s), but Flexible scale sets do not support "
                "load balancer NAT pools; remove them and use inbound NAT rules instead",
            )


# -- Basic load balancer lookup (ORCH406, ORCH407) -----------------------------------------
def find_load_balancer(model, pool_id):
    """The load balancer of this template that holds the backend pool ``pool_id`` refers to,
    when there is exactly one definition (an ``existing`` reference tells nothing about the SKU)."""
    found = model.links.parent_of_id(pool_id, LOAD_BALANCER)
    return None if found is None or found.existing else found


def basic_sku(lb) -> str | None:
    """'explicit' when the load balancer's SKU is Basic, 'default' when it sets no SKU name
    (Azure then uses Basic), None when it is another or an unknown SKU."""
    sku = lb.get("sku")
    if sku is None:
        return "default"
    name = ci_get(sku, "name")
    if is_unknown(sku) or is_unknown(name):
        return None
    if name is None:
        return "default"
    return "explicit" if isinstance(name, str) and name.lower() == "basic" else None


def basic_pools(ss, model) -> Iterator[tuple[tuple, Any, str, str]]:
    """(path of the pool id, load balancer, 'explicit'|'default', text) for every backend
    pool reference of the profile that points to a Basic load balancer of this template."""
    for path, props in ip_configurations(ss, model):
        for k, pool in items(ci_get(props, "loadBalancerBackendAddressPools")):
            pool_id = ci_get(pool, "id")
            parts = parse_resource_id(pool_id)
            if not parts or not isinstance(parts.get("type"), str) or parts["type"].lower() != _POOL_TYPE:
                continue
            lb = find_load_balancer(model, pool_id)
            kind = basic_sku(lb) if lb is not None else None
            if kind is None:
                continue
            text = "uses the Basic SKU" if kind == "explicit" else "sets no sku.name, so it defaults to Basic"
            yield path + ("loadBalancerBackendAddressPools", k, "id"), lb, kind, text


def _lb_related(lb, kind: str) -> list:
    where = spelled(lb.body, ("sku", "name") if kind == "explicit" else ("sku",))
    return [(lb.doc, tuple(lb.pointer) + where, f"load balancer '{_lb_name(lb)}' SKU")]


def _lb_name(lb) -> str:
    return lb.name if isinstance(lb.name, str) else lb.label


# -- ORCH406 ------------------------------------------------------------------------------
def flexible_basic_load_balancer(ss, model) -> Iterator[Hit]:
    for path, lb, kind, text in basic_pools(ss, model):
        yield hit(
            ss.res,
            path,
            f"backend pool of load balancer '{_lb_name(lb)}', which {text}; Flexible scale sets need a Standard "
            "load balancer: set its sku.name to 'Standard'",
            related=_lb_related(lb, kind),
        )


# -- ORCH407 ------------------------------------------------------------------------------
def uniform_multiple_placement_groups_basic_lb(ss, model) -> Iterator[Hit]:
    spg = ss.effective_single_placement_group()
    if spg is not False:
        return
    why = (
        "singlePlacementGroup is false"
        if ss.single_placement_group is False
        else "singlePlacementGroup defaults to false for a zonal set"
    )
    for path, lb, kind, text in basic_pools(ss, model):
        yield hit(
            ss.res,
            path,
            f"{why} (multiple placement groups), but this backend pool belongs to load balancer '{_lb_name(lb)}', "
            f"which {text}; multiple placement groups need a Standard load balancer",
            related=_lb_related(lb, kind),
        )


# -- ORCH405 ------------------------------------------------------------------------------
def flexible_load_balancer_health_probe(ss, model) -> Iterator[Hit]:
    # Only the presence matters: the probe id is usually an expression.
    probe = get_in(ss.network_profile, ("healthProbe",))
    if probe is not None and not is_unknown(probe):
        yield hit(
            ss.res,
            _NETWORK + ("healthProbe",),
            "networkProfile.healthProbe is set, but Flexible scale sets take instance health only from the "
            "Application Health extension; remove healthProbe and add that extension",
        )


def fix_add_network_api_version(hit, model, spec):
    """ORCH401: the quickstart's value, the one every API version since 2021-03-01 knows.
    On an older apiVersion the property does not exist yet: the fix then also raises the
    apiVersion (unsafe), and when that is not a literal there is no fix."""
    from arm_orchlint.model import apiversions
    from arm_orchlint.rules.fixes import Change, Plan

    res = hit.resource
    add = Change("add", res, tuple(hit.path), "2020-11-01", "networkApiVersion")
    api = res.api_version
    if not isinstance(api, str) or apiversions.api_date(api) is None:
        return None
    if apiversions.at_least(api, "2021-03-01"):
        return Plan(spec["title"], spec["safe"], [add])
    need = max(filter(None, [apiversions.needed_api_version(res), "2021-03-01"]), key=apiversions.api_date)
    return Plan(f"{spec['title']} and set apiVersion to {need}", False, [add, Change("api", res, (), need)])
