"""Draft Bicep twins of the JSON rule fixtures (a developer aid; every twin is reviewed by hand).

    python scripts/bicep_twins.py fixtures/ORCH206/bad.json [...]   # prints the Bicep
    python scripts/bicep_twins.py --write fixtures/ORCH206/bad.json  # writes bad.bicep

The fixtures use a small part of ARM: literal values, ``resourceId(...)`` links,
``concat``/``copyIndex`` names, ``parameters(...)``, nested child resources and nested
deployments.  Links to a resource declared in the same file become symbolic references
(``vmss.id``, ``'${lb.id}/backendAddressPools/pool'``); a resource's links to its own
sub-resources stay ``resourceId(...)`` calls, as Bicep forbids self references.
``dependsOn`` entries already implied by a reference are dropped.  Nested deployments
become modules under ``modules/``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
KEYWORDS = {
    "resource",
    "module",
    "param",
    "var",
    "output",
    "if",
    "for",
    "in",
    "true",
    "false",
    "null",
    "existing",
    "import",
    "type",
    "func",
    "metadata",
    "targetScope",
    "using",
}


# ------------------------------------------------------------------ ARM expressions


def _tokens(text: str):
    i = 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "'":
            j = i + 1
            buf = []
            while True:
                if text[j] == "'" and j + 1 < len(text) and text[j + 1] == "'":
                    buf.append("'")
                    j += 2
                elif text[j] == "'":
                    break
                else:
                    buf.append(text[j])
                    j += 1
            yield ("str", "".join(buf))
            i = j + 1
        elif c in "(),.[]":
            yield (c, c)
            i += 1
        else:
            m = re.match(r"[A-Za-z_][A-Za-z0-9_]*|-?\d+", text[i:])
            yield ("num" if m.group(0).lstrip("-").isdigit() else "id", m.group(0))
            i += len(m.group(0))


def parse_expression(text: str):
    toks = list(_tokens(text))
    pos = 0

    def primary():
        nonlocal pos
        kind, value = toks[pos]
        pos += 1
        if kind == "str":
            return ("str", value)
        if kind == "num":
            return ("num", int(value))
        assert toks[pos][0] == "(", text
        pos += 1
        args = []
        while toks[pos][0] != ")":
            args.append(primary())
            if toks[pos][0] == ",":
                pos += 1
        pos += 1
        return ("call", value, args)

    return primary()


class Converter:
    def __init__(self, template: dict, folder: Path, stem: str, loop_var: str | None = None):
        self.template = template
        self.folder = folder
        self.stem = stem
        self.extra: dict[str, str] = {}
        self.symbols: dict[tuple, str] = {}  # (type lower, name) -> symbol
        self.used_symbols: set = set()
        self.current: str | None = None
        self.loop_var: str | None = None
        self.referenced: set = set()

    # -------------------------------------------------------------- symbols

    def symbol_for(self, resource: dict) -> str:
        name = resource.get("name", "")
        if "copy" in resource:
            base = resource["copy"]["name"]
        elif isinstance(name, str) and not name.startswith("["):
            parts = re.split(r"[^A-Za-z0-9]+", name.split("/")[-1])
            parts = [p for p in parts if p]
            base = (parts[0].lower() + "".join(p[:1].upper() + p[1:] for p in parts[1:])) if parts else "res"
            if base[0].isdigit():
                base = resource["type"].split("/")[-1].rstrip("s") + base
        else:
            base = "res"
        if base in KEYWORDS:
            base += "Res"
        symbol, n = base, 2
        while symbol in self.used_symbols:
            symbol, n = f"{base}{n}", n + 1
        self.used_symbols.add(symbol)
        return symbol

    # -------------------------------------------------------------- expressions

    def expr(self, node) -> str:
        kind = node[0]
        if kind == "str":
            return quote(node[1])
        if kind == "num":
            return str(node[1])
        _, fn, args = node
        if fn == "copyIndex":
            return self.loop_var or "i"
        if fn == "parameters":
            return args[0][1]
        if fn == "concat":
            out = ""
            for a in args:
                if a[0] == "str":
                    out += escape(a[1])
                else:
                    out += "${" + self.expr(a) + "}"
            return "'" + out + "'"
        if fn == "resourceId":
            return self.resource_id(args)
        return f"{fn}({', '.join(self.expr(a) for a in args)})"

    def resource_id(self, args) -> str:
        if all(a[0] == "str" for a in args):
            rtype = args[0][1]
            names = [a[1] for a in args[1:]]
            segments = rtype.split("/")
            # the resource itself, or its parent with the sub-resource path appended
            for depth in range(len(names), 0, -1):
                parent_type = "/".join(segments[: depth + 1]).lower()
                symbol = self.symbols.get((parent_type, "/".join(names[:depth])))
                if symbol is None or symbol == self.current:
                    continue
                self.referenced.add(symbol)
                if depth == len(names):
                    return f"{symbol}.id"
                rest = "/".join(f"{t}/{n}" for t, n in zip(segments[depth + 1 :], names[depth:]))
                return "'${" + symbol + ".id}/" + escape(rest) + "'"
        return f"resourceId({', '.join(self.expr(a) for a in args)})"

    def value(self, v, indent: int) -> str:
        pad = "  " * indent
        if isinstance(v, dict):
            if not v:
                return "{}"
            lines = ["{"]
            for k, item in v.items():
                lines.append(f"{pad}  {self.key(k)}: {self.value(item, indent + 1)}")
            lines.append(pad + "}")
            return "\n".join(lines)
        if isinstance(v, list):
            if not v:
                return "[]"
            return "[\n" + "\n".join(f"{pad}  {self.value(item, indent + 1)}" for item in v) + f"\n{pad}]"
        if isinstance(v, bool):
            return "true" if v else "false"
        if v is None:
            return "null"
        if isinstance(v, (int, float)):
            return json.dumps(v)
        if isinstance(v, str) and v.startswith("[") and not v.startswith("[["):
            return self.expr(parse_expression(v[1:-1]))
        if isinstance(v, str) and v.startswith("[["):
            v = v[1:]
        return quote(v)

    def key(self, k: str) -> str:
        if k.startswith("[") and not k.startswith("[["):
            return "'${" + self.expr(parse_expression(k[1:-1])) + "}'"
        if IDENT.match(k):
            return k
        return quote(k)

    # -------------------------------------------------------------- template

    def convert(self) -> str:
        out: list[str] = []
        for name, p in (self.template.get("parameters") or {}).items():
            ptype = p.get("type", "string").lower()
            if ptype.startswith("secure"):
                out.append("@secure()")
            btype = {
                "securestring": "string",
                "secureobject": "object",
                "int": "int",
                "bool": "bool",
                "array": "array",
                "object": "object",
            }.get(ptype, "string")
            line = f"param {name} {btype}"
            if "defaultValue" in p:
                line += " = " + self.value(p["defaultValue"], 0)
            out.append(line)
        if out:
            out.append("")
        resources = self.template.get("resources", [])
        for r in resources:
            sym = self.symbol_for(r)
            r["__symbol"] = sym
            self.symbols[(r["type"].lower(), r.get("name"))] = sym
        for r in resources:
            out.append(self.resource(r, 0))
            out.append("")
        return "\n".join(out).rstrip() + "\n"

    def resource(self, r: dict, indent: int, parent_type: str | None = None) -> str:
        pad = "  " * indent
        sym = r["__symbol"]
        self.current = sym
        self.referenced = set()
        if r["type"] == "Microsoft.Resources/deployments":
            return self.deployment(r, indent)
        loop = r.get("copy")
        self.loop_var = "i" if loop else None
        rtype = r["type"] if parent_type is None else r["type"]
        body_lines = []
        inner = indent
        ipad = pad
        name = r["name"]
        parent_sym = self._parent_symbol(r) if parent_type is None else None
        if parent_sym:
            self.referenced.add(parent_sym)
            body_lines.append(f"{ipad}  parent: {parent_sym}")
            name = name.split("/")[-1]
        body_lines.append(f"{ipad}  name: {self.value(name, inner + 1)}")
        for k, v in r.items():
            if k in ("type", "apiVersion", "name", "copy", "dependsOn", "resources", "condition", "__symbol"):
                continue
            body_lines.append(f"{ipad}  {self.key(k)}: {self.value(v, inner + 1)}")
        for child in r.get("resources", []):
            csym = self.symbol_for(child)
            child["__symbol"] = csym
            saved = self.current
            body_lines.append("")
            body_lines.append(self.resource(child, inner + 1, r["type"]).rstrip())
            self.loop_var = "i" if loop else None
            self.current = saved
        depends = []
        for d in r.get("dependsOn", []):
            expr = self.value(d, inner + 1)
            if expr.endswith(".id") and IDENT.match(expr[:-3]):
                if expr[:-3] in self.referenced:
                    continue
                expr = expr[:-3]
            depends.append(expr)
        if depends:
            body_lines.append(f"{ipad}  dependsOn: [")
            body_lines.extend(f"{ipad}    {d}" for d in depends)
            body_lines.append(f"{ipad}  ]")
        body = "{\n" + "\n".join(body_lines) + f"\n{ipad}}}"
        head = f"{pad}resource {sym} '{rtype}@{r['apiVersion']}' = "
        if loop:
            head += f"[for i in range(0, {loop['count']}): "
            return head + body + "]"
        return head + body

    def _parent_symbol(self, r: dict) -> str | None:
        """The symbol of the declared parent of a child resource named 'parent/child'."""
        name, segments = r.get("name"), r["type"].split("/")
        if not isinstance(name, str) or name.startswith("[") or len(segments) < 3:
            return None
        return self.symbols.get(("/".join(segments[:-1]).lower(), "/".join(name.split("/")[:-1])))

    def deployment(self, r: dict, indent: int) -> str:
        inner_template = r["properties"]["template"]
        module_name = f"{self.stem}-{r['__symbol']}.bicep"
        sub = Converter(json.loads(json.dumps(inner_template)), self.folder, self.stem)
        self.extra[f"modules/{module_name}"] = sub.convert()
        lines = [f"module {r['__symbol']} 'modules/{module_name}' = {{", f"  name: {self.value(r['name'], 1)}"]
        if "resourceGroup" in r:
            lines.append(f"  scope: resourceGroup({self.value(r['resourceGroup'], 1)})")
        lines.append("}")
        return "\n".join(lines)


def escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("'", "\\'").replace("${", "\\${")


def quote(s: str) -> str:
    return "'" + escape(s) + "'"


def main(argv: list[str]) -> int:
    write = "--write" in argv
    for arg in [a for a in argv if a != "--write"]:
        path = Path(arg)
        conv = Converter(json.loads(path.read_text()), path.parent, path.stem)
        text = conv.convert()
        if not write:
            print(f"// ---- {path.with_suffix('.bicep')}")
            print(text)
            for name, extra in conv.extra.items():
                print(f"// ---- {path.parent / name}")
                print(extra)
            continue
        path.with_suffix(".bicep").write_text(text)
        for name, extra in conv.extra.items():
            (path.parent / name).parent.mkdir(parents=True, exist_ok=True)
            (path.parent / name).write_text(extra)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
