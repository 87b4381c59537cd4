"""Array and object functions, including the lambda-taking ones (filter, map, reduce, sort ...)."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown, contains_unknown, is_unknown
from arm_orchlint.evaluation.context import EVALUATOR
from arm_orchlint.evaluation.functions.registry import FunctionError, expect_count, register
from arm_orchlint.evaluation.functions.support import (
    arm_equal,
    identity_key,
    is_int,
    merge_unknowns,
    need_bool,
    need_int,
    need_str,
    type_name,
)
from arm_orchlint.evaluation.functions.text_format import to_text

# ---------------------------------------------------------------- strings and arrays


@register("empty")
def fn_empty(args: list, frame) -> Any:
    expect_count("empty", args, 1)
    value = args[0]
    if value is None:
        return True
    if isinstance(value, (str, list, dict)):
        return len(value) == 0
    raise FunctionError(f"empty() does not take a {type_name(value)}")


@register("length")
def fn_length(args: list, frame) -> Any:
    expect_count("length", args, 1)
    value = args[0]
    if isinstance(value, (str, list, dict)):
        return len(value)
    raise FunctionError(f"length() does not take a {type_name(value)}")


@register("first")
def fn_first(args: list, frame) -> Any:
    expect_count("first", args, 1)
    value = args[0]
    if isinstance(value, (str, list)):
        return value[0] if value else ("" if isinstance(value, str) else None)
    raise FunctionError(f"first() does not take a {type_name(value)}")


@register("last")
def fn_last(args: list, frame) -> Any:
    expect_count("last", args, 1)
    value = args[0]
    if isinstance(value, (str, list)):
        return value[-1] if value else ("" if isinstance(value, str) else None)
    raise FunctionError(f"last() does not take a {type_name(value)}")


@register("take")
def fn_take(args: list, frame) -> Any:
    expect_count("take", args, 2)
    value, count = args[0], need_int("take", args[1])
    if not isinstance(value, (str, list)):
        raise FunctionError(f"take() does not take a {type_name(value)}")
    return value[: max(0, count)]


@register("skip")
def fn_skip(args: list, frame) -> Any:
    expect_count("skip", args, 2)
    value, count = args[0], need_int("skip", args[1])
    if not isinstance(value, (str, list)):
        raise FunctionError(f"skip() does not take a {type_name(value)}")
    return value[max(0, count) :]


@register("contains", unknown="accept", walks=True)
def fn_contains(args: list, frame) -> Any:
    expect_count("contains", args, 2)
    container, item = args
    if is_unknown(container) or contains_unknown(item):
        return merge_unknowns(args)
    if isinstance(container, dict):
        key = need_str("contains", item).lower()
        return any(str(k).lower() == key for k in container)
    if isinstance(container, str):
        if contains_unknown(item):
            return merge_unknowns(args)
        return to_text(item) in container
    if isinstance(container, list):
        if any(arm_equal(x, item) for x in container if not contains_unknown(x)):
            return True
        if contains_unknown(container):
            return merge_unknowns(args, "the array may contain the value")
        return False
    raise FunctionError(f"contains() does not take a {type_name(container)}")


# ---------------------------------------------------------------- arrays and objects


@register("array")
def fn_array(args: list, frame) -> Any:
    expect_count("array", args, 1)
    return args[0] if isinstance(args[0], list) else [args[0]]


@register("createArray", unknown="accept")
def fn_create_array(args: list, frame) -> Any:
    return list(args)


@register("createObject", unknown="accept")
def fn_create_object(args: list, frame) -> Any:
    if len(args) % 2:
        raise FunctionError("createObject() needs pairs of key and value")
    out: dict = {}
    for i in range(0, len(args), 2):
        key = args[i]
        if is_unknown(key):
            return merge_unknowns(args, "an object key is not known")
        out[need_str("createObject", key)] = args[i + 1]
    return out


def _union_objects(left: dict, right: dict) -> dict:
    out = dict(left)
    for key, value in right.items():
        existing_key = next((k for k in out if str(k).lower() == str(key).lower()), None)
        if existing_key is not None and isinstance(out[existing_key], dict) and isinstance(value, dict):
            out[existing_key] = _union_objects(out[existing_key], value)
        else:
            if existing_key is not None:
                del out[existing_key]
            out[key] = value
    return out


@register("union", unknown="shallow", walks=True)
def fn_union(args: list, frame) -> Any:
    expect_count("union", args, 1, 999)
    if all(isinstance(a, dict) for a in args):
        out: dict = {}
        for a in args:
            out = _union_objects(out, a)
        return out
    if all(isinstance(a, list) for a in args):
        result: list = []
        seen: set = set()
        for a in args:
            for item in a:
                key = identity_key(item)
                if key is None or key not in seen:
                    result.append(item)
                    if key is not None:
                        seen.add(key)
        return result
    raise FunctionError("union() needs all arrays or all objects")


@register("intersection", unknown="deep", walks=True)
def fn_intersection(args: list, frame) -> Any:
    expect_count("intersection", args, 2, 999)
    if all(isinstance(a, dict) for a in args):
        out = {}
        for key, value in args[0].items():
            if all(
                any(str(k).lower() == str(key).lower() and arm_equal(v, value) for k, v in other.items())
                for other in args[1:]
            ):
                out[key] = value
        return out
    if all(isinstance(a, list) for a in args):
        others = [{identity_key(x) for x in other} for other in args[1:]]
        result: list = []
        seen: set = set()
        for item in args[0]:
            key = identity_key(item)
            if key not in seen and all(key in keys for keys in others):
                seen.add(key)
                result.append(item)
        return result
    raise FunctionError("intersection() needs all arrays or all objects")


def _numbers(name: str, args: list) -> list:
    values = args[0] if len(args) == 1 and isinstance(args[0], list) else args
    if not values:
        raise FunctionError(f"{name}() needs at least one value")
    if any(is_unknown(v) for v in values):
        raise _UnknownResult(merge_unknowns(values))
    for v in values:
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            raise FunctionError(f"{name}() expects integers, got {type_name(v)}")
    return values


class _UnknownResult(Exception):
    def __init__(self, value: Unknown):
        self.value = value


@register("min")
def fn_min(args: list, frame) -> Any:
    try:
        return min(_numbers("min", args))
    except _UnknownResult as result:
        return result.value


@register("max")
def fn_max(args: list, frame) -> Any:
    try:
        return max(_numbers("max", args))
    except _UnknownResult as result:
        return result.value


@register("range")
def fn_range(args: list, frame) -> Any:
    expect_count("range", args, 2)
    start, count = need_int("range", args[0]), need_int("range", args[1])
    if count < 0 or count > 10000:
        raise FunctionError("range() count must be between 0 and 10000")
    return list(range(start, start + count))


@register("json", walks=True)
def fn_json(args: list, frame) -> Any:
    expect_count("json", args, 1)
    try:
        return json.loads(need_str("json", args[0]))
    except json.JSONDecodeError as exc:
        raise FunctionError(f"json() could not parse its argument: {exc.msg}") from None


@register("items")
def fn_items(args: list, frame) -> Any:
    expect_count("items", args, 1)
    value = args[0]
    if not isinstance(value, dict):
        raise FunctionError("items() expects an object")
    return [{"key": k, "value": value[k]} for k in sorted(value, key=lambda k: str(k))]


@register("objectKeys")
def fn_object_keys(args: list, frame) -> Any:
    expect_count("objectKeys", args, 1)
    if not isinstance(args[0], dict):
        raise FunctionError("objectKeys() expects an object")
    return list(args[0])


@register("shallowMerge", walks=True)
def fn_shallow_merge(args: list, frame) -> Any:
    expect_count("shallowMerge", args, 1)
    if not isinstance(args[0], list):
        raise FunctionError("shallowMerge() expects an array of objects")
    out: dict = {}
    for item in args[0]:
        if is_unknown(item):
            return merge_unknowns([item])
        if not isinstance(item, dict):
            raise FunctionError("shallowMerge() expects an array of objects")
        out.update(item)
    return out


@register("flatten", walks=True)
def fn_flatten(args: list, frame) -> Any:
    expect_count("flatten", args, 1)
    out: list = []
    for item in args[0] if isinstance(args[0], list) else []:
        if is_unknown(item):
            return merge_unknowns([item])
        if not isinstance(item, list):
            raise FunctionError("flatten() expects an array of arrays")
        out.extend(item)
    return out


@register("join", unknown="deep")
def fn_join(args: list, frame) -> Any:
    expect_count("join", args, 2)
    if not isinstance(args[0], list):
        raise FunctionError("join() expects an array")
    return need_str("join", args[1]).join(to_text(x) for x in args[0])


@register("indexFromEnd")
def fn_index_from_end(args: list, frame) -> Any:
    expect_count("indexFromEnd", args, 2)
    array, position = args[0], need_int("indexFromEnd", args[1])
    if not isinstance(array, list) or not 1 <= position <= len(array):
        raise FunctionError("indexFromEnd() index out of range")
    return array[-position]


@register("tryIndexFromEnd")
def fn_try_index_from_end(args: list, frame) -> Any:
    expect_count("tryIndexFromEnd", args, 2)
    array, position = args[0], need_int("tryIndexFromEnd", args[1])
    if not isinstance(array, list) or not 1 <= position <= len(array):
        return None
    return array[-position]


@register("tryGet")
def fn_try_get(args: list, frame) -> Any:
    expect_count("tryGet", args, 2, 999)
    node = args[0]
    for key in args[1:]:
        if is_unknown(node):
            return node
        if node is None:
            return None
        if isinstance(node, dict) and isinstance(key, str):
            if key in node:  # the exact name (the first scan below would find it, by a walk)
                node = node[key]
                continue
            found = next((v for k, v in node.items() if k == key), _ABSENT)
            if found is _ABSENT:
                lowered = key.lower()
                found = next((v for k, v in node.items() if str(k).lower() == lowered), None)
            node = found
        elif isinstance(node, list) and is_int(key):
            node = node[key] if 0 <= key < len(node) else None
        else:
            return None
    return node


_ABSENT = object()


# ---------------------------------------------------------------- lambdas


def _call(fn: Any, *values: Any) -> Any:
    return EVALUATOR.call_lambda(fn, *values)


def _need_array(name: str, value: Any) -> list:
    if not isinstance(value, list):
        raise FunctionError(f"{name}() expects an array, got {type_name(value)}")
    return value


@register("filter")
def fn_filter(args: list, frame) -> Any:
    expect_count("filter", args, 2)
    out = []
    for i, item in enumerate(_need_array("filter", args[0])):
        keep = _call(args[1], item, i)
        if is_unknown(keep):
            return Unknown(keep.reason, keep.params)
        if need_bool("filter", keep):
            out.append(item)
    return out


@register("map")
def fn_map(args: list, frame) -> Any:
    expect_count("map", args, 2)
    return [_call(args[1], item, i) for i, item in enumerate(_need_array("map", args[0]))]


@register("mapValues")
def fn_map_values(args: list, frame) -> Any:
    expect_count("mapValues", args, 2)
    if not isinstance(args[0], dict):
        raise FunctionError("mapValues() expects an object")
    return {k: _call(args[1], v) for k, v in args[0].items()}


@register("reduce")
def fn_reduce(args: list, frame) -> Any:
    expect_count("reduce", args, 3)
    accumulator = args[1]
    for i, item in enumerate(_need_array("reduce", args[0])):
        accumulator = _call(args[2], accumulator, item, i)
    return accumulator


@register("sort")
def fn_sort(args: list, frame) -> Any:
    expect_count("sort", args, 2)
    items = list(_need_array("sort", args[0]))
    # insertion sort with the lambda as "a comes before b"; arrays in templates are short
    result: list = []
    for item in items:
        position = len(result)
        for j, placed in enumerate(result):
            before = _call(args[1], item, placed)
            if is_unknown(before):
                return Unknown(before.reason, before.params)
            if need_bool("sort", before):
                position = j
                break
        result.insert(position, item)
    return result


@register("toObject")
def fn_to_object(args: list, frame) -> Any:
    expect_count("toObject", args, 2, 3)
    out: dict = {}
    for item in _need_array("toObject", args[0]):
        key = _call(args[1], item)
        if is_unknown(key):
            return Unknown(key.reason, key.params)
        out[need_str("toObject", key)] = _call(args[2], item) if len(args) > 2 else item
    return out


@register("groupBy")
def fn_group_by(args: list, frame) -> Any:
    expect_count("groupBy", args, 2)
    out: dict = {}
    for item in _need_array("groupBy", args[0]):
        key = _call(args[1], item)
        if is_unknown(key):
            return Unknown(key.reason, key.params)
        out.setdefault(need_str("groupBy", key), []).append(item)
    return out


# ---------------------------------------------------------------- lambdas as values


@register("lambda", lazy=True)
def fn_lambda(nodes: tuple, frame) -> Any:
    from arm_orchlint.evaluation.context import Lambda
    from arm_orchlint.evaluation.expressions import Literal

    if not nodes:
        raise FunctionError("lambda() needs a body")
    names = []
    for node in nodes[:-1]:
        if not isinstance(node, Literal) or not isinstance(node.value, str):
            raise FunctionError("lambda() parameter names must be string literals")
        names.append(node.value)
    return Lambda(tuple(names), nodes[-1], frame)


@register("lambdaVariables")
def fn_lambda_variables(args: list, frame) -> Any:
    expect_count("lambdaVariables", args, 1)
    return frame.lambda_value(need_str("lambdaVariables", args[0]))
