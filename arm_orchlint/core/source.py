"""Source positions."""

from __future__ import annotations

import bisect

from arm_orchlint.core.records import record as dataclass


@dataclass(frozen=True)
class Span:
    """A region of a file.  Lines are 1-based.  Columns are 1-based and counted in
    UTF-16 code units, as editors and SARIF count them; ``end_col`` is exclusive."""

    path: str
    line: int
    col: int
    end_line: int
    end_col: int


def utf16_col(line_text: str, codepoint_col0: int) -> int:
    """1-based UTF-16 column for a 0-based code-point offset in a line."""
    prefix = line_text[:codepoint_col0]
    if prefix.isascii():
        return codepoint_col0 + 1
    return len(prefix.encode("utf-16-le")) // 2 + 1


class LineIndex:
    """Line and UTF-16 column of offsets into one text, counted from the nearest offset
    already asked for, before or after: findings do not come in text order, and in a
    large file each count from the start would be a scan of the whole text."""

    __slots__ = ("text", "_marks", "_lines", "_last")

    def __init__(self, text: str):
        self.text = text
        self._marks: list[int] = [0]
        self._lines: list[int] = [1]
        self._last: tuple | None = None  # (offset, line, column) where the last span started

    def position(self, offset: int) -> tuple[int, int]:
        text, marks = self.text, self._marks
        at = bisect.bisect_right(marks, offset) - 1
        mark = marks[at]
        if at + 1 < len(marks) and marks[at + 1] - offset < offset - mark:
            line = self._lines[at + 1] - text.count("\n", offset, marks[at + 1])
        else:
            line = self._lines[at] + text.count("\n", mark, offset)
        marks.insert(at + 1, offset)
        self._lines.insert(at + 1, line)
        start = text.rfind("\n", 0, offset) + 1
        line_text = text[start:offset]
        return line, utf16_col(line_text, len(line_text))

    def span(self, path: str, start: int, end: int) -> Span:
        # Spans mostly come in text order (a finding's, then its fix's edit on the same line):
        # a span at or after the last one is counted from where that one started, in line.
        text, last = self.text, self._last
        if last is not None and last[0] <= start:
            at, line, col = last
            newlines = text.count("\n", at, start)
            if newlines:
                line += newlines
                at = text.rfind("\n", at, start) + 1
                col = 1
            piece = text[at:start]
            col += len(piece) if piece.isascii() else len(piece.encode("utf-16-le")) // 2
            if newlines and start > self._marks[-1]:  # (a mark for a later count from behind)
                self._marks.append(start)
                self._lines.append(line)
        else:
            line, col = self.position(start) if last is None else self.end_position(*last, start)
        self._last = (start, line, col)
        piece = text[start:end]
        if start <= end and "\n" not in piece:  # (``end_position`` in line)
            end_col = col + (len(piece) if piece.isascii() else len(piece.encode("utf-16-le")) // 2)
            return Span(path, line, col, line, end_col)
        end_line, end_col = self.position(end)
        return Span(path, line, col, end_line, end_col)

    def end_position(self, start: int, line: int, col: int, end: int) -> tuple[int, int]:
        """``position(end)`` for a span that starts at ``start`` (at ``line``, ``col``): most
        spans end on their first line, whose column is then counted from ``col`` without a
        search for the line's start (and without a mark: marks only speed up counting)."""
        text = self.text
        if start <= end and text.find("\n", start, end) < 0:
            piece = text[start:end]
            return line, col + (len(piece) if piece.isascii() else len(piece.encode("utf-16-le")) // 2)
        return self.position(end)
