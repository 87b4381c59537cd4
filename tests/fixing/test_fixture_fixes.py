"""Every fixture finding that has a fix: apply that fix alone to a copy of the fixture
folder, re-parse and re-lint.  The finding is gone, no finding appears that was not there
before, the file still parses, and only the lines the edits touch differ."""

import difflib
import shutil
from pathlib import Path

import pytest

from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.lint.fixing import apply_edits
from arm_orchlint.rules.registry import Registry

from ..conftest import FIXTURES, load_expectations


def _cases():
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        singles, _ = load_expectations(folder)
        for name, spec in singles.items():
            if spec["findings"]:
                yield pytest.param(folder.name, name, spec, id=f"{folder.name}/{name}")


CASES = list(_cases())


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


def _lint(registry, folder: Path, name: str, spec: dict):
    options = Options(
        parameter_files=[str(folder / p) for p in spec.get("parameters", [])],
        params=[tuple(p) for p in spec.get("params", [])],
    )
    return Linter(registry, options).lint_file(str(folder / name)).findings


def _key(f):
    return (f.rule_id, f.resource, f.property_path, Path(f.path).name)


def _read(path: str) -> tuple[bytes, str]:
    from arm_orchlint.front.json.load import decode_bytes

    raw = Path(path).read_bytes()
    return raw, decode_bytes(raw)


# A fix of the mode's name makes the set a known Uniform or Flexible one: the rules of that
# mode then apply, and what they report is new, and right.
MODE_FIXES = {"ORCH001", "ORCH002"}
TOOL_RULES = {f"ORCH{n}" for n in range(900, 1000)}
FIXED: set = set()  # rule ids whose fixes were applied here (checked by the test below)


@pytest.mark.parametrize("rule_id,name,spec", CASES)
def test_fix_removes_the_finding_and_only_it(registry, tmp_path, rule_id, name, spec):
    from arm_orchlint.front.reading import encode_like

    work = tmp_path / rule_id
    shutil.copytree(FIXTURES / rule_id, work)
    before = _lint(registry, work, name, spec)
    fixable = [f for f in before if f.fix is not None and f.fix.edits]
    if not fixable:
        pytest.skip("no finding of this fixture has a fix")
    for finding in fixable:
        originals = {}
        for edit in finding.fix.edits:
            originals.setdefault(edit.path, _read(edit.path))
        try:
            for path, (raw, text) in originals.items():
                edits = [e for e in finding.fix.edits if e.path == path]
                fixed = apply_edits(text, edits)
                assert fixed != text
                Path(path).write_bytes(encode_like(fixed, raw))
                _assert_only_edited_lines_changed(text, fixed, edits)
            after = _lint(registry, work, name, spec)
            assert not [f for f in after if f.rule_id == "ORCH900" or f.rule_id == "ORCH908"], "fixed file must parse"
            gone = _key(finding)
            assert gone not in {_key(f) for f in after}, f"{finding.rule_id} still reported after {finding.fix.title}"
            new = {_key(f) for f in after} - {_key(f) for f in before}
            if finding.rule_id in MODE_FIXES:
                new = {k for k in new if k[0] in TOOL_RULES}  # the set is now checked as its mode
            assert not new, f"{finding.fix.title} made new findings appear: {new}"
            FIXED.add(finding.rule_id)
        finally:
            for path, (raw, _) in originals.items():
                Path(path).write_bytes(raw)


def _assert_only_edited_lines_changed(before: str, after: str, edits) -> None:
    touched = set()
    for e in edits:
        first = before.count("\n", 0, e.start)
        last = before.count("\n", 0, e.end)
        touched.update(range(first, last + 1))
        if e.end > e.start and before[e.end - 1 : e.end] == "\n":
            touched.discard(last)  # a removed line ends at the next line's start
    old_lines = before.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old_lines, b=after.splitlines(keepends=True), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            assert set(range(i1, i2)) <= touched, f"lines {i1 + 1}-{i2} changed but no edit touches them"
        if tag == "insert":  # new lines go next to an edited line
            assert {i1 - 1, i1} & touched or not touched, f"lines inserted at {i1 + 1} away from the edits"


def test_every_declared_fix_is_proved_by_json_and_bicep_fixtures(registry):
    """A rule that declares a fix has a fixture of each front end where the fix applies."""
    missing = []
    for rule in registry.rules:
        if not rule.fix:
            continue
        folder = FIXTURES / rule.id
        singles, _ = load_expectations(folder)
        kinds = set()
        for name, spec in singles.items():
            for f in _lint(registry, folder, name, spec):
                if f.rule_id == rule.id and f.fix is not None and f.fix.edits:
                    kinds.add(Path(name).suffix)
        for suffix in (".json", ".bicep"):
            if suffix not in kinds:
                missing.append(f"{rule.id}{suffix}")
    assert not missing, f"declared fixes without a fixture that proves them: {missing}"


@pytest.mark.parametrize(
    "rule_id,name,safe",
    [
        ("ORCH002", "bad-scalesetvm.json", True),  # ScaleSetVM was Uniform by another name
        ("ORCH002", "bad-scalesetvm.bicep", True),
        ("ORCH002", "bad.json", False),  # VM mode -> Flexible: Flexible accepts more than VM did
        ("ORCH002", "bad.bicep", False),
        ("ORCH206", "bad.json", True),
        ("ORCH206", "eval-param-default.json", False),  # the parameter's default, for every user of it
        ("ORCH007", "bad.json", False),  # a newer apiVersion may change other defaults
    ],
)
def test_fix_safety_is_the_documented_one(registry, rule_id, name, safe):
    folder = FIXTURES / rule_id
    fixes = [f.fix for f in _lint(registry, folder, name, {}) if f.rule_id == rule_id]
    assert fixes and all(fix is not None and fix.safe is safe for fix in fixes)
