"""Third-party rules: rule folders and entry points in the ``arm_orchlint.rules`` group.

The plugin package is written into tmp_path together with a ``*.dist-info`` folder holding
its ``entry_points.txt``; putting tmp_path on ``sys.path`` makes ``importlib.metadata`` see
it exactly as it sees an installed distribution.
"""

import json
import sys
import textwrap

import pytest

from arm_orchlint.rules.registry import CatalogError, Registry

from .conftest import FIXTURES
from .test_formats import run_cli

CHECK_MODULE = """
from arm_orchlint.core.findings import Hit


def flexible_without_zones(ss, model):
    if ss.res.get("properties", "orchestrationMode") == "Flexible" and not ss.res.has("zones"):
        yield Hit(ss.res, ("properties", "orchestrationMode"), "ACME policy: Flexible scale sets must list zones")
"""


def rule(rule_id, name, check):
    return {
        "id": rule_id,
        "name": name,
        "severity": "warning",
        "modes": ["Flexible"],
        "resource": "Microsoft.Compute/virtualMachineScaleSets",
        "summary": "ACME policy: Flexible scale sets must list their zones.",
        "explanation": 'ACME runs every Flexible scale set across zones.\n\nBad:\n```json\n{}\n```\n\nGood:\n```json\n{"zones": ["1"]}\n```\n',
        "sources": [{"title": "ACME platform handbook", "url": "https://acme.example/handbook#zones"}],
        "check": check,
    }


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    site = tmp_path / "site"
    pkg = site / "acme_orch"
    (pkg / "rules").mkdir(parents=True)
    (pkg / "__init__.py").write_text(
        textwrap.dedent(
            """
        def get_rules():
            return ["""
            + repr(rule("ACME002", "acme-callable-rule", {"python": "acme_orch.checks:flexible_without_zones"}))
            + """]
    """
        )
    )
    (pkg / "checks.py").write_text(CHECK_MODULE)
    (pkg / "rules" / "__init__.py").write_text("")
    (pkg / "rules" / "ACME001.json").write_text(
        json.dumps(rule("ACME001", "acme-flexible-zones", {"python": "acme_orch.checks:flexible_without_zones"}))
    )
    dist = site / "acme_orch-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-orch\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[arm_orchlint.rules]\nacme-folder = acme_orch.rules\nacme-callable = acme_orch:get_rules\n"
    )
    monkeypatch.syspath_prepend(str(site))
    yield site
    for name in [m for m in sys.modules if m == "acme_orch" or m.startswith("acme_orch.")]:
        del sys.modules[name]


def test_entry_point_rules_are_loaded(plugin):
    registry = Registry.default()
    assert {"ACME001", "ACME002"} <= set(registry.by_id)
    assert registry.by_id["ACME001"].origin == "plugin:acme-folder"
    assert registry.by_id["ACME002"].origin == "plugin:acme-callable"


def test_plugin_rule_fires_and_is_listed(plugin, monkeypatch):
    code, out = run_cli(
        "check", "--allow-plugins", "--format", "json", "--select", "ACME001", str(FIXTURES / "ORCH206" / "bad.json")
    )
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["ACME001"]
    assert code == 1
    assert any(
        line.split() == ["ACME001", "warning", "Flexible", "acme-flexible-zones"]
        for line in run_cli("rules", "--allow-plugins")[1].splitlines()
    )
    assert "ACME001" not in run_cli("rules")[1]  # plugins load only when asked for
    sarif = json.loads(
        run_cli(
            "check", "--allow-plugins", "--format", "sarif", "--select", "ACME", str(FIXTURES / "ORCH206" / "bad.json")
        )[1]
    )
    run = sarif["runs"][0]
    descriptors = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert descriptors["ACME001"]["helpUri"] == "https://acme.example/handbook#zones"
    assert sorted(r["ruleId"] for r in run["results"]) == ["ACME001", "ACME002"]


def test_broken_plugin_is_a_tool_error(tmp_path, monkeypatch):
    site = tmp_path / "site"
    dist = site / "broken-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[arm_orchlint.rules]\nbroken = no_such_module_xyz:rules\n")
    monkeypatch.syspath_prepend(str(site))
    with pytest.raises(CatalogError, match="plugin 'broken' failed to load"):
        Registry.default()
    code, out = run_cli("check", "--allow-plugins", str(FIXTURES / "ORCH206" / "good.json"))
    assert code == 2 and "plugin 'broken'" in out
    assert run_cli("check", "--isolated", str(FIXTURES / "ORCH206" / "good.json"))[0] == 0  # not loaded


def test_rule_dir_with_declarative_and_python_rules(plugin, tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    declarative = json.loads((FIXTURES.parent / "rules" / "ORCH206.json").read_text())
    declarative.update(id="TEAM001", name="team-no-spg")
    (folder / "TEAM001.json").write_text(json.dumps(declarative))
    (folder / "TEAM002.json").write_text(
        json.dumps(rule("TEAM002", "team-zones", {"python": "acme_orch.checks:flexible_without_zones"}))
    )
    registry = Registry.default([str(folder)], entry_points=False)
    assert registry.by_id["TEAM001"].origin == str(folder)
    config = tmp_path / "cfg.toml"
    config.write_text(f'rule-dirs = ["{folder.name}"]\nselect = ["TEAM"]\nallow-plugins = true\n')
    code, out = run_cli("check", "--config", str(config), "--format", "json", str(FIXTURES / "ORCH206" / "bad.json"))
    assert sorted(f["rule"] for f in json.loads(out)["findings"]) == ["TEAM001", "TEAM002"]


def test_invalid_rule_in_rule_dir(tmp_path):
    (tmp_path / "X001.json").write_text('{"id": "X001"}')
    with pytest.raises(CatalogError, match="invalid rule"):
        Registry.default([str(tmp_path)], entry_points=False)
