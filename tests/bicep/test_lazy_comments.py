"""A compiled Bicep document's comments are made into ``Comment``s (with spans) only when
asked for; ``mentions`` reads their texts.  Both must give what making them at once gave:
the same Comments, and ``mentions`` true exactly when some comment of some file holds the word."""

import os

from arm_orchlint.front.bicep import compile as C
from arm_orchlint.front.bicep import syntax
from arm_orchlint.front.bicep.sourcemap import LazyComments, LineText
from arm_orchlint.front.document import Comments

MAIN = os.path.normpath("/virtual/main.bicep")
MOD = os.path.normpath("/virtual/mod.bicep")

_MAIN_TEXT = (
    "// arm-orchlint-disable-next-line ORCH001 -- reason\r\n"
    "var a = 1 /* b */\r\n"
    "/* é ünïcode\r\n   over lines */ var c = 'x // not a comment'\r\n"
    "module m 'mod.bicep' = {\r\n  name: 'm' // the name\r\n}\r\n"
    "var d = '/* nor this */' // trailing ° text\r\n"
)
_MOD_TEXT = "param p string // a module comment\n/* arm-orchlint */\noutput o string = p\n"
_WORDS = [
    "arm-orchlint",
    "arm-orchlint-disable-next-line",
    "ORCH001",
    "not a comment",
    "é ünï",
    "°",
    "module",
    "a module comment",
    "nowhere",
    "//",
    "/*",
    " ",
    "\r",
    "lines */ var",
]


def _eager(path: str, text: str) -> list:
    """The Comments as the compiler made them before they were lazy."""
    parsed = syntax.parse(text)
    lines = LineText(path, parsed.source)
    return [C._comment(parsed.source, lines, c) for c in parsed.comments]


def _compiled():
    from arm_orchlint.front.bicep.compile import compile_bicep

    files = {MOD: _MOD_TEXT}
    return compile_bicep(MAIN, _MAIN_TEXT, read_file=lambda p: files[os.path.normpath(p)])


def test_comments_made_on_demand_are_the_eager_ones():
    doc = _compiled()
    assert doc.comments.paths() == [MAIN, MOD]
    assert doc.comments.of(MAIN) == _eager(MAIN, _MAIN_TEXT)
    assert doc.comments.of(MOD) == _eager(MOD, _MOD_TEXT)
    assert doc.comments.of(MAIN) is doc.comments.of(MAIN)  # made once


def test_mentions_is_what_the_made_comments_say():
    eager = Comments({MAIN: _eager(MAIN, _MAIN_TEXT), MOD: _eager(MOD, _MOD_TEXT)})
    lazy = _compiled().comments
    for word in _WORDS:
        assert lazy.mentions(word) == eager.mentions(word), word
    lazy.of(MAIN)  # one path made, the other not: still the same answers
    for word in _WORDS:
        assert lazy.mentions(word) == eager.mentions(word), word


def test_mentions_of_a_file_without_comments():
    from arm_orchlint.front.bicep.compile import compile_bicep

    doc = compile_bicep(MAIN, "var a = '// x'\n", read_file=lambda p: "")
    assert not doc.comments.mentions("x") and not doc.comments.mentions("")
    assert doc.comments.of(MAIN) == []


def test_lazy_comments_texts_and_list():
    made = []
    lazy = LazyComments(syntax.parse("// a\n/* b */\n").comments, lambda: made.append(1) or ["made"])
    assert lazy.texts == ["// a", "/* b */"] and made == []
    assert lazy() == ["made"] and lazy() == ["made"] and made == [1]
