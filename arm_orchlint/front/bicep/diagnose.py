"""Bicep syntax errors as the Bicep compiler reports them: the exact token and what was
expected there.

tree-sitter-bicep recovers from an error by wrapping whatever it could not place in one
ERROR node, often many lines long and starting well before the mistake.  The compiler's
own parser instead reads declaration by declaration, object property by property, and
after an error skips to the end of the line.  ``find_errors(source)`` is a small checking
parser that does the same (it builds no tree) and returns ``[(start_byte, end_byte,
message)]``.  It only runs on files tree-sitter already rejected (``syntax.py``), so the
parse of a valid file is not repeated.  Where the language is unclear to it, it accepts:
a false syntax error is worse than a missed one.
"""

from __future__ import annotations

import re

_MAX_ERRORS = 200
_MAX_IDENTIFIER = 255
_MAX_INT = 2**63 - 1

_DECLARATIONS = (
    "metadata param var resource module output type func import extension provider using extends test assert"
).split()
_DECORATED = frozenset("metadata param var resource module output type func import extension test".split())
_DECLARATION_WORDS = "param, var, resource, module, output, type, func, import, extension, metadata or targetScope"

_SPACE = re.compile(rb"[ \t]+|\r(?!\n)")
_IDENT = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(rb"[0-9]+")
_OPERATOR = re.compile(rb"\.\.\.|::|\?\?|=>|==|!=|=~|!~|<=|>=|&&|\|\||[{}\[\]().,:?!=<>+\-*/%@|^]")
_DIRECTIVE = re.compile(rb"#(disable-next-line|disable-diagnostics|restore-diagnostics)(?![\w-])")
_DIRECTIVE_CODES = re.compile(rb"[ \t]+[A-Za-z0-9_-]+")
_INTERPOLATED_MULTILINE = re.compile(rb"\$+'''")
_ESCAPES = frozenset(b"$'\\nrt")

# binary operators and their precedence (higher binds tighter), as in the compiler
_BINARY = {
    "??": 1,
    "||": 2,
    "&&": 3,
    "==": 4,
    "!=": 4,
    "=~": 4,
    "!~": 4,
    "<": 5,
    "<=": 5,
    ">": 5,
    ">=": 5,
    "+": 6,
    "-": 6,
    "*": 7,
    "/": 7,
    "%": 7,
}


class _Expected(Exception):
    def __init__(self, at: int, message: str):
        self.at = at
        self.message = message


# ---------------------------------------------------------------- lexer
# A token is (kind, start, end).  Kinds: "id", "num", "str" (a whole string), "sl" / "sm" /
# "sr" (the pieces of an interpolated string before, between and after its holes), "nl",
# "eof", or the operator text itself.


def _lex(src: bytes, errors: list) -> list:
    toks: list = []
    holes: list = []  # for each open ``${``: the depth of braces inside it
    i = 0
    n = len(src)
    line_start = True
    while i < n:
        c = src[i]
        m = _SPACE.match(src, i)
        if m:
            i = m.end()
            continue
        if c == 0x0A or (c == 0x0D and src[i + 1 : i + 2] == b"\n"):
            end = i + 1 if c == 0x0A else i + 2
            if holes:  # a new line inside ``${...}``: the string is not terminated
                errors.append((i, i, "the string is not terminated before the end of the line"))
                holes.clear()
                toks.append(("sr", i, i))
            toks.append(("nl", i, end))
            i = end
            line_start = True
            continue
        at_line_start = line_start
        line_start = False
        if src.startswith(b"//", i):
            end = src.find(b"\n", i)
            i = n if end < 0 else end
            continue
        if src.startswith(b"/*", i):
            end = src.find(b"*/", i + 2)
            if end < 0:
                errors.append((i, i + 2, "the multi-line comment is not terminated with */"))
                i = n
            else:
                i = end + 2
            continue
        if c == 0x27 or (c == 0x24 and _INTERPOLATED_MULTILINE.match(src, i)):  # a string, or $'''
            start = i
            while src[i] == 0x24:
                i += 1
            if src.startswith(b"'''", i):
                i = _multiline(src, start, i, errors)
                toks.append(("str", start, i))
                continue
            i = _string(src, start, start + 1, "sl", "str", toks, holes, errors)
            continue
        if c == 0x7D and holes:  # ``}``
            if holes[-1] == 0:
                holes.pop()
                i = _string(src, i, i + 1, "sm", "sr", toks, holes, errors)
                continue
            holes[-1] -= 1
        elif c == 0x7B and holes:
            holes[-1] += 1
        if c == 0x23:  # ``#``
            d = _DIRECTIVE.match(src, i)
            if d and at_line_start:
                codes = _DIRECTIVE_CODES.match(src, d.end())
                if codes is None and d.group(1) != b"disable-diagnostics":
                    errors.append((d.end(), d.end(), "expected at least one diagnostic code after the directive"))
                end = src.find(b"\n", i)
                end = n if end < 0 else end
                comment = src.find(b"/*", i, end)
                i = end if comment < 0 else comment
                if codes is None and comment >= 0:  # what follows the comment is code again
                    close = src.find(b"*/", comment)
                    i = end if close < 0 else close + 2
                continue
        m = _IDENT.match(src, i)
        if m:
            if m.end() - i > _MAX_IDENTIFIER:
                errors.append((i, m.end(), f"the identifier is longer than {_MAX_IDENTIFIER} characters"))
            toks.append(("id", i, m.end()))
            i = m.end()
            continue
        m = _NUMBER.match(src, i)
        if m:
            if int(m.group()) > _MAX_INT:
                errors.append((i, m.end(), "expected a valid 64-bit signed integer"))
            toks.append(("num", i, m.end()))
            i = m.end()
            continue
        m = _OPERATOR.match(src, i)
        if m:
            toks.append((m.group().decode("ascii"), i, m.end()))
            i = m.end()
            continue
        # not a token of the language
        end = i + 1
        while end < n and (src[end] & 0xC0) == 0x80:  # the rest of a UTF-8 character
            end += 1
        char = src[i:end].decode("utf-8", "replace")
        if char == '"':
            errors.append((i, end, "unexpected '\"': strings are written in single quotes in Bicep"))
        else:
            errors.append((i, end, f"unexpected character {char!r}"))
        i = end
    if holes:
        errors.append((n, n, "the string is not terminated"))
        toks.append(("sr", n, n))
    toks.append(("eof", n, n))
    return toks


def _string(src: bytes, start: int, i: int, open_kind: str, close_kind: str, toks, holes, errors) -> int:
    """Lex string text from ``i`` (just after ``'`` or the ``}`` closing a hole) to the
    closing quote or the next ``${``; returns the offset after it."""
    n = len(src)
    while i < n:
        c = src[i]
        if c == 0x27:
            toks.append((close_kind, start, i + 1))
            return i + 1
        if c == 0x5C:  # backslash
            nxt = src[i + 1 : i + 2]
            if nxt and nxt[0] in _ESCAPES:
                i += 2
                continue
            if nxt == b"u" and re.match(rb"u\{[0-9A-Fa-f]{1,6}\}", src[i + 1 : i + 10]):
                i = src.index(b"}", i) + 1
                continue
            if not nxt or nxt in b"\r\n":
                break
            errors.append((i, i + 2, f"unknown escape sequence '\\{nxt.decode('utf-8', 'replace')}'"))
            i += 2
            continue
        if c == 0x24 and src[i + 1 : i + 2] == b"{":
            toks.append((open_kind if open_kind == "sl" else "sm", start, i + 2))
            holes.append(0)
            return i + 2
        if c == 0x0A or (c == 0x0D and src[i + 1 : i + 2] == b"\n"):
            break
        i += 1
    where = "the end of the line" if i < n else "the end of the file"
    errors.append((start, i, f"the string is not terminated before {where}"))
    toks.append((close_kind, start, i))
    return i


def _multiline(src: bytes, start: int, i: int, errors: list) -> int:
    """The end of a multi-line string whose ``'''`` starts at ``i``."""
    close = src.find(b"'''", i + 3)
    if close < 0:
        errors.append((start, i + 3, "the multi-line string is not terminated with '''"))
        return len(src)
    end = close + 3
    while src[end : end + 1] == b"'":
        end += 1
    return end


# ---------------------------------------------------------------- parser


class _Parser:
    def __init__(self, src: bytes, toks: list, errors: list):
        self.src = src
        self.toks = toks
        self.i = 0
        self.errors = errors
        self.soft = False  # new lines do not count (inside a function call's parentheses)

    # ------------------------------------------------------------ tokens

    def kind(self, k: int = 0) -> str:
        return self.toks[min(self.i + k, len(self.toks) - 1)][0]

    def text(self, k: int = 0) -> str:
        _, s, e = self.toks[min(self.i + k, len(self.toks) - 1)]
        return self.src[s:e].decode("utf-8", "replace")

    def at(self, kind: str) -> bool:
        return self.toks[self.i][0] == kind

    def at_word(self, word: str) -> bool:
        t = self.toks[self.i]
        return t[0] == "id" and self.src[t[1] : t[2]] == word.encode()

    def next_after_newlines(self) -> str:
        j = self.i
        while self.toks[j][0] == "nl":
            j += 1
        return self.toks[j][0]

    def word_after_newlines(self) -> str:
        j = self.i
        while self.toks[j][0] == "nl":
            j += 1
        _, s, e = self.toks[j]
        return self.src[s:e].decode("utf-8", "replace") if self.toks[j][0] == "id" else ""

    def advance(self) -> tuple:
        t = self.toks[self.i]
        if t[0] != "eof":
            self.i += 1
        return t

    def newlines(self) -> int:
        count = 0
        while self.at("nl"):
            self.i += 1
            count += 1
        return count

    def fail(self, message: str) -> _Expected:
        return _Expected(self.toks[self.i][1], message)

    def expect(self, kind: str, message: str) -> tuple:
        if not self.at(kind):
            raise self.fail(message)
        return self.advance()

    def expect_char(self, char: str) -> tuple:
        return self.expect(char, f"expected '{char}'")

    def expect_word(self, word: str) -> tuple:
        if not self.at_word(word):
            raise self.fail(f"expected the '{word}' keyword")
        return self.advance()

    def report(self, e: _Expected) -> None:
        if len(self.errors) < _MAX_ERRORS:
            self.errors.append((e.at, e.at, e.message))

    def skip_line(self, *stops: str) -> int:
        """Skip to the end of the line (or to one of ``stops``); returns the tokens skipped."""
        start = self.i
        while not self.at("nl") and not self.at("eof") and self.kind() not in stops:
            self.i += 1
        return self.i - start

    def part(self, fn, quiet: bool = False, stops: tuple = ()) -> bool:
        """Run ``fn``; on an error report it (unless ``quiet``), skip to the end of the line
        or a token of ``stops``, and return False (True when it parsed)."""
        try:
            fn()
            return True
        except _Expected as e:
            if not quiet:
                self.report(e)
            self.skip_line(*stops)
            return False

    # ------------------------------------------------------------ declarations

    def program(self) -> None:
        while True:
            self.newlines()
            if self.at("eof") or len(self.errors) >= _MAX_ERRORS:
                return
            if self.part(self.declaration) and not (self.at("nl") or self.at("eof")):
                self.report(self.fail("expected a new line"))
                self.skip_line()

    def declaration(self) -> None:
        decorators = []
        while self.at("@"):
            decorators.append(self.toks[self.i][1])
            self.decorator()
            if not (self.at("nl") or self.at("eof")):
                raise self.fail("expected a new line after the decorator")
            self.newlines()
        if decorators and (self.at("eof") or (self.at("id") and self.text() not in _DECORATED)):
            for at in decorators:
                self.report(_Expected(at, "expected a declaration after the decorator"))
        if self.at("eof"):
            return
        word = self.text() if self.at("id") else ""
        if word == "targetScope":
            self.advance()
            self.expect_char("=")
            self.expression()
            return
        if word not in _DECLARATIONS:
            raise self.fail(f"unknown declaration {self.text()!r}: expected {_DECLARATION_WORDS}")
        self.advance()
        getattr(self, "d_" + word)()

    def decorator(self) -> None:
        self.advance()  # @
        if not self.at("id"):
            raise self.fail("expected a decorator name (or a namespace) after '@'")
        self.postfix()

    def name(self, what: str, *stops: str) -> bool:
        """The declared name; on an error skip to one of ``stops`` (or the line end).
        Returns whether later errors of the declaration are still reported."""
        if self.at("id"):
            self.advance()
            return True
        self.report(self.fail(f"expected {what} name"))
        return self.skip_line(*stops) > 0

    def end_of_line(self) -> bool:
        return self.at("nl") or self.at("eof")

    def d_param(self) -> None:
        loud = self.name("a parameter", "id")
        if self.end_of_line():
            if loud:
                raise self.fail("expected a type")
            return
        if not self.part(lambda: self.type(), quiet=not loud, stops=("=",)):
            loud = False
        if self.at("="):
            self.advance()
            self.expression()
        elif not self.end_of_line() and loud:
            raise self.fail("expected '=' or a new line")

    def d_var(self) -> None:
        loud = self.name("a variable", "id", "=")
        if not (self.at("=") or self.end_of_line()):
            if not self.part(self.type, quiet=not loud, stops=("=",)) and not self.at("="):
                return
        if not loud and self.end_of_line():
            return
        self.expect_char("=")
        self.expression()

    def d_output(self) -> None:
        loud = self.name("an output", "id")
        if self.end_of_line():
            if loud:
                raise self.fail("expected a type")
            return
        self.type()
        self.expect_char("=")
        self.expression()

    def d_metadata(self) -> None:
        if not self.name("a metadata", "=") and self.end_of_line():
            return
        self.expect_char("=")
        self.expression()

    def d_assert(self) -> None:
        self.d_metadata()

    def d_type(self) -> None:
        if not self.name("a type", "=") and self.end_of_line():
            return
        self.expect_char("=")
        self.type()

    def d_func(self) -> None:
        self.name("a function")
        self.expect_char("(")
        soft, self.soft = self.soft, True
        try:
            self.newlines()
            while not self.at(")"):
                self.expect("id", "expected a parameter name")
                self.type()
                self.newlines()
                if self.at(","):
                    self.advance()
                    self.newlines()
                elif not self.at(")"):
                    raise self.fail("expected ',' or ')'")
            self.advance()
        finally:
            self.soft = soft
        self.type()
        if not self.at("=>"):
            raise self.fail("expected '=>'")
        self.lambda_body()

    def d_resource(self) -> None:
        self.deployable("a resource", "expected a resource type string ('<type>@<apiVersion>')", existing=True)

    def d_module(self) -> None:
        self.deployable("a module", "expected the module's path string")

    def d_test(self) -> None:
        self.deployable("a test", "expected the test's path string")

    def deployable(self, what: str, no_string: str, existing: bool = False) -> None:
        """``resource|module|test NAME 'string' [existing] = body``.  After an error in the
        head, the body is still read when it starts on the same line (so its lines do not
        turn into errors of their own)."""
        loud = self.name(what, "str", "sl")
        if self.at("sl"):
            self.string()  # an interpolated type or path: a type error, not a syntax error
        elif self.at("str"):
            self.advance()
        elif loud or not self.end_of_line():
            raise self.fail(no_string)
        else:
            return
        try:
            if existing and self.at_word("existing"):
                self.advance()
            self.expect_char("=")
            self.body(resource=True)
        except _Expected as e:
            self.report(e)
            self.skip_line("{")
            if self.at("{"):
                self.object()

    def body(self, resource: bool) -> None:
        if self.at("nl") and self.word_after_newlines() == "if":  # ``=`` <new line> ``if (...)``
            self.newlines()
        if self.at("{"):
            self.object()
        elif self.at_word("if"):
            self.if_body()
        elif self.at("["):
            self.array(resource=resource)
        else:
            raise self.fail("expected '{', '[' or the 'if' keyword")

    def if_body(self) -> None:
        self.advance()  # if
        if not self.at("("):
            raise self.fail("expected '('")
        try:
            self.parenthesized()
        except _Expected as e:  # the body that follows is still read
            self.report(e)
            self.skip_line("{")
        if not self.at("{"):
            raise self.fail("expected '{'")
        self.object()

    def d_import(self) -> None:
        if self.at("{"):
            self.advance()
            while True:
                self.newlines()
                if self.at("}"):
                    self.advance()
                    break
                if self.at("id") or self.at("str"):
                    quoted = self.at("str")
                    self.advance()
                    if self.at_word("as") or quoted:
                        self.expect_word("as")
                        self.expect("id", "expected an alias name")
                elif self.at(","):
                    self.advance()
                else:
                    raise self.fail("expected an imported name or '}'")
            self.expect_word("from")
            self.expect("str", "expected the path string to import from")
        elif self.at("*"):
            self.advance()
            self.expect_word("as")
            self.expect("id", "expected an alias name")
            self.expect_word("from")
            self.expect("str", "expected the path string to import from")
        elif self.at("str"):
            self.extension_tail()
        else:
            raise self.fail("expected '{', '*' or a string after 'import'")

    def d_extension(self) -> None:
        if self.at("id") or self.at("str"):
            self.extension_tail()
        else:
            raise self.fail("expected an extension name or reference")

    d_provider = d_extension

    def extension_tail(self) -> None:
        self.advance()
        if self.at_word("with"):
            self.advance()
            if not self.at("{"):
                raise self.fail("expected '{'")
            self.object()
        if self.at_word("as"):
            self.advance()
            self.expect("id", "expected an alias name")

    def d_using(self) -> None:
        if self.at_word("none"):
            self.advance()
        else:
            self.expect("str", "expected the template's path string")

    def d_extends(self) -> None:
        self.expect("str", "expected the path string")

    # ------------------------------------------------------------ types

    def type(self) -> None:
        """A type.  ``resource 'T@v'`` is accepted anywhere: the compiler allows it only for
        parameters and outputs, so elsewhere this misses an error rather than invent one."""
        self.newlines_before("|")
        if self.at("|"):
            self.advance()
        self.type_postfix()
        while self.newlines_before("|") or self.at("|"):
            self.advance()
            self.newlines()
            self.type_postfix()

    def newlines_before(self, kind: str) -> bool:
        """Step over new lines when the next token after them is ``kind``."""
        if self.at("nl") and self.next_after_newlines() == kind:
            self.newlines()
            return True
        return False

    def type_postfix(self) -> None:
        self.type_primary()
        while True:
            if self.at("[") and self.kind(1) in ("]", "*", "num"):
                self.advance()
                if not self.at("]"):
                    self.advance()
                self.expect_char("]")
            elif self.at("?") or self.at("!"):  # nullable, non-null
                self.advance()
            elif self.at(".") and self.kind(1) in ("id", "*"):
                self.advance()
                self.advance()
            elif self.at("<"):
                self.type_arguments()
            else:
                return

    def type_arguments(self) -> None:
        self.advance()  # <
        self.newlines()
        while not self.at(">"):
            self.type()
            self.newlines()
            if self.at(","):
                self.advance()
                self.newlines()
            elif not self.at(">"):
                raise self.fail("expected '>'")
        self.advance()

    def type_primary(self) -> None:
        k = self.kind()
        if k == "id":
            word = self.text()
            self.advance()
            if word == "resource" and self.at("str"):
                self.advance()
            return
        if k in ("str", "num"):
            self.advance()
            return
        if k == "sl":
            self.string()
            return
        if k in ("-", "!"):  # -1, !true
            self.advance()
            self.type_primary()
            return
        if k == "{":
            self.object(typed=True)
            return
        if k == "[":
            self.advance()
            self.lines("]", self.tuple_item)
            return
        if k == "(":
            self.advance()
            self.newlines()
            self.type()
            self.newlines()
            self.expect_char(")")
            return
        raise self.fail("expected a type")

    def tuple_item(self) -> None:
        while self.at("@"):
            self.decorator()
            self.newlines()
        self.type()

    # ------------------------------------------------------------ expressions
    # New lines end an expression, except inside the parentheses of a function call
    # (``self.soft``), where they may stand between arguments, around a lambda's ``=>``
    # and before the closing parenthesis.  An object or array inside makes them count again.

    def soft_newlines(self) -> None:
        if self.soft:
            self.newlines()

    def expression(self) -> None:
        self.binary(0)
        if self.at("?") or self.newlines_before("?"):
            self.advance()
            self.expression()
            self.newlines_before(":")
            self.expect_char(":")
            self.expression()

    def binary(self, precedence: int) -> None:
        self.unary()
        while True:
            p = _BINARY.get(self.kind(), 0)
            if p <= precedence:
                return
            self.advance()
            self.soft_newlines()
            self.binary(p)

    def unary(self) -> None:
        if self.at("!") or self.at("-"):
            self.advance()  # the operand of a unary operator is not itself a unary expression
        self.postfix()

    def postfix(self) -> None:
        callable_ = self.primary()
        while True:
            k = self.kind()
            if k == "[":
                self.advance()
                if self.at("?"):
                    self.advance()
                if self.at("^"):
                    self.advance()
                if self.at("]"):
                    raise self.fail("an empty index is not allowed: expected an expression")
                self.expression()
                self.expect_char("]")
                callable_ = False
            elif k == ".":
                self.advance()
                if self.at("?"):
                    self.advance()
                if not self.at("id"):
                    raise self.fail("expected a property or function name")
                self.advance()
                callable_ = True
            elif k == "::":
                self.advance()
                self.expect("id", "expected a nested resource name")
                callable_ = False
            elif k == "!":
                self.advance()
                callable_ = False
            elif k == "(" and callable_:
                self.arguments()
                callable_ = False
            else:
                return

    def arguments(self) -> None:
        self.advance()  # (
        soft, self.soft = self.soft, True
        try:
            self.elements(")")
        finally:
            self.soft = soft

    def primary(self) -> bool:
        """Read a primary expression; returns whether it can be called (a name)."""
        k = self.kind()
        if k == "id":
            word = self.text()
            self.advance()
            if self.at("=>"):
                self.lambda_body()
                return False
            return word not in ("true", "false", "null")
        if k in ("num", "str"):
            self.advance()
            return False
        if k == "sl":
            self.string()
            return False
        if k == "{":
            self.object()
            return False
        if k == "[":
            self.array(resource=False)
            return False
        if k == "(":
            self.parenthesized()
            return False
        raise self.fail(
            "expected a value: a literal, an array, an object, a parenthesized expression or a function call"
        )

    def lambda_body(self) -> None:
        self.advance()  # =>
        self.soft_newlines()
        self.expression()

    def string(self) -> None:
        self.advance()  # the piece before the first hole
        soft, self.soft = self.soft, False
        try:
            while True:
                self.expression()
                if self.at("sm"):
                    self.advance()
                    continue
                if self.at("sr"):
                    self.advance()
                    return
                raise self.fail("unexpected text inside the string's ${...}")
        finally:
            self.soft = soft

    def parenthesized(self) -> None:
        opening = self.advance()
        count = self.elements(")")
        if self.at("=>"):  # a lambda: (a, b) => body
            self.lambda_body()
        elif count != 1:
            raise _Expected(opening[2], "parentheses must hold exactly one expression")

    def elements(self, close: str) -> int:
        """Comma-separated expressions up to ``close`` (already past the opening bracket);
        returns how many."""
        count = 0
        comma = False
        while True:
            self.soft_newlines()
            if self.at(close):
                if comma:
                    raise self.fail("expected a value after ','")
                self.advance()
                return count
            self.expression()
            count += 1
            comma = False
            self.soft_newlines()
            if self.at(","):
                self.advance()
                comma = True
            elif not self.at(close):
                raise self.fail(f"expected ',' or '{close}'")

    def lines(self, close: str, item) -> None:
        """Items up to ``close``, each on its own line or separated by commas (an object,
        an array); an error in one item costs only the rest of its line."""
        soft, self.soft = self.soft, False
        try:
            while True:
                self.newlines()
                if self.at(close):
                    self.advance()
                    return
                if self.at("eof"):
                    raise self.fail(f"expected '{close}'")
                if len(self.errors) >= _MAX_ERRORS:
                    raise self.fail("too many syntax errors")
                if not self.part(item, stops=(close,)):
                    continue
                if self.at(","):
                    self.advance()
                    if self.at("nl"):
                        self.report(self.fail("unexpected new line after ','"))
                elif not (self.at("nl") or self.at(close)):
                    self.report(self.fail("expected a new line or ','"))
                    self.skip_line(close)
        finally:
            self.soft = soft

    def array(self, resource: bool) -> None:
        self.advance()  # [
        if self.at("nl") and self.word_after_newlines() == "for":
            self.newlines()
        if self.at_word("for"):
            soft, self.soft = self.soft, False
            try:
                self.for_expression(resource)
            finally:
                self.soft = soft
            return
        if resource:
            raise self.fail("expected the 'for' keyword")
        self.lines("]", self.array_item)

    def array_item(self) -> None:
        if self.at("..."):
            self.advance()
        self.expression()

    def for_expression(self, resource: bool) -> None:
        self.advance()  # for
        if self.at("id"):
            self.advance()
        elif self.at("("):
            opening = self.advance()
            names = 0
            while not self.at(")"):
                self.expect("id", "expected a loop variable name")
                names += 1
                if self.at(","):
                    self.advance()
                elif not self.at(")"):
                    raise self.fail("expected ',' or ')'")
            self.advance()
            if names != 2:
                raise _Expected(
                    opening[1],
                    f"expected the item and index variables (2 names) in the loop's parentheses, found {names}",
                )
        else:
            raise self.fail("expected a loop item variable name or '('")
        self.expect_word("in")
        self.expression()
        self.expect_char(":")
        if self.at_word("if") and self.kind(1) == "(":
            self.if_body()
        elif resource and not self.at("{"):
            raise self.fail("expected '{' or the 'if' keyword")
        else:
            self.expression()
        self.newlines()
        self.expect_char("]")

    def object(self, typed: bool = False) -> None:
        self.advance()  # {
        self.lines("}", lambda: self.property(typed))

    def property(self, typed: bool) -> None:
        decorator = self.i if self.at("@") else None
        while self.at("@"):
            self.decorator()
            self.newlines()
        if decorator is not None and self.at("}") and not typed:
            self.report(
                _Expected(self.toks[decorator][1], "expected a nested resource declaration after the decorator")
            )
            return
        if self.at("..."):
            self.advance()
            self.expression()
            return
        if self.at_word("resource") and self.kind(1) == "id":
            self.advance()
            self.d_resource()
            return
        if decorator is not None and not typed:
            self.report(
                _Expected(self.toks[decorator][1], "expected a nested resource declaration after the decorator")
            )
        k = self.kind()
        if k in ("id", "str") or (typed and k == "*"):
            self.advance()
        elif k == "sl":
            self.string()
        else:
            raise self.fail("expected a property name")
        if typed and self.at("?"):
            self.advance()
        self.expect_char(":")
        if typed:
            self.type()
        else:
            self.expression()


def find_errors(source: bytes) -> list[tuple[int, int, str]]:
    """The syntax errors of a Bicep file, in source order: ``(start, end, message)``."""
    errors: list = []
    toks = _lex(source, errors)
    parser = _Parser(source, toks, errors)
    try:
        parser.program()
    except (_Expected, IndexError, RecursionError):  # a gap in this checker is never a crash
        pass
    errors.sort(key=lambda e: e[0])
    return errors
