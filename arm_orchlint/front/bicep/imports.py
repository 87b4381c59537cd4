"""Compile-time imports and user-defined functions.

``import {a, b as c} from './shared.bicep'`` and ``import * as ns from './shared.bicep'``
bring the ``@export()`` variables, functions and types of a local file into the
importing one.  The Bicep compiler copies them into the importing template; so does this
module: every variable and function of an imported file is written into the importing
template under a name with a prefix of that file (``__imported1_x``), translated in the
imported file's own context (its other variables and functions are renamed the same
way), and the importing file's names point to those.  Paths are relative to the
importing file; files are read with the same reader as modules.

``func`` declarations become members of the ``__bicep`` namespace of the template's
``functions``, the way the Bicep compiler writes them, which the evaluator calls with
their arguments bound to ``parameters()``.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

from arm_orchlint.front.bicep import nodes as N
from arm_orchlint.front.bicep import syntax
from arm_orchlint.front.bicep.expressions import Translator, arm_string, unavailable_value
from arm_orchlint.front.bicep.sourcemap import LineText
from arm_orchlint.front.bicep.symbols import collect

NAMESPACE = "__bicep"  # the namespace the Bicep compiler gives user-defined functions
_REMOTE_PREFIXES = ("br:", "br/", "ts:", "ts/")


def function_entry(tr: Translator, decl: N.FuncDecl) -> dict:
    """A ``functions`` member for a ``func``: its parameters are ``parameters('x')`` inside."""
    env = {p: f"parameters({arm_string(p)})" for p in decl.params}
    value = tr.value(decl.body, env) if decl.body is not None else unavailable_value("func_body")
    return {"parameters": [{"name": p, "type": "any"} for p in decl.params], "output": {"type": "any", "value": value}}


def add_function(template: dict, name: str, entry: dict) -> None:
    groups = template.setdefault("functions", [])
    group = next((g for g in groups if g.get("namespace") == NAMESPACE), None)
    if group is None:
        group = {"namespace": NAMESPACE, "members": {}}
        groups.append(group)
    group["members"][name] = entry


def _exported(decorators: list) -> bool:
    return any(d.name == "export" for d in decorators)


class _Imported:
    """One file imported from: its declarations, translated with its names prefixed."""

    def __init__(self, prefix: str, path: str, parsed: N.ParsedFile, read_file: Callable[[str], str]):
        self.prefix = prefix
        self.path = path
        self.parsed = parsed
        self.symbols = collect(parsed.statements)
        for name in self.symbols.variables | self.symbols.functions:
            self.symbols.renamed[name] = prefix + name
        self.tr = Translator(path, self.symbols, read_file)
        self.exports: dict[str, tuple[str, Any]] = {}  # exported name -> (kind, emitted name or TypeRef)
        for s in parsed.statements:
            if isinstance(s, N.VarDecl) and _exported(s.decorators):
                self.exports[s.name] = ("var", prefix + s.name)
            elif isinstance(s, N.FuncDecl) and _exported(s.decorators):
                self.exports[s.name] = ("func", prefix + s.name)
            elif isinstance(s, N.TypeDecl) and _exported(s.decorators):
                self.exports[s.name] = ("type", s.type)


class Imports:
    """The files one template imports from (directly or through each other), each once."""

    def __init__(
        self,
        read_file: Callable[[str], str],
        report: Callable[..., None],
        stack: tuple,
        prepare: Callable[[Translator, LineText], None] | None = None,
        checked: list | None = None,
    ):
        self.read_file = read_file
        self.report = report  # (rule, message, span, severity=None)
        self.stack = stack  # keys of the files being compiled (module and import cycles)
        self.prepare = prepare  # gives an imported file's translator the compiler's hooks
        self.checked = checked  # gets every file key looked for in ``stack`` (the compiler's)
        self.units: dict[str, _Imported | None] = {}

    def apply(self, statements: list, symbols: Any, path: str, lines: LineText, key: Callable[[str], str]) -> None:
        """Resolve the ``import`` statements of one file into its ``symbols``."""
        for s in statements:
            if not isinstance(s, N.ImportDecl) or not s.path:
                continue
            unit = self._load(s, path, lines, key)
            if unit is None:
                continue
            if s.namespace:
                symbols.namespaces[s.namespace] = dict(unit.exports)
            for exported, local in s.names:
                found = unit.exports.get(exported)
                if found is None:
                    continue  # not exported: the compiler refuses it; the value stays unknown
                kind, emitted = found
                if kind == "var":
                    symbols.variables.add(local)
                    symbols.renamed[local] = emitted
                elif kind == "func":
                    symbols.functions.add(local)
                    symbols.renamed[local] = emitted
                else:
                    symbols.types[local] = emitted

    def _load(self, s: N.ImportDecl, path: str, lines: LineText, key: Callable[[str], str]) -> _Imported | None:
        from arm_orchlint.core.rule_ids import EVALUATION_LIMIT, FILE_NOT_READ, MODULE_NOT_READ
        from arm_orchlint.front.files import RefusedRead

        span = lines.span(s.rng)
        if s.path.startswith(_REMOTE_PREFIXES) or not s.path.lower().endswith(".bicep"):
            # a registry or ARM JSON source: what it exports stays unknown.  No note: such
            # imports are nearly always types, which change nothing the rules look at.
            return None
        target = os.path.normpath(os.path.join(os.path.dirname(path), s.path))
        file_key = key(target)
        if self.checked is not None:
            self.checked.append(file_key)
        if file_key in self.stack:
            self.report(EVALUATION_LIMIT, f"import {s.path!r} includes itself (import cycle)", span)
            return None
        if file_key in self.units:
            return self.units[file_key]
        self.units[file_key] = None  # while it loads: an import cycle through it stops here
        try:
            text = self.read_file(target)
        except RefusedRead as exc:
            self.report(
                FILE_NOT_READ, f"imported file {s.path!r} {exc.reason}; not read, its exports are unknown", span
            )
            return None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            why = "was not found" if isinstance(exc, FileNotFoundError) else f"cannot be read ({type(exc).__name__})"
            self.report(MODULE_NOT_READ, f"imported file {s.path!r} {why}; what it exports is treated as unknown", span)
            return None
        if text.startswith("\ufeff"):
            text = text[1:]
        parsed = syntax.parse(text)
        unit = _Imported(f"__imported{len(self.units)}_", target, parsed, self.read_file)
        unit_lines = LineText(target, parsed.source)
        if self.prepare is not None:
            self.prepare(unit.tr, unit_lines)
        inner = Imports(self.read_file, self.report, self.stack + (file_key,), self.prepare, self.checked)
        inner.units = self.units  # one copy of each file per template
        inner.apply(parsed.statements, unit.symbols, target, unit_lines, key)
        self.units[file_key] = unit
        return unit

    def emit(self, template: dict) -> None:
        """Write every imported file's variables and functions into ``template``."""
        for unit in self.units.values():
            if unit is None:
                continue
            for s in unit.parsed.statements:
                if isinstance(s, N.VarDecl):
                    template["variables"][unit.prefix + s.name] = unit.tr.value(s.value, {})
                elif isinstance(s, N.FuncDecl):
                    add_function(template, unit.prefix + s.name, function_entry(unit.tr, s))
