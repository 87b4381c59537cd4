"""Output formats.  Each module has ``render(results, context) -> str``; formatters only format."""

from __future__ import annotations

import importlib

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

FORMATS = ("text", "json", "sarif", "github", "azure", "junit")


@dataclass
class ReportContext:
    registry: object
    version: str
    root: str = "."  # SARIF URIs are relative to this folder
    statistics: bool = False
    color: bool = False
    extra: dict = field(default_factory=dict)


def render(fmt: str, results: list, context: ReportContext) -> str:
    # Import only the formatter that is used.
    module = importlib.import_module(f"arm_orchlint.report.{fmt}")
    return module.render(results, context)


def all_findings(results: list) -> list:
    return [f for r in results for f in r.findings]


def reported(results: list) -> list:
    """The findings that count: everything except suppressed ones."""
    return [f for r in results for f in r.findings if f.suppression is None]


def repo_path(path: str, root: str = ".") -> str:
    """``path`` relative to ``root`` with ``/`` separators, or absolute when outside it."""
    import os

    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, os.path.abspath(root))
    except ValueError:
        rel = absolute
    if rel == ".." or rel.startswith(".." + os.sep):
        rel = absolute
    return rel.replace(os.sep, "/")
