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
from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass
from arm_orchlint.core.rule_ids import SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION
from arm_orchlint.core.source import Span

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable

    from arm_orchlint.front.document import Comment, Document

DIRECTIVE = "arm-orchlint-disable-next-line"
MARK = "arm-orchlint"  # in every suppression, of either form

_DIRECTIVE = lazy_compile(r"^//\s*" + DIRECTIVE + r"(?![\w-])(?P<rest>.*)$", re.S)


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
def directives_from_comments(path: str, comments: list[Comment]) -> list[Directive]:
    """Directives among ``comments``; a directive stands alone on its line."""
    out = []
    for comment in comments:
        m = _DIRECTIVE.match(comment.text.strip())
        if not m or not comment.alone:
            continue  # not a directive, or code before the comment on its line
        rules_part, sep, reason = m.group("rest").partition("--")
        rules = [r for r in re.split(r"[\s,]+", rules_part.strip()) if r]
        out.append(Directive(path, rules, reason.strip() if sep else "", comment.span, line=comment.span.line + 1))
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
def may_have_suppressions(doc: Document) -> bool:
    """A cheap test that keeps the scanners off documents that cannot hold a suppression."""
    return doc.comments is not None and doc.kind != "bicepparam" and doc.comments.mentions(MARK)


def collect(doc: Document) -> list[Directive]:
    """Comment directives of the document's files (a Bicep file's local modules too: their
    findings are located in the module file, and so are the directives that cover them),
    then, for ARM JSON, ``metadata`` directives."""
    comments = doc.comments
    directives: list[Directive] = []
    for path in comments.paths():
        if doc.kind != "bicep" and not comments.mentions(DIRECTIVE):
            continue  # a JSON file whose text never names the directive: no scan
        found = comments.of(path)
        if any(DIRECTIVE in c.text for c in found):
            directives += directives_from_comments(path, found)
    if doc.kind != "bicep":
        directives += metadata_directives(doc)
    return directives


def apply_suppressions(
    doc: Document,
    findings: list,
    resolve: Callable,
    report: Callable,
    enabled: Callable[[str], bool],
) -> list:
    """Mark the findings the document's suppressions cover; return the ORCH905/ORCH906
    findings about the suppressions themselves.

    ``resolve(written)`` is the rule a suppression names (by id or name) or None;
    ``report(rule_id, message, span, pointer)`` makes a tool finding (None when that rule is
    off); ``enabled(rule_id)`` tells whether a rule runs on this file (else an unused
    suppression of it is not reported)."""
    directives = collect(doc)
    if not directives:
        return []
    extra = []

    def note(rule_id: str, message: str, span: Span, pointer: tuple = ()) -> None:
        finding = report(rule_id, message, span, pointer)
        if finding is not None:
            extra.append(finding)

    active = []
    for d in directives:
        resolved = {}
        for written in d.rules:
            rule = resolve(written)
            if rule is None:
                note(
                    UNUSED_SUPPRESSION,
                    f"suppression names unknown rule '{written}'; remove it",
                    d.span,
                    d.pointers.get(written, ()),
                )
            else:
                resolved[rule.id] = written
        if not d.rules:
            note(UNUSED_SUPPRESSION, f"'{DIRECTIVE}' names no rule, so it suppresses nothing; add the rule ids", d.span)
            continue
        if not d.reason:
            for rule_id in resolved:
                note(
                    SUPPRESSION_WITHOUT_REASON,
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
            if rule_id in d.used or not enabled(rule_id):
                continue
            where = "the next line" if d.line is not None else "this resource"
            note(
                UNUSED_SUPPRESSION,
                f"suppression of {rule_id} matches no finding on {where}; remove it",
                d.span,
                d.pointers.get(rule_id, ()),
            )
    return extra
