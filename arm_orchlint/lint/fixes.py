"""From a rule's fix plan to text edits on the files as they are written.

Where a value may be edited:
* a literal written at the property: there (safe when the rule says so);
* ``[parameters('p')]`` whose value is the parameter's literal default: at the default,
  and only as an unsafe fix (the default may serve other resources and deployments);
* anything else (an expression, a variable, a value from a parameter file or a module's
  caller): not at all; the finding has no fix.
A Bicep module's properties are edited in the module file (the source map knows it).
"""

from __future__ import annotations

import re

from arm_orchlint.core.findings import Fix, TextEdit
from arm_orchlint.core.keys import key_of
from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.core.source import LineIndex, Span
from arm_orchlint.core.values import is_unknown
from arm_orchlint.front import edits as E
from arm_orchlint.model.scalesets import raw_at, written_pointer
from arm_orchlint.rules.fixes import plan_for

_PARAMETER_ONLY = lazy_compile(r"\[\s*parameters\(\s*'([^']*)'\s*\)\s*\]\Z", re.I)


class FixTexts:
    """The decoded texts that fix edits are offsets into: for the file being linted, the
    text it was read from (an editor buffer, standard input, or the file as read), else the
    file as read now."""

    def __init__(self):
        self._current: tuple[str, str | None] | None = None
        self._texts: dict[str, str | None] = {}
        # per file linted: one editor per document, so that many findings in one large
        # file do not each re-check its text
        self.editors: dict[int, object] = {}

    def linting(self, path: str) -> "_Linting":
        return _Linting(self, path)

    def read_as(self, path: str, text: str | None) -> None:
        """The file being linted was read as ``text`` (None: it could not be decoded)."""
        if self._current is not None and self._current[0] == path:
            self._current = (path, text)

    def __call__(self, path: str) -> str | None:
        if path in self._texts:
            return self._texts[path]
        if self._current is not None and self._current[0] == path:
            text = self._current[1]
        else:
            from arm_orchlint.front.json.load import ReadError, decode_bytes
            from arm_orchlint.front.reading import read_bytes

            try:
                text = decode_bytes(read_bytes(path))
            except (OSError, ReadError):
                text = None
        self._texts[path] = text
        return text


class _Linting:
    """``with texts.linting(path):`` one file (nested for a .bicepparam's template)."""

    def __init__(self, owner: FixTexts, path: str):
        self.owner, self.path = owner, path
        self.saved = None

    def __enter__(self):
        owner = self.owner
        self.saved = owner._current, owner._texts, owner.editors
        owner._current, owner._texts, owner.editors = (self.path, None), {}, {}
        return self

    def __exit__(self, *exc):
        owner = self.owner
        owner._current, owner._texts, owner.editors = self.saved
        return False


def _is_expression(raw) -> bool:
    return isinstance(raw, str) and raw.startswith("[") and not raw.startswith("[[")


def attach_fix(finding, rule, hit, model, text_of, force_unsafe: bool = False) -> None:
    """Give ``finding`` the rule's fix for ``hit`` when one can be written exactly."""
    try:
        plan = plan_for(rule, hit, model)
    except Exception:  # a fix function's bug costs the fix, never the finding
        return
    if plan is None or not plan.changes:
        return
    safe = plan.safe and not force_unsafe
    all_edits = []
    editors = getattr(text_of, "editors", None)
    if editors is None:
        editors = {}
    # where the finding's own property is written, as of_hit found it (a plan's change of
    # that property need not walk the document for it again)
    written = (hit.resource, tuple(hit.path), finding.pointer)
    for change in plan.changes:
        made = _edits_for(change, text_of, editors, written)
        if made is None:
            return
        edits, change_safe = made
        safe = safe and change_safe
        all_edits.extend(edits)
    if all_edits:
        doc = getattr(hit.resource, "doc", None)
        known = getattr(getattr(doc, "locator", None), "lines", None)  # lines the locator counted already
        spans = [_span(e, text_of(e.path) or "", known) for e in all_edits]
        finding.fix = Fix(plan.title, safe, all_edits, spans)


_LINE_INDEXES: dict[int, LineIndex] = {}  # id(text) -> its index (the index holds the text)


def _span(edit, text: str, known: LineIndex | None = None) -> Span:
    if known is not None and known.text is text:
        return known.span(edit.path, edit.start, edit.end)
    index = _LINE_INDEXES.get(id(text))
    if index is None or index.text is not text:
        if len(_LINE_INDEXES) >= 8:
            _LINE_INDEXES.clear()
        index = _LINE_INDEXES[id(text)] = LineIndex(text)
    return index.span(edit.path, edit.start, edit.end)


def _editor(doc, text_of, editors):
    key = id(doc)
    if key not in editors:
        editors[key] = E.editor(doc, text_of)
    return editors[key]


def _edits_for(change, text_of, editors, written=None):
    """(edits, still safe) for one change, or None when it cannot be written exactly.
    ``written``: (resource, path, where that path of the resource is written), known already."""
    res = change.resource
    doc = getattr(res, "doc", None)
    if doc is None or not isinstance(doc.data, dict):
        return None
    if res.copy is not None:
        return None  # one text serves every copy: a repair for one may be wrong for another
    ed = _editor(doc, text_of, editors)
    if ed is None:
        return None
    if change.kind == "api":
        pointer = written_pointer(doc.data, tuple(res.pointer) + ("apiVersion",))
        raw = raw_at(doc.data, pointer)
        if not isinstance(raw, str) or _is_expression(raw) or raw == change.value:
            return None
        made = E.set_api_version(ed, pointer, change.value)
        return None if made is None else (made.edits, not made.lossy)
    path = tuple(change.path)
    if written is not None and written[0] is res and written[1] == path:
        pointer = written[2]
    else:
        pointer = written_pointer(doc.data, tuple(res.pointer) + path)
    if "copy" in pointer[len(res.pointer) :]:
        return None  # a property copy's input is shared by its elements, likewise
    raw = raw_at(doc.data, pointer)
    if change.kind == "set":
        if raw is None or raw == change.value and type(raw) is type(change.value):
            return None
        if _is_expression(raw):
            return _at_parameter_default(res, raw, change.value, text_of, editors)
        made = E.set_value(ed, pointer, change.value)
        return None if made is None else (made.edits, not made.lossy)
    if change.kind == "remove":
        if raw is None and not _present(doc.data, pointer):
            return None
        if _is_expression(raw) or is_unknown(raw):
            return None  # the value is computed: whether it may go is not known here
        made = E.remove(ed, pointer)
        return None if made is None else (made.edits, not made.lossy)
    if change.kind == "add":
        target = raw_at(doc.data, pointer)
        if not isinstance(target, dict) or key_of(target, change.key) is not None:
            return None
        made = E.add(ed, pointer, change.key, change.value, target)
        return None if made is None else (made.edits, not made.lossy)
    return None


def _present(data, pointer) -> bool:
    parent = raw_at(data, pointer[:-1])
    return isinstance(parent, dict) and pointer and key_of(parent, pointer[-1]) is not None


def _at_parameter_default(res, raw: str, value, text_of, editors):
    match = _PARAMETER_ONLY.match(raw)
    if match is None:
        return None
    name = match.group(1)
    sources = res.param_sources
    source = sources.get(name)
    if source is None:
        source = next((s for n, s in sources.items() if n.lower() == name.lower()), None)
    if source is None:
        return None
    doc, pointer = source
    # only the default of the template's own declaration; a parameter file or a module's
    # caller is another file, and its value is not this template's to change
    if doc is None or len(pointer) < 3 or pointer[-1] != "defaultValue" or pointer[-3] != "parameters":
        return None
    default = raw_at(doc.data, pointer)
    if default is None or _is_expression(default) or isinstance(default, (dict, list)):
        return None
    if not isinstance(default, type(value)) or isinstance(default, bool) != isinstance(value, bool):
        return None
    made = E.set_value(_editor(doc, text_of, editors), pointer, value)
    return None if made is None else (made.edits, False)


# -- ORCH905: an unused suppression comment goes (ruff's RUF100) -------------------------------
_ONE_RULE_DIRECTIVE = lazy_compile(
    r"[ \t]*//[ \t]*arm-orchlint-disable-next-line[ \t]+[A-Za-z0-9_-]+[ \t]*(?:--[^\r\n]*)?(?:\r?\n)?"
)


def attach_unused_suppression_fix(finding, text_of) -> None:
    """A ``// arm-orchlint-disable-next-line RULE -- reason`` line that names one rule and
    covers no finding of it is removed, line and all (safe: it suppresses nothing).  A
    directive naming several rules is left to the user (some may be in use)."""
    if finding.span is None or "matches no finding on the next line" not in finding.message:
        return
    text = text_of(finding.path)
    if text is None:
        return
    start = _line_offset(text, finding.span.line)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end + 1
    if _ONE_RULE_DIRECTIVE.fullmatch(text, start, end) is None:
        return
    edit = TextEdit(finding.path, start, end, "")
    finding.fix = Fix("Remove the unused suppression", True, [edit], [_span(edit, text)])


def _line_offset(text: str, line: int) -> int:
    at = 0
    for _ in range(line - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return at
