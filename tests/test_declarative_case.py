"""Declarative rules read property names without regard to case, as ARM and the Python
checks do (issue 12, bug 1); findings point at the names as written."""

import json

import pytest

from arm_orchlint.lint.engine import Linter, Options
from arm_orchlint.rules.registry import Registry


def _template(properties, **extra):
    resource = {
        "type": "Microsoft.Compute/virtualMachineScaleSets",
        "apiVersion": "2023-09-01",
        "name": "flex",
        "location": "westeurope",
        "properties": properties,
        **extra,
    }
    return {
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [resource],
    }


def _found(tmp_path, data, name="t.json"):
    path = tmp_path / name
    text = json.dumps(data, indent=2) if isinstance(data, dict) else data
    path.write_text(text)
    findings = Linter(Registry.default(entry_points=False), Options(explore=False)).lint_file(str(path)).findings
    lines = text.split("\n")
    return sorted((f.rule_id, lines[f.line - 1].strip().split(":")[0].strip('"')) for f in findings)


def test_other_spellings_are_read(tmp_path):
    data = _template(
        {
            "orchestrationMode": "Flexible",
            "SinglePlacementGroup": True,
            "Overprovision": True,
            "platformFaultDomainCount": 1,
        }
    )
    assert _found(tmp_path, data) == [("ORCH206", "SinglePlacementGroup"), ("ORCH408", "Overprovision")]


def test_nested_and_outer_names(tmp_path):
    data = _template({"OrchestrationMode": "VM", "UpgradePolicy": {"MODE": "Rolling"}}, ZONES=["1", "2"])
    found = _found(tmp_path, data)
    assert ("ORCH105", "MODE") in found and ("ORCH109", "ZONES") in found


def test_bicep_spelling(tmp_path):
    text = (
        "resource flex 'Microsoft.Compute/virtualMachineScaleSets@2023-09-01' = {\n"
        "  name: 'flex'\n  location: 'westeurope'\n  properties: {\n"
        "    orchestrationMode: 'Flexible'\n    platformFaultDomainCount: 1\n    SinglePlacementGroup: true\n  }\n}\n"
    )
    assert _found(tmp_path, text, "main.bicep") == [("ORCH206", "SinglePlacementGroup")]


def test_the_spelling_arm_reads_wins():
    from arm_orchlint.rules.declarative import case_normalised

    schema = {"properties": {"properties": {"properties": {"singlePlacementGroup": {"const": False}}}}}
    body = {"Properties": {"singlePlacementGroup": True, "SinglePlacementGroup": False}}
    view = case_normalised(body, schema)
    assert view == {"properties": {"singlePlacementGroup": True, "SinglePlacementGroup": False}}
    assert body == {"Properties": {"singlePlacementGroup": True, "SinglePlacementGroup": False}}  # untouched


@pytest.mark.parametrize("body", [{"properties": {"singlePlacementGroup": True}}, {"sku": {"name": "x"}}])
def test_written_as_the_schema_is_not_copied(body):
    from arm_orchlint.rules.declarative import case_normalised

    schema = {"properties": {"properties": {"properties": {"singlePlacementGroup": {"const": False}}}}}
    assert case_normalised(body, schema) is body


# The shortcut of declarative_hits: a body is validated as it is when no name a schema knows
# is spelled otherwise in it.  Whenever the shortcut is taken, normalising would have
# changed nothing.
def test_no_respelling_needed_means_normalising_changes_nothing():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from arm_orchlint.model.scalesets import Model
    from arm_orchlint.rules import declarative

    rules = [r for r in Registry.default(entry_points=False).rules if r.is_declarative]
    schemas = [r.check["schema"] for r in rules] + [
        {"patternProperties": {"^x": {"properties": {"Mode": {"const": 1}}}}},  # applies to unnamed members
    ]
    declarative.know_schemas(schemas)
    names = sorted({n for s in schemas for n in declarative._schema_names(s)[0].values()})
    spellings = st.sampled_from(names).flatmap(
        lambda n: st.sampled_from([n, n.lower(), n.upper(), n[:1].upper() + n[1:], "x" + n])
    )
    leaves = st.none() | st.booleans() | st.integers(-1, 6) | st.sampled_from(["Flexible", "true", "1"])
    bodies = st.recursive(
        leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(spellings, inner, max_size=4), max_leaves=12
    )

    class _Resource:
        def __init__(self, body):
            self.body = body

    @settings(max_examples=250, deadline=None)
    @given(body=st.dictionaries(spellings, bodies, max_size=4), index=st.integers(0, len(schemas) - 1))
    def check(body, index):
        schema = schemas[index]
        model = Model.__new__(Model)
        model.memo = {}
        if not declarative._respelled(_Resource(body), model, schema):
            assert declarative.case_normalised(body, schema) is body
        # the once-per-body answer: a plainly spelled body spells each of the schema's names
        # as the schema does wherever the walk of its spellings looks
        names, everywhere = declarative._schema_names(schema)
        if not everywhere and declarative._plainly_spelled(_Resource(body), model):
            written = declarative._key_spellings(body, declarative._KNOWN_NAMES)
            assert all(written.get(lowered, spelling) == spelling for lowered, spelling in names.items())

    check()


def _plain_reference(body, known: dict) -> bool:
    """Whether every object reached from ``body`` through names ``known`` (lower case -> the
    one spelling, None for several) spells each of them so (what ``_all_plain`` answers),
    written as a plain recursion."""
    if isinstance(body, list):
        return all(_plain_reference(item, known) for item in body)
    if not isinstance(body, dict):
        return True
    for key, member in body.items():
        lowered = key.lower() if isinstance(key, str) else None
        if lowered in known and (known[lowered] != key or not _plain_reference(member, known)):
            return False
    return True


# ``_all_plain`` reads each shape of object (its names, in order) once: on any body, before
# and after a schema with new names is seen, its answer is the plain walk's.
def test_plain_spelling_of_a_body_is_the_plain_walks():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from arm_orchlint.rules import declarative

    rules = [r for r in Registry.default(entry_points=False).rules if r.is_declarative]
    declarative.know_schemas([r.check["schema"] for r in rules])
    names = sorted(n for n in declarative._KNOWN_NAMES.values() if n is not None)[:6] + ["Later"]
    spellings = st.sampled_from(names).flatmap(lambda n: st.sampled_from([n, n.upper(), n[:1].upper() + n[1:], "x"]))
    leaves = st.none() | st.integers(0, 2) | st.text(max_size=2)
    bodies = st.recursive(
        leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(spellings, inner, max_size=4), max_leaves=14
    )
    later = {"properties": {"later": {"const": 1}}}  # a name not known before

    @settings(max_examples=300, deadline=None)
    @given(body=bodies, others=st.lists(bodies, max_size=3))
    def check(body, others):
        for other in others:  # (shapes seen before)
            declarative._all_plain(other)
        assert declarative._all_plain(body) == _plain_reference(body, dict(declarative._KNOWN_NAMES))

    check()
    declarative.know_schemas([later])
    check()


# -- validated as written first: the same hits as after the walk for spellings --------------
_NAMES = ["properties", "Properties", "singlePlacementGroup", "SinglePlacementGroup", "overprovision"]
_NAMES += ["OverProvision", "upgradePolicy", "UPGRADEPOLICY", "mode", "Mode", "zones", "Zones", "sku", "capacity"]
_NAMES += ["Capacity", "virtualMachineProfile", "networkProfile", "NetworkApiVersion", "networkApiVersion", "x"]


def _bodies():
    from hypothesis import strategies as st

    leaves = st.one_of(st.none(), st.booleans(), st.integers(-2, 3), st.sampled_from(["true", "Flex", "2020-11-01"]))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_NAMES), inner, max_size=4)
        ),
        max_leaves=14,
    )


def _declarative_hits(body, walk_first):
    from arm_orchlint.model.resources import Resource
    from arm_orchlint.model.scalesets import VMSS, Model
    from arm_orchlint.rules import declarative

    res = Resource(VMSS, "2024-03-01", "s", body, None, ())
    model = Model([res])
    if walk_first:  # (the spellings' walk done before any rule: no rule validates as written first)
        declarative._plainly_spelled(res, model)
    out = []
    for rule in Registry.default(entry_points=False).rules:
        if rule.is_declarative:
            out += [(rule.id, h.path, h.message) for h in declarative.declarative_hits(rule, res, model)]
    return out


def test_validating_as_written_first_finds_the_same():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.dictionaries(st.sampled_from(_NAMES), _bodies(), max_size=5))
    def check(body):
        assert _declarative_hits(body, False) == _declarative_hits(body, True)

    check()
