"""How the click commands fail: one line on stderr and exit 2 for a tool error."""

from __future__ import annotations

import os
import sys

import click

from arm_orchlint.cli.run import EXIT_ERROR


class ToolError(click.ClickException):
    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"arm-orchlint: error: {self.format_message()}", err=True)


def run_guarded(debug: bool, command, *args) -> None:
    """Run a command body and exit with its code; a failure of the tool itself becomes one
    line on stderr and exit 2 (the traceback only with --debug)."""
    from arm_orchlint.core.signals import Terminated

    try:
        code = command(*args)
    except click.ClickException:
        raise
    except (KeyboardInterrupt, Terminated) as exc:
        interrupted(exc)
    except BrokenPipeError:  # standard output closed under us (`| head`)
        from arm_orchlint.cli.output import exit_after_closed_pipe

        exit_after_closed_pipe()
    except Exception as exc:
        if debug:
            raise
        raise ToolError(f"{type(exc).__name__}: {exc}") from None
    sys.exit(code)


def interrupted(exc: BaseException) -> None:
    """SIGINT: exit 130, SIGTERM: exit 143; no traceback, the workers already killed."""
    from arm_orchlint.core.signals import exit_code

    try:
        sys.stderr.write("\n" if isinstance(exc, KeyboardInterrupt) else "")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    os._exit(exit_code(exc)) if _in_doubt() else sys.exit(exit_code(exc))


def _in_doubt() -> bool:
    """Whether non-daemon threads could keep the process alive on sys.exit."""
    import threading

    return any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread())
