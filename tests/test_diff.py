"""The version diff: pairing, what is never compared, the `diff` command and `--against`."""

import copy
import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from arm_orchlint.cli.app import cli
from arm_orchlint.diff.compare import Differ
from arm_orchlint.evaluation.expand import expand
from arm_orchlint.rules.registry import Registry

from .conftest import FIXTURES

VMSS = "Microsoft.Compute/virtualMachineScaleSets"
SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def template(*resources, parameters=None):
    data = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": list(resources)}
    if parameters:
        data["parameters"] = parameters
    return data


def scale_set(name="web", **props):
    body = {"orchestrationMode": "Flexible", "platformFaultDomainCount": 1, "singlePlacementGroup": False}
    body.update(props)
    return {"type": VMSS, "apiVersion": "2023-09-01", "name": name, "location": "westeurope", "properties": body}


def write(path, data, indent=2):
    path.write_text(json.dumps(data, indent=indent) + "\n")
    return path


def diff(tmp_path, old, new, **kwargs):
    a = write(tmp_path / "old.json", old)
    b = write(tmp_path / "new.json", new)
    results = Differ(Registry.default()).diff_files(str(a), str(b), **kwargs)
    return [f for r in results for f in r.findings]


def rules(findings):
    return sorted(f.rule_id for f in findings)


# -- nothing to report ----------------------------------------------------------------------
def test_reordering_reformatting_and_unrelated_changes_yield_nothing(tmp_path):
    old = template(
        scale_set("a"),
        scale_set("b", platformFaultDomainCount=2),
        {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "net"},
    )
    new = copy.deepcopy(old)
    new["resources"].reverse()
    for res in new["resources"]:
        res["tags"] = {"team": "web"}
        res["location"] = "northeurope"
    new["resources"][1]["properties"] = dict(reversed(list(new["resources"][1]["properties"].items())))
    new["resources"][1]["TYPE".lower()] = VMSS.upper()  # types compare case-insensitively
    new["resources"][1]["name"] = "B"  # and so do names
    a = write(tmp_path / "old.json", old)
    b = write(tmp_path / "new.json", new, indent=None)  # reformatted onto one line
    results = Differ(Registry.default()).diff_files(str(a), str(b))
    assert [f for r in results for f in r.findings] == []


def test_identical_files_exit_zero():
    bad = FIXTURES / "ORCH801" / "new-bad.json"
    result = run("diff", bad, bad)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "No problems found in 1 file."


def test_added_and_removed_uniform_sets_are_not_changes(tmp_path):
    old = template(scale_set("a", orchestrationMode="Uniform", virtualMachineProfile={}))
    new = template(scale_set("b", orchestrationMode="Flexible"))
    assert diff(tmp_path, old, new) == []


# -- Unknown values --------------------------------------------------------------------------
def test_unknown_values_are_never_compared(tmp_path):
    params = {"mode": {"type": "string"}, "fd": {"type": "int"}, "zones": {"type": "array"}, "ppg": {"type": "string"}}
    old = template(
        scale_set("web", platformFaultDomainCount=1, proximityPlacementGroup={"id": "[parameters('ppg')]"}),
        parameters=params,
    )
    old["resources"][0]["zones"] = ["1", "2"]
    new = template(
        scale_set(
            "web",
            orchestrationMode="[parameters('mode')]",
            platformFaultDomainCount="[parameters('fd')]",
            proximityPlacementGroup={"id": "x"},
        ),
        parameters=params,
    )
    new["resources"][0]["zones"] = "[parameters('zones')]"
    assert diff(tmp_path, old, new) == []


def test_unknown_name_pairs_by_position_when_it_is_the_only_one(tmp_path):
    old = template(scale_set("web", platformFaultDomainCount=1))
    new = template(
        scale_set("[concat(parameters('prefix'), '-web')]", platformFaultDomainCount=2),
        parameters={"prefix": {"type": "string"}},
    )
    assert rules(diff(tmp_path, old, new)) == ["ORCH802"]


def test_unknown_names_that_cannot_be_paired_are_a_note(tmp_path):
    old = template(scale_set("a"), scale_set("b"))
    new = template(
        scale_set("[parameters('x')]", platformFaultDomainCount=3), scale_set("b"), parameters={"x": {"type": "string"}}
    )
    findings = diff(tmp_path, old, new)
    assert rules(findings) == ["ORCH809"]
    assert findings[0].severity == "note"
    assert (findings[0].line, findings[0].property_path) == (8, "resources[0].name")


def test_symbolic_names_pair_resources_with_unknown_names(tmp_path):
    old = {
        "$schema": SCHEMA,
        "languageVersion": "2.0",
        "contentVersion": "1.0.0.0",
        "resources": {"web": scale_set("[parameters('n')]"), "api": scale_set("api")},
    }
    new = copy.deepcopy(old)
    new["resources"]["web"]["properties"]["platformFaultDomainCount"] = 2
    findings = diff(tmp_path, old, new)
    assert rules(findings) == ["ORCH802"]


def test_each_version_is_evaluated_with_its_own_parameter_files(tmp_path, monkeypatch):
    import arm_orchlint.diff.compare as diff_module

    seen = {}

    def spy(doc, *, parameter_values=None, load_linked=None):
        seen[doc.path.rsplit("/", 1)[-1]] = {k: v[0] for k, v in (parameter_values or {}).items()}
        return expand(doc, parameter_values=parameter_values, load_linked=load_linked)

    monkeypatch.setattr(diff_module, "expand", spy)
    param_file = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
        "contentVersion": "1.0.0.0",
    }
    p_old = write(tmp_path / "old.parameters.json", {**param_file, "parameters": {"mode": {"value": "Uniform"}}})
    p_new = write(tmp_path / "new.parameters.json", {**param_file, "parameters": {"mode": {"value": "Flexible"}}})
    t = template(scale_set("web", orchestrationMode="[parameters('mode')]"), parameters={"mode": {"type": "string"}})
    diff(tmp_path, t, t, old_parameters=[str(p_old)], new_parameters=[str(p_new)])
    assert seen == {"old.json": {"mode": "Uniform"}, "new.json": {"mode": "Flexible"}}


def test_parameter_values_are_compared_after_evaluation(tmp_path):
    param_file = {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
        "contentVersion": "1.0.0.0",
    }
    p_old = write(tmp_path / "old.parameters.json", {**param_file, "parameters": {"mode": {"value": "Uniform"}}})
    p_new = write(tmp_path / "new.parameters.json", {**param_file, "parameters": {"mode": {"value": "Flexible"}}})
    t = template(
        scale_set("web", orchestrationMode="[parameters('mode')]", virtualMachineProfile={}),
        parameters={"mode": {"type": "string"}},
    )
    findings = diff(tmp_path, t, t, old_parameters=[str(p_old)], new_parameters=[str(p_new)])
    assert rules(findings) == ["ORCH801"]
    assert "parameter 'mode'" in findings[0].message


# -- the diff command -----------------------------------------------------------------------
def test_diff_command_text_json_and_exit_codes():
    folder = FIXTURES / "ORCH801"
    result = run("diff", folder / "old.json", folder / "new-bad.json")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(
        f"{folder / 'new-bad.json'}:15:9: error: orchestration mode changes"
    )
    assert result.output.splitlines()[0].endswith("[ORCH801]")
    result = run("diff", "--format", "json", folder / "old.json", folder / "new-bad.json")
    data = json.loads(result.output)
    assert [(f["rule"], f["line"], f["related"][0]["line"]) for f in data["findings"]] == [("ORCH801", 15, 14)]
    assert run("diff", "--exit-zero", folder / "old.json", folder / "new-bad.json").exit_code == 0
    assert (
        run(
            "diff",
            "--fail-level",
            "error",
            FIXTURES / "ORCH805" / "old-standalone-fd1.json",
            FIXTURES / "ORCH805" / "new-warn-attach.json",
        ).exit_code
        == 0
    )
    assert run("diff", "--ignore", "ORCH8", folder / "old.json", folder / "new-bad.json").exit_code == 0


def test_diff_command_sarif(tmp_path):
    folder = FIXTURES / "ORCH804"
    out = tmp_path / "r.sarif"
    result = run("diff", "--format", "sarif", "-o", out, folder / "old.json", folder / "new-bad.json")
    assert result.exit_code == 1
    sarif = json.loads(out.read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["ORCH804"]


def test_diff_command_missing_file_and_broken_json(tmp_path):
    assert run("diff", tmp_path / "nope.json", FIXTURES / "ORCH801" / "old.json").exit_code == 2
    broken = tmp_path / "broken.json"
    broken.write_text('{"resources": [ }')
    result = run("diff", "--format", "json", broken, FIXTURES / "ORCH801" / "old.json")
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["ORCH900"]


def test_diff_rules_do_not_run_on_a_single_file():
    result = run("--format", "json", FIXTURES / "ORCH805" / "new-bad.json")
    assert not [f for f in json.loads(result.output)["findings"] if f["rule"].startswith("ORCH8")]


# -- --against ------------------------------------------------------------------------------
git = shutil.which("git")
needs_git = pytest.mark.skipif(git is None, reason="git is not installed")


def _git(repo, *args):
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    (root / "infra").mkdir(parents=True)
    _git(root, "init", "-q")
    write(root / "infra" / "main.json", template(scale_set("web", platformFaultDomainCount=1)))
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "first")
    write(
        root / "infra" / "main.json", template(scale_set("web", platformFaultDomainCount=2, singlePlacementGroup=True))
    )
    write(root / "infra" / "added.json", template(scale_set("other")))
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "second")
    return root


@needs_git
def test_against_previous_commit_adds_diff_findings_to_the_normal_rules(repo):
    result = run("--format", "json", "--against", "HEAD~1", repo / "infra")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    found = sorted((f["rule"], f["path"].rsplit("/", 1)[-1], f["line"]) for f in data["findings"])
    # ORCH206 is the single-file rule (SPG true on Flexible); ORCH802 comes from the diff.
    assert ("ORCH802", "main.json", 12) in found
    assert ("ORCH206", "main.json", 13) in found
    assert not [f for f in found if f[1] == "added.json"]  # new since HEAD~1: nothing to compare


@needs_git
def test_against_the_same_revision_reports_no_diff(repo):
    result = run("--format", "json", "--against", "HEAD", repo / "infra" / "main.json")
    assert not [f for f in json.loads(result.output)["findings"] if f["rule"].startswith("ORCH8")]


@needs_git
def test_against_a_bad_ref_is_a_tool_error(repo):
    result = run("--against", "no-such-branch", repo / "infra")
    assert result.exit_code == 2
    assert "unknown git revision 'no-such-branch'" in result.output
    assert len(result.output.strip().splitlines()) == 1


@needs_git
def test_against_outside_a_repository_is_a_tool_error(tmp_path):
    outside = write(tmp_path / "t.json", template(scale_set()))
    result = run("--against", "HEAD", outside)
    assert result.exit_code == 2
    assert "not inside a git repository" in result.output


def test_diff_of_a_parameter_file_is_a_tool_error(tmp_path):
    params = write(
        tmp_path / "p.json",
        {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
            "contentVersion": "1.0.0.0",
            "parameters": {},
        },
    )
    result = run("diff", params, FIXTURES / "ORCH801" / "old.json")
    assert result.exit_code == 2
    assert "is not an ARM template or a Bicep file" in result.output


def test_old_resource_with_unknown_name_is_noted_in_new(tmp_path):
    old = template(scale_set("[parameters('x')]"), scale_set("b"), parameters={"x": {"type": "string"}})
    new = template(scale_set("a"), scale_set("b"))
    findings = diff(tmp_path, old, new)
    assert rules(findings) == ["ORCH809"]
    assert findings[0].path.endswith("new.json") and findings[0].property_path == "resources"


BICEP = """resource web 'Microsoft.Compute/virtualMachineScaleSets@2023-09-01' = {
  name: 'web'
  location: 'westeurope'
  properties: {
    orchestrationMode: 'Flexible'
    platformFaultDomainCount: %d
    singlePlacementGroup: false
  }
}
"""


def test_bicep_versions_are_compared(tmp_path):
    (tmp_path / "old.bicep").write_text(BICEP % 1)
    (tmp_path / "new.bicep").write_text(BICEP % 2)
    results = Differ(Registry.default()).diff_files(str(tmp_path / "old.bicep"), str(tmp_path / "new.bicep"))
    findings = [f for r in results for f in r.findings]
    assert [(f.rule_id, f.line) for f in findings] == [("ORCH802", 6)]
