"""Effective create-time settings of a scale set: the written value, or the value Azure
applies when the property is left out.

Every helper returns a plain value only when it is known; otherwise an ``Unknown`` (never
None for "don't know"), so callers can compare two versions with ``known(a, b)``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown, is_unknown
from arm_orchlint.model import apiversions
from arm_orchlint.model.ids import parse_resource_id
from arm_orchlint.model.numbers import arm_int, integer
from arm_orchlint.model.scalesets import PREVIEW_TO_CURRENT, ScaleSet


def known(*values: Any) -> bool:
    """True when none of the values is Unknown (None, meaning absent, is known)."""
    return not any(is_unknown(v) for v in values)


def mode(ss: ScaleSet) -> Any:
    """'Uniform' or 'Flexible' as Azure would treat the set, or Unknown.

    The 2019 preview names count as the mode they described (VM -> Flexible,
    ScaleSetVM -> Uniform); a set written in the pre-2020 legacy form is Flexible; an
    absent mode with a VM profile is the assumed Uniform.  An ambiguous or unknown mode,
    or a value that is no mode at all, is Unknown.
    """
    info = ss.mode
    if info.how in ("ambiguous", "unknown"):
        return Unknown(f"orchestration mode is {info.how}")
    if info.how == "legacy":
        return "Flexible"
    if info.current:
        return info.current
    if info.preview:
        return PREVIEW_TO_CURRENT[info.preview]
    return Unknown("orchestrationMode is not a known mode")


def zone_set(ss: ScaleSet) -> Any:
    """The zones as a frozenset of strings (empty for a regional set), or Unknown."""
    zones = ss.zones
    if is_unknown(zones) or any(is_unknown(z) for z in zones):
        return Unknown("zones")
    return frozenset(str(z) for z in zones)


def fault_domains(ss: ScaleSet) -> tuple[Any, bool]:
    """(count, written): the FD count and whether the template writes it.  The one copy
    of these defaults: the rules, the diff and ``show`` all read them here.

    Defaults when absent: Flexible 1, Uniform regional 5, Uniform zonal or zone-spanning 1
    (that default came with the property, in API 2017-12-01; what older versions did is not
    documented, so Unknown).  The legacy (pre-2020) form has no documented default: Unknown.
    """
    written = ss.fault_domains
    if written is not None:
        value = arm_int(written)
        if is_unknown(value) or integer(value) is not None:
            return value, True
        return Unknown("platformFaultDomainCount is not a number"), True
    if ss.mode.how == "legacy":
        return Unknown("no documented default for the legacy form"), False
    current = mode(ss)
    if current == "Flexible":
        return 1, False
    if current == "Uniform":
        zonal = ss.zonal
        if is_unknown(zonal):
            return zonal, False
        if not zonal:
            return 5, False
        if apiversions.at_least(ss.res.api_version, "2017-12-01"):
            return 1, False
        return Unknown("default fault domain count of a zonal set before API 2017-12-01"), False
    return current, False


def single_placement_group(ss: ScaleSet) -> tuple[Any, bool]:
    """(value, written): the single-placement-group setting and whether it is written.

    Absent on a Uniform set: True for a regional set, False for a zonal one.  Absent on a
    Flexible set: the platform decides when the first VM is placed, so Unknown.
    """
    written = ss.single_placement_group
    if written is not None:
        if isinstance(written, bool) or is_unknown(written):
            return written, True
        return Unknown("singlePlacementGroup is not a boolean"), True
    if mode(ss) == "Uniform" and ss.mode.how != "legacy":
        return ss.effective_single_placement_group(), False
    return Unknown("the platform chooses the placement group setting"), False


def reference(value: Any) -> Any:
    """A SubResource id reduced to something comparable across versions.

    None for absent or null; a tuple (type, name, resourceGroup, subscription) in lower
    case, with None for parts that are not known; Unknown when the type or name is not
    known.  A string that is not a resource id is compared as written (lower case).
    """
    if value is None:
        return None
    parts = parse_resource_id(value)
    if parts is None:
        if isinstance(value, str):
            return ("", value.lower(), None, None)
        return Unknown("reference")
    rtype, name = parts.get("type"), parts.get("name")
    if not isinstance(rtype, str) or not isinstance(name, str):
        return Unknown("reference")
    scope = [
        p.lower() if isinstance(p, str) else None for p in (parts.get("resourceGroup"), parts.get("subscriptionId"))
    ]
    return (rtype.lower(), name.lower(), *scope)


def same_reference(a: Any, b: Any) -> Any:
    """Whether two ``reference()`` results name the same resource: True, False or Unknown.

    The resource group and subscription are compared only when both sides know them.
    """
    if not known(a, b):
        return Unknown("reference")
    if a is None or b is None:
        return a is None and b is None
    if a[:2] != b[:2]:
        return False
    for x, y in zip(a[2:], b[2:]):
        if x is not None and y is not None and x != y:
            return False
    return True


def describe_reference(ref: Any) -> str:
    if ref is None:
        return "none"
    if is_unknown(ref):
        return "an unknown resource"
    return f"'{ref[1]}'"
