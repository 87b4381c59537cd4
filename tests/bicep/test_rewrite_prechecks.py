"""``rewrites._has`` stands for ``needle in source`` before a rewrite's patterns run: it must
answer the same for every text, or a rewrite would be skipped (or run) where it was not."""

import random
import re

from arm_orchlint.front.bicep import rewrites


def test_has_is_in():
    pieces = [b"'", b"/", b".", b"[", b"?", b"$", b"a", b"\n", b"..", b"''", b"\xc3\xa9", b"\\"]
    rnd = random.Random(5)
    texts = [b"", b"'/", b"...", b"[?", b"$'''", b"$''", b"..", b"'", b"a'/b", b"x...y", b"[ ?"]
    texts += [b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(3000)]
    for needle in rewrites._LITERALS:
        for text in texts:
            assert rewrites._has(needle, text) == (needle in text), (needle, text)


def test_rewrites_behind_the_prechecks_still_apply():
    source = b"var a = '//x'\nvar b = {\n  ...c\n}\nvar d = e[?0]\nvar f = $'''\n${g}'''\n"
    fixed = rewrites.rewrite(source)
    assert len(fixed) == len(source)
    assert b"'__x'" in fixed and b"_s:c" in fixed and b"e[ 0]" in fixed and b" '''" in fixed


def test_bracket_tokens_are_those_of_the_plain_pattern():
    # ``_TOKENS`` reads a string's text in possessive runs: the same tokens as the plain loop
    plain = re.compile(rb"'''.*?'''|'(?:[^'\\\n]|\\.)*'|//[^\n]*|/\*.*?\*/|[{}\[\]()]", re.S)
    pieces = [b"{", b"}", b"[", b"]", b"(", b")", b"'", b"'''", b"//", b"/*", b"*/", b"\n", b"\\", b"a", b" "]
    pieces += [b"...", b"\\'", b"\\\\", b"\xc3\xa9"]
    rnd = random.Random(233)
    for _ in range(5000):
        text = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30)))
        end = rnd.randrange(len(text) + 1)
        spans = [m.span() for m in rewrites._TOKENS.finditer(text, 0, end)]
        assert spans == [m.span() for m in plain.finditer(text, 0, end)], text


def test_typed_var_matches_are_those_of_the_plain_pattern():
    # ``_TYPED_VAR`` uses possessive runs and no ``\b``: the same matches as the plain pattern
    plain = re.compile(rb"var[ \t]+[A-Za-z_]\w*\b(?=[ \t]*[^\s=])")
    pieces = [b"var", b" ", b"\t", b"x", b"_", b"1", b"=", b"\n", b"string", b"{", b"'", b"\xc3\xa9", b"vars", b"-"]
    rnd = random.Random(234)
    for _ in range(5000):
        text = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        assert [m.span() for m in rewrites._TYPED_VAR.finditer(text)] == [m.span() for m in plain.finditer(text)], text
