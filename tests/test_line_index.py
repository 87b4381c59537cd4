"""LineIndex: a span's end counted from its start (when both are on one line) is where a
fresh count from the top of the text puts it, whatever was asked before."""

from hypothesis import given, settings
from hypothesis import strategies as st

from arm_orchlint.core.source import LineIndex, Span

# lines with ASCII, other BMP characters and characters outside it (two UTF-16 units)
texts = st.text(alphabet=st.sampled_from('ab :\n\t"{}é中😀'), max_size=60)


def fresh_position(text: str, offset: int) -> tuple[int, int]:
    return LineIndex(text).position(offset)


@settings(max_examples=300, deadline=None)
@given(text=texts, cuts=st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), min_size=1, max_size=6))
def test_span_ends_match_a_fresh_count(text, cuts):
    index = LineIndex(text)
    for start, end in cuts:
        start, end = min(start, end), max(start, end)
        got = index.span("f", start, end)
        assert got == Span("f", *fresh_position(text, start), *fresh_position(text, end))


@settings(max_examples=200, deadline=None)
@given(text=texts, start=st.integers(0, 70), end=st.integers(0, 70))
def test_a_reversed_span_counts_its_end_on_its_own(text, start, end):
    assert LineIndex(text).span("f", start, end) == Span("f", *fresh_position(text, start), *fresh_position(text, end))


def test_columns_count_utf16_units_after_the_start():
    text = 'x\n  "é😀": 1\n'
    start = text.index('"')
    end = text.index(":")
    assert LineIndex(text).span("f", start, end) == Span("f", 2, 3, 2, 8)


@settings(max_examples=300, deadline=None)
@given(text=texts, offsets=st.lists(st.integers(0, 70), min_size=2, max_size=12))
def test_spans_in_text_order_match_a_fresh_count(text, offsets):
    # the usual order (findings come in template order): each span counted from the last
    index = LineIndex(text)
    offsets.sort()
    for start, end in zip(offsets, offsets[1:]):
        got = index.span("f", start, end)
        assert got == Span("f", *fresh_position(text, start), *fresh_position(text, end))
