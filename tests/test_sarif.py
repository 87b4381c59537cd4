"""SARIF: valid against the OASIS 2.1.0 schema and carrying what GitHub code scanning reads."""

import json

import pytest

from arm_orchlint.core.findings import Finding, Related, Suppression
from arm_orchlint.core.source import Span
from arm_orchlint.lint.engine import FileResult
from arm_orchlint.report import ReportContext, render
from arm_orchlint.report.sarif import artifact_uri
from arm_orchlint.rules.registry import Registry

from .conftest import REPO, SHARED, needs_shared

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
SNAPSHOTS = sorted((REPO / "tests" / "snapshots").rglob("*.sarif"))


def _validator():
    from jsonschema import Draft7Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return Draft7Validator(schema)


def _assert_valid(doc):
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, f"{'/'.join(map(str, errors[0].absolute_path))}: {errors[0].message}"


@needs_shared(SARIF_SCHEMA)
@pytest.mark.parametrize("path", SNAPSHOTS, ids=lambda p: p.name)
def test_snapshot_is_valid_sarif(path):
    _assert_valid(json.loads(path.read_text(encoding="utf-8")))


def test_there_are_sarif_snapshots():
    assert SNAPSHOTS


def _sarif(findings, root=".", registry=None):
    ctx = ReportContext(registry=registry or Registry.default(entry_points=False), version="9.9.9", root=root)
    return json.loads(render("sarif", [FileResult("x", "template", findings)], ctx))


@pytest.fixture
def rich_doc(tmp_path):
    infra = tmp_path / "my infra"
    infra.mkdir()
    path = str(infra / "vmss#1.json")
    span = Span(path, 12, 9, 12, 37)
    f = Finding(
        "ORCH206",
        "error",
        "bad",
        path,
        span,
        resource="vmss",
        resource_type="Microsoft.Compute/virtualMachineScaleSets",
        property_path="properties.singlePlacementGroup",
        related=[Related(Span(path, 3, 5, 3, 20), "value of parameter 'spg'")],
        suppression=Suppression("external", "accepted in review"),
    )
    return _sarif([f], root=str(tmp_path))


def test_full_contents(rich_doc):
    assert len(rich_doc["runs"]) == 1
    run = rich_doc["runs"][0]
    result = run["results"][0]
    loc = result["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"] == {"uri": "my%20infra/vmss%231.json", "uriBaseId": "%SRCROOT%"}
    assert loc["physicalLocation"]["region"] == {"startLine": 12, "startColumn": 9, "endLine": 12, "endColumn": 37}
    assert loc["logicalLocations"][0]["name"] == "vmss"
    assert loc["logicalLocations"][0]["kind"] == "resource"
    assert result["relatedLocations"][0]["message"]["text"] == "value of parameter 'spg'"
    assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert result["suppressions"] == [{"kind": "external", "justification": "accepted in review"}]
    assert set(result["partialFingerprints"]) == {"armOrchlint/v1", "primaryLocationLineHash"}
    rules = run["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == "ORCH206"


@needs_shared(SARIF_SCHEMA)
def test_rich_document_is_valid(rich_doc):
    _assert_valid(rich_doc)


def test_rule_metadata_for_every_rule():
    doc = _sarif([])
    assert doc["runs"][0]["results"] == []
    registry = Registry.default(entry_points=False)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in registry.rules]
    for r in rules:
        for key in ("shortDescription", "fullDescription"):
            assert r[key]["text"].strip(), (r["id"], key)
        assert r["help"]["text"].strip() and r["help"]["markdown"].strip()
        assert "helpUri" not in r or r["helpUri"].endswith(f"/docs/rules/{r['id']}.md")
        assert (REPO / "docs" / "rules" / f"{r['id']}.md").is_file()
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert r["properties"]["tags"] and len(r["properties"]["tags"]) <= 20
        assert "security-severity" not in r["properties"]


def test_fingerprint_ignores_lines_and_path_spelling(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = Finding(
        "ORCH206", "error", "m", "infra/t.json", Span("infra/t.json", 12, 9, 12, 37), resource="v", property_path="p"
    )
    b = Finding(
        "ORCH206",
        "error",
        "m",
        "./infra/t.json",
        Span("./infra/t.json", 40, 9, 40, 37),
        resource="v",
        property_path="p",
    )
    fa = _sarif([a])["runs"][0]["results"][0]["partialFingerprints"]
    fb = _sarif([b])["runs"][0]["results"][0]["partialFingerprints"]
    assert fa == fb


def test_uri_outside_root_is_absolute_file_uri(tmp_path):
    uri, base = artifact_uri(str(tmp_path / "a b.json"), str(tmp_path / "sub"))
    assert uri.startswith("file:///") and "a%20b.json" in uri and base is None


def test_root_option(tmp_path, monkeypatch):
    from .test_formats import run_cli

    monkeypatch.chdir(REPO)
    code, out = run_cli("check", "--isolated", "--format", "sarif", "--root", "fixtures", "fixtures/ORCH206/bad.json")
    uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "ORCH206/bad.json"
