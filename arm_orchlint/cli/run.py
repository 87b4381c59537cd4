"""The body of ``arm-orchlint [check] PATH...`` without click, so that the common
invocation (paths only) can run without importing it (see ``entry.py``).  Problems are
raised as ``CheckFailure``; cli.py turns them into click's usage and tool errors."""

from __future__ import annotations

import os
import sys

from arm_orchlint import __version__
from arm_orchlint.core.findings import SEVERITY_RANK

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class CheckFailure(Exception):
    """A usage error (``usage``) or a failure reported as one line (exit 2)."""

    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.message = message
        self.usage = usage


def split(values) -> list[str]:
    out = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def load_config(config_file, isolated, allow_plugins=False):
    from arm_orchlint.config.settings import ConfigError, resolve_config

    if config_file and isolated:
        raise CheckFailure(usage=True, message="--config and --isolated cannot be used together")
    if allow_plugins and isolated:
        raise CheckFailure(usage=True, message="--allow-plugins and --isolated cannot be used together")
    try:
        return resolve_config(config_file, isolated)
    except ConfigError as exc:
        raise CheckFailure(str(exc)) from None


def load_registry(config, allow_plugins: bool, root=None, paths=()):
    """The rules of a run.  Code from outside the tool -- Python checks in rule-dirs and
    entry-point plugins -- loads only when the user asks for it: ``--allow-plugins``, or
    ``allow-plugins = true`` in a file named by ``--config`` (never a configuration found
    in the checkout under review).  Rule files must be inside the checkout."""
    from arm_orchlint.front.checkout import configure
    from arm_orchlint.rules.registry import CatalogError, Registry

    configure(root, list(paths))
    allow = bool(allow_plugins or config.allow_plugins)
    try:
        registry = Registry.default(config.rule_dirs, entry_points=allow, dir_code=allow, named_from=config.path)
    except CatalogError as exc:
        raise CheckFailure(str(exc)) from None
    return registry, allow


def warn(message: str) -> None:
    """A problem that does not stop the run, on stderr (as ruff words its warnings)."""
    sys.stderr.write(f"arm-orchlint: warning: {message}\n")
    sys.stderr.flush()


def check_selection(registry, select, ignore, config) -> None:
    """Unknown rule selectors are usage errors: a typo must not select nothing."""
    from arm_orchlint.cli.selection import config_problem, option_problem

    for option, values in (("--select", select), ("--ignore", ignore)):
        problem = option_problem(registry, option, split(values))
        if problem:
            raise CheckFailure(usage=True, message=problem)
    problem = config_problem(registry, config)
    if problem:
        raise CheckFailure(problem)


def severity_overrides(registry, severity: dict, where: str) -> dict:
    out = {}
    for key, level in severity.items():
        rule = registry.get(key)
        if rule is None:
            from arm_orchlint.rules.selectors import unknown_message

            raise CheckFailure(f"{where}: severity: {unknown_message(registry, key, 'rule')}")
        out[rule.id] = level
    return out


def run_check(
    paths,
    fmt,
    output,
    parameter_files,
    params,
    select,
    ignore,
    fail_level,
    exit_zero,
    root,
    statistics,
    no_explore,
    jobs,
    debug,
    against=None,
    config_file=None,
    isolated=False,
    fix=False,
    unsafe_fixes=False,
    show_diff=False,
    allow_plugins=False,
) -> int:
    from arm_orchlint.front.discovery import DiscoveryError, discover
    from arm_orchlint.front.gitrev import GitError
    from arm_orchlint.front.parameter_files import ParameterError, parse_param_option
    from arm_orchlint.lint.engine import Linter, Options
    from arm_orchlint.lint.jobs import lint_all
    from arm_orchlint.report import ReportContext
    from arm_orchlint.rules.registry import CatalogError

    if not paths:
        raise CheckFailure(usage=True, message="no paths given (try `arm-orchlint --help`)")
    if output:
        from arm_orchlint.cli.output import OutputError, check_target

        try:
            check_target(output)  # before linting: a bad target fails fast
        except OutputError as exc:
            raise CheckFailure(str(exc)) from None
    config = load_config(config_file, isolated, allow_plugins)
    registry, allowed = load_registry(config, allow_plugins, root, paths)
    try:
        parsed_params = [parse_param_option(p) for p in params]
        inputs = discover(list(paths))
    except (CatalogError, DiscoveryError, ParameterError) as exc:
        raise CheckFailure(str(exc)) from None
    check_selection(registry, select, ignore, config)
    excluded = [item for item in inputs if config.excluded(item.path)]
    inputs = [item for item in inputs if not config.excluded(item.path)]
    # Options given on the command line replace the configuration file's values.
    options = Options(
        parameter_files=list(parameter_files),
        params=parsed_params,
        select=split(select) or config.select,
        ignore=split(ignore) or config.ignore or [],
        severity=severity_overrides(registry, config.severity, config.path or "config"),
        explore=not no_explore,
        debug=debug,
        per_file_ignores=config.per_file_ignores,
        config_root=config.root,
        root=root,
        arguments=list(paths),
        allow_plugins=allowed,
        config_path=config.path,
    )
    fail_level = fail_level or config.fail_level or "warning"
    linter = Linter(registry, options)
    try:
        if fix or show_diff:  # --diff wins: it never writes
            from arm_orchlint.cli.fix_run import run_fix_step

            code = run_fix_step(
                linter, [item.path for item in inputs], config.parameter_files_for, unsafe_fixes, write=not show_diff
            )
            if code is not None:
                return code
        compare = compare_against(against, paths, linter) if against else None
        results = lint_all(linter, [item.path for item in inputs], jobs, config.rule_dirs, config.parameter_files_for)
        if compare is not None:
            for result in results:
                compare(result)
    except (ParameterError, GitError) as exc:
        raise CheckFailure(str(exc)) from None
    from arm_orchlint.cli.inputs import input_warnings, param_warnings

    for message in input_warnings(paths, excluded, results, config.path) + param_warnings(parsed_params, results):
        warn(message)
    stream_is_tty = output is None and sys.stdout is not None and sys.stdout.isatty()
    context = ReportContext(
        registry=registry,
        version=__version__,
        root=root or ".",
        statistics=statistics,
        color=stream_is_tty and not os.environ.get("NO_COLOR"),
    )
    context.extra["unsafe_fixes"] = unsafe_fixes
    return emit(results, fmt, output, context, fail_level, exit_zero)


def emit(results, fmt, output, context, fail_level, exit_zero) -> int:
    """Write the report (to ``output`` or standard output) and return the exit code."""
    from arm_orchlint.cli.output import OutputError, write_file, write_stdout
    from arm_orchlint.report import render

    text = render(fmt, results, context)
    if output:
        try:
            write_file(output, text)
        except OutputError as exc:
            raise CheckFailure(str(exc)) from None
    else:
        write_stdout(text)
    threshold = SEVERITY_RANK[fail_level]
    failing = any(SEVERITY_RANK[f.severity] >= threshold for r in results for f in r.findings if f.suppression is None)
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_CLEAN


def compare_against(ref, paths, linter):
    """For --against: a function adding diff findings to a file's result (git errors raise early)."""
    from arm_orchlint.diff.compare import Differ

    differ = Differ(linter.registry, linter=linter)
    return differ.against_revision(ref, list(paths))
