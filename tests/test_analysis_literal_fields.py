"""gofmt's layout of composite literals and adding fields to them
(gofixer.analysis.gofmt_layout, gofixer.analysis.literal_fields), on their own."""

from __future__ import annotations

from gofixer.analysis.gofmt_layout import LineElem, gofmt_alignment, last_block


def test_gofmt_alignment_breaks_on_key_size_ratio() -> None:
    # go/printer: a key far longer than the running geometric mean starts a new section
    long = "AnUnusuallyLongFieldNameThatIsLongerThanFortyCharacters"
    elems = [LineElem(1, 1, len(long)), LineElem(2, 2, 1), LineElem(3, 3, 17)]
    flags = gofmt_alignment(0, elems)
    assert flags == [(True, True), (True, True), (True, False)]
    assert last_block(flags) == [1, 2]
    # small keys align across the whole run
    flags = gofmt_alignment(0, [LineElem(1, 1, 4), LineElem(2, 2, 7), LineElem(3, 3, 17)])
    assert last_block(flags) == [0, 1, 2]
    # a multi-line element ends a section; a blank line does too
    flags = gofmt_alignment(0, [LineElem(1, 3, 0), LineElem(4, 4, 7), LineElem(6, 6, 17)])
    assert last_block(flags) == [2]


