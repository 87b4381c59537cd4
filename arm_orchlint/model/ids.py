"""ARM resource ids: building them (``resourceId`` and friends) and taking them apart.

A resource id is usually only partly known before deployment: the subscription and the
resource group of the deployment are not in the template.  Such an id is an ``Unknown``
whose ``partial`` is an id dict ``{"type", "name", "resourceGroup", "subscriptionId"}``
(each member a str or Unknown).  An id assembled by ``concat``/``format`` from partly
unknown pieces is an Unknown whose ``partial`` is ``{"text": [str | Unknown, ...]}``.
``parse_resource_id`` understands all three shapes.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown, is_unknown

TEXT_KEY = "text"  # partial of an Unknown string built from known and unknown pieces
_HOLE = "\x00"  # stands for an unknown piece while parsing a partial text


def join_names(names: list) -> Any:
    """Resource name segments joined with '/', or Unknown when any is unknown."""
    unknowns = [n for n in names if is_unknown(n)]
    if unknowns:
        return unknowns[0].merge(*unknowns[1:], reason="the resource name is not known")
    return "/".join(str(n) for n in names)


def interleave_type(resource_type: str, names: list) -> str:
    """``/providers/ns/t1/n1/t2/n2`` for a known type and known names."""
    parts = resource_type.split("/")
    out = [parts[0]]
    for i, segment in enumerate(parts[1:]):
        out.append(segment)
        if i < len(names):
            out.append(str(names[i]))
    return "/providers/" + "/".join(out)


def make_id(prefix_parts: list, resource_type: str, names: list, partial_extra: dict) -> Any:
    """The id string when every piece is known, otherwise an Unknown with an id partial.

    ``prefix_parts`` is a list of (keyword, value) pairs such as
    ``[("subscriptions", sub), ("resourceGroups", rg)]``.
    """
    unknowns = [v for _, v in prefix_parts if isinstance(v, Unknown)]
    unknowns += [n for n in names if isinstance(n, Unknown)]
    if not unknowns:
        prefix = "".join(f"/{kw}/{value}" for kw, value in prefix_parts)
        return prefix + interleave_type(resource_type, names)
    # "names": the segments as given, so that links can compare them one by one
    partial = {"type": resource_type, "name": join_names(names), "names": list(names)}
    partial.update(partial_extra)
    params = unknowns[0].params
    for other in unknowns[1:]:  # (what Unknown.merge keeps)
        params = params | other.params
    return Unknown(f"the id of this {resource_type} depends on deployment-time values", params, partial=partial)


def parse_resource_id(value: Any) -> dict | None:
    """``{"type", "name", "resourceGroup", "subscriptionId"}`` for a resource id.

    ``value`` may be a literal id string, an Unknown carrying an id partial (from
    ``resourceId``) or an Unknown carrying text pieces (from ``concat``/``format``).
    Members that are not known are Unknown; ``None`` when ``value`` is not an id.
    """
    if isinstance(value, str):
        return _parse_id_text(value, [])
    if is_unknown(value) and isinstance(value.partial, dict):
        partial = value.partial
        if "type" in partial and "name" in partial:
            return {
                "type": partial["type"],
                "name": partial["name"],
                "resourceGroup": partial.get("resourceGroup"),
                "subscriptionId": partial.get("subscriptionId"),
            }
        pieces = partial.get(TEXT_KEY)
        if isinstance(pieces, list):
            holes: list[Unknown] = []
            text = []
            for piece in pieces:
                if isinstance(piece, str):
                    text.append(piece)
                elif _id_text(piece) is not None:
                    # a partly known id with a path appended: '${lb.id}/backendAddressPools/pool'
                    text.append(_id_text(piece))
                    holes.append(piece)
                else:
                    holes.append(piece if is_unknown(piece) else Unknown("not a string"))
                    text.append(_HOLE)
            return _parse_id_text("".join(text), holes)
    return None


def _id_text(piece: Any) -> str | None:
    """The text of an id Unknown (from ``resourceId``) with holes for its unknown parts, so
    that text appended to it still parses as a (child) resource id; None otherwise."""
    partial = piece.partial if is_unknown(piece) else None
    if (
        not isinstance(partial, dict)
        or not isinstance(partial.get("type"), str)
        or not isinstance(partial.get("name"), str)
    ):
        return None
    group = partial.get("resourceGroup")
    group = group if isinstance(group, str) else _HOLE
    subscription = partial.get("subscriptionId")
    subscription = subscription if isinstance(subscription, str) else _HOLE
    return f"/subscriptions/{subscription}/resourceGroups/{group}" + interleave_type(
        partial["type"], partial["name"].split("/")
    )


def _segment(text: str, holes: list[Unknown]) -> Any:
    if _HOLE in text:
        return (
            holes[0].merge(*holes[1:], reason="part of the resource id is not known") if holes else Unknown("unknown")
        )
    return text


def _parse_id_text(text: str, holes: list[Unknown]) -> dict | None:
    segments = text.strip().strip("/").split("/")
    lowered = [s.lower() for s in segments]
    if "providers" not in lowered:
        return None
    # the last 'providers' wins: extension resources live under another resource's id
    at = len(lowered) - 1 - lowered[::-1].index("providers")
    rest = segments[at + 1 :]
    if len(rest) < 3 or len(rest) % 2 == 0:
        return None
    namespace = rest[0]
    types = [namespace] + rest[1::2]
    names = rest[2::2]
    type_text = "/".join(types)
    if _HOLE in type_text or not namespace:
        return None
    name = join_names([_segment(n, holes) for n in names])
    subscription: Any = None
    group: Any = None
    head = segments[:at]
    head_lower = lowered[:at]
    for i in range(0, len(head) - 1):
        if head_lower[i] == "subscriptions" and subscription is None:
            subscription = _segment(head[i + 1], holes)
        elif head_lower[i] == "resourcegroups" and group is None:
            group = _segment(head[i + 1], holes)
    if _HOLE in "/".join(head):
        # an unknown prefix such as resourceGroup().id hides where the resource lives
        if subscription is None:
            subscription = _segment(_HOLE, holes)
        if group is None:
            group = _segment(_HOLE, holes)
    return {"type": type_text, "name": name, "resourceGroup": group, "subscriptionId": subscription}
