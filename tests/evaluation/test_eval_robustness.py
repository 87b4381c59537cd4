"""Random input must never make the parser or evaluator raise anything unexpected."""

import random

from eval_helpers import evaluate, make_doc, template

from arm_orchlint.evaluation import expand
from arm_orchlint.evaluation.expressions import ExpressionError, ExpressionTooDeep, parse_expression
from arm_orchlint.evaluation.functions.registry import REGISTRY

PIECES = [
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    "'",
    "''",
    " ",
    "-",
    "1",
    "0",
    "a",
    "x",
    "true()",
    "null()",
    "parameters('p')",
    "variables('v')",
    "copyIndex()",
    "createArray(",
    "createObject(",
    "'s'",
    "lambda(",
    "lambdaVariables('x')",
]


def random_text(rng: random.Random) -> str:
    return "[" + "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 12))) + "]"


def test_random_text_only_raises_expression_errors():
    rng = random.Random(1234)
    for _ in range(3000):
        text = random_text(rng)
        try:
            parse_expression(text)
        except (ExpressionError, ExpressionTooDeep):
            pass


def random_call(rng: random.Random, names: list, depth: int = 0) -> str:
    if depth > 3 or rng.random() < 0.3:
        return rng.choice(
            [
                "1",
                "-2",
                "'a'",
                "'a,b'",
                "true()",
                "null()",
                "createArray(1, 'x')",
                "createObject('k', 2)",
                "parameters('p')",
                "parameters('missing')",
                "variables('v')",
                "copyIndex()",
                "lambda('x', lambdaVariables('x'))",
                "'{0}'",
            ]
        )
    name = rng.choice(names)
    args = ", ".join(random_call(rng, names, depth + 1) for _ in range(rng.randint(0, 3)))
    return f"{name}({args})"


def test_random_calls_of_every_function_never_raise():
    rng = random.Random(99)
    names = sorted(REGISTRY)
    context = {
        "parameters": {"p": {"type": "string", "defaultValue": "v"}, "missing": {"type": "string"}},
        "variables": {"v": [1, 2]},
    }
    for _ in range(4000):
        evaluate("[" + random_call(rng, names) + "]", context)


def test_mangled_templates_expand_without_raising():
    rng = random.Random(7)
    shapes = [None, 1, "x", [], {}, "[", "[parameters(]", {"copy": 3}, [{"name": 1}], True]
    base = template(
        [
            {
                "type": "Microsoft.Compute/virtualMachineScaleSets",
                "apiVersion": "2023-03-01",
                "name": "ss",
                "copy": {"name": "c", "count": 2},
                "condition": True,
                "sku": {"capacity": 2},
                "properties": {"copy": [{"name": "d", "count": 1, "input": {}}], "orchestrationMode": "Flexible"},
                "resources": [{"type": "extensions", "name": "e"}],
            },
            {
                "type": "Microsoft.Resources/deployments",
                "name": "d",
                "properties": {
                    "expressionEvaluationOptions": {"scope": "inner"},
                    "parameters": {},
                    "template": {"resources": [{"type": "t/u", "name": "n"}]},
                },
            },
        ],
        variables={"copy": [{"name": "vv", "count": 2, "input": 1}]},
        parameters={"p": {"type": "int"}},
    )

    def mangle(node, depth=0):
        if isinstance(node, dict):
            return {k: (rng.choice(shapes) if rng.random() < 0.15 else mangle(v, depth + 1)) for k, v in node.items()}
        if isinstance(node, list):
            return [rng.choice(shapes) if rng.random() < 0.15 else mangle(v, depth + 1) for v in node]
        return node

    for _ in range(500):
        expand(make_doc(mangle(base)))


def test_runaway_string_growth_stops_at_the_step_budget():
    from eval_helpers import evaluate_with_run

    from arm_orchlint.evaluation import Limits

    variables = {"v0": "ab"}
    for i in range(1, 41):
        variables[f"v{i}"] = f"[concat(variables('v{i - 1}'), variables('v{i - 1}'))]"
    value, run = evaluate_with_run("[variables('v40')]", {"variables": variables}, limits=Limits(max_steps=200_000))
    assert value is not None and run.exhausted


def test_large_set_operations_stay_fast():
    value = evaluate("[length(union(range(0, 10000), range(5000, 10000)))]")
    assert value == 15000
    assert evaluate("[length(intersection(range(0, 10000), range(5000, 10000)))]") == 5000


def test_self_doubling_arrays_cannot_hang_walking_functions():
    from eval_helpers import evaluate_with_run

    from arm_orchlint.core.values import is_unknown
    from arm_orchlint.evaluation import Limits

    variables = {"v0": [1]}
    for i in range(1, 61):
        variables[f"v{i}"] = f"[createArray(variables('v{i - 1}'), variables('v{i - 1}'))]"
    for fn in ("string", "union", "json", "contains"):
        call = {
            "string": "string(variables('v60'))",
            "union": "union(variables('v60'), createArray(1))",
            "json": "json(string(variables('v60')))",
            "contains": "contains(variables('v60'), 5)",
        }[fn]
        value, run = evaluate_with_run(f"[{call}]", {"variables": variables}, limits=Limits(max_steps=100_000))
        assert is_unknown(value) and run.exhausted


def test_self_doubling_unknown_text_stays_small():
    variables = {"v0": "[parameters('p')]"}
    for i in range(1, 61):
        variables[f"v{i}"] = f"[concat(variables('v{i - 1}'), 'x', variables('v{i - 1}'))]"
    from arm_orchlint.core.values import is_unknown

    value = evaluate("[variables('v60')]", {"variables": variables, "parameters": {"p": {"type": "string"}}})
    assert is_unknown(value)
