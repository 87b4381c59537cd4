"""When the cycle collector runs: off while a file is linted, off for a whole command that
lints and exits, on again for the language server."""

import gc
import subprocess
import sys

from arm_orchlint.core.gcpolicy import paused_gc

from .conftest import REPO


def test_paused_inside_and_restored_after():
    was = gc.isenabled()
    gc.enable()
    try:
        with paused_gc():
            assert not gc.isenabled()
            with paused_gc():
                assert not gc.isenabled()
            assert not gc.isenabled()  # (the inner pause does not end the outer one)
        assert gc.isenabled()
    finally:
        if not was:
            gc.disable()


_PROBE = """
import gc, sys
sys.argv = ["arm-orchlint", "--format", "json", {path!r}]
from arm_orchlint.cli.entry import main
import atexit
atexit.register(lambda: print("enabled", gc.isenabled(), file=sys.stderr))
try:
    main()
except SystemExit:
    pass
"""


def test_a_lint_command_runs_without_the_collector(tmp_path):
    target = REPO / "examples" / "flexible-ok.json"
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(path=str(target))], capture_output=True, text=True, cwd=tmp_path
    )
    assert '"findings"' in out.stdout
    assert "enabled False" in out.stderr


def test_the_language_server_turns_it_back_on(monkeypatch):
    import pytest

    pytest.importorskip("pygls", reason="the language server extra (pygls) is not installed")
    from arm_orchlint.cli import app
    from arm_orchlint.lsp import server

    seen = []
    monkeypatch.setattr(server, "main", lambda: seen.append(gc.isenabled()))
    was = gc.isenabled()
    gc.disable()
    try:
        from click.testing import CliRunner

        result = CliRunner().invoke(app.cli, ["lsp"])
    finally:
        if was:
            gc.enable()
    assert result.exit_code == 0, result.output
    assert seen == [True]
