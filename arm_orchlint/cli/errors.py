"""How the click commands fail: one line on stderr and exit 2 for a tool error."""

from __future__ import annotations

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
    try:
        code = command(*args)
    except click.ClickException:
        raise
    except Exception as exc:
        if debug:
            raise
        raise ToolError(f"{type(exc).__name__}: {exc}") from None
    sys.exit(code)
