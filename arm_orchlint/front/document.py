"""A parsed source document and the problems met reading it: what every front end produces."""

from __future__ import annotations

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

Pointer = tuple  # a JSON pointer as a tuple of str keys and int indices


@dataclass
class Document:
    """A parsed source document: a template file, a parameter file or a compiled Bicep file.

    ``locator`` turns a pointer into a ``Span``; ``data`` is the parsed JSON (or the
    template compiled from Bicep).  ``path`` is the file as the user named it.
    """

    path: str
    data: Any
    locator: Any  # has .span(pointer) -> Span | None
    kind: str = "arm"  # "arm", "params", "bicep", "bicepparam"
    # The comments of the source (for Bicep also those of the local modules compiled in);
    # None for documents that have no source text of their own.
    comments: Comments | None = None


def declared_parameters(doc: Document) -> dict:
    """The template's ``parameters`` object: {} when it has none, or when it is not an object."""
    declared = doc.data.get("parameters") if isinstance(doc.data, dict) else None
    return declared if isinstance(declared, dict) else {}


@dataclass
class Comment:
    span: Any  # a Span
    text: str  # as written, with its ``//`` or ``/*``
    alone: bool  # only whitespace before it on its line


class Comments:
    """The comments of a document's source files, by path, scanned when first asked for.

    ``mentions(word)`` is a cheap test before anything is scanned: False means that ``word``
    is in no comment (for JSON: nowhere in the text, so neither in a comment nor in a value).
    """

    __slots__ = ("_by_path", "_text")

    def __init__(self, by_path: dict, text: str | None = None):
        self._by_path = by_path  # path -> list[Comment], or a function that makes it
        self._text = text

    def paths(self) -> list[str]:
        return list(self._by_path)

    def of(self, path: str) -> list[Comment]:
        found = self._by_path.get(path)
        if callable(found):
            found = self._by_path[path] = found()
        return found or []

    def mentions(self, word: str) -> bool:
        if self._text is not None:
            # The same answer as ``word in text``: CPython's reverse search skips ahead by
            # the word's length at most characters of a template, where the forward one
            # (two-way, with a coarse shift table) takes short steps: 18 MB in 2.5 ms, not 6.
            return self._text.rfind(word) >= 0
        return any(word in c.text for path in self._by_path for c in self.of(path))


@dataclass
class Diagnostic:
    """A problem found while reading or evaluating, reported as a finding of ``rule_id``."""

    rule_id: str
    message: str
    doc: Document | None
    pointer: Pointer = ()
    severity: str | None = None  # None: the rule's default
    span: Any = None  # an explicit Span when there is no pointer (parse errors)


@dataclass
class ReadResult:
    doc: Document | None
    kind: str  # "template", "params", "bicep", "bicepparam", "other", "error"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None  # the decoded file, as written (fix edits are offsets into it)
