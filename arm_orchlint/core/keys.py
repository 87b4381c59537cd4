"""Property names as ARM reads them: ignoring case.

Templates in the wild vary the case of property names (``Zones``, ``NetworkProfile``), and
ARM accepts them.  Every case-insensitive lookup goes through ``key_of``: the exact key
when present, otherwise the first key equal to it ignoring case.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any


def key_of(mapping: Any, key: Any) -> Any:
    """The key of ``mapping`` that names ``key``, or None (also when ``mapping`` is not an object)."""
    if not isinstance(mapping, dict):
        return None
    if key in mapping:
        return key
    if not isinstance(key, str):
        return None
    lowered = key.lower()
    size = len(key) if key.isascii() else -1  # (lowercasing keeps the length of ASCII text only)
    for k in mapping:
        # the length test first: it rules out almost every key without lowercasing it
        if isinstance(k, str) and (size < 0 or len(k) == size) and k.lower() == lowered:
            return k
    return None


def get_ci(mapping: Any, key: Any, default: Any = None) -> Any:
    """``mapping[key]`` ignoring the case of ``key``; ``default`` when absent or not an object."""
    found = key_of(mapping, key)
    return default if found is None else mapping[found]
