"""Running a rule: which resources its check receives, and what happens when it fails.

A check sees the resources of its catalog ``resource`` type (scale sets as ``ScaleSet``
views).  A check that meets an Unknown in a truth test (``UnknownTruth``) cannot decide for
that resource: no hit, no error.  Any other exception is handed to ``on_error`` with the
rule and the resource, so that one broken check never hides the others' findings.
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
from arm_orchlint.model.scalesets import VMSS, Model
from arm_orchlint.rules.declarative import run_declarative


def wanted_type(rule: Rule) -> str:
    return (rule.resource or VMSS).lower()


def hits(rule: Rule, model: Model, on_error: OnError) -> Iterator[Hit]:
    """The hits of one (single-version) rule on a model."""
    if rule.is_declarative:
        try:
            yield from run_declarative(model, rule)
        except TypeError:
            return
        return
    func = rule.function()
    wanted = wanted_type(rule)
    subjects: list[Any] = model.scale_sets if wanted == VMSS else model.of_type(wanted)
    for subject in subjects:
        try:
            yield from (func(subject, model) or ())
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
