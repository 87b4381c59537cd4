"""Structural problems of a template that stop parts of it from being checked."""

from __future__ import annotations

from .model import Diagnostic, Document


def shape_diagnostics(doc: Document) -> list[Diagnostic]:
    data = doc.data
    out: list[Diagnostic] = []
    resources = data.get("resources")
    if isinstance(resources, list):
        entries = enumerate(resources)
    elif isinstance(resources, dict):
        version = data.get("languageVersion")
        if not (isinstance(version, str) and version.startswith("2.")):
            out.append(Diagnostic("ORCH907", "'resources' is an object of symbolic names, which needs \"languageVersion\": \"2.0\"", doc, ("resources",)))
        entries = resources.items()
    else:
        kind = type(resources).__name__ if resources is not None else "null"
        out.append(Diagnostic("ORCH907", f"'resources' must be an array (or an object of symbolic names), not {kind}; no resource was checked", doc, ("resources",)))
        return out
    for key, entry in entries:
        if not isinstance(entry, dict):
            out.append(Diagnostic("ORCH907", f"resource entry is {type(entry).__name__ if entry is not None else 'null'}, not an object; it was not checked", doc, ("resources", key)))
        elif not isinstance(entry.get("type"), str):
            out.append(Diagnostic("ORCH907", "resource has no 'type' string; it was not checked", doc, ("resources", key)))
    return out
