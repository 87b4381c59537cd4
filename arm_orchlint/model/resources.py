"""The deployment model: the flat list of resources every rule looks at.

A front end (ARM JSON or Bicep) produces a template document; the evaluator expands it
into ``Resource`` records with evaluated bodies.  Rules only ever see these records, never
text, and never know which front end produced them.
"""

from __future__ import annotations

from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.keys import other_spelling
from arm_orchlint.core.values import is_unknown
from arm_orchlint.front.document import Diagnostic, Document

Pointer = tuple  # a JSON pointer as a tuple of str keys and int indices

_MISSING = object()


@dataclass
class CopyInfo:
    """Where a resource came from a ``copy`` loop (or a Bicep ``for``)."""

    name: str | None
    count: Any  # int or Unknown
    index: Any  # int or Unknown (the iteration this record stands for)


class Lazy:
    """A value computed on first use (resource bodies and names: rules look at a few
    resource types, so the rest of a large template is never evaluated)."""

    __slots__ = ("compute",)

    def __init__(self, compute):
        self.compute = compute


class Resource:
    """One resource as it would be deployed.

    ``body`` is the evaluated resource object with the same keys as in the template
    (``properties``, ``sku``, ``zones``, ``identity``, ...).  Values that cannot be known
    before deployment are ``Unknown``.  ``doc`` + ``pointer`` say where the resource object
    is written: ``doc`` names the document (see ``Document``) and ``pointer`` is the path of
    the resource object inside it; a property of the resource is located at
    ``pointer + path``.  ``body`` and ``name`` may be given as ``Lazy`` and are then
    evaluated when first read.
    """

    __slots__ = (
        "type",
        "api_version",
        "_name",
        "_body",
        "doc",
        "pointer",
        "symbolic",
        "condition",
        "copy",
        "scope",
        "depends_on",
        "existing",
        "param_sources",
        "type_lower",  # the type in lower case ("" when it is not a string), read by every dispatch
    )

    def __init__(
        self,
        type: str,
        api_version: Any,
        name: Any,
        body: Any,
        doc: "Document",
        pointer: Pointer,
        symbolic: str | None = None,
        condition: Any = True,
        copy: CopyInfo | None = None,
        scope: dict | None = None,
        depends_on: list | None = None,
        existing: bool = False,
        param_sources: dict | None = None,
    ):
        self.type = type
        self.api_version = api_version
        self._name = name
        self._body = body
        self.doc = doc
        self.pointer = pointer
        self.symbolic = symbolic
        self.condition = condition
        self.copy = copy
        self.scope = scope if scope is not None else {}  # resourceGroup / subscriptionId of the deployment
        self.depends_on = depends_on if depends_on is not None else []
        self.existing = existing
        # parameter name -> (document, pointer) of the value used: a default or a parameter file entry
        self.param_sources = param_sources if param_sources is not None else {}
        self.type_lower = type.lower() if isinstance(type, str) else ""

    @property
    def body(self) -> dict:
        if isinstance(self._body, Lazy):
            self._body = self._body.compute()
        return self._body

    @property
    def name(self) -> Any:
        if isinstance(self._name, Lazy):
            self._name = self._name.compute()
        return self._name

    def __repr__(self) -> str:
        return f"Resource({self.type!r}, {self.pointer!r})"

    def get(self, *path: Any, default: Any = None) -> Any:
        """The evaluated value at ``path`` inside the body, ``default`` when absent.

        An Unknown on the way is returned as is (an unknown object has unknown members).
        """
        return get_in(self.body, path, default)

    def has(self, *path: Any) -> bool:
        return self.get(*path, default=_MISSING) is not _MISSING

    @property
    def label(self) -> str:
        name = self.name if isinstance(self.name, str) else (self.symbolic or "<unknown name>")
        return f"{self.type}/{name}" if not self.symbolic else f"{self.symbolic} ({self.type})"


def get_in(node: Any, path: tuple, default: Any = None) -> Any:
    """``Resource.get`` from ``node`` instead of a body, with the same rules: for any split
    of a path, ``res.get(*a, *b) == get_in(res.get(*a), b)`` (``default`` None).  Rules
    read a shared sub-object (a scale set's ``properties``) once and its members from it."""
    for key in path:
        if type(node) is dict or (isinstance(node, dict) and not is_unknown(node)):
            found = node.get(key, _MISSING)
            if found is _MISSING:
                # ARM property names are case-insensitive; templates in the wild vary the case.
                spelled = other_spelling(node, key)
                if spelled is None:
                    return default
                found = node[spelled]
            node = found
        elif node is None:  # (an absent parent: answered before the tests for the other kinds)
            return default
        elif is_unknown(node):
            return node
        elif isinstance(node, list) and isinstance(key, int):
            if not -len(node) <= key < len(node):
                return default
            node = node[key]
        else:
            return default
    return node


class Expansion:
    """The resources of a template in template order, and the diagnostics met on the way.

    A front end may add a resource as a *pending* entry: a tuple of the arguments of
    ``build``, turned into a ``Resource`` when first asked for.  Large templates hold tens
    of thousands of resources and rules look at a few types, so most are never built.
    ``of_type`` builds one type; ``resources`` builds them all."""

    def __init__(self, diagnostics: list[Diagnostic] | None = None, build=None):
        self.diagnostics: list[Diagnostic] = diagnostics if diagnostics is not None else []
        self.build = build  # called with a pending entry's items, gives its Resource
        self._entries: list = []  # Resource objects and pending tuples, in template order
        self._by_type: dict[str, list] = {}  # lower-case type -> its entries
        self._built: dict[int, Resource] = {}  # id(pending tuple) -> its Resource
        self._all: list[Resource] | None = None

    def add(self, resource: Resource) -> None:
        self.add_pending(resource.type_lower, resource)

    def add_pending(self, type_lower: str, entry: Any) -> None:
        """Add a resource, or a pending entry (a tuple for ``build``)."""
        self._entries.append(entry)
        bucket = self._by_type.get(type_lower)
        if bucket is None:
            self._by_type[type_lower] = [entry]
        else:
            bucket.append(entry)

    def adders(self) -> tuple:
        """(append to the entries, the buckets by lower-case type): the two halves of
        ``add_pending``, for a loop that adds tens of thousands of entries and does what
        it does without a call per entry (``evaluation/expand.py``'s fast path)."""
        return self._entries.append, self._by_type

    @property
    def size(self) -> int:
        """How many resources (built or pending) were added so far."""
        return len(self._entries)

    def take(self, other: Expansion, start: int, end: int) -> None:
        """Add what ``other`` was given between two of its sizes, in its order: an
        allowedValues trial taking what the plain run made of a template entry
        (evaluation/reuse.py).  Pending entries are built by ``other``, so both share one
        ``Resource`` (and what is evaluated of it)."""
        for entry in other._entries[start:end]:
            res = other._resource(entry)
            self.add_pending(res.type_lower, res)

    def _resource(self, entry: Any) -> Resource:
        if type(entry) is not tuple:
            return entry
        built = self._built.get(id(entry))
        if built is None:
            built = self._built[id(entry)] = self.build(*entry)
        return built

    def has_type(self, type_lower: str) -> bool:
        """Whether a resource of a type (lower case) was added, built or pending."""
        return type_lower in self._by_type

    def of_type(self, type_lower: str) -> list[Resource]:
        """Every resource of a type (lower case), in template order."""
        return [self._resource(e) for e in self._by_type.get(type_lower, ())]

    @property
    def types(self) -> list[str]:
        return list(self._by_type)

    @property
    def resources(self) -> list[Resource]:
        """Every resource, in template order (all built)."""
        if self._all is None or len(self._all) != len(self._entries):
            self._all = [self._resource(e) for e in self._entries]
        return self._all
