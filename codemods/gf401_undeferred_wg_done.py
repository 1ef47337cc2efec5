"""GF401 undeferred-wg-done: a goroutine calls ``wg.Done()`` directly instead of deferring it.

What it finds
    A goroutine (a function literal started with ``go``, or a function or method of the same
    file started with ``go f(..)`` / ``go s.f(..)``) that calls ``Done`` on a ``sync.WaitGroup``
    as a plain statement at the end of its work, instead of ``defer wg.Done()``. The finding is
    on the ``Done`` call. It is reported when a path can leave the goroutine without calling
    ``Done`` (an early ``return``), or when every ``Done`` ends its path (the last statement, or
    followed only by ``return``), so that a panic before it is the only way to miss it.

    ``wg`` must be a WaitGroup: a variable declared ``var wg sync.WaitGroup``, ``wg :=
    &sync.WaitGroup{}``, ``wg := new(sync.WaitGroup)``, a parameter ``wg *sync.WaitGroup``, a
    package-level variable, or a field ``s.wg`` when the structs of the package that have a
    field of that name all declare it as ``sync.WaitGroup`` / ``*sync.WaitGroup``. Failing
    that, a name that looks like one (``wg``, ``…Wg``, ``…WG``, ``…WaitGroup``) in a file that
    imports ``sync``, used with both ``.Add(`` and ``.Done(``/``.Wait(`` in the same function.

    Not reported: ``defer wg.Done()`` (also inside a deferred closure); a goroutine that also
    calls ``wg.Add`` for itself (GF402's business); a ``Done`` that a path can reach twice, in a
    loop for instance (the goroutine then holds several counts, as a worker that calls ``Done``
    per job does); a ``Done`` that is the goroutine's first statement, or that is followed by
    more work when no return skips it (a "started" latch); a goroutine that passes the
    WaitGroup on, or leaves ``Done`` to a closure or another goroutine (a hand-off); ``goto``.

Why it is bad
    ``wg.Wait()`` returns when every counted goroutine has called ``Done``. A goroutine that
    panics (and recovers further up, in a deferred handler) or takes an early ``return`` before
    its ``Done`` never calls it, and ``Wait`` blocks forever: the caller hangs with everything it
    holds. ``defer`` runs on every way out of the function.

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

from gofixer.analysis import goroutines, prefilter, syntax, waitgroups
from gofixer.analysis.flow import NORMAL, ReleasePaths, no_return_statement
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

    never: Callable[[Node], bool] = lambda n: False  # noqa: E731
    entry = ReleasePaths(data, func, lambda n: n.id in ids, never, ends).exits(statements(body))
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

        verdict = ReleasePaths(data, func, releases, never, ends).after(d)
        if verdict.unknown:
            facts.unknown = True
            return facts
        if hit:
            facts.twice = True
    return facts


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

        name = w.decode("utf-8", "replace")
        if facts.skipping:
            line = src.position(facts.skipping[0].start_byte).line
            why = f"the return at line {line} skips it"
        elif facts.falls_off:
            why = "a path reaches the end of the goroutine without it"
        elif len(dones) > 1:
            why = "a panic skips them"
        else:
            why = "a panic before it skips it"
        more = f" (and {len(dones) - 1} more)" if len(dones) > 1 else ""
        message = f"`{name}.Done()`{more} is called directly instead of deferred: {why} and `{name}.Wait()` blocks forever"

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
        return self.finding(anchor, message, fix)

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
