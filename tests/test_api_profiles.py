"""Azure Stack ``apiProfile`` (issue 13 item 4): a resource without ``apiVersion`` gets the
version the profile gives its type, so the API-version rules check it; an unknown profile
gives an unknown version and one ORCH915 note."""

import json

import pytest

from arm_orchlint.lint.engine import Linter
from arm_orchlint.model.apiprofiles import profile_api_version
from arm_orchlint.rules.registry import Registry

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


@pytest.fixture(scope="module")
def linter():
    return Linter(Registry.default())


def lint(linter, tmp_path, profile, resources):
    data = {"$schema": SCHEMA, "contentVersion": "1.0.0.0", "resources": resources}
    if profile is not None:
        data = {"$schema": SCHEMA, "apiProfile": profile, "contentVersion": "1.0.0.0", "resources": resources}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data, indent=2))
    return [(f.rule_id, f.severity, f.line) for f in linter.lint_file(str(path)).findings]


def scale_set(**props):
    return {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "name": "vmss",
        "location": "local",
        "sku": {"name": "Standard_A1", "capacity": 2},
        "properties": props,
    }


def test_profiles_give_their_compute_versions():
    assert profile_api_version("2019-03-01-hybrid", "microsoft.compute/virtualmachinescalesets") == "2017-12-01"
    assert profile_api_version("2018-03-01-HYBRID", "microsoft.compute/virtualmachines") == "2017-03-30"
    assert profile_api_version("2017-03-09-profile", "microsoft.compute/virtualmachinescalesets") == "2016-03-30"
    assert profile_api_version("2020-09-01-hybrid", "microsoft.compute/virtualmachinescalesets") is None


def test_a_resource_without_api_version_is_checked_with_the_profile_version(linter, tmp_path):
    # orchestrationMode needs 2020-12-01; the 2019-03-01-hybrid profile gives scale sets 2017-12-01
    found = lint(
        linter, tmp_path, "2019-03-01-hybrid", [scale_set(orchestrationMode="Uniform", virtualMachineProfile={})]
    )
    assert ("ORCH003", "error", 15) in found  # at orchestrationMode
    # without a profile the version is simply absent and nothing is claimed
    assert not [f for f in lint(linter, tmp_path, None, [scale_set(orchestrationMode="Uniform")]) if f[0] == "ORCH003"]


def test_a_property_newer_than_the_profile_version(linter, tmp_path):
    # platformFaultDomainCount on scale sets needs 2017-12-01; 2018-03-01-hybrid gives 2017-03-30
    found = lint(
        linter, tmp_path, "2018-03-01-hybrid", [scale_set(platformFaultDomainCount=1, virtualMachineProfile={})]
    )
    assert [f[0] for f in found if f[1] == "error"] == ["ORCH007"]


def test_an_unknown_profile_is_one_note_and_no_version(linter, tmp_path):
    found = lint(
        linter,
        tmp_path,
        "2020-09-01-hybrid",
        [scale_set(orchestrationMode="Uniform", virtualMachineProfile={}), {**scale_set(), "name": "other"}],
    )
    assert [f for f in found if f[0] == "ORCH915"] == [("ORCH915", "note", 3)]
    assert not [f for f in found if f[1] == "error"]


def test_a_written_api_version_wins_over_the_profile(linter, tmp_path):
    res = {**scale_set(orchestrationMode="Uniform", virtualMachineProfile={}), "apiVersion": "2024-03-01"}
    found = lint(linter, tmp_path, "2019-03-01-hybrid", [res])
    assert not [f for f in found if f[0] in ("ORCH003", "ORCH915")]
