"""Valid Bicep that tree-sitter-bicep 1.1.0 cannot parse, rewritten before the parse.

``rewrite(source) -> bytes`` returns text of the same length with every new line where it
was, so each byte offset, row and column of the parse is also one of the original text.
The reader (``syntax.py``) reads names, strings and comments from the original text and
looks there for what a rewrite blanked out (a ``?``, a ``...``, a ``^``, a ``$``).

A file without any of these constructs is returned as it is (one regex search each).
A rewrite that turns out to be wrong only costs a second parse of the original text
(``syntax.py`` keeps the parse with fewer errors), so the patterns may be a little wide.
"""

from __future__ import annotations

import re

from arm_orchlint.core.lazy_regex import lazy_compile

# ---------------------------------------------------------------- the gaps
#   * the postfix non-null assertion ``expr!``                      -> ``expr ``
#   * a resource-derived type ``resourceInput<'T@v'>.properties.x`` (also bare, with blanks,
#     new lines or comments inside ``<>``, and ``[*]`` / ``.*`` / ``[0]`` after it)
#                                                                    -> ``object`` + blanks
#   * ``param p someType?`` at the end of a line (a nullable named type swallows the next
#     statement)                                                     -> ``param p someType ``
#   * a top-level ``type t = {...}?`` closed by ``}?`` on its own line -> ``} ``
#   * a string whose text starts with ``//`` or ``/*``, which the grammar lexes as a
#     comment                                                        -> ``'__``
#   * the spread ``...expr``: in an object -> ``_s:expr`` (a property), in an array
#     -> ``   expr``
#   * a multi-line ``import { a <newline> b } from``: the grammar wants commas, so the
#     first indentation character of each following name becomes ``,``; a quoted name
#     (``'not-an-identifier' as x``) becomes an identifier of the same length
#   * ``extension name [as alias]`` / ``extension 'ref' [with {...}] as alias``: the grammar
#     only knows the older ``import 'ref' ...`` form              -> ``import  'name'`` / ``import    'ref'``
#   * the index from the end ``a[^1]``                                -> ``a[ 1]``
#   * in a ``.bicepparam`` file, ``using none``                     -> ``using ''  ``, and
#     ``extends 'base.bicepparam'``                                  -> ``import  'base.bicepparam'``
#   * the safe index ``a[?0]`` (an item of an array literal after the first one is read
#     as ``a`` and the array ``[?0]``)                                 -> ``a[ 0]``
#   * interpolated multi-line strings ``$'''...'''``, ``$$'''...'''`` -> `` '''...'''``
#   * a typed variable ``var x string = v`` / ``var x {...} = v``: the type becomes blanks
#     on one line, or a block comment ``/* ... */`` over several lines

# Each pattern starts with a literal, which the regex engine finds quickly; what must stand
# before a match is checked in Python (``_after``, ``_at_line_start``), and a pattern whose
# keyword or character is not in the file at all is not run.
_POSTFIX_BANG = lazy_compile(rb"!(?=[ \t]*(?:$|[)\],.}\[:?]|\r?\n))", re.M)
_DERIVED_TYPE = lazy_compile(
    rb"resource(?:Input|Output)\s*<(?:\s|/\*.*?\*/)*'[^'\n]*'(?:\s|/\*.*?\*/)*>"
    rb"(?:\.\*|\.\w+|\[\*\]|\[\d+\])*",
    re.S,
)
_NULLABLE_PARAM = lazy_compile(rb"(?m)param[ \t]+\w+[ \t]+[A-Za-z_][\w.]*(?:\[\])?(\?)(?=[ \t]*(?://[^\n]*)?\r?$)")
_NULLABLE_TYPE_END = lazy_compile(rb"(?m)\n\}(\?)(?=[ \t]*(?://[^\n]*)?\r?$)")
# a ``?`` then blanks and a comment or the line end: implied by a match of either pattern above
_QUESTION_AT_LINE_END = lazy_compile(rb"\?[ \t]*(?:/|\r?\n|\r?\Z)")
_STRING_COMMENT = lazy_compile(rb"'(//|/\*)")
_SPREAD = lazy_compile(rb"\.\.\.(?=[\w(\[{'])")
_IMPORT_BLOCK = lazy_compile(rb"import[ \t]*\{([^{}]*)\}")
_IMPORT_QUOTED_NAME = lazy_compile(rb"'([^'\n]*)'(?=[ \t]+as[ \t])")
_EXTENSION = lazy_compile(rb"extension([ \t]+)(?:([A-Za-z_]\w*)|(?='))")
_FROM_END = lazy_compile(rb"\[[ \t]*\??[ \t]*(\^)")
_SAFE_INDEX = lazy_compile(rb"\[(\?)")
_USING_NONE = lazy_compile(rb"using[ \t]+(none)\b")
_EXTENDS = lazy_compile(rb"extends(?=[ \t]+')")
_INTERPOLATED_MULTILINE = lazy_compile(rb"\$+(?=''')")
# (possessive runs, and no ``\b``: a name's run ends where the word does, so a shorter run never
# matched; each ``var x = v`` then fails at once instead of backtracking through its name)
_TYPED_VAR = lazy_compile(rb"var[ \t]++[A-Za-z_]\w*+(?=[ \t]*+[^\s=])")
_OPERAND_END = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_)]'")
_SPREAD_AFTER = frozenset(b" \t\r\n{[,")


def _after(source: bytes, at: int, chars: frozenset) -> bool:
    """Whether the byte before ``at`` is one of ``chars``."""
    return at > 0 and source[at - 1] in chars


def _at_line_start(source: bytes, at: int) -> bool:
    """Whether only blanks stand before ``at`` on its line."""
    i = at - 1
    while i >= 0 and source[i] in (0x20, 0x09):
        i -= 1
    return i < 0 or source[i] == 0x0A


def rewrite(source: bytes) -> bytes:
    """``source`` with the grammar gaps above rewritten (same length, same line breaks)."""
    fixed: bytearray | None = None

    def buf() -> bytearray:
        nonlocal fixed
        if fixed is None:
            fixed = bytearray(source)
        return fixed

    for m in _STRING_COMMENT.finditer(source):  # (it searches for its literal start: no look first)
        if _opens_string(source, m.start()):
            buf()[m.start(1) : m.start(1) + 2] = b"__"
    if _has(b"...", source):
        spreads = [m.start() for m in _SPREAD.finditer(source) if _after(source, m.start(), _SPREAD_AFTER)]
        for at, bracket in zip(spreads, _enclosing_brackets(source, spreads)):
            buf()[at : at + 3] = b"_s:" if bracket == b"{" else b"   "
    imports = _imports(source)
    for at in _import_commas(source, imports):
        buf()[at : at + 1] = b","
    for m in imports:
        for q in _IMPORT_QUOTED_NAME.finditer(m.group(1)):
            start = m.start(1) + q.start()
            name = re.sub(rb"\W", b"_", q.group(1))
            buf()[start : q.end() - q.start() + start] = b"_" + name + b"_"
    for m in _line_start_matches(source, b"extension", _EXTENSION):
        head = m.start()
        if m.group(2) is not None:  # extension name -> import  'name' (the name moves left by one)
            buf()[head : m.end(2)] = b"import" + b" " * (len(m.group(1)) + 1) + b"'" + m.group(2) + b"'"
        else:  # extension 'ref' ... -> import    'ref' ...
            buf()[head : m.end()] = b"import".ljust(m.end() - head)
    if b"?" in source and _QUESTION_AT_LINE_END.search(source):  # what both patterns need
        for m in _NULLABLE_PARAM.finditer(source):
            if _at_line_start(source, m.start()):
                buf()[m.start(1) : m.start(1) + 1] = b" "
        for m in _NULLABLE_TYPE_END.finditer(source):
            buf()[m.start(1) : m.start(1) + 1] = b" "
    # a match holds a ``<``, which few files have (a memchr instead of two scans for the names);
    # the pattern starts with the literal ``resource``, so one search then finds both names
    if b"<" in source:
        for m in _DERIVED_TYPE.finditer(source):
            _blank(buf(), m.start(), m.end(), b"object")
    if b"!" in source:
        for m in _POSTFIX_BANG.finditer(source):
            if _after(source, m.start(), _OPERAND_END):
                buf()[m.start() : m.start() + 1] = b" "
    if b"^" in source:
        for m in _FROM_END.finditer(source):
            if _after(source, m.start(), _OPERAND_END):
                buf()[m.start(1) : m.start(1) + 1] = b" "
    # .bicepparam: ``using none`` -> ``using ''  `` (no template)
    for m in _line_start_matches(source, b"using", _USING_NONE):
        buf()[m.start(1) : m.end(1)] = b"''  "
    # .bicepparam: ``extends 'base.bicepparam'`` -> ``import  'base.bicepparam'``
    for m in _line_start_matches(source, b"extends", _EXTENDS):
        buf()[m.start() : m.end()] = b"import "
    if b"?" in source and _has(b"[?", source):  # a memchr first: most files have no ``?``
        for m in _SAFE_INDEX.finditer(source):
            if _after(source, m.start(), _OPERAND_END):
                buf()[m.start(1) : m.start(1) + 1] = b" "
    if _has(b"$'''", source):
        for m in _INTERPOLATED_MULTILINE.finditer(source):
            if not _after(source, m.start(), _OPERAND_END):
                _blank(buf(), m.start(), m.end(), b"")
    if b"var" in source:
        for m in _TYPED_VAR.finditer(source):
            if _at_line_start(source, m.start()):
                _typed_var(buf, source, m.end())
    return bytes(fixed) if fixed is not None else source


# ``needle in source`` for needles that start with a character rarer in Bicep than letters:
# the regex engine's search for a literal finds (or misses) them in about half the time
_LITERALS = {needle: lazy_compile(re.escape(needle)) for needle in (b"...", b"[?", b"$'''")}


def _has(needle: bytes, source: bytes) -> bool:
    return _LITERALS[needle].search(source) is not None


def _line_start_matches(source: bytes, keyword: bytes, pattern):
    """The matches of ``pattern`` (which starts with ``keyword`` and stays on one line) that
    start a line, the same as ``finditer`` finds: no earlier match can run over a line's start.
    ``bytes.find`` looks for a keyword that starts with a letter faster than the regex
    engine, which stops at each of its first letter."""
    at = source.find(keyword)
    while at >= 0:
        if _at_line_start(source, at):
            m = pattern.match(source, at)
            if m is not None:
                yield m
        at = source.find(keyword, at + 1)


def _blank(fixed: bytearray, start: int, end: int, head: bytes) -> None:
    """``head`` then blanks over ``start:end``, keeping every line break where it is."""
    for i in range(start, end):
        if fixed[i] not in (0x0A, 0x0D):
            fixed[i] = 0x20
    fixed[start : start + len(head)] = head


def _typed_var(buf, source: bytes, at: int) -> None:
    """Blank the declared type of ``var name TYPE = value`` (``at`` is the end of the name)."""
    end = _type_end(source, at)
    if end is None:
        return
    fixed = buf()
    if b"\n" not in source[at:end]:
        _blank(fixed, at, end, b"")
        return
    # over several lines: a block comment keeps the rows; it needs two bytes at each end
    if (
        end - at < 4
        or b"*/" in source[at:end]
        or source[at : at + 1] not in b" \t"
        or source[end - 1 : end] not in b" \t"
    ):
        return
    fixed[at : at + 2] = b"/*"
    fixed[end - 2 : end] = b"*/"


def _type_end(source: bytes, at: int) -> int | None:
    """The offset of the ``=`` that ends the type written after a variable's name."""
    depth = 0
    i = at
    n = len(source)
    while i < n:
        c = source[i]
        if c in b"{[(":
            depth += 1
        elif c in b"}])":
            depth -= 1
            if depth < 0:
                return None
        elif c == 0x27:  # a string literal type
            close = source.find(b"'", i + 1)
            if close < 0:
                return None
            i = close
        elif c == 0x3D and depth == 0:  # '='
            return i
        elif c == 0x0A and depth == 0:
            return None
        i += 1
    return None


def _opens_string(source: bytes, at: int) -> bool:
    """Whether the quote at ``at`` opens a string: an even number of unescaped quotes
    before it on its line (a string cannot span lines)."""
    line_start = source.rfind(b"\n", 0, at) + 1
    before = source[line_start:at].replace(b"\\\\", b"").replace(b"\\'", b"")
    return before.count(b"'") % 2 == 0


# (a string's text is read in possessive runs, not one alternation per character)
_TOKENS = lazy_compile(rb"'''.*?'''|'(?:[^'\\\n]++|\\.)*+'|//[^\n]*+|/\*.*?\*/|[{}\[\]()]", re.S)


def _enclosing_bracket(source: bytes, at: int) -> bytes:
    """The innermost bracket open at ``at`` (``{``, ``[``, ``(`` or empty), skipping strings
    and comments."""
    stack: list = []
    for m in _TOKENS.finditer(source, 0, at):
        t = m.group()
        if t in (b"{", b"[", b"("):
            stack.append(t)
        elif t in (b"}", b"]", b")"):
            if stack:
                stack.pop()
    return stack[-1] if stack else b""


def _enclosing_brackets(source: bytes, offsets: list) -> list:
    """``_enclosing_bracket(source, at)`` for each of ``offsets`` (ascending), from one scan
    of the text instead of one from the start per offset.  A token that ends by ``at`` is
    the same whether the scan stops at ``at`` or runs on, so the brackets open at ``at`` are
    those of the tokens before it; only where a token of the whole text runs across ``at``
    (a ``...`` inside a string or comment) is that offset scanned on its own, as before."""
    out = []
    stack: list = []
    tokens = _TOKENS.finditer(source)
    token = next(tokens, None)
    for at in offsets:
        while token is not None and token.end() <= at:
            t = token.group()
            if t in (b"{", b"[", b"("):
                stack.append(t)
            elif t in (b"}", b"]", b")"):
                if stack:
                    stack.pop()
            token = next(tokens, None)
        if token is not None and token.start() < at:
            out.append(_enclosing_bracket(source, at))
        else:
            out.append(stack[-1] if stack else b"")
    return out


def _imports(source: bytes) -> list:
    """The ``import {...}`` statements (group 1: the names)."""
    if b"import" not in source:
        return []
    return [m for m in _IMPORT_BLOCK.finditer(source) if _at_line_start(source, m.start())]


def _import_commas(source: bytes, imports: list) -> list:
    """Offsets where a ``,`` is put before a name of a multi-line ``import {...}``."""
    out = []
    for m in imports:
        offset = m.start(1)
        seen_name = False
        previous = b""
        for line in m.group(1).split(b"\n"):
            stripped = line.strip()
            if stripped and not stripped.startswith((b"//", b"/*")):
                if (
                    seen_name
                    and not previous.rstrip().endswith(b",")
                    and not stripped.startswith(b",")
                    and line[:1] in (b" ", b"\t")
                ):
                    out.append(offset)
                seen_name = True
                previous = stripped.split(b"//")[0]
            offset += len(line) + 1
    return out
