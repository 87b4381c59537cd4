"""Version-diff checks: create-time settings changed between two versions of a template.

Each check is called as ``check(old, new, pairing)`` by ``arm_orchlint.diff.compare`` (see there)
and yields ``Hit``s on the NEW resource.  Nothing is compared when either side is Unknown.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterator

from arm_orchlint.core.findings import Hit
from arm_orchlint.core.values import is_unknown
from arm_orchlint.model import apiversions, links
from arm_orchlint.model import defaults as eff
from arm_orchlint.model.pairing import Pairing
from arm_orchlint.model.resources import Resource
from arm_orchlint.model.scalesets import VMSS, ScaleSet
from arm_orchlint.rules.checks.extensions import service_fabric_extensions

PROPS = ("properties",)
MODE = ("properties", "orchestrationMode")
FD = ("properties", "platformFaultDomainCount")
SPG = ("properties", "singlePlacementGroup")
ZONES = ("zones",)
PPG = ("properties", "proximityPlacementGroup")
VMSS_REF = ("properties", "virtualMachineScaleSet")


# -- helpers -------------------------------------------------------------------------------
def _where(res: Resource, *paths: tuple) -> tuple:
    """The first of ``paths`` written in the resource's document, else the resource itself."""
    locator = getattr(res.doc, "locator", None)
    for path in paths:
        if locator is not None and locator.span(tuple(res.pointer) + tuple(path)) is not None:
            return tuple(path)
    return ()


def _was(old: Resource, path: tuple, text: str) -> list:
    """A related location in the OLD document (dropped by the engine when OLD is not a file)."""
    where = _where(old, path)
    return [(old.doc, tuple(old.pointer) + where, text)]


def _mode_text(ss: ScaleSet) -> str:
    info = ss.mode
    if info.preview:
        return f"'{info.value}' (the 2019 preview name for {eff.mode(ss)})"
    return info.describe()


def _same_layout(old: ScaleSet, new: ScaleSet) -> bool:
    """Same effective mode and both regional or both zonal: defaults mean the same then."""
    a, b = eff.mode(old), eff.mode(new)
    za, zb = old.zonal, new.zonal
    return eff.known(a, b, za, zb) and a == b and za == zb


def _default_note(written: bool, ss: ScaleSet) -> str:
    if written:
        return ""
    layout = "zonal" if ss.zonal is True else "regional"
    return f" (not set: the default for a {layout} {eff.mode(ss)} set)"


def _name(res: Resource) -> str:
    return res.name if isinstance(res.name, str) else (res.symbolic or "<name known at deployment>")


# -- ORCH801 -------------------------------------------------------------------------------
def orchestration_mode_changed(old: ScaleSet | None, new: ScaleSet | None, pairing: Pairing) -> Iterator[Hit]:
    if old is None or new is None:
        return
    a, b = eff.mode(old), eff.mode(new)
    if not eff.known(a, b) or a == b:
        return
    yield Hit(
        new.res,
        _where(new.res, MODE, PROPS),
        f"orchestration mode changes from {_mode_text(old)} to {_mode_text(new)}; the mode is fixed when a scale set "
        "is created and Azure refuses the update: keep the old mode, or deploy a new scale set under a new name",
        related=_was(old.res, MODE, f"the old version's mode: {a}"),
    )


# -- ORCH802 -------------------------------------------------------------------------------
def fault_domain_count_changed(old: ScaleSet | None, new: ScaleSet | None, pairing: Pairing) -> Iterator[Hit]:
    if old is None or new is None:
        return
    (a, a_written), (b, b_written) = eff.fault_domains(old), eff.fault_domains(new)
    if not eff.known(a, b) or a == b:
        return
    if not (a_written and b_written) and not _same_layout(old, new):
        return  # a default moved with the mode or the zones: ORCH801/ORCH804 report that change
    yield Hit(
        new.res,
        _where(new.res, FD, PROPS),
        f"platformFaultDomainCount changes from {a}{_default_note(a_written, old)} to {b}{_default_note(b_written, new)}; "
        "the fault-domain count is fixed at creation (PropertyChangeNotAllowed): "
        f"keep {a}, or deploy a new scale set",
        related=_was(old.res, FD, f"the old version's fault-domain count: {a}"),
    )


# -- ORCH803 -------------------------------------------------------------------------------
def single_placement_group_enabled(old: ScaleSet | None, new: ScaleSet | None, pairing: Pairing) -> Iterator[Hit]:
    if old is None or new is None:
        return
    (a, a_written), (b, b_written) = eff.single_placement_group(old), eff.single_placement_group(new)
    if not eff.known(a, b) or not (a is False and b is True):
        return
    if not (a_written and b_written) and not _same_layout(old, new):
        return
    yield Hit(
        new.res,
        _where(new.res, SPG, PROPS),
        f"singlePlacementGroup changes from false{_default_note(a_written, old)} to true{_default_note(b_written, new)}; "
        "a scale set that spans several placement groups cannot go back to a single one: keep it false",
        related=_was(old.res, SPG, "the old version's single placement group setting"),
    )


# -- ORCH804 -------------------------------------------------------------------------------
def _zones_text(zones: frozenset) -> str:
    return "[" + ", ".join(sorted(zones)) + "]"


def _expansion_problems(old: ScaleSet, new: ScaleSet, pairing: Pairing) -> list[str]:
    """The preconditions of adding zones to an existing set (the zone-expansion section of
    the availability-zones doc, S9) that the NEW version breaks, each in words."""
    problems = []
    api = new.res.api_version
    if isinstance(api, str) and apiversions.older_than(api, "2023-03-01"):
        problems.append(f"adding zones needs apiVersion 2023-03-01 or later, and this version uses {api}")
    # The set keeps the fault-domain count it was created with; zonal sets take 1 or 5
    # (Flexible: 1).  A changed count is ORCH802's finding.
    fd, _ = eff.fault_domains(old)
    allowed = (1,) if eff.mode(old) == "Flexible" else (1, 5)
    if isinstance(fd, int) and not is_unknown(fd) and fd not in allowed:
        want = " or ".join(str(a) for a in allowed)
        problems.append(f"the set has {fd} fault domains, and a zonal set needs platformFaultDomainCount {want}")
    if service_fabric_extensions(new, pairing.new):
        problems.append("the set runs the Service Fabric extension, and Service Fabric node types cannot be expanded")
    if _set(new.res.get("properties", "hostGroup")):
        problems.append("the set is placed on a dedicated host group, which zone expansion does not support")
    if _set(new.res.get("properties", "virtualMachineProfile", "capacityReservation", "capacityReservationGroup")):
        problems.append("the set uses a capacity reservation group, which zone expansion does not support")
    return problems


def _set(value) -> bool:
    return value is not None and not is_unknown(value)


def zones_changed(old: ScaleSet | None, new: ScaleSet | None, pairing: Pairing) -> Iterator[Hit]:
    """ORCH804.  From API 2023-03-01 zones can be added to a set, regional ones included;
    removing zones, or going back to regional, is refused.  An addition is reported only
    when the new version breaks one of the documented preconditions, and says which."""
    if old is None or new is None:
        return
    a, b = eff.zone_set(old), eff.zone_set(new)
    if not eff.known(a, b) or a == b:
        return
    if a and not b:
        message = f"zones {_zones_text(a)} are removed, so the zonal scale set would become regional; zones can never be removed from a scale set, and a zonal set cannot go back to regional"
    elif a - b:
        message = (
            f"zone(s) {_zones_text(a - b)} are removed; zones can be added to a scale set but never removed or replaced"
        )
    else:
        problems = _expansion_problems(old, new, pairing)
        if not problems:
            return
        change = (
            f"the regional scale set becomes zonal with zones {_zones_text(b)}"
            if not a
            else f"zone(s) {_zones_text(b - a)} are added"
        )
        message = (
            f"{change}, but Azure adds zones to an existing set only when its configuration allows it: "
            + "; ".join(problems)
        )
    yield Hit(
        new.res,
        _where(new.res, ZONES),
        message + " (keep the old zones, or deploy a new scale set)",
        related=_was(old.res, ZONES, "the old version's zones"),
    )


# -- ORCH805 -------------------------------------------------------------------------------
def _attach_violations(vm: Resource, pairing: Pairing) -> Iterator[tuple[tuple, str, list]]:
    """(path in the VM, problem, related) for each attach precondition the NEW template breaks."""
    target = pairing.new.vm_target(vm)
    if target is not None:
        fd, _ = eff.fault_domains(target)
        if isinstance(fd, int) and not is_unknown(fd) and fd != 1:
            related = [
                (
                    target.res.doc,
                    tuple(target.res.pointer) + _where(target.res, FD),
                    "the scale set's fault-domain count",
                )
            ]
            yield (
                VMSS_REF,
                f"the scale set has {fd} fault domains and only a set with platformFaultDomainCount 1 accepts an existing VM (VmssDoesNotSupportAttachingExistingVMMultiFD)",
                related,
            )
        spg, _ = eff.single_placement_group(target)
        if spg is True:
            related = [
                (
                    target.res.doc,
                    tuple(target.res.pointer) + _where(target.res, SPG),
                    "the scale set's single placement group setting",
                )
            ]
            yield VMSS_REF, "the scale set uses a single placement group (VmssDoesNotSupportAttachingWithSpg)", related
    for path, problem in (
        (
            ("properties", "availabilitySet"),
            "the VM is in an availability set (VmssDoesNotSupportAttachingExistingAvsetVM)",
        ),
        (
            ("properties", "proximityPlacementGroup"),
            "the VM is in a proximity placement group (VmssDoesNotSupportAttachingPPGVM)",
        ),
        (("properties", "host"), "the VM is on a dedicated host"),
        (("properties", "hostGroup"), "the VM is on a dedicated host group"),
        (
            ("properties", "storageProfile", "osDisk", "vhd"),
            "the VM's OS disk is unmanaged (VmssDoesNotSupportAttachingExistingVMUnmanagedDisk)",
        ),
    ):
        value = vm.get(*path)
        if value is not None and not is_unknown(value):
            yield path, problem, []
    disks = vm.get("properties", "storageProfile", "dataDisks")
    if isinstance(disks, list):
        for i, disk in enumerate(disks):
            if isinstance(disk, dict) and disk.get("vhd") is not None and not is_unknown(disk.get("vhd")):
                yield (
                    ("properties", "storageProfile", "dataDisks", i, "vhd"),
                    "a data disk is unmanaged (VmssDoesNotSupportAttachingExistingVMUnmanagedDisk)",
                    [],
                )


def vm_scale_set_membership_changed(old: Resource | None, new: Resource | None, pairing: Pairing) -> Iterator[Hit]:
    if old is None or new is None:
        return
    a, b = eff.reference(old.get(*VMSS_REF, "id")), eff.reference(new.get(*VMSS_REF, "id"))
    same = eff.same_reference(a, b)
    if is_unknown(same) or same is True or b is None:
        return  # unknown, unchanged, or detached (allowed)
    vm = _name(new)
    if a is not None:
        yield Hit(
            new,
            _where(new, VMSS_REF + ("id",), VMSS_REF),
            f"VM '{vm}' moves from scale set {eff.describe_reference(a)} to {eff.describe_reference(b)}; Azure refuses to change "
            "virtualMachineScaleSet.id (PropertyChangeNotAllowed): detach the VM first (virtualMachineScaleSet: null), then attach it",
            related=_was(old, VMSS_REF, "the old version's scale set"),
        )
        return
    problems = list(_attach_violations(new, pairing))
    for path, problem, related in problems:
        yield Hit(
            new,
            _where(new, path, VMSS_REF),
            f"existing VM '{vm}' is attached to scale set {eff.describe_reference(b)}, but {problem}",
            severity="error",
            related=related,
        )
    if not problems:
        yield Hit(
            new,
            _where(new, VMSS_REF),
            f"existing VM '{vm}' is attached to scale set {eff.describe_reference(b)}; attaching an existing VM only works "
            "when the set has platformFaultDomainCount 1 and no single placement group, and the VM uses managed disks, "
            "has no availability set, proximity placement group or dedicated host, and is not an RDMA size",
            severity="warning",
        )


# -- ORCH806 -------------------------------------------------------------------------------
def _still_declared(key: tuple, pairing: Pairing) -> bool:
    """True when NEW still declares (or only references as `existing`) a set of that name
    (see ``links.name_key``), or declares a set whose name is not literal (it could be the
    same one)."""
    for res in pairing.new.all_of_type(VMSS):
        if res.condition is not False:
            other = links.name_key(res.name)
            if other == key or not links.is_literal(other):
                return True
    return False


def flexible_set_deleted_with_vms(old: ScaleSet | None, new: ScaleSet | None, pairing: Pairing) -> Iterator[Hit]:
    if old is None or new is not None or eff.mode(old) != "Flexible":
        return
    key = links.name_key(old.res.name)  # comparable across the two versions
    if key is None or _still_declared(key, pairing):
        return
    name = _name(old.res)
    reported: set[int] = set()
    for vm in pairing.new.vms:
        target = links.id_target(vm.get(*VMSS_REF, "id"))
        if target is None or target.type != VMSS or target.segments != key:
            continue
        reported.add(id(vm))
        yield Hit(
            vm,
            _where(vm, VMSS_REF),
            f"VM '{_name(vm)}' still joins scale set '{name}', which this version removes; Azure refuses to delete a "
            "Flexible scale set that contains VMs (OperationNotAllowed): delete or detach the VMs first",
        )
    for old_vm in pairing.old.vms:
        target = pairing.old.vm_target(old_vm)
        vm = pairing.in_new(old_vm)
        if target is None or target.res is not old.res or vm is None or id(vm) in reported:
            continue
        if vm.has(*VMSS_REF):
            continue  # detached with null, or moved elsewhere (ORCH805)
        yield Hit(
            vm,
            _where(vm, PROPS),
            f"VM '{_name(vm)}' joined scale set '{name}' in the old version and is kept without being detached, while "
            "the set is removed; Azure refuses to delete a Flexible scale set that contains VMs: set "
            "virtualMachineScaleSet to null (detach) or delete the VM first",
        )


# -- ORCH807 -------------------------------------------------------------------------------
def proximity_placement_group_changed(old: ScaleSet | None, new: ScaleSet | None, pairing: Pairing) -> Iterator[Hit]:
    if old is None or new is None or eff.mode(old) != "Flexible" or eff.mode(new) != "Flexible":
        return
    a, b = eff.reference(old.res.get(*PPG, "id")), eff.reference(new.res.get(*PPG, "id"))
    same = eff.same_reference(a, b)
    if is_unknown(same) or same is True:
        return
    if a is None:
        change = f"is added ({eff.describe_reference(b)})"
    elif b is None:
        change = f"is removed (was {eff.describe_reference(a)})"
    else:
        change = f"changes from {eff.describe_reference(a)} to {eff.describe_reference(b)}"
    yield Hit(
        new.res,
        _where(new.res, PPG, PROPS),
        f"the proximity placement group of this Flexible scale set {change}; a Flexible set keeps the placement group it "
        "was created with: keep the old setting, or deploy a new scale set",
        related=_was(old.res, PPG, "the old version's proximity placement group"),
    )
