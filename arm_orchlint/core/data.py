"""Where the shipped data files are: the rule catalog and the schemas.

Installed, they are the packages ``arm_orchlint.catalog_rules`` and
``arm_orchlint.catalog_schemas``; from a checkout or an editable install they are the
repository's top-level ``rules/`` and ``schemas/`` folders.  Plain ``os.path``:
``importlib.resources`` and ``pathlib`` would add their imports to every run's start-up.
"""

from __future__ import annotations

import os

_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # arm_orchlint/


def data_folder(kind: str) -> str:
    """The folder of ``kind`` ("rules" or "schemas") as a string path."""
    installed = os.path.join(_PACKAGE, f"catalog_{kind}")
    return installed if os.path.isdir(installed) else os.path.join(os.path.dirname(_PACKAGE), kind)


def read_schema(name: str) -> str:
    """The text of a shipped schema file."""
    with open(os.path.join(data_folder("schemas"), name), encoding="utf-8") as fh:
        return fh.read()
