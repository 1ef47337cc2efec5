"""GF409 wg-wait-in-loop: ``wg.Wait()`` inside the loop that starts the goroutines ``wg.Add`` counted before it.

What it finds
    A loop whose body starts goroutines that call ``W.Done()`` (a ``go func() { … }()`` that
    calls it, or ``go f(&W)``/``go f(W)`` handing it over) and then calls ``W.Wait()`` as a
    statement of the same body, where ``W`` is a ``sync.WaitGroup`` counted before the loop by
    ``W.Add(n)`` (``n`` not the literal 0 or 1) and nowhere in the loop. The finding is on the
    ``Wait``.

    Not reported: an ``Add`` in the loop (``wg.Add(1); go …; wg.Wait()`` runs the goroutines one
    at a time, which may be what was meant); a ``Wait`` in a nested block of the loop; a loop
    whose goroutines do not use the WaitGroup.

Why it is bad
    ``W.Add(len(items))`` before the loop counts every goroutine the loop will start. The
    ``Wait`` in the first round waits for all of them, but only the first has been started:
    with two items or more it blocks forever, the goroutines it waits for are never started,
    and whatever the function holds stays held.

Example
    func (m *Manager) startAll() {
        var wg sync.WaitGroup
        wg.Add(len(m.plugins))
        for _, p := range m.plugins {
            go func() {
                defer wg.Done()
                p.start()
            }()
            wg.Wait()
        }
    }

Fixed
    func (m *Manager) startAll() {
        var wg sync.WaitGroup
        wg.Add(len(m.plugins))
        for _, p := range m.plugins {
            go func() {
                defer wg.Done()
                p.start()
            }()
        }
        wg.Wait()
    }

Fix safety
    Safe when the count is exactly the number of rounds: ``W.Add(len(s))`` before ``for … range
    s``, or ``W.Add(n)`` before ``for i := 0; i < n; i++`` (``n`` and ``i`` not assigned in the
    loop), the ``Wait`` is the body's last statement and nothing in the body leaves the loop
    early (``break``, ``continue``, ``return``, ``goto``). With two rounds or more the code
    cannot get past the first ``Wait``; with one round or none, waiting after the loop does
    what waiting in it did. The ``Wait`` moves to the line after the loop (or is dropped when
    ``W.Wait()`` already follows the loop). Otherwise reported without a fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import lexical, prefilter, syntax, waitgroups
from gofixer.analysis.statement_edits import delete_statement, statement_line_after
from gofixer.analysis.summaries import operand_key
from gofixer.analysis.waitgroups import WaitGroups, receiver_text
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

_LEAVES = ("break_statement", "continue_statement", "return_statement", "goto_statement", "labeled_statement")


class WgWaitInLoop(Rule):
    code = "GF409"
    name = "wg-wait-in-loop"
    summary = "wg.Wait() inside the loop that starts the goroutines wg.Add counted before it: blocks forever"
    fix_class = FixClass.SAFE
    tier = "preview"
    needs = prefilter.contains(b".Wait()", b"Add(") & prefilter.go_statement

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        wgs: WaitGroups | None = None
        for call in lexical.method_call_statements(ctx.root, data, b"Wait"):
            w = receiver_text(call, data)
            if w is None:
                continue
            stmt = call.parent
            loop = _loop_of_body_statement(stmt)
            if loop is None:
                continue
            body = loop.child_by_field_name("body")
            top = syntax.statements(body)
            if not any(waitgroups.counted_by(g, w, data) for g in top if g.type == "go_statement" and g.start_byte < stmt.start_byte):
                continue
            if _adds_in(loop, w, data):
                continue
            add = _add_before(loop, w, data)
            if add is None:
                continue
            arg = syntax.named(add.named_children[0].child_by_field_name("arguments"))
            if len(arg) != 1 or (arg[0].type == "int_literal" and ctx.text(arg[0]) in ("0", "1")):
                continue
            if wgs is None:
                wgs = WaitGroups(data, ctx.root, ctx.imports, ctx.package)
            recv = call.child_by_field_name("function").child_by_field_name("operand")
            if not wgs.is_wg(recv):
                continue
            name = w.decode("utf-8", "replace")
            count = ctx.text(arg[0])
            message = (
                f"`{name}.Wait()` inside the loop that starts the goroutines: `{name}.Add({count})` counted them all"
                " before the loop, so the first Wait waits for goroutines not started yet and blocks forever"
                " when the loop runs more than once"
            )
            fix, why_not = self._fix(ctx, loop, stmt, top, w, arg[0])
            if why_not:
                message += f" (no fix: {why_not})"
            yield self.finding(call, message, fix)

    def _fix(self, ctx, loop: Node, stmt: Node, top: list[Node], w: bytes, count: Node) -> tuple[Fix | None, str | None]:
        data = ctx.data
        if top[-1].id != stmt.id:
            return None, "the Wait is not the last statement of the loop"
        if not _count_is_rounds(ctx, loop, count):
            return None, "the count is not the number of rounds of the loop"
        for n in syntax.walk_same_function(loop.child_by_field_name("body")):
            if n.type in _LEAVES:
                return None, "something in the loop leaves it early"
        # the statement moves with its trailing comment, as delete_statement removes it
        text = data[stmt.start_byte : ctx.source.line_end(ctx.source.line_of(stmt.end_byte))].rstrip(b" \t")
        remove = delete_statement(ctx.source, stmt)
        nxt = loop.next_named_sibling
        while nxt is not None and nxt.type == "comment":
            nxt = nxt.next_named_sibling
        already = nxt is not None and nxt.type == "expression_statement" and _is_wait(nxt, w, data)
        edits = [remove]
        if not already:
            edits.append(statement_line_after(ctx.source, loop, text))
        if any(e is None for e in edits):
            return None, "the loop's layout does not allow the edit"
        name = w.decode("utf-8", "replace")
        return Fix(f"move {name}.Wait() after the loop", tuple(edits), Applicability.SAFE), None


def _loop_of_body_statement(stmt: Node) -> Node | None:
    """The ``for`` statement whose body holds ``stmt`` directly."""
    lst = stmt.parent
    block = lst.parent if lst is not None and lst.type == "statement_list" else None
    loop = block.parent if block is not None and block.type == "block" else None
    if loop is None or loop.type != "for_statement" or not syntax.same_node(loop.child_by_field_name("body"), block):
        return None
    return loop


def _method_calls(node: Node, w: bytes, data: bytes, method: bytes) -> Iterator[Node]:
    for n in syntax.walk(node):
        if n.type != "call_expression":
            continue
        fn = n.child_by_field_name("function")
        fld = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
        if fld is not None and data[fld.start_byte : fld.end_byte] == method and receiver_text(n, data) == w:
            yield n


def _adds_in(loop: Node, w: bytes, data: bytes) -> bool:
    return any(True for _ in _method_calls(loop, w, data, b"Add"))


def _add_before(loop: Node, w: bytes, data: bytes) -> Node | None:
    """The nearest ``W.Add(n)`` statement before the loop, in its block or an enclosing one of
    the same function."""
    x = loop
    while x is not None and x.type not in syntax.FUNC_TYPES:
        if x.parent is not None and x.parent.type == "statement_list":
            prev = x.prev_named_sibling
            while prev is not None:
                if prev.type == "expression_statement" and syntax.named(prev) and _is_method(prev, w, data, b"Add"):
                    return prev
                if any(True for _ in _method_calls(prev, w, data, b"Wait")):
                    return None  # a Wait before the loop: the count is from an earlier batch
                prev = prev.prev_named_sibling
        x = x.parent
    return None


def _is_method(stmt: Node, w: bytes, data: bytes, method: bytes) -> bool:
    call = syntax.named(stmt)[0]
    if call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    fld = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
    return fld is not None and data[fld.start_byte : fld.end_byte] == method and receiver_text(call, data) == w


def _is_wait(stmt: Node, w: bytes, data: bytes) -> bool:
    return _is_method(stmt, w, data, b"Wait") and not syntax.named(syntax.named(stmt)[0].child_by_field_name("arguments"))


def _count_is_rounds(ctx: FileContext, loop: Node, count: Node) -> bool:
    """Is ``count`` the number of rounds of ``loop``: ``len(s)`` for ``range s``, ``n`` for
    ``for i := 0; i < n; i++`` with ``i`` and ``n`` not assigned in the body?"""
    data = ctx.data
    body = loop.child_by_field_name("body")
    rng = next((c for c in syntax.named(loop) if c.type == "range_clause"), None)
    if rng is not None:
        c = syntax.unparen(count)
        if c is None or c.type != "call_expression" or syntax.callee_name(c, data) != "len":
            return False
        args = syntax.named(c.child_by_field_name("arguments"))
        right = rng.child_by_field_name("right")
        return len(args) == 1 and right is not None and operand_key(data, args[0]) == operand_key(data, right)
    clause = next((c for c in syntax.named(loop) if c.type == "for_clause"), None)
    if clause is None:
        return False
    init = clause.child_by_field_name("initializer")
    cond = clause.child_by_field_name("condition")
    upd = clause.child_by_field_name("update")
    if init is None or cond is None or upd is None or init.type != "short_var_declaration":
        return False
    left = syntax.named(init.child_by_field_name("left"))
    right = syntax.named(init.child_by_field_name("right"))
    if len(left) != 1 or len(right) != 1 or ctx.text(right[0]) != "0":
        return False
    i = ctx.text(left[0])
    if cond.type != "binary_expression" or ctx.text(cond.child_by_field_name("left")) != i:
        return False
    op = cond.child_by_field_name("operator")
    if op is None or op.type != "<" or operand_key(data, cond.child_by_field_name("right")) != operand_key(data, count):
        return False
    if upd.type != "inc_statement" or ctx.text(syntax.named(upd)[0]) != i:
        return False
    names = {i} | {ctx.text(n) for n in syntax.walk(count) if n.type == "identifier"}
    for n in syntax.walk(body):
        if n.type in ("assignment_statement", "inc_statement", "dec_statement", "short_var_declaration"):
            left = n.child_by_field_name("left") if n.type != "inc_statement" and n.type != "dec_statement" else n
            if left is not None and any(x.type == "identifier" and ctx.text(x) in names for x in syntax.walk(left)):
                return False
    return True
