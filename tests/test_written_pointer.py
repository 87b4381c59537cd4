"""written_pointer: a pointer written as named is itself (the fast path); other spellings
and property copy blocks still take the document's way."""

from arm_orchlint.front.edits import _encode, json_literal
from arm_orchlint.model.scalesets import written_pointer

DATA = {
    "resources": [
        {
            "Properties": {"singlePlacementGroup": True, "copy": [{"name": "disks", "count": 2, "input": {"a": 1}}]},
        }
    ]
}


def test_a_pointer_written_as_named_is_itself():
    pointer = ("resources", 0, "Properties", "singlePlacementGroup")
    assert written_pointer(DATA, pointer) == pointer
    assert written_pointer(DATA, ["resources", 0]) == ("resources", 0)


def test_other_spellings_copy_blocks_and_missing_parts():
    assert written_pointer(DATA, ("resources", 0, "properties", "singleplacementgroup")) == (
        "resources",
        0,
        "Properties",
        "singlePlacementGroup",
    )
    assert written_pointer(DATA, ("resources", 0, "Properties", "disks", 1, "a")) == (
        "resources",
        0,
        "Properties",
        "copy",
        0,
        "input",
        "a",
    )
    assert written_pointer(DATA, ("resources", 3, "x")) == ("resources", 3, "x")
    assert written_pointer(DATA, ("resources", True)) == ("resources", True)


def test_json_literals_are_the_encoders():
    for value in (True, False, None, 0, 1, "x", [True], {"a": None}):
        assert json_literal(value) == _encode(value)
