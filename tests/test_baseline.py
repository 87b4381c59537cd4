"""A baseline for a legacy repository (issue 15, item 13), through the command line:
--write-baseline records today's findings, --baseline (or the config key) reports only new
ones and names entries that match nothing; entries survive unrelated edits and line moves."""

import json
import subprocess
import sys

import pytest


def scale_set(name, **props):
    return {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2021-03-01",
        "name": name,
        "location": "westeurope",
        "properties": {"orchestrationMode": "Flexible", **props},
    }


def template(*resources):
    return {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": list(resources),
    }


def write(path, doc, indent=2):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=indent) + "\n")


def run(cwd, *args):
    proc = subprocess.run(
        [sys.executable, "-m", "arm_orchlint", "--isolated", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def legacy(tmp_path):
    write(
        tmp_path / "infra" / "main.json",
        template(scale_set("web", singlePlacementGroup=True), scale_set("api", overprovision=True)),
    )
    code, out, err = run(tmp_path, "--write-baseline", ".arm-orchlint-baseline.json", "infra")
    assert code == 0 and out == ""
    assert err == "arm-orchlint: wrote 2 findings from 1 file(s) to .arm-orchlint-baseline.json\n"
    return tmp_path


def rules(out):
    return [f["rule"] for f in json.loads(out)["findings"]]


def test_baseline_records_by_identity_not_line(legacy):
    doc = json.loads((legacy / ".arm-orchlint-baseline.json").read_text())
    entries = doc["findings"]
    assert [(e["rule"], e["path"], e["resource"], e["property"]) for e in entries] == [
        ("ORCH206", "infra/main.json", "web", "properties.singlePlacementGroup"),
        ("ORCH408", "infra/main.json", "api", "properties.overprovision"),
    ]
    assert not any("line" in e for e in entries)


def test_recorded_findings_are_not_reported(legacy):
    code, out, err = run(legacy, "--baseline", ".arm-orchlint-baseline.json", "infra")
    assert code == 0 and err == ""
    assert out == "No problems found in 1 file.\n"


def test_entries_survive_line_moves_and_unrelated_edits(legacy):
    # reorder the resources, add an unrelated resource and property, reformat (every line moves)
    write(
        legacy / "infra" / "main.json",
        template(
            {
                "type": "Microsoft.Network/virtualNetworks",
                "apiVersion": "2023-04-01",
                "name": "vnet",
                "location": "westeurope",
            },
            scale_set("api", overprovision=True, platformFaultDomainCount=1),
            scale_set("web", singlePlacementGroup=True),
        ),
        indent=4,
    )
    code, out, err = run(legacy, "--baseline", ".arm-orchlint-baseline.json", "-f", "json", "infra")
    assert (code, rules(out), err) == (0, [], "")


def test_only_new_findings_are_reported(legacy):
    write(
        legacy / "infra" / "main.json",
        template(
            scale_set("web", singlePlacementGroup=True),
            scale_set("api", overprovision=True, singlePlacementGroup=True),  # new: ORCH206 on api
        ),
    )
    code, out, err = run(legacy, "--baseline", ".arm-orchlint-baseline.json", "-f", "json", "infra")
    assert code == 1 and rules(out) == ["ORCH206"]
    assert json.loads(out)["findings"][0]["resource"] == "api"


def test_entries_that_no_longer_match_are_listed(legacy):
    write(legacy / "infra" / "main.json", template(scale_set("web", singlePlacementGroup=True), scale_set("api")))
    code, out, err = run(legacy, "--baseline", ".arm-orchlint-baseline.json", "infra")
    assert code == 0
    assert err == (
        "arm-orchlint: warning: .arm-orchlint-baseline.json: baseline entry no longer matches: "
        "ORCH408 infra/main.json api.properties.overprovision (fixed? rewrite it with --write-baseline)\n"
    )


def test_entries_of_files_not_linted_are_not_stale(legacy):
    write(legacy / "other" / "t.json", template(scale_set("x")))
    code, out, err = run(legacy, "--baseline", ".arm-orchlint-baseline.json", "other")
    assert code == 0 and err == ""


def test_config_key(legacy):
    (legacy / ".arm-orchlint.toml").write_text('baseline = ".arm-orchlint-baseline.json"\n')
    proc = subprocess.run(
        [sys.executable, "-m", "arm_orchlint", "infra"], capture_output=True, text=True, cwd=legacy, timeout=120
    )
    assert proc.returncode == 0 and proc.stdout == "No problems found in 1 file.\n"


UNUSED_TWICE = """{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Compute/virtualMachineScaleSets",
      "apiVersion": "2021-03-01",
      "name": "web",
      "location": "westeurope",
      "properties": {
        // arm-orchlint-disable-next-line ORCH206 -- legacy
        "orchestrationMode": "Flexible",
        // arm-orchlint-disable-next-line ORCH206 -- legacy
        "platformFaultDomainCount": 1
      }
    }
  ]
}
"""


def test_the_same_identity_twice_is_matched_by_count(tmp_path):
    # two unused suppressions (ORCH905) share rule, file and (no) resource: matched one for one
    (tmp_path / "s.jsonc").write_text(UNUSED_TWICE)
    assert run(tmp_path, "--write-baseline", "b.json", "s.jsonc")[0] == 0
    assert [e["rule"] for e in json.loads((tmp_path / "b.json").read_text())["findings"]] == ["ORCH905", "ORCH905"]
    assert run(tmp_path, "--baseline", "b.json", "s.jsonc")[0] == 0
    (tmp_path / "s.jsonc").write_text(
        UNUSED_TWICE.replace(
            'ORCH206 -- legacy\n        "platform',
            'ORCH206 -- x\n        // arm-orchlint-disable-next-line ORCH206 -- legacy\n        "platform',
        )
    )
    code, out, err = run(tmp_path, "--baseline", "b.json", "-f", "json", "s.jsonc")
    assert code == 1 and rules(out) == ["ORCH905"]  # a third one is new


@pytest.mark.parametrize(
    "content,message",
    [
        (None, "baseline file not found"),
        ("{", "not a readable baseline file"),
        ('{"x": 1}', "not an arm-orchlint baseline"),
    ],
)
def test_a_bad_baseline_is_a_tool_error(tmp_path, content, message):
    write(tmp_path / "t.json", template(scale_set("web")))
    if content is not None:
        (tmp_path / "b.json").write_text(content)
    code, out, err = run(tmp_path, "--baseline", "b.json", "t.json")
    assert code == 2 and message in err
