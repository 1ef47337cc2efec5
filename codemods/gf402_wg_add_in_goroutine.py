"""GF402 wg-add-in-goroutine: ``wg.Add`` is called inside the goroutine it counts.

What it finds
    A function literal started with ``go`` whose body calls ``wg.Add(n)`` for itself: the call
    is a statement at the top level of the body, the goroutine calls ``Done`` on the same
    WaitGroup (``defer wg.Done()``, or ``wg.Done()`` after the ``Add``), and no ``go`` statement
    comes between the ``Add`` and that ``Done`` (an ``Add`` followed by ``go`` counts the
    goroutine started there, which is the right way to do it). The finding is on the ``Add``
    call. ``wg`` is recognised as for GF401 (declarations, parameters, package variables,
    struct fields of the package, then a WaitGroup-like name).

    A preview variant reports an ``Add`` at the top level of a goroutine that never calls
    ``Done`` on that WaitGroup itself but hands the count on (to a goroutine it starts, or a
    function it passes the WaitGroup to), when the ``go`` statement that starts it is not
    counted itself (no ``Add`` of the WaitGroup before it in its block, since the previous
    ``go`` statement that uses it) and the function that starts it calls ``wg.Wait()`` after
    it with nothing between that lets the goroutine run first (a receive, a send, a ``select``,
    another ``Wait``, a ``Lock`` or a ``Sleep``): ``go func() { wg.Add(1); go worker(&wg) }()``
    then ``wg.Wait()``.

    Not reported: ``wg.Add`` before the ``go`` statement; an ``Add`` in a loop or a branch of
    the goroutine; one that counts goroutines the goroutine starts itself when the goroutine
    was counted by its own starter; a goroutine that passes the WaitGroup on without adding to
    it (``go worker(&wg)``); a named function started with ``go`` (the ``Add`` would have to
    move to every caller).

Why it is bad
    ``wg.Wait()`` only waits for the counter to reach zero. The goroutine may not have run yet
    when the waiter calls ``Wait``: the counter is still zero and ``Wait`` returns at once, while
    the work is still to come (results are lost, a channel closed after ``Wait`` is written to
    and panics). ``go vet`` reports the textbook form (``Add`` as the goroutine's first
    statement) since Go 1.25, not an ``Add`` that comes after a guard.

Example
    for _, o := range orders {
        go func() {
            wg.Add(1)
            defer wg.Done()
            notify(o)
        }()
    }
    wg.Wait()

Fixed
    for _, o := range orders {
        wg.Add(1)
        go func() {
            defer wg.Done()
            notify(o)
        }()
    }
    wg.Wait()

Fix safety
    Safe: the ``Add`` moves to the line before the ``go`` statement, when no path of the
    goroutine can return before reaching it. Its argument must be a constant, ``len``/``cap`` of
    a name or a name not declared or assigned in the goroutine, so that it means the same there.
    The preview variant gets this fix only (no early exit before the ``Add``): whoever the
    goroutine hands the count to still calls ``Done``, now for a count taken before it started.
    Unsafe: a ``return`` (a guard such as ``if x == "" { return }``) comes before the ``Add``, or
    something else that can end the goroutine (``runtime.Goexit``, ``t.Fatal``, ``panic``).
    Moved alone, the ``Add`` would be counted on that path too but never matched by ``Done``,
    so the goroutine's only ``Done`` (``defer wg.Done()``, or ``wg.Done()`` as its last
    statement) also moves, to become ``defer wg.Done()`` as its first statement: ``Wait`` now
    waits for the guarded paths as well.
    No fix: the argument depends on the goroutine's own variables or calls a function, the
    WaitGroup is a parameter of the literal, the ``go`` statement does not start its own line,
    or a return precedes the ``Add`` and ``Done`` is not in one of the shapes above.
    With ``go 1.25`` or later in go.mod, the safe case becomes ``wg.Go`` when the goroutine is
    started as ``go func() { … }()`` (no parameters, arguments or results), the call is
    ``wg.Add(1)`` with the literal ``1``, ``wg`` is a WaitGroup by its declaration, and the
    goroutine's only other use of it is one ``Done`` that runs last: ``defer wg.Done()`` at the
    top level with no ``defer`` before it, or ``wg.Done()`` as the last statement with no
    ``defer`` at all. The ``Add`` and ``Done`` lines are removed and ``go func() {`` … ``}()``
    becomes ``wg.Go(func() {`` … ``})`` (the body keeps its indentation). Safe: ``wg.Go`` adds 1
    before the goroutine starts, as the moved ``Add`` would, and runs ``Done`` after the
    function and its defers return; for a plain ``wg.Done()`` as last statement only the paths
    that skipped it (a panic, a return after the ``Add``) change, which is GF401's defect.
    Everything else keeps the classic fix, with a note on ``wg.Go`` in its description: another
    argument than ``1``, a literal with parameters, an early exit before the ``Add`` (unsafe
    either way; the classic fix shows the change more plainly), a ``defer`` that would then run
    before ``Done`` instead of after, several ``Done`` calls, or a goroutine that counts
    goroutines of its own on the same WaitGroup. Older and unknown Go versions always get the
    classic fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import goroutines, prefilter, syntax, waitgroups
from gofixer.analysis.flow import no_return_statement
from gofixer.analysis.statement_edits import (
    body_top_insertion,
    delete_statement,
    go_literal_as_call,
    statement_line_insertion,
)
from gofixer.analysis.syntax import named, statements
from gofixer.analysis.waitgroups import WaitGroups, mentions, receivers, root_name, usage, wg_go_description
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

_PURE = frozenset(
    {
        "int_literal", "identifier", "selector_expression", "field_identifier", "binary_expression",
        "unary_expression", "parenthesized_expression", "call_expression", "argument_list",
        "package_identifier",
    }
)  # fmt: skip


class WgAddInGoroutine(Rule):
    code = "GF402"
    name = "wg-add-in-goroutine"
    summary = "wg.Add runs inside the goroutine it counts: Wait can return before it runs"
    fix_class = FixClass.SAFE_OR_UNSAFE
    # A finding is a statement ``W.Add(n)`` (W a name or a chain of field selections) in a
    # function literal started by ``go`` in this file, which calls ``W.Done`` itself or hands the
    # count on (the preview variant); a WaitGroup someone waits on or counts down is spelled.
    needs = (
        prefilter.contains(b"Add")
        & prefilter.any_word(b"Done", b"Wait")
        & prefilter.test("a W.Add(n) statement", waitgroups.may_have_add_statement)
        & prefilter.test("a go statement starting a function literal", goroutines.may_start_literal)
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        wgs: WaitGroups | None = None
        for gr in goroutines.file_goroutines(ctx.root, ctx.data, ctx.imports, literals_only=True):
            seen: set[bytes] = set()
            for w, _call in receivers(gr.func, data, b"Add"):
                if w in seen:
                    continue
                seen.add(w)
                if wgs is None:
                    wgs = WaitGroups(ctx.data, ctx.root, ctx.imports, ctx.package)
                finding = self._check(ctx, wgs, gr.func, gr.go, w)
                if finding is not None:
                    yield finding

    def _check(self, ctx: FileContext, wgs: WaitGroups, func: Node, go: Node, w: bytes) -> Finding | None:
        data = ctx.data
        u = usage(func, w, data)
        if not any(r == w for r, _c in receivers(func, data, b"Done")):
            return self._uncounted(ctx, wgs, func, go, w)
        if not u.ok or len(u.self_adds) != 1 or not (u.dones or u.deferred):
            return None
        add = u.self_adds[0]
        body = func.child_by_field_name("body")
        top = statements(body)
        if not any(s.id == add.id for s in top):
            return None  # in a loop or a branch: not simply "this goroutine's count"
        if any(d.start_byte < add.start_byte for d in u.dones):
            return None  # Done before Add: something else is going on
        call = add.named_children[0]
        recv = call.child_by_field_name("function").child_by_field_name("operand")
        if not wgs.is_wg(recv):
            return None
        args = named(call.child_by_field_name("arguments"))
        if len(args) != 1:
            return None
        name = w.decode("utf-8", "replace")
        message = f"{_add_shown(ctx, name, args[0])} runs inside the goroutine it counts: `{name}.Wait()` can return before it runs"
        fix, why_not = self._fix(ctx, wgs, func, go, w, add, args[0], u, top)
        if why_not:
            message += f" (no fix: {why_not})"
        return self.finding(call, message, fix)

    def _uncounted(self, ctx: FileContext, wgs: WaitGroups, func: Node, go: Node, w: bytes) -> Finding | None:
        """A goroutine nobody counts that calls ``W.Add`` at its top level and never ``W.Done``
        itself (it hands the count to a goroutine it starts or a function it calls): a preview
        variant."""
        data = ctx.data
        body = func.child_by_field_name("body")
        top = statements(body)
        add = next((s for s in top if _is_add_of(s, w, data)), None)
        if add is None or go.parent is None or go.parent.type != "statement_list" or _counted_before(go, w, data):
            return None
        if mentions(func, w, data) < 2:
            return None  # the goroutine does not hand the count on: whoever calls Done is not in sight
        call = add.named_children[0]
        recv = call.child_by_field_name("function").child_by_field_name("operand")
        root = root_name(recv, data)
        if _declared_in(func, root, data) or not wgs.is_wg(recv) or not _waits_unsynchronised(go, w, data):
            return None
        args = named(call.child_by_field_name("arguments"))
        if len(args) != 1:
            return None
        name = w.decode("utf-8", "replace")
        message = (
            f"{_add_shown(ctx, name, args[0])} runs inside a goroutine that nothing counts: `{name}.Wait()` can return"
            " before it runs"
        )
        why = _arg_problem(func, args[0], data)
        if why is None and _early_exits(top, add, data, ctx.imports):
            why = "something before the Add can end the goroutine, and then nothing would call Done"
        fix = None
        if why is None:
            text = data[add.start_byte : add.end_byte]
            before = statement_line_insertion(ctx.source, go, text) if b"\n" not in text else None
            remove = delete_statement(ctx.source, add)
            if before is None or remove is None:
                why = "the go statement or the Add does not stand on lines of its own"
            else:
                fix = Fix(f"move {name}.Add before the go statement", (before, remove), Applicability.SAFE)
        if why:
            message += f" (no fix: {why})"
        return self.finding(call, message, fix, preview=True)

    def _fix(
        self,
        ctx: FileContext,
        wgs: WaitGroups,
        func: Node,
        go: Node,
        w: bytes,
        add: Node,
        arg: Node,
        u,
        top: list[Node],
    ) -> tuple[Fix | None, str | None]:
        data, src = ctx.data, ctx.source
        name = w.decode("utf-8", "replace")
        body = func.child_by_field_name("body")
        root = root_name(add.named_children[0].child_by_field_name("function").child_by_field_name("operand"), data)
        if _declared_in(func, root, data):
            return None, f"`{root.decode('utf-8', 'replace')}` is the literal's own parameter or variable, unknown before the go statement"
        why = _arg_problem(func, arg, data)
        if why:
            return None, why
        if go.parent is None or go.parent.type != "statement_list":
            return None, "the go statement is not directly in a block"
        exits = _early_exits(top, add, data, ctx.imports)
        if not exits and ctx.go_at_least(1, 25):
            converted = self._wg_go(ctx, wgs, func, go, w, add, arg, u, top)
            if converted is not None:
                return converted, None
        text = data[add.start_byte : add.end_byte]
        if b"\n" in text:
            return None, "the Add call spans several lines"
        before = statement_line_insertion(src, go, text)
        remove = delete_statement(src, add)
        if before is None or remove is None:
            return None, "the go statement or the Add shares its line with other code"
        edits: list[Edit] = [before, remove]
        description = f"move {name}.Add before the go statement"
        applicability = Applicability.SAFE
        if exits:
            line = src.position(exits[0].start_byte).line
            what = "return" if exits[0].type == "return_statement" else "exit"
            top_ids = {s.id for s in top}
            if len(u.deferred) == 1 and not u.dones and u.deferred[0].id in top_ids:
                done = u.deferred[0]
            elif len(u.dones) == 1 and not u.deferred and top[-1].id == u.dones[0].id:
                done = u.dones[0]
            else:
                return None, (
                    f"the {what} at line {line} comes before the Add, and Done cannot be made to run on that"
                    " path too"
                )
            insert = body_top_insertion(src, body, b"defer " + w + b".Done()")
            gone = delete_statement(src, done, floor=insert.start + 1) if insert is not None else None
            if insert is None or gone is None or gone.start < remove.end and remove.start < gone.end:
                return None, "the goroutine's body is not laid out one statement per line"
            edits += [insert, gone]
            applicability = Applicability.UNSAFE
            description += (
                f" and defer {name}.Done() at the start of the goroutine (unsafe: the {what} at line {line}"
                " now calls Done too, and Wait waits for that path)"
            )
        if ctx.go_at_least(1, 25):
            description += f"; with Go 1.25+, {name}.Go(func() {{ … }}) does the Add and the Done"
        return Fix(description, tuple(edits), applicability), None

    def _wg_go(
        self,
        ctx: FileContext,
        wgs: WaitGroups,
        func: Node,
        go: Node,
        w: bytes,
        add: Node,
        arg: Node,
        u,
        top: list[Node],
    ) -> Fix | None:
        """``go func() { W.Add(1); defer W.Done(); … }()`` becomes ``W.Go(func() { … })``.

        Called only when nothing before the Add can end the goroutine. The Done must be the
        goroutine's only one and run last: ``defer W.Done()`` at the top level with no ``defer``
        before it (later defers run before it either way), or ``W.Done()`` as the last statement
        with no defer at all (as GF401's safe fix, only the paths that skipped it change).
        """
        data = ctx.data
        if arg.type != "int_literal" or data[arg.start_byte : arg.end_byte] != b"1":
            return None
        if not goroutines.plain_literal_start(go, func) or len(u.adds) != 1 or mentions(func, w, data) != 2:
            return None
        recv = add.named_children[0].child_by_field_name("function").child_by_field_name("operand")
        if not wgs.declared(recv):
            return None
        top_ids = {s.id for s in top}
        if len(u.deferred) == 1 and not u.dones and u.deferred[0].id in top_ids:
            done = u.deferred[0]
            body = func.child_by_field_name("body")
            if any(
                n.type == "defer_statement" and n.start_byte < done.start_byte and syntax.enclosing_function(n) == func
                for n in syntax.walk(body)
            ):
                return None
        elif len(u.dones) == 1 and not u.deferred and top[-1].id == u.dones[0].id and u.other_defers == 0:
            done = u.dones[0]
        else:
            return None
        edits = go_literal_as_call(ctx.source, go, func, w + b".Go", [add, done])
        if edits is None:
            return None
        name = w.decode("utf-8", "replace")
        shown = data[done.start_byte : done.end_byte].decode("utf-8", "replace")
        what = f"the go statement, `{name}.Add(1)` and `{shown}`"
        return Fix(wg_go_description(w, what), tuple(edits), Applicability.SAFE)


def _add_shown(ctx: FileContext, name: str, arg: Node) -> str:
    """``wg.Add(n)`` as a message shows it, in backquotes (a long or multi-line argument as …)."""
    text = ctx.text(arg)
    shown = text if len(text) <= 30 and "\n" not in text else "…"
    return f"`{name}.Add({shown})`"


def _declared_in(func: Node, name: bytes, data: bytes) -> bool:
    """Is ``name`` a parameter of the literal or declared in its body?"""
    s = name.decode("utf-8", "replace")
    for decl in named(func.child_by_field_name("parameters")):
        if any(data[n.start_byte : n.end_byte] == name for n in decl.children_by_field_name("name")):
            return True
    body = func.child_by_field_name("body")
    return body is not None and syntax.declares_locally(body, s, data)


def _arg_problem(func: Node, arg: Node, data: bytes) -> str | None:
    """Why ``arg`` cannot be evaluated before the go statement instead, or None."""
    for n in syntax.walk(arg):
        if n.type not in _PURE:
            return "its argument is not a simple expression"
        if n.type == "unary_expression":
            op = n.child_by_field_name("operator")
            if op is None or op.type not in ("-", "+"):
                return "its argument is not a simple expression"
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            if fn is None or fn.type != "identifier" or data[fn.start_byte : fn.end_byte] not in (b"len", b"cap"):
                return "its argument calls a function"
    body = func.child_by_field_name("body")
    for n in syntax.walk(arg):
        if n.type != "identifier" or n.parent is not None and n.parent.type == "call_expression":
            continue
        if n.parent is not None and n.parent.type == "selector_expression" and n.parent.child_by_field_name("field") == n:
            continue
        name = data[n.start_byte : n.end_byte]
        if _declared_in(func, name, data):
            return f"its argument uses `{name.decode('utf-8', 'replace')}`, declared in the goroutine"
        if body is not None and _assigned(body, name, data):
            return f"its argument uses `{name.decode('utf-8', 'replace')}`, which the goroutine assigns"
    return None


def _assigned(body: Node, name: bytes, data: bytes) -> bool:
    for n in syntax.walk(body):
        if n.type in ("assignment_statement", "inc_statement", "dec_statement"):
            left = n.child_by_field_name("left") if n.type == "assignment_statement" else n
            for x in syntax.walk(left) if left is not None else ():
                if x.type == "identifier" and data[x.start_byte : x.end_byte] == name:
                    return True
    return False


def _early_exits(top: list[Node], add: Node, data: bytes, imports: dict[str, str]) -> list[Node]:
    """Statements before the Add that can end the goroutine: return, goto, runtime.Goexit(),
    t.Fatal (which calls it), panic (a deferred recover may swallow it)."""
    out = []
    for s in top:
        if s.start_byte >= add.start_byte:
            break
        for n in syntax.walk_same_function(s):
            if n.type in ("return_statement", "goto_statement") or goroutines.goexit_statement(n, data):
                out.append(n)
            elif no_return_statement(n, data, imports):
                out.append(n)
    return sorted(out, key=lambda n: n.start_byte)


def _is_add_of(stmt: Node, w: bytes, data: bytes) -> bool:
    if stmt.type != "expression_statement" or len(named(stmt)) != 1:
        return False
    call = named(stmt)[0]
    return call.type == "call_expression" and _is_add_call(call, w, data)


def _counted_before(go: Node, w: bytes, data: bytes) -> bool:
    """Does the block use ``W`` (an ``Add`` for it) before the go statement, after any earlier
    go statement that uses it?"""
    prev = go.prev_named_sibling
    while prev is not None:
        if prev.type == "go_statement" and _spells(prev, w, data):
            return False
        if any(n.type == "call_expression" and _is_add_call(n, w, data) for n in syntax.walk(prev)):
            return True
        prev = prev.prev_named_sibling
    return False


def _is_add_call(call: Node, w: bytes, data: bytes) -> bool:
    fn = call.child_by_field_name("function")
    fld = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
    return fld is not None and data[fld.start_byte : fld.end_byte] == b"Add" and waitgroups.receiver_text(call, data) == w


def _spells(n: Node, w: bytes, data: bytes) -> bool:
    kind = "identifier" if b"." not in w else "selector_expression"
    return any(x.type == kind and data[x.start_byte : x.end_byte] == w for x in syntax.walk(n))


def _waits_unsynchronised(go: Node, w: bytes, data: bytes) -> bool:
    """Does the function that starts the goroutine call ``W.Wait()`` after the go statement,
    with no receive, ``select`` or other wait between that could let the goroutine run first?"""
    fn = syntax.enclosing_function(go)
    body = fn.child_by_field_name("body") if fn is not None else None
    if body is None:
        return False
    waits = sorted(
        (c for r, c in receivers(fn, data, b"Wait") if r == w and c.start_byte > go.end_byte),
        key=lambda c: c.start_byte,
    )
    if not waits:
        return False
    first = waits[0]
    for n in syntax.walk_same_function(body):
        if not (go.end_byte <= n.start_byte < first.start_byte):
            continue
        if n.type == "select_statement" or n.type == "send_statement":
            return False
        if n.type == "unary_expression" and n.child_by_field_name("operator") is not None and n.child_by_field_name("operator").type == "<-":
            return False
        if n.type == "call_expression":
            fnode = n.child_by_field_name("function")
            fld = fnode.child_by_field_name("field") if fnode is not None and fnode.type == "selector_expression" else None
            if fld is not None and data[fld.start_byte : fld.end_byte] in (b"Wait", b"Lock", b"Sleep"):
                return False
    return True
