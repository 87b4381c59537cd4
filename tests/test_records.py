"""``records.record`` gives the package's data classes what ``dataclasses`` would."""

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
