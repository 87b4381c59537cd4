"""The parameter values a deployment passes to its nested template.

Its own module (no evaluator imports), so that the template context can build a nested
template's context without an import cycle."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown
from arm_orchlint.front.document import Document


def deployment_parameter_values(evaluated: Any, doc: Document, pointer: tuple, declared: Any = None) -> dict:
    """The ``parameter_values`` for a nested template from its deployment's evaluated
    ``properties.parameters``: name -> (value, doc, pointer of the value).  ``declared``
    is the nested template's ``parameters`` section."""
    values: dict = {}
    if isinstance(evaluated, Unknown):
        # the whole parameters object is an unknown expression: no value can be trusted
        for name in declared or ():
            values[name] = (Unknown(evaluated.reason, evaluated.params | {name}), doc, pointer)
        return values
    if not isinstance(evaluated, dict):
        return values
    for name, entry in evaluated.items():
        where = pointer + (name,)
        if isinstance(entry, dict) and "value" in entry:
            values[name] = (entry["value"], doc, where + ("value",))
        elif isinstance(entry, dict) and "reference" in entry:
            values[name] = (
                Unknown(f"parameter '{name}' comes from a Key Vault reference", frozenset({name})),
                doc,
                where + ("reference",),
            )
        elif isinstance(entry, Unknown):
            values[name] = (Unknown(entry.reason, entry.params | {name}), doc, where)
        else:
            values[name] = (
                Unknown(f"the value passed for parameter '{name}' is not known", frozenset({name})),
                doc,
                where,
            )
    return values
