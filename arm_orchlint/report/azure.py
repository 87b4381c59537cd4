"""Azure Pipelines logging commands, one ``task.logissue`` per error or warning.

    ##vso[task.logissue type=error;sourcepath=/abs/infra/vmss.json;linenumber=12;columnnumber=9;code=ORCH206;]message

``sourcepath`` is absolute, as Microsoft's documentation asks.  Text is escaped as
azure-pipelines-task-lib does it: ``%`` (``%AZP25``), CR (``%0D``) and LF (``%0A``), in
property values also ``;`` (``%3B``) and ``]`` (``%5D``); other control characters are
shown as visible escapes.  The agent acts on ``##vso[`` anywhere in a line, so no line
holding user text is printed except as the data of a command of ours: ``logissue``
only knows errors and warnings, so notes are ``task.debug`` commands (shown when the
pipeline runs with ``System.Debug``) and counted in the summary line, without adding to
the pipeline's warning count.  Suppressed findings are left out.
"""

from __future__ import annotations

import os

from arm_orchlint.report import reported
from arm_orchlint.report.escape import azure_data, azure_property
from arm_orchlint.report.text import summary_line

escape_message = azure_data
escape_property = azure_property


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
            text = f"{f.path}:{f.line}:{f.col}: note: {f.message} [{f.rule_id}]"
            lines.append(f"##vso[task.debug]{escape_message(text)}")
        else:
            lines.append(command(f))
    lines.append(summary_line(results, findings))
    return "\n".join(lines) + "\n"
