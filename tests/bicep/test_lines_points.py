"""``Lines.point`` counts its first points from the text and then looks them up in the listed
line starts: both ways must give tree-sitter's (row, byte column) for every offset."""

import random

from arm_orchlint.front.bicep import nodes as N
from arm_orchlint.front.bicep import syntax

_TEXTS = [
    b"",
    b"\n",
    b"\n\n",
    b"a",
    b"a\n",
    b"var a = 1\r\nvar b = 'x'\r\n",
    b"var a = 1\nvar b = '\xc3\xa9\xc3\xa9'\n// c\n\n\nvar c = 2",
    b"\r\n\r\n  x\r\n",
]


def _by_listing(source: bytes, offset: int) -> tuple:
    starts = [0] + [i + 1 for i, b in enumerate(source) if b == 0x0A]
    row = max(i for i, s in enumerate(starts) if s <= offset)
    return row, offset - starts[row]


def test_points_counted_and_listed_agree_at_every_offset():
    rnd = random.Random(3)
    texts = _TEXTS + [bytes(rnd.choice(b"ab \n\r\t") for _ in range(rnd.randint(0, 40))) for _ in range(200)]
    for source in texts:
        lines = N.Lines(source)
        offsets = list(range(len(source) + 2))
        rnd.shuffle(offsets)
        for offset in offsets * 3:  # counted at first, listed once the counts read enough
            assert lines.point(offset) == _by_listing(source, offset), (source, offset)
        assert lines._starts is not None or len(source) < 2


def test_points_are_tree_sitters():
    source = b"var a = {\r\n  k: 'v\xc3\xa9'\r\n  n: 1\n}\n\noutput o string = a.k\n"
    root = syntax.parse_tree(source.decode()).root_node
    lines = N.Lines(source)
    stack = [root]
    while stack:
        n = stack.pop()
        stack.extend(n.children)
        assert lines.point(n.start_byte) == tuple(n.start_point), n
        assert lines.point(n.end_byte) == tuple(n.end_point), n
