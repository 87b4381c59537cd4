"""Findings: what a rule reports, located and fingerprinted."""

from __future__ import annotations

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.source import Span

SEVERITIES = ("error", "warning", "note")
SEVERITY_RANK = {"note": 0, "warning": 1, "error": 2}


@dataclass
class Hit:
    """What a check returns: a resource and the property path it objects to.

    ``path`` is relative to the resource object (``("properties", "singlePlacementGroup")``).
    ``related`` holds ``(document, pointer, message)`` triples for extra locations.
    """

    resource: Any
    path: tuple
    message: str
    severity: str | None = None
    related: list = field(default_factory=list)


@dataclass
class Related:
    span: Span
    message: str
    on_disk: bool = True  # False: in a version read from git (--against), not in the checkout


@dataclass
class Suppression:
    kind: str  # "inSource" or "external"
    justification: str


@dataclass(frozen=True)
class TextEdit:
    """Replace ``text[start:end]`` of the file ``path`` with ``text``.

    ``start``/``end`` are offsets into the file's decoded text as a Python ``str``
    (code points, the byte order mark not counted); an insertion has ``start == end``."""

    path: str
    start: int
    end: int
    text: str


@dataclass
class Fix:
    """A repair of one finding: all its edits are applied together or not at all.

    ``safe`` fixes keep what the template means for everything but the finding (ruff's
    convention: ``--fix`` applies them); unsafe ones need ``--unsafe-fixes``."""

    title: str
    safe: bool
    edits: list[TextEdit] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # where each edit is, as lines and UTF-16 columns


@dataclass
class Finding:
    rule_id: str
    severity: str
    message: str
    path: str  # the file as the user named it (or where the resource is written)
    span: Span | None
    resource: str | None = None  # logical location: "type/name" or symbolic name
    resource_type: str | None = None
    property_path: str = ""
    related: list[Related] = field(default_factory=list)
    suppression: Suppression | None = None
    fingerprint: str = ""
    pointer: tuple = ()  # where the span is, as a JSON pointer into the finding's document
    fix: Fix | None = None  # a mechanical repair, when the rule declares one and it applies here

    @property
    def line(self) -> int:
        return self.span.line if self.span else 1

    @property
    def col(self) -> int:
        return self.span.col if self.span else 1

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.rule_id, self.message)

    def compute_fingerprint(self) -> str:
        """Stable across edits that move lines: rule + file + resource + property path."""
        identity = "\x1f".join((self.rule_id, self.path.replace("\\", "/"), self.resource or "", self.property_path))
        from arm_orchlint.core.digest import sha256

        self.fingerprint = sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return self.fingerprint


def pointer_text(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path))
