"""Issue 14 items 4 and 9: output a hostile pull request cannot turn against the CI runner.

Each test builds the hostile input (template values and file names holding line breaks,
runner command prefixes, control characters, lone surrogates, undecodable bytes) and runs
the real command line in a subprocess, then checks the bytes it printed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

FORGED = "\n##vso[task.prependpath]/tmp/evil\n::error file=x::forged\r\x1b[31mred\x07\x00 100%; a]b ##[error]x"


def template(mode_literal: str) -> str:
    """A scale set whose orchestrationMode is ``mode_literal`` (already JSON-encoded):
    ORCH001 echoes the value in its message."""
    return (
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",'
        ' "contentVersion": "1.0.0.0", "resources": [{"type": "Microsoft.Compute/virtualMachineScaleSets",'
        ' "apiVersion": "2024-03-01", "name": "s", "location": "westeurope",'
        ' "sku": {"name": "Standard_D2s_v5", "capacity": 2},'
        ' "properties": {"orchestrationMode": ' + mode_literal + ', "platformFaultDomainCount": 1}}]}'
    )


def run(args, cwd, env=None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.pop("GITHUB_STEP_SUMMARY", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "arm_orchlint", *args], cwd=cwd, capture_output=True, timeout=60, env=full_env
    )


@pytest.fixture
def hostile(tmp_path):
    """A hostile value in a file with a hostile name, and a plain bad file beside it."""
    name = "n\n##vso[task.setvariable variable=x]y\n::warning::z.json"
    (tmp_path / name).write_text(template(json.dumps(FORGED)), encoding="utf-8")
    (tmp_path / "plain.json").write_text(template('"Flex"'), encoding="utf-8")
    return tmp_path


def _lines(out: bytes) -> list[str]:
    return out.decode("utf-8").split("\n")[:-1]


def _no_command_outside_ours(line: str, allowed_prefix: str | None) -> None:
    body = line[len(allowed_prefix) :] if allowed_prefix and line.startswith(allowed_prefix) else line
    assert "##vso[" not in body.lower() and "##[" not in body, line
    assert not body.lstrip().startswith("::") or allowed_prefix == "::", line


def test_text_format_neutralises_commands_and_controls(hostile):
    proc = run(["--isolated", "--format", "text", "."], hostile)
    assert proc.returncode == 1, proc.stderr
    lines = _lines(proc.stdout)
    if lines and lines[-1].startswith(("[*] ", "No fixes available")):
        lines = lines[:-1]  # the fixable count after the summary
    assert len(lines) == 3  # two findings, one summary: a newline in a value never starts a line
    for line in lines:
        assert not re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f]", line), repr(line)
        _no_command_outside_ours(line, None)
    hostile_line = next(line for line in lines if "prependpath" in line)
    # visible escapes, so a reader still sees what the template holds
    assert "\\n\\x23#vso[task.prependpath]/tmp/evil\\n::error file=x::forged\\r\\x1b[31mred\\x07\\0" in hostile_line
    assert "plain.json:" in "\n".join(lines)


def test_text_format_breaks_a_leading_workflow_command(tmp_path):
    (tmp_path / "::error file=a::forged.json").write_text(template('"Flex"'), encoding="utf-8")
    proc = run(["--isolated", "--format", "text", "::error file=a::forged.json"], tmp_path)
    first = _lines(proc.stdout)[0]
    assert first.startswith("\\x3a:error file=a::forged.json:"), first


def test_azure_format_only_prints_its_own_commands(hostile):
    proc = run(["--isolated", "--format", "azure", "."], hostile)
    lines = _lines(proc.stdout)
    assert len(lines) == 3
    for line in lines[:-1]:
        assert line.startswith("##vso[task.logissue "), line
        assert line.count("##vso[") == 1 and line.lower().count("##vso[") == 1, line
        assert not re.search("[\x00-\x1f\x7f-\x9f]", line), repr(line)
    assert lines[-1].startswith("Found ")
    hostile_line = next(line for line in lines if "prependpath" in line)
    props, message = hostile_line.split("]", 1)
    assert ";" not in props.split("sourcepath=", 1)[1].split(";linenumber=")[0]  # escaped in the property
    assert "%0A" in props and "%5D" in props  # the file name's line breaks and bracket
    assert "100%AZP25" in message and "%0A" in message and "%0D" in message


def test_azure_notes_are_commands_not_plain_lines():
    from arm_orchlint.core.findings import Finding
    from arm_orchlint.core.source import Span
    from arm_orchlint.lint.engine import FileResult
    from arm_orchlint.report import ReportContext
    from arm_orchlint.report.azure import render

    note = Finding(
        "ORCH904", "note", "see ##vso[task.complete result=Failed;] 5%", "t.json", Span("t.json", 1, 2, 1, 3)
    )
    out = render([FileResult("t.json", "template", [note])], ReportContext(registry=None, version="0"))
    first = out.splitlines()[0]
    assert first.startswith("##vso[task.debug]") and first.count("##vso[") == 1
    assert "5%AZP25" in first


def test_github_format_escapes_data_and_properties(hostile):
    proc = run(["--isolated", "--format", "github", "."], hostile)
    lines = _lines(proc.stdout)
    assert len(lines) == 3
    for line in lines[:-1]:
        assert re.match(r"::(error|warning|notice) file=", line), line
        assert "\r" not in line and not re.search("[\x00-\x1f\x7f-\x9f]", line)
        props, _ = line[2:].split("::", 1)  # a property value never holds a raw "::" or ","
        assert "::" not in props
    hostile_line = next(line for line in lines if "prependpath" in line)
    assert "%0A" in hostile_line and "100%25" in hostile_line


def test_github_step_summary_is_one_row_per_finding(hostile):
    summary = hostile / "summary.md"
    run(["--isolated", "--format", "github", "."], hostile, env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| error |") or line.startswith("| warning |")]
    assert len(rows) == 2
    assert "##vso[" not in text and not re.search("[\x00-\x08\x0b-\x1f]", text)


def test_junit_is_well_formed_for_any_input(hostile):
    (hostile / "ctl.json").write_text(template(json.dumps("\x01\x02\x0b\x0c\ufffe\ud800")), encoding="utf-8")
    proc = run(["--isolated", "--format", "junit", "."], hostile)
    proc.stdout.decode("utf-8")  # strict
    root = ET.fromstring(proc.stdout)
    failures = root.findall(".//failure")
    assert len(failures) == 3
    assert any("\\x01\\x02\\x0b\\x0c\\ufffe\\ud800" in f.get("message") for f in failures)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_formats_stay_valid_utf8(hostile, fmt):
    (hostile / "ctl.json").write_text(template('"\\ud800 \\udcff"'), encoding="utf-8")
    proc = run(["--isolated", "--format", fmt, "."], hostile)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout.decode("utf-8"))  # strict UTF-8 and JSON
    text = json.dumps(doc, ensure_ascii=False)
    assert "\\\\ud800 \\\\udcff" in text  # shown as visible escapes
    assert json.dumps(FORGED, ensure_ascii=False)[1:-1] in text  # JSON's own escaping is enough


@pytest.mark.skipif(sys.platform == "darwin" or os.name == "nt", reason="needs a file system that stores raw bytes")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "azure", "junit"])
def test_undecodable_file_name_costs_nothing(tmp_path, fmt):
    try:
        with open(os.path.join(os.fsencode(tmp_path), b"bad\xff.json"), "w", encoding="utf-8") as fh:
            fh.write(template('"\\udcff"'))
    except OSError:
        pytest.skip("the file system refuses undecodable names")
    (tmp_path / "plain.json").write_text(template('"Flex"'), encoding="utf-8")
    out = tmp_path / "report.out"
    proc = run(["--isolated", "--format", fmt, "--output", str(out), "."], tmp_path)
    assert proc.returncode == 1, proc.stderr
    data = out.read_bytes()
    text = data.decode("utf-8")  # valid UTF-8
    assert "bad" in text and "plain.json" in text  # both files reported
    if fmt in ("json", "sarif"):
        json.loads(text)
    if fmt == "junit":
        ET.fromstring(data)
    if fmt == "sarif":
        uris = [
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(text)["runs"][0]["results"]
        ]
        assert "bad%FF.json" in uris  # the file's real bytes, percent-encoded
