"""``--fix`` writes repaired files like ``--output``: atomically, never through a symlink
(a checkout can commit ``t.json -> ~/.bashrc``), and one file it cannot write costs only itself."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import REPO

BAD = (REPO / "examples" / "flexible-web-tier.json").read_text(encoding="utf-8")


def run_fix(folder, *names):
    return subprocess.run(
        [sys.executable, "-m", "arm_orchlint", "--fix", *names], cwd=folder, capture_output=True, text=True
    )


def test_fix_does_not_write_through_a_symlink(tmp_path):
    (tmp_path / ".git").mkdir()  # the checkout root
    target = tmp_path / "elsewhere.json"
    target.write_text(BAD, encoding="utf-8")
    (tmp_path / "link.json").symlink_to(target)
    (tmp_path / "plain.json").write_text(BAD, encoding="utf-8")
    proc = run_fix(tmp_path, "link.json", "plain.json")
    assert "link.json is a symbolic link; refusing to write through it" in proc.stderr
    assert target.read_text(encoding="utf-8") == BAD  # untouched
    assert os.path.islink(tmp_path / "link.json")
    fixed = (tmp_path / "plain.json").read_text(encoding="utf-8")
    assert fixed != BAD and '"singlePlacementGroup": false' in fixed
    assert "Traceback" not in proc.stderr
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]  # no temporary file left
