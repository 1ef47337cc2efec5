"""Line index: byte columns for go vet, UTF-16 columns for LSP, CRLF and BOM kept exact."""

from __future__ import annotations

from gofixer.model import Position
from gofixer.source import SourceFile, parse


def test_positions_are_one_based_byte_columns():
    s = SourceFile("x.go", b"package p\n\nfunc f() {}\n")
    assert s.position(0) == Position(1, 1)
    assert s.position(11) == Position(3, 1)
    assert s.position(16) == Position(3, 6)
    assert s.offset(3, 6) == 16


def test_crlf_lines_and_newline_style():
    data = b"package p\r\n\r\nfunc f() {\r\n}\r\n"
    s = SourceFile("x.go", data)
    assert s.line_count == 5
    assert s.position(data.index(b"func")) == Position(3, 1)
    assert s.line_end(0) == data.index(b"\r\n")
    assert s.newline_at(data.index(b"func")) == b"\r\n"
    assert s.dominant_newline() == b"\r\n"


def test_mixed_line_endings_use_the_line_own_ending():
    data = b"package p\n\nfunc f() {\r\n}\n"
    s = SourceFile("x.go", data)
    assert s.newline_at(data.index(b"func")) == b"\r\n"
    assert s.newline_at(0) == b"\n"


def test_bom_is_not_a_column():
    data = b"\xef\xbb\xbfpackage p\n"
    s = SourceFile("x.go", data)
    assert s.has_bom
    assert s.position(3) == Position(1, 1)
    assert s.offset(1, 1) == 3
    assert s.utf16_column(3) == 0


def test_multibyte_utf8_columns():
    # "é" is 2 bytes and 1 UTF-16 unit; "𝄞" is 4 bytes and 2 UTF-16 units
    data = 'package p\n\nvar s = "é𝄞" // x\n'.encode()
    s = SourceFile("x.go", data)
    slash = data.index(b"//")
    assert s.position(slash) == Position(3, 1 + len('var s = "é𝄞" '.encode()))
    assert s.utf16_column(slash) == len('var s = "') + 1 + 2 + 2
    assert s.offset_from_utf16(2, s.utf16_column(slash)) == slash


def test_non_utf8_bytes_survive_and_count_one_unit_each():
    data = b'package p\n\nvar s = "\xff\xfe" // x\n'
    s = SourceFile("x.go", data)
    slash = data.index(b"//")
    col = s.utf16_column(slash)
    assert s.offset_from_utf16(2, col) == slash
    assert s.data == data


def test_indent_and_text():
    data = b"package p\n\nfunc f() {\n\t\tx := 1\n}\n"
    s = SourceFile("x.go", data)
    assert s.indent_of_line(data.index(b"x :=")) == b"\t\t"
    tree = parse(data)
    assert s.text(tree.root_node.children[0]) == b"package p"
