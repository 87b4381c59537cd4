"""``arm-orchlint PATH...`` runs without click (entry.py); it must behave exactly like
``arm-orchlint check PATH...``, which goes through click."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from arm_orchlint.cli.entry import plain_paths

from .conftest import FIXTURES

REPO = Path(__file__).parent.parent


def run(*args, cwd=REPO):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "_ARM_ORCHLINT_COMPLETE")}
    return subprocess.run(
        [sys.executable, "-m", "arm_orchlint", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.mark.parametrize(
    "paths",
    [
        [str(FIXTURES / "ORCH206" / "good.json")],
        [str(FIXTURES / "ORCH206" / "bad.json")],
        [str(FIXTURES / "ORCH001")],
        ["does-not-exist.json"],
        [str(FIXTURES / "ORCH206" / "bad.json"), "does-not-exist.json"],
    ],
)
def test_plain_paths_match_the_check_command(paths):
    fast, slow = run(*paths), run("check", *paths)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


def test_a_broken_config_is_reported_the_same_way(tmp_path):
    (tmp_path / ".arm-orchlint.toml").write_text("this is [not toml\n")
    (tmp_path / "pyproject.toml").write_text("[tool.arm-orchlint]\nselect = 3\n")
    target = FIXTURES / "ORCH206" / "bad.json"
    fast, slow = run(str(target), cwd=tmp_path), run("check", str(target), cwd=tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


# Modules a plain JSON run must not import: each costs a noticeable share of start-up.
HEAVY = ("click", "jsonschema", "jmespath", "typing", "contextlib", "dataclasses", "pathlib", "tree_sitter")


def heavy_imports(target, cwd):
    """(heavy modules the run imported, exit code), for ``arm-orchlint target`` run in ``cwd``."""
    # -S: the package from the checkout, without site-packages (an editable install's import
    # hook imports typing itself); the plain JSON route needs no third-party package.
    code = (
        f"import sys; sys.path.insert(0, {str(REPO)!r}); sys.argv = ['arm-orchlint', {str(target)!r}]\n"
        "before = set(sys.modules)\n"
        "from arm_orchlint.cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n"
        f"    print(sorted(m for m in {HEAVY!r} if m in sys.modules and m not in before), e.code, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=cwd)
    return proc.stderr.strip()


@pytest.mark.parametrize("name", ["good.json", "bad.json"])
def test_plain_paths_do_not_import_heavy_modules(name, tmp_path):
    assert heavy_imports(FIXTURES / "ORCH206" / name, tmp_path) == f"[] {0 if name == 'good.json' else 1}"


def test_a_valid_config_file_does_not_import_jsonschema(tmp_path):
    (tmp_path / ".arm-orchlint.toml").write_text('select = ["ORCH2"]\n[severity]\nORCH206 = "warning"\n')
    # tomllib itself imports typing and contextlib, and config paths are pathlib paths;
    # jsonschema is only needed to word an error
    assert heavy_imports(FIXTURES / "ORCH206" / "bad.json", tmp_path) == "['contextlib', 'pathlib', 'typing'] 1"
    (tmp_path / ".arm-orchlint.toml").write_text('select = ["not an id!"]\n')
    assert "jsonschema" in heavy_imports(FIXTURES / "ORCH206" / "bad.json", tmp_path)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--version"],
        ["-f", "json", "t.json"],
        ["t.json", "--format", "json"],
        ["check", "t.json"],
        ["rules"],
        ["explain", "ORCH206"],
        ["diff", "a.json", "b.json"],
        ["t.json", "-"],
        [""],
    ],
)
def test_anything_else_goes_through_click(args):
    assert plain_paths(args) is None


def test_paths_only():
    assert plain_paths(["t.json", "folder"]) == ["t.json", "folder"]
