"""ORCH910: a check that raises becomes an error finding on the resource it was checking,
naming the rule, so the run fails instead of looking clean; ``--debug`` re-raises."""

import json

import pytest

from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.rules.registry import Registry

from .conftest import FIXTURES
from .test_formats import run_cli

CHECKS = """
def explode(ss, model):
    raise KeyError("boom")
    yield


def explode_on_second(ss, model):
    if ss.res.name == "second":
        raise ValueError("broken")
    return ()
"""


def _rule(rule_id, func):
    return {
        "id": rule_id,
        "name": f"team-{rule_id.lower()}",
        "severity": "warning",
        "modes": ["any"],
        "resource": "Microsoft.Compute/virtualMachineScaleSets",
        "summary": "A rule whose check is broken.",
        "explanation": "It raises.\n\nBad:\n```json\n{}\n```\n\nGood:\n```json\n{}\n```\n",
        "sources": [{"title": "none", "url": "https://example.invalid/"}],
        "check": {"python": f"team_crash.checks:{func}"},
    }


@pytest.fixture
def rule_dir(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "team_crash").mkdir()
    (site / "team_crash" / "__init__.py").write_text("")
    (site / "team_crash" / "checks.py").write_text(CHECKS)
    monkeypatch.syspath_prepend(str(site))
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "TEAM001.json").write_text(json.dumps(_rule("TEAM001", "explode")))
    (folder / "TEAM002.json").write_text(json.dumps(_rule("TEAM002", "explode_on_second")))
    return folder


def _lint(rule_dir, path, **options):
    registry = Registry.default([str(rule_dir)], entry_points=False)
    return Linter(registry, Options(**options)).lint_file(str(path)).findings


@pytest.mark.parametrize("name,line,col", [("bad.json", 5, 5), ("bad.bicep", 1, 1)])
def test_a_crashing_check_is_an_error_finding_on_its_resource(rule_dir, name, line, col):
    findings = _lint(rule_dir, FIXTURES / "ORCH206" / name)
    (failed,) = [f for f in findings if f.rule_id == "ORCH910"]
    assert (failed.severity, failed.line, failed.col) == ("error", line, col)
    assert "TEAM001 (team-team001)" in failed.message and "KeyError" in failed.message
    assert failed.resource in failed.message  # the resource's symbolic name (Bicep) or name
    # the other rules still report
    assert any(f.rule_id == "ORCH206" for f in findings)


def test_only_the_resource_it_failed_on(rule_dir, tmp_path):
    template = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [
            {
                "type": "Microsoft.Compute/virtualMachineScaleSets",
                "apiVersion": "2023-09-01",
                "name": name,
                "location": "westeurope",
                "properties": {"orchestrationMode": "Flexible", "platformFaultDomainCount": 1},
            }
            for name in ("first", "second")
        ],
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(template, indent=2))
    findings = _lint(rule_dir, path, select=["TEAM002", "ORCH910"])
    assert [(f.rule_id, f.resource) for f in findings] == [("ORCH910", "second")]


def test_debug_reraises(rule_dir):
    with pytest.raises(KeyError, match="boom"):
        _lint(rule_dir, FIXTURES / "ORCH206" / "bad.json", debug=True)


def test_the_run_fails(rule_dir, tmp_path):
    config = tmp_path / "cfg.toml"
    config.write_text(f'rule-dirs = ["{rule_dir.name}"]\nselect = ["TEAM001", "ORCH910"]\nallow-plugins = true\n')
    good = FIXTURES / "ORCH206" / "good.json"
    code, out = run_cli("check", "--config", str(config), "--format", "json", str(good))
    assert code == 1
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["ORCH910"]
