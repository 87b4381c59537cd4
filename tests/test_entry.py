"""``arm-orchlint PATH...`` runs without click (entry.py); it must behave exactly like
``arm-orchlint check PATH...``, which goes through click."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from arm_orchlint.entry import plain_paths

from .conftest import FIXTURES

REPO = Path(__file__).parent.parent


def run(*args, cwd=REPO):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "_ARM_ORCHLINT_COMPLETE")}
    return subprocess.run([sys.executable, "-m", "arm_orchlint", *args], capture_output=True, text=True, cwd=cwd, env=env)


@pytest.mark.parametrize("paths", [
    [str(FIXTURES / "ORCH206" / "good.json")],
    [str(FIXTURES / "ORCH206" / "bad.json")],
    [str(FIXTURES / "ORCH001")],
    ["does-not-exist.json"],
    [str(FIXTURES / "ORCH206" / "bad.json"), "does-not-exist.json"],
])
def test_plain_paths_match_the_check_command(paths):
    fast, slow = run(*paths), run("check", *paths)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


def test_a_broken_config_is_reported_the_same_way(tmp_path):
    (tmp_path / ".arm-orchlint.toml").write_text("this is [not toml\n")
    (tmp_path / "pyproject.toml").write_text("[tool.arm-orchlint]\nselect = 3\n")
    target = FIXTURES / "ORCH206" / "bad.json"
    fast, slow = run(str(target), cwd=tmp_path), run("check", str(target), cwd=tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)


def test_plain_paths_do_not_import_click():
    code = ("import sys; sys.argv = ['arm-orchlint', sys.argv[1]]\n"
            "from arm_orchlint.entry import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    print('click' in sys.modules, e.code, file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(FIXTURES / "ORCH206" / "good.json")], capture_output=True, text=True, cwd=REPO)
    assert proc.stderr.strip() == "False 0"


@pytest.mark.parametrize("args", [[], ["--version"], ["-f", "json", "t.json"], ["t.json", "--format", "json"], ["check", "t.json"],
                                  ["rules"], ["explain", "ORCH206"], ["diff", "a.json", "b.json"], ["t.json", "-"], [""]])
def test_anything_else_goes_through_click(args):
    assert plain_paths(args) is None


def test_paths_only():
    assert plain_paths(["t.json", "folder"]) == ["t.json", "folder"]
