"""Reading one input file into a ``Document`` (or a parse finding)."""

from __future__ import annotations

import os

from arm_orchlint.core.rule_ids import UNREADABLE_FILE
from arm_orchlint.core.source import Span
from arm_orchlint.front import files
from arm_orchlint.front.document import Comments, Diagnostic, Document, ReadResult
from arm_orchlint.front.files import MAX_FILE_BYTES, NotARegularFile, RefusedRead, read_bytes, read_named
from arm_orchlint.front.json.load import MAX_NESTING_DEPTH, ReadError, decode_bytes, load_json_text, too_deep_position
from arm_orchlint.front.json.locate import JsonLocator

__all__ = ["MAX_FILE_BYTES", "NotARegularFile", "RefusedRead", "read_bytes", "read_named", "read_input"]


def _error(path: str, message: str, line: int = 1, col: int = 1) -> ReadResult:
    span = Span(path, line, col, line, col + 1)
    return ReadResult(None, "error", [Diagnostic(UNREADABLE_FILE, message, None, (), span=span)])


def read_input(path: str, raw: bytes | None = None) -> ReadResult:
    """Parse a file.  Never raises for bad content; OSError is left to the caller."""
    if raw is None:
        raw = read_bytes(path)
    limit = files.MAX_FILE_BYTES
    if len(raw) > limit:
        return _error(path, f"file is larger than the {limit // (1024 * 1024)} MiB limit; not linted")
    lower = path.lower()
    try:
        text = decode_bytes(raw)
    except ReadError as exc:
        return _error(path, exc.message, exc.line, exc.col)
    del raw  # a caller that handed over its only reference frees a large file's bytes before the parse
    if lower.endswith((".bicep", ".bicepparam")):
        result = _read_bicep(path, text, "bicepparam" if lower.endswith(".bicepparam") else "bicep")
    else:
        result = read_json_text(path, text)
    result.text = text
    return result


def read_json_text(path: str, text: str) -> ReadResult:
    from arm_orchlint.front.discovery import classify_json
    from arm_orchlint.front.json.comments import json_comments

    if not text or text.isspace():  # (strip() would copy a large file)
        return ReadResult(None, "other")
    try:
        loaded = load_json_text(text)
    except ReadError as exc:
        return _error(path, exc.message, exc.line, _utf16(text, exc.line, exc.col))
    kind = classify_json(loaded.data)
    doc = Document(
        path=path,
        data=loaded.data,
        locator=JsonLocator(
            path, loaded.text, loaded.top_members, loaded.resources_elements, loaded.resources_members, loaded.data
        ),
        kind="params" if kind == "params" else "arm",
        comments=Comments({path: lambda: json_comments(path, text)}, text),
    )
    return ReadResult(doc, kind)


def _utf16(text: str, line: int, col: int) -> int:
    from arm_orchlint.core.source import utf16_col

    lines = text.split("\n", line)
    if line - 1 < len(lines):
        return utf16_col(lines[line - 1], col - 1)
    return col


def _read_bicep(path: str, text: str, kind: str) -> ReadResult:
    from arm_orchlint.core.recursion import recursion_headroom

    try:
        from arm_orchlint.front.bicep import frontend

        with recursion_headroom():
            return frontend.read(path, text, kind)
    except ImportError as exc:  # tree-sitter missing from a broken installation
        return _error(path, f"Bicep support is not available in this installation ({exc})")
    except RecursionError:  # the syntax tree is walked recursively
        from arm_orchlint.front.bicep.syntax import BICEP_TOKENS

        line, col = too_deep_position(text, MAX_NESTING_DEPTH, BICEP_TOKENS)
        return _error(
            path,
            f"Bicep nests deeper than the linter can read (over {MAX_NESTING_DEPTH} levels); the file was not read",
            line,
            _utf16(text, line, col),
        )


def resolve_relative(base_path: str, relative: str) -> str:
    return os.path.normpath(os.path.join(os.path.dirname(base_path), relative))


def load_linked(relative_path: str, from_doc: Document) -> Document | None:
    """A linked template given by ``templateLink.relativePath``, read through the confined
    reader (None when it is not there or is not a template).  ``RefusedRead`` propagates:
    the expander reports it at the reference."""
    if not isinstance(relative_path, str) or not from_doc.path:
        return None
    path = resolve_relative(from_doc.path, relative_path)
    if not os.path.lexists(path):
        return None
    try:
        result = read_input(path, read_named(path, from_doc.path))
    except RefusedRead:
        raise
    except OSError:
        return None
    return result.doc if result.kind == "template" else None


def encode_like(text: str, raw: bytes) -> bytes:
    """``text`` in the encoding ``raw`` was read in (its byte order mark kept): how a fixed
    text is written back."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if raw.startswith(b"\xff\xfe"):
        return b"\xff\xfe" + text.encode("utf-16-le")
    if raw.startswith(b"\xfe\xff"):
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode("utf-8")
