"""``migrate``: what stands between a scale set and another orchestration mode.

For each scale set not already in the target mode (or each one named), the template is
linted again as if its ``orchestrationMode`` were the target: the text is changed in
memory (the literal, the parameter default it comes from, or an added member) and the
findings that only the changed text has are the set's blockers.  Each is reported where
it is written in the original file, with its fix when it has one, else with what the
documentation puts in its place (the rule's catalog ``migration`` text).

A mode never changes in place: Azure refuses the update (ORCH801 reports it in a version
diff), so the migrated template is for a new scale set, under a new name or after the
old one is deleted.
"""

from __future__ import annotations

import re

from arm_orchlint.core.findings import Finding, TextEdit
from arm_orchlint.core.overlay import overlaid
from arm_orchlint.core.records import field, replace
from arm_orchlint.core.records import record as dataclass
from arm_orchlint.core.source import Span, utf16_col
from arm_orchlint.evaluation.expand import expand
from arm_orchlint.front import edits as E
from arm_orchlint.front.json.load import ReadError, decode_bytes
from arm_orchlint.front.reading import encode_like, load_linked, read_bytes, read_input
from arm_orchlint.lint.fixing import apply_edits
from arm_orchlint.lint.jobs import lint_all
from arm_orchlint.model.scalesets import Model, raw_at, written_pointer

MODES = ("Uniform", "Flexible")
_MODE = ("properties", "orchestrationMode")
_PARAMETER_ONLY = re.compile(r"\[\s*parameters\(\s*'([^']*)'\s*\)\s*\]\Z", re.I)
IN_PLACE = (
    "A scale set's orchestration mode cannot change in place: Azure refuses the update. "
    "The migrated template deploys a new scale set, under a new name, or after the old one is deleted."
)


@dataclass
class Blocker:
    finding: Finding  # located in the original text
    fix_title: str | None = None  # its fix, when it has one
    fix_safe: bool = False
    instead: str | None = None  # what to do by hand (the rule's migration text)

    @property
    def fixable(self) -> bool:
        return self.fix_title is not None


@dataclass
class SetMigration:
    path: str  # the file the scale set is written in
    name: str  # its name (or symbolic name)
    source: str  # the mode as read: 'Uniform', 'Flexible', a preview name, or how it is unknown
    read_as: str  # how it was read: "literal", "parameter", "assumed" (not set), "legacy", "joined", ...
    target: str
    span: Span | None  # where orchestrationMode is (or the resource, when it is absent)
    how: str  # "literal", "parameter default", "added", "expression replaced"
    edits: list[TextEdit] = field(default_factory=list)  # the mode change
    blockers: list[Blocker] = field(default_factory=list)
    input: str = ""  # the input path whose lint found the set

    @property
    def fixable(self) -> int:
        return sum(1 for b in self.blockers if b.fixable)

    @property
    def manual(self) -> int:
        return len(self.blockers) - self.fixable


class _Texts:
    """Decoded texts as on disk (what mode edits are offsets into)."""

    def __init__(self):
        self._cache: dict[str, str | None] = {}

    def __call__(self, path: str) -> str | None:
        if path not in self._cache:
            try:
                self._cache[path] = decode_bytes(read_bytes(path))
            except (OSError, ReadError):
                self._cache[path] = None
        return self._cache[path]


def _scale_sets(linter, path: str, params_for):
    try:
        result = read_input(path)
    except OSError:
        return []
    doc = result.doc
    if doc is None or result.kind not in ("template", "bicep"):
        return []
    extra = params_for(path) if params_for else []
    expansion = expand(doc, parameter_values=linter.parameter_values(extra), load_linked=load_linked)
    return Model(expansion=expansion).scale_sets


def _label(res) -> str:
    if res.symbolic:
        return res.symbolic
    if isinstance(res.name, str):
        return res.name
    written = raw_at(res.doc.data, tuple(res.pointer) + ("name",)) if res.doc is not None else None
    return written if isinstance(written, str) else "<unknown name>"  # the expression, as written


def _names(res) -> set[str]:
    names = {n.lower() for n in (res.symbolic, res.name) if isinstance(n, str)}
    if isinstance(res.name, str):
        names.add(res.name.rsplit("/", 1)[-1].lower())
    return names


def mode_edits(ss, target: str, text_of) -> tuple[list[TextEdit], str] | None:
    """The edits that make ``ss`` a ``target`` set in the text, and how."""
    res = ss.res
    doc = res.doc
    if doc is None or not isinstance(doc.data, dict):
        return None
    ed = E.editor(doc, text_of)
    if ed is None:
        return None
    pointer = written_pointer(doc.data, tuple(res.pointer) + _MODE)
    raw = raw_at(doc.data, pointer)
    if raw is None:
        props = written_pointer(doc.data, tuple(res.pointer) + ("properties",))
        data = raw_at(doc.data, props)
        made = E.add(ed, props, "orchestrationMode", target, data, first=True)
        return None if made is None else (made.edits, "added")
    match = _PARAMETER_ONLY.match(raw) if isinstance(raw, str) else None
    if match is not None:
        source = res.param_sources.get(match.group(1))
        if source is not None and source[0] is doc and source[1][-1:] == ("defaultValue",):
            default = raw_at(doc.data, source[1])
            if isinstance(default, str) and not default.startswith("["):
                made = E.set_value(ed, source[1], target)
                if made is not None:
                    return made.edits, f"parameter default ('{match.group(1)}')"
    made = E.set_value(ed, pointer, target)
    if made is None:
        return None
    return made.edits, "literal" if isinstance(raw, str) and not raw.startswith("[") else "expression replaced"


def _key(f: Finding) -> tuple:
    return (f.rule_id, f.resource, f.property_path)


def _lint(linter, path: str, params_for, texts: dict[str, str]) -> list[Finding]:
    contents = {p: _encode(t, p) for p, t in texts.items()}
    with overlaid(contents):
        results = lint_all(linter, [path], 1, (), params_for)
    return [f for r in results for f in r.findings]


def _encode(text: str, path: str) -> bytes:
    try:
        raw = read_bytes(path)
    except OSError:
        raw = b""
    return encode_like(text, raw)


def plan(linter, paths: list[str], target: str, names: list[str] = (), params_for=None) -> list[SetMigration]:
    """Every scale set of ``paths`` to move to ``target``, with its blockers."""
    text_of = _Texts()
    wanted = {n.lower() for n in names}
    out: list[SetMigration] = []
    for path in paths:
        sets = _scale_sets(linter, path, params_for)
        if not sets:
            continue
        base = None
        seen: set[tuple] = set()
        for ss in sets:
            written = (id(ss.res.doc), tuple(ss.res.pointer))
            if written in seen:
                continue  # another copy of a copy loop: one text, migrated once
            seen.add(written)
            mode = ss.mode
            if mode.how == "existing":
                continue  # only changes a set defined elsewhere
            if wanted and not (_names(ss.res) & wanted):
                continue
            if mode.current == target:
                continue  # already there
            made = mode_edits(ss, target, text_of)
            source = mode.current or (mode.value if isinstance(mode.value, str) else f"unknown ({mode.how})")
            mode_span = ss.res.doc.locator.span(written_pointer(ss.res.doc.data, tuple(ss.res.pointer) + _MODE))
            migration = SetMigration(
                path=ss.res.doc.path if mode_span is None else mode_span.path,
                name=_label(ss.res),
                source=source,
                read_as=mode.how,
                target=target,
                span=mode_span,
                how="not written" if made is None else made[1],
                edits=[] if made is None else made[0],
                input=path,
            )
            out.append(migration)
            if made is None:
                continue
            if base is None:
                base = {_key(f) for f in _lint(linter, path, params_for, {})}
            texts = _changed_texts(migration.edits, text_of)
            after = _lint(linter, path, params_for, texts)
            for f in after:
                if _key(f) in base or f.suppression is not None:
                    continue
                rule = linter.registry.get(f.rule_id)
                located = _map_back(f, migration.edits, texts, text_of)
                # the fix's offsets are into the changed text: only its title is reported
                blocker = Blocker(replace(located, fix=None), instead=getattr(rule, "migration", None))
                if f.fix is not None and f.fix.edits:
                    blocker.fix_title, blocker.fix_safe = f.fix.title, f.fix.safe
                migration.blockers.append(blocker)
    return out


def _changed_texts(edits: list[TextEdit], text_of) -> dict[str, str]:
    texts = {}
    edits = list(dict.fromkeys(edits))  # sets written once (a module used twice) are edited once
    for path in dict.fromkeys(e.path for e in edits):
        original = text_of(path)
        if original is not None:
            texts[path] = apply_edits(original, [e for e in edits if e.path == path])
    return texts


def _map_back(f: Finding, edits: list[TextEdit], texts: dict[str, str], text_of) -> Finding:
    """``f`` located in the original text of its file (the mode edit moved what follows it)."""
    changed = texts.get(f.path)
    if f.span is None or changed is None:
        return f
    own = sorted((e for e in edits if e.path == f.path), key=lambda e: e.start)
    original = text_of(f.path)

    def back(line: int, col: int) -> tuple[int, int]:
        offset = _offset(changed, line, col)
        shift = 0
        for e in own:
            new_start = e.start + shift
            new_end = new_start + len(e.text)
            if offset >= new_end:
                shift += len(e.text) - (e.end - e.start)
            elif offset > new_start:  # inside the inserted text: where it was inserted
                return _position(original, e.start)
        return _position(original, offset - shift)

    line, col = back(f.span.line, f.span.col)
    end_line, end_col = back(f.span.end_line, f.span.end_col)
    return replace(f, span=Span(f.span.path, line, col, end_line, end_col))


def _offset(text: str, line: int, col: int) -> int:
    start = 0
    for _ in range(line - 1):
        found = text.find("\n", start)
        if found < 0:
            return len(text)
        start = found + 1
    end = text.find("\n", start)
    line_text = text[start : len(text) if end < 0 else end]
    units = 0
    for i, ch in enumerate(line_text):  # columns are UTF-16 code units
        if units >= col - 1:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(line_text)


def _position(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, utf16_col(text[start:offset], offset - start)


def start_texts(migrations: list[SetMigration]) -> dict[str, str]:
    """Every file's text with the mode edits of all planned sets applied (for ``--fix``)."""
    text_of = _Texts()
    edits = [e for m in migrations for e in m.edits]
    return _changed_texts(edits, text_of)
