"""SARIF 2.1.0 for GitHub code scanning and SARIF viewers.

One run per SARIF file, every rule of the catalog in ``tool.driver.rules``, results with
full regions on the offending property, repo-relative POSIX URIs, stable
``partialFingerprints`` and ``results: []`` when clean.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from .. import PROJECT_URL

_LEVEL = {"error": "error", "warning": "warning", "note": "note"}
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}


def artifact_uri(path: str, root: str) -> tuple[str, str | None]:
    """(uri, uriBaseId): relative to ``root`` when inside it, else an absolute file URI."""
    absolute = os.path.abspath(path)
    root_abs = os.path.abspath(root)
    rel = os.path.relpath(absolute, root_abs) if os.path.splitdrive(absolute)[0] == os.path.splitdrive(root_abs)[0] else None
    if rel is not None and not rel.startswith(".."):
        return quote(Path(rel).as_posix(), safe="/"), "%SRCROOT%"
    return Path(absolute).as_uri(), None


def first_paragraph(markdown: str) -> str:
    para = markdown.strip().split("\n\n")[0]
    para = re.sub(r"^#+\s*", "", para)
    return re.sub(r"[`*]", "", para).strip()


def rule_descriptor(rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": first_paragraph(rule.explanation) or rule.summary},
        "help": {"text": rule.explanation, "markdown": rule.explanation},
        "helpUri": f"{PROJECT_URL}/blob/main/docs/rules/{rule.id}.md",
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "tags": ["azure", "arm", "vmss", *rule.tags],
            "precision": "high",
            "problem.severity": _PROBLEM_SEVERITY[rule.severity],
        },
    }


def _location(span, root: str, message: str | None = None) -> dict:
    uri, base = artifact_uri(span.path, root)
    artifact = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    loc = {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": span.line, "startColumn": span.col, "endLine": span.end_line, "endColumn": span.end_col},
        }
    }
    if message:
        loc["message"] = {"text": message}
    return loc


def result_for(f, rule_index: dict, root: str) -> dict:
    result = {
        "ruleId": f.rule_id,
        "level": _LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [],
        "partialFingerprints": {"armOrchlint/v1": f.fingerprint},
    }
    if f.rule_id in rule_index:
        result["ruleIndex"] = rule_index[f.rule_id]
    if f.span is not None:
        loc = _location(f.span, root)
    else:
        uri, base = artifact_uri(f.path, root)
        loc = {"physicalLocation": {"artifactLocation": {"uri": uri, **({"uriBaseId": base} if base else {})}}}
    if f.resource:
        fq = f.resource if not f.property_path else f"{f.resource}.{f.property_path}"
        loc["logicalLocations"] = [
            {"name": f.resource, "fullyQualifiedName": fq, "kind": "resource", **({"decoratedName": f.resource_type} if f.resource_type else {})}
        ]
    result["locations"].append(loc)
    if f.related:
        result["relatedLocations"] = [dict(_location(r.span, root, r.message), id=i + 1) for i, r in enumerate(f.related)]
    if f.suppression is not None:
        result["suppressions"] = [{"kind": f.suppression.kind, "justification": f.suppression.justification}]
    return result


def render(results, context) -> str:
    rules = context.registry.rules
    rule_index = {r.id: i for i, r in enumerate(rules)}
    root = context.root
    sarif_results = [result_for(f, rule_index, root) for r in results for f in r.findings]
    run = {
        "tool": {
            "driver": {
                "name": "arm-orchlint",
                "version": context.version,
                "semanticVersion": context.version,
                "informationUri": PROJECT_URL,
                "rules": [rule_descriptor(r) for r in rules],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.path.abspath(root)).as_uri().rstrip("/") + "/"}},
        "columnKind": "utf16CodeUnits",
        "results": sarif_results,
    }
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
