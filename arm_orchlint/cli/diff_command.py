"""``arm-orchlint diff OLD NEW``: compare two versions of a template (registered in cli.py)."""

from __future__ import annotations

import os
import sys

import click

from arm_orchlint import __version__


@click.command("diff")
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.option(
    "--parameters-old",
    "-P",
    "old_parameters",
    multiple=True,
    type=click.Path(),
    help="Parameter file for OLD (repeatable).",
)
@click.option(
    "--parameters-new",
    "-p",
    "new_parameters",
    multiple=True,
    type=click.Path(),
    help="Parameter file for NEW (repeatable).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github", "azure", "junit"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--select", multiple=True, metavar="RULES", help="Only these rules (ids, id prefixes or names; comma-separated)."
)
@click.option(
    "--ignore", multiple=True, metavar="RULES", help="Skip these rules (ids, id prefixes or names; comma-separated)."
)
@click.option(
    "--fail-level",
    type=click.Choice(["error", "warning", "note"]),
    default="warning",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--root", type=click.Path(file_okay=False), default=".", help="Folder that SARIF URIs are relative to.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def diff_cmd(old, new, old_parameters, new_parameters, fmt, output, select, ignore, fail_level, exit_zero, root, debug):
    """Report create-time changes from OLD to NEW that Azure refuses on redeploy.

    Both files are ARM JSON or Bicep; each version is evaluated with its own parameter
    files. Findings are located in NEW. Only the version-diff rules run; lint NEW on its
    own with `arm-orchlint NEW`, or use `arm-orchlint --against REF PATH` for both.
    """
    from arm_orchlint.cli.errors import run_guarded

    run_guarded(
        debug,
        _run,
        old,
        new,
        old_parameters,
        new_parameters,
        fmt,
        output,
        select,
        ignore,
        fail_level,
        exit_zero,
        root,
        debug,
    )


def _run(
    old, new, old_parameters, new_parameters, fmt, output, select, ignore, fail_level, exit_zero, root, debug
) -> int:
    from arm_orchlint.cli.errors import ToolError
    from arm_orchlint.cli.run import split as _split
    from arm_orchlint.diff.compare import Differ, DiffInputError
    from arm_orchlint.front.parameter_files import ParameterError
    from arm_orchlint.lint.engine import Options
    from arm_orchlint.report import ReportContext
    from arm_orchlint.rules.registry import CatalogError, Registry

    for path in (old, new):
        if not os.path.exists(path):
            raise ToolError(f"path not found: {path}")
    if output:
        from arm_orchlint.cli.output import OutputError, check_target

        try:
            check_target(output)
        except OutputError as exc:
            raise ToolError(str(exc)) from None
    try:
        registry = Registry.default()
        from arm_orchlint.cli.selection import option_problem

        for option, values in (("--select", select), ("--ignore", ignore)):
            problem = option_problem(registry, option, _split(values))
            if problem:
                raise click.UsageError(problem)
        options = Options(select=_split(select) or None, ignore=_split(ignore), debug=debug)
        results = Differ(registry, options).diff_files(old, new, list(old_parameters), list(new_parameters))
    except (CatalogError, ParameterError, DiffInputError) as exc:
        raise ToolError(str(exc)) from None
    color = output is None and sys.stdout is not None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    from arm_orchlint.cli.run import emit

    return emit(
        results,
        fmt,
        output,
        ReportContext(registry=registry, version=__version__, root=root, color=color),
        fail_level,
        exit_zero,
    )
