"""The Bicep syntax tree the compiler works on.

``syntax.py`` builds these plain objects from the tree-sitter tree; nothing else in the
package looks at tree-sitter node types.  Every node carries ``rng``: a ``Range`` (a tuple) with
the byte offsets of the text it was read from; its (row, byte column) points are counted
from the text's line starts only when asked for (most ranges never are).
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from arm_orchlint.core.records import field, record

_ONE = 1

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any


class Lines:
    """The points of one text (bytes): a point is (row, byte column), both 0-based, as
    tree-sitter counts them (only a ``\\n`` starts a row).  The first points are counted
    from the text itself; once those counts have read the text twice over, its line starts
    are listed and looked up (most files are asked for a few points, or none)."""

    __slots__ = ("source", "_starts", "_counted")

    def __init__(self, source: bytes):
        self.source = source
        self._starts: list | None = None
        self._counted = 0  # bytes read by the counts so far

    def point(self, offset: int) -> tuple[int, int]:
        starts = self._starts
        if starts is None:
            source = self.source
            if self._counted <= 2 * len(source):
                self._counted += offset
                # (the row: the new lines before the offset; the column: from the last of them)
                return source.count(b"\n", 0, offset), offset - source.rfind(b"\n", 0, offset) - 1
            # (each line's length plus its new line, summed: all in C, no generator step per line)
            starts = self._starts = [0, *accumulate(map(_ONE.__add__, map(len, source.split(b"\n")[:-1])))]
        row = bisect_right(starts, offset) - 1
        return row, offset - starts[row]

    def __eq__(self, other: object) -> bool:  # ranges of equal texts are equal, as their points are
        return self is other or (isinstance(other, Lines) and self.source == other.source)

    def __hash__(self) -> int:
        return hash(self.source)

    def __repr__(self) -> str:  # (a range's repr: the same for equal texts)
        return f"Lines({len(self.source)} bytes)"


# A range is a plain tuple ``(start_byte, end_byte, lines)``: byte offsets into the text
# ``lines`` counts; rows and columns (columns count UTF-8 bytes from the line start) are
# computed on demand (``points``).  Written ``(start, end, lines)``: a tuple subclass cost
# ~1,200 instructions more per range (a type call and two temporary tuples), and a corpus
# pass makes ~64,000 ranges.
Range = tuple


def points(rng: Range) -> tuple[int, int, int, int]:
    """(start row, start column, end row, end column) of ``rng``."""
    lines = rng[2]
    return lines.point(rng[0]) + lines.point(rng[1])


def cover(first: Range, last: Range) -> Range:
    """The range from the start of ``first`` to the end of ``last`` (of the same text)."""
    return (first[0], last[1], first[2])


# ---------------------------------------------------------------- expressions


@record(slots=True)
class Expr:
    rng: Range


@record(slots=True)
class Lit(Expr):
    """A string without interpolation, a number, a boolean or null."""

    value: Any


@record(slots=True)
class Interp(Expr):
    """A string with ``${...}`` holes: ``parts`` alternates text (str) and expressions."""

    parts: list


@record(slots=True)
class Ident(Expr):
    name: str


@record(slots=True)
class Member(Expr):
    obj: Expr
    prop: str
    safe: bool = False  # ``a.?b``


@record(slots=True)
class Index(Expr):
    obj: Expr
    index: Expr
    safe: bool = False  # ``a[?0]``


@record(slots=True)
class ChildRef(Expr):
    """``parent::child``: a nested resource reached through its parent's symbol."""

    obj: Expr
    name: str


@record(slots=True)
class Call(Expr):
    callee: Expr  # Ident, or Member for ``sys.f()`` / ``az.f()`` / ``stg.listKeys()``
    args: list


@record(slots=True)
class Unary(Expr):
    op: str
    arg: Expr


@record(slots=True)
class Binary(Expr):
    op: str
    left: Expr
    right: Expr


@record(slots=True)
class Ternary(Expr):
    cond: Expr
    then: Expr
    other: Expr


@record(slots=True)
class Prop:
    """One ``key: value`` of an object.  ``rng`` runs from the key to the end of the value."""

    key: str
    value: Any  # an Expr, or a ResourceDecl for a nested resource (key is then its symbol)
    rng: Range
    decorators: list = field(default_factory=list)


@record(slots=True)
class Obj(Expr):
    props: list  # of Prop


@record(slots=True)
class Spread(Expr):
    """``...arg``: an object property (held as a ``Prop`` with key ``SPREAD``) or an array item."""

    arg: Expr


SPREAD = "..."  # the key of a Prop holding a Spread


@record(slots=True)
class Arr(Expr):
    items: list


@record(slots=True)
class Lambda(Expr):
    params: list  # names
    body: Expr


@record(slots=True)
class Loop(Expr):
    """``[for item in iterable: body]``, ``[for (item, index) in ...]``, with optional filter."""

    item: str | None
    index: str | None
    iterable: Expr
    body: Expr
    filter: Expr | None = None


@record(slots=True)
class Unsupported(Expr):
    """Anything the compiler has no translation for (a type in value position, an error)."""

    kind: str
    text: str


# ---------------------------------------------------------------- types


@record(slots=True)
class TypeRef:
    """A parameter or output type: ``kind`` is primitive, named, array, object, union, literal."""

    kind: str
    name: str = ""  # primitive or user type name
    nullable: bool = False
    members: list = field(default_factory=list)  # union members (TypeRef) / literal value in name
    literal: Any = None


# ---------------------------------------------------------------- statements


@record(slots=True)
class Decorator:
    name: str
    args: list
    rng: Range


@record(slots=True)
class Stmt:
    rng: Range


@record(slots=True)
class ParamDecl(Stmt):
    name: str
    type: TypeRef | None
    default: Expr | None
    decorators: list = field(default_factory=list)


@record(slots=True)
class VarDecl(Stmt):
    name: str
    value: Expr
    decorators: list = field(default_factory=list)


@record(slots=True)
class ResourceDecl(Stmt):
    """A resource or module declaration, split into its parts.

    ``body`` is the object literal; ``condition`` the ``if (...)`` guard; ``loop`` the
    ``[for ...]`` around it (its ``body`` is the same object, ``filter`` the loop's if).
    For a module, ``type_api`` is the module path.
    """

    name: str
    type_api: str
    existing: bool
    body: Obj | None
    condition: Expr | None = None
    loop: Loop | None = None
    decorators: list = field(default_factory=list)
    is_module: bool = False
    type_rng: Range | None = None


@record(slots=True)
class OutputDecl(Stmt):
    name: str
    type: TypeRef | None
    value: Expr | None


@record(slots=True)
class TypeDecl(Stmt):
    name: str
    type: TypeRef | None
    decorators: list = field(default_factory=list)


@record(slots=True)
class FuncDecl(Stmt):
    name: str
    params: list
    body: Expr | None
    decorators: list = field(default_factory=list)


@record(slots=True)
class ImportDecl(Stmt):
    """A compile-time import: ``import {a, b as c} from 'x.bicep'`` (``names``: pairs of
    (exported name, local name)) or ``import * as ns from 'x.bicep'`` (``namespace``)."""

    path: str | None
    names: list = field(default_factory=list)
    namespace: str | None = None


@record(slots=True)
class UsingDecl(Stmt):
    path: str | None


@record(slots=True)
class TargetScope(Stmt):
    value: Expr | None


@record(slots=True)
class OtherStmt(Stmt):
    """import, extension, provider, metadata, assert, test: parsed, not translated."""

    kind: str


@record(slots=True)
class Comment:
    rng: Range
    text: str


@record(slots=True)
class SyntaxProblem:
    rng: Range
    message: str
    confirmed: bool = True  # False: valid Bicep, as far as we know, that tree-sitter-bicep cannot read


@record(slots=True)
class ParsedFile:
    source: bytes
    statements: list
    comments: list  # of Comment
    problems: list  # of SyntaxProblem, in source order
    spreads: bool = True  # False: the statements hold no ``...`` spread (the compiler looks for none)
