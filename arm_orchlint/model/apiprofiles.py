"""Azure Stack API profiles: the API version a resource without ``apiVersion`` gets from the
template's top-level ``apiProfile``.

Only the profiles whose definitions could be sourced are shipped, and of those only the
resource types the rules read.  Source: ``Azure/azure-rest-api-specs``, ``profiles/
2017-03-09-profile.md``, ``profiles/2018-03-01-hybrid.md`` and ``profiles/2019-03-01-hybrid.md``
(autorest profile definitions for Azure Stack; the ARM template ``apiProfile`` names the same
profiles).  A profile not listed here (for example 2020-09-01-hybrid) leaves the version
unknown, and the linter says so (ORCH915).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

_COMPUTE = (
    "microsoft.compute/virtualmachinescalesets",
    "microsoft.compute/virtualmachinescalesets/extensions",
    "microsoft.compute/virtualmachinescalesets/virtualmachines",
    "microsoft.compute/virtualmachines",
    "microsoft.compute/virtualmachines/extensions",
    "microsoft.compute/availabilitysets",
)
_NETWORK = (
    "microsoft.network/loadbalancers",
    "microsoft.network/networkinterfaces",
    "microsoft.network/virtualnetworks",
)


def _profile(compute: str, network: str, resources: str) -> dict[str, str]:
    found = {t: compute for t in _COMPUTE}
    found.update({t: network for t in _NETWORK})
    found["microsoft.resources/deployments"] = resources
    return found


#: profile (lower case) -> resource type (lower case) -> API version
PROFILES: dict[str, dict[str, str]] = {
    "2017-03-09-profile": _profile("2016-03-30", "2015-06-15", "2016-02-01"),
    "2018-03-01-hybrid": _profile("2017-03-30", "2017-10-01", "2018-02-01"),
    "2019-03-01-hybrid": _profile("2017-12-01", "2017-10-01", "2018-05-01"),
}

#: resource types whose unknown API version is worth a note (the rules read them)
NOTED_TYPES = frozenset(_COMPUTE[:4]) | {"microsoft.insights/autoscalesettings", "microsoft.network/loadbalancers"}


def profile_api_version(profile: Any, type_lower: str) -> str | None:
    """The API version ``profile`` gives ``type_lower``, or None when it is not known."""
    if not isinstance(profile, str):
        return None
    return PROFILES.get(profile.strip().lower(), {}).get(type_lower)
