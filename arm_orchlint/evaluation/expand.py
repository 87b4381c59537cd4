"""Expanding a template into the flat list of resources it would deploy.

``expand()`` walks ``resources`` (an array, or an object of symbolic names in
``languageVersion`` 2.0), child ``resources``, ``copy`` loops, ``condition`` and nested
deployments (inline ``template`` in inner or outer scope, local
``templateLink.relativePath``), evaluating every resource with the template's
parameters and variables.  Problems become diagnostics; nothing is raised.

Choices worth knowing:
* A child resource (or a resource inside a nested deployment) is deployed only when its
  parent is: its condition is the parent's combined with its own.
* ``properties.template`` of a nested deployment is not evaluated in the deployment's
  context; its body shows it as Unknown and its resources are listed on their own.
* A resource's ``metadata`` and ``comments`` are kept as written, not evaluated.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

from arm_orchlint.core.keys import get_ci, key_of, keys_by_lower
from arm_orchlint.core.recursion import recursion_headroom
from arm_orchlint.core.rule_ids import (
    API_PROFILE_UNKNOWN,
    EVALUATION_LIMIT,
    FILE_NOT_READ,
    MODULE_NOT_READ,
    TEMPLATE_STRUCTURE,
)
from arm_orchlint.core.values import Unknown, is_unknown
from arm_orchlint.evaluation.context import Budget, Frame, ParamSources, Run, TemplateContext
from arm_orchlint.evaluation.evaluator import evaluate_value_safely
from arm_orchlint.evaluation.functions.support import text_with_holes
from arm_orchlint.evaluation.limits import Limits
from arm_orchlint.evaluation.passed import nested_values
from arm_orchlint.front.document import Document
from arm_orchlint.front.files import RefusedRead
from arm_orchlint.model.apiprofiles import NOTED_TYPES as PROFILE_NOTED_TYPES
from arm_orchlint.model.apiprofiles import profile_api_version
from arm_orchlint.model.resources import CopyInfo, Expansion, Lazy, Resource, get_in

DEPLOYMENTS_TYPE = "microsoft.resources/deployments"
_BODY_SKIP = {"resources", "copy", "condition"}
_BODY_RAW = {"metadata", "comments"}  # ARM does not evaluate these; suppressions live in metadata
# A member name as written -> what a body does with its value: _EVALUATED, _SKIPPED (_BODY_SKIP)
# or _AS_WRITTEN (_BODY_RAW), by its lower case; kept for the few dozen names every resource
# repeats, instead of lowering each name of each resource.
_EVALUATED, _SKIPPED, _AS_WRITTEN = 0, 1, 2
_BODY_KEY_KINDS: dict[str, int] = {}

# LinkLoader: (relative path, including document) -> the linked Document, or None


def expand(
    doc: Document,
    *,
    parameter_values: dict | None = None,
    load_linked: "Callable[[str, Document], Document | None] | None" = None,
    limits: Limits | None = None,
    budget: Budget | None = None,
    reuse: Any = None,
) -> Expansion:
    """Expand ``doc`` (a parsed ARM template) into resources and diagnostics.

    ``parameter_values`` maps a parameter name to ``(value, source_doc_or_None, pointer)``;
    the values are taken literally (not evaluated).  ``load_linked(relative_path, doc)``
    returns the ``Document`` a ``templateLink.relativePath`` names, or None to skip it.
    ``reuse``: an allowedValues trial's link to the plain run (see ``evaluation/reuse.py``).
    """
    run = Run(limits or Limits(), budget)  # ``budget``: shared by the expansions of one file
    # One list: resources evaluated lazily, after expand() returns, still report here.
    build = _PlainResource if reuse is None else reuse.builder(_PlainResource)
    expansion = Expansion(diagnostics=run.diagnostics, build=build)
    if isinstance(doc.data, dict):
        expander = _Expander(run, expansion, load_linked)
        expander.root_doc = doc
        expander.reuse = reuse
        with recursion_headroom():
            context = TemplateContext(run, doc, (), doc.data, parameter_values, scope={})
            if reuse is not None:
                reuse.opened(context)
            expander.template(context, doc.data, (), depth=0, condition=True, scope={})
    return expansion


def _file_key(path: str) -> str:
    import os

    return os.path.normcase(os.path.realpath(path or ""))


_SHAPES_MAX = 4096  # entries of each cache below keyed by an object's keys (its shape)


class _Keys:
    """The keys of one raw resource object by lower-case name, built once: a resource is
    asked for several members that are usually absent, and each miss would scan all keys."""

    __slots__ = ("raw", "by_lower")

    def __init__(self, raw: dict, by_lower: dict | None = None):
        self.raw = raw
        self.by_lower = by_lower if by_lower is not None else keys_by_lower(raw)

    def key(self, name: str) -> Any:
        return name if name in self.raw else self.by_lower.get(name.lower())

    def get(self, name: str, default: Any = None) -> Any:
        raw = self.raw
        key = name if name in raw else self.by_lower.get(name.lower())  # (key(), in line)
        return raw[key] if key is not None else default


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, list) else [value]


def combine_conditions(outer: Any, inner: Any) -> Any:
    """Deployed only when both are: False wins, then Unknown, then True."""
    if outer is False or inner is False:
        return False
    if isinstance(outer, Unknown):
        return outer
    if isinstance(inner, Unknown):
        return inner
    return True


# A fast-path resource's body or name not evaluated yet: a Lazy, as a resource built with a
# lazy body holds until it is read (what evaluation/reuse.py takes for "not evaluated").
_NOT_YET = Lazy(None)


class _PlainResource(Resource):
    """A resource taken by the fast path (see ``_Expander.template``): a top-level resource
    with no ``copy``, ``condition`` or child ``resources``, a literal ``type`` that is not a
    deployment and a literal (or absent) ``apiVersion``.

    Large templates hold tens of thousands of resources and rules read a few types, so
    this record stores only what locates it; everything else is read from the raw object
    (through its key plan) or the template's shared context when asked for.  Body and name
    are evaluated on first use, with the parameter reads recorded into ``param_sources``
    as for any other resource."""

    __slots__ = ("_shared", "_raw", "_plan", "_sources")
    copy = None  # the fast path never takes a copy loop

    def __init__(self, shared: "_PlainShared", raw: dict, plan: tuple, type_lower: str, key: int | str):
        self._shared = shared
        self._raw = raw
        self._plan = plan  # (type key, apiVersion key, existing key, dependsOn key); see _plan()
        self.type_lower = type_lower
        # in the base's slots: rules read them often (no property call); the raw object is
        # never changed, and neither is the template's document
        self.type = raw[plan[0]]
        self.api_version = raw[plan[1]] if plan[1] is not None else None
        self.doc = shared.tpl.doc
        self.pointer = shared.base + ("resources", key)
        self.symbolic = key if isinstance(key, str) else None
        self.scope = shared.scope  # shared by the template's resources: read only
        # worked out on first use (a slot left unset would cost an AttributeError then)
        self._name = self._body = _NOT_YET
        self._sources = None

    @property
    def existing(self) -> bool:
        key = self._plan[2]
        return key is not None and self._raw[key] is True

    @property
    def depends_on(self) -> list:
        key = self._plan[3]
        return _as_list(self._raw[key]) if key is not None else []

    @property
    def condition(self) -> Any:
        return self._shared.condition

    @property
    def param_sources(self) -> dict:
        sources = self._sources
        if sources is None:
            sources = self._sources = ParamSources()
        return sources

    def _evaluate(self, compute, *args):
        return _tracked(self._shared.tpl, self.param_sources, compute, args)

    @property
    def body(self) -> dict:
        body = self._body
        if body is _NOT_YET:
            body = self._body = self._evaluate(_Expander._body, self._raw, self._shared.frame, self.pointer, self.type)
        return body

    @property
    def name(self) -> Any:
        name = self._name
        if name is _NOT_YET:
            name = self._name = self._evaluate(_Expander._name, self._raw, self._shared.frame, self.pointer, None)
        return name

    def get(self, *path: Any, default: Any = None) -> Any:
        """``Resource.get``: the body read from its slot once evaluated (rules call this
        several times per resource; the property costs a call each time)."""
        body = self._body
        return get_in(self.body if body is _NOT_YET else body, path, default)


_SOURCES = Resource.__dict__["param_sources"]  # the record's own slot


class _DeploymentResource(Resource):
    """A nested deployment.  The expander evaluates only the parts of its body it needs
    (see evaluation/deferred.py); the body is evaluated in full when first read, and since
    what it reads belongs to ``param_sources``, reading those evaluates the body first."""

    __slots__ = ()

    @property
    def param_sources(self) -> dict:
        self.body  # (evaluated for the reads it records)
        return _SOURCES.__get__(self)

    @param_sources.setter
    def param_sources(self, value: dict) -> None:
        _SOURCES.__set__(self, value)


class _PlainShared:
    """What the fast-path resources of one template share.  Nothing here leads back to the
    resources (no expander): without a reference cycle the parsed template is freed as soon
    as the file is done, instead of waiting for a garbage-collector pass over all of it."""

    __slots__ = ("tpl", "frame", "condition", "scope", "base")

    def __init__(self, tpl, frame, condition, scope, base):
        self.base = base  # pointer of the template the resources are in
        self.tpl = tpl
        self.frame = frame
        self.condition = condition
        self.scope = scope


_PLANS: dict = {}  # tuple of a resource object's keys -> its fast-path plan, or None


def _plan(raw: dict) -> tuple | None:
    """(type key, apiVersion key, existing key, dependsOn key) when a resource object with
    these keys may take the fast path: no copy, condition or child resources, and a type."""
    shape = tuple(raw)
    if shape in _PLANS:
        return _PLANS[shape]
    by_lower = keys_by_lower(raw)
    plan = None
    if "copy" not in by_lower and "resources" not in by_lower and "condition" not in by_lower:
        type_key = "type" if "type" in raw else by_lower.get("type")
        if type_key is not None:
            plan = (
                type_key,
                "apiVersion" if "apiVersion" in raw else by_lower.get("apiversion"),
                "existing" if "existing" in raw else by_lower.get("existing"),
                "dependsOn" if "dependsOn" in raw else by_lower.get("dependson"),
            )
    if len(_PLANS) >= _SHAPES_MAX:
        _PLANS.clear()
    _PLANS[shape] = plan
    return plan


_TYPES_LOWER: dict = {}  # literal type -> its lower-case form (a few distinct types per template)


def _type_lower(rtype: str) -> str:
    found = _TYPES_LOWER.get(rtype)
    if found is None:
        found = rtype.lower()
        if len(_TYPES_LOWER) >= _SHAPES_MAX:
            _TYPES_LOWER.clear()
        _TYPES_LOWER[rtype] = found
    return found


class _Expander:
    def __init__(
        self, run: Run, expansion: Expansion, load_linked: "Callable[[str, Document], Document | None] | None"
    ):
        self.run = run
        self.out = expansion
        self.load_linked = load_linked
        self.linking: list[str] = []  # files of the linked templates being expanded, outermost first
        self.linked: dict[tuple, Document | None] = {}  # a linked file is read once per expansion
        self.deployments = 0  # nested deployments expanded in all (capped, not only their depth)
        self.refused: set[tuple] = set()  # linked templates the confined reader refused

    # ------------------------------------------------------------ templates

    def template(
        self, tpl: TemplateContext, template: dict, base: tuple, *, depth: int, condition: Any, scope: dict
    ) -> None:
        resources = get_ci(template, "resources")
        if isinstance(resources, list):
            entries = enumerate(resources)  # (the walk reads the template, never changes it)
        elif isinstance(resources, dict):  # languageVersion 2.0: symbolic names
            entries = list(resources.items())
        else:
            return
        frame = Frame.of(tpl)  # immutable: one for all top-level resources of this template
        # Read only: one scope and one condition for the plain resources of this template.
        shared = _PlainShared(tpl, frame, combine_conditions(condition, True), dict(scope), base)
        # With an apiProfile, a resource without apiVersion takes the general path, which
        # looks its version up in the profile.
        profiled = key_of(template, "apiProfile") is not None
        add_entry, buckets = self.out.adders()  # (Expansion.add_pending, inlined below)
        report_shape = depth == 0  # entries of the linted document itself (see shape.py for the rest)
        # The fast path, inlined: this loop runs once per resource of the largest templates.
        plans, types_lower = _PLANS, _TYPES_LOWER
        for key, raw in entries:
            if type(raw) is dict:
                plan = plans.get(tuple(raw), False)
                if plan is False:
                    plan = _plan(raw)
                if plan is not None:
                    rtype = raw[plan[0]]
                    if type(rtype) is str and rtype[:1] != "[":
                        type_lower = types_lower.get(rtype) or _type_lower(rtype)
                        api_key = plan[1]
                        if api_key is None:
                            literal_api = not profiled
                        else:  # anything but an expression or a container
                            api = raw[api_key]
                            literal_api = api[:1] != "[" if isinstance(api, str) else not isinstance(api, (list, dict))
                        if literal_api and type_lower != DEPLOYMENTS_TYPE:
                            entry = (shared, raw, plan, type_lower, key)
                            add_entry(entry)
                            bucket = buckets.get(type_lower)
                            if bucket is None:
                                buckets[type_lower] = [entry]
                            else:
                                bucket.append(entry)
                            continue
            pointer = base + ("resources", key)
            if not isinstance(raw, dict):
                if report_shape:
                    kind = type(raw).__name__ if raw is not None else "null"
                    self.run.report(
                        TEMPLATE_STRUCTURE,
                        f"resource entry is {kind}, not an object; it was not checked",
                        tpl.doc,
                        pointer,
                    )
                continue
            symbolic = key if isinstance(key, str) else None
            if report_shape and not isinstance(get_ci(raw, "type"), str):
                self.run.report(
                    TEMPLATE_STRUCTURE, "resource has no 'type' string; it was not checked", tpl.doc, pointer
                )
            if self.reuse is not None:  # an allowedValues run: recorded, or taken from the plain run
                self.reuse.entry(self, (tpl, raw, pointer, symbolic, frame, depth, condition, scope))
                continue
            self.entry(tpl, raw, pointer, symbolic, frame, depth, condition, scope)

    def entry(self, tpl, raw, pointer, symbolic, frame, depth, condition, scope) -> None:
        """One entry of a template's ``resources`` not taken by the fast path (``template``
        and evaluation/reuse.py walk it through here)."""
        self.resource(
            tpl,
            raw,
            pointer,
            symbolic=symbolic,
            parent=None,
            frame=frame,
            depth=depth,
            condition=condition,
            scope=scope,
        )

    # ------------------------------------------------------------ one resource (all its copies)

    def resource(
        self,
        tpl: TemplateContext,
        raw: Any,
        pointer: tuple,
        *,
        symbolic: str | None,
        parent: tuple | None,
        frame: Frame,
        depth: int,
        condition: Any,
        scope: dict,
    ) -> None:
        if not isinstance(raw, dict):
            return
        keys = _new(_Keys)  # (_Keys(raw), without the class call)
        keys.raw = raw
        keys.by_lower = by_lower = keys_by_lower(raw)
        sources = ParamSources()
        tpl.track_into(sources)  # (start_tracking)
        try:
            key = "copy" if "copy" in raw else by_lower.get("copy")  # (keys.get, in line)
            copy = raw[key] if key is not None else None
            if isinstance(copy, dict):
                produced = [
                    self._one(
                        tpl, keys, pointer, symbolic, parent, iteration_frame, copy_info, condition, scope, sources
                    )
                    for iteration_frame, copy_info in self._iterations(tpl, copy, pointer, frame)
                ]
            else:  # no loop (the usual case): one resource, in the frame given
                produced = [self._one(tpl, keys, pointer, symbolic, parent, frame, None, condition, scope, sources)]
        finally:
            tpl.stop_tracking(sources)
        if self.reuse is not None:
            self.reuse.produced(tpl, produced)
        key = "resources" if "resources" in raw else by_lower.get("resources")
        children = raw[key] if key is not None else None
        for resource, iteration_frame in produced:
            self.out.add(resource)
            if isinstance(children, list):
                for j, child in enumerate(children):
                    self.resource(
                        tpl,
                        child,
                        pointer + ("resources", j),
                        symbolic=None,
                        parent=(resource.type, resource),
                        frame=iteration_frame,
                        depth=depth,
                        condition=resource.condition,
                        scope=scope,
                    )
            if resource.type_lower == DEPLOYMENTS_TYPE:
                self.deployment(tpl, raw, resource, pointer, depth=depth, frame=iteration_frame, sources=sources)

    def _iterations(
        self, tpl: TemplateContext, copy: dict, pointer: tuple, frame: Frame
    ) -> list[tuple[Frame, CopyInfo]]:
        """The frame and copy of each iteration of the resource loop ``copy`` (the resource's
        ``copy`` object)."""
        name = evaluate_value_safely(get_ci(copy, "name"), frame, pointer + ("copy", "name"))
        loop_name = name if isinstance(name, str) else None
        count = evaluate_value_safely(get_ci(copy, "count"), frame, pointer + ("copy", "count"))
        if (
            isinstance(count, bool)
            or not (is_unknown(count) or isinstance(count, int))
            or (isinstance(count, int) and count < 0)
        ):
            count = Unknown(f"the count of copy loop '{loop_name}' is not a non-negative integer")
        if isinstance(count, int) and count > self.run.limits.max_copy_count:
            self.run.report(
                EVALUATION_LIMIT,
                f"copy loop '{loop_name}' has count {count}, over ARM's limit of "
                f"{self.run.limits.max_copy_count}; it is checked as one resource with an unknown index",
                tpl.doc,
                pointer + ("copy", "count"),
            )
            index = Unknown(f"copy count {count} is over the limit")
            return [(frame.with_loop(loop_name, index, resource_loop=True), CopyInfo(loop_name, count, index))]
        if is_unknown(count):
            index = Unknown(f"the iteration of copy loop '{loop_name}' is not known", count.params)
            return [(frame.with_loop(loop_name, index, resource_loop=True), CopyInfo(loop_name, count, index))]
        return [
            (frame.with_loop(loop_name, i, resource_loop=True), CopyInfo(loop_name, count, i)) for i in range(count)
        ]

    def _one(
        self,
        tpl: TemplateContext,
        keys: _Keys,
        pointer: tuple,
        symbolic: str | None,
        parent: tuple | None,
        frame: Frame,
        copy_info: CopyInfo | None,
        outer_condition: Any,
        scope: dict,
        sources: dict,
    ):
        raw, by_lower = keys.raw, keys.by_lower  # (keys.key(name), in line below)
        condition_key = "condition" if "condition" in raw else by_lower.get("condition")
        own_condition = True
        if condition_key is not None and raw[condition_key] is not None:
            own_condition = evaluate_value_safely(raw[condition_key], frame, pointer + (condition_key,))
        if not isinstance(own_condition, bool) and not is_unknown(own_condition):
            own_condition = Unknown(f"the condition evaluates to a {type(own_condition).__name__}, not a boolean")
        type_key = "type" if "type" in raw else by_lower.get("type")
        raw_type = raw[type_key] if type_key is not None else None
        if type(raw_type) is str and raw_type[:1] != "[":
            rtype = raw_type  # a literal evaluates to itself (as evaluate_string returns it)
        else:
            rtype = evaluate_value_safely(raw_type, frame, pointer + (type_key,)) if type_key is not None else None
        if not isinstance(rtype, str):
            rtype = raw_type if isinstance(raw_type, str) else ""
        if parent is not None and "/" not in rtype:
            rtype = f"{parent[0]}/{rtype}"
        api_key = "apiVersion" if "apiVersion" in raw else by_lower.get("apiversion")
        if api_key is not None:
            api_version = raw[api_key]
            if type(api_version) is not str or api_version[:1] == "[":
                api_version = evaluate_value_safely(api_version, frame, pointer + (api_key,))
        else:
            api_version = self._profile_version(tpl, rtype)
        existing_key = "existing" if "existing" in raw else by_lower.get("existing")
        existing = existing_key is not None and raw[existing_key] is True
        depends_key = "dependsOn" if "dependsOn" in raw else by_lower.get("dependson")
        # Bodies and names are evaluated on first use: rules read a few resource types, so
        # most of a large template is never evaluated.  (The arguments by position, in the
        # order of Resource's parameters: a class call with keywords costs twice as much.)
        resource = (_DeploymentResource if rtype.lower() == DEPLOYMENTS_TYPE else Resource)(
            rtype,  # type
            api_version,
            _lazy(tpl, sources, _Expander._name, raw, frame, pointer, parent),  # name
            _lazy(tpl, sources, _Expander._body, raw, frame, pointer, raw_type),  # body
            tpl.doc,
            pointer,
            symbolic,
            combine_conditions(outer_condition, own_condition),  # condition
            copy_info,  # copy
            dict(scope),
            _as_list(raw[depends_key]) if depends_key is not None else [],  # depends_on
            existing,
            sources,  # param_sources
        )
        return resource, frame

    def _profile_version(self, tpl: TemplateContext, rtype: str) -> Any:
        """The API version of a resource without ``apiVersion``: from the template's
        ``apiProfile`` (Azure Stack) when the profile is known, else Unknown with a note
        (ORCH915) for the types the rules read; None without a profile."""
        profile_key = key_of(tpl.template, "apiProfile")
        if profile_key is None:
            return None
        profile = tpl.template[profile_key]
        type_lower = rtype.lower()
        found = profile_api_version(profile, type_lower)
        if found is not None:
            return found
        shown = repr(profile) if isinstance(profile, str) else "an expression"
        if type_lower in PROFILE_NOTED_TYPES:
            self.run.report(
                API_PROFILE_UNKNOWN,
                f"apiProfile {shown} is not one of the profiles arm-orchlint knows (2017-03-09-profile, "
                f"2018-03-01-hybrid, 2019-03-01-hybrid) or does not list {rtype}; resources without apiVersion "
                "get an unknown API version, and the API-version rules skip them",
                tpl.doc,
                tpl.base + (profile_key,),
            )
        return Unknown(f"apiProfile {shown} gives no API version for {rtype}")

    @staticmethod
    def _name(raw: dict, frame: Frame, pointer: tuple, parent: tuple | None) -> Any:
        name_key = key_of(raw, "name")
        name = evaluate_value_safely(raw[name_key], frame, pointer + (name_key,)) if name_key is not None else None
        if parent is None:
            return name
        parent_name = parent[1].name
        if is_unknown(parent_name) or is_unknown(name):
            # text with holes, so the child's name still says which parent it belongs to
            if isinstance(parent_name, (str, Unknown)) and isinstance(name, (str, Unknown)):
                return text_with_holes([parent_name, "/", name], "the resource name is not known")
            unknown = parent_name if is_unknown(parent_name) else name
            return Unknown(unknown.reason, unknown.params)
        return f"{parent_name}/{name}"

    @staticmethod
    def _body(raw: dict, frame: Frame, pointer: tuple, raw_type: Any) -> dict:
        evaluate = evaluate_value_safely
        if frame.tpl.reuse is not None:  # an allowedValues trial (see evaluation/reuse.py)
            evaluate = frame.tpl.reuse.body_evaluator(frame, pointer) or evaluate_value_safely
        body: dict = {}
        nested_template = isinstance(raw_type, str) and raw_type.lower() == DEPLOYMENTS_TYPE
        key_kinds = _BODY_KEY_KINDS
        for key, value in raw.items():
            key_kind = key_kinds.get(key)
            if key_kind is None:
                key_kind = _body_key_kind(key)
            kind = type(value)
            if kind is str and value[:1] != "[" or kind is int or kind is bool or value is None:
                # a literal evaluates to itself (what evaluate_value would return)
                if key_kind != _SKIPPED:
                    body[key] = value
                continue
            if key_kind == _SKIPPED:
                continue
            if key_kind == _AS_WRITTEN:
                body[key] = value
                continue
            template_key = key_of(value, "template") if nested_template and str(key).lower() == "properties" else None
            if template_key is not None:
                shown = {k: v for k, v in value.items() if k != template_key}
                evaluated = evaluate(shown, frame, pointer + (key,))
                if isinstance(evaluated, dict):
                    evaluated = dict(evaluated)
                    evaluated[template_key] = Unknown("a nested template; its resources are listed separately")
                body[key] = evaluated
                continue
            body[key] = evaluate(value, frame, pointer + (key,))
        return body

    # ------------------------------------------------------------ nested deployments

    def deployment(
        self,
        tpl: TemplateContext,
        raw: dict,
        resource: Resource,
        pointer: tuple,
        *,
        depth: int,
        frame: Frame | None = None,
        sources: dict | None = None,
    ) -> None:
        # (get_ci's exact-name case in line: the names as ARM and Bicep write them)
        properties = raw["properties"] if "properties" in raw else get_ci(raw, "properties")
        if not isinstance(properties, dict):
            return
        inline = properties["template"] if "template" in properties else get_ci(properties, "template")
        if "expressionEvaluationOptions" in properties:
            options = properties["expressionEvaluationOptions"]
        else:
            options = get_ci(properties, "expressionEvaluationOptions")
        mode = options["scope"] if type(options) is dict and "scope" in options else get_ci(options, "scope", "outer")
        inner_scope = isinstance(mode, str) and mode.lower() == "inner"
        parts = None
        if frame is not None and isinstance(resource._body, Lazy):
            global _deployment_parts
            if _deployment_parts is None:
                # (loaded on first use: a template without deployments never needs it)
                from arm_orchlint.evaluation.deferred import deployment_parts as _deployment_parts

            # only what the expansion needs; the passed values when read (see deferred.py)
            linked = not isinstance(inline, dict)
            parts = _deployment_parts(tpl, raw, frame, pointer, sources, inner_scope or linked, linked)
        if parts is not None:
            body_scope, passed, link = parts
            evaluated_props = None
            relative = get_ci(link, "relativePath")
        else:
            body = resource.body
            evaluated_props = get_ci(body, "properties")
            evaluated_props = evaluated_props if isinstance(evaluated_props, dict) else {}
            link = get_ci(evaluated_props, "templateLink")
            relative = get_ci(link, "relativePath")
            body_scope = {
                key: get_ci(body, key) for key in ("resourceGroup", "subscriptionId") if key_of(body, key) is not None
            }
            passed = None
        if not isinstance(inline, dict) and not isinstance(relative, str):
            if resource.condition is not False:
                self._not_read(tpl, link, pointer)
            return
        self.deployments += 1
        if self.deployments > self.run.limits.max_deployments:
            # Templates that include the next level several times grow exponentially long
            # before the depth limit applies: the total is capped, reported once.
            self.run.report(
                EVALUATION_LIMIT,
                f"more than {self.run.limits.max_deployments} nested deployments in all; the later ones are not checked",
                self.out_doc(tpl),
                (),
            )
            return
        if depth + 1 > self.run.limits.max_deployment_depth:
            self.run.report(
                EVALUATION_LIMIT,
                f"nested deployments go deeper than {self.run.limits.max_deployment_depth} "
                "levels; the deeper ones are not checked",
                tpl.doc,
                pointer,
            )
            return
        scope = dict(resource.scope)
        scope.update(body_scope)
        known_scope = {k: v for k, v in scope.items() if isinstance(v, str)}
        if isinstance(inline, dict):
            template_pointer = pointer + ("properties", "template")
            if inner_scope and resource.copy is None:
                # shared with reference('<deployment>').outputs (see TemplateContext.nested_context)
                context = tpl.nested_context(pointer, inline, evaluated_props, known_scope, depth + 1, passed)
            elif inner_scope:
                values = nested_values(passed, evaluated_props, tpl.doc, pointer, inline)
                context = TemplateContext(self.run, tpl.doc, template_pointer, inline, values, known_scope, depth + 1)
            else:
                context = tpl  # outer scope: the parent's parameters and variables
            if self.reuse is not None:
                self.reuse.entered(tpl, resource, context)
            self.template(context, inline, template_pointer, depth=depth + 1, condition=resource.condition, scope=scope)
            return
        linked = self._load(relative, tpl.doc, pointer)
        if linked is None or not isinstance(linked.data, dict):
            refused = (relative, tpl.doc.path) in self.refused  # reported as ORCH911 already
            if linked is None and self.load_linked is not None and resource.condition is not False and not refused:
                self.run.report(
                    MODULE_NOT_READ,
                    f"linked template {relative!r} was not found beside this template (or is not a template); "
                    "its resources are not checked",
                    tpl.doc,
                    pointer + ("properties", "templateLink", "relativePath"),
                )
            return
        key = _file_key(linked.path)
        if key in self.linking or key == _file_key(tpl.doc.path):
            self.run.report(
                EVALUATION_LIMIT,
                f"linked template '{relative}' includes itself (a cycle of templateLink.relativePath); "
                "it is checked once",
                tpl.doc,
                pointer + ("properties", "templateLink", "relativePath"),
            )
            return
        if not self.linking:
            self.linking.append(_file_key(tpl.doc.path))
        values = nested_values(passed, evaluated_props, tpl.doc, pointer, linked.data)
        context = TemplateContext(self.run, linked, (), linked.data, values, known_scope, depth + 1)
        self.linking.append(key)
        if self.reuse is not None:
            self.reuse.entered(tpl, resource, context)
        try:
            self.template(context, linked.data, (), depth=depth + 1, condition=resource.condition, scope=scope)
        finally:
            self.linking.pop()

    def _not_read(self, tpl: TemplateContext, link: Any, pointer: tuple) -> None:
        """ORCH904 for a deployment whose template is fetched at deployment time: a
        ``templateLink.uri`` or a template spec (``templateLink.id``).  Offline, the linter
        cannot read it, and says so instead of dropping its resources silently."""
        if not isinstance(link, dict):
            return
        for member, what in (("uri", "is downloaded from"), ("id", "comes from the template spec")):
            key = key_of(link, member)
            if key is None:
                continue
            value = link[key]
            if isinstance(value, str):
                where = f"the linked template {what} {value!r} when the deployment runs"
            else:
                where = f"the linked template's {member} is only known at deployment"
            self.run.report(
                MODULE_NOT_READ,
                f"{where}; it cannot be read offline, so its resources are not checked",
                tpl.doc,
                pointer + ("properties", "templateLink", key),
            )
            return

    def out_doc(self, tpl: TemplateContext) -> Document:
        """The linted document (where totals are reported), not a linked one."""
        return self.root_doc if self.root_doc is not None else tpl.doc

    root_doc: Document | None = None
    reuse: Any = None  # see expand()

    def _load(self, relative: str, doc: Document, pointer: tuple) -> Document | None:
        if self.load_linked is None:
            return None
        key = (relative, doc.path)
        if key in self.linked:
            return self.linked[key]
        try:
            found = self.linked[key] = self.load_linked(relative, doc)
            return found
        except RefusedRead as exc:
            self.linked[key] = None
            self.refused.add(key)
            self.run.report(
                FILE_NOT_READ,
                f"linked template {relative!r} {exc.reason}; not read, its resources are not checked",
                doc,
                pointer + ("properties", "templateLink", "relativePath"),
            )
            return None
        except (OSError, ValueError) as exc:
            self.run.report(EVALUATION_LIMIT, f"could not load linked template '{relative}': {exc}", doc, pointer)
            return None


def _tracked(tpl: TemplateContext, sources: dict, compute, args: tuple):
    """``compute(*args)``, the parameters it reads recorded into ``sources``."""
    tpl.track_into(sources)
    try:
        with recursion_headroom():
            return compute(*args)
    finally:
        tpl.stop_tracking(sources)


def _lazy(tpl: TemplateContext, sources: dict, compute, *args) -> Lazy:
    """``compute(*args)`` when first asked for, its reads recorded into ``sources``."""
    lazy = _new(Lazy)  # (Lazy(run) without the class call and its __init__ frame)
    lazy.compute = lambda: _tracked(tpl, sources, compute, args)
    return lazy


_new = object.__new__


_deployment_parts = None  # evaluation.deferred.deployment_parts, once a deployment is met


def _body_key_kind(key) -> int:
    """What a body does with the member ``key`` (see ``_BODY_KEY_KINDS``); names that are not
    strings are evaluated (and not kept)."""
    if not isinstance(key, str):
        return _EVALUATED
    lower = key.lower()
    kind = _SKIPPED if lower in _BODY_SKIP else _AS_WRITTEN if lower in _BODY_RAW else _EVALUATED
    if len(_BODY_KEY_KINDS) >= 4096:  # (names computed by templates are not many, but not bounded)
        _BODY_KEY_KINDS.clear()
    _BODY_KEY_KINDS[key] = kind
    return kind
