"""Rule selectors (``--select``, ``--ignore``, config keys): what they match, and a
did-you-mean for one that matches nothing.

A selector is a rule id, an id prefix (``ORCH2``), a rule name or ``ALL``.  One that
matches no rule would silently select nothing -- a green CI run that lints nothing -- so
the callers turn it into a usage error with the nearest spelling that does match.
"""

from __future__ import annotations


def matches(rule, selector: str) -> bool:
    """The same test the linter applies when it enables rules."""
    return rule.id.startswith(selector.upper()) or rule.name == selector.lower() or selector.upper() == "ALL"


def is_known(registry, selector: str) -> bool:
    return any(matches(rule, selector) for rule in registry.rules)


def _candidates(registry) -> list[str]:
    out: dict[str, None] = {"ALL": None}
    for rule in registry.rules:
        out[rule.id] = None
        out[rule.name] = None
        # id prefixes down to the family letters: ORCH2, ORCH20 (a selector may be a prefix)
        letters = len(rule.id) - len(rule.id.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        for end in range(letters, len(rule.id)):
            out[rule.id[:end]] = None
    return list(out)


def suggestion(registry, selector: str) -> str | None:
    """The closest known selector, or None when nothing is close."""
    import difflib

    candidates = _candidates(registry)
    by_upper = {c.upper(): c for c in candidates}
    found = difflib.get_close_matches(selector.upper(), list(by_upper), n=1, cutoff=0.6)
    return by_upper[found[0]] if found else None


def unknown_message(registry, selector: str, kind: str = "rule selector") -> str:
    """``unknown rule selector 'ORHC2' (did you mean 'ORCH2'?)``."""
    near = suggestion(registry, selector)
    hint = f" (did you mean {near!r}?)" if near else " (see `arm-orchlint rules`)"
    return f"unknown {kind} {selector!r}{hint}"


def first_unknown(registry, selectors) -> str | None:
    for selector in selectors or ():
        if not is_known(registry, selector):
            return selector
    return None
