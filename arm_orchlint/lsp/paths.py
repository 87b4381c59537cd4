"""File URIs <-> paths (only ``file:`` URIs are linted)."""

from __future__ import annotations

import os

from pygls.uris import from_fs_path, to_fs_path


def uri_to_path(uri: str) -> str | None:
    if not uri.startswith("file:"):
        return None
    return to_fs_path(uri)


def path_to_uri(path: str) -> str:
    return from_fs_path(os.path.abspath(path)) or path


def key(path: str) -> str:
    """One spelling per file, as ``core.overlay`` records reads."""
    return os.path.normcase(os.path.abspath(path))


LINTED_SUFFIXES = (".json", ".jsonc", ".bicep", ".bicepparam")


def is_linted(path: str) -> bool:
    return path.lower().endswith(LINTED_SUFFIXES)
