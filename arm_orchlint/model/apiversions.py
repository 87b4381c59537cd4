"""Comparing resource API versions ("2021-03-01", "2016-04-30-preview", "2019-03-01-hybrid")."""

from __future__ import annotations

import re

from arm_orchlint.core.values import is_unknown

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


# Property path -> first API version of Microsoft.Compute/virtualMachineScaleSets that has it.
PROPERTY_MIN_API = (
    (("zones",), "2017-03-30"),
    (("properties", "platformFaultDomainCount"), "2017-12-01"),
    (("properties", "zoneBalance"), "2017-12-01"),
    (("properties", "proximityPlacementGroup"), "2018-04-01"),
    (("properties", "upgradePolicy", "automaticOSUpgradePolicy"), "2018-10-01"),
    (("properties", "scaleInPolicy"), "2019-03-01"),
    (("properties", "virtualMachineProfile", "networkProfile", "networkApiVersion"), "2021-03-01"),
    (("properties", "priorityMixPolicy"), "2022-08-01"),
)
_NETWORK_API_VERSION = ("properties", "virtualMachineProfile", "networkProfile", "networkApiVersion")


def needed_api_version(res) -> str | None:
    """The oldest scale set apiVersion that has every property this resource uses (None:
    nothing here needs more than a plain version)."""
    need = None
    for path, minimum in PROPERTY_MIN_API:
        value = res.get(*path)
        if value is not None and not is_unknown(value) and (need is None or older_than(need, minimum)):
            need = minimum
    extra = []
    if res.get("properties", "orchestrationMode") is not None:
        extra.append("2020-12-01")
    mode = res.get("properties", "orchestrationMode")
    profile = res.get("properties", "virtualMachineProfile")
    if isinstance(mode, str) and mode.strip().lower() == "flexible" and profile is not None:
        extra.append("2021-03-01")
    if res.get(*_NETWORK_API_VERSION) == "2022-11-01":
        extra.append("2024-11-01")
    for minimum in extra:
        if need is None or older_than(need, minimum):
            need = minimum
    return need
