"""Version-diff rules: each folder's ``expected.json`` lists old/new pairs and the findings
of that rule the pair must produce (``[]`` for a passing pair).  A pair may name
``parameters_old`` / ``parameters_new`` files.  Passing pairs must produce no diff error or
warning at all."""

import pytest

from arm_orchlint.diff.compare import Differ
from arm_orchlint.rules.registry import Registry

from .conftest import FIXTURES, load_expectations

PAIRS = []
for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
    for spec in load_expectations(folder)[1]:
        PAIRS.append(pytest.param(folder.name, spec, id=f"{folder.name}/{spec['old']}->{spec['new']}"))


@pytest.fixture(scope="module")
def differ():
    return Differ(Registry.default())


def test_there_are_pair_fixtures():
    assert len(PAIRS) >= 14


@pytest.mark.parametrize("rule_id,spec", PAIRS)
def test_pair(differ, rule_id, spec):
    folder = FIXTURES / rule_id
    results = differ.diff_files(
        str(folder / spec["old"]),
        str(folder / spec["new"]),
        [str(folder / p) for p in spec.get("parameters_old", [])],
        [str(folder / p) for p in spec.get("parameters_new", [])],
    )
    findings = [f for r in results for f in r.findings]
    assert all(f.path == str(folder / spec["new"]) for f in findings), "diff findings must be located in NEW"
    shown = "\n".join(f"{f.line}:{f.col} {f.rule_id} {f.severity} {f.message}" for f in findings)
    got = [{"rule": f.rule_id, "line": f.line, "column": f.col} for f in findings if f.rule_id == rule_id]
    assert got == spec["findings"], shown
    if not spec["findings"]:
        loud = [f for f in findings if f.severity in ("error", "warning")]
        assert not loud, "passing pair has findings:\n" + shown
