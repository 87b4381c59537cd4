"""ORCH909's shortcut (lint/duplicates.py): a resource whose colons and parsed members agree
is not parsed again.  On hostile text (repeated keys in any case, keys and colons inside
strings, escapes, comments, trailing commas, nested resources) it must give exactly what
parsing every resource again gives."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from arm_orchlint.front.reading import read_json_text
from arm_orchlint.lint import duplicates

from .conftest import pointers

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"

# Key tokens as written: spellings that differ in case, escapes that decode to the same key
# (or to a colon), context-sensitive lower-casing (final sigma), colons and quotes inside.
key_tokens = st.sampled_from(
    [
        '"a"',
        '"A"',
        '"b"',
        '"name"',
        '"Name"',
        '"\\u004eame"',
        '"\\u00e9"',
        '"\\u00C9"',
        '"é"',
        '"É"',
        '"a:b"',
        '"a\\u003ab"',
        '"x\\"y"',
        '"x\\\\"',
        '"ΑΣ"',
        '"ασ"',
        '"ας"',
        '"A\\nΣ"',
        '"a\\nσ"',
        '"İ"',
        '"i̇"',
    ]
)
scalar_tokens = st.sampled_from(
    ["1", "-2.5e3", "true", "false", "null", '""', '":"', '"a\\": {\\"b\\": 1}"', '"\\u003a"', '"x:y:z"', '"{["']
)
# between tokens: whitespace, a comment (with a colon and a key-like text in it), NBSP
gaps = st.sampled_from(["", " ", "\n  ", '/* "k": 1 */', '// "a": {\n', "\u00a0"])


def _join(parts: list[str], gap: str, trailing: bool) -> str:
    return ("," + gap).join(parts) + ("," if trailing and parts else "")


def object_texts(keys, inner, unique=False):
    """JSON text of objects whose members have keys written as ``keys`` and values ``inner``
    (``unique``: each key once)."""
    members = st.lists(
        st.tuples(keys, gaps, inner), max_size=5, unique_by=(lambda m: json.loads(m[0])) if unique else None
    )
    return st.builds(
        lambda ms, trailing, gap: "{" + gap + _join([f"{k}{g}:{g}{v}" for k, g, v in ms], gap, trailing) + gap + "}",
        members,
        st.booleans(),
        gaps,
    )


def value_texts(keys, scalars, unique=False):
    return st.recursive(
        scalars,
        lambda inner: (
            object_texts(keys, inner, unique)
            | st.builds(
                lambda items, trailing: "[" + _join(items, " ", trailing) + "]",
                st.lists(inner, max_size=3),
                st.booleans(),
            )
        ),
        max_leaves=14,
    )


resources = object_texts(key_tokens, value_texts(key_tokens, scalar_tokens))


class _Res:
    type_lower = duplicates.VMSS

    def __init__(self, doc, pointer):
        self.doc = doc
        self.pointer = pointer


def _diagnostics(doc, pointers):
    found = duplicates.duplicate_key_diagnostics([_Res(doc, p) for p in pointers])
    return [(d.rule_id, d.message, d.pointer, d.span) for d in found]


def _every_resource_parsed_again(doc, pointers):
    shortcut = duplicates._counts_agree
    duplicates._counts_agree = lambda *args: False
    try:
        return _diagnostics(doc, pointers)
    finally:
        duplicates._counts_agree = shortcut


@settings(max_examples=400, deadline=None)
@given(
    items=st.lists(resources, min_size=1, max_size=4),
    nested=resources,
    symbolic=st.booleans(),
    gap=gaps,
)
def test_the_shortcut_finds_what_parsing_again_finds(items, nested, symbolic, gap):
    deployment = (
        '{"type": "Microsoft.Resources/deployments", "properties": {"template": {"resources": [' + nested + "]}}}"
    )
    items = [*items, deployment]
    if symbolic:
        body = "{" + ", ".join(f'"r{i}":{gap}{text}' for i, text in enumerate(items)) + "}"
        names = [f"r{i}" for i in range(len(items))]
    else:
        body = "[" + _join(items, gap, False) + gap + "]"
        names = list(range(len(items)))
    text = '{"$schema": "' + SCHEMA + '",' + gap + '"resources":' + gap + body + "}"
    doc = read_json_text("t.json", text).doc
    if doc is None:  # not JSON after all (e.g. a comment swallowed a bracket)
        return
    pointers = [("resources", name) for name in names]
    pointers.append(("resources", names[-1], "properties", "template", "resources", 0))
    assert _diagnostics(doc, pointers) == _every_resource_parsed_again(doc, pointers)


def test_the_shortcut_is_taken_for_a_resource_without_repeated_keys(monkeypatch):
    text = json.dumps({"$schema": SCHEMA, "resources": [{"a": {"b": [1, {"c": "x"}]}, "e": 2}, {"d": 1}]})
    doc = read_json_text("t.json", text).doc
    parsed = []
    monkeypatch.setattr(duplicates, "_repeated_keys", lambda *args: parsed.append(args) or [])
    assert _diagnostics(doc, [("resources", 0), ("resources", 1)]) == []
    assert parsed == []


def test_escapes_or_case_twins_send_a_resource_to_the_slow_path(monkeypatch):
    resources = '[{"a": "x:y"}, {"a": "x:y\\u00e9"}, {"n": 1, "b": {"N": 2}}, {"k": 1}]'
    text = '{"$schema": "' + SCHEMA + '", "resources": ' + resources + "}"
    doc = read_json_text("t.json", text).doc
    parsed = []
    monkeypatch.setattr(duplicates, "_repeated_keys", lambda res, *args: parsed.append(res.pointer) or [])
    _diagnostics(doc, [("resources", i) for i in range(4)])
    # "x:y": a colon more than members, but the value written out again has it too; with a \u
    # escape the strings' colons are not the ones written; n/N: two spellings (in different objects)
    assert parsed == [("resources", 1), ("resources", 2)]


@settings(max_examples=200, deadline=None)
@given(items=st.lists(resources, min_size=1, max_size=4), gap=gaps, after=st.booleans())
def test_the_bounds_of_all_elements_are_each_elements_bounds(items, gap, after):
    tail = f',{gap}"outputs": {{}}' if after else ""
    text = (
        '{"$schema": "' + SCHEMA + '",' + gap + '"resources":' + gap + "[" + _join(items, gap, False) + "]" + tail + "}"
    )
    doc = read_json_text("t.json", text).doc
    if doc is None:
        return
    together = doc.locator.elements_bounds(("resources",))
    if together is None:  # not all elements known (the loader fell back): value_bounds per element
        return
    assert together == [doc.locator.value_bounds(("resources", i)) for i in range(len(items))]


def test_the_loaders_resources_array_is_known_whole():
    text = '{"resources": [{"type": "a", "p": {"x": 1}},\n {"type": "b"}], "outputs": {}}'
    locator = read_json_text("t.json", text).doc.locator
    bounds = locator.elements_bounds(("resources",))
    assert bounds == [locator.value_bounds(("resources", 0)), locator.value_bounds(("resources", 1))]
    assert [text[start] for start, _ in bounds] == ["{", "{"]


# ORCH909 runs before the rules and tells the locator what it counted for each resource
# (``JsonLocator.note_keys_once``), so that a finding's walk does not count that resource
# again.  Whatever it noted must be what the locator finds on its own, and every position
# the told locator gives must be a fresh one's.
@settings(max_examples=300, deadline=None)
@given(items=st.lists(resources, min_size=1, max_size=4), gap=gaps, after=st.booleans(), crlf=st.booleans())
def test_counts_told_to_the_locator_are_its_own(items, gap, after, crlf):
    tail = f',{gap}"outputs": {{}}' if after else ""
    text = (
        '{"$schema": "' + SCHEMA + '",' + gap + '"resources":' + gap + "[" + _join(items, gap, False) + "]" + tail + "}"
    )
    if crlf:
        text = text.replace("\n", "\r\n")
    told, fresh = read_json_text("t.json", text).doc, read_json_text("t.json", text).doc
    if told is None:  # not JSON after all (e.g. a comment swallowed a bracket)
        return
    _diagnostics(told, [("resources", i) for i in range(len(items))])
    noted = dict(told.locator._once)
    wanted = [p + extra for p in pointers(told.data) for extra in ((), ("zz",), ("a",), ("A",), (0,))]
    for pointer in wanted:
        assert told.locator._find(pointer) == fresh.locator._find(pointer), pointer
        assert told.locator.span(pointer) == fresh.locator.span(pointer), pointer
        assert told.locator.member_offsets(pointer) == fresh.locator.member_offsets(pointer), pointer
    elements = fresh.locator.elements_bounds(("resources",)) or []
    for index, (start, _) in enumerate(elements[:-1]):
        found = fresh.locator._holds_keys_once(start, elements[index + 1][0], fresh.data["resources"], index)
        if start in noted:
            assert noted[start] == bool(found), (index, text)


def test_the_locator_is_told_the_count_of_each_resource_but_the_last():
    text = json.dumps({"$schema": SCHEMA, "resources": [{"a": {"b": 1}}, {"a": 1, "A": 2}, {"c": "x:y"}, {"d": 1}]})
    doc = read_json_text("t.json", text).doc
    _diagnostics(doc, [("resources", i) for i in range(4)])
    starts = [start for start, _ in doc.locator.elements_bounds(("resources",))]
    # (the second: its twins in case are two members, as its colons; the third: a colon more)
    assert doc.locator._once == {starts[0]: True, starts[1]: True, starts[2]: False}


# A template of scale sets only: every element of its resources array is checked, in order,
# and ORCH909 walks the array element by element without looking each one up.  The entries,
# the keys seen and what the locator is told must be those of the look-ups.
@settings(max_examples=300, deadline=None)
@given(items=st.lists(resources | st.sampled_from(["1", '"x"', "[]"]), min_size=1, max_size=5), gap=gaps)
def test_a_whole_array_gives_what_its_elements_give_one_by_one(items, gap):
    text = '{"$schema": "' + SCHEMA + '",' + gap + '"resources":' + gap + "[" + _join(items, gap, False) + "]}"
    whole, each = read_json_text("t.json", text).doc, read_json_text("t.json", text).doc
    if whole is None:
        return
    count = len(whole.data["resources"])
    found = []
    for doc in (whole, each):
        spellings: set = set()
        picked = duplicates._picked([_Res(doc, ("resources", i)) for i in range(count)])
        checks = (duplicates._checks_of_whole_array if doc is whole else duplicates._checks)(picked, spellings)
        assert checks is not None
        found.append(([(res.pointer, start, value) for res, _, start, value in checks], spellings, doc.locator._once))
    assert found[0] == found[1]


def test_only_a_whole_array_in_order_is_walked_without_look_ups():
    text = json.dumps({"$schema": SCHEMA, "resources": [{"a": 1}, {"b": 2}, {"c": 3}]})
    doc, other = read_json_text("t.json", text).doc, read_json_text("t.json", text).doc

    def walked(*resources):
        return duplicates._checks_of_whole_array(duplicates._picked(list(resources)), set()) is not None

    assert walked(_Res(doc, ("resources", 0)), _Res(doc, ("resources", 1)), _Res(doc, ("resources", 2)))
    assert not walked(_Res(doc, ("resources", 0)), _Res(doc, ("resources", 1)))
    assert not walked(_Res(doc, ("resources", 1)), _Res(doc, ("resources", 0)), _Res(doc, ("resources", 2)))
    assert not walked(_Res(doc, ("resources", 0)), _Res(other, ("resources", 1)), _Res(doc, ("resources", 2)))
    assert not walked(_Res(doc, ("resources", 0)), _Res(doc, ("resources", True)), _Res(doc, ("resources", 2)))
