"""Glob patterns for ``exclude``, ``per-file-ignores`` and ``parameters`` in the config.

Patterns are matched against a file's POSIX path relative to the config file's folder
(the current directory without a config file):

* ``*`` and ``?`` stay inside one path segment, ``[abc]``/``[!abc]`` are character sets,
  ``**`` matches any number of segments (``infra/**/*.json``).
* A pattern without ``/`` matches any single segment, so ``*.bicep`` matches a file name
  at any depth and ``legacy`` a folder named ``legacy`` anywhere.
* A pattern that matches a folder matches everything below it (``build/`` or ``build``).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache


def relative_to(path: str, base: str | None) -> str:
    """``path`` relative to ``base`` (default: the current directory), with ``/``."""
    absolute = os.path.abspath(path)
    root = os.path.abspath(base or os.curdir)
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        rel = absolute
    return rel.replace(os.sep, "/")


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = pattern[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = pattern.find("]", i + 2)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = j + 1
                continue
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("(?s:" + "".join(out) + r")\Z")


def normalise(pattern: str, base: str | None = None) -> str:
    pattern = pattern.replace("\\", "/")
    if os.path.isabs(pattern) or re.match(r"^[A-Za-z]:/", pattern):
        pattern = relative_to(pattern, base)
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern.rstrip("/") or "."


def matches(pattern: str, rel: str) -> bool:
    """Whether the relative POSIX path ``rel`` (or a folder above it) matches ``pattern``."""
    pat = normalise(pattern)
    if pat == ".":
        return not rel.startswith("../")
    rx = _compile(pat)
    parts = rel.split("/")
    if "/" not in pat:
        return any(rx.match(p) for p in parts)
    return any(rx.match("/".join(parts[:k])) for k in range(1, len(parts) + 1))


def any_match(patterns, rel: str) -> bool:
    return any(matches(p, rel) for p in patterns)
