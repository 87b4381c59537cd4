"""The one safe reader of files: no blocking on a FIFO, regular files only, a size limit,
and -- for files a template names -- confinement to the checkout (``checkout.py``)."""

from __future__ import annotations

import os
import stat

from arm_orchlint.core.overlay import lookup

MAX_FILE_BYTES = 64 * 1024 * 1024  # larger inputs are reported, not read
# From this size on, an input may be mapped into memory instead of read (``read_bytes``).
MAP_FROM_BYTES = 4 * 1024 * 1024


class NotARegularFile(OSError):
    """A FIFO, device or socket: skipped, since reading it could block forever or never end."""


def _nonblocking(path, flags):
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read_bytes(path: str, mapped: bool = False):
    """The file's bytes.  ``mapped``: a large regular file may come back as a read-only
    ``mmap`` instead, for ``decode_bytes`` to decode (and close)."""
    stand_in = lookup(path)
    if stand_in is not None:  # a text fixed in memory (--diff, the fix driver)
        return stand_in
    # Opened without blocking, so that a FIFO without a writer cannot hang the run.
    with open(path, "rb", opener=_nonblocking) as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(f"{path} is not a regular file")
        if mapped and MAP_FROM_BYTES <= info.st_size <= MAX_FILE_BYTES:
            mapping = _mapping(fh.fileno(), info.st_size)
            if mapping is not None:
                return mapping
        # Ask for the size the file says it has (plus one byte to notice growth): asking for
        # the limit makes Python allocate a buffer of 64 MiB for every file.
        want = min(info.st_size, MAX_FILE_BYTES) + 1
        data = fh.read(want)
        if len(data) == want and want <= MAX_FILE_BYTES:  # longer than it said (or /proc-like): read on
            data += fh.read(MAX_FILE_BYTES + 1 - want)
        return data


def _mapping(fd: int, size: int):
    """A read-only mapping of a large file, or None when it cannot be mapped.  Decoding from
    the mapping skips copying the file into fresh memory first: for 18 MB that copy and its
    page faults cost as much as the decoding (~8 ms).  (A file cut short while it is mapped
    would fault on reading, so the mapping lives only until it is decoded; mmap itself
    refuses a file already shorter than ``size``.)"""
    import mmap

    try:
        return mmap.mmap(fd, size, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None


class RefusedRead(OSError):
    """A file a template names that the linter will not read: outside the checkout, inside
    ``.git``, not a regular file, or over the size limit.  ``reason`` completes "the file ..."."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path} {reason}; not read")
        self.path = path
        self.reason = reason


def read_named(path: str, named_from: str | None = None, *, size_checked: bool = True, mapped: bool = False):
    """The one reader for files a template names (modules, ``load*`` functions, linked
    templates, ``using`` targets) and files found by walking a folder: confined to the
    checkout (symlinks resolved first), regular files only, never more than the size limit.
    Raises ``RefusedRead`` (an OSError) or the OSError of the read.  ``size_checked=False``
    returns a too large file's first bytes (one past the limit) for the caller to report;
    ``mapped``: see ``read_bytes``."""
    from arm_orchlint.front.checkout import refusal

    stand_in = lookup(path)
    if stand_in is not None:  # a text fixed in memory (--diff, the fix driver)
        return stand_in
    real, why = refusal(path, named_from)
    if why is not None:
        raise RefusedRead(path, why)
    try:
        data = read_bytes(real, mapped)
    except NotARegularFile:
        raise RefusedRead(path, "is not a regular file") from None
    if size_checked and len(data) > MAX_FILE_BYTES:
        raise RefusedRead(path, f"is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit")
    return data
