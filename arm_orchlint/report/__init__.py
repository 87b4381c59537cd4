"""Output formats.  Each module has ``render(results, context) -> str``; formatters only format."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

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
