"""Unsaved editor buffers that stand in for files on disk.

The language server lints what the editor shows, not what was last saved: while
``open_buffers`` is active, every file a lint reads (the input, a Bicep module, a linked
template, a ``.bicepparam`` file's template, a parameter file) comes from the buffer of
that path when there is one.  Outside it nothing changes: the command line never sets it,
and the lookup is one test of an empty dict.
"""

from __future__ import annotations

import os

_BUFFERS: dict[str, str] = {}  # normalised absolute path -> text
_READS: list[set[str]] = []  # the paths asked for, while an ``open_buffers`` records them


def _key(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def buffer_text(path: str) -> str | None:
    """The open buffer's text for ``path``, or None (read the disk)."""
    if not _BUFFERS:
        return None
    key = _key(path)
    if _READS:
        _READS[-1].add(key)
    return _BUFFERS.get(key)


class open_buffers:
    """``with open_buffers({path: text}) as b:`` reads of those paths return the text, and
    ``b.reads`` collects every path read meanwhile (normalised absolute paths): the files
    a lint depends on, so that an edit of one of them can re-lint the file."""

    def __init__(self, texts: dict[str, str]):
        self.texts = {_key(p): t for p, t in texts.items()}
        self.saved: dict[str, str] = {}
        self.reads: set[str] = set()

    def __enter__(self) -> open_buffers:
        self.saved = dict(_BUFFERS)
        _BUFFERS.update(self.texts)
        _READS.append(self.reads)
        return self

    def __exit__(self, *exc) -> None:
        _READS.remove(self.reads)
        _BUFFERS.clear()
        _BUFFERS.update(self.saved)
