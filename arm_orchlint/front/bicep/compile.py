"""Compile a Bicep file into an ARM template dict (``languageVersion`` 2.0, symbolic
resources), the way the Bicep compiler does, plus a source map back to the Bicep text.

Public entry point: ``compile_bicep(path, text, *, read_file=None) -> Document``.
The returned ``Document`` has ``kind="bicep"``, ``data`` = the template dict, ``locator`` =
a ``SourceMapLocator``; problems found while compiling are in the extra attribute
``document.diagnostics`` (a list of ``Diagnostic``):

* ORCH908  a Bicep syntax error, one per error, where the compiler reports it; compiling
           continues with what was read.
* ORCH919  valid Bicep that tree-sitter-bicep cannot read (the first such part).
* ORCH901  a module includes itself (directly or through other modules).
* ORCH904  a module whose source cannot be read: a registry / template-spec module (offline),
           or a local module file that is missing or not parseable (note).
* ORCH907  a statement could not be translated (a compiler limitation, never a crash).
* ORCH911  a module or ``load*`` file the confined reader refused (outside the checkout,
           inside ``.git``, not a regular file, too large): not read, the value unknown.

A module file is compiled once per compilation and its result reused by every module
declaration naming it; the number of module declarations read is capped
(``MAX_MODULE_INCLUDES``), so modules that include the next level twice cannot make the
work grow exponentially before the depth limit applies.  During one run over many inputs
(``checkout.remembering_folders``) a file compiled as a module or as an input is reused by
the next inputs that use it or are it (``_Compiled``), as long as that gives exactly what
compiling it again would; linting never changes a compiled template, so documents share them.
"""

from __future__ import annotations

import json
import os

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

from arm_orchlint.core.overlay import active as _overlay_active
from arm_orchlint.core.rule_ids import (
    EVALUATION_LIMIT,
    FILE_NOT_READ,
    MODULE_NOT_READ,
    TEMPLATE_STRUCTURE,
)
from arm_orchlint.front.bicep import nodes as N
from arm_orchlint.front.bicep import syntax
from arm_orchlint.front.bicep.expressions import (
    Translator,
    escape_literal,
    has_spread,
    is_expression,
    unavailable_value,
)
from arm_orchlint.front.bicep.imports import Imports, add_function, function_entry
from arm_orchlint.front.bicep.sourcemap import LazyComments, LineText, SourceMapLocator
from arm_orchlint.front.bicep.symbols import ResourceInfo, collect
from arm_orchlint.front.bicep.typemap import arm_type
from arm_orchlint.front.checkout import confined_to, current_root, real_path, run_memo
from arm_orchlint.front.document import Comment, Diagnostic, Document
from arm_orchlint.front.files import RefusedRead, read_named

SCHEMAS = {
    "resourceGroup": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "subscription": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
    "managementGroup": "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
    "tenant": "https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#",
}
DEPLOYMENTS_API = "2022-09-01"
_REMOTE_PREFIXES = ("br:", "br/", "ts:", "ts/")
_SKIPPED_RESOURCE_KEYS = {"name", "parent", "scope", "dependsOn"}
MAX_MODULE_INCLUDES = 256  # module declarations read for one compilation, all levels together


def default_read_file(path: str) -> str:
    """A module or ``load*`` file, through the one confined reader (``RefusedRead`` when
    it is outside the checkout, not a regular file or too large).  Bytes
    decoded as written (CRLF kept), so a module's offsets are its file's offsets."""
    return read_named(path).decode("utf-8-sig")


def compile_bicep(path: str, text: str, *, read_file: Callable[[str], str] | None = None) -> Document:
    """Compile ``text`` (the content of ``path``) into a template ``Document``.

    ``read_file(path) -> str`` reads modules and ``load*Content`` files (default: from
    disk); paths are resolved relative to the file that names them.
    """
    problems: list = []
    session = _Session(read_file or default_read_file, problems, remember=read_file is None)
    with confined_to(path):  # modules and load* files: inside the checkout of ``path``
        # (an input may also be a module of others: compiled once either way)
        template, locator = session.compile_module(path, text, (), _key(path))
    document = Document(path=path, data=template, locator=locator, kind="bicep", comments=locator.comment_index())
    document.diagnostics = [
        Diagnostic(rule_id=rule, message=message, doc=document, pointer=pointer, severity=severity, span=span)
        for rule, message, span, pointer, severity in dict.fromkeys(problems)
    ]
    document.loaded = session.loaded  # (function, content): kept out of messages (lint/redact.py)
    return document


class _Session:
    """One compilation: the root file and every local module it pulls in."""

    def __init__(self, read_file: Callable[[str], str], problems: list, remember: bool = False):
        self.read_file = read_file
        self.problems = problems
        self.loaded: list[tuple[str, str]] = []
        self.modules: dict[str, tuple] = {}  # file key -> (template, locator) of a compiled module
        self.includes = 0
        self.checked: list[str] = []  # every file key looked for in a stack of files (cycles)
        # modules compiled for earlier inputs of this run (files as on disk: no stand-in texts)
        self.compiled = _run_modules() if remember else None

    def report(self, rule: str, message: str, span: Any, pointer: tuple = (), severity: str | None = None) -> None:
        self.problems.append((rule, message, span, pointer, severity))

    def compile_file(self, path: str, text: str, stack: tuple, key: str | None = None) -> tuple[dict, SourceMapLocator]:
        if text.startswith("\ufeff"):
            text = text[1:]
        parsed = syntax.parse(text)
        lines = LineText(path, parsed.source)
        locator = SourceMapLocator(lines)
        locator.set_comments(path, _file_comments(parsed.source, lines, parsed.comments))
        for problem in parsed.problems:
            rule, message = syntax.problem_report(problem)
            self.report(rule, message, lines.span(problem.rng))
        unit = _FileCompiler(self, path, parsed, lines, locator, stack + (_key(path) if key is None else key,))
        return unit.run(), locator

    def compile_module(self, path: str, text: str, stack: tuple, key: str) -> tuple[dict, SourceMapLocator]:
        """``compile_file`` for a module (file key ``key``), reusing this run's earlier
        compilation of the same text when it fits here (``_Compiled.fits``)."""
        memo = self.compiled
        if memo is None:
            return self.compile_file(path, text, stack, key)
        # (the path as named: spans name it; the root: what the confined reader may read)
        memo_key = (key, path, text, current_root(path))
        done = memo.get(memo_key)
        if done is not None and done.fits(self, stack):
            done.replay(self)
            return done.template, done.locator
        problems, loaded, includes, checked = len(self.problems), len(self.loaded), self.includes, len(self.checked)
        before = dict(self.modules)
        template, locator = self.compile_file(path, text, stack, key)
        keys = frozenset(self.checked[checked:])
        if self.includes <= MAX_MODULE_INCLUDES and keys.isdisjoint(stack):
            # (no cycle through the files above it, the include cap not reached)
            if len(memo) >= _COMPILED_MAX:
                del memo[next(iter(memo))]  # the oldest
            memo[memo_key] = _Compiled(
                template,
                locator,
                self.problems[problems:],
                self.loaded[loaded:],
                self.includes - includes,
                {k: v for k, v in self.modules.items() if k not in before},
                keys,
                {k: before[k] for k in keys if k in before},
            )
        return template, locator


_COMPILED_MAX = 64  # modules remembered during a run (the oldest go first)


def _run_modules() -> dict | None:
    return None if _overlay_active() else run_memo("bicep modules")


class _Compiled:
    """What compiling one module did to its session: its template and source map, and
    what it reported, loaded, counted and compiled on the way (the modules it includes)."""

    __slots__ = ("template", "locator", "problems", "loaded", "includes", "modules", "keys", "reused")

    def __init__(self, template, locator, problems, loaded, includes, modules, keys, reused):
        self.template = template
        self.locator = locator
        self.problems = problems
        self.loaded = loaded
        self.includes = includes
        self.modules = modules  # file key -> (template, locator): the modules it compiled
        self.keys = keys  # the file keys it looked for in a stack of files
        self.reused = reused  # file key -> (template, locator): the session's, which it took

    def fits(self, session: _Session, stack: tuple) -> bool:
        """Whether compiling the module again in ``session`` under ``stack`` would do the
        same: none of its files is in the stack (a cycle), each of its modules the session
        holds is the very one it took then and the others are not there (each would be
        answered otherwise), and the include cap stays unreached."""
        if session.includes + self.includes > MAX_MODULE_INCLUDES or not self.keys.isdisjoint(stack):
            return False
        held = session.modules
        for k in self.keys:
            found = held.get(k)
            then = self.reused.get(k)
            if found is None:
                if then is not None:
                    return False
            elif then is None or found[0] is not then[0] or found[1] is not then[1]:
                return False
        return True

    def replay(self, session: _Session) -> None:
        session.problems.extend(self.problems)
        session.loaded.extend(self.loaded)
        session.includes += self.includes
        session.modules.update(self.modules)
        session.checked.extend(self.keys)


def _file_comments(source: bytes, lines: LineText, comments: list) -> LazyComments:
    """The comments of one file, made into ``Comment``s only when they are asked for."""
    return LazyComments(comments, lambda: [_comment(source, lines, c) for c in comments])


def _comment(source: bytes, lines: LineText, c) -> Comment:
    line_start = source.rfind(b"\n", 0, c.rng[0]) + 1
    return Comment(lines.span(c.rng), c.text, not source[line_start : c.rng[0]].strip())


def _key(path: str) -> str:
    return os.path.normcase(real_path(path))


def _hooks(session: _Session):
    """What a translator reports back: load* reads refused, and what they read."""

    def prepare(tr: Translator, lines: LineText) -> None:
        tr.on_refused = lambda call, message: session.report(FILE_NOT_READ, message, lines.span(call.rng))
        tr.on_loaded = lambda function, content: session.loaded.append((function, content))

    return prepare


class _FileCompiler:
    def __init__(
        self,
        session: _Session,
        path: str,
        parsed: N.ParsedFile,
        lines: LineText,
        locator: SourceMapLocator,
        stack: tuple,
    ):
        self.session = session
        self.path = path
        self.parsed = parsed
        self.lines = lines
        self.loc = locator
        self.ranges = locator.ranges  # (written to directly where every value passes)
        self.stack = stack
        self.spreads = parsed.spreads  # (most files have none: emit then looks for none)
        self.symbols = collect(parsed.statements)
        self.imports = Imports(session.read_file, session.report, stack, _hooks(session), session.checked)
        self.imports.apply(parsed.statements, self.symbols, path, lines, _key)
        self.tr = Translator(path, self.symbols, session.read_file)
        _hooks(session)(self.tr, lines)

    # ------------------------------------------------------------ driver

    def run(self) -> dict:
        scope = "resourceGroup"
        for s in self.parsed.statements:
            if isinstance(s, N.TargetScope) and isinstance(s.value, N.Lit) and s.value.value in SCHEMAS:
                scope = s.value.value
        template: dict = {
            "$schema": SCHEMAS[scope],
            "languageVersion": "2.0",
            "contentVersion": "1.0.0.0",
            "parameters": {},
            "variables": {},
            "resources": {},
            "outputs": {},
        }
        for s in self.parsed.statements:
            try:
                self.statement(s, template)
            except (Exception, RecursionError) as exc:  # a compiler gap must never become a crash
                self.session.report(
                    TEMPLATE_STRUCTURE,
                    f"Bicep statement could not be translated ({type(exc).__name__}: {exc})",
                    self.lines.span(s.rng),
                )
        try:
            self.imports.emit(template)
        except (Exception, RecursionError) as exc:
            self.session.report(
                TEMPLATE_STRUCTURE,
                f"Bicep imports could not be translated ({type(exc).__name__}: {exc})",
                self.lines.span(self.parsed.statements[0].rng),
            )
        return template

    def statement(self, s: Any, template: dict) -> None:
        cls = s.__class__  # (record classes have no subclasses: a class test is an isinstance)
        if cls is _ParamDecl:
            template["parameters"][s.name] = self.parameter(s)
        elif cls is _VarDecl:
            self.variable(s, template["variables"])
        elif cls is _ResourceDecl:
            self.resource_tree(self.symbols.resources[s.name], template["resources"])
        elif cls is N.FuncDecl:
            self.loc.record(("functions", s.name), s.rng)
            add_function(template, s.name, function_entry(self.tr, s))
        elif cls is N.OutputDecl:
            ptr = ("outputs", s.name)
            self.loc.record(ptr, s.rng)
            out = arm_type(s.type, self.symbols.types)
            if s.value is not None:
                out["value"] = self.emit(s.value, {}, ptr + ("value",), copy_ok=False)
            template["outputs"][s.name] = out

    # ------------------------------------------------------------ parameters and variables

    def parameter(self, p: N.ParamDecl) -> dict:
        ptr = ("parameters", p.name)
        self.loc.record(ptr, p.rng)
        decorators = {d.name: d for d in p.decorators} if p.decorators else _NO_DECORATORS
        entry = arm_type(p.type, self.symbols.types, secure="secure" in decorators)
        # (most have none, or only a description)
        for bicep_name, arm_name in () if decorators.keys().isdisjoint(_VALUE_NAMES) else _VALUE_DECORATORS:
            d = decorators.get(bicep_name)
            if d is None or not d.args:
                continue
            ok, value = self.tr.static(d.args[0])
            entry[arm_name] = escape_literal(value) if ok else self.tr.value(d.args[0], {})
            self.loc.record(ptr + (arm_name,), d.rng)
            if isinstance(d.args[0], N.Arr):  # each allowed value locates at its own entry
                for i, item in enumerate(d.args[0].items):
                    self.loc.record(ptr + (arm_name, i), getattr(item, "rng", None))
        if p.default is not None:
            entry["defaultValue"] = self.emit(p.default, {}, ptr + ("defaultValue",), copy_ok=False)
        return entry

    def variable(self, v: N.VarDecl, variables: dict) -> None:
        ptr = ("variables", v.name)
        self.loc.record(ptr, v.rng)
        if isinstance(v.value, N.Loop) and v.value.filter is None:
            copies = variables.setdefault("copy", [])
            position = len(copies)
            copies.append(self.copy_entry(v.name, v.value, {}, ("variables", "copy", position), v.rng))
            self.loc.alias(ptr, ("variables", "copy", position, "input"))
            return
        variables[v.name] = self.emit(v.value, {}, ptr)

    # ------------------------------------------------------------ values with source positions

    def emit(self, e: Any, env: dict, ptr: tuple, copy_ok: bool = True) -> Any:
        """The JSON value of ``e``, recording the span of every property and item.

        ``name: [for ...]`` inside an object becomes an ARM property ``copy`` where ARM
        allows one (``copy_ok``); elsewhere the loop becomes a ``map()`` expression."""
        try:
            rng = e.rng  # (an attribute read: a getattr call with a default costs more)
        except AttributeError:
            rng = None
        if rng is not None:  # loc.record_default, inline (once per value)
            self.ranges.setdefault(ptr, rng)
        cls = e.__class__  # (record classes have no subclasses: a class test is an isinstance)
        if cls is not _Obj and cls is not _Arr:  # a leaf (most values): what the end below does
            return self.tr.value(e, env)
        if self.spreads and has_spread(e):
            # merged by an expression; the written properties still get their spans
            for p in e.props if isinstance(e, N.Obj) else []:
                if not isinstance(p.value, (N.Spread, N.ResourceDecl)):
                    self.loc.record(ptr + (p.key,), p.rng)
            return self.tr.value(e, env)
        if cls is _Obj:
            out: dict = {}
            copies: list = []
            ranges = self.ranges
            value_of = self.tr.value
            for p in e.props:
                value = p.value
                cls = value.__class__
                if cls is _ResourceDecl:
                    continue
                pp = ptr + (p.key,)
                if p.rng is not None:  # loc.record, inline
                    ranges[pp] = p.rng
                    if cls is _Lit and value.value.__class__ is str:
                        # (most) a string: what ``emit`` and ``Translator.value`` give it
                        text = value.value
                        out[p.key] = "[" + text if text.startswith("[") else text
                        continue
                    if cls is not _Obj and cls is not _Arr and cls is not _Loop:
                        # a leaf: what ``emit`` gives it (its own range would not replace the property's)
                        out[p.key] = value_of(value, env)
                        continue
                if copy_ok and cls is _Loop and value.filter is None:
                    copies.append(self.copy_entry(p.key, value, env, ptr + ("copy", len(copies)), p.rng))
                    self.loc.alias(pp, ptr + ("copy", len(copies) - 1, "input"))
                    continue
                out[p.key] = self.emit(value, env, pp, copy_ok)
            if copies:
                out["copy"] = copies
            return out
        items = []  # (a loop: a comprehension would make self, env, ptr and copy_ok closure cells)
        ranges = self.ranges
        value_of = self.tr.value
        for i, item in enumerate(e.items):
            cls = item.__class__
            if cls is _Obj or cls is _Arr:
                items.append(self.emit(item, env, ptr + (i,), copy_ok))
                continue
            # a leaf (most items): what ``emit`` does with it
            try:
                rng = item.rng
            except AttributeError:
                rng = None
            if rng is not None:
                ranges.setdefault(ptr + (i,), rng)
            if cls is _Lit and item.value.__class__ is str:  # what ``Translator.value`` gives it
                text = item.value
                items.append("[" + text if text.startswith("[") else text)
            else:
                items.append(value_of(item, env))
        return items

    def copy_entry(self, name: str, loop: N.Loop, env: dict, ptr: tuple, rng: N.Range) -> dict:
        """A property or variable ``copy`` element for ``name: [for ...]``."""
        self.loc.record(ptr, rng)
        index = f"copyIndex({_quote(name)})"
        inner = dict(env)
        if loop.index:
            inner[loop.index] = index
        if loop.item:
            inner[loop.item] = self.tr.loop_item(loop, index, env)
        entry = {"name": name, "count": self.tr.loop_count(loop, env)}
        self.loc.record(ptr + ("count",), loop.iterable.rng)
        entry["input"] = self.emit(loop.body, inner, ptr + ("input",))
        return entry

    # ------------------------------------------------------------ resources and modules

    def resource_tree(self, info: ResourceInfo, resources: dict) -> None:
        """Emit a resource (or module) and, after it, its nested child resources."""
        try:
            if info.is_module:
                resources[info.symbol] = self.module(info)
            else:
                resources[info.symbol] = self.resource(info)
        except (Exception, RecursionError) as exc:
            self.session.report(
                TEMPLATE_STRUCTURE,
                f"Bicep resource '{info.symbol}' could not be translated ({type(exc).__name__}: {exc})",
                self.lines.span(info.decl.rng),
            )
        body = info.decl.body
        if body is not None and not info.is_module:
            for p in body.props:
                if isinstance(p.value, N.ResourceDecl):
                    child = self.symbols.resources.get(f"{info.symbol}::{p.value.name}")
                    if child is not None:
                        self.resource_tree(child, resources)

    def _head(self, info: ResourceInfo, ptr: tuple) -> tuple[dict, dict]:
        """condition / copy / existing, and the environment of the body."""
        decl = info.decl
        self.loc.record(ptr, decl.rng)
        out: dict = {}
        env: dict = {}
        loop = decl.loop
        condition = decl.condition
        cond_env: dict = {}
        if loop is not None:
            env = self.tr.loop_env(info, None, {})
            copy = {"name": info.symbol, "count": self.tr.loop_count(loop, {})}
            batch = next((d for d in decl.decorators if d.name == "batchSize"), None)
            if batch is not None and batch.args:
                copy["mode"] = "serial"
                copy["batchSize"] = self.tr.value(batch.args[0], {})
            out["copy"] = copy
            self.loc.record(ptr + ("copy",), loop.rng)
            self.loc.record(ptr + ("copy", "count"), loop.iterable.rng)
            if loop.filter is not None:
                condition, cond_env = loop.filter, env
        if condition is None and info.nested_parent:
            parent = self.symbols.resources.get(info.nested_parent)
            if parent is not None and parent.decl.condition is not None:
                condition = parent.decl.condition
        if condition is not None:
            out["condition"] = self.tr.value(condition, cond_env)
            self.loc.record(ptr + ("condition",), condition.rng)
        if decl.existing:
            out["existing"] = True
        return out, env

    def resource(self, info: ResourceInfo) -> dict:
        decl = info.decl
        ptr = ("resources", info.symbol)
        out, env = self._head(info, ptr)
        out["type"] = self.tr.full_type(info)
        out["apiVersion"] = self.tr.api_version(info)
        self.loc.record(ptr + ("type",), decl.type_rng)
        self.loc.record(ptr + ("apiVersion",), decl.type_rng)
        out["name"] = self.tr.name_value(info, None, env)
        body = decl.body
        if body is None:
            return out
        depends: list = []
        parent = self.tr.parent_of(info)
        if parent is not None and not parent.decl.existing and not decl.existing:
            depends.append(parent.symbol)
        ranges = self.ranges
        for p in body.props:
            cls = p.value.__class__
            if cls is _ResourceDecl or cls is _Spread:
                continue  # a spread of resource-level keys is not translated
            pp = ptr + (p.key,)
            if p.rng is not None:  # loc.record, inline
                ranges[pp] = p.rng
            if p.key == "scope":
                self.scope_keys(p.value, env, out, ptr)
            elif p.key == "dependsOn":
                depends.extend(self.depends_on(p.value, env))
            elif p.key not in _SKIPPED_RESOURCE_KEYS:
                out[p.key] = self.emit(p.value, env, pp)
        if depends:
            out["dependsOn"] = _unique(depends)
        return out

    def scope_keys(self, value: Any, env: dict, out: dict, ptr: tuple) -> None:
        fn = self.tr._call_name(value) if isinstance(value, N.Call) else None
        if fn == "resourceGroup" and value.args:
            if len(value.args) == 2:
                out["subscriptionId"] = self.tr.value(value.args[0], env)
                self.loc.record(ptr + ("subscriptionId",), value.args[0].rng)
            out["resourceGroup"] = self.tr.value(value.args[-1], env)
            self.loc.record(ptr + ("resourceGroup",), value.args[-1].rng)
            return
        if fn == "subscription" and value.args:
            out["subscriptionId"] = self.tr.value(value.args[0], env)
            self.loc.record(ptr + ("subscriptionId",), value.args[0].rng)
            return
        if fn in ("resourceGroup", "subscription", "tenant", "managementGroup"):
            return
        target = self.tr.resource_target(value, env)
        if target is not None:
            out["scope"] = "[" + self.tr.resource_id(target[0], target[1], env) + "]"
        else:
            out["scope"] = self.tr.value(value, env)

    def depends_on(self, value: Any, env: dict) -> list:
        items = value.items if isinstance(value, N.Arr) else [value]
        out = []
        for item in items:
            target = self.tr.resource_target(item.obj if isinstance(item, N.Index) else item, env)
            if target is not None:
                out.append(target[0].symbol)
            else:
                out.append(self.tr.value(item, env))
        return out

    def module(self, info: ResourceInfo) -> dict:
        decl = info.decl
        ptr = ("resources", info.symbol)
        out, env = self._head(info, ptr)
        out["type"] = "Microsoft.Resources/deployments"
        out["apiVersion"] = DEPLOYMENTS_API
        self.loc.record(ptr + ("type",), decl.type_rng)
        name = self.tr.name_value(info, None, env) if info.name_expr is not None else info.symbol
        out["name"] = name
        props: dict = {"expressionEvaluationOptions": {"scope": "inner"}, "mode": "Incremental", "parameters": {}}
        depends: list = []
        body = decl.body
        ranges = self.ranges
        for p in body.props if body is not None else []:
            if p.value.__class__ is _ResourceDecl:
                continue
            pp = ptr + (p.key,)
            if p.rng is not None:  # loc.record, inline
                ranges[pp] = p.rng
            if p.key == "scope":
                self.scope_keys(p.value, env, out, ptr)
            elif p.key == "dependsOn":
                depends.extend(self.depends_on(p.value, env))
            elif p.key == "params":
                self.loc.record(ptr + ("properties", "parameters"), p.rng)
                for param in p.value.props if isinstance(p.value, N.Obj) else []:
                    cls = param.value.__class__
                    if cls is _ResourceDecl or cls is _Spread:
                        continue
                    qp = ptr + ("properties", "parameters", param.key)
                    if param.rng is not None:  # loc.record, inline
                        ranges[qp] = param.rng
                    props["parameters"][param.key] = {
                        "value": self.emit(param.value, env, qp + ("value",), copy_ok=False)
                    }
        template = self.module_template(decl, ptr + ("properties", "template"))
        if template is not None:
            props["template"] = template
        out["properties"] = props
        if depends:
            out["dependsOn"] = _unique(depends)
        return out

    def module_template(self, decl: N.ResourceDecl, ptr: tuple) -> dict | None:
        source = decl.type_api
        span = self.lines.span(decl.type_rng or decl.rng)
        if not source or source.startswith(_REMOTE_PREFIXES):
            self.session.report(
                MODULE_NOT_READ,
                f"module source {source!r} cannot be read offline; its resources are not checked",
                span,
                severity="note",
            )
            return None
        target = os.path.normpath(os.path.join(os.path.dirname(self.path), source))
        key = _key(target)  # once: each is a realpath
        session = self.session
        session.checked.append(key)
        if key in self.stack:
            self.session.report(EVALUATION_LIMIT, f"module {source!r} includes itself (module cycle)", span)
            return None
        session.includes += 1
        if session.includes > MAX_MODULE_INCLUDES:
            session.report(
                EVALUATION_LIMIT,
                f"more than {MAX_MODULE_INCLUDES} module declarations in all; module {source!r} and the "
                "later ones are not read",
                span,
            )
            return None
        cached = session.modules.get(key)
        if cached is not None:  # the same file included again: its result is reused
            template, child = cached
            if child is not None:
                self.loc.mount(ptr, child)
            return template
        try:
            text = self.session.read_file(target)
        except RefusedRead as exc:
            self.session.report(
                FILE_NOT_READ, f"module file {source!r} {exc.reason}; not read, its resources are not checked", span
            )
            return None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            why = "was not found" if isinstance(exc, FileNotFoundError) else f"cannot be read ({type(exc).__name__})"
            self.session.report(MODULE_NOT_READ, f"module file {source!r} {why}; its resources are not checked", span)
            return None
        if target.lower().endswith(".json"):
            try:
                template = json.loads(text)
            except ValueError as exc:
                self.session.report(
                    MODULE_NOT_READ,
                    f"module template {source!r} is not valid JSON ({exc}); its resources are not checked",
                    span,
                )
                return None
            template = template if isinstance(template, dict) else None
            session.modules[key] = (template, None)
            return template
        template, child = session.compile_module(target, text, self.stack, key)
        session.modules[key] = (template, child)
        self.loc.mount(ptr, child)
        return template


_Obj, _Arr, _Lit, _Loop, _ResourceDecl = N.Obj, N.Arr, N.Lit, N.Loop, N.ResourceDecl  # (emit's class tests)
_Spread, _ParamDecl, _VarDecl = N.Spread, N.ParamDecl, N.VarDecl
_NO_DECORATORS: dict = {}  # (read only: a parameter without decorators builds no dict)

# parameter decorators -> the ARM properties they become
_VALUE_DECORATORS = (
    ("allowed", "allowedValues"),
    ("minValue", "minValue"),
    ("maxValue", "maxValue"),
    ("minLength", "minLength"),
    ("maxLength", "maxLength"),
)
_VALUE_NAMES = frozenset(name for name, _ in _VALUE_DECORATORS)


def _unique(items: list) -> list:
    """``items`` without repeats, in order; an item may be a list or dict (a dependency
    written as an expression the translator could not resolve to a symbol)."""
    seen: set = set()
    out = []
    for item in items:
        key = (True, item) if isinstance(item, str) else (False, json.dumps(item, sort_keys=True, default=str))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _quote(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


__all__ = ["compile_bicep", "default_read_file", "is_expression", "unavailable_value"]
