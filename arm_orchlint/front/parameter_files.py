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
    """Values of an ARM ``deploymentParameters`` file.  A Key Vault ``reference`` is Unknown.

    Like the Azure CLI (``parsed.get('parameters', parsed)``), a file without the
    ``parameters`` wrapper, ``{"name": {"value": ...}}``, is read as the parameters
    themselves (azure-facts RW-PARAMS)."""
    data = doc.data
    if not isinstance(data, dict):
        raise ParameterError(f"{doc.path}: not a parameter file (not a JSON object)")
    if "parameters" in data:
        params, prefix = data["parameters"], ("parameters",)
    elif "resources" in data:  # a template given as a parameter file
        raise ParameterError(f"{doc.path}: not a parameter file (it has 'resources': a template?)")
    else:
        params, prefix = data, ()
    if not isinstance(params, dict):
        raise ParameterError(f"{doc.path}: not a parameter file ('parameters' is not an object)")
    out: ParameterValues = {}
    for name, entry in params.items():
        if not isinstance(entry, dict):
            continue  # "$schema" and "contentVersion" of a file without the wrapper, among others
        if "value" in entry:
            out[name] = (entry["value"], doc, (*prefix, name, "value"))
        elif "reference" in entry:
            out[name] = (
                Unknown(f"parameter '{name}' is read from Key Vault at deployment", frozenset()),
                doc,
                (*prefix, name, "reference"),
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
