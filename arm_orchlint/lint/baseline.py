"""A baseline for adopting the linter on a repository that already has findings
(checkov's ``--create-baseline``, ruff's ``--add-noqa``).

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` (or the
configuration's ``baseline``) then reports only findings that are not in it, and names the
entries that no longer match anything (fixed, or changed beyond recognition), so that the
file can shrink.

A finding is identified by rule, file (relative to the baseline file's folder), resource
and property path -- never its line or column, nor its message (which may quote a value) --
so entries survive unrelated edits and lines moving.  Findings with the same identity (a
tool finding without a resource, say) are matched by count.
"""

from __future__ import annotations

import hashlib
import json
import os

FORMAT_VERSION = 1


class BaselineError(Exception):
    """An unreadable or malformed baseline file (exit code 2)."""


def _relative(path: str, folder: str) -> str:
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, folder)
    except ValueError:  # another drive
        rel = absolute
    if rel == ".." or rel.startswith(".." + os.sep):
        rel = absolute
    return rel.replace(os.sep, "/")


def identity(finding, folder: str) -> tuple[str, str, str, str]:
    return (finding.rule_id, _relative(finding.path, folder), finding.resource or "", finding.property_path or "")


def fingerprint(key: tuple) -> str:
    return hashlib.sha256("\x1f".join(key).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _reported(results):
    return [f for r in results for f in r.findings if f.suppression is None]


def baseline_text(path: str, results) -> tuple[str, int]:
    """The baseline file for ``path`` recording every reported finding of ``results``, and
    how many it holds (the command line writes it, as it writes reports)."""
    folder = os.path.dirname(os.path.abspath(path))
    entries = []
    for f in _reported(results):
        key = identity(f, folder)
        entries.append(
            {
                "fingerprint": fingerprint(key),
                "rule": key[0],
                "path": key[1],
                "resource": key[2],
                "property": key[3],
                "message": f.message,  # for the reader; not matched
            }
        )
    entries.sort(key=lambda e: (e["path"], e["rule"], e["resource"], e["property"], e["message"]))
    doc = {"arm-orchlint-baseline": FORMAT_VERSION, "findings": entries}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n", len(entries)


def load_baseline(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(f"baseline file not found: {path}") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"{path}: not a readable baseline file: {exc}") from None
    if not isinstance(doc, dict) or doc.get("arm-orchlint-baseline") != FORMAT_VERSION:
        raise BaselineError(f"{path}: not an arm-orchlint baseline (write one with --write-baseline)")
    entries = doc.get("findings")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries
    ):
        raise BaselineError(f"{path}: 'findings' must be a list of entries with a fingerprint")
    return entries


def apply_baseline(path: str, results) -> list[dict]:
    """Drop the findings the baseline records from ``results`` (in place) and return the
    baseline entries that matched nothing, for files this run linted."""
    entries = load_baseline(path)
    folder = os.path.dirname(os.path.abspath(path))
    remaining: dict[str, int] = {}
    for entry in entries:
        remaining[entry["fingerprint"]] = remaining.get(entry["fingerprint"], 0) + 1
    for result in results:
        kept = []
        for f in result.findings:
            if f.suppression is None:
                fp = fingerprint(identity(f, folder))
                if remaining.get(fp, 0) > 0:
                    remaining[fp] -= 1
                    continue
            kept.append(f)
        result.findings = kept
    linted = {_relative(r.path, folder) for r in results if r.linted}
    stale = []
    for entry in entries:
        fp = entry["fingerprint"]
        if remaining.get(fp, 0) > 0 and entry.get("path") in linted:
            remaining[fp] -= 1
            stale.append(entry)
    return stale


def describe(entry: dict) -> str:
    where = entry.get("resource") or ""
    if entry.get("property"):
        where = f"{where}.{entry['property']}" if where else entry["property"]
    return " ".join(part for part in (entry.get("rule", "?"), entry.get("path", "?"), where) if part)
