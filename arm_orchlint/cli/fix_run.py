"""``--fix`` and ``--diff``: run the fixes to a fixed point over the inputs, then write the
files (``--fix``) or print what would change (``--diff``).

The rounds lint the fixed texts in memory (``core.overlay``), so ``--diff`` never writes
and ``--fix`` writes each file once, in its own encoding (BOM, UTF-16) and line endings.
"""

from __future__ import annotations

import sys

from arm_orchlint.core.overlay import overlaid
from arm_orchlint.front.json.load import ReadError, decode_bytes
from arm_orchlint.front.reading import encode_like, read_bytes
from arm_orchlint.lint.fixing import FixOutcome, fix_until_stable, unified_diff
from arm_orchlint.lint.jobs import lint_all


class Workspace:
    """The files that fixes touch: their bytes as read, and the current texts."""

    def __init__(self):
        self.raw: dict[str, bytes] = {}

    def read_text(self, path: str) -> str | None:
        try:
            raw = read_bytes(path)
            text = decode_bytes(raw)
        except (OSError, ReadError):
            return None
        self.raw[path] = raw
        return text

    def as_bytes(self, texts: dict[str, str]) -> dict[str, bytes]:
        return {path: encode_like(text, self.raw.get(path, b"")) for path, text in texts.items()}


def fix_paths(
    linter,
    paths: list[str],
    params_for=None,
    unsafe: bool = False,
    start: dict | None = None,
    only=None,
    workspace=None,
):
    """Run the fixes over ``paths`` to a fixed point.  ``start`` (path -> text): texts to
    begin with instead of the files' (``migrate`` starts from the changed modes); ``only``:
    which findings' fixes to apply (default: all).  Returns ``(outcome, workspace)``."""
    workspace = workspace or Workspace()
    start = dict(start or {})

    def lint(texts: dict[str, str]) -> list:
        current = {**start, **texts}
        with overlaid(workspace.as_bytes(current)):
            results = lint_all(linter, list(paths), 1, (), params_for)
        return [f for r in results for f in r.findings]

    outcome = fix_until_stable(
        lint, lambda p: start.get(p) if p in start else workspace.read_text(p), unsafe, only=only
    )
    for path, text in start.items():  # the starting texts count as changes of their own
        if path not in outcome.texts:
            outcome.texts[path] = text
        if path in workspace.raw or workspace.read_text(path) is not None:
            outcome.original[path] = decode_bytes(workspace.raw[path])
    return outcome, workspace


def write_fixed(outcome: FixOutcome, workspace: Workspace) -> list[str]:
    written = []
    from arm_orchlint.cli.output import OutputError, write_bytes

    for path, text in outcome.changed.items():
        # atomic, and never through a symlink: the checkout decides nothing about where we write
        try:
            write_bytes(path, workspace.as_bytes({path: text})[path], what="fixed file")
        except (OutputError, OSError) as exc:  # one file that cannot be written costs only itself
            print(f"arm-orchlint: warning: {exc}; not fixed", file=sys.stderr)
            continue
        written.append(path)
    return written


def diff_text(outcome: FixOutcome) -> str:
    return "".join(unified_diff(path, outcome.original[path], text) for path, text in sorted(outcome.changed.items()))


def fixed_count_line(outcome: FixOutcome, would: bool) -> str:
    n = len(outcome.applied)
    files = len(outcome.changed)
    verb = "Would fix" if would else "Fixed"
    line = f"{verb} {n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}."
    if not outcome.converged:
        line += " (stopped after the round limit; run again)"
    return line


def run_fix_step(linter, paths, params_for, unsafe: bool, write: bool) -> int | None:
    """``--diff`` (write=False): print the diff, return the exit code (1: something would
    change).  ``--fix``: write the files and return None (the normal report follows)."""
    outcome, workspace = fix_paths(linter, paths, params_for, unsafe)
    if not write:
        sys.stdout.write(diff_text(outcome))
        sys.stdout.flush()
        print(fixed_count_line(outcome, would=True), file=sys.stderr)
        return 1 if outcome.changed else 0
    write_fixed(outcome, workspace)
    if outcome.applied:
        print(fixed_count_line(outcome, would=False), file=sys.stderr)
    return None


def run_fix_stdin(linter, name: str, raw: bytes, params_for, unsafe: bool, write: bool, failing) -> int:
    """``--fix -`` and ``--diff -``, as ruff does them: standard input is linted as ``name``
    (a real path makes relative modules readable); ``--fix`` prints the fixed text to
    standard output (the remaining findings' count to stderr), ``--diff`` the diff.
    ``failing(findings)`` says whether what is left fails the run."""
    try:
        text = decode_bytes(raw)
    except ReadError as exc:
        print(f"arm-orchlint: {name}: {exc.message}", file=sys.stderr)
        return 1
    workspace = Workspace()
    workspace.raw[name] = raw
    outcome, _ = fix_paths(linter, [name], params_for, unsafe, start={name: text}, workspace=workspace)
    fixed = outcome.texts.get(name, text)
    if not write:
        sys.stdout.write(diff_text(outcome))
        sys.stdout.flush()
        print(fixed_count_line(outcome, would=True), file=sys.stderr)
        return 1 if fixed != text else 0
    sys.stdout.buffer.write(encode_like(fixed, raw))
    sys.stdout.flush()
    left = [f for f in outcome.remaining if f.suppression is None]
    print(fixed_count_line(outcome, would=False) + f" {len(left)} left.", file=sys.stderr)
    return 1 if failing(left) else 0
