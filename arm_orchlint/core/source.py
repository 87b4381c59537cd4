"""Source positions."""

from __future__ import annotations

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
