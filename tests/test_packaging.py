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

    # (no --sdist: the wheel is built from the sdist, as pip builds it)
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(tmp_path), str(FIXTURES.parent)],
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
    # the wheel's rules folder also holds them as one file, which a run reads instead
    import json
    import zipfile

    from arm_orchlint.core.data import CATALOG_BUNDLE

    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as whl:
        bundle = json.loads(whl.read(f"arm_orchlint/catalog_rules/{CATALOG_BUNDLE}"))
        shipped = sorted(n.rpartition("/")[2] for n in whl.namelist() if n.startswith("arm_orchlint/catalog_rules/"))
    rules = FIXTURES.parent / "rules"
    assert list(bundle) == sorted(p.name for p in rules.glob("*.json")) == [n for n in shipped if n != CATALOG_BUNDLE]
    assert bundle == {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(rules.glob("*.json"))}


def test_the_catalog_bundle_gives_the_same_rules_as_the_files(tmp_path):
    from arm_orchlint.core.data import CATALOG_BUNDLE, data_folder, write_catalog_bundle
    from arm_orchlint.rules.registry import _catalog_in

    for rule_file in Path(data_folder("rules")).glob("*.json"):
        shutil.copy(rule_file, tmp_path / rule_file.name)
    from_files = _catalog_in(str(tmp_path))
    write_catalog_bundle(str(tmp_path))
    assert (tmp_path / CATALOG_BUNDLE).exists()
    for rule_file in tmp_path.glob("*.json"):
        rule_file.unlink()  # what is read now is the bundle alone
    from_bundle = _catalog_in(str(tmp_path))
    assert from_bundle == from_files and len(from_files) > 50
    assert [r.id for r in from_bundle] == sorted(r.id for r in from_files)
