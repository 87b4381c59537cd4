"""The package's shape: layered folders, import contracts, ruff clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "arm_orchlint"
TOP_LEVEL_ALLOWED = {"__init__.py", "__main__.py"}


def test_no_module_directly_under_the_package():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in TOP_LEVEL_ALLOWED)
    assert loose == [], f"modules belong in a layer folder: {loose}"


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (it comes with the test extra)")
    return found


def test_import_contracts_hold():
    result = subprocess.run([_tool("lint-imports")], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_ruff_check_is_clean():
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_format_is_clean():
    result = subprocess.run([_tool("ruff"), "format", "--check", "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_every_rule_family_is_in_the_independence_contract():
    """A new family module under rules/checks/ joins the contract that keeps families apart."""
    import tomllib

    contracts = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    (independent,) = [c for c in contracts if c["type"] == "independence"]
    helpers = {"__init__", "_common", "extensions"}
    families = {
        f"arm_orchlint.rules.checks.{p.stem}"
        for p in (PACKAGE / "rules" / "checks").glob("*.py")
        if p.stem not in helpers
    }
    assert families <= set(independent["modules"]), sorted(families - set(independent["modules"]))
