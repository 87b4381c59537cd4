"""What a rule's fix changes, said in terms of the deployment model.

A rule declares its fix in its catalog entry: ``{"set": V}`` (set the reported property
to V), ``{"remove": true}`` (remove the reported property), or ``{"python":
"module:function"}`` for anything else, a function beside the check that returns a
``Plan``.  Plans name resources and property paths; ``lint/fixes.py`` turns them into text
edits, and decides whether the value may be edited where it is written at all.
"""

from __future__ import annotations

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any


@dataclass
class Change:
    """One change to one resource; ``path`` is relative to the resource object.

    ``kind``: "set" (replace the value at ``path``), "remove" (the member at ``path``),
    "add" (member ``key`` with ``value`` into the object at ``path``; it must be absent)
    or "api" (the resource's apiVersion becomes ``value``)."""

    kind: str
    resource: Any
    path: tuple = ()
    value: Any = None
    key: str | None = None


@dataclass
class Plan:
    title: str
    safe: bool
    changes: list[Change] = field(default_factory=list)


def plan_for(rule, hit, model) -> Plan | None:
    """The rule's fix for one hit, or None (no fix declared, or none fits this hit)."""
    spec = rule.fix
    if not spec:
        return None
    if "python" in spec:
        return rule.fix_function()(hit, model, spec)
    if "set" in spec:
        return Plan(spec["title"], spec["safe"], [Change("set", hit.resource, tuple(hit.path), spec["set"])])
    if spec.get("remove") is True:
        return Plan(spec["title"], spec["safe"], [Change("remove", hit.resource, tuple(hit.path))])
    return None
