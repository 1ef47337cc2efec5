"""analysis.statement_edits: whole-statement edits that keep gofmt's layout, or refuse."""

from __future__ import annotations

from gofixer import edits as edit_ops
from gofixer.analysis import statement_edits as se
from gofixer.analysis.syntax import walk
from gofixer.source import SourceFile, parse


def _src(text: str):
    data = text.encode()
    return SourceFile("x.go", data), parse(data).root_node


def _stmt(root, data: bytes, text: str):
    return next(
        n
        for n in walk(root)
        if (n.type.endswith("statement") or n.type == "short_var_declaration") and data[n.start_byte : n.end_byte] == text.encode()
    )


def _apply(src: SourceFile, edits) -> str:
    return edit_ops.apply(src.data, sorted(edits, key=lambda e: (e.start, e.end))).decode()


GOROUTINE = "package p\n\nfunc f() {\n\tgo func() {\n\t\twork()\n\n\t\twg.Done() // counted\n\t}()\n\ta(); b()\n}\n"


def test_delete_statement_takes_its_line_comment_and_a_blank_line_before_a_brace() -> None:
    src, root = _src(GOROUTINE)
    e = se.delete_statement(src, _stmt(root, src.data, "wg.Done()"))
    assert _apply(src, [e]) == "package p\n\nfunc f() {\n\tgo func() {\n\t\twork()\n\t}()\n\ta(); b()\n}\n"
    assert se.delete_statement(src, _stmt(root, src.data, "b()")) is None  # shares its line


def test_insertions() -> None:
    src, root = _src(GOROUTINE)
    go = _stmt(root, src.data, src.data[src.data.index(b"go func") : src.data.index(b"}()") + 3].decode())
    before = se.statement_line_insertion(src, go, b"wg.Add(1)")
    lit = next(n for n in walk(root) if n.type == "func_literal")
    top = se.body_top_insertion(src, lit.child_by_field_name("body"), b"defer wg.Done()")
    out = _apply(src, [before, top])
    assert "\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\twork()\n" in out
    one_line, root2 = _src("package p\n\nfunc f() {\n\tgo func() { work() }()\n}\n")
    lit2 = next(n for n in walk(root2) if n.type == "func_literal")
    assert se.body_top_insertion(one_line, lit2.child_by_field_name("body"), b"defer wg.Done()") is None


def test_go_literal_as_call() -> None:
    text = "package p\n\nfunc f() {\n\twg.Add(1)\n\tgo func() {\n\t\twork()\n\t\twg.Done()\n\t}()\n}\n"
    src, root = _src(text)
    go = next(n for n in walk(root) if n.type == "go_statement")
    lit = next(n for n in walk(root) if n.type == "func_literal")
    drop = [_stmt(root, src.data, "wg.Add(1)"), _stmt(root, src.data, "wg.Done()")]
    edits = se.go_literal_as_call(src, go, lit, b"wg.Go", drop)
    assert _apply(src, edits) == "package p\n\nfunc f() {\n\twg.Go(func() {\n\t\twork()\n\t})\n}\n"


def test_layout_helpers() -> None:
    text = "package p\n\nfunc f() {\n\tx := 1 // one\n\ts := `a\nb`\n\n\ty()\n}\n"
    src, root = _src(text)
    x = _stmt(root, src.data, "x := 1")
    assert se.rest_blank(src, x.end_byte) and se.starts_line(src, x.start_byte)
    assert not se.rest_blank(src, x.start_byte) and not se.starts_line(src, x.end_byte)
    func = next(n for n in walk(root) if n.type == "function_declaration")
    body = func.child_by_field_name("body")
    first, last = src.line_of(x.start_byte), src.line_of(_stmt(root, src.data, "y()").start_byte)
    out = _apply(src, se.indent_lines(src, first, last, body))
    # the raw string's second line and the blank line are left alone
    assert out == "package p\n\nfunc f() {\n\t\tx := 1 // one\n\t\ts := `a\nb`\n\n\t\ty()\n}\n"
