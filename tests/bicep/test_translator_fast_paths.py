"""The translator's shortcuts must give what its general path gives: ``as_value``'s test of
the first character, and ``Translator.value``'s shortcut for expressions that are neither
objects, arrays nor calls."""

import random
import re

from arm_orchlint.front.bicep import nodes as N
from arm_orchlint.front.bicep import syntax
from arm_orchlint.front.bicep.expressions import _NOT_CONTAINERS, Translator, as_value, escape_literal
from arm_orchlint.front.bicep.symbols import collect


def _as_value_in_full(text: str):
    """``as_value`` as written before its first-character test (the regexes it stood for)."""
    m = re.match(r"^'((?:[^']|'')*)'$", text, re.S)
    if m is not None:
        return escape_literal(m.group(1).replace("''", "'"))
    if re.match(r"^-?[0-9]+$", text):
        return int(text)
    if text in ("true()", "false()"):
        return text == "true()"
    if text == "null()":
        return None
    return "[" + text + "]"


_TEXTS = [
    "",
    "'",
    "''",
    "'a'",
    "'a'\n",
    "'it''s'",
    "'a'b'",
    "-1",
    "-",
    "12",
    "1a",
    "0\n",
    "true()",
    "false()",
    "null()",
    "true",
    "null",
    "nul()",
    "format('{0}', 1)",
    "parameters('p')",
    "[x]",
    "t",
    "f",
    "n",
    "'[x]'",
]


def test_as_value_reads_what_the_patterns_read():
    for text in _TEXTS:
        assert as_value(text) == _as_value_in_full(text), text
    pieces = ["'", "''", "a", "-", "1", "t", "f", "n", "rue()", "alse()", "ull()", "(", ")", "\n", "[", " "]
    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 5)))
        assert as_value(text) == _as_value_in_full(text), text


def test_the_shortcut_classes_are_no_containers():
    for cls in _NOT_CONTAINERS:
        assert not issubclass(cls, (N.Obj, N.Arr, N.Call, N.Lit)), cls


_SOURCE = """
param p string
param xs array
var v = {
  a: 1
}
resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'st${p}'
  location: 'x'
}
var ident = p
var member = v.a
var safe = v.?a
var index = xs[0]
var interp = '${p}-${v.a}'
var binary = p == 'x'
var ternary = p == 'x' ? 1 : 2
var unary = !(p == 'x')
var negative = -xs[0]
var child = st.properties
var lambda = map(xs, x => x.name)
var loop = [for x in xs: x]
var resourceName = st.name
var literalText = true ? 'a' : 'b'
"""


def test_value_of_each_shortcut_class_is_its_arm_text_as_value():
    parsed = syntax.parse(_SOURCE)
    tr = Translator("/virtual/main.bicep", collect(parsed.statements), lambda path: "")
    seen = set()
    stack = [s.value for s in parsed.statements if isinstance(s, N.VarDecl)]
    while stack:
        e = stack.pop()
        for name in getattr(e, "__record_fields__", ()):
            part = getattr(e, name)
            stack.extend(x for x in (part if isinstance(part, list) else [part]) if isinstance(x, N.Expr))
        if e.__class__ in _NOT_CONTAINERS:
            seen.add(e.__class__)
            for env in ({}, {"x": "lambdaVariables('x')"}):
                assert tr.value(e, env) == as_value(tr.arm(e, env)), e
    assert {N.Ident, N.Member, N.Interp, N.Index, N.Binary, N.Ternary, N.Unary, N.Lambda, N.Loop} <= seen


def test_names_kept_per_translator_give_way_to_loop_and_lambda_variables():
    # what a name stands for outside ``env`` is kept per name; a variable in ``env`` still wins
    parsed = syntax.parse(_SOURCE)
    tr = Translator("/virtual/main.bicep", collect(parsed.statements), lambda path: "")
    inner = {"p": "lambdaVariables('p')", "st": "lambdaVariables('st')"}
    for _ in range(2):
        assert tr.value(N.Ident(None, "p"), {}) == "[parameters('p')]"
        assert tr.arm(N.Ident(None, "v"), {}) == "variables('v')"
        assert tr.value(N.Ident(None, "st"), {}) == "[reference('st', '2023-01-01', 'full')]"
        assert tr.value(N.Ident(None, "nothing"), {}) == "[unresolved_nothing_unavailable()]"
        assert tr.value(N.Ident(None, "p"), inner) == "[lambdaVariables('p')]"
        assert tr.arm(N.Ident(None, "st"), inner) == "lambdaVariables('st')"
