"""Evaluated values share what is written literally: an object or array whose members all
evaluate to themselves is the template's own, not a copy.  That is only sound while no one
changes an evaluated value in place, so linting must leave the parsed template as it was."""

from pathlib import Path

import pytest
from eval_helpers import make_doc, template

from arm_orchlint.evaluation import expand
from arm_orchlint.front.checkout import confined_to
from arm_orchlint.front.reading import read_input
from arm_orchlint.lint.engine import Linter
from arm_orchlint.rules.registry import Registry

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _vmss(**members):
    raw = {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-03-01", "name": "vmss"}
    raw.update(members)
    return raw


def test_literal_parts_of_a_body_are_the_template_s_own():
    sku = {"name": "Standard_D2s_v5", "capacity": 3}
    profile = {"storageProfile": {"imageReference": {"offer": "ubuntu"}}, "tags": ["a", "b"]}
    raw = _vmss(sku=sku, properties={"virtualMachineProfile": profile, "location": "[resourceGroup().location]"})
    (res,) = expand(make_doc(template([raw]))).resources
    assert res.body["sku"] is sku
    assert res.body["properties"] is not raw["properties"]  # a member is an expression: a copy
    assert res.body["properties"]["virtualMachineProfile"] is profile
    assert list(res.body["properties"]) == ["virtualMachineProfile", "location"]  # the written order


def test_an_array_with_an_expression_is_a_copy_in_the_same_order():
    zones = ["1", "[string(2)]", "3"]
    (res,) = expand(make_doc(template([_vmss(zones=zones)]))).resources
    assert res.body["zones"] == ["1", "2", "3"]
    assert zones == ["1", "[string(2)]", "3"]


def test_a_property_copy_after_evaluated_members_keeps_them_in_place():
    disks = {"name": "dataDisks", "count": 2, "input": {"lun": "[copyIndex('dataDisks')]"}}
    props = {"first": "[string(1)]", "same": {"a": 1}, "copy": [disks], "last": "[string(3)]"}
    (res,) = expand(make_doc(template([_vmss(properties=props)]))).resources
    body = res.body["properties"]
    assert list(body) == ["first", "same", "dataDisks", "last"]
    assert body["first"] == "1" and body["last"] == "3" and body["same"] is props["same"]
    assert body["dataDisks"] == [{"lun": 0}, {"lun": 1}]


def _fixture_files():
    files = sorted(FIXTURES.glob("*/*.json")) + sorted(FIXTURES.glob("*/*.bicep"))
    return [f for f in files if not f.name.endswith(".parameters.json") and not f.name.startswith("expected")]


@pytest.mark.parametrize("path", _fixture_files()[::3], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_linting_leaves_the_parsed_template_unchanged(path):
    result = read_input(str(path))
    if result.doc is None or result.kind not in ("template", "bicep"):
        pytest.skip(f"{path.name} is not a template")
    before = repr(result.doc.data)
    linter = Linter(Registry.default())
    with confined_to(str(path)):
        linter.lint_document(result.doc, linter.parameter_values([]))
    assert repr(result.doc.data) == before
