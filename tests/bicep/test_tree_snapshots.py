"""Node-shape snapshots: a tree-sitter-bicep upgrade that changes shapes fails here first."""

import pytest
from bicep_helpers import sample

from arm_orchlint.front.bicep import syntax

SAMPLES = ["vmss.bicep", "loops.bicep", "expressions.bicep", "types.bicep"]


@pytest.mark.parametrize("name", SAMPLES)
def test_tree_shape(snapshot, name):
    _, text = sample(name)
    snapshot.snapshot_dir = "tests/bicep/snapshots"
    snapshot.assert_match(syntax.dump(syntax.parse_tree(text).root_node), name.replace(".bicep", ".txt"))


def test_bicepparam_tree_shape_after_rewrite(snapshot):
    from arm_orchlint.front.bicep.params import rewrite_params

    _, text = sample("main.bicepparam")
    snapshot.snapshot_dir = "tests/bicep/snapshots"
    snapshot.assert_match(syntax.dump(syntax.parse_tree(rewrite_params(text)).root_node), "main.bicepparam.txt")


@pytest.mark.parametrize("name", SAMPLES)
def test_samples_parse_cleanly(name):
    _, text = sample(name)
    assert syntax.parse(text).problems == []
