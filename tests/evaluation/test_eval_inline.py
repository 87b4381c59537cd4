"""The evaluator's written-out paths give what the plain definitions give.

The walkers over JSON values, the dispatch of expression nodes and the special forms
(``if``, ``and``, ``or``, ``coalesce``) are written out in evaluator.py for speed.  Here a
plain reference evaluator -- each node through one function, every argument evaluated the
same way, the lazy forms through their registered functions in functions/logic.py -- is
put in their place, and both must give the same values, Unknowns (reasons, parameters,
origins), identities of unchanged containers, diagnostics, parameter reads and steps, on
inputs chosen to catch a fast path that cuts a corner."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_helpers import deep_picture, expansion_picture, make_doc, template
from hypothesis import given, settings
from hypothesis import strategies as st

from arm_orchlint.core.values import Unknown, contains_unknown, is_unknown, unknown_params
from arm_orchlint.evaluation import evaluator
from arm_orchlint.evaluation.context import EVALUATOR, Frame, LimitReached, ParamSources, Run, TemplateContext
from arm_orchlint.evaluation.expressions import Call, Index, Literal, Member
from arm_orchlint.evaluation.functions.registry import REGISTRY, FunctionError
from arm_orchlint.evaluation.limits import Limits
from arm_orchlint.front.reading import read_input

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

# ---------------------------------------------------------------- the reference evaluator


def _tick_members(value, frame) -> None:
    run = frame.tpl.run
    if not run.budget.exhausted:  # a container costs its members and itself
        run.budget.steps += len(value) + 1
        if run.budget.steps > run.limits.max_steps:
            run.tick(0)


def reference_object(value: dict, frame: Frame, pointer: tuple) -> dict:
    _tick_members(value, frame)
    out: dict = {}
    changed = False
    for key, item in value.items():
        if isinstance(key, str) and key.lower() == "copy" and evaluator._is_property_copy(item):
            for i, spec in enumerate(item):
                out[spec["name"]] = evaluator.evaluate_copy_array(spec, frame, pointer + (key, i))
            changed = True
            continue
        new = evaluator.evaluate_value(item, frame, pointer + (key,))
        changed = changed or new is not item
        out[key] = new
    if not changed:
        return value if type(value) is dict else dict(value)
    return out


def reference_array(value: list, frame: Frame, pointer: tuple) -> list:
    _tick_members(value, frame)
    out = [evaluator.evaluate_value(item, frame, pointer + (i,)) for i, item in enumerate(value)]
    if all(new is old for new, old in zip(out, value)):
        return value if type(value) is list else list(value)
    return out


def reference_node(node, frame: Frame):
    frame.tpl.run.tick()  # one step per node
    kind = type(node)
    if kind is Call:
        return reference_call(node, frame)
    if kind is Literal:
        return node.value
    if kind is Member:
        return evaluator.member(reference_node(node.target, frame), node.name)
    if kind is Index:
        return evaluator.index(reference_node(node.target, frame), reference_node(node.index, frame))
    raise TypeError(node)


def reference_call(node: Call, frame: Frame):
    tpl = frame.tpl
    spec = REGISTRY.get(node.key)
    if spec is None and node.key.startswith(("sys.", "az.")) and tpl.user_function(node.key) is None:
        spec = REGISTRY.get(node.key.split(".", 1)[1])
    if spec is None:
        if tpl.user_function(node.key) is not None:
            return evaluator.call_user_function(node, [reference_node(a, frame) for a in node.args], frame)
        if node.key.rsplit(".", 1)[-1].startswith("list"):
            return Unknown(f"{node.name}() is only known at deployment time")
        return Unknown(f"function '{node.name}' is not supported by the static evaluator")
    try:
        if spec.lazy:
            return spec.fn(node.args, frame)
        args = [reference_node(a, frame) for a in node.args]
        if spec.walks:
            evaluator.charge_size(args, tpl.run)
        if spec.unknown == "shallow" and any(isinstance(a, Unknown) for a in args):
            unknowns = [a for a in args if isinstance(a, Unknown)]
            merged = unknowns[0].merge(*unknowns[1:])
            if len(unknowns) == 1:
                merged = Unknown(unknowns[0].reason, unknowns[0].params)
            merged.origin = ("call", node.key, args)
            return merged
        if spec.unknown == "deep" and any(contains_unknown(a) for a in args):
            params = frozenset().union(*(unknown_params(a) for a in args))
            first = next((a for a in args if is_unknown(a)), None)
            reason = first.reason if first is not None else f"an argument of {node.name}() is not fully known"
            return Unknown(reason, params, origin=("call", node.key, args))
        result = spec.fn(args, frame)
        if isinstance(result, (str, list, dict)) and len(result) > 64:
            tpl.run.tick(len(result) // 8)
        return result
    except FunctionError as exc:
        return Unknown(str(exc))
    except (TypeError, ValueError, KeyError, IndexError, ZeroDivisionError, AttributeError, OverflowError) as exc:
        return Unknown(f"{node.name}() failed: {exc}")


def use_reference(patch) -> None:
    """Put the reference evaluator in the place of the written-out one."""
    patch.setattr(evaluator, "_evaluate_object", reference_object)
    patch.setattr(evaluator, "_evaluate_array", reference_array)
    patch.setattr(evaluator, "evaluate_node", reference_node)
    patch.setattr(evaluator, "call_function", reference_call)
    patch.setattr(EVALUATOR, "evaluate_node", reference_node)


def both(monkeypatch, compute):
    """``compute()`` with the evaluator as it is, then with the reference evaluator."""
    written_out = compute()
    with monkeypatch.context() as patch:
        use_reference(patch)
        reference = compute()
    return written_out, reference


def test_the_reference_is_in_place_while_it_is_used(monkeypatch):
    with monkeypatch.context() as patch:
        use_reference(patch)
        assert evaluator.evaluate_node is reference_node and EVALUATOR.evaluate_node is reference_node
    assert evaluator.evaluate_node is not reference_node


# ---------------------------------------------------------------- one value, one budget


def _sharing(value, raw) -> list:
    """Where the evaluated value is the raw container itself (returned as written)."""
    found = []
    stack = [((), value, raw)]
    while stack:
        path, new, old = stack.pop()
        if isinstance(new, (dict, list)):
            found.append((path, new is old))
        if isinstance(new, dict) and isinstance(old, dict):
            stack.extend((path + (k,), v, old[k]) for k, v in new.items() if k in old)
        elif isinstance(new, list) and isinstance(old, list) and len(new) == len(old):
            stack.extend((path + (i,), v, o) for i, (v, o) in enumerate(zip(new, old)))
    return sorted(found, key=repr)


CONTEXT = template(
    [],
    parameters={
        "p": {"type": "string", "defaultValue": "value"},
        "flag": {"type": "bool", "defaultValue": True},
        "obj": {"type": "object", "defaultValue": {"Name": "n", "inner": {"Deep": [1, 2]}}},
        "none": {"type": "object", "defaultValue": None},
        "missing": {"type": "string"},
        "long": {"type": "string", "defaultValue": "x" * 100},
    },
    variables={
        "v": "[parameters('p')]",
        "arr": [1, "[parameters('p')]", {"k": "[parameters('missing')]"}],
        "u": "[parameters('missing')]",
        "n": "[null()]",
    },
)


def evaluate_once(value, max_steps: int = 1_000_000, template_data: dict = CONTEXT):
    run = Run(Limits(max_steps=max_steps))
    context = TemplateContext(run, make_doc(template_data), (), template_data)
    sources = ParamSources()
    context.track_into(sources)
    try:
        result = evaluator.evaluate_value(value, Frame(context), ("probe",))
        outcome = (deep_picture(result), _sharing(result, value))
    except LimitReached as exc:
        outcome = ("limit", exc.message, exc.report)
    diagnostics = [(d.rule_id, d.message, d.pointer) for d in run.diagnostics]
    reads = deep_picture(dict(sources)), deep_picture(sources.by_pointer)
    return outcome, diagnostics, reads, run.budget.steps, run.budget.exhausted, run.budget.reported


STRINGS = [
    "",
    "[",
    "]",
    "[]",
    "[[x]",
    "plain",
    "[parameters('p')]",
    "[PARAMETERS('P')]",
    "[parameters('missing')]",
    "[concat('a', 'b')]",
    "[concat(parameters('missing'), 'b')]",
    "[variables('arr')]",
    "[copyIndex()]",
    "[not a valid expression",
    "[concat(]",
    "[parameters('long')]",
]

SCALARS = st.one_of(st.sampled_from(STRINGS), st.integers(-3, 3), st.booleans(), st.none(), st.just(1.5))
KEYS = st.sampled_from(["a", "b", "name", "copy", "Copy", "COPY", "input", "count", "properties"])


def _copy_specs(children):
    spec = st.fixed_dictionaries(
        {"name": st.sampled_from(["a", "disks", "b"]), "count": st.sampled_from([0, 2, "[length(variables('arr'))]"])},
        optional={"input": children},
    )
    return st.lists(spec, min_size=1, max_size=2)


def _containers(children):
    members = st.one_of(children, _copy_specs(children))
    return st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, members, max_size=5))


VALUES = st.recursive(SCALARS, _containers, max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(VALUES, st.sampled_from([3, 10, 30, 1_000_000]))
def test_walking_a_value_is_the_same_as_the_reference(value, max_steps):
    with pytest.MonkeyPatch.context() as monkeypatch:
        written_out, reference = both(monkeypatch, lambda: evaluate_once(value, max_steps))
    assert written_out == reference


COPIES = {
    "before": "[parameters('p')]",
    "same": "literal",
    "copy": [{"name": "disks", "count": 2, "input": {"i": "[copyIndex('disks')]"}}],
    "after": "[concat('x', parameters('p'))]",
    "Copy": [{"name": "before", "count": 1, "input": "[parameters('missing')]"}],
    "list": [1, "[parameters('p')]"],
}


@pytest.mark.parametrize(
    "value",
    [
        COPIES,
        {"a": [[], [[]], {}], "b": {"c": {"d": "x"}}},
        {"copy": [{"name": "x"}], "COPY": "[parameters('p')]"},  # not property copies
        {"copy": [], "x": {"copy": [{"name": "n", "count": 1, "input": 1}], "y": 2}},
        [COPIES, "[[escaped]", "", [1, [2, ["[parameters('p')]"]]]],
    ],
)
@pytest.mark.parametrize("max_steps", [1, 4, 9, 15, 25, 40, 1_000_000])
def test_property_copies_and_nested_containers_are_the_same_as_the_reference(monkeypatch, value, max_steps):
    written_out, reference = both(monkeypatch, lambda: evaluate_once(value, max_steps))
    assert written_out == reference


# ---------------------------------------------------------------- expansions


def _fixture_files():
    files = sorted(FIXTURES.glob("*/*.json")) + sorted(FIXTURES.glob("*/*.bicep"))
    return [f for f in files if not f.name.endswith(".parameters.json") and not f.name.startswith("expected")]


@pytest.mark.parametrize("path", _fixture_files()[::2], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixtures_expand_the_same_as_with_the_reference(monkeypatch, path):
    result = read_input(str(path))
    if result.doc is None or result.kind not in ("template", "bicep"):
        pytest.skip(f"{path.name} is not a template")
    written_out, reference = both(monkeypatch, lambda: expansion_picture(result.doc))
    assert written_out == reference


# ---------------------------------------------------------------- concat of strings


@pytest.mark.parametrize("pieces", [[], [""], ["a"], ["a", "", "b"], ["é", "[x]", "'"], ["x"] * 40])
def test_concat_of_strings_joins_them_as_the_pieces_would(pieces):
    from arm_orchlint.evaluation.functions.strings import fn_concat
    from arm_orchlint.evaluation.functions.support import text_with_holes

    joined = fn_concat(list(pieces), None)
    assert type(joined) is str
    assert joined == text_with_holes(list(pieces), "unused")
    text = "[concat(" + ", ".join("'" + p.replace("'", "''") + "'" for p in pieces) + ")]"
    if pieces:
        with pytest.MonkeyPatch.context() as monkeypatch:
            assert both(monkeypatch, lambda: evaluate_once(text, 1_000_000))[0][0][0] == ("str", joined)


# ---------------------------------------------------------------- expressions

LEAVES = [
    "1",
    "-2",
    "'s'",
    "''",
    "true()",
    "false()",
    "null()",
    "parameters('p')",
    "PARAMETERS('P')",
    "parameters('flag')",
    "parameters('missing')",
    "parameters('none')",
    "parameters('long')",
    "parameters('undeclared')",
    "parameters(1)",
    "variables('v')",
    "Variables('ARR')",
    "variables('u')",
    "variables('n')",
    "variables('nope')",
    "parameters('obj').name",
    "parameters('obj').NAME",
    "parameters('obj').inner.deep[1]",
    "parameters('obj').missing",
    "parameters('missing').x",
    "variables('arr')[2].k",
    "variables('arr')[5]",
    "createObject('a', 1).a",
    "createArray(1, 2)[0]",
    "'text'.length",
    "div(1, 0)",
    "copyIndex()",
    "utcNow()",
    "listKeys('x', '2020-01-01')",
]

FORMS = ["if", "IF", "If", "coalesce", "COALESCE", "and", "or", "not", "equals", "concat", "createArray", "length"]


def _expressions():
    def call(name, args):
        return f"{name}({', '.join(args)})"

    def build(children):
        return st.one_of(
            st.builds(call, st.sampled_from(FORMS), st.lists(children, max_size=4)),
            st.builds(lambda c, a, b: f"if({c}, {a}, {b})", children, children, children),
            st.builds(lambda inner: f"{inner}.name", children),
            st.builds(lambda inner, i: f"{inner}[{i}]", children, children),
        )

    return st.recursive(st.sampled_from(LEAVES), build, max_leaves=12).map(lambda text: f"[{text}]")


@settings(max_examples=600, deadline=None)
@given(_expressions(), st.sampled_from([2, 6, 15, 40, 1_000_000]))
def test_expressions_evaluate_as_with_the_reference(text, max_steps):
    with pytest.MonkeyPatch.context() as monkeypatch:
        written_out, reference = both(monkeypatch, lambda: evaluate_once(text, max_steps))
    assert written_out == reference


TRICKY = [
    "[if(true(), 'a', div(1, 0))]",  # an error in the branch not taken is never met
    "[if(false(), concat(createObject('a', 1)), 'b')]",
    "[if(parameters('missing'), 'a', 'a')]",  # unknown condition, equal branches
    "[if(parameters('missing'), 'a', parameters('p'))]",
    "[if(parameters('missing'), createObject('k', parameters('missing')), 1)]",
    "[if('yes', 1, 2)]",  # not a boolean
    "[if(null(), 1, 2)]",
    "[if(1, 1, 2)]",
    "[if(true(), 1)]",  # wrong number of arguments
    "[if(true(), 1, 2, 3)]",
    "[if()]",
    "[IF(TRUE(), parameters('obj').Name, 'x')]",
    "[if(true(), parameters('long'), 'x')]",  # a long value costs its size in steps
    "[if(equals(parameters('p'), 'value'), if(false(), 1, variables('arr')[1]), 2)]",
    "[coalesce()]",
    "[coalesce(null(), null())]",
    "[coalesce(null(), parameters('missing'), 'x')]",
    "[coalesce(null(), 'x', div(1, 0))]",
    "[coalesce(parameters('none'), variables('n'), variables('v'))]",
    "[Coalesce(parameters('obj').missing, 'found')]",
    "[coalesce(concat(parameters('missing'), 'x'), 'y')]",  # an unknown keeps its partial text
    "[parameters('obj').inner.Deep[0]]",
    "[parameters('obj')['NAME']]",
    "[variables('arr')[1]]",
    "[parameters('flag').x]",
    "[parameters('none').x]",
    "[sys.parameters('p')]",
    "[az.variables('v')]",
    "[not(and(parameters('flag'), or(false(), parameters('missing'))))]",
    "[" + "if(true(), " * 30 + "parameters('p')" + ", 1)" * 30 + "]",  # deep nesting
    "[" + "coalesce(null(), " * 30 + "parameters('obj')" + ")" * 30 + ".name]",
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("max_steps", [1, 2, 3, 5, 8, 13, 21, 40, 1_000_000])
def test_special_forms_and_member_reads_are_the_same_as_the_reference(monkeypatch, text, max_steps):
    written_out, reference = both(monkeypatch, lambda: evaluate_once(text, max_steps))
    assert written_out == reference


USER_FUNCTIONS = template(
    [],
    parameters={"p": {"type": "string", "defaultValue": "template's"}},
    functions=[
        {
            "namespace": "my",
            "members": {
                "echo": {"parameters": [{"name": "p", "type": "string"}], "output": {"value": "[parameters('p')]"}},
                "pick": {
                    "parameters": [{"name": "c", "type": "bool"}],
                    "output": {"value": "[if(parameters('c'), variables('v'), coalesce(null(), parameters('p')))]"},
                },
            },
        }
    ],
    variables={"v": "[parameters('p')]"},
)


@pytest.mark.parametrize(
    "text", ["[my.echo('given')]", "[my.pick(true())]", "[my.pick(false())]", "[my.pick('x')]", "[my.echo()]"]
)
def test_inside_a_user_function_parameters_are_its_arguments(monkeypatch, text):
    written_out, reference = both(monkeypatch, lambda: evaluate_once(text, template_data=USER_FUNCTIONS))
    assert written_out == reference
    if text == "[my.echo('given')]":
        assert written_out[0][0] == ("str", "given")


@pytest.mark.parametrize("text", TRICKY + LEAVES)
def test_the_first_node_of_an_expression_costs_and_gives_what_evaluate_node_gives(text):
    """_evaluate_expression dispatches the root itself: the same as evaluating the tree."""
    from arm_orchlint.evaluation.expressions import parse_expression

    text = text if text.startswith("[") else f"[{text}]"

    def run_with(evaluate):
        run = Run(Limits())
        context = TemplateContext(run, make_doc(CONTEXT), (), CONTEXT)
        value = evaluate(text, Frame(context))
        return deep_picture(value), run.budget.steps, [(d.rule_id, d.message) for d in run.diagnostics]

    through_root = run_with(lambda text, frame: evaluator._evaluate_expression(text, frame, ("probe",)))
    through_tree = run_with(lambda text, frame: reference_node(parse_expression(text), frame))
    assert through_root == through_tree
