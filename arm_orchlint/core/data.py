"""Where the shipped data files are: the rule catalog and the schemas.

Installed, they are the packages ``arm_orchlint.catalog_rules`` and
``arm_orchlint.catalog_schemas``; from a checkout or an editable install they are the
repository's top-level ``rules/`` and ``schemas/`` folders.  Plain ``os.path``:
``importlib.resources`` and ``pathlib`` would add their imports to every run's start-up.

A built package also holds the rule files once more as one file, ``CATALOG_BUNDLE`` (written
by ``setup.py`` at build time from the very files it ships): a run then reads and parses one
file instead of ~90, about 1 ms of a small file's run.  A checkout has no bundle.
"""

from __future__ import annotations

import os

CATALOG_BUNDLE = "_catalog.bundle"  # (not *.json: the rule files are the folder's *.json)

_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # arm_orchlint/


def data_folder(kind: str) -> str:
    """The folder of ``kind`` ("rules" or "schemas") as a string path."""
    installed = os.path.join(_PACKAGE, f"catalog_{kind}")
    return installed if os.path.isdir(installed) else os.path.join(os.path.dirname(_PACKAGE), kind)


def read_schema(name: str) -> str:
    """The text of a shipped schema file."""
    with open(os.path.join(data_folder("schemas"), name), encoding="utf-8") as fh:
        return fh.read()


def write_catalog_bundle(folder: str) -> None:
    """Build step: the ``*.json`` rule files of ``folder`` as one JSON object (file name ->
    its parsed content, in file-name order) in ``folder/CATALOG_BUNDLE``.  Stdlib only:
    ``setup.py`` runs it without importing the package."""
    import json

    content = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                content[name] = json.load(fh)
    with open(os.path.join(folder, CATALOG_BUNDLE), "w", encoding="utf-8") as fh:
        json.dump(content, fh)


def read_catalog_bundle(folder: str) -> dict | None:
    """The bundle of ``folder`` (see ``write_catalog_bundle``); None when it has none."""
    try:
        with open(os.path.join(folder, CATALOG_BUNDLE), "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        return None
    import json

    return json.loads(raw.decode("utf-8"))
