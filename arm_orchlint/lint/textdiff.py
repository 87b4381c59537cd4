"""Unified diffs of fixed files, fast on large files.

``difflib`` compares whole files in quadratic time when lines repeat (a template is mostly
``}`` and ``},`` lines), which costs seconds on a file with thousands of fixes.  Fixes
change a few lines here and there and never reorder, so a greedy walk that resynchronises
within a window finds the same hunks in linear time; difflib is kept for the rare block
the window cannot place.  Lines are split on ``\\n`` only (CR stays part of its line).
"""

from __future__ import annotations

import difflib

WINDOW = 64  # lines looked ahead for the next common line


def split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _opcodes(a: list[str], b: list[str]) -> list[tuple]:
    ops: list[tuple] = []
    i = j = 0

    def emit(tag, i1, i2, j1, j2):
        if i1 == i2 and j1 == j2:
            return
        if ops and ops[-1][0] == tag:
            _, p1, _, q1, _ = ops.pop()
            ops.append((tag, p1, i2, q1, j2))
        else:
            ops.append((tag, i1, i2, j1, j2))

    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            emit("equal", i, i + 1, j, j + 1)
            i += 1
            j += 1
            continue
        found = _resync(a, b, i, j)
        if found is None:  # the window cannot place it: difflib on the rest
            matcher = difflib.SequenceMatcher(None, a[i:], b[j:], autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                emit(tag, i + i1, i + i2, j + j1, j + j2)
            return ops
        di, dj = found
        tag = "replace" if di and dj else ("delete" if di else "insert")
        emit(tag, i, i + di, j, j + dj)
        i += di
        j += dj
    if i < len(a):
        emit("delete", i, len(a), j, j)
    if j < len(b):
        emit("insert", i, i, j, len(b))
    return ops


def _resync(a, b, i, j):
    """The nearest (di, dj) with a[i+di] == b[j+dj] and the next line equal too."""
    for total in range(1, 2 * WINDOW + 1):
        for di in range(max(0, total - WINDOW), min(total, WINDOW) + 1):
            dj = total - di
            x, y = i + di, j + dj
            if x > len(a) or y > len(b):
                continue
            if x == len(a) or y == len(b):
                if x == len(a) and y == len(b):
                    return di, dj
                continue
            if a[x] == b[y] and (x + 1 >= len(a) or y + 1 >= len(b) or a[x + 1] == b[y + 1]):
                return di, dj
    return None


class _Matcher(difflib.SequenceMatcher):
    def __init__(self, a, b):
        super().__init__(None, a, b, autojunk=False)
        self._ops = _opcodes(a, b)

    def get_opcodes(self):
        return list(self._ops)


def unified_diff(fromfile: str, tofile: str, before: str, after: str, context: int = 3) -> str:
    a, b = split_lines(before), split_lines(after)
    if a == b:
        return ""
    out = [f"--- {fromfile}\n", f"+++ {tofile}\n"]
    for group in _Matcher(a, b).get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + _ended(line) for line in a[i1:i2]]
                continue
            out += ["-" + _ended(line) for line in a[i1:i2]]
            out += ["+" + _ended(line) for line in b[j1:j2]]
    return "".join(out)


def _ended(line: str) -> str:
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def _range(start: int, stop: int) -> str:
    """difflib's hunk range: 1-based start, and the length when it is not 1."""
    length = stop - start
    begin = start + 1
    if length == 1:
        return f"{begin}"
    if not length:
        begin -= 1  # an empty range is given by the line before it
    return f"{begin},{length}"
