"""Edits that remove, insert or rewrite whole statements on their own lines, gofmt's way.

Fixes that move a statement (``wg.Add`` before the ``go`` statement, ``defer wg.Done()`` to the
top of a goroutine) must leave the file as gofmt would: a statement goes with its line and its
trailing comment, a new one takes the indentation of the statement it goes before, and a
layout these edits cannot keep gofmt-clean (two statements on a line, a one-line body) gets no
edit at all (None): the rule then reports without a fix.
"""

from __future__ import annotations

from tree_sitter import Node

from ..model import Edit
from ..source import SourceFile
from .syntax import enclosing, inside, unparen, walk, walk_same_function


def delete_statement(src: SourceFile, stmt: Node, floor: int = 0) -> Edit | None:
    """An edit removing ``stmt`` with its line; None when it shares the line with other code.

    A trailing ``//`` comment, which is about the statement, goes with it. A blank line left
    between the previous code and a closing brace is removed too (unless it starts before
    ``floor``, where another edit of the same fix inserts).
    """
    data = src.data
    l0, l1 = src.line_of(stmt.start_byte), src.line_of(stmt.end_byte)
    if data[src.line_start(l0) : stmt.start_byte].strip(b" \t"):
        return None
    rest = data[stmt.end_byte : src.line_end(l1)].strip(b" \t")
    if rest and not rest.startswith(b"//"):
        return None
    start = src.line_start(l0)
    end = src.line_start(l1 + 1) if l1 + 1 < src.line_count else len(data)
    if l0 > 0 and l1 + 1 < src.line_count:
        prev = data[src.line_start(l0 - 1) : src.line_end(l0 - 1)]
        nxt = data[src.line_start(l1 + 1) : src.line_end(l1 + 1)].strip(b" \t")
        if not prev.strip(b" \t") and nxt.startswith(b"}") and src.line_start(l0 - 1) >= floor:
            start = src.line_start(l0 - 1)
    return Edit(start, end, b"")


def statement_line_insertion(src: SourceFile, stmt: Node, text: bytes) -> Edit | None:
    """Insert ``text`` as a statement on its own line just before ``stmt`` (same indentation)."""
    line0 = src.line_of(stmt.start_byte)
    start = src.line_start(line0)
    if src.data[start : stmt.start_byte].strip(b" \t"):
        return None
    indent = src.indent_of_line(stmt.start_byte)
    return Edit(start, start, indent + text + src.newline_at(stmt.start_byte))


def body_top_insertion(src: SourceFile, body: Node, text: bytes) -> Edit | None:
    """Insert ``text`` as the first statement of a block written over several lines."""
    data = src.data
    if body.type != "block" or data[body.start_byte : body.start_byte + 1] != b"{":
        return None
    brace_line = src.line_of(body.start_byte)
    rest = data[body.start_byte + 1 : src.line_end(brace_line)].strip(b" \t")
    if rest and not rest.startswith(b"//"):
        return None
    lst = next((c for c in body.named_children if c.type == "statement_list"), None)
    first = lst.named_children[0] if lst is not None and lst.named_children else None
    if first is None or src.line_of(first.start_byte) <= brace_line:
        return None
    if data[src.line_start(src.line_of(first.start_byte)) : first.start_byte].strip(b" \t"):
        return None
    at = src.line_start(brace_line + 1)
    return Edit(at, at, src.indent_of_line(first.start_byte) + text + src.newline_at(body.start_byte))



def go_literal_as_call(src: SourceFile, go: Node, func: Node, callee: bytes, drop: list[Node]) -> list[Edit] | None:
    """The edits turning ``go func() { … }()`` into ``callee(func() { … })`` (``wg.Go(…)``) and
    removing the statements ``drop``, or None when the layout does not allow it.

    Only the ``go `` before the literal and the ``()`` after it change, so the body keeps its
    indentation and the result stays gofmt-clean.
    """
    data = src.data
    call = func.parent
    args = call.child_by_field_name("arguments") if call is not None else None
    head = data[go.start_byte : func.start_byte]
    if args is None or head[:2] != b"go" or head[2:].strip(b" \t"):
        return None
    edits = [Edit(go.start_byte, func.start_byte, callee + b"("), Edit(args.start_byte, args.end_byte, b")")]
    for stmt in sorted(drop, key=lambda n: n.start_byte):
        e = delete_statement(src, stmt)
        if e is None:
            return None
        edits.append(e)
    edits.sort(key=lambda e: (e.start, e.end))
    if any(a.end > b.start for a, b in zip(edits, edits[1:])):
        return None
    return edits


def rest_blank(src: SourceFile, pos: int) -> bool:
    """Only blanks or a line comment from ``pos`` to the end of its line."""
    data = src.data
    rest = data[pos : src.line_end(src.line_of(pos))].strip(b" \t")
    return not rest or rest.startswith(b"//")


def starts_line(src: SourceFile, pos: int) -> bool:
    """Only blanks before ``pos`` on its line."""
    return not src.data[src.line_start(src.line_of(pos)) : pos].strip(b" \t")


def indent_lines(src: SourceFile, first: int, last: int, within: Node) -> list[Edit]:
    """One more tab at the start of lines ``first..last`` (0-based, inclusive), for code that
    moves one block deeper: blank lines and lines inside a raw string literal of ``within``
    are left alone (gofmt re-indents block comments)."""
    data = src.data
    raws = [n for n in walk(within) if n.type == "raw_string_literal" and b"\n" in data[n.start_byte : n.end_byte]]
    edits = []
    for line in range(first, last + 1):
        start, end = src.line_start(line), src.line_end(line)
        if not data[start:end].strip(b" \t\r"):
            continue
        if any(r.start_byte < start < r.end_byte for r in raws):
            continue
        edits.append(Edit(start, start, b"\t"))
    return edits


def statement_line_after(src: SourceFile, stmt: Node, text: bytes, indent_of: Node | None = None) -> Edit | None:
    """Insert ``text`` as a statement on its own line just after ``stmt``, indented like
    ``indent_of`` (default: ``stmt``); None when ``stmt`` does not start its line, when code or
    a block comment follows it on its last line, or when the file ends there. A trailing line
    comment stays with ``stmt``."""
    if not rest_blank(src, stmt.end_byte) or not starts_line(src, stmt.start_byte):
        return None
    nxt = src.line_of(stmt.end_byte) + 1
    if nxt >= src.line_count:
        return None
    at = src.line_start(nxt)
    indent = src.indent_of_line((indent_of or stmt).start_byte)
    return Edit(at, at, indent + text + src.newline_at(stmt.end_byte))


def one_line_problem(src: SourceFile, stmt: Node) -> str | None:
    """Why the statement cannot be rewritten line for line (it spans lines, or shares its line
    with other code), or None when it stands alone on its line (a trailing comment allowed)."""
    if b"\n" in src.data[stmt.start_byte : stmt.end_byte] or not starts_line(src, stmt.start_byte):
        return "the statement does not stand alone on one line"
    if not rest_blank(src, stmt.end_byte):
        return "another statement follows on its line"
    return None


def wrap_in_select(src: SourceFile, stmt: Node, more: list[bytes]) -> Edit:
    """``select { case <stmt>: … }`` in place of a statement that stands alone on its line
    (:func:`one_line_problem`): ``more`` are the lines after the first case, indented as the
    ``select`` is (a body line starts with its own tab). A trailing comment stays after the
    closing brace."""
    ind = src.indent_of_line(stmt.start_byte)
    lines = [b"select {", ind + b"case " + src.data[stmt.start_byte : stmt.end_byte] + b":", *(ind + m for m in more), ind + b"}"]
    return Edit(stmt.start_byte, stmt.end_byte, src.newline_at(stmt.start_byte).join(lines))


_RELEASES = (b".Done", b".Unlock", b".RUnlock")


def sends_wait_on(src: SourceFile, literal: Node, chan: bytes, signal: bytes) -> tuple[list[Edit], str]:
    """The edits that make every send on ``chan`` in a goroutine's function literal wait on
    ``signal`` (a receive operand: ``ctx.Done()``) as well, and end the goroutine when it fires:
    ``select { case ch <- v: case <-ctx.Done(): return }``. Empty with the reason when a send
    cannot be rewritten line for line, the literal has results (a bare ``return`` would not
    compile), or a release written after a send (``wg.Done()``, ``mu.Unlock()``, ``close``,
    not deferred) would be skipped by the ``return``."""
    if literal.child_by_field_name("result") is not None:
        return [], "the goroutine's function has results"
    body = literal.child_by_field_name("body")
    data = src.data
    sends = [
        n
        for n in walk_same_function(body)
        if n.type == "send_statement"
        and (ch := unparen(n.child_by_field_name("channel"))) is not None
        and data[ch.start_byte : ch.end_byte] == chan
    ]
    if not sends:
        return [], "the goroutine does not send on it itself"
    edits = []
    for send in sends:
        if send.parent is None or send.parent.type != "statement_list":
            return [], "a send is not a statement of its own"
        problem = one_line_problem(src, send)
        if problem is not None:
            return [], problem
        edits.append(wrap_in_select(src, send, [b"case <-" + signal + b":", b"\treturn"]))
    for n in walk_same_function(body):
        if n.type != "call_expression" or n.start_byte < sends[0].end_byte:
            continue
        callee = data[n.child_by_field_name("function").start_byte : n.child_by_field_name("function").end_byte]
        deferred = enclosing(n, ("defer_statement",))
        if (callee == b"close" or callee.endswith(_RELEASES)) and (deferred is None or not inside(deferred, body)):
            return [], f"the goroutine's {callee.decode('utf-8', 'replace')}() after its send would be skipped"
    return edits, ""


def _first_below(src: SourceFile, items: list[Node], line: int) -> tuple[Node | None, bool]:
    """The first item starting below ``line``, and whether only comments share ``line``."""
    only_comments = all(c.type == "comment" for c in items if src.line_of(c.start_byte) == line)
    below = next((c for c in items if src.line_of(c.start_byte) > line), None)
    return below, only_comments


def struct_field_insertion(src: SourceFile, struct: Node, decl: str) -> Edit | None:
    """``decl`` (a field declaration) as the first line of a struct type, gofmt's way: on its own
    line above the first field, or, for a one-line ``struct{ a int; b string }``, as the first
    line of the block it becomes (fields aligned); None for a layout it cannot keep gofmt-clean
    (tags in a one-line struct)."""
    lst = next((c for c in struct.named_children if c.type == "field_declaration_list"), None)
    if lst is None:
        return None
    data = src.data
    items = list(lst.named_children)
    open_line = src.line_of(lst.start_byte)
    below, only_comments = _first_below(src, items, open_line)
    if below is not None and only_comments:
        at = src.line_end(open_line)
        nl = src.newline_at(at)
        indent = src.indent_of_line(below.start_byte)
        next_blank = not data[src.line_start(open_line + 1) : src.line_end(open_line + 1)].strip()
        return Edit(at, at, nl + indent + decl.encode() + (b"" if next_blank else nl))
    # one-line struct: struct{ a int; b string } becomes a block
    fields = items
    if not fields or any(c.type != "field_declaration" or c.child_by_field_name("tag") is not None for c in fields):
        return None
    if src.line_of(lst.end_byte) != open_line:
        return None
    base = src.indent_of_line(lst.start_byte)
    nl = src.newline_at(lst.start_byte)
    ind = base + b"\t"
    rows = []
    for c in fields:
        names = c.children_by_field_name("name")
        ty = c.child_by_field_name("type")
        left = b", ".join(src.text(n) for n in names)
        rows.append((left, src.text(ty) if ty is not None else b""))
    width = max((len(left) for left, _ in rows if left), default=0)
    body = [ind + decl.encode() + nl, nl]
    for left, ty in rows:
        if left:
            body.append(ind + left + b" " * (width - len(left) + 1) + ty + nl)
        else:
            body.append(ind + ty + nl)
    # gofmt spells a multi-line struct `struct {`, a one-line one `struct{`
    return Edit(struct.start_byte, lst.end_byte, b"struct {" + nl + b"".join(body) + base + b"}")


def lock_at_body_top(src: SourceFile, decl: Node, lock: str, unlock: str) -> Edit | None:
    """``lock`` and ``unlock`` (``mu.Lock()``, ``defer mu.Unlock()``) as the first two lines of a
    function's body, a one-line body becoming a block; None when a comment in a one-line body
    would be lost."""
    body = decl.child_by_field_name("body")
    if body is None:
        return None
    open_line = src.line_of(body.start_byte)
    items: list[Node] = []
    for c in body.named_children:
        items.extend(c.named_children if c.type == "statement_list" else [c])
    below, only_comments = _first_below(src, items, open_line)
    if below is not None and only_comments:
        at = src.line_end(open_line)
        nl = src.newline_at(at)
        indent = src.indent_of_line(below.start_byte)
        return Edit(at, at, nl + indent + lock.encode() + nl + indent + unlock.encode())
    if src.line_of(body.end_byte) != open_line or not items or any(c.type == "comment" for c in walk(body)):
        return None
    base = src.indent_of_line(decl.start_byte)
    ind = base + b"\t"
    nl = src.newline_at(body.start_byte)
    lines = [ind + lock.encode() + nl, ind + unlock.encode() + nl]
    lines += [ind + src.text(s) + nl for s in items]
    return Edit(body.start_byte, body.end_byte, b"{" + nl + b"".join(lines) + base + b"}")


def guarded(src: SourceFile, stmt: Node, cond: bytes) -> Edit | None:
    """``if cond { stmt }`` in place of a statement that stands alone on its line; None when it
    does not (:func:`one_line_problem`)."""
    if one_line_problem(src, stmt) is not None:
        return None
    nl, ind = src.newline_at(stmt.start_byte), src.indent_of_line(stmt.start_byte)
    body = src.data[stmt.start_byte : stmt.end_byte]
    return Edit(stmt.start_byte, stmt.end_byte, b"if " + cond + b" {" + nl + ind + b"\t" + body + nl + ind + b"}")
