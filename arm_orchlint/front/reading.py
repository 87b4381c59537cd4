"""Reading one input file into a ``Document`` (or a parse finding)."""

from __future__ import annotations

import os
import re
import stat

from arm_orchlint.core.overlay import lookup
from arm_orchlint.core.rule_ids import UNREADABLE_FILE
from arm_orchlint.core.source import Span
from arm_orchlint.front.document import Comments, Diagnostic, Document, ReadResult
from arm_orchlint.front.json.load import MAX_NESTING_DEPTH, ReadError, decode_bytes, load_json_text, too_deep_position
from arm_orchlint.front.json.locate import JsonLocator

MAX_FILE_BYTES = 64 * 1024 * 1024  # larger inputs are reported, not read


def _error(path: str, message: str, line: int = 1, col: int = 1) -> ReadResult:
    span = Span(path, line, col, line, col + 1)
    return ReadResult(None, "error", [Diagnostic(UNREADABLE_FILE, message, None, (), span=span)])


class NotARegularFile(OSError):
    """A FIFO, device or socket: skipped, since reading it could block forever or never end."""


def _nonblocking(path, flags):
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read_bytes(path: str) -> bytes:
    stand_in = lookup(path)
    if stand_in is not None:  # a text fixed in memory (--diff, the fix driver)
        return stand_in
    # Opened without blocking, so that a FIFO without a writer cannot hang the run.
    with open(path, "rb", opener=_nonblocking) as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(f"{path} is not a regular file")
        # Ask for the size the file says it has (plus one byte to notice growth): asking for
        # the limit makes Python allocate a buffer of 64 MiB for every file.
        want = min(info.st_size, MAX_FILE_BYTES) + 1
        data = fh.read(want)
        if len(data) == want and want <= MAX_FILE_BYTES:  # longer than it said (or /proc-like): read on
            data += fh.read(MAX_FILE_BYTES + 1 - want)
        return data


def read_input(path: str, raw: bytes | None = None) -> ReadResult:
    """Parse a file.  Never raises for bad content; OSError is left to the caller."""
    if raw is None:
        raw = read_bytes(path)
    if len(raw) > MAX_FILE_BYTES:
        return _error(path, f"file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit; not linted")
    lower = path.lower()
    try:
        text = decode_bytes(raw)
    except ReadError as exc:
        return _error(path, exc.message, exc.line, exc.col)
    if lower.endswith((".bicep", ".bicepparam")):
        return _read_bicep(path, text, "bicepparam" if lower.endswith(".bicepparam") else "bicep")
    return read_json_text(path, text)


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
        locator=JsonLocator(path, loaded.text, loaded.top_members, loaded.resources_elements),
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


_BICEP_TOKENS = re.compile(r"'''.*?(?:'''|\Z)|'(?:[^'\\\n]|\\.)*'?|//[^\n]*|/\*.*?(?:\*/|\Z)|[\[{(]|[\]})]", re.S)


def _read_bicep(path: str, text: str, kind: str) -> ReadResult:
    from arm_orchlint.core.recursion import recursion_headroom

    try:
        from arm_orchlint.front.bicep import frontend

        with recursion_headroom():
            return frontend.read(path, text, kind)
    except ImportError as exc:  # tree-sitter missing from a broken installation
        return _error(path, f"Bicep support is not available in this installation ({exc})")
    except RecursionError:  # the syntax tree is walked recursively
        line, col = too_deep_position(text, MAX_NESTING_DEPTH, _BICEP_TOKENS)
        return _error(
            path,
            f"Bicep nests deeper than the linter can read (over {MAX_NESTING_DEPTH} levels); the file was not read",
            line,
            _utf16(text, line, col),
        )


def resolve_relative(base_path: str, relative: str) -> str:
    return os.path.normpath(os.path.join(os.path.dirname(base_path), relative))


def load_linked(relative_path: str, from_doc: Document) -> Document | None:
    """A linked template given by ``templateLink.relativePath``, read from disk (None when
    it is not there or is not a template)."""
    if not isinstance(relative_path, str) or not from_doc.path:
        return None
    path = resolve_relative(from_doc.path, relative_path)
    if not os.path.isfile(path):
        return None
    try:
        result = read_input(path, read_bytes(path))
    except OSError:
        return None
    return result.doc if result.kind == "template" else None
