"""Linting many inputs: one job per input, run in this process or in a process pool,
results in input order and findings that several inputs share reported once."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from arm_orchlint.lint.engine import Linter
    from arm_orchlint.lint.options import FileResult, Options

from arm_orchlint.core.gcpolicy import paused_gc
from arm_orchlint.front.checkout import remembering_folders
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
    workers = min(jobs, cpu_count()) if jobs > 0 else cpu_count()  # more workers than CPUs only cost
    if workers <= 1 or len(planned) < 2:
        # Paused for the whole run, not per file: a collector pass between files walks every
        # cached parse and rule object again (18% of a corpus run's CPU time), and a lint
        # leaves almost no cycles to collect.
        with paused_gc(), remembering_folders():
            results = [linter.lint_job(*job) for job in planned]
    else:
        results = _in_workers(linter, planned, workers, list(rule_dirs))
    with remembering_folders():  # (drop_repeats resolves every file's real path)
        return drop_repeats(results)


def cpu_count() -> int:
    """The CPUs this process may run on (a container's limit, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _in_workers(linter: Linter, planned: list[Job], workers: int, rule_dirs: list[str]) -> list[FileResult]:
    """Run the jobs in a process pool.  A worker that dies (the OOM killer, a crash in C)
    breaks the pool: finished jobs keep their results, jobs never started go to a new pool,
    and the jobs that were running are run again one by one in a one-worker pool, where a
    break points at exactly the job that kills its worker: only that file is lost."""
    results: dict[int, FileResult] = {}
    pending = list(range(len(planned)))
    while pending:
        chunk = max(1, len(pending) // (workers * 4))
        done, running, broken = _pool_round(linter, planned, pending, workers, chunk, rule_dirs)
        results.update(done)
        if not broken:
            break
        suspects = running
        while suspects:
            done, running, broken = _pool_round(linter, planned, suspects, 1, 1, rule_dirs)
            results.update(done)
            for index in running if broken else ():
                results[index] = _died(linter, planned[index][0])
            left = [i for i in suspects if i not in results]
            if broken and not running:  # the worker died before taking a job: no progress possible
                for index in left:
                    results[index] = _died(linter, planned[index][0])
                left = []
            suspects = left
        left = [i for i in pending if i not in results]
        if len(left) == len(pending):  # nothing finished at all: stop instead of looping
            for index in left:
                results[index] = _died(linter, planned[index][0])
            left = []
        pending = left
    return [results[i] for i in range(len(planned))]


def _pool_round(linter, planned, indexes, workers, chunk, rule_dirs) -> tuple[dict, list, bool]:
    """One pool over ``indexes``, ``chunk`` jobs per task: (results by index, the jobs
    started but not finished, whether the pool broke)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    started = multiprocessing.Array("b", len(planned), lock=False)  # set by the worker taking a job
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_init, initargs=(linter.options, rule_dirs, started)
    )
    done: dict[int, FileResult] = {}
    broken = False
    try:
        tasks = [[(i, planned[i]) for i in indexes[k : k + chunk]] for k in range(0, len(indexes), chunk)]
        for future in [pool.submit(_worker_lint_many, task) for task in tasks]:
            try:
                done.update(future.result())
            except BrokenProcessPool:
                broken = True
    except BaseException:
        _kill(pool)  # SIGINT, SIGTERM: no worker may outlive the run, nor hold its pipes
        raise
    pool.shutdown(wait=True, cancel_futures=True)
    running = [i for i in indexes if started[i] and i not in done] if broken else []
    return done, running, broken


def _kill(pool) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        try:
            process.kill()
        except Exception:
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def _died(linter: Linter, path: str) -> FileResult:
    from arm_orchlint.core.rule_ids import UNREADABLE_FILE
    from arm_orchlint.front.document import Diagnostic
    from arm_orchlint.lint.options import FileResult

    diag = Diagnostic(
        UNREADABLE_FILE,
        "the worker linting this file died (out of memory, or killed); the file was not checked",
        None,
    )
    return FileResult(path, "error", linter.findings.of_diagnostics([diag], path))


# -- the process pool's workers: one linter each, made once -----------------------------------
_worker_linter: Linter | None = None


_worker_started = None


def _worker_init(options: Options, rule_dirs: list[str], started=None) -> None:
    global _worker_linter, _worker_started
    from arm_orchlint.core.signals import worker_setup
    from arm_orchlint.lint.engine import Linter
    from arm_orchlint.rules.registry import Registry

    worker_setup()
    _worker_started = started

    allow = options.allow_plugins
    registry = Registry.default(rule_dirs, entry_points=allow, dir_code=allow, named_from=options.config_path)
    _worker_linter = Linter(registry, options)
    import gc

    gc.disable()  # a worker lives for one run: the same reasoning as the sequential loop


def _worker_lint_many(task: list) -> list:
    out = []
    for index, (path, parameter_files, own_only) in task:
        if _worker_started is not None:
            _worker_started[index] = 1
        out.append((index, _worker_linter.lint_job(path, parameter_files, own_only)))
    return out


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
