"""Upgrade policy checks: rolling upgrades, automatic OS image upgrades and enum ranges."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

from arm_orchlint.core.findings import Hit
from arm_orchlint.core.values import Unknown, is_unknown
from arm_orchlint.model.links import belongs_to
from arm_orchlint.model.numbers import arm_bool, integer
from arm_orchlint.model.resources import get_in
from arm_orchlint.model.scalesets import VMSS_EXTENSION
from arm_orchlint.rules.checks._common import ci_get, hit, is_flexible, is_managed_image, items, set_label
from arm_orchlint.rules.checks.extensions import service_fabric_extensions

_POLICY = ("properties", "upgradePolicy")
_AOSU = _POLICY + ("automaticOSUpgradePolicy", "enableAutomaticOSUpgrade")
_PROFILE = ("properties", "virtualMachineProfile")
_APP_HEALTH = {"applicationhealthlinux", "applicationhealthwindows"}


# -- health monitoring (ORCH501, ORCH504) ---------------------------------------------------
def _app_health_type(extension: Any) -> Any:
    """True / False for an extension object, Unknown when its type is not known."""
    kind = ci_get(ci_get(extension, "properties"), "type")
    if is_unknown(kind):
        return kind
    return isinstance(kind, str) and kind.lower() in _APP_HEALTH


def _profile_extension(profile: Any) -> Any:
    extensions = ci_get(ci_get(profile, "extensionProfile"), "extensions")
    if is_unknown(extensions):
        return extensions
    unknown = None
    for _, ext in items(extensions):
        found = _app_health_type(ext)
        if found is True:
            return True
        if is_unknown(found) or is_unknown(ext):
            unknown = Unknown("extension type")
    return unknown if unknown is not None else False


def _extension_resource(ss, model) -> Any:
    """An Application Health extension declared as a separate ``<set>/<extension>`` resource."""
    unknown = None
    for ext in model.of_type(VMSS_EXTENSION):
        kind = _app_health_type(ext.body)
        if kind is False:
            continue
        belongs = belongs_to(ext, ss.res)
        if belongs is True:
            if kind is True:
                return True
            unknown = Unknown("extension type")
        elif belongs is None:
            unknown = Unknown("extension name")
    return unknown if unknown is not None else False


def health_monitoring(ss, model) -> Any:
    """Whether the set's instances report health: True, False, or Unknown.

    Flexible sets only use the Application Health extension; Uniform sets may use a load
    balancer health probe instead.  A set without a VM profile has nothing to monitor, so
    the answer is Unknown (no finding)."""
    profile = ss.profile
    if profile is None or is_unknown(profile) or not isinstance(profile, dict):
        return Unknown("no VM profile")
    results = [_profile_extension(profile), _extension_resource(ss, model)]
    if not is_flexible(ss):
        probe = get_in(ss.network_profile, ("healthProbe",))
        results.append(probe if is_unknown(probe) else probe is not None)
    if any(r is True for r in results):
        return True
    if any(is_unknown(r) for r in results):
        return Unknown("health monitoring")
    return False


def _needs(ss) -> str:
    if is_flexible(ss):
        return "add the Application Health extension (ApplicationHealthLinux or ApplicationHealthWindows)"
    return "add a load balancer health probe (networkProfile.healthProbe) or the Application Health extension"


# -- ORCH501 ------------------------------------------------------------------------------
def rolling_upgrade_health_monitoring(ss, model) -> Iterator[Hit]:
    mode = get_in(ss.upgrade_policy, ("mode",))
    if not (isinstance(mode, str) and mode.lower() == "rolling") or ss.mode.current is None:
        return
    if health_monitoring(ss, model) is False:
        yield hit(
            ss.res,
            _POLICY + ("mode",),
            f"upgradePolicy.mode is '{mode}', but scale set {set_label(ss)} has no health monitoring for rolling "
            f"upgrades; {_needs(ss)}",
        )


# -- automatic OS upgrade (ORCH503..ORCH506) ------------------------------------------------
# (``ss.automatic_os_upgrade`` = arm_bool(ss.res.get(*_AOSU)) is True, kept per set: six rules read it)


def automatic_os_upgrade_image_version(ss, model) -> Iterator[Hit]:
    if not ss.automatic_os_upgrade:
        return
    image = get_in(ss.storage_profile, ("imageReference",))
    if not isinstance(image, dict):
        return
    # Custom and gallery images are upgraded by publishing a new gallery image version.
    if any(ci_get(image, k) is not None for k in ("id", "sharedGalleryImageId", "communityGalleryImageId")):
        return
    version = ci_get(image, "version")
    if isinstance(version, str) and version.lower() != "latest":
        yield hit(
            ss.res,
            _PROFILE + ("storageProfile", "imageReference", "version"),
            f"enableAutomaticOSUpgrade is true, but imageReference.version is pinned to '{version}'; "
            "automatic OS upgrades need version 'latest'",
        )


def automatic_os_upgrade_health(ss, model) -> Iterator[Hit]:
    """ORCH504.  Service Fabric node types are exempt: the automatic OS upgrade doc asks
    for a probe or the Application Health extension only on non-Service Fabric sets, and
    lists Service Fabric's own requirements instead (ORCH510; azure-facts RW-SF-AOSU)."""
    if ss.automatic_os_upgrade and not service_fabric_extensions(ss, model) and health_monitoring(ss, model) is False:
        yield hit(
            ss.res,
            _AOSU,
            f"enableAutomaticOSUpgrade is true, but scale set {set_label(ss)} has no health monitoring; {_needs(ss)}",
        )


def automatic_os_upgrade_windows_updates(ss, model) -> Iterator[Hit]:
    path = _PROFILE + ("osProfile", "windowsConfiguration", "enableAutomaticUpdates")
    if ss.automatic_os_upgrade and arm_bool(ss.in_profile(*path[2:])) is True:
        yield hit(
            ss.res,
            path,
            "enableAutomaticUpdates is true while enableAutomaticOSUpgrade is true; "
            "Windows Update must be off (false) when the platform upgrades the OS image",
        )


def automatic_os_upgrade_patch_mode(ss, model) -> Iterator[Hit]:
    if not ss.automatic_os_upgrade:
        return
    for os_config in ("windowsConfiguration", "linuxConfiguration"):
        path = _PROFILE + ("osProfile", os_config, "patchSettings", "patchMode")
        mode = ss.in_profile(*path[2:])
        if isinstance(mode, str) and mode.lower() == "automaticbyplatform":
            yield hit(
                ss.res,
                path,
                f"patchMode is '{mode}' while enableAutomaticOSUpgrade is true; platform patching and automatic "
                "OS image upgrades exclude each other: use another patchMode or turn automatic OS upgrades off",
            )


def automatic_os_upgrade_managed_image(ss, model) -> Iterator[Hit]:
    """ORCH508: a custom image is upgraded automatically only through an Azure Compute
    Gallery; a managed image (Microsoft.Compute/images) gets no new versions to roll out."""
    path = _PROFILE + ("storageProfile", "imageReference", "id")
    if ss.automatic_os_upgrade and is_managed_image(ss.in_profile(*path[2:])):
        yield hit(
            ss.res,
            path,
            "enableAutomaticOSUpgrade is true, but imageReference.id is a managed image (Microsoft.Compute/images); "
            "automatic OS upgrades support custom images only through an Azure Compute Gallery: publish the image "
            "to a gallery and reference its image definition",
        )


_DURABLE = {"silver", "gold"}


def automatic_os_upgrade_service_fabric(ss, model) -> Iterator[Hit]:
    """ORCH510: Service Fabric node types upgrade their OS image automatically only with
    durability Silver or Gold and extension handler version 1.1 or later."""
    if not ss.automatic_os_upgrade:
        return
    for ext in service_fabric_extensions(ss, model):
        level = ext.setting("durabilityLevel")
        if isinstance(level, str) and level.strip().lower() not in _DURABLE:
            yield hit(
                ext.res,
                ext.path + ("properties", "settings", "durabilityLevel"),
                f"enableAutomaticOSUpgrade is true, but the Service Fabric extension has durabilityLevel '{level}'; "
                "automatic OS image upgrades of a Service Fabric node type need durability Silver or Gold",
            )
        version = ci_get(ci_get(ext.body, "properties"), "typeHandlerVersion")
        numbers = _version_numbers(version)
        if numbers is not None and numbers < (1, 1):
            yield hit(
                ext.res,
                ext.path + ("properties", "typeHandlerVersion"),
                f"enableAutomaticOSUpgrade is true, but the Service Fabric extension has typeHandlerVersion "
                f"'{version}'; automatic OS image upgrades need version 1.1 or later",
            )


def _version_numbers(value: Any) -> tuple | None:
    """'1.0' -> (1, 0); None for anything that is not a dotted number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    parts = value.strip().split(".")
    if not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


# -- ORCH509 ------------------------------------------------------------------------------
def automatic_repairs_health(ss, model) -> Iterator[Hit]:
    """Automatic instance repairs act on unhealthy instances, so they need the health
    signal: the Application Health extension (or, on Uniform, a load balancer probe)."""
    path = ("properties", "automaticRepairsPolicy", "enabled")
    if ss.prop(*path[1:]) is True and health_monitoring(ss, model) is False:
        yield hit(
            ss.res,
            path,
            f"automaticRepairsPolicy.enabled is true, but scale set {set_label(ss)} has no health monitoring, and "
            f"Azure refuses automatic repairs without it; {_needs(ss)}",
        )


# -- ORCH507 ------------------------------------------------------------------------------
_UPGRADE_MODES = {"automatic", "manual", "rolling"}
_SCALE_IN_RULES = {"default", "newestvm", "oldestvm"}
_PERCENTS = (
    ("maxBatchInstancePercent", 5),
    ("maxUnhealthyInstancePercent", 5),
    ("maxUnhealthyUpgradedInstancePercent", 0),
)


def upgrade_policy_values(ss, model) -> Iterator[Hit]:
    res = ss.res
    policy = ss.upgrade_policy
    if policy is not None:  # (absent: no mode, no rolling policy)
        mode = get_in(policy, ("mode",))
        if isinstance(mode, str) and mode.lower() not in _UPGRADE_MODES:
            yield hit(res, _POLICY + ("mode",), f"upgradePolicy.mode is '{mode}'; use Automatic, Manual or Rolling")
        rolling = get_in(policy, ("rollingUpgradePolicy",))
        # only an object has members that can be integers (an Unknown's are Unknown)
        for key, low in _PERCENTS if isinstance(rolling, dict) else ():
            value = ci_get(rolling, key)
            if integer(value) is not None and not low <= value <= 100:
                yield hit(
                    res,
                    _POLICY + ("rollingUpgradePolicy", key),
                    f"rollingUpgradePolicy.{key} is {value}; it must be between {low} and 100",
                )
    for i, rule in items(ss.prop("scaleInPolicy", "rules")):
        if isinstance(rule, str) and rule.lower() not in _SCALE_IN_RULES:
            yield hit(
                res,
                ("properties", "scaleInPolicy", "rules", i),
                f"scale-in rule '{rule}' is not valid; use Default, NewestVM or OldestVM",
            )
