"""``--statistics``: the counts per rule and severity, and nothing else (as ruff prints them).

3  ORCH206  error    flexible-single-placement-group
"""

from __future__ import annotations

from collections import Counter

from arm_orchlint.report import reported
from arm_orchlint.report.escape import neutral


def render(results, context) -> str:
    counts = Counter((f.rule_id, f.severity) for f in reported(results))
    if not counts:
        return ""
    width = len(str(max(counts.values())))
    lines = []
    for (rule_id, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = context.registry.by_id.get(rule_id)
        lines.append(f"{n:>{width}}  {rule_id}  {severity:<7}  {neutral(rule.name) if rule else ''}".rstrip())
    return "\n".join(lines) + "\n"
