"""The language server is an optional extra: the command line never imports it, and
``arm-orchlint lsp`` without it says so in one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import FIXTURES, REPO

LSP_MODULES = ("pygls", "lsprotocol", "arm_orchlint.lsp")


def imported_by(args: list[str]) -> list[str]:
    code = (
        f"import sys; sys.path.insert(0, {str(REPO)!r}); sys.argv = ['arm-orchlint', *{args!r}]\n"
        "from arm_orchlint.cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {LSP_MODULES!r} if m in sys.modules), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    return proc.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    "args",
    [
        [str(FIXTURES / "ORCH206" / "bad.json")],
        ["check", "--format", "json", str(FIXTURES / "ORCH206" / "bad.bicep")],
        ["rules"],
        ["explain", "ORCH206"],
    ],
)
def test_the_command_line_does_not_import_the_language_server(args):
    pytest.importorskip("pygls", reason="without pygls installed the test could not fail")
    assert imported_by(args) == "[]"


def test_a_missing_extra_is_one_clear_line():
    code = (
        f"import sys; sys.path.insert(0, {str(REPO)!r}); sys.modules['pygls'] = None\n"
        "sys.argv = ['arm-orchlint', 'lsp']\n"
        "from arm_orchlint.cli.entry import main\n"
        "main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert 'pip install "arm-orchlint[lsp]"' in lines[0] and "pygls" in lines[0]
