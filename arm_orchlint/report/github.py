"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding.

    ::error file=infra/vmss.json,line=12,endLine=12,col=9,endColumn=37,title=ORCH206 flexible-single-placement-group::message

Paths are relative to ``--root`` (the repository root in a workflow).  ``col`` and
``endColumn`` are only sent when the finding starts and ends on the same line, as GitHub
otherwise misplaces the annotation.  Notes become ``::notice``.  Suppressed findings are
left out.  ``step_summary`` makes the Markdown table that the command line appends to
``$GITHUB_STEP_SUMMARY`` (formatters only format; they write no file).
"""

from __future__ import annotations

from collections import Counter

from arm_orchlint.report import repo_path, reported
from arm_orchlint.report.escape import github_data, github_property, neutral
from arm_orchlint.report.text import summary_line

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}
MAX_SUMMARY_ROWS = 200


escape_data = github_data
escape_property = github_property


def command(f, context) -> str:
    props = [("file", repo_path(f.path, context.root)), ("line", str(f.line))]
    if f.span is not None:
        props.append(("endLine", str(f.span.end_line)))
        if f.span.end_line == f.span.line:
            props += [("col", str(f.span.col)), ("endColumn", str(f.span.end_col))]
    rule = context.registry.by_id.get(f.rule_id)
    props.append(("title", f"{f.rule_id} {rule.name}" if rule else f.rule_id))
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{_COMMAND[f.severity]} {joined}::{escape_data(f.message)}"


def step_summary(results, context) -> str:
    findings = reported(results)
    linted = sum(1 for r in results if r.linted)
    lines = ["## arm-orchlint", ""]
    if not findings:
        lines.append(f"No problems found in {linted} file{'s' if linted != 1 else ''}.")
        return "\n".join(lines) + "\n\n"
    lines += [summary_line(results, findings), ""]
    lines += ["| severity | rule | location | message |", "|---|---|---|---|"]
    for f in findings[:MAX_SUMMARY_ROWS]:
        rule = context.registry.by_id.get(f.rule_id)
        name = f" {neutral(rule.name)}" if rule else ""
        where = neutral(f"{repo_path(f.path, context.root)}:{f.line}:{f.col}").replace("`", "'")
        message = neutral(f.message).replace("|", "\\|")
        lines.append(f"| {f.severity} | {f.rule_id}{name} | `{where}` | {message} |")
    if len(findings) > MAX_SUMMARY_ROWS:
        lines.append(f"\n… and {len(findings) - MAX_SUMMARY_ROWS} more (see the SARIF or the log).")
    counts = Counter(f.rule_id for f in findings)
    lines += ["", "| rule | count |", "|---|---|"]
    lines += [f"| {rule_id} | {n} |" for rule_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines) + "\n\n"


def render(results, context) -> str:
    findings = reported(results)
    lines = [command(f, context) for f in findings]
    lines.append(summary_line(results, findings))
    return "\n".join(lines) + "\n"
