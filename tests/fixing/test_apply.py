"""The fix contract: ``apply_edits`` and the fixed-point driver."""

from hypothesis import given
from hypothesis import strategies as st

from arm_orchlint.core.findings import Finding, Fix, TextEdit
from arm_orchlint.lint.fixing import apply_edits, fix_until_stable, select_fixes, unified_diff


def test_apply_edits_replaces_inserts_and_deletes_in_any_order():
    text = "abcdef"
    edits = [TextEdit("f", 4, 6, "XY"), TextEdit("f", 0, 1, ""), TextEdit("f", 2, 2, "+")]
    assert apply_edits(text, edits) == "b+cdXY"


def test_overlapping_edit_is_left_out():
    assert apply_edits("abcdef", [TextEdit("f", 1, 4, "-"), TextEdit("f", 2, 5, "?")]) == "a-ef"


@given(st.text(max_size=30), st.data())
def test_non_overlapping_edits_compose_like_slices(text, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    pairs = list(zip(cuts[::2], cuts[1::2]))
    edits = [TextEdit("f", a, b, f"<{i}>") for i, (a, b) in enumerate(pairs) if a < b]
    expected, at = "", 0
    for e in sorted(edits, key=lambda e: e.start):
        expected += text[at : e.start] + e.text
        at = e.end
    assert apply_edits(text, edits) == expected + text[at:]


def _finding(path, edit, safe=True):
    return Finding("ORCH206", "error", "m", path, None, fix=Fix("t", safe, [edit]))


def test_conflicting_fixes_wait_a_round_and_unsafe_needs_opt_in():
    a = _finding("f", TextEdit("f", 0, 2, "x"))
    b = _finding("f", TextEdit("f", 1, 3, "y"))
    c = _finding("f", TextEdit("f", 5, 6, "z"), safe=False)
    assert [f for f, _ in select_fixes([a, b, c])] == [a]
    assert [f for f, _ in select_fixes([a, b, c], unsafe=True)] == [a, c]


def test_driver_runs_to_a_fixed_point():
    # A toy linter: every "1" is a finding whose fix turns it into "0", one per round.
    disk = {"t.txt": "1a1b1"}

    def lint(texts):
        text = texts.get("t.txt", disk["t.txt"])
        at = text.find("1")
        return [] if at < 0 else [_finding("t.txt", TextEdit("t.txt", at, at + 1, "0"))]

    outcome = fix_until_stable(lint, disk.get)
    assert outcome.changed == {"t.txt": "0a0b0"} and outcome.rounds == 3 and outcome.converged
    assert outcome.remaining == []
    again = fix_until_stable(lambda texts: lint({"t.txt": "0a0b0"}), {"t.txt": "0a0b0"}.get)
    assert again.changed == {} and again.rounds == 0


def test_driver_stops_when_fixes_undo_each_other():
    def lint(texts):
        text = texts.get("t", "a")
        return [_finding("t", TextEdit("t", 0, 1, "b" if text == "a" else "a"))]

    outcome = fix_until_stable(lint, {"t": "a"}.get)
    assert not outcome.converged and outcome.rounds <= 8


def test_unified_diff_keeps_crlf():
    diff = unified_diff("x.json", "a\r\nb\r\n", "a\r\nc\r\n")
    assert "-b\r\n" in diff and "+c\r\n" in diff and diff.startswith("--- a/x.json\n")
