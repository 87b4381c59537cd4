"""The fast unified diff: applying it to the old text gives the new one, for random local
edits of texts full of repeated lines (and CRLF, and no final newline)."""

import re

from hypothesis import given
from hypothesis import strategies as st

from arm_orchlint.lint.textdiff import split_lines, unified_diff

LINES = st.sampled_from(["{\n", "}\n", "},\n", '  "a": 1,\n', '  "b": true\r\n', "]\n", "x\n", "\n"])


def apply(diff: str, before: str) -> str:
    """A minimal patch: hunks in order, context and removals checked."""
    old = split_lines(before)
    out, at = [], 0
    lines = diff.split("\n")[2:]
    k = 0
    while k < len(lines) and lines[k]:
        start = int(re.match(r"@@ -(\d+)", lines[k]).group(1))
        size = re.match(r"@@ -\d+(?:,(\d+))?", lines[k]).group(1)
        begin = start - 1 if size != "0" else start
        out += old[at:begin]
        at = begin
        k += 1
        while k < len(lines) and lines[k] and not lines[k].startswith("@@"):
            tag, body = lines[k][0], lines[k][1:] + "\n"
            if k + 1 < len(lines) and lines[k + 1].startswith("\\ No newline"):
                body = body[:-1]
                k += 1
            if tag in " -":
                assert old[at] == body, (old[at], body)
                at += 1
            if tag in " +":
                out.append(body)
            k += 1
    return "".join(out + old[at:])


@given(st.lists(LINES, max_size=80), st.data())
def test_the_diff_turns_the_old_text_into_the_new(lines, data):
    new = list(lines)
    for _ in range(data.draw(st.integers(0, 6))):
        at = data.draw(st.integers(0, len(new)))
        cut = data.draw(st.integers(0, 3))
        added = data.draw(st.lists(LINES, max_size=3))
        new[at : at + cut] = added
    before, after = "".join(lines), "".join(new)
    if data.draw(st.booleans()) and after.endswith("\n"):
        after = after[:-1]
    diff = unified_diff("a/f", "b/f", before, after)
    assert (diff == "") == (before == after)
    if diff:
        assert diff.startswith("--- a/f\n+++ b/f\n@@ ")
        assert apply(diff, before) == after


def test_same_hunks_as_difflib_on_a_small_change():
    import difflib

    before = "".join(f"line {i}\n" for i in range(20))
    after = before.replace("line 7\n", "line seven\n").replace("line 15\n", "")
    ours = unified_diff("a/f", "b/f", before, after)
    theirs = "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), "a/f", "b/f"))
    assert ours == theirs
