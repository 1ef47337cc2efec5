"""GF410 wg-add-after-go: ``wg.Add`` comes after the ``go`` statement that starts the goroutine it counts.

What it finds
    A statement ``W.Add(n)`` (``W`` a ``sync.WaitGroup``) right after a ``go`` statement of the
    same block whose goroutine calls ``W.Done()`` (a function literal that calls it, or a call
    handed ``W`` or ``&W``), with nothing between them that uses ``W``, and no ``W.Add`` before
    that ``go`` statement counting it already. The finding is on the ``Add``.

    Not reported: an ``Add`` followed by another ``go`` statement that uses ``W`` (it counts
    that one); a goroutine that calls ``W.Add`` itself (GF402); a goroutine that does not
    use ``W``.

Why it is bad
    The goroutine may run, and call ``Done``, before the ``Add`` that counts it: the counter goes
    negative and ``sync`` panics ("negative WaitGroup counter"), or a ``Wait`` elsewhere sees
    zero and returns while the goroutine still works. The ``Add`` must happen before the ``go``
    statement.

Example
    for _, job := range jobs {
        go func() {
            defer wg.Done()
            run(job)
        }()
        wg.Add(1)
    }
    wg.Wait()

Fixed
    for _, job := range jobs {
        wg.Add(1)
        go func() {
            defer wg.Done()
            run(job)
        }()
    }
    wg.Wait()

Fix safety
    Safe: the ``Add`` moves to the line before the ``go`` statement. Nothing between the two
    uses ``W``, and the argument is a constant, or names (``len(s)``) not assigned between the
    two statements, so it counts the same. With ``go 1.25`` or later in go.mod, ``wg.Add(1)``
    after ``go func() { defer wg.Done(); … }()`` (the literal takes no arguments, defers
    nothing before the ``Done``, and uses ``W`` for nothing else) becomes ``wg.Go(func() { …
    })``, which counts the goroutine before starting it. No fix when the argument calls a
    function or the statements do not stand on lines of their own.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import goroutines, lexical, prefilter, syntax, waitgroups
from gofixer.analysis.statement_edits import delete_statement, go_literal_as_call, statement_line_insertion
from gofixer.analysis.waitgroups import WaitGroups, receiver_text, wg_go_description
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule


class WgAddAfterGo(Rule):
    code = "GF410"
    name = "wg-add-after-go"
    summary = "wg.Add after the go statement it counts: Done can run first"
    fix_class = FixClass.SAFE
    tier = "preview"
    needs = prefilter.contains(b"Add(", b"Done") & prefilter.go_statement

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        wgs: WaitGroups | None = None
        for call in lexical.method_call_statements(ctx.root, data, b"Add"):
            add = call.parent
            if add.parent is None or add.parent.type != "statement_list":
                continue
            w = receiver_text(call, data)
            if w is None:
                continue
            go = _go_before(add, w, data)
            if go is None or not waitgroups.counted_by(go, w, data) or _counted_before(go, w, data) or _go_after(add, w, data):
                continue
            if wgs is None:
                wgs = WaitGroups(data, ctx.root, ctx.imports, ctx.package)
            recv = call.child_by_field_name("function").child_by_field_name("operand")
            if not wgs.is_wg(recv):
                continue
            name = w.decode("utf-8", "replace")
            line = ctx.source.position(go.start_byte).line
            message = (
                f"`{ctx.text(call)}` comes after the go statement it counts (line {line}): the goroutine can call"
                f" `{name}.Done()` first (a negative counter panics) and a Wait can return before it is counted"
            )
            fix, why_not = self._fix(ctx, wgs, go, add, call, w)
            if why_not:
                message += f" (no fix: {why_not})"
            yield self.finding(call, message, fix)

    def _fix(self, ctx, wgs, go: Node, add: Node, call: Node, w: bytes) -> tuple[Fix | None, str | None]:
        data = ctx.data
        args = syntax.named(call.child_by_field_name("arguments"))
        if len(args) != 1:
            return None, "Add takes one argument"
        for n in syntax.walk(args[0]):
            if n.type == "call_expression" and syntax.callee_name(n, data) not in ("len", "cap"):
                return None, "its argument calls a function"
        names = {data[n.start_byte : n.end_byte] for n in syntax.walk(args[0]) if n.type == "identifier"}
        between = [s for s in syntax.statements(add.parent) if go.end_byte <= s.start_byte < add.start_byte]
        for s in between:
            if any(syntax.mentions(s, nm, data) for nm in names if nm not in (b"len", b"cap")):
                return None, "its argument uses a name the statements between may change"
        name = w.decode("utf-8", "replace")
        if ctx.go_at_least(1, 25) and ctx.text(args[0]) == "1":
            converted = _wg_go(ctx, wgs, go, add, w)
            if converted is not None:
                return converted, None
        # the statement moves with its trailing comment, as delete_statement removes it
        text = data[add.start_byte : ctx.source.line_end(ctx.source.line_of(add.end_byte))].rstrip(b" \t")
        if b"\n" in data[add.start_byte : add.end_byte]:
            return None, "the Add spans several lines"
        before = statement_line_insertion(ctx.source, go, text)
        remove = delete_statement(ctx.source, add)
        if before is None or remove is None:
            return None, "the go statement or the Add shares its line with other code"
        return Fix(f"move {name}.Add before the go statement", (before, remove), Applicability.SAFE), None


def _wg_go(ctx, wgs, go: Node, add: Node, w: bytes) -> Fix | None:
    func = goroutines.started(go)
    if func is None or func.type != "func_literal" or not goroutines.plain_literal_start(go, func):
        return None
    recv = syntax.named(add)[0].child_by_field_name("function").child_by_field_name("operand")
    if not wgs.declared(recv):
        return None
    u = waitgroups.usage(func, w, ctx.data)
    top = syntax.statements(func.child_by_field_name("body"))
    if not u.ok or u.dones or len(u.deferred) != 1 or u.adds or waitgroups.mentions(func, w, ctx.data) != 1:
        return None
    done = u.deferred[0]
    if not top or done.id not in {s.id for s in top}:
        return None
    if any(
        n.type == "defer_statement" and n.start_byte < done.start_byte and syntax.enclosing_function(n) == func
        for n in syntax.walk(func)
    ):
        return None
    edits = go_literal_as_call(ctx.source, go, func, w + b".Go", [add, done])
    if edits is None:
        return None
    name = w.decode("utf-8", "replace")
    what = f"the go statement, the `{name}.Add(1)` after it and `defer {name}.Done()`"
    return Fix(wg_go_description(w, what), tuple(edits), Applicability.SAFE)


def _go_before(add: Node, w: bytes, data: bytes) -> Node | None:
    """The go statement before ``add`` in its block with nothing using ``W`` between."""
    prev = add.prev_named_sibling
    while prev is not None:
        if prev.type == "go_statement":
            return prev
        if prev.type != "comment" and _uses(prev, w, data):
            return None
        prev = prev.prev_named_sibling
    return None


def _go_after(add: Node, w: bytes, data: bytes) -> bool:
    """Does a later go statement of the block use ``W`` (the Add counts that one)?"""
    nxt = add.next_named_sibling
    while nxt is not None:
        if _uses(nxt, w, data) and (nxt.type == "go_statement" or any(n.type == "go_statement" for n in syntax.walk(nxt))):
            return True
        nxt = nxt.next_named_sibling
    return False


def _counted_before(go: Node, w: bytes, data: bytes) -> bool:
    """An ``Add`` of ``W`` before the go statement, after any earlier go statement using it."""
    prev = go.prev_named_sibling
    while prev is not None:
        if prev.type == "go_statement" and _uses(prev, w, data):
            return False
        if any(_is_add(n, w, data) for n in syntax.walk(prev)):
            return True
        prev = prev.prev_named_sibling
    return False


def _is_add(n: Node, w: bytes, data: bytes) -> bool:
    if n.type != "call_expression":
        return False
    fn = n.child_by_field_name("function")
    fld = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
    return fld is not None and data[fld.start_byte : fld.end_byte] == b"Add" and receiver_text(n, data) == w


def _uses(n: Node, w: bytes, data: bytes) -> bool:
    if b"." in w:
        return any(x.type == "selector_expression" and data[x.start_byte : x.end_byte] == w for x in syntax.walk(n))
    return syntax.mentions(n, w, data)

