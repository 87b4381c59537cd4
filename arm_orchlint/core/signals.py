"""How the linter ends on a signal: SIGINT exits 130 and SIGTERM 143 (128 + the signal, as
shells report them), with no traceback, and worker processes never outlive the run."""

from __future__ import annotations

import os

try:  # the C module: the stdlib's ``signal`` wraps every constant in an enum at import (~0.4 ms)
    import _signal as signal
except ImportError:  # an interpreter without it
    import signal

EXIT_SIGINT = 128 + signal.SIGINT
EXIT_SIGTERM = 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM, raised in the main thread like KeyboardInterrupt is for SIGINT (a
    BaseException, so that ``except Exception`` handlers do not swallow it)."""


def _on_sigterm(signum, frame):
    raise Terminated()


def install() -> None:
    """In the main process: SIGTERM unwinds the run (killing its workers) instead of
    killing the process where it stands."""
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM here
        pass


def exit_code(exc: BaseException) -> int:
    return EXIT_SIGTERM if isinstance(exc, Terminated) else EXIT_SIGINT


def worker_setup() -> None:
    """In a worker: Ctrl-C reaches the whole process group, but only the parent handles
    it (no worker tracebacks); SIGTERM kills the worker; and the worker dies with its
    parent, however the parent ends (SIGKILL included)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    if not _parent_death_signal():
        _watch_parent(parent)
    elif os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(EXIT_SIGTERM)


def _parent_death_signal() -> bool:
    """Linux: the kernel sends SIGKILL to this process when its parent exits."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError, ImportError):
        return False
    return True


def _watch_parent(parent: int) -> None:
    """Elsewhere: a daemon thread that ends the process when the parent is gone."""
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(EXIT_SIGTERM)

    threading.Thread(target=watch, daemon=True, name="arm-orchlint-parent-watch").start()
