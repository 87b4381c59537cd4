"""Reading ARM JSON: bytes -> text -> parsed data, with comments allowed.

ARM accepts ``//`` and ``/* */`` comments.  The plain ``json.loads`` is tried first; only
when it fails are comments blanked out (same length, newlines kept, so every offset, line
and column stays valid) and the text loaded again.
"""

from __future__ import annotations

import json
import re
import sys

from arm_orchlint.core.gcpolicy import paused_gc
from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.core.records import record as dataclass

#: Nesting of objects and arrays that is always read.  The stdlib parser recurses once per
#: level; deeper documents may still parse when the stack allows, and when they do not, the
#: finding points at the first container past this depth.
MAX_NESTING_DEPTH = 500

# Possessive quantifiers keep the scan linear on large comment-free files.
_CHUNK = lazy_compile(r'((?:[^"/]++|"(?:[^"\\]++|\\.)*+"|/(?![/*]))++)|(//[^\n]*+|/\*.*?(?:\*/|\Z))', re.S)
_NOT_NEWLINE = lazy_compile(r"[^\n]")


class ReadError(Exception):
    """The bytes could not be turned into JSON data.  ``line``/``col`` are 1-based
    (col in code points of the decoded text) when known."""

    def __init__(self, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass
class LoadedJson:
    data: object
    text: str  # the text positions are computed against (comments blanked)
    had_comments: bool
    # Offsets learnt while parsing, handed to the locator so that it never rescans them:
    # top-level members (key_start, key_end, value_start) and the resources array's elements.
    top_members: dict | None = None
    resources_elements: tuple[int, list[int]] | None = None
    # a symbolic-name template's resources object: (its offset, its members as top_members)
    resources_members: tuple[int, dict] | None = None


def decode_bytes(raw: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is a ReadError.
    ``raw`` may also be a read-only mapping of the file (``files.read_bytes(mapped=True)``),
    which is closed here."""
    if raw.__class__ is not bytes and hasattr(raw, "close"):
        return _decode_mapped(raw)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("file looks binary (it contains NUL bytes); not a template")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(
                f"file starts with a UTF-16 byte order mark but is not valid UTF-16 ({exc.reason})"
            ) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError(
            f"file is not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}", line, col
        ) from None


def _decode_mapped(mapping) -> str:
    """UTF-8 without a byte order mark (nearly every template) is decoded straight from the
    mapping; anything else is ``decode_bytes`` of a copy, so answers and errors stay its own."""
    try:
        head = mapping[:8192]
        if not head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in head:
            try:
                return str(mapping, "utf-8")
            except UnicodeDecodeError:
                pass
        return decode_bytes(mapping[:])
    finally:
        mapping.close()


# After comments are blanked: a comma followed only by whitespace and a closing bracket
# (the second group); the text up to it, strings whole, is one match of the first group, so
# the replacement is called once per trailing comma rather than once per string.
_TRAILING_COMMA = lazy_compile(r'((?:[^",]++|"(?:[^"\\]++|\\.)*+"|,(?![ \t\r\n]*+[}\]]))++)|,')
# Any comma before a closing bracket, strings not told apart: without one there is nothing for
# ``_TRAILING_COMMA`` to blank (found by the engine's search for the comma).
_COMMA_BEFORE_CLOSE = lazy_compile(r",[ \t\r\n]*+[}\]]")


# Whitespace that Json.NET (ARM's reader, ``char.IsWhiteSpace``) skips between tokens and
# the stdlib parser does not: vertical tab, form feed, NEL, the Unicode space separators
# (U+00A0, U+1680, U+2000-U+200A, U+202F, U+205F, U+3000), the line and paragraph
# separators U+2028/U+2029, and a byte order mark past the start (RW-JSON).
_EXTRA_SPACE = r"\x0b\x0c\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_HAS_EXTRA_SPACE = lazy_compile("[" + _EXTRA_SPACE + "]")
_EXTRA_SPACE_OUTSIDE_STRINGS = lazy_compile(r'("(?:[^"\\]++|\\.)*+")|[' + _EXTRA_SPACE + "]++")


def _has_extra_space(text: str) -> bool:
    """``_HAS_EXTRA_SPACE.search(text)``; an ASCII text (most) can only hold the two ASCII
    ones, which ``in`` finds without the regex engine's step per character."""
    if text.isascii():
        return "\x0b" in text or "\x0c" in text
    return _HAS_EXTRA_SPACE.search(text) is not None


def strip_comments(text: str) -> str:
    """Blank out comments, trailing commas and Unicode whitespace between tokens (all
    accepted by ARM), keeping every offset."""
    text = _CHUNK.sub(lambda m: m.group(1) if m.group(1) is not None else _NOT_NEWLINE.sub(" ", m.group(2)), text)
    if _has_extra_space(text):
        text = _EXTRA_SPACE_OUTSIDE_STRINGS.sub(
            lambda m: m.group(1) if m.group(1) is not None else " " * len(m.group()), text
        )
    if _COMMA_BEFORE_CLOSE.search(text) is None:
        return text
    return _TRAILING_COMMA.sub(lambda m: m.group(1) if m.group(1) is not None else " ", text)


def _loads(text: str) -> object:
    # Collection pauses dominate the load of large templates; the data is acyclic.
    with paused_gc():
        return json.loads(text, strict=False)


_WS = lazy_compile(r"[ \t\n\r]*")
# strict=False: ARM's JSON reader accepts raw control characters (tabs) inside strings.
_scan_value = json.decoder.JSONDecoder(strict=False).scan_once


def _scan_string(text: str, end: int) -> tuple[str, int]:
    return json.decoder.scanstring(text, end, False)


def _load_indexed(text: str) -> LoadedJson:
    """Parse a top-level object member by member with the stdlib's C scanner, recording
    where each member and each element of ``resources`` starts.  Costs the same as
    ``json.loads``; any irregularity falls back to ``json.loads`` (and its error message)."""
    i = _WS.match(text, 0).end()
    if not text.startswith("{", i):
        return LoadedJson(_loads(text), text, False)
    found: dict = {}

    def read(key: str, at: int) -> tuple:
        if key == "resources" and text.startswith("[", at):
            value, end, offsets = _load_array(text, at)
            found["elements"] = (at, offsets)
            return value, end
        if key == "resources" and text.startswith("{", at):  # symbolic names
            value, end, named = _load_object(text, at)
            found["members"] = (at, named)
            return value, end
        return _scan_value(text, at)

    try:
        data, end, members = _load_object(text, i, read)
        if text[end:].strip():
            raise ValueError
    except (ValueError, StopIteration, IndexError):
        return LoadedJson(_loads(text), text, False)
    # (with a duplicate "resources" key the last one won)
    last = members["resources"][2] if "resources" in members else None
    elements, named = found.get("elements"), found.get("members")
    return LoadedJson(
        data,
        text,
        False,
        members,
        elements if elements is not None and elements[0] == last else None,
        named if named is not None and named[0] == last else None,
    )


def _load_object(text: str, start: int, read=None) -> tuple[dict, int, dict]:
    """The object at ``start`` member by member: (the object, the offset after it, its
    members as (key_start, key_end, value_start)), the last of duplicate keys winning as
    in json.loads.  ``read(key, offset)``: a member's value and the offset after it, for
    members read in some other way."""
    ws = _WS.match
    value: dict = {}
    members: dict = {}
    i = ws(text, start + 1).end()
    while text.startswith('"', i):
        key_start = i
        key, i = _scan_string(text, i + 1)
        key_end = i
        i = ws(text, i).end()
        if not text.startswith(":", i):
            raise ValueError
        value_start = i = ws(text, i + 1).end()
        value[key], i = _scan_value(text, i) if read is None else read(key, i)
        members[key] = (key_start, key_end, value_start)
        i = ws(text, i).end()
        if text.startswith(",", i):
            i = ws(text, i + 1).end()
        elif text.startswith("}", i):
            break
        else:
            raise ValueError
    if not text.startswith("}", i):
        raise ValueError
    return value, i + 1, members


# What follows an array element: a comma (group 1) or the closing bracket (group 2).
_AFTER_ELEMENT = lazy_compile(r"[ \t\n\r]*+(?:(,)[ \t\n\r]*+|(\]))")


def _load_array(text: str, start: int) -> tuple[list, int, list[int]]:
    values: list = []
    offsets: list[int] = []
    i = _WS.match(text, start + 1).end()
    if text.startswith("]", i):
        return values, i + 1, offsets
    after = _AFTER_ELEMENT.match
    scan = _scan_value
    add_value, add_offset = values.append, offsets.append
    # The last separator between two elements, with the first character of the element
    # after it: a pretty-printed array repeats it, and a text that starts with it (which
    # ends with a character that is not whitespace) is what ``after`` would match there.
    separator, skip = None, 0
    while True:
        add_offset(i)
        value, i = scan(text, i)
        add_value(value)
        if separator is not None and text.startswith(separator, i):
            i += skip
            continue
        m = after(text, i)
        if m is None:
            raise ValueError
        if m.lastindex == 2:
            return values, m.end(), offsets
        skip = m.end() - i
        separator = text[i : m.end() + 1]
        i = m.end()


def _load_fast(text: str) -> LoadedJson:
    with paused_gc():
        return _load_indexed(text)


def call_with_depth_room(fn, *args):
    """``fn(*args)`` with the recursion limit raised, if needed, so that a parser that
    recurses once per level can go ``MAX_NESTING_DEPTH`` levels deeper than the caller.
    The raise is bounded, so the C stack is never at risk."""
    previous = sys.getrecursionlimit()
    frames = 0
    frame = sys._getframe()
    while frame is not None:
        frames += 1
        frame = frame.f_back
    try:
        sys.setrecursionlimit(max(previous, frames + MAX_NESTING_DEPTH + 100))
        return fn(*args)
    finally:
        sys.setrecursionlimit(previous)


def _load_deep(text: str) -> LoadedJson:
    """``_load_fast``; when the parser runs out of stack, once more with room for
    ``MAX_NESTING_DEPTH`` levels, then a ReadError at the first container past that depth."""
    try:
        return _load_fast(text)
    except RecursionError:
        pass
    try:
        return call_with_depth_room(_load_fast, text)
    except RecursionError:
        line, col = too_deep_position(text, MAX_NESTING_DEPTH)
        raise ReadError(
            f"JSON nests deeper than {MAX_NESTING_DEPTH} levels; the file was not read", line, col
        ) from None


_BRACKETS = lazy_compile(r'"(?:[^"\\]++|\\.)*+"?|[\[{]|[\]}]')


def too_deep_position(text: str, limit: int, tokens: re.Pattern = _BRACKETS) -> tuple[int, int]:
    """1-based (line, column in code points) of the first opening bracket nested deeper
    than ``limit``; (1, 1) when there is none.  Strings are skipped."""
    depth = 0
    for m in tokens.finditer(text):
        ch = m.group()[0]
        if ch in "[{(":
            depth += 1
            if depth > limit:
                start = m.start()
                line = text.count("\n", 0, start) + 1
                return line, start - (text.rfind("\n", 0, start) + 1) + 1
        elif ch in "]})":
            depth -= 1
    return 1, 1


def load_json_text(text: str) -> LoadedJson:
    try:
        return _load_deep(text)
    except ValueError as first:
        if "/" not in text and "," not in text and not _has_extra_space(text):
            raise _as_read_error(first) from None
    stripped = strip_comments(text)
    try:
        loaded = _load_deep(stripped)
        loaded.had_comments = True
        return loaded
    except ValueError as exc:
        raise _as_read_error(exc) from None


_CONFLICT = lazy_compile(r"^(<{7}|={7}|>{7})( |$)", re.M)


def _as_read_error(exc: ValueError) -> ReadError:
    if isinstance(exc, json.JSONDecodeError):
        marker = _CONFLICT.search(exc.doc)
        if marker is not None:
            line = exc.doc.count("\n", 0, marker.start()) + 1
            return ReadError("unresolved merge conflict marker", line, 1)
        return ReadError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno)
    return ReadError(f"invalid JSON: {exc}")
