"""The ``arm-orchlint`` command.

``arm-orchlint PATH...`` (paths and nothing else) is by far the most common invocation,
in pre-commit hooks especially, and importing click costs about as much as starting
Python.  So that form runs the check directly, with the same defaults, output, exit codes
and error lines as ``cli.py``; so does the CI form, paths with ``--format FORMAT`` (or
``-f FORMAT``) pairs.  Every other command line goes through click.
"""

from __future__ import annotations

import os
import sys

_SUBCOMMANDS = frozenset({"check", "rules", "explain", "diff", "lsp", "show", "migrate"})
_FORMAT_OPTIONS = ("--format", "-f")


def plain_paths(args: list[str]) -> list[str] | None:
    """``args`` when they are only paths (no option, no subcommand, no shell completion
    request, not on Windows where click expands wildcards itself), else None."""
    if not args or os.name == "nt" or args[0] in _SUBCOMMANDS or "_ARM_ORCHLINT_COMPLETE" in os.environ:
        return None
    if any(not arg or arg.startswith("-") for arg in args):
        return None
    return list(args)


def paths_and_formats(args: list[str]) -> tuple[list[str], list[str]] | None:
    """(paths, ``--format`` values in order) when ``args`` are paths and ``--format VALUE``
    or ``-f VALUE`` pairs (two words each) and nothing else, else None (click's route).
    Click takes the word after ``--format`` as its value whatever it is; a value that looks
    like an option, or a missing one, is left to click."""
    paths: list[str] = []
    formats: list[str] = []
    words = iter(args)
    for word in words:
        if word in _FORMAT_OPTIONS:
            value = next(words, "")
            if not value or value.startswith("-"):
                return None
            formats.append(value)
        else:
            paths.append(word)
    if plain_paths(paths) is None:  # (the first word, when a path, is not a subcommand)
        return None
    return paths, formats


def main() -> None:
    from arm_orchlint.core.signals import Terminated, install

    install()  # SIGTERM unwinds the run like Ctrl-C does
    from arm_orchlint.core.gcpolicy import collector_off_until_exit

    collector_off_until_exit()  # (the language server, which lives long, turns it back on)
    found = paths_and_formats(sys.argv[1:])
    if found is None:
        from arm_orchlint.cli.app import main as click_main

        click_main()
        return
    paths, formats = found
    from arm_orchlint.cli.request import RunRequest
    from arm_orchlint.cli.run import CheckFailure, run_check

    # every other field: its default, as click gives it (--format values: a tuple, in order)
    request = RunRequest(paths=tuple(paths), fmt=tuple(formats)) if formats else RunRequest(paths=tuple(paths))
    try:
        code = run_check(request)
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
        if formats and isinstance(exc, BrokenPipeError):
            # as click's route ends (cli/errors.run_guarded); paths alone keep the answer
            # they have always had: the error line and exit 2
            from arm_orchlint.cli.output import exit_after_closed_pipe

            exit_after_closed_pipe()
        _tool_error(f"{type(exc).__name__}: {exc}")
    sys.exit(code)


def _tool_error(message: str) -> None:
    from arm_orchlint.cli.app import ToolError

    error = ToolError(message)
    error.show()
    sys.exit(error.exit_code)
