"""Linting text that is not (yet) on disk as a given path: standard input, an editor buffer.

``lint_text(linter, path, text)`` lints ``text`` as if it were the content of ``path``
(the path decides the front end, names the findings and anchors relative paths: modules,
linked templates, a ``.bicepparam`` file's ``using``).  ``others`` maps further paths to
texts that replace the disk for anything the lint reads (the editor's other open files);
``reads``, when given, receives every file the lint read (normalised absolute paths).
"""

from __future__ import annotations

from arm_orchlint.core.overlay import overlaid

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from arm_orchlint.lint.engine import FileResult, Linter


def lint_text(
    linter: Linter,
    path: str,
    text: str,
    parameter_files: list[str] = (),
    others: dict[str, str] | None = None,
    reads: set[str] | None = None,
) -> FileResult:
    raw = text.encode("utf-8")
    if not others and reads is None:
        return linter.lint_job(path, list(parameter_files), raw=raw)
    contents = {p: t.encode("utf-8") for p, t in (others or {}).items()}
    with overlaid({**contents, path: raw}) as overlay:
        result = linter.lint_job(path, list(parameter_files), raw=raw)
    if reads is not None:
        reads |= overlay.reads
    return result
