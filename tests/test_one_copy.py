"""Facts kept once (issue 12, bug 3): the fault-domain defaults (model/defaults.py, with
their API gate), the preview-to-current mode names and integer coercion."""

import json

from arm_orchlint.diff.compare import Differ
from arm_orchlint.front.document import Document
from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.model import defaults
from arm_orchlint.model.resources import Resource
from arm_orchlint.model.scalesets import Model
from arm_orchlint.rules.registry import Registry


def _set(api, properties, zones=None, sku=None):
    body = {"properties": properties}
    if zones is not None:
        body["zones"] = zones
    if sku is not None:
        body["sku"] = sku
    doc = Document(path="t.json", data={"resources": [body]}, locator=None)
    res = Resource("Microsoft.Compute/virtualMachineScaleSets", api, "s", body, doc, ("resources", 0))
    return Model([res]).scale_sets[0]


def _template(api, properties, zones=None, sku=None):
    resource = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": api,
        "name": "s",
        "location": "westeurope",
        "properties": properties,
    }
    if zones is not None:
        resource["zones"] = zones
    if sku is not None:
        resource["sku"] = sku
    return {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [resource],
    }


UNIFORM = {"orchestrationMode": "Uniform", "virtualMachineProfile": {}}


def test_zonal_uniform_default_has_the_api_gate():
    assert defaults.fault_domains(_set("2023-09-01", dict(UNIFORM), zones=["1"])) == (1, False)
    assert defaults.fault_domains(_set("2023-09-01", dict(UNIFORM))) == (5, False)
    count, written = defaults.fault_domains(_set("2017-03-30", {"virtualMachineProfile": {}}, zones=["1"]))
    assert not written and not isinstance(count, int)  # not documented before 2017-12-01: Unknown


def test_diff_does_not_compare_an_undocumented_default(tmp_path):
    old = _template("2017-03-30", {"virtualMachineProfile": {}}, zones=["1"])
    new = _template("2017-03-30", {"virtualMachineProfile": {}, "platformFaultDomainCount": 5}, zones=["1"])
    (tmp_path / "old.json").write_text(json.dumps(old, indent=2))
    (tmp_path / "new.json").write_text(json.dumps(new, indent=2))
    results = Differ(Registry.default(entry_points=False)).diff_files(
        str(tmp_path / "old.json"), str(tmp_path / "new.json")
    )
    assert [f.rule_id for r in results for f in r.findings if f.rule_id == "ORCH802"] == []


def test_a_fault_domain_count_written_as_a_string_counts_as_its_number(tmp_path):
    # ORCH305: what the diff and `show` read as 2 fault domains, the rule reads as 2 too
    properties = {"orchestrationMode": "Flexible", "platformFaultDomainCount": "2", "virtualMachineProfile": {}}
    data = _template("2023-09-01", properties, sku={"name": "Standard_L8s_v3", "capacity": 300})
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data, indent=2))
    findings = Linter(Registry.default(entry_points=False), Options(explore=False)).lint_file(str(path)).findings
    assert "ORCH305" in {f.rule_id for f in findings}
    assert defaults.fault_domains(_set("2023-09-01", properties))[0] == 2


def test_preview_names_map_once():
    from arm_orchlint.model.scalesets import PREVIEW_TO_CURRENT

    for preview, current in PREVIEW_TO_CURRENT.items():
        assert defaults.mode(_set("2023-09-01", {"orchestrationMode": preview, "virtualMachineProfile": {}})) == current
