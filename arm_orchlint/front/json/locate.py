"""JSON pointer -> source span, computed lazily and only for findings.

After ``json.loads`` has built the data, a finding names a pointer such as
``("resources", 3, "properties", "singlePlacementGroup")``.  This scanner walks the text
along that pointer, skipping values it does not need with the stdlib's C scanner.  Every
container it walks is remembered, so many findings in one file cost about one extra scan.
Duplicate keys resolve to the last occurrence, as ``json.loads`` does.
"""

from __future__ import annotations

import json
import re

from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.core.source import LineIndex, Span
from arm_orchlint.front.json.load import call_with_depth_room

_WS = lazy_compile(r"[ \t\n\r]*")
# A member up to its value: the key (its text between the quotes; decoded by the stdlib when it
# holds an escape), the colon and the whitespace around it.
_MEMBER_HEADER = lazy_compile(r'"((?:[^"\\]++|\\.)*+)"[ \t\n\r]*+:[ \t\n\r]*+', re.S)
# After a member's value: whitespace, maybe a comma (group 1) and whitespace after it.
_AFTER_VALUE = lazy_compile(r"[ \t\n\r]*+(?:(,)[ \t\n\r]*+)?")
# After a key: whitespace, the colon, whitespace.
_COLON = lazy_compile(r"[ \t\n\r]*+:[ \t\n\r]*+")
# A key as the stdlib writes it (non-ASCII kept): the spelling searched for in ``_member_once``.
_encode_key = json.encoder.encode_basestring
# How many parts of a pointer one walk reads ahead (``_scan_members``): a few frames each.
_THROUGH = 24
# Lenient like the loader (raw control characters inside strings are accepted).
_scan_value = json.decoder.JSONDecoder(strict=False).scan_once


def _scan_string(text: str, end: int) -> tuple[str, int]:
    return json.decoder.scanstring(text, end, False)


def count_members(obj: dict, keys: set | None = None, type=type, dict=dict, list=list) -> int:
    """Members of the parsed object ``obj`` and of every object inside it (parsed JSON: exact
    dicts and lists); with ``keys``, their keys are added to it.  (Names bound as defaults:
    this runs per object.)"""
    count = len(obj)
    if keys is not None:
        keys.update(obj)
    for value in obj.values():
        kind = type(value)
        if kind is dict:
            count += count_members(value, keys)
        elif kind is list:
            count += _count_members_in(value, keys)
    return count


def _count_members_in(items: list, keys: set | None, type=type, dict=dict, list=list) -> int:
    count = 0
    for value in items:
        kind = type(value)
        if kind is dict:
            count += count_members(value, keys)
        elif kind is list:
            count += _count_members_in(value, keys)
    return count


def counts_clear_keys(value: dict, text: str, start: int, limit: int, keys: set | None = None) -> bool:
    """True when counting proves that no object inside the parsed object ``value``, written
    in ``text`` from ``start``, has a key written twice (False: maybe).  ``limit``: at or
    after the object's end, with no colon in between; with ``keys``, the objects' keys are
    added to it (``count_members``).

    Exact: the text's colons are at least its members (each has its own, outside strings),
    which are at least the parsed members (of a repeated key one is kept, and the earlier
    value is dropped with its members); equal counts leave no room for a repeated key.
    RecursionError for a value nested too deeply to count."""
    return count_members(value, keys) == text.count(":", start, limit)


class JsonLocator:
    def __init__(
        self,
        path: str,
        text: str,
        top_members: dict | None = None,
        resources_elements: tuple | None = None,
        resources_members: tuple | None = None,
        data=None,
    ):
        self.path = path
        self.text = text
        # The parsed document (what ``text`` parses to), when given: inside a resource whose
        # text holds each key once, a member is then found by a search instead of a scan
        # (``_member_once``).
        self.data = data
        self._once: dict[int, bool] = {}  # resource offset -> whether its text holds each key once
        self._members_once: dict[tuple[int, str], tuple[int, int, int]] = {}
        self._found: dict[tuple, tuple | None] = {}  # pointer -> what ``_find`` answered
        self._objects: dict[int, dict[str, tuple[int, int, int]]] = {}
        self._arrays: dict[int, list[int]] = {}
        self._complete_arrays: set[int] = set()
        if top_members is not None:
            self._objects[_WS.match(text, 0).end()] = top_members
        if resources_members is not None:
            start, members = resources_members
            self._objects[start] = members
        if resources_elements is not None:
            start, offsets = resources_elements
            self._arrays[start] = list(offsets)
            self._complete_arrays.add(start)
        # Known (offset, line number) points; lines are counted from the nearest one.
        self.lines = LineIndex(text)
        # offset of a value -> the offset after it: finding a resource inside nested
        # deployments skips some of the same large values again (twice for a 3.3 MB template)
        self._ends: dict[int, int] = {}

    # -- scanning -----------------------------------------------------------------
    def _ws(self, i: int) -> int:
        return _WS.match(self.text, i).end()

    def _skip(self, i: int) -> int:
        end = self._ends.get(i)
        if end is None:
            end = self._ends[i] = self._scan_end(i)
        return end

    def _scan_end(self, i: int) -> int:
        try:
            return _scan_value(self.text, i)[1]
        except (StopIteration, ValueError):
            return len(self.text)
        except RecursionError:  # called deep in the stack: retry with room for the parser's limit
            try:
                return call_with_depth_room(_scan_value, self.text, i)[1]
            except (StopIteration, ValueError, RecursionError):
                return len(self.text)

    def _scan_members(self, start: int, through: tuple = ()):
        """Every member of the object starting at ``start``, in text order, duplicates
        included: ``(key, key_start, key_end, value_start)``.  ``through``: the rest of the
        pointer the caller walks (its first part a key of this object); that key's value has
        its end found by walking it along the rest (the members or elements on the way are
        kept for that walk) instead of parsing it, so a walk deep into nested deployments
        parses each value once.  A well-formed object's end is remembered once its last
        member is read."""
        text, ends = self.text, self._ends
        i = _WS.match(text, start + 1).end()
        after_comma = False
        walked = through[0] if through else None
        below = through[1:]
        separated = True  # every member after the first follows a comma, as JSON wants
        first = True
        while text.startswith('"', i):
            if not first and not after_comma:
                separated = False  # (read on, leniently; only the end is not the parser's)
            first = False
            header = _MEMBER_HEADER.match(text, i)
            if header is None:  # an unterminated key, or no colon after it
                return
            key = header.group(1)
            if "\\" in key:
                try:
                    key = _scan_string(text, i + 1)[0]
                except ValueError:  # an invalid escape
                    return
            value_start = header.end()
            yield key, i, header.end(1) + 1, value_start
            end = ends.get(value_start)
            if end is None:
                end = self._walked_end(value_start, below) if key == walked else self._skip(value_start)
            after = _AFTER_VALUE.match(text, end)
            i = after.end()
            after_comma = after.group(1) is not None
        # (a missing comma, or one before the brace, is not JSON: the scanner's answer stands)
        if separated and not after_comma and text.startswith("}", i):
            ends.setdefault(start, i + 1)

    def _walked_end(self, i: int, below: tuple = ()) -> int:
        """The end of the value at ``i``: the same as ``_skip``, but an object's or array's
        members or elements are read on the way, for a walk into it that follows (along the
        pointer ``below``, when given: see ``_scan_members``)."""
        end = self._ends.get(i)
        if end is not None:
            return end
        text = self.text
        if i < len(text) and text[i] == "{":
            self._object_members(i, below if below and isinstance(below[0], str) else ())
        elif i < len(text) and text[i] == "[":
            self._walk_array(i, below)
        end = self._ends.get(i)
        return end if end is not None else self._skip(i)

    def _walk_array(self, start: int, below: tuple = ()) -> None:
        walked = below[0] if below and isinstance(below[0], int) else None
        elements = self._array_elements(start, len(self.text), walked, below[1:])
        text = self.text
        i = self._ws(self._skip(elements[-1]) if elements else start + 1)
        if i < len(text) and text[i] == "]":
            self._ends.setdefault(start, i + 1)

    def _object_members(self, start: int, through: tuple = ()) -> dict[str, tuple[int, int, int]]:
        members = self._objects.get(start)
        if members is None:
            # Later duplicates overwrite earlier ones: the last occurrence wins, as in json.loads.
            members = {key: (ks, ke, vs) for key, ks, ke, vs in self._scan_members(start, through)}
            self._objects[start] = members
        return members

    def _array_elements(self, start: int, wanted: int, walked: int | None = None, below: tuple = ()) -> list[int]:
        """The offsets of the array's elements, up to index ``wanted``.  ``walked``: the index
        of an element a walk goes into along ``below``, whose end is found by walking it."""
        elements = self._arrays.setdefault(start, [])
        if start in self._complete_arrays:
            return elements
        text = self.text
        if elements:
            last = elements[-1]
            i = self._ws(self._walked_end(last, below) if len(elements) - 1 == walked else self._skip(last))
            i = self._ws(i + 1) if i < len(text) and text[i] == "," else len(text)
        else:
            i = self._ws(start + 1)
        while len(elements) <= wanted and i < len(text) and text[i] != "]":
            elements.append(i)
            if len(elements) > wanted:
                break
            i = self._ws(self._walked_end(i, below) if len(elements) - 1 == walked else self._skip(i))
            if i < len(text) and text[i] == ",":
                i = self._ws(i + 1)
            else:
                break
        return elements

    def _find(self, pointer: tuple) -> tuple[int | None, int | None, int] | None:
        """(key_start, key_end, value_start) of the pointer's target, or None.  Remembered per
        pointer: a finding's span and its fix's edit ask for the same one."""
        try:
            return self._found[pointer]
        except KeyError:
            found = self._found[pointer] = self._walk(pointer)
            return found
        except TypeError:  # (an unhashable part: no such member)
            return self._walk(pointer)

    def _walk(self, pointer: tuple) -> tuple[int | None, int | None, int] | None:
        text = self.text
        i = self._ws(0)
        key_start = key_end = None
        last = len(pointer) - 1
        node = self.data  # the parsed value at ``i`` (when known)
        once = 0  # inside a resource whose text holds each key once: the offset its text ends by
        for step, part in enumerate(pointer):
            if i >= len(text):
                return None
            ch = text[i]
            if ch == "{" and isinstance(part, str):
                hit = None
                if once and node.__class__ is dict:
                    if part not in node:
                        return None
                    hit = self._member_once(i, part, once)
                if hit is None:
                    through = pointer[step : step + _THROUGH] if step < last else ()
                    hit = self._object_members(i, through).get(part)
                    if hit is None:
                        return None
                key_start, key_end, i = hit
                node = node.get(part) if node.__class__ is dict else None
            elif ch == "[" and isinstance(part, int) and part >= 0:
                elements = self._array_elements(i, part)
                if part >= len(elements):
                    return None
                if not once and step < last and i in self._complete_arrays and part + 1 < len(elements):
                    once = self._holds_keys_once(elements[part], elements[part + 1], node, part)
                key_start = key_end = None
                i = elements[part]
                node = node[part] if node.__class__ is list and part < len(node) else None
            else:
                return None
        return key_start, key_end, i

    def _holds_keys_once(self, start: int, limit: int, array, index: int) -> int:
        """``limit`` when the element at ``start`` of a fully known array (its parsed value:
        ``array[index]``; ``limit``: the next element's offset) is an object whose text gives
        no key twice in any object inside it (``counts_clear_keys``), else 0."""
        found = self._once.get(start)
        if found is None:
            value = array[index] if array.__class__ is list and index < len(array) else None
            found = False
            if value.__class__ is dict and self.text.startswith("{", start):
                try:
                    found = counts_clear_keys(value, self.text, start, limit)
                except RecursionError:
                    pass
            self._once[start] = found
        return limit if found else 0

    def note_keys_once(self, start: int, once: bool) -> None:
        """Record what ``counts_clear_keys`` answered for the object at ``start``, an element of
        a fully known array counted up to the next element's offset, as ``_holds_keys_once``
        counts it: ORCH909 counts every resource before the rules run, and a finding's walk
        then need not count its resource again."""
        self._once.setdefault(start, once)

    def _member_once(self, start: int, key: str, limit: int) -> tuple[int, int, int] | None:
        """(key_start, key_end, value_start) of member ``key`` of the object at ``start``, which
        is written once, in a resource whose text ends by ``limit``: the first spelling of
        the key in the stdlib's form, if that is at the object's
        top level (the text before it, closed with a brace, parses as one object).  None: not
        found so; the caller scans the members."""
        hit = self._members_once.get((start, key))
        if hit is not None:
            return hit
        text = self.text
        token = _encode_key(key)
        at = text.find(token, start + 1, limit)
        if at < 0:
            return None
        head = text[start:at].rstrip(" \t\n\r")
        if head != "{":
            if not head.endswith(","):
                return None
            closed = head[:-1] + "}"
            try:
                if _scan_value(closed, 0)[1] != len(closed):
                    return None
            except (StopIteration, ValueError, RecursionError):
                return None
        colon = _COLON.match(text, at + len(token))
        if colon is None:
            return None
        hit = self._members_once[(start, key)] = (at, at + len(token), colon.end())
        return hit

    # -- positions ----------------------------------------------------------------
    def _position(self, offset: int) -> tuple[int, int]:
        return self.lines.position(offset)

    def span_of_offsets(self, start: int, end: int) -> Span:
        return self.lines.span(self.path, start, end)

    def span(self, pointer: tuple) -> Span | None:
        """The span of the property at ``pointer``: from its key to the end of a scalar
        value, or just the key when the value is an object or array (so an annotation
        stays on one line).  Falls back to the nearest ancestor that exists."""
        pointer = tuple(pointer)
        while True:
            found = self._find(pointer)
            if found is not None:
                break
            if not pointer:
                return None
            pointer = pointer[:-1]
        key_start, key_end, value_start = found
        is_container = value_start < len(self.text) and self.text[value_start] in "{["
        if key_start is not None:
            end = key_end if is_container else self._skip(value_start)
            return self.span_of_offsets(key_start, end)
        end = value_start + 1 if is_container else self._skip(value_start)
        return self.span_of_offsets(value_start, end)

    def extent(self, pointer: tuple) -> Span | None:
        """The whole value at ``pointer`` (an object from its ``{`` to its ``}``), or None."""
        start = self.value_offset(pointer)
        if start is None:
            return None
        return self.span_of_offsets(start, self._skip(start))

    def exists(self, pointer: tuple) -> bool:
        return self._find(tuple(pointer)) is not None

    # -- text edits ----------------------------------------------------------------
    def member_offsets(self, pointer: tuple) -> tuple[int, int, int, int] | None:
        """``(key_start, key_end, value_start, value_end)`` of the object member at
        ``pointer`` (offsets into ``text``), or None when it is not written there."""
        found = self._find(tuple(pointer))
        if found is None or found[0] is None:
            return None
        key_start, key_end, value_start = found
        return key_start, key_end, value_start, self._skip(value_start)

    def members_offsets(self, pointer: tuple) -> list[tuple[str, int, int, int, int]] | None:
        """Every member of the object at ``pointer`` in text order, as ``(key, key_start,
        key_end, value_start, value_end)``; None when there is no object there."""
        start = self.value_offset(pointer)
        if start is None or start >= len(self.text) or self.text[start] != "{":
            return None
        return [(k, ks, ke, vs, self._skip(vs)) for k, ks, ke, vs in self._scan_members(start)]

    def container_end(self, pointer: tuple) -> int | None:
        """Offset of the closing brace or bracket of the container at ``pointer``."""
        start = self.value_offset(pointer)
        if start is None or start >= len(self.text) or self.text[start] not in "{[":
            return None
        return self._skip(start) - 1

    # -- duplicate keys ---------------------------------------------------------------
    def value_offset(self, pointer: tuple) -> int | None:
        """Offset where the value at ``pointer`` starts (the last of duplicate keys)."""
        found = self._find(tuple(pointer))
        return None if found is None else found[2]

    def value_bounds(self, pointer: tuple) -> tuple[int, int | None] | None:
        """``(start, limit)`` of the value at ``pointer``: ``limit`` is at or after its end, known
        without parsing it (its end when remembered; for an element of a fully known array, the
        next element's offset, or for the last, the next top-level key), else None."""
        pointer = tuple(pointer)
        if pointer and isinstance(pointer[-1], int) and pointer[-1] >= 0:
            array = self.value_offset(pointer[:-1])
            elements = self._arrays.get(array) if array is not None and self.text.startswith("[", array) else None
            index = pointer[-1]
            if elements is not None and index + 1 < len(elements):
                start = elements[index]
                return start, self._ends.get(start, elements[index + 1])
            if elements and index + 1 == len(elements) and array in self._complete_arrays:
                start = elements[index]  # the last: bounded by the next top-level member, if any
                return start, self._ends.get(start, self._after_top_level_value(array))
        start = self.value_offset(pointer)
        return None if start is None else (start, self._ends.get(start))

    def elements_bounds(self, pointer: tuple) -> list[tuple[int, int | None]] | None:
        """``value_bounds`` of every element of the array at ``pointer``, in order, when all its
        elements are known (the loader's ``resources``); else None."""
        array = self.value_offset(tuple(pointer))
        if array is None or array not in self._complete_arrays or not self.text.startswith("[", array):
            return None
        elements = self._arrays.get(array)
        if not elements:
            return None
        ends = self._ends
        out = [(start, ends.get(start, after)) for start, after in zip(elements, elements[1:])]
        out.append((elements[-1], ends.get(elements[-1], self._after_top_level_value(array))))
        return out

    def _after_top_level_value(self, start: int) -> int:
        """An offset at or after the end of the top-level member value at ``start``: the next
        top-level key known, else the end of the text."""
        members = self._objects.get(self._ws(0)) or {}
        return min((ks for ks, _, _ in members.values() if ks > start), default=len(self.text))

    def key_occurrences(self, pointer: tuple, lowered: str) -> list[tuple[str, Span]]:
        """Every member of the object at ``pointer`` whose key, lower-cased, is ``lowered``,
        in text order, as (key, span of the key)."""
        start = self.value_offset(pointer)
        if start is None or start >= len(self.text) or self.text[start] != "{":
            return []
        return [
            (key, self.span_of_offsets(ks, ke))
            for key, ks, ke, _ in self._scan_members(start)
            if key.lower() == lowered
        ]
