"""No silent green: a typo in a rule selector, an input that lints nothing or a --param
nobody declares must be visible (issue 15, items 1-3).  Through the real command line."""

import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from arm_orchlint.cli.app import cli

from .conftest import FIXTURES

BAD = FIXTURES / "ORCH206" / "bad.json"
PARAMS = (
    '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",'
    ' "contentVersion": "1.0.0.0", "parameters": {}}'
)
TEMPLATE_WITH_MODE = (
    '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",'
    ' "contentVersion": "1.0.0.0", "parameters": {"Mode": {"type": "string"}}, "resources": []}'
)


def run(*args, cwd=None):
    proc = subprocess.run(
        [sys.executable, "-m", "arm_orchlint", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120
    )
    return proc.returncode, proc.stdout, proc.stderr


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# -- 1. unknown selectors ------------------------------------------------------------------
@pytest.mark.parametrize(
    "option,value,near",
    [
        ("--select", "ORHC2", "ORCH2"),
        ("--ignore", "ORCH2O6", "ORCH206"),
        ("--select", "ORCH206,flexibel-single-placement-group", "flexible-single-placement-group"),
    ],
)
def test_unknown_selector_option_is_a_usage_error(option, value, near):
    code, out, err = run("--isolated", option, value, BAD)
    assert code == 2
    assert out == ""
    assert f"did you mean '{near}'?" in err
    assert f"{option}: unknown rule selector" in err


def test_known_selectors_still_work():
    assert run("--isolated", "--select", "ORCH2", BAD)[0] == 1
    assert run("--isolated", "--select", "all", "--ignore", "flexible-single-placement-group", BAD)[0] == 0


@pytest.mark.parametrize(
    "config,key",
    [
        ('select = ["ORHC2"]\n', "select"),
        ('ignore = ["ORCH2O6"]\n', "ignore"),
        ('[per-file-ignores]\n"legacy/**" = ["ORCH2x"]\n', "per-file-ignores"),
        ('[severity]\nORCH2O6 = "note"\n', "severity"),
    ],
)
def test_unknown_selector_in_config_is_an_error(tmp_path, config, key):
    (tmp_path / ".arm-orchlint.toml").write_text(config)
    shutil.copy(BAD, tmp_path / "t.json")
    code, out, err = run("t.json", cwd=tmp_path)
    assert code == 2, out + err
    assert f".arm-orchlint.toml: {key}: " in err and "unknown rule" in err and "did you mean" in err


def test_explain_unknown_rule_suggests():
    code, out, err = run("explain", "ORCH2O6")
    assert code == 2 and "did you mean 'ORCH206'?" in err


def test_diff_unknown_selector():
    code, out, err = run("diff", "--select", "ORHC8", BAD, BAD)
    assert code == 2 and "did you mean 'ORCH8'?" in err


# -- 2. inputs that lint nothing -----------------------------------------------------------
def test_empty_folder_warns(tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = invoke("check", "--isolated", tmp_path / "empty")
    assert code == 0 and out == "No problems found in 0 files.\n"
    assert err == f"arm-orchlint: warning: no templates found under {tmp_path / 'empty'}\n"


def test_folder_with_only_non_templates_warns(tmp_path):
    (tmp_path / "package.json").write_text('{"name": "x"}')
    code, out, err = invoke("check", "--isolated", tmp_path)
    assert code == 0 and "no templates found under" in err


def test_each_explicit_skipped_file_says_why(tmp_path):
    (tmp_path / "package.json").write_text('{"name": "x"}')
    (tmp_path / "t.parameters.json").write_text(PARAMS)
    shutil.copy(BAD, tmp_path / "gen.json")
    shutil.copy(BAD, tmp_path / "t.json")
    (tmp_path / ".arm-orchlint.toml").write_text('exclude = ["gen.json"]\n')
    code, out, err = run("package.json", "t.parameters.json", "gen.json", "t.json", cwd=tmp_path)
    assert code == 1 and out.startswith("t.json:12:9: error:")
    lines = err.splitlines()
    assert lines[0].startswith("arm-orchlint: warning: package.json: skipped: not an ARM template")
    assert (
        lines[1]
        == "arm-orchlint: warning: t.parameters.json: skipped: parameter file: pass it with -p/--parameters TEMPLATE"
    )
    assert lines[2].startswith("arm-orchlint: warning: gen.json: skipped: excluded by config (")
    assert len(lines) == 3


def test_linted_files_give_no_warning():
    code, out, err = run("--isolated", BAD)
    assert code == 1 and err == ""


# -- 3. --param nobody declares ------------------------------------------------------------
def test_unknown_param_warns(tmp_path):
    template = tmp_path / "p.json"
    template.write_text(TEMPLATE_WITH_MODE)
    code, out, err = run("--isolated", "--param", "nosuch=1", "--param", "Mode=Flexible", template)
    assert code == 0
    assert err == f"arm-orchlint: warning: --param nosuch: {template} declares no parameter named 'nosuch'\n"


def test_param_declared_by_one_of_several_templates_is_fine(tmp_path):
    template = tmp_path / "p.json"
    template.write_text(TEMPLATE_WITH_MODE)
    code, out, err = run("--isolated", "--param", "mode=Flexible", BAD, template)
    assert err == ""  # names are case-insensitive; one template declaring it is enough
    code, out, err = run("--isolated", "--param", "other=1", BAD, template)
    assert "none of the 2 linted templates declares a parameter named 'other'" in err
