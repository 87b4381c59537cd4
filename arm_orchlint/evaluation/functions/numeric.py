"""Integer arithmetic and conversions (add, sub, mul, div, mod, int, float)."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.evaluation.functions.registry import FunctionError, expect_count, register
from arm_orchlint.evaluation.functions.support import is_int, need_int, type_name

# ---------------------------------------------------------------- numeric


def _ints(name: str, args: list, count: int) -> list:
    expect_count(name, args, count)
    return [need_int(name, a) for a in args]


@register("add")
def fn_add(args: list, frame) -> Any:
    a, b = _ints("add", args, 2)
    return a + b


@register("sub")
def fn_sub(args: list, frame) -> Any:
    a, b = _ints("sub", args, 2)
    return a - b


@register("mul")
def fn_mul(args: list, frame) -> Any:
    a, b = _ints("mul", args, 2)
    return a * b


def _truncating_division(a: int, b: int) -> int:
    """Integer division rounding toward zero, as .NET does (Python's // floors)."""
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


@register("div")
def fn_div(args: list, frame) -> Any:
    a, b = _ints("div", args, 2)
    if b == 0:
        raise FunctionError("div() by zero")
    return _truncating_division(a, b)


@register("mod")
def fn_mod(args: list, frame) -> Any:
    a, b = _ints("mod", args, 2)
    if b == 0:
        raise FunctionError("mod() by zero")
    return a - b * _truncating_division(a, b)


@register("int")
def fn_int(args: list, frame) -> Any:
    expect_count("int", args, 1)
    value = args[0]
    if is_int(value):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        return int(value.strip())
    raise FunctionError(f"int() cannot convert a {type_name(value)}")


@register("float")
def fn_float(args: list, frame) -> Any:
    expect_count("float", args, 1)
    value = args[0]
    if isinstance(value, bool):
        raise FunctionError("float() cannot convert a bool")
    return float(value)
