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


def collector_off_until_exit() -> None:
    """For a command that lints and exits (not the language server): the cycle collector
    stays off, and at exit it is told to skip every object (``gc.freeze``).

    An expanded template is a web of cycles (models and their link indexes, contexts and
    their runs, lazy values and their closures), so a corpus run leaves ~400,000 objects for
    the collector; the pass that met them after the run, and the interpreter's pass at
    shutdown, took about a fifth of the command's CPU time.  Memory is unchanged: the
    collector was already paused for the whole run, and the process's memory goes back to
    the system when it exits."""
    import atexit

    gc.disable()
    atexit.register(_skip_at_exit)


def _skip_at_exit() -> None:
    if not gc.isenabled():
        gc.freeze()


def collector_on() -> None:
    """The collector runs again (a command that turned out to be long-lived)."""
    gc.enable()
