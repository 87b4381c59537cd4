"""What a template string reads, decided on its text.

Shared by the allowedValues trials (evaluation/reuse.py: what a tried parameter can reach)
and the deferred parameter values of nested deployments (evaluation/deferred.py: what may
be evaluated later without changing anything).  The reading is conservative: a string
reads ``parameters('x')`` and ``variables('y')`` by name; a computed name, ``reference()``,
``references()`` and ``resourceInfo()`` (values of other resources, which the text does not
show) count as reading anything (``HAZARD``).
"""

from __future__ import annotations

import re

from arm_orchlint.core.lazy_regex import lazy_compile

# parameters('x') / variables('x') with the name, or the start of a call that reads what
# the text does not name: parameters() / variables() of a computed name, reference(),
# references(), resourceInfo()
_READS = lazy_compile(
    r"\b(parameters|variables|reference|references|resourceinfo)\s*\((?:\s*'((?:[^']|'')*)'\s*\))?", re.I
)

# The same matches in the lower-cased text, for ASCII text (where lowering keeps every
# character's class): without re.I and with the word boundary tested after the first letter,
# the regex engine can skip to the next "p", "v" or "r" instead of trying every position --
# a third of what _READS costs.
_READS_LOWER = lazy_compile(
    r"(p(?<!\w.)arameters|v(?<!\w.)ariables|r(?<!\w.)e(?:ferences|ference|sourceinfo))"
    r"\s*\((?:\s*'([^']*(?:''[^']*)*)'\s*\))?"
)

HAZARD = "*"  # in a reference set: reads something the text does not name

NO_REFS: frozenset = frozenset()
_STRING_REFS: dict[str, frozenset] = {}  # expression text -> what it reads (shared, read only)


def string_refs(text: str) -> frozenset:
    """What one string of the template reads: ('p', name) and ('v', name) in lower case,
    and ``HAZARD`` for anything else that could depend on other values."""
    if text[:1] != "[" or "(" not in text:
        return NO_REFS
    found = _STRING_REFS.get(text)
    if found is None:
        refs = set()
        matches = _READS_LOWER.findall(text.lower()) if text.isascii() else _READS.findall(text)
        for function, quoted in matches:
            kind = function[0].lower()
            if (kind == "p" or kind == "v") and quoted:
                refs.add((kind, quoted.replace("''", "'").lower()))
            else:  # a computed (or empty) name, or another resource's values
                refs.add(HAZARD)
        found = frozenset(refs)
        if len(_STRING_REFS) >= 65536:
            _STRING_REFS.clear()
        _STRING_REFS[text] = found
    return found
