"""Issue 14 item 7: one evaluation budget per file, counted for every value built and
shared by allowedValues exploration; reaching it is ORCH901 once, the other rules still run,
and any file finishes in under 5 s."""

from __future__ import annotations

import json
import subprocess
import sys
import time

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def scale_set(properties: dict, name: str = "s") -> dict:
    return {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2024-03-01",
        "name": name,
        "location": "westeurope",
        "properties": properties,
    }


def nested_copies(levels: int = 3, count: int = 800) -> dict:
    value: dict = {"v": "x"}
    for level in range(levels):
        value = {"copy": [{"name": f"c{level}", "count": count, "input": value}]}
    return value


def lint(tmp_path, template: dict, timeout: float = 60) -> tuple[float, dict]:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(template))
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "arm_orchlint", "--isolated", "--format", "json", str(path)],
        capture_output=True,
        timeout=timeout,
    )
    elapsed = time.monotonic() - start
    assert proc.returncode in (0, 1), proc.stderr.decode()
    assert b"Traceback" not in proc.stderr and b"MemoryError" not in proc.stderr
    return elapsed, json.loads(proc.stdout)


def limit_notes(doc: dict) -> list[dict]:
    return [f for f in doc["findings"] if f["rule"] == "ORCH901"]


def test_three_nested_property_copies_of_800(tmp_path):
    # 483 bytes that ask for 512 million values
    template = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "resources": [scale_set({"orchestrationMode": "Flex", "virtualMachineProfile": nested_copies()})],
    }
    elapsed, doc = lint(tmp_path, template)
    assert elapsed < 5
    assert len(limit_notes(doc)) == 1  # reported once, where it was reached
    assert "ORCH001" in {f["rule"] for f in doc["findings"]}  # the other rules still run


def test_variable_copy_and_many_resources_share_one_budget(tmp_path):
    template = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "variables": {"copy": [{"name": "big", "count": 800, "input": nested_copies(2)}]},
        "resources": [
            scale_set({"orchestrationMode": "Flex", "x": "[variables('big')]", "y": nested_copies(2)}, f"s{i}")
            for i in range(10)
        ],
    }
    elapsed, doc = lint(tmp_path, template)
    assert elapsed < 5
    assert len(limit_notes(doc)) == 1
    assert sum(f["rule"] == "ORCH001" for f in doc["findings"]) == 10


def test_exploration_shares_the_budget(tmp_path):
    # cheap while the parameter is unknown, about a million steps for each allowed value
    heavy = (
        "length(map(range(0, length(parameters('p'))), lambda('x', map(range(0, length(parameters('p'))), "
        "lambda('y', concat(parameters('p'), string(lambdaVariables('y'))))))))"
    )
    template = {
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "parameters": {"p": {"type": "string", "allowedValues": [f"{i:03}" + "v" * 300 for i in range(64)]}},
        "resources": [scale_set({"orchestrationMode": f"[if(equals({heavy}, 0), 'Flex', 'Flexible')]"})],
    }
    elapsed, doc = lint(tmp_path, template)  # 64 budgets took 26 s before
    assert elapsed < 5
    [note] = limit_notes(doc)
    assert "exploration stopped" in note["message"]


def test_every_expansion_of_a_file_gets_the_same_budget(monkeypatch):
    from arm_orchlint.lint import engine
    from arm_orchlint.lint.engine import Linter, Options
    from arm_orchlint.rules.registry import Registry

    from .conftest import FIXTURES

    budgets = []
    real = engine.expand

    def spy(doc, **kwargs):
        budgets.append(kwargs.get("budget"))
        return real(doc, **kwargs)

    monkeypatch.setattr(engine, "expand", spy)
    path = FIXTURES / "ORCH206" / "bad.json"
    doc = json.loads(path.read_text())
    doc["parameters"] = {"m": {"type": "string", "allowedValues": ["Uniform", "Flexible"]}}
    doc["resources"][0]["properties"]["orchestrationMode"] = "[parameters('m')]"
    linter = Linter(Registry.default(entry_points=False), Options())
    linter.lint_file(str(path), raw=json.dumps(doc).encode())
    assert len(budgets) >= 3 and budgets[0] is not None  # the plain run and two trials
    assert all(b is budgets[0] for b in budgets)
