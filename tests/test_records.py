"""``records.record`` gives the package's data classes what ``dataclasses`` would."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from arm_orchlint.core.records import FrozenInstanceError, field, fields_of, record, replace


@record
class Plain:
    name: str
    items: list = field(default_factory=list)
    note: str = ""
    cache: dict = field(default_factory=dict, compare=False)


@record(frozen=True)
class Point:
    x: int
    y: int = 0


def test_defaults_factories_and_equality():
    a, b = Plain("a"), Plain("a")
    assert a == b and a.items == [] and a.note == ""
    a.items.append(1)
    assert b.items == [] and a != b  # each instance gets its own list
    a.cache["k"] = 1
    assert Plain("x", [1]) == Plain("x", [1], cache={"other": 2})  # compare=False is ignored
    assert fields_of(Plain) == ("name", "items", "note", "cache")
    assert "Plain(name='a'" in repr(b)


def test_frozen_records_are_hashable_and_read_only():
    p = Point(1, 2)
    assert p == Point(1, 2) and hash(p) == hash(Point(1, 2)) and p != Point(2, 1)
    with pytest.raises(FrozenInstanceError):
        p.x = 3
    assert replace(p, y=5) == Point(1, 5)
    assert {Point(1), Point(1)} == {Point(1, 0)}


def test_missing_argument_is_a_type_error():
    with pytest.raises(TypeError):
        Plain()


def test_methods_written_in_the_class_are_kept():
    @record(frozen=True)
    class Named:
        name: str
        secret: object

        def __repr__(self):
            return f"Named({self.name})"

    assert repr(Named("a", object())) == "Named(a)"
    assert Named("a", 1) == Named("a", 1)


def test_the_precompiled_methods_are_current():
    # scripts/gen_records.py --check regenerates core/records_compiled.py in a fresh
    # process (this one holds the tests' own record classes too) and compares
    repo = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, str(repo / "scripts" / "gen_records.py"), "--check"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def test_the_packages_records_take_precompiled_methods_and_others_compile():
    from arm_orchlint.core import records_compiled
    from arm_orchlint.front.bicep.nodes import Member
    from arm_orchlint.model.resources import CopyInfo

    for cls in (Member, CopyInfo):
        assert cls.__init__.__code__.co_filename == records_compiled.__file__
        assert cls.__eq__.__code__.co_filename == records_compiled.__file__
    assert Plain.__init__.__code__.co_filename == "<string>"  # not in the file: compiled here


def test_a_precompiled_record_behaves_like_a_compiled_one():
    from arm_orchlint.core import records

    def build(precompiled: bool):
        saved = dict(records.FACTORIES)
        if not precompiled:
            records.FACTORIES.clear()
        try:

            @record(frozen=True, slots=True)
            class Spot:
                x: int
                tags: list = field(default_factory=list, compare=False)
                note: str = ""

        finally:
            records.FACTORIES.clear()
            records.FACTORIES.update(saved)
        return Spot

    compiled = build(False)
    shape = next(reversed(records.SHAPES))
    records.FACTORIES[shape] = _factory_for(shape, records.SHAPES[shape])
    try:
        pre = build(True)
    finally:
        del records.FACTORIES[shape]
    assert pre.__init__.__code__.co_filename == "<factory>" != compiled.__init__.__code__.co_filename
    for cls in (compiled, pre):
        a = cls(1, [2])
        assert (a.x, a.tags, a.note) == (1, [2], "") and a == cls(1) and hash(a) == hash(cls(1, [], ""))
        assert repr(a) == "Spot(x=1, tags=[2], note='')" and a.__class__.__slots__ == ("x", "tags", "note")
        with pytest.raises(FrozenInstanceError):
            a.x = 2
        with pytest.raises(TypeError):
            cls()


def _factory_for(shape: tuple, names: tuple) -> object:
    """What scripts/gen_records.py writes for ``shape``, compiled under the name <factory>."""
    spec = importlib.util.spec_from_file_location(
        "gen_records", Path(__file__).parent.parent / "scripts" / "gen_records.py"
    )
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    ns: dict = {}
    exec(compile(gen.render({shape: names}), "<factory>", "exec"), ns)
    return ns["FACTORIES"][shape]
