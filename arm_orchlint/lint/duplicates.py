"""Duplicate property names inside the resources the rules read (ORCH909).

``json.loads`` keeps the last of two equal keys and says nothing; ARM accepts such a
template too and does not document which value it uses.  A rule may then check a value
that is not the one deployed.  Only the resource objects of the types the rules read (scale
sets, VMs, autoscale settings) are checked.  Keys that differ only in case count as
duplicates as well: ARM property names are case-insensitive.

Almost no resource has duplicates, and proving that needs no second parse
(``_counts_agree``): every member written in the text has a colon of its own outside
strings, and the parsed value keeps one member per distinct key, so when the text holds no
more colons than the parsed value has members, no key was written twice.  Only a resource
that fails this test (or whose spellings differ only in case somewhere) is parsed again, with
a hook that marks the objects with repeated keys.
"""

from __future__ import annotations

import json

from arm_orchlint.core.rule_ids import DUPLICATE_KEY
from arm_orchlint.front.document import Diagnostic, Document
from arm_orchlint.front.json.locate import JsonLocator, count_members, counts_clear_keys
from arm_orchlint.model.scalesets import AUTOSCALE, VM, VMSS

CHECKED_TYPES = (VMSS, VM, AUTOSCALE)


class _Duplicated(dict):
    """An object in which some keys appear more than once (``dups``: the repeated keys, lower-cased)."""

    dups: list


_marks_made: list = []  # objects marked by the current parse; the walk for paths runs only when any is


_lower = str.lower  # (JSON keys are strings)


def _hook(pairs: list) -> dict:
    obj = dict(pairs)
    size = len(obj)
    if size != len(pairs) or (size > 1 and len(set(map(_lower, obj))) != size):
        seen: dict[str, int] = {}
        for key, _ in pairs:
            seen[key.lower()] = seen.get(key.lower(), 0) + 1
        marked = _Duplicated(obj)
        marked.dups = [k for k, n in seen.items() if n > 1]
        _marks_made.append(marked)
        return marked
    return obj


_decode = json.JSONDecoder(object_pairs_hook=_hook, strict=False).raw_decode
_dumps = json.JSONEncoder(check_circular=False).encode


def _marked(value, path: tuple = ()):
    if isinstance(value, dict):
        if isinstance(value, _Duplicated):
            yield path, value.dups
        for k, v in value.items():
            yield from _marked(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _marked(v, path + (i,))


def _counts_agree(value, text: str, start: int, limit: int, keys: set, note=None) -> bool:
    """True when no object inside the object ``value``, parsed from ``text`` at ``start``, was
    written with a key twice (False: maybe; the slow path decides).  Its keys are added to
    ``keys``.

    ``limit``: at or after the object's end, with no colon in between (see
    ``counts_clear_keys``, the first test).  ``note(start, answer)``, when given, is told
    what that first test answered (``JsonLocator.note_keys_once``)."""
    if value.__class__ is not dict:
        return False
    try:
        cleared = counts_clear_keys(value, text, start, limit, keys)
        if note is not None:
            note(start, cleared)
        if cleared:
            return True
        # Colons inside strings (URLs, times): the parsed value written out again holds its
        # members' colons and its strings' ones.  Without \u escapes in the text each string's
        # colons are the ones written, so equal counts again leave no room for a repeated key.
        return text.find("\\u", start, limit) < 0 and _dumps(value).count(":") == text.count(":", start, limit)
    except RecursionError:
        return False


def _one_spelling_each(keys: set) -> bool:
    """No two of ``keys`` differ only in case (when each object keeps the keys written, two keys
    of one object equal but for case would be two such spellings among all its keys)."""
    return len(set(map(_lower, keys))) == len(keys)


def _value_at(data, pointer: tuple):
    for part in pointer:
        data = _member(data, part)
        if data is None:
            return None
    return data


def _member(data, part):
    try:
        return data[part]
    except (KeyError, IndexError, TypeError):
        return None


def duplicate_key_diagnostics(resources) -> list[Diagnostic]:
    """ORCH909 diagnostics for the ARM JSON resources (``Resource`` records) among ``resources``."""
    # Which resource objects may hold a repeated key, in order: (res, doc, start, None) for
    # those the counts cannot clear, (res, doc, start, value) for those they clear, pending
    # the spelling test (one over every checked resource's keys, each on its own if that fails).
    picked = _picked(resources)
    spellings: set = set()
    checks = _checks_of_whole_array(picked, spellings)
    if checks is None:
        checks = _checks(picked, spellings)
    if not _one_spelling_each(spellings):
        checks = [
            (res, doc, start, None if value is None or _spellings_clash(value) else value)
            for res, doc, start, value in checks
        ]
    out: list[Diagnostic] = []
    for res, doc, start, cleared in checks:
        if cleared is None:
            out += _repeated_keys(res, doc, start)
    return out


def _picked(resources) -> list[tuple]:
    """(res, doc, pointer) of the ARM JSON resources among ``resources`` of the checked types,
    each resource object once (the copies of a copy loop share theirs), in order."""
    picked: list[tuple] = []
    done: set = set()
    for res in resources:
        doc: Document | None = res.doc
        if doc is None or res.type_lower not in CHECKED_TYPES or not isinstance(doc.locator, JsonLocator):
            continue
        pointer = tuple(res.pointer)
        key = (id(doc), pointer)
        if key in done:
            continue
        done.add(key)
        picked.append((res, doc, pointer))
    return picked


def _checks(picked: list[tuple], spellings: set) -> list[tuple]:
    """The entries of ``duplicate_key_diagnostics`` for the ``picked`` resources; their keys are
    added to ``spellings``."""
    checks: list[tuple] = []
    arrays: dict = {}  # (document, pointer of an array) -> (its elements' bounds, its parsed value)
    for res, doc, pointer in picked:
        bounds = value = None
        next_start = None  # for an element of a fully known array, where the next one starts
        index = pointer[-1] if pointer else None
        if type(index) is int and index >= 0:  # an element of an array (``resources``): bounds read once for all
            at = (id(doc), pointer[:-1])
            known = arrays.get(at)
            if known is None:
                known = arrays[at] = (doc.locator.elements_bounds(pointer[:-1]), _value_at(doc.data, pointer[:-1]))
            if known[0] is not None and index < len(known[0]):
                bounds = known[0][index]
                value = _member(known[1], index)
                if index + 1 < len(known[0]):
                    next_start = known[0][index + 1][0]
        if bounds is None:
            bounds = doc.locator.value_bounds(pointer)
            value = _value_at(doc.data, pointer)
        if bounds is None or doc.locator.text[bounds[0]] != "{":
            continue
        start, limit = bounds
        # The locator counts the same way, up to the next element, for the resource of a finding
        # (``_holds_keys_once``): told this count, it need not count again.
        note = doc.locator.note_keys_once if limit == next_start and doc.locator.data is doc.data else None
        # (a resource whose end is not known without a parse is parsed by the slow path anyway)
        agree = limit is not None and _counts_agree(value, doc.locator.text, start, limit, spellings, note)
        checks.append((res, doc, start, value if agree else None))
    return checks


def _checks_of_whole_array(picked: list[tuple], spellings: set) -> list[tuple] | None:
    """``_checks`` when the ``picked`` resources are, in order, every element of one fully
    known array (a template of scale sets only): the same entries, without looking each
    element up; None for any other list."""
    if not picked:
        return None
    _, doc, first = picked[0]
    array = first[:-1]
    values = _value_at(doc.data, array) if first and first[-1] == 0 else None
    if values.__class__ is not list or len(values) != len(picked):  # (before the bounds of a large array)
        return None
    bounds = doc.locator.elements_bounds(array)
    if bounds is None or len(bounds) != len(picked):
        return None
    for index, (_, other, pointer) in enumerate(picked):
        if other is not doc or pointer[-1] != index or pointer[:-1] != array or type(pointer[-1]) is not int:
            return None
    text = doc.locator.text
    note = doc.locator.note_keys_once if doc.locator.data is doc.data else None
    next_starts = [start for start, _ in bounds[1:]]
    next_starts.append(None)
    checks: list[tuple] = []
    for (res, _, _), value, (start, limit), next_start in zip(picked, values, bounds, next_starts):
        if text[start] != "{":
            continue
        # (as in ``_checks``, element by element)
        told = note if limit == next_start else None
        agree = limit is not None and _counts_agree(value, text, start, limit, spellings, told)
        checks.append((res, doc, start, value if agree else None))
    return checks


def _spellings_clash(value: dict) -> bool:
    keys: set = set()
    try:
        count_members(value, keys)
    except RecursionError:
        return True
    return not _one_spelling_each(keys)


def _repeated_keys(res, doc: Document, start: int) -> list[Diagnostic]:
    """The resource's object parsed again, marking the objects with repeated keys: a
    diagnostic for each earlier occurrence of a repeated key."""
    out: list[Diagnostic] = []
    _marks_made.clear()
    try:
        value, _ = _decode(doc.locator.text, start)
    except (ValueError, RecursionError):
        return out
    if not _marks_made:
        return out
    _marks_made.clear()
    for path, dups in _marked(value):
        pointer = tuple(res.pointer) + path
        for lowered in dups:
            occurrences = doc.locator.key_occurrences(pointer, lowered)
            if len(occurrences) < 2:
                continue
            last_name, last_span = occurrences[-1]
            for name, span in occurrences[:-1]:
                if name == last_name:
                    message = (
                        f"'{name}' is given again later in this object (line {last_span.line}); ARM does not "
                        "document which value it uses, the linter checks the last one"
                    )
                else:
                    message = (
                        f"'{name}' is given again later in this object as '{last_name}' (line {last_span.line}); "
                        "ARM property names are case-insensitive and it does not document which value it uses"
                    )
                out.append(Diagnostic(DUPLICATE_KEY, message, doc, pointer + (name,), span=span))
    return out
