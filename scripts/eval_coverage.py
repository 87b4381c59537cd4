#!/usr/bin/env python3
"""How much of a template corpus the evaluator can make known.

Runs ``expand()`` on every ``*.json`` template (a file whose top level has a
``resources`` key) under ``<corpus>/files`` and counts, over all scale sets, how many
have a known ``orchestrationMode``, ``sku.capacity``, ``platformFaultDomainCount`` and
``singlePlacementGroup``.  Any exception is a failure of the evaluator.

    python scripts/eval_coverage.py [corpus-folder]     (default: ../shared/corpus, relative to the current directory)
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from arm_orchlint.evaluation import expand  # noqa: E402
from arm_orchlint.model import Document  # noqa: E402
from arm_orchlint.values import is_unknown  # noqa: E402

SCALE_SET = "microsoft.compute/virtualmachinescalesets"
MISSING = object()
CHECKED = {
    "orchestrationMode": ("properties", "orchestrationMode"),
    "sku.capacity": ("sku", "capacity"),
    "platformFaultDomainCount": ("properties", "platformFaultDomainCount"),
    "singlePlacementGroup": ("properties", "singlePlacementGroup"),
}


def load_json(path: str):
    with open(path, "rb") as handle:
        raw = handle.read()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError:
        return None


def linked_loader(relative: str, doc: Document):
    path = os.path.normpath(os.path.join(os.path.dirname(doc.path), relative))
    if not os.path.isfile(path):
        return None
    data = load_json(path)
    return Document(path, data, None) if data is not None else None


def main(argv: list[str]) -> int:
    corpus = argv[1] if len(argv) > 1 else os.path.join("..", "shared", "corpus")
    files_dir = os.path.join(corpus, "files")
    if not os.path.isdir(files_dir):
        print(f"corpus folder {files_dir} not found; nothing to do")
        return 0
    templates = resources = scale_sets = failures = 0
    diagnostics: dict[str, int] = {}
    counts = {key: {"known": 0, "unknown": 0, "absent": 0} for key in CHECKED}
    started = time.perf_counter()
    for root, _, names in sorted(os.walk(files_dir)):
        for name in sorted(names):
            if not name.endswith(".json"):
                continue
            path = os.path.join(root, name)
            data = load_json(path)
            if not isinstance(data, dict) or "resources" not in data:
                continue
            templates += 1
            try:
                result = expand(Document(path, data, None), load_linked=linked_loader)
            except Exception:  # the point of this script: nothing may escape
                failures += 1
                print(f"FAILED {path}", file=sys.stderr)
                traceback.print_exc()
                continue
            resources += len(result.resources)
            for diagnostic in result.diagnostics:
                diagnostics[diagnostic.rule_id] = diagnostics.get(diagnostic.rule_id, 0) + 1
            for resource in result.resources:
                if resource.type_lower != SCALE_SET:
                    continue
                scale_sets += 1
                for key, path_in_body in CHECKED.items():
                    value = resource.get(*path_in_body, default=MISSING)
                    if value is MISSING:
                        counts[key]["absent"] += 1
                    elif is_unknown(value):
                        counts[key]["unknown"] += 1
                    else:
                        counts[key]["known"] += 1
    elapsed = time.perf_counter() - started
    print(f"templates: {templates}, resources: {resources}, scale sets: {scale_sets}, "
          f"failures: {failures}, time: {elapsed:.1f}s")
    print(f"diagnostics: {dict(sorted(diagnostics.items()))}")
    for key, tally in counts.items():
        print(f"  {key:26} known {tally['known']:4}  unknown {tally['unknown']:4}  absent {tally['absent']:4}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
