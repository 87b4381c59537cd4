"""Compile every .bicep / .bicepparam file under a folder; report crashes and syntax errors.

Usage: python tests/bicep/corpus_check.py [/work/shared/corpus/files]
Not collected by pytest (the corpus lives outside the repository).
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections import Counter

from arm_orchlint.front.bicep.compile import compile_bicep
from arm_orchlint.front.bicep.params import parse_bicepparam


def main(root: str) -> int:
    crashes: list = []
    syntax: list = []
    rules: Counter = Counter()
    count = 0
    started = time.perf_counter()
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith((".bicep", ".bicepparam")):
                continue
            path = os.path.join(folder, name)
            count += 1
            try:
                with open(path, encoding="utf-8-sig", errors="replace") as f:
                    text = f.read()
                if name.endswith(".bicepparam"):
                    _, _, problems = parse_bicepparam(path, text)
                    if problems:
                        syntax.append((path, problems[0][1], problems[0][2]))
                    continue
                doc = compile_bicep(path, text)
                for d in doc.diagnostics:
                    rules[d.rule_id] += 1
                    if d.rule_id in ("ORCH908", "ORCH919") and d.span.path == path:
                        syntax.append((path, d.message, d.span))
                    elif d.rule_id == "ORCH907":
                        crashes.append((path, d.message))
            except Exception:
                crashes.append((path, traceback.format_exc()))
    elapsed = time.perf_counter() - started
    print(f"{count} files in {elapsed:.2f}s; diagnostics by rule: {dict(rules)}")
    print(f"{len(crashes)} crashes / untranslated statements")
    for path, msg in crashes:
        print("CRASH", os.path.relpath(path, root), msg.strip().splitlines()[-1])
    print(f"{len(syntax)} files with syntax errors")
    for path, msg, span in syntax:
        print("SYNTAX", os.path.relpath(path, root), f"{span.line}:{span.col}", msg)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus/files"))
