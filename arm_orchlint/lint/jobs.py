"""Linting many inputs: one job per input, run in this process or in a process pool,
results in input order and findings that several inputs share reported once."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from arm_orchlint.lint.engine import Linter
    from arm_orchlint.lint.options import FileResult, Options

from arm_orchlint.core.gcpolicy import paused_gc
from arm_orchlint.lint.parameters import bicepparam_target, is_bicepparam

Job = tuple  # (path, extra parameter files, bicepparam-diagnostics-only)


def plan_jobs(paths: list[str]) -> list[Job]:
    """One job per input: ``(path, extra parameter files, bicepparam-diagnostics-only)``.

    When a ``.bicepparam`` file and the template it is ``using`` are both inputs, the
    template is linted once, with the parameter file's values, and the ``.bicepparam``
    job only reports problems of its own (so nothing is reported twice)."""
    targets: dict[str, str] = {}
    for path in paths:
        if is_bicepparam(path):
            target = bicepparam_target(path)
            if target is not None:
                targets.setdefault(_same_file(target), path)
    inputs = {_same_file(p) for p in paths}
    jobs = []
    for path in paths:
        key = _same_file(path)
        if is_bicepparam(path):
            target = bicepparam_target(path)
            own_only = target is not None and _same_file(target) in inputs
            jobs.append((path, [], own_only))
        else:
            jobs.append((path, [targets[key]] if key in targets else [], False))
    return jobs


def _same_file(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def lint_all(
    linter: Linter, paths: list[str], jobs: int = 1, rule_dirs: list[str] = (), params_for=None
) -> list[FileResult]:
    """Lint every path; results come back in input order whatever ``jobs`` is.
    ``params_for(path)`` gives parameter files configured for a template."""
    planned = plan_jobs(paths)
    if params_for is not None:
        planned = [(path, [*params_for(path), *extra], own_only) for path, extra, own_only in planned]
    workers = (os.cpu_count() or 1) if jobs == 0 else jobs
    if workers <= 1 or len(planned) < 2:
        # Paused for the whole run, not per file: a collector pass between files walks every
        # cached parse and rule object again (18% of a corpus run's CPU time), and a lint
        # leaves almost no cycles to collect.
        with paused_gc():
            results = [linter.lint_job(*job) for job in planned]
    else:
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, len(planned) // (workers * 4))
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_worker_init, initargs=(linter.options, list(rule_dirs))
        ) as pool:
            results = list(pool.map(_worker_lint, planned, chunksize=chunk))
    return drop_repeats(results)


# -- the process pool's workers: one linter each, made once -----------------------------------
_worker_linter: Linter | None = None


def _worker_init(options: Options, rule_dirs: list[str]) -> None:
    global _worker_linter
    from arm_orchlint.lint.engine import Linter
    from arm_orchlint.rules.registry import Registry

    allow = options.allow_plugins
    registry = Registry.default(rule_dirs, entry_points=allow, dir_code=allow, named_from=options.config_path)
    _worker_linter = Linter(registry, options)
    import gc

    gc.disable()  # a worker lives for one run: the same reasoning as the sequential loop


def _worker_lint(job: Job) -> FileResult:
    path, parameter_files, own_only = job
    return _worker_linter.lint_job(path, parameter_files, own_only)


def drop_repeats(results: list[FileResult]) -> list[FileResult]:
    """A module (or linked template) used by several inputs is reported once: findings
    located outside the input that produced them are kept only the first time.  Files
    are compared by their real path, so ``./x``, ``x`` and a symlink to it are one file."""
    from arm_orchlint.front.discovery import file_identity

    identities: dict[str, str] = {}

    def same_file(path: str) -> str:
        found = identities.get(path)
        if found is None:
            found = identities[path] = file_identity(path) if path else path
        return found

    def key(f) -> tuple:  # finding_key with the file's identity in place of its spelling
        return (f.rule_id, same_file(f.path), f.line, f.col, f.message)

    # A file linted as an input of its own reports its findings there.
    seen: set[tuple] = {key(f) for r in results for f in r.findings if same_file(f.path) == same_file(r.path)}
    for result in results:
        kept = []
        for f in result.findings:
            if same_file(f.path) != same_file(result.path):
                k = key(f)
                if k in seen:
                    continue
                seen.add(k)
            kept.append(f)
        result.findings = kept
    return results
