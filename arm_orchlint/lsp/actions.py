"""Code actions: the quick fixes of ``--fix`` (safe ones preferred) and "suppress ORCHnnn
with a reason", which writes the directive ``lint/suppress.py`` reads, with the reason
left as a placeholder to fill in:

* above the finding's line as a comment, in Bicep and in JSON with comments;
* in the resource's ``metadata`` (``"arm-orchlint": {"ignore": {...}}``), in plain JSON,
  which has no comments.
"""

from __future__ import annotations

import re

from lsprotocol import types as T

from arm_orchlint.core.findings import TextEdit
from arm_orchlint.core.rule_ids import SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION
from arm_orchlint.lint.suppress import DIRECTIVE, _get_ci, _resources
from arm_orchlint.lsp.convert import LineIndex, diagnostic, span_range
from arm_orchlint.lsp.paths import path_to_uri

PLACEHOLDER = "<reason>"
_COMMENT_SUFFIXES = (".bicep", ".bicepparam", ".jsonc")
_DIRECTIVE_LINE = re.compile(r"^(?P<head>\s*//\s*" + DIRECTIVE + r"\s+)(?P<rules>[^\n]*?)(?P<tail>\s+--.*)?$")


def _overlaps(a: T.Range, b: T.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def comment_edit(finding, text: str) -> TextEdit | None:
    """The directive on its own line above the finding's first line (or the rule added to
    a directive already there)."""
    if finding.span is None:
        return None
    index = LineIndex(text)
    line = finding.span.line - 1
    if line >= len(index.starts):
        return None
    if line > 0:
        above = index.line_text(line - 1).rstrip("\r")
        m = _DIRECTIVE_LINE.match(above)
        if m is not None:
            written = [r for r in re.split(r"[\s,]+", m.group("rules")) if r]
            if finding.rule_id in written:
                return None
            at = index.starts[line - 1] + m.end("rules")
            return TextEdit(finding.path, at, at, f",{finding.rule_id}")
    current = index.line_text(line)
    indent = current[: len(current) - len(current.lstrip(" \t"))]
    at = index.starts[line]
    directive = f"{indent}// {DIRECTIVE} {finding.rule_id} -- {PLACEHOLDER}{_newline(text)}"
    return TextEdit(finding.path, at, at, directive)


def _insert_member(path: str, text: str, start: int, member: str) -> TextEdit | None:
    """Insert ``member`` (``"key": value``) first in the object whose ``{`` is at ``start``."""
    if start is None or start >= len(text) or text[start] != "{":
        return None
    after = start + 1
    j = after
    while j < len(text) and text[j] in " \t\r\n":
        j += 1
    if j < len(text) and text[j] == "}":
        return TextEdit(path, after, after, member)
    gap = text[after:j]
    lead = gap[gap.rfind("\n") :] if "\n" in gap else " "
    if "\n" in gap and "\r\n" in text:
        lead = "\r" + lead if not lead.startswith("\r") else lead
    return TextEdit(path, after, after, f"{lead}{member},")


def metadata_edit(finding, text: str) -> TextEdit | None:
    """``"metadata": {"arm-orchlint": {"ignore": {"ORCHnnn": "<reason>"}}}`` on the innermost
    resource object that holds the finding, adding only the levels that are missing."""
    from arm_orchlint.front.json.load import ReadError, load_json_text
    from arm_orchlint.front.json.locate import JsonLocator

    try:
        loaded = load_json_text(text)
    except ReadError:
        return None
    data = loaded.data
    if not isinstance(data, dict):
        return None
    key, resources = _get_ci(data, "resources")
    if resources is None:
        return None
    pointer = tuple(finding.pointer)
    best = None
    for res_pointer, res in _resources(resources, (key,)):
        if len(res_pointer) <= len(pointer) and pointer[: len(res_pointer)] == res_pointer:
            if best is None or len(res_pointer) > len(best[0]):
                best = (res_pointer, res)
    if best is None:
        return None
    res_pointer, res = best
    locator = JsonLocator(finding.path, loaded.text)
    entry = f'"{finding.rule_id}": "{PLACEHOLDER}"'
    mk, meta = _get_ci(res, "metadata")
    if meta is None:
        at, member = res_pointer, '"metadata": {"arm-orchlint": {"ignore": {' + entry + "}}}"
    elif not isinstance(meta, dict):
        return None
    elif "arm-orchlint" not in meta:
        at, member = res_pointer + (mk,), '"arm-orchlint": {"ignore": {' + entry + "}}"
    elif not isinstance(meta["arm-orchlint"], dict):
        return None
    elif "ignore" not in meta["arm-orchlint"]:
        at, member = res_pointer + (mk, "arm-orchlint"), '"ignore": {' + entry + "}"
    elif isinstance(meta["arm-orchlint"]["ignore"], dict):
        if finding.rule_id in meta["arm-orchlint"]["ignore"]:
            return None
        at, member = res_pointer + (mk, "arm-orchlint", "ignore"), entry
    else:
        return None
    return _insert_member(finding.path, text, locator.value_offset(at), member)


def suppression_edit(finding, text: str) -> TextEdit | None:
    lower = finding.path.lower()
    if lower.endswith(_COMMENT_SUFFIXES):
        return comment_edit(finding, text)
    edit = metadata_edit(finding, text)
    if edit is not None:
        return edit
    # outside any resource: a comment, where the file already has comments
    from arm_orchlint.front.json.load import ReadError, load_json_text

    try:
        had_comments = getattr(load_json_text(text), "had_comments", False)
    except ReadError:
        return None
    return comment_edit(finding, text) if had_comments else None


def _workspace_edit(edits: list[TextEdit], text_of) -> T.WorkspaceEdit | None:
    changes: dict[str, list[T.TextEdit]] = {}
    indexes: dict[str, LineIndex] = {}
    for edit in edits:
        if edit.path not in indexes:
            text = text_of(edit.path)
            if text is None:
                return None
            indexes[edit.path] = LineIndex(text)
        index = indexes[edit.path]
        rng = T.Range(index.position(edit.start), index.position(edit.end))
        changes.setdefault(path_to_uri(edit.path), []).append(T.TextEdit(rng, edit.text))
    return T.WorkspaceEdit(changes=changes)


def code_actions(findings, registry, path: str, rng: T.Range, context, text_of) -> list[T.CodeAction]:
    """Actions for the findings of ``path`` that the requested range touches.
    ``text_of(path)`` gives a file's current text (the editor's buffer or the disk)."""
    only = getattr(context, "only", None)
    if only and not any(str(kind).startswith(T.CodeActionKind.QuickFix) for kind in only):
        return []
    sent = {(str(d.code), d.range.start.line, d.range.start.character): d for d in (context.diagnostics or [])}
    out: list[T.CodeAction] = []
    suppressed: set[tuple] = set()
    for f in findings:
        frange = span_range(f.span)
        if not _overlaps(frange, rng):
            continue
        diag = sent.get((f.rule_id, frange.start.line, frange.start.character)) or diagnostic(f, registry)
        fix = getattr(f, "fix", None)
        if fix is not None and fix.edits:
            edit = _workspace_edit(list(fix.edits), text_of)
            if edit is not None:
                out.append(
                    T.CodeAction(
                        title=fix.title + ("" if fix.safe else " (unsafe)"),
                        kind=T.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        edit=edit,
                        is_preferred=bool(fix.safe),
                    )
                )
        if f.rule_id in (UNUSED_SUPPRESSION, SUPPRESSION_WITHOUT_REASON) or (f.rule_id, f.line) in suppressed:
            continue
        text = text_of(f.path)
        edit = suppression_edit(f, text) if text is not None else None
        if edit is None:
            continue
        suppressed.add((f.rule_id, f.line))
        out.append(
            T.CodeAction(
                title=f"Suppress {f.rule_id} with a reason",
                kind=T.CodeActionKind.QuickFix,
                diagnostics=[diag],
                edit=_workspace_edit([edit], text_of),
            )
        )
    return out
