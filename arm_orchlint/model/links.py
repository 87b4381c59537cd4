"""Linking resources the way ARM resolves references.

ARM names a resource by its type and name (case-insensitive) inside a scope, and a
reference (``resourceId(...)``, an id string, a Bicep ``vmss.id``) names the same parts.
Before deployment a name is often not known: a required parameter, ``uniqueString(...)``.
Two such names are still known to be *equal* when they are computed the same way from
the same unknown inputs, and that is all a link needs.

Every value gets a *link key*: a literal string by its text, an Unknown by its origin
(``core/values.py``): the same parameter without a value of the same template, the same
deterministic function of the same inputs, the same member of ``resourceGroup()``, text
built by ``concat``/``format`` from the same pieces.  Equal keys mean equal values at
deployment; anything whose origin is not known (``reference()``, ``utcNow()``, an unknown
copy index) has no key and never links.  Two different parameters, or a parameter and a
literal, have different keys, so they do not link: unknown stays unknown.

Names are compared as ARM compares them: split into segments at ``/``, literal text
without regard to case; ``toLower``/``toUpper`` of a name names the same resource.  A
resource id taken apart (``ids.parse_resource_id`` for text, and the same here for ids
that are partly unknown) gives the type and the name segments of its target.

Rules never match names themselves: they ask ``Links`` (``model.links``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.values import Unknown
from arm_orchlint.model.ids import TEXT_KEY, parse_resource_id

_MAX_NODES = 512  # a key is built from at most this many values (keys are for names, not data)
_NO_KEY = ("<no key>",)  # cached on an Unknown whose key cannot be built
_CASE_FREE = ("tolower", "toupper")  # functions that do not change which resource a name names


class _NoKey(Exception):
    """The value has no link key (its origin is not known, or it is too large)."""


# ---------------------------------------------------------------- keys of values


def value_key(value: Any) -> Any:
    """A hashable key equal for values that are certainly equal at deployment; None when
    the value holds an Unknown of no known origin."""
    try:
        return _key(value, [_MAX_NODES])
    except _NoKey:
        return None


def _key(value: Any, budget: list) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _NoKey()
    kind = type(value)
    if kind is str:
        return value
    if value is None or kind is bool or kind is int or kind is float:
        return ("c", value)
    if kind is list:
        return ("l",) + tuple(_key(item, budget) for item in value)
    if kind is dict:
        items = sorted(((str(k).lower(), v) for k, v in value.items()), key=lambda kv: kv[0])
        return ("d",) + tuple((k, _key(v, budget)) for k, v in items)
    if isinstance(value, Unknown):
        return _unknown_key(value, budget)
    raise _NoKey()  # a lambda or another evaluator object


def _unknown_key(value: Unknown, budget: list) -> Any:
    cached = value.link_key
    if cached is not None:
        if cached is _NO_KEY:
            raise _NoKey()
        return cached
    try:
        key = _origin_key(value, budget)
    except _NoKey:
        value.link_key = _NO_KEY
        raise
    value.link_key = key
    return key


def _origin_key(value: Unknown, budget: list) -> Any:
    origin = value.origin
    if origin is not None:
        kind = origin[0]
        if kind in ("param", "scope"):
            return origin
        if kind == "call":
            return ("call", origin[1], tuple(_key(a, budget) for a in origin[2]))
        if kind == "member":
            return ("member", _key(origin[1], budget), origin[2])
        if kind == "index":
            index = origin[2]
            index = index.lower() if isinstance(index, str) else index
            return ("index", _key(origin[1], budget), _key(index, budget))
        raise _NoKey()
    partial = value.partial
    if isinstance(partial, dict):
        pieces = partial.get(TEXT_KEY)
        if isinstance(pieces, list):
            return ("text",) + tuple(_key(p, budget) for p in pieces)
        if isinstance(partial.get("type"), str) and isinstance(partial.get("names"), list):
            return (
                "id",
                partial["type"].lower(),
                tuple(_key(n, budget) for n in partial["names"]),
                _key(partial.get("resourceGroup"), budget),
                _key(partial.get("subscriptionId"), budget),
            )
    raise _NoKey()


# ---------------------------------------------------------------- names as ARM compares them


def name_tokens(value: Any) -> tuple | None:
    """A name as a tuple of tokens: lower-cased literal text and keys of unknown parts
    (adjacent text joined); None when a part has no key."""
    out: list = []
    try:
        _tokens(value, out, [_MAX_NODES])
    except _NoKey:
        return None
    return tuple(out)


def _text(out: list, text: str) -> None:
    if out and type(out[-1]) is str:
        out[-1] += text.lower()
    else:
        out.append(text.lower())


def _tokens(value: Any, out: list, budget: list) -> None:
    kind = type(value)
    if kind is str:
        _text(out, value)
        return
    if kind is int:
        _text(out, str(value))
        return
    if not isinstance(value, Unknown):
        raise _NoKey()
    origin = value.origin
    if origin is not None and origin[0] == "call" and origin[1] in _CASE_FREE and len(origin[2]) == 1:
        _tokens(origin[2][0], out, budget)
        return
    partial = value.partial
    if origin is None and isinstance(partial, dict):
        pieces = partial.get(TEXT_KEY)
        if isinstance(pieces, list):
            for piece in pieces:
                _tokens(piece, out, budget)
            return
        if isinstance(partial.get("type"), str) and isinstance(partial.get("names"), list):
            # an id inside text ('${lb.id}/backendAddressPools/x'): written out, so it parses
            _id_tokens(partial, out, budget)
            return
    out.append(_unknown_key(value, budget))


def _id_tokens(partial: dict, out: list, budget: list) -> None:
    group, subscription = partial.get("resourceGroup"), partial.get("subscriptionId")
    if subscription is not None:
        _text(out, "/subscriptions/")
        _tokens(subscription, out, budget)
    if group is not None:
        _text(out, "/resourceGroups/")
        _tokens(group, out, budget)
    types = partial["type"].split("/")
    _text(out, "/providers/" + types[0])
    names = partial["names"]
    for i, segment in enumerate(types[1:]):
        _text(out, "/" + segment)
        if i < len(names):
            _text(out, "/")
            _tokens(names[i], out, budget)


def segments(tokens: tuple) -> tuple:
    """Tokens split into name segments at '/' (a segment is a tuple of tokens)."""
    out: list = []
    current: list = []
    for token in tokens:
        if type(token) is not str:
            current.append(token)
            continue
        parts = token.split("/")
        for i, part in enumerate(parts):
            if i:
                out.append(tuple(current))
                current = []
            if part:
                current.append(part)
    out.append(tuple(current))
    return tuple(out)


def name_key(value: Any) -> tuple | None:
    """The segments of a resource name, or None when it cannot be compared."""
    tokens = name_tokens(value)
    if tokens is None:
        return None
    return segments(tokens)


def literal_segment(segment: tuple) -> str | None:
    return segment[0] if len(segment) == 1 and type(segment[0]) is str else None


# ---------------------------------------------------------------- resource ids


class Target:
    """What a resource id names: the type (lower case), the name segments, and the
    resource group when the id writes a literal one."""

    __slots__ = ("type", "segments", "group")

    def __init__(self, rtype: str, segs: tuple, group: str | None):
        self.type = rtype
        self.segments = segs
        self.group = group


def id_target(value: Any) -> Target | None:
    """The target of a resource id (literal, from ``resourceId()``, or built as text), or
    None when the value is not an id or its name cannot be compared."""
    if isinstance(value, str):
        parts = parse_resource_id(value)
        if not parts or not isinstance(parts.get("type"), str) or not isinstance(parts.get("name"), str):
            return None
        group = parts.get("resourceGroup")
        return Target(
            parts["type"].lower(),
            tuple((s.lower(),) for s in parts["name"].split("/")),
            group.lower() if isinstance(group, str) else None,
        )
    if not isinstance(value, Unknown):
        return None
    origin = value.origin
    if origin is not None:
        if origin[0] == "call" and origin[1] in _CASE_FREE and len(origin[2]) == 1:
            return id_target(origin[2][0])
        return None  # a parameter holding an id (it may hold any id), a function of one
    partial = value.partial
    if not isinstance(partial, dict):
        return None
    if isinstance(partial.get("type"), str) and isinstance(partial.get("names"), list):
        segs: list = []
        for name in partial["names"]:
            key = name_key(name)
            if key is None:
                return None
            segs.extend(key)
        group = partial.get("resourceGroup")
        return Target(partial["type"].lower(), tuple(segs), group.lower() if isinstance(group, str) else None)
    if isinstance(partial.get(TEXT_KEY), list):
        tokens = name_tokens(value)
        return _parse_tokens(segments(tokens)) if tokens is not None else None
    return None


def _parse_tokens(segs: tuple) -> Target | None:
    """An id written as segments: ``.../resourceGroups/<g>/providers/<ns>/<t1>/<n1>...``."""
    at = None
    for i, seg in enumerate(segs):
        if seg == ("providers",):
            at = i  # the last one wins: extension resources live under another resource's id
    if at is None:
        return None
    rest = segs[at + 1 :]
    if len(rest) < 3 or len(rest) % 2 == 0:
        return None
    types = [literal_segment(s) for s in [rest[0]] + list(rest[1::2])]
    if any(t is None for t in types):
        return None
    names = tuple(rest[2::2])
    if any(not s for s in names):
        return None
    group = None
    head = segs[:at]
    for i in range(len(head) - 1):
        if head[i] == ("resourcegroups",):
            group = literal_segment(head[i + 1])
            break
    return Target("/".join(types), names, group)


# ---------------------------------------------------------------- links in one model


class Links:
    """Finds the resource of a model that a reference or a name stands for."""

    def __init__(self, model):
        self.model = model
        self._index: dict[str, dict] = {}  # type -> {name segments -> resources}

    def _by_name(self, type_lower: str) -> dict:
        index = self._index.get(type_lower)
        if index is None:
            index = self._index[type_lower] = {}
            for r in self.model.all_of_type(type_lower):
                if r.condition is False:
                    continue
                key = name_key(r.name)
                if key is not None:
                    index.setdefault(key, []).append(r)
        return index

    def find(self, type_lower: str, segs: tuple, group: str | None = None) -> Any:
        """The one resource definition of a type with these name segments, else None
        (copies of one definition count as one; two definitions are ambiguous)."""
        found = self._by_name(type_lower).get(segs)
        if not found:
            return None
        first = found[0]
        if any(r.pointer != first.pointer or r.doc is not first.doc for r in found):
            return None
        scope = first.scope if isinstance(first.scope, dict) else {}
        if "resourceGroup" in scope:
            # deployed by a nested deployment to a resource group of its own: only an id that
            # names that group refers to it (an id's default group is the referrer's own)
            own = scope["resourceGroup"]
            if not isinstance(own, str) or group is None or own.lower() != group:
                return None
        return first

    def target(self, id_value: Any, type_lower: str | None = None) -> Any:
        """The resource of this template an id refers to, if that is certain."""
        target = id_target(id_value)
        if target is None or (type_lower is not None and target.type != type_lower):
            return None
        return self.find(target.type, target.segments, target.group)

    def named(self, type_lower: str, name: Any) -> Any:
        """The resource of a type with this name (a value, possibly Unknown)."""
        key = name_key(name)
        return self.find(type_lower, key) if key is not None else None

    def parent(self, child: Any, parent_type: str) -> Any:
        """The resource of ``parent_type`` a child resource (``<parent>/<child>``) belongs to."""
        key = name_key(child.name)
        if key is None or len(key) < 2:
            return None
        return self.find(parent_type, key[:-1])

    def parent_of_id(self, id_value: Any, parent_type: str) -> Any:
        """The resource of ``parent_type`` that contains the child an id refers to
        (a load balancer for the id of one of its backend pools)."""
        target = id_target(id_value)
        if target is None or len(target.segments) < 2 or not target.type.startswith(parent_type + "/"):
            return None
        return self.find(parent_type, target.segments[: parent_type.count("/")], target.group)


def belongs_to(child: Any, parent: Any) -> Any:
    """Whether a child resource (``<parent>/<child>`` name) belongs to ``parent``: True,
    False when both names are literal and differ, None when that cannot be told."""
    ckey, pkey = name_key(child.name), name_key(parent.name)
    if ckey is not None and pkey is not None and len(ckey) >= 2 and ckey[:-1] == pkey:
        return True
    if is_literal(ckey) and is_literal(pkey):
        return False
    return None


def is_literal(key: tuple | None) -> bool:
    """Whether a ``name_key`` is made of literal text only."""
    return key is not None and all(literal_segment(s) is not None or not s for s in key)


def same_name(a: Any, b: Any) -> Any:
    """Whether two names certainly name the same resource: True, False when both are
    known and differ, None when that cannot be told."""
    ka, kb = name_key(a), name_key(b)
    if ka is not None and ka == kb:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return False
    return None


def resource_key(res: Any) -> tuple | None:
    """(type, name segments) of a resource, comparable across two versions of a template
    (parameter origins name the parameter and the order of templates, not objects)."""
    key = name_key(res.name)
    return (res.type_lower, key) if key is not None else None
