"""The table of template functions: name (lower case) -> how to call it.

Function modules register themselves with ``@register``; the evaluator looks names up
here.  ``unknown`` says what happens when an argument is Unknown:

* ``"shallow"`` - any argument that *is* Unknown makes the result Unknown (default);
* ``"deep"`` - any argument that *contains* an Unknown makes the result Unknown;
* ``"accept"`` - the function handles Unknown arguments itself.

A ``walks`` function looks at every element of its arguments (``union``, ``string`` ...);
the evaluator charges the size of its arguments to the step budget first, so values
that share structure (an array built by doubling itself) cannot make it hang.

A ``lazy`` function receives the unevaluated argument nodes and the frame, so it can
evaluate only what it needs (``if``, ``and``, ``or``, ``coalesce``, ``lambda``).
"""

from __future__ import annotations

from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


class FunctionError(Exception):
    """A function was called with arguments it cannot handle (wrong type or count).

    The evaluator turns it into an Unknown that carries the message."""


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    fn: Callable[..., Any]
    unknown: str = "shallow"
    lazy: bool = False
    walks: bool = False


REGISTRY: dict[str, FunctionSpec] = {}


def register(*names: str, unknown: str = "shallow", lazy: bool = False, walks: bool = False):
    def decorate(fn):
        for name in names:
            REGISTRY[name.lower()] = FunctionSpec(name, fn, unknown, lazy, walks or unknown == "deep")
        return fn

    return decorate


def expect_count(name: str, args: list, low: int, high: int | None = None) -> None:
    high = low if high is None else high
    if not (low <= len(args) <= high):
        wanted = str(low) if low == high else (f"{low} or more" if high >= 99 else f"{low} to {high}")
        raise FunctionError(f"{name}() takes {wanted} arguments, got {len(args)}")
