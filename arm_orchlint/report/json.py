"""Machine-readable JSON: every finding with its full location."""

from __future__ import annotations

import json

from arm_orchlint.report.escape import json_encodable


def finding_dict(f) -> dict:
    out = {
        "rule": f.rule_id,
        "severity": f.severity,
        "message": f.message,
        "path": f.path,
        "line": f.line,
        "column": f.col,
        "endLine": f.span.end_line if f.span else f.line,
        "endColumn": f.span.end_col if f.span else f.col,
        "resource": f.resource,
        "resourceType": f.resource_type,
        "propertyPath": f.property_path,
        "fingerprint": f.fingerprint,
        "related": [
            {"path": r.span.path, "line": r.span.line, "column": r.span.col, "message": r.message} for r in f.related
        ],
    }
    if f.fix is not None and f.fix.edits:
        out["fix"] = fix_dict(f.fix)
    if f.suppression is not None:
        out["suppressed"] = {"kind": f.suppression.kind, "justification": f.suppression.justification}
    return out


def fix_dict(fix) -> dict:
    """A fix as data: offsets are code points into the file's decoded text (no BOM);
    lines and columns (UTF-16) say the same for editors."""
    edits = []
    for i, e in enumerate(fix.edits):
        edit = {"path": e.path, "start": e.start, "end": e.end, "text": e.text}
        if i < len(fix.spans):
            s = fix.spans[i]
            edit.update(line=s.line, column=s.col, endLine=s.end_line, endColumn=s.end_col)
        edits.append(edit)
    return {"title": fix.title, "applicability": "safe" if fix.safe else "unsafe", "edits": edits}


def render(results, context) -> str:
    findings = [finding_dict(f) for r in results for f in r.findings]
    by = {"error": 0, "warning": 0, "note": 0}
    for r in results:
        for f in r.findings:
            if f.suppression is None:
                by[f.severity] += 1
    doc = {
        "tool": {"name": "arm-orchlint", "version": context.version},
        "files": [{"path": r.path, "kind": r.kind} for r in results if r.linted],
        "findings": findings,
        "summary": {**by, "files": sum(1 for r in results if r.linted)},
    }
    return json_encodable(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
