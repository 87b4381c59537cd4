"""Objects that hot paths build slot by slot (``object.__new__`` and one store per slot)
instead of calling their class, to save the ``__init__`` frame.  Each must end up with every
slot its class has, holding what the class call would have put there: a slot added to the
class and forgotten at such a site fails here, not as an AttributeError in some later run."""

import importlib
from types import SimpleNamespace

from eval_helpers import make_doc, nested_deployment, scale_set, template

from arm_orchlint.core.values import Unknown
from arm_orchlint.evaluation.expand import expand
from arm_orchlint.evaluation.functions import scope
from arm_orchlint.evaluation.passed import Passed
from arm_orchlint.model.resources import Lazy

# (the package's ``expand`` attribute is the function: the module is imported by name)
expand_module = importlib.import_module("arm_orchlint.evaluation.expand")


def slots(obj, cls) -> dict:
    return {name: getattr(obj, name) for name in cls.__slots__}


def test_a_scope_unknown_has_every_slot_of_an_unknown():
    frame = SimpleNamespace(tpl=SimpleNamespace(key="root"))
    for made, origin in (
        (scope._deployment_unknown("resourceGroup().location"), None),
        (scope._deployment_unknown("subscription().id", frame), ("scope", "root", "subscription().id")),
    ):
        called = Unknown(made.reason, frozenset(), None, origin)
        assert slots(made, Unknown) == slots(called, Unknown)


def test_a_lazy_value_has_every_slot_and_computes_with_its_reads_recorded():
    calls = []
    tpl = SimpleNamespace(
        track_into=lambda sources: calls.append(("track", sources)),
        stop_tracking=lambda sources: calls.append(("stop", sources)),
    )
    sources: dict = {}
    lazy = expand_module._lazy(tpl, sources, lambda a, b: a + b, 2, 3)
    assert isinstance(lazy, Lazy)
    assert set(slots(lazy, Lazy)) == {"compute"}
    assert lazy.compute() == 5
    assert calls == [("track", sources), ("stop", sources)]


INNER = {
    "parameters": {"mode": {"type": "string"}},
    "resources": [scale_set("inner", orchestrationMode="[parameters('mode')]")],
}


def test_a_deferred_passed_value_has_every_slot_of_a_passed(monkeypatch):
    # deployment_parts builds a deferred Passed by hand: catch what it returns
    from arm_orchlint.evaluation.deferred import deployment_parts

    seen: list = []

    def recording(*args):
        parts = deployment_parts(*args)
        if parts is not None:
            seen.extend(entry[0] for entry in parts[1].values() if isinstance(entry[0], Passed))
        return parts

    monkeypatch.setattr(expand_module, "_deployment_parts", recording)
    data = template(
        [nested_deployment({"mode": {"value": "[parameters('outer')]"}}, INNER)],
        parameters={"outer": {"type": "string", "defaultValue": "Flexible"}},
    )
    expansion = expand(make_doc(data))
    deferred = [p for p in seen if p.compute is not None]
    assert deferred, "the passed value was not deferred: this test no longer reaches the hand-built Passed"
    for passed in deferred:
        called = Passed(passed.raw, passed.frame, passed.at, passed.compute)
        assert slots(passed, Passed) == slots(called, Passed)
    assert expansion.resources[-1].get("properties", "orchestrationMode") == "Flexible"
