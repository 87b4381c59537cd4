"""A quick "certainly valid" test for the JSON Schema subset the rule catalog uses.

Importing and running ``jsonschema`` costs more than linting a small template, and on
clean templates every declarative rule passes.  ``certainly_valid`` answers True only when
it can prove an instance valid with the keywords below; on anything else (an unknown
keyword, a possible error) it answers False and the caller runs ``jsonschema``, which stays
the one source of the errors that are reported.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_SIMPLE = {"properties", "patternProperties", "type", "const", "enum", "not", "anyOf", "items",
           "minimum", "maximum", "maxItems", "minItems", "pattern", "description", "title"}
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


@lru_cache(maxsize=None)
def _regex(pattern: str):
    return re.compile(pattern)


def _equal(a: Any, b: Any) -> bool:
    # JSON Schema equality: 1 and True differ.
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def certainly_valid(instance: Any, schema: Any) -> bool:
    if schema is True or schema == {}:
        return True
    if not isinstance(schema, dict) or not set(schema) <= _SIMPLE:
        return False
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES.get(t, lambda v: False)(instance) for t in types):
            return False
    if "const" in schema and not _equal(instance, schema["const"]):
        return False
    if "enum" in schema and not any(_equal(instance, e) for e in schema["enum"]):
        return False
    if "not" in schema and not _certainly_invalid(instance, schema["not"]):
        return False
    if "anyOf" in schema and not any(certainly_valid(instance, s) for s in schema["anyOf"]):
        return False
    if isinstance(instance, (int, float)) and not isinstance(instance, bool):
        if "minimum" in schema and instance < schema["minimum"]:
            return False
        if "maximum" in schema and instance > schema["maximum"]:
            return False
    if isinstance(instance, str) and "pattern" in schema and not _regex(schema["pattern"]).search(instance):
        return False
    if isinstance(instance, list):
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            return False
        if "minItems" in schema and len(instance) < schema["minItems"]:
            return False
        if "items" in schema and not all(certainly_valid(item, schema["items"]) for item in instance):
            return False
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        for key, value in instance.items():
            if key in props and not certainly_valid(value, props[key]):
                return False
            for pattern, sub in patterns.items():
                if isinstance(key, str) and _regex(pattern).search(key) and not certainly_valid(value, sub):
                    return False
    return True


def _certainly_invalid(instance: Any, schema: Any) -> bool:
    """True only when ``instance`` surely fails ``schema`` (for ``not``)."""
    if schema is False:
        return True
    if not isinstance(schema, dict):
        return False
    if set(schema) == {"const"}:
        return not _equal(instance, schema["const"])
    if set(schema) == {"enum"}:
        return not any(_equal(instance, e) for e in schema["enum"])
    if set(schema) == {"type"}:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return not any(_TYPES.get(t, lambda v: True)(instance) for t in types)
    return False
