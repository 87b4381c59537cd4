"""Integers as templates write them: the one place that decides what counts as a number.

* ``arm_int``: ARM converts a digit string to the integer it spells (``"3"`` is 3), so a
  value is read that way wherever a count is expected; anything else is returned as it is
  (booleans stay booleans, Unknown stays Unknown).
* ``integer``: a JSON integer (a bool is not one), else None.
* ``arm_bool``: likewise a ``"true"``/``"false"`` string (any case) is the boolean it
  spells where a boolean is expected (Json.NET converts it; ORCH008 accepts it too).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any


def arm_int(value: Any) -> Any:
    if value is None or isinstance(value, int):  # (a bool is an int: it stays a bool)
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


def integer(value: Any) -> int | None:
    if type(value) is int:  # (the usual case, without a failing isinstance test for bool)
        return value
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def count(value: Any) -> int | None:
    """An integer, written as a number or a digit string, else None."""
    return integer(arm_int(value))


def arm_bool(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value
