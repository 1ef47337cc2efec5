"""gofmt's layout of composite literals and adding fields to them
(gofixer.analysis.gofmt_layout, gofixer.analysis.literal_fields), on their own."""

from __future__ import annotations

from gofixer.analysis.gofmt_layout import LineElem, gofmt_alignment, last_block
from gofixer.analysis.literal_fields import add_fields, literal_elements
from gofixer.analysis.syntax import walk
from gofixer.source import SourceFile, parse


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




def _literal(src: str):
    data = src.encode()
    root = parse(data).root_node
    lit = next(n for n in walk(root) if n.type == "composite_literal")
    return SourceFile("x.go", data), lit.child_by_field_name("body")


def _apply(data: bytes, edits) -> bytes:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        data = data[: e.start] + e.new + data[e.end :]
    return data


def test_add_fields_aligns_a_multi_line_literal() -> None:
    src, body = _literal('package p\n\nvar s = S{\n\tAddr: ":80",\n\tH:    h,\n}\n')
    edits = add_fields(src, body, [("ReadTimeout", "5")])
    assert _apply(src.data, edits) == b'package p\n\nvar s = S{\n\tAddr:        ":80",\n\tH:           h,\n\tReadTimeout: 5,\n}\n'


def test_add_fields_on_one_line_and_over_several() -> None:
    src, body = _literal('package p\n\nfunc f() {\n\ts := S{Addr: ":80"}\n\t_ = s\n}\n')
    assert _apply(src.data, add_fields(src, body, [("T", "1")])) == b'package p\n\nfunc f() {\n\ts := S{Addr: ":80", T: 1}\n\t_ = s\n}\n'
    # past MAX_INLINE columns, several new fields go one per line, aligned
    long = [("ReadHeaderTimeout", "10 * time.Second"), ("ReadTimeout", "5 * time.Second"), ("WriteTimeout", "10 * time.Second")]
    fixed = _apply(src.data, add_fields(src, body, long))
    assert fixed == (
        b'package p\n\nfunc f() {\n\ts := S{\n\t\tAddr:              ":80",\n'
        b"\t\tReadHeaderTimeout: 10 * time.Second,\n\t\tReadTimeout:       5 * time.Second,\n"
        b"\t\tWriteTimeout:      10 * time.Second,\n\t}\n\t_ = s\n}\n"
    )


def test_positional_literals_and_aligned_comments_get_no_fields() -> None:
    src, body = _literal("package p\n\nvar s = S{1, 2}\n")
    assert literal_elements(body, src.data) is None and add_fields(src, body, [("T", "1")]) is None
    # a longer line would move a trailing comment gofmt aligns with the next line's
    src, body = _literal("package p\n\nvar (\n\ts = S{} // one\n\tt = 2   // two\n)\n")
    assert add_fields(src, body, [("T", "1")]) is None
