"""String functions: concat, format, string, substring, replace, split, uniqueString, base64, uri ..."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown, contains_unknown, is_unknown
from arm_orchlint.evaluation.functions.hashing import deterministic_guid, deterministic_unique_string
from arm_orchlint.evaluation.functions.registry import FunctionError, expect_count, register
from arm_orchlint.evaluation.functions.support import (
    arm_equal,
    is_int,
    merge_unknowns,
    need_int,
    need_str,
    text_with_holes,
)
from arm_orchlint.evaluation.functions.text_format import format_pieces, render_item, to_text

# ---------------------------------------------------------------- strings


@register("concat", unknown="accept", walks=True)
def fn_concat(args: list, frame) -> Any:
    for a in args:
        if type(a) is not str:
            break
    else:  # only strings (or none): what the pieces below give, joined at once
        return "".join(args)
    has_array = False
    for a in args:
        if isinstance(a, list):
            has_array = True
            break
    if has_array:
        if any(is_unknown(a) for a in args):
            return merge_unknowns(args, "an array passed to concat() is not known")
        out: list = []
        for a in args:
            if isinstance(a, list):
                out.extend(a)
            elif a is not None:
                raise FunctionError("concat() cannot mix arrays and other values")
        return out
    pieces = []
    for a in args:
        if type(a) is str:  # the usual piece: to_text() of a string is the string
            pieces.append(a)
        elif isinstance(a, Unknown):
            pieces.append(a)
        elif isinstance(a, (dict,)):
            raise FunctionError("concat() cannot join objects")
        elif contains_unknown(a):
            pieces.append(merge_unknowns([a]))
        else:
            pieces.append(to_text(a))
    return text_with_holes(pieces, "part of the concatenated text is not known")


@register("format", unknown="accept", walks=True)
def fn_format(args: list, frame) -> Any:
    expect_count("format", args, 1, 999)
    template = args[0]
    if isinstance(template, Unknown):
        return merge_unknowns(args)
    template = need_str("format", template)
    pieces = []
    for piece in format_pieces(template, args[1:]):
        if isinstance(piece, str):
            pieces.append(piece)
            continue
        value, spec, align = piece
        if contains_unknown(value):
            pieces.append(value if isinstance(value, Unknown) else merge_unknowns([value]))
        else:
            pieces.append(render_item(value, spec, align))
    return text_with_holes(pieces, "part of the formatted text is not known")


@register("string", unknown="deep")
def fn_string(args: list, frame) -> Any:
    expect_count("string", args, 1)
    return to_text(args[0])


def _change_case(value: Any, change) -> Any:
    """toLower/toUpper of a partly known string keeps the known part, case-changed (so a
    ``toLower(resourceId(...))`` still names its type and resource)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_change_case(item, change) for item in value]
    if isinstance(value, dict):
        return {
            key: _change_case(item, change) if key in ("type", "name", "text") else item for key, item in value.items()
        }
    return value


@register("toLower", unknown="accept")
def fn_to_lower(args: list, frame) -> Any:
    expect_count("toLower", args, 1)
    if is_unknown(args[0]):
        partial = _change_case(args[0].partial, str.lower)
        return Unknown(args[0].reason, args[0].params, partial, origin=("call", "tolower", args))
    return need_str("toLower", args[0]).lower()


@register("toUpper", unknown="accept")
def fn_to_upper(args: list, frame) -> Any:
    expect_count("toUpper", args, 1)
    if is_unknown(args[0]):
        partial = _change_case(args[0].partial, str.upper)
        return Unknown(args[0].reason, args[0].params, partial, origin=("call", "toupper", args))
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
    return text[start : start + length]


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


def _b64():
    """The base64 module, imported when a template first uses a base64 function (with struct
    and binascii it is ~0.4 ms of every start-up otherwise)."""
    import base64

    return base64


@register("base64")
def fn_base64(args: list, frame) -> Any:
    expect_count("base64", args, 1)
    return _b64().b64encode(need_str("base64", args[0]).encode("utf-8")).decode("ascii")


@register("base64ToString")
def fn_base64_to_string(args: list, frame) -> Any:
    expect_count("base64ToString", args, 1)
    return _b64().b64decode(need_str("base64ToString", args[0]), validate=False).decode("utf-8")


@register("base64ToJson")
def fn_base64_to_json(args: list, frame) -> Any:
    expect_count("base64ToJson", args, 1)
    return json.loads(_b64().b64decode(need_str("base64ToJson", args[0])).decode("utf-8"))


@register("dataUri")
def fn_data_uri(args: list, frame) -> Any:
    expect_count("dataUri", args, 1)
    encoded = _b64().b64encode(to_text(args[0]).encode("utf-8")).decode("ascii")
    return f"data:text/plain;charset=utf8;base64,{encoded}"


@register("dataUriToString")
def fn_data_uri_to_string(args: list, frame) -> Any:
    expect_count("dataUriToString", args, 1)
    text = need_str("dataUriToString", args[0])
    header, _, payload = text.partition(",")
    if header.endswith(";base64"):
        return _b64().b64decode(payload).decode("utf-8")
    from urllib import parse

    return parse.unquote(payload)


@register("uri")
def fn_uri(args: list, frame) -> Any:
    expect_count("uri", args, 2)
    from urllib import parse

    return parse.urljoin(need_str("uri", args[0]), need_str("uri", args[1]))


@register("uriComponent")
def fn_uri_component(args: list, frame) -> Any:
    expect_count("uriComponent", args, 1)
    from urllib import parse

    return parse.quote(need_str("uriComponent", args[0]), safe="")


@register("uriComponentToString")
def fn_uri_component_to_string(args: list, frame) -> Any:
    expect_count("uriComponentToString", args, 1)
    from urllib import parse

    return parse.unquote(need_str("uriComponentToString", args[0]))
