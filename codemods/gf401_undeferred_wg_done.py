"""GF401 undeferred-wg-done: a goroutine calls ``wg.Done()`` directly instead of deferring it.

What it finds
    A goroutine (a function literal started with ``go``, or a function or method of the same
    file started with ``go f(..)`` / ``go s.f(..)``) that calls ``Done`` on a ``sync.WaitGroup``
    as a plain statement at the end of its work, instead of ``defer wg.Done()``. The finding is
    on the ``Done`` call. It is reported when something skips ``Done``: a path that leaves the
    goroutine without calling it (an early ``return``, a ``break`` out of a loop that can end;
    a ``for range`` over a ticker's channel never ends), a call that ends the goroutine through
    ``runtime.Goexit`` before it (``t.Fatal``, ``t.FailNow``, ``t.Skip``, testify's ``require``,
    ``runtime.Goexit``; directly or in a closure or function of the file the goroutine calls),
    or a panic that a recover deferred in the goroutine catches.
    When every ``Done`` ends its path (the last statement, or followed only by ``return``) and
    only a panic nobody recovers could skip it, the process ends before ``Wait`` could hang:
    that is a preview variant (reported with ``--preview`` or when GF401 is selected by name),
    with the same fix.

    ``wg`` must be a WaitGroup: a variable declared ``var wg sync.WaitGroup``, ``wg :=
    &sync.WaitGroup{}``, ``wg := new(sync.WaitGroup)``, a parameter ``wg *sync.WaitGroup``, a
    package-level variable, or a field ``s.wg`` when the structs of the package that have a
    field of that name all declare it as ``sync.WaitGroup`` / ``*sync.WaitGroup``. Failing
    that, a name that looks like one (``wg``, ``…Wg``, ``…WG``, ``…WaitGroup``) in a file that
    imports ``sync``, used with both ``.Add(`` and ``.Done(``/``.Wait(`` in the same function.

    Not reported: ``defer wg.Done()`` (also inside a deferred closure); a goroutine that also
    calls ``wg.Add`` for itself (GF402's business); goroutines started in a loop whose WaitGroup
    is counted by one ``Add(1)`` outside it (one of them is meant to call ``Done``); a ``Done``
    that a path can reach twice, in a
    loop for instance (the goroutine then holds several counts, as a worker that calls ``Done``
    per job does); a ``Done`` that is the goroutine's first statement, or that is followed by
    more work when no return skips it (a "started" latch); a goroutine that passes the
    WaitGroup on, or leaves ``Done`` to a closure or another goroutine (a hand-off); ``goto``.

Why it is bad
    ``wg.Wait()`` returns when every counted goroutine has called ``Done``. A goroutine that
    takes an early ``return``, ends in ``t.FailNow`` (the failing test then hangs until its
    timeout instead of reporting), or panics into a deferred recover before its ``Done`` never
    calls it, and ``Wait`` blocks forever: the caller hangs with everything it holds. ``defer``
    runs on every way out of the function.

Example
    for _, id := range ids {
        wg.Add(1)
        go func() {
            if err := fulfil(ctx, id); err != nil {
                log.Print(err)
                return // wg.Done() is skipped: Wait hangs
            }
            wg.Done()
        }()
    }
    wg.Wait()

Fixed
    for _, id := range ids {
        wg.Add(1)
        go func() {
            defer wg.Done()
            if err := fulfil(ctx, id); err != nil {
                log.Print(err)
                return
            }
        }()
    }
    wg.Wait()

Fix safety
    Safe when the goroutine calls ``Done`` once, as its last statement, and defers nothing else:
    the call is removed and ``defer wg.Done()`` becomes its first statement. Only paths that
    skipped ``Done`` (a panic, an early return) change, and they are the defect.
    Unsafe when ``Done`` is called in several places, each ending its path, or once but not as
    the last statement (inside a branch or a select case, followed by ``return``): every call is
    removed and one ``defer`` added, so the paths that returned without it now call it, and it
    runs after the statements that followed it. Unsafe too when the goroutine defers other calls
    (``Done`` now runs after them, which matters if one of them waits for something that happens
    only after ``Wait`` returns).
    No fix when ``Done`` is followed by more work on its path (deferring it would make ``Wait``
    wait for that work too, which deadlocks a goroutine that sends to the waiter after it), or
    when the body is written on one line.
    With ``go 1.25`` or later in go.mod, the safe case becomes ``wg.Go`` when the goroutine is
    started as ``go func() { … }()`` (no parameters, arguments or results) right after
    ``wg.Add(1)`` on the same WaitGroup, in the same block, and the goroutine uses the WaitGroup
    for nothing but that ``Done``: the ``Add`` line and the ``Done`` line are removed and
    ``go func() {`` … ``}()`` becomes ``wg.Go(func() {`` … ``})`` (the body keeps its
    indentation). ``wg.Go`` adds 1, then defers ``Done`` around the function, as the classic
    fix does; still safe. ``wg`` must be a WaitGroup by its declaration, not only by its name.
    Everything else keeps the classic fix, with a note on ``wg.Go`` in its description: one
    ``Add(n)`` for a loop or for several goroutines, other code between the ``Add`` and the
    ``go``, a literal with parameters (``go func(i int) { … }(i)``; converting is sound only
    when nothing reassigns the variable, which is left to the reader), a named function, and
    the unsafe shapes (several ``Done`` calls, ``Done`` not last, other defers: ``wg.Go`` would
    change the same things, and the classic fix shows them more plainly). Older and unknown
    Go versions always get the classic fix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixer.analysis import goroutines, prefilter, recovery, syntax, testfail, timers, waitgroups
from gofixer.analysis.flow import NORMAL, ReleasePaths, no_return_statement
from gofixer.analysis.flow import enclosing_loops as flow_loops
from gofixer.analysis.statement_edits import body_top_insertion, delete_statement, go_literal_as_call
from gofixer.analysis.syntax import CASES, SWITCHES, named, statements
from gofixer.analysis.waitgroups import Usage, WaitGroups, mentions, receiver_text, receivers, usage, wg_go_description
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule
from gofixer.source import SourceFile

# ---------------------------------------------------------------------------------------------
# Paths through a goroutine
# ---------------------------------------------------------------------------------------------


def _in_tail(stmt: Node, body: Node) -> bool:
    """Does ``stmt`` end its path: nothing but a plain ``return`` follows it on the way out of
    the function (no loop around it goes round again)?"""
    lst = stmt.parent
    if lst is None or lst.type != "statement_list":
        return False
    rest = [s for s in named(lst) if s.start_byte >= stmt.end_byte]
    if rest:
        return len(rest) == 1 and rest[0].type == "return_statement" and not any(
            n.type == "call_expression" for n in syntax.walk(rest[0])
        )
    owner = lst.parent
    if owner is None:
        return False
    if owner.id == body.id:
        return True
    if owner.type in CASES:
        sw = owner.parent
        return sw is not None and (sw.type in SWITCHES or sw.type == "select_statement") and _in_tail_stmt(sw, body)
    if owner.type == "block":
        return _in_tail_stmt(owner, body)
    return False


def _in_tail_stmt(n: Node, body: Node) -> bool:
    """Is the compound statement (or block) ``n`` the end of its path?"""
    p = n.parent
    while p is not None and (p.type == "if_statement" or p.type == "labeled_statement"):
        n, p = p, p.parent
    if n.type == "block" and (p is None or p.type != "statement_list"):
        return False  # a for body, a function body of a closure…
    return _in_tail(n, body)


@dataclass
class PathFacts:
    unknown: bool = False
    twice: bool = False  # a path calls Done more than once (a loop, or two calls in a row)
    skipping: list[Node] = field(default_factory=list)  # returns reached without Done
    falls_off: bool = False  # the end of the body is reached without Done


def path_facts(ctx: FileContext, func: Node, dones: list[Node]) -> PathFacts:
    data = ctx.data
    facts = PathFacts()
    body = func.child_by_field_name("body")
    if body is None or any(n.type == "goto_statement" for n in syntax.walk_same_function(body)):
        facts.unknown = True
        return facts
    ids = {d.id for d in dones}

    def ends(n: Node) -> bool:
        return no_return_statement(n, data, ctx.imports)

    tname = ctx.import_name("time")

    def endless(clause: Node) -> bool:
        return timers.ranges_forever(clause, data, tname)

    never: Callable[[Node], bool] = lambda n: False  # noqa: E731
    entry = ReleasePaths(data, func, lambda n: n.id in ids, never, ends, endless_range=endless).exits(statements(body))
    for e in entry:
        if e == NORMAL:
            facts.falls_off = True
        elif e[0] == "return":
            facts.skipping.append(e[1])
        else:
            facts.unknown = True
            return facts
    facts.skipping.sort(key=lambda n: n.start_byte)
    for d in dones:
        hit: list[Node] = []

        def releases(n: Node) -> bool:
            if n.id in ids:
                hit.append(n)
                return True
            return False

        verdict = ReleasePaths(data, func, releases, never, ends, endless_range=endless).after(d)
        if verdict.unknown:
            facts.unknown = True
            return facts
        if hit:
            facts.twice = True
    return facts


def _goexit_before(ctx: FileContext, func: Node, dones: list[Node]) -> tuple[Node, str, str | None] | None:
    """The first call of the goroutine, before its last ``Done``, that may end it through
    ``runtime.Goexit`` (``t.Fatal``, ``require.NoError``…; see
    :func:`gofixer.analysis.testfail.goexit_call`), made directly or by a closure or function of
    the file it calls (one call deep): the call, how the ending call is spelled, and the
    helper's name when it is one."""
    data, imports = ctx.data, ctx.imports
    last = max(d.start_byte for d in dones)
    for at, spelled in testfail.goexits_in(func, data, imports):
        if at.start_byte < last:
            return at, spelled, None
    body = func.child_by_field_name("body")
    funcs: goroutines.FileFunctions | None = None
    for n in syntax.walk_same_function(body) if body is not None else ():
        if n.type != "call_expression" or n.start_byte >= last:
            continue
        fn = syntax.unparen(n.child_by_field_name("function"))
        if fn is None or fn.type != "identifier":
            continue
        target = _local_closure(fn, data)
        if target is None:
            funcs = funcs or goroutines.FileFunctions(ctx.root, data)
            target = funcs.function(ctx.btext(fn), n)
        if target is None or target.id == func.id:
            continue
        inner = testfail.goexits_in(target, data, imports)
        if inner:
            return n, inner[0][1], ctx.text(fn)
    return None


def _local_closure(ident: Node, data: bytes) -> Node | None:
    """The function literal a local of an enclosing function named ``ident`` is bound to before
    it (``check := func(…) {…}``), when there is one."""
    name = data[ident.start_byte : ident.end_byte]
    p = ident.parent
    while p is not None:
        if p.type in ("function_declaration", "method_declaration", "func_literal"):
            body = p.child_by_field_name("body")
            for n in syntax.walk_same_function(body) if body is not None else ():
                if n.end_byte > ident.start_byte or n.type not in ("short_var_declaration", "assignment_statement"):
                    continue
                left, right = named(n.child_by_field_name("left")), named(n.child_by_field_name("right"))
                for lv, rv in zip(left, right):
                    if lv.type == "identifier" and data[lv.start_byte : lv.end_byte] == name and rv.type == "func_literal":
                        return rv
        p = p.parent
    return None


def _one_count_for_many(go: Node | None, w: bytes, data: bytes) -> bool:
    """Is the goroutine started in a loop while its WaitGroup is counted only by ``W.Add(1)``
    outside that loop? Then one of the goroutines is meant to call ``Done`` (a latch that the
    first or a chosen one releases), and the others not calling it is the design."""
    if go is None:
        return False
    outer = syntax.enclosing_function(go)
    if outer is None:
        return False
    loops = flow_loops(go, outer)
    if not loops:
        return False
    adds = [c for w2, c in receivers(outer, data, b"Add") if w2 == w and syntax.enclosing_function(c) == outer]
    if not adds:
        return False
    for call in adds:
        if any(syntax.inside(call, lp) for lp in loops):
            return False
        args = named(call.child_by_field_name("arguments"))
        if len(args) != 1 or data[args[0].start_byte : args[0].end_byte] != b"1":
            return False
    return True


# ---------------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------------


class UndeferredWgDone(Rule):
    code = "GF401"
    name = "undeferred-wg-done"
    summary = "a goroutine calls wg.Done() directly instead of deferring it: a panic or early return skips it and Wait hangs"
    fix_class = FixClass.SAFE_OR_UNSAFE
    # A finding is a statement ``W.Done()`` (W a name or a chain of field selections) in a
    # goroutine started by a go statement of this file (a literal, or a function or method of
    # this file: a worker declared here but started elsewhere is not looked at).
    needs = (
        prefilter.contains(b"Done")
        & prefilter.test("a W.Done() statement", waitgroups.may_have_done_statement)
        & prefilter.go_statement
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if b"go " not in data and b"go\t" not in data:
            return
        wgs: WaitGroups | None = None
        for gr in goroutines.file_goroutines(ctx.root, ctx.data, ctx.imports):
            by_recv: dict[bytes, Node] = {}
            for w, call in receivers(gr.func, data, b"Done"):
                by_recv.setdefault(w, call)
            for w in by_recv:
                if wgs is None:
                    wgs = WaitGroups(ctx.data, ctx.root, ctx.imports, ctx.package)
                finding = self._check(ctx, wgs, gr.func, gr.go, w)
                if finding is not None:
                    yield finding

    def _check(self, ctx: FileContext, wgs: WaitGroups, func: Node, go: Node | None, w: bytes) -> Finding | None:
        data, src = ctx.data, ctx.source
        u = usage(func, w, data)
        if not u.ok or not u.dones or u.deferred or u.self_adds:
            return None
        if any(d.parent is None or d.parent.type != "statement_list" for d in u.dones):
            return None
        dones = sorted(u.dones, key=lambda d: d.start_byte)
        recv = dones[0].named_children[0].child_by_field_name("function").child_by_field_name("operand")
        if not wgs.is_wg(recv):
            return None
        body = func.child_by_field_name("body")
        top = statements(body)
        if len(dones) == 1 and top and top[0].id == dones[0].id:
            return None  # nothing before it can skip it
        facts = path_facts(ctx, func, dones)
        if facts.unknown or facts.twice:
            return None
        tail = all(_in_tail(d, body) for d in dones)
        if not tail and not (facts.skipping or facts.falls_off):
            return None  # signals part-way through on purpose (a "started" latch)
        if _one_count_for_many(go, w, data):
            return None

        name = w.decode("utf-8", "replace")
        more = f" (and {len(dones) - 1} more)" if len(dones) > 1 else ""
        them = "them" if len(dones) > 1 else "it"
        head = f"`{name}.Done()`{more} is called directly instead of deferred: "
        hangs = f" and `{name}.Wait()` blocks forever"
        preview = False
        if facts.skipping:
            line = src.position(facts.skipping[0].start_byte).line
            message = f"{head}the return at line {line} skips {them}{hangs}"
        elif facts.falls_off:
            message = f"{head}a path reaches the end of the goroutine without {them}{hangs}"
        elif (goexit := _goexit_before(ctx, func, dones)) is not None:
            at, spelled, via = goexit
            line = src.position(at.start_byte).line
            through = f"`{via}` at line {line} calls `{spelled}`, which" if via else f"`{spelled}` at line {line}"
            if spelled.endswith(".Goexit"):
                message = f"{head}{through} ends the goroutine through runtime.Goexit and skips {them}{hangs}"
            else:
                message = (
                    f"{head}{through} ends the goroutine when the test fails (FailNow runs runtime.Goexit) and"
                    f" skips {them}: the failing test hangs in `{name}.Wait()` instead of reporting"
                )
        elif (rec := recovery.deferred_recover(func, ctx.data, self._resolver(ctx))) is not None:
            line = src.position(rec.start_byte).line
            message = f"{head}a panic that the deferred recover() at line {line} catches skips {them}{hangs}"
        else:
            preview = True  # only a panic skips it, and a panic nobody recovers ends the process
            message = (
                f"{head}only a panic would skip {them}, and nothing in the goroutine recovers one (the process"
                f" ends before `{name}.Wait()` could hang): deferring is hygiene here"
            )

        fix, why_not = self._fix(src, body, dones, w, u, tail, top)
        if why_not:
            message += f" (no fix: {why_not})"
        anchor = dones[0].named_children[0]
        if fix is not None and ctx.go_at_least(1, 25):
            converted = self._wg_go(ctx, wgs, func, go, w, u, recv) if fix.applicability == Applicability.SAFE else None
            if converted is not None:
                fix = converted
            else:
                note = f"; with Go 1.25+, {name}.Go(func() {{ … }}) does the Add and the deferred Done"
                fix = Fix(fix.description + note, fix.edits, fix.applicability, fix.imports)
        return self.finding(anchor, message, fix, preview=preview)

    @staticmethod
    def _resolver(ctx: FileContext) -> Callable[[Node], Node | None]:
        """A call's callee among the file's functions and methods (by name)."""
        funcs = goroutines.FileFunctions(ctx.root, ctx.data)

        def resolve(call: Node) -> Node | None:
            fn = call.child_by_field_name("function")
            if fn is not None and fn.type == "identifier":
                return funcs.function(ctx.btext(fn), call)
            if fn is not None and fn.type == "selector_expression":
                fld = fn.child_by_field_name("field")
                return None if fld is None else funcs.method(ctx.btext(fld))
            return None

        return resolve

    def _wg_go(
        self, ctx: FileContext, wgs: WaitGroups, func: Node, go: Node | None, w: bytes, u: Usage, recv: Node
    ) -> Fix | None:
        """``W.Add(1)`` right before ``go func() { …; W.Done() }()`` becomes ``W.Go(func() { … })``.

        Called only for the safe shape (one Done, the last statement, no other defers): ``W.Go``
        then does exactly what ``defer W.Done()`` as the first statement would.
        """
        data = ctx.data
        if go is None or not goroutines.plain_literal_start(go, func) or u.adds or mentions(func, w, data) != 1:
            return None
        lst = go.parent
        if lst is None or lst.type != "statement_list" or not wgs.declared(recv):
            return None
        siblings = named(lst)
        i = next(k for k, s in enumerate(siblings) if s.id == go.id)
        add = siblings[i - 1] if i > 0 else None
        if add is None or add.type != "expression_statement" or add.named_child_count != 1:
            return None
        call = add.named_children[0]
        fn = call.child_by_field_name("function") if call.type == "call_expression" else None
        fld = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
        if fld is None or data[fld.start_byte : fld.end_byte] != b"Add" or receiver_text(call, data) != w:
            return None
        args = named(call.child_by_field_name("arguments"))
        if len(args) != 1 or args[0].type != "int_literal" or data[args[0].start_byte : args[0].end_byte] != b"1":
            return None
        edits = go_literal_as_call(ctx.source, go, func, w + b".Go", [add, u.dones[0]])
        if edits is None:
            return None
        name = w.decode("utf-8", "replace")
        what = f"`{name}.Add(1)`, the go statement and `{name}.Done()`"
        return Fix(wg_go_description(w, what), tuple(edits), Applicability.SAFE)

    def _fix(
        self, src: SourceFile, body: Node, dones: list[Node], w: bytes, u: Usage, tail: bool, top: list[Node]
    ) -> tuple[Fix | None, str | None]:
        name = w.decode("utf-8", "replace")
        if not tail:
            return None, f"more work follows `{name}.Done()`, and deferring it would make `Wait` wait for that too"
        insert = body_top_insertion(src, body, b"defer " + w + b".Done()")
        if insert is None:
            return None, "the goroutine's body is not laid out one statement per line"
        edits = [insert]
        for d in dones:
            e = delete_statement(src, d, floor=insert.start + 1)
            if e is None:
                return None, f"`{name}.Done()` shares its line with other code"
            edits.append(e)
        description = f"defer {name}.Done() at the start of the goroutine"
        applicability = Applicability.SAFE
        if len(dones) > 1:
            applicability = Applicability.UNSAFE
            description += (
                " (unsafe: Done is called in several places; the paths that returned without it now"
                " call it, and it runs after the statements that followed it)"
            )
        elif top[-1].id != dones[0].id:
            applicability = Applicability.UNSAFE
            description += (
                " (unsafe: Done is not the goroutine's last statement; every way out now calls it,"
                " after the statements that followed it)"
            )
        elif u.other_defers > 0:
            applicability = Applicability.UNSAFE
            description += " (unsafe: Done now runs after the goroutine's other deferred calls)"
        return Fix(description, tuple(edits), applicability), None
