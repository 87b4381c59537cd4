"""Fast paths taken by large templates, each compared with the general path it stands for:

* the loader reads the ``resources`` array by repeating the last separator it matched
  (``load._load_array``) instead of matching every separator with a pattern;
* ``Comments.mentions`` searches from the end (``str.rfind``) instead of ``in``;
* the expander's loop over a template's resources adds a plain resource itself instead of
  calling ``Expansion.add_pending``.
"""

from __future__ import annotations

import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from arm_orchlint.front.document import Comments
from arm_orchlint.front.json import load
from arm_orchlint.front.json.load import ReadError, load_json_text


def _array_by_pattern(text: str, start: int):
    """The loader's array reader before the repeated-separator path: every separator
    matched with ``_AFTER_ELEMENT``."""
    values, offsets = [], []
    i = load._WS.match(text, start + 1).end()
    if text.startswith("]", i):
        return values, i + 1, offsets
    while True:
        offsets.append(i)
        value, i = load._scan_value(text, i)
        values.append(value)
        m = load._AFTER_ELEMENT.match(text, i)
        if m is None:
            raise ValueError
        i = m.end()
        if m.lastindex == 2:
            return values, i, offsets


def _outcome(read, text: str, start: int):
    try:
        return read(text, start)
    except (ValueError, StopIteration, IndexError) as exc:  # what _load_indexed falls back on
        return type(exc)


# Pieces of an array's text: elements, and what may stand between and around them,
# including what is not JSON (a missing comma, a trailing one, Unicode spaces, comments,
# a separator that looks like the last one but is followed by whitespace).
elements = st.sampled_from(
    [
        "{}",
        '{"a": 1}',
        '{"a": [1, {"b": ",\\n  {"}]}',
        "[]",
        "[1, 2]",
        "1",
        "-2.5e3",
        '"s"',
        '",\\n  {"',
        "true",
        "null",
        '{"A": 1, "a": 2}',
        '{"k": "\t raw tab"}',
        '{"é": "\\u00e9"}',
        "{\n}",
        "[\n]",
    ]
)
gaps = st.sampled_from(["", " ", "\n", "\r\n", "\n  ", "\n    ", "\t", " \n \t", "\u00a0", "\x0b", "/* c */", "// c\n"])
separators = st.builds(lambda before, after, comma: before + ("," if comma else "") + after, gaps, gaps, st.booleans())


@st.composite
def array_texts(draw):
    items = draw(st.lists(elements, max_size=7))
    seps = draw(st.lists(separators, min_size=len(items), max_size=len(items)))
    # often the same separator again, as in a pretty-printed file, with changes now and then
    if seps and draw(st.booleans()):
        first = seps[0]
        seps = [first if draw(st.integers(0, 3)) else s for s in seps]
    body = "".join(item + sep for item, sep in zip(items, seps))
    if body and draw(st.booleans()):
        body = body.rstrip(",")
    tail = draw(st.sampled_from(["]", "", "]}", " ]", ",]", "] "]))
    return "[" + draw(gaps) + body + tail


@settings(max_examples=600, deadline=None)
@given(text=array_texts())
@example(text='[{"a": 1},\n  {"b": 2},\n  {"c": 3},\n  {"d": 4}\n]')
@example(text='[{"a": 1},\n  {"b": 2},\n   {"c": 3},\n  {"d": 4}\n]')  # one longer separator
@example(text='[{"a": 1},\n  {"b": 2},\n  "x",\n  {"d": 4}\n]')  # the same gap, another first character
@example(text="[1,\n  2,\n  3,\n  ]")  # a trailing comma after repeated separators
@example(text="[1,\n  2,\n  ")  # the text ends in a separator
@example(text="[1,\n  2,\n  \n3]")
def test_repeated_separators_read_as_the_pattern_reads_them(text):
    assert _outcome(load._load_array, text, 0) == _outcome(_array_by_pattern, text, 0)


def _template(resources: list, gap: str) -> str:
    body = ("," + gap).join(json.dumps(r, indent=2, ensure_ascii=False) for r in resources)
    return '{"$schema": "x",' + gap + '"resources": [' + gap + body + gap + "]}"


@settings(max_examples=200, deadline=None)
@given(
    resources=st.lists(
        st.dictionaries(st.sampled_from(["type", "Type", "name", "a", "é"]), st.integers() | st.text(max_size=4)),
        max_size=6,
    ),
    gap=st.sampled_from(["\n  ", "\r\n    ", " ", "\n  // c\n  ", "\u2028"]),
)
def test_loaded_templates_and_their_offsets_are_the_general_paths(resources, gap):
    text = _template(resources, gap)
    try:
        loaded = load_json_text(text)
    except ReadError:
        return
    assert loaded.data["resources"] == resources
    if loaded.resources_elements is not None:
        start, offsets = loaded.resources_elements
        assert (loaded.data["resources"], offsets) == _array_by_pattern(loaded.text, start)[::2]


# -- Comments.mentions ------------------------------------------------------------------

words = st.sampled_from(["arm-orchlint", "arm-orchlint-disable-next-line", "a", "aa", "ab"])
texts = st.lists(
    st.sampled_from(
        ["arm-orchlint", "arm-orchlin", "rm-orchlint", "a", "b", "-", " ", "\n", "é", "arm-orchlint-disable-next-line"]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=texts, word=words)
@example(text="arm-orchlint", word="arm-orchlint")  # at offset 0
@example(text="", word="a")
@example(text="aab", word="ab")
def test_mentions_answers_as_in_does(text, word):
    assert Comments({"t.json": []}, text).mentions(word) is (word in text)


# -- the expander's fast path adds entries as Expansion.add_pending does ------------------

_KINDS = {
    "plain": {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "s"},
    "other": {"type": "Microsoft.Network/publicIPAddresses", "apiVersion": "2023-09-01", "name": "p"},
    "copy": {
        "type": "Microsoft.Storage/storageAccounts",
        "apiVersion": "2023-01-01",
        "name": "[concat('c', copyIndex())]",
        "copy": {"name": "loop", "count": 2},
    },
    "condition": {
        "type": "Microsoft.Storage/storageAccounts",
        "apiVersion": "2023-01-01",
        "name": "k",
        "Condition": False,
    },
    "child": {
        "type": "Microsoft.Network/publicIPAddresses",
        "apiVersion": "2023-09-01",
        "name": "q",
        "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "inner"}],
    },
    "expression type": {
        "type": "[concat('Microsoft.Storage/', 'storageAccounts')]",
        "apiVersion": "2023-01-01",
        "name": "e",
    },
    "expression api": {
        "type": "Microsoft.Storage/storageAccounts",
        "apiVersion": "[concat('2023-01-01')]",
        "name": "a",
    },
    "not an object": 7,
}


def _type_of(entry) -> str:
    return entry[3] if type(entry) is tuple else entry.type_lower  # (a pending tuple, or a Resource)


@settings(max_examples=150, deadline=None)
@given(kinds=st.lists(st.sampled_from(sorted(_KINDS)), max_size=8))
def test_the_fast_path_adds_resources_as_add_pending_does(kinds):
    """What ``add_pending`` keeps: the entries in template order, and for each type (in the
    order types first appear) the entries of that type in the same order, the same objects."""
    from arm_orchlint.evaluation.expand import expand
    from arm_orchlint.front.reading import read_json_text

    text = json.dumps({"$schema": "x", "resources": [_KINDS[k] for k in kinds]})
    expansion = expand(read_json_text("t.json", text).doc)
    entries = expansion._entries
    types = list(dict.fromkeys(_type_of(e) for e in entries))
    assert list(expansion._by_type) == types
    for t in types:
        bucket = expansion._by_type[t]
        assert [id(e) for e in bucket] == [id(e) for e in entries if _type_of(e) == t]
    written = [r.pointer[1] for r in expansion.resources]
    assert written == sorted(written)  # template order (a loop's copies and a parent's children follow it)
    assert set(written) == {i for i, k in enumerate(kinds) if k != "not an object"}
