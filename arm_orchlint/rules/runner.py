"""Running a rule: which resources its check receives, and what happens when it fails.

Dispatch comes from the rule's catalog entry, so that the catalog and the checks cannot
drift apart:

* a check sees the deployed resources of its catalog ``resource`` type (scale sets as
  ``ScaleSet`` views);
* a scale-set rule sees only the sets whose resolved mode (``ScaleSet.resolved_mode``) is one of its
  catalog ``modes`` ("any": every set, whatever its mode, known or not).  For rules on other
  types (VMs, autoscale settings) ``modes`` names the mode of the set they relate to; the
  check finds that set itself.

A check that meets an Unknown (``UnknownTruth``) cannot decide for that resource: no hit, no
error.  Any other exception is handed to ``on_error`` with the rule and the resource, so that
one broken check never hides the others' findings.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from arm_orchlint.core.findings import Hit
    from arm_orchlint.model.pairing import Pairing
    from arm_orchlint.rules.registry import Rule

    OnError = Callable[[Rule, Any, Exception], None]

from arm_orchlint.core.findings import Hit
from arm_orchlint.core.values import UnknownTruth
from arm_orchlint.model.scalesets import VMSS, Model, ScaleSet
from arm_orchlint.rules.declarative import declarative_check


def wanted_type(rule: Rule) -> str:
    return (rule.resource or VMSS).lower()


def scale_sets_for(rule: Rule, model: Model) -> list[ScaleSet]:
    """The scale sets a scale-set rule applies to, by its catalog ``modes``: those whose
    resolved mode is listed.  A set whose mode is not known is only given to rules that
    hold in both of today's modes (whatever it deploys as, they apply): unknown is not wrong."""
    modes = rule.modes
    if "any" in modes:
        return model.scale_sets
    key = ("scale-sets-for-modes", tuple(modes))  # every rule with these modes gets the same list
    found = model.memo.get(key)
    if found is None:
        both = "Uniform" in modes and "Flexible" in modes
        found = model.memo[key] = [
            ss for ss, mode in zip(model.scale_sets, _resolved_modes(model)) if mode in modes or (mode is None and both)
        ]
    return found


def _resolved_modes(model: Model) -> list:
    """Each scale set's ``resolved_mode``, in order: read once for the few lists of modes."""
    found = model.memo.get("resolved-modes")
    if found is None:
        found = model.memo["resolved-modes"] = [ss.resolved_mode for ss in model.scale_sets]
    return found


def subjects_for(rule: Rule, model: Model) -> list:
    wanted = wanted_type(rule)
    return scale_sets_for(rule, model) if wanted == VMSS else model.of_type(wanted)


def subjects_key(rule: Rule) -> tuple:
    """What a rule's subjects on any model depend on (its type, and a scale-set rule's modes):
    rules with equal keys get the same list from ``subjects_for``."""
    wanted = wanted_type(rule)
    if wanted != VMSS:
        return (wanted,)
    return (VMSS, "any") if "any" in rule.modes else (VMSS, tuple(rule.modes))


def plan(rules: list[Rule]) -> list[tuple[Rule, tuple, bool]]:
    """Each rule with its ``subjects_key`` and whether it is declarative, in order: what
    ``run_rules`` dispatches on, worked out once for the run instead of per rule and model."""
    return [(rule, subjects_key(rule), rule.is_declarative) for rule in rules]


def hits_on(
    rule: Rule, subjects: list, model: Model, on_error: OnError, declarative: bool | None = None
) -> Iterator[Hit]:
    """The hits of one (single-version) rule on its ``subjects`` (``subjects_for``) in a model.
    ``declarative``: ``rule.is_declarative``, when the caller knows it (``plan``)."""
    # (this loop runs once per rule and resource: a plain for loop over the check's hits costs
    # less than ``yield from``, and a declarative rule's check is made once for all its resources)
    if declarative is None:
        declarative = rule.is_declarative
    check = declarative_check(rule) if declarative else rule.function()
    for subject in subjects:
        try:
            for hit in check(subject, model) or ():  # noqa: UP028 - cheaper than yield from (see above)
                yield hit
        except UnknownTruth:
            continue
        except Exception as exc:  # a bug must not hide the other findings
            on_error(rule, subject, exc)


def diff_hits(rule: Rule, pairing: Pairing, on_error: OnError) -> Iterator[Hit]:
    """The hits of one diff rule on a pairing of two versions, on resources of the new one."""
    func = rule.function()
    wanted = wanted_type(rule)
    pairs = pairing.scale_sets() if wanted == VMSS else pairing.of_type(wanted)
    in_new = {id(r) for r in pairing.new.all}
    for old, new in pairs:
        try:
            found = list(func(old, new, pairing) or ())
        except UnknownTruth:  # nothing to decide
            continue
        except Exception as exc:  # a bug must not hide the other findings
            on_error(rule, new or old, exc)
            continue
        for hit in found:
            if isinstance(hit, Hit) and id(hit.resource) in in_new:
                yield hit
