"""Configuration files: discovery, validation and one test per key."""

import json
import shutil

import pytest

from arm_orchlint.config.settings import ConfigError, find_config, load_config

from .conftest import FIXTURES
from .test_formats import run_cli

BAD206 = FIXTURES / "ORCH206" / "bad.json"
BAD002 = FIXTURES.parent / "tests" / "data" / "preview-only.json"  # only ORCH002 fires


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with two failing templates in infra/, as the current directory."""
    (tmp_path / "infra").mkdir()
    shutil.copy(BAD206, tmp_path / "infra" / "flex.json")
    shutil.copy(BAD002, tmp_path / "infra" / "preview.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rules_of(*args):
    from click.testing import CliRunner

    from arm_orchlint.cli.app import cli

    result = CliRunner().invoke(cli, ["check", "--format", "json", *args], catch_exceptions=False)
    code, out = result.exit_code, result.stdout  # warnings (skipped files) go to stderr
    data = json.loads(out)
    return (
        code,
        sorted((f["path"].replace("\\", "/"), f["rule"]) for f in data["findings"] if "suppressed" not in f),
        data,
    )


def test_no_config_finds_both(project):
    code, found, _ = rules_of("infra")
    assert found == [("infra/flex.json", "ORCH206"), ("infra/preview.json", "ORCH002")]


def test_select(project):
    (project / ".arm-orchlint.toml").write_text('select = ["ORCH2"]\n')
    assert rules_of("infra")[1] == [("infra/flex.json", "ORCH206")]


def test_ignore(project):
    (project / ".arm-orchlint.toml").write_text('ignore = ["flexible-single-placement-group"]\n')
    assert rules_of("infra")[1] == [("infra/preview.json", "ORCH002")]


def test_command_line_overrides_config(project):
    (project / ".arm-orchlint.toml").write_text('ignore = ["ORCH206"]\nfail-level = "error"\n')
    assert rules_of("--ignore", "ORCH002", "infra")[1] == [("infra/flex.json", "ORCH206")]


def test_per_file_ignores(project):
    (project / ".arm-orchlint.toml").write_text(
        '[per-file-ignores]\n"infra/flex*.json" = ["ORCH206"]\n"*.bicep" = ["ALL"]\n'
    )
    assert rules_of("infra")[1] == [("infra/preview.json", "ORCH002")]


def test_severity(project):
    (project / ".arm-orchlint.toml").write_text(
        '[severity]\nORCH206 = "note"\npreview-orchestration-mode = "warning"\n'
    )
    code, _, data = rules_of("infra")
    assert sorted((f["rule"], f["severity"]) for f in data["findings"]) == [("ORCH002", "warning"), ("ORCH206", "note")]


def test_severity_unknown_rule(project):
    (project / ".arm-orchlint.toml").write_text('[severity]\nNOPE999 = "note"\n')
    code, out = run_cli("check", "infra")
    assert code == 2 and "unknown rule 'NOPE999'" in out


def test_fail_level(project):
    (project / ".arm-orchlint.toml").write_text(
        'fail-level = "error"\n[severity]\nORCH206 = "warning"\nORCH002 = "warning"\n'
    )
    assert run_cli("check", "infra")[0] == 0
    assert run_cli("check", "--fail-level", "warning", "infra")[0] == 1


def test_parameters(project, monkeypatch):
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"spg": {"type": "bool"}},
        "resources": [
            {
                "type": "Microsoft.Compute/virtualMachineScaleSets",
                "apiVersion": "2021-03-01",
                "name": "v",
                "location": "x",
                "properties": {
                    "orchestrationMode": "Flexible",
                    "singlePlacementGroup": "[parameters('spg')]",
                    "platformFaultDomainCount": 1,
                },
            }
        ],
    }
    (project / "infra" / "param.json").write_text(json.dumps(template, indent=2))
    (project / "params").mkdir()
    (project / "params" / "prod.json").write_text(
        json.dumps(
            {
                "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                "contentVersion": "1.0.0.0",
                "parameters": {"spg": {"value": True}},
            }
        )
    )
    (project / ".arm-orchlint.toml").write_text('[parameters]\n"infra/param.json" = "params/prod.json"\n')
    from arm_orchlint.config.settings import load_config

    cfg = load_config(project / ".arm-orchlint.toml")
    assert cfg.parameter_files_for("infra/param.json") == [str(project / "params" / "prod.json")]
    assert cfg.parameter_files_for("infra/flex.json") == []
    from arm_orchlint.lint.engine import Linter

    seen = {}
    original = Linter.lint_file

    def spy(self, path, raw=None, parameter_files=()):
        seen[path] = list(parameter_files)
        return original(self, path, raw, parameter_files)

    monkeypatch.setattr(Linter, "lint_file", spy)
    code, out = run_cli("check", "infra")
    assert seen["infra/param.json"] == [str(project / "params" / "prod.json")]
    assert seen["infra/flex.json"] == []


def test_exclude_applies_to_walks_and_explicit_files(project):
    (project / ".arm-orchlint.toml").write_text('exclude = ["infra/preview.json"]\n')
    assert rules_of("infra")[1] == [("infra/flex.json", "ORCH206")]
    assert rules_of("infra/preview.json")[1] == []
    (project / ".arm-orchlint.toml").write_text('exclude = ["infra/"]\n')
    assert rules_of(".")[1] == []


def test_rule_dirs(project):
    (project / ".git").mkdir()  # a checkout: rule files must be inside it (run from sub/, they are in ../)
    (project / "myrules").mkdir()
    rule = json.loads((FIXTURES.parent / "rules" / "ORCH206.json").read_text())
    rule.update(id="ACME001", name="acme-flexible-spg")
    (project / "myrules" / "ACME001.json").write_text(json.dumps(rule))
    (project / "sub").mkdir()
    (project / "sub" / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.arm-orchlint]\nrule-dirs = ["../myrules"]\nselect = ["ACME"]\n'
    )
    import os

    os.chdir(project / "sub")
    code, found, _ = rules_of("../infra")
    assert found == [("../infra/flex.json", "ACME001")]
    assert "ACME001" in run_cli("rules")[1]


def test_pyproject_without_section_is_skipped(project):
    (project / "pyproject.toml").write_text('[project]\nname = "arm-orchlint-user"\n')
    assert find_config(str(project)) is None or find_config(str(project)).parent != project


def test_arm_orchlint_toml_wins_and_tool_table_is_accepted(project):
    (project / "pyproject.toml").write_text('[tool.arm-orchlint]\nselect = ["ORCH0"]\n')
    (project / ".arm-orchlint.toml").write_text('[tool.arm-orchlint]\nselect = ["ORCH2"]\n')
    assert find_config(str(project)) == project / ".arm-orchlint.toml"
    assert load_config(project / ".arm-orchlint.toml").select == ["ORCH2"]


def test_found_by_walking_up(project, monkeypatch):
    (project / ".arm-orchlint.toml").write_text('select = ["ORCH2"]\n')
    monkeypatch.chdir(project / "infra")
    assert rules_of(".")[1] == [("flex.json", "ORCH206")]  # paths are normalised at discovery


def test_config_option_and_isolated(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("cfg") / "ci.toml"
    other.write_text('select = ["ORCH0"]\n')
    (project / ".arm-orchlint.toml").write_text('select = ["ORCH2"]\n')
    assert rules_of("--config", str(other), "infra")[1] == [("infra/preview.json", "ORCH002")]
    assert len(rules_of("--isolated", "infra")[1]) == 2
    code, out = run_cli("check", "--config", str(other), "--isolated", "infra")
    assert code == 2


@pytest.mark.parametrize(
    "text,expected",
    [
        ('selekt = ["ORCH2"]\n', "unknown key 'selekt'"),
        ('[severity]\nORCH206 = "fatal"\n', "severity.ORCH206: 'fatal' is not one of"),
        ("fail-level = 3\n", "fail-level: 3 is not one of"),
        ('select = "ORCH2"\n', "select: 'ORCH2' is not of type 'array'"),
        ('[parameters]\n"a.json" = 5\n', "parameters.a.json: 5 is not a file name or a list of file names"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_invalid_config_is_a_one_line_error(project, text, expected):
    (project / ".arm-orchlint.toml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(project / ".arm-orchlint.toml")
    assert expected in str(info.value) and "\n" not in str(info.value)
    code, out = run_cli("check", "infra")
    assert code == 2 and out.startswith("arm-orchlint: error: ") and len(out.strip().splitlines()) == 1


def test_missing_config_file(project):
    code, out = run_cli("check", "--config", "nope.toml", "infra")
    assert code == 2 and "config file not found" in out
