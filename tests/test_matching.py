"""Pairing resources across versions (``arm_orchlint.model.pairing``), with hand-built models
so copy iterations can be modelled the way the full evaluator produces them."""

from arm_orchlint.core.values import Unknown
from arm_orchlint.front.document import Document
from arm_orchlint.model.pairing import pair_models
from arm_orchlint.model.resources import CopyInfo, Resource
from arm_orchlint.model.scalesets import Model

DOC = Document("t.json", {}, None)
VMSS = "Microsoft.Compute/virtualMachineScaleSets"


def res(name, symbolic=None, index=None, rtype=VMSS):
    copy = CopyInfo("loop", 3, index) if index is not None else None
    return Resource(
        type=rtype,
        api_version="2023-09-01",
        name=name,
        body={},
        doc=DOC,
        pointer=("resources", 0),
        symbolic=symbolic,
        copy=copy,
    )


def names(pairing):
    def show(r):
        return (
            None
            if r is None
            else (r.name if isinstance(r.name, str) else f"?{r.symbolic}[{r.copy.index if r.copy else ''}]")
        )

    return sorted(((show(o), show(n)) for o, n in pairing.pairs), key=str)


def test_copy_iterations_pair_by_name_whatever_their_order():
    old = Model([res("web-0", index=0), res("web-1", index=1), res("web-2", index=2)])
    new = Model([res("WEB-2", index=0), res("web-0", index=1), res("web-1", index=2)])
    pairing = pair_models(old, new)
    assert names(pairing) == [("web-0", "web-0"), ("web-1", "web-1"), ("web-2", "WEB-2")]
    assert not pairing.unpaired


def test_copy_iterations_with_unknown_names_pair_by_symbolic_name_and_index():
    old = Model([res(Unknown("n"), "web", 0), res(Unknown("n"), "web", 1)])
    new = Model([res(Unknown("n"), "web", 1), res(Unknown("n"), "web", 0)])
    pairing = pair_models(old, new)
    assert [(o.copy.index, n.copy.index) for o, n in pairing.pairs] == [(0, 0), (1, 1)]


def test_unknown_copy_indices_are_not_guessed():
    old = Model([res(Unknown("n"), "web", Unknown("i")), res("other")])
    new = Model([res(Unknown("n"), "web", Unknown("i")), res(Unknown("n"), "web", Unknown("i"))])
    pairing = pair_models(old, new)
    assert len(pairing.unpaired) == 3
    assert pairing.of_type(VMSS.lower()) == []  # nothing undecided is compared


def test_known_names_that_differ_are_a_removal_and_an_addition():
    pairing = pair_models(Model([res("a")]), Model([res("b")]))
    assert names(pairing) == [("a", None), (None, "b")]
    assert not pairing.unpaired


def test_position_pairs_only_the_single_resource_of_a_type():
    other = "Microsoft.Compute/virtualMachines"
    old = Model([res("web"), res("vm", rtype=other)])
    new = Model([res(Unknown("n")), res("vm", rtype=other)])
    pairing = pair_models(old, new)
    assert names(pairing) == [("vm", "vm"), ("web", "?None[]")]


def test_old_resource_with_unknown_name_is_reported_from_the_old_side():
    pairing = pair_models(Model([res(Unknown("n")), res("b")]), Model([res("a"), res("b")]))
    assert [(u.side, u.resource.name.__class__.__name__) for u in pairing.unpaired] == [("old", "Unknown")]
