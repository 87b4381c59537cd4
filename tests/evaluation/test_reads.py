"""What a template string reads (evaluation/reads.py): ASCII text is matched lower-cased,
without re.I; it finds what the case-insensitive pattern finds."""

import pytest

from arm_orchlint.evaluation.reads import _READS, HAZARD, string_refs


def _by_case_insensitive_pattern(text: str) -> frozenset:
    refs = set()
    for function, quoted in _READS.findall(text):
        kind = function[0].lower()
        refs.add((kind, quoted.replace("''", "'").lower()) if kind in "pv" and quoted else HAZARD)
    return frozenset(refs)


@pytest.mark.parametrize(
    "text",
    [
        "[parameters('a')]",
        "[Parameters('A')]",
        "[PARAMETERS ( 'Ab''c' ) ]",
        "[variables('x')[parameters('y')]]",
        "[xparameters('a')]",
        "[_variables('a')]",
        "[1parameters('a')]",
        "[$parameters('b')]",
        "[a.parameters('b')]",
        "[\nparameters('a')]",
        "[parameters('a')parameters('b')]",
        "[concat('parameters(', 'x')]",
        "[xparameters('reference(')]",
        "[parameters('')]",
        "[parameters(variables('n'))]",
        "[variables('a'')]",
        "[parameters('a''') ]",
        "[reference('x').outputs]",
        "[References('x')]",
        "[resourceInfo('x')]",
        "[referencesx('x')]",
        "[concat(parameters('\u00c9'), variables('b'))]",
        "[\u0130parameters('a')]",  # lower-cased, this letter is two characters
        "[concat('\u00e9', parameters('a'))]",
    ],
)
def test_string_refs_are_those_of_the_case_insensitive_pattern(text):
    assert string_refs(text) == _by_case_insensitive_pattern(text)
