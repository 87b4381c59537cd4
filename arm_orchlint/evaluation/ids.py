"""Turning an evaluated resource id into its parts (placeholder; the evaluator branch owns this)."""

from __future__ import annotations

from typing import Any

from ..values import Unknown


def parse_resource_id(value: Any) -> dict | None:
    if isinstance(value, Unknown):
        return dict(value.partial) if isinstance(value.partial, dict) and "type" in value.partial else None
    if not isinstance(value, str):
        return None
    parts = [p for p in value.split("/") if p]
    lowered = [p.lower() for p in parts]
    if "providers" not in lowered:
        return None
    at = len(lowered) - 1 - lowered[::-1].index("providers")
    rest = parts[at + 1 :]
    if len(rest) < 3 or len(rest) % 2 == 0:
        return None
    namespace, pairs = rest[0], rest[1:]
    types = [pairs[i] for i in range(0, len(pairs), 2)]
    names = [pairs[i] for i in range(1, len(pairs), 2)]
    rg = sub = None
    if "resourcegroups" in lowered:
        rg = parts[lowered.index("resourcegroups") + 1] if lowered.index("resourcegroups") + 1 < len(parts) else None
    if "subscriptions" in lowered:
        sub = parts[lowered.index("subscriptions") + 1] if lowered.index("subscriptions") + 1 < len(parts) else None
    return {"type": namespace + "/" + "/".join(types), "name": "/".join(names), "resourceGroup": rg, "subscriptionId": sub}
