"""``checkout.real_path`` during a run (``remembering_folders``: folders' real paths remembered,
each from its parent's) is ``os.path.realpath`` for every spelling: symlinked folders and files,
links to links, relative links with ``..``, ``.`` and ``..`` inside paths, missing parts."""

import os

import pytest

from arm_orchlint.front import checkout


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    (tmp_path / "a" / "b" / "c" / "f.bicep").write_text("")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "to_b").symlink_to(tmp_path / "a" / "b", target_is_directory=True)
    (tmp_path / "x" / "rel").symlink_to(os.path.join("..", "a", "b", "c"), target_is_directory=True)
    (tmp_path / "x" / "chain").symlink_to(tmp_path / "x" / "to_b", target_is_directory=True)
    (tmp_path / "x" / "file").symlink_to(tmp_path / "a" / "b" / "c" / "f.bicep")
    (tmp_path / "x" / "dangling").symlink_to(tmp_path / "nowhere")
    return tmp_path


SPELLINGS = [
    "a/b/c/f.bicep",
    "x/to_b/c/f.bicep",
    "x/rel/f.bicep",
    "x/chain/c/f.bicep",
    "x/chain/c/../c/f.bicep",
    "x/to_b/../b/c/./f.bicep",
    "x/rel/../../x/file",
    "x/file",
    "x/dangling",
    "x/dangling/deeper/f.bicep",
    "x/missing/f.bicep",
    "x/to_b//c/f.bicep",
    "x/to_b/c/",
    "x/..",
    ".",
]


def test_remembered_real_paths_are_realpath(tree, monkeypatch):
    monkeypatch.chdir(tree)
    spellings = SPELLINGS + [str(tree / s) for s in SPELLINGS]
    expected = {s: os.path.realpath(s) for s in spellings}
    for order in (spellings, spellings[::-1]):
        with checkout.remembering_folders():
            for spelling in order:
                assert checkout.real_path(spelling) == expected[spelling], spelling
