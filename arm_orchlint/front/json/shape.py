"""Structural problems of a template that stop parts of it from being checked."""

from __future__ import annotations

from arm_orchlint.core.rule_ids import TEMPLATE_STRUCTURE
from arm_orchlint.front.document import Diagnostic, Document


def shape_diagnostics(doc: Document) -> list[Diagnostic]:
    """Problems with the ``resources`` member as a whole.  Entries that are not objects or
    have no type are reported by the expander, which looks at every entry anyway."""
    data = doc.data
    out: list[Diagnostic] = []
    resources = data.get("resources")
    if isinstance(resources, list):
        return out
    if isinstance(resources, dict):
        version = data.get("languageVersion")
        if not (isinstance(version, str) and version.startswith("2.")):
            out.append(
                Diagnostic(
                    TEMPLATE_STRUCTURE,
                    '\'resources\' is an object of symbolic names, which needs "languageVersion": "2.0"',
                    doc,
                    ("resources",),
                )
            )
        return out
    kind = type(resources).__name__ if resources is not None else "null"
    out.append(
        Diagnostic(
            TEMPLATE_STRUCTURE,
            f"'resources' must be an array (or an object of symbolic names), not {kind}; no resource was checked",
            doc,
            ("resources",),
        )
    )
    return out
