"""The plain reader of expressions (expressions._parse_plain) gives the full parser's tree,
offsets included, or leaves the text to it: never another tree, never an error of its own.
``parses_plainly`` says whether it reads a text, without the tree."""

import random
import re

import pytest

from arm_orchlint.evaluation import expressions
from arm_orchlint.evaluation.expressions import ExpressionError, _parse_plain, parse_expression, parses_plainly


def _full(text: str, max_depth: int):
    """What the full parser (``_Parser``) makes of ``text``: a tree, or the error's class and offset."""
    try:
        return expressions._parse_full(text, max_depth)
    except ExpressionError as exc:
        return ("error", type(exc).__name__, exc.offset)


def _agrees(text: str, max_depth: int = 200) -> bool:
    """The plain reader's tree is the full parser's; returns whether it read the text itself."""
    plain = _parse_plain(text, max_depth)
    full = _full(text, max_depth)
    assert parses_plainly(text, max_depth) is (plain is not None), text  # (its tree-less twin)
    again = _parse_plain(text, max_depth)  # with the tokens parses_plainly left, when it read the text
    assert again == plain and repr(again) == repr(plain), text
    if plain is None:
        return False
    assert not (isinstance(full, tuple) and full[0] == "error"), (text, full)
    assert plain == full and repr(plain) == repr(full), text
    return True


@pytest.mark.parametrize(
    "text",
    [
        "[parameters('a')]",
        "[variables('it''s')]",
        "[ parameters ( 'a' ) ]",
        "[\tconcat(\n'a' ,\x0b'b'\x1c) ]",
        "[resourceGroup().location]",
        "[resourceGroup ( ) . location]",
        "[parameters('p').items[0].name]",
        "[variables('map')[parameters('key')]]",
        "[concat('[x]', ']', '''', '')]",
        "[add(-1, 23)]",
        "[createArray(1, 2)[ 1 ]]",
        "[format('{0}', parameters('x'))[copyIndex()]]",
        "[$fn_1('a').b.c]",
        "[f('a')['b']['c']]",
        "[if(equals(parameters('a'), 'b'), createObject('k', 1), null())]",
        "[parameters('a') ]",
    ],
)
def test_common_shapes_are_read_plainly(text):
    assert _agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "[myNs.makeName('a')]",  # a dotted name: a function of the template
        "[a . b . c(1)]",
        "[parameters('a').b('c')]",  # a call after a member
        "[add(\u0663, 1)]",  # not ASCII
        "[concat('\u00e9')]",
        "[concat('a']",
        "['unterminated]",
        "[concat('a'', 'b')]",
        "[a(1,)]",
        "[a()b]",
        "[bare]",
        "[a(#)]",
        "[]",
        "[  ]",
        "[a(-)]",
        "[a(- 1)]",
        "[a('x') 'y']",
        "[a('x').]",
        "[a('x')[]]",
        "[a('x')[1]",
        "[a(b(1)]",
        "[(1)]",
        "[1 2]",
        "[a(1)(2)]",
    ],
)
def test_other_texts_are_left_to_the_full_parser(text):
    assert not _agrees(text)
    try:
        expected = _full(text, 200)
    except RecursionError:  # pragma: no cover
        return
    if isinstance(expected, tuple) and expected[0] == "error":
        with pytest.raises(ExpressionError):
            parse_expression(text)
    else:
        assert parse_expression(text) == expected


def test_nesting_limits_are_the_full_parsers():
    for depth in range(1, 8):
        for text in (
            "[a(b(c('x')))]",
            "[a(b(c()))]",
            "[a('x')[b('y')[1]]]",
            "[not(not(true()))]",
            "[a(1)]",
            "[a('x')]",
            "[a()]",
            "[a('x').b[0]]",
        ):
            _agrees(text, depth)


_PIECES = [
    "parameters('a')",
    "variables('b')",
    "f()",
    "g ( )",
    "'s'",
    "'it''s'",
    "''",
    "12",
    "-3",
    "x",
    "ns.f",
    "(",
    ")",
    ",",
    ".",
    "[",
    "]",
    " ",
    "\t",
    "'",
    "-",
    "h(",
    ".name",
    "[0]",
    "#",
    "\u00e9",
]


def _random_expression(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 4 or roll < 0.3:
        return rng.choice(["'a'", "'b''c'", "1", "-20", "f()", "parameters('p')", "true()"])
    if roll < 0.8:
        args = ", ".join(_random_expression(rng, depth + 1) for _ in range(rng.randrange(0, 4)))
        name = rng.choice(["concat", "if", "ns.fn", "$x", "_y1"])
        text = f"{name}({args})"
    else:
        text = f"{_random_expression(rng, depth + 1)}[{_random_expression(rng, depth + 1)}]"
    for _ in range(rng.randrange(0, 3)):
        text += rng.choice([".name", "[0]", "['k']", " .x", "[ 1 ]"])
    return text


def test_random_texts_agree_with_the_full_parser():
    rng = random.Random(6)
    plainly = 0
    for _ in range(3000):
        text = _random_expression(rng)
        if rng.random() < 0.5:  # damage it: a piece inserted, or a character dropped
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.5:
                text = text[:at] + rng.choice(_PIECES) + text[at:]
            else:
                text = text[:at] + text[at + 1 :]
        text = "[" + text + "]"
        plainly += _agrees(text, rng.choice([200, 200, 3, 2]))
    assert plainly > 500  # the plain reader is not simply declining everything


def test_the_token_pattern_finds_the_plain_patterns_tokens():
    # expressions._TOKENS is written for speed; this is what it stands for on ASCII text
    string = r"'[^']*(?:''[^']*)*'"
    plain = re.compile(rf"[(),.\[\]]|[A-Za-z_$][\w$]*(?:\s*\((?:\s*(?:{string}\s*)?\))?)?|{string}|-?[0-9]+|\S")
    rng = random.Random(8)
    pieces = [p for p in _PIECES if p.isascii()] + ["'a'''", "'''", "f('a'' b') ", "g(\x1c'x'\x1c)", "\x1f"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        assert expressions._TOKENS.findall(text) == plain.findall(text), text


def test_call_tokens_read_again_give_the_same_tree():
    for text in ("[f(parameters('a'), parameters('a'))]", "[g(h(), h ( ), h('x''y'), h('x''y'))]"):
        assert _agrees(text) and _agrees(text)
