"""Room for deep recursion while a template is read or evaluated."""

from __future__ import annotations

import sys

_RECURSION_HEADROOM = 20_000


class recursion_headroom:
    """Deeply nested expressions recurse; give them room (Python frames, not C stack,
    in 3.11) and put the limit back afterwards.  Real depth is bounded by ``Limits``.
    (A class rather than a contextlib generator: contextlib is not imported at start-up.)"""

    __slots__ = ("previous",)

    def __enter__(self) -> None:
        self.previous = sys.getrecursionlimit()
        if self.previous < _RECURSION_HEADROOM:
            sys.setrecursionlimit(_RECURSION_HEADROOM)

    def __exit__(self, *exc) -> None:
        if sys.getrecursionlimit() == _RECURSION_HEADROOM and self.previous < _RECURSION_HEADROOM:
            sys.setrecursionlimit(self.previous)
