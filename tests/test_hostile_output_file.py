"""Issue 14 items 5 and 8: ``--output`` cannot be steered by the checkout, and a closed
standard output ends the run quietly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import REPO

BAD = str(REPO / "fixtures" / "ORCH206" / "bad.json")


def run(args, cwd, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "arm_orchlint", *args], cwd=cwd, capture_output=True, timeout=60, **kwargs
    )


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_output_symlink_is_refused_and_its_target_untouched(tmp_path):
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH=/usr/bin\n")
    (tmp_path / "arm-orchlint.sarif").symlink_to(victim)
    proc = run(["--isolated", "--format", "sarif", "--output", "arm-orchlint.sarif", BAD], tmp_path)
    assert proc.returncode == 2
    assert b"symbolic link" in proc.stderr and proc.stderr.count(b"\n") == 1
    assert victim.read_text() == "export PATH=/usr/bin\n"


def test_output_folder_checked_before_linting(tmp_path):
    proc = run(["--isolated", "--output", str(tmp_path / "missing" / "out.txt"), BAD], tmp_path)
    assert proc.returncode == 2 and b"does not exist" in proc.stderr


def test_output_is_replaced_atomically(tmp_path, monkeypatch):
    from arm_orchlint.cli import output

    target = tmp_path / "out.sarif"
    target.write_text("previous report\n")
    os.chmod(target, 0o640)
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd, mode):
            self.fh = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[:10])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fdopen", Full)
    with pytest.raises(OSError):
        output.write_file(str(target), "new report that does not fit\n")
    monkeypatch.undo()
    assert target.read_text() == "previous report\n"  # never truncated
    assert os.listdir(tmp_path) == ["out.sarif"]  # the temporary file is gone
    output.write_file(str(target), "new report\n")
    assert target.read_text() == "new report\n"
    assert (os.stat(target).st_mode & 0o777) == 0o640  # mode kept


def test_output_fifo_is_refused(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "out.fifo")
    proc = run(["--isolated", "--output", "out.fifo", BAD], tmp_path)
    assert proc.returncode == 2 and b"not a regular file" in proc.stderr


@pytest.mark.skipif(os.name == "nt", reason="POSIX shell redirections")
@pytest.mark.parametrize("redirect", ["| true", ">&-"])
@pytest.mark.parametrize("command", ["{bad}", "--format json {bad}", "rules", "explain ORCH206"])
def test_closed_stdout_exits_quietly(tmp_path, redirect, command):
    script = f"{sys.executable} -m arm_orchlint {command.format(bad=BAD)} {redirect}; echo rc=$? >&2"
    # `| true` reports the pipeline's last status; ask for the linter's own with pipefail
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", script], cwd=tmp_path, capture_output=True, timeout=60)
    err = proc.stderr.decode()
    lines = [line for line in err.splitlines() if not line.startswith("rc=")]
    assert lines == [], err  # no BrokenPipeError, no AttributeError, no "Exception ignored"
    rc = int(err.rsplit("rc=", 1)[1])
    assert rc in (0, 1), err
