"""``arm-orchlint migrate --to Flexible|Uniform PATH...`` (registered in app.py)."""

from __future__ import annotations

import sys

import click

from arm_orchlint import __version__
from arm_orchlint.cli.errors import ToolError, run_guarded

ORCH801_NOTE = (
    "ORCH801 (orchestration-mode-changed) will report the mode change when this version is compared with "
    "the old one (`arm-orchlint diff OLD NEW` or `--against REF`): deploy it as a new scale set, "
    "not as an update of the old one."
)


@click.command("migrate")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--to", "target", required=True, type=click.Choice(["Flexible", "Uniform"]), help="The mode to move to.")
@click.option(
    "--resource",
    "names",
    multiple=True,
    metavar="NAME",
    help="Only this scale set (name or symbolic name; repeatable).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "sarif", "github", "azure", "junit"]),
    default="text",
    show_default=True,
    help="Output format (markdown: a summary table, e.g. for a pull request comment).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file.")
@click.option(
    "--parameters", "-p", "parameter_files", multiple=True, type=click.Path(), help="Parameter file (repeatable)."
)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="One parameter value (repeatable).")
@click.option("--fix", is_flag=True, help="Write the migrated template: orchestrationMode and the safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply the unsafe fixes.")
@click.option(
    "--diff", "show_diff", is_flag=True, help="Print what --fix would write as a unified diff (exit 1 if any)."
)
@click.option("--root", type=click.Path(file_okay=False), default=".", help="Folder that SARIF URIs are relative to.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Read this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def migrate_cmd(
    paths,
    target,
    names,
    fmt,
    output,
    parameter_files,
    params,
    fix,
    unsafe_fixes,
    show_diff,
    root,
    config_file,
    isolated,
    debug,
):
    """Show what blocks moving scale sets to another orchestration mode (and, with --fix, write the move)."""
    run_guarded(
        debug,
        _run,
        paths,
        target,
        names,
        fmt,
        output,
        parameter_files,
        params,
        fix,
        unsafe_fixes,
        show_diff,
        root,
        config_file,
        isolated,
        debug,
    )


def _run(
    paths,
    target,
    names,
    fmt,
    output,
    parameter_files,
    params,
    fix,
    unsafe_fixes,
    show_diff,
    root,
    config_file,
    isolated,
    debug,
) -> int:
    from arm_orchlint.cli import run as checkrun
    from arm_orchlint.front.discovery import DiscoveryError, discover
    from arm_orchlint.front.parameter_files import ParameterError, parse_param_option
    from arm_orchlint.lint import migrate
    from arm_orchlint.lint.engine import Linter, Options
    from arm_orchlint.report import ReportContext
    from arm_orchlint.rules.registry import CatalogError

    if not paths:
        raise click.UsageError("no paths given")
    try:
        config = checkrun.load_config(config_file, isolated)
        registry = checkrun.load_registry(config, False)[0]  # no plugin code (issue 14)
        inputs = [i.path for i in discover(list(paths)) if not config.excluded(i.path)]
        options = Options(
            parameter_files=list(parameter_files),
            params=[parse_param_option(p) for p in params],
            select=config.select,
            ignore=config.ignore or [],
            severity=checkrun.severity_overrides(registry, config.severity, config.path or "config"),
            debug=debug,
            per_file_ignores=config.per_file_ignores,
            config_root=config.root,
        )
        linter = Linter(registry, options)
        plan = migrate.plan(linter, inputs, target, list(names), config.parameter_files_for)
    except (checkrun.CheckFailure, CatalogError, DiscoveryError, ParameterError) as exc:
        raise ToolError(getattr(exc, "message", str(exc))) from None
    if names and not plan:
        print(f"arm-orchlint: no scale set named {', '.join(names)} that is not {target} already", file=sys.stderr)
    context = ReportContext(registry=registry, version=__version__, root=root)
    context.extra.update(target=target, in_place=migrate.IN_PLACE, unsafe_fixes=unsafe_fixes)
    if show_diff:  # what --fix would write; nothing is written
        from arm_orchlint.cli.fix_run import diff_text, fix_paths

        outcome, _ = fix_paths(
            linter,
            inputs,
            config.parameter_files_for,
            unsafe_fixes,
            start=migrate.start_texts(plan),
            only=_new_findings(linter, plan, config.parameter_files_for),
        )
        sys.stdout.write(diff_text(outcome))
        return 1 if outcome.changed else 0
    if fix and plan:
        plan = _write(linter, inputs, plan, config.parameter_files_for, unsafe_fixes, context)
    text = _render(fmt, plan, context)
    from arm_orchlint.cli.output import OutputError, write_file, write_stdout

    if output:
        try:
            write_file(output, text)  # atomic, never through a symlink (issue 14)
        except OutputError as exc:
            raise ToolError(str(exc)) from None
    else:
        write_stdout(text)
    return 1 if any(m.blockers for m in plan) else 0


def _write(linter, inputs, plan, params_for, unsafe, context):
    """Write the mode changes and the fixes; what is left are the blockers to handle by hand."""
    from arm_orchlint.cli.fix_run import fix_paths, write_fixed
    from arm_orchlint.lint import migrate

    start = migrate.start_texts(plan)
    only = _new_findings(linter, plan, params_for)
    outcome, workspace = fix_paths(linter, inputs, params_for, unsafe, start=start, only=only)
    written = write_fixed(outcome, workspace)
    left = {}
    for path in dict.fromkeys(m.input for m in plan):
        for result in _lint(linter, path, params_for):
            for f in result.findings:
                left.setdefault((f.rule_id, f.resource, f.property_path), f)
    for m in plan:
        kept = []
        for b in m.blockers:
            now = left.get((b.finding.rule_id, b.finding.resource, b.finding.property_path))
            if now is not None:
                b.finding = now
                kept.append(b)
        m.blockers = kept
    fixed = len(outcome.applied)
    context.extra["written"] = (
        f"Wrote {len(written)} file(s): orchestrationMode of {len(plan)} scale set(s) and {fixed} fix(es). "
        + ORCH801_NOTE
    )
    return plan


def _new_findings(linter, plan, params_for):
    """A filter for the fixes: only findings the move introduces (the blockers, and what
    their fixes lead to), never the template's own findings of before."""
    before = set()
    for path in dict.fromkeys(m.input for m in plan):
        for result in _lint(linter, path, params_for):
            before |= {(f.rule_id, f.resource, f.property_path) for f in result.findings}
    return lambda f: (f.rule_id, f.resource, f.property_path) not in before


def _lint(linter, path, params_for):
    from arm_orchlint.lint.jobs import lint_all

    return lint_all(linter, [path], 1, (), params_for)


def _render(fmt: str, plan, context) -> str:
    from arm_orchlint.report import migration

    if fmt == "text":
        return migration.render_text(plan, context)
    if fmt == "markdown":
        return migration.render_markdown(plan, context)
    if fmt == "json":
        return migration.render_json(plan, context)
    from arm_orchlint.lint.options import FileResult
    from arm_orchlint.report import render

    by_path: dict[str, list] = {}
    for m in plan:
        by_path.setdefault(m.input, [])
    for f, m in ((f, m) for m in plan for f in migration.as_findings([m])):
        by_path.setdefault(m.input, []).append(f)
    results = [FileResult(path, "template", findings) for path, findings in by_path.items()]
    from arm_orchlint.cli.output import append_step_summary

    text = render(fmt, results, context)
    append_step_summary(fmt, results, context)
    return text
