"""Autoscale settings (``Microsoft.Insights/autoscaleSettings``) that target a scale set."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterator

from arm_orchlint.core.findings import Hit
from arm_orchlint.model.ids import parse_resource_id
from arm_orchlint.model.numbers import arm_int
from arm_orchlint.model.scalesets import VMSS
from arm_orchlint.rules.checks._common import ci_get, hit, items, set_label, spelled

_TARGET = ("properties", "targetResourceUri")
_PROFILES = ("properties", "profiles")
MAX_PROFILES = 20
MAX_RULES = 10


def _related_set(ss, path: tuple, text: str) -> list:
    return [(ss.res.doc, tuple(ss.res.pointer) + spelled(ss.res.body, path), text)]


# -- ORCH701 ------------------------------------------------------------------------------
def autoscale_profileless_flexible(setting, model) -> Iterator[Hit]:
    ss = model.autoscale_target(setting)
    if ss is None or ss.mode.current != "Flexible" or ss.has_profile:
        return
    yield hit(
        setting,
        _TARGET,
        f"the autoscale setting targets Flexible scale set {set_label(ss)}, which has no virtualMachineProfile, "
        "so it cannot create instances; add a virtualMachineProfile or drop the autoscale setting",
        related=_related_set(ss, ("properties",), f"scale set {set_label(ss)}"),
    )


# -- ORCH702 ------------------------------------------------------------------------------
def instance_cap(ss) -> tuple[int, str] | None:
    """The most instances the set may hold, with the reason; None when not known."""
    if ss.mode.current == "Flexible":
        return 1000, "a Flexible scale set holds at most 1000 instances"
    if ss.mode.current == "Uniform":
        spg = ss.effective_single_placement_group()
        if spg is True:
            return 100, "a Uniform scale set with a single placement group holds at most 100 instances"
        if spg is False:
            return 1000, "a Uniform scale set holds at most 1000 instances"
    return None


def autoscale_maximum_above_cap(setting, model) -> Iterator[Hit]:
    ss = model.autoscale_target(setting)
    cap = instance_cap(ss) if ss is not None else None
    if cap is None:
        return
    limit, why = cap
    for i, profile in items(setting.get(*_PROFILES)):
        maximum = arm_int(ci_get(ci_get(profile, "capacity"), "maximum"))
        if isinstance(maximum, int) and not isinstance(maximum, bool) and maximum > limit:
            yield hit(
                setting,
                _PROFILES + (i, "capacity", "maximum"),
                f"capacity.maximum is {maximum}, but {why} ({set_label(ss)}); lower the maximum to {limit}"
                + (" or set singlePlacementGroup to false" if limit == 100 else ""),
            )


# -- ORCH703 ------------------------------------------------------------------------------
def autoscale_limits(setting, model) -> Iterator[Hit]:
    profiles = setting.get(*_PROFILES)
    if isinstance(profiles, list) and len(profiles) > MAX_PROFILES:
        yield hit(
            setting, _PROFILES, f"the setting has {len(profiles)} profiles; autoscale allows at most {MAX_PROFILES}"
        )
    for i, profile in items(profiles):
        rules = ci_get(profile, "rules")
        if isinstance(rules, list) and len(rules) > MAX_RULES:
            yield hit(
                setting,
                _PROFILES + (i, "rules"),
                f"profile {i} has {len(rules)} rules; autoscale allows at most {MAX_RULES} per profile",
            )


# -- ORCH704 ------------------------------------------------------------------------------
def _targets_scale_set(setting, model) -> bool:
    if model.autoscale_target(setting) is not None:
        return True
    parts = parse_resource_id(setting.get(*_TARGET))
    return bool(parts) and isinstance(parts.get("type"), str) and parts["type"].lower() == VMSS


def autoscale_enabled_not_set(setting, model) -> Iterator[Hit]:
    if setting.get("properties", "enabled") is None and _targets_scale_set(setting, model):
        yield hit(
            setting,
            ("properties",),
            "properties.enabled is not set and defaults to false, so this autoscale setting does nothing; "
            'add "enabled": true',
        )
