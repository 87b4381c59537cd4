"""``.bicepparam`` files: ``using '<template>'`` and ``param name = value``.

tree-sitter-bicep 1.1.0 reads ``param x = 1`` (no type) as a broken parameter
declaration, so the text is parsed with every statement-leading ``param`` keyword
replaced by ``var  `` (same length: positions do not move), and the resulting variable
declarations are read as parameter values.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.source import Span
from arm_orchlint.front.bicep import nodes as N
from arm_orchlint.front.bicep import syntax
from arm_orchlint.front.bicep.expressions import Translator, as_value, is_expression
from arm_orchlint.front.bicep.sourcemap import LineText
from arm_orchlint.front.bicep.symbols import Symbols

_PARAM_KEYWORD = re.compile(rb"(?m)^([ \t]*)param(?=[ \t])")


def rewrite_params(text: str) -> str:
    """Same-length rewrite of line-leading ``param`` keywords into ``var  ``."""
    source = text.encode("utf-8")
    return _PARAM_KEYWORD.sub(lambda m: m.group(1) + b"var  ", source).decode("utf-8")


def load_bicepparam(path: str, text: str, *, read_file: Any = None) -> tuple[str | None, dict]:
    """``(using_path_or_None, {name: (value, span)})``.

    ``value`` is a plain JSON value when the Bicep expression is made of literals, and an
    ARM expression string (``"[...]"``) otherwise; deployment-time inputs such as
    ``readEnvironmentVariable(...)`` become calls the evaluator reports as Unknown.
    ``span`` covers ``param name = value``.  Syntax problems are in ``problems(path, text)``.
    """
    using, values, _ = parse_bicepparam(path, text, read_file=read_file)
    return using, values


def parse_bicepparam(path: str, text: str, *, read_file: Any = None) -> tuple[str | None, dict, list]:
    """Like ``load_bicepparam``, plus a list of ``(rule id, message, Span)`` syntax problems."""
    if text.startswith("\ufeff"):
        text = text[1:]
    original = text.encode("utf-8")
    parsed = syntax.parse(rewrite_params(text))
    lines = LineText(path, parsed.source)
    symbols = Symbols()
    decls = [s for s in parsed.statements if isinstance(s, N.VarDecl)]
    symbols.variables = {d.name for d in decls}
    translator = Translator(path, symbols, read_file or _no_files)
    using: str | None = None
    values: dict[str, tuple[Any, Span]] = {}
    local: dict[str, str] = {}
    for s in parsed.statements:
        if isinstance(s, N.UsingDecl):
            using = s.path
    # a later param may use an earlier one (or a bicepparam ``var``): inline their text
    for d in decls:
        ok, static = translator.static(d.value)
        if ok:
            value = static
        else:
            value = translator.value(d.value, local)
        if original.startswith(b"param", d.rng[0]):
            values[d.name] = (value, lines.span(d.rng))
        local[d.name] = _expression_text(value)
    problems = [(*syntax.problem_report(p), lines.span(p.rng)) for p in parsed.problems]
    return using, values, problems


def _expression_text(value: Any) -> str:
    from arm_orchlint.front.bicep.expressions import expression_text

    return expression_text(value)


def _no_files(path: str) -> str:
    raise OSError(f"no file reader given for {path}")


__all__ = ["load_bicepparam", "parse_bicepparam", "rewrite_params", "as_value", "is_expression"]
