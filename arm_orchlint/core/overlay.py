"""File contents that stand in for what is on disk, for one run.

``--diff`` and the fixed-point driver lint texts that were fixed in memory: every reader
of template files (the input reader, Bicep modules, linked templates) asks here first.
The language server lints editor buffers the same way, and asks ``overlaid(..).reads``
which files a lint read (so that editing a module re-lints the files that use it)."""

from __future__ import annotations

import os

_CONTENTS: dict[str, bytes] = {}
_READS: list[set[str]] = []  # the paths asked for, while an ``overlaid`` collects them


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def active() -> bool:
    """Whether some file has a stand-in text now (then reads are also being collected)."""
    return bool(_CONTENTS)


def lookup(path: str) -> bytes | None:
    """The stand-in bytes of ``path``, or None (then read the file)."""
    if not _CONTENTS:
        return None
    key = _key(path)
    if _READS:
        _READS[-1].add(key)
    return _CONTENTS.get(key)


class overlaid:
    """``with overlaid({path: bytes}) as o:`` readers see these contents for these paths;
    ``o.reads`` collects every path looked up meanwhile (normalised absolute paths)."""

    def __init__(self, contents: dict[str, bytes]):
        self._contents = {_key(p): b for p, b in contents.items()}
        self._saved: dict[str, bytes] = {}
        self.reads: set[str] = set()

    def __enter__(self):
        self._saved = dict(_CONTENTS)
        _CONTENTS.update(self._contents)
        _READS.append(self.reads)
        return self

    def __exit__(self, *exc):
        _READS.remove(self.reads)
        _CONTENTS.clear()
        _CONTENTS.update(self._saved)
        return False
