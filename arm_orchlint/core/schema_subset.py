"""JSON Schema (draft 2020-12) for the keywords the rule catalog uses, without jsonschema.

Importing jsonschema costs more than a whole run on a small template (about 100 ms), and
declarative rules and the configuration schema only use a handful of keywords.  ``subset_errors`` reports the same
errors jsonschema does for those keywords: each error as (instance path, instance).  For
a schema with any other keyword it answers None and the caller uses jsonschema, which
stays the reference (``tests/test_schema_subset.py`` compares the two on random data).

Semantics kept on purpose: ``true`` and ``1`` differ in ``const``/``enum``, ``1.0`` is an
integer, ``pattern`` searches (it is not anchored), keywords apply only to instances of
their type, and an Unknown value is of no JSON type (so it fails ``type`` and ``const``
and is skipped by the others, as in jsonschema).
"""

from __future__ import annotations

import re
from functools import cache
from numbers import Number

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

_ANNOTATIONS = {"description", "title", "$comment", "$schema", "$id", "examples", "default"}
_KEYWORDS = {
    "properties",
    "patternProperties",
    "additionalProperties",
    "type",
    "const",
    "enum",
    "not",
    "anyOf",
    "oneOf",
    "items",
    "minimum",
    "maximum",
    "maxItems",
    "minItems",
    "minLength",
    "pattern",
    "$ref",
    "$defs",
} | _ANNOTATIONS
_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs")
_LOCAL_REF = "#/$defs/"


def _is_number(value: Any) -> bool:
    kind = type(value)
    if kind is int or kind is float:
        return True
    if kind is str or kind is bool or kind is dict or kind is list or value is None:
        return False
    return isinstance(value, Number) and not isinstance(value, bool)  # (the abstract test is slow)


_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: _is_number(v) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())),
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


@cache
def _regex(pattern: str):
    return re.compile(pattern)


_SUPPORTED: dict[int, tuple[Any, bool]] = {}  # id(schema) -> (schema, answer); rule schemas live as long as the process


def supported(schema: Any) -> bool:
    """Whether every keyword of ``schema`` (and of its subschemas) is one handled here."""
    known = _SUPPORTED.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    answer = _check_supported(schema, schema)
    if len(_SUPPORTED) >= 1024:
        _SUPPORTED.clear()
    _SUPPORTED[id(schema)] = (schema, answer)
    return answer


def _check_supported(schema: Any, root: Any) -> bool:
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or not set(schema) <= _KEYWORDS:
        return False
    for key in _SUBSCHEMA_MAPS:
        if key in schema:
            if not isinstance(schema[key], dict) or not all(_check_supported(s, root) for s in schema[key].values()):
                return False
    if "patternProperties" in schema and not all(_compiles(p) for p in schema["patternProperties"]):
        return False
    if "pattern" in schema and not (isinstance(schema["pattern"], str) and _compiles(schema["pattern"])):
        return False
    for key in ("not", "items", "additionalProperties"):
        if key in schema and not _check_supported(schema[key], root):
            return False
    for key in ("anyOf", "oneOf"):
        if key in schema and not (
            isinstance(schema[key], list) and schema[key] and all(_check_supported(s, root) for s in schema[key])
        ):
            return False
    if "$ref" in schema and _resolve(schema["$ref"], root) is None:
        return False
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not all(t in _TYPES for t in types):
            return False
    if "enum" in schema and not isinstance(schema["enum"], list):
        return False
    for key in ("minimum", "maximum"):
        if key in schema and not _is_number(schema[key]):
            return False
    for key in ("maxItems", "minItems", "minLength"):
        if key in schema and not (isinstance(schema[key], int) and not isinstance(schema[key], bool)):
            return False
    return True


def _resolve(ref: Any, root: Any) -> Any:
    """The subschema a local ``#/$defs/name`` reference names; None for any other reference."""
    if not isinstance(ref, str) or not ref.startswith(_LOCAL_REF) or not isinstance(root, dict):
        return None
    name = ref[len(_LOCAL_REF) :]
    defs = root.get("$defs")
    if "/" in name or "~" in name or "%" in name or not isinstance(defs, dict) or name not in defs:
        return None
    found = defs[name]
    return found if isinstance(found, (dict, bool)) else None


def _compiles(pattern: str) -> bool:
    try:
        _regex(pattern)
    except (re.error, TypeError):
        return False
    return True


def equal(a: Any, b: Any) -> bool:
    """JSON equality: booleans are not numbers, containers compare member by member."""
    if a is b:
        return True
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return len(a) == len(b) and all(k in b and equal(v, b[k]) for k, v in a.items())
    if isinstance(a, bool) or isinstance(b, bool):
        return False  # (a is b was tested above)
    return a == b


def subset_errors(instance: Any, schema: Any) -> list[tuple[tuple, Any]] | None:
    """Every error jsonschema would report, as (path, instance); None when ``schema``
    uses a keyword this module does not handle."""
    if not supported(schema):
        return None
    out: list[tuple[tuple, Any]] = []
    _validate(instance, schema, (), out, schema)
    return out


def _is_valid(instance: Any, schema: Any, root: Any) -> bool:
    errors: list = []
    _validate(instance, schema, (), errors, root)
    return not errors


def _validate(instance: Any, schema: Any, path: tuple, out: list, root: Any) -> None:
    if schema is True:
        return
    if schema is False:
        out.append((path, instance))
        return
    if "$ref" in schema:
        _validate(instance, _resolve(schema["$ref"], root), path, out, root)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](instance) for t in types):
            out.append((path, instance))
    if "const" in schema and not equal(instance, schema["const"]):
        out.append((path, instance))
    if "enum" in schema and not any(equal(each, instance) for each in schema["enum"]):
        out.append((path, instance))
    if "not" in schema and _is_valid(instance, schema["not"], root):
        out.append((path, instance))
    if "anyOf" in schema and not any(_is_valid(instance, s, root) for s in schema["anyOf"]):
        out.append((path, instance))
    if "oneOf" in schema and sum(_is_valid(instance, s, root) for s in schema["oneOf"]) != 1:
        out.append((path, instance))  # none valid, or more than one: one error either way
    if _is_number(instance):
        if "minimum" in schema and instance < schema["minimum"]:
            out.append((path, instance))
        if "maximum" in schema and instance > schema["maximum"]:
            out.append((path, instance))
    elif isinstance(instance, str):
        if "pattern" in schema and not _regex(schema["pattern"]).search(instance):
            out.append((path, instance))
        if "minLength" in schema and len(instance) < schema["minLength"]:
            out.append((path, instance))
    elif isinstance(instance, list):
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            out.append((path, instance))
        if "minItems" in schema and len(instance) < schema["minItems"]:
            out.append((path, instance))
        items = schema.get("items", True)
        if items is False:
            if instance:
                out.append((path, instance))  # one error for the array, as jsonschema reports it
        elif items is not True:
            for index, item in enumerate(instance):
                _descend(item, items, path, index, out, root)
    elif isinstance(instance, dict):
        _validate_members(instance, schema, path, out, root)


def _validate_members(instance: dict, schema: dict, path: tuple, out: list, root: Any) -> None:
    properties = schema.get("properties", {})
    patterns = [(_regex(p), sub) for p, sub in schema.get("patternProperties", {}).items()]
    for key, sub in properties.items():
        if key in instance:
            _descend(instance[key], sub, path, key, out, root)
    for regex, sub in patterns:
        for key, value in instance.items():
            if isinstance(key, str) and regex.search(key):
                _descend(value, sub, path, key, out, root)
    additional = schema.get("additionalProperties", True)
    if additional is True:
        return
    extras = [k for k in instance if k not in properties and not any(r.search(k) for r, _ in patterns)]
    if additional is False:
        if extras:
            out.append((path, instance))  # one error naming every extra member
        return
    for key in extras:
        _descend(instance[key], additional, path, key, out, root)


def _descend(value: Any, schema: Any, path: tuple, step: Any, out: list, root: Any) -> None:
    """A member or item against its subschema.  A ``false`` subschema's error carries the
    path of the containing object or array, as in jsonschema (its path step is only added
    to errors of subschemas that are objects)."""
    if schema is False:
        out.append((path, value))
    else:
        _validate(value, schema, path + (step,), out, root)
