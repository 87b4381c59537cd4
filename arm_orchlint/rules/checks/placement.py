"""Fault domains, zones, proximity placement groups and Spot priority mix.

The defaults of absent values are in ``model/defaults.py``, which the other families and
the diff read too."""

from __future__ import annotations

from arm_orchlint.core.findings import Hit
from arm_orchlint.core.values import is_unknown
from arm_orchlint.model.ids import parse_resource_id
from arm_orchlint.model.numbers import arm_bool, count, integer
from arm_orchlint.model.resources import get_in

_FD = ("properties", "platformFaultDomainCount")
_SPG = ("properties", "singlePlacementGroup")
_PMX = ("properties", "priorityMixPolicy")


def _zone_words(count: int) -> str:
    return "regional (no zones)" if count == 0 else ("zonal" if count == 1 else f"zone-spanning ({count} zones)")


def _fd_check(ss, mode: str, zonal: bool, allowed: tuple, advice: str):
    if ss.zonal is not zonal:
        return
    fd = integer(ss.fault_domains)
    if fd is None or fd in allowed:
        return
    want = ", ".join(str(a) for a in allowed[:-1]) + (" or " if len(allowed) > 1 else "") + str(allowed[-1])
    yield Hit(
        ss.res,
        _FD,
        f"platformFaultDomainCount is {fd}, but a {_zone_words(ss.zone_count)} {mode} scale set accepts only {want}; {advice}",
    )


def flexible_fd_zonal(ss, model):
    """ORCH201."""
    return _fd_check(ss, "Flexible", True, (1,), "set it to 1 (the zones provide the spreading)")


def flexible_fd_regional(ss, model):
    """ORCH202 (the region's own maximum of 2 or 3 is not checked)."""
    return _fd_check(ss, "Flexible", False, (1, 2, 3), "use 1 (max spreading) or the region's fault domain count")


def uniform_fd_zonal(ss, model):
    """ORCH203."""
    return _fd_check(ss, "Uniform", True, (1, 5), "use 1 (max spreading) or 5")


def uniform_fd_regional(ss, model):
    """ORCH204."""
    return _fd_check(ss, "Uniform", False, (1, 2, 3, 4, 5), "use a value from 1 to 5")


def uniform_max_spreading_spg(ss, model):
    """ORCH205 (a note): an explicit max spreading (FD 1) with an explicit single placement
    group on a zone-spanning Uniform set.  The availability-zones guidance says max spreading
    needs multiple placement groups, but no platform error is documented, and templates
    that deploy use the combination elsewhere: quickstart 201-vmss-windows-webapp-dsc-autoscale
    (regional, FD 1, SPG true), a deployment-tested module (one zone, FD 1, SPG true) and
    Service Fabric's multi-zone node type (FD not written, so only assumed; RW-SF-SPG).
    Regional and zonal sets and assumed values are therefore not reported."""
    if ss.single_placement_group is not True:
        return
    count = ss.zone_count
    if not isinstance(count, int) or count < 2:
        return
    if integer(ss.fault_domains) != 1:
        return
    yield Hit(
        ss.res,
        _SPG,
        f"platformFaultDomainCount is 1 (max spreading) on a Uniform scale set spanning {count} zones, and the "
        "availability-zones guidance says max spreading needs multiple placement groups, but singlePlacementGroup "
        "is true; consider singlePlacementGroup false",
    )


def zone_balance_without_zones(ss, model):
    """ORCH207: zoneBalance only makes sense across two or more zones."""
    value = arm_bool(ss.prop("zoneBalance"))
    count = ss.zone_count
    if not isinstance(value, bool) or not isinstance(count, int) or count >= 2:
        return
    severity = "error" if value else "warning"
    yield Hit(
        ss.res,
        ("properties", "zoneBalance"),
        f"zoneBalance is {str(value).lower()}, but the scale set is {_zone_words(count)}; zoneBalance may only be set with two or more zones, remove it",
        severity=severity,
    )


def _references_something(value) -> bool:
    """True when a sub-resource reference certainly points somewhere."""
    if not isinstance(value, dict):
        return False
    ref = next((v for k, v in value.items() if isinstance(k, str) and k.lower() == "id"), None)
    if isinstance(ref, str):
        return bool(ref.strip())
    return is_unknown(ref) and parse_resource_id(ref) is not None


def ppg_zones(ss, model):
    """ORCH208: a proximity placement group cannot span zones."""
    ppg = ss.prop("proximityPlacementGroup")
    count = ss.zone_count
    if not _references_something(ppg) or not isinstance(count, int) or count <= 1:
        return
    yield Hit(
        ss.res,
        ("properties", "proximityPlacementGroup"),
        f"the scale set uses a proximity placement group and spans {count} zones; a proximity placement group allows one zone or none, so use a single zone or remove the proximity placement group",
    )


def priority_mix_flexible_only(ss, model):
    """ORCH209: Spot priority mix exists only for Flexible sets."""
    if not isinstance(ss.priority_mix, dict):  # (no priorityMixPolicy object)
        return
    how = " (assumed: orchestrationMode is not set)" if ss.mode.how == "assumed" else ""
    yield Hit(
        ss.res,
        _PMX,
        f"priorityMixPolicy requires a Flexible scale set, but this one is Uniform{how}; use orchestrationMode 'Flexible' or remove priorityMixPolicy",
    )


def priority_mix_requirements(ss, model):
    """ORCH210: priority mix needs Spot priority and no single placement group."""
    if not isinstance(ss.priority_mix, dict):  # (no priorityMixPolicy object)
        return
    profile = ss.profile
    if isinstance(profile, dict):
        priority = ss.in_profile("priority")
        if priority is None:
            yield Hit(
                ss.res,
                ("properties", "virtualMachineProfile", "priority"),
                "priorityMixPolicy is set but virtualMachineProfile.priority is not (it defaults to Regular); set priority to 'Spot'",
            )
        elif isinstance(priority, str) and priority.strip().lower() != "spot":
            yield Hit(
                ss.res,
                ("properties", "virtualMachineProfile", "priority"),
                f"priorityMixPolicy is set but virtualMachineProfile.priority is '{priority}'; Spot priority mix needs priority 'Spot'",
            )
    if ss.single_placement_group is True:
        yield Hit(
            ss.res,
            _SPG,
            "priorityMixPolicy cannot be used with a single placement group, but singlePlacementGroup is true; set it to false",
        )


def priority_mix_percentage(ss, model):
    """ORCH211: the regular share is a percentage and the base count cannot be negative."""
    if not isinstance(ss.priority_mix, dict):  # (no priorityMixPolicy object)
        return
    pct = count(get_in(ss.priority_mix, ("regularPriorityPercentageAboveBase",)))
    if pct is not None and not 0 <= pct <= 100:
        yield Hit(
            ss.res,
            _PMX + ("regularPriorityPercentageAboveBase",),
            f"regularPriorityPercentageAboveBase is {pct}, but it is a percentage from 0 to 100",
        )
    base = count(get_in(ss.priority_mix, ("baseRegularPriorityCount",)))
    if base is not None and base < 0:
        yield Hit(
            ss.res,
            _PMX + ("baseRegularPriorityCount",),
            f"baseRegularPriorityCount is {base}, but it cannot be negative",
        )
