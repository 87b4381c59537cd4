"""The ARM template function library: everything a static value allows.

Functions that read the deployment context (``parameters``, ``resourceGroup``,
``resourceId`` ...) live in ``scope_functions``.  Names are case-insensitive.  Functions
that only exist at deployment time return an Unknown naming themselves.

Comparison follows ARM: string comparison is ordinal and case-sensitive, object keys
are case-insensitive; ``indexOf``/``lastIndexOf``/``startsWith``/``endsWith`` ignore case.
"""

from __future__ import annotations

import base64 as _b64
import json
import urllib.parse
from typing import Any

from ..values import Unknown, contains_unknown, is_unknown, unknown_params
from .hashing import deterministic_guid, deterministic_unique_string
from .ids import TEXT_KEY
from .registry import FunctionError, expect_count, register
from .text_format import format_pieces, render_item, to_text

# ---------------------------------------------------------------- small helpers


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def need_str(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise FunctionError(f"{name}() expects a string, got {type_name(value)}")
    return value


def need_int(name: str, value: Any) -> int:
    if not is_int(value):
        raise FunctionError(f"{name}() expects an integer, got {type_name(value)}")
    return value


def need_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise FunctionError(f"{name}() expects a boolean, got {type_name(value)}")
    return value


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def arm_equal(a: Any, b: Any) -> bool:
    """Deep equality with JSON types kept apart (``1`` is not ``true``) and
    case-insensitive object keys."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(arm_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        if len(a) != len(b):
            return False
        lowered = {str(k).lower(): v for k, v in b.items()}
        for key, value in a.items():
            k = str(key).lower()
            if k not in lowered or not arm_equal(value, lowered[k]):
                return False
        return True
    return False


def _merge_unknowns(values: list, reason: str | None = None) -> Unknown:
    unknowns = [v for v in values if is_unknown(v)]
    params = frozenset().union(*(unknown_params(v) for v in values))
    first = unknowns[0] if unknowns else None
    return Unknown(reason or (first.reason if first is not None else "a value is not known"), params)


def text_with_holes(pieces: list, reason: str) -> Any:
    """Join text pieces; when some are Unknown, an Unknown that remembers the pieces (so
    an id built with ``concat``/``format`` can still be taken apart)."""
    flat: list = []
    for piece in pieces:
        if is_unknown(piece) and isinstance(piece.partial, dict) and isinstance(piece.partial.get(TEXT_KEY), list):
            flat.extend(piece.partial[TEXT_KEY])
        else:
            flat.append(piece)
    if not any(is_unknown(p) for p in flat):
        return "".join(flat)
    merged: list = []
    for piece in flat:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    params = frozenset().union(*(p.params for p in flat if is_unknown(p)))
    first = next(p for p in flat if is_unknown(p))
    # an id has a handful of pieces; long piece lists are not worth keeping
    partial = {TEXT_KEY: merged} if len(merged) <= _MAX_TEXT_PIECES else None
    return Unknown(first.reason or reason, params, partial=partial)


_MAX_TEXT_PIECES = 64


# ---------------------------------------------------------------- strings


@register("concat", unknown="accept", walks=True)
def fn_concat(args: list, frame) -> Any:
    if not args:
        return ""
    if any(isinstance(a, list) for a in args):
        if any(is_unknown(a) for a in args):
            return _merge_unknowns(args, "an array passed to concat() is not known")
        out: list = []
        for a in args:
            if isinstance(a, list):
                out.extend(a)
            elif a is not None:
                raise FunctionError("concat() cannot mix arrays and other values")
        return out
    pieces = []
    for a in args:
        if is_unknown(a):
            pieces.append(a)
        elif isinstance(a, (dict,)):
            raise FunctionError("concat() cannot join objects")
        elif contains_unknown(a):
            pieces.append(_merge_unknowns([a]))
        else:
            pieces.append(to_text(a))
    return text_with_holes(pieces, "part of the concatenated text is not known")


@register("format", unknown="accept", walks=True)
def fn_format(args: list, frame) -> Any:
    expect_count("format", args, 1, 999)
    template = args[0]
    if is_unknown(template):
        return _merge_unknowns(args)
    template = need_str("format", template)
    pieces = []
    for piece in format_pieces(template, args[1:]):
        if isinstance(piece, str):
            pieces.append(piece)
            continue
        value, spec, align = piece
        if contains_unknown(value):
            pieces.append(value if is_unknown(value) else _merge_unknowns([value]))
        else:
            pieces.append(render_item(value, spec, align))
    return text_with_holes(pieces, "part of the formatted text is not known")


@register("string", unknown="deep")
def fn_string(args: list, frame) -> Any:
    expect_count("string", args, 1)
    return to_text(args[0])


@register("toLower")
def fn_to_lower(args: list, frame) -> Any:
    expect_count("toLower", args, 1)
    return need_str("toLower", args[0]).lower()


@register("toUpper")
def fn_to_upper(args: list, frame) -> Any:
    expect_count("toUpper", args, 1)
    return need_str("toUpper", args[0]).upper()


@register("trim")
def fn_trim(args: list, frame) -> Any:
    expect_count("trim", args, 1)
    return need_str("trim", args[0]).strip()


@register("substring")
def fn_substring(args: list, frame) -> Any:
    expect_count("substring", args, 1, 3)
    text = need_str("substring", args[0])
    start = need_int("substring", args[1]) if len(args) > 1 else 0
    length = need_int("substring", args[2]) if len(args) > 2 else len(text) - start
    if start < 0 or length < 0 or start + length > len(text):
        raise FunctionError(f"substring() range {start}+{length} is outside a string of length {len(text)}")
    return text[start:start + length]


@register("replace")
def fn_replace(args: list, frame) -> Any:
    expect_count("replace", args, 3)
    text, old, new = (need_str("replace", a) for a in args)
    if not old:
        raise FunctionError("replace() cannot replace an empty string")
    return text.replace(old, new)


@register("split")
def fn_split(args: list, frame) -> Any:
    expect_count("split", args, 2)
    text = need_str("split", args[0])
    delimiters = args[1]
    if isinstance(delimiters, str):
        delimiters = [delimiters]
    if not isinstance(delimiters, list) or not all(isinstance(d, str) and d for d in delimiters):
        raise FunctionError("split() expects a non-empty delimiter or array of delimiters")
    parts = [text]
    for delimiter in delimiters:
        parts = [piece for part in parts for piece in part.split(delimiter)]
    return parts


@register("startsWith")
def fn_starts_with(args: list, frame) -> Any:
    expect_count("startsWith", args, 2)
    return need_str("startsWith", args[0]).lower().startswith(need_str("startsWith", args[1]).lower())


@register("endsWith")
def fn_ends_with(args: list, frame) -> Any:
    expect_count("endsWith", args, 2)
    return need_str("endsWith", args[0]).lower().endswith(need_str("endsWith", args[1]).lower())


@register("indexOf", unknown="deep")
def fn_index_of(args: list, frame) -> Any:
    expect_count("indexOf", args, 2)
    haystack, needle = args
    if isinstance(haystack, list):
        for i, item in enumerate(haystack):
            if arm_equal(item, needle):
                return i
        return -1
    return need_str("indexOf", haystack).lower().find(need_str("indexOf", needle).lower())


@register("lastIndexOf", unknown="deep")
def fn_last_index_of(args: list, frame) -> Any:
    expect_count("lastIndexOf", args, 2)
    haystack, needle = args
    if isinstance(haystack, list):
        for i in range(len(haystack) - 1, -1, -1):
            if arm_equal(haystack[i], needle):
                return i
        return -1
    return need_str("lastIndexOf", haystack).lower().rfind(need_str("lastIndexOf", needle).lower())


_MAX_PAD = 16 * 1024


@register("padLeft")
def fn_pad_left(args: list, frame) -> Any:
    expect_count("padLeft", args, 2, 3)
    value = args[0]
    text = str(value) if is_int(value) else need_str("padLeft", value)
    width = need_int("padLeft", args[1])
    if width > _MAX_PAD:
        raise FunctionError(f"padLeft() width {width} is over the evaluator's limit of {_MAX_PAD}")
    fill = need_str("padLeft", args[2]) if len(args) > 2 else " "
    if len(fill) != 1:
        raise FunctionError("padLeft() padding must be a single character")
    return text.rjust(width, fill)


@register("uniqueString")
def fn_unique_string(args: list, frame) -> Any:
    expect_count("uniqueString", args, 1, 999)
    return deterministic_unique_string([need_str("uniqueString", a) for a in args])


@register("guid")
def fn_guid(args: list, frame) -> Any:
    expect_count("guid", args, 1, 999)
    return deterministic_guid([need_str("guid", a) for a in args])


@register("base64")
def fn_base64(args: list, frame) -> Any:
    expect_count("base64", args, 1)
    return _b64.b64encode(need_str("base64", args[0]).encode("utf-8")).decode("ascii")


@register("base64ToString")
def fn_base64_to_string(args: list, frame) -> Any:
    expect_count("base64ToString", args, 1)
    return _b64.b64decode(need_str("base64ToString", args[0]), validate=False).decode("utf-8")


@register("base64ToJson")
def fn_base64_to_json(args: list, frame) -> Any:
    expect_count("base64ToJson", args, 1)
    return json.loads(_b64.b64decode(need_str("base64ToJson", args[0])).decode("utf-8"))


@register("dataUri")
def fn_data_uri(args: list, frame) -> Any:
    expect_count("dataUri", args, 1)
    encoded = _b64.b64encode(to_text(args[0]).encode("utf-8")).decode("ascii")
    return f"data:text/plain;charset=utf8;base64,{encoded}"


@register("dataUriToString")
def fn_data_uri_to_string(args: list, frame) -> Any:
    expect_count("dataUriToString", args, 1)
    text = need_str("dataUriToString", args[0])
    header, _, payload = text.partition(",")
    if header.endswith(";base64"):
        return _b64.b64decode(payload).decode("utf-8")
    return urllib.parse.unquote(payload)


@register("uri")
def fn_uri(args: list, frame) -> Any:
    expect_count("uri", args, 2)
    return urllib.parse.urljoin(need_str("uri", args[0]), need_str("uri", args[1]))


@register("uriComponent")
def fn_uri_component(args: list, frame) -> Any:
    expect_count("uriComponent", args, 1)
    return urllib.parse.quote(need_str("uriComponent", args[0]), safe="")


@register("uriComponentToString")
def fn_uri_component_to_string(args: list, frame) -> Any:
    expect_count("uriComponentToString", args, 1)
    return urllib.parse.unquote(need_str("uriComponentToString", args[0]))


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
    return value[max(0, count):]


@register("contains", unknown="accept", walks=True)
def fn_contains(args: list, frame) -> Any:
    expect_count("contains", args, 2)
    container, item = args
    if is_unknown(container) or contains_unknown(item):
        return _merge_unknowns(args)
    if isinstance(container, dict):
        key = need_str("contains", item).lower()
        return any(str(k).lower() == key for k in container)
    if isinstance(container, str):
        if contains_unknown(item):
            return _merge_unknowns(args)
        return to_text(item) in container
    if isinstance(container, list):
        if any(arm_equal(x, item) for x in container if not contains_unknown(x)):
            return True
        if contains_unknown(container):
            return _merge_unknowns(args, "the array may contain the value")
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
            return _merge_unknowns(args, "an object key is not known")
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


def identity_key(value: Any) -> str | None:
    """A text key equal for values ``arm_equal`` treats as equal (None when the value holds
    an Unknown), so set operations stay linear."""
    if contains_unknown(value):
        return None
    return json.dumps(_key_form(value), sort_keys=True, separators=(",", ":"))


def _key_form(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k).lower(): _key_form(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_key_form(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


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
            if all(any(str(k).lower() == str(key).lower() and arm_equal(v, value) for k, v in other.items()) for other in args[1:]):
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
        raise _UnknownResult(_merge_unknowns(values))
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
            return _merge_unknowns([item])
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
            return _merge_unknowns([item])
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
            found = next((v for k, v in node.items() if k == key), _ABSENT)
            if found is _ABSENT:
                found = next((v for k, v in node.items() if str(k).lower() == key.lower()), None)
            node = found
        elif isinstance(node, list) and is_int(key):
            node = node[key] if 0 <= key < len(node) else None
        else:
            return None
    return node


_ABSENT = object()


# ---------------------------------------------------------------- lambdas


def _call(fn: Any, *values: Any) -> Any:
    from .evaluator import call_lambda

    return call_lambda(fn, *values)


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


# ---------------------------------------------------------------- logical and comparison


@register("equals", unknown="deep")
def fn_equals(args: list, frame) -> Any:
    expect_count("equals", args, 2)
    return arm_equal(args[0], args[1])


def _ordered(name: str, args: list) -> tuple:
    expect_count(name, args, 2)
    a, b = args
    numeric = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))
    if not numeric and not (isinstance(a, str) and isinstance(b, str)):
        raise FunctionError(f"{name}() compares two integers or two strings")
    return a, b


@register("less")
def fn_less(args: list, frame) -> Any:
    a, b = _ordered("less", args)
    return a < b


@register("lessOrEquals")
def fn_less_or_equals(args: list, frame) -> Any:
    a, b = _ordered("lessOrEquals", args)
    return a <= b


@register("greater")
def fn_greater(args: list, frame) -> Any:
    a, b = _ordered("greater", args)
    return a > b


@register("greaterOrEquals")
def fn_greater_or_equals(args: list, frame) -> Any:
    a, b = _ordered("greaterOrEquals", args)
    return a >= b


@register("not")
def fn_not(args: list, frame) -> Any:
    expect_count("not", args, 1)
    return not need_bool("not", args[0])


@register("bool")
def fn_bool(args: list, frame) -> Any:
    expect_count("bool", args, 1)
    value = args[0]
    if isinstance(value, bool):
        return value
    if is_int(value):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise FunctionError(f"bool() cannot convert {value!r}")


@register("true")
def fn_true(args: list, frame) -> Any:
    expect_count("true", args, 0)
    return True


@register("false")
def fn_false(args: list, frame) -> Any:
    expect_count("false", args, 0)
    return False


@register("null")
def fn_null(args: list, frame) -> Any:
    expect_count("null", args, 0)
    return None


def _evaluate(node: Any, frame) -> Any:
    from .evaluator import evaluate_node

    return evaluate_node(node, frame)


@register("if", lazy=True)
def fn_if(nodes: tuple, frame) -> Any:
    """Only the chosen branch is evaluated (as ARM does)."""
    expect_count("if", list(nodes), 3)
    condition = _evaluate(nodes[0], frame)
    if is_unknown(condition):
        # Either branch could be taken.  When both give the same known value that value is
        # the answer; otherwise the result is unknown because of the condition and of
        # whatever is unknown in the branches.
        when_true = _evaluate(nodes[1], frame)
        when_false = _evaluate(nodes[2], frame)
        if not contains_unknown(when_true) and not contains_unknown(when_false) and arm_equal(when_true, when_false):
            return when_true
        params = condition.params | unknown_params(when_true) | unknown_params(when_false)
        return Unknown(condition.reason, params)
    return _evaluate(nodes[1] if need_bool("if", condition) else nodes[2], frame)


def _logic(name: str, nodes: tuple, frame, stop_on: bool) -> Any:
    expect_count(name, list(nodes), 1, 999)
    unknowns: list = []
    for node in nodes:
        value = _evaluate(node, frame)
        if is_unknown(value):
            unknowns.append(value)
            continue
        if need_bool(name, value) is stop_on:
            return stop_on
    if unknowns:
        return unknowns[0].merge(*unknowns[1:])
    return not stop_on


@register("and", lazy=True)
def fn_and(nodes: tuple, frame) -> Any:
    return _logic("and", nodes, frame, False)


@register("or", lazy=True)
def fn_or(nodes: tuple, frame) -> Any:
    return _logic("or", nodes, frame, True)


@register("coalesce", lazy=True)
def fn_coalesce(nodes: tuple, frame) -> Any:
    """First argument that is not null; unknown as soon as an unknown comes first."""
    for node in nodes:
        value = _evaluate(node, frame)
        if is_unknown(value):
            return Unknown(value.reason, value.params, value.partial)
        if value is not None:
            return value
    return None


# ---------------------------------------------------------------- numeric


def _ints(name: str, args: list, count: int) -> list:
    expect_count(name, args, count)
    return [need_int(name, a) for a in args]


@register("add")
def fn_add(args: list, frame) -> Any:
    a, b = _ints("add", args, 2)
    return a + b


@register("sub")
def fn_sub(args: list, frame) -> Any:
    a, b = _ints("sub", args, 2)
    return a - b


@register("mul")
def fn_mul(args: list, frame) -> Any:
    a, b = _ints("mul", args, 2)
    return a * b


def _truncating_division(a: int, b: int) -> int:
    """Integer division rounding toward zero, as .NET does (Python's // floors)."""
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


@register("div")
def fn_div(args: list, frame) -> Any:
    a, b = _ints("div", args, 2)
    if b == 0:
        raise FunctionError("div() by zero")
    return _truncating_division(a, b)


@register("mod")
def fn_mod(args: list, frame) -> Any:
    a, b = _ints("mod", args, 2)
    if b == 0:
        raise FunctionError("mod() by zero")
    return a - b * _truncating_division(a, b)


@register("int")
def fn_int(args: list, frame) -> Any:
    expect_count("int", args, 1)
    value = args[0]
    if is_int(value):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        return int(value.strip())
    raise FunctionError(f"int() cannot convert a {type_name(value)}")


@register("float")
def fn_float(args: list, frame) -> Any:
    expect_count("float", args, 1)
    value = args[0]
    if isinstance(value, bool):
        raise FunctionError("float() cannot convert a bool")
    return float(value)


# ---------------------------------------------------------------- lambdas as values


@register("lambda", lazy=True)
def fn_lambda(nodes: tuple, frame) -> Any:
    from .context import Lambda
    from .expressions import Literal

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


# ---------------------------------------------------------------- deployment-time only

_RUNTIME_ONLY = (
    "reference", "references", "utcNow", "newGuid", "environment", "pickZones", "deployer",
    "providers", "dateTimeAdd", "dateTimeFromEpoch", "dateTimeToEpoch",
    "managementGroupResourceInfo", "externalInput", "readEnvironmentVariable",
)


def _runtime(name: str):
    def runtime_only(args: list, frame) -> Any:
        return _merge_unknowns(args, f"{name}() is only known at deployment time")

    return runtime_only


for _name in _RUNTIME_ONLY:
    register(_name, unknown="accept")(_runtime(_name))
