"""``arm-orchlint diff OLD NEW``: compare two versions of a template (registered in cli.py)."""

from __future__ import annotations

import click

from arm_orchlint.cli.shared_options import selection_options


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
@selection_options
@click.option("--root", type=click.Path(file_okay=False), default=None, help="Folder that SARIF URIs are relative to.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Read this configuration file instead of looking for one.",
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files (and plugins).")
@click.option(
    "--allow-plugins", is_flag=True, help="Load Python checks from rule-dirs and installed entry-point plugins."
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def diff_cmd(
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
    config_file,
    isolated,
    allow_plugins,
    debug,
):
    """Report create-time changes from OLD to NEW that Azure refuses on redeploy.

    Both files are ARM JSON or Bicep; each version is evaluated with its own parameter
    files. Findings are located in NEW. Only the version-diff rules run; lint NEW on its
    own with `arm-orchlint NEW`, or use `arm-orchlint --against REF PATH` for both.  The
    configuration file (ignore, severity, rule-dirs, per-file-ignores, fail-level) is read
    as `check` reads it.
    """
    from arm_orchlint.cli.errors import run_guarded
    from arm_orchlint.cli.request import RunRequest

    request = RunRequest(
        paths=(new,),
        fmt=fmt,
        output=output,
        parameter_files=tuple(new_parameters),
        old_parameters=tuple(old_parameters),
        select=select,
        ignore=ignore,
        fail_level=fail_level,
        exit_zero=exit_zero,
        root=root,
        config_file=config_file,
        isolated=isolated,
        allow_plugins=allow_plugins,
        debug=debug,
    )
    run_guarded(debug, _run, old, new, request)


def _run(old, new, request) -> int:
    from arm_orchlint.cli import run as checkrun
    from arm_orchlint.cli.errors import ToolError

    try:
        return checkrun.run_diff(old, new, request)
    except checkrun.CheckFailure as exc:
        raise (click.UsageError(exc.message) if exc.usage else ToolError(exc.message)) from None
