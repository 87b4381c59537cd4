"""Instance-count limits per mode, placement group and image."""

from __future__ import annotations

from arm_orchlint.core.findings import Hit
from arm_orchlint.model import defaults
from arm_orchlint.model.numbers import count, integer
from arm_orchlint.rules.checks._common import is_managed_image, specialty_family

_CAP = ("sku", "capacity")
_IMAGE_ID = ("properties", "virtualMachineProfile", "storageProfile", "imageReference", "id")


def _capacity(ss):
    """sku.capacity as an int (numbers written as strings are accepted), else None."""
    return count(ss.capacity)


def _mode_words(ss) -> str:
    return "Uniform (assumed: orchestrationMode is not set)" if ss.mode.how == "assumed" else ss.mode.current


def uniform_capacity_spg(ss, model):
    """ORCH301: a single placement group holds at most 100 VMs."""
    cap = _capacity(ss)
    if cap is None or cap <= 100:
        return
    if ss.effective_single_placement_group() is not True:
        return
    if ss.single_placement_group is True:
        why = "singlePlacementGroup is true"
        related = [
            (ss.res.doc, ss.res.pointer + ("properties", "singlePlacementGroup"), "singlePlacementGroup set here")
        ]
    else:
        why = "singlePlacementGroup is not set, and a regional Uniform scale set defaults to a single placement group"
        related = []
    yield Hit(
        ss.res,
        _CAP,
        f"sku.capacity is {cap}, but {why}, which holds at most 100 VMs; set singlePlacementGroup to false or lower the capacity",
        related=related,
    )


def uniform_capacity_max(ss, model):
    """ORCH302: the placement-group doc caps Uniform at 1000 (the FAQ says 3000)."""
    cap = _capacity(ss)
    if cap is not None and cap > 1000:
        yield Hit(
            ss.res,
            _CAP,
            f"sku.capacity is {cap}, but a {_mode_words(ss)} scale set is documented to hold at most 1000 VMs (one doc says 3000); check the limit or split the scale set",
        )


def uniform_capacity_custom_image(ss, model):
    """ORCH303: sets built from a managed custom image scale to 600 VMs."""
    cap = _capacity(ss)
    if cap is None or cap <= 600:
        return
    if not is_managed_image(ss.res.get(*_IMAGE_ID)):
        return
    yield Hit(
        ss.res,
        _CAP,
        f"sku.capacity is {cap}, but a Uniform scale set built from a managed custom image holds at most 600 VMs; lower the capacity or publish the image to an Azure Compute Gallery (up to 1000)",
        related=[(ss.res.doc, ss.res.pointer + _IMAGE_ID, "managed image used here")],
    )


def flexible_capacity_max(ss, model):
    """ORCH304: Flexible holds at most 1000 VMs."""
    cap = _capacity(ss)
    if cap is not None and cap > 1000:
        yield Hit(
            ss.res,
            _CAP,
            f"sku.capacity is {cap}, but a Flexible scale set holds at most 1000 VMs; lower the capacity or split the scale set",
        )


def flexible_capacity_specialty(ss, model):
    """ORCH305: Flexible with G/H/L/M/N sizes and FD > 1 holds 200 VMs."""
    cap = _capacity(ss)
    if cap is None or cap <= 200:
        return
    size = ss.res.get("sku", "name")
    family = specialty_family(size)
    fd = integer(defaults.fault_domains(ss)[0])
    if family is None or fd is None or fd <= 1:
        return
    yield Hit(
        ss.res,
        _CAP,
        f"sku.capacity is {cap}, but size {size} ({family}-series, no memory-preserving updates) with platformFaultDomainCount {fd} limits a Flexible scale set to 200 VMs; use platformFaultDomainCount 1, another size, or at most 200 VMs",
        related=[
            (ss.res.doc, ss.res.pointer + ("properties", "platformFaultDomainCount"), "fault domain count set here")
        ],
    )


def fix_multiple_placement_groups(hit, model, spec):
    """ORCH301: singlePlacementGroup false (set, or added when absent).  Unsafe: multiple
    placement groups change what the set supports (a Basic load balancer, for one)."""
    from arm_orchlint.rules.fixes import Change, Plan

    res = hit.resource
    props = res.get("properties")
    if not isinstance(props, dict):
        return None
    if res.get("properties", "singlePlacementGroup") is None:
        return Plan(spec["title"], False, [Change("add", res, ("properties",), False, "singlePlacementGroup")])
    return Plan(spec["title"], False, [Change("set", res, ("properties", "singlePlacementGroup"), False)])
