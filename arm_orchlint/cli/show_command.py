"""``arm-orchlint show PATH...``: each scale set as the linter reads it (registered in app.py)."""

from __future__ import annotations

import click


@click.command("show")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--parameters",
    "-p",
    "parameter_files",
    multiple=True,
    type=click.Path(),
    help="ARM parameter file or .bicepparam (repeatable).",
)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="One parameter value (repeatable).")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
def show_cmd(paths, fmt, parameter_files, params, isolated):
    """Show each scale set's effective configuration: mode (and whether it is assumed),
    fault domains, zones, single placement group, capacity, upgrade policy, and the
    parameter each value came from, so you can see why a rule did or did not fire."""
    import json

    from arm_orchlint.cli.errors import ToolError
    from arm_orchlint.cli.run import CheckFailure, load_config, load_registry
    from arm_orchlint.front.parameter_files import ParameterError, parse_param_option
    from arm_orchlint.lint.engine import Linter, Options
    from arm_orchlint.lint.show import ShowError, scale_sets, text_lines
    from arm_orchlint.rules.registry import CatalogError

    try:
        config = load_config(None, isolated)
        registry = load_registry(config, False)[0]  # no plugin code (issue 14): declarative rules only
        options = Options(parameter_files=list(parameter_files), params=[parse_param_option(p) for p in params])
        linter = Linter(registry, options)
        views = []
        for path in paths:
            views += scale_sets(linter, path, parameter_files=config.parameter_files_for(path))
    except (CheckFailure, CatalogError, ParameterError, ShowError) as exc:
        raise ToolError(getattr(exc, "message", None) or str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(views, indent=2))
        return
    if not views:
        click.echo("no scale sets")
    for i, view in enumerate(views):
        if i:
            click.echo("")
        click.echo("\n".join(text_lines(view)))
