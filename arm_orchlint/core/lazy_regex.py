"""``lazy_compile``: a module-level regular expression that is compiled on first use.

Compiling the package's module-level patterns at import cost ~5 ms of every run's start-up
(a small file uses two or three of the ~50 on its path; the others read comments, broken
Bicep, output escapes...).  A ``LazyPattern`` stands where the compiled pattern stood: on
its first attribute access it compiles the pattern and keeps the compiled pattern's
methods and attributes as its own, so later calls cost what calls on the pattern do.
"""

from __future__ import annotations

import re

# what a compiled pattern offers; copied onto the lazy one when it compiles
_ATTRIBUTES = (
    "match",
    "fullmatch",
    "search",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
    "scanner",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class LazyPattern:
    def __init__(self, pattern: str | bytes, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        # only reached until the first compile: afterwards the names are instance attributes
        compiled = self.compiled()
        return getattr(compiled, name)

    def compiled(self) -> re.Pattern:
        compiled = re.compile(*self._source)
        for name in _ATTRIBUTES:
            self.__dict__[name] = getattr(compiled, name)
        return compiled

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern: str | bytes, flags: int = 0) -> LazyPattern:
    """What ``re.compile(pattern, flags)`` returns, compiled when first used."""
    return LazyPattern(pattern, flags)
