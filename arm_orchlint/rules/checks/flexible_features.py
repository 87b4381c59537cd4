"""Scale set features that Flexible orchestration does not offer (system-assigned
identity, unmanaged disks, ultra-disk settings in the profile)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

from arm_orchlint.core.findings import Hit
from arm_orchlint.model.resources import get_in
from arm_orchlint.rules.checks._common import ci_get, hit, is_set, items
from arm_orchlint.rules.checks.extensions import service_fabric_extensions

_PROFILE = ("properties", "virtualMachineProfile")
_STORAGE = _PROFILE + ("storageProfile",)


# -- ORCH409 ------------------------------------------------------------------------------
def flexible_system_assigned_identity(ss, model) -> Iterator[Hit]:
    kind = ss.res.get("identity", "type")
    if isinstance(kind, str) and "systemassigned" in kind.replace(" ", "").lower():
        yield hit(
            ss.res,
            ("identity", "type"),
            f"identity type is '{kind}', but Flexible scale sets are documented to support only user-assigned "
            "identities; use 'UserAssigned' with a userAssignedIdentities entry",
        )


# -- ORCH410 ------------------------------------------------------------------------------
def _non_empty(value: Any) -> bool:
    return is_set(value) and value != [] and value != ""


def flexible_unmanaged_disks(ss, model) -> Iterator[Hit]:
    res = ss.res
    advice = "Flexible scale sets only use managed disks; use managedDisk and an imageReference instead"
    storage = ss.storage_profile
    os_disk = get_in(storage, ("osDisk",))
    if _non_empty(ci_get(os_disk, "vhdContainers")):
        yield hit(
            res,
            _STORAGE + ("osDisk", "vhdContainers"),
            f"osDisk.vhdContainers places the OS disk in a storage account; {advice}",
        )
    if _non_empty(ci_get(ci_get(os_disk, "image"), "uri")):
        yield hit(res, _STORAGE + ("osDisk", "image", "uri"), f"osDisk.image.uri uses an unmanaged VHD image; {advice}")
    for i, disk in items(ss.data_disks):
        for key in ("vhd", "vhdContainers"):
            if _non_empty(ci_get(disk, key)):
                yield hit(res, _STORAGE + ("dataDisks", i, key), f"dataDisks[{i}].{key} is an unmanaged disk; {advice}")


# -- ORCH411 ------------------------------------------------------------------------------
def flexible_ultra_disk_settings(ss, model) -> Iterator[Hit]:
    for i, disk in items(ss.data_disks):
        for key in ("diskIOPSReadWrite", "diskMBpsReadWrite"):
            value = ci_get(disk, key)
            if is_set(value):
                yield hit(
                    ss.res,
                    _STORAGE + ("dataDisks", i, key),
                    f"dataDisks[{i}].{key} is {value}, but the Flexible documentation lists ultra-disk performance "
                    "settings in the scale set profile as unsupported; set them on the disks after deployment",
                )


# -- ORCH412 ------------------------------------------------------------------------------
def flexible_service_fabric(ss, model) -> Iterator[Hit]:
    """Service Fabric node types run on Uniform sets only ("Service Fabric: No" for Flexible)."""
    for ext in service_fabric_extensions(ss, model):
        yield hit(
            ext.res,
            ext.path + ("properties", "type"),
            f"the scale set is Flexible, but it carries the Service Fabric extension "
            f"('{ci_get(ci_get(ext.body, 'properties'), 'type')}'), and Service Fabric is not supported on Flexible "
            "scale sets; use a Uniform scale set for the node type",
        )
