"""Scale set features that Flexible orchestration does not offer (system-assigned
identity, unmanaged disks, ultra-disk settings in the profile).

The small helpers at the top are shared by the other rule families of this branch
(network, upgrades, standalone VMs, autoscale); they could move to ``scalesets.py``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

from arm_orchlint.core.findings import Hit
from arm_orchlint.core.keys import get_ci, key_of
from arm_orchlint.core.values import is_unknown
from arm_orchlint.model.scalesets import raw_at
from arm_orchlint.rules.checks.extensions import service_fabric_extensions

_MISSING = object()


# -- shared helpers -----------------------------------------------------------------------
def ci_get(node: Any, key: str, default: Any = None) -> Any:
    """``node[key]`` with ARM's case-insensitive property names; ``default`` when absent.
    An Unknown node has unknown members, so it is returned as is."""
    if is_unknown(node):
        return node
    return get_ci(node, key, default)


def spelled(node: Any, path: tuple) -> tuple:
    """``path`` with every key spelled as the template writes it.

    Findings are located by an exact JSON pointer, while property names in ARM are
    case-insensitive: ``NetworkProfile`` must still be found.  Keys past the first missing
    one are kept as given (the locator then falls back to the nearest ancestor)."""
    out: list = []
    for key in path:
        if isinstance(key, str) and isinstance(node, dict):
            actual = key_of(node, key)
            if actual is None:
                out.append(key)
                node = None
                continue
            out.append(actual)
            node = node[actual]
        else:
            out.append(key)
            node = node[key] if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node) else None
    return tuple(out)


def hit(res, path: tuple, message: str, **kwargs) -> Hit:
    """A Hit located at ``path`` as spelled in the resource body."""
    return Hit(res, spelled(res.body, path), message, **kwargs)


def is_set(value: Any) -> bool:
    """A property is known to be set: present, not null and not Unknown."""
    return value is not None and not is_unknown(value)


def items(value: Any) -> list:
    """The (index, element) pairs of a list; nothing for Unknown, absent or wrong types."""
    return list(enumerate(value)) if isinstance(value, list) else []


def set_label(ss) -> str:
    """The set's name, or for a name known only at deployment its symbolic name or the
    name expression as written (a link by such a name is as certain as by a literal)."""
    res = ss.res
    name = res.name
    if isinstance(name, str):
        return f"'{name}'"
    if res.symbolic:
        return f"'{res.symbolic}'"
    written = raw_at(res.doc.data, tuple(res.pointer) + ("name",)) if res.doc is not None else None
    return written if isinstance(written, str) and len(written) <= 120 else "this scale set"


def is_flexible(ss) -> bool:
    return ss.mode.current == "Flexible"


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
    os_disk = res.get(*_STORAGE, "osDisk")
    if _non_empty(ci_get(os_disk, "vhdContainers")):
        yield hit(
            res,
            _STORAGE + ("osDisk", "vhdContainers"),
            f"osDisk.vhdContainers places the OS disk in a storage account; {advice}",
        )
    if _non_empty(ci_get(ci_get(os_disk, "image"), "uri")):
        yield hit(res, _STORAGE + ("osDisk", "image", "uri"), f"osDisk.image.uri uses an unmanaged VHD image; {advice}")
    for i, disk in items(res.get(*_STORAGE, "dataDisks")):
        for key in ("vhd", "vhdContainers"):
            if _non_empty(ci_get(disk, key)):
                yield hit(res, _STORAGE + ("dataDisks", i, key), f"dataDisks[{i}].{key} is an unmanaged disk; {advice}")


# -- ORCH411 ------------------------------------------------------------------------------
def flexible_ultra_disk_settings(ss, model) -> Iterator[Hit]:
    for i, disk in items(ss.res.get(*_STORAGE, "dataDisks")):
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
