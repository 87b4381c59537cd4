"""Applying fixes: text edits on decoded file text, and the fixed-point driver.

One round lints the files (with the texts fixed so far), takes every applicable fix
whose edits do not overlap an edit already taken, and applies them.  A fix can make
another finding appear or go (removing ``overprovision`` changes nothing else, but a
new ``orchestrationMode`` may), so rounds repeat until no fix applies, a text repeats
or the round limit is hit.  Running it again on its own output changes nothing.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

import bisect

from arm_orchlint.core.findings import Finding, Fix, TextEdit
from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

MAX_ROUNDS = 8


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """``text`` with ``edits`` applied (offsets are into ``text``).  Edits are taken in
    order of position; one that overlaps an edit already taken is left out (two
    insertions at the same offset are both kept, in the order given)."""
    ordered = sorted(enumerate(edits), key=lambda item: (item[1].start, item[1].end, item[0]))
    out: list[str] = []
    at = 0
    for _, edit in ordered:
        if edit.start < at or edit.end < edit.start or edit.end > len(text):
            continue
        out.append(text[at : edit.start])
        out.append(edit.text)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


def _conflict(edit: TextEdit, other: TextEdit) -> bool:
    if edit.start < other.end and other.start < edit.end:
        return True
    if edit.start == edit.end == other.start == other.end:  # two insertions at one point
        return True
    # an insertion at either end of a replaced range is ambiguous: leave it to the next round
    return (edit.start == edit.end and other.start <= edit.start <= other.end and other.start != other.end) or (
        other.start == other.end and edit.start <= other.start <= edit.end and edit.start != edit.end
    )


class _Taken:
    """The edits taken so far, sorted by position per file: a conflict test looks only at
    the neighbours (thousands of fixes in one file stay linear-logarithmic)."""

    def __init__(self):
        self._by_path: dict[str, tuple[list[int], list[TextEdit]]] = {}

    def conflicts(self, edit: TextEdit) -> bool:
        found = self._by_path.get(edit.path)
        if found is None:
            return False
        starts, edits = found
        i = bisect.bisect_left(starts, edit.start)
        # taken edits do not overlap each other, so one before the position can still reach it
        for j in range(max(0, i - 1), len(edits)):
            other = edits[j]
            if other.start > edit.end:
                break
            if _conflict(edit, other):
                return True
        return False

    def add(self, edit: TextEdit) -> None:
        starts, edits = self._by_path.setdefault(edit.path, ([], []))
        i = bisect.bisect_right(starts, edit.start)
        starts.insert(i, edit.start)
        edits.insert(i, edit)


def applicable(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    return fix is not None and bool(fix.edits) and finding.suppression is None and (fix.safe or unsafe)


def select_fixes(findings: Iterable[Finding], unsafe: bool = False) -> list[tuple[Finding, Fix]]:
    """The fixes to apply in one round: applicable, and none overlapping another.  The
    first of two conflicting fixes (in report order) wins; the other waits a round."""
    taken = _Taken()
    chosen: list[tuple[Finding, Fix]] = []
    seen: set[tuple] = set()
    for finding in findings:
        if not applicable(finding, unsafe):
            continue
        key = tuple(sorted((e.path, e.start, e.end, e.text) for e in finding.fix.edits))
        if key in seen:  # the same repair reported by two findings
            continue
        if any(taken.conflicts(edit) for edit in finding.fix.edits):
            continue
        seen.add(key)
        for edit in finding.fix.edits:
            taken.add(edit)
        chosen.append((finding, finding.fix))
    return chosen


@dataclass
class FixOutcome:
    original: dict[str, str] = field(default_factory=dict)  # path -> text before the first fix
    texts: dict[str, str] = field(default_factory=dict)  # path -> text after the last round
    applied: list[tuple[Finding, Fix]] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)  # findings of the last lint
    rounds: int = 0
    converged: bool = True  # False: stopped by the round limit or a repeating text

    @property
    def changed(self) -> dict[str, str]:
        """path -> new text, for the files whose text differs from the original."""
        return {p: t for p, t in self.texts.items() if t != self.original.get(p)}


def fix_until_stable(
    lint: Callable[[dict[str, str]], list[Finding]],
    read_text: Callable[[str], str | None],
    unsafe: bool = False,
    max_rounds: int = MAX_ROUNDS,
    only: Callable[[Finding], bool] | None = None,
) -> FixOutcome:
    """Lint, fix, lint again, until nothing applicable is left.  ``only(finding)``: the
    findings whose fixes may be applied (``migrate`` fixes its blockers only).

    ``lint(texts)`` lints with ``texts`` (path -> current text of the files changed so
    far) in place of what is on disk and returns the findings; ``read_text(path)`` gives
    a file's decoded text, or None when it cannot be edited (then its fixes are skipped)."""
    outcome = FixOutcome()
    history: set[tuple] = set()
    findings = lint({})
    while True:
        chosen = [
            (f, fix)
            for f, fix in select_fixes(findings if only is None else [f for f in findings if only(f)], unsafe)
            if all(_editable(e.path, outcome, read_text) for e in fix.edits)
        ]
        if not chosen or outcome.rounds >= max_rounds:
            outcome.converged = not chosen
            break
        by_path: dict[str, list[TextEdit]] = {}
        for _, fix in chosen:
            for edit in fix.edits:
                by_path.setdefault(edit.path, []).append(edit)
        for path, edits in by_path.items():
            outcome.texts[path] = apply_edits(outcome.texts[path], edits)
        outcome.applied.extend(chosen)
        outcome.rounds += 1
        state = tuple(sorted(outcome.texts.items()))
        if state in history:  # fixes undoing each other: stop rather than loop
            outcome.converged = False
            findings = lint(dict(outcome.texts))
            break
        history.add(state)
        findings = lint(dict(outcome.texts))
    outcome.remaining = findings
    return outcome


def _editable(path: str, outcome: FixOutcome, read_text) -> bool:
    if path in outcome.texts:
        return True
    text = read_text(path)
    if text is None:
        return False
    outcome.original[path] = text
    outcome.texts[path] = text
    return True


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of one file (``--- a/path`` / ``+++ b/path``), line endings kept."""
    from arm_orchlint.lint.textdiff import unified_diff as diff

    name = path.replace("\\", "/").lstrip("/")
    return diff("a/" + name, "b/" + name, before, after)
