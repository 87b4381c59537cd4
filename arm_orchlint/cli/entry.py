"""The ``arm-orchlint`` command.

``arm-orchlint PATH...`` (paths and nothing else) is by far the most common invocation,
in pre-commit hooks especially, and importing click costs about as much as starting
Python.  So that form runs the check directly, with the same defaults, output, exit codes
and error lines as ``cli.py``; every other command line goes through click.
"""

from __future__ import annotations

import os
import sys

_SUBCOMMANDS = frozenset({"check", "rules", "explain", "diff", "lsp", "show", "migrate"})


def plain_paths(args: list[str]) -> list[str] | None:
    """``args`` when they are only paths (no option, no subcommand, no shell completion
    request, not on Windows where click expands wildcards itself), else None."""
    if not args or os.name == "nt" or args[0] in _SUBCOMMANDS or "_ARM_ORCHLINT_COMPLETE" in os.environ:
        return None
    if any(not arg or arg.startswith("-") for arg in args):
        return None
    return list(args)


def main() -> None:
    from arm_orchlint.core.signals import Terminated, install

    install()  # SIGTERM unwinds the run like Ctrl-C does
    from arm_orchlint.core.gcpolicy import collector_off_until_exit

    collector_off_until_exit()  # (the language server, which lives long, turns it back on)
    paths = plain_paths(sys.argv[1:])
    if paths is None:
        from arm_orchlint.cli.app import main as click_main

        click_main()
        return
    from arm_orchlint.cli.request import RunRequest
    from arm_orchlint.cli.run import CheckFailure, run_check

    try:
        code = run_check(RunRequest(paths=tuple(paths)))  # every other field: its default
    except (KeyboardInterrupt, Terminated) as exc:
        from arm_orchlint.cli.errors import interrupted

        interrupted(exc)  # exit 130 (SIGINT) or 143 (SIGTERM), no traceback
    except CheckFailure as exc:
        if exc.usage:  # not expected with paths given; click words usage errors itself
            from arm_orchlint.cli.app import main as click_main

            click_main()
            return
        _tool_error(exc.message)
    except Exception as exc:
        _tool_error(f"{type(exc).__name__}: {exc}")
    sys.exit(code)


def _tool_error(message: str) -> None:
    from arm_orchlint.cli.app import ToolError

    error = ToolError(message)
    error.show()
    sys.exit(error.exit_code)
