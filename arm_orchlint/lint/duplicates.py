"""Duplicate property names inside the resources the rules read (ORCH909).

``json.loads`` keeps the last of two equal keys and says nothing; ARM accepts such a
template too and does not document which value it uses.  A rule may then check a value
that is not the one deployed.  Looking for duplicates costs a second parse, so only the
resource objects of the types the rules read (scale sets, VMs, autoscale settings) are
parsed again, with a hook that only counts keys.  Keys that differ only in case count as
duplicates as well: ARM property names are case-insensitive.
"""

from __future__ import annotations

import json

from arm_orchlint.core.rule_ids import DUPLICATE_KEY
from arm_orchlint.front.document import Diagnostic, Document
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


def _marked(value, path: tuple = ()):
    if isinstance(value, dict):
        if isinstance(value, _Duplicated):
            yield path, value.dups
        for k, v in value.items():
            yield from _marked(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _marked(v, path + (i,))


def duplicate_key_diagnostics(resources) -> list[Diagnostic]:
    """ORCH909 diagnostics for the ARM JSON resources (``Resource`` records) among ``resources``."""
    from arm_orchlint.front.json.locate import JsonLocator

    out: list[Diagnostic] = []
    done: set = set()
    for res in resources:
        doc: Document | None = res.doc
        if doc is None or res.type_lower not in CHECKED_TYPES or not isinstance(doc.locator, JsonLocator):
            continue
        key = (id(doc), tuple(res.pointer))
        if key in done:
            continue
        done.add(key)
        start = doc.locator.value_offset(tuple(res.pointer))
        if start is None or doc.locator.text[start] != "{":
            continue
        _marks_made.clear()
        try:
            value, _ = _decode(doc.locator.text, start)
        except (ValueError, RecursionError):
            continue
        if not _marks_made:
            continue
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
