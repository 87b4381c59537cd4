"""Comparing resource API versions ("2021-03-01", "2016-04-30-preview", "2019-03-01-hybrid")."""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


_DATES: dict[str, tuple[int, int, int] | None] = {}  # a template uses a handful of versions


def api_date(value: Any) -> tuple[int, int, int] | None:
    """The date part of an API version, or None when it is missing or not known."""
    if not isinstance(value, str):
        return None
    found = _DATES.get(value, False)
    if found is False:
        m = _DATE.match(value)
        found = (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        if len(_DATES) < 4096:
            _DATES[value] = found
    return found


def older_than(value: Any, minimum: str) -> bool:
    """True only when ``value`` is a known API version strictly older than ``minimum``."""
    have = api_date(value)
    return have is not None and have < api_date(minimum)


def at_least(value: Any, minimum: str) -> bool:
    have = api_date(value)
    return have is not None and have >= api_date(minimum)
