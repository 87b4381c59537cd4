"""Click options that several commands take with the same meaning (one declaration each)."""

from __future__ import annotations

import click

_SELECTION = (
    click.option(
        "--select",
        multiple=True,
        metavar="RULES",
        help="Only these rules (ids, id prefixes or names; comma-separated).",
    ),
    click.option(
        "--ignore",
        multiple=True,
        metavar="RULES",
        help="Skip these rules (ids, id prefixes or names; comma-separated).",
    ),
    click.option(
        "--fail-level",
        type=click.Choice(["error", "warning", "note"]),
        default=None,
        help="Lowest severity that makes the exit code 1.  [default: warning]",
    ),
    click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings."),
)


def selection_options(command):
    """--select, --ignore, --fail-level and --exit-zero, in that order in --help."""
    for option in reversed(_SELECTION):
        command = option(command)
    return command
