"""Command line: ``arm-orchlint [OPTIONS] PATH...`` plus ``rules`` and ``explain``.

Exit codes: 0 nothing at or above the fail level, 1 findings, 2 usage error or a failure
of the tool itself (one line on stderr; the traceback only with ``--debug``).
"""

from __future__ import annotations

import click

from arm_orchlint import __version__
from arm_orchlint.cli import run as checkrun
from arm_orchlint.cli.errors import ToolError, run_guarded
from arm_orchlint.cli.shared_options import selection_options

IMPLIED = "arm-orchlint.implied-check"


class DefaultGroup(click.Group):
    """A group whose default command is ``check``: ``arm-orchlint t.json`` == ``arm-orchlint check t.json``.

    ``arm-orchlint --help`` shows the lint options too (linting is what the command is for),
    and a usage error in the implied ``check`` names the command as typed."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
            ctx.meta[IMPLIED] = True
        elif not args:
            args = ["check"]
            ctx.meta[IMPLIED] = True
        return super().parse_args(ctx, args)

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, "[OPTIONS] PATH...")
        formatter.write_usage(ctx.command_path, "COMMAND [ARGS]...", prefix=" " * len("Usage: "))

    def format_options(self, ctx, formatter):
        check = self.commands["check"]
        records: dict = {}
        for param in [*check.get_params(ctx), *self.get_params(ctx)]:
            record = param.get_help_record(ctx) if isinstance(param, click.Option) else None
            if record is not None:
                records.setdefault(record[0], record)
        records = list(records.values())
        with formatter.section("Options (for linting PATH...)"):
            formatter.write_dl(records)
        self.format_commands(ctx, formatter)


class _CheckContext(click.Context):
    @property
    def command_path(self) -> str:
        # `arm-orchlint --bad x.json` is the user's command: say `arm-orchlint`, not `arm-orchlint check`
        if self.parent is not None and self.parent.meta.get(IMPLIED):
            return self.parent.command_path
        return super().command_path


class CheckCommand(click.Command):
    context_class = _CheckContext


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="arm-orchlint", message="%(prog)s %(version)s")
def cli():
    """Lint Azure ARM templates and Bicep files for VM Scale Set orchestration-mode mistakes.

    Run `arm-orchlint PATH...` to lint files and folders, `arm-orchlint rules` to list
    the rules and `arm-orchlint explain RULE` to read one.
    """


_split = checkrun.split
emit = checkrun.emit
_against = checkrun.compare_against


@cli.command("check", cls=CheckCommand)
@click.argument("paths", nargs=-1, type=click.Path(), metavar="PATH...")
@click.option(
    "--format",
    "-f",
    "fmt",
    multiple=True,
    metavar="FORMAT[=FILE]",
    help="Output format: text, json, sarif, github, azure or junit (default text). Repeatable: "
    "FORMAT=FILE writes that format to FILE in the same run, e.g. -f text -f sarif=results.sarif.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Lint standard input (path '-') as if it were this file: its name decides the kind and where modules are read from.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in text output; auto: on a terminal, off with NO_COLOR, on with FORCE_COLOR.",
)
@click.option(
    "--sarif-category",
    metavar="CATEGORY",
    help="SARIF runs[].automationDetails.id category (separates several uploads of one commit).  [default: arm-orchlint]",
)
@click.option(
    "--baseline",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Report only findings that this baseline file (from --write-baseline) does not record.",
)
@click.option(
    "--write-baseline",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Record today's findings in FILE (exit 0); later runs with --baseline FILE report only new ones.",
)
@click.option(
    "--sarif-omit-suppressed",
    is_flag=True,
    help="Leave suppressed findings out of SARIF (code scanning ignores SARIF suppressions).",
)
@click.option(
    "--parameters",
    "-p",
    "parameter_files",
    multiple=True,
    type=click.Path(),
    help="ARM parameter file or .bicepparam (repeatable).",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="One parameter value (JSON or plain string; repeatable).",
)
@selection_options
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    default=None,
    help="The checkout: SARIF URIs are relative to it and templates may only make the linter read files "
    "inside it.  [default: the git work tree of each input, else the current folder]",
)
@click.option("--statistics", is_flag=True, help="Print only the counts per rule instead of the findings.")
@click.option(
    "--no-explore",
    is_flag=True,
    help="Do not try allowedValues (of parameters without a value, and of defaulted ones for values that never deploy).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes (0 = all cores); output order never changes.",
)
@click.option(
    "--against",
    metavar="REF",
    help="Also compare each template with its version at git revision REF (version-diff rules).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="Read this configuration file instead of looking for one.",
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files (and plugins).")
@click.option(
    "--allow-plugins",
    is_flag=True,
    help="Load Python checks from rule-dirs and installed entry-point plugins (off by default: "
    "a configuration in the checkout may only add declarative rules).",
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes to the files, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply (and count as fixable) fixes that may change behaviour.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff instead (exit 1 if any).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(**options):
    """Lint templates (ARM JSON, Bicep) given as files or folders ('-': standard input)."""
    from arm_orchlint.cli.request import RunRequest

    # every option's name is a RunRequest field
    run_guarded(options["debug"], _run_check, RunRequest(**options))


def _load_config(config_file, isolated, allow_plugins=False):
    try:
        return checkrun.load_config(config_file, isolated, allow_plugins)
    except checkrun.CheckFailure as exc:
        raise _click_error(exc) from None


def _registry(config_file, isolated, allow_plugins):
    """The rules ``rules`` and ``explain`` show: the same trust as a check run."""
    try:
        config = checkrun.load_config(config_file, isolated, allow_plugins)
        return checkrun.load_registry(config, allow_plugins)[0]
    except checkrun.CheckFailure as exc:
        raise _click_error(exc) from None


def _trust_options(command):
    """--config, --isolated and --allow-plugins, as ``check`` has them."""
    command = click.option(
        "--allow-plugins", is_flag=True, help="Load Python checks from rule-dirs and entry-point plugins."
    )(command)
    command = click.option("--isolated", is_flag=True, help="Ignore configuration files (and plugins).")(command)
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        help="Read this configuration file instead of looking for one.",
    )(command)


def _run_check(*args, **kwargs) -> int:
    try:
        return checkrun.run_check(*args, **kwargs)
    except checkrun.CheckFailure as exc:
        raise _click_error(exc) from None


def _click_error(exc: "checkrun.CheckFailure") -> click.ClickException:
    return click.UsageError(exc.message) if exc.usage else ToolError(exc.message)


@cli.command("rules")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_trust_options
def rules_cmd(fmt, config_file, isolated, allow_plugins):
    """List the rule catalog: id, name, severity, modes and summary."""
    import json

    registry = _registry(config_file, isolated, allow_plugins)
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in registry.rules], indent=2))
        return
    click.echo(rules_table(registry.rules), nl=False)


RULES_WIDTH = 100


def rules_table(rules) -> str:
    """A header, then per rule a line of id, severity, modes and name and the summary
    wrapped below it, all within 100 columns."""
    import textwrap

    id_w = max([len("ID"), *(len(r.id) for r in rules)])
    modes_w = max([len("MODES"), *(len(",".join(r.modes)) for r in rules)])
    indent = " " * (id_w + 2)
    lines = [f"{'ID':<{id_w}}  {'SEVERITY':<8}  {'MODES':<{modes_w}}  NAME", f"{indent}SUMMARY"]
    for r in rules:
        lines.append(f"{r.id:<{id_w}}  {r.severity:<8}  {','.join(r.modes):<{modes_w}}  {r.name}"[:RULES_WIDTH])
        lines += textwrap.wrap(r.summary, RULES_WIDTH, initial_indent=indent, subsequent_indent=indent) or [indent]
    return "\n".join(line.rstrip() for line in lines) + "\n"


@cli.command("explain")
@click.argument("rule")
@_trust_options
def explain_cmd(rule, config_file, isolated, allow_plugins):
    """Show a rule's full explanation, with a bad and a good example."""
    registry = _registry(config_file, isolated, allow_plugins)
    found = registry.get(rule)
    if found is None:
        from arm_orchlint.rules.selectors import unknown_message

        raise click.BadParameter(unknown_message(registry, rule, "rule"), param_hint="'RULE'")
    click.echo(found.explain_text(), nl=False)


@cli.command("lsp")
@click.option(
    "--stdio",
    is_flag=True,
    help="Talk over standard input and output (the only transport; accepted for clients that pass it).",
)
def lsp_cmd(stdio):
    """Run the language server (needs the extra: pip install "arm-orchlint[lsp]")."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError as exc:
        raise ToolError(
            f'the language server needs the "lsp" extra ({exc.name} is not installed): pip install "arm-orchlint[lsp]"'
        ) from None
    from arm_orchlint.core.gcpolicy import collector_on
    from arm_orchlint.lsp.server import main as serve

    collector_on()  # a long-lived process: its garbage must be collected as it goes

    serve()


from arm_orchlint.cli.diff_command import diff_cmd

cli.add_command(diff_cmd)

from arm_orchlint.cli.show_command import show_cmd

cli.add_command(show_cmd)

from arm_orchlint.cli.migrate_command import migrate_cmd

cli.add_command(migrate_cmd)


def main() -> None:
    from arm_orchlint.cli.errors import interrupted
    from arm_orchlint.core.signals import Terminated, install

    install()
    try:
        cli.main(prog_name="arm-orchlint", standalone_mode=True)
    except (KeyboardInterrupt, Terminated) as exc:
        interrupted(exc)
