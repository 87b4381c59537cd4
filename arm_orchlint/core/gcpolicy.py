"""When the cyclic garbage collector is paused: the one place that decides it.

Parsed templates are large acyclic trees of dicts and lists; cyclic-GC passes over them
cost more than the parsing and the linting.  Nothing they create needs the cycle
collector, so it pauses for the parse of a file and for its lint, and resumes after.
"""

import gc


class paused_gc:
    """``with paused_gc():`` the cyclic collector is off inside (nesting is fine)."""

    __slots__ = ("_was_enabled",)

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc) -> None:
        if self._was_enabled:
            gc.enable()
