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
from functools import cache, partial
from operator import is_

from arm_orchlint.core.keys import other_spelling
from arm_orchlint.core.values import Unknown

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
    if kind is str or kind is bool or kind is dict or kind is list or value is None or kind is Unknown:
        return False
    from numbers import Number  # (imported here: it costs start-up, and JSON data never gets here)

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
    validator = subset_validator(schema)
    if validator is None:
        return None
    out: list[tuple[tuple, Any]] = []
    validator(instance, (), out)
    return out


def subset_validator(schema: Any):
    """What ``subset_errors`` runs: ``validator(instance, (), out)`` appends to ``out`` every
    error jsonschema would report; None when ``schema`` uses a keyword this module does not
    handle."""
    known = _VALIDATORS.get(id(schema))
    if known is not None and known[0] is schema:
        return known[1]
    return _validator_of(schema) if supported(schema) else None


# A schema is turned once into nested closures, one per subschema, that test only the
# keywords it has: declarative rules validate every scale set of a template against the
# same few schemas, and looking every keyword up again for each value cost more than the
# tests themselves.  The order of the tests, and so of the errors, is jsonschema's.

_VALIDATORS: dict[int, tuple[Any, Any]] = {}  # id(schema) -> (schema, validator)


def _validator_of(schema: Any):
    validator = _Compiler(schema).build(schema)
    if len(_VALIDATORS) >= 1024:
        _VALIDATORS.clear()
    _VALIDATORS[id(schema)] = (schema, validator)
    return validator


_NOTING: dict[int, tuple[Any, Any, list]] = {}  # id(schema) -> (schema, validator, its list)


def noting_validator(schema: Any):
    """(validator, misses): ``subset_validator(schema)``, which also appends to ``misses``
    each member name it looks for in an object that does not hold it as written but in
    another spelling (what a case-insensitive reading would find); None when ``schema``
    is not handled or compares objects or arrays by value (``const``, ``enum``)."""
    known = _NOTING.get(id(schema))
    if known is None or known[0] is not schema:
        misses: list = []
        validator = None
        if supported(schema) and not _compares_containers(schema):
            validator = _Compiler(schema, misses).build(schema)
        if len(_NOTING) >= 1024:
            _NOTING.clear()
        known = _NOTING[id(schema)] = (schema, validator, misses)
    return None if known[1] is None else (known[1], known[2])


def _compares_containers(schema: Any) -> bool:
    """Whether some ``const`` or ``enum`` of ``schema`` holds an object or an array."""
    if isinstance(schema, list):
        return any(_compares_containers(sub) for sub in schema)
    if not isinstance(schema, dict):
        return False
    for key, value in schema.items():
        if key == "const" and isinstance(value, (dict, list)):
            return True
        if key == "enum" and isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
            return True
        if key not in _ANNOTATIONS and _compares_containers(value):
            return True
    return False


def _accept(instance: Any, path: tuple, out: list) -> None:
    return None


def _reject(instance: Any, path: tuple, out: list) -> None:
    out.append((path, instance))


def _valid(check, instance: Any) -> bool:
    errors: list = []
    check(instance, (), errors)
    return not errors


def _always(instance: Any) -> bool:
    return True


def _never(instance: Any) -> bool:
    return False


# Validity alone (``not``, ``anyOf``, ``oneOf``) is first decided by the exact Python type of
# the value where a subschema decides it for every value of that type (``_verdict``): an
# ``anyOf`` tests only the branches that can hold for the value's type, none when one holds
# for every value of it (a branch naming only the type), so most values of real templates
# cost one dictionary look-up.  Values of other types (Unknown, subclasses) test every branch.
_NONE = type(None)
_EXACT = (dict, list, str, int, float, bool, _NONE)
_EXACT_SET = frozenset(_EXACT)
_ACCEPTS = {  # the exact types every value of which a ``type`` name accepts
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (_NONE,),
}
_APPLIES_TO = {  # the keywords that test values of these exact types only (the others pass)
    "minimum": (int, float),
    "maximum": (int, float),
    "pattern": (str,),
    "minLength": (str,),
    "maxItems": (list,),
    "minItems": (list,),
    "items": (list,),
    "properties": (dict,),
    "patternProperties": (dict,),
    "additionalProperties": (dict,),
}


def _verdict(schema: Any, kind: type) -> bool | None:
    """True when every value of exact type ``kind`` is valid against ``schema``, False when
    none is, None when that depends on the value (or is not worked out: ``$ref``)."""
    if schema is True or schema is False:
        return schema
    if not isinstance(schema, dict) or kind not in _EXACT_SET:
        return None
    verdict: bool | None = True
    for key, value in schema.items():
        if key in _ANNOTATIONS or key == "$defs":
            continue
        if key == "type":
            names = value if isinstance(value, list) else [value]
            if any(kind in _ACCEPTS.get(name, ()) for name in names):
                this = True
            else:  # (a float is an integer when it is integral)
                this = None if kind is float and "integer" in names else False
        elif key == "const":
            this = _equal_verdict(value, kind)
        elif key == "enum":
            this = _any_verdict([_equal_verdict(each, kind) for each in value])
        elif key == "not":
            negated = _verdict(value, kind)
            this = None if negated is None else not negated
        elif key == "anyOf":
            this = _any_verdict([_verdict(each, kind) for each in value])
        elif key == "oneOf":
            each = [_verdict(sub, kind) for sub in value]
            this = None if None in each else each.count(True) == 1
        elif key in _APPLIES_TO:
            this = None if kind in _APPLIES_TO[key] else True
        else:
            this = None
        if this is False:
            return False
        if this is None:
            verdict = None
    return verdict


class _ByKind(dict):
    """What ``work_out(kind)`` answers for each Python type of value, worked out when a value
    of the type first comes (so that compiling a schema stays cheap: a run starts with it)."""

    __slots__ = ("work_out",)

    def __init__(self, work_out):
        super().__init__()
        self.work_out = work_out

    def __missing__(self, kind: type):
        answer = self[kind] = self.work_out(kind)
        return answer


def _surely_valid(schema: Any) -> _ByKind:
    """For each type, whether every value of it is valid against ``schema``."""
    return _ByKind(lambda kind: _verdict(schema, kind) is True)


def _any_verdict(verdicts: list) -> bool | None:
    if True in verdicts:
        return True
    return False if all(v is False for v in verdicts) else None


def _equal_verdict(const: Any, kind: type) -> bool | None:
    """``_verdict`` of ``equal(value, const)`` for the values of exact type ``kind``: JSON
    values of different types are never equal (booleans are not numbers)."""
    if const is None:
        return kind is _NONE
    of = type(const)
    if of is bool:
        return None if kind is bool else False
    if of is int or of is float:
        return None if kind is int or kind is float else False
    if of is str or of is list or of is dict:
        return None if kind is of else False
    return None


def _of_type(names: list):
    """The ``type`` check: the exact types it surely accepts by one set test, then the tests."""
    tests = tuple(_TYPES[t] for t in names)
    surely = frozenset(kind for t in names for kind in _ACCEPTS[t])

    def of_type(instance, path, out):
        if type(instance) in surely:
            return
        for test in tests:
            if test(instance):
                return
        out.append((path, instance))

    of_type.surely = surely
    return of_type


class _Compiler:
    """Builds the validator of each subschema of one root schema (``$ref`` resolves in it)."""

    def __init__(self, root: Any, misses: list | None = None):
        self.root = root
        self.built: dict[int, Any] = {}
        self.tests: dict[int, Any] = {}
        self.misses = misses  # see ``noting_validator`` (None: nothing noted)

    def build(self, schema: Any):
        if schema is True:
            return _accept
        if schema is False:
            return _reject
        known = self.built.get(id(schema))
        if known is not None:
            return known
        # A ``$ref`` may lead back here: until this validator is built, it is reached through a cell.
        cell: list = []
        self.built[id(schema)] = lambda instance, path, out: cell[0](instance, path, out)
        checks = self._general(schema)
        typed = self._typed(schema)
        if typed is not None:
            if len(checks) == 1 and "type" in schema:
                typed.after_type = checks[0]
            checks.append(typed)
        if not checks:
            validator = _accept
        elif len(checks) == 1 and checks[0] is not _reject:
            validator = checks[0]  # (``_reject`` itself stands for a ``false`` subschema only: see ``_descend``)
        elif len(checks) == 2 and checks[0] is getattr(checks[1], "after_type", None):
            # ``type`` and the typed keywords (``{"type": "object", "properties": ...}``): one call
            first, typed = checks
            surely, of_kind = first.surely, typed.of_kind

            def validator(instance, path, out):
                kind = type(instance)
                if kind not in surely:
                    first(instance, path, out)
                check = of_kind(kind)
                if check is not None:
                    check(instance, path, out)
                elif kind not in _EXACT_SET:
                    typed(instance, path, out)
        elif len(checks) == 2:
            first, second = checks

            def validator(instance, path, out):
                first(instance, path, out)
                second(instance, path, out)
        else:
            steps = tuple(checks)

            def validator(instance, path, out):
                for step in steps:
                    step(instance, path, out)

        cell.append(validator)
        self.built[id(schema)] = validator
        return validator

    def test(self, schema: Any):
        """A function answering whether a value is valid against ``schema`` (what an empty
        error list answers), for the simplest subschemas without collecting errors."""
        if schema is True:
            return _always
        if schema is False:
            return _never
        known = self.tests.get(id(schema))
        if known is None:
            known = self.tests[id(schema)] = self._test(schema)
        return known

    def _test(self, schema: dict):
        keys = [key for key in schema if key not in _ANNOTATIONS and key != "$defs"]
        if not keys:
            return _always
        if len(keys) == 1:
            key = keys[0]
            value = schema[key]
            if key == "type":
                tests = tuple(_TYPES[t] for t in (value if isinstance(value, list) else [value]))
                if len(tests) == 1:
                    return tests[0]
            elif key == "const":
                if value is True or value is False:
                    return partial(is_, value)  # (``equal`` takes a boolean for itself only)
                return lambda instance: equal(instance, value)
            elif key == "not":
                negated = self.test(value)
                return lambda instance: not negated(instance)
            elif key == "anyOf":
                return self._any_test(value)
        check = self.build(schema)
        decided = _ByKind(partial(_verdict, schema))
        if set(keys) <= {"type", "items"} and "items" in keys:  # (an array of some kind of item)
            items = schema["items"]
            each, fine = self.test(items), _surely_valid(items)

            def valid_array(instance):
                verdict = decided[type(instance)]
                if verdict is not None:
                    return verdict
                if type(instance) is list:  # (the type, if any, takes arrays: else decided)
                    for item in instance:
                        if not fine[type(item)] and not each(item):
                            return False
                    return True
                return _valid(check, instance)

            return valid_array

        def valid(instance):
            verdict = decided[type(instance)]
            return _valid(check, instance) if verdict is None else verdict

        return valid

    def _plans(self, branches: list) -> _ByKind:
        """For each type, the tests of the branches that may hold for a value of it (True
        when one always holds; every branch for a type no branch decides)."""
        tests = tuple(self.test(s) for s in branches)

        def plan(kind):
            verdicts = [_verdict(s, kind) for s in branches]
            return True if True in verdicts else tuple(t for t, v in zip(tests, verdicts) if v is None)

        return _ByKind(plan)

    def _any_test(self, branches: list):
        plans = self._plans(branches)

        def any_valid(instance):
            plan = plans[type(instance)]
            if plan is True:
                return True
            for test in plan:
                if test(instance):
                    return True
            return False

        return any_valid

    def _general(self, schema: dict) -> list:
        """The keywords that apply to an instance of any type, in jsonschema's order."""
        checks = []
        if "$ref" in schema:
            checks.append(self.build(_resolve(schema["$ref"], self.root)))
        if "type" in schema:
            checks.append(_of_type(schema["type"] if isinstance(schema["type"], list) else [schema["type"]]))
        if "const" in schema:
            const = schema["const"]

            def is_const(instance, path, out):
                if not equal(instance, const):
                    out.append((path, instance))

            checks.append(is_const)
        if "enum" in schema:
            choices = schema["enum"]

            def in_enum(instance, path, out):
                for each in choices:
                    if equal(each, instance):
                        return
                out.append((path, instance))

            checks.append(in_enum)
        if "not" in schema:
            negated = self.test(schema["not"])

            def is_not(instance, path, out):
                if negated(instance):
                    out.append((path, instance))

            checks.append(is_not)
        if "anyOf" in schema:
            plans = self._plans(schema["anyOf"])

            def any_of(instance, path, out):
                plan = plans[type(instance)]
                if plan is not True:
                    for test in plan:
                        if test(instance):
                            return
                    out.append((path, instance))

            checks.append(any_of)
        if "oneOf" in schema:
            branches = schema["oneOf"]
            exclusive = tuple(self.test(s) for s in branches)

            def count(kind):
                verdicts = [_verdict(s, kind) for s in branches]
                return verdicts.count(True), tuple(t for t, v in zip(exclusive, verdicts) if v is None)

            counted = _ByKind(count)

            def one_of(instance, path, out):
                valid, maybe = counted[type(instance)]
                for test in maybe:
                    if test(instance):
                        valid += 1
                if valid != 1:
                    out.append((path, instance))  # none valid, or more than one: one error either way

            checks.append(one_of)
        return checks

    def _typed(self, schema: dict):
        """The keywords that apply to numbers, strings, arrays or objects only, as one test
        chosen by the exact type of the value (the general tests for any other type)."""
        number = self._number(schema)
        string = self._string(schema)
        array = self._array(schema)
        members = self._members(schema)
        if number is None and string is None and array is None and members is None:
            return None
        if number is None and string is None and array is None and hasattr(members, "named"):
            return self._only_named(members)
        by_type = {int: number, float: number, str: string, list: array, dict: members}
        of_kind = {kind: check for kind, check in by_type.items() if check is not None}.get

        def typed(instance, path, out):
            kind = type(instance)
            check = of_kind(kind)
            if check is not None:
                check(instance, path, out)
            elif kind in _EXACT_SET:
                return
            elif _is_number(instance):
                if number is not None:
                    number(instance, path, out)
            elif isinstance(instance, str):
                if string is not None:
                    string(instance, path, out)
            elif isinstance(instance, list):
                if array is not None:
                    array(instance, path, out)
            elif isinstance(instance, dict):
                if members is not None:
                    members(instance, path, out)

        typed.of_kind = of_kind
        return typed

    def _only_named(self, members):
        """``_typed`` for a schema whose typed keyword is ``properties`` alone (the usual step
        of a rule's path to the member it tests): the members' loop in the same call."""
        named = members.named
        misses = self.misses

        def typed(instance, path, out):
            if type(instance) is dict:
                for key, check, fine in named:
                    if key in instance:
                        value = instance[key]
                        if fine[type(value)]:
                            continue
                        if check is _reject:
                            out.append((path, value))  # (see ``_descend``)
                        else:
                            check(value, path + (key,), out)
                    elif misses is not None and other_spelling(instance, key) is not None:
                        misses.append(key)
            elif type(instance) not in _EXACT_SET and isinstance(instance, dict) and not _is_number(instance):
                members(instance, path, out)

        typed.of_kind = {dict: members}.get
        if len(named) != 1 or named[0][1] is _reject:
            return typed
        # One member only, as every level of a rule's path to the member it tests: the path
        # is walked in one call down to the first subschema that is not of this kind.
        key, check, fine = named[0]
        below = getattr(check, "chain", None)
        steps = ((key, fine, typed),) + (below[0] if below else ())
        leaf = below[1] if below else check
        keys = tuple(step[0] for step in steps)  # (the path is built only when a test is called)

        def walk(instance, path, out):
            node = instance
            depth = 0
            for key, fine, level in steps:
                if type(node) is not dict:
                    if type(node) not in _EXACT_SET:
                        level(node, path + keys[:depth], out)  # (what this level's own test does with it)
                    return
                if key not in node:
                    if misses is not None and other_spelling(node, key) is not None:
                        misses.append(key)
                    return
                node = node[key]
                if fine[type(node)]:
                    return
                depth += 1
            leaf(node, path + keys, out)

        walk.chain = (steps, leaf)
        walk.of_kind = typed.of_kind
        return walk

    def _number(self, schema: dict):
        low, high = schema.get("minimum"), schema.get("maximum")
        if "minimum" not in schema and "maximum" not in schema:
            return None

        def bounds(instance, path, out):
            if low is not None and instance < low:
                out.append((path, instance))
            if high is not None and instance > high:
                out.append((path, instance))

        return bounds

    def _string(self, schema: dict):
        regex = _regex(schema["pattern"]) if "pattern" in schema else None
        shortest = schema.get("minLength")
        if regex is None and shortest is None:
            return None

        def text(instance, path, out):
            if regex is not None and not regex.search(instance):
                out.append((path, instance))
            if shortest is not None and len(instance) < shortest:
                out.append((path, instance))

        return text

    def _array(self, schema: dict):
        most, least = schema.get("maxItems"), schema.get("minItems")
        items = schema.get("items", True)
        each = None if items is True or items is False else self.build(items)
        fine = _surely_valid(items)
        if most is None and least is None and items is True:
            return None

        def array(instance, path, out):
            if most is not None and len(instance) > most:
                out.append((path, instance))
            if least is not None and len(instance) < least:
                out.append((path, instance))
            if items is False:
                if instance:
                    out.append((path, instance))  # one error for the array, as jsonschema reports it
            elif each is not None:
                for index, item in enumerate(instance):
                    if not fine[type(item)]:
                        _descend(each, item, path, index, out)

        return array

    def _members(self, schema: dict):
        built = ((key, self.build(sub), sub) for key, sub in schema.get("properties", {}).items() if sub is not True)
        # (``{}`` finds nothing; a member of a type the subschema accepts whole is not looked into)
        named = tuple((key, check, _surely_valid(sub)) for key, check, sub in built if check is not _accept)
        names = frozenset(schema.get("properties", {}))
        patterns = tuple((_regex(p), self.build(sub)) for p, sub in schema.get("patternProperties", {}).items())
        additional = schema.get("additionalProperties", True)
        others = None if additional is True or additional is False else self.build(additional)
        if not named and not patterns and additional is True:
            return None
        misses = self.misses

        def named_members(instance, path, out):
            for key, check, fine in named:
                if key in instance:
                    value = instance[key]
                    if fine[type(value)]:
                        continue
                    if check is _reject:
                        out.append((path, value))  # (see ``_descend``)
                    else:
                        check(value, path + (key,), out)
                elif misses is not None and other_spelling(instance, key) is not None:
                    misses.append(key)

        if not patterns and additional is True:
            named_members.named = named
            return named_members

        def members(instance, path, out):
            named_members(instance, path, out)
            for regex, check in patterns:
                for key, value in instance.items():
                    if isinstance(key, str) and regex.search(key):
                        _descend(check, value, path, key, out)
            if additional is True:
                return
            extras = [k for k in instance if k not in names and not any(r.search(k) for r, _ in patterns)]
            if additional is False:
                if extras:
                    out.append((path, instance))  # one error naming every extra member
                return
            for key in extras:
                _descend(others, instance[key], path, key, out)

        return members


def _descend(check, value: Any, path: tuple, step: Any, out: list) -> None:
    """A member or item against its subschema.  A ``false`` subschema's error carries the
    path of the containing object or array, as in jsonschema (its path step is only added
    to errors of subschemas that are objects)."""
    if check is _reject:
        out.append((path, value))
    elif check is not _accept:
        check(value, path + (step,), out)
