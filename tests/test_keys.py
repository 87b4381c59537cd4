"""Case-insensitive property names (arm_orchlint.core.keys)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from arm_orchlint.core.keys import COPY_SPELLINGS, get_ci, key_of, other_spelling


def test_the_exact_key_wins_then_the_first_equal_ignoring_case():
    assert key_of({"Zones": 1, "zones": 2}, "zones") == "zones"
    assert key_of({"ZONES": 1, "Zones": 2}, "zones") == "ZONES"
    assert get_ci({"NetworkProfile": {"a": 1}}, "networkProfile") == {"a": 1}


def test_absent_keys_and_values_that_are_not_objects():
    assert key_of({"zone": 1}, "zones") is None
    assert get_ci({"zone": 1}, "zones", "default") == "default"
    assert key_of(["zones"], "zones") is None and get_ci(None, "zones", 7) == 7
    assert key_of({1: "a"}, 1) == 1 and key_of({"1": "a"}, 1) is None


def test_keys_whose_lower_case_changes_length():
    # The Kelvin sign lowers to an ASCII "k"; a dotted capital I lowers to two characters.
    assert key_of({"\u212aind": 1}, "kind") == "\u212aind"
    assert key_of({"i\u0307d": 1}, "\u0130d") == "i\u0307d"


def _other_spelling_reference(mapping, key):
    """The first key of ``mapping`` equal to ``key`` ignoring case (what other_spelling answers),
    written plainly: every key tested, non-strings skipped."""
    if not isinstance(key, str):
        return None
    for k in mapping:
        if isinstance(k, str) and k.lower() == key.lower():
            return k
    return None


_SPELLINGS = st.sampled_from(
    [
        "zones",
        "Zones",
        "ZONES",
        "zone",
        "kind",
        "\u212aind",
        "KIND",
        "\u0130d",
        "i\u0307d",
        "id",
        "ID",
        "ΑΣ",
        "ας",
        "ασ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(_SPELLINGS | st.text(max_size=4), max_size=8), key=_SPELLINGS | st.text(max_size=4))
def test_other_spelling_is_the_first_key_equal_ignoring_case(keys, key):
    mapping = dict.fromkeys(keys, 1)
    if key in mapping:
        return  # (asked only for a key that is not written as such)
    assert other_spelling(mapping, key) == _other_spelling_reference(mapping, key)


def test_copy_spellings_are_every_text_that_lowers_to_copy():
    # each letter of "copy" is the lower case of its upper case only (so four-letter texts
    # are all there is), and no character lowers to more than one of them
    letters = set("copy")
    assert all(chr(c).lower() not in letters | {"co", "op", "py"} or chr(c) in "copyCOPY" for c in range(0x110000))
    assert {a + b + c + d for a in "cC" for b in "oO" for c in "pP" for d in "yY"} == COPY_SPELLINGS
    assert all(t.lower() == "copy" for t in COPY_SPELLINGS)


@settings(max_examples=300, deadline=None)
@given(keys=st.lists(st.sampled_from(["copy", "Copy", "cOpY", "COPY", "copies", "cop", "name"]) | st.text(max_size=4)))
def test_a_copy_member_is_found_by_the_set_test_as_by_key_of(keys):
    mapping = dict.fromkeys(keys, 1)
    assert (not mapping.keys().isdisjoint(COPY_SPELLINGS)) == (key_of(mapping, "copy") is not None)
