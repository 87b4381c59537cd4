"""The VM extensions of a scale set's model, wherever the template writes them: inline in
``virtualMachineProfile.extensionProfile.extensions`` or as separate
``virtualMachineScaleSets/extensions`` resources named ``<set>/<extension>``.

Service Fabric node types are recognised by their extension (``ServiceFabricNode`` on
Windows, ``ServiceFabricLinuxNode`` on Linux, publisher ``Microsoft.Azure.ServiceFabric``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.keys import get_ci
from arm_orchlint.core.records import record as dataclass
from arm_orchlint.core.values import Unknown, is_unknown
from arm_orchlint.model.links import belongs_to
from arm_orchlint.model.scalesets import VMSS_EXTENSION

SERVICE_FABRIC_TYPES = {"servicefabricnode", "servicefabriclinuxnode"}
_EXTENSIONS = ("properties", "virtualMachineProfile", "extensionProfile", "extensions")


def ci_get(node: Any, key: str) -> Any:
    """A member of an object, ignoring case; an Unknown node's members are Unknown."""
    return node if is_unknown(node) else get_ci(node, key)


@dataclass
class Extension:
    """One extension: its object, the resource it is written in and the path to it there."""

    body: Any
    res: Any
    path: tuple

    @property
    def kind(self) -> Any:
        """The extension type in lower case, Unknown, or None when it is not written."""
        kind = ci_get(ci_get(self.body, "properties"), "type")
        if isinstance(kind, str):
            return kind.lower()
        return kind if is_unknown(kind) else None

    def setting(self, key: str) -> Any:
        return ci_get(ci_get(ci_get(self.body, "properties"), "settings"), key)


def scale_set_extensions(ss, model) -> tuple[list[Extension], bool]:
    """(the set's extensions, whether some may be missing from the list because their
    list, or a separate extension resource's name, is only known at deployment)."""
    found: list[Extension] = []
    uncertain = False
    inline = ss.in_profile("extensionProfile", "extensions")  # = ss.res.get(*_EXTENSIONS)
    if isinstance(inline, Unknown):  # (is_unknown, without a call: asked for every set)
        uncertain = True
    for i, ext in enumerate(inline if isinstance(inline, list) else ()):
        found.append(Extension(ext, ss.res, _EXTENSIONS + (i,)))
    for res in model.of_type(VMSS_EXTENSION):
        belongs = belongs_to(res, ss.res)
        if belongs is True:
            found.append(Extension(res.body, res, ()))
        elif belongs is None:
            uncertain = True
    return found, uncertain


def service_fabric_extensions(ss, model) -> list[Extension]:
    """The Service Fabric node extensions of the set (certain ones only)."""
    key = ("service_fabric_extensions", id(ss.res))  # (several rules ask, per set)
    found = model.memo.get(key)
    if found is None:
        exts, _ = scale_set_extensions(ss, model)
        found = model.memo[key] = [e for e in exts if isinstance(e.kind, str) and e.kind in SERVICE_FABRIC_TYPES]
    return found
