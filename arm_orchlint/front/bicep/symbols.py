"""What the names in one Bicep file stand for: parameters, variables, resources, modules.

Resources and modules carry everything needed to build ``resourceId(...)``, the full
type and the ARM name of a resource from anywhere in the file, including references
that appear before the declaration.
"""

from __future__ import annotations

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass
from arm_orchlint.front.bicep import nodes as N


@dataclass
class ResourceInfo:
    symbol: str  # the key in the compiled ``resources`` object (``parent::child`` when nested)
    decl: N.ResourceDecl
    declared_type: str
    api_version: str
    nested_parent: str | None = None  # symbol of the enclosing resource (nested declaration)
    parent_expr: N.Expr | None = None  # the ``parent:`` property
    name_expr: N.Expr | None = None
    scope_expr: N.Expr | None = None

    @property
    def is_module(self) -> bool:
        return self.decl.is_module

    @property
    def loop(self) -> N.Loop | None:
        return self.decl.loop


@dataclass
class Symbols:
    params: set = field(default_factory=set)
    variables: set = field(default_factory=set)
    functions: set = field(default_factory=set)
    types: dict = field(default_factory=dict)  # name -> TypeRef
    resources: dict = field(default_factory=dict)  # symbol -> ResourceInfo (modules too)
    simple_names: dict = field(default_factory=dict)  # nested simple name -> [symbols]
    # compile-time imports: variables and functions are emitted under other names
    # (``Translator`` writes ``renamed[name]``); ``import * as ns`` -> ns: its exports
    renamed: dict = field(default_factory=dict)  # local variable or function name -> emitted name
    namespaces: dict = field(default_factory=dict)  # ns -> {exported name: (kind, emitted name)}

    def resource(self, name: str) -> ResourceInfo | None:
        info = self.resources.get(name)
        if info is not None:
            return info
        candidates = self.simple_names.get(name, ())
        return self.resources[candidates[0]] if len(candidates) == 1 else None


_HEAD_KEYS = frozenset({"parent", "name", "scope"})  # what ResourceInfo keeps of a body


def _head_props(obj: N.Obj | None) -> dict:
    """The first value (not a nested resource) of each of ``_HEAD_KEYS`` in ``obj``, in one
    pass over its properties."""
    found: dict = {}
    if obj is not None:
        for p in obj.props:
            key = p.key
            if key in _HEAD_KEYS and key not in found and p.value.__class__ is not _ResourceDecl:
                found[key] = p.value
    return found


def split_type(type_api: str) -> tuple[str, str]:
    if "@" in type_api:
        t, _, api = type_api.rpartition("@")
        return t, api
    return type_api, ""


def collect(statements: list) -> Symbols:
    symbols = Symbols()
    for s in statements:
        cls = s.__class__  # (record classes have no subclasses: a class test is an isinstance)
        if cls is _ParamDecl:
            symbols.params.add(s.name)
        elif cls is _VarDecl:
            symbols.variables.add(s.name)
        elif cls is _ResourceDecl:
            _add_resource(symbols, s, None)
        elif cls is N.FuncDecl:
            symbols.functions.add(s.name)
        elif cls is N.TypeDecl:
            symbols.types[s.name] = s.type
    return symbols


_ParamDecl, _VarDecl, _ResourceDecl = N.ParamDecl, N.VarDecl, N.ResourceDecl


def _add_resource(symbols: Symbols, decl: N.ResourceDecl, parent: str | None) -> None:
    symbol = f"{parent}::{decl.name}" if parent else decl.name
    declared_type, api = (
        ("Microsoft.Resources/deployments", "2022-09-01") if decl.is_module else split_type(decl.type_api)
    )
    head = _head_props(decl.body)
    info = ResourceInfo(
        symbol,
        decl,
        declared_type,
        api,
        nested_parent=parent,
        parent_expr=head.get("parent"),
        name_expr=head.get("name"),
        scope_expr=head.get("scope"),
    )
    symbols.resources[symbol] = info
    if parent:
        symbols.simple_names.setdefault(decl.name, []).append(symbol)
    if decl.body is not None and not decl.is_module:
        for p in decl.body.props:
            if p.value.__class__ is _ResourceDecl:
                _add_resource(symbols, p.value, symbol)
