"""The rule catalog is valid, complete and consistent."""

import json

from jsonschema import Draft202012Validator

from arm_orchlint.rules.registry import Registry, rule_schema

from .conftest import REPO


def test_every_rule_file_matches_the_schema():
    validator = Draft202012Validator(rule_schema())
    files = sorted((REPO / "rules").glob("*.json"))
    assert len(files) >= 5
    for path in files:
        data = json.loads(path.read_text())
        errors = list(validator.iter_errors(data))
        assert not errors, f"{path.name}: {errors[0].message}"
        assert path.stem == data["id"], f"{path.name} holds rule {data['id']}"


def test_ids_and_names_are_unique():
    reg = Registry.default()
    assert len({r.id for r in reg.rules}) == len(reg.rules)
    assert len({r.name for r in reg.rules}) == len(reg.rules)


def test_python_checks_resolve():
    for rule in Registry.default().rules:
        if "python" in rule.check:
            assert callable(rule.function()), rule.id


def test_explanations_have_bad_and_good_examples():
    for rule in Registry.default().rules:
        text = rule.explanation
        assert "Bad" in text and "Good" in text or rule.is_builtin_finding, rule.id
        assert "```" in text, rule.id
