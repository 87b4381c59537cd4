"""The parameter values of an inline nested deployment, evaluated when its template reads them.

Deep trees of nested deployments (AVM modules) pass thousands of values down
(``properties.parameters``) and the nested templates read about a quarter of them.  The
expander used to evaluate the whole body of every deployment to find them; now it
evaluates only what it needs (``resourceGroup``, ``subscriptionId``) and each passed value
when the nested template first reads it, or never.

That is invisible exactly when evaluating a part later gives what it gives now and notes
the same reads.  A part is *deferrable* when its strings, and those of the variables and
parameter defaults of this template it reaches by name (``reads.py``):
* parse (a syntax error is reported where the string is evaluated);
* call no ``reference()`` / ``references()`` / ``resourceInfo()`` and use no computed name
  (those reach other templates and resources, which may come back to this one);
* reach no parameter whose default reads another one (its reads are noted in another order
  once it is cached, and findings name the first one read) -- unless that parameter is
  resolved already when the deployment is met -- and no cycle of variables;
* hold no ``copy`` loop and reach no copy variable (a count over ARM's limit is reported
  where the loop is evaluated: a value nobody reads would never report it);
and the template's own functions read no variables and nothing else of that kind, hold no
copy loop and call no function of the template (the levels of calls have a limit too).  Then its
value depends only on the text and the template, and the reads it notes do not depend on
which of them were resolved before.  A part that is not deferrable is evaluated at once,
in the order the body lists it, as before (so the parameters and variables it resolves
first are resolved first as before).

A deferred value is evaluated with this template's trackers set aside: its reads were never
noted into a resource of this template other than the deployment, and the deployment's
body -- with what it reads, its ``param_sources`` -- is evaluated in full when something
asks for it (``expand._DeploymentResource``).  What is never read costs nothing, the step
budget included (so a file that spends the whole budget may stop at another place).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

    from arm_orchlint.evaluation.context import Frame, TemplateContext

from arm_orchlint.core.keys import has_copy_member, key_of
from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.core.recursion import recursion_headroom
from arm_orchlint.evaluation.evaluator import evaluate_value_safely
from arm_orchlint.evaluation.expressions import ExpressionError, parse_expression, parses_plainly
from arm_orchlint.evaluation.passed import GivenValues, Passed, PassedEntry, passed_entry
from arm_orchlint.evaluation.reads import HAZARD, string_refs

_SKIP = {"resources", "copy", "condition"}  # not part of a body (see expand._BODY_SKIP)
_RAW = {"metadata", "comments"}  # kept as written (see expand._BODY_RAW)
_SCOPE_MEMBERS = ("resourceGroup", "subscriptionId")

_MISSING = object()
_EMPTY: frozenset = frozenset()

_PARSES: dict = {}  # (max depth, max length) -> expression text -> it parses within the limits
_PARSES_MAX = 65536


def _parses(text: str, limits: Any) -> bool:
    by_text = _PARSES.get((limits.max_expression_depth, limits.max_expression_length))
    found = by_text.get(text) if by_text is not None else None
    if found is None:
        found = len(text) <= limits.max_expression_length
        # (the plain reader's test first: most values deferred are never evaluated, so
        # their trees would never be used)
        if found and not parses_plainly(text, limits.max_expression_depth):
            try:
                parse_expression(text, limits.max_expression_depth)
            except (ExpressionError, RecursionError):
                found = False
        if by_text is None:
            by_text = _PARSES[(limits.max_expression_depth, limits.max_expression_length)] = {}
        elif len(by_text) >= _PARSES_MAX:
            by_text.clear()
        by_text[text] = found
    return found


# What one expression text reaches, the same in every template: None when it does not
# parse within the limits, else (the parameters it names, the variables it names before
# a hazard -- in the order _Template._text meets them, which decides the order variables
# are analysed in --, whether it holds a hazard).  Keyed as _PARSES.
_TEXTS: dict = {}


def _text_refs(text: str, limits: Any) -> tuple | None:
    by_text = _TEXTS.get((limits.max_expression_depth, limits.max_expression_length))
    if by_text is not None:
        found = by_text.get(text, _MISSING)
        if found is not _MISSING:
            return found
    else:
        by_text = _TEXTS[(limits.max_expression_depth, limits.max_expression_length)] = {}
    found = None
    params = []
    variables = []
    hazard = False
    for ref in string_refs(text):  # (the frozenset's order, as _text met them before)
        if ref == HAZARD:
            hazard = True
            break
        if ref[0] == "p":
            params.append(ref[1])
        else:
            variables.append(ref[1])
    # A hazard met before any variable makes the text not deferrable whether it parses or
    # not (_Template._text reads no variable of it), so the parse is not asked for then.
    if (hazard and not variables) or len(text) < 2 or text[-1] != "]" or text[1] == "[" or _parses(text, limits):
        found = (frozenset(params) if params else _EMPTY, tuple(variables), hazard)
    if len(by_text) >= _PARSES_MAX:
        by_text.clear()
    by_text[text] = found
    return found


def _literal(value: Any) -> bool:
    """What the body evaluates to itself without a walk (as expand._Expander._body tests it)."""
    kind = type(value)
    return (kind is str and value[:1] != "[") or kind is int or kind is bool or value is None


# A ``copy`` member (any spelling) is a property copy loop, whose count over ARM's limit is
# reported when the loop is evaluated: a value holding one is not deferred, as what is never
# read would then go unreported.
_has_copy = has_copy_member


# a call of a template's own function (namespace.name), in an expression's text
_CALLS_FUNCTION = lazy_compile(r"\b[A-Za-z_][\w-]*\s*\.\s*[A-Za-z_][\w-]*\s*\(")

_PENDING = object()  # a variable being decided: met again, it is a cycle


class _Template:
    """What the parts of one template reach, the same in every context of it: the
    parameters a part reads by name, directly or through variables, or None when the part
    is not deferrable anywhere (a syntax error, a hazard, a cycle).  Whether a parameter is
    safe to read depends on the context (``_Template.deferrable``)."""

    __slots__ = (
        "template",
        "limits",
        "var_decls",
        "param_decls",
        "variables",
        "pending",
        "texts",
        "objects",
        "defaults",
        "waits",
        "refs",
    )

    def __init__(self, tpl: TemplateContext):
        self.template = tpl.template  # (keeps the ids below its own)
        self.limits = tpl.run.limits
        self.var_decls = tpl.var_decls  # (the same in every context of the template)
        self.param_decls = tpl.param_decls
        self.variables: dict = {}  # lower name -> parameters it reaches, None, or _PENDING
        self.pending = 0  # variables being decided (one inside the other)
        self.texts: dict = {}  # string -> parameters it reaches, or None
        self.objects: dict = {}  # id(object or array of the template) -> (it, parameters it reaches or None)
        self.defaults: dict = {}  # lower parameter name -> its default reads nothing and parses
        self.waits: dict = {}  # parameters a part reaches -> those of them whose defaults read others
        # _text_refs' table for these limits (cleared when full, never replaced)
        key = (self.limits.max_expression_depth, self.limits.max_expression_length)
        self.refs = _TEXTS.get(key)
        if self.refs is None:
            self.refs = _TEXTS[key] = {}

    def usable(self, functions: dict) -> bool:
        """The template's functions read no variables and nothing unnamed, and parse
        (``parameters()`` in them are the call's arguments)."""
        for definition, _ in functions.values():
            stack = [definition]
            while stack:
                node = stack.pop()
                kind = type(node)
                if kind is str:
                    if node[:1] == "[":
                        if not self._parses(node):
                            return False
                        if any(ref == HAZARD or ref[0] == "v" for ref in string_refs(node)):
                            return False
                        if _CALLS_FUNCTION.search(node):
                            return False  # functions calling functions count levels (a limit reported when met)
                elif kind is dict:
                    if _has_copy(node):
                        return False
                    stack.extend(node.values())
                elif kind is list:
                    stack.extend(node)
        return True

    def waits_for(self, value: Any) -> frozenset | None:
        """What keeps ``value`` (a part of this template) from being deferred: None when it
        is not deferrable at all, else the parameters it reaches whose defaults read others
        (empty: deferrable).  Such a parameter is no obstacle in a context that passes it a
        value (its default is not evaluated) or once it is resolved (its reads are then
        noted as cached ones whenever the part is evaluated)."""
        kind = type(value)
        if kind is str:
            found = self.texts.get(value, _MISSING)
            if found is _MISSING:
                found = self._text(value)
        else:
            known = self.objects.get(id(value))
            if known is not None and known[0] is value:
                found = known[1]
            else:
                found = self._walk(value)
                self.objects[id(value)] = (value, found)
        if not found:
            return found  # None, or reaching no parameter
        waits = self.waits.get(found)
        if waits is None:
            waits = [name for name in found if not self._default_ok(name)]
            waits = self.waits[found] = frozenset(waits) if waits else _EMPTY
        return waits

    def _parses(self, text: str) -> bool:
        if len(text) < 2 or text[-1] != "]" or text[1] == "[":
            return True  # not an expression: a literal (or an escaped one)
        return _parses(text, self.limits)

    def _walk(self, value: Any) -> frozenset | None:
        params: set = set()
        stack = [value]
        while stack:
            node = stack.pop()
            kind = type(node)
            if kind is str:
                if node[:1] != "[":
                    continue
                found = self.texts.get(node, _MISSING)
                if found is _MISSING:
                    found = self._text(node)
                if found is None:
                    return None
                params |= found
            elif kind is dict:
                if _has_copy(node):
                    return None  # a copy loop reports its count over the limit where it is evaluated
                stack.extend(node.values())
            elif kind is list:
                stack.extend(node)
            elif isinstance(node, (str, dict, list)):
                return None  # (subclasses do not come from the readers)
        return frozenset(params) if params else _EMPTY

    def _text(self, text: str) -> frozenset | None:
        refs = self.refs.get(text)  # (_text_refs' table read first: most texts are in it)
        if refs is None:
            refs = _text_refs(text, self.limits)
        if refs is None:
            found = None
        else:
            params, variables, hazard = refs
            if not variables:
                return None if hazard else params  # (the same in every template: not kept here)
            found = params
            for name in variables:  # in the order met before a hazard (see _text_refs)
                reached = self._variable(name)
                if reached is None:
                    found = None
                    break
                if reached:
                    found = found | reached
            else:
                if hazard:
                    found = None
        if found is not None or not self.pending:
            self.texts[text] = found  # (a None met inside a cycle is decided with the cycle)
        return found

    def _variable(self, name: str) -> frozenset | None:
        found = self.variables.get(name, _MISSING)
        if found is _PENDING:
            return None  # a cycle
        if found is not _MISSING:
            return found
        declared = self.var_decls.get(name)
        if declared is None:
            return _EMPTY  # not declared: Unknown, reads nothing
        if declared[3]:
            return None  # a copy variable: its count over the limit is reported where it is resolved
        if self.pending >= self.limits.max_reference_depth:
            return None  # a chain that long meets the reference limit
        self.variables[name] = _PENDING
        self.pending += 1
        try:
            found = self._walk(declared[1])
        finally:
            self.pending -= 1
            del self.variables[name]
        self.variables[name] = found
        return found

    def _default_ok(self, name: str) -> bool:
        found = self.defaults.get(name)
        if found is None:
            declared = self.param_decls.get(name)
            decl = declared[1] if declared is not None else None
            found = True
            if isinstance(decl, dict) and "defaultValue" in decl:
                # A default that reads other parameters notes them in another order once
                # it is cached: resolving it later could change what findings name.
                stack = [decl["defaultValue"]]
                while stack and found:
                    node = stack.pop()
                    kind = type(node)
                    if kind is str:
                        if node[:1] == "[" and (string_refs(node) or not self._parses(node)):
                            found = False
                    elif kind is dict:
                        if _has_copy(node):
                            found = False
                        stack.extend(node.values())
                    elif kind is list:
                        stack.extend(node)
                    elif isinstance(node, (str, dict, list)):
                        found = False
            self.defaults[name] = found
        return found


def _analysis(tpl: TemplateContext) -> _Template | None:
    """The analysis of ``tpl``'s template, shared by the contexts of the template in all
    expansions of the file; None when the template's functions rule deferring out."""
    found = tpl.deferral
    if found is None:
        cache = tpl.run.budget.templates
        key = ("deferral", id(tpl.template), tpl.run.limits)
        known = cache.get(key)
        if known is not None and known[0] is tpl.template:
            found = known[1]
        else:
            found = _Template(tpl)
            found = found if found.usable(tpl.functions) else False
            cache[key] = (tpl.template, found)
        tpl.deferral = found
    return found or None


# What to do with each part of a deployment's body, in body order (see _plan).  ``at``: where
# the part is written; ``given``: where its parameter_values entry says it is.  ``waits``:
# the parameters with defaults that read others the part reaches; it is deferred only when
# each of them is passed a value or already resolved when the deployment is met, else it is
# evaluated now.
_NOW = 0  # (_NOW, value, at, waits): a part not kept, evaluated now unless deferrable
_SCOPE = 1  # (_SCOPE, member, value, at): resourceGroup / subscriptionId
# ``key``: the parameter's name in lower case, as the nested context's ``given`` holds it.
_DEFER = 2  # (_DEFER, key, value, at, waits, given): a passed value, evaluated on first read
_EVALUATE = 3  # (_EVALUATE, key, value, at, given): a passed value evaluated now
_LITERAL = 4  # (_LITERAL, key, value, given): a passed literal
_ENTRY = 5  # (_ENTRY, name, entry, at, given, key): an entry evaluated now as a whole
_WRITTEN = 6  # (_WRITTEN, name, entry, given, key): a Key Vault reference, or no value
_LINK = 7  # (_LINK, value, at): templateLink, when there is no inline template
_DEFER_ENTRY = 8  # (_DEFER_ENTRY, name, entry, at, waits, given, key): an entry deferred as a whole
_ALWAYS = None  # waits of a part never deferred


def deployment_parts(
    tpl: TemplateContext, raw: dict, frame: Frame, pointer: tuple, sources: dict, inner: bool, linked: bool = False
) -> tuple | None:
    """For the deployment ``raw`` at ``pointer`` (evaluated in ``frame``, its reads recorded
    into ``sources``): ``(scope, values, link)``, the evaluated ``resourceGroup`` /
    ``subscriptionId`` members it has (as the body has them, by those names), when
    ``inner`` the ``parameter_values`` for its template (deferrable values as ``Passed``),
    and when ``linked`` (no inline template) its evaluated ``properties.templateLink``.
    What is not deferrable is evaluated now, in body order.  None when the body has a
    shape this does not follow (the caller evaluates the whole body)."""
    analysis = _analysis(tpl)
    if analysis is None:
        return None
    # the plan is the same for every copy of the deployment and every trial of the file
    cache = tpl.run.budget.templates
    key = ("plan", id(raw), pointer, inner, linked)
    known = cache.get(key)
    if known is None or known[0] is not raw:
        known = cache[key] = (raw, _plan(analysis, raw, pointer, inner, linked))
    plan = known[1]
    if plan is None:
        return None
    scope: dict = {}
    values = GivenValues()  # (in the nested context's form: see _plan)
    link = None
    doc = tpl.doc
    compute = _Deferred(tpl.run.reference_depth)
    evaluate = evaluate_value_safely
    given, resolved = tpl.given, tpl._param_cache
    new = object.__new__

    def ready(waits: frozenset) -> bool:
        """Each parameter ``waits`` names is passed a value or resolved already."""
        return all(p in given or p in resolved for p in waits)

    tpl.track_into(sources)
    try:
        with recursion_headroom():
            for step in plan:  # (the pointers in the steps are whole: see _plan)
                kind = step[0]
                if kind == _DEFER:
                    at, waits = step[3], step[4]
                    if not waits or ready(waits):
                        # Passed(step[2], frame, at, compute), its slots written here: a class
                        # call with a Python __init__ costs more than the five stores
                        passed = new(Passed)
                        passed.raw = step[2]
                        passed.frame = frame
                        passed.at = at
                        passed.compute = compute
                        passed.value = None
                    else:
                        passed = Passed(step[2], frame, at, None, evaluate(step[2], frame, at))
                    values[step[1]] = (passed, doc, step[5])
                elif kind == _NOW:
                    waits = step[3]
                    if waits is _ALWAYS or not ready(waits):
                        evaluate(step[1], frame, step[2])  # for what it resolves first and reports
                elif kind == _LITERAL:
                    values[step[1]] = (step[2], doc, step[3])
                elif kind == _EVALUATE:
                    at = step[3]
                    passed = Passed(step[2], frame, at, None, evaluate(step[2], frame, at))
                    values[step[1]] = (passed, doc, step[4])
                elif kind == _SCOPE:
                    value = step[2]
                    scope[step[1]] = value if _literal(value) else evaluate(value, frame, step[3])
                elif kind == _DEFER_ENTRY:
                    name, at, waits = step[1], step[3], step[4]
                    if not waits or ready(waits):
                        values[step[6]] = (PassedEntry(step[2], frame, at, compute, name, doc, step[5]), None, ())
                    else:
                        values[step[6]] = passed_entry(name, evaluate(step[2], frame, at), doc, step[5])
                elif kind == _LINK:
                    value = step[1]
                    link = value if _literal(value) else evaluate(value, frame, step[2])
                elif kind == _ENTRY:
                    values[step[5]] = passed_entry(step[1], evaluate(step[2], frame, step[3]), doc, step[4])
                else:
                    values[step[4]] = passed_entry(step[1], step[2], doc, step[3])
    finally:
        tpl.stop_tracking(sources)
    return scope, (values if inner else None), link


def _plan(analysis: _Template, raw: dict, pointer: tuple, inner: bool, linked: bool) -> list | None:
    """The steps for the body ``raw`` of the deployment at ``pointer`` (see the constants
    above), None for a shape this does not follow: a property copy loop in ``properties`` or
    its ``parameters``, parameters that are not an object, ``properties`` written twice in two
    spellings.  The steps hold whole pointers -- where each part is written, and where its
    ``parameter_values`` entry says it is (as deployment_parameter_values names them) -- made
    once, as the plan is kept for that pointer: each step runs in every expansion of the file."""
    props_key = key_of(raw, "properties")
    properties = raw[props_key]
    params_key = key_of(properties, "parameters")
    params = properties[params_key] if params_key is not None else None
    if _has_copy(properties) or (params is not None and (type(params) is not dict or _has_copy(params))):
        return None
    if any(k != props_key and isinstance(k, str) and k.lower() == "properties" for k in raw):
        return None
    template_key = key_of(properties, "template")
    link_key = key_of(properties, "templateLink") if linked else None
    scope_keys = {key_of(raw, member): member for member in _SCOPE_MEMBERS}
    given_at = pointer + ("properties", "parameters")
    plan: list = []
    waits_for = analysis.waits_for

    def part(value: Any, tail: tuple) -> None:
        """A part the expander does not need: evaluated now only when not deferrable (for
        what it resolves first and reports; the body, when read, evaluates it again)."""
        kind = type(value)  # (_literal, in line)
        if not ((kind is str and value[:1] != "[") or kind is int or kind is bool or value is None):
            waits = waits_for(value)
            if waits is None or waits:
                plan.append((_NOW, value, pointer + tail, waits))

    for key, value in raw.items():
        if key in scope_keys:
            plan.append((_SCOPE, scope_keys[key], value, pointer + (key,)))
            continue
        if _literal(value):
            continue
        lower = key.lower() if isinstance(key, str) else None
        if lower in _SKIP or lower in _RAW:
            continue
        if key != props_key:
            part(value, (key,))
            continue
        for pkey, pvalue in value.items():
            if pkey == template_key:
                continue
            if pkey == link_key:
                plan.append((_LINK, pvalue, pointer + (key, pkey)))
                continue
            if pkey != params_key or pvalue is None:
                part(pvalue, (key, pkey))
                continue
            at_params = pointer + (key, pkey)
            for name, entry in pvalue.items():
                lowered = (name if type(name) is str else str(name)).lower()  # (as TemplateContext lowers it)
                if inner and type(entry) is dict and len(entry) == 1 and "value" in entry:
                    # the usual entry, {"value": ...}: what the loop below does with it
                    item = entry["value"]
                    kind = type(item)
                    if (kind is str and item[:1] != "[") or kind is int or kind is bool or item is None:
                        plan.append((_LITERAL, lowered, item, given_at + (name, "value")))
                        continue
                    waits = waits_for(item)
                    if waits is None:
                        plan.append((_EVALUATE, lowered, item, at_params + (name, "value"), given_at + (name, "value")))
                    else:
                        plan.append(
                            (_DEFER, lowered, item, at_params + (name, "value"), waits, given_at + (name, "value"))
                        )
                    continue
                tail = (key, pkey, name)
                if type(entry) is not dict or key_of(entry, "copy") is not None:
                    waits = waits_for(entry) if type(entry) is str and entry[:1] == "[" else None
                    if not inner:
                        part(entry, tail)
                    elif waits is not None:
                        plan.append(
                            (_DEFER_ENTRY, name, entry, pointer + tail, waits, given_at + (name,), lowered)
                        )  # (Bicep's condition)
                    else:
                        plan.append((_ENTRY, name, entry, pointer + tail, given_at + (name,), lowered))
                    continue
                has_value = False
                for member, item in entry.items():
                    if member != "value" or not inner:
                        part(item, tail + (member,))
                        continue
                    has_value = True
                    if _literal(item):
                        plan.append((_LITERAL, lowered, item, given_at + (name, "value")))
                        continue
                    waits = waits_for(item)
                    if waits is None:
                        plan.append((_EVALUATE, lowered, item, pointer + tail + (member,), given_at + (name, "value")))
                    else:
                        plan.append(
                            (_DEFER, lowered, item, pointer + tail + (member,), waits, given_at + (name, "value"))
                        )
                if inner and not has_value:
                    plan.append((_WRITTEN, name, entry, given_at + (name,), lowered))  # a reference or no value
    return plan


class _Deferred:
    """Evaluates a deferred value: as if with the deployment's body -- no other resource of
    the template records its reads, at the reference depth the deployment was met at."""

    __slots__ = ("depth",)

    def __init__(self, depth: int):
        self.depth = depth

    def __call__(self, passed: Passed) -> Any:
        frame = passed.frame
        tpl = frame.tpl
        run = tpl.run
        trackers, recording, reference_depth = tpl._trackers, tpl.recording, run.reference_depth
        tpl._trackers, tpl.recording, run.reference_depth = [], None, self.depth
        try:
            with recursion_headroom():
                return evaluate_value_safely(passed.raw, frame, passed.at)
        finally:
            tpl._trackers, tpl.recording, run.reference_depth = trackers, recording, reference_depth
