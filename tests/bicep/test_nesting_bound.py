"""The nesting test before a Bicep parse: ``_depth_bound`` never says less than the token
scan (``too_deep_position``) counts, so a file it lets through is one the scan lets through."""

import random

import pytest

from arm_orchlint.front.bicep import syntax
from arm_orchlint.front.json.load import MAX_NESTING_DEPTH


def _deepest(text: str) -> int:
    """The deepest nesting the token scan counts (strings and comments skipped)."""
    depth = deepest = 0
    for m in syntax.BICEP_TOKENS.finditer(text):
        ch = m.group()
        if ch in ("(", "[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif ch in (")", "]", "}"):
            depth -= 1
    return deepest


@pytest.mark.parametrize("seed", range(3))
def test_the_bound_is_never_below_the_scan(seed, monkeypatch):
    monkeypatch.setattr(syntax, "_WINDOW", 7)  # (many windows in short texts)
    rnd = random.Random(seed)
    pieces = ["(", "[", "{", ")", "]", "}", "'", "'''", "\\", "\\'", "\n", "//", "/*", "*/", "a", " ", "${"]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 60)))
        assert syntax._depth_bound(text) >= _deepest(text), text


def test_deep_brackets_are_still_refused_and_strings_of_brackets_are_not():
    deep = "var x = " + "[" * (MAX_NESTING_DEPTH + 1) + "]" * (MAX_NESTING_DEPTH + 1) + "\n"
    with pytest.raises(syntax.TooDeep):
        syntax._check_nesting(deep)
    quoted = "var x = '" + "[" * (MAX_NESTING_DEPTH + 1) + "'\n// " + "{" * MAX_NESTING_DEPTH + "\n"
    syntax._check_nesting(quoted)  # (no error)
    assert syntax._depth_bound(quoted) == 0
