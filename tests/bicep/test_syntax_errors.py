"""Bicep syntax errors are reported where, and as, the Bicep compiler reports them (ORCH908,
an error), each one; what parses is still checked; valid Bicep gets no syntax finding."""

import random

import pytest

from arm_orchlint.front.bicep.diagnose import find_errors


def _errors(text):
    """(1-based line, 1-based column, message) of each syntax error of ``text``."""
    source = text.encode()
    out = []
    for start, _, message in find_errors(source):
        line = source.count(b"\n", 0, start) + 1
        col = start - (source.rfind(b"\n", 0, start) + 1) + 1
        out.append((line, col, message))
    return out


@pytest.mark.parametrize(
    "text,expected",
    [
        # a property without its ':' (BCP018), at the value
        ("var o = {\n  a 'x'\n}\n", [(2, 5, "expected ':'")]),
        # an object that is never closed (BCP018), at the end of the file
        ("var o = {\n  a: 1\n", [(3, 1, "expected '}'")]),
        # a value missing after '=' (BCP009), where the value should start
        (
            "param p int =\n",
            [
                (
                    1,
                    14,
                    "expected a value: a literal, an array, an object, a parenthesized expression or a function call",
                )
            ],
        ),
        # a binary operator at the end of the line (BCP009)
        (
            "var x = 1 +\nvar y = 2\n",
            [
                (
                    1,
                    12,
                    "expected a value: a literal, an array, an object, a parenthesized expression or a function call",
                )
            ],
        ),
        # an unknown declaration keyword (BCP007)
        (
            "wrong\n",
            [
                (
                    1,
                    1,
                    "unknown declaration 'wrong': expected param, var, resource, module, output, type, func, import, extension, metadata or targetScope",
                )
            ],
        ),
        # a missing name (BCP013 / BCP015 / BCP017)
        ("param\nvar = 1\n", [(1, 6, "expected a parameter name"), (2, 5, "expected a variable name")]),
        ("resource 'A.B/c@2020-01-01' = {}\n", [(1, 10, "expected a resource name")]),
        # a type missing (BCP279) and ':' instead of '=' (BCP008)
        ("param a\nparam b string: 'x'\n", [(1, 8, "expected a type"), (2, 15, "expected '=' or a new line")]),
        # strings: not terminated (BCP004), unknown escape (BCP006), double quotes (BCP103)
        ("var s = 'abc\n", [(1, 9, "the string is not terminated before the end of the line")]),
        ("var s = 'a\\qb'\n", [(1, 11, "unknown escape sequence '\\q'")]),
        (
            'var s = "abc"\n',
            [
                (1, 9, "unexpected '\"': strings are written in single quotes in Bicep"),
                (1, 13, "unexpected '\"': strings are written in single quotes in Bicep"),
            ],
        ),
        ("var s = '''\nabc\n", [(1, 9, "the multi-line string is not terminated with '''")]),
        # two items without a comma on one line (BCP236); a trailing comma in a call (BCP009)
        ("var a = ['x' 'y']\n", [(1, 14, "expected a new line or ','")]),
        ("var c = concat('a',)\n", [(1, 20, "expected a value after ','")]),
        # a decorator with nothing to decorate (BCP132)
        ("@description('d')\n", [(1, 1, "expected a declaration after the decorator")]),
        # extra tokens after a declaration (BCP019)
        ("var x = 1 2\n", [(1, 11, "expected a new line")]),
        # an empty index (BCP117) and a member name missing after '.' (BCP020)
        (
            "var a = b[]\nvar c = d.\n",
            [
                (1, 11, "an empty index is not allowed: expected an expression"),
                (2, 11, "expected a property or function name"),
            ],
        ),
        # a resource body that is not an object, loop or condition (BCP118)
        ("resource r 'A.B/c@2020-01-01' = 'x'\n", [(1, 33, "expected '{', '[' or the 'if' keyword")]),
    ],
)
def test_errors_where_the_compiler_reports_them(text, expected):
    assert _errors(text) == expected


def test_each_error_is_reported_and_the_next_lines_are_still_read():
    text = "var a = {\n  x 1\n  y: 2\n  z 3\n}\nvar b = 'ok'\nvar c = )\n"
    assert [(line, message) for line, _, message in _errors(text)] == [
        (2, "expected ':'"),
        (4, "expected ':'"),
        (7, "expected a value: a literal, an array, an object, a parenthesized expression or a function call"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "var x = concat(\n  'a',\n  'b'\n)\n",
        "var x = reduce(['a'], '', (\n  cur,\n  next\n) => concat(cur, next))\n",
        "var x = toObject(items, x =>\n  x.name)\n",
        "var x = cond\n  ? 'a'\n  : 'b'\n",
        "var x = [\n  for i in range(0, 2): i\n]\n",
        "resource r 'A.B/c@2020-01-01' =\n  if (true) {\n  name: 'r'\n}\n",
        "resource r 'A.B/c@2020-01-01' = [for (x, i) in items: if (i > 0) {\n  name: x\n}]\n",
        "type t = {\n  @minLength(1)\n  a: string\n  b: int?\n  *: bool\n}\n",
        "type u = ('a' | 'b')[]\ntype v = 'x'\n  | 'y'\ntype w = [\n  @description('first')\n  string\n  int\n]\n",
        "func f(a string, b int) string => '${a}-${b}'\n",
        "var s = '${a}-${b.c[0]}-${'nested${d}'}'\n",
        "var o = { a: 1, b: 2 }\nvar arr = ['a', 'b',]\n",
        "import {a, b as c} from 'mod.bicep'\nimport * as m from 'mod.bicep'\nextension az\n",
        "#disable-next-line no-unused-vars\nvar x = 1 // comment\n/* block\ncomment */\n",
        "var x = a.?b[?0]!.c ?? d[^1]\nvar y = !x && -1 < 2 || a =~ b\n",
        "@sys.description('d')\nparam p resource 'A.B/c@2020-01-01'\noutput o resource 'A.B/c@2020-01-01' = r\n",
        "resource p 'A.B/c@2020-01-01' existing = {\n  name: 'p'\n  resource child 'd' = {\n    name: 'c'\n  }\n}\nvar id = p::child.id\n",
        "var ml = '''\nit's ${not} an interpolation\n'''\nvar ml2 = $'''\n${x}\n'''\n",
    ],
)
def test_valid_bicep_has_no_syntax_error(text):
    assert _errors(text) == []


def test_garbage_never_crashes_the_checking_parser():
    rng = random.Random(7)
    alphabet = "{}[]()'$:=.,?!@#\\/*\n abc123_-+|<>^~%&\"\t\r"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert isinstance(find_errors(text.encode()), list)
    assert isinstance(find_errors(b"(" * 5000), list)  # deep nesting: no RecursionError escapes


def test_syntax_errors_are_errors_and_the_rest_is_checked(tmp_path):
    from arm_orchlint.lint.engine import Linter, Options
    from arm_orchlint.rules.registry import Registry

    path = tmp_path / "main.bicep"
    path.write_text(
        "resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {\n"
        "  name: 'web'\n"
        "  location 'westeurope'\n"
        "  properties: {\n"
        "    orchestrationMode: 'Flexible'\n"
        "    platformFaultDomainCount: 1 +\n"
        "    singlePlacementGroup: true\n"
        "  }\n"
        "}\n"
    )
    result = Linter(Registry.default(), Options()).lint_file(str(path))
    got = [(f.rule_id, f.severity, f.line, f.col) for f in result.findings if f.severity != "note"]
    assert ("ORCH908", "error", 3, 12) in got
    assert ("ORCH908", "error", 6, 34) in got
    assert any(rule == "ORCH206" and line == 7 for rule, _, line, _ in got)  # still checked


def test_what_only_tree_sitter_cannot_read_is_a_warning_of_its_own(monkeypatch, compile_text):
    from arm_orchlint.front.bicep import diagnose, syntax

    # stand in for valid Bicep that tree-sitter-bicep does not know: the checking parser
    # accepts it, tree-sitter does not
    monkeypatch.setattr(diagnose, "find_errors", lambda source: [])
    syntax.forget_parses()
    doc = compile_text("var ok = 1\nvar odd = {\n  a 1\n}\n")
    syntax.forget_parses()
    assert [(d.rule_id, d.severity) for d in doc.diagnostics] == [("ORCH919", None)]  # its default: warning
    assert "cannot read" in doc.diagnostics[0].message
    assert doc.data["variables"]["ok"] == 1


def test_columns_count_characters_on_a_line_with_an_error(compile_text):
    # the error line is blanked for the second read; the span is still in the original's characters
    doc = compile_text("var a = {\n  'é': 'ü' 'x'\n}\n")
    assert [(d.rule_id, d.span.line, d.span.col) for d in doc.diagnostics] == [("ORCH908", 2, 12)]


def test_a_comma_at_the_end_of_a_line_is_an_error_though_tree_sitter_accepts_it(compile_text):
    # JSON habits: the compiler rejects `a: 1,` <new line> in an object or array (BCP238)
    doc = compile_text(
        "var o = {\n  a: 1,\n  b: 2\n}\nvar l = [\n  'x',\n  'y'\n]\nvar f = concat(\n  'a',\n  'b'\n)\n"
    )
    found = [(d.rule_id, d.span.line, d.message) for d in doc.diagnostics]
    assert found == [
        ("ORCH908", 2, "Bicep syntax error: unexpected new line after ','"),
        ("ORCH908", 6, "Bicep syntax error: unexpected new line after ','"),
    ]
    assert doc.data["variables"]["o"] == {"a": 1, "b": 2}  # still read


def test_a_comma_in_a_comment_between_properties_is_not_an_error(compile_text):
    doc = compile_text("var o = {\n  a: 1 // one, two\n  b: [1, 2]\n}\n")
    assert doc.diagnostics == []
