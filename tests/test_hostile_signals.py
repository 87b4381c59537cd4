"""Issue 14 item 6: signals and workers.  SIGTERM exits 143 and SIGINT 130 without a
traceback, workers die with the parent, a lost worker costs only the file it held, and
``-j`` is capped at the CPUs the process may use.  Signals go through real subprocesses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from arm_orchlint.lint import jobs as jobs_module

from .conftest import FIXTURES

POSIX = pytest.mark.skipif(os.name == "nt" or not os.path.isdir("/proc"), reason="POSIX signals and /proc")

# Each file takes about a second to evaluate: a run over a few of them is still busy when
# the signal arrives.
HEAVY = {
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0",
    "variables": {
        "a": "[range(0, 800)]",
        "b": "[map(variables('a'), lambda('x', map(variables('a'), lambda('y', "
        "concat(string(lambdaVariables('x')), string(lambdaVariables('y')))))))]",
    },
    "resources": [
        {
            "type": "Microsoft.Compute/virtualMachineScaleSets",
            "apiVersion": "2024-03-01",
            "name": "[string(length(variables('b')))]",
            "location": "westeurope",
            "properties": {"orchestrationMode": "Flex"},
        }
    ],
}


def heavy_files(folder, count: int = 12) -> None:
    for i in range(count):
        (folder / f"t{i:02}.json").write_text(json.dumps(HEAVY))


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    found.add(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _default_sigint() -> None:
    # A background job of a non-interactive shell (nohup, `&`, some CI runners) starts with
    # SIGINT ignored, and Python then keeps ignoring it: give the linter the disposition a
    # terminal's Ctrl-C meets.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(folder, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "arm_orchlint", "--format", "json", *args, "."],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_default_sigint,
    )


def wait_for_workers(proc, count: int = 2, timeout: float = 20) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = {p for p in children(proc.pid) if alive(p)}
        if len(found) >= count:
            time.sleep(1.0)  # let them finish their initializer and take their first jobs (each takes ~2 s)
            return found
        time.sleep(0.05)
    pytest.skip("the pool did not start its workers in time (a very busy machine)")


@POSIX
@pytest.mark.parametrize(
    "sig,code,group", [(signal.SIGTERM, 143, False), (signal.SIGINT, 130, True), (signal.SIGTERM, 143, True)]
)
def test_signals_end_the_run_and_its_workers(tmp_path, sig, code, group):
    if jobs_module.cpu_count() < 2:
        pytest.skip("needs two CPUs for two workers")
    heavy_files(tmp_path)
    proc = start(tmp_path, "-j", "2")
    workers = wait_for_workers(proc)
    if group:  # as a terminal's Ctrl-C does: the whole process group
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err.decode()
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err, err.decode()
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "a worker outlived the run"


@POSIX
def test_workers_die_with_a_killed_parent(tmp_path):
    if jobs_module.cpu_count() < 2:
        pytest.skip("needs two CPUs for two workers")
    heavy_files(tmp_path)
    proc = start(tmp_path, "-j", "2")
    workers = wait_for_workers(proc)
    os.kill(proc.pid, signal.SIGKILL)  # nothing in the parent runs: the kernel tells the workers
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "a worker outlived its killed parent"


@POSIX
def test_a_worker_killed_from_outside_loses_nothing(tmp_path):
    if jobs_module.cpu_count() < 2:
        pytest.skip("needs two CPUs for two workers")
    heavy_files(tmp_path, 8)
    proc = start(tmp_path, "-j", "2")
    workers = wait_for_workers(proc)
    os.kill(sorted(workers)[0], signal.SIGKILL)  # what the OOM killer does
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err.decode()
    doc = json.loads(out)
    assert len(doc["files"]) == 8
    # every file is reported: the jobs the dead worker held ran again
    assert {f["path"] for f in doc["findings"] if f["rule"] == "ORCH001"} == {f"t{i:02}.json" for i in range(8)}


def test_a_file_that_kills_its_worker_costs_only_that_file(tmp_path, monkeypatch):
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the killing linter is patched into forked workers")
    from arm_orchlint.lint.engine import Linter, Options
    from arm_orchlint.rules.registry import Registry

    bad = FIXTURES / "ORCH206" / "bad.json"
    paths = []
    for i in range(6):
        path = tmp_path / f"t{i}.json"
        path.write_bytes(bad.read_bytes())
        paths.append(str(path))
    killer = str(tmp_path / "t3.json")
    real = Linter.lint_job

    def lint_job(self, path, *args, **kwargs):
        if path == killer and os.getpid() != parent:
            os._exit(137)  # dies as an OOM-killed worker does
        return real(self, path, *args, **kwargs)

    parent = os.getpid()
    monkeypatch.setattr(Linter, "lint_job", lint_job)
    monkeypatch.setattr(jobs_module, "cpu_count", lambda: 2)
    linter = Linter(Registry.default(entry_points=False), Options(allow_plugins=False))
    results = jobs_module.lint_all(linter, paths, jobs=2)
    assert [r.path for r in results] == paths
    for result in results:
        rules = [f.rule_id for f in result.findings]
        if result.path == killer:
            assert rules == ["ORCH900"] and "the worker linting this file died" in result.findings[0].message
        else:
            assert "ORCH206" in rules


def test_jobs_are_capped_at_the_cpus(monkeypatch, tmp_path):
    from arm_orchlint.lint.engine import Linter, Options
    from arm_orchlint.rules.registry import Registry

    seen = []
    monkeypatch.setattr(jobs_module, "cpu_count", lambda: 2)
    monkeypatch.setattr(jobs_module, "_in_workers", lambda linter, planned, workers, dirs: seen.append(workers) or [])
    linter = Linter(Registry.default(entry_points=False), Options())
    jobs_module.lint_all(linter, ["a.json", "b.json", "c.json"], jobs=64)
    jobs_module.lint_all(linter, ["a.json", "b.json", "c.json"], jobs=0)
    assert seen == [2, 2]
