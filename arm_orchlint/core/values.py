"""Values that the linter cannot know before deployment.

An ``Unknown`` stands for a value that only exists at deployment time (``reference()``,
``utcNow()``, a parameter with no value, ...).  Rules must never report an error or a
warning on an Unknown: *unknown is not wrong*.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any


class UnknownTruth(TypeError):
    """A truth test on an ``Unknown``: whatever asked cannot decide before deployment.

    A check that meets one has nothing to say about that resource (never a finding, never
    an error); it is a ``TypeError`` so that code written against plain values fails loudly."""


class Unknown:
    """A value that cannot be known statically.

    ``reason`` says why, for messages and debugging.  ``params`` names the template
    parameters whose missing value made this value unknown; the allowedValues explorer uses
    it to decide which parameters are worth trying.  ``partial`` optionally holds what *is*
    known (for example ``{"type": "Microsoft.Compute/virtualMachineScaleSets"}`` for a
    ``resourceId`` whose name is unknown).  ``origin`` optionally says how the value was
    computed, so that two Unknowns computed the same way can be recognised as the same
    value (resource linking, ``model/links.py``): ``("param", context, name)`` for a
    parameter without a value, ``("call", function, args)`` for a deterministic function
    of such values, ``("member", target, name)`` / ``("index", target, key)`` for a part of
    one, ``("scope", context, what)`` for a member of ``resourceGroup()`` and friends.  It
    only holds references; the comparable key is computed when a link is asked for.
    """

    __slots__ = ("reason", "params", "partial", "origin", "link_key")

    def __init__(
        self,
        reason: str,
        params: frozenset[str] = frozenset(),
        partial: dict | None = None,
        origin: tuple | None = None,
    ):
        self.reason = reason
        self.params = params if type(params) is frozenset else frozenset(params)
        self.partial = partial
        self.origin = origin
        self.link_key = None  # filled by model/links.py on first use

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"

    def __bool__(self) -> bool:  # an Unknown must never silently pass as truthy or falsy
        raise UnknownTruth("the truth value of an Unknown is not known; test is_unknown() first")

    def _undecidable(self, *_):
        raise UnknownTruth(f"an Unknown ({self.reason}) cannot be compared, counted or computed with")

    # Order, arithmetic, length, iteration and conversion are as undecidable as truth: a check
    # that forgot to test is_unknown() first stops there with UnknownTruth, not another TypeError.
    __lt__ = __le__ = __gt__ = __ge__ = _undecidable
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _undecidable
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _undecidable
    __neg__ = __len__ = __iter__ = __contains__ = __int__ = __float__ = __index__ = _undecidable

    def merge(self, *others: "Unknown", reason: str | None = None) -> "Unknown":
        params = set(self.params)
        for other in others:
            params |= other.params
        return Unknown(reason or self.reason, frozenset(params))


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown)


def contains_unknown(value: Any) -> bool:
    """True when the value or anything inside it is Unknown."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Unknown):
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def unknown_params(value: Any) -> frozenset[str]:
    """The parameters behind every Unknown inside ``value``."""
    found: set[str] = set()
    stack = [value]
    pop, extend = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict:  # (plain containers and scalars first: nearly every node of a body)
            extend(item.values())
        elif kind is list:
            extend(item)
        elif kind is str or kind is int or kind is bool or item is None:
            continue
        elif isinstance(item, Unknown):
            found |= item.params
        elif isinstance(item, dict):
            extend(item.values())
        elif isinstance(item, list):
            extend(item)
    return frozenset(found)
