"""File contents that stand in for what is on disk, for one run.

``--diff`` and the fixed-point driver lint texts that were fixed in memory: every reader
of template files (the input reader, Bicep modules, linked templates) asks here first."""

from __future__ import annotations

import os

_CONTENTS: dict[str, bytes] = {}


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def lookup(path: str) -> bytes | None:
    """The stand-in bytes of ``path``, or None (then read the file)."""
    if not _CONTENTS:
        return None
    return _CONTENTS.get(_key(path))


class overlaid:
    """``with overlaid({path: bytes}):`` readers see these contents for these paths."""

    def __init__(self, contents: dict[str, bytes]):
        self._contents = {_key(p): b for p, b in contents.items()}
        self._saved: dict[str, bytes] = {}

    def __enter__(self):
        self._saved = dict(_CONTENTS)
        _CONTENTS.update(self._contents)
        return self

    def __exit__(self, *exc):
        _CONTENTS.clear()
        _CONTENTS.update(self._saved)
        return False
