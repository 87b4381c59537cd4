"""SARIF for GitHub code scanning and GHAzDO (issue 15, item 8): automationDetails, driver
fullName, plain-text shortDescription, related locations linked from the message (also for
--against), leaving suppressed results out, upload-limit warnings, and links built from the
package metadata only.  Validated with the OASIS schema and, where it is installed, with
Microsoft's SARIF multitool and its GitHub rules."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from arm_orchlint.cli.app import cli

from .conftest import FIXTURES, REPO, SHARED, needs_shared
from .test_diff import _git, needs_git, scale_set, template, write

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
BAD = FIXTURES / "ORCH206" / "bad.json"
SUPPRESSED = REPO / "tests" / "data" / "suppressed.jsonc"
FROM_PARAMETER = {
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0",
    "parameters": {"spg": {"type": "bool", "defaultValue": True}},
    "resources": [
        {
            "type": "Microsoft.Compute/virtualMachineScaleSets",
            "apiVersion": "2021-03-01",
            "name": "web[1]",
            "location": "westeurope",
            "properties": {"orchestrationMode": "Flexible", "singlePlacementGroup": "[parameters('spg')]"},
        }
    ],
}


def sarif(*args, monkeypatch=None):
    result = CliRunner().invoke(cli, ["check", "--isolated", "-f", "sarif", *map(str, args)], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout), result.stderr


def _validate(doc):
    from jsonschema import Draft7Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = list(Draft7Validator(schema).iter_errors(doc))
    assert not errors, errors[0].message


def test_automation_details_and_full_name():
    _, doc, _ = sarif(BAD)
    run = doc["runs"][0]
    assert run["automationDetails"] == {"id": "arm-orchlint/"}
    assert run["tool"]["driver"]["fullName"] == f"arm-orchlint {run['tool']['driver']['version']}"
    _, doc, _ = sarif("--sarif-category", "infra/prod", BAD)
    assert doc["runs"][0]["automationDetails"] == {"id": "infra/prod/"}


def test_short_descriptions_are_plain_text():
    _, doc, _ = sarif(BAD)
    for rule in doc["runs"][0]["tool"]["driver"]["rules"]:
        text = rule["shortDescription"]["text"]
        assert "`" not in text and "**" not in text and len(text) <= 1024, rule["id"]
    orch206 = next(r for r in doc["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "ORCH206")
    assert orch206["shortDescription"]["text"] == (
        "A Flexible scale set cannot use a single placement group (singlePlacementGroup: true)."
    )


def test_related_locations_are_linked_from_the_message(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(FROM_PARAMETER, indent=2))
    _, doc, _ = sarif("--root", tmp_path, path)
    (result,) = doc["runs"][0]["results"]
    assert result["relatedLocations"][0]["id"] == 1
    assert result["relatedLocations"][0]["message"]["text"] == "value of parameter 'spg'"
    assert result["message"]["text"].endswith(" (see [value of parameter 'spg'](1))")
    assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 7
    if SARIF_SCHEMA.exists():
        _validate(doc)


@needs_git
def test_against_findings_link_the_old_version(tmp_path):
    root = tmp_path / "repo"
    (root / "infra").mkdir(parents=True)
    _git(root, "init", "-q")
    write(root / "infra" / "main.json", template(scale_set("web", platformFaultDomainCount=1)))
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "first")
    write(root / "infra" / "main.json", template(scale_set("web", platformFaultDomainCount=2)))
    old_cwd = os.getcwd()
    os.chdir(root)
    try:
        _, doc, _ = sarif("--against", "HEAD", "infra/main.json")
    finally:
        os.chdir(old_cwd)
    (result,) = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "ORCH802"]
    (related,) = result["relatedLocations"]
    assert "physicalLocation" not in related  # the old version is not a file of the checkout
    assert related["id"] == 1
    assert related["message"]["text"].startswith("the old version's fault-domain count: 1 (HEAD:infra/main.json, line ")
    assert result["message"]["text"].endswith("](1))")
    if SARIF_SCHEMA.exists():
        _validate(doc)


def test_suppressed_results_can_be_left_out():
    _, kept, _ = sarif(SUPPRESSED)
    assert any("suppressions" in r for r in kept["runs"][0]["results"])
    _, omitted, _ = sarif("--sarif-omit-suppressed", SUPPRESSED)
    results = omitted["runs"][0]["results"]
    assert results and not any("suppressions" in r for r in results)
    assert len(results) == len(kept["runs"][0]["results"]) - 1


def test_upload_limit_warnings(monkeypatch, tmp_path):
    from arm_orchlint.report import sarif as sarif_module

    preview = REPO / "tests" / "data" / "preview-only.json"
    code, doc, err = sarif(BAD, preview)
    assert err == ""
    monkeypatch.setattr(sarif_module, "MAX_RESULTS_PER_RUN", 1)
    code, doc, err = sarif(BAD, preview)
    assert code == 1 and len(doc["runs"][0]["results"]) == 2
    assert "the SARIF output: 2 results, over GitHub code scanning's limit of 1 per run" in err
    monkeypatch.setattr(sarif_module, "MAX_GZIP_BYTES", 1000)
    result = CliRunner().invoke(cli, ["check", "--isolated", "-f", f"sarif={tmp_path / 'r.sarif'}", str(BAD)])
    assert f"{tmp_path / 'r.sarif'}: 0.0 MB gzip-compressed, over GitHub code scanning's upload limit" in result.stderr


def test_no_made_up_links_without_a_project_url(monkeypatch):
    from arm_orchlint.core import project

    monkeypatch.setattr(project, "project_url", lambda: None)
    _, doc, _ = sarif(BAD)
    driver = doc["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    assert not any("helpUri" in r for r in driver["rules"])
    assert "arm-orchlint/arm-orchlint" not in json.dumps(doc)


def test_links_come_from_the_package_metadata(tmp_path, monkeypatch):
    dist = tmp_path / "arm_orchlint-0.1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: arm-orchlint\nVersion: 0.1.0\n"
        "Project-URL: Repository, https://example.org/acme/arm-orchlint/\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    from arm_orchlint.core import project
    from arm_orchlint.core.project import project_url

    monkeypatch.setattr(project, "_CACHE", [])

    assert project_url() == "https://example.org/acme/arm-orchlint"
    _, doc, _ = sarif(BAD)
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/acme/arm-orchlint"
    orch206 = next(r for r in driver["rules"] if r["id"] == "ORCH206")
    assert orch206["helpUri"] == "https://example.org/acme/arm-orchlint/blob/main/docs/rules/ORCH206.md"


@needs_shared(SARIF_SCHEMA)
def test_every_new_field_is_valid_sarif():
    _, doc, _ = sarif("--sarif-category", "a/b", BAD, SUPPRESSED)
    _validate(doc)


def _multitool():
    found = os.environ.get("ARM_ORCHLINT_SARIF_MULTITOOL") or shutil.which("sarif-multitool")
    return found if found and os.path.exists(found) else None


@pytest.mark.skipif(
    _multitool() is None,
    reason="Microsoft's SARIF multitool is not installed (npm install @microsoft/sarif-multitool; "
    "point ARM_ORCHLINT_SARIF_MULTITOOL at its Sarif.Multitool binary)",
)
def test_sarif_multitool_github_rules(tmp_path):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(FROM_PARAMETER, indent=2))
    target = tmp_path / "out.sarif"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "arm_orchlint",
            "--isolated",
            "-f",
            f"sarif={target}",
            str(BAD),
            str(SUPPRESSED),
            str(path),
        ],
        capture_output=True,
        cwd=REPO,
        timeout=120,
    )
    log = tmp_path / "validation.sarif"
    proc = subprocess.run(
        [_multitool(), "validate", "--rule-kind", "Gh;Sarif", str(target), "-o", str(log)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    problems = [
        r
        for run in json.loads(log.read_text())["runs"]
        for r in run["results"]
        if r.get("level", "warning") in ("error", "warning")
        # informationUri is left out on purpose while the project has no public URL
        and not (r["ruleId"] == "SARIF2005" and "nformationUri" in r["message"].get("id", ""))
    ]
    assert problems == [], [p["message"] for p in problems]


def test_no_rule_links_a_made_up_project_address():
    # A rule's own docs are named as repository paths ("ref"); the project has no public URL yet.
    for path in sorted((REPO / "rules").glob("*.json")):
        for source in json.loads(path.read_text())["sources"]:
            assert "github.com/arm-orchlint/" not in source.get("url", ""), (
                f'{path.name}: use "ref": "docs/... in this repository" instead of a made-up URL'
            )
