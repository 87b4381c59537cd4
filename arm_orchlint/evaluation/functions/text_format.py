"""Turning values into text the way ARM does: ``string()`` and .NET-style ``format()``."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.evaluation.functions.registry import FunctionError


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    return value


def to_text(value: Any) -> str:
    """ARM's ``string()``: strings as is, booleans as ``True``/``False``, null as empty,
    arrays and objects as compact JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(_json_ready(value), separators=(",", ":"), ensure_ascii=False)
    raise FunctionError(f"cannot convert {type(value).__name__} to a string")


def _format_number(value: Any, spec: str) -> str:
    """A subset of .NET standard numeric format strings: D, N, F, X, P, G, E."""
    if not spec:
        return to_text(value)
    letter, digits = spec[0], spec[1:]
    if digits and not digits.isdigit():
        return _custom_number(value, spec)
    precision = int(digits) if digits else None
    kind = letter.upper()
    if kind == "D" and isinstance(value, int) and not isinstance(value, bool):
        text = str(abs(value)).rjust(precision or 0, "0")
        return ("-" if value < 0 else "") + text
    if kind == "X" and isinstance(value, int):
        text = format(value, "x" if letter == "x" else "X")
        return text.rjust(precision or 0, "0")
    if kind == "N":
        return format(value, f",.{2 if precision is None else precision}f")
    if kind == "F":
        return format(value, f".{2 if precision is None else precision}f")
    if kind == "P":
        return format(value * 100, f",.{2 if precision is None else precision}f") + " %"
    if kind == "E":
        text = format(value, f".{6 if precision is None else precision}e")
        mantissa, exponent = text.split("e")
        sign = exponent[0]
        return f"{mantissa}{'E' if letter == 'E' else 'e'}{sign}{exponent[1:].rjust(3, '0')}"
    if kind == "G":
        return to_text(value)
    return _custom_number(value, spec)


def _custom_number(value: Any, spec: str) -> str:
    """Custom numeric formats made of 0 and # placeholders (e.g. ``000``)."""
    if isinstance(value, int) and set(spec) <= {"0", "#"}:
        return (
            str(abs(value)).rjust(spec.count("0"), "0") if value >= 0 else "-" + str(-value).rjust(spec.count("0"), "0")
        )
    raise FunctionError(f"format string '{spec}' is not supported")


def _format_item(value: Any, spec: str) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _format_number(value, spec)
    return to_text(value)


def format_pieces(template: str, args: list) -> list:
    """Split a .NET composite format string into pieces: literal text (str) and the
    argument values in order.  ``{{``/``}}`` are escaped braces.  Alignment
    (``{0,5}``) and format strings (``{0:D3}``) are applied to known values; an argument
    that is not text-like is returned as is for the caller to deal with."""
    steps = _STEPS.get(template)
    if steps is None:
        steps = _steps(template)
        if len(_STEPS) >= 4096:
            _STEPS.clear()
        _STEPS[template] = steps
    pieces: list = []
    for step in steps:
        if type(step) is str:
            pieces.append(step)
        elif len(step) == 3:
            position, spec, align = step
            if not 0 <= position < len(args):
                raise FunctionError(f"format item {{{position}}} has no argument")
            pieces.append((args[position], spec, align))
        else:
            raise FunctionError(step[0])
    return pieces


# A format string read once: templates format the same strings again and again.
_STEPS: dict = {}  # format string -> its steps (see _steps)


def _steps(template: str) -> list:
    """What ``format_pieces`` does with ``template``, in order: literal text (str), an item
    (position, format string, alignment), or the error that stops the reading (message,)."""
    steps: list = []
    text: list[str] = []
    i = 0
    n = len(template)
    while i < n:
        ch = template[i]
        if ch == "{":
            if i + 1 < n and template[i + 1] == "{":
                text.append("{")
                i += 2
                continue
            close = template.find("}", i)
            if close < 0:
                steps.append(("format string has an unclosed '{'",))
                return steps
            item = template[i + 1 : close]
            spec = ""
            if ":" in item:
                item, spec = item.split(":", 1)
            align = 0
            if "," in item:
                item, align_text = item.split(",", 1)
                try:
                    align = int(align_text.strip())
                except ValueError:
                    steps.append((f"bad alignment in format item '{{{template[i + 1 : close]}}}'",))
                    return steps
                if abs(align) > 16 * 1024:
                    steps.append(("format alignment is too wide",))
                    return steps
            try:
                position = int(item.strip())
            except ValueError:
                steps.append((f"bad format item '{{{template[i + 1 : close]}}}'",))
                return steps
            if text:
                steps.append("".join(text))
                text = []
            steps.append((position, spec, align))
            i = close + 1
        elif ch == "}":
            if i + 1 < n and template[i + 1] == "}":
                i += 1
            text.append("}")
            i += 1
        else:  # plain text up to the next brace, in one piece
            a = template.find("{", i)
            b = template.find("}", i)
            end = n if a < 0 and b < 0 else (b if a < 0 else (a if b < 0 else min(a, b)))
            text.append(template[i:end])
            i = end
    if text:
        steps.append("".join(text))
    return steps


def render_item(value: Any, spec: str, align: int) -> str:
    text = _format_item(value, spec)
    if align > 0:
        return text.rjust(align)
    if align < 0:
        return text.ljust(-align)
    return text
