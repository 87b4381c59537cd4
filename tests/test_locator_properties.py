"""Property tests for positions: for random documents, the span of every pointer starts at that key."""

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from arm_orchlint.front.json.load import ReadError, load_json_text
from arm_orchlint.front.json.locate import JsonLocator

from .conftest import pointers
from .test_duplicates_properties import gaps as hostile_gaps
from .test_duplicates_properties import object_texts, value_texts
from .test_duplicates_properties import resources as hostile_resources

keys = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=6)
scalars = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=8)
documents = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=25
)


def offset_of(text, line, col_utf16):
    lines = text.split("\n")
    prefix = "\n".join(lines[: line - 1])
    start = len(prefix) + (1 if line > 1 else 0)
    line_text = lines[line - 1]
    units = 0
    for i, ch in enumerate(line_text):
        if units == col_utf16 - 1:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(line_text)


@settings(max_examples=150, deadline=None)
@given(
    doc=st.dictionaries(keys, documents, min_size=1, max_size=5),
    indent=st.sampled_from([None, 0, 1, 2, 4]),
    resources=st.lists(documents, max_size=4) | st.dictionaries(keys, documents, max_size=4),  # (symbolic names)
    comments=st.booleans(),
)
def test_span_of_every_pointer_starts_at_its_key_or_value(doc, indent, resources, comments):
    doc = dict(doc, resources=resources)
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    if comments:
        text = "// leading comment\n" + text.replace("\n", " /* c */\n")
    loaded = load_json_text(text)
    assert loaded.data == doc
    locator = JsonLocator(
        "t.json", loaded.text, loaded.top_members, loaded.resources_elements, loaded.resources_members
    )
    for pointer in pointers(doc):
        if not pointer:
            continue
        span = locator.span(pointer)
        assert span is not None
        at = offset_of(text, span.line, span.col)
        key = pointer[-1]
        if isinstance(key, str):
            decoded, _ = json.decoder.scanstring(text, at + 1)
            assert text[at] == '"' and decoded == key, (pointer, text[at : at + 20])
        else:
            value, _ = json.decoder.JSONDecoder().raw_decode(loaded.text, at)  # comments blanked, same offsets
            parent = doc
            for part in pointer:
                parent = parent[part]
            assert value == parent


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.text(alphabet="ab\n", max_size=6), min_size=1, max_size=30), data=st.data())
def test_line_numbers_do_not_depend_on_the_order_positions_are_asked_for(lines, data):
    text = "\n".join(lines)
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=12))
    locator = JsonLocator("t.json", text)
    for offset in offsets:
        line, _ = locator._position(offset)
        assert line == text.count("\n", 0, offset) + 1


# Walking into an object or array finds its end by reading its members instead of parsing
# it; the end must be the parser's, also for text that is not JSON (trailing commas, a
# missing comma or value, comments, stray brackets).
damage = st.sampled_from(["", ",", " ,", "}", "]", "// c\n", "/* c */", ":", '"', "\u00a0"])


@settings(max_examples=300, deadline=None)
@given(
    doc=documents,
    indent=st.sampled_from([None, 0, 2]),
    cut=st.integers(0, 10**6),
    insert=damage,
    before_closing=st.booleans(),
)
def test_walked_end_is_the_parsers_end(doc, indent, cut, insert, before_closing):
    text = json.dumps(doc, indent=indent)
    closings = [i for i, ch in enumerate(text) if ch in "}]"]
    at = closings[cut % len(closings)] if before_closing and closings else cut % (len(text) + 1)
    text = text[:at] + insert + text[at:]
    for i, ch in enumerate(text):
        if ch in "{[":
            assert JsonLocator("t.json", text)._walked_end(i) == JsonLocator("t.json", text)._scan_end(i), (text, i)


@settings(max_examples=200, deadline=None)
@given(
    doc=documents,
    indent=st.sampled_from([None, 0, 2]),
    cut=st.integers(0, 10**6),
    insert=damage,
    data=st.data(),
)
def test_walked_end_along_a_pointer_is_the_parsers_end(doc, indent, cut, insert, data):
    # a walk reads ahead along the rest of its pointer (each value on the way walked, not parsed)
    below = data.draw(st.sampled_from([()] + [p for p in pointers(doc) if p]))
    text = json.dumps(doc, indent=indent)
    at = cut % (len(text) + 1)
    text = text[:at] + insert + text[at:]
    for i, ch in enumerate(text):
        if ch in "{[":
            locator = JsonLocator("t.json", text)
            assert locator._walked_end(i, below) == JsonLocator("t.json", text)._scan_end(i), (text, i, below)
            for j in list(locator._ends):  # every end it kept on the way is the parser's too
                assert locator._ends[j] == JsonLocator("t.json", text)._scan_end(j), (text, i, below, j)


def test_walked_end_of_an_object_missing_a_comma_is_the_parsers():
    # found by the property test above: a stray brace closes an inner object early, and the
    # next member follows without a comma; the parser gives up on the outer object
    text = json.dumps([None, [None], {"1": None, "2": None, "0": {"0": None}}], indent=2)
    text = text[:72] + "}" + text[72:]
    for i, ch in enumerate(text):
        if ch in "{[":
            assert JsonLocator("t.json", text)._walked_end(i) == JsonLocator("t.json", text)._scan_end(i), i
    assert JsonLocator("t.json", '{"a": 1 "b": 2}')._walked_end(0) == len('{"a": 1 "b": 2}')


# The member scanner reads a key and its colon with one regular expression and decodes the key
# with the stdlib only when it holds an escape; it must read what the stdlib's scanner reads,
# member by member, also in damaged text: the reference below is that reading spelt out.
def _members_read_by_the_stdlib(text, start):
    def ws(i):
        return re.compile(r"[ \t\n\r]*").match(text, i).end()

    out = []
    i = ws(start + 1)
    while i < len(text) and text[i] == '"':
        try:
            key, end = json.decoder.scanstring(text, i + 1, False)
        except ValueError:
            return out
        colon = ws(end)
        if colon >= len(text) or text[colon] != ":":
            return out
        value_start = ws(colon + 1)
        out.append((key, i, end, value_start))
        locator = JsonLocator("t.json", text)
        i = ws(locator._scan_end(value_start))
        if i < len(text) and text[i] == ",":
            i = ws(i + 1)
    return out


member_keys = st.sampled_from(['"a"', '"b\\"c"', '"\\u00e9"', '"\\x"', '"\\\\"', '"d\te"', '"f\\\n"', '"g'])


@settings(max_examples=300, deadline=None)
@given(
    doc=documents,
    indent=st.sampled_from([None, 0, 2]),
    cut=st.integers(0, 10**6),
    insert=damage | member_keys | member_keys.map(lambda k: k + ": 1,"),
)
def test_scanned_members_are_the_stdlibs(doc, indent, cut, insert):
    text = json.dumps(doc, indent=indent)
    at = cut % (len(text) + 1)
    text = text[:at] + insert + text[at:]
    for i, ch in enumerate(text):
        if ch == "{":
            assert list(JsonLocator("t.json", text)._scan_members(i)) == _members_read_by_the_stdlib(text, i), (text, i)


# Inside a resource whose text gives each key once (colons == parsed members), a member is
# found by a search for its key instead of a scan of the members before it; on hostile text
# (repeated keys, keys inside strings and comments, escapes) every answer must be the scan's.
# (each key once, few keys and no colon in strings: a key's first spelling is then often in a
# deeper object or inside a string)
plain_keys = st.sampled_from(['"a"', '"b"', '"c"', '"\\u0063"'])
plain_values = value_texts(plain_keys, st.sampled_from(["1", '"a"', '"\\"a"', "[]", "{}"]), unique=True)
plain_resources = object_texts(plain_keys, plain_values, unique=True)


@settings(max_examples=300, deadline=None)
@given(items=st.lists(hostile_resources | plain_resources, min_size=1, max_size=4), gap=hostile_gaps)
def test_members_found_by_search_are_the_scanned_ones(items, gap):
    text = '{"resources":' + gap + "[" + (", " + gap).join(items) + "]}"
    try:
        loaded = load_json_text(text)
    except ReadError:
        return
    args = ("t.json", loaded.text, loaded.top_members, loaded.resources_elements, loaded.resources_members)
    searching, scanning = JsonLocator(*args, loaded.data), JsonLocator(*args)
    wanted = [p + extra for p in pointers(loaded.data) for extra in ((), ("zz",), ("a",), ("A",), (0,))]
    for pointer in wanted:
        assert searching._find(pointer) == scanning._find(pointer), pointer
        assert searching.span(pointer) == scanning.span(pointer), pointer
        assert searching.member_offsets(pointer) == scanning.member_offsets(pointer), pointer
