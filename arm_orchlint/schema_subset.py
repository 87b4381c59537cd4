"""JSON Schema (draft 2020-12) for the keywords the rule catalog uses, without jsonschema.

Importing jsonschema costs more than a whole run on a small template (about 100 ms), and
declarative rules only use a handful of keywords.  ``subset_errors`` reports the same
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
from functools import lru_cache
from numbers import Number
from typing import Any

_ANNOTATIONS = {"description", "title", "$comment", "$schema", "examples", "default"}
_KEYWORDS = {"properties", "patternProperties", "type", "const", "enum", "not", "anyOf", "items",
             "minimum", "maximum", "maxItems", "minItems", "pattern"} | _ANNOTATIONS
_SUBSCHEMA_MAPS = ("properties", "patternProperties")


def _is_number(value: Any) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)


_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: _is_number(v) and (isinstance(v, int) or (isinstance(v, float) and v.is_integer())),
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


@lru_cache(maxsize=None)
def _regex(pattern: str):
    return re.compile(pattern)


_SUPPORTED: dict[int, tuple[Any, bool]] = {}  # id(schema) -> (schema, answer); rule schemas live as long as the process


def supported(schema: Any) -> bool:
    """Whether every keyword of ``schema`` (and of its subschemas) is one handled here."""
    known = _SUPPORTED.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    answer = _check_supported(schema)
    if len(_SUPPORTED) >= 1024:
        _SUPPORTED.clear()
    _SUPPORTED[id(schema)] = (schema, answer)
    return answer


def _check_supported(schema: Any) -> bool:
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or not set(schema) <= _KEYWORDS:
        return False
    for key in _SUBSCHEMA_MAPS:
        if key in schema:
            if not isinstance(schema[key], dict) or not all(_check_supported(s) for s in schema[key].values()):
                return False
    if "patternProperties" in schema and not all(_compiles(p) for p in schema["patternProperties"]):
        return False
    if "pattern" in schema and not (isinstance(schema["pattern"], str) and _compiles(schema["pattern"])):
        return False
    for key in ("not", "items"):
        if key in schema and not _check_supported(schema[key]):
            return False
    if "anyOf" in schema and not (isinstance(schema["anyOf"], list) and schema["anyOf"]
                                  and all(_check_supported(s) for s in schema["anyOf"])):
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
    for key in ("maxItems", "minItems"):
        if key in schema and not (isinstance(schema[key], int) and not isinstance(schema[key], bool)):
            return False
    return True


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
    _validate(instance, schema, (), out)
    return out


def is_valid(instance: Any, schema: Any) -> bool:
    errors: list = []
    _validate(instance, schema, (), errors)
    return not errors


def _validate(instance: Any, schema: Any, path: tuple, out: list) -> None:
    if schema is True:
        return
    if schema is False:
        out.append((path, instance))
        return
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](instance) for t in types):
            out.append((path, instance))
    if "const" in schema and not equal(instance, schema["const"]):
        out.append((path, instance))
    if "enum" in schema and not any(equal(each, instance) for each in schema["enum"]):
        out.append((path, instance))
    if "not" in schema and is_valid(instance, schema["not"]):
        out.append((path, instance))
    if "anyOf" in schema and not any(is_valid(instance, s) for s in schema["anyOf"]):
        out.append((path, instance))
    if _is_number(instance):
        if "minimum" in schema and instance < schema["minimum"]:
            out.append((path, instance))
        if "maximum" in schema and instance > schema["maximum"]:
            out.append((path, instance))
    elif isinstance(instance, str):
        if "pattern" in schema and not _regex(schema["pattern"]).search(instance):
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
                _descend(item, items, path, index, out)
    elif isinstance(instance, dict):
        if "properties" in schema:
            for key, sub in schema["properties"].items():
                if key in instance:
                    _descend(instance[key], sub, path, key, out)
        if "patternProperties" in schema:
            for pattern, sub in schema["patternProperties"].items():
                regex = _regex(pattern)
                for key, value in instance.items():
                    if isinstance(key, str) and regex.search(key):
                        _descend(value, sub, path, key, out)


def _descend(value: Any, schema: Any, path: tuple, step: Any, out: list) -> None:
    """A member or item against its subschema.  A ``false`` subschema's error carries the
    path of the containing object or array, as in jsonschema (its path step is only added
    to errors of subschemas that are objects)."""
    if schema is False:
        out.append((path, value))
    else:
        _validate(value, schema, path + (step,), out)
