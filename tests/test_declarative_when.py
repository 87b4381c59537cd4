"""Simple rule conditions are evaluated without jmespath; they must agree with it."""

import itertools
import json

import jmespath
import pytest

from arm_orchlint.core.values import Unknown
from arm_orchlint.rules.declarative import SimpleWhen, _compiled_when

from .conftest import REPO

CATALOG = sorted(
    {
        json.loads(p.read_text())["check"]["when"]
        for p in (REPO / "rules").glob("*.json")
        if "when" in json.loads(p.read_text()).get("check", {})
    }
)
EXPRESSIONS = CATALOG + [
    "mode == 'VM'",
    "mode != 'Flexible'",
    "type != null",
    "type == null",
    " mode=='x' ",
    "zoneCount == mode",
    "missing == null",
    "missing != other",
]
VALUES = ["VM", "Flexible", "Uniform", "x", "", None, 0, 1, True, False, 1.0, [], {}, ["VM"], {"a": 1}, Unknown("?")]


def contexts():
    for mode, type_, zones in itertools.product(
        VALUES, ["Microsoft.Compute/virtualMachineScaleSets", None], [None, 0, 1, 3, True]
    ):
        yield {"resource": {}, "apiVersion": "2024-03-01", "type": type_, "mode": mode, "zoneCount": zones}
    yield {}


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_simple_conditions_agree_with_jmespath(expression):
    compiled = _compiled_when(expression)
    assert isinstance(compiled, SimpleWhen)
    reference = jmespath.compile(expression)
    for context in contexts():
        assert compiled.search(context) == reference.search(context), context


def test_catalog_conditions_are_all_simple_or_jmespath():
    for expression in CATALOG:
        assert hasattr(_compiled_when(expression), "search")


@pytest.mark.parametrize(
    "expression",
    ['mode == `"VM"`', "type(mode) == 'string'", "mode == 'V\\'M'", "a.b == 'x'", "mode == 'VM' && type != null"],
)
def test_anything_else_is_jmespath(expression):
    assert not isinstance(_compiled_when(expression), SimpleWhen)
