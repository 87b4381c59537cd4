"""Small helpers that every rule family may use: reading ARM's case-insensitive property
names, locating hits as the template spells them, labels for messages.

Rule family modules (``modes``, ``placement``, ...) import from here, from
``extensions`` and from ``model/``, never from one another (an import contract checks it),
so that a family can change without touching another.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.findings import Hit
from arm_orchlint.core.keys import get_ci, key_of, other_spelling
from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.core.values import Unknown, is_unknown
from arm_orchlint.model.ids import parse_resource_id
from arm_orchlint.model.scalesets import raw_at

_MISSING = object()


def ci_get(node: Any, key: str, default: Any = None) -> Any:
    """``node[key]`` with ARM's case-insensitive property names; ``default`` when absent.
    An Unknown node has unknown members, so it is returned as is."""
    if type(node) is dict:  # the usual case, read directly (as get_ci would)
        found = node.get(key, _MISSING)
        if found is not _MISSING:
            return found
        actual = other_spelling(node, key)
        return default if actual is None else node[actual]
    if node is None:  # (an absent parent: what get_ci answers for it)
        return default
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
    return value is not None and not isinstance(value, Unknown)


def items(value: Any) -> list:
    """The (index, element) pairs of a list; nothing for Unknown, absent or wrong types."""
    if value is None:  # (an absent member, the usual non-list: without a failing isinstance)
        return []
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


def is_managed_image(image_id) -> bool:
    """True when an image id points to a managed image (Microsoft.Compute/images), not
    a Compute Gallery image."""
    if isinstance(image_id, str) and "/providers/microsoft.compute/images/" in image_id.lower():
        return True
    parts = parse_resource_id(image_id)
    return bool(parts) and isinstance(parts.get("type"), str) and parts["type"].lower() == "microsoft.compute/images"


# "Standard_<family letters><vCPUs>..." e.g. Standard_L8s_v3 -> "L", Standard_HB120rs_v3 -> "HB".
_SIZE = lazy_compile(r"^\s*(?:standard|basic)_([a-z]+)\d", re.I)
# Sizes without memory-preserving updates (G, H, L, M and N series).
_SPECIALTY = set("ghlmn")


def specialty_family(size) -> str | None:
    """The family letters of a size without memory-preserving updates, else None."""
    if not isinstance(size, str):
        return None
    m = _SIZE.match(size)
    if not m or m.group(1)[0].lower() not in _SPECIALTY:
        return None
    return m.group(1).upper()
