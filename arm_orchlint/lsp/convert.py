"""Findings -> LSP diagnostics, and text offsets <-> LSP positions (UTF-16, 0-based)."""

from __future__ import annotations

from lsprotocol import types as T

from arm_orchlint.core.source import Span
from arm_orchlint.lsp.paths import path_to_uri
from arm_orchlint.report.sarif import help_uri

SOURCE = "arm-orchlint"
_SEVERITY = {
    "error": T.DiagnosticSeverity.Error,
    "warning": T.DiagnosticSeverity.Warning,
    "note": T.DiagnosticSeverity.Information,
}


def span_range(span: Span | None) -> T.Range:
    """Spans count lines and UTF-16 columns from 1 (end exclusive); LSP counts from 0."""
    if span is None:
        return T.Range(T.Position(0, 0), T.Position(0, 1))
    start = T.Position(max(span.line - 1, 0), max(span.col - 1, 0))
    end = T.Position(max(span.end_line - 1, 0), max(span.end_col - 1, 0))
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return T.Range(start, end)


def _project_url():
    # the one place the project's address is set (package metadata); None: no link
    from arm_orchlint.core.project import project_url

    return project_url()


def _local_rule_doc(rule_id: str) -> str | None:
    """The rule's page in the checkout the package runs from (``docs/rules/``), as a file
    URI: an editor opens it as well as a web page, and it is there without a project URL."""
    import os

    import arm_orchlint

    page = os.path.join(os.path.dirname(os.path.dirname(arm_orchlint.__file__)), "docs", "rules", f"{rule_id}.md")
    return path_to_uri(page) if os.path.isfile(page) else None


def doc_href(rule) -> str | None:
    """codeDescription.href: the rule's page on the project's site when the package names
    one, else its page in the local checkout; a plugin rule's first source."""
    href = help_uri(rule, _project_url())
    if href is None and rule.origin == "builtin":
        href = _local_rule_doc(rule.id)
    return href


def _related_location(finding, span: Span) -> T.Location:
    """A related span in a file; one in an old version (``HEAD:t.json``, version-diff
    rules), which no editor can open, is shown at the finding (its message names it)."""
    import os

    if os.path.exists(span.path) or finding.span is None:
        return T.Location(path_to_uri(span.path), span_range(span))
    return T.Location(path_to_uri(finding.path), span_range(finding.span))


def diagnostic(finding, registry, data=None) -> T.Diagnostic:
    rule = registry.get(finding.rule_id)
    href = doc_href(rule) if rule is not None else None
    related = [
        T.DiagnosticRelatedInformation(_related_location(finding, rel.span), rel.message)
        for rel in finding.related
        if rel.span is not None
    ]
    return T.Diagnostic(
        range=span_range(finding.span),
        message=finding.message,
        severity=_SEVERITY.get(finding.severity, T.DiagnosticSeverity.Warning),
        code=finding.rule_id,
        code_description=T.CodeDescription(href=href) if href else None,
        source=SOURCE,
        related_information=related or None,
        data=data,
    )


def failure_diagnostic(message: str) -> T.Diagnostic:
    """What a lint that failed shows: one diagnostic on line 1 (the log has the details)."""
    return T.Diagnostic(
        range=T.Range(T.Position(0, 0), T.Position(0, 1)),
        message=message,
        severity=T.DiagnosticSeverity.Error,
        code="ORCH900",
        source=SOURCE,
    )


class LineIndex:
    """Code-point offsets of a text <-> LSP positions (lines and UTF-16 characters)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        at = text.find("\n")
        while at != -1:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)

    def position(self, offset: int) -> T.Position:
        import bisect

        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        prefix = self.text[self.starts[line] : offset]
        col = len(prefix) if prefix.isascii() else len(prefix.encode("utf-16-le")) // 2
        return T.Position(line, col)

    def offset(self, position: T.Position) -> int:
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self.starts[position.line + 1] - 1 if position.line + 1 < len(self.starts) else len(self.text)
        line = self.text[start:end]
        if line.isascii():
            return start + min(position.character, len(line))
        units = 0
        for i, ch in enumerate(line):
            if units >= position.character:
                return start + i
            units += 2 if ord(ch) > 0xFFFF else 1
        return end

    def line_text(self, line: int) -> str:
        if line >= len(self.starts):
            return ""
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line] : end]
