"""The installed command works from anywhere: rules and schemas ship inside the package."""

import importlib.util
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


def test_version_is_written_once():
    import tomllib

    from arm_orchlint import __version__

    project = tomllib.loads((FIXTURES.parent / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (FIXTURES.parent / "LICENSE").read_text().startswith("MIT License")
    assert __version__.count(".") == 2


@pytest.mark.skipif(
    importlib.util.find_spec("build") is None, reason="the build package is not installed (pip install '.[test]')"
)
def test_sdist_leaves_the_tests_out_and_carries_license_and_catalog(tmp_path):
    import tarfile

    from arm_orchlint import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path), str(FIXTURES.parent)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0 and "Could not find a version" in proc.stdout + proc.stderr:
        pytest.skip("no package index reachable for the isolated build environment")
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (sdist,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = [n.split("/", 1)[1] for n in tar.getnames() if "/" in n]
        info = tar.extractfile(next(m for m in tar.getmembers() if m.name.endswith("/PKG-INFO"))).read().decode()
    assert not [n for n in names if n.startswith(("tests/", "fixtures/"))]
    assert "LICENSE" in names and "rules/ORCH206.json" in names and "schemas/rule.schema.json" in names
    assert f"Version: {__version__}" in info and "License-Expression: MIT" in info
