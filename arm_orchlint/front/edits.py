"""Text edits at the exact place a JSON pointer is written, in ARM JSON (with or without
comments) and in Bicep (a local module's properties are edited in the module's file).

Three operations: set a value, remove an object member, add a member.  Everything
outside the edited span stays byte-identical; inserted text copies the indentation, the
key/value separator, the comma style and the line ending of its neighbours; a removed
member takes its comma and, when it stands on its own line, the whole line.  When an
edit cannot be made exactly (the pointer is not written as such, a Bicep file was
repaired to parse, ...), the answer is None: no fix is better than a wrong one.

``text_of(path)`` gives a file's decoded text as the linter read it (None: unknown).
"""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    pass

from arm_orchlint.core.findings import TextEdit
from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass
from arm_orchlint.front.document import Document


@dataclass
class Edits:
    edits: list[TextEdit] = field(default_factory=list)
    lossy: bool = False  # the edit also deletes a comment: never a safe fix


TextOf = "Callable[[str], str | None]"


# -- literals -----------------------------------------------------------------------------


# ``json.dumps(value, ensure_ascii=False)`` builds an encoder for each call; one made once
# with the same settings writes the same text.
_encode = json.JSONEncoder(ensure_ascii=False).encode


_CONSTANTS = {True: "true", False: "false", None: "null"}  # (what the encoder writes for them)


def json_literal(value) -> str:
    if value is True or value is False or value is None:  # most fixes set a flag: no encoder call
        return _CONSTANTS[value]
    return _encode(value)


def bicep_literal(value) -> str | None:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'").replace("${", "\\${") + "'"
    return None


# -- shared text helpers --------------------------------------------------------------------


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _only_blank(text: str, start: int, end: int) -> bool:
    return text[start:end].strip(" \t") == ""


def _newline(text: str, near: int) -> str:
    end = text.find("\n", near)
    if end > 0 and text[end - 1] == "\r":
        return "\r\n"
    if end < 0 and "\r\n" in text:
        return "\r\n"
    return "\n"


def _line_end_after(text: str, at: int) -> int | None:
    """Offset just past the newline ending the line that ``at`` is in, when only blanks
    (and one optional comma) follow ``at`` on it; else None."""
    i = at
    while i < len(text) and text[i] in " \t":
        i += 1
    if i < len(text) and text[i] == ",":
        i += 1
        while i < len(text) and text[i] in " \t":
            i += 1
    if i >= len(text):
        return i
    if text[i] == "\n":
        return i + 1
    if text.startswith("\r\n", i):
        return i + 2
    return None


# -- ARM JSON -----------------------------------------------------------------------------------


class _Json:
    def __init__(self, doc: Document, text: str):
        self.path = doc.path
        self.loc = doc.locator
        self.blank = doc.locator.text  # comments blanked: structure is read here
        self.text = text

    def set_value(self, pointer: tuple, value) -> Edits | None:
        found = self.loc.member_offsets(pointer)
        if found is None:
            return None
        _, _, vs, ve = found
        return Edits([TextEdit(self.path, vs, ve, json_literal(value))])

    def _comma_at(self, i: int) -> bool:
        return i < len(self.text) and self.text[i] == ","

    def _comma_after(self, i: int) -> int:
        """The first offset from ``i`` that is not blank, or a comma the loader blanked (a
        trailing comma, which ARM accepts, reads as a space in the blanked text)."""
        blank, text = self.blank, self.text
        while i < len(blank) and blank[i] in " \t\r\n":
            if text[i] == ",":
                return i
            i += 1
        return i

    def remove(self, pointer: tuple) -> Edits | None:
        if not pointer:
            return None
        members = self.loc.members_offsets(pointer[:-1])
        if not members:
            return None
        found = [i for i, m in enumerate(members) if m[0] == pointer[-1]]
        if not found:
            return None
        index = found[-1]  # of duplicate keys, the one json.loads keeps
        blank = self.blank
        _, ks, _, _, ve = members[index]
        after = self._comma_after(ve)
        has_comma = self._comma_at(after)
        edits = []
        line_start = _line_start(blank, ks)
        line_end = _line_end_after(blank, ve) if _only_blank(blank, line_start, ks) else None
        if line_end is not None and has_comma and after >= line_end:
            line_end = None  # its comma is on a later line: not a member of its own line
        if line_end is not None:
            start, end = line_start, line_end
            if not has_comma and index > 0:  # the last member: the comma before it goes
                comma = self._comma_after(members[index - 1][4])
                if self._comma_at(comma):
                    edits.append(TextEdit(self.path, comma, comma + 1, ""))
        elif has_comma:
            start, end = ks, _skip_spaces(blank, after + 1)
        elif index > 0:
            start, end = self._comma_after(members[index - 1][4]), ve
            if not self._comma_at(start):
                return None
        else:
            start, end = ks, ve
        edits.append(TextEdit(self.path, start, end, ""))
        return Edits(sorted(edits, key=lambda e: e.start), any(self._drops_comment(e) for e in edits))

    def _drops_comment(self, edit: TextEdit) -> bool:
        """Whether the deleted text holds a comment (the blanked text differs from the
        original other than at a trailing comma)."""
        original, blank = self.text[edit.start : edit.end], self.blank[edit.start : edit.end]
        return any(a != b and not (a == "," and b == " ") for a, b in zip(original, blank))

    def add(self, pointer: tuple, key: str, value, first: bool = False) -> Edits | None:
        members = self.loc.members_offsets(pointer)
        if not members:
            return None  # an empty object has no neighbour to take the layout from
        blank = self.blank
        _, ks, ke, vs, ve = members[0 if first else -1]
        separator = blank[ke:vs]
        member = json_literal(key) + separator + json_literal(value)
        if first:  # before the first member, on a line of its own when that one has one
            line_start = _line_start(blank, ks)
            if _only_blank(blank, line_start, ks):
                nl = _newline(self.text, ks)
                return Edits([TextEdit(self.path, ks, ks, member + "," + nl + blank[line_start:ks])])
            return Edits([TextEdit(self.path, ks, ks, member + ", ")])
        after = self._comma_after(ve)
        trailing_comma = self._comma_at(after)
        line_start = _line_start(blank, ks)
        if _only_blank(blank, line_start, ks) and _line_end_after(blank, ve) is not None:
            indent = blank[line_start:ks]
            nl = _newline(self.text, ks)
            if trailing_comma:
                return Edits([TextEdit(self.path, after + 1, after + 1, nl + indent + member + ",")])
            return Edits([TextEdit(self.path, ve, ve, "," + nl + indent + member)])
        if trailing_comma:
            return Edits([TextEdit(self.path, after + 1, after + 1, " " + member + ",")])
        return Edits([TextEdit(self.path, ve, ve, ", " + member)])

    def set_api_version(self, pointer: tuple, version: str) -> Edits | None:
        return self.set_value(pointer, version)


def _skip_blank(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


# -- Bicep ------------------------------------------------------------------------------------------

_BICEP_KEY = lazy_compile(r"(?:'(?:[^'\\\n]|\\.)*'|[A-Za-z_$][A-Za-z0-9_$]*)[ \t]*:[ \t]*")


class _BicepFile:
    """One Bicep file: its text and byte -> code-point offsets."""

    def __init__(self, path: str, source: bytes, text: str):
        self.path = path
        self.source = source
        self.text = text
        self.ascii = source.isascii()

    def offset(self, byte: int) -> int:
        return byte if self.ascii else len(self.source[:byte].decode("utf-8", "replace"))


class _Bicep:
    def __init__(self, doc: Document, text_of):
        self.loc = doc.locator
        self.text_of = text_of
        self._files: dict[int, _BicepFile | None] = {}

    def _where(self, pointer: tuple) -> tuple[_BicepFile, int, int] | None:
        found = self.loc.exact(pointer)
        if found is None:
            return None
        lines, rng = found
        file = self._files.get(id(lines), False)
        if file is False:
            text = self.text_of(lines.path)
            # a file repaired to parse has offsets that are not the file's: no edits there
            ok = text is not None and text.encode("utf-8") == lines.source
            file = self._files[id(lines)] = _BicepFile(lines.path, lines.source, text) if ok else None
        if file is None:
            return None
        return file, file.offset(rng[0]), file.offset(rng[1])

    def _property(self, pointer: tuple):
        """(file, property start, value start, end) of ``key: value`` at ``pointer``."""
        where = self._where(pointer)
        if where is None:
            return None
        file, start, end = where
        head = _BICEP_KEY.match(file.text, start, end)
        if head is None:
            return None
        return file, start, head.end(), end

    def set_value(self, pointer: tuple, value) -> Edits | None:
        literal = bicep_literal(value)
        if literal is None:
            return None
        if pointer[-1:] == ("defaultValue",) and pointer[:1] == ("parameters",):
            where = self._where(pointer)  # a parameter default: the range is the value itself
            if where is None:
                return None
            file, start, end = where
        else:
            found = self._property(pointer)
            if found is None:
                return None
            file, _, start, end = found
        return Edits([TextEdit(file.path, start, end, literal)])

    def remove(self, pointer: tuple) -> Edits | None:
        found = self._property(pointer)
        if found is None:
            return None
        file, start, _, end = found
        text = file.text
        line_start = _line_start(text, start)
        if line_start > 0:  # a decorator above the property would be left dangling
            prev = text[_line_start(text, line_start - 1) : line_start].strip()
            if prev.startswith("@"):
                return None
        if _only_blank(text, line_start, start):
            line_end = _line_end_after(text, end)
            if line_end is not None:
                return Edits([TextEdit(file.path, line_start, line_end, "")])
            rest = text[end : text.find("\n", end) if "\n" in text[end:] else len(text)]
            if rest.lstrip(" \t").startswith(("//", "/*")):  # a comment after it on the line goes too
                line_end = text.find("\n", end)
                line_end = len(text) if line_end < 0 else line_end + 1
                return Edits([TextEdit(file.path, line_start, line_end, "")], lossy=True)
        after = _skip_spaces(text, end)
        if after < len(text) and text[after] == ",":  # single-line object: `{ a: 1, b: 2 }`
            return Edits([TextEdit(file.path, start, _skip_spaces(text, after + 1), "")])
        before = start - 1
        while before >= 0 and text[before] in " \t":
            before -= 1
        if before >= 0 and text[before] == ",":
            return Edits([TextEdit(file.path, before, end, "")])
        if before >= 0 and text[before] == "{":
            return Edits([TextEdit(file.path, start, end, "")])
        return None

    def add(self, pointer: tuple, key: str, value, data, first: bool = False) -> Edits | None:
        literal = bicep_literal(value)
        if literal is None or not isinstance(data, dict) or not data:
            return None
        last = None
        for name in data:
            if name == "copy":
                continue
            found = self._property(pointer + (name,))
            if found is not None and (last is None or (found[1] < last[1] if first else found[1] > last[1])):
                last = found
        if last is None:
            return None
        file, start, _, end = last
        text = file.text
        member = (key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else bicep_literal(key)) + ": " + literal
        line_start = _line_start(text, start)
        if first:
            if _only_blank(text, line_start, start):
                nl = _newline(text, start)
                return Edits([TextEdit(file.path, line_start, line_start, text[line_start:start] + member + nl)])
            return Edits([TextEdit(file.path, start, start, member + ", ")])
        if _only_blank(text, line_start, start):
            indent = text[line_start:start]
            eol = text.find("\n", end)
            at = end if eol < 0 else eol + 1
            if eol < 0:
                return Edits([TextEdit(file.path, at, at, _newline(text, start) + indent + member)])
            # after the last property's line (a comment on that line stays with it)
            if text[eol - 1 : eol] == "\r":
                return Edits([TextEdit(file.path, at, at, indent + member + "\r\n")])
            return Edits([TextEdit(file.path, at, at, indent + member + "\n")])
        return Edits([TextEdit(file.path, end, end, ", " + member)])

    def set_api_version(self, pointer: tuple, version: str) -> Edits | None:
        where = self._where(pointer)  # the type string: 'Microsoft.Compute/...@2020-12-01'
        if where is None:
            return None
        file, start, end = where
        quoted = file.text[start:end]
        at = quoted.rfind("@")
        if not (quoted.startswith("'") and quoted.endswith("'")) or at < 0 or "${" in quoted:
            return None
        return Edits([TextEdit(file.path, start + at + 1, end - 1, version)])


# -- the entry points ---------------------------------------------------------------------------


def editor(doc: Document, text_of):
    """An editor for ``doc``, or None when its text is not the one that was linted."""
    if doc is None or doc.locator is None:
        return None
    if doc.kind == "bicep":
        return _Bicep(doc, text_of) if hasattr(doc.locator, "exact") else None
    if doc.kind != "arm" or not hasattr(doc.locator, "member_offsets"):
        return None
    text = text_of(doc.path)
    if text is None or len(text) != len(doc.locator.text):
        return None
    return _Json(doc, text)


def set_value(ed, pointer: tuple, value) -> Edits | None:
    return ed.set_value(tuple(pointer), value) if ed is not None else None


def remove(ed, pointer: tuple) -> Edits | None:
    return ed.remove(tuple(pointer)) if ed is not None and pointer else None


def add(ed, pointer: tuple, key: str, value, data=None, first: bool = False) -> Edits | None:
    """Add member ``key``: after the last member, or before the first with ``first``."""
    if ed is None:
        return None
    if isinstance(ed, _Bicep):
        return ed.add(tuple(pointer), key, value, data, first)
    return ed.add(tuple(pointer), key, value, first)


def set_api_version(ed, pointer: tuple, version: str) -> Edits | None:
    return ed.set_api_version(tuple(pointer), version) if ed is not None else None
