"""SARIF 2.1.0 for GitHub code scanning and SARIF viewers.

Exactly one run per SARIF file (code scanning no longer merges several runs of one tool),
every rule of the catalog in ``tool.driver.rules``, results with full regions on the
offending property, percent-encoded POSIX URIs relative to ``--root`` (with
``uriBaseId: %SRCROOT%``), ``logicalLocations`` for the resource, related locations for
parameter values, suppressed findings kept with ``suppressions`` and ``results: []``
when clean.

Fingerprints come from the finding's logical identity -- rule, root-relative path,
resource and property path, never the line -- so an alert survives edits that move it:
``armOrchlint/v1`` holds the full hash, and ``primaryLocationLineHash`` (the only key
GitHub reads) holds a shortened form with an occurrence counter, as GitHub's own hashes do.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from arm_orchlint.report.escape import json_encodable

_LEVEL = {"error": "error", "warning": "warning", "note": "note"}
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}


def artifact_uri(path: str, root: str) -> tuple[str, str | None]:
    """(uri, uriBaseId): relative to ``root`` when inside it, else an absolute file URI."""
    absolute = os.path.abspath(path)
    root_abs = os.path.abspath(root)
    rel = (
        os.path.relpath(absolute, root_abs)
        if os.path.splitdrive(absolute)[0] == os.path.splitdrive(root_abs)[0]
        else None
    )
    if rel is not None and not rel.startswith(".."):
        return quote(_path_bytes(Path(rel).as_posix()), safe="/"), "%SRCROOT%"
    return file_uri(absolute), None


def file_uri(absolute: str) -> str:
    try:
        return Path(absolute).as_uri()
    except UnicodeEncodeError:  # a name that is not even surrogate-escaped bytes
        return "file://" + quote(_path_bytes(Path(absolute).as_posix()), safe="/")


def _path_bytes(path: str) -> bytes:
    """The name's bytes as the file system holds them (an undecodable name included)."""
    try:
        return os.fsencode(path)
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogatepass")


def first_paragraph(markdown: str) -> str:
    para = markdown.strip().split("\n\n")[0]
    para = re.sub(r"^#+\s*", "", para)
    return re.sub(r"[`*]", "", para).strip()


MAX_TAGS = 20


def help_uri(rule, base: str | None = None) -> str | None:
    """The rule's page in the repository docs (``base``: the project URL from the package
    metadata; no link when there is none); a plugin rule links its first source."""
    if rule.origin == "builtin":
        from arm_orchlint.core.project import rule_page

        return rule_page(rule.id, base)
    for src in rule.sources:
        if src.get("url"):
            return src["url"]
    return None


def _sources_markdown(rule) -> str:
    lines = []
    for src in rule.sources:
        lines.append(f"- [{src['title']}]({src['url']})" if src.get("url") else f"- {src['title']}")
    return "\n\nSources:\n\n" + "\n".join(lines) if lines else ""


def _plain(markdown: str) -> str:
    text = re.sub(r"\*\*([^*]+)\*\*", r"\1", markdown)
    return re.sub(r"\[([^\]]+)\]\((\S+)\)", r"\1 <\2>", text)


def plain_text(markdown: str) -> str:
    """A one-line Markdown summary as plain text (``shortDescription`` is shown verbatim)."""
    text = _plain(markdown)
    return re.sub(r"`([^`]*)`", r"\1", text).replace("**", "")


def rule_descriptor(rule, base: str | None = None) -> dict:
    tags: list[str] = []
    for tag in ["azure", "arm", "vmss", *rule.tags]:
        if tag and tag not in tags:
            tags.append(tag)
    markdown = f"**{rule.id} {rule.name}** ({rule.severity}; modes: {', '.join(rule.modes)})\n\n{rule.summary}\n\n{rule.explanation.strip()}{_sources_markdown(rule)}"
    descriptor = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": plain_text(rule.summary)},
        "fullDescription": {"text": first_paragraph(rule.explanation) or rule.summary},
        "help": {"text": _plain(markdown), "markdown": markdown},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "tags": tags[:MAX_TAGS],
            "precision": "high",
            "problem.severity": _PROBLEM_SEVERITY[rule.severity],
        },
    }
    uri = help_uri(rule, base)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def logical_fingerprint(f, uri: str) -> str:
    identity = "\x1f".join((f.rule_id, uri, f.resource or "", f.property_path or ""))
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()


def _location(span, root: str, message: str | None = None) -> dict:
    uri, base = artifact_uri(span.path, root)
    artifact = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    loc = {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {
                "startLine": span.line,
                "startColumn": span.col,
                "endLine": span.end_line,
                "endColumn": span.end_col,
            },
        }
    }
    if message:
        loc["message"] = {"text": message}
    return loc


def result_for(f, rule_index: dict, root: str, seen: dict | None = None) -> dict:
    uri, _ = artifact_uri(f.path, root)
    fingerprint = logical_fingerprint(f, uri)
    if seen is None:
        seen = {}
    seen[fingerprint] = occurrence = seen.get(fingerprint, 0) + 1
    result = {
        "ruleId": f.rule_id,
        "level": _LEVEL[f.severity],
        "message": {"text": linked_message(f)},
        "locations": [],
        "partialFingerprints": {
            "armOrchlint/v1": fingerprint[:32],
            "primaryLocationLineHash": f"{fingerprint[:16]}:{occurrence}",
        },
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
            {
                "name": f.resource,
                "fullyQualifiedName": fq,
                "kind": "resource",
                **({"decoratedName": f.resource_type} if f.resource_type else {}),
            }
        ]
    result["locations"].append(loc)
    if f.related:
        result["relatedLocations"] = [_related(r, i + 1, root) for i, r in enumerate(f.related)]
    if f.suppression is not None:
        result["suppressions"] = [{"kind": f.suppression.kind, "justification": f.suppression.justification}]
    if f.fix is not None and f.fix.edits and len(f.fix.spans) == len(f.fix.edits):
        result["fixes"] = [sarif_fix(f.fix, root)]
    return result


def sarif_fix(fix, root: str) -> dict:
    """SARIF 2.1.0 ``fix``: one ``artifactChange`` per file, each edit a ``replacement`` of
    a region (an insertion deletes an empty region) by ``insertedContent``."""
    changes: dict[str, dict] = {}
    for edit, span in zip(fix.edits, fix.spans):
        change = changes.get(edit.path)
        if change is None:
            uri, base = artifact_uri(edit.path, root)
            location = {"uri": uri, **({"uriBaseId": base} if base else {})}
            change = changes[edit.path] = {"artifactLocation": location, "replacements": []}
        region = {"startLine": span.line, "startColumn": span.col, "endLine": span.end_line, "endColumn": span.end_col}
        change["replacements"].append({"deletedRegion": region, "insertedContent": {"text": edit.text}})
    title = fix.title if fix.safe else f"{fix.title} (unsafe: may change behaviour)"
    return {
        "description": {"text": title},
        "artifactChanges": list(changes.values()),
        "properties": {"applicability": "safe" if fix.safe else "unsafe"},
    }


def _escape_brackets(text: str) -> str:
    """SARIF embedded links: a literal ``[`` or ``]`` is written ``\\[`` / ``\\]``."""
    return text.replace("[", "\\[").replace("]", "\\]")


def linked_message(f) -> str:
    """The message, with each related location referenced as ``[text](id)`` so that code
    scanning and SARIF viewers link it (SARIF 3.11.6, embedded links)."""
    if not f.related:
        return f.message
    links = ", ".join(f"[{_escape_brackets(r.message)}]({i + 1})" for i, r in enumerate(f.related))
    return f"{_escape_brackets(f.message)} (see {links})"


def _related(r, index: int, root: str) -> dict:
    if not getattr(r, "on_disk", True):
        # the old version at a git revision (--against): not a file of this checkout, so
        # no physical location; the message says where it is
        return {"id": index, "message": {"text": r.message}}
    return dict(_location(r.span, root, r.message), id=index)


DEFAULT_CATEGORY = "arm-orchlint"


def render(results, context) -> str:
    from arm_orchlint.core.project import project_url

    rules = context.registry.rules
    rule_index = {r.id: i for i, r in enumerate(rules)}
    root = context.root
    seen: dict = {}
    omit_suppressed = bool(context.extra.get("sarif_omit_suppressed"))
    sarif_results = [
        result_for(f, rule_index, root, seen)
        for r in results
        for f in r.findings
        if not (omit_suppressed and f.suppression is not None)
    ]
    base = project_url()
    driver = {
        "name": "arm-orchlint",
        "fullName": f"arm-orchlint {context.version}",
        "version": context.version,
        "semanticVersion": context.version,
    }
    if base:
        driver["informationUri"] = base
    driver["rules"] = [rule_descriptor(r, base) for r in rules]
    # category/ (no run id): code scanning keeps one set of alerts per category, so two
    # uploads with different categories (e.g. per template set) do not close each other's
    category = context.extra.get("sarif_category") or DEFAULT_CATEGORY
    run = {
        "tool": {"driver": driver},
        "automationDetails": {"id": category if category.endswith("/") else category + "/"},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": file_uri(os.path.abspath(root)).rstrip("/") + "/"}},
        "invocations": [{"executionSuccessful": True}],
        "columnKind": "utf16CodeUnits",
        "results": sarif_results,
    }
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json_encodable(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


# GitHub code scanning rejects a SARIF upload past these (docs: "SARIF results file limits").
MAX_RESULTS_PER_RUN = 25_000
MAX_GZIP_BYTES = 10 * 1024 * 1024


def upload_limit_warnings(text: str, where: str | None) -> list[str]:
    """Warnings when the SARIF is larger than code scanning accepts."""
    out = []
    name = where or "the SARIF output"
    count = text.count('"ruleId": ')  # one per result; rules carry "id", not "ruleId"
    if count > MAX_RESULTS_PER_RUN:
        out.append(
            f"{name}: {count} results, over GitHub code scanning's limit of {MAX_RESULTS_PER_RUN:,} per run "
            "(only the first 5,000 are kept); narrow the run with --select or per-file-ignores"
        )
    data = text.encode("utf-8", "backslashreplace")
    if len(data) > MAX_GZIP_BYTES:  # gzip never makes JSON this size larger, so only then compress
        import gzip

        size = len(gzip.compress(data, compresslevel=6))
        if size > MAX_GZIP_BYTES:
            out.append(
                f"{name}: {size / 1048576:.1f} MB gzip-compressed, over GitHub code scanning's upload limit of "
                f"{MAX_GZIP_BYTES // 1048576} MB"
            )
    return out
