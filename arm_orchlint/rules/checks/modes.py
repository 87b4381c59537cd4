"""Checks on the orchestration mode value itself and on API versions."""

from __future__ import annotations

from functools import lru_cache

from arm_orchlint.core.findings import Hit
from arm_orchlint.core.values import Unknown, is_unknown
from arm_orchlint.model import apiversions
from arm_orchlint.model.resources import get_in
from arm_orchlint.model.scalesets import PREVIEW_TO_CURRENT

_MODE = ("properties", "orchestrationMode")
_PROFILE = ("properties", "virtualMachineProfile")


def preview_mode_name(ss, model):
    preview = ss.mode.preview
    if preview:
        yield Hit(
            ss.res,
            _MODE,
            f"orchestrationMode '{ss.mode.value}' is a 2019 preview name that Azure never accepted; use '{PREVIEW_TO_CURRENT[preview]}'",
        )


def _suggest(value: str) -> str:
    """A guess at what was meant, for the message."""
    low = value.strip().lower()
    if low.startswith("flex"):
        return "did you mean 'Flexible'?"
    if low.startswith("uni"):
        return "did you mean 'Uniform'?"
    return "use 'Uniform' or 'Flexible'"


def unknown_mode_value(ss, model):
    """ORCH001: a literal mode string that is neither a current nor a 2019 preview name."""
    value = ss.mode.value
    if not isinstance(value, str) or ss.mode.how not in ("literal", "parameter"):
        return
    if ss.mode.current or ss.mode.preview:
        return
    yield Hit(
        ss.res,
        _MODE,
        f"orchestrationMode is '{value}', which is not an orchestration mode Azure accepts; {_suggest(value)}",
    )


def _plain_api(res) -> str | None:
    """The resource apiVersion when it is a literal version with a date, else None."""
    api = res.api_version
    return api if isinstance(api, str) and apiversions.api_date(api) is not None else None


@lru_cache(maxsize=4096)  # (thousands of sets share a few versions)
def _is_release(api: str) -> bool:
    return "preview" not in api.lower()


@lru_cache(maxsize=4096)  # (asked for every set, of a few distinct versions)
def _release_older_than(api: str, minimum: str) -> bool:
    """``api`` (a resource's apiVersion, a str) is a literal version with a date, not a
    preview (which may carry a property before the GA version that introduced it), and
    older than ``minimum``.  Azure Stack ``-hybrid`` versions keep their base version's
    shape (the observed 'Could not find member orchestrationMode' came from 2019-03-01-hybrid)."""
    return apiversions.api_date(api) is not None and _is_release(api) and apiversions.older_than(api, minimum)


def mode_api_version(ss, model):
    """ORCH003: orchestrationMode does not exist before API 2020-12-01."""
    value = ss.prop("orchestrationMode")
    if value is None or isinstance(value, Unknown):  # (is_unknown, without a call: asked for every set)
        return
    api = ss.res.api_version
    if isinstance(api, str) and _release_older_than(api, "2020-12-01"):
        yield Hit(
            ss.res,
            _MODE,
            f"orchestrationMode needs apiVersion 2020-12-01 or later, but this scale set uses {api}; raise the apiVersion",
        )


def flexible_profile_api_version(ss, model):
    """ORCH004: a Flexible set may carry a VM profile only from API 2021-03-01."""
    if not ss.has_profile or isinstance(ss.profile, Unknown):
        return
    api = ss.res.api_version
    if isinstance(api, str) and _release_older_than(api, "2021-03-01"):
        yield Hit(
            ss.res,
            _PROFILE,
            f"a Flexible scale set accepts virtualMachineProfile only from apiVersion 2021-03-01, but this one uses {api}; raise the apiVersion",
        )


def _scales_existing_set(ss) -> bool:
    return ss.updates_existing


def mode_not_set(ss, model):
    """ORCH005: say how a scale set without orchestrationMode is read, where that informs.

    Before API 2020-12-01 the property does not exist, so a set with a VM profile is Uniform
    by definition and advice to set the mode would be rejected by ARM: nothing is said."""
    if _scales_existing_set(ss):
        return
    how = ss.mode.how
    if how == "assumed":
        if apiversions.older_than(ss.res.api_version, "2020-12-01"):
            return
        yield Hit(
            ss.res,
            ("properties",),
            "orchestrationMode is not set; the scale set has a virtualMachineProfile and is evaluated as Uniform (ARM's default is not documented); set orchestrationMode explicitly",
        )
    elif how == "legacy":
        yield Hit(
            ss.res,
            ("properties",),
            f"orchestrationMode is not set; with no virtualMachineProfile on apiVersion {ss.res.api_version} this is read as the legacy form of a Flexible scale set",
        )
    elif how == "joined":
        count = len(model.vms_joining(ss))
        vms = "a VM joins it" if count == 1 else f"{count} VMs join it"
        yield Hit(
            ss.res,
            ("properties",),
            f"orchestrationMode is not set and there is no virtualMachineProfile, but {vms}, and only Flexible scale sets accept joining VMs: the set is evaluated as Flexible",
        )


def mode_ambiguous(ss, model):
    """ORCH006: no mode, no profile, modern API: Azure's choice is not documented."""
    if ss.mode.how == "ambiguous" and not _scales_existing_set(ss) and _plain_api(ss.res):
        yield Hit(
            ss.res,
            ("properties",),
            f"orchestrationMode is not set and there is no virtualMachineProfile on apiVersion {ss.res.api_version}; the mode Azure picks is not documented, so set orchestrationMode to 'Flexible' (or 'Uniform') explicitly",
        )


_NAV = ("properties", "virtualMachineProfile", "networkProfile", "networkApiVersion")


@lru_cache(maxsize=4096)
def _property_checks(api: str) -> tuple | None:
    """None when ORCH007 does not compare against ``api``: only a GA version with a date is
    (suffixed versions, -preview and -hybrid, are skipped: previews and Azure Stack profiles
    do not follow the GA dates); else (the PROPERTY_MIN_API entries it is older than, in
    order; whether networkApiVersion '2022-11-01' is too new for it).  Kept per version:
    thousands of sets share a few."""
    if apiversions.api_date(api) is None or api.strip() != api.strip()[:10]:
        return None
    too_new = tuple((p, m) for p, m in apiversions.PROPERTY_MIN_API if apiversions.older_than(api, m))
    nav = apiversions.at_least(api, "2021-03-01") and apiversions.older_than(api, "2024-11-01")
    return too_new, nav


def property_api_version(ss, model):
    """ORCH007: a property the scale set's apiVersion does not know yet."""
    api = ss.res.api_version
    checks = _property_checks(api) if isinstance(api, str) else None
    if checks is None:
        return
    too_new, nav_too_new = checks
    # Only the properties this version is too old for are read (usually none).
    for path, minimum in too_new:
        value = ss.res.get(*path)
        if value is None or is_unknown(value):
            continue
        name = ".".join(path[1:] if path[0] == "properties" else path)
        yield Hit(
            ss.res,
            path,
            f"{name} needs apiVersion {minimum} or later, but this scale set uses {api}; raise the apiVersion or remove the property",
        )
    if not nav_too_new:
        return
    nav = get_in(ss.network_profile, ("networkApiVersion",))  # = ss.res.get(*_NAV)
    if nav == "2022-11-01":
        yield Hit(
            ss.res,
            _NAV,
            f"networkApiVersion '2022-11-01' needs apiVersion 2024-11-01 or later, but this scale set uses {api}; use '2020-11-01' or raise the apiVersion",
        )


# -- fixes -------------------------------------------------------------------------------------


def fix_preview_mode_name(hit, model, spec):
    """ORCH002: 'ScaleSetVM' was Uniform by another name (safe); 'VM' mode becomes
    Flexible, which today accepts more than the preview did (unsafe: a choice)."""
    from arm_orchlint.rules.fixes import Change, Plan

    value = hit.resource.get(*_MODE)
    if not isinstance(value, str) or value.strip() not in PREVIEW_TO_CURRENT:
        return None
    today = PREVIEW_TO_CURRENT[value.strip()]
    return Plan(f"Set orchestrationMode to '{today}'", today == "Uniform", [Change("set", hit.resource, _MODE, today)])


def fix_mode_typo(hit, model, spec):
    """ORCH001: a value that starts like one of the modes ('Flex', 'uniformm')."""
    from arm_orchlint.rules.fixes import Change, Plan

    value = hit.resource.get(*_MODE)
    if not isinstance(value, str):
        return None
    low = value.strip().lower()
    meant = "Flexible" if low.startswith("flex") else "Uniform" if low.startswith("uni") else None
    if meant is None:
        return None
    return Plan(f"Set orchestrationMode to '{meant}'", False, [Change("set", hit.resource, _MODE, meant)])


def fix_api_version(hit, model, spec):
    """ORCH003, ORCH004, ORCH007: the apiVersion becomes the oldest one that has all the
    properties used (unsafe: a newer API version may change other defaults)."""
    from arm_orchlint.rules.fixes import Change, Plan

    res = hit.resource
    api = _plain_api(res)
    need = apiversions.needed_api_version(res)
    if api is None or need is None or not apiversions.older_than(api, need):
        return None
    return Plan(f"Set apiVersion to {need}", False, [Change("api", res, (), need)])
