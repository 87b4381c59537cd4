"""Placeholder expander: literal values only (the full evaluator replaces this module).

Every ``[expression]`` string becomes Unknown, except the simple
``[resourceId('type', 'name')]`` form needed to link resources.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import CopyInfo, Document, Expansion, Resource
from ..values import Unknown

_RESOURCE_ID = re.compile(r"^\[\s*resourceId\(\s*'([^']*)'\s*((?:,\s*'[^']*'\s*)+)\)\s*\]$", re.I)


def _value(v: Any) -> Any:
    if isinstance(v, str):
        if v.startswith("[[") :
            return v[1:]
        if v.startswith("[") and v.endswith("]"):
            m = _RESOURCE_ID.match(v)
            if m:
                names = re.findall(r"'([^']*)'", m.group(2))
                return Unknown("resource id", partial={"type": m.group(1), "name": "/".join(names),
                                                        "resourceGroup": Unknown("rg"), "subscriptionId": Unknown("sub")})
            return Unknown("expression")
        return v
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


def expand(doc: Document, *, parameter_values=None, load_linked=None, limits=None) -> Expansion:
    out = Expansion()
    data = doc.data
    resources = data.get("resources") if isinstance(data, dict) else None
    if isinstance(resources, list):
        items = [(("resources", i), r, None) for i, r in enumerate(resources)]
    elif isinstance(resources, dict):
        items = [(("resources", k), r, k) for k, r in resources.items()]
    else:
        items = []
    _walk(doc, items, None, out)
    return out


def _walk(doc, items, parent, out):
    for pointer, raw, symbolic in items:
        if not isinstance(raw, dict):
            continue
        rtype = _value(raw.get("type"))
        name = _value(raw.get("name"))
        if parent is not None and isinstance(rtype, str) and "/" not in rtype and isinstance(parent.type, str):
            rtype = parent.type + "/" + rtype
            name = parent.name + "/" + name if isinstance(parent.name, str) and isinstance(name, str) else Unknown("name")
        if not isinstance(rtype, str):
            continue
        body = {k: _value(v) for k, v in raw.items() if k not in ("resources", "copy", "condition")}
        copy = raw.get("copy")
        copy_info = None
        if isinstance(copy, dict):
            count = copy.get("count")
            copy_info = CopyInfo(copy.get("name"), count if isinstance(count, int) else Unknown("count"), Unknown("index"))
        cond = raw.get("condition", True)
        res = Resource(type=rtype, api_version=_value(raw.get("apiVersion")), name=name, body=body, doc=doc,
                       pointer=pointer, symbolic=symbolic, condition=cond if isinstance(cond, bool) else Unknown("condition"),
                       copy=copy_info, existing=raw.get("existing") is True)
        out.resources.append(res)
        children = raw.get("resources")
        if isinstance(children, list):
            _walk(doc, [(pointer + ("resources", i), c, None) for i, c in enumerate(children)], res, out)
