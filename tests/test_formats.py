"""Every output format on the same fixtures, compared with snapshots in tests/snapshots/.

Regenerate with ``pytest tests/test_formats.py --snapshot-update`` and read the diff.
"""

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from arm_orchlint.cli.app import cli

from .conftest import REPO

SNAPSHOT_INPUTS = [
    "fixtures/ORCH206/bad.json",
    "tests/data/preview-only.json",
    "fixtures/ORCH206/good.json",
    "tests/data/suppressed.jsonc",
]
SNAPSHOTS = REPO / "tests" / "snapshots" / "formats"
EXTENSIONS = {"text": "txt", "json": "json", "sarif": "sarif", "github": "txt", "azure": "txt", "junit": "xml"}


def normalise(text: str) -> str:
    """Replace what depends on the machine: the checkout's absolute path and file URI."""
    text = text.replace(Path(REPO).as_uri(), "file:///REPO")
    return text.replace(str(REPO), "/REPO")


def stable_sarif(text: str) -> str:
    """Keep only the rules the results use, so that adding a rule to the catalog does not
    change the snapshot (the full catalog is checked in test_sarif.py)."""
    doc = json.loads(text)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    used = sorted({r["ruleId"] for r in run["results"]})
    kept = [r for r in rules if r["id"] in used]
    index = {r["id"]: i for i, r in enumerate(kept)}
    run["tool"]["driver"]["rules"] = kept
    for result in run["results"]:
        result["ruleIndex"] = index[result["ruleId"]]
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def run_cli(*args, env=None):
    runner = CliRunner()
    result = runner.invoke(cli, list(args), catch_exceptions=False, env=env)
    return result.exit_code, result.output


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return REPO


@pytest.mark.parametrize("fmt", list(EXTENSIONS))
def test_format_snapshot(in_repo, snapshot, fmt):
    code, out = run_cli("check", "--isolated", "--format", fmt, *SNAPSHOT_INPUTS)
    assert code == 1
    snapshot.snapshot_dir = SNAPSHOTS
    if fmt == "sarif":
        out = stable_sarif(out)
    if fmt == "junit":  # lint times vary from run to run
        import re

        out = re.sub(r'time="[0-9.]+"', 'time="T"', out)
    snapshot.assert_match(normalise(out), f"{fmt}.{EXTENSIONS[fmt]}")


def test_clean_sarif_has_empty_results(in_repo):
    code, out = run_cli("check", "--isolated", "--format", "sarif", "fixtures/ORCH206/good.json")
    assert code == 0
    doc = json.loads(out)
    assert len(doc["runs"]) == 1
    assert doc["runs"][0]["results"] == []


def test_output_file(in_repo, tmp_path):
    target = tmp_path / "out.sarif"
    code, out = run_cli(
        "check", "--isolated", "--format", "sarif", "--output", str(target), "fixtures/ORCH206/bad.json"
    )
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["runs"][0]["results"][0]["ruleId"] == "ORCH206"


def test_suppressed_findings_do_not_count(in_repo):
    code, out = run_cli("check", "--isolated", "--format", "text", "tests/data/suppressed.jsonc")
    assert "ORCH206" not in out  # suppressed
    assert "[ORCH905]" in out  # the stale suppression
    assert "Found 1 problem (1 warning) in 1 file.\n[*] 1 fixable" in out  # the stale one has a fix
    data = json.loads(run_cli("check", "--isolated", "--format", "json", "tests/data/suppressed.jsonc")[1])
    suppressed = [f for f in data["findings"] if "suppressed" in f]
    assert suppressed[0]["suppressed"] == {
        "kind": "inSource",
        "justification": "kept until the migration in OPS-123 lands",
    }
    assert data["summary"]["error"] == 0


def test_statistics(in_repo):
    code, out = run_cli(
        "check", "--isolated", "--statistics", "fixtures/ORCH206/bad.json", "tests/data/preview-only.json"
    )
    lines = out.splitlines()
    assert any(line.split()[:3] == ["1", "ORCH206", "error"] for line in lines)
    assert any(line.split()[:3] == ["1", "ORCH002", "error"] for line in lines)


def test_colour_only_on_a_terminal_and_not_with_no_color(in_repo, monkeypatch):
    import sys

    from arm_orchlint.cli import app as cli_module

    class FakeTty:
        def __init__(self):
            self.parts = []

        def isatty(self):
            return True

        def write(self, text):
            self.parts.append(text)

        def flush(self):
            pass

    for no_color, expect in ((None, True), ("1", False)):
        fake = FakeTty()
        monkeypatch.setattr(sys, "stdout", fake)
        if no_color is None:
            monkeypatch.delenv("NO_COLOR", raising=False)
        else:
            monkeypatch.setenv("NO_COLOR", no_color)
        code = cli_module._run_check(
            paths=["fixtures/ORCH206/bad.json"],
            fmt="text",
            output=None,
            parameter_files=(),
            params=(),
            select=(),
            ignore=(),
            fail_level=None,
            exit_zero=False,
            root=".",
            statistics=False,
            no_explore=False,
            jobs=1,
            debug=False,
            isolated=True,
        )
        monkeypatch.undo()
        monkeypatch.chdir(REPO)
        assert code == 1
        assert ("\x1b[31m" in "".join(fake.parts)) is expect
    # not a terminal (CliRunner): never colour
    assert "\x1b[" not in run_cli("check", "--isolated", "fixtures/ORCH206/bad.json")[1]


# -- github --------------------------------------------------------------------------------
def test_github_escaping():
    from arm_orchlint.report.github import escape_data, escape_property

    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_columns_only_on_one_line():
    from arm_orchlint.core.findings import Finding
    from arm_orchlint.core.source import Span
    from arm_orchlint.report import ReportContext
    from arm_orchlint.report.github import command
    from arm_orchlint.rules.registry import Registry

    ctx = ReportContext(registry=Registry.default(entry_points=False), version="0")
    multi = Finding("ORCH206", "warning", "m, with: 100%", "a,b.json", Span("a,b.json", 3, 5, 4, 2))
    assert (
        command(multi, ctx)
        == "::warning file=a%2Cb.json,line=3,endLine=4,title=ORCH206 flexible-single-placement-group::m, with: 100%25"
    )
    note = Finding("ORCH904", "note", "n", "x.json", Span("x.json", 2, 1, 2, 9))
    assert command(note, ctx).startswith(
        "::notice file=x.json,line=2,endLine=2,col=1,endColumn=9,title=ORCH904 module-not-read::"
    )


def test_github_step_summary(in_repo, tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    code, out = run_cli(
        "check",
        "--isolated",
        "--format",
        "github",
        "fixtures/ORCH206/bad.json",
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    text = summary.read_text()
    assert text.startswith("earlier step\n## arm-orchlint")  # appended, not replaced
    assert "| error | ORCH206 flexible-single-placement-group | `fixtures/ORCH206/bad.json:12:9` |" in text


# -- azure ---------------------------------------------------------------------------------
def test_azure_escaping_and_notes():
    from arm_orchlint.core.findings import Finding
    from arm_orchlint.core.source import Span
    from arm_orchlint.lint.engine import FileResult
    from arm_orchlint.report import ReportContext
    from arm_orchlint.report.azure import command, escape_property, render

    assert escape_property("a;b]\r\n") == "a%3Bb%5D%0D%0A"
    f = Finding("ORCH206", "error", "x;y\nz", "t.json", Span("t.json", 1, 2, 1, 3))
    assert (
        command(f)
        == f"##vso[task.logissue type=error;sourcepath={os.path.abspath('t.json')};linenumber=1;columnnumber=2;code=ORCH206;]x;y%0Az"
    )
    note = Finding("ORCH904", "note", "n", "t.json", Span("t.json", 1, 2, 1, 3))
    out = render([FileResult("t.json", "template", [note])], ReportContext(registry=None, version="0"))
    # a note is a debug message: no plain line ever carries user text
    assert out.splitlines()[0] == "##vso[task.debug]t.json:1:2: note: n [ORCH904]"


# -- junit ---------------------------------------------------------------------------------
def test_junit_structure(in_repo):
    code, out = run_cli(
        "check", "--isolated", "--format", "junit", "fixtures/ORCH206/bad.json", "fixtures/ORCH206/good.json"
    )
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["fixtures/ORCH206/bad.json", "fixtures/ORCH206/good.json"]
    bad, good = suites
    assert bad.get("failures") == "1" and bad.find("testcase/failure").get("type") == "ORCH206 error"
    assert good.get("failures") == "0" and good.find("testcase") is not None and good.find("testcase/failure") is None
    assert root.get("tests") == "2" and root.get("failures") == "1"
