"""JUnit agrees with the exit code (issue 15, item 9): read back with junitparser, the
parser CI test-report tools build on."""

import subprocess
import sys

import pytest

from .conftest import FIXTURES, REPO

junitparser = pytest.importorskip("junitparser", reason="junitparser is a test dependency (pip install '.[test]')")

BAD = FIXTURES / "ORCH206" / "bad.json"
GOOD = FIXTURES / "ORCH206" / "good.json"
NOTE_AND_WARNING = REPO / "tests" / "data" / "suppressed.jsonc"  # an ORCH905 warning


def junit(tmp_path, *args):
    target = tmp_path / "report.xml"
    proc = subprocess.run(
        [sys.executable, "-m", "arm_orchlint", "--isolated", "-f", f"junit={target}", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    return proc.returncode, junitparser.JUnitXml.fromfile(str(target))


def cases(xml):
    return [(suite.name, case) for suite in xml for case in suite]


def test_failures_are_what_fails_the_run(tmp_path):
    code, xml = junit(tmp_path, BAD, NOTE_AND_WARNING, GOOD)
    assert code == 1
    failed = [(s, c.name) for s, c in cases(xml) if not c.is_passed]
    assert failed == [
        (
            str(BAD.relative_to(REPO)),
            "ORCH206 flexible-single-placement-group vmss-flex-spg.properties.singlePlacementGroup",
        ),
        ("tests/data/suppressed.jsonc", "ORCH905 unused-suppression"),
    ]
    assert xml.failures == 2


def test_below_the_fail_level_is_a_passing_case_with_system_out(tmp_path):
    code, xml = junit(tmp_path, "--fail-level", "error", NOTE_AND_WARNING, GOOD)
    assert code == 0  # the warning does not fail the run ...
    assert xml.failures == 0  # ... nor the report
    (case,) = [c for s, c in cases(xml) if s == "tests/data/suppressed.jsonc"]
    assert case.is_passed
    assert case.system_out.endswith(
        "warning: suppression of ORCH002 matches no finding on the next line; remove it [ORCH905]"
    )


def test_names_carry_no_line_and_times_are_set(tmp_path):
    _, xml = junit(tmp_path, BAD, GOOD)
    for suite in xml:
        assert suite.time >= 0.0 and suite._elem.get("time") is not None
        for case in suite:
            assert ":" not in case.name and " at " not in case.name
            assert case._elem.get("time") is not None
    assert xml._elem.get("time") is not None


def test_the_same_name_survives_a_line_move(tmp_path):
    moved = tmp_path / "bad.json"
    moved.write_text("\n\n\n" + BAD.read_text())
    _, before = junit(tmp_path, BAD)
    _, after = junit(tmp_path, moved)
    assert [c.name for _, c in cases(before)] == [c.name for _, c in cases(after)]
