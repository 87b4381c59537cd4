"""Case-insensitive property names (arm_orchlint.core.keys)."""

from arm_orchlint.core.keys import get_ci, key_of


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
