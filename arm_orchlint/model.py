"""The deployment model: the flat list of resources every rule looks at.

A front end (ARM JSON or Bicep) produces a template document; the evaluator expands it
into ``Resource`` records with evaluated bodies.  Rules only ever see these records, never
text, and never know which front end produced them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .values import Unknown, is_unknown

Pointer = tuple  # a JSON pointer as a tuple of str keys and int indices

_MISSING = object()


@dataclass
class CopyInfo:
    """Where a resource came from a ``copy`` loop (or a Bicep ``for``)."""

    name: str | None
    count: Any  # int or Unknown
    index: Any  # int or Unknown (the iteration this record stands for)


@dataclass
class Resource:
    """One resource as it would be deployed.

    ``body`` is the evaluated resource object with the same keys as in the template
    (``properties``, ``sku``, ``zones``, ``identity``, ...).  Values that cannot be known
    before deployment are ``Unknown``.  ``doc`` + ``pointer`` say where the resource object
    is written: ``doc`` names the document (see ``Document``) and ``pointer`` is the path of
    the resource object inside it; a property of the resource is located at
    ``pointer + path``.
    """

    type: str
    api_version: Any
    name: Any
    body: dict
    doc: "Document"
    pointer: Pointer
    symbolic: str | None = None
    condition: Any = True
    copy: CopyInfo | None = None
    scope: dict = field(default_factory=dict)  # resourceGroup / subscriptionId of the deployment
    depends_on: list = field(default_factory=list)
    existing: bool = False
    # parameter name -> pointer of the parameter's value (default or parameter file) used to evaluate this resource
    param_sources: dict = field(default_factory=dict)

    @property
    def type_lower(self) -> str:
        return self.type.lower()

    def get(self, *path: Any, default: Any = None) -> Any:
        """The evaluated value at ``path`` inside the body, ``default`` when absent.

        An Unknown on the way is returned as is (an unknown object has unknown members).
        """
        node: Any = self.body
        for key in path:
            if is_unknown(node):
                return node
            if isinstance(node, dict):
                found = node.get(key, _MISSING)
                if found is _MISSING:
                    # ARM property names are case-insensitive; templates in the wild vary the case.
                    found = _get_ci(node, key)
                node = found
            elif isinstance(node, list) and isinstance(key, int):
                node = node[key] if -len(node) <= key < len(node) else _MISSING
            else:
                node = _MISSING
            if node is _MISSING:
                return default
        return node

    def has(self, *path: Any) -> bool:
        return self.get(*path, default=_MISSING) is not _MISSING

    @property
    def label(self) -> str:
        name = self.name if isinstance(self.name, str) else (self.symbolic or "<unknown name>")
        return f"{self.type}/{name}" if not self.symbolic else f"{self.symbolic} ({self.type})"


def _get_ci(node: Any, key: Any) -> Any:
    if isinstance(node, dict) and isinstance(key, str):
        lowered = key.lower()
        for k, v in node.items():
            if isinstance(k, str) and k.lower() == lowered:
                return v
    return _MISSING


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
class Expansion:
    resources: list[Resource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
