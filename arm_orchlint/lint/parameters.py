"""Parameter files of a run: read once, their values merged in order, and what a
``.bicepparam`` file is ``using`` (the only place the pipeline knows that kind).

Values come from ``-p`` files (ARM ``deploymentParameters`` JSON or ``.bicepparam``), then
from files given for one template (configuration or a ``.bicepparam`` input), then from
``--param name=value``; a later one wins.
"""

from __future__ import annotations

from arm_orchlint.front.document import Document
from arm_orchlint.front.parameter_files import ParameterError, ParameterValues, values_from_document
from arm_orchlint.front.reading import RefusedRead, read_input, read_named


class ParameterFiles:
    def __init__(self, parameter_files: list[str], params: list[tuple]):
        self.parameter_files = list(parameter_files)
        self.params = list(params)
        self._docs: dict[str, Document] = {}

    def values(self, extra_files: list[str] = ()) -> ParameterValues:
        """The values for one template; ParameterError when a file cannot be used."""
        values: ParameterValues = {}
        for path in self.parameter_files:  # named on the command line
            values.update(values_of(self._document(path)))
        from arm_orchlint.front import checkout

        for path in extra_files:  # for an input: named by a configuration file or a .bicepparam
            values.update(values_of(self._document(path, confined=checkout.active())))
        for name, value in self.params:
            values[name] = (value, None, ())
        return values

    def _document(self, path: str, confined: bool = False) -> Document:
        doc = self._docs.get(path)
        if doc is None:
            try:
                result = read_input(path, read_named(path) if confined else None)
            except RefusedRead as exc:
                raise ParameterError(f"parameter file {path} {exc.reason}; not read") from None
            except OSError as exc:
                raise ParameterError(f"cannot read parameter file {path}: {exc.strerror or exc}") from None
            if result.doc is None:
                message = result.diagnostics[0].message if result.diagnostics else "not a parameter file"
                raise ParameterError(f"{path}: {message}")
            doc = self._docs[path] = result.doc
        return doc


def values_of(doc: Document) -> ParameterValues:
    if doc.kind == "bicepparam":
        from arm_orchlint.evaluation.parameters import bicepparam_values

        return bicepparam_values(doc)
    return values_from_document(doc)


def is_bicepparam(path: str) -> bool:
    return path.lower().endswith(".bicepparam")


def using_target(doc: Document) -> str | None:
    """The template a ``.bicepparam`` document is for (None: none, or not on disk)."""
    from arm_orchlint.front.bicep import frontend

    return frontend.using_target(doc)


def bicepparam_target(path: str) -> str | None:
    """The template the ``.bicepparam`` file at ``path`` is ``using``, or None."""
    from arm_orchlint.front.checkout import confined_to

    try:
        with confined_to(path):
            result = read_input(path, read_named(path))
    except OSError:
        return None
    if result.doc is None or result.kind != "bicepparam":
        return None
    return using_target(result.doc)
