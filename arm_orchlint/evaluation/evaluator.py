"""Evaluating expression trees and JSON values that contain expressions.

``evaluate_value`` walks a JSON value, evaluates every expression string and expands
property ``copy`` blocks.  ``evaluate_string`` is where syntax errors (ORCH902) and limits
(ORCH901) turn into diagnostics and an Unknown, so nothing escapes as an exception.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.keys import key_of
from arm_orchlint.core.rule_ids import EVALUATION_LIMIT, EXPRESSION_ERROR
from arm_orchlint.core.values import Unknown, contains_unknown, is_unknown, unknown_params
from arm_orchlint.evaluation.context import EVALUATOR, Frame, LimitReached
from arm_orchlint.evaluation.expressions import _CACHE as _PARSED
from arm_orchlint.evaluation.expressions import (
    Call,
    ExpressionError,
    ExpressionTooDeep,
    Index,
    Literal,
    Member,
    parse_expression,
)

# the function modules fill REGISTRY when imported
from arm_orchlint.evaluation.functions import library as functions
from arm_orchlint.evaluation.functions import scope as scope_functions
from arm_orchlint.evaluation.functions.logic import if_decided
from arm_orchlint.evaluation.functions.registry import REGISTRY, FunctionError

_FUNCTION_MODULES = (functions, scope_functions)

_RUNTIME_PREFIXES = ("list",)


def evaluate_string(text: str, frame: Frame, pointer: tuple) -> Any:
    """The value of one JSON string from the template (expression or literal).  While a
    resource is evaluated, the parameters each expression reads are recorded by pointer."""
    if len(text) < 2 or text[0] != "[" or text[-1] != "]" or text[1] == "[":  # not is_expression(text)
        return text[1:] if text.startswith("[[") and text.endswith("]") else text
    tpl = frame.tpl
    if frame.function_args is None and not frame.lambdas:  # (see "the memo of expressions" below)
        memo = tpl.memo
        entry = memo.get(text)
        run = tpl.run
        budget = run.budget
        if entry is None:
            effects, steps = run.effects, budget.steps
            by_pointer = tpl.recording
            reads: dict = {}
            trackers = tpl._trackers
            trackers.append(reads)  # what this expression reads, to be noted again by a repeat
            try:
                value = _evaluate_expression(text, frame, pointer)
            finally:
                if trackers and trackers[-1] is reads:
                    trackers.pop()
                if reads and by_pointer is not None:
                    _record_reads(by_pointer, pointer, reads)
            if run.effects == effects and not budget.exhausted:
                # kept as it is; whether the text may be repeated is asked at its first repeat
                # (most texts are evaluated once in a template)
                memo[text] = (value, reads or None, budget.steps - steps)
            return value
        if entry is not _NOT_REPEATABLE:
            if not _repeatable(text, run.limits.max_expression_depth):
                memo[text] = _NOT_REPEATABLE
            else:
                value, reads, steps = entry
                # The steps the evaluation would cost, at once; where they would cross the limit,
                # the evaluation is done for real, to stop where it stops.
                if not budget.exhausted and budget.steps + steps <= run.limits.max_steps:
                    budget.steps += steps
                    if reads is not None:
                        tpl._note(reads)
                        by_pointer = tpl.recording
                        if by_pointer is not None:
                            _record_reads(by_pointer, pointer, reads)
                    return value
    by_pointer = tpl.recording
    if by_pointer is None:
        return _evaluate_expression(text, frame, pointer)
    reads: dict = {}
    trackers = tpl._trackers
    trackers.append(reads)  # (start_tracking without its checks: this runs for every expression)
    try:
        return _evaluate_expression(text, frame, pointer)
    finally:
        if trackers and trackers[-1] is reads:
            trackers.pop()
        if reads:
            _record_reads(by_pointer, pointer, reads)


def _record_reads(by_pointer: dict, pointer: tuple, reads: dict) -> None:
    names = tuple(reads)
    known = by_pointer.setdefault(pointer, names)  # (one hash of the pointer when it is new)
    if known is not names:
        by_pointer[pointer] = tuple(dict.fromkeys(known + names))


# ---------------------------------------------------------------- the memo of expressions
#
# A template writes the same expression many times (``[resourceGroup().location]``, the
# same ``resourceId(...)`` in every resource, the same text in every copy of a loop).
# Outside a user-defined function (whose ``parameters()`` are its arguments) and without
# ``copyIndex()`` (the only function that reads the copy loops of the frame; lambda
# variables live in expression trees, never in strings), its value depends only on the
# text and the template's context, so each template keeps the values (TemplateContext.memo)
# and a repeat gives the same value, object and all: evaluated values are never changed in
# place (see the note above _evaluate_object).  A repeat must be indistinguishable from
# evaluating it again, so:
# * an evaluation is kept only when nothing else happened during it (Run.effects): no
#   report (a repeat at another pointer would report there), no first resolution of a
#   parameter or variable (later reads of a cached one are noted in another order, and
#   cost fewer steps), no template opened;
# * a repeat notes the same parameter reads, in the same order, into the same trackers;
# * a repeat costs the same steps; where they would cross the limit it is evaluated;
# * ``reference()``, ``references()``, ``resourceInfo()`` (values of other resources),
#   ``copyIndex()`` and user-defined functions (they count levels of calls) are not kept.
# A repeat cannot hide a RecursionError either: it recurses less, and the limits keep real
# depth far below the headroom (core/recursion.py).

_NOT_REPEATABLE = ("not repeatable",)  # a memo entry: evaluate every time
_UNREPEATABLE_CALLS = frozenset({"reference", "references", "resourceinfo", "copyindex"})
_REPEATABLE: dict = {}  # expression text -> its tree calls only functions that may be kept
_REPEATABLE_MAX = 50_000


def _repeatable(text: str, max_depth: int) -> bool:
    found = _REPEATABLE.get(text)
    if found is None:
        found = _calls_repeatable(parse_expression(text, max_depth))
        if len(_REPEATABLE) >= _REPEATABLE_MAX:
            _REPEATABLE.clear()
        _REPEATABLE[text] = found
    return found


def _calls_repeatable(node: Any) -> bool:
    stack = [node]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is Call:
            # a built-in by its own name (a namespaced or unknown name may be the template's)
            key = node[1]
            if key not in REGISTRY or key in _UNREPEATABLE_CALLS:
                return False
            stack.extend(node[2])
        elif kind is Member:
            stack.append(node[0])
        elif kind is Index:
            stack.append(node[0])
            stack.append(node[1])
    return True


def _evaluate_expression(text: str, frame: Frame, pointer: tuple) -> Any:
    run = frame.tpl.run
    if run.budget.exhausted:
        return Unknown(_SPENT)
    limits = run.limits
    if len(text) > limits.max_expression_length:
        run.report(
            EVALUATION_LIMIT,
            f"expression is {len(text)} characters long, over the limit of "
            f"{limits.max_expression_length}; its value is treated as unknown",
            frame.tpl.doc,
            pointer,
        )
        return Unknown("expression too long")
    try:
        parsed = _PARSED.get(limits.max_expression_depth)  # (parse_expression's cache, in line)
        node = parsed.get(text) if parsed is not None else None
        if node is None:
            node = parse_expression(text, limits.max_expression_depth)
        if type(node) is Call:  # (evaluate_node's step and dispatch, in line)
            budget = run.budget
            budget.steps += 1
            if budget.steps > limits.max_steps or budget.exhausted:
                run.tick(0)
            return call_function(node, frame)
        return evaluate_node(node, frame)
    except ExpressionTooDeep as exc:
        run.report(EVALUATION_LIMIT, f"{exc.message}; its value is treated as unknown", frame.tpl.doc, pointer)
        return Unknown("expression nested too deeply")
    except ExpressionError as exc:
        run.report(
            EXPRESSION_ERROR,
            f"invalid template expression: {exc.message} (offset {exc.offset})",
            frame.tpl.doc,
            pointer,
        )
        return Unknown(f"invalid expression: {exc.message}")
    except LimitReached as exc:
        if exc.report:
            run.report(EVALUATION_LIMIT, exc.message, frame.tpl.doc, pointer)
        return Unknown(exc.message)
    except RecursionError:
        run.report(
            EVALUATION_LIMIT, "evaluation nested too deeply; the value is treated as unknown", frame.tpl.doc, pointer
        )
        return Unknown("evaluation nested too deeply")
    except MemoryError:
        return _out_of_memory(frame, pointer)


def _out_of_memory(frame: Frame, pointer: tuple) -> Unknown:
    """A value too large to build: reported once, and the file's budget is spent, so that
    nothing else is built (and no rule triggers the same evaluation again)."""
    run = frame.tpl.run
    run.exhaust()
    run.report(
        EVALUATION_LIMIT,
        "evaluation ran out of memory; this value and the rest of the template are treated as unknown",
        frame.tpl.doc,
        pointer,
    )
    return Unknown("evaluation ran out of memory")


_SPENT = "the evaluation step limit was reached"


def evaluate_value(value: Any, frame: Frame, pointer: tuple) -> Any:
    """Evaluate a JSON value deeply.  Object keys are kept as written."""
    kind = type(value)
    if kind is dict:
        return _evaluate_object(value, frame, pointer)
    if kind is str:
        return evaluate_string(value, frame, pointer)
    if kind is list:
        return _evaluate_array(value, frame, pointer)
    # subclasses (none come from the readers) take the same paths
    if isinstance(value, str):
        return evaluate_string(value, frame, pointer)
    if isinstance(value, list):
        return _evaluate_array(value, frame, pointer)
    if isinstance(value, dict):
        return _evaluate_object(value, frame, pointer)
    return value


# The two walkers below run for every object and array of every resource evaluated: the
# literal test and the step tick are written out in them (one call less per value).  A
# literal is a number, a boolean, null, or a string that does not start with ``[`` (an
# expression or an escaped ``[[``, which evaluate_string handles).
#
# An object or array whose members all evaluate to themselves is returned as written, not
# copied (most of a template is literal): evaluated values are shared, never changed in
# place -- the values of parameters and variables were shared already.  One that has a
# member with another value is a copy with those members replaced, in the same order.
#
# Once the budget is spent, what is written literally is still kept (it costs what the
# file's size costs, and the other rules check it); expressions and copy loops, the
# things that multiply work, are unknown.


def _evaluate_object(value: dict, frame: Frame, pointer: tuple) -> dict:
    run = frame.tpl.run
    budget = run.budget
    if not budget.exhausted:  # every member counts, literals too (as run.tick does)
        budget.steps += len(value) + 1
        if budget.steps > run.limits.max_steps:
            run.tick(0)  # raises LimitReached, reported once
    out = None  # a copy of ``value``, made when a first member evaluates to something else
    for key, item in value.items():
        kind = type(item)
        if kind is str:
            if not item or item[0] != "[":
                continue
            new = evaluate_string(item, frame, pointer + (key,))
        elif kind is dict:
            new = _evaluate_object(item, frame, pointer + (key,))
        elif kind is int or kind is bool or kind is float or item is None:
            continue
        elif kind is list and not (isinstance(key, str) and key.lower() == "copy"):
            new = _evaluate_array(item, frame, pointer + (key,))
        elif isinstance(key, str) and key.lower() == "copy" and _is_property_copy(item):
            return _with_property_copies(value, frame, pointer, key, item, out, _members_after(value, key))
        else:
            new = evaluate_value(item, frame, pointer + (key,))
        if new is not item:
            if out is None:
                out = dict(value)
            out[key] = new  # (replacing a member keeps its place)
    if out is None:
        return value if type(value) is dict else dict(value)
    return out


def _members_after(value: dict, key) -> Any:
    """The (key, member) pairs of ``value`` after ``key`` (a property copy met in the walk)."""
    rest = iter(value.items())
    for member_key, _ in rest:
        if member_key is key or member_key == key:
            break
    return rest


def _with_property_copies(value: dict, frame: Frame, pointer: tuple, copy_key, copies, done, rest) -> dict:
    """The rest of ``_evaluate_object`` once a property ``copy`` member is met: the copies'
    arrays take its place, so the object is built member by member from there.  ``done``
    is None or the copy of ``value`` holding the members evaluated so far."""
    out: dict = {}
    for key, item in value.items():  # the members before the copy, already evaluated
        if key == copy_key:
            break
        out[key] = item if done is None else done[key]
    key = copy_key
    for i, spec in enumerate(copies):
        out[spec["name"]] = evaluate_copy_array(spec, frame, pointer + (key, i))
    for key, item in rest:
        kind = type(item)
        if kind is str:
            out[key] = item if item[:1] != "[" else evaluate_string(item, frame, pointer + (key,))
        elif kind is dict:
            out[key] = _evaluate_object(item, frame, pointer + (key,))
        elif kind is int or kind is bool or kind is float or item is None:
            out[key] = item
        elif isinstance(key, str) and key.lower() == "copy" and _is_property_copy(item):
            for i, spec in enumerate(item):
                out[spec["name"]] = evaluate_copy_array(spec, frame, pointer + (key, i))
        else:
            out[key] = evaluate_value(item, frame, pointer + (key,))
    return out


def _evaluate_array(value: list, frame: Frame, pointer: tuple) -> list:
    run = frame.tpl.run
    budget = run.budget
    if not budget.exhausted:  # every element counts, literals too
        budget.steps += len(value) + 1
        if budget.steps > run.limits.max_steps:
            run.tick(0)
    out = None  # a copy of ``value``, made when a first element evaluates to something else
    i = -1
    for item in value:
        i += 1
        kind = type(item)
        if kind is str:
            if not item or item[0] != "[":
                continue
            new = evaluate_string(item, frame, pointer + (i,))
        elif kind is dict:
            new = _evaluate_object(item, frame, pointer + (i,))
        elif kind is int or kind is bool or kind is float or item is None:
            continue
        elif kind is list:
            new = _evaluate_array(item, frame, pointer + (i,))
        else:
            new = evaluate_value(item, frame, pointer + (i,))
        if new is not item:
            if out is None:
                out = list(value)
            out[i] = new
    if out is None:
        return value if type(value) is list else list(value)
    return out


def _is_property_copy(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(s, dict) and isinstance(s.get("name"), str) and "input" in s for s in value)
    )


def evaluate_copy_array(spec: dict, frame: Frame, pointer: tuple) -> Any:
    """The array a ``{name, count, input}`` copy block produces (property or variable copy)."""
    run = frame.tpl.run
    if run.exhausted:
        return Unknown(_SPENT)
    name = spec.get("name")
    try:
        count = evaluate_value(spec.get("count"), frame, pointer + ("count",))
    except LimitReached as exc:
        if exc.report:
            run.report(EVALUATION_LIMIT, exc.message, frame.tpl.doc, pointer + ("count",))
        return Unknown(exc.message)
    if is_unknown(count):
        return Unknown(f"the count of copy loop '{name}' is not known", count.params)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        return Unknown(f"the count of copy loop '{name}' is not a non-negative integer")
    if count > run.limits.max_copy_count:
        run.report(
            EVALUATION_LIMIT,
            f"copy loop '{name}' has count {count}, over ARM's limit of "
            f"{run.limits.max_copy_count}; its value is treated as unknown",
            frame.tpl.doc,
            pointer + ("count",),
        )
        return Unknown(f"copy count {count} over the limit")
    items = []
    try:
        for index in range(count):
            run.tick()  # an iteration costs a step even when its input is a literal
            items.append(evaluate_value(spec.get("input"), frame.with_loop(name, index), pointer + ("input",)))
    except LimitReached as exc:
        # The budget is spent: the array is unknown as a whole (not 800 unknown items, each
        # a new try), and the limit is reported here, where it was reached.
        if exc.report:
            run.report(EVALUATION_LIMIT, exc.message, frame.tpl.doc, pointer)
        return Unknown(exc.message)
    return items


def evaluate_value_safely(value: Any, frame: Frame, pointer: tuple) -> Any:
    """``evaluate_value`` that turns a limit hit while walking the JSON into Unknown."""
    try:
        if type(value) is dict:  # (evaluate_value's first test, without its frame)
            return _evaluate_object(value, frame, pointer)
        return evaluate_value(value, frame, pointer)
    except LimitReached as exc:
        run = frame.tpl.run
        if exc.report:
            run.report(EVALUATION_LIMIT, exc.message, frame.tpl.doc, pointer)
        return Unknown(exc.message)
    except RecursionError:
        frame.tpl.run.report(EVALUATION_LIMIT, "value nested too deeply to evaluate", frame.tpl.doc, pointer)
        return Unknown("value nested too deeply")
    except MemoryError:
        return _out_of_memory(frame, pointer)


# ---------------------------------------------------------------- expression trees


def evaluate_node(node: Any, frame: Frame) -> Any:
    run = frame.tpl.run
    budget = run.budget  # one step per node (run.tick, written out: this runs for every node)
    budget.steps += 1
    if budget.steps > run.limits.max_steps or budget.exhausted:
        run.tick(0)  # raises LimitReached
    kind = type(node)
    if kind is Call:
        return call_function(node, frame)
    if kind is Literal:
        return node[0]
    if kind is Member:
        target = node[0]  # (fields by index, as in call_function)
        if type(target) is Call:  # (evaluate_node's step and dispatch, in line)
            budget.steps += 1
            if budget.steps > run.limits.max_steps or budget.exhausted:
                run.tick(0)
            target = call_function(target, frame)
        else:
            target = evaluate_node(target, frame)
        name = node[1]
        if type(target) is dict and name in target:  # (member()'s first test)
            return target[name]
        return member(target, name)
    if kind is Index:
        return index(evaluate_node(node[0], frame), evaluate_node(node[1], frame))
    raise TypeError(f"not an expression node: {node!r}")


def _lookup_ci(mapping: dict, key: str) -> tuple[bool, Any]:
    found = key_of(mapping, key)
    return (False, None) if found is None else (True, mapping[found])


def member(target: Any, name: str) -> Any:
    """``target.name``: object properties are case-insensitive."""
    if isinstance(target, dict):
        if name in target:  # (what key_of tries first)
            return target[name]
        found, value = _lookup_ci(target, name)
        if found:
            return value
        return Unknown(f"property '{name}' does not exist on the object")
    if isinstance(target, Unknown):
        return Unknown(target.reason, target.params, origin=("member", target, name.lower()))
    return Unknown(f"cannot read property '{name}' of a {type(target).__name__}")


def index(target: Any, key: Any) -> Any:
    """``target[key]``: arrays by integer, objects by (case-insensitive) name."""
    if isinstance(target, Unknown):
        params = target.params | (key.params if isinstance(key, Unknown) else frozenset())
        return Unknown(target.reason, params, origin=("index", target, key))
    if isinstance(key, Unknown):
        return Unknown(key.reason, key.params, origin=("index", target, key))
    if isinstance(target, list) and isinstance(key, int) and not isinstance(key, bool):
        if 0 <= key < len(target):
            return target[key]
        return Unknown(f"index {key} is out of range for an array of {len(target)}")
    if isinstance(target, dict) and isinstance(key, str):
        found, value = _lookup_ci(target, key)
        if found:
            return value
        return Unknown(f"property '{key}' does not exist on the object")
    return Unknown(f"cannot index a {type(target).__name__} with {key!r}")


_BUILTIN_NAMESPACES = ("sys.", "az.")  # Bicep's namespaces for the built-in functions


def call_function(node: Call, frame: Frame) -> Any:
    key = node[1]  # (the fields by index: a named tuple's attributes cost a descriptor call each)
    spec = REGISTRY.get(key)
    if spec is None:
        if key.startswith(_BUILTIN_NAMESPACES) and frame.tpl.user_function(key) is None:
            spec = REGISTRY.get(key.split(".", 1)[1])
        if spec is None:
            return _not_builtin(node, frame)
    nodes = node[2]
    try:
        if spec.lazy:
            if key == "if" and len(nodes) == 3:
                return _call_if(nodes, frame)
            if key == "coalesce":
                return _call_coalesce(nodes, frame)
            return spec.fn(nodes, frame)
        # The arguments, in order.  A literal argument, the most common kind, costs its step
        # here, without a call of evaluate_node.
        run = frame.tpl.run
        budget = run.budget
        max_steps = run.limits.max_steps
        if len(nodes) == 1 and type(nodes[0]) is Literal:
            # parameters('name') and variables('name'), a third of all calls: what fn_parameters
            # and fn_variables do with one string, in line (outside a user function, whose
            # parameters() are its arguments)
            name = nodes[0][0]
            if type(name) is str and (key == "variables" or key == "parameters" and frame.function_args is None):
                budget.steps += 1
                if budget.steps > max_steps or budget.exhausted:
                    run.tick(0)
                tpl = frame.tpl
                result = tpl.variable(name) if key == "variables" else tpl.parameter(name)
                if isinstance(result, (str, list, dict)) and len(result) > 64:
                    run.tick(len(result) // 8)
                return result
        args = []
        for a in nodes:
            kind = type(a)
            if kind is Literal:  # (evaluate_node's step and dispatch, in line)
                budget.steps += 1
                if budget.steps > max_steps or budget.exhausted:
                    run.tick(0)
                args.append(a[0])
            elif kind is Call:
                budget.steps += 1
                if budget.steps > max_steps or budget.exhausted:
                    run.tick(0)
                args.append(call_function(a, frame))
            else:
                args.append(evaluate_node(a, frame))
        if spec.walks:
            charge_size(args, run)
        # A function of unknown values is unknown, but remembers how it was computed (the
        # functions here are deterministic), so equal computations can be linked.
        unknown = spec.unknown
        if unknown == "shallow":
            for a in args:
                if isinstance(a, Unknown):
                    unknowns = [a for a in args if isinstance(a, Unknown)]
                    if len(unknowns) == 1:  # what merge() gives for one, without a set
                        return Unknown(a.reason, a.params, None, ("call", key, args))
                    merged = unknowns[0].merge(*unknowns[1:])
                    merged.origin = ("call", key, args)
                    return merged
        elif unknown == "deep" and any(contains_unknown(a) for a in args):
            params = frozenset().union(*(unknown_params(a) for a in args))
            first = next(a for a in args if is_unknown(a)) if any(is_unknown(a) for a in args) else None
            reason = first.reason if first is not None else f"an argument of {node.name}() is not fully known"
            return Unknown(reason, params, origin=("call", key, args))
        result = spec.fn(args, frame)
        if isinstance(result, (str, list, dict)) and len(result) > 64:
            # big results cost in proportion, so repeated doubling cannot run away
            run.tick(len(result) // 8)
        return result
    except FunctionError as exc:
        return Unknown(str(exc))
    except (TypeError, ValueError, KeyError, IndexError, ZeroDivisionError, AttributeError, OverflowError) as exc:
        return Unknown(f"{node.name}() failed: {exc}")


def _not_builtin(node: Call, frame: Frame) -> Any:
    """A call of a function that is not a built-in: the template's own, or Unknown."""
    if frame.tpl.user_function(node.key) is not None:
        args = [evaluate_node(a, frame) for a in node.args]
        return call_user_function(node, args, frame)
    if node.key.rsplit(".", 1)[-1].startswith(_RUNTIME_PREFIXES):
        return Unknown(f"{node.name}() is only known at deployment time")
    return Unknown(f"function '{node.name}' is not supported by the static evaluator")


# ``if`` and ``coalesce`` as functions/logic.py defines them, with each argument's step and
# dispatch in line (evaluate_node's, as in call_function's loop): they are evaluated by
# call_function, inside its handling of errors, so what they raise becomes the same Unknown.


def _call_if(nodes: tuple, frame: Frame) -> Any:
    """fn_if of three arguments: only the chosen branch is evaluated."""
    run = frame.tpl.run
    budget = run.budget
    test = nodes[0]
    if type(test) is Call:
        budget.steps += 1
        if budget.steps > run.limits.max_steps or budget.exhausted:
            run.tick(0)
        condition = call_function(test, frame)
    else:
        condition = evaluate_node(test, frame)
    if condition is not True and condition is not False:
        return if_decided(condition, nodes, frame)  # unknown, or not a boolean
    chosen = nodes[1] if condition else nodes[2]
    kind = type(chosen)
    if kind is Literal or kind is Call:
        budget.steps += 1
        if budget.steps > run.limits.max_steps or budget.exhausted:
            run.tick(0)
        return chosen[0] if kind is Literal else call_function(chosen, frame)
    return evaluate_node(chosen, frame)


def _call_coalesce(nodes: tuple, frame: Frame) -> Any:
    """fn_coalesce: the first argument that is not null; unknown when an unknown comes first."""
    run = frame.tpl.run
    budget = run.budget
    for arg in nodes:
        kind = type(arg)
        if kind is Literal or kind is Call:
            budget.steps += 1
            if budget.steps > run.limits.max_steps or budget.exhausted:
                run.tick(0)
            value = arg[0] if kind is Literal else call_function(arg, frame)
        else:
            value = evaluate_node(arg, frame)
        if value is not None:
            if isinstance(value, Unknown):
                return Unknown(value.reason, value.params, value.partial)
            return value
    return None


def charge_size(value: Any, run) -> None:
    """Tick the step budget once per element inside ``value`` (raises when it is spent)."""
    if type(value) is list and len(value) < 255:
        # the usual case, arguments without containers: the walk below would tick 1 + len
        for item in value:
            if isinstance(item, (dict, list)):
                break
        else:
            run.tick(len(value) + 1)
            return
    stack = [value]
    visited = 0
    while stack:
        item = stack.pop()
        visited += 1
        if visited >= 256:
            run.tick(visited)
            visited = 0
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    run.tick(visited)


def call_lambda(fn: Any, *values: Any) -> Any:
    from arm_orchlint.evaluation.context import Lambda

    if not isinstance(fn, Lambda):
        raise FunctionError("expected a lambda")
    if len(values) < len(fn.names):
        raise FunctionError(f"the lambda takes {len(fn.names)} arguments")
    return evaluate_node(fn.body, fn.frame.with_lambdas(dict(zip(fn.names, values))))


def call_user_function(node: Call, args: list, frame: Frame) -> Any:
    """A template's own function (``functions`` section): ``parameters()`` in its output
    refer to the call's arguments."""
    from arm_orchlint.core.records import replace

    definition, pointer = frame.tpl.user_function(node.key)
    declared = definition.get("parameters") or []
    names = [p.get("name") for p in declared if isinstance(p, dict)]
    bound = {
        str(n).lower(): args[i] if i < len(args) else Unknown(f"argument '{n}' missing") for i, n in enumerate(names)
    }
    output = definition.get("output") if isinstance(definition.get("output"), dict) else {}
    run = frame.tpl.run
    if run.reference_depth >= run.limits.max_reference_depth:
        raise LimitReached(
            f"user-defined functions call each other more than {run.limits.max_reference_depth} levels deep"
        )
    run.reference_depth += 1
    try:
        inner = replace(frame, loops=(), current=None, lambdas=(), function_args=bound)
        return evaluate_value(output.get("value"), inner, pointer + ("output", "value"))
    finally:
        run.reference_depth -= 1


EVALUATOR.evaluate_value = evaluate_value
EVALUATOR.evaluate_copy_array = evaluate_copy_array
EVALUATOR.evaluate_node = evaluate_node
EVALUATOR.call_lambda = call_lambda
