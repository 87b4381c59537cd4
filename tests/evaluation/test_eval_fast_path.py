"""The expander's fast path (plain resources, built when first asked for) gives exactly the
records the general path gives."""

import importlib

import pytest
from eval_helpers import make_doc, template
from hypothesis import given, settings
from hypothesis import strategies as st

from arm_orchlint.core.values import Unknown
from arm_orchlint.evaluation import expand
from arm_orchlint.model.scalesets import Model

expand_module = importlib.import_module("arm_orchlint.evaluation.expand")

TYPES = [
    "Microsoft.Compute/virtualMachineScaleSets",
    "Microsoft.Network/publicIPAddresses",
    "Microsoft.Resources/deployments",
    "[parameters('kind')]",
]
API_VERSIONS = [None, "2024-03-01", "[parameters('api')]", 7, ["2024-03-01"]]


def resource_objects():
    def build(rtype, type_key, api, api_key, name, existing, depends, extra):
        raw = {type_key: rtype, "name": name, "location": "[resourceGroup().location]"}
        if api is not None:
            raw[api_key] = api
        if existing is not None:
            raw["existing"] = existing
        if depends is not None:
            raw["dependsOn"] = depends
        raw.update(extra)
        return raw

    return st.builds(
        build,
        st.sampled_from(TYPES),
        st.sampled_from(["type", "Type"]),
        st.sampled_from(API_VERSIONS),
        st.sampled_from(["apiVersion", "APIVERSION"]),
        st.sampled_from(["vm1", "[concat('vm', parameters('n'))]", "[parameters('missing')]"]),
        st.sampled_from([None, True, False]),
        st.sampled_from([None, "a", ["a", "b"]]),
        st.sampled_from(
            [
                {},
                {"properties": {"orchestrationMode": "[parameters('mode')]"}},
                {"condition": "[equals(parameters('n'), 1)]"},
                {"copy": {"name": "c", "count": 2}},
                {"Condition": False},
                {"properties": {"platformFaultDomainCount": 1}},
            ]
        ),
    )


def describe(resource):
    def plain(value):
        return repr(value) if isinstance(value, Unknown) else value

    return (
        resource.type,
        resource.type_lower,
        plain(resource.api_version),
        plain(resource.name),
        repr(resource.body),
        resource.pointer,
        resource.symbolic,
        plain(resource.condition),
        resource.copy,
        resource.scope,
        resource.depends_on,
        resource.existing,
        sorted(resource.param_sources),
    )


def expanded(data, monkeypatch, fast):
    if not fast:
        monkeypatch.setattr(expand_module, "_PLANS", {})
        monkeypatch.setattr(expand_module, "_plan", lambda raw: None)  # every resource takes the general path
    doc = make_doc(data)
    result = expand(doc)
    by_type = Model(expansion=result)
    typed = {t: [describe(r) for r in by_type.all_of_type(t)] for t in result.types}
    return [describe(r) for r in result.resources], typed, [r.doc is doc for r in result.resources]


PARAMETERS = {
    "kind": {"type": "string", "defaultValue": "Microsoft.Network/publicIPAddresses"},
    "api": {"type": "string", "defaultValue": "2023-09-01"},
    "n": {"type": "int", "defaultValue": 1},
    "mode": {"type": "string", "defaultValue": "Flexible"},
    "missing": {"type": "string"},
}


@settings(max_examples=150, deadline=None)
@given(resources=st.lists(resource_objects(), max_size=5), symbolic=st.booleans())
def test_fast_path_matches_the_general_path(resources, symbolic):
    if symbolic:
        data = template({f"r{i}": r for i, r in enumerate(resources)}, languageVersion="2.0", parameters=PARAMETERS)
    else:
        data = template(resources, parameters=PARAMETERS)
    with pytest.MonkeyPatch.context() as patch:
        fast = expanded(data, patch, fast=True)
    with pytest.MonkeyPatch.context() as patch:
        slow = expanded(data, patch, fast=False)
    assert fast == slow


def test_the_fast_path_is_taken():
    data = template([{"type": "Microsoft.Network/publicIPAddresses", "apiVersion": "2023-09-01", "name": "ip"}])
    result = expand(make_doc(data))
    assert type(result.resources[0]).__name__ == "_PlainResource"
