"""docs/migration.md shows real output: every ``console`` block is run again, in order, on a
copy of the quickstart it names, and must print exactly what the page shows."""

import re
import shlex
import shutil

from click.testing import CliRunner

from arm_orchlint.cli.app import cli

from ..conftest import CORPUS, REPO, needs_shared

QUICKSTART = (
    CORPUS / "files/anthony-c-martin__azure-quickstart-templates/201-vmss-windows-webapp-dsc-autoscale/azuredeploy.json"
)
BLOCK = re.compile(r"```console\n\$ (arm-orchlint [^\n]*)\n(.*?)```", re.S)


@needs_shared(QUICKSTART)
def test_the_migration_guide_shows_what_the_commands_print(tmp_path, monkeypatch):
    folder = tmp_path / "201-vmss-windows-webapp-dsc-autoscale"
    folder.mkdir()
    (tmp_path / "old").mkdir()
    shutil.copy(QUICKSTART, folder / "azuredeploy.json")
    shutil.copy(QUICKSTART, tmp_path / "old" / "azuredeploy.json")
    blocks = BLOCK.findall((REPO / "docs" / "migration.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    monkeypatch.chdir(tmp_path)
    for command, shown in blocks:
        args = shlex.split(command)[1:]
        if args[0] not in cli.commands:
            args = ["check", *args]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.stdout.rstrip("\n") == shown.rstrip("\n"), command
