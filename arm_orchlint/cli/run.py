"""The body of ``arm-orchlint [check] PATH...`` without click, so that the common
invocation (paths only) can run without importing it (see ``entry.py``).  Problems are
raised as ``CheckFailure``; cli.py turns them into click's usage and tool errors."""

from __future__ import annotations

import os
import sys

from arm_orchlint import __version__
from arm_orchlint.cli.request import DEFAULT_FAIL_LEVEL, RunRequest
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


def prepare(request: RunRequest):
    """The configuration, registry, lint options and fail level of one run: command-line
    options replace the configuration file's values.  Raises CheckFailure."""
    from arm_orchlint.front.parameter_files import ParameterError, parse_param_option
    from arm_orchlint.lint.engine import Options

    config = load_config(request.config_file, request.isolated, request.allow_plugins)
    registry, allowed = load_registry(config, request.allow_plugins, request.root, request.paths)
    try:
        parsed_params = [parse_param_option(p) for p in request.params]
    except ParameterError as exc:
        raise CheckFailure(str(exc)) from None
    check_selection(registry, request.select, request.ignore, config)
    options = Options(
        parameter_files=list(request.parameter_files),
        params=parsed_params,
        select=split(request.select) or config.select,
        ignore=split(request.ignore) or config.ignore or [],
        severity=severity_overrides(registry, config.severity, config.path or "config"),
        explore=not request.no_explore,
        debug=request.debug,
        per_file_ignores=config.per_file_ignores,
        config_root=config.root,
        root=request.root,
        arguments=list(request.paths),
        allow_plugins=allowed,
        config_path=config.path,
    )
    fail_level = request.fail_level or config.fail_level or DEFAULT_FAIL_LEVEL
    return config, registry, options, fail_level


def check_output_target(output) -> None:
    if output:
        from arm_orchlint.cli.output import OutputError, check_target

        try:
            check_target(output)  # before linting: a bad target fails fast
        except OutputError as exc:
            raise CheckFailure(str(exc)) from None


def report_context(registry, request: RunRequest):
    from arm_orchlint.cli.formats import use_color
    from arm_orchlint.report import ReportContext

    return ReportContext(
        registry=registry,
        version=__version__,
        root=request.root or ".",
        statistics=request.statistics,
        color=request.output is None and use_color(request.color, sys.stdout),
        extra={"sarif_category": request.sarif_category, "sarif_omit_suppressed": request.sarif_omit_suppressed},
    )


def run_check(request: RunRequest | None = None, **fields) -> int:
    """``arm-orchlint check``; ``fields``: a RunRequest's fields, for callers without one."""
    from arm_orchlint.front.discovery import DiscoveryError, discover
    from arm_orchlint.front.gitrev import GitError
    from arm_orchlint.front.parameter_files import ParameterError
    from arm_orchlint.lint.engine import Linter
    from arm_orchlint.lint.jobs import lint_all

    request = request or RunRequest(**fields)
    paths = tuple(request.paths)
    if not paths and request.stdin_filename:
        paths = ("-",)  # as ruff: --stdin-filename alone reads standard input
    if not paths:
        raise CheckFailure(usage=True, message="no paths given (try `arm-orchlint --help`)")
    if request.stdin_filename and "-" not in paths:
        raise CheckFailure(usage=True, message="--stdin-filename names standard input: add '-' to the paths")
    formats = output_plan(request.fmt, request.output)
    check_output_target(request.output)
    config, registry, options, fail_level = prepare(request)
    try:
        inputs = discover([p for p in paths if p != "-"])
    except DiscoveryError as exc:
        raise CheckFailure(str(exc)) from None
    excluded = [item for item in inputs if config.excluded(item.path)]
    inputs = [item for item in inputs if not config.excluded(item.path)]
    linter = Linter(registry, options)
    try:
        if (request.fix or request.show_diff) and "-" in paths:
            if len(paths) > 1:
                raise CheckFailure(usage=True, message="--fix and --diff with standard input ('-') take no other paths")
            from arm_orchlint.cli.fix_run import run_fix_stdin

            name = request.stdin_filename or "-"
            raw = sys.stdin.buffer.read() if sys.stdin is not None else b""
            threshold = SEVERITY_RANK[fail_level]
            return run_fix_stdin(
                linter,
                name,
                raw,
                config.parameter_files_for,
                request.unsafe_fixes,
                write=not request.show_diff,
                failing=lambda left: (
                    not request.exit_zero and any(SEVERITY_RANK[f.severity] >= threshold for f in left)
                ),
            )
        if request.fix or request.show_diff:  # --diff wins: it never writes
            from arm_orchlint.cli.fix_run import run_fix_step

            code = run_fix_step(
                linter,
                [item.path for item in inputs],
                config.parameter_files_for,
                request.unsafe_fixes,
                write=not request.show_diff,
            )
            if code is not None:
                return code
        compare = compare_against(request.against, paths, linter) if request.against else None
        results = lint_all(
            linter, [item.path for item in inputs], request.jobs, config.rule_dirs, config.parameter_files_for
        )
        if "-" in paths:
            results.insert(_stdin_position(paths, inputs), lint_stdin(linter, request.stdin_filename, config))
        if compare is not None:
            for result in results:
                compare(result)
    except (ParameterError, GitError) as exc:
        raise CheckFailure(str(exc)) from None
    if request.write_baseline:
        return write_baseline_file(request.write_baseline, results)
    baseline = request.baseline or config.baseline
    if baseline:
        use_baseline(baseline, results)
    from arm_orchlint.cli.inputs import input_warnings, param_warnings

    for message in input_warnings(paths, excluded, results, config.path) + param_warnings(options.params, results):
        warn(message)
    context = report_context(registry, request)
    context.extra["unsafe_fixes"] = request.unsafe_fixes
    return emit(results, formats, request.output, context, fail_level, request.exit_zero)


def write_baseline_file(path: str, results) -> int:
    """``--write-baseline FILE``: record the findings and exit 0 (adoption, not a verdict)."""
    from arm_orchlint.cli.output import OutputError, write_file
    from arm_orchlint.lint.baseline import baseline_text

    text, count = baseline_text(path, results)
    try:
        write_file(path, text)
    except OutputError as exc:
        raise CheckFailure(str(exc).replace("--output", "--write-baseline", 1)) from None
    files = sum(1 for r in results if r.linted)
    sys.stderr.write(f"arm-orchlint: wrote {count} finding{'s' if count != 1 else ''} from {files} file(s) to {path}\n")
    return EXIT_CLEAN


def use_baseline(path: str, results) -> None:
    """``--baseline FILE``: leave out recorded findings; warn about entries that match nothing."""
    from arm_orchlint.lint.baseline import BaselineError, apply_baseline, describe

    try:
        stale = apply_baseline(path, results)
    except BaselineError as exc:
        raise CheckFailure(str(exc)) from None
    for entry in stale:
        warn(f"{path}: baseline entry no longer matches: {describe(entry)} (fixed? rewrite it with --write-baseline)")


def output_plan(fmt, output) -> list:
    """``[(format, file or None)]`` from the ``--format`` values (a usage error when bad);
    every file named is checked before any linting."""
    from arm_orchlint.cli.formats import FormatError, parse_formats

    try:
        plan = parse_formats([fmt] if isinstance(fmt, str) else fmt, output)
    except FormatError as exc:
        raise CheckFailure(usage=True, message=str(exc)) from None
    from arm_orchlint.cli.output import OutputError, check_target

    for _, target in plan:
        if target:
            try:
                check_target(target)
            except OutputError as exc:
                raise CheckFailure(str(exc).replace("--output", "--format", 1)) from None
    return plan


def _stdin_position(paths, inputs) -> int:
    """Where standard input's result goes among the others: in the order the paths were given."""
    before = set(paths[: paths.index("-")])
    return sum(1 for item in inputs if item.path in before or any(item.path.startswith(p) for p in before))


def lint_stdin(linter, stdin_filename, config):
    """``arm-orchlint - --stdin-filename infra/main.json``: the text comes from standard
    input; the name decides the kind (``.bicep``, JSON), where relative modules and linked
    templates are read from, and which configured parameter files and ignores apply."""
    name = stdin_filename or "-"
    raw = sys.stdin.buffer.read() if sys.stdin is not None else b""
    return linter.lint_job(name, config.parameter_files_for(name), raw=raw)


def run_diff(old: str, new: str, request: RunRequest) -> int:
    """``arm-orchlint diff OLD NEW``, with the configuration read as ``check --against`` reads it."""
    from arm_orchlint.diff.compare import Differ, DiffInputError
    from arm_orchlint.front.parameter_files import ParameterError
    from arm_orchlint.lint.engine import Linter
    from arm_orchlint.rules.registry import CatalogError

    for path in (old, new):
        if not os.path.exists(path):
            raise CheckFailure(f"path not found: {path}")
    check_output_target(request.output)
    _, registry, options, fail_level = prepare(request)
    options.parameter_files = []  # each version has its own
    try:
        differ = Differ(registry, linter=Linter(registry, options))
        results = differ.diff_files(old, new, list(request.old_parameters), list(request.parameter_files))
    except (CatalogError, ParameterError, DiffInputError) as exc:
        raise CheckFailure(str(exc)) from None
    return emit(results, request.fmt, request.output, report_context(registry, request), fail_level, request.exit_zero)


def emit(results, fmt, output, context, fail_level, exit_zero) -> int:
    """Write each report (a file of its own, or ``output``/standard output) and return the
    exit code.  ``fmt`` is a format name or a plan from ``output_plan``."""
    from arm_orchlint.cli.output import OutputError, append_step_summary, write_file, write_stdout
    from arm_orchlint.core.records import replace
    from arm_orchlint.report import render

    plan = [(fmt, None)] if isinstance(fmt, str) else list(fmt)
    context.extra["fail_level"] = fail_level  # JUnit fails only what fails the run
    if context.statistics and all(target for _, target in plan):
        plan.append(("statistics", None))
    for name, target in plan:
        dest = target or output
        # --statistics replaces the report that goes to the terminal (or --output) with the counts
        module = "statistics" if context.statistics and target is None else name
        text = render(module, results, replace(context, color=context.color and dest is None))
        append_step_summary(module, results, context)  # the formatter only formats
        if module == "sarif":
            from arm_orchlint.report.sarif import upload_limit_warnings

            for message in upload_limit_warnings(text, dest):
                warn(message)
        if dest:
            try:
                write_file(dest, text)
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
