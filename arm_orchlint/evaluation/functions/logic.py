"""Logical and comparison functions; ``if``, ``and``, ``or`` and ``coalesce`` evaluate lazily."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown, contains_unknown, is_unknown, unknown_params
from arm_orchlint.evaluation.context import EVALUATOR
from arm_orchlint.evaluation.functions.registry import FunctionError, expect_count, register
from arm_orchlint.evaluation.functions.support import arm_equal, is_int, need_bool

# ---------------------------------------------------------------- logical and comparison


@register("equals", unknown="deep")
def fn_equals(args: list, frame) -> Any:
    expect_count("equals", args, 2)
    return arm_equal(args[0], args[1])


def _ordered(name: str, args: list) -> tuple:
    expect_count(name, args, 2)
    a, b = args
    numeric = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))
    if not numeric and not (isinstance(a, str) and isinstance(b, str)):
        raise FunctionError(f"{name}() compares two integers or two strings")
    return a, b


@register("less")
def fn_less(args: list, frame) -> Any:
    a, b = _ordered("less", args)
    return a < b


@register("lessOrEquals")
def fn_less_or_equals(args: list, frame) -> Any:
    a, b = _ordered("lessOrEquals", args)
    return a <= b


@register("greater")
def fn_greater(args: list, frame) -> Any:
    a, b = _ordered("greater", args)
    return a > b


@register("greaterOrEquals")
def fn_greater_or_equals(args: list, frame) -> Any:
    a, b = _ordered("greaterOrEquals", args)
    return a >= b


@register("not")
def fn_not(args: list, frame) -> Any:
    expect_count("not", args, 1)
    return not need_bool("not", args[0])


@register("bool")
def fn_bool(args: list, frame) -> Any:
    expect_count("bool", args, 1)
    value = args[0]
    if isinstance(value, bool):
        return value
    if is_int(value):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise FunctionError(f"bool() cannot convert {value!r}")


@register("true")
def fn_true(args: list, frame) -> Any:
    expect_count("true", args, 0)
    return True


@register("false")
def fn_false(args: list, frame) -> Any:
    expect_count("false", args, 0)
    return False


@register("null")
def fn_null(args: list, frame) -> Any:
    expect_count("null", args, 0)
    return None


def _evaluate(node: Any, frame) -> Any:
    return EVALUATOR.evaluate_node(node, frame)


@register("if", lazy=True)
def fn_if(nodes: tuple, frame) -> Any:
    """Only the chosen branch is evaluated (as ARM does)."""
    if len(nodes) != 3:
        expect_count("if", list(nodes), 3)
    return if_decided(_evaluate(nodes[0], frame), nodes, frame)


def if_decided(condition: Any, nodes: tuple, frame) -> Any:
    """The rest of ``if`` once its condition is evaluated (the evaluator's own ``if`` too)."""
    if is_unknown(condition):
        # Either branch could be taken.  When both give the same known value that value is
        # the answer; otherwise the result is unknown because of the condition and of
        # whatever is unknown in the branches.
        when_true = _evaluate(nodes[1], frame)
        when_false = _evaluate(nodes[2], frame)
        if not contains_unknown(when_true) and not contains_unknown(when_false) and arm_equal(when_true, when_false):
            return when_true
        params = condition.params | unknown_params(when_true) | unknown_params(when_false)
        return Unknown(condition.reason, params)
    return _evaluate(nodes[1] if need_bool("if", condition) else nodes[2], frame)


def _logic(name: str, nodes: tuple, frame, stop_on: bool) -> Any:
    expect_count(name, list(nodes), 1, 999)
    unknowns: list = []
    for node in nodes:
        value = _evaluate(node, frame)
        if is_unknown(value):
            unknowns.append(value)
            continue
        if need_bool(name, value) is stop_on:
            return stop_on
    if unknowns:
        return unknowns[0].merge(*unknowns[1:])
    return not stop_on


@register("and", lazy=True)
def fn_and(nodes: tuple, frame) -> Any:
    return _logic("and", nodes, frame, False)


@register("or", lazy=True)
def fn_or(nodes: tuple, frame) -> Any:
    return _logic("or", nodes, frame, True)


@register("coalesce", lazy=True)
def fn_coalesce(nodes: tuple, frame) -> Any:
    """First argument that is not null; unknown as soon as an unknown comes first."""
    for node in nodes:
        value = _evaluate(node, frame)
        if is_unknown(value):
            return Unknown(value.reason, value.params, value.partial)
        if value is not None:
            return value
    return None
