"""Checks from the 2019 preview table (modes `VM` and `ScaleSetVM`).

These rules apply only when a scale set names a preview mode; ORCH002 already reports the
name itself, these report what the preview table says the chosen mode could not do.
"""

from __future__ import annotations

from arm_orchlint.core.findings import Hit
from arm_orchlint.model.numbers import count, integer
from arm_orchlint.model.scalesets import VMSS
from arm_orchlint.rules.checks._common import set_label

_MODE = ("properties", "orchestrationMode")
_VM_MODE_MAX_VMS = 200


def vm_mode_profile(ss, model):
    """ORCH101: VM mode had no configuration model, so no profile."""
    if ss.res.has("properties", "virtualMachineProfile"):
        yield Hit(
            ss.res,
            ("properties", "virtualMachineProfile"),
            "a 'VM' mode scale set has no VM configuration model, but virtualMachineProfile is set; remove it (today: use orchestrationMode 'Flexible', which accepts a profile)",
        )


def scalesetvm_profile_required(ss, model):
    """ORCH102: ScaleSetVM instances are built from the profile, so it must exist."""
    if not ss.res.has("properties", "virtualMachineProfile"):
        yield Hit(
            ss.res,
            ("properties", "virtualMachineProfile"),
            "ScaleSetVM mode creates its instances from virtualMachineProfile, which is missing; add a virtualMachineProfile (today: orchestrationMode 'Uniform')",
        )


def vm_mode_autoscale(setting, model):
    """ORCH103 (resource: autoscale settings): VM mode could not autoscale."""
    target = model.autoscale_target(setting)
    if target is None or target.mode.preview != "VM":
        return
    yield Hit(
        setting,
        ("properties", "targetResourceUri"),
        f"this autoscale setting targets scale set {set_label(target)}, which uses the 2019 'VM' orchestration mode; that mode does not support autoscale (today: use 'Flexible' with a virtualMachineProfile)",
        related=[(target.res.doc, target.res.pointer + _MODE, "orchestrationMode of the target scale set")],
    )


def vm_mode_fault_domains(ss, model):
    """ORCH107: VM mode took 2 or 3 fault domains regionally and 5 in a zone."""
    fd = integer(ss.fault_domains)
    zones = ss.zone_count
    if fd is None or not isinstance(zones, int):
        return
    allowed = (5,) if zones > 0 else (2, 3)
    if fd not in allowed:
        where = "with an availability zone" if zones > 0 else "without availability zones"
        want = " or ".join(str(a) for a in allowed)
        yield Hit(
            ss.res,
            ("properties", "platformFaultDomainCount"),
            f"platformFaultDomainCount is {fd}, but a 'VM' mode scale set {where} accepts only {want}",
        )


def _vm_instances(vms) -> int | None:
    """How many VMs the VM resources stand for; None when a copy count is unknown.

    An unexpanded copy loop is one record with ``copy.count``; an expanded one is one
    record per iteration sharing a pointer, so each definition is counted once."""
    groups: dict[tuple, list] = {}
    for vm in vms:
        if vm.condition is not True:
            continue  # a VM that may not be deployed does not count
        groups.setdefault((id(vm.doc), vm.pointer), []).append(vm)
    total = 0
    for records in groups.values():
        copy = records[0].copy
        if copy is None:
            total += len(records)
        elif integer(copy.count) is not None:
            total += copy.count
        else:
            return None  # Unknown (or malformed) count: the total is not known
    return total


def vm_mode_capacity(ss, model):
    """ORCH110: at most 200 VMs could join a 'VM' mode scale set."""
    vms = model.vms_joining(ss)
    total = _vm_instances(vms)
    if total is None or total <= _VM_MODE_MAX_VMS:
        return
    related = [(vm.doc, vm.pointer, "a VM joining this scale set") for vm in vms[:10]]
    yield Hit(
        ss.res,
        (),
        f"{total} VMs join this 'VM' mode scale set, but that mode holds at most {_VM_MODE_MAX_VMS}; split the VMs across scale sets",
        related=related,
    )


def scalesetvm_capacity(ss, model):
    """ORCH111: ScaleSetVM instance count 0..1000."""
    cap = count(ss.capacity)
    if cap is not None and not 0 <= cap <= 1000:
        yield Hit(
            ss.res,
            ("sku", "capacity"),
            f"sku.capacity is {cap}, but a 'ScaleSetVM' mode scale set holds 0 to 1000 instances",
        )


def vm_joins_scalesetvm_set(vm, model):
    """ORCH112 (resource: virtual machines): explicit VMs cannot join a ScaleSetVM set."""
    target = model.vm_target(vm)
    if target is None or target.mode.preview != "ScaleSetVM":
        return
    yield Hit(
        vm,
        ("properties", "virtualMachineScaleSet"),
        f"this VM joins scale set {set_label(target)}, which uses the 2019 'ScaleSetVM' mode; that mode creates its own instances and does not accept VMs added explicitly (today: join a 'Flexible' scale set)",
        related=[(target.res.doc, target.res.pointer + _MODE, "orchestrationMode of the scale set")],
    )


def _parent_set(child, model):
    """The scale set a virtualMachineScaleSets/virtualMachines resource belongs to."""
    parent = model.links.parent(child, VMSS)
    return model.scale_set_view(parent) if parent is not None else None


def vm_mode_instance_model(child, model):
    """ORCH113 (resource: scale set VMs): the VM mode instance is a plain virtual machine."""
    parent = _parent_set(child, model)
    if parent is None or parent.mode.preview != "VM":
        return
    yield Hit(
        child,
        ("type",),
        f"'{child.type}' is the instance model of scale sets that create their own instances; scale set {set_label(parent)} uses the 2019 'VM' mode, whose instances are Microsoft.Compute/virtualMachines resources joining it",
        related=[(parent.res.doc, parent.res.pointer + _MODE, "orchestrationMode of the scale set")],
    )
