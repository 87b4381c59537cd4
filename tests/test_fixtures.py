"""Every rule has failing and passing fixtures; each asserts exact rule ids, lines and columns.

Layout: ``fixtures/<RULE-ID>/expected*.json`` map each fixture file of that folder to the
findings *of that rule* it must produce (``[]`` for a passing fixture).  A finding located
in another file than the fixture (a Bicep module, a linked template) carries ``"file"``:
that file's name relative to the folder.  A fixture may also
name parameter files: ``{"bad.json": {"findings": [...], "parameters": ["bad.parameters.json"]}}``.
Passing fixtures must produce no error or warning at all, so they stay realistic.
Folders of version-diff rules hold ``{"pairs": [...]}`` instead; ``test_diff_fixtures.py``
runs those.
"""

import os
from pathlib import Path

import pytest

from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.rules.registry import Registry

from .conftest import FIXTURES, load_expectations

CASES = []
for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
    singles, _ = load_expectations(folder)  # pairs: see test_diff_fixtures.py
    for name, spec in singles.items():
        CASES.append(pytest.param(folder.name, name, spec, id=f"{folder.name}/{name}"))


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


@pytest.mark.parametrize("rule_id,name,spec", CASES)
def test_fixture(registry, rule_id, name, spec):
    folder = FIXTURES / rule_id
    options = Options(
        parameter_files=[str(folder / p) for p in spec.get("parameters", [])],
        params=[tuple(p) for p in spec.get("params", [])],
    )
    fixture = folder / name
    result = Linter(registry, options).lint_file(str(fixture))
    got = [_expected_form(f, fixture, folder) for f in result.findings if f.rule_id == rule_id]
    assert got == spec["findings"], "\n".join(f"{f.line}:{f.col} {f.rule_id} {f.message}" for f in result.findings)
    if not spec["findings"]:
        loud = [f for f in result.findings if f.severity in ("error", "warning")]
        assert not loud, "passing fixture has findings:\n" + "\n".join(
            f"{f.line}:{f.col} {f.rule_id} {f.message}" for f in loud
        )


def _expected_form(finding, fixture, folder) -> dict:
    entry = {"rule": finding.rule_id, "line": finding.line, "column": finding.col}
    if Path(finding.path).resolve() != fixture.resolve():
        entry["file"] = Path(os.path.relpath(Path(finding.path).resolve(), folder.resolve())).as_posix()
    return entry


def test_every_checking_rule_has_failing_and_passing_fixtures(registry):
    for rule in registry.rules:
        if rule.is_builtin_finding:
            continue
        folder = FIXTURES / rule.id
        assert folder.is_dir(), f"{rule.id} has no fixtures folder"
        singles, pairs = load_expectations(folder)
        if rule.is_diff:
            assert pairs, f"{rule.id} is a diff rule: its expected.json needs old/new pairs"
            assert any(p["findings"] for p in pairs), f"{rule.id} has no failing pair"
            assert any(not p["findings"] for p in pairs), f"{rule.id} has no passing pair"
            for name in {n for p in pairs for n in (p["old"], p["new"])}:
                assert (folder / name).is_file(), f"{rule.id}: {name} listed but missing"
            continue
        specs = list(singles.values())
        assert any(s["findings"] for s in specs), f"{rule.id} has no failing fixture"
        assert any(not s["findings"] for s in specs), f"{rule.id} has no passing fixture"
        for name in singles:
            assert (folder / name).is_file(), f"{rule.id}: {name} listed but missing"
