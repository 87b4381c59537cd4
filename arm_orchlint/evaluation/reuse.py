"""Reusing the plain run's evaluation in allowedValues trials.

An allowedValues trial (lint/explore.py, lint/allowed_values.py) expands the template
again with a few parameters set to one of their allowed values.  Most of a template does
not read those parameters, and evaluating it again gives the same values: in the corpus
that was nine tenths of every trial's time.

``Recorder`` is given to the plain run's ``expand()``: it remembers every template context
(the root, nested and linked templates) and the resources evaluated in each.  A trial's
``expand()`` gets ``recorder.for_trial(names)``, which pairs each context of the trial with
the plain run's (same template, number, scope and depth).  In a pair, what differs is the
tried parameters (the root) or the parameters the deployment passes differently (a nested
template), and what reads them -- through variables and other parameters' defaults too --
is *tainted*.  Then:

* a resource of an entry of ``resources`` that reads nothing tainted takes the body and name
  the plain run evaluated, with the parameter reads recorded with them;
* another resource's body takes the plain run's values for its parts (objects, arrays,
  strings) that read nothing tainted, and is evaluated where they do;
* parameters and variables that read nothing tainted start from the plain run's values.

Everything else -- the walk, conditions, copy counts, the rules -- is done as before, so a
trial sees the same resources in the same order and its findings are exactly those of a
trial evaluated from scratch (tests/test_trial_reuse.py).

"Reads" is decided on the text, conservatively: a string reads ``parameters('x')`` and
``variables('y')`` by name; a computed name, ``reference()``, ``references()`` and
``resourceInfo()`` (values of other resources, which the text does not show) count as
reading anything.  A parameter whose default reads others is always tainted: its recorded
reads come in another order once it is cached, and findings name the first.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

    from arm_orchlint.evaluation.context import Budget, Frame, TemplateContext
    from arm_orchlint.front.document import Document
    from arm_orchlint.model.resources import Resource

from arm_orchlint.core.keys import get_ci, has_copy_member, key_of
from arm_orchlint.core.rule_ids import EVALUATION_LIMIT
from arm_orchlint.core.values import Unknown
from arm_orchlint.evaluation.context import LimitReached, ParamSources
from arm_orchlint.evaluation.evaluator import evaluate_value, evaluate_value_safely
from arm_orchlint.evaluation.expand import DEPLOYMENTS_TYPE
from arm_orchlint.evaluation.passed import Passed
from arm_orchlint.evaluation.reads import _READS
from arm_orchlint.evaluation.reads import HAZARD as _HAZARD
from arm_orchlint.evaluation.reads import NO_REFS as _NO_REFS
from arm_orchlint.evaluation.reads import string_refs as _string_refs
from arm_orchlint.model.resources import Lazy

_MISSING = object()


def _references(value: Any) -> frozenset:
    """What the strings inside ``value`` read in the template's own context (see
    ``_string_refs``).  The template of an inner-scoped nested deployment is left out: it
    is evaluated in its own context, from the parameters the deployment passes."""
    found: list = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in node:
                if type(key) is str and key[:1] == "[":
                    _string_reads(key, found)
            inner = _inner_template(node)
            members = node.values()
            if inner is not None:
                members = [v for v in members if v is not inner[0]]
                members += [v for k, v in inner[0].items() if k != inner[1]]
        elif isinstance(node, list):
            members = node
        else:
            if type(node) is str:
                _string_reads(node, found)
            continue
        # (strings are looked at here, literals skipped: only containers go on the stack)
        for member in members:
            kind = type(member)
            if kind is str:
                if member[:1] == "[":  # (any other string reads nothing)
                    _string_reads(member, found)
            elif kind is not int and kind is not bool and kind is not float and member is not None:
                stack.append(member)
    return frozenset().union(*found) if found else _NO_REFS


def _string_reads(text: str, found: list) -> None:
    """Adds what one string reads to ``found`` (``_references``)."""
    refs = _string_refs(text)
    if refs:
        found.append(refs)
        if _HAZARD in refs and _computed_name(text):
            found.append(_COMPUTED_REFS)


# In what ``_references`` gives (not ``refs_of``): a string that reads a parameter or variable
# of a computed name (as well as ``HAZARD``, which every such string holds).  ``_Template.sealed``
# tells it from ``reference()`` and friends, which read only the template's own deployments.
_COMPUTED = ("c", "")
_COMPUTED_REFS = frozenset((_COMPUTED,))
_COMPUTED_TEXTS: dict[str, bool] = {}


def _computed_name(text: str) -> bool:
    found = _COMPUTED_TEXTS.get(text)
    if found is None:
        found = any(f[0] in "pPvV" and not quoted for f, quoted in _READS.findall(text))
        if len(_COMPUTED_TEXTS) >= 4096:
            _COMPUTED_TEXTS.clear()
        _COMPUTED_TEXTS[text] = found
    return found


_TYPE_SPELLINGS = frozenset(
    "".join(c.upper() if n >> i & 1 else c for i, c in enumerate("type")) for n in range(16)
)  # "type", "Type", ..., "TYPE"


def _inner_template(node: dict) -> tuple | None:
    """(properties, template key) of a nested deployment whose template is inner-scoped
    (as evaluation/expand.py decides it, on the text), else None."""
    # (most objects have no "type" in any spelling: told by one set test, not by a walk of
    # their keys; only ASCII names lower-case to "type")
    if "type" not in node and node.keys().isdisjoint(_TYPE_SPELLINGS):
        return None
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
        params = get_ci(data, "parameters")
        for name, spec in params.items() if isinstance(params, dict) else ():
            default = get_ci(spec, "defaultValue") if isinstance(spec, dict) else None
            # (most defaults are literals or absent: they read nothing)
            literal = default is None or (type(default) is str and default[:1] != "[")
            self.params[str(name).lower()] = _NO_REFS if literal else _references(default)
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
        # key in ``resources`` -> the entry; what it reads is worked out when first asked
        # (``entry_refs``): a trial asks only about the entries it walks, often not all
        resources = get_ci(data, "resources")
        if isinstance(resources, list):
            self.entries: dict = dict(enumerate(resources))
        else:
            self.entries = resources if isinstance(resources, dict) else {}
        self._entry_refs: dict = {}
        self._clean: dict[frozenset, tuple] = {}
        self._refs: dict[int, tuple] = {}  # id(object or array of the template) -> (it, what it reads)
        self._data = data
        self._sealed: bool | None = None

    def sealed(self) -> bool:
        """Whether every entry of ``resources`` and every output of this template reads
        nothing that may differ between two expansions given the same parameter values
        (a nested template whose deployment passes the same values): no parameter or variable
        of a computed name, no parameter whose default reads others (its reads are recorded
        in another order once cached).  ``reference()``, ``references()`` and
        ``resourceInfo()`` may be used: they read only this template's own deployments and
        resources, the same in both."""
        if self._sealed is None:
            tainted = self._spread({_COMPUTED} | {("p", name) for name, refs in self.params.items() if refs})
            outputs = _references(get_ci(self._data, "outputs"))
            self._sealed = (
                self.usable
                and outputs.isdisjoint(tainted)
                and all(self.entry_refs(key).isdisjoint(tainted) for key in self.entries)
            )
        return self._sealed

    def _spread(self, tainted: set) -> set:
        """``tainted`` grown, in place, by every parameter default and variable that reads
        one of its members, directly or through others."""
        changed = True
        while changed:
            changed = False
            for kind, table in (("p", self.params), ("v", self.variables)):
                for name, refs in table.items():
                    if (kind, name) not in tainted and not refs.isdisjoint(tainted):
                        tainted.add((kind, name))
                        changed = True
        return tainted

    def entry_refs(self, key: Any) -> frozenset:
        """What the entry ``key`` of ``resources`` reads (``_references``), remembered."""
        found = self._entry_refs.get(key)
        if found is None:
            found = self._entry_refs[key] = _references(self.entries[key])
        return found

    def refs_of(self, node: Any) -> frozenset:
        """What ``node`` (a value of the template) reads, as ``_references`` says,
        remembered for objects and arrays."""
        kind = type(node)
        if kind is str:
            return _string_refs(node)
        if kind is not dict and kind is not list:
            return _NO_REFS
        known = self._refs.get(id(node))
        if known is not None and known[0] is node:
            return known[1]
        parts: list = []  # what the expressions and containers among the members read
        if kind is list:
            members = node
        else:
            for key in node:
                if type(key) is str and key[:1] == "[":
                    parts.append(_string_refs(key))
            inner = _inner_template(node)
            members = node.values()
            if inner is not None:
                members = [v for v in members if v is not inner[0]]
                members += [v for k, v in inner[0].items() if k != inner[1]]
        for member in members:
            member_kind = type(member)
            if member_kind is str:
                if member[:1] == "[":  # (any other string reads nothing)
                    parts.append(_string_refs(member))
            elif member_kind is dict or member_kind is list:
                parts.append(self.refs_of(member))
        refs = frozenset().union(*parts) if parts else _NO_REFS
        self._refs[id(node)] = (node, refs)  # keeps ``node`` alive: its id stays its own
        return refs

    def closure(self, tried: frozenset) -> tuple[dict, set]:
        """The ('p'/'v', name) parameters and variables that may read one of the parameters
        ``tried`` (lower case), with a dict for the answers of ``clean`` under them."""
        found = self._clean.get(tried)
        if found is not None:
            return found
        tainted = {("p", str(name).lower()) for name in tried}
        tainted.add(_HAZARD)
        # A parameter whose default reads others records its reads in one order when it is
        # first resolved (the others, then itself) and in another once cached (itself
        # first), and findings name the first: what reads it is evaluated again, in the
        # trial's own order, and its value is not taken from the plain run.
        tainted |= {("p", name) for name, refs in self.params.items() if refs}
        self._spread(tainted)
        found = self._clean[tried] = ({}, tainted)
        return found

    def clean(self, key: Any, found: tuple[dict, set]) -> bool:
        """Whether the entry ``key`` of ``resources`` reads nothing tainted in ``found``
        (a ``closure``), remembered there."""
        answers, tainted = found
        answer = answers.get(key)
        if answer is None:
            answer = answers[key] = key in self.entries and self.entry_refs(key).isdisjoint(tainted)
        return answer


class Recorder:
    """Given to the plain run's ``expand()``: remembers every template context and the
    resources evaluated in each, to be reused by trials (``for_trial``)."""

    def __init__(self, doc: Document, budget: Budget):
        self.doc = doc
        self.budget = budget
        # (id(context), pointer, copy loop indices, copyIndex()) -> the resource evaluated
        # there; a pointer met again with the same frame (a deployment loop over an
        # outer-scoped template) evaluates to the same values
        self.resources: dict[tuple, Resource] = {}
        self.contexts: dict[int, TemplateContext] = {}  # id(deployment resource) -> its template's context
        self.pinned: list = []  # what the ids above name, kept alive
        self.templates: dict[int, tuple] = {}  # id(template object) -> (it, its _Template)
        # id(a resource's record) -> (it, its size, prefix -> the pointers recorded under it)
        self.under: dict[int, tuple] = {}
        self.root: TemplateContext | None = None
        # (id(context), pointer) of an entry of ``resources`` -> what walking it made (None when
        # it was walked twice: an outer-scoped template in a copy loop)
        self.walked: dict[tuple, _Walked | None] = {}
        self.expanded: list = []  # the contexts nested templates were expanded in, in order

    # -- the hooks expand() calls (see evaluation/expand.py) --------------------------
    def opened(self, tpl: TemplateContext) -> None:
        """The root template's context, before anything is evaluated in it."""
        self.root = tpl
        self.pinned.append(tpl)

    def produced(self, tpl: TemplateContext, produced: list) -> None:
        """The (resource, frame) pairs the expander made for one template entry."""
        for res, frame in produced:
            self.resources.setdefault(_key(tpl, res.pointer, frame), res)

    def entered(self, tpl: TemplateContext, deployment: Resource, context: TemplateContext) -> None:
        """The context the template of ``deployment`` (made in ``tpl``) is expanded in."""
        if context is not tpl:
            self.contexts[id(deployment)] = context
            self.pinned.append(context)
            self.expanded.append(context)

    def entry(self, expander: Any, walk: tuple) -> None:
        """Walks one entry of a template's ``resources`` (``_Expander.entry``) and remembers
        what that made, for a trial to take whole (``_Reuse.entry``)."""
        out, run = expander.out, expander.run
        before = (out.size, run.contexts, expander.deployments, len(run.nested), len(self.expanded))
        expander.entry(*walk)
        key = (id(walk[0]), walk[2])
        if key in self.walked:
            self.walked[key] = None
            return
        nested = list(run.nested.items())[before[3] :] if len(run.nested) > before[3] else []
        walked = self.walked[key] = _Walked(
            out, before, (out.size, run.contexts, expander.deployments), nested, self.expanded[before[4] :], walk
        )
        if expander.deployments > run.limits.max_deployments:
            # a deployment left out by the cap: reference() to it would open its context later
            walked.sealed = False

    def sealed(self, walked: _Walked) -> bool:
        """Whether what ``walked`` made depends only on the entry's own text: every nested
        template it expanded was opened by it and is ``_Template.sealed``.  (``reference()``
        inside them reads their own deployments' outputs: each inline one not in a copy loop
        was expanded in the walk unless the cap left it out, so its context is one of the
        walk's, not opened later in the trial's numbering.)"""
        if walked.sealed is None:
            first = walked.before[1]
            walked.sealed = all(
                context.key >= first and self.template(context.template).sealed() for context in walked.opened
            )
        return walked.sealed

    def quiet(self) -> tuple | None:
        """During a trial: what the plain run reports is set aside (``restore``).  A trial
        that took an entry whole may evaluate a resource of the plain run that no rule read
        yet, in the plain run's context; what that reports belongs to the trial, whose
        diagnostics are dropped.  (Nothing of the plain run is evaluated after its first
        trial: explore() reads the bodies of the explored types before trying anything.)"""
        if self.root is None:
            return None
        run = self.root.run
        saved = (run, run.diagnostics, run._seen)
        run.diagnostics, run._seen = [], set()
        return saved

    @staticmethod
    def restore(saved: tuple | None) -> None:
        if saved is not None:
            run, run.diagnostics, run._seen = saved

    def builder(self, build):
        """``build`` for the pending (fast-path) resources of the expansion."""

        def built(shared, *rest):
            res = build(shared, *rest)
            self.resources.setdefault(_key(shared.tpl, res.pointer, shared.frame), res)
            return res

        return built

    def template(self, data: dict) -> _Template:
        known = self.templates.get(id(data))
        if known is None or known[0] is not data:
            known = self.templates[id(data)] = (data, _Template(data))
        return known[1]

    # -- trials --------------------------------------------------------------------------
    def for_trial(self, tried: set) -> _Reuse | None:
        """What a trial with ``tried`` (parameter names) set can reuse; None when nothing."""
        if self.budget.exhausted or self.root is None:
            return None  # values cut short by the budget are not the trial's values
        return _Reuse(self, frozenset(n.lower() for n in tried))


def _key(tpl: TemplateContext, pointer: tuple, frame: Frame) -> tuple:
    loops, current = frame.loops, frame.current
    if type(current) is Unknown or any(type(index) is Unknown for _, index in loops):
        # a loop over an unknown count has one iteration, with an unknown index that each
        # run makes anew: it is known by what it says
        loops = tuple((name, _index(index)) for name, index in loops)
        current = _index(current)
    return (id(tpl), tuple(pointer), loops, current)


def _index(index: Any) -> Any:
    return ("unknown", index.reason, index.params) if type(index) is Unknown else index


def _evaluated(res: Resource, slot: str) -> Any:
    """The body or name the plain run evaluated for ``res``; _MISSING when not evaluated
    (a fast-path resource holds a Lazy placeholder until first use, evaluation/expand.py)."""
    value = getattr(res, slot, _MISSING)
    return _MISSING if isinstance(value, Lazy) else value


def _same(a: Any, b: Any) -> bool:
    """The same value (an Unknown only as the same object: one taken from the plain run)."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        return len(a) == len(b) and all(k in b and _same(v, b[k]) for k, v in a.items())
    if kind is list:
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if kind is str or kind is int or kind is float or kind is bool:
        return a == b
    return False


class _Walked:
    """What the plain run's walk of one entry of ``resources`` made: the resources it added to
    ``out`` (from ``before[0]`` to ``after[0]``), the contexts and nested deployments it
    counted, the inline nested contexts it registered, the nested templates it expanded, and
    the walk's arguments (``_Expander.entry``)."""

    __slots__ = ("out", "before", "after", "nested", "opened", "walk", "sealed")

    def __init__(self, out, before: tuple, after: tuple, nested: list, opened: list, walk: tuple):
        self.out = out
        self.before = before
        self.after = after
        self.nested = nested
        self.opened = opened
        self.walk = walk
        self.sealed: bool | None = None


class _Reuse:
    """Given to a trial's ``expand()``: pairs each template context of the trial with the
    plain run's (``_Pair``), the root with the tried parameters as what differs, a nested
    template with the parameters its deployment passes differently."""

    def __init__(self, base: Recorder, tried: frozenset):
        self.base = base
        self.tried = tried
        self.pairs: dict[int, _Pair] = {}  # id(trial context) -> its pair
        self.counterparts: dict[int, Resource] = {}  # id(trial resource) -> the plain run's
        self.pinned: list = []
        self.taken: set = set()  # id() of the plain run's walks taken whole (each at most once)
        self.given: set = set()  # id() of the plain run's fast-path resources given to this trial

    def _pair(self, tpl: TemplateContext, old: TemplateContext, tainted_params: set) -> None:
        if (
            old.template is not tpl.template
            or old.doc is not tpl.doc
            or old.key != tpl.key  # Unknowns name their template by this number
            or old.base != tpl.base
            or old.scope != tpl.scope
            or old.deployment_depth != tpl.deployment_depth
        ):
            return
        template = self.base.template(tpl.template)
        if not template.usable:
            return
        pair = _Pair(self, tpl, old, template, template.closure(frozenset(tainted_params)))
        self.pairs[id(tpl)] = pair
        self.pinned.append(tpl)
        tpl.reuse = pair  # bodies evaluated in this context ask pair.body_evaluator
        # The values parameters and variables got in the plain run, as their caches hold
        # them (value, parameters read): what the trial would compute again.
        for kind, mine, theirs in (("p", tpl._param_cache, old._param_cache), ("v", tpl._var_cache, old._var_cache)):
            for name, cached in theirs.items():
                if (kind, name) not in pair.tainted:
                    mine.setdefault(name, cached)

    # -- the hooks expand() calls --------------------------------------------------------
    def opened(self, tpl: TemplateContext) -> None:
        self._pair(tpl, self.base.root, self.tried)

    def produced(self, tpl: TemplateContext, produced: list) -> None:
        pair = self.pairs.get(id(tpl))
        if pair is None:
            return
        for res, frame in produced:
            old = self.base.resources.get(_key(pair.old, res.pointer, frame))
            if old is not None:
                self.counterparts[id(res)] = old
                self.pinned.append(res)
                if pair.clean(res.pointer):
                    pair.adopt(res, old)

    def entered(self, tpl: TemplateContext, deployment: Resource, context: TemplateContext) -> None:
        if context is tpl or id(tpl) not in self.pairs:
            return
        old_deployment = self.counterparts.get(id(deployment))
        old = self.base.contexts.get(id(old_deployment)) if old_deployment is not None else None
        if old is None:
            return
        mine, theirs = context.given, old.given
        parent = self.pairs[id(tpl)]
        differ = {
            name for name in mine.keys() | theirs.keys() if not _same_given(mine.get(name), theirs.get(name), parent)
        }
        self._pair(context, old, differ)

    def entry(self, expander: Any, walk: tuple) -> None:
        """One entry of a template's ``resources``: taken whole from the plain run when
        nothing it made can differ (``_take``), else walked."""
        if not self._take(expander, walk):
            expander.entry(*walk)

    def _take(self, expander: Any, walk: tuple) -> bool:
        """Adds what the plain run's walk of this entry made -- the same resources, nested
        templates and all -- when the entry reads nothing tainted, every nested template it
        expanded is sealed, and the walk starts from the same place: the same condition and
        scope, the same counts of contexts (Unknowns name their template by its number) and
        of nested deployments (capped), and no nested context it registers opened already."""
        tpl, pointer = walk[0], walk[2]
        pair = self.pairs.get(id(tpl))
        if pair is None or not pair.clean(pointer):
            return False
        walked = self.base.walked.get((id(pair.old), pointer))
        if walked is None or id(walked) in self.taken:
            return False
        run, old = expander.run, walked.walk
        if (
            run.exhausted
            or run.contexts != walked.before[1]
            or expander.deployments != walked.before[2]
            or not (_same(walk[6], old[6]) and _same(walk[7], old[7]))
            or any(key in run.nested for key, _ in walked.nested)
            or not self.base.sealed(walked)
        ):
            return False
        expander.out.take(walked.out, walked.before[0], walked.after[0])
        run.contexts, expander.deployments = walked.after[1], walked.after[2]
        run.nested.update(walked.nested)
        self.taken.add(id(walked))
        return True

    def builder(self, build):
        def built(shared, raw, plan, type_lower, key):
            pair = self.pairs.get(id(shared.tpl))
            if pair is not None:
                pointer = shared.base + ("resources", key)
                if pair.clean(pointer):
                    old = self.base.resources.get(_key(pair.old, pointer, shared.frame))
                    if old is not None:
                        if (
                            id(old) not in self.given
                            and _same(shared.condition, old.condition)
                            and _same(shared.scope, old.scope)
                        ):
                            # the plain run's resource itself, as ``_take`` gives whole entries
                            self.given.add(id(old))
                            return old
                        res = build(shared, raw, plan, type_lower, key)
                        pair.adopt(res, old)
                        return res
            return build(shared, raw, plan, type_lower, key)

        return built


def _same_given(a: Any, b: Any, parent: _Pair) -> bool:
    """Two ``TemplateContext.given`` entries, (value, document, pointer), are the same."""
    if a is None or b is None:
        return a is b
    try:
        if a[1] is not b[1] or tuple(a[2] or ()) != tuple(b[2] or ()):
            return False
        if isinstance(a[0], Passed) and isinstance(b[0], Passed) and type(a[0]) is type(b[0]):
            return _same_passed(a[0], b[0], parent)
        return _same(a[0], b[0])
    except RecursionError:  # too deep to compare: not known to be the same
        return False


def _same_passed(a: Passed, b: Passed, parent: _Pair) -> bool:
    """A value the trial's deployment passes and the plain run's (evaluation/deferred.py):
    the same when written at the same place, evaluated in the same copy of the deployment,
    and reading nothing the trial changes in the deployment's template -- what a body part
    is reused on (``_Pair._partial``), whether or not either was evaluated yet."""
    if a.raw is b.raw and a.at == b.at:
        fa, fb = a.frame, b.frame
        # (outside a copy loop, the usual case, both frames have no loop to compare)
        looped = fa.loops or fb.loops or fa.current is not None or fb.current is not None
        if not looped or _key(fa.tpl, (), fa)[2:] == _key(fb.tpl, (), fb)[2:]:
            if parent.template.refs_of(a.raw).isdisjoint(parent.tainted):
                return True
    return a.done and b.done and _same(a.value, b.value)


class _Pair:
    """One template context of a trial and the plain run's context it repeats: entries of
    the template that read nothing ``tainted`` adopt what the plain run evaluated, the
    other bodies take the plain run's values for their parts that read nothing tainted."""

    def __init__(self, reuse: _Reuse, tpl: TemplateContext, old: TemplateContext, template: _Template, found):
        self.reuse = reuse
        self.tpl = tpl
        self.old = old
        self.found = found  # the template's closure of what differs
        self.tainted = found[1]  # ('p'/'v', name) tainted
        self.template = template
        self.depth = len(tpl.base) + 1  # pointer[depth] is the entry of a resource of this template

    def clean(self, pointer: tuple) -> bool:
        return len(pointer) > self.depth and self.template.clean(pointer[self.depth], self.found)

    def adopt(self, res: Resource, old: Resource) -> None:
        adopted = False
        for slot in ("_body", "_name"):
            value = _evaluated(old, slot)
            if value is not _MISSING:
                setattr(res, slot, value)
                adopted = True
        if adopted:
            _merge_sources(res.param_sources, old.param_sources, self.tainted)

    # -- a body that reads a tainted parameter somewhere ------------------------------
    def body_evaluator(self, frame: Frame, pointer: tuple):
        """For ``_Expander._body``: evaluates one member of the body of the resource at
        ``pointer``, taking the plain run's values for what reads nothing tainted.
        None when the plain run did not evaluate that body."""
        old = self.reuse.base.resources.get(_key(self.old, pointer, frame))
        old_body = _evaluated(old, "_body") if old is not None else _MISSING
        if type(old_body) is not dict:
            return None
        prefixes: list = []
        names_merged: list = []

        def evaluate(value: Any, frame: Frame, at: tuple) -> Any:
            try:
                result = self._partial(value, old_body.get(at[-1], _MISSING), frame, at, prefixes)
            except LimitReached as exc:  # as evaluate_value_safely does
                if exc.report:
                    frame.tpl.run.report(EVALUATION_LIMIT, exc.message, frame.tpl.doc, at)
                return Unknown(exc.message)
            except (RecursionError, MemoryError):
                return evaluate_value_safely(value, frame, at)
            if prefixes:
                into = _recording(frame.tpl)
                if not names_merged:
                    _merge_sources(into, old.param_sources, self.tainted, ())
                    names_merged.append(True)
                self._merge_parts(into, old.param_sources, prefixes)
                prefixes.clear()
            return result

        return evaluate

    def _merge_parts(self, into: dict, old: dict, prefixes: list) -> None:
        """The recorded reads of the values under ``prefixes`` taken from the plain run."""
        by = getattr(into, "by_pointer", None)
        old_by = getattr(old, "by_pointer", None)
        if by is None or not old_by:
            return
        under = self.reuse.base.under.get(id(old))
        if under is None or under[0] is not old or under[1] != len(old_by):
            index: dict = {}
            for pointer in old_by:
                for n in range(1, len(pointer) + 1):
                    index.setdefault(pointer[:n], []).append(pointer)
            under = self.reuse.base.under[id(old)] = (old, len(old_by), index)
        for prefix in prefixes:
            for pointer in under[2].get(prefix, ()):
                names = old_by[pointer]
                known = by.get(pointer)
                if known is None:
                    by[pointer] = names
                elif known != names:
                    by[pointer] = tuple(dict.fromkeys(known + names))

    def _partial(self, raw: Any, old: Any, frame: Frame, at: tuple, prefixes: list) -> Any:
        """``evaluate_value(raw)``, with the plain run's value ``old`` for each part that
        reads nothing tainted.  Objects and arrays are walked as the evaluator walks them
        (and count the same steps); a property copy loop is evaluated as a whole."""
        if old is _MISSING:
            return evaluate_value(raw, frame, at)
        kind = type(raw)
        if (_string_refs(raw) if kind is str else self.template.refs_of(raw)).isdisjoint(self.tainted):
            prefixes.append(at)
            return old
        if kind is dict and type(old) is dict and not has_copy_member(raw):
            _tick(frame, len(raw) + 1)
            out = {}
            partial = self._partial
            for key, item in raw.items():
                t = type(item)
                if t is str and item[:1] != "[" or t is int or t is bool or t is float or item is None:
                    out[key] = item  # a literal evaluates to itself
                else:
                    out[key] = partial(item, old.get(key, _MISSING), frame, at + (key,), prefixes)
            return out
        if kind is list and type(old) is list and len(old) == len(raw):
            _tick(frame, len(raw) + 1)
            return [
                item if _literal(item) else self._partial(item, old[i], frame, at + (i,), prefixes)
                for i, item in enumerate(raw)
            ]
        return evaluate_value(raw, frame, at)


def _recording(tpl: TemplateContext) -> dict:
    """The record of the resource being evaluated in ``tpl`` (see TemplateContext.track_into)."""
    return next((t for t in reversed(tpl._trackers) if isinstance(t, ParamSources)), {})


def _literal(item: Any) -> bool:
    kind = type(item)
    if kind is str:
        return item[:1] != "["
    return kind is int or kind is bool or kind is float or item is None


def _tick(frame: Frame, count: int) -> None:
    run = frame.tpl.run
    if not run.exhausted:
        run.tick(count)


def _merge_sources(into: dict, old: dict, tainted: set, by_pointer: Any = None) -> None:
    """Add the parameter reads the plain run recorded to a trial resource's record (the
    pointers too unless ``by_pointer`` is given).  Where a tainted parameter's value came
    from is the trial's to say."""
    for name, where in old.items():
        if ("p", str(name).lower()) not in tainted:
            into.setdefault(name, where)
    old_by = getattr(old, "by_pointer", None)
    by = getattr(into, "by_pointer", None)
    if not old_by or by is None or by_pointer is not None:
        return
    for pointer, names in old_by.items():
        known = by.get(pointer)
        if known is None:
            by[pointer] = names
        elif known != names:
            by[pointer] = tuple(dict.fromkeys(known + names))
