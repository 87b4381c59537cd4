"""The README's fix and migration examples show real output: each ``$ arm-orchlint``
command of those code blocks runs again, in order, on a copy of examples/ (``--fix``
changes the copy, as it changed the file shown), and prints what the README shows
(standard output and error as a terminal shows them)."""

import re
import shlex
import shutil

from click.testing import CliRunner

from arm_orchlint.cli.app import cli

from ..conftest import REPO

BLOCK = re.compile(r"```\n(\$ arm-orchlint .*?)```", re.S)
COMMANDS = ("--fix", "--diff", "migrate", "examples/flexible-web-tier.json\n", "examples/uniform-legacy.json\n")


def _steps(readme: str) -> list[tuple[str, str]]:
    steps = []
    for block in BLOCK.findall(readme):
        first = block.split("\n", 1)[0] + "\n"
        if not any(word in first for word in COMMANDS):
            continue  # another feature's example
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = part.partition("\n")
            steps.append((command, output))
    return steps


def test_readme_fix_and_migrate_examples_are_real(tmp_path, monkeypatch):
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    steps = _steps((REPO / "README.md").read_text(encoding="utf-8"))
    assert len(steps) >= 6
    for command, shown in steps:
        args = shlex.split(command)[1:]
        if args[0] not in cli.commands:
            args = ["check", *args]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        out, err = result.stdout, result.stderr
        # a terminal shows the stderr line where it was written: before the report (--fix)
        # or after the diff (--diff)
        assert shown.rstrip("\n") in ((err + out).rstrip("\n"), (out + err).rstrip("\n")), command
