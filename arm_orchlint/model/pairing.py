"""Pairing the resources of two versions of a template.

ARM identifies a resource by its type and name, so that is what pairs them: type and
evaluated name, both case-insensitive, or a name computed the same way in both versions
(the same parameter without a value, the same ``uniqueString(...)``; see ``links.py``).  Each iteration of a copy loop has its own name and
is paired on its own.  When a name is Unknown in either version the pairing falls back,
in order, to:

1. the symbolic name (Bicep, languageVersion 2.0), when exactly one unpaired resource of
   that type carries it on each side, or when the copy iterations behind it have known,
   distinct indices on both sides;
2. the position among resources of that type, only when each version holds exactly one
   resource of that type.

Anything else is left unpaired and reported as a note: a guess could compare two
different resources and report a change that is not there.
"""

from __future__ import annotations

from arm_orchlint.core.records import field
from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from collections.abc import Iterable

from arm_orchlint.model.links import resource_key
from arm_orchlint.model.resources import Resource
from arm_orchlint.model.scalesets import VMSS, Model, ScaleSet


@dataclass
class Unpaired:
    """A resource whose counterpart could not be decided (its name is Unknown)."""

    resource: Resource
    side: str  # "old" or "new"


@dataclass
class Pairing:
    """The two models and which resource of one stands for which of the other."""

    old: Model
    new: Model
    pairs: list[tuple[Resource | None, Resource | None]] = field(default_factory=list)
    unpaired: list[Unpaired] = field(default_factory=list)
    _to_new: dict[int, Resource] = field(default_factory=dict)
    _undecided: set[int] = field(default_factory=set)

    def in_new(self, old_res: Resource) -> Resource | None:
        return self._to_new.get(id(old_res))

    def undecided(self, res: Resource) -> bool:
        """True when ``res`` may have a counterpart that could not be identified."""
        return id(res) in self._undecided

    def of_type(self, type_lower: str) -> list[tuple[Resource | None, Resource | None]]:
        """Pairs of one type, plus (old, None) for removed and (None, new) for added
        resources.  Undecided resources are left out: nothing is known about them."""
        return [
            (o, n)
            for o, n in self.pairs
            if (o or n).type_lower == type_lower
            and not (o is not None and self.undecided(o))
            and not (n is not None and self.undecided(n))
        ]

    def scale_sets(self) -> list[tuple[ScaleSet | None, ScaleSet | None]]:
        old_views = {id(s.res): s for s in self.old.scale_sets}
        new_views = {id(s.res): s for s in self.new.scale_sets}
        return [
            (old_views.get(id(o)) if o is not None else None, new_views.get(id(n)) if n is not None else None)
            for o, n in self.of_type(VMSS)
        ]


def _name_key(res: Resource) -> tuple | None:
    # the evaluated name, or one computed the same way in both versions (model/links.py)
    return resource_key(res)


def pair_models(old: Model, new: Model) -> Pairing:
    """Pair the deployed resources of ``old`` with those of ``new``."""
    pairing = Pairing(old, new)
    old_left = {id(r): r for r in old.deployed}  # insertion-ordered: template order
    new_left = {id(r): r for r in new.deployed}

    def link(o: Resource, n: Resource) -> None:
        pairing._to_new[id(o)] = n
        pairing.pairs.append((o, n))
        del old_left[id(o)], new_left[id(n)]

    # 1. type + evaluated name
    old_by_key = _group(old_left.values(), _name_key)
    new_by_key = _group(new_left.values(), _name_key)
    for key, olds in old_by_key.items():
        news = new_by_key.get(key, [])
        if key is not None and len(olds) == 1 and len(news) == 1:
            link(olds[0], news[0])

    # 2. symbolic name, when the name is Unknown on at least one side
    for key, olds in _group(old_left.values(), _symbolic_key).items():
        news = [n for n in new_left.values() if _symbolic_key(n) == key]
        if key is None or not news or all(isinstance(r.name, str) for r in olds + news):
            continue
        for o, n in _pair_iterations(olds, news):
            link(o, n)

    # 3. the only resource of its type in both versions
    for o in list(old_left.values()):
        same_old = [r for r in old.deployed if r.type_lower == o.type_lower]
        same_new = [r for r in new.deployed if r.type_lower == o.type_lower]
        if len(same_old) == 1 and len(same_new) == 1 and id(same_new[0]) in new_left:
            n = same_new[0]
            if not isinstance(o.name, str) or not isinstance(n.name, str):
                link(o, n)

    # What is left was removed or added -- or is undecided: a name is Unknown and the
    # other version has an unpaired resource of the same type it could be.
    def rivals(res: Resource, others: dict[int, Resource]) -> list[Resource]:
        return [r for r in others.values() if r.type_lower == res.type_lower]

    for side, left, others in (("old", old_left, new_left), ("new", new_left, old_left)):
        for res in left.values():
            candidates = rivals(res, others)
            if not isinstance(res.name, str) and candidates:
                pairing._undecided.add(id(res))
                pairing.unpaired.append(Unpaired(res, side))
            elif any(not isinstance(c.name, str) for c in candidates):
                pairing._undecided.add(id(res))
            pairing.pairs.append((res, None) if side == "old" else (None, res))
    return pairing


def _group(items: Iterable[Resource], key) -> dict:
    out: dict = {}
    for r in items:
        out.setdefault(key(r), []).append(r)
    return out


def _symbolic_key(res: Resource) -> tuple[str, str] | None:
    return (res.type_lower, res.symbolic) if res.symbolic else None


def _pair_iterations(olds: list[Resource], news: list[Resource]) -> list[tuple[Resource, Resource]]:
    """Resources sharing a symbolic name: one each, or copy iterations with known indices."""
    if len(olds) == 1 and len(news) == 1:
        return [(olds[0], news[0])]

    def by_index(items: list[Resource]) -> dict[int, Resource] | None:
        out: dict[int, Resource] = {}
        for r in items:
            index = r.copy.index if r.copy is not None else None
            if not isinstance(index, int) or isinstance(index, bool) or index in out:
                return None
            out[index] = r
        return out

    old_idx, new_idx = by_index(olds), by_index(news)
    if old_idx is None or new_idx is None:
        return []
    return [(old_idx[i], new_idx[i]) for i in sorted(old_idx.keys() & new_idx.keys())]
