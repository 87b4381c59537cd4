"""Where each part of a compiled Bicep template is written.

``SourceMapLocator`` maps JSON pointers (tuples) inside the compiled template to ``Span``s
in the Bicep file that produced them.  A module's compiled template is *mounted* under the
pointer of its ``template`` property, so its pointers map into the module's own file.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Callable

from arm_orchlint.core.source import Span
from arm_orchlint.front.bicep.nodes import Range
from arm_orchlint.front.document import Comments


class LineText:
    """Turns ranges (byte offsets; rows and UTF-8 byte columns counted from them) into
    ``Span``s with 1-based UTF-16 columns, as editors and SARIF count them."""

    __slots__ = ("path", "source")

    def __init__(self, path: str, source: bytes):
        self.path = path
        self.source = source

    def _col(self, byte_offset: int, byte_col: int) -> int:
        prefix = self.source[byte_offset - byte_col : byte_offset]
        if prefix.isascii():
            return byte_col + 1
        return len(prefix.decode("utf-8", "replace").encode("utf-16-le")) // 2 + 1

    def span(self, rng: Range) -> Span:
        start, end, lines = rng
        start_row, start_col = lines.point(start)
        end_row, end_col = lines.point(end)
        return Span(self.path, start_row + 1, self._col(start, start_col), end_row + 1, self._col(end, end_col))


class LazyComments:
    """A file's comments as ``Comment``s (each with its span), made when first asked for:
    most files hold no suppression, and then only the comments' texts are ever read
    (``_BicepComments.mentions``).  Called, it gives the same list every time."""

    __slots__ = ("texts", "_make", "_made")

    def __init__(self, parsed: list, make: Callable[[], list]):
        self.texts = [c.text for c in parsed]  # what each Comment's text will be
        self._make = make
        self._made: list | None = None

    def __call__(self) -> list:
        if self._made is None:
            self._made = self._make()
            self._make = None
        return self._made


class _BicepComments(Comments):
    """``Comments`` whose ``mentions`` reads the comments' texts without making them."""

    __slots__ = ()

    def mentions(self, word: str) -> bool:
        # (what ``Comments.mentions`` decides: whether some comment of some path holds ``word``)
        for found in self._by_path.values():
            texts = found.texts if isinstance(found, LazyComments) else [c.text for c in found or ()]
            if any(word in text for text in texts):
                return True
        return False


class SourceMapLocator:
    """``span(pointer)``: the Bicep span of the value at ``pointer`` in the compiled template.

    A pointer that was not recorded maps to its nearest recorded ancestor (a value computed
    by the evaluator inside a property maps to that property).
    """

    def __init__(self, lines: LineText):
        self._lines = lines
        self._ranges: dict[tuple, Range] = {}
        self.ranges = self._ranges  # pointer -> range, for the compiler's writes without a call
        self._mounts: dict[tuple, "SourceMapLocator"] = {}
        self._aliases: dict[tuple, tuple] = {}
        self._comments: dict[str, list] = {}

    @property
    def path(self) -> str:
        return self._lines.path

    def record(self, pointer: tuple, rng: Range | None) -> None:
        if rng is not None:
            self._ranges[pointer] = rng

    def record_default(self, pointer: tuple, rng: Range | None) -> None:
        """Record only when nothing more precise is there yet."""
        if rng is not None and pointer not in self._ranges:
            self._ranges[pointer] = rng

    def alias(self, expanded: tuple, written: tuple) -> None:
        """``expanded + (i, *rest)`` is written at ``written + rest`` (a ``copy`` loop's
        element ``i`` comes from the loop's ``input``)."""
        self._aliases[expanded] = written

    def mount(self, pointer: tuple, child: "SourceMapLocator") -> None:
        self._mounts[pointer] = child
        for path, comments in child._comments.items():
            self._comments.setdefault(path, comments)

    def set_comments(self, path: str, comments: list) -> None:
        self._comments[path] = comments

    def comment_index(self) -> Comments:
        """The comments of this file and of the local modules mounted in it, by path."""
        return _BicepComments(self._comments)

    def span(self, pointer: tuple) -> Span | None:
        pointer = tuple(pointer)
        for expanded, written in self._aliases.items():
            n = len(expanded)
            if len(pointer) > n and pointer[:n] == expanded and isinstance(pointer[n], int):
                found = self.span(written + pointer[n + 1 :])
                if found is not None:
                    return found
        if self._mounts:
            for depth in range(len(pointer), -1, -1):
                child = self._mounts.get(pointer[:depth])
                if child is not None:
                    found = child.span(pointer[depth:])
                    if found is not None:
                        return found
                    break
        for depth in range(len(pointer), -1, -1):
            rng = self._ranges.get(pointer[:depth])
            if rng is not None:
                return self._lines.span(rng)
        return None

    def exact(self, pointer: tuple) -> tuple[LineText, Range] | None:
        """Where exactly ``pointer`` is written (its file's text and its range), or None
        when it was not recorded itself (no fallback to an ancestor): for text edits."""
        pointer = tuple(pointer)
        for expanded, written in self._aliases.items():
            n = len(expanded)
            if len(pointer) > n and pointer[:n] == expanded and isinstance(pointer[n], int):
                found = self.exact(written + pointer[n + 1 :])
                if found is not None:
                    return found
        if self._mounts:
            for depth in range(len(pointer), -1, -1):
                child = self._mounts.get(pointer[:depth])
                if child is not None:
                    return child.exact(pointer[depth:])
        rng = self._ranges.get(pointer)
        return None if rng is None else (self._lines, rng)

    def pointers(self) -> list:
        """Every recorded pointer of this file (mounted modules not included); for tests."""
        return list(self._ranges)
