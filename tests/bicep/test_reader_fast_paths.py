"""The reader's shortcuts for a tree without ERROR or MISSING nodes (``_Reader.clean``: strings
read from their bytes, calls and member accesses from their two named children) must read
exactly what its general path reads from the child nodes, quirks included."""

import random
import re

from arm_orchlint.front.bicep import syntax

# strings whose closing quote takes in blanks before it, escapes, holes, non-ASCII text
_CONTENTS = [
    "",
    " ",
    "a ",
    " a",
    "\\n ",
    "\\'",
    "it\\'s",
    "a\\\\",
    "\\u{41}",
    "${x}",
    "a${x} ",
    "\\${x}",
    "${/* c */ x}${y /* c */}",
    "${x.y}${f(1)}${'s'}",
    "$",
    "{",
    "é",
    "a\u00a0",
    "x\t",
    "//",
    "/*",
    "''",
]
_FORMS = [
    "var a = '{}'\n",
    "var a = {{\n  k: '{}'\n  'q': x.y\n}}\n",
    "var a = [\n  '{}'\n  x.y\n  first[0]\n]\n",
    "var a = f('{}', x.?y, x . z, g(1)(2))\n",
    "param p string = '{}'\n",
    "output o string = concat('{}', x.y.z)\n",
    # object properties and decorators read from their text (``_PLAIN_PROPERTY``, ``_PLAIN_DECORATOR``)
    "var a = {{\n  k: '{}'\n  n\t:\t12\n  m : 0\n  b: true\n  o: {{\n    i: '{}'\n  }}\n}}\n",
    "var a = {{\n  k: '{}' // c\n  'j': '{}'\n  l: /* c */ 'x{}'\n}}\n",
    "var a = {{\n  @description('{}')\n  k: 1{}\n}}\n",
    # property values of every kind, an identifier's read from its node without ``expr``
    "var a = {{\n  k: ident\n  t: true\n  n: null\n  e: existing\n  _1: _x1\n  o: {{ i: x }}\n  a: [\n    y\n  ]\n"
    "  c: f('{}')\n  m: x.y\n  b: x + y\n  q: c ? d : '{}'\n  u: !x\n  s: x[0]\n  l: x => x\n  p: (x)\n}}\n",
    "var a = {{\n  k: ident // c\n  j: /* c */ ident\n  'q': ident\n  r: ident{}\n}}\n",
    "@description('{}')\n@minValue(3)\n@secure()\n@maxLength( 4 )\n@sys.description('{}')\nparam p int\n",
    "@allowed(['{}'])\n@description('x{}')\nparam p string\n",
    # member accesses on operands that ``_attach`` re-associates (or leaves, in parentheses)
    "var a = b + x.y.z\nvar c = !x.y\nvar d = (b + x).y\nvar e = c ? d : x.y\nvar f = '{}'\n",
    "var a = map(xs, x => x.name)\nvar b = -x.y\nvar c = (x => x).y\nvar d = f().g.h['{}'].i\n",
    # declarations read from their children by position, and calls' arguments
    "param a string // c\nparam b int = 1\nparam c string = '{}'\nparam d object = {{\n  k: 'v'\n}}\n",
    "param a /* c */ string\nparam b string /* c */ = 'x'\nparam c 'a' | 'b' = '{}'\nparam d string[]\n",
    "var a /* c */ = 1\nvar b = /* c */ '{}'\nvar c = f(/* c */ 1, 'x{}', g())\nvar d = concat()\n",
]


def _read(text: str, clean: bool) -> str | None:
    source = text.encode()
    root = syntax._get_parser().parse(source).root_node
    if root.has_error:
        return None  # the shortcuts are only taken in trees without errors
    reader = syntax._Reader(source, source, clean=clean)
    return repr(reader.statements(root.named_children))


def _same(text: str) -> bool:
    fast = _read(text, clean=True)
    return fast is None or fast == _read(text, clean=False)


def test_blanks_before_the_closing_quote_are_string_text():
    # tree-sitter-bicep 1.1.0's closing token of ' ' starts at the blank; the blank is still text
    parsed = syntax.parse("var a = ' '\nvar b = 'a '\nvar c = '\t'\n")
    assert [s.value.value for s in parsed.statements] == [" ", "a ", "\t"]


def test_blanks_before_a_hole_and_after_the_last_are_string_text():
    # a hole's node takes in the blanks before it, as the closing quote does
    parsed = syntax.parse("var a = '  ${x}  '\nvar b = '${x} ${y}'\nvar c = 'k ${x}${y} '\n")
    texts = [[p for p in s.value.parts if isinstance(p, str)] for s in parsed.statements]
    assert texts == [["  ", "  "], ["", " ", ""], ["k ", "", " "]]


def test_written_forms_read_the_same_both_ways():
    for form in _FORMS:
        for content in _CONTENTS:
            text = form.format(*[content] * form.count("{}"))
            assert _same(text), text


def test_random_strings_read_the_same_both_ways():
    pieces = ["a", " ", "\t", "\\", "'", "\\'", "\\n", "$", "{", "}", "${x}", "é", "/", "\\u{41}", "?", "."]
    rnd = random.Random(18)
    for _ in range(1500):
        content = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
        form = rnd.choice(_FORMS)
        text = form.format(*[content.replace("{", "{{").replace("}", "}}")] * form.count("{}"))
        assert _same(text), text


def _comma_at_line_end_by_gaps(source: bytes, root) -> bool:
    """What the reader's objects note, gap by gap: a comma then a new line between two
    properties of an object, or between its last property and its closing brace."""
    stack = [root]
    while stack:
        n = stack.pop()
        stack.extend(n.children)
        if n.type != "object":
            continue
        ends = [c.end_byte for c in n.named_children if c.type == "object_property"]
        starts = [c.start_byte for c in n.named_children if c.type == "object_property"]
        for start, end in zip(ends, starts[1:] + [n.end_byte - 1]):
            comma = source.find(b",", start, end)
            if comma >= 0 and source.find(b"\n", comma, end) >= 0:
                return True
    return False


def test_commas_between_properties_are_noted_as_each_gap_shows():
    separators = ["\n", ",", ", ", ",\n", " ,\n", "\n,", " // c,\n", " /* , */\n", ",/* c */\n", "\n\n"]
    values = ["1", "'a,b'", "[1, 2]", "{ x: 1, y: 2 }", "{\n  x: 1,\n  y: 2\n}", "f(1, 2)", "ident"]
    rnd = random.Random(238)
    for _ in range(600):
        count = rnd.randint(1, 4)
        body = "".join(f"k{i}: {rnd.choice(values)}{rnd.choice(separators)}" for i in range(count))
        text = "var a = {" + rnd.choice(["\n", " "]) + body + "}\n"
        source = text.encode()
        root = syntax._get_parser().parse(source).root_node
        for clean in (True, False):
            if clean and root.has_error:
                continue
            reader = syntax._Reader(source, source, clean=clean)
            reader.statements(root.named_children)
            assert reader.comma_at_line_end == _comma_at_line_end_by_gaps(source, root), text


def test_names_as_property_values_read_the_same_both_ways():
    # a name value is read from the text as an identifier unless the grammar makes it another
    # node (``_NOT_IDENTIFIERS``): every name-like node type of the grammar is tried
    language = syntax._get_parser().language
    names = {language.node_kind_for_id(k) for k in range(language.node_kind_count)}
    names = sorted(n for n in names if n and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n))
    assert len(names) > 50
    for name in names + ["x", "_", "a1", "True", "nulls"]:
        for form in ("var a = {{\n  k: {}\n}}\n", "var a = {{ k: {}, j: {} }}\n", "var a = {{\n  k:\t{}\n}}\n"):
            text = form.format(name, name)
            assert _same(text), text


def test_names_as_types_read_the_same_both_ways():
    # a type that is a primitive type's name is read from its text (``_PRIMITIVE_TYPES``)
    language = syntax._get_parser().language
    names = {language.node_kind_for_id(k) for k in range(language.node_kind_count)}
    names = sorted(n for n in names if n and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n))
    forms = ("param p {}\n", "param p {} = x\n", "output o {} = x\n", "param p {}?\n", "type t = {}\n")
    for name in names + ["x", "String", "strings"]:
        for form in forms:
            text = form.format(name)
            assert _same(text), text


def _records(value):
    stack = [value]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
        elif hasattr(x, "__record_fields__"):
            yield x
            stack.extend(getattr(x, name) for name in x.__record_fields__)


def test_records_built_field_by_field_are_those_their_class_builds():
    # the reader makes its most frequent records with ``_new`` and sets each field itself
    seen = set()
    for form in _FORMS:
        for content in ("a", "é", "\\n"):
            parsed = syntax.parse(form.replace("{}", content).replace("{{", "{").replace("}}", "}"))
            for r in _records(parsed.statements):
                cls = r.__class__
                seen.add(cls)
                rebuilt = cls(*[getattr(r, name) for name in cls.__record_fields__])
                assert rebuilt == r and repr(rebuilt) == repr(r), r
    assert {syntax._Prop, syntax._Obj, syntax._Lit, syntax._Ident, syntax._Call, syntax._Member, syntax._Arr} <= seen
    assert {syntax._Decorator, syntax._TypeRef} <= seen


def test_a_file_is_marked_with_spreads_exactly_when_it_holds_one():
    # the compiler looks for ``...`` spreads only in a file whose reader made one
    texts = [form.replace("{}", "a").replace("{{", "{").replace("}}", "}") for form in _FORMS]
    texts += [
        "var a = {\n  ...b\n  c: 1\n}\n",
        "var a = [\n  ...b\n  1\n]\n",
        "var a = {\n  k: [\n    ...b\n  ]\n}\n",
        "var a = '...'\n// ...\nvar b = {\n  '...': 1\n}\n",
        "var a = {\n  ...b\n",
    ]
    for text in texts:
        parsed = syntax.parse(text)
        has = any(r.__class__ is syntax.N.Spread for r in _records(parsed.statements))
        assert parsed.spreads == has, text


def test_the_plain_patterns_match_as_their_optional_group_forms_do():
    # (the patterns write ``(?:a|b|)`` for ``(?:a|b)?`` and possessive runs: the same matches)
    optional = {
        syntax._PLAIN_PROPERTY: r"([A-Za-z_][A-Za-z0-9_]*)[ \t]*:[ \t]*"
        r"(?:'([^'\\$\n\r]*+)(?<=[!-#%&(-\[\]-~])'\Z|([0-9]++)\Z|([A-Za-z_][A-Za-z0-9_]*+)\Z)?",
        syntax._PLAIN_DECORATOR: r"@([A-Za-z_][A-Za-z0-9_]*)\((?:'([^'\\$\n\r]*+)(?<=[!-#%&(-\[\]-~])'|([0-9]++))?\)\Z",
    }
    pieces = ["a", "_", "1", " ", "\t", ":", "'", "\\", "$", "\n", "(", ")", "@", "x y", "é", "-"]
    rnd = random.Random(7)
    for pattern, written in optional.items():
        reference = re.compile(written)
        for _ in range(4000):
            middle = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
            text = rnd.choice(["", "k", "k: ", "@d(", "@d('"]) + middle + rnd.choice(["", "'", ")", "')"])
            start = rnd.choice([0, 0, rnd.randint(0, len(text))])
            end = rnd.choice([len(text), rnd.randint(start, len(text))])
            ours, theirs = pattern.match(text, start, end), reference.match(text, start, end)
            assert (ours and (ours.regs, ours.lastindex)) == (theirs and (theirs.regs, theirs.lastindex)), text
