"""``arm-orchlint diff`` reads the configuration file as ``check`` does: ignore, severity,
rule-dirs, per-file-ignores and fail-level (issue 12, bug 2)."""

import json
import shutil

import pytest

from .conftest import FIXTURES
from .test_formats import run_cli

DIFF_RULE = """
from arm_orchlint.core.findings import Hit


def any_change(old, new, pairing):
    if old is not None and new is not None:
        yield Hit(new.res, ("name",), "team rule: a scale set that exists in both versions")
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    for name in ("old.json", "new-bad.json"):
        shutil.copy(FIXTURES / "ORCH801" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def diff(*extra):
    code, out = run_cli("diff", "--format", "json", *extra, "old.json", "new-bad.json")
    return code, [(f["rule"], f["severity"]) for f in json.loads(out)["findings"]]


def test_without_configuration_the_mode_change_fails(project):
    assert diff() == (1, [("ORCH801", "error")])


@pytest.mark.parametrize(
    "config,expected",
    [
        ('ignore = ["ORCH801"]\n', (0, [])),
        ('ignore = ["orchestration-mode-changed"]\n', (0, [])),
        ('[severity]\nORCH801 = "note"\n', (0, [("ORCH801", "note")])),
        ('fail-level = "note"\n[severity]\nORCH801 = "note"\n', (1, [("ORCH801", "note")])),
        ('[per-file-ignores]\n"new-*.json" = ["ORCH801"]\n', (0, [])),
        ('[per-file-ignores]\n"other.json" = ["ORCH801"]\n', (1, [("ORCH801", "error")])),
    ],
)
def test_the_configuration_file_applies(project, config, expected):
    (project / ".arm-orchlint.toml").write_text(config)
    assert diff() == expected
    assert diff("--isolated") == (1, [("ORCH801", "error")])  # and --isolated still ignores it


def test_explicit_config_and_rule_dirs(project, monkeypatch):
    site = project / "site"
    (site / "team_diff").mkdir(parents=True)
    (site / "team_diff" / "__init__.py").write_text("")
    (site / "team_diff" / "checks.py").write_text(DIFF_RULE)
    monkeypatch.syspath_prepend(str(site))
    rules = project / "rules"
    rules.mkdir()
    rule = json.loads((FIXTURES.parent / "rules" / "ORCH801.json").read_text())
    rule.update(id="TEAM801", name="team-any-change", severity="warning")
    rule["check"] = {"python": "team_diff.checks:any_change", "diff": True}
    (rules / "TEAM801.json").write_text(json.dumps(rule))
    (project / "team.toml").write_text('rule-dirs = ["rules"]\nselect = ["TEAM"]\nallow-plugins = true\n')
    assert diff("--config", "team.toml") == (1, [("TEAM801", "warning")])


def test_command_line_options_win(project):
    (project / ".arm-orchlint.toml").write_text('ignore = ["ORCH801"]\nfail-level = "note"\n')
    assert diff("--ignore", "ORCH802") == (1, [("ORCH801", "error")])
