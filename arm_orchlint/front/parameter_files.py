"""Parameter values from parameter files and ``--param name=value``."""

from __future__ import annotations

import json

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown
from arm_orchlint.front.document import Document

# name -> (value, document the value is written in or None, pointer inside it)
ParameterValues = dict[str, tuple[object, Document | None, tuple]]  # name -> (value, source document, pointer)


class ParameterError(Exception):
    """A parameter file or --param option that cannot be used (a tool error, exit 2)."""


def values_from_document(doc: Document) -> ParameterValues:
    """Values of an ARM ``deploymentParameters`` file.  A Key Vault ``reference`` is Unknown."""
    data = doc.data
    params = data.get("parameters") if isinstance(data, dict) else None
    if not isinstance(params, dict):
        raise ParameterError(f"{doc.path}: not a parameter file (no 'parameters' object)")
    out: ParameterValues = {}
    for name, entry in params.items():
        if not isinstance(entry, dict):
            continue
        if "value" in entry:
            out[name] = (entry["value"], doc, ("parameters", name, "value"))
        elif "reference" in entry:
            out[name] = (
                Unknown(f"parameter '{name}' is read from Key Vault at deployment", frozenset()),
                doc,
                ("parameters", name, "reference"),
            )
    return out


def parse_param_option(option: str) -> tuple[str, Any]:
    """``name=value``; the value is JSON when it parses as JSON, else a plain string."""
    name, sep, raw = option.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ParameterError(f"--param expects name=value, got {option!r}")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return name, value
