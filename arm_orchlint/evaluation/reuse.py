"""Reusing the plain run's evaluation in allowedValues trials.

An allowedValues trial (lint/explore.py, lint/allowed_values.py) expands the template
again with a few parameters set to one of their allowed values.  Most of a template does
not read those parameters, and evaluating it again gives the same values: in the corpus
that was nine tenths of every trial's time.

``Recorder`` is given to the plain run's ``expand()``: it remembers the resources that
are evaluated in the root template's own context (its resources, their children, and the
resources of outer-scope nested templates).  A trial's ``expand()`` gets
``recorder.for_trial(names)``: a resource of a top-level entry that cannot read any of
the tried parameters takes the body and name the plain run evaluated (and the parameter
reads recorded with them) instead of evaluating them again.  Everything else -- the
walk, conditions, copy counts, nested templates' own contexts -- is done as before, so a
trial sees the same resources in the same order.

"Cannot read" is decided on the text, conservatively: an entry is reused only when none of
its strings names a tried parameter, or a variable or parameter default that does (through
any number of others), and none calls ``reference()``, ``references()`` or
``resourceInfo()`` (values of other resources, which the text does not show) or names a
parameter or variable by a computed name.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

    from arm_orchlint.evaluation.context import Budget, TemplateContext
    from arm_orchlint.front.document import Document
    from arm_orchlint.model.resources import Resource

from arm_orchlint.core.keys import get_ci, key_of
from arm_orchlint.evaluation.expand import DEPLOYMENTS_TYPE
from arm_orchlint.model.resources import Lazy

_NAMED = re.compile(r"\b(parameters|variables)\s*\(\s*'((?:[^']|'')*)'\s*\)", re.I)
_ANY_NAMED = re.compile(r"\b(?:parameters|variables)\s*\(", re.I)
_ELSEWHERE = re.compile(r"\b(?:reference|references|resourceinfo)\s*\(", re.I)

_HAZARD = "*"  # in a reference set: reads something the text does not name


def _references(value: Any) -> frozenset:
    """What the expressions inside ``value`` read in the template's own context: ('p',
    name) and ('v', name) in lower case, and ``_HAZARD`` for anything else that could
    depend on other values.  The template of an inner-scoped nested deployment is left
    out: it is evaluated in its own context, from the parameters the deployment passes."""
    found: set = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if type(node) is str:
            if node[:1] != "[" or "(" not in node:
                continue
            named = _NAMED.findall(node)
            if len(named) != len(_ANY_NAMED.findall(node)) or _ELSEWHERE.search(node):
                found.add(_HAZARD)
            for kind, name in named:
                found.add((kind[0].lower(), name.replace("''", "'").lower()))
        elif isinstance(node, dict):
            stack.extend(node.keys())
            inner = _inner_template(node)
            stack.extend(node.values() if inner is None else (v for v in node.values() if v is not inner[0]))
            if inner is not None:
                stack.extend(v for k, v in inner[0].items() if k != inner[1])
        elif isinstance(node, list):
            stack.extend(node)
    return frozenset(found)


def _inner_template(node: dict) -> tuple | None:
    """(properties, template key) of a nested deployment whose template is inner-scoped
    (as evaluation/expand.py decides it, on the text), else None."""
    rtype = get_ci(node, "type")
    if not isinstance(rtype, str) or rtype.lower() != DEPLOYMENTS_TYPE:
        return None
    properties = get_ci(node, "properties")
    template_key = key_of(properties, "template")
    if template_key is None:
        return None
    mode = get_ci(get_ci(properties, "expressionEvaluationOptions"), "scope", "outer")
    if not (isinstance(mode, str) and mode.lower() == "inner"):
        return None
    return properties, template_key


class _Template:
    """The reference sets of the root template, computed once per file."""

    def __init__(self, data: dict):
        self.params: dict[str, frozenset] = {}  # lower name -> what its default reads
        self.variables: dict[str, frozenset] = {}
        self.entries: dict[Any, frozenset] = {}  # key in ``resources`` -> what the entry reads
        params = get_ci(data, "parameters")
        for name, spec in params.items() if isinstance(params, dict) else ():
            default = get_ci(spec, "defaultValue") if isinstance(spec, dict) else None
            self.params[str(name).lower()] = _references(default)
        variables = get_ci(data, "variables")
        for name, raw in variables.items() if isinstance(variables, dict) else ():
            if str(name).lower() == "copy" and isinstance(raw, list):
                for spec in raw:
                    if isinstance(spec, dict) and isinstance(spec.get("name"), str):
                        self.variables[spec["name"].lower()] = _references(spec)
                continue
            self.variables[str(name).lower()] = _references(raw)
        # user-defined functions may read variables (the evaluator lets them): any call
        # could then read anything
        in_functions = _references(get_ci(data, "functions"))
        self.usable = _HAZARD not in in_functions and not any(ref[0] == "v" for ref in in_functions)
        resources = get_ci(data, "resources")
        if isinstance(resources, list):
            self.entries = {i: _references(raw) for i, raw in enumerate(resources)}
        elif isinstance(resources, dict):
            self.entries = {key: _references(raw) for key, raw in resources.items()}
        self._clean: dict[frozenset, set] = {}

    def clean_entries(self, tried: frozenset) -> tuple[set, set]:
        """The keys of the top-level entries that read none of ``tried`` (lower case), and
        the ('p'/'v', name) parameters and variables that may read one."""
        found = self._clean.get(tried)
        if found is not None:
            return found
        tainted = {("p", name) for name in tried}
        tainted.add(_HAZARD)
        changed = True
        while changed:  # parameter defaults and variables that read a tainted one
            changed = False
            for kind, table in (("p", self.params), ("v", self.variables)):
                for name, refs in table.items():
                    if (kind, name) not in tainted and not refs.isdisjoint(tainted):
                        tainted.add((kind, name))
                        changed = True
        found = ({key for key, refs in self.entries.items() if refs.isdisjoint(tainted)}, tainted)
        self._clean[tried] = found
        return found


class Recorder:
    """Given to the plain run's ``expand()``: remembers the resources of the root
    template's context, to be reused by trials (``for_trial``)."""

    def __init__(self, doc: Document, budget: Budget):
        self.doc = doc
        self.budget = budget
        self.placed: dict[tuple, Resource] = {}  # (pointer, occurrence) -> resource
        self.plain: dict[tuple, Resource] = {}  # pointer -> first resource built there
        self._seen: dict[tuple, int] = {}
        self._template: _Template | None = None
        self.root: TemplateContext | None = None

    # -- the hooks expand() calls (see evaluation/expand.py) --------------------------
    def opened(self, tpl: TemplateContext) -> None:
        """The root template's context, before anything is evaluated in it."""
        self.root = tpl

    def produced(self, tpl: TemplateContext, resources: list) -> None:
        """Resources the expander made for one template entry (all copies)."""
        if tpl.deployment_depth != 0 or tpl.doc is not self.doc:
            return
        for res in resources:
            self.placed[self._place(res)] = res

    def builder(self, build):
        """``build`` for the pending (fast-path) resources of the expansion."""

        def built(shared, *rest):
            res = build(shared, *rest)
            tpl = shared.tpl
            if tpl.deployment_depth == 0 and tpl.doc is self.doc:
                self.built(res)
            return res

        return built

    def built(self, res: Resource) -> None:
        self.plain.setdefault(tuple(res.pointer), res)

    def _place(self, res: Resource) -> tuple:
        # A pointer is met again for each copy of a loop (or of a deployment whose template
        # is outer-scoped): the n-th time here is the n-th time in a trial.
        pointer = tuple(res.pointer)
        n = self._seen.get(pointer, 0)
        self._seen[pointer] = n + 1
        return (pointer, n)

    # -- trials --------------------------------------------------------------------------
    def for_trial(self, tried: set) -> _Reuse | None:
        """What a trial with ``tried`` (parameter names) set can reuse; None when nothing."""
        if self.budget.exhausted or not isinstance(self.doc.data, dict):
            return None  # values cut short by the budget are not the trial's values
        if self._template is None:
            self._template = _Template(self.doc.data)
        if not self._template.usable:
            return None
        clean, tainted = self._template.clean_entries(frozenset(n.lower() for n in tried))
        return _Reuse(self, clean, tainted)


class _Reuse(Recorder):
    """Given to a trial's ``expand()``: resources of clean entries adopt what the plain
    run evaluated, and so do the parameters and variables that cannot read a tried one."""

    def __init__(self, base: Recorder, clean: set, tainted: set):
        self.doc = base.doc
        self.base = base
        self.clean = clean
        self.tainted = tainted
        self._seen = {}

    def opened(self, tpl: TemplateContext) -> None:
        # The values parameters and variables got in the plain run, as their caches hold
        # them (value, parameters read): what a trial would compute again.
        old = self.base.root
        if old is None or old.template is not tpl.template:
            return
        for kind, mine, theirs in (("p", tpl._param_cache, old._param_cache), ("v", tpl._var_cache, old._var_cache)):
            for key, cached in theirs.items():
                if (kind, key) not in self.tainted:
                    mine.setdefault(key, cached)

    def produced(self, tpl: TemplateContext, resources: list) -> None:
        if tpl.deployment_depth != 0 or tpl.doc is not self.doc:
            return
        for res in resources:
            pointer = tuple(res.pointer)
            if len(pointer) < 2 or pointer[1] not in self.clean:
                continue
            old = self.base.placed.get(self._place(res))
            if old is None:
                continue
            adopted = False
            if not isinstance(old._body, Lazy):
                res._body = old._body
                adopted = True
            if not isinstance(old._name, Lazy):
                res._name = old._name
                adopted = True
            if adopted:
                _merge_sources(res.param_sources, old.param_sources)

    def built(self, res: Resource) -> None:
        pointer = tuple(res.pointer)
        if len(pointer) < 2 or pointer[1] not in self.clean:
            return
        old = self.base.plain.get(pointer)
        if old is None:
            return
        # a fast-path resource keeps its evaluated body and name in attributes that are
        # set on first use (evaluation/expand.py, _PlainResource)
        adopted = False
        for slot in ("_body", "_name"):
            try:
                setattr(res, slot, getattr(old, slot))
                adopted = True
            except AttributeError:
                pass
        if adopted:
            _merge_sources(res.param_sources, old.param_sources)


def _merge_sources(into: dict, old: dict) -> None:
    """Add the parameter reads the plain run recorded to a trial resource's record."""
    for name, where in old.items():
        into.setdefault(name, where)
    old_by = getattr(old, "by_pointer", None)
    by = getattr(into, "by_pointer", None)
    if not old_by or by is None:
        return
    for pointer, names in old_by.items():
        known = by.get(pointer)
        if known is None:
            by[pointer] = names
        elif known != names:
            by[pointer] = tuple(dict.fromkeys(known + names))
