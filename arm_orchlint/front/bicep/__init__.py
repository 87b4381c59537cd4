"""The Bicep front end: Bicep files compile into the same ARM template shape as JSON
templates (``languageVersion`` 2.0, symbolic resources), with a source map back to the
Bicep text, so the evaluator and the rules never know the input was Bicep.

* ``compile_bicep(path, text, *, read_file=None) -> Document`` (``compile.py``); problems
  are in ``document.diagnostics``.
* ``load_bicepparam(path, text) -> (using_path_or_None, {name: (value, Span)})`` (``params.py``).

tree-sitter is only imported when a Bicep file is actually parsed.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any


def compile_bicep(path: str, text: str, *, read_file: Any = None) -> Any:
    from arm_orchlint.front.bicep.compile import compile_bicep as _compile

    return _compile(path, text, read_file=read_file)


def load_bicepparam(path: str, text: str, *, read_file: Any = None) -> Any:
    from arm_orchlint.front.bicep.params import load_bicepparam as _load

    return _load(path, text, read_file=read_file)


__all__ = ["compile_bicep", "load_bicepparam"]
