"""Standalone virtual machines that join a scale set (``properties.virtualMachineScaleSet``),
and Uniform instance resources declared under a Flexible set."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

from arm_orchlint.core.findings import Hit
from arm_orchlint.model import apiversions, defaults
from arm_orchlint.model.ids import parse_resource_id
from arm_orchlint.model.scalesets import VMSS
from arm_orchlint.rules.checks._common import hit, is_set, set_label, specialty_family, spelled

_JOIN = ("properties", "virtualMachineScaleSet")
_FD = ("properties", "platformFaultDomain")


def joins(vm) -> bool:
    """The VM is known to name a scale set (an Unknown or null reference does not count)."""
    return is_set(vm.get(*_JOIN))


def _set_related(ss, path: tuple, text: str) -> list:
    where = spelled(ss.res.body, path)
    return [(ss.res.doc, tuple(ss.res.pointer) + where, text)]


# -- ORCH601 ------------------------------------------------------------------------------
def vm_scale_set_api_version(vm, model) -> Iterator[Hit]:
    if joins(vm) and apiversions.older_than(vm.api_version, "2019-03-01"):
        yield hit(
            vm,
            ("apiVersion",),
            f"apiVersion {vm.api_version} has no virtualMachineScaleSet property; use 2019-03-01 or later to add "
            "this VM to a scale set",
        )


# -- ORCH602 ------------------------------------------------------------------------------
def vm_scale_set_with_availability_set(vm, model) -> Iterator[Hit]:
    if joins(vm) and is_set(vm.get("properties", "availabilitySet")):
        yield hit(
            vm,
            ("properties", "availabilitySet"),
            "the VM sets both availabilitySet and virtualMachineScaleSet; a VM can be in a scale set or an "
            "availability set, not both: remove one of them",
        )


# -- ORCH603 ------------------------------------------------------------------------------
def vm_joins_non_flexible_set(vm, model) -> Iterator[Hit]:
    ss = model.vm_target(vm)
    if ss is None or ss.mode.current != "Uniform" or ss.mode.how not in ("literal", "parameter", "assumed"):
        return
    if ss.mode.how == "assumed":
        what = "has no orchestrationMode and a VM profile, so it is Uniform"
        related = _set_related(ss, (), f"scale set {set_label(ss)}")
    else:
        what = f"has orchestrationMode '{ss.mode.value}'"
        if ss.mode.params:
            what += f" (from parameter '{ss.mode.params[0]}')"
        related = _set_related(ss, ("properties", "orchestrationMode"), f"orchestration mode of {set_label(ss)}")
    yield hit(
        vm,
        _JOIN,
        f"the VM joins scale set {set_label(ss)}, which {what}; only Flexible scale sets accept standalone VMs: "
        "set the set's orchestrationMode to 'Flexible'",
        related=related,
    )


# -- ORCH604 ------------------------------------------------------------------------------
def vm_scale_set_resource_group(vm, model) -> Iterator[Hit]:
    own = vm.scope.get("resourceGroup") if isinstance(vm.scope, dict) else None
    parts = parse_resource_id(vm.get(*_JOIN, "id"))
    target = parts.get("resourceGroup") if parts else None
    if isinstance(own, str) and isinstance(target, str) and own.lower() != target.lower():
        yield hit(
            vm,
            _JOIN + ("id",),
            f"the VM is deployed to resource group '{own}' but its scale set is in '{target}'; "
            "a VM must be in the same resource group as the scale set it joins",
        )


# -- ORCH605 ------------------------------------------------------------------------------
def _zone_list(value: Any) -> list[str] | None:
    """Zones as strings, [] for regional, None when unknown or malformed."""
    if value is None:
        return []
    if not isinstance(value, list) or any(not isinstance(z, (str, int)) or isinstance(z, bool) for z in value):
        return None
    return [str(z) for z in value]


def vm_zone_mismatch(vm, model) -> Iterator[Hit]:
    ss = model.vm_target(vm)
    if ss is None:
        return
    vm_zones = _zone_list(vm.get("zones"))
    set_zones = _zone_list(ss.res.get("zones"))
    if vm_zones is None or set_zones is None:
        return
    shown = ", ".join(f"'{z}'" for z in set_zones)
    if not vm_zones and set_zones:
        problem = f"the VM is regional (no zones), but scale set {set_label(ss)} is zonal (zones {shown}); give the VM one of those zones"
    elif vm_zones and not set_zones:
        problem = f"the VM is in zone '{vm_zones[0]}', but scale set {set_label(ss)} is regional; remove the VM's zones or make the set zonal"
    else:
        outside = [z for z in vm_zones if z not in set_zones]
        if not outside:
            return
        problem = f"the VM is in zone '{outside[0]}', but scale set {set_label(ss)} only uses zones {shown}; use one of those zones"
    where = ("zones",) if vm.get("zones") is not None else _JOIN
    yield hit(vm, where, problem, related=_set_related(ss, ("zones",), f"zones of {set_label(ss)}"))


# -- ORCH606 ------------------------------------------------------------------------------
def vm_target_single_placement_group(vm, model) -> Iterator[Hit]:
    ss = model.vm_target(vm)
    # Uniform targets are ORCH603's finding; the 2019 preview names have their own rules.
    if ss is None or ss.mode.current == "Uniform" or ss.mode.preview is not None:
        return
    spg = ss.single_placement_group
    if spg is True:
        yield hit(
            vm,
            _JOIN,
            f"scale set {set_label(ss)} has singlePlacementGroup true; VMs can only join a set with "
            "singlePlacementGroup false",
            related=_set_related(ss, ("properties", "singlePlacementGroup"), "singlePlacementGroup"),
        )
    elif spg is None and _platform_may_choose_single(ss, vm):
        yield hit(
            vm,
            _JOIN,
            f"scale set {set_label(ss)} does not set singlePlacementGroup and has more than one fault domain, so "
            "the platform picks it from the first VM (true for G/H/L/M/N sizes); set it to false explicitly so "
            "VMs can join",
            severity="warning",
            related=_set_related(ss, ("properties",), f"properties of {set_label(ss)}"),
        )


def _platform_may_choose_single(ss, vm) -> bool:
    """A Flexible set that leaves singlePlacementGroup unset gets it from the first VM: false
    when the fault-domain count is 1 or the size has memory-preserving updates, true for a
    G/H/L/M/N size with more fault domains (orchestration-modes comparison, S2 §2.1).  Only
    the second case, or a size that is not known, can keep a joining VM out.  An AVM e2e
    asset (azure-stack-hci host) deploys FD 1 with the property unset and a joining VM."""
    fd, _ = defaults.fault_domains(ss)
    if fd == 1:
        return False
    size = vm.get("properties", "hardwareProfile", "vmSize")
    return not (isinstance(size, str) and specialty_family(size) is None)


# -- ORCH607 ------------------------------------------------------------------------------
def _fd_count(ss) -> Any:
    """The set's platformFaultDomainCount, with the Flexible default of 1 when absent."""
    count = ss.fault_domains
    if count is None and ss.mode.current == "Flexible":
        return 1
    return count


def _fd_problem(vm, model, value: int) -> str | None:
    if not joins(vm):
        return (
            "platformFaultDomain is only valid for a VM that joins a scale set; add virtualMachineScaleSet or remove it"
        )
    if apiversions.older_than(vm.api_version, "2020-12-01"):
        return f"apiVersion {vm.api_version} has no platformFaultDomain; use 2020-12-01 or later"
    if value < 0:
        return f"platformFaultDomain is {value}; it must be 0 or more"
    ss = model.vm_target(vm)
    if ss is None:
        return None
    count = _fd_count(ss)
    if not isinstance(count, int) or isinstance(count, bool):
        return None
    shown = f"{count}" if ss.fault_domains is not None else f"{count} (the default)"
    if count <= 1:
        return f"scale set {set_label(ss)} has platformFaultDomainCount {shown}, so there is no fault domain to pin; remove platformFaultDomain or raise the count"
    if value >= count:
        return f"platformFaultDomain is {value}, but scale set {set_label(ss)} has platformFaultDomainCount {shown}; use 0 to {count - 1}"
    return None


def vm_platform_fault_domain(vm, model) -> Iterator[Hit]:
    value = vm.get(*_FD)
    if not isinstance(value, int) or isinstance(value, bool):
        return
    problem = _fd_problem(vm, model, value)
    if problem:
        yield hit(vm, _FD, problem)


# -- ORCH608 ------------------------------------------------------------------------------
def flexible_instance_child_type(child, model) -> Iterator[Hit]:
    parent = model.links.parent(child, VMSS)
    ss = model.scale_set_view(parent) if parent is not None else None
    if ss is not None and ss.mode.current == "Flexible":
        yield hit(
            child,
            ("type",),
            f"{child.type} is the Uniform instance type, but its scale set {set_label(ss)} is Flexible; "
            "Flexible instances are ordinary Microsoft.Compute/virtualMachines resources that join the set",
            related=_set_related(ss, ("properties", "orchestrationMode"), f"orchestration mode of {set_label(ss)}"),
        )
