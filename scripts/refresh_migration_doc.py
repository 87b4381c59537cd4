#!/usr/bin/env python3
"""Re-run the commands of docs/migration.md and write their real output into the page.

Every ```console block starts with ``$ arm-orchlint ...``; the blocks run in order in a
temporary folder holding the quickstart twice (``201-vmss-windows-webapp-dsc-autoscale/``
and ``old/``), copied from the shared corpus beside the checkout.

    python scripts/refresh_migration_doc.py           # rewrite the outputs
    python scripts/refresh_migration_doc.py --check   # exit 1 when the page is stale

tests/fixing/test_migration_doc.py runs the check.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "docs" / "migration.md"
QUICKSTART = "files/anthony-c-martin__azure-quickstart-templates/201-vmss-windows-webapp-dsc-autoscale/azuredeploy.json"
BLOCK = re.compile(r"```console\n\$ (arm-orchlint [^\n]*)\n(.*?)```", re.S)


def corpus() -> Path:
    shared = Path(os.environ.get("ARM_ORCHLINT_SHARED", REPO.parent / "shared"))
    if not shared.exists() and (REPO.parent.parent / "shared").exists():
        shared = REPO.parent.parent / "shared"  # a git worktree one level deeper
    return shared / "corpus"


def run_command(command: str) -> str:
    from click.testing import CliRunner

    from arm_orchlint.cli.app import cli

    args = shlex.split(command)[1:]
    if args[0] not in cli.commands:
        args = ["check", *args]
    return CliRunner().invoke(cli, args, catch_exceptions=False).stdout


def refreshed(text: str, quickstart: Path) -> str:
    """The page with every console block's output replaced by what the command prints."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "201-vmss-windows-webapp-dsc-autoscale").mkdir()
        (work / "old").mkdir()
        shutil.copy(quickstart, work / "201-vmss-windows-webapp-dsc-autoscale" / "azuredeploy.json")
        shutil.copy(quickstart, work / "old" / "azuredeploy.json")
        here = os.getcwd()
        os.chdir(work)
        try:
            return BLOCK.sub(
                lambda m: f"```console\n$ {m.group(1)}\n{run_command(m.group(1)).rstrip(chr(10))}\n```", text
            )
        finally:
            os.chdir(here)


def main(argv: list[str]) -> int:
    quickstart = corpus() / QUICKSTART
    if not quickstart.exists():
        print(f"{quickstart} is not present (the shared folder sits beside the checkout)", file=sys.stderr)
        return 2
    text = PAGE.read_text(encoding="utf-8")
    new = refreshed(text, quickstart)
    if "--check" in argv:
        if new != text:
            print(f"{PAGE.relative_to(REPO)} is stale: run python scripts/refresh_migration_doc.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
