"""The parameter values a deployment passes to its nested template.

Its own module (no evaluator imports), so that the template context can build a nested
template's context without an import cycle."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.keys import get_ci
from arm_orchlint.core.values import Unknown
from arm_orchlint.front.document import Document


class GivenValues(dict):
    """``parameter_values`` already in the form a TemplateContext keeps them (its ``given``):
    lower-case name -> (value, document, pointer), a PassedEntry as (it, None, ()).  The
    values evaluation/deferred.py plans for a nested template are made so, once per name
    in the plan instead of once per name in every context."""

    __slots__ = ()


class Passed:
    """A value a deployment passes to its nested template: ``raw`` (written at ``at``)
    evaluated in ``frame``, the deployment's.  ``get()`` gives the value; a deferred one
    (``compute`` set, see evaluation/deferred.py) is evaluated when the template first
    reads it.  The source is kept so that an allowedValues trial can tell a value it
    passes from the plain run's by what it reads (evaluation/reuse.py)."""

    __slots__ = ("raw", "frame", "at", "compute", "value")

    def __init__(self, raw: Any, frame: Any, at: tuple, compute: Any = None, value: Any = None):
        self.raw = raw
        self.frame = frame
        self.at = at
        self.compute = compute  # compute(self) -> the value; None once evaluated
        self.value = value

    @property
    def done(self) -> bool:
        return self.compute is None

    def get(self) -> Any:
        compute = self.compute
        if compute is not None:
            self.value = compute(self)
            self.compute = None
        return self.value


class PassedEntry(Passed):
    """A whole member of ``properties.parameters`` written as one expression (Bicep writes
    ``[if(c, createObject('value', a), createObject('value', b))]``), evaluated on first
    read; ``entry()`` gives its ``parameter_values`` entry, (value, doc, pointer), as
    ``passed_entry`` makes it from the evaluated member.  It stands in ``parameter_values``
    for the whole entry."""

    __slots__ = ("name", "doc", "where")

    def __init__(self, raw: Any, frame: Any, at: tuple, compute: Any, name: Any, doc: Document, where: tuple):
        super().__init__(raw, frame, at, compute)
        self.name = name
        self.doc = doc
        self.where = where

    def entry(self) -> tuple:
        return passed_entry(self.name, self.get(), self.doc, self.where)


def nested_values(passed: dict | None, evaluated_props: Any, doc: Document, pointer: tuple, template: Any) -> dict:
    """The ``parameter_values`` for the nested ``template`` of the deployment at ``pointer``:
    ``passed`` when given (the values evaluation/deferred.py planned), else those of the
    deployment's evaluated ``properties``."""
    if passed is not None:
        return passed
    return deployment_parameter_values(
        get_ci(evaluated_props, "parameters"),
        doc,
        tuple(pointer) + ("properties", "parameters"),
        get_ci(template, "parameters"),
    )


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
        values[name] = passed_entry(name, entry, doc, pointer + (name,))
    return values


def passed_entry(name: Any, entry: Any, doc: Document, where: tuple) -> tuple:
    """The ``parameter_values`` entry for one evaluated member ``entry`` of
    ``properties.parameters`` (written at ``where``): (value, doc, pointer of the value)."""
    if isinstance(entry, dict) and "value" in entry:
        return (entry["value"], doc, where + ("value",))
    if isinstance(entry, dict) and "reference" in entry:
        return (
            Unknown(f"parameter '{name}' comes from a Key Vault reference", frozenset({name})),
            doc,
            where + ("reference",),
        )
    if isinstance(entry, Unknown):
        return (Unknown(entry.reason, entry.params | {name}), doc, where)
    return (Unknown(f"the value passed for parameter '{name}' is not known", frozenset({name})), doc, where)
