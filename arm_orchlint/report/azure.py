"""Azure Pipelines logging commands, one ``task.logissue`` per error or warning.

    ##vso[task.logissue type=error;sourcepath=/abs/infra/vmss.json;linenumber=12;columnnumber=9;code=ORCH206;]message

``sourcepath`` is absolute, as Microsoft's documentation asks.  Property values escape
``;`` (``%3B``), ``]`` (``%5D``), CR (``%0D``) and LF (``%0A``); the message escapes CR
and LF.  ``logissue`` only knows errors and warnings, so notes are
printed as ordinary ``path:line:col: note: ...`` log lines: visible in the log without
adding to the pipeline's warning count.  Suppressed findings are left out.
"""

from __future__ import annotations

import os

from arm_orchlint.report import reported
from arm_orchlint.report.text import summary_line


def escape_message(value: str) -> str:
    return value.replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_message(value).replace(";", "%3B").replace("]", "%5D")


def command(f) -> str:
    props = [
        ("type", f.severity),
        ("sourcepath", os.path.abspath(f.path)),
        ("linenumber", str(f.line)),
        ("columnnumber", str(f.col)),
        ("code", f.rule_id),
    ]
    joined = "".join(f"{k}={escape_property(v)};" for k, v in props)
    return f"##vso[task.logissue {joined}]{escape_message(f.message)}"


def render(results, context) -> str:
    findings = reported(results)
    lines = []
    for f in findings:
        if f.severity == "note":
            lines.append(escape_message(f"{f.path}:{f.line}:{f.col}: note: {f.message} [{f.rule_id}]"))
        else:
            lines.append(command(f))
    lines.append(summary_line(results, findings))
    return "\n".join(lines) + "\n"
