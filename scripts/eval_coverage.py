#!/usr/bin/env python3
"""How much of a template corpus the evaluator can make known.

Runs ``expand()`` on every ``*.json`` template (a file whose top level has a
``resources`` key) under ``<corpus>/files`` and counts, over all scale sets, how many
have a known ``orchestrationMode``, ``sku.capacity``, ``platformFaultDomainCount`` and
``singlePlacementGroup``: first as the placeholder did before the evaluator (a value is
known only when the template writes it as a JSON literal; any ``[expression]`` is
unknown), then with the evaluator and parameter defaults only, and once more with the
parameter file the corpus manifest pairs with the template (``params-for=`` notes), when
there is one.  Any exception is a failure of the evaluator.

    python scripts/eval_coverage.py [corpus-folder]     (default: ../shared/corpus, relative to the current directory)
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from arm_orchlint.core.values import is_unknown
from arm_orchlint.evaluation import expand
from arm_orchlint.front.document import Document

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


def parameter_files(corpus: str) -> dict[str, str]:
    """Template path -> its parameter file, from the manifest's ``params-for=`` notes."""
    pairs: dict[str, str] = {}
    manifest = os.path.join(corpus, "MANIFEST.tsv")
    if not os.path.isfile(manifest):
        return pairs
    with open(manifest, encoding="utf-8") as handle:
        for line in handle:
            columns = line.rstrip("\n").split("\t")
            if len(columns) < 9 or columns[4] != "params":
                continue
            for note in columns[8].split(";"):
                note = note.strip()
                if note.startswith("params-for="):
                    params_path = os.path.normpath(os.path.join(corpus, columns[0]))
                    target = os.path.normpath(os.path.join(os.path.dirname(params_path), note[len("params-for=") :]))
                    pairs.setdefault(target, params_path)
    return pairs


def parameter_values(path: str) -> dict | None:
    data = load_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("parameters"), dict):
        return None
    doc = Document(path, data, None)
    values = {}
    for name, entry in data["parameters"].items():
        if isinstance(entry, dict) and "value" in entry:
            values[name] = (entry["value"], doc, ("parameters", name, "value"))
        elif isinstance(entry, dict) and "reference" in entry:
            values[name] = ({"reference": entry["reference"]}, doc, ("parameters", name, "reference"))
    return values


def is_expression_text(value) -> bool:
    return isinstance(value, str) and value.startswith("[") and not value.startswith("[[") and value.endswith("]")


def tally_literal(result, counts: dict) -> None:
    """The literal-only view of the same scale sets: the value as written in the file."""
    from arm_orchlint.model.scalesets import raw_at

    for resource in result.resources:
        if resource.type_lower != SCALE_SET:
            continue
        for key, path_in_body in CHECKED.items():
            raw = raw_at(resource.doc.data, tuple(resource.pointer) + path_in_body)
            if raw is None:
                counts[key]["absent"] += 1
            elif is_expression_text(raw) or _inside_expression(
                resource.doc.data, tuple(resource.pointer), path_in_body
            ):
                counts[key]["unknown"] += 1
            else:
                counts[key]["known"] += 1


def _inside_expression(data, pointer: tuple, path: tuple) -> bool:
    """True when an ancestor of the value is itself an expression (``"sku": "[variables('sku')]"``)."""
    from arm_orchlint.model.scalesets import raw_at

    return any(is_expression_text(raw_at(data, pointer + path[:i])) for i in range(1, len(path)))


def tally(result, counts: dict) -> int:
    found = 0
    for resource in result.resources:
        if resource.type_lower != SCALE_SET:
            continue
        found += 1
        for key, path_in_body in CHECKED.items():
            value = resource.get(*path_in_body, default=MISSING)
            if value is MISSING:
                counts[key]["absent"] += 1
            elif is_unknown(value):
                counts[key]["unknown"] += 1
            else:
                counts[key]["known"] += 1
    return found


def print_counts(title: str, counts: dict) -> None:
    print(title)
    for key, numbers in counts.items():
        print(f"  {key:26} known {numbers['known']:4}  unknown {numbers['unknown']:4}  absent {numbers['absent']:4}")


def main(argv: list[str]) -> int:
    corpus = argv[1] if len(argv) > 1 else os.path.join("..", "shared", "corpus")
    files_dir = os.path.join(corpus, "files")
    if not os.path.isdir(files_dir):
        print(f"corpus folder {files_dir} not found; nothing to do")
        return 0
    templates = resources = scale_sets = failures = paired = 0
    diagnostics: dict[str, int] = {}
    counts = {key: {"known": 0, "unknown": 0, "absent": 0} for key in CHECKED}
    with_params = {key: {"known": 0, "unknown": 0, "absent": 0} for key in CHECKED}
    literal = {key: {"known": 0, "unknown": 0, "absent": 0} for key in CHECKED}
    pairs = parameter_files(corpus)
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
            params_path = pairs.get(os.path.normpath(path))
            values = parameter_values(params_path) if params_path else None
            try:
                result = expand(Document(path, data, None), load_linked=linked_loader)
                paired_result = (
                    expand(Document(path, data, None), parameter_values=values, load_linked=linked_loader)
                    if values is not None
                    else result
                )
            except Exception:  # the point of this script: nothing may escape
                failures += 1
                print(f"FAILED {path}", file=sys.stderr)
                traceback.print_exc()
                continue
            paired += values is not None
            resources += len(result.resources)
            for diagnostic in result.diagnostics:
                diagnostics[diagnostic.rule_id] = diagnostics.get(diagnostic.rule_id, 0) + 1
            scale_sets += tally(result, counts)
            tally_literal(result, literal)
            tally(paired_result, with_params)
    elapsed = time.perf_counter() - started
    print(
        f"templates: {templates} ({paired} with a parameter file), resources: {resources}, "
        f"scale sets: {scale_sets}, failures: {failures}, time: {elapsed:.1f}s"
    )
    print(f"diagnostics: {dict(sorted(diagnostics.items()))}")
    print_counts("scale set values, literal-only placeholder (before the evaluator):", literal)
    print_counts("scale set values, evaluator with parameter defaults only:", counts)
    print_counts("scale set values, evaluator with the paired parameter file:", with_params)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
