"""``migrate`` reports: text, Markdown (a summary table, for a pull request comment) and
JSON.  The finding-based formats (SARIF, GitHub, Azure, JUnit) get the blockers as
findings through ``as_results``.  Formatters only format: the plan comes from
``lint/migrate.py`` (records with path, name, source, target, span, how, blockers)."""

from __future__ import annotations

import json

from arm_orchlint.core.records import replace
from arm_orchlint.report.escape import neutral


def _where(span) -> str:
    return f"{span.line}:{span.col}" if span is not None else "-"


def _advice(b) -> str:
    if b.fixable:
        return f"fix: {b.fix_title}" + ("" if b.fix_safe else " (unsafe: --unsafe-fixes)")
    return f"instead: {b.instead}" if b.instead else "change by hand"


def _set_line(m) -> str:
    how = {"added": "orchestrationMode added", "literal": "orchestrationMode"}.get(
        m.how, f"orchestrationMode ({m.how})"
    )
    source = m.source
    if m.read_as in ("assumed", "legacy", "joined"):
        source += f" ({m.read_as}: orchestrationMode not set)"
    return f"{neutral(m.path)}:{_where(m.span)}: {neutral(m.name)}: {source} -> {m.target} ({how})"


def _counts(m, context) -> str:
    if context.extra.get("written"):  # after --fix: what is left
        unapplied = f"{m.fixable} with an unsafe fix not applied (--unsafe-fixes), " if m.fixable else ""
        return f"{len(m.blockers)} blocker(s) left: {unapplied}{m.manual} to change by hand"
    safe = sum(1 for b in m.blockers if b.fixable and b.fix_safe)
    unsafe = m.fixable - safe
    if context.extra.get("unsafe_fixes"):
        fixable = f"{m.fixable} fixable with --fix --unsafe-fixes"
    else:
        fixable = f"{safe} fixable with --fix" + (f", {unsafe} with --fix --unsafe-fixes" if unsafe else "")
    return f"{len(m.blockers)} blocker(s): {fixable}, {m.manual} to change by hand"


def render_text(migrations, context) -> str:
    target = context.extra.get("target", "")
    lines = [f"Migration to {target}. {context.extra.get('in_place', '')}", ""]
    if not migrations:
        lines.append(f"No scale set to migrate: every one is {target} already (or none matches --resource).")
        return "\n".join(lines) + "\n"
    for m in migrations:
        lines.append(_set_line(m))
        if not m.edits:
            lines.append("  orchestrationMode cannot be changed in this text (not written as such); set it by hand")
        for b in m.blockers:
            f = b.finding
            mark = "[*] " if b.fixable and (b.fix_safe or context.extra.get("unsafe_fixes")) else ""
            lines.append(
                f"  {neutral(f.path)}:{f.line}:{f.col}: {f.severity}: {mark}{neutral(f.message)} [{f.rule_id}]"
            )
            lines.append(f"      {neutral(_advice(b))}")
        if not m.blockers:
            lines.append("  no blockers: only orchestrationMode changes")
        else:
            lines.append("  " + _counts(m, context))
        lines.append("")
    done = context.extra.get("written")
    if done is not None:
        lines.append(done)
    return "\n".join(lines).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return neutral(str(text)).replace("|", "\\|").replace("\n", " ")


def render_markdown(migrations, context) -> str:
    target = context.extra.get("target", "")
    out = [f"### arm-orchlint: migration to {target}", "", f"> {context.extra.get('in_place', '')}", ""]
    if not migrations:
        out.append(f"No scale set to migrate: every one is {target} already.")
        return "\n".join(out) + "\n"
    out += ["| Scale set | File | From | Blockers | Fixable | By hand |", "|---|---|---|---:|---:|---:|"]
    for m in migrations:
        out.append(
            f"| `{_cell(m.name)}` | `{_cell(m.path)}` | {m.source} | {len(m.blockers)} | {m.fixable} | {m.manual} |"
        )
    out.append("")
    for m in migrations:
        if not m.blockers:
            continue
        out += [f"#### `{_cell(m.name)}` ({m.source} → {m.target})", ""]
        out += ["| Line | Rule | Severity | Blocker | Fix or replacement |", "|---:|---|---|---|---|"]
        for b in m.blockers:
            f = b.finding
            out.append(f"| {f.line} | {f.rule_id} | {f.severity} | {_cell(f.message)} | {_cell(_advice(b))} |")
        out.append("")
    done = context.extra.get("written")
    if done:
        out += [done, ""]
    return "\n".join(out)


def render_json(migrations, context) -> str:
    from arm_orchlint.report.json import finding_dict

    doc = {
        "tool": {"name": "arm-orchlint", "version": context.version},
        "target": context.extra.get("target"),
        "inPlace": False,
        "note": context.extra.get("in_place"),
        "scaleSets": [
            {
                "path": m.path,
                "name": m.name,
                "from": m.source,
                "readAs": m.read_as,
                "to": m.target,
                "line": m.span.line if m.span else None,
                "column": m.span.col if m.span else None,
                "modeChange": m.how,
                "modeEdits": [{"path": e.path, "start": e.start, "end": e.end, "text": e.text} for e in m.edits],
                "blockers": [
                    {
                        **finding_dict(b.finding),
                        "fixable": b.fixable,
                        "fixTitle": b.fix_title,
                        "fixSafe": b.fix_safe if b.fixable else None,
                        "instead": b.instead,
                    }
                    for b in m.blockers
                ],
            }
            for m in migrations
        ],
    }
    if context.extra.get("written"):
        doc["written"] = context.extra["written"]
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def as_findings(migrations) -> list:
    """The blockers as findings (for SARIF, GitHub, Azure, JUnit): the message says the
    target mode and the fix or replacement."""
    out = []
    for m in migrations:
        for b in m.blockers:
            f = b.finding
            out.append(replace(f, message=f"[migration to {m.target}] {f.message}; {_advice(b)}"))
    return out
