"""Evaluation state: the run, one template's parameters and variables, and a frame.

* ``Run`` is shared by one ``expand()`` call: limits, the step budget, diagnostics.
* ``TemplateContext`` is one template (the root, an inner-scoped nested template, or a
  linked one): its parameters, variables and user-defined functions, resolved lazily and
  cached, plus the deployment scope it runs in.
* ``Frame`` is where one expression is evaluated: the template, the active copy loop
  indices and lambda variables.
"""

from __future__ import annotations

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass
from arm_orchlint.core.rule_ids import VARIABLE_CYCLE

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown
from arm_orchlint.evaluation.limits import Limits
from arm_orchlint.evaluation.passed import GivenValues, Passed, PassedEntry, nested_values
from arm_orchlint.front.document import Diagnostic, Document


class LimitReached(Exception):
    """An evaluation limit was hit.  ``report`` is False for repeats of an already
    reported exhaustion (the step budget is reported once)."""

    def __init__(self, message: str, report: bool = True):
        super().__init__(message)
        self.message = message
        self.report = report


class Budget:
    """The evaluation steps of one file: shared by every ``expand()`` of it -- the plain run
    and each allowedValues trial -- so exploration cannot multiply the work."""

    __slots__ = ("steps", "exhausted", "reported", "templates")

    def __init__(self):
        self.steps = 0
        self.exhausted = False
        self.reported = False  # ORCH901 for the budget is reported once per file
        # what is worked out once per template of the file, for all its expansions: the
        # declarations of a TemplateContext, what evaluation/deferred.py decides
        self.templates: dict = {}


class Run:
    """State shared by everything evaluated in one ``expand()`` call."""

    def __init__(self, limits: Limits, budget: Budget | None = None):
        self.limits = limits
        self.budget = budget if budget is not None else Budget()
        self.reference_depth = 0
        self.diagnostics: list[Diagnostic] = []
        self._seen: set = set()
        self.contexts = 0  # templates opened so far: numbers each one (see TemplateContext.key)
        # inline nested deployments by (document, pointer) -> their TemplateContext, shared by
        # the expander and reference('<module>').outputs, so both see the same parameters
        self.nested: dict = {}
        # Counts what an evaluation may do besides computing its value: a report, a first
        # resolution of a parameter or variable (it records its reads in another order than a
        # cached one, and costs steps a repeat does not), a template opened.  An expression
        # during which it did not change can be repeated from the memo (evaluator.py).
        self.effects = 0

    @property
    def steps(self) -> int:
        return self.budget.steps

    @property
    def exhausted(self) -> bool:
        return self.budget.exhausted

    def exhaust(self) -> None:
        """Spend the rest of the budget (after a MemoryError, reported there: build nothing more)."""
        self.budget.exhausted = self.budget.reported = True

    def tick(self, count: int = 1) -> None:
        budget = self.budget
        budget.steps += count
        if budget.steps > self.limits.max_steps or budget.exhausted:
            first = not budget.reported
            budget.exhausted = budget.reported = True
            raise LimitReached(
                f"evaluation stopped after {self.limits.max_steps} steps; the rest of the template is treated as unknown",
                report=first,
            )

    def report(self, rule_id: str, message: str, doc: Document | None, pointer: tuple) -> None:
        self.effects += 1  # (also a repeat that is not listed again: at another pointer it would be)
        key = (rule_id, message, id(doc), tuple(pointer))
        if key in self._seen:
            return
        self._seen.add(key)
        self.diagnostics.append(Diagnostic(rule_id, message, doc, tuple(pointer)))


def _lower_keys(mapping: Any) -> dict:
    if not isinstance(mapping, dict):
        return {}
    return {str(k).lower(): (k, v) for k, v in mapping.items()}


_PARAM_TYPES_INT = {"int"}
_PARAM_TYPES_BOOL = {"bool"}
_SECURE_TYPES = {"securestring", "secureobject"}
_JSON_TYPES = {"array", "object", "secureobject"}
_COERCED = _PARAM_TYPES_INT | _PARAM_TYPES_BOOL | _JSON_TYPES  # the types _coerce changes a text to


class ParamSources(dict):
    """What a resource's evaluation read: parameter name -> (document, pointer) of the value
    used (a default or a parameter file entry), and in ``by_pointer`` the parameters each
    expression of the resource read, directly or through variables, in the order read.
    Findings take their "(value from parameter ...)" from there."""

    __slots__ = ("by_pointer",)

    def __init__(self):  # (dict's own __init__ does nothing without arguments)
        self.by_pointer: dict[tuple, tuple] = {}


class TemplateContext:
    """One template's parameters, variables and functions, resolved on demand."""

    reuse = None  # in an allowedValues trial, what the plain run evaluated (evaluation/reuse.py)
    deferral = None  # what of this template may be evaluated later (evaluation/deferred.py), once asked

    def __init__(
        self,
        run: Run,
        doc: Document,
        base: tuple,
        template: dict,
        parameter_values: dict | None = None,
        scope: dict | None = None,
        deployment_depth: int = 0,
    ):
        self.run = run
        # The order in which templates are opened: stable between two versions of the same
        # template, unique within a run; an Unknown parameter's origin names it.
        self.key = run.contexts
        run.contexts += 1
        run.effects += 1
        self.doc = doc
        self.base = tuple(base)
        self.template = template
        self.scope = dict(scope or {})
        self.deployment_depth = deployment_depth
        # (an entry that is a (value, doc, pointer) triple already, and a name that is a str,
        # the usual case, without a call each: a deployment passes hundreds)
        if type(parameter_values) is GivenValues:
            self.given = parameter_values  # (read only, as the dict below)
        else:
            self.given = {
                (k if type(k) is str else str(k)).lower(): v if type(v) is tuple and len(v) == 3 else _as_given(v)
                for k, v in (parameter_values or {}).items()
            }
        # the declarations depend only on the template and where it is written: read only,
        # shared by the contexts of one template (copies of a deployment, trials)
        shared = run.budget.templates
        key = (id(template), self.base)
        known = shared.get(key)
        if known is not None and known[0] is template:
            _, self.param_decls, self.var_decls, self.functions = known
        else:
            self.param_decls = _lower_keys(template.get("parameters"))
            self.var_decls = self._collect_variables(template.get("variables"))
            self.functions = self._collect_functions(template.get("functions"))
            shared[key] = (template, self.param_decls, self.var_decls, self.functions)
        self._param_cache: dict[str, tuple[Any, dict]] = {}
        self._var_cache: dict[str, tuple[Any, dict]] = {}
        self._resolving: set[tuple[str, str]] = set()
        self._outputs: dict[str, Any] = {}  # deployment symbolic name (lower) -> its evaluated outputs
        self._by_name: dict | None = None  # deployment name (lower) -> index (resources as an array)
        self._trackers: list[dict] = []
        self.recording: dict | None = None  # by_pointer of the resource being evaluated
        # expression text -> its value in this template (outside user functions), what it read and
        # the steps it cost (see evaluator.evaluate_string)
        self.memo: dict = {}

    # ------------------------------------------------------------ declarations

    def _collect_variables(self, variables: Any) -> dict:
        """lower name -> (name, raw value, pointer, copy spec or None)."""
        found: dict = {}
        if not isinstance(variables, dict):
            return found
        for name, raw in variables.items():
            if str(name).lower() == "copy" and isinstance(raw, list):
                for i, spec in enumerate(raw):
                    if isinstance(spec, dict) and isinstance(spec.get("name"), str):
                        ptr = self.base + ("variables", name, i)
                        found[spec["name"].lower()] = (spec["name"], spec, ptr, True)
                continue
            found[str(name).lower()] = (name, raw, self.base + ("variables", name), False)
        return found

    def _collect_functions(self, functions: Any) -> dict:
        """'namespace.member' (lower) -> (definition, pointer)."""
        found: dict = {}
        if not isinstance(functions, list):
            return found
        for i, group in enumerate(functions):
            if not isinstance(group, dict) or not isinstance(group.get("members"), dict):
                continue
            namespace = str(group.get("namespace", ""))
            for member, definition in group["members"].items():
                if isinstance(definition, dict):
                    ptr = self.base + ("functions", i, "members", member)
                    found[f"{namespace}.{member}".lower()] = (definition, ptr)
        return found

    # ------------------------------------------------------------ provenance tracking

    def start_tracking(self, sources: dict | None = None) -> dict:
        sources = {} if sources is None else sources
        self.track_into(sources)
        return sources

    def track_into(self, sources: dict) -> None:
        """Resume recording parameter reads into ``sources`` (a resource evaluated lazily)."""
        self._trackers.append(sources)
        if isinstance(sources, ParamSources):
            self.recording = sources.by_pointer

    def stop_tracking(self, sources: dict) -> None:
        if self._trackers and self._trackers[-1] is sources:
            self._trackers.pop()
            if isinstance(sources, ParamSources):
                recording = None
                for tracker in reversed(self._trackers):
                    if isinstance(tracker, ParamSources):
                        recording = tracker.by_pointer
                        break
                self.recording = recording

    def _note(self, sources: dict) -> None:
        if len(sources) == 1:  # the usual case: what the loop below does with one member
            for name, where in sources.items():
                for tracker in self._trackers:
                    tracker.setdefault(name, where)
            return
        for tracker in self._trackers:
            # what setdefault member by member gives, in the same order: all of them into
            # an empty tracker, none into one that holds them all already
            if not tracker:
                tracker.update(sources)
            elif not sources.keys() <= tracker.keys():
                for name, where in sources.items():
                    tracker.setdefault(name, where)

    # ------------------------------------------------------------ resolution

    def _enter(self, kind: str, key: str) -> bool:
        """Mark a declaration as being resolved; False when it already is (a cycle)."""
        if (kind, key) in self._resolving:
            return False
        if self.run.reference_depth >= self.run.limits.max_reference_depth:
            raise LimitReached(
                f"parameters/variables refer to each other more than {self.run.limits.max_reference_depth} levels deep"
            )
        self._resolving.add((kind, key))
        self.run.reference_depth += 1
        return True

    def _leave(self, kind: str, key: str) -> None:
        self._resolving.discard((kind, key))
        self.run.reference_depth -= 1

    def parameter(self, name: str) -> Any:
        key = name.lower()
        cached = self._param_cache.get(key)
        if cached is not None:
            if cached[1]:  # (most cached values read no parameter: no call)
                self._note(cached[1])
            return cached[0]
        declared = self.param_decls.get(key)
        if declared is None:
            return Unknown(f"parameter '{name}' is not declared")
        decl_name, decl = declared
        run = self.run
        run.effects += 1
        resolving = self._resolving
        mark = ("p", key)
        if mark not in resolving and run.reference_depth < run.limits.max_reference_depth:
            resolving.add(mark)  # (_enter's usual case, in line: a first read resolves here)
            run.reference_depth += 1
        elif not self._enter("p", key):
            self.run.report(
                VARIABLE_CYCLE,
                f"parameter '{decl_name}' refers to itself through its default value",
                self.doc,
                self.base + ("parameters", decl_name),
            )
            return Unknown(f"parameter '{decl_name}' is part of a cycle", frozenset({decl_name}))
        sources: dict = {}
        self._trackers.append(sources)  # (start_tracking of a plain dict)
        try:
            value = self._resolve_parameter(decl_name, decl, sources, key)
        finally:
            trackers = self._trackers  # (stop_tracking of a plain dict)
            if trackers and trackers[-1] is sources:
                trackers.pop()
            resolving.discard(mark)  # (_leave)
            run.reference_depth -= 1
        self._param_cache[key] = (value, sources)
        if sources:
            self._note(sources)
        return value

    def _resolve_parameter(self, name: str, decl: Any, sources: dict, key: str) -> Any:
        """``key``: the lower-case name ``parameter`` was asked for (``name`` is as declared)."""
        decl = decl if isinstance(decl, dict) else {}
        # (an entry is a triple, never None; a declared str name lowers to ``key``)
        given = self.given.get(key if type(name) is str else name.lower())
        if given is not None:
            value, src_doc, src_ptr = given
            if type(value) is Passed:  # evaluated in the deployment's template on first read
                value = value.get()
            elif type(value) is PassedEntry:  # a whole entry: where its value is written too
                value, src_doc, src_ptr = value.entry()
            sources[name] = (src_doc, tuple(src_ptr) if src_ptr is not None else ())
            if isinstance(value, Unknown):
                # a value passed down from the caller is the caller's value: keep its origin
                return value if value.params else Unknown(value.reason, frozenset({name}), value.partial, value.origin)
            if isinstance(value, dict):
                # (set(value) == {"reference"}, without the sets)
                if len(value) == 1 and "reference" in value and isinstance(value["reference"], dict):
                    return Unknown(f"parameter '{name}' comes from a Key Vault reference", frozenset({name}))
            elif isinstance(value, str):
                ptype = str(decl.get("type", "")).lower()
                if ptype in _COERCED:  # (_coerce gives any other text as it is)
                    return _coerce(value, ptype)
            return value
        if "defaultValue" in decl:
            pointer = self.base + ("parameters", name, "defaultValue")
            sources[name] = (self.doc, pointer)
            value = EVALUATOR.evaluate_value(decl["defaultValue"], Frame.of(self), pointer)
            if isinstance(value, Unknown):
                # A default can be overridden at deployment: two parameters with the same
                # unknown default may still differ, so the value is this parameter's own.
                return Unknown(value.reason, value.params, value.partial, self.param_origin(name))
            return value
        if decl.get("nullable") is True:
            return None
        if str(decl.get("type", "")).lower() in _SECURE_TYPES:
            return Unknown(f"secure parameter '{name}' has no value", frozenset({name}), origin=self.param_origin(name))
        return Unknown(f"parameter '{name}' has no value", frozenset({name}), origin=self.param_origin(name))

    def param_origin(self, name: str) -> tuple:
        return ("param", self.key, name.lower())

    def variable(self, name: str) -> Any:
        key = name.lower()
        cached = self._var_cache.get(key)
        if cached is not None:
            if cached[1]:
                self._note(cached[1])
            return cached[0]
        declared = self.var_decls.get(key)
        if declared is None:
            return Unknown(f"variable '{name}' is not declared")
        decl_name, raw, pointer, is_copy = declared
        run = self.run
        run.effects += 1
        resolving = self._resolving
        mark = ("v", key)
        if mark not in resolving and run.reference_depth < run.limits.max_reference_depth:
            resolving.add(mark)  # (_enter's usual case, in line)
            run.reference_depth += 1
        elif not self._enter("v", key):
            self.run.report(
                VARIABLE_CYCLE, f"variable cycle: variable '{decl_name}' depends on itself", self.doc, pointer
            )
            return Unknown(f"variable '{decl_name}' is part of a cycle")
        sources: dict = {}
        self._trackers.append(sources)  # (start_tracking of a plain dict)
        try:
            frame = Frame.of(self)
            if is_copy:
                value = EVALUATOR.evaluate_copy_array(raw, frame, pointer)
            else:
                value = EVALUATOR.evaluate_value(raw, frame, pointer)
        finally:
            trackers = self._trackers  # (stop_tracking of a plain dict)
            if trackers and trackers[-1] is sources:
                trackers.pop()
            resolving.discard(mark)  # (_leave)
            run.reference_depth -= 1
        self._var_cache[key] = (value, sources)
        if sources:
            self._note(sources)
        return value

    def symbolic_resource_info(self, symbolic: str) -> Any:
        """id/name/type/apiVersion of the resource with this symbolic name."""
        resources = self.template.get("resources")
        raw = None
        if isinstance(resources, dict):
            raw = resources.get(symbolic)
            if raw is None:
                raw = next((v for k, v in resources.items() if str(k).lower() == symbolic.lower()), None)
        if not isinstance(raw, dict):
            return Unknown(f"no resource with symbolic name '{symbolic}'")
        if "copy" in raw:
            return Unknown(f"resource '{symbolic}' is a copy loop; which copy is meant is not known")
        self.run.effects += 1
        if not self._enter("r", symbolic.lower()):
            return Unknown(f"resource '{symbolic}' refers to itself")
        try:
            from arm_orchlint.model.ids import make_id

            evaluate_value = EVALUATOR.evaluate_value
            frame = Frame.of(self)
            pointer = self.base + ("resources", symbolic)
            rtype = evaluate_value(raw.get("type"), frame, pointer + ("type",))
            name = evaluate_value(raw.get("name"), frame, pointer + ("name",))
            api_version = evaluate_value(raw.get("apiVersion"), frame, pointer + ("apiVersion",))
        finally:
            self._leave("r", symbolic.lower())
        if not isinstance(rtype, str):
            return Unknown(f"the type of resource '{symbolic}' is not known")
        names = name.split("/") if isinstance(name, str) else [name]
        subscription = self.scope.get("subscriptionId")
        group = self.scope.get("resourceGroup")
        subscription = (
            subscription
            if isinstance(subscription, str)
            else Unknown("subscription().subscriptionId is only known at deployment time")
        )
        group = group if isinstance(group, str) else Unknown("resourceGroup().name is only known at deployment time")
        resource_id = make_id(
            [("subscriptions", subscription), ("resourceGroups", group)],
            rtype,
            names,
            {"resourceGroup": group, "subscriptionId": subscription},
        )
        return {"id": resource_id, "name": name, "type": rtype, "apiVersion": api_version}

    def user_function(self, key: str) -> tuple | None:
        return self.functions.get(key)

    # ------------------------------------------------------------ nested deployments

    def nested_context(
        self, pointer: tuple, inline: dict, evaluated_props: Any, scope: dict, depth: int, values: Any = None
    ) -> TemplateContext:
        """The context of the inline, inner-scoped nested template of the deployment at
        ``pointer`` (one per deployment that is not a copy loop): the expander lists its
        resources in it and ``reference('<deployment>').outputs`` evaluates its outputs in
        it, so both see the same parameter values and the same unknowns.  The values are
        ``values`` when given (see evaluation/deferred.py), else those of ``evaluated_props``."""
        key = (id(self.doc), tuple(pointer))
        found = self.run.nested.get(key)
        if found is not None:
            return found
        values = nested_values(values, evaluated_props, self.doc, pointer, inline)
        # (scope and deployment_depth by position: a class call with keywords costs more)
        context = TemplateContext(self.run, self.doc, key[1] + ("properties", "template"), inline, values, scope, depth)
        self.run.nested[key] = context
        return context

    def deployment_outputs(self, symbolic: str) -> Any:
        """``reference('<name>').outputs`` of a deployment of this template with an inline
        template (a Bicep module): its outputs evaluated with the parameters the deployment
        passes.  ``<name>`` is the symbolic name in languageVersion 2.0, else the
        deployment's name.  None when that is not such a deployment."""
        cache = self._outputs
        key = symbolic.lower()
        if key in cache:
            return cache[key]
        self.run.effects += 1
        from arm_orchlint.core.keys import get_ci, key_of

        resources = self.template.get("resources")
        if isinstance(resources, dict):
            name = key_of(resources, symbolic)
        else:
            name = self._deployments_by_name().get(key)
        raw = resources[name] if name is not None else None
        if not isinstance(raw, dict) or key_of(raw, "copy") is not None:
            return None  # a loop of deployments: which one is meant is not known here
        rtype = get_ci(raw, "type")
        properties = get_ci(raw, "properties")
        inline = get_ci(properties, "template")
        if not isinstance(rtype, str) or rtype.lower() != "microsoft.resources/deployments":
            return None
        if not isinstance(inline, dict) or self.deployment_depth + 1 > self.run.limits.max_deployment_depth:
            return None
        if not self._enter("o", key):
            return Unknown(f"the outputs of deployment '{symbolic}' depend on themselves")
        try:
            pointer = self.base + ("resources", name)
            context = self._deployment_context(raw, properties, inline, pointer)
            outputs: dict = {}
            declared = get_ci(inline, "outputs")
            for out_name, spec in declared.items() if isinstance(declared, dict) else ():
                if not isinstance(spec, dict) or key_of(spec, "value") is None:
                    continue
                out_pointer = context.base + ("outputs", out_name, "value")
                value = EVALUATOR.evaluate_value(get_ci(spec, "value"), Frame.of(context), out_pointer)
                outputs[out_name] = {"type": get_ci(spec, "type"), "value": value}
        finally:
            self._leave("o", key)
        cache[key] = outputs
        return outputs

    def _deployments_by_name(self) -> dict:
        """Deployment name (lower case) -> index in ``resources``, for the deployments of a
        template whose resources are an array; a name used twice is left out."""
        found = self._by_name
        if found is not None:
            return found
        self.run.effects += 1
        from arm_orchlint.core.keys import get_ci

        found = {}
        twice: set = set()
        resources = self.template.get("resources")
        for i, raw in enumerate(resources if isinstance(resources, list) else ()):
            rtype = get_ci(raw, "type") if isinstance(raw, dict) else None
            if not isinstance(rtype, str) or rtype.lower() != "microsoft.resources/deployments":
                continue
            name = EVALUATOR.evaluate_value(get_ci(raw, "name"), Frame.of(self), self.base + ("resources", i, "name"))
            if isinstance(name, str):
                if name.lower() in found:
                    twice.add(name.lower())
                found[name.lower()] = i
        for name in twice:
            del found[name]
        self._by_name = found
        return found

    def _deployment_context(self, raw: dict, properties: dict, inline: dict, pointer: tuple) -> TemplateContext:
        from arm_orchlint.core.keys import get_ci, key_of

        options = get_ci(properties, "expressionEvaluationOptions")
        mode = get_ci(options, "scope", "outer")
        if not (isinstance(mode, str) and mode.lower() == "inner"):
            return self  # outer scope: the nested template sees this template's values
        frame = Frame.of(self)
        shown = {k: v for k, v in properties.items() if k != key_of(properties, "template")}
        evaluated = EVALUATOR.evaluate_value(shown, frame, pointer + ("properties",))
        scope = dict(self.scope)
        for member in ("resourceGroup", "subscriptionId"):
            written = key_of(raw, member)
            if written is not None:
                value = EVALUATOR.evaluate_value(raw[written], frame, pointer + (written,))
                if isinstance(value, str):
                    scope[member] = value
                else:
                    scope.pop(member, None)
        return self.nested_context(pointer, inline, evaluated, scope, self.deployment_depth + 1)


def _as_given(entry: Any) -> tuple:
    """A parameter value as (value, source doc or None, pointer); a bare value is accepted."""
    if isinstance(entry, tuple) and len(entry) == 3:
        return entry
    return (entry, None, ())


def _coerce(value: Any, ptype: str) -> Any:
    """Values given on the command line arrive as text; give them the declared type."""
    if isinstance(value, str):
        if ptype in _PARAM_TYPES_INT:
            try:
                return int(value.strip())
            except ValueError:
                return value
        if ptype in _PARAM_TYPES_BOOL and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if ptype in _JSON_TYPES and value.strip()[:1] in ("[", "{"):
            import json

            try:
                return json.loads(value)
            except ValueError:
                return value
    return value


@dataclass(frozen=True)
class Lambda:
    """A ``lambda(...)`` value: parameter names, body and the frame it was written in."""

    names: tuple
    body: Any
    frame: "Frame"

    def __repr__(self) -> str:
        # Without the frame: it holds live objects whose repr differs between runs.
        return f"Lambda(names={self.names!r}, body={self.body!r})"


class _EvaluatorSlots:
    """The evaluator's entry points.  ``evaluator`` imports this module and fills these
    slots when it is imported, so context and the function modules reach it through here
    instead of importing it back (which would be an import cycle)."""

    evaluate_value = evaluate_copy_array = evaluate_node = call_lambda = None


EVALUATOR = _EvaluatorSlots()


@dataclass(frozen=True)
class Frame:
    """Where an expression is evaluated."""

    tpl: TemplateContext
    loops: tuple = ()  # ((loop name lower, index), ...), innermost last
    current: Any = None  # the index copyIndex() with no name gives; None outside a loop
    lambdas: tuple = ()  # ((name, value), ...), innermost last
    function_args: dict | None = field(default=None, hash=False, compare=False)

    @classmethod
    def of(cls, tpl: TemplateContext) -> "Frame":
        """``Frame(tpl)``, the other fields at their defaults -- which a record without slots
        keeps on the class, so only ``tpl`` is written (a frame per first resolution of a
        parameter or variable)."""
        frame = object.__new__(cls)
        object.__setattr__(frame, "tpl", tpl)
        return frame

    # (the fields written out rather than records.replace: one frame per loop iteration and
    # per lambda call)
    def with_loop(self, name: str | None, index: Any, *, resource_loop: bool = False) -> "Frame":
        loops = self.loops + (((name or "").lower(), index),)
        current = index if resource_loop else self.current
        return self.__class__(self.tpl, loops, current, self.lambdas, self.function_args)

    def with_lambdas(self, pairs: dict) -> "Frame":
        lambdas = self.lambdas + tuple(pairs.items())
        return self.__class__(self.tpl, self.loops, self.current, lambdas, self.function_args)

    def loop_index(self, name: str | None) -> Any:
        if name is None:
            return self.current
        key = name.lower()
        for loop_name, index in reversed(self.loops):
            if loop_name == key:
                return index
        return None

    def lambda_value(self, name: str) -> Any:
        for var_name, value in reversed(self.lambdas):
            if var_name == name:
                return value
        return Unknown(f"lambda variable '{name}' is not defined here")
