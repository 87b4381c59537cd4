"""The one adapter over tree-sitter-bicep node shapes.

``parse(text)`` returns a ``ParsedFile`` of plain ``nodes`` objects.  This is the only
module that knows tree-sitter node type names, field names and child positions, so a
grammar upgrade is fixed here (and the tree snapshots in ``tests/bicep`` say where).
tree-sitter is imported inside functions: importing arm_orchlint never loads it.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.lazy_regex import lazy_compile
from arm_orchlint.front.bicep import nodes as N
from arm_orchlint.front.bicep.rewrites import rewrite

_PARSER: Any = None

# Statement node types at the top of a file (or inside an ERROR node we look into).
_OTHER_STATEMENTS = {
    "import_functionality": "import",
    "import_statement": "import",
    "import_with_statement": "provider",
    "metadata_declaration": "metadata",
    "assert_statement": "assert",
    "test_block": "test",
}

_COMMENTS = ("comment", "diagnostic_comment")  # node types the reader passes over
# an object property ``key: value`` of a tree without errors, its key an identifier; its value
# a string without holes, escapes or a blank before the closing quote (group 2), an integer
# (group 3), a name (group 4: an identifier unless in _NOT_IDENTIFIERS), or anything else (read
# from its node).  Possessive runs and a look-behind for the string's last character: a value of
# another kind fails without backtracking through its text.  The value is one of four
# alternatives, the last one empty, rather than an optional group: ``(...)?`` of a group runs
# the regex engine's general repeat (~460 instructions more per property; the same matches)
_PLAIN_PROPERTY = lazy_compile(
    r"([A-Za-z_][A-Za-z0-9_]*+)[ \t]*+:[ \t]*+"
    r"(?:'([^'\\$\n\r]*+)(?<=[!-#%&(-\[\]-~])'\Z|([0-9]++)\Z|([A-Za-z_][A-Za-z0-9_]*+)\Z|)"
)
# the names that tree-sitter-bicep 1.1.0 reads as a value other than an identifier (a boolean,
# null, a primitive type); a test checks every name-like node type of the grammar
_NOT_IDENTIFIERS = frozenset(
    ("true", "false", "null", "string", "int", "bool", "object", "array", "secureString", "secureObject")
)
# the texts of a ``type`` node that is one primitive type (tree-sitter-bicep 1.1.0; a test
# checks every name-like node type of the grammar)
_PRIMITIVE_TYPES = frozenset(("string", "int", "bool", "object", "array", "secureString", "secureObject"))
# a decorator ``@name(...)`` of a tree without errors with one string argument as above (group
# 2), one integer (group 3) or none (an empty alternative, as above)
_PLAIN_DECORATOR = lazy_compile(r"@([A-Za-z_][A-Za-z0-9_]*+)\((?:'([^'\\$\n\r]*+)(?<=[!-#%&(-\[\]-~])'|([0-9]++)|)\)\Z")
# the last character of a string's text for which its closing quote is its last byte
_PLAIN_LAST = frozenset(b for b in range(0x21, 0x7F) if b != 0x27)

# Strings and comments (a string's loop unrolled), then each bracket: the tokens the nesting
# test made before parsing reads (BICEP_TOKENS); ``_depth_bound`` removes the strings and comments.
_STRING_OR_COMMENT = r"'''.*?(?:'''|\Z)|'[^'\\\n]*(?:\\.[^'\\\n]*)*'?|//[^\n]*|/\*.*?(?:\*/|\Z)"
BICEP_TOKENS = lazy_compile(_STRING_OR_COMMENT + r"|[\[{(]|[\]})]", re.S)


class TooDeep(RecursionError):
    """Brackets nested deeper than ``MAX_NESTING_DEPTH``: refused before parsing, since
    tree-sitter's error recovery (and the comment query over it) is quadratic there."""


_STRINGS_AND_COMMENTS = lazy_compile(_STRING_OR_COMMENT, re.S)
_WINDOW = 1024


def _check_nesting(text: str) -> None:
    from arm_orchlint.front.json.load import MAX_NESTING_DEPTH, too_deep_position

    if text.count("(") + text.count("[") + text.count("{") <= MAX_NESTING_DEPTH:
        return  # cannot be too deep: the common case costs three counts
    if _depth_bound(text) <= MAX_NESTING_DEPTH:
        return  # (most of the rest)
    if too_deep_position(text, MAX_NESTING_DEPTH, BICEP_TOKENS) != (1, 1):
        raise TooDeep(f"Bicep nests deeper than {MAX_NESTING_DEPTH} levels")


def _depth_bound(text: str) -> int:
    """At least the deepest bracket nesting ``too_deep_position`` finds, from counts: with
    strings and comments removed, the depth anywhere in a window of the text is at most
    the depth at its start plus the opening brackets in it (a scan token by token costs
    five times as much)."""
    code = _STRINGS_AND_COMMENTS.sub("", text)
    count = code.count
    depth = bound = 0
    for start in range(0, len(code), _WINDOW):
        end = start + _WINDOW
        opening = count("(", start, end) + count("[", start, end) + count("{", start, end)
        bound = max(bound, depth + opening)
        depth += opening - count(")", start, end) - count("]", start, end) - count("}", start, end)
    return bound


_ESCAPE = lazy_compile(r"\\(u\{[0-9A-Fa-f]{1,6}\}|.)", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "'": "'", "$": "$"}


def _language() -> Any:
    return _tree_sitter().Language(_grammar_binding().language())


def _tree_sitter() -> Any:
    """tree-sitter's extension module (``Parser``, ``Language``).  The package's ``__init__``
    only re-exports it, after importing ``typing`` for one ``Protocol`` (~2 ms of a small
    file's run), so the extension is loaded on its own; the package is the fallback."""
    module = _extension("tree_sitter", ("Parser", "Language"))
    if module is None:
        import tree_sitter as module
    return module


def _grammar_binding() -> Any:
    """The compiled grammar of tree-sitter-bicep.  Its package's ``__init__`` imports
    ``importlib.resources`` (and with it ``tempfile``, ``shutil``, ``pathlib``, ``urllib``:
    ~8 ms, a tenth of a small file's whole run) only to read query files the linter does not
    use, so the extension module is loaded on its own; any surprise falls back to the
    package."""
    module = _extension("tree_sitter_bicep", ("language",))
    if module is None:
        import tree_sitter_bicep as module
    return module


def _extension(package_name: str, needed: tuple[str, ...]) -> Any:
    """``package_name``'s extension module ``_binding``, loaded without running the package's
    ``__init__``, when it has the callables ``needed``; None for a packaging we do not know."""
    import sys

    name = f"{package_name}._binding"
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    try:
        from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec, PathFinder
        from os import path

        # (finds the package on sys.path without running it; importlib.util, which would also
        # ask the other finders, imports contextlib)
        package = PathFinder.find_spec(package_name)
        for folder in package.submodule_search_locations or ():
            for suffix in EXTENSION_SUFFIXES:
                file = path.join(folder, "_binding" + suffix)
                if path.isfile(file):
                    spec = ModuleSpec(name, ExtensionFileLoader(name, file), origin=file)
                    module = spec.loader.create_module(spec)
                    spec.loader.exec_module(module)
                    if all(callable(getattr(module, attr, None)) for attr in needed):
                        sys.modules[name] = module  # (the package, if imported later, takes it)
                        return module
    except Exception:  # noqa: BLE001 - a packaging we do not know: the package's own way
        pass
    return None


def _get_parser() -> Any:
    global _PARSER
    if _PARSER is None:
        language = _language()
        _PARSER = _tree_sitter().Parser(language)
        _fill_kinds(language)
    return _PARSER


# tree-sitter kind id -> its node type, and -> the reader's ``x_<node type>`` method: a
# node's ``kind_id`` is a cached small int, where ``type`` makes a new str at every read
_KIND: dict = {}
_EXPRESSION_BY_KIND: dict = {}

# The reader's most frequent records (a corpus pass builds ~50,000) are made by ``_new`` and
# their fields set one by one, as their ``__init__`` sets them: a call of the class runs that
# ``__init__`` as a frame of its own after the allocation, ~500 instructions more for two
# fields and ~770 for a property (a test compares each with the record its class call builds).
_new = object.__new__
_Prop, _Obj, _Lit, _Ident, _Call = N.Prop, N.Obj, N.Lit, N.Ident, N.Call
_Member, _Arr, _Decorator, _TypeRef = N.Member, N.Arr, N.Decorator, N.TypeRef


def _fill_kinds(language: Any) -> None:
    for kind in (*range(language.node_kind_count), 0xFFFE, 0xFFFF):  # (and the two error symbols)
        name = language.node_kind_for_id(kind)
        if name is not None:
            _KIND[kind] = name
            method = _EXPRESSIONS.get(name)
            if method is not None:
                _EXPRESSION_BY_KIND[kind] = method


def parse_tree(text: str) -> Any:
    """The raw tree-sitter tree (for the snapshot tests and debugging only)."""
    return _get_parser().parse(text.encode("utf-8"))


# text -> its parse.  A module that many files of one run use is parsed once; nothing
# changes a parsed file after it is built, so it can be shared.
_PARSED: dict[str, N.ParsedFile] = {}
_PARSED_MAX = 64


def forget_parses() -> None:
    """Empty the shared parses (for measurements that must include the parse)."""
    _PARSED.clear()


def parse(text: str) -> N.ParsedFile:
    found = _PARSED.get(text)
    if found is None:
        found = _parse(text)
        if len(_PARSED) >= _PARSED_MAX:
            del _PARSED[next(iter(_PARSED))]  # the oldest
        _PARSED[text] = found
    return found


def _parse(text: str) -> N.ParsedFile:
    _check_nesting(text)
    original = text.encode("utf-8")
    source = rewrite(original)
    root = _get_parser().parse(source).root_node
    if root.has_error and source is not original:
        # a rewrite may have been wrong: the original text may read better
        plain = _get_parser().parse(original).root_node
        if _error_count(plain) < _error_count(root):
            source, root = original, plain
    problems = _syntax_errors(root, original, source) if root.has_error else []
    if problems and problems[0].confirmed:
        source, root = _without_error_lines(source, root, problems)
    reader = _Reader(source, original, clean=not root.has_error)
    # a root node of its own: a node keeps the children it was asked for, so the tree-sitter
    # nodes of each statement can go as soon as it is read (not all at the end of the file)
    statements = reader.statements(root.walk().node.named_children)
    if reader.comma_at_line_end and not problems:
        # tree-sitter accepts ``a: 1,`` <new line> in an object or array; the compiler does not
        from arm_orchlint.front.bicep.diagnose import find_errors

        problems = _located(original, find_errors(original))
    # the original text: positions are the same, and columns count its characters
    comments = _comments(root, source, original, reader.lines)
    return N.ParsedFile(original, statements, comments, problems, spreads=reader.spreads)


_BRACKETS = lazy_compile(rb"'(?:[^'\\\n]|\\.)*'|[{}\[\]()]")
_OPENING = {ord("{"), ord("["), ord("(")}
_BLANK = bytes(b if b in (0x0A, 0x0D) else 0x20 for b in range(256))


def _without_error_lines(source: bytes, root: Any, problems: list) -> tuple[bytes, Any]:
    """Read the file again with each line that holds a syntax error blanked out, when its
    brackets balance (so no other line loses its partner), and keep that tree when it has
    fewer errors: tree-sitter's recovery may otherwise swallow the lines that follow
    (``a: 1 +`` takes the next property as its right operand).  Only files with syntax
    errors pay for this second parse."""
    fixed = bytearray(source)
    for p in problems:
        start = source.rfind(b"\n", 0, p.rng[0]) + 1
        end = source.find(b"\n", p.rng[0])
        end = len(source) if end < 0 else end
        line = source[start:end]
        if b"'''" in line:
            continue
        depth = 0
        for m in _BRACKETS.finditer(line):
            if len(m.group()) == 1:
                depth += 1 if m.group()[0] in _OPENING else -1
        if depth == 0:
            fixed[start:end] = line.translate(_BLANK)
    if fixed == source:
        return source, root
    new_root = _get_parser().parse(bytes(fixed)).root_node
    if _error_count(new_root) < _error_count(root):
        return bytes(fixed), new_root
    return source, root


def _syntax_errors(root: Any, original: bytes, source: bytes) -> list:
    """The file's syntax errors where and as the compiler reports them (``diagnose.py``).
    When that finds none, the text is valid Bicep that tree-sitter-bicep cannot read: its
    first ERROR node is kept, marked ``confirmed=False`` (a parser limitation)."""
    from arm_orchlint.front.bicep.diagnose import find_errors

    errors = find_errors(original)
    if not errors:
        first = _problems(root, source, N.Lines(source), limit=1)
        return [N.SyntaxProblem(p.rng, p.message, confirmed=False) for p in first]
    return _located(original, errors)


def _located(original: bytes, errors: list) -> list:
    """``find_errors`` results as SyntaxProblems (byte offsets into ``original``)."""
    lines = N.Lines(original)
    return [N.SyntaxProblem((start, end, lines), message) for start, end, message in errors]


def dump(node: Any, indent: int = 0) -> str:
    """A compact, stable outline of named node types (and field names) for snapshots."""
    lines: list[str] = []

    def walk(n: Any, depth: int, field: str | None) -> None:
        label = n.type
        if n.is_missing:
            label = f"MISSING {label}"
        if field:
            label = f"{field}: {label}"
        if n.type in ("identifier", "property_identifier", "loop_variable", "loop_enumerator", "number"):
            label += f" {n.text.decode('utf-8', 'replace')}"
        lines.append("  " * depth + label)
        for i, child in enumerate(n.children):
            if child.is_named or child.is_missing:
                walk(child, depth + 1, n.field_name_for_child(i))

    walk(node, indent, None)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- helpers


def _rng(n: Any, lines: N.Lines) -> N.Range:
    return (n.start_byte, n.end_byte, lines)


def _comments(root: Any, source: bytes, original: bytes, lines: N.Lines) -> list:
    """The comment nodes of the tree parsed from ``source`` that start with ``/`` in the
    ``original`` text (a block comment made by a rewrite is not a comment there), in text
    order, read from the original text.  Found from the text: each ``/`` of both texts is
    looked up in the tree (the smallest node there; a comment is a leaf) - a tree query
    for comment nodes walks the whole tree, about four times the cost over the corpus."""
    out = []
    for m in _COMMENT_START.finditer(source):
        at = m.start()
        if original[at] == 0x2F:
            n = root.descendant_for_byte_range(at, at + 1)
            if n is not None and n.start_byte == at and _KIND[n.kind_id] == "comment":
                end = n.end_byte
                out.append(N.Comment((at, end, lines), original[at:end].decode("utf-8", "replace")))
    return out


# where a comment may start: each ``/`` before a ``/`` or ``*`` (most ``/`` are in paths and URLs)
_COMMENT_START = lazy_compile(rb"/(?=[/*])")


def _problems(root: Any, source: bytes, lines: N.Lines, limit: int = 50) -> list:
    problems: list = []
    stack = [root]
    while stack and len(problems) < limit:
        n = stack.pop()
        if n.is_missing:
            problems.append(N.SyntaxProblem(_rng(n, lines), f"missing {n.type!r}"))
            continue
        if n.is_error:
            snippet = source[n.start_byte : n.end_byte].decode("utf-8", "replace").strip().splitlines()
            first = snippet[0][:40] if snippet else ""
            problems.append(N.SyntaxProblem(_rng(n, lines), f"unexpected {first!r}" if first else "unexpected input"))
            # keep looking inside: a MISSING node may sit within
        if n.has_error:
            stack.extend(reversed(n.children))
    problems.sort(key=lambda p: p.rng[0])
    return problems


def problem_report(p: N.SyntaxProblem) -> tuple[str, str]:
    """(rule id, message) of the finding for a syntax problem: a syntax error is ORCH908;
    what only tree-sitter-bicep cannot read is ORCH919 (the linter's limit, not the file's)."""
    from arm_orchlint.core.rule_ids import BICEP_NOT_READ, BICEP_SYNTAX

    if p.confirmed:
        return BICEP_SYNTAX, f"Bicep syntax error: {p.message}"
    return (
        BICEP_NOT_READ,
        f"the linter's Bicep parser cannot read this ({p.message}); the file has no syntax error, "
        "but what is declared here is not checked",
    )


def _error_count(root: Any) -> int:
    return len(_problems(root, b"", N.Lines(b""), limit=1000)) if root.has_error else 0


def _utf8(chars: str) -> str:
    """The text of a slice of a ``_Reader``'s one-character-per-byte view of a UTF-8 text."""
    return chars.encode("latin-1").decode("utf-8", "replace")


def unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw

    def repl(m: re.Match) -> str:
        body = m.group(1)
        if body.startswith("u{"):
            try:
                return chr(int(body[2:-1], 16))
            except (ValueError, OverflowError):
                return m.group(0)
        return _SIMPLE_ESCAPES.get(body, body)

    return _ESCAPE.sub(repl, raw) if "\\" in raw else raw


# ---------------------------------------------------------------- reader


class _Reader:
    def __init__(self, source: bytes, original: bytes | None = None, clean: bool = False):
        self.source = source
        self.original = original = original if original is not None else source
        # both texts with one character per byte, so a node's text is a slice at its byte
        # offsets (no bytes slice and decode per name or string); a file that is not all
        # ASCII (``wide``) has its slices decoded from UTF-8 (``_utf8``)
        self.chars = source.decode("latin-1")
        self.original_chars = self.chars if original is source else original.decode("latin-1")
        self.wide = not (source.isascii() and original.isascii())
        # no ERROR or MISSING node anywhere in the tree: every node has its grammar's shape
        self.clean = clean
        self.lines = N.Lines(source)  # the parsed text's line starts: its nodes' points
        self._parenthesized: set = set()  # ids of expressions written in parentheses
        self.comma_at_line_end = False  # a ``,`` then a new line between items (see _gap)
        self.spreads = False  # whether some ``...`` spread was read

    def _rng(self, n: Any) -> N.Range:
        return (n.start_byte, n.end_byte, self.lines)

    def text(self, n: Any) -> str:
        text = self.chars[n.start_byte : n.end_byte]
        return _utf8(text) if self.wide else text

    # ------------------------------------------------------------ statements

    def statements(self, children: list) -> list:
        out: list = []
        pending: list = []
        for i, n in enumerate(children):
            children[i] = None  # (its tree-sitter nodes go when it is read)
            t = _KIND[n.kind_id]
            if t == "decorators":
                pending.extend(self.decorators(n))
                continue
            if t == "ERROR":
                out.extend(self.statements(n.named_children))
                pending = []
                continue
            stmt = self.statement(n, pending)
            pending = []
            if stmt is not None:
                out.append(stmt)
        return out

    def statement(self, n: Any, decorators: list) -> Any:
        t = _KIND[n.kind_id]
        r = (n.start_byte, n.end_byte, self.lines)
        if self.clean:
            # (most) ``var x = v``, ``param x T = v`` and ``param x T`` without comments: their
            # children by position (keyword, name, [type], ``=``, value) instead of the list
            if t == "variable_declaration" and n.child_count == 4 and n.named_child_count == 2:
                value = n.child(3)
                method = _EXPRESSION_BY_KIND.get(value.kind_id)  # (what ``expr`` does in a clean tree)
                return N.VarDecl(
                    r,
                    self.text(n.child(1)),
                    method(self, value) if method is not None else self.expr(value),
                    decorators,
                )
            if t == "parameter_declaration":
                count = n.child_count
                if (count == 5 and n.named_child_count == 3) or (count == 3 and n.named_child_count == 2):
                    type_node = n.child(2)
                    if _KIND[type_node.kind_id] == "type":
                        typ = self.type_ref(type_node)
                        default = self.expr(n.child(4)) if count == 5 else None
                        return N.ParamDecl(r, self.text(n.child(1)), typ, default, decorators)
        kids = [c for c in n.named_children if _KIND[c.kind_id] not in ("comment", "diagnostic_comment")]
        if t == "parameter_declaration":
            name = self.text(kids[0]) if kids else ""
            typ = None
            default = None
            for c in kids[1:]:
                ct = _KIND[c.kind_id]
                if ct == "type" and typ is None and default is None:
                    typ = self.type_ref(c)
                elif ct != "ERROR" and not c.is_missing:
                    default = self.expr(c)
            return N.ParamDecl(r, name, typ, default, decorators)
        if t == "variable_declaration":
            name = self.text(kids[0]) if kids else ""
            value = self.expr(kids[-1]) if len(kids) > 1 else N.Unsupported(r, "missing", "")
            return N.VarDecl(r, name, value, decorators)
        if t in ("resource_declaration", "module_declaration"):
            return self.resource(n, kids, decorators, t == "module_declaration")
        if t == "output_declaration":
            name = self.text(kids[0]) if kids else ""
            typ = None
            value = None
            for c in kids[1:]:
                ct = _KIND[c.kind_id]
                if ct == "type" and typ is None:
                    typ = self.type_ref(c)
                elif ct == "identifier" and typ is None and value is None and c.text == b"resource":
                    continue
                elif ct == "string" and typ is None and value is None and _next_named_is_value(c):
                    typ = N.TypeRef("named", name="resource")  # output x resource '...' = sym
                else:
                    value = self.expr(c)
            return N.OutputDecl(r, name, typ, value)
        if t == "type_declaration":
            name = self.text(kids[0]) if kids else ""
            return N.TypeDecl(r, name, self.type_ref(kids[-1]) if len(kids) > 1 else None, decorators)
        if t == "user_defined_function":
            name_node = n.child_by_field_name("name")
            body = kids[-1] if kids else None
            params = []
            for c in kids:
                if _KIND[c.kind_id] == "parameters":
                    params = []  # (a loop: see _call)
                    for p in c.named_children:
                        if _KIND[p.kind_id] == "parameter" and p.named_children:
                            params.append(self.text(p.named_children[0]))
            expr = self.expr(body) if body is not None and _KIND[body.kind_id] not in ("type", "parameters") else None
            return N.FuncDecl(r, self.text(name_node) if name_node else "", params, expr, decorators)
        if t == "using_statement":
            s = next((c for c in kids if _KIND[c.kind_id] == "string"), None)
            value = self.expr(s) if s is not None else None
            return N.UsingDecl(r, value.value if isinstance(value, N.Lit) and isinstance(value.value, str) else None)
        if t == "target_scope_assignment":
            return N.TargetScope(r, self.expr(kids[-1]) if kids else None)
        if t in _OTHER_STATEMENTS:
            if self.original[n.start_byte : n.start_byte + 9] == b"extension":  # rewritten to import
                return N.OtherStmt(r, "extension")
            if self.original[n.start_byte : n.start_byte + 7] == b"extends":  # rewritten to import
                return N.OtherStmt(r, "extends")
            if t == "import_functionality":
                return self.import_decl(n, r)
            return N.OtherStmt(r, _OTHER_STATEMENTS[t])
        if t in ("comment", "diagnostic_comment"):
            return None
        return N.OtherStmt(r, t)

    def import_decl(self, n: Any, r: N.Range) -> N.ImportDecl:
        """``import {a, 'b' as c} from 'x.bicep'`` or ``import * as ns from 'x.bicep'``."""
        names: list = []
        namespace = None
        path = None
        after_from = False
        pending: list = []  # the names read so far of one entry: [exported] or [exported, alias]
        alias_next = False
        for c in n.children:
            t = _KIND[c.kind_id]
            if t == "from":
                after_from = True
            elif after_from and t == "string":
                value = self.expr(c)
                path = value.value if isinstance(value, N.Lit) and isinstance(value.value, str) else None
            elif t == "as":
                alias_next = True
            elif t in ("identifier", "string") and not after_from:
                value = self.text(c) if t == "identifier" else self.expr(c)
                text = value if isinstance(value, str) else value.value if isinstance(value, N.Lit) else None
                if not isinstance(text, str):
                    continue
                if alias_next and pending == ["*"]:
                    namespace = text
                    pending = []
                elif alias_next and pending:
                    names.append((pending[0], text))
                    pending = []
                else:
                    if pending:
                        names.append((pending[0], pending[0]))
                    pending = [text]
                alias_next = False
            elif t == "*":
                pending = ["*"]
            elif t in (",", "}") and pending and pending != ["*"]:
                names.append((pending[0], pending[0]))
                pending = []
        return N.ImportDecl(r, path, names, namespace)

    def resource(self, n: Any, kids: list, decorators: list, is_module: bool) -> N.ResourceDecl:
        r = self._rng(n)
        name = self.text(kids[0]) if kids and _KIND[kids[0].kind_id] == "identifier" else ""
        type_node = next((c for c in kids[1:] if _KIND[c.kind_id] == "string"), None)
        type_api = ""
        if type_node is not None:
            lit = self.expr(type_node)
            type_api = lit.value if isinstance(lit, N.Lit) and isinstance(lit.value, str) else ""
        existing = any(_KIND[c.kind_id] == "existing" for c in n.children)
        value_node = kids[-1] if kids else None
        decl = N.ResourceDecl(
            r,
            name,
            type_api,
            existing,
            None,
            decorators=decorators,
            is_module=is_module,
            type_rng=self._rng(type_node) if type_node is not None else None,
        )
        if value_node is None:
            return decl
        vt = _KIND[value_node.kind_id]
        if vt == "object":
            decl.body = self.obj(value_node)
        elif vt == "if_statement":
            decl.condition, decl.body = self.if_parts(value_node)
        elif vt == "for_statement":
            loop = self.loop(value_node)
            decl.loop = loop
            decl.body = loop.body if isinstance(loop.body, N.Obj) else None
        return decl

    def if_parts(self, n: Any) -> tuple:
        cond = None
        body = None
        for c in n.named_children:
            ct = _KIND[c.kind_id]
            if ct == "parenthesized_expression" and cond is None:
                cond = self.expr(c)
            elif ct == "object":
                body = self.obj(c)
        return cond, body

    def decorators(self, n: Any) -> list:
        out = []
        chars, lines = self.chars, self.lines
        match = _PLAIN_DECORATOR.match if self.clean else None
        for d in n.named_children:
            if _KIND[d.kind_id] != "decorator":
                continue
            if match is not None:
                start, end = d.start_byte, d.end_byte
                m = match(chars, start, end)
                if m is not None:
                    # (most) ``@name('text')``, ``@name(1)`` or ``@name()``: read from the text
                    at = m.start(2) - 1  # (-2: no string argument)
                    if at >= 0:
                        text = self.original_chars[at + 1 : end - 2]
                        arg = _new(_Lit)  # (field by field: see _new)
                        arg.rng = (at, end - 1, lines)
                        arg.value = _utf8(text) if self.wide else text
                        args = [arg]
                    elif m.group(3) is not None:
                        args = [N.Lit((m.start(3), end - 1, lines), int(m.group(3)))]
                    else:
                        args = []
                    decorator = _new(_Decorator)
                    decorator.name = m.group(1)
                    decorator.args = args
                    decorator.rng = (start, end, lines)
                    out.append(decorator)
                    continue
            inner = d.named_children[0] if d.named_children else None
            if inner is None:
                continue
            e = self.expr(inner)
            if isinstance(e, N.Call):
                callee = e.callee
                fname = (
                    callee.name if isinstance(callee, N.Ident) else callee.prop if isinstance(callee, N.Member) else ""
                )
                out.append(N.Decorator(fname, e.args, self._rng(d)))
            elif isinstance(e, N.Ident):
                out.append(N.Decorator(e.name, [], self._rng(d)))
        return out

    # ------------------------------------------------------------ types

    def type_ref(self, n: Any) -> N.TypeRef:
        t = _KIND[n.kind_id]
        if t == "type":
            end = n.end_byte
            name = self.chars[n.start_byte : end] if self.clean else ""
            if name in _PRIMITIVE_TYPES:  # (most) a primitive type read from its text, not its node
                ref = _new(_TypeRef)  # (field by field: see _new)
                ref.kind = "primitive"
                ref.name = name
                ref.nullable = False
                ref.members = []
                ref.literal = None
            else:
                kids = n.named_children
                ref = self.type_ref(kids[0]) if kids else N.TypeRef("named", name="")
            if self.original.startswith(b"?", end) and self.source.startswith(b" ", end):
                ref.nullable = True  # a nullable marker the repair pass blanked out
            return ref
        if t == "primitive_type":
            return N.TypeRef("primitive", name=self.text(n))
        if t == "nullable_type":
            kids = n.named_children
            inner = self.type_ref(kids[0]) if kids else N.TypeRef("named")
            inner.nullable = True
            return inner
        if t == "array_type":
            return N.TypeRef("array")
        if t == "object":
            return N.TypeRef("object")
        if t == "union_type":
            return N.TypeRef("union", members=list(map(self.type_ref, n.named_children)))
        if t in ("string", "number", "boolean", "null"):
            e = self.expr(n)
            return N.TypeRef("literal", literal=e.value if isinstance(e, N.Lit) else None)
        if t == "unary_expression":  # a negative int literal type
            e = self.expr(n)
            if isinstance(e, N.Unary) and isinstance(e.arg, N.Lit) and isinstance(e.arg.value, int):
                return N.TypeRef("literal", literal=-e.arg.value)
        if t in ("identifier", "member_expression"):
            return N.TypeRef("named", name=self.text(n))
        if t == "parenthesized_type":
            kids = n.named_children
            return self.type_ref(kids[0]) if kids else N.TypeRef("named")
        if t == "parameterized_type":  # resourceInput<'...'> and friends
            return N.TypeRef("object")
        return N.TypeRef("named", name=self.text(n))

    # ------------------------------------------------------------ expressions

    def expr(self, n: Any) -> N.Expr:
        method = _EXPRESSION_BY_KIND.get(n.kind_id)  # the ``x_<node type>`` method
        if method is not None and (self.clean or not n.is_missing):  # (a clean tree has no MISSING node)
            return method(self, n)
        return N.Unsupported(self._rng(n), _KIND[n.kind_id], self.text(n))

    def x_identifier(self, n: Any) -> N.Expr:
        start, end = n.start_byte, n.end_byte
        name = self.chars[start:end]
        e = _new(_Ident)  # (field by field: see _new)
        e.rng = (start, end, self.lines)
        e.name = _utf8(name) if self.wide else name
        return e

    x_compatible_identifier = x_identifier

    def x_number(self, n: Any) -> N.Expr:
        start, end = n.start_byte, n.end_byte
        raw = self.chars[start:end]
        raw = _utf8(raw) if self.wide else raw
        try:
            return N.Lit((start, end, self.lines), int(raw))
        except ValueError:
            try:
                return N.Lit(self._rng(n), float(raw))
            except ValueError:
                return N.Unsupported(self._rng(n), "number", raw)

    def x_boolean(self, n: Any) -> N.Expr:
        start, end = n.start_byte, n.end_byte
        return N.Lit((start, end, self.lines), self.source[start:end] == b"true")

    def x_null(self, n: Any) -> N.Expr:
        return N.Lit((n.start_byte, n.end_byte, self.lines), None)

    def x_string(self, n: Any) -> N.Expr:
        at = n.start_byte
        original = self.original
        if at > 0 and original[at - 1] == 0x24 and self.source[at - 1] == 0x20:  # "$" blanked
            # an interpolated multi-line string ($'''...'''): its holes are not parsed
            return N.Unsupported(self._rng(n), "interpolated_multiline_string", self.text(n))
        end = n.end_byte
        rng = (at, end, self.lines)
        source = self.source
        if (
            self.clean
            and end - at >= 2
            and source[at] == 0x27  # '
            and source[end - 2] in _PLAIN_LAST
            and source.find(b"${", at, end) < 0
        ):
            # (most strings) in a tree without errors: ``'``, text without holes, ``'``.  The
            # closing token starts at that ``'`` only when a visible ASCII character other than
            # a quote stands before it (it takes in blanks before it: ``' '`` reads as ``''``)
            text = self.original_chars[at + 1 : end - 1]
            text = _utf8(text) if self.wide else text
            e = _new(_Lit)  # (field by field: see _new)
            e.rng = rng
            e.value = unescape(text) if "\\" in text else text  # (most have no escape)
            return e
        children = n.children
        if not children:
            return N.Lit(rng, "")
        last = _KIND[children[-1].kind_id]
        multiline = _KIND[children[0].kind_id] == "'''"
        start = children[0].end_byte
        closing = children[-1] if len(children) > 1 and last in ("'", "'''") else None
        # tree-sitter-bicep 1.1.0 lets the closing quote and a hole take in the blanks before
        # them (the closing token of ' ' is " '"); those blanks are string text, so the text
        # runs up to the quote itself and up to the "${" of each hole.
        if closing is None:
            end = n.end_byte
        elif closing.end_byte - closing.start_byte >= len(last):  # (not a MISSING quote)
            end = closing.end_byte - len(last)
        else:
            end = closing.start_byte
        parts: list = []
        pos = start
        clean = self.clean
        for c in children:  # (the holes: one loop, without a list of the children's types)
            if _KIND[c.kind_id] != "interpolation":
                continue
            hole = original.find(b"${", c.start_byte, c.end_byte)
            raw = self.original_chars[pos : hole if hole >= 0 else c.start_byte]
            raw = _utf8(raw) if self.wide else raw
            parts.append(unescape(raw) if "\\" in raw and not multiline else raw)
            inner = c.named_children
            if len(inner) != 1 or _KIND[inner[0].kind_id] == "comment":  # (most: the expression alone)
                inner = [k for k in inner if _KIND[k.kind_id] != "comment"]
            if inner:
                v = inner[0]
                method = _EXPRESSION_BY_KIND.get(v.kind_id) if clean else None  # (what ``expr`` does then)
                parts.append(method(self, v) if method is not None else self.expr(v))
            else:
                parts.append(N.Unsupported(self._rng(c), "interpolation", ""))
            pos = c.end_byte
        raw = self.original_chars[pos:end]  # string text is never rewritten
        raw = _utf8(raw) if self.wide else raw
        parts.append(unescape(raw) if "\\" in raw and not multiline else raw)
        if len(parts) == 1:
            return N.Lit(rng, parts[0])
        return N.Interp(rng, parts)

    def x_parenthesized_expression(self, n: Any) -> N.Expr:
        kids = n.named_children
        if len(kids) == 1:
            inner = self.expr(kids[0])
            self._parenthesized.add(id(inner))
            return inner
        return N.Unsupported(self._rng(n), "parenthesized_expression", self.text(n))

    # tree-sitter-bicep 1.1.0 gives postfix operators (``.x``, ``[i]``, ``(...)``) a lower
    # precedence than binary, ternary, unary and lambda expressions: ``a + x.b`` arrives as
    # ``(a + x).b`` and ``x => x.name`` as ``(x => x).name``.  ``_attach`` moves the postfix
    # operator onto the operand it belongs to; ``_hoist_lambda`` makes a lambda that ended
    # up as a left operand take the whole expression as its body.

    def _attach(self, obj: N.Expr, build: Any) -> N.Expr:
        if isinstance(obj, _REASSOCIATED) and id(obj) not in self._parenthesized:
            if isinstance(obj, N.Binary):
                return N.Binary(obj.rng, obj.op, obj.left, self._attach(obj.right, build))
            if isinstance(obj, N.Ternary):
                return N.Ternary(obj.rng, obj.cond, obj.then, self._attach(obj.other, build))
            if isinstance(obj, N.Unary):
                return N.Unary(obj.rng, obj.op, self._attach(obj.arg, build))
            if isinstance(obj, N.Lambda):
                return N.Lambda(obj.rng, obj.params, self._attach(obj.body, build))
        return build(obj)

    def _hoist_lambda(self, left: N.Expr, build: Any) -> N.Expr:
        if isinstance(left, N.Lambda) and id(left) not in self._parenthesized:
            return N.Lambda(left.rng, left.params, build(left.body))
        return build(left)

    def x_array(self, n: Any) -> N.Expr:
        items: list = []
        previous = None
        source = self.source
        find = source.find
        for c in n.named_children:
            t = _KIND[c.kind_id]
            if t in _COMMENTS:
                continue
            start = c.start_byte
            if previous is not None:
                end = previous.end_byte
                # (``_continues`` needs both on one line: no new line between them)
                if items and find(b"\n", end, start) < 0 and self._continues(previous, c):
                    # tree-sitter-bicep 1.1.0 splits ``first[0]`` in an array into the items
                    # ``first`` and ``[0]``: the second is a postfix of the first
                    items[-1] = self._postfix_on(c, items[-1])
                    previous = c
                    continue
                if find(b",", end, start) >= 0:  # (what _gap looks for first)
                    self._gap(end, start)
            previous = c
            split = self._split_call(c) if t == "call_expression" else None
            if split is not None:
                items.extend(split)
                continue
            item = self.expr(c)
            at = start - 3
            if at >= 0 and source.startswith(b"   ", at) and self.original.startswith(b"...", at):
                r = self._rng(c)
                item = N.Spread((r[0] - 3, r[1], self.lines), item)  # the same line
                self.spreads = True
            items.append(item)
        end = n.end_byte
        if previous is not None:
            self._gap(previous.end_byte, end - 1)
        e = _new(_Arr)  # (field by field: see _new)
        e.rng = (n.start_byte, end, self.lines)
        e.items = items
        return e

    def _split_call(self, c: Any) -> list | None:
        """tree-sitter-bicep 1.1.0 also reads an item ``(x)`` on the line after an item ``a``
        as the call ``a(x)``: a call whose parentheses start on a later line is two items."""
        if _KIND[c.kind_id] != "call_expression":
            return None
        fn = c.child_by_field_name("function")
        args = c.child_by_field_name("arguments")
        if fn is None or args is None or args.start_point[0] <= fn.end_point[0] or len(_items(args)) != 1:
            return None
        inner = self.expr(_items(args)[0])
        self._parenthesized.add(id(inner))
        return [self.expr(fn), inner]

    def _continues(self, previous: Any, c: Any) -> bool:
        """Whether item ``c`` is really a subscript (and what follows it) of ``previous``:
        it starts with a one-element array literal on the line where ``previous`` ends,
        with only blanks between them (a comma or a new line would start a new item)."""
        if c.start_point[0] != previous.end_point[0]:
            return False
        if self.source[previous.end_byte : c.start_byte].strip(b" \t"):
            return False
        head = _leftmost(c)
        return _KIND[head.kind_id] == "array" and len(_items(head)) == 1

    def _postfix_on(self, n: Any, base: N.Expr) -> N.Expr:
        """``n`` read with its leftmost array literal ``[i]`` taken as ``base[i]``."""
        t = _KIND[n.kind_id]
        if t == "array":
            r = self._rng(n)
            safe = self.original[n.start_byte + 1 : n.start_byte + 2] == b"?"
            idx = _items(n)[0]
            index = self.expr(idx)
            return N.Index(N.cover(base.rng, r), base, _from_end(base, index) if self._from_end(idx) else index, safe)
        field = "function" if t == "call_expression" else "object"
        inner = n.child_by_field_name(field)
        rebuilt = self._postfix_on(inner, base)
        end = self._rng(n)
        rng = N.cover(base.rng, end)
        if t == "member_expression":
            prop = n.child_by_field_name("property")
            safe = any(_KIND[k.kind_id] == ".?" for k in n.children)
            return N.Member(rng, rebuilt, self.text(prop) if prop is not None else "", safe)
        if t == "subscript_expression":
            idx = n.child_by_field_name("index")
            safe = any(_KIND[k.kind_id] == "?" for k in n.children)
            index = self.expr(idx) if idx is not None else N.Unsupported(end, "index", "")
            return N.Index(rng, rebuilt, index, safe)
        if t == "call_expression":
            args_node = n.child_by_field_name("arguments")
            args = [self.expr(k) for k in _items(args_node)] if args_node is not None else []
            return N.Call(rng, rebuilt, args)
        res = n.child_by_field_name("resource")
        return N.ChildRef(rng, rebuilt, self.text(res) if res is not None else "")

    def _gap(self, start: int, end: int) -> None:
        """Note a comma followed by a new line between two items (or the last item and the
        closing bracket): tree-sitter accepts it, the compiler rejects it (BCP238), so the
        file gets the checking parser.  A comma inside a comment there only costs that."""
        comma = self.source.find(b",", start, end)
        if comma >= 0 and self.source.find(b"\n", comma, end) >= 0:
            self.comma_at_line_end = True

    def obj(self, n: Any) -> N.Obj:
        props: list = []
        pending: list = []
        previous_end = -1
        source, original, lines = self.source, self.original, self.lines
        chars, wide = self.chars, self.wide
        find = source.find
        clean = self.clean
        match = _PLAIN_PROPERTY.match
        # the first ``,`` at or after the end of the last property (-1: none up to the object's
        # end): a gap between two properties holds a comma only when this one is in it
        close = n.end_byte
        comma = find(b",", n.start_byte, close)
        for c in n.named_children:
            t = _KIND[c.kind_id]
            if t == "decorators":
                pending.extend(self.decorators(c))
                continue
            if t != "object_property":
                continue
            start = c.start_byte
            if previous_end >= 0 and comma >= 0:
                if comma < previous_end:
                    comma = find(b",", previous_end, close)
                if 0 <= comma < start:  # (what _gap looks for first)
                    self._gap(previous_end, start)
            previous_end = end = c.end_byte
            if clean and (source[start] != 0x5F or not source.startswith(b"_s:", start)):  # (not ``_``: no spread)
                m = match(chars, start, end)
                if m is not None:
                    # (most) ``name: value`` without comments: the key from the text, and a
                    # plain string, integer or identifier value without its nodes
                    last = m.lastindex  # the value's group (1: none, the value is read from its node)
                    at = m.start(last)
                    if last == 2 and original[at - 2] != 0x24:  # (see x_string)
                        text = self.original_chars[at : end - 1]
                        value = _new(_Lit)  # (field by field: see _new)
                        value.rng = (at - 1, end, lines)
                        value.value = _utf8(text) if wide else text
                    elif last == 3:
                        value = N.Lit((at, end, lines), int(m.group(3)))
                    elif last == 4 and m.group(4) not in _NOT_IDENTIFIERS:  # (what x_identifier reads)
                        value = _new(_Ident)
                        value.rng = (at, end, lines)
                        value.name = m.group(4)
                    elif c.child_count == 3:  # key, ``:``, value: no comment
                        v = c.child(2)
                        method = _EXPRESSION_BY_KIND.get(v.kind_id)  # (what ``expr`` does in a clean tree)
                        value = method(self, v) if method is not None else self.expr(v)
                    else:
                        value = None
                    if value is not None:
                        prop = _new(_Prop)  # (field by field: see _new)
                        prop.key = m.group(1)
                        prop.value = value
                        prop.rng = (start, end, lines)
                        prop.decorators = pending
                        props.append(prop)
                        pending = []
                        continue
            kids = c.named_children
            if len(kids) != 2 or _KIND[kids[0].kind_id] in _COMMENTS or _KIND[kids[1].kind_id] in _COMMENTS:
                kids = [k for k in kids if _KIND[k.kind_id] not in _COMMENTS]
                if not kids:
                    continue
            key_node = kids[0]
            key_type = _KIND[key_node.kind_id]
            rng = (start, previous_end, lines)
            if key_type in ("resource_declaration", "module_declaration"):
                decl = self.resource(
                    key_node,
                    [k for k in key_node.named_children if _KIND[k.kind_id] not in ("comment", "diagnostic_comment")],
                    pending,
                    False,
                )
                props.append(N.Prop(decl.name, decl, rng, pending))
            elif source.startswith(b"_s:", start) and original.startswith(b"...", start):
                value = self.expr(kids[-1]) if len(kids) > 1 else N.Unsupported(rng, "missing", "")
                props.append(N.Prop(N.SPREAD, N.Spread(rng, value), rng, pending))
                self.spreads = True
            else:
                if key_type == "string":
                    key_expr = self.expr(key_node)
                    key = key_expr.value if isinstance(key_expr, N.Lit) else self.text(key_node)
                else:
                    key = self.text(key_node)
                value = self.expr(kids[-1]) if len(kids) > 1 else N.Unsupported(rng, "missing", "")
                props.append(N.Prop(str(key), value, rng, pending))
            pending = []
        if previous_end >= 0 and comma >= 0:  # (a comma after the last property: what _gap needs first)
            self._gap(previous_end, close - 1)
        e = _new(_Obj)  # (field by field: see _new)
        e.rng = (n.start_byte, close, lines)
        e.props = props
        return e

    x_object = obj  # (the expression method is the object reader itself: no frame between)

    def x_call_expression(self, n: Any) -> N.Expr:
        if self.clean:
            kids = n.named_children
            if len(kids) == 2 and _KIND[kids[0].kind_id] == "identifier" and _KIND[kids[1].kind_id] == "arguments":
                # (most calls) ``name(...)`` in a tree without errors: the two fields, and no
                # operand for ``_attach`` to look into
                args = []
                for c in kids[1].named_children:
                    t = _KIND[c.kind_id]
                    if t not in _COMMENTS:
                        method = _EXPRESSIONS.get(t)  # (what ``expr`` does in a clean tree)
                        args.append(method(self, c) if method is not None else self.expr(c))
                fn = kids[0]
                start, end, lines = fn.start_byte, fn.end_byte, self.lines
                name = self.chars[start:end]
                callee = _new(_Ident)  # (field by field: see _new)
                callee.rng = (start, end, lines)
                callee.name = _utf8(name) if self.wide else name
                e = _new(_Call)
                e.rng = (start, n.end_byte, lines)
                e.callee = callee
                e.args = args
                return e
        return self._call(n)

    # (The general paths of the expression methods are methods of their own: a comprehension or
    # lambda makes the names it uses closure cells, built at every call of the function holding it.)

    def _call(self, n: Any) -> N.Expr:
        fn = n.child_by_field_name("function")
        args_node = n.child_by_field_name("arguments")
        args = (
            [
                self.expr(c)
                for c in args_node.named_children
                if _KIND[c.kind_id] not in ("comment", "diagnostic_comment")
            ]
            if args_node is not None
            else []
        )
        end = self._rng(n)
        if fn is None:
            return N.Call(end, N.Unsupported(end, "call", ""), args)
        return self._attach(self.expr(fn), lambda c: N.Call(N.cover(c.rng, end), c, args))

    def x_member_expression(self, n: Any) -> N.Expr:
        kids = n.named_children if self.clean else None
        if kids is not None and len(kids) == 2:
            obj, prop = kids
            start = prop.start_byte
            if (
                start == obj.end_byte + 1
                and self.source[start - 1] == 0x2E
                and _KIND[prop.kind_id] == "property_identifier"
            ):
                # (most) ``x.name`` in a tree without errors, an operand ``_attach`` leaves as it is
                o = self.expr(obj)
                if not isinstance(o, _REASSOCIATED) or id(o) in self._parenthesized:
                    name = self.chars[start : prop.end_byte]
                    e = _new(_Member)  # (field by field: see _new)
                    e.rng = (o.rng[0], n.end_byte, self.lines)
                    e.obj = o
                    e.prop = _utf8(name) if self.wide else name
                    e.safe = False
                    return e
                return self._attach_member(o, n, self.text(prop), False)
        return self._member(n, kids)

    def _member(self, n: Any, kids: list | None) -> N.Expr:
        if kids is not None and len(kids) == 2 and _KIND[kids[1].kind_id] == "property_identifier":
            obj, prop = kids  # (most) in a tree without errors: the two fields
        else:
            obj = n.child_by_field_name("object")
            prop = n.child_by_field_name("property")
        if self.clean and obj is not None and prop is not None and self.source[obj.end_byte : prop.start_byte] == b".":
            safe = False  # (most) nothing but the ``.`` between them
        else:
            safe = ".?" in [_KIND[c.kind_id] for c in n.children]
        name = self.text(prop) if prop is not None else ""
        if obj is None:
            end = self._rng(n)
            return N.Member(end, N.Unsupported(end, "member", ""), name, safe)
        return self._attach_member(self.expr(obj), n, name, safe)

    def _attach_member(self, obj: N.Expr, n: Any, name: str, safe: bool) -> N.Expr:
        end = self._rng(n)
        return self._attach(obj, lambda o: N.Member(N.cover(o.rng, end), o, name, safe))

    def x_subscript_expression(self, n: Any) -> N.Expr:
        obj = n.child_by_field_name("object")
        idx = n.child_by_field_name("index")
        safe = any(_KIND[c.kind_id] == "?" for c in n.children) or self._safe_index(n)
        end = self._rng(n)
        index = self.expr(idx) if idx is not None else N.Unsupported(end, "index", "")
        if obj is None:
            return N.Index(end, N.Unsupported(end, "index", ""), index, safe)
        from_end = idx is not None and self._from_end(idx)
        return self._attach(
            self.expr(obj), lambda o: N.Index(N.cover(o.rng, end), o, _from_end(o, index) if from_end else index, safe)
        )

    def _safe_index(self, n: Any) -> bool:
        """``a[?0]``: the rewrite blanked the ``?`` right after the ``[``."""
        bracket = next((c for c in n.children if _KIND[c.kind_id] == "["), None)
        at = bracket.end_byte if bracket is not None else -1
        return at >= 0 and self.original[at : at + 1] == b"?" and self.source[at : at + 1] == b" "

    def _from_end(self, idx: Any) -> bool:
        """``a[^1]``: the rewrite blanked the ``^`` just before the index."""
        at = idx.start_byte - 1
        while at > 0 and self.original[at] in b" \t":
            at -= 1
        return self.original[at : at + 1] == b"^" and self.source[at : at + 1] == b" "

    def x_resource_expression(self, n: Any) -> N.Expr:
        obj = n.child_by_field_name("object")
        res = n.child_by_field_name("resource")
        return N.ChildRef(
            self._rng(n),
            self.expr(obj) if obj is not None else N.Unsupported(self._rng(n), "child", ""),
            self.text(res) if res is not None else "",
        )

    def x_unary_expression(self, n: Any) -> N.Expr:
        op = n.child_by_field_name("operator")
        arg = n.child_by_field_name("argument")
        if arg is None:
            kids = n.named_children
            arg = kids[-1] if kids else None
        return N.Unary(
            self._rng(n),
            _KIND[op.kind_id] if op is not None else "",
            self.expr(arg) if arg is not None else N.Unsupported(self._rng(n), "unary", ""),
        )

    def x_binary_expression(self, n: Any) -> N.Expr:
        left = n.child_by_field_name("left")
        right = n.child_by_field_name("right")
        op = n.child_by_field_name("operator")
        missing = N.Unsupported(self._rng(n), "binary", "")
        operator = _KIND[op.kind_id] if op is not None else ""
        rhs = self.expr(right) if right is not None else missing
        rng = self._rng(n)
        return self._hoist_lambda(
            self.expr(left) if left is not None else missing, lambda lhs: N.Binary(rng, operator, lhs, rhs)
        )

    def x_ternary_expression(self, n: Any) -> N.Expr:
        missing = N.Unsupported(self._rng(n), "ternary", "")

        def part(name: str) -> N.Expr:
            c = n.child_by_field_name(name)
            return self.expr(c) if c is not None else missing

        rng = self._rng(n)
        then, other = part("consequence"), part("alternative")
        return self._hoist_lambda(part("condition"), lambda c: N.Ternary(rng, c, then, other))

    def x_lambda_expression(self, n: Any) -> N.Expr:
        kids = [k for k in n.named_children if _KIND[k.kind_id] not in ("comment",)]
        if not kids:
            return N.Unsupported(self._rng(n), "lambda", self.text(n))
        head = kids[0]
        if _KIND[head.kind_id] == "identifier":
            params = [self.text(head)]
        else:
            params = [self.text(k) for k in head.named_children if _KIND[k.kind_id] == "identifier"]
        body = self.expr(kids[-1]) if len(kids) > 1 else N.Unsupported(self._rng(n), "lambda", "")
        return N.Lambda(self._rng(n), params, body)

    def x_for_statement(self, n: Any) -> N.Loop:
        return self.loop(n)

    def loop(self, n: Any) -> N.Loop:
        item = index = None
        iterable: N.Expr | None = None
        init = n.child_by_field_name("initializer")
        body_node = n.child_by_field_name("body")
        seen_head = False
        for c in n.named_children:
            if _KIND[c.kind_id] == "for_loop_parameters":
                for p in c.named_children:
                    if _KIND[p.kind_id] == "loop_variable":
                        item = self.text(p)
                    elif _KIND[p.kind_id] == "loop_enumerator":
                        index = self.text(p)
                seen_head = True
            elif init is not None and c.id == init.id:
                item = self.text(c)
                seen_head = True
            elif body_node is not None and c.id == body_node.id:
                break
            elif seen_head and iterable is None and _KIND[c.kind_id] not in ("comment", "diagnostic_comment"):
                iterable = self.expr(c)
        if iterable is None:
            iterable = N.Unsupported(self._rng(n), "for", "")
        filt = None
        body: N.Expr = N.Unsupported(self._rng(n), "for", "")
        if body_node is not None:
            if _KIND[body_node.kind_id] == "if_statement":
                filt, obj = self.if_parts(body_node)
                body = obj if obj is not None else body
            else:
                body = self.expr(body_node)
        return N.Loop(self._rng(n), item, index, iterable, body, filt)


# node type -> the reader's method for it (one dict lookup per expression node)
_EXPRESSIONS = {name[2:]: method for name, method in vars(_Reader).items() if name.startswith("x_")}


# what ``_attach`` looks into (anything else gets the postfix operator as it is)
_REASSOCIATED = (N.Binary, N.Ternary, N.Unary, N.Lambda)


def _from_end(obj: N.Expr, index: N.Expr) -> N.Expr:
    """The index of ``obj[^index]`` counted from the start: ``length(obj) - index``."""
    r = index.rng
    return N.Binary(r, "-", N.Call(r, N.Ident(r, "length"), [obj]), index)


_POSTFIX_FIELDS = {
    "member_expression": "object",
    "subscript_expression": "object",
    "call_expression": "function",
    "resource_expression": "object",
}


def _leftmost(n: Any) -> Any:
    """The innermost operand of a chain of postfix operators (``x`` of ``x.a[0](1)``)."""
    while _KIND[n.kind_id] in _POSTFIX_FIELDS:
        inner = n.child_by_field_name(_POSTFIX_FIELDS[_KIND[n.kind_id]])
        if inner is None:
            break
        n = inner
    return n


def _items(n: Any) -> list:
    return [c for c in n.named_children if _KIND[c.kind_id] not in ("comment", "diagnostic_comment")]


def _next_named_is_value(n: Any) -> bool:
    sib = n.next_named_sibling
    return sib is not None
