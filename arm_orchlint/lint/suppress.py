"""Inline suppressions: comments in JSONC and Bicep, ``metadata`` in plain ARM JSON.

Comment form (JSON with comments, Bicep)::

    // arm-orchlint-disable-next-line ORCH206,ORCH203 -- the platform team accepted this

The comment must stand alone on its line; it covers findings of the named rules (ids or
names, separated by commas or spaces) that *start* on the next line.  The text after
`` -- `` is the justification.

Metadata form (any ARM JSON)::

    "metadata": {"arm-orchlint": {"ignore": {"ORCH206": "the platform team accepted this"}}}

on a resource object covers findings located anywhere inside that resource object.

A suppression without a justification is reported (``ORCH906``) and suppresses nothing.
A suppression that matches no finding is reported (``ORCH905``) when the rule it names is
enabled for the file, like ruff's RUF100; naming a rule that does not exist is reported too.
"""

from __future__ import annotations

import re

from arm_orchlint.core.findings import Suppression
from arm_orchlint.core.keys import key_of
from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass
from arm_orchlint.core.source import Span, utf16_col

DIRECTIVE = "arm-orchlint-disable-next-line"
UNUSED, NO_REASON = "ORCH905", "ORCH906"

_DIRECTIVE = re.compile(r"^//\s*" + DIRECTIVE + r"(?![\w-])(?P<rest>.*)$", re.S)
# Strings are matched first so that "//" inside a string is not a comment.
_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"?|//[^\n]*|/\*.*?(?:\*/|\Z)', re.S)


@dataclass
class Directive:
    path: str
    rules: list[str]  # as written
    reason: str
    span: Span  # where the suppression is written (reported there)
    line: int | None = None  # comment form: the line it covers
    resource: tuple | None = None  # metadata form: the resource object's pointer
    pointers: dict = field(default_factory=dict)  # metadata form: rule -> pointer of its entry
    used: set = field(default_factory=set)


# -- comments ---------------------------------------------------------------------------
def json_comments(text: str) -> list[tuple[int, int, str]]:
    """(line, utf-16 column, text) of each comment in JSON-with-comments source."""
    out = []
    line, line_start, pos = 1, 0, 0
    for m in _TOKENS.finditer(text):
        if m.group(0)[0] == '"':
            continue
        start = m.start()
        line += text.count("\n", pos, start)
        nl = text.rfind("\n", 0, start)
        line_start = nl + 1
        pos = start
        out.append((line, utf16_col(text[line_start:start], start - line_start), m.group(0)))
    return out


def directives_from_comments(path: str, comments, lines: list[str]) -> list[Directive]:
    """Directives in ``comments`` ((line, col, text) triples); ``lines`` is the source text,
    used to keep only comments that stand alone on their line."""
    out = []
    for line, col, text in comments:
        m = _DIRECTIVE.match(text.strip())
        if not m:
            continue
        if 0 < line <= len(lines) and lines[line - 1].lstrip().startswith("//") is False:
            continue  # code before the comment on the same line: not a directive
        rest = m.group("rest")
        rules_part, sep, reason = rest.partition("--")
        rules = [r for r in re.split(r"[\s,]+", rules_part.strip()) if r]
        span = Span(path, line, col, line, col + len(text.encode("utf-16-le")) // 2)
        out.append(Directive(path, rules, reason.strip() if sep else "", span, line=line + 1))
    return out


# -- metadata ---------------------------------------------------------------------------
def _get_ci(obj: dict, key: str):
    """(the key as written, its value), or (None, None)."""
    found = key_of(obj, key)
    return (None, None) if found is None else (found, obj[found])


def _resources(container, pointer: tuple):
    items = (
        enumerate(container)
        if isinstance(container, list)
        else container.items()
        if isinstance(container, dict)
        else ()
    )
    for key, res in items:
        if not isinstance(res, dict):
            continue
        here = pointer + (key,)
        yield here, res
        k, children = _get_ci(res, "resources")
        if children is not None:
            yield from _resources(children, here + (k,))
        k, props = _get_ci(res, "properties")
        if isinstance(props, dict):
            tk, template = _get_ci(props, "template")
            if isinstance(template, dict):
                rk, inner = _get_ci(template, "resources")
                if inner is not None:
                    yield from _resources(inner, here + (k, tk, rk))


def metadata_directives(doc) -> list[Directive]:
    data = doc.data
    if not isinstance(data, dict) or doc.locator is None:
        return []
    key, resources = _get_ci(data, "resources")
    if resources is None:
        return []
    out = []
    for pointer, res in _resources(resources, (key,)):
        mk, meta = _get_ci(res, "metadata")
        if not isinstance(meta, dict) or not isinstance(meta.get("arm-orchlint"), dict):
            continue
        ignore = meta["arm-orchlint"].get("ignore")
        if not isinstance(ignore, dict):
            continue
        for rule, reason in ignore.items():
            entry = pointer + (mk, "arm-orchlint", "ignore", rule)
            span = doc.locator.span(entry)
            if span is None:
                continue
            reason = reason.strip() if isinstance(reason, str) else ""
            out.append(Directive(doc.path, [rule], reason, span, resource=pointer, pointers={rule: entry}))
    return out


# -- applying them ----------------------------------------------------------------------
def collect(doc, raw: bytes) -> list[Directive]:
    from arm_orchlint.front.json.load import ReadError, decode_bytes

    try:
        text = decode_bytes(raw)
    except ReadError:
        return []
    lines = text.split("\n")
    directives: list[Directive] = []
    if doc.kind == "bicep":
        comments_of = getattr(doc.locator, "comments", None)
        if comments_of is not None:
            # the file itself, then the local modules it compiles in (their findings are
            # located in the module file, and so are the directives that cover them)
            paths_of = getattr(doc.locator, "comment_paths", None)
            paths = [doc.path] + [p for p in (paths_of() if paths_of else []) if p != doc.path]
            for path in paths:
                comments = [(span.line, span.col, body) for span, body in comments_of(path)]
                if not any(DIRECTIVE in body for _, _, body in comments):
                    continue
                directives += directives_from_comments(path, comments, lines if path == doc.path else _lines_of(path))
        return directives
    if DIRECTIVE in text:
        directives += directives_from_comments(doc.path, json_comments(text), lines)
    directives += metadata_directives(doc)
    return directives


def _lines_of(path: str) -> list[str]:
    from arm_orchlint.core.overlay import lookup

    stand_in = lookup(path)
    if stand_in is not None:
        return stand_in.decode("utf-8-sig", "replace").split("\n")
    try:
        with open(path, encoding="utf-8-sig") as f:
            return f.read().split("\n")
    except (OSError, UnicodeDecodeError):
        return []


def apply_suppressions(linter, doc, raw: bytes, findings: list, ignored: set[str]) -> list:
    """Mark the findings the file's suppressions cover; return ORCH905/ORCH906 findings."""
    directives = collect(doc, raw)
    if not directives:
        return []
    registry = linter.registry
    extra = []

    def report(rule_id: str, message: str, span: Span, pointer: tuple = ()) -> None:
        finding = linter.tool_finding(rule_id, message, span, doc.path, pointer)
        if finding is not None:
            extra.append(finding)

    active = []
    for d in directives:
        resolved = {}
        for written in d.rules:
            rule = registry.get(written)
            if rule is None:
                report(
                    UNUSED,
                    f"suppression names unknown rule '{written}'; remove it",
                    d.span,
                    d.pointers.get(written, ()),
                )
            else:
                resolved[rule.id] = written
        if not d.rules:
            report(UNUSED, f"'{DIRECTIVE}' names no rule, so it suppresses nothing; add the rule ids", d.span)
            continue
        if not d.reason:
            for rule_id in resolved:
                report(
                    NO_REASON,
                    f"suppression of {rule_id} has no reason, so it is not applied; add one after ' -- '"
                    if d.line is not None
                    else f"suppression of {rule_id} has no reason, so it is not applied; give the reason as the value",
                    d.span,
                    d.pointers.get(resolved[rule_id], ()),
                )
            continue
        d.rules = list(resolved)
        active.append(d)
    if not active:
        return extra
    paths = {d.path for d in active}
    same_file = [f for f in findings if f.path in paths and f.suppression is None]
    for f in same_file:
        for d in active:
            if f.rule_id not in d.rules or f.path != d.path:
                continue
            if (d.line is not None and f.line == d.line) or (
                d.resource is not None and tuple(f.pointer[: len(d.resource)]) == d.resource
            ):
                f.suppression = Suppression(kind="inSource", justification=d.reason)
                d.used.add(f.rule_id)
                break
    for d in active:
        for rule_id in d.rules:
            if rule_id in d.used or not linter.rule_enabled_for(rule_id, doc.path, ignored):
                continue
            where = "the next line" if d.line is not None else "this resource"
            report(
                UNUSED,
                f"suppression of {rule_id} matches no finding on {where}; remove it",
                d.span,
                d.pointers.get(rule_id, ()),
            )
    return extra
