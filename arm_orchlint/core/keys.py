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
    return other_spelling(mapping, key)


def other_spelling(mapping: dict, key: Any) -> Any:
    """The first key of ``mapping`` equal to ``key`` ignoring case, for a ``key`` that
    ``mapping`` does not hold as written; None when there is none."""
    if type(key) is not str and not isinstance(key, str):
        return None
    if key.isascii():  # (lowercasing keeps the length of ASCII text only)
        size = len(key)
        lowered = None
        for k in mapping:
            # the length test first: it rules out almost every key without lowercasing it
            if len(k) == size and isinstance(k, str):
                if lowered is None:
                    lowered = key.lower()
                if k.lower() == lowered:
                    return k
        return None
    lowered = key.lower()
    for k in mapping:
        if isinstance(k, str) and k.lower() == lowered:
            return k
    return None


_SHAPES: dict = {}  # tuple of an object's keys -> its lower-case key map (shared, read only)
_SHAPES_MAX = 4096


def keys_by_lower(mapping: dict) -> dict:
    """Lower-case name -> the first key of ``mapping`` with that name: ``other_spelling`` for
    every name at once, for an object asked for several members that are usually absent.
    Shared by all objects with the same keys in the same order (the resources of one
    template usually have a handful of shapes); read only."""
    shape = tuple(mapping)
    found = _SHAPES.get(shape)
    if found is None:
        found = {}
        for k in shape:
            if isinstance(k, str):
                found.setdefault(k.lower(), k)
        if len(_SHAPES) >= _SHAPES_MAX:
            _SHAPES.clear()
        _SHAPES[shape] = found
    return found


# "copy", "Copy", ..., "COPY": every text that lower-cases to "copy" (no other character
# lower-cases to one of its letters).
COPY_SPELLINGS = frozenset("".join(c.upper() if n >> i & 1 else c for i, c in enumerate("copy")) for n in range(16))


def has_copy_member(mapping: dict) -> bool:
    """Whether ``mapping`` has a ``copy`` member in any spelling: one set test instead of a
    lower() per key."""
    return not mapping.keys().isdisjoint(COPY_SPELLINGS)


def get_ci(mapping: Any, key: Any, default: Any = None) -> Any:
    """``mapping[key]`` ignoring the case of ``key``; ``default`` when absent or not an object."""
    found = key_of(mapping, key)
    return default if found is None else mapping[found]
