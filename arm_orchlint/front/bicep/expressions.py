"""Bicep expressions to ARM template expressions.

``Translator.arm(expr, env)`` gives the text of an ARM expression (without the brackets);
``Translator.value(expr, env)`` gives the JSON value a property holds: literals stay
literals, object and array literals stay JSON objects and arrays, everything else becomes
an ``"[...]"`` string.  ``env`` maps loop and lambda variables to the ARM text that
stands for them (``parameters('xs')[copyIndex()]``, ``lambdaVariables('x')``, ...).

Anything that has no static meaning becomes a call of a function the evaluator does not
know (``<what>_unavailable()``), which it turns into an Unknown.
"""

from __future__ import annotations

import json
import os
import re

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.front.bicep import nodes as N
from arm_orchlint.front.bicep.symbols import ResourceInfo, Symbols
from arm_orchlint.front.files import RefusedRead

_PLAIN_PROP = lazy_compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_BINARY = {
    "&&": "and",
    "||": "or",
    "==": "equals",
    "<": "less",
    "<=": "lessOrEquals",
    ">": "greater",
    ">=": "greaterOrEquals",
    "+": "add",
    "-": "sub",
    "*": "mul",
    "/": "div",
    "%": "mod",
    "??": "coalesce",
}
_NAMESPACES = ("sys", "az")
# Bicep functions that only exist for the type checker: the value passes through.
_TYPE_ONLY = {"any"}
_DEPLOY_TIME = {"readEnvironmentVariable", "externalInput", "getSecret"}
_BICEP_ONLY_PROPS = {"name", "id", "type", "apiVersion"}

Env = dict


def arm_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def unavailable(what: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_]", "_", what) or "value"
    return f"{safe}_unavailable()"


def escape_literal(value: Any) -> Any:
    """A JSON value written into a template: strings that start with ``[`` are escaped."""
    if isinstance(value, str):
        return "[" + value if value.startswith("[") else value
    if isinstance(value, dict):
        return {k: escape_literal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escape_literal(v) for v in value]
    return value


def is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("[") and not value.startswith("[[")


def has_spread(e: Any) -> bool:
    """Whether an object or array literal holds a ``...`` spread."""
    # (record classes have no subclasses: a class test is an isinstance, without a call)
    cls = e.__class__
    if cls is _Obj:
        for p in e.props:  # (a loop: called for every value the compiler emits)
            if p.value.__class__ is _Spread:
                return True
        return False
    if cls is _Arr:
        for i in e.items:
            if i.__class__ is _Spread:
                return True
    return False


_Obj, _Arr, _Spread, _Ident = N.Obj, N.Arr, N.Spread, N.Ident


def expression_text(value: Any) -> str:
    """The ARM expression text of a JSON value produced by ``Translator.value``."""
    if is_expression(value):
        return value[1:-1]
    if isinstance(value, str):
        return arm_string(value[1:] if value.startswith("[[") else value)
    if isinstance(value, bool):
        return "true()" if value else "false()"
    if value is None:
        return "null()"
    if isinstance(value, int):
        return str(value)
    return f"json({arm_string(json.dumps(value))})"


class Translator:
    def __init__(self, path: str, symbols: Symbols, read_file: Callable[[str], str]):
        self.path = path
        self.symbols = symbols
        self.read_file = read_file
        self._lambda_depth = 0
        # name -> what a name outside ``env`` stands for (its ARM text; its value): the file's
        # symbols are complete before anything is translated (imports are resolved first)
        self._name_texts: dict[str, str] = {}
        self._name_values: dict[str, str] = {}
        # set by the compiler: on_refused(call, message) for a file the reader refused,
        # on_loaded(function, content) for every file a load* function read
        self.on_refused: Callable[[Any, str], None] | None = None
        self.on_loaded: Callable[[str, str], None] | None = None

    # ------------------------------------------------------------ values

    def value(self, e: Any, env: Env) -> Any:
        if e.__class__ is N.Lit:
            v = e.value
            if v.__class__ is str:  # (most) what ``escape_literal`` gives a string
                return "[" + v if v.startswith("[") else v
            return escape_literal(v) if not isinstance(v, float) else "[" + self.arm(e, env) + "]"
        cls = e.__class__
        if cls is _Ident and e.name not in env:  # (most after literals) a parameter or variable
            found = self._name_values.get(e.name)
            if found is None:
                found = self._name_values[e.name] = as_value(self._Ident(e, env))
            return found
        if cls in _NOT_CONTAINERS:  # (most) what the tests below leave to the end
            method = _BY_CLASS.get(cls)  # (what ``arm`` calls, without its frame)
            return as_value(method(self, e, env) if method else self.arm(e, env))
        # (loops, not comprehensions: those would make ``self`` and ``env`` closure cells, built
        # at every call of this function)
        if isinstance(e, N.Obj) and not has_spread(e):
            out = {}
            for p in e.props:
                if not isinstance(p.value, N.ResourceDecl):
                    out[p.key] = self.value(p.value, env)
            return out
        if isinstance(e, N.Arr) and not has_spread(e):
            items = []
            for item in e.items:
                items.append(self.value(item, env))
            return items
        if isinstance(e, N.Call) and self._call_name(e) == "loadJsonContent":
            loaded = self._load_json(e, env)
            if loaded is not None:
                return escape_literal(loaded[0])
        return as_value(self.arm(e, env))

    def static(self, e: Any) -> tuple[bool, Any]:
        """(True, value) when ``e`` is made only of literals."""
        if isinstance(e, N.Lit):
            return True, e.value
        if isinstance(e, N.Arr):
            out = []
            for item in e.items:
                ok, v = self.static(item)
                if not ok:
                    return False, None
                out.append(v)
            return True, out
        if isinstance(e, N.Obj):
            obj = {}
            for p in e.props:
                ok, v = self.static(p.value) if not isinstance(p.value, N.ResourceDecl) else (False, None)
                if not ok:
                    return False, None
                obj[p.key] = v
            return True, obj
        if isinstance(e, N.Unary) and e.op == "-" and isinstance(e.arg, N.Lit) and isinstance(e.arg.value, int):
            return True, -e.arg.value
        return False, None

    # ------------------------------------------------------------ expressions

    def arm(self, e: Any, env: Env) -> str:
        cls = e.__class__
        method = _BY_CLASS.get(cls)
        if method is None:
            method = _BY_CLASS[cls] = _BY_NODE.get(cls.__name__, False)  # the ``_<node class name>`` method
        if method is False:
            return unavailable(cls.__name__)
        return method(self, e, env)

    def _Lit(self, e: N.Lit, env: Env) -> str:
        v = e.value
        if isinstance(v, bool):
            return "true()" if v else "false()"
        if v is None:
            return "null()"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return f"json({arm_string(repr(v))})"
        return arm_string(str(v))

    def _Interp(self, e: N.Interp, env: Env) -> str:
        fmt: list[str] = []
        args: list[str] = []
        for i, part in enumerate(e.parts):
            if i % 2 == 0:
                fmt.append(part.replace("{", "{{").replace("}", "}}"))
            else:
                fmt.append("{%d}" % len(args))
                args.append(self.arm(part, env))
        return f"format({arm_string(''.join(fmt))}, {', '.join(args)})"

    def _Ident(self, e: N.Ident, env: Env) -> str:
        name = e.name
        if name in env:
            return env[name]
        text = self._name_texts.get(name)
        if text is None:
            text = self._name_texts[name] = self._name_text(name)
        return text

    def _name_text(self, name: str) -> str:
        """What ``name`` stands for outside any loop or lambda variable."""
        if name in self.symbols.params:
            return f"parameters({arm_string(name)})"
        if name in self.symbols.variables:
            return f"variables({arm_string(self.symbols.renamed.get(name, name))})"
        info = self.symbols.resource(name)
        if info is not None:
            return self.reference(info, None, {}, full=True)  # (no index: env is not read)
        return unavailable(f"unresolved_{name}")

    def _Unsupported(self, e: N.Unsupported, env: Env) -> str:
        return unavailable(f"bicep_{e.kind}")

    def _Unary(self, e: N.Unary, env: Env) -> str:
        if e.op == "!":
            return f"not({self.arm(e.arg, env)})"
        if e.op == "-":
            if isinstance(e.arg, N.Lit) and isinstance(e.arg.value, int) and not isinstance(e.arg.value, bool):
                return str(-e.arg.value)
            return f"sub(0, {self.arm(e.arg, env)})"
        return self.arm(e.arg, env)

    def _Binary(self, e: N.Binary, env: Env) -> str:
        left = self.arm(e.left, env)
        right = self.arm(e.right, env)
        op = e.op
        if op == "!=":
            return f"not(equals({left}, {right}))"
        if op == "=~":
            return f"equals(toLower({left}), toLower({right}))"
        if op == "!~":
            return f"not(equals(toLower({left}), toLower({right})))"
        fn = _BINARY.get(op)
        if fn is None:
            return unavailable(f"operator_{op}")
        return f"{fn}({left}, {right})"

    def _Ternary(self, e: N.Ternary, env: Env) -> str:
        return f"if({self.arm(e.cond, env)}, {self.arm(e.then, env)}, {self.arm(e.other, env)})"

    def _Obj(self, e: N.Obj, env: Env) -> str:
        # ``{a: 1, ...x, b: 2}`` is shallowMerge([{a: 1}, x, {b: 2}]), as the Bicep compiler writes it
        parts: list = []
        args: list = []
        for p in e.props:
            if isinstance(p.value, N.ResourceDecl):
                continue
            if isinstance(p.value, N.Spread):
                if args:
                    parts.append(f"createObject({', '.join(args)})")
                    args = []
                parts.append(self.arm(p.value.arg, env))
                continue
            args.append(arm_string(p.key))
            args.append(self.arm(p.value, env))
        if not has_spread(e):
            return f"createObject({', '.join(args)})"
        if args:
            parts.append(f"createObject({', '.join(args)})")
        return f"shallowMerge(createArray({', '.join(parts)}))"

    def _Arr(self, e: N.Arr, env: Env) -> str:
        if not has_spread(e):
            return f"createArray({', '.join(self._arms(e.items, env))})"
        # ``[a, ...xs, b]`` is concat([a], xs, [b])
        parts: list = []
        run: list = []
        for item in e.items:
            if isinstance(item, N.Spread):
                if run:
                    parts.append(f"createArray({', '.join(run)})")
                    run = []
                parts.append(self.arm(item.arg, env))
            else:
                run.append(self.arm(item, env))
        if run:
            parts.append(f"createArray({', '.join(run)})")
        return f"concat({', '.join(parts)})"

    def _Spread(self, e: N.Spread, env: Env) -> str:
        return self.arm(e.arg, env)

    def _Lambda(self, e: N.Lambda, env: Env) -> str:
        inner = dict(env)
        for p in e.params:
            inner[p] = f"lambdaVariables({arm_string(p)})"
        head = "".join(f"{arm_string(p)}, " for p in e.params)
        return f"lambda({head}{self.arm(e.body, inner)})"

    def _Loop(self, e: N.Loop, env: Env) -> str:
        """A ``for`` inside an expression: ``map`` over the items (or over their indices
        when the loop names its index or filters)."""
        iterable = self.arm(e.iterable, env)
        self._lambda_depth += 1
        try:
            if e.index is None and e.filter is None and e.item:
                inner = dict(env)
                inner[e.item] = f"lambdaVariables({arm_string(e.item)})"
                return f"map({iterable}, lambda({arm_string(e.item)}, {self.arm(e.body, inner)}))"
            var = f"__i{self._lambda_depth}"
            ref = f"lambdaVariables({arm_string(var)})"
            inner = dict(env)
            if e.item:
                inner[e.item] = f"{iterable}[{ref}]"
            if e.index:
                inner[e.index] = ref
            indices = f"range(0, length({iterable}))"
            if e.filter is not None:
                indices = f"filter({indices}, lambda({arm_string(var)}, {self.arm(e.filter, inner)}))"
            return f"map({indices}, lambda({arm_string(var)}, {self.arm(e.body, inner)}))"
        finally:
            self._lambda_depth -= 1

    def _Index(self, e: N.Index, env: Env) -> str:
        target = self.resource_target(e, env)
        if target is not None:
            info, index = target
            return self.reference(info, index, env, full=True)
        obj = self.arm(e.obj, env)
        idx = self.arm(e.index, env)
        if e.safe:
            return f"tryGet({obj}, {idx})"
        return f"{obj}[{idx}]"

    def _ChildRef(self, e: N.ChildRef, env: Env) -> str:
        target = self.resource_target(e, env)
        if target is None:
            return unavailable(f"unresolved_{e.name}")
        return self.reference(target[0], target[1], env, full=True)

    def _imported(self, e: Any, env: Env, kind: str) -> str | None:
        """The emitted name of ``ns.member`` from ``import * as ns``, when it is a ``kind``."""
        if not self.symbols.namespaces:  # (most files import no namespace)
            return None
        if not isinstance(e, N.Member) or not isinstance(e.obj, N.Ident) or e.obj.name in env:
            return None
        exports = self.symbols.namespaces.get(e.obj.name)
        found = exports.get(e.prop) if exports is not None else None
        return found[1] if found is not None and found[0] == kind else None

    def _Member(self, e: N.Member, env: Env) -> str:
        imported = self._imported(e, env, "var")
        if imported is not None:
            return f"variables({arm_string(imported)})"
        target = self.resource_target(e.obj, env)
        if target is not None:
            return self.resource_property(target[0], target[1], e.prop, env)
        # module outputs: m.outputs.x -> reference('m').outputs.x.value
        if isinstance(e.obj, N.Member) and e.obj.prop == "outputs":
            inner = self.resource_target(e.obj.obj, env)
            if inner is not None and inner[0].is_module:
                return f"{self.arm(e.obj, env)}{self._access(e.prop)}.value"
        obj = self.arm(e.obj, env)
        if e.safe:
            return f"tryGet({obj}, {arm_string(e.prop)})"
        return f"{obj}{self._access(e.prop)}"

    @staticmethod
    def _access(prop: str) -> str:
        # (the string tests decide the common case: an ASCII identifier always matches)
        plain = (prop.isascii() and prop.isidentifier()) or _PLAIN_PROP.match(prop)
        return f".{prop}" if plain else f"[{arm_string(prop)}]"

    def _call_name(self, e: N.Call) -> str | None:
        callee = e.callee
        if isinstance(callee, N.Ident):
            return callee.name
        if (
            isinstance(callee, N.Member)
            and isinstance(callee.obj, N.Ident)
            and callee.obj.name in _NAMESPACES
            and self.symbols.resource(callee.obj.name) is None
        ):
            return callee.prop
        return None

    def _Call(self, e: N.Call, env: Env) -> str:
        imported = self._imported(e.callee, env, "func")
        if imported is not None:
            return f"__bicep.{imported}({', '.join(self._arms(e.args, env))})"
        name = self._call_name(e)
        if name is None:
            callee = e.callee
            if isinstance(callee, N.Member):
                target = self.resource_target(callee.obj, env)
                if target is not None and callee.prop.lower().startswith("list"):
                    info, index = target
                    return f"{callee.prop}({self.resource_id(info, index, env)}, {arm_string(info.api_version)})"
                return unavailable(callee.prop)
            return unavailable("call")
        if name in _TYPE_ONLY and len(e.args) == 1:
            return self.arm(e.args[0], env)
        if name in _DEPLOY_TIME:
            return unavailable(name)
        if name in (
            "loadTextContent",
            "loadFileAsBase64",
            "loadJsonContent",
            "loadYamlContent",
            "loadDirectoryFileInfo",
        ):
            return self._load(name, e, env)
        if name in self.symbols.functions:
            name = f"__bicep.{self.symbols.renamed.get(name, name)}"
        return f"{name}({', '.join(self._arms(e.args, env))})"

    def _arms(self, items: list, env: Env) -> list:
        """The ARM expression texts of ``items`` (a loop of its own: a comprehension would make
        its caller's ``self`` and ``env`` closure cells, built at every call)."""
        out = []
        for item in items:
            out.append(self.arm(item, env))
        return out

    # ------------------------------------------------------------ load*Content

    def _read_for(self, name: str, e: N.Call, path: str) -> str:
        """The content of ``path`` for the ``name`` call ``e``; a refused read is reported
        at the call (the value then stays unknown)."""
        try:
            text = self.read_file(path)
        except RefusedRead as exc:
            if self.on_refused is not None:
                ok, rel = self.static(e.args[0])
                self.on_refused(e, f"the file {rel!r} named by {name} {exc.reason}; not read, so the value is unknown")
            raise
        if self.on_loaded is not None:
            self.on_loaded(name, text)
        return text

    def _load_path(self, e: N.Call) -> str | None:
        if not e.args:
            return None
        ok, rel = self.static(e.args[0])
        if not ok or not isinstance(rel, str):
            return None
        return os.path.normpath(os.path.join(os.path.dirname(self.path), rel))

    def _load_json(self, e: N.Call, env: Env) -> tuple | None:
        path = self._load_path(e)
        if path is None:
            return None
        try:
            data = json.loads(self._read_for("loadJsonContent", e, path))
        except Exception:
            return None
        if len(e.args) > 1:
            ok, json_path = self.static(e.args[1])
            if not ok or not isinstance(json_path, str):
                return None
            for part in [p for p in json_path.lstrip("$").split(".") if p]:
                if not isinstance(data, dict) or part not in data:
                    return None
                data = data[part]
        return (data,)

    def _load(self, name: str, e: N.Call, env: Env) -> str:
        if name == "loadJsonContent":
            loaded = self._load_json(e, env)
            if loaded is None:
                return unavailable(name)
            return f"json({arm_string(json.dumps(loaded[0]))})"
        path = self._load_path(e)
        if path is not None and name not in ("loadTextContent", "loadFileAsBase64"):
            try:  # not translated, but a refused file is reported all the same
                self._read_for(name, e, path)
            except Exception:
                pass
        if path is None or name not in ("loadTextContent", "loadFileAsBase64"):
            return unavailable(name)
        try:
            text = self._read_for(name, e, path)
        except Exception:
            return unavailable(name)
        if name == "loadFileAsBase64":
            import base64  # (imported on use: it costs a small file's start-up)

            encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
            if self.on_loaded is not None:
                self.on_loaded(name, encoded)
            return arm_string(encoded)
        return arm_string(text)

    # ------------------------------------------------------------ resources

    def resource_target(self, e: Any, env: Env) -> tuple[ResourceInfo, Any] | None:
        """(info, index expression or None) when ``e`` names a resource or module."""
        if isinstance(e, N.Ident):
            if e.name in env:
                return None
            info = self.symbols.resource(e.name)
            return (info, None) if info is not None else None
        if isinstance(e, N.Index) and isinstance(e.obj, N.Ident):
            base = self.resource_target(e.obj, env)
            if base is not None and base[0].loop is not None:
                return base[0], e.index
            return None
        if isinstance(e, N.ChildRef):
            parent = self.resource_target(e.obj, env)
            if parent is None:
                return None
            info = self.symbols.resources.get(f"{parent[0].symbol}::{e.name}")
            return (info, None) if info is not None else None
        return None

    def loop_env(self, info: ResourceInfo, index: Any, env: Env, copy_index: str = "copyIndex()") -> Env:
        """The bindings of a looped resource's item and index variables."""
        loop = info.loop
        if loop is None:
            return env
        inner = dict(env)
        idx = self.arm(index, env) if index is not None else copy_index
        if loop.index:
            inner[loop.index] = idx
        if loop.item:
            inner[loop.item] = self.loop_item(loop, idx, env)
        return inner

    def loop_item(self, loop: N.Loop, idx: str, env: Env) -> str:
        it = loop.iterable
        if isinstance(it, N.Call) and self._call_name(it) == "range" and len(it.args) == 2:
            return f"add({self.arm(it.args[0], env)}, {idx})"
        return f"{self.arm(it, env)}[{idx}]"

    def loop_count(self, loop: N.Loop, env: Env) -> Any:
        it = loop.iterable
        if isinstance(it, N.Call) and self._call_name(it) == "range" and len(it.args) == 2:
            ok, count = self.static(it.args[1])
            if ok and isinstance(count, int):
                return count
            return "[" + self.arm(it.args[1], env) + "]"
        ok, items = self.static(it)
        if ok and isinstance(items, list):
            return len(items)
        return f"[length({self.arm(it, env)})]"

    def parent_of(self, info: ResourceInfo) -> ResourceInfo | None:
        if info.nested_parent:
            return self.symbols.resources.get(info.nested_parent)
        if info.parent_expr is not None:
            target = self.resource_target(info.parent_expr, {})
            return target[0] if target is not None else None
        return None

    def full_type(self, info: ResourceInfo, _depth: int = 0) -> str:
        parent = self.parent_of(info) if _depth < 20 else None
        if parent is None or "/" in info.declared_type:
            return info.declared_type
        return f"{self.full_type(parent, _depth + 1)}/{info.declared_type}"

    def api_version(self, info: ResourceInfo, _depth: int = 0) -> str:
        if info.api_version or _depth >= 20:
            return info.api_version
        parent = self.parent_of(info)
        return self.api_version(parent, _depth + 1) if parent is not None else ""

    def name_parts(self, info: ResourceInfo, index: Any, env: Env, _depth: int = 0) -> list[Any]:
        """The name segments of a resource as values (plain strings or ``[...]``)."""
        own_env = self.loop_env(info, index, env)
        own = self.value(info.name_expr, own_env) if info.name_expr is not None else unavailable_value("name")
        parent = self.parent_of(info) if _depth < 20 else None
        if parent is None:
            if isinstance(own, str) and not is_expression(own) and "/" in own:
                return own.split("/")
            return [own]
        return self.name_parts(parent, None, env, _depth + 1) + [own]

    def name_value(self, info: ResourceInfo, index: Any, env: Env) -> Any:
        parts = self.name_parts(info, index, env)
        if len(parts) == 1:
            return parts[0]
        if all(isinstance(p, str) and not is_expression(p) for p in parts):
            return "/".join(p[1:] if p.startswith("[[") else p for p in parts)
        fmt = "/".join("{%d}" % i for i in range(len(parts)))
        return f"[format({arm_string(fmt)}, {', '.join(expression_text(p) for p in parts)})]"

    def resource_id(self, info: ResourceInfo, index: Any, env: Env) -> str:
        if info.is_module:
            return (
                f"resourceId('Microsoft.Resources/deployments', {expression_text(self.name_value(info, index, env))})"
            )
        args = [arm_string(self.full_type(info))] + [expression_text(p) for p in self.name_parts(info, index, env)]
        scope = info.scope_expr
        if scope is None:
            root = info
            for _ in range(20):
                parent = self.parent_of(root)
                if parent is None:
                    break
                root = parent
            scope = root.scope_expr
        if isinstance(scope, N.Call) and self._call_name(scope) in ("resourceGroup", "subscription") and scope.args:
            scope_args = self._arms(scope.args, env)
            if self._call_name(scope) == "resourceGroup":
                return f"resourceId({', '.join(scope_args + args)})"
            return f"subscriptionResourceId({', '.join(scope_args + args)})"
        return f"resourceId({', '.join(args)})"

    def reference(self, info: ResourceInfo, index: Any, env: Env, full: bool) -> str:
        if index is None:
            target = arm_string(info.symbol)
        else:
            target = self.resource_id(info, index, env)
        if info.is_module:
            return f"reference({target})"
        api = arm_string(self.api_version(info))
        return f"reference({target}, {api}, 'full')" if full else f"reference({target}, {api})"

    def resource_property(self, info: ResourceInfo, index: Any, prop: str, env: Env) -> str:
        if prop == "name":
            return expression_text(self.name_value(info, index, env))
        if prop == "id":
            return self.resource_id(info, index, env)
        if prop == "type":
            return arm_string(self.full_type(info))
        if prop == "apiVersion":
            return arm_string(self.api_version(info))
        if prop == "properties" or info.is_module:
            ref = self.reference(info, index, env, full=False)
            return ref if prop == "properties" else f"{ref}{self._access(prop)}"
        return f"{self.reference(info, index, env, full=True)}{self._access(prop)}"


# expression classes that are neither an object, an array nor a call (``value`` translates them
# with ``arm``); not a subclass of those: each is a record class of its own
_NOT_CONTAINERS = frozenset(
    {N.Ident, N.Member, N.Interp, N.Index, N.Binary, N.Ternary, N.Unary, N.ChildRef, N.Lambda, N.Loop, N.Spread}
)

# node class name -> the translator's method for it (one dict lookup per expression)
_BY_NODE = {name[1:]: method for name, method in vars(Translator).items() if name[:1] == "_" and name[1:2].isupper()}
_BY_CLASS: dict = {}  # class -> _BY_NODE's method for its name (False: none), filled as classes are met

_STRING_LITERAL = lazy_compile(r"^'((?:[^']|'')*)'$", re.S)  # what _string_literal decides


def _string_literal(text: str) -> str | None:
    """The group of ``_STRING_LITERAL.match(text)`` or None, without the regex's step per
    character (a loaded file's content is a long literal).  ``$`` also matches before a
    final new line; the inner text is a literal when each run of quotes in it is even."""
    if len(text) >= 2 and text[-1] == "'":
        inner = text[1:-1]
    elif len(text) >= 3 and text[-2:] == "'\n":
        inner = text[1:-2]
    else:
        return None
    if text[0] != "'" or "'" in inner.replace("''", ""):
        return None
    return inner


_INT_LITERAL = lazy_compile(r"^-?[0-9]+$")
_INT_START = frozenset("-0123456789")


# the first characters of the texts ``as_value`` reads as literals ('...', integers, true(),
# false(), null()); any other text is an expression
_LITERAL_START = frozenset("'-0123456789tfn")


def as_value(text: str) -> Any:
    """The JSON value for an ARM expression text: a plain literal when it is one."""
    first = text[:1]  # each pattern can only match text starting so
    if first not in _LITERAL_START:  # (most: parameters(...), variables(...), concat(...))
        return "[" + text + "]"
    inner = _string_literal(text) if first == "'" else None
    if inner is not None:
        return escape_literal(inner.replace("''", "'"))
    if first in _INT_START and _INT_LITERAL.match(text):
        return int(text)
    if text in ("true()", "false()"):
        return text == "true()"
    if text == "null()":
        return None
    return "[" + text + "]"


def unavailable_value(what: str) -> str:
    return "[" + unavailable(what) + "]"
