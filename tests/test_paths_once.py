"""A file reached under two spellings (``./x`` from a folder walk and ``x`` through a
module or linked template, a symlink, ``sub/../x``) is one file: one finding, one
fingerprint (issue 13 item 13)."""

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from arm_orchlint.cli.app import cli
from arm_orchlint.front.discovery import discover

from .conftest import FIXTURES


def sarif_results(*args):
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", *args])
    assert result.exit_code == 1, result.output
    return json.loads(result.stdout)["runs"][0]["results"]


@pytest.fixture
def bicep_pair(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "ORCH206" / "bad.bicep", tmp_path / "mod.bicep")
    (tmp_path / "main.bicep").write_text("module m './mod.bicep' = {\n  name: 'm'\n}\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def arm_pair(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "ORCH206" / "bad.json", tmp_path / "child.json")
    main = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [
            {
                "type": "Microsoft.Resources/deployments",
                "apiVersion": "2022-09-01",
                "name": "child",
                "properties": {"mode": "Incremental", "templateLink": {"relativePath": "./child.json"}},
            }
        ],
    }
    (tmp_path / "main.json").write_text(json.dumps(main, indent=2))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    "args",
    [["."], ["./main.bicep", "./mod.bicep"], ["main.bicep", "./mod.bicep", "mod.bicep"], [".", "sub/../mod.bicep"]],
)
def test_a_bicep_module_that_is_also_an_input_is_reported_once(bicep_pair, args):
    (bicep_pair / "sub").mkdir()
    results = sarif_results(*args)
    assert len(results) == 1, results
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "mod.bicep"


@pytest.mark.parametrize("args", [["."], ["./main.json", "child.json"], ["main.json", "./child.json"]])
def test_a_linked_template_that_is_also_an_input_is_reported_once(arm_pair, args):
    results = sarif_results(*args)
    assert len(results) == 1, results


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_a_file_reached_through_a_symlinked_folder_is_one_input(bicep_pair):
    os.symlink(bicep_pair, bicep_pair / "again", target_is_directory=True)
    assert [i.path for i in discover(["mod.bicep", "again/mod.bicep", "./mod.bicep"])] == ["mod.bicep"]
    results = sarif_results("main.bicep", "again/main.bicep", "again/mod.bicep")
    assert len(results) == 1, results


def test_discovered_paths_are_normalised(bicep_pair):
    assert sorted(i.path for i in discover(["."])) == ["main.bicep", "mod.bicep"]
    assert [i.path for i in discover(["./main.bicep", ".//main.bicep"])] == ["main.bicep"]
