"""Glue between the Bicep front end and the lint engine: reading ``.bicep`` and
``.bicepparam`` inputs into Documents, and parameter values out of ``.bicepparam`` files."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    pass

from arm_orchlint.core.source import Span
from arm_orchlint.front.document import Diagnostic, Document


class _ParamLocator:
    """Spans of ``param name = value`` lines of a ``.bicepparam`` file, by pointer
    ``("parameters", name, "value")``."""

    def __init__(self, path: str, spans: dict[str, Span]):
        self.path = path
        self._spans = spans

    def span(self, pointer: tuple) -> Span | None:
        if len(pointer) >= 2 and pointer[0] == "parameters":
            return self._spans.get(pointer[1])
        return None


def read(path: str, text: str, kind: str):
    from arm_orchlint.front.document import ReadResult

    if kind == "bicep":
        from arm_orchlint.front.bicep.compile import compile_bicep

        doc = compile_bicep(path, text)
        return ReadResult(doc, "bicep", list(getattr(doc, "diagnostics", [])))
    from arm_orchlint.front.bicep.params import parse_bicepparam

    using, values, problems = parse_bicepparam(path, text)
    spans = {name: span for name, (_, span) in values.items()}
    doc = Document(
        path=path,
        data={"using": using, "parameters": {n: {"value": v} for n, (v, _) in values.items()}},
        locator=_ParamLocator(path, spans),
        kind="bicepparam",
    )
    diagnostics = [Diagnostic(rule, message, doc, span=span) for rule, message, span in problems]
    return ReadResult(doc, "bicepparam", diagnostics)


def using_target(doc: Document) -> str | None:
    """The template a ``.bicepparam`` file is for, as a path, or None (no ``using``, or a
    registry reference that cannot be read offline)."""
    using = doc.data.get("using") if isinstance(doc.data, dict) else None
    if not isinstance(using, str) or not using or ":" in using.split("/")[0]:
        return None
    return os.path.normpath(os.path.join(os.path.dirname(doc.path), using))
