"""``strip_comments``'s faster spellings must blank exactly what the plain ones did."""

import random
import re

from arm_orchlint.front.json import load


def test_trailing_comma_runs_are_the_plain_pattern():
    # the plain pattern: each string alone (kept), or a comma before a closing bracket
    plain = re.compile(r'("(?:[^"\\]++|\\.)*+")|,(?=[ \t\r\n]*+[}\]])')
    pieces = ['"', ",", "}", "]", "{", "[", " ", "\n", "\t", "\\", "a", ":", "\\\\", '\\"', "é", "\r"]
    rnd = random.Random(18)
    texts = ['{"a": [1, 2,], "b": "x,}",}', '"unterminated, ]', '{"a\\\n,": 1,}']
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30))) for _ in range(20000)]
    for text in texts:
        expected = plain.sub(lambda m: m.group(1) if m.group(1) is not None else " ", text)
        got = load._TRAILING_COMMA.sub(lambda m: m.group(1) if m.group(1) is not None else " ", text)
        assert got == expected, text


def test_has_extra_space_is_the_search():
    chars = ["a", " ", "\x0b", "\x0c", "\x85", "\xa0", "\u2028", "\u3000", "\ufeff", "é", "\u1680", "\u200b"]
    rnd = random.Random(19)
    texts = [""] + ["".join(rnd.choice(chars) for _ in range(rnd.randint(0, 6))) for _ in range(5000)]
    for text in texts:
        assert load._has_extra_space(text) == (load._HAS_EXTRA_SPACE.search(text) is not None), repr(text)


def _plain_strip(text: str) -> str:
    # strip_comments as first written: every pass over the whole text, each string alone
    text = load._CHUNK.sub(lambda m: m.group(1) if m.group(1) is not None else re.sub("[^\n]", " ", m.group(2)), text)
    if load._HAS_EXTRA_SPACE.search(text):
        text = load._EXTRA_SPACE_OUTSIDE_STRINGS.sub(
            lambda m: m.group(1) if m.group(1) is not None else " " * len(m.group()), text
        )
    trailing = re.compile(r'("(?:[^"\\]++|\\.)*+")|,(?=[ \t\r\n]*+[}\]])')
    return trailing.sub(lambda m: m.group(1) if m.group(1) is not None else " ", text)


def test_strip_comments_is_the_plain_one():
    pieces = ['"', ",", "}", "]", "{", " ", "\n", "\\", "a", "//", "/*", "*/", "/", "\xa0", "\x0c", "é", '\\"']
    rnd = random.Random(20)
    texts = ['{"a": 1, // c\n}', '{"a": [1, /* x */ ],}', '{"a":\xa01,\x0b}']
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25))) for _ in range(20000)]
    for text in texts:
        assert load.strip_comments(text) == _plain_strip(text), repr(text)
