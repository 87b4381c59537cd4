"""A deployment whose template cannot be read offline is a note (ORCH904), not a silence:
``templateLink.uri``, a template spec ``templateLink.id``, a missing ``relativePath``
(issue 13 item 5)."""

import json

import pytest

from arm_orchlint.lint.engine import Linter
from arm_orchlint.rules.registry import Registry

SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"


@pytest.fixture(scope="module")
def linter():
    return Linter(Registry.default())


def deployment(link, condition=None):
    res = {
        "type": "Microsoft.Resources/deployments",
        "apiVersion": "2022-09-01",
        "name": "nested",
        "properties": {"mode": "Incremental", "templateLink": link},
    }
    if condition is not None:
        res["condition"] = condition
    return res


def notes(linter, tmp_path, resource, name="t.json"):
    path = tmp_path / name
    path.write_text(
        json.dumps(
            {"$schema": SCHEMA, "parameters": {"_artifactsLocation": {"type": "string"}}, "resources": [resource]},
            indent=2,
        )
    )
    return [(f.rule_id, f.severity, f.property_path, f.message) for f in linter.lint_file(str(path)).findings]


@pytest.mark.parametrize(
    "link,member,shown",
    [
        ({"uri": "https://example.com/vmss.json"}, "uri", "'https://example.com/vmss.json'"),
        (
            {"uri": "[uri(parameters('_artifactsLocation'), 'nested/vmss.json')]"},
            "uri",
            "uri is only known at deployment",
        ),
        (
            {"id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Resources/templateSpecs/s/versions/1"},
            "id",
            "template spec",
        ),
    ],
)
def test_a_template_fetched_at_deployment_is_a_note(linter, tmp_path, link, member, shown):
    found = notes(linter, tmp_path, deployment(link))
    assert len(found) == 1, found
    rule, severity, where, message = found[0]
    assert (rule, severity) == ("ORCH904", "note")
    assert where.endswith("templateLink." + member) or where.endswith(f"templateLink/{member}")
    assert shown in message and "not checked" in message


def test_a_missing_relative_path_is_a_note(linter, tmp_path):
    found = notes(linter, tmp_path, deployment({"relativePath": "nested/missing.json"}))
    assert [(r, s) for r, s, _, _ in found] == [("ORCH904", "note")]
    assert "'nested/missing.json'" in found[0][3]


def test_a_deployment_that_is_not_deployed_says_nothing(linter, tmp_path):
    assert notes(linter, tmp_path, deployment({"uri": "https://example.com/x.json"}, condition=False)) == []


def test_bicep_deployment_resource_with_a_uri_is_a_note(linter, tmp_path):
    path = tmp_path / "main.bicep"
    path.write_text(
        "resource nested 'Microsoft.Resources/deployments@2022-09-01' = {\n"
        "  name: 'nested'\n"
        "  properties: {\n"
        "    mode: 'Incremental'\n"
        "    templateLink: {\n"
        "      uri: 'https://example.com/vmss.json'\n"
        "    }\n"
        "  }\n"
        "}\n"
    )
    found = [(f.rule_id, f.line, f.col) for f in linter.lint_file(str(path)).findings]
    assert found == [("ORCH904", 6, 7)]
