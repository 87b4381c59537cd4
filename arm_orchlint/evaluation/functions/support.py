"""Helpers shared by the function modules: argument checks, ARM equality, Unknown merging."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown, contains_unknown, is_unknown, unknown_params
from arm_orchlint.evaluation.functions.registry import FunctionError
from arm_orchlint.model.ids import TEXT_KEY

# ---------------------------------------------------------------- small helpers


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def need_str(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise FunctionError(f"{name}() expects a string, got {type_name(value)}")
    return value


def need_int(name: str, value: Any) -> int:
    if not is_int(value):
        raise FunctionError(f"{name}() expects an integer, got {type_name(value)}")
    return value


def need_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise FunctionError(f"{name}() expects a boolean, got {type_name(value)}")
    return value


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def arm_equal(a: Any, b: Any) -> bool:
    """Deep equality with JSON types kept apart (``1`` is not ``true``) and
    case-insensitive object keys."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(arm_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        if len(a) != len(b):
            return False
        lowered = {str(k).lower(): v for k, v in b.items()}
        for key, value in a.items():
            k = str(key).lower()
            if k not in lowered or not arm_equal(value, lowered[k]):
                return False
        return True
    return False


def merge_unknowns(values: list, reason: str | None = None) -> Unknown:
    unknowns = [v for v in values if is_unknown(v)]
    params = frozenset().union(*(unknown_params(v) for v in values))
    first = unknowns[0] if unknowns else None
    return Unknown(reason or (first.reason if first is not None else "a value is not known"), params)


def text_with_holes(pieces: list, reason: str) -> Any:
    """Join text pieces; when some are Unknown, an Unknown that remembers the pieces (so
    an id built with ``concat``/``format`` can still be taken apart)."""
    flat: list = []
    holes = False
    for piece in pieces:
        if isinstance(piece, Unknown):
            holes = True
            if isinstance(piece.partial, dict) and isinstance(piece.partial.get(TEXT_KEY), list):
                flat.extend(piece.partial[TEXT_KEY])
                continue
        flat.append(piece)
    if not holes:
        return "".join(flat)
    # in one walk: adjacent texts joined, and the Unknowns (the first, and what they read)
    merged: list = []
    unknowns: list = []
    for piece in flat:
        if isinstance(piece, str):
            if merged and isinstance(merged[-1], str):
                merged[-1] += piece
                continue
        elif isinstance(piece, Unknown):
            unknowns.append(piece)
        merged.append(piece)
    if not unknowns:
        return "".join(flat)
    params = frozenset().union(*(p.params for p in unknowns))
    first = unknowns[0]
    # an id has a handful of pieces; long piece lists are not worth keeping
    partial = {TEXT_KEY: merged} if len(merged) <= _MAX_TEXT_PIECES else None
    return Unknown(first.reason or reason, params, partial=partial)


_MAX_TEXT_PIECES = 64


def identity_key(value: Any) -> str | None:
    """A text key equal for values ``arm_equal`` treats as equal (None when the value holds
    an Unknown), so set operations stay linear."""
    if contains_unknown(value):
        return None
    return json.dumps(_key_form(value), sort_keys=True, separators=(",", ":"))


def _key_form(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): _key_form(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_key_form(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
