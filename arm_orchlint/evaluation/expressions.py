"""Parser for ARM template expressions.

A JSON string is an expression when it starts with ``[`` and ends with ``]``; a string
that starts with ``[[`` is a literal whose first bracket is an escape.  The expression
grammar is small:

    expression := primary postfix*
    primary    := STRING | INTEGER | call
    call       := NAME ( '.' NAME )* '(' [ expression ( ',' expression )* ] ')'
    postfix    := '.' NAME | '[' expression ']'

``true``, ``false`` and ``null`` are ordinary function calls.  Names with a dot
(``ns.func``) are user-defined functions.  Compiled trees are cached by source text.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any


class ExpressionError(Exception):
    """A syntax error in an expression.  ``offset`` is 0-based within the whole string
    (including the leading ``[``)."""

    def __init__(self, message: str, offset: int, text: str = ""):
        super().__init__(f"{message} at offset {offset}")
        self.message = message
        self.offset = offset
        self.text = text


class ExpressionTooDeep(ExpressionError):
    """The expression nests deeper than the configured limit (a limit, not a syntax
    error: the evaluator reports it as ORCH901)."""

    def __init__(self, depth: int, offset: int = 0, text: str = ""):
        super().__init__(f"expression nests deeper than {depth} levels", offset, text)
        self.depth = depth


# ---------------------------------------------------------------- syntax tree nodes


# Named tuples rather than frozen dataclasses: they cost a fraction to define at import,
# which every run pays.  Nodes are only ever dispatched by isinstance, never compared.
class Literal(namedtuple("Literal", "value")):
    """``value``: str or int."""

    __slots__ = ()


class Call(namedtuple("Call", "name key args offset")):
    """``name`` as written, ``key`` lower-cased for lookups, ``args`` a tuple of nodes."""

    __slots__ = ()


class Member(namedtuple("Member", "target name offset")):
    """``target.name``."""

    __slots__ = ()


class Index(namedtuple("Index", "target index offset")):
    """``target[index]``."""

    __slots__ = ()


if TYPE_CHECKING:
    Node = Literal | Call | Member | Index


# ---------------------------------------------------------------- helpers


def is_expression(text: str) -> bool:
    """True when an ARM string value is an expression (and not a ``[[`` escape)."""
    return len(text) >= 2 and text[0] == "[" and text[-1] == "]" and text[1] != "["


def unescape_literal(text: str) -> str:
    """The value of a non-expression string: ``[[x]`` stands for ``[x]``."""
    if text.startswith("[[") and text.endswith("]"):
        return text[1:]
    return text


# ---------------------------------------------------------------- tokenizer

_PUNCT = set("()[],.")


def _tokenize(text: str, start: int, end: int) -> list[tuple[str, Any, int]]:
    """Tokens of ``text[start:end]`` as (kind, value, offset) with kinds
    ``name``, ``str``, ``int``, and the punctuation characters themselves."""
    tokens: list[tuple[str, Any, int]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "'":
            j = i + 1
            parts = []
            while True:
                k = text.find("'", j, end)
                if k < 0:
                    raise ExpressionError("unterminated string literal", i, text)
                parts.append(text[j:k])
                if k + 1 < end and text[k + 1] == "'":
                    parts.append("'")
                    j = k + 2
                    continue
                j = k + 1
                break
            tokens.append(("str", "".join(parts), i))
            i = j
        elif ch.isdigit() or (ch == "-" and i + 1 < end and text[i + 1].isdigit()):
            j = i + 1
            while j < end and text[j].isdigit():
                j += 1
            tokens.append(("int", int(text[i:j]), i))
            i = j
        elif ch.isalpha() or ch == "_" or ch == "$":
            j = i + 1
            while j < end and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            tokens.append(("name", text[i:j], i))
            i = j
        elif ch in _PUNCT:
            tokens.append((ch, ch, i))
            i += 1
        else:
            raise ExpressionError(f"unexpected character {ch!r}", i, text)
    tokens.append(("end", None, end))
    return tokens


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str, tokens: list, max_depth: int):
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.max_depth = max_depth
        self.depth = 0

    def peek(self, ahead: int = 0) -> tuple:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def take(self, kind: str) -> tuple:
        token = self.tokens[self.pos]
        if token[0] != kind:
            shown = "end of expression" if token[0] == "end" else repr(token[1])
            raise ExpressionError(f"expected {kind!r} but found {shown}", token[2], self.text)
        self.pos += 1
        return token

    def expression(self) -> Node:
        self.depth += 1
        if self.depth > self.max_depth:
            raise ExpressionTooDeep(self.max_depth, self.peek()[2], self.text)
        node = self.primary()
        while True:
            kind, _, offset = self.peek()
            if kind == ".":
                self.pos += 1
                name = self.take("name")
                node = Member(node, name[1], offset)
            elif kind == "[":
                self.pos += 1
                index = self.expression()
                self.take("]")
                node = Index(node, index, offset)
            else:
                break
        self.depth -= 1
        return node

    def primary(self) -> Node:
        kind, value, offset = self.peek()
        if kind in ("str", "int"):
            self.pos += 1
            return Literal(value)
        if kind == "name":
            self.pos += 1
            name = value
            # a dotted name (``ns.func``) is a user-defined function: only when a call follows
            if self.peek()[0] == "." and self._dotted_call_ahead():
                while self.peek()[0] == ".":
                    name += "." + self.peek(1)[1]
                    self.pos += 2
            self.take("(")
            args = []
            if self.peek()[0] != ")":
                args.append(self.expression())
                while self.peek()[0] == ",":
                    self.pos += 1
                    args.append(self.expression())
            self.take(")")
            return Call(name, name.lower(), tuple(args), offset)
        shown = "end of expression" if kind == "end" else repr(value)
        raise ExpressionError(f"unexpected {shown}", offset, self.text)

    def _dotted_call_ahead(self) -> bool:
        ahead = 0
        while self.peek(ahead)[0] == "." and self.peek(ahead + 1)[0] == "name":
            ahead += 2
        return ahead > 0 and self.peek(ahead)[0] == "("


_CACHE: dict[int, dict[str, Node]] = {}  # max_depth -> text -> tree (one max_depth in practice)
_CACHE_MAX = 50_000


def parse_expression(text: str, max_depth: int = 200) -> Node:
    """Compile an expression string (with its surrounding brackets) into a tree.

    Raises ``ExpressionError`` for syntax errors, and its subclass ``ExpressionTooDeep``
    when the nesting exceeds ``max_depth``; nothing else.  Results are cached by text.
    """
    cache = _CACHE.get(max_depth)
    if cache is None:
        cache = _CACHE[max_depth] = {}
    node = cache.get(text)
    if node is not None:
        return node
    if not is_expression(text):
        raise ExpressionError("not an expression (must start with '[' and end with ']')", 0, text)
    tokens = _tokenize(text, 1, len(text) - 1)
    parser = _Parser(text, tokens, max_depth)
    if tokens[0][0] == "end":
        raise ExpressionError("empty expression", 1, text)
    node = parser.expression()
    kind, value, offset = parser.peek()
    if kind != "end":
        raise ExpressionError(f"unexpected {value!r} after the expression", offset, text)
    if len(cache) >= _CACHE_MAX:
        cache.clear()
    cache[text] = node
    return node
