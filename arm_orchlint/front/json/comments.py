"""The comments of JSON-with-comments source, with their positions (for suppressions)."""

from __future__ import annotations

import re

from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.core.source import Span, utf16_col
from arm_orchlint.front.document import Comment

# Strings are matched first so that "//" inside a string is not a comment.
_TOKENS = lazy_compile(r'"(?:[^"\\\n]|\\.)*"?|//[^\n]*|/\*.*?(?:\*/|\Z)', re.S)


def json_comments(path: str, text: str) -> list[Comment]:
    """Every comment of ``text``, located in ``path`` (columns in UTF-16 code units)."""
    out = []
    line, pos = 1, 0
    for m in _TOKENS.finditer(text):
        body = m.group(0)
        if body[0] == '"':
            continue
        start = m.start()
        line += text.count("\n", pos, start)
        pos = start
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        col = utf16_col(before, start - line_start)
        end_col = col + len(body.encode("utf-16-le")) // 2
        out.append(Comment(Span(path, line, col, line, end_col), body, not before.strip()))
    return out
