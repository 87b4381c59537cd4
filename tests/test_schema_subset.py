"""The built-in JSON Schema subset reports exactly the errors jsonschema reports."""

import json
import subprocess
import sys
from collections import Counter, OrderedDict

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from arm_orchlint.core.schema_subset import subset_errors, supported
from arm_orchlint.core.values import Unknown
from arm_orchlint.rules.declarative import declarative_hits

from .conftest import REPO

SCHEMAS = [
    json.loads(p.read_text())["check"]["schema"]
    for p in sorted((REPO / "rules").glob("*.json"))
    if "schema" in json.loads(p.read_text())["check"]
]

UNKNOWN = Unknown("not known before deployment")
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-5, 3000)
    | st.sampled_from([0.0, 1.0, 2.5, -1.5])
    | st.sampled_from(["", "1", "true", "Flexible", "Rolling", "2020-11-01", "x", "ab"])
    | st.just(UNKNOWN)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "b", "zones", "mode"]), inner, max_size=3)
    ),
    max_leaves=8,
)


def canonical(value):
    """A comparable form of an error's instance (Unknowns by identity)."""
    return json.dumps(value, sort_keys=True, default=lambda v: f"<unknown {id(v)}>")


def reference_errors(instance, schema):
    errors = Draft202012Validator(schema).iter_errors(instance)
    return Counter((tuple(e.absolute_path), canonical(e.instance)) for e in errors)


def ours(instance, schema):
    found = subset_errors(instance, schema)
    assert found is not None
    return Counter((tuple(path), canonical(value)) for path, value in found)


def paths(schema, prefix=()):
    """Property paths a schema constrains (so the random instance reaches them)."""
    props = schema.get("properties", {}) if isinstance(schema, dict) else {}
    if not props:
        yield prefix
    for key, sub in props.items():
        yield from paths(sub, prefix + (key,))


def place(path, value):
    for key in reversed(path):
        value = {key: value}
    return value


def test_every_catalog_schema_is_in_the_subset():
    assert SCHEMAS and all(supported(s) for s in SCHEMAS)


@settings(max_examples=400, deadline=None)
@given(index=st.integers(0, max(0, len(SCHEMAS) - 1)), value=values, choice=st.integers(0, 50))
def test_catalog_schemas_give_the_errors_jsonschema_gives(index, value, choice):
    schema = SCHEMAS[index]
    all_paths = list(paths(schema))
    instance = place(all_paths[choice % len(all_paths)], value)
    assert ours(instance, schema) == reference_errors(instance, schema), (schema, instance)


# Random schemas of the subset: every keyword, nested.
leaf_schemas = st.one_of(
    st.booleans(),
    st.builds(
        lambda t: {"type": t},
        st.sampled_from(["object", "array", "string", "integer", "number", "boolean", "null"])
        | st.lists(st.sampled_from(["string", "integer", "null", "array"]), min_size=1, max_size=2, unique=True),
    ),
    st.builds(
        lambda v: {"const": v}, scalars.filter(lambda v: v is not UNKNOWN) | st.just([1, True]) | st.just({"a": 1})
    ),
    st.builds(lambda v: {"enum": v}, st.lists(scalars.filter(lambda v: v is not UNKNOWN), min_size=1, max_size=3)),
    st.builds(lambda p: {"pattern": p}, st.sampled_from(["^a", "b$", "^[0-9]+$", "x"])),
    st.builds(lambda m: {"minimum": m}, st.integers(-2, 5) | st.just(1.5)),
    st.builds(lambda m: {"maximum": m}, st.integers(-2, 5) | st.just(0.5)),
    st.builds(lambda m: {"maxItems": m}, st.integers(0, 2)),
    st.builds(lambda m: {"minItems": m}, st.integers(0, 2)),
    st.builds(lambda m: {"minLength": m}, st.integers(0, 3)),
    st.just({"$ref": "#/$defs/word"}),
    st.just({"$ref": "#/$defs/never"}),
)
DEFS = {"word": {"type": "string", "pattern": "^[a-z]+$"}, "never": False}


def _compose(inner):
    return st.one_of(
        st.builds(
            lambda d: {"properties": d}, st.dictionaries(st.sampled_from(["a", "b", "zones"]), inner, max_size=2)
        ),
        st.builds(
            lambda d: {"patternProperties": d}, st.dictionaries(st.sampled_from(["^a", "o", "^z"]), inner, max_size=2)
        ),
        st.builds(lambda s: {"not": s}, inner),
        st.builds(lambda xs: {"anyOf": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda s: {"items": s}, inner),
        st.builds(lambda xs: {"oneOf": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(
            lambda d, extra: {"properties": d, "additionalProperties": extra},
            st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2),
            inner,
        ),
        st.builds(
            lambda d, extra: {"patternProperties": d, "additionalProperties": extra},
            st.dictionaries(st.sampled_from(["^a", "o"]), inner, max_size=2),
            inner,
        ),
        st.builds(lambda a, b: {**a, **b} if isinstance(a, dict) and isinstance(b, dict) else a, inner, inner),
    )


schemas = st.recursive(leaf_schemas, _compose, max_leaves=6)


@settings(max_examples=600, deadline=None)
@given(schema=schemas, instance=values)
def test_random_subset_schemas_give_the_errors_jsonschema_gives(schema, instance):
    if isinstance(schema, dict):
        schema = {**schema, "$defs": DEFS}
    assert ours(instance, schema) == reference_errors(instance, schema), (schema, instance)


def test_the_configuration_schema_is_in_the_subset():
    schema = json.loads((REPO / "schemas" / "config.schema.json").read_text())
    assert supported(schema)
    assert subset_errors({"select": ["ORCH2"], "parameters": {"*.json": ["p.json"]}}, schema) == []
    assert [path for path, _ in subset_errors({"select": ["bad id!"], "parameters": {"x": []}}, schema)] == [
        ("select", 0),
        ("parameters", "x"),
    ]


def test_integral_floats_are_integers_and_booleans_are_not_numbers():
    assert subset_errors(3.0, {"type": "integer"}) == []
    assert subset_errors(True, {"type": "integer"}) == [((), True)]
    assert subset_errors(1, {"const": True}) == [((), 1)]
    assert subset_errors([1, {"a": 2.0}], {"const": [1, {"a": 2}]}) == []


def test_other_keywords_are_left_to_jsonschema():
    assert subset_errors({}, {"required": ["a"]}) is None
    assert subset_errors({}, {"properties": {"a": {"$ref": "#/x"}}}) is None
    assert subset_errors({}, {"$ref": "#/$defs/missing"}) is None
    assert subset_errors("x", {"pattern": "("}) is None  # not a regular expression Python reads


class _Rule:
    resource = "Microsoft.Compute/virtualMachineScaleSets"

    def __init__(self, schema):
        self.check = {"when": "type != ''", "schema": schema, "message": "{path} is {value}"}


def test_a_schema_beyond_the_subset_is_checked_by_jsonschema():
    from arm_orchlint.front.document import Document
    from arm_orchlint.model.resources import Resource
    from arm_orchlint.model.scalesets import Model

    doc = Document(path="t.json", data={}, locator=None, kind="arm")
    res = Resource(
        "Microsoft.Compute/virtualMachineScaleSets", "2024-03-01", "s", {"properties": {}}, doc, ("resources", 0)
    )
    hits = declarative_hits(
        _Rule({"properties": {"properties": {"required": ["orchestrationMode"]}}}), res, Model([res])
    )
    assert [(h.path, h.message) for h in hits] == [(("properties",), "properties is {}")]


def test_a_finding_of_a_declarative_rule_does_not_import_jsonschema():
    bad = REPO / "fixtures" / "ORCH206" / "bad.json"
    code = (
        "import sys\nfrom arm_orchlint.cli.entry import main\nsys.argv = ['arm-orchlint', %r]\n"
        "try:\n    main()\nexcept SystemExit as e:\n    print('jsonschema' in sys.modules, e.code, file=sys.stderr)\n"
    ) % str(bad)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert "ORCH206" in out.stdout
    assert out.stderr.strip().splitlines()[-1] == "False 1", out.stderr


# The compiled validators first decide validity by the exact type of the value where a
# subschema decides it for every value of that type; both answers must be jsonschema's.
@settings(max_examples=600, deadline=None)
@given(schema=schemas, instance=values)
def test_what_a_type_decides_and_the_validity_tests_agree_with_jsonschema(schema, instance):
    from arm_orchlint.core.schema_subset import _Compiler, _verdict

    if isinstance(schema, dict):
        schema = {**schema, "$defs": DEFS}
    valid = not reference_errors(instance, schema)
    verdict = _verdict(schema, type(instance))
    assert verdict is None or verdict is valid, (schema, instance)
    assert _Compiler(schema).test(schema)(instance) is valid, (schema, instance)


class _Text(str):
    pass


class _Items(list):
    pass


def test_every_small_schema_on_every_kind_of_value():
    from arm_orchlint.core.schema_subset import _Compiler, _verdict

    names = ["object", "array", "string", "integer", "number", "boolean", "null"]
    samples = [None, True, False, 0, 1, 2, -1, 0.0, 1.0, 2.5, "", "1", "true", "x", [], ["1"], [1, 2], {}, {"a": 1}]
    # values of no exact JSON type: tested by the general path
    samples += [UNKNOWN, _Text("1"), _Text("x"), _Items(["1"]), _Items([]), OrderedDict(a=1), OrderedDict()]
    leaves = (
        [True, False, {}]
        + [{"type": n} for n in names]
        + [{"type": [a, b]} for a in names for b in names if a < b]
        + [{"const": v} for v in samples]
        + [{"enum": [a, b]} for a in samples[::3] for b in samples[1::4]]
        + [{"pattern": "^1"}, {"minLength": 1}, {"minimum": 1}, {"maximum": 0.5}, {"maxItems": 1}, {"minItems": 1}]
        + [{"items": {"type": "string"}}, {"items": False}, {"properties": {"a": {"type": "string"}}}]
        + [{"type": "string", "pattern": "^1"}, {"type": ["integer", "string"], "minimum": 1, "minLength": 1}]
    )
    schemas = leaves + [{"not": s} for s in leaves] + [{"anyOf": [a, b]} for a in leaves[3:12] for b in leaves[::5]]
    schemas += [{"oneOf": [a, b]} for a in leaves[3:12] for b in leaves[::5]]
    for schema in schemas:
        for value in samples:
            valid = not reference_errors(value, schema)
            assert _verdict(schema, type(value)) in (None, valid), (schema, value)
            assert _Compiler(schema).test(schema)(value) is valid, (schema, value)
            assert ours(value, schema) == reference_errors(value, schema), (schema, value)


@settings(max_examples=400, deadline=None)
@given(schema=schemas, instance=values)
def test_the_noting_validator_gives_the_same_errors(schema, instance):
    """``noting_validator`` reports what ``subset_errors`` reports, and notes only names it
    looked for that the object spells otherwise (none here: these values spell each name
    one way)."""
    from arm_orchlint.core.schema_subset import noting_validator

    if isinstance(schema, dict):
        schema = {**schema, "$defs": DEFS}
    noting = noting_validator(schema)
    if noting is None:
        return
    validator, misses = noting
    misses.clear()
    errors: list = []
    validator(instance, (), errors)
    assert Counter((tuple(p), canonical(v)) for p, v in errors) == ours(instance, schema)
    assert misses == []


def test_the_noting_validator_notes_a_name_spelled_otherwise():
    from arm_orchlint.core.schema_subset import noting_validator

    schema = {"properties": {"properties": {"properties": {"mode": {"const": "a"}, "zones": {"type": "array"}}}}}
    validator, misses = noting_validator(schema)
    misses.clear()
    validator({"properties": {"Mode": "b", "zones": []}}, (), [])
    assert misses == ["mode"]
    assert noting_validator({"properties": {"a": {"const": {"b": 1}}}}) is None  # (objects compared by value)
    assert noting_validator({"properties": {"a": {"enum": [1, [2]]}}}) is None
