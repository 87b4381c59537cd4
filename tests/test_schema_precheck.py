"""The declarative pre-check never claims valid what jsonschema rejects."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from arm_orchlint.schema_precheck import certainly_valid

from .conftest import REPO

SCHEMAS = [json.loads(p.read_text())["check"]["schema"] for p in sorted((REPO / "rules").glob("*.json")) if "schema" in json.loads(p.read_text())["check"]]
VALIDATORS = [Draft202012Validator(s) for s in SCHEMAS]

scalars = st.none() | st.booleans() | st.integers(-5, 3000) | st.sampled_from(["", "1", "true", "Flexible", "Rolling", "2020-11-01", "x"])
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "zones", "mode"]), inner, max_size=2), max_leaves=6)


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


@settings(max_examples=300, deadline=None)
@given(index=st.integers(0, max(0, len(SCHEMAS) - 1)), value=values, choice=st.integers(0, 50))
def test_precheck_agrees_with_jsonschema(index, value, choice):
    schema = SCHEMAS[index]
    all_paths = list(paths(schema))
    instance = place(all_paths[choice % len(all_paths)], value)
    if certainly_valid(instance, schema):
        assert VALIDATORS[index].is_valid(instance), (schema, instance)


def test_precheck_passes_a_clean_scale_set():
    body = {"properties": {"orchestrationMode": "Flexible", "singlePlacementGroup": False, "platformFaultDomainCount": 1}, "zones": ["1"]}
    assert all(certainly_valid(body, s) or not v.is_valid(body) for s, v in zip(SCHEMAS, VALIDATORS))
    assert sum(certainly_valid(body, s) for s in SCHEMAS) == sum(v.is_valid(body) for v in VALIDATORS)
