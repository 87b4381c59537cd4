"""The installed command works from anywhere: rules and schemas ship inside the package."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES

SCRIPT = Path(sys.executable).with_name("arm-orchlint")


@pytest.mark.skipif(
    not SCRIPT.exists(), reason="arm-orchlint is not installed in this environment (run the README's install command)"
)
def test_installed_command_finds_its_catalog(tmp_path):
    shutil.copy(FIXTURES / "ORCH206" / "bad.json", tmp_path / "t.json")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([str(SCRIPT), "t.json"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("t.json:12:9: error:")
    rules = subprocess.run(
        [str(SCRIPT), "rules", "--format", "json"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert rules.returncode == 0 and '"ORCH206"' in rules.stdout


def test_module_entry_point(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "arm_orchlint", "--version"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("arm-orchlint ")
