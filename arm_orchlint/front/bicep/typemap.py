"""Bicep parameter and output types to ARM template types."""

from __future__ import annotations

from arm_orchlint.front.bicep import nodes as N

_PRIMITIVES = {"string": "string", "int": "int", "bool": "bool", "array": "array", "object": "object"}


def arm_type(t: N.TypeRef | None, declared: dict, *, secure: bool = False) -> dict:
    """``{"type": ..., ["allowedValues": [...]], ["nullable": true]}`` for a Bicep type.

    User-defined types resolve to the nearest ARM type (``object`` when in doubt); a union
    of literals becomes its base type with ``allowedValues`` (as the Bicep compiler does).
    """
    out: dict = {}
    base, allowed, nullable = _resolve(t, declared, 0)
    if secure and base in ("string", "object"):
        base = "secure" + base
    out["type"] = base
    if allowed is not None:
        out["allowedValues"] = allowed
    if nullable:
        out["nullable"] = True
    return out


def _literal_type(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "string"
    return "object"


def _resolve(t: N.TypeRef | None, declared: dict, depth: int) -> tuple[str, list | None, bool]:
    if t is None or depth > 20:
        return "object", None, False
    if t.kind == "primitive":
        return _PRIMITIVES.get(t.name, "object"), None, t.nullable
    if t.kind == "array":
        return "array", None, t.nullable
    if t.kind == "object":
        return "object", None, t.nullable
    if t.kind == "literal":
        return _literal_type(t.literal), [t.literal], t.nullable
    if t.kind == "union":
        values = []
        kinds = set()
        nullable = t.nullable
        for m in t.members:
            if m.kind == "literal" and m.literal is None:
                nullable = True
                continue
            if m.kind != "literal":
                base, allowed, _ = _resolve(m, declared, depth + 1)
                if allowed is None:
                    return base if len({base} | kinds) == 1 else "object", None, nullable
                values.extend(allowed)
                kinds.add(base)
                continue
            values.append(m.literal)
            kinds.add(_literal_type(m.literal))
        if len(kinds) == 1:
            return kinds.pop(), values, nullable
        return "object", None, nullable
    if t.kind == "named":
        if t.name in _PRIMITIVES:
            return _PRIMITIVES[t.name], None, t.nullable
        target = declared.get(t.name)
        if target is not None:
            base, allowed, nullable = _resolve(target, declared, depth + 1)
            return base, allowed, nullable or t.nullable
        return "object", None, t.nullable
    return "object", None, t.nullable
