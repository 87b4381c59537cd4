"""The memo of expression values (evaluator.evaluate_string): an expression written again
in a plain frame of the same template gives the value the first evaluation gave, with the
same parameter reads, diagnostics and step count as evaluating it again would give.

Most tests compare an expansion with the memo against one where every expression is
evaluated afresh (the memo emptied after each store)."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_helpers import deep_picture as _deep
from eval_helpers import expansion_picture as _picture
from eval_helpers import make_doc, template

from arm_orchlint.core.values import Unknown
from arm_orchlint.evaluation import evaluator, expand
from arm_orchlint.evaluation.context import TemplateContext
from arm_orchlint.evaluation.limits import Limits
from arm_orchlint.front.checkout import confined_to
from arm_orchlint.front.reading import read_input
from arm_orchlint.lint.engine import Linter
from arm_orchlint.rules.registry import Registry

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


class _Forgetful(dict):
    """A memo that keeps nothing: every expression is evaluated for real."""

    def __setitem__(self, key, value):
        pass


class _Watched(dict):
    """A memo that also remembers a picture of every value kept, to compare later."""

    kept: list

    def __setitem__(self, key, value):
        if value is not evaluator._NOT_REPEATABLE:
            self.kept.append((value[0], _deep(value[0])))
        super().__setitem__(key, value)


def _use_memo(monkeypatch, memo_class):
    init = TemplateContext.__init__

    def patched(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.memo = memo_class()

    monkeypatch.setattr(TemplateContext, "__init__", patched)


def _both(monkeypatch, doc, **kw):
    with_memo = _picture(doc, **kw)
    with monkeypatch.context() as patch:
        _use_memo(patch, _Forgetful)
        without = _picture(doc, **kw)
    return with_memo, without


def _vmss(name, **members):
    raw = {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2024-03-01", "name": name}
    raw.update(members)
    return raw


REPEATED = template(
    [
        _vmss(
            f"[concat(parameters('prefix'), '{i}')]",
            location="[resourceGroup().location]",
            tags="[variables('tags')]",
            properties={
                "group": "[resourceGroup()]",
                "subnet": "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('vnet'), 'default')]",
                "merged": "[union(variables('tags'), createObject('k', parameters('prefix')))]",
                "zones": "[split(parameters('zones'), ',')]",
                "when": "[if(equals(parameters('mode'), 'Flexible'), 'yes', variables('derived'))]",
                "unknown": "[concat(parameters('missing'), '-x')]",
            },
        )
        for i in range(4)
    ],
    parameters={
        "prefix": {"type": "string", "defaultValue": "vmss"},
        "vnet": {"type": "string", "defaultValue": "net"},
        "missing": {"type": "string"},
        "zones": {"type": "string", "defaultValue": "1,2,3"},
        "mode": {"type": "string", "defaultValue": "[concat('Flex', 'ible')]"},
    },
    variables={"tags": {"env": "[parameters('prefix')]"}, "derived": "[toUpper(parameters('vnet'))]"},
)


def test_a_repeated_expression_gives_the_first_value_and_records_its_reads_at_each_pointer():
    resources = expand(make_doc(REPEATED)).resources
    first, second = resources[0], resources[1]
    assert second.body["properties"]["group"] is first.body["properties"]["group"]  # from the memo
    assert second.body["properties"]["merged"] is first.body["properties"]["merged"]
    for res in resources:
        res.body  # (evaluated on first use)
        by_pointer = res.param_sources.by_pointer
        assert by_pointer[res.pointer + ("properties", "subnet")] == ("vnet",)
        assert by_pointer[res.pointer + ("properties", "merged")] == ("prefix",)
        assert by_pointer[res.pointer + ("tags",)] == ("prefix",)
        assert set(res.param_sources) >= {"prefix", "vnet", "zones", "mode"}
        assert res.body["properties"]["unknown"].params == {"missing"}


def test_with_and_without_the_memo_everything_is_the_same(monkeypatch):
    with_memo, without = _both(monkeypatch, make_doc(REPEATED))
    assert with_memo == without
    given = {"missing": ("m", None, ()), "mode": ("Uniform", None, ())}
    with_memo, without = _both(monkeypatch, make_doc(REPEATED), parameter_values=given)
    assert with_memo == without


@pytest.mark.parametrize("max_steps", [1, 5, 17, 40, 90, 150, 230, 320, 460, 10_000])
def test_the_step_limit_is_reached_where_it_is_without_the_memo(monkeypatch, max_steps):
    with_memo, without = _both(monkeypatch, make_doc(REPEATED), limits=Limits(max_steps=max_steps))
    assert with_memo == without


def test_an_expression_that_reports_reports_again_at_each_pointer():
    long_text = "[concat('" + "x" * 60 + "')]"
    deep = "[" + "string(" * 12 + "1" + ")" * 12 + "]"
    raw = template(
        [_vmss("a", properties={"p": long_text, "q": deep}), _vmss("b", properties={"p": long_text, "q": deep})]
    )
    expansion = expand(make_doc(raw), limits=Limits(max_expression_length=40, max_expression_depth=8))
    for res in expansion.resources:
        assert isinstance(res.body["properties"]["p"], Unknown)
    pointers = sorted(d.pointer for d in expansion.diagnostics)
    assert pointers == [
        ("resources", 0, "properties", "p"),
        ("resources", 0, "properties", "q"),
        ("resources", 1, "properties", "p"),
        ("resources", 1, "properties", "q"),
    ]


def test_a_parameter_first_resolved_by_an_expression_is_noted_in_the_order_a_repeat_notes_it(monkeypatch):
    # 'mode' reads nothing else, 'alias' reads 'mode': resolved first, the reads come as
    # mode, alias; cached, as alias, mode.  The first evaluation is not kept.
    raw = template(
        [_vmss(f"s{i}", properties={"m": "[parameters('alias')]"}) for i in range(3)],
        parameters={
            "mode": {"type": "string", "defaultValue": "x"},
            "alias": {"type": "string", "defaultValue": "[parameters('mode')]"},
        },
    )
    with_memo, without = _both(monkeypatch, make_doc(raw))
    assert with_memo == without
    orders = [list(res[3][1]) for res in with_memo[0]]
    assert [name for name, _ in orders[0]] != [name for name, _ in orders[1]]  # what the test is about
    assert orders[1] == orders[2]


def test_in_a_copy_loop_what_reads_copy_index_is_evaluated_in_each_copy_and_the_rest_is_shared():
    raw = template(
        [
            _vmss(
                "[concat('s', string(copyIndex()))]",
                copy={"name": "loop", "count": 2},
                properties={
                    "group": "[resourceGroup()]",
                    "i": "[copyIndex()]",
                    "m": "[map(createArray(1, 2), lambda('x', add(lambdaVariables('x'), copyIndex())))]",
                },
            ),
            _vmss("t", properties={"r": "[reference('other').x]", "c": "[copyIndex()]"}),
        ]
    )
    resources = expand(make_doc(raw)).resources
    assert [r.body["properties"].get("i") for r in resources[:2]] == [0, 1]
    assert [r.body["properties"].get("m") for r in resources[:2]] == [[1, 2], [2, 3]]
    assert [r.name for r in resources[:2]] == ["s0", "s1"]
    assert resources[0].body["properties"]["group"] is resources[1].body["properties"]["group"]
    assert isinstance(resources[2].body["properties"]["r"], Unknown)


def _fixture_files():
    files = sorted(FIXTURES.glob("*/*.json")) + sorted(FIXTURES.glob("*/*.bicep"))
    return [f for f in files if not f.name.endswith(".parameters.json") and not f.name.startswith("expected")]


def _read(path):
    result = read_input(str(path))
    if result.doc is None or result.kind not in ("template", "bicep"):
        pytest.skip(f"{path.name} is not a template")
    return result.doc


@pytest.mark.parametrize("path", _fixture_files()[::2], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixtures_expand_the_same_with_and_without_the_memo(monkeypatch, path):
    with_memo, without = _both(monkeypatch, _read(path))
    assert with_memo == without


@pytest.mark.parametrize("path", _fixture_files()[1::3], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_linting_leaves_the_values_in_the_memo_unchanged(monkeypatch, path):
    """A value in the memo is shared by every resource that repeats its expression: nothing
    may change it in place."""
    kept: list = []
    monkeypatch.setattr(_Watched, "kept", kept, raising=False)
    _use_memo(monkeypatch, _Watched)
    doc = _read(path)
    linter = Linter(Registry.default())
    with confined_to(str(path)):
        linter.lint_document(doc, linter.parameter_values([]))
    for value, picture in kept:
        assert _deep(value) == picture


def test_linting_a_template_of_repeated_values_leaves_them_unchanged(monkeypatch):
    kept: list = []
    monkeypatch.setattr(_Watched, "kept", kept, raising=False)
    _use_memo(monkeypatch, _Watched)
    linter = Linter(Registry.default())
    linter.lint_document(make_doc(REPEATED), linter.parameter_values([]))
    assert any(isinstance(value, dict) for value, _ in kept)  # containers are kept, so shared
    for value, picture in kept:
        assert _deep(value) == picture


def test_a_user_function_s_parameters_are_its_arguments_not_the_memo_s():
    functions = [
        {
            "namespace": "my",
            "members": {
                "echo": {"parameters": [{"name": "x", "type": "string"}], "output": {"value": "[parameters('x')]"}}
            },
        }
    ]
    raw = template(
        [
            _vmss("a", properties={"x": "[parameters('x')]", "f": "[my.echo('one')]"}),
            _vmss("b", properties={"x": "[parameters('x')]", "f": "[my.echo('two')]"}),
        ],
        parameters={"x": {"type": "string", "defaultValue": "template"}},
        functions=functions,
    )
    a, b = expand(make_doc(raw)).resources
    assert a.body["properties"] == {"x": "template", "f": "one"}
    assert b.body["properties"] == {"x": "template", "f": "two"}


LOOPED = template(
    [
        _vmss(
            "[concat('s', string(copyIndex()))]",
            copy={"name": "loop", "count": 30},
            properties={
                "tags": "[union(variables('big'), createObject('n', copyIndex()))]",
                "same": "[union(variables('big'), createObject('n', parameters('p')))]",
                "disks": {"copy": [{"name": "disks", "count": 3, "input": {"id": "[resourceId('a/b', 'x')]"}}]},
            },
        )
    ],
    parameters={"p": {"type": "string", "defaultValue": "[concat('p', 'q')]"}},
    variables={"big": "[createObject('a', range(0, 20), 'b', parameters('p'))]"},
)


@pytest.mark.parametrize("max_steps", [3, 60, 400, 1_000, 2_500, 4_000, 6_000, 100_000])
def test_copy_loops_reach_the_step_limit_where_they_do_without_the_memo(monkeypatch, max_steps):
    with_memo, without = _both(monkeypatch, make_doc(LOOPED), limits=Limits(max_steps=max_steps))
    assert with_memo == without
