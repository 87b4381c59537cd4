"""Which files to lint: explicit files as given, folders walked for template-like files."""

from __future__ import annotations

import os

from arm_orchlint.core.records import record as dataclass

TEMPLATE_SUFFIXES = (".json", ".jsonc", ".bicep", ".bicepparam")
_SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache"}


@dataclass
class Input:
    path: str  # as the user named it, normalised ("./a//b.json" -> "a/b.json"; relative stays relative)
    explicit: bool  # named on the command line (not found by a folder walk)


def file_identity(path: str) -> str:
    """One key per file however it is spelled (``./x``, ``x``, ``sub/../x``, a symlink):
    inputs, modules and linked templates are compared by it."""
    from arm_orchlint.front.checkout import real_path

    return os.path.normcase(real_path(path))


class DiscoveryError(Exception):
    pass


def discover(paths: list[str]) -> list[Input]:
    """Every path is normalised once, here: a file named twice, or reached again through
    another spelling (``arm-orchlint .`` walks ``./x``), is one input."""
    from arm_orchlint.front.checkout import remembering_folders

    with remembering_folders():  # the files of one folder share its real path
        return _discover(paths)


def _discover(paths: list[str]) -> list[Input]:
    found: list[Input] = []
    seen: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            for path in _walk(given):
                path = os.path.normpath(path)
                key = file_identity(path)
                if key not in seen:
                    seen.add(key)
                    found.append(Input(path, explicit=False))
        elif os.path.exists(given) or os.path.islink(given):
            path = os.path.normpath(given)
            key = file_identity(path)
            if key not in seen:
                seen.add(key)
                found.append(Input(path, explicit=True))
        else:
            raise DiscoveryError(f"path not found: {given}")
    return found


def _walk(root: str) -> list[str]:
    out: list[str] = []
    visited: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        try:
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
        except OSError:
            dirnames[:] = []
            continue
        if key in visited:  # a symlink loop
            dirnames[:] = []
            continue
        visited.add(key)
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        for name in sorted(filenames):
            if name.lower().endswith(TEMPLATE_SUFFIXES):
                out.append(os.path.join(dirpath, name))
    return out


def classify_json(data: object) -> str:
    """'template', 'params' or 'other' for parsed JSON."""
    if not isinstance(data, dict):
        return "other"
    schema = data.get("$schema")
    schema = schema.lower() if isinstance(schema, str) else ""
    if "deploymentparameters" in schema:
        return "params"
    if "resources" in data and ("deploymenttemplate" in schema or "contentVersion" in data or "$schema" in data):
        return "template"
    if "deploymenttemplate" in schema and "resources" not in data and isinstance(data.get("parameters"), dict):
        # Parameter files in the wild sometimes carry the template $schema.
        values = data["parameters"].values()
        if values and all(isinstance(v, dict) and ("value" in v or "reference" in v) for v in values):
            return "params"
    if "deploymenttemplate" in schema:
        return "template"
    return "other"
