"""``path:line:col: severity: message [RULE-ID]`` lines and a summary (problem-matcher friendly).

The text format is what CI logs show (the Action's default), so file names and messages go
through ``escape.neutral``: one finding is one line, and no runner command can be forged.
"""

from __future__ import annotations

from collections import Counter

from arm_orchlint.report import all_findings
from arm_orchlint.report.escape import neutral, safe_line


def render(results, context) -> str:
    lines = []
    findings = [f for f in all_findings(results) if f.suppression is None]
    unsafe = bool(context.extra.get("unsafe_fixes"))
    for f in findings:
        severity = f.severity
        if context.color:
            severity = {
                "error": "\x1b[31merror\x1b[0m",
                "warning": "\x1b[33mwarning\x1b[0m",
                "note": "\x1b[36mnote\x1b[0m",
            }[f.severity]
        mark = "[*] " if fixable(f, unsafe) else ""
        lines.append(
            safe_line(f"{neutral(f.path)}:{f.line}:{f.col}: {severity}: {mark}{neutral(f.message)} [{f.rule_id}]")
        )
    lines.append(summary_line(results, findings))
    fixes = fixable_line(findings, unsafe)
    if fixes:
        lines.append(fixes)
    return "\n".join(lines) + "\n"


def fixable(f, unsafe: bool) -> bool:
    return f.fix is not None and bool(f.fix.edits) and (f.fix.safe or unsafe)


def fixable_line(findings, unsafe: bool) -> str:
    """ruff's wording: how many findings ``--fix`` repairs, and the unsafe ones it would
    repair with ``--unsafe-fixes``."""
    n = sum(1 for f in findings if fixable(f, unsafe))
    hidden = 0 if unsafe else sum(1 for f in findings if f.fix is not None and f.fix.edits and not f.fix.safe)
    more = f" ({hidden} hidden fix{'es' if hidden != 1 else ''} can be enabled with the `--unsafe-fixes` option)"
    if n:
        return f"[*] {n} fixable with the `--fix` option" + (more if hidden else "") + "."
    if hidden:
        return "No fixes available" + more + "."
    return ""


def summary_line(results, findings) -> str:
    linted = sum(1 for r in results if r.linted)
    by = Counter(f.severity for f in findings)
    if not findings:
        return f"No problems found in {linted} file{'s' if linted != 1 else ''}."
    parts = [
        f"{by[s]} {name}{'s' if by[s] != 1 else ''}"
        for s, name in (("error", "error"), ("warning", "warning"), ("note", "note"))
        if by[s]
    ]
    total = len(findings)
    return f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {linted} file{'s' if linted != 1 else ''}."
