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
