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

Most expressions are read by ``_parse_plain``, a loop over the tokens one regular expression
finds; what it does not take on (text that is not ASCII, a dotted name, any error) is read
by ``_Parser``, which alone says what is wrong and where.
"""

from __future__ import annotations

import re
from collections import namedtuple

from arm_orchlint.core.lazy_regex import lazy_compile

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


# A node built without the named tuple's Python-level __new__ (the parser builds many).
_new = tuple.__new__

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
_name_rest = re.compile(r"[\w$]*").match  # \w: str.isalnum() or "_", character by character


def _tokenize(text: str, start: int, end: int) -> list[tuple[str, Any, int]]:
    """Tokens of ``text[start:end]`` as (kind, value, offset) with kinds
    ``name``, ``str``, ``int``, and the punctuation characters themselves."""
    tokens: list[tuple[str, Any, int]] = []
    append = tokens.append
    i = start
    # The classes tested are disjoint, so the order of the tests is only a matter of speed:
    # punctuation and names first, the most common starts of a token.
    while i < end:
        ch = text[i]
        if ch in _PUNCT:
            append((ch, ch, i))
            i += 1
        elif ch.isalpha() or ch == "_" or ch == "$":
            # the rest of the name: what isalnum() accepts, "_" and "$" ([\w$], in one call)
            j = _name_rest(text, i + 1, end).end()
            append(("name", text[i:j], i))
            i = j
        elif ch == "'":
            j = i + 1
            k = text.find("'", j, end)
            if k >= 0 and (k + 1 >= end or text[k + 1] != "'"):  # no doubled quote: the common case
                append(("str", text[j:k], i))
                i = k + 1
                continue
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
            append(("str", "".join(parts), i))
            i = j
        elif ch.isspace():
            i += 1
        elif ch.isdigit() or (ch == "-" and i + 1 < end and text[i + 1].isdigit()):
            j = i + 1
            while j < end and text[j].isdigit():
                j += 1
            try:
                value = int(text[i:j])
            except ValueError:  # a digit int() does not read, such as a superscript
                at = next(k for k in range(i, j) if not (text[k] == "-" or text[k].isdecimal()))
                raise ExpressionError(f"unexpected character {text[at]!r}", at, text) from None
            append(("int", value, i))
            i = j
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

    # ``tokens[pos]`` is read directly below (peek() without its bounds check): ``pos``
    # never passes the "end" token, which is never taken.

    def expression(self) -> Node:
        self.depth += 1
        tokens = self.tokens
        if self.depth > self.max_depth:
            raise ExpressionTooDeep(self.max_depth, tokens[self.pos][2], self.text)
        node = self.primary()
        while True:
            kind, _, offset = tokens[self.pos]
            if kind == ".":
                self.pos += 1
                name = self.take("name")
                node = _new(Member, (node, name[1], offset))
            elif kind == "[":
                self.pos += 1
                index = self.expression()
                self.take("]")
                node = _new(Index, (node, index, offset))
            else:
                break
        self.depth -= 1
        return node

    def primary(self) -> Node:
        tokens = self.tokens
        kind, value, offset = tokens[self.pos]
        if kind == "str" or kind == "int":
            self.pos += 1
            return _new(Literal, (value,))
        if kind == "name":
            self.pos += 1
            name = value
            # a dotted name (``ns.func``) is a user-defined function: only when a call follows
            if tokens[self.pos][0] == "." and self._dotted_call_ahead():
                while tokens[self.pos][0] == ".":
                    name += "." + tokens[self.pos + 1][1]
                    self.pos += 2
            self.take("(")
            args = []
            if tokens[self.pos][0] != ")":
                args.append(self.expression())
                while tokens[self.pos][0] == ",":
                    self.pos += 1
                    args.append(self.expression())
            self.take(")")
            return _new(Call, (name, name.lower(), tuple(args), offset))
        shown = "end of expression" if kind == "end" else repr(value)
        raise ExpressionError(f"unexpected {shown}", offset, self.text)

    def _dotted_call_ahead(self) -> bool:
        ahead = 0
        while self.peek(ahead)[0] == "." and self.peek(ahead + 1)[0] == "name":
            ahead += 2
        return ahead > 0 and self.peek(ahead)[0] == "("


# ---------------------------------------------------------------- the plain reader
#
# Reading an expression was a tenth of the corpus run's Python steps (each of thousands of
# texts is read once): ``_tokenize`` looks at the text a character at a time, and the parser
# makes two or three calls per node.  For ASCII text, the tokens are those one ``findall``
# gives (the classes agree there: isalpha/isalnum/isdigit/isspace are the regex ones), with
# a call of one string or none, ``name('text')`` / ``name()``, taken as one token (a third
# of all calls are ``parameters('x')`` and ``variables('x')``), and a call's opening
# ``name(`` as one token when other arguments follow.  The loop below builds the
# same nodes as ``_Parser``, or gives up (None) where that would raise, or on a dotted name.
#
# Offsets: ``pos`` is never past the start of the next token, and from it to that start
# there is only whitespace and tokens that cannot hold the start of a name, a string, "."
# or "[" (punctuation and integers, whose starts are not looked for); so such a token
# starts at ``pos`` when the character there is its first, else where ``find`` finds it.
#
# The pattern is written for the regex engine's speed (it is a third of reading a text): a
# string is a run of quoted pieces (``'a''b'`` is ``'a'`` then ``'b'``, the same strings as
# "quote, non-quotes, doubled quotes and non-quotes, quote"), every repeat is possessive
# (nothing after one could match what it gave back), and the name class is spelled out
# (``\w`` is a lookup per character; the text is ASCII, where the two agree).
_STRING_TOKEN = r"(?:'[^']*+')++"
_TOKENS = lazy_compile(
    r"[(),.\[\]]|[A-Za-z_$][0-9A-Za-z_$]*+(?:\s*+\((?:\s*+(?:" + _STRING_TOKEN + r"\s*+)?\))?+)?+"
    r"|" + _STRING_TOKEN + r"|-?[0-9]++|\S"
)
_OTHER, _NAME, _STRING, _INTEGER = 0, 1, 2, 3
_KINDS = dict.fromkeys(map(chr, range(128)), _OTHER)  # a token's first character -> its kind
_KINDS.update(dict.fromkeys("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$", _NAME))
_KINDS.update(dict.fromkeys("-0123456789", _INTEGER))
_KINDS["'"] = _STRING


def _parse_plain(text: str, max_depth: int) -> Node | None:
    """The tree of an expression as ``_Parser`` reads it, or None: not ASCII, a dotted name,
    or something ``_Parser`` would raise on (an error, nesting deeper than ``max_depth``)."""
    if not text.isascii() or max_depth < 1:
        return None
    tokens = _READ_TOKENS.pop(text, None)  # (left by parses_plainly: see there)
    if tokens is None:
        tokens = _TOKENS.findall(text, 1, len(text) - 1)
        tokens.append(" ")  # the end (no token is a space)
    count = len(tokens) - 1
    find, kinds, new = text.find, _KINDS, _new
    pos = 1  # (see the note above)
    i = 0
    # the calls and indexes being read, innermost last: [args, name, offset] / (target, offset);
    # the expression being read nests len(pending) + 1 deep
    pending: list = []
    while True:
        # a primary
        token = tokens[i]
        kind = kinds[token[0]]
        if kind is _NAME:
            offset = pos if text[pos] == token[0] else find(token, pos)
            pos = offset + len(token)
            i += 1
            last = token[-1]
            if last == ")":  # name('text') or name()
                parts = _CALL_PARTS.get(token) or _call_parts(token)
                if parts[2] and len(pending) + 2 > max_depth:
                    return None
                node = new(Call, (*parts, offset))
            elif last != "(" or len(pending) + 2 > max_depth:
                return None
            else:  # name( with arguments to come
                pending.append([[], _OPEN_NAMES.get(token) or _open_name(token), offset])
                continue
        elif kind is _STRING:
            if len(token) == 1:
                return None  # unterminated
            pos = (pos if text[pos] == "'" else find("'", pos)) + len(token)
            i += 1
            node = _LITERALS.get(token) or _literal(token)
        elif kind is _INTEGER and token != "-":
            pos += len(token)
            i += 1
            node = new(Literal, (int(token),))
        else:
            return None
        # its postfixes, and the calls and indexes it ends
        while True:
            token = tokens[i]
            if token == ".":
                name = tokens[i + 1]
                if kinds[name[0]] is not _NAME or name[-1] in "()":
                    return None
                offset = pos if text[pos] == "." else find(".", pos)
                pos = offset + 1
                pos = (pos if text[pos] == name[0] else find(name, pos)) + len(name)
                i += 2
                node = new(Member, (node, name, offset))
            elif token == "[":
                if len(pending) + 2 > max_depth:
                    return None
                offset = pos if text[pos] == "[" else find("[", pos)
                pos = offset + 1
                i += 1
                pending.append((node, offset))
                break
            elif not pending:
                return node if i == count else None
            else:
                top = pending[-1]
                pos += 1
                i += 1
                if type(top) is list:
                    args = top[0]
                    args.append(node)
                    if token == ",":
                        break
                    if token != ")":
                        return None
                    pending.pop()
                    name = top[1]
                    node = new(Call, (name[0], name[1], tuple(args), top[2]))
                else:
                    if token != "]":
                        return None
                    pending.pop()
                    node = new(Index, (top[0], node, top[1]))


# A call token's name, its key and its arguments: the same ``parameters('x')`` recurs in many
# texts (three in four call tokens of the corpus were seen before).  The arguments (a
# Literal has no offset) are shared by the trees, which are never changed.
_CALL_PARTS: dict[str, tuple] = {}


def _call_parts(token: str) -> tuple:
    k = token.find("(")
    name = token[:k].rstrip()
    quote = token.find("'", k)
    if quote < 0:
        args: tuple = ()
    else:  # the string token inside the call, read (and shared) as a string token alone is
        string = token[quote : token.rfind("'") + 1]
        args = (_LITERALS.get(string) or _literal(string),)
    if len(_CALL_PARTS) >= 4096:
        _CALL_PARTS.clear()
    parts = _CALL_PARTS[token] = (name, name.lower(), args)
    return parts


# A string token's Literal (alone, or a call token's argument), shared: the same strings recur.
_LITERALS: dict[str, Node] = {}


def _literal(token: str) -> Node:
    value = token[1:-1]
    if "''" in value:
        value = value.replace("''", "'")
    if len(_LITERALS) >= 4096:
        _LITERALS.clear()
    node = _LITERALS[token] = _new(Literal, (value,))
    return node


# A "name(" token's name and its key (the same few functions open most calls).
_OPEN_NAMES: dict[str, tuple] = {}


def _open_name(token: str) -> tuple:
    name = token[:-1].rstrip()
    if len(_OPEN_NAMES) >= 4096:
        _OPEN_NAMES.clear()
    parts = _OPEN_NAMES[token] = (name, name.lower())
    return parts


def parses_plainly(text: str, max_depth: int) -> bool:
    """Whether ``_parse_plain`` reads ``text`` (so that it parses), without building the
    tree or its offsets: the same tokens and the same tests in the same order.  For texts
    whose tree is never needed (evaluation/deferred.py asks whether a value it may never
    evaluate parses); False leaves the question to ``parse_expression``."""
    if not text.isascii() or max_depth < 1:
        return False
    tokens = _TOKENS.findall(text, 1, len(text) - 1)
    count = len(tokens)
    tokens.append(" ")  # the end (no token is a space)
    kinds = _KINDS
    i = 0
    pending: list = []  # the calls (True) and indexes (False) being read, innermost last
    while True:
        # a primary
        token = tokens[i]
        kind = kinds[token[0]]
        i += 1
        if kind is _NAME:
            last = token[-1]
            if last == ")":  # name('text') or name()
                if "'" in token and len(pending) + 2 > max_depth:
                    return False
            elif last != "(" or len(pending) + 2 > max_depth:
                return False
            else:  # name( with arguments to come
                pending.append(True)
                continue
        elif kind is _STRING:
            if len(token) == 1:
                return False  # unterminated
        elif kind is not _INTEGER or token == "-":
            return False
        # its postfixes, and the calls and indexes it ends
        while True:
            token = tokens[i]
            if token == ".":
                name = tokens[i + 1]
                if kinds[name[0]] is not _NAME or name[-1] in "()":
                    return False
                i += 2
            elif token == "[":
                if len(pending) + 2 > max_depth:
                    return False
                i += 1
                pending.append(False)
                break
            elif not pending:
                if i != count:
                    return False
                # A text asked about may be evaluated later: its tokens are left for the
                # reader, which would find them again (a third of its work).
                if len(_READ_TOKENS) >= 4096:
                    _READ_TOKENS.clear()
                _READ_TOKENS[text] = tokens
                return True
            else:
                i += 1
                if pending[-1]:
                    if token == ",":
                        break
                    if token != ")":
                        return False
                else:
                    if token != "]":
                        return False
                pending.pop()


_READ_TOKENS: dict = {}  # text -> its tokens, end included, found by parses_plainly and not read yet

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
    node = _parse_plain(text, max_depth)
    if node is None:
        node = _parse_full(text, max_depth)
    if len(cache) >= _CACHE_MAX:
        cache.clear()
    cache[text] = node
    return node


def _parse_full(text: str, max_depth: int) -> Node:
    """``_Parser``'s tree of an expression, or the error it finds (see parse_expression)."""
    tokens = _tokenize(text, 1, len(text) - 1)
    parser = _Parser(text, tokens, max_depth)
    if tokens[0][0] == "end":
        raise ExpressionError("empty expression", 1, text)
    node = parser.expression()
    kind, value, offset = parser.peek()
    if kind != "end":
        raise ExpressionError(f"unexpected {value!r} after the expression", offset, text)
    return node
