"""A finding on a resource of a local module is located in the module file; the value passed
by the caller is the related location (fixtures/ORCH206/bad-module.bicep)."""

import json

from tests.conftest import FIXTURES, lint


def test_sarif_related_location_is_the_module_argument_in_the_caller():
    code, out = lint([FIXTURES / "ORCH206" / "bad-module.bicep"], fmt="sarif")
    results = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"] == "ORCH206"]
    assert len(results) == 1
    where = results[0]["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"].endswith("ORCH206/modules/vmss.bicep")
    assert (where["region"]["startLine"], where["region"]["startColumn"]) == (11, 5)
    related = results[0]["relatedLocations"]
    assert len(related) == 1
    place = related[0]["physicalLocation"]
    assert place["artifactLocation"]["uri"].endswith("ORCH206/bad-module.bicep")
    assert (place["region"]["startLine"], place["region"]["startColumn"]) == (5, 27)  # singlePlacementGroup: true
    assert "singlePlacementGroup" in related[0]["message"]["text"]
