"""GF202 send-after-close: a send after close(ch) on the same path, or a close by the receiver while goroutines send.

What it finds
    1. ``close(ch)`` followed on the same path by a send ``ch <- v`` or a ``case ch <- v`` of a
       ``select``; the finding is on the send. The channel is an identifier or a selector
       (``s.ch``) spelled the same at both places. The close is a statement calling the builtin:
       ``defer close(ch)`` runs at return and does not count, and a ``close`` declared in the
       function or the package (shadowing the builtin) makes the rule silent.
       Paths are followed on the syntax of the function: sequence, if/else, switch and select
       cases, fallthrough, labelled break/continue, ``return``; ``panic``, ``os.Exit``,
       ``log.Fatal`` and ``t.Fatal`` end a path. A path stops where the channel may get a new
       value: ``ch = ..``, ``ch := ..`` (also in a nested scope, a range or select header), for
       ``s.ch`` an assignment to ``s``, a method call on ``s`` or a call given ``s``/``&s``; for a
       channel that is not a local or parameter of the function, any call except builtins and
       imported packages' functions. Nothing is reported for a local that a function literal
       assigns or whose address is taken. Sends inside function literals (goroutines,
       callbacks, deferred calls) are not on the path.
       Loops: a ``for cond``/``range`` loop may stop at its head, so its next iteration is not
       followed (``if i == n-1 { close(ch) }`` in the last iteration is fine); a ``for {`` loop
       surely runs again, so the path continues at the start of its body.
       Conditions are not evaluated, so a send is reported only when the close is unconditional
       where the two meet (not in a branch, case or loop body the send is outside of), or when
       every path from the close reaches a send, without returning, leaving or coming round a
       ``for {`` again: ``if a { close(ch) }`` then ``if !a { ch <- v }``, or a ``closed`` flag
       set with the close and tested before the send, stay silent.
       Silent too when the function defers a ``recover()``, and in ``_test.go`` files for a
       parameterless function literal passed to a call or kept in a table (a
       ``shouldPanic(func() {..})`` that expects the panic).

    2. ``close(ch)`` or ``defer close(ch)`` in a function that itself receives from ``ch``
       (``<-ch``, ``range ch``) and has started, before the close, a goroutine that sends on
       ``ch``: a ``go`` statement with a function literal (capturing ``ch`` or given it) or a
       function of the file given ``ch``. The finding is on the ``close``. Reported only when the
       senders may not be done: the receive is a ``select`` case beside others (a timeout or
       cancel case can win before the goroutine has sent); or the goroutine may send more than
       once (it sends in a loop, or several goroutines are started in a loop; loops counted by
       a literal excepted) and either the close is inside the loop that receives (closing
       mid-stream) or the receives are a fixed number outside any loop. A select case on a
       channel the one sending goroutine sends on or closes *instead* (a result or an error) does
       not count as winning early: taking it means the sender is done. When every case that may
       win early fails the test first (``t.Fatal``, ``t.Error``…), the panic can only follow a
       failed test: a preview variant (reported with ``--preview`` or when GF202 is selected by
       name). Silent when, between
       the ``go`` statement and the close, anything may wait for the senders: a ``Wait()``
       (``sync.WaitGroup``, errgroup), a ``Do(..)`` (``sync.Once``), a ``time.Sleep``, a receive
       from another channel outside the ``select`` that receives ``ch``, a range over another
       channel; when the receives are in a loop with a condition and the close is after it
       (it may count them); or when the goroutine sends under a lock or recovers. Goroutines
       started with ``go s.method()``, ``errgroup.Go`` and the like are not followed. The
       correct fan-in ``go func() { wg.Wait(); close(out) }()`` and a sender that closes after
       its last send are never reported.

Why it is bad
    A send on a closed channel panics ("send on closed channel"), and so does a goroutine that
    is blocked in a send when the channel is closed. Only the sender knows when it has sent its
    last value, so the rule of thumb is that the sender closes; a receiver that closes races with
    every send still in flight, and the program crashes under load rather than in tests.

Example
    ch := make(chan int, 1)
    close(ch)
    ch <- 5 // panic: send on closed channel

    results := make(chan string)
    for _, s := range servers {
        go func(s string) { results <- query(s) }(s)
    }
    r := <-results
    close(results) // the other goroutines panic when they send

Fixed
    ch := make(chan int, 1)
    ch <- 5
    close(ch)

    results := make(chan string, len(servers)) // the others send into the buffer and exit
    for _, s := range servers {
        go func(s string) { results <- query(s) }(s)
    }
    r := <-results // no close: the channel is garbage once nobody uses it

Fix safety
    None. Where the close belongs depends on who owns the channel: move it after the last send,
    let the senders' side close it after a ``sync.WaitGroup`` wait, or signal the senders to
    stop with a separate done channel or context instead of closing theirs.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import channels, flow, goroutines, prefilter, recovery, syntax, testfail
from gofixer.analysis.channels import channel_key as _key
from gofixer.analysis.flow import ReleasePaths, enclosing_loops, is_counted_loop, is_infinite_loop, loop_header
from gofixer.model import Finding, FixClass
from gofixer.rule import FileContext, Rule

# statements that run in order on a path (a send is asked about first)
_SIMPLE = frozenset(
    {
        "expression_statement", "short_var_declaration", "assignment_statement", "var_declaration",
        "const_declaration", "type_declaration", "inc_statement", "dec_statement",
        "empty_statement", "go_statement", "defer_statement",
    }
)  # fmt: skip

# builtins that cannot reassign anything
_PURE_BUILTINS = frozenset(
    b"len cap append make new copy print println min max complex real imag delete clear".split()
)


def _declared_in(func: Node, name: bytes, data: bytes) -> bool:
    """Is ``name`` a parameter, receiver or local of ``func`` (nested literals included)?"""
    for fld in ("receiver", "parameters", "result"):
        plist = func.child_by_field_name(fld)
        if plist is None:
            continue
        for decl in plist.named_children:
            for n in decl.children_by_field_name("name"):
                if data[n.start_byte : n.end_byte] == name:
                    return True
    body = func.child_by_field_name("body")
    return body is not None and syntax.declares_locally(body, name.decode("utf-8", "replace"), data)


# ---------------------------------------------------------------------------------------------
# shape 1: a send after close on the same path
# ---------------------------------------------------------------------------------------------


class _AfterClose:
    """The paths from a ``close(ch)`` of one function (followed by ``flow.ReleasePaths``): a
    send on the channel ends a path as a hit; a statement that may give the channel a new
    value ends it as an escape, and so does leaving the function or coming round a ``for {``
    again without a send."""

    def __init__(self, data: bytes, func: Node, key: bytes, prefixes: list[bytes], local: bool, imports: frozenset[bytes] = frozenset()):
        self.data = data
        self.func = func
        self.key = key
        self.prefixes = prefixes
        self.local = local  # the channel's root is a local or parameter of the function
        self.imports = imports  # names of imported packages
        self.hits: dict[int, Node] = {}  # sends reached
        self.escaped = False  # some path leaves without a send (return, end, reassignment)
        self._kinds: dict[int, str | None] = {}

    # -- what a statement does -------------------------------------------------------------------

    def _assigns(self, n: Node) -> bool:
        """Does ``n`` (a simple statement, header or communication) assign the channel?"""
        targets = (self.key, *self.prefixes)
        for m in syntax.walk(n):
            t = m.type
            lefts: list[Node] = []
            if t in ("assignment_statement", "short_var_declaration", "receive_statement"):
                left = m.child_by_field_name("left")
                lefts = syntax.named(left)
            elif t == "var_spec":
                lefts = list(m.children_by_field_name("name"))
            elif t == "range_clause":
                lefts = syntax.named(m.child_by_field_name("left"))
            elif t in ("inc_statement", "dec_statement"):
                continue
            elif t == "unary_expression":
                op = m.child_by_field_name("operator")
                if op is not None and op.type == "&" and _key(m.child_by_field_name("operand"), self.data) in targets:
                    return True
            elif t == "call_expression" and self._call_may_reassign(m):
                return True
            if any(_key(x, self.data) in targets for x in lefts):
                return True
        return False

    def _call_may_reassign(self, call: Node) -> bool:
        fn = syntax.unparen(call.child_by_field_name("function"))
        if fn is None or fn.type == "func_literal":
            return True
        if fn.type == "identifier":
            name = self.data[fn.start_byte : fn.end_byte]
            if name in _PURE_BUILTINS or name in (b"close", b"panic", b"recover"):
                return False
        if fn.type == "parenthesized_expression" or fn.type in ("array_type", "slice_type", "map_type"):
            return False  # a conversion
        if self.prefixes:
            if fn.type == "selector_expression" and _key(fn.child_by_field_name("operand"), self.data) in self.prefixes:
                return True  # s.reset()
            for a in syntax.named(call.child_by_field_name("arguments")):
                inner = syntax.unparen(a)
                if inner is not None and inner.type == "unary_expression":
                    inner = inner.child_by_field_name("operand")
                if _key(inner, self.data) in self.prefixes:
                    return True  # reset(s), reset(&s)
        if self.local:
            return False
        # the channel lives outside the function: a function of the package may assign it
        if fn.type == "selector_expression":
            op = syntax.unparen(fn.child_by_field_name("operand"))
            if op is not None and op.type == "identifier" and self.data[op.start_byte : op.end_byte] in self.imports:
                return False  # fmt.Println, log.Printf…
        return True

    def assigns_anywhere(self, n: Node) -> bool:
        """Is the channel (or a prefix) assigned anywhere in ``n``?"""
        targets = (self.key, *self.prefixes)
        for m in syntax.walk(n):
            lefts: list[Node] = []
            if m.type in ("assignment_statement", "short_var_declaration", "receive_statement"):
                lefts = syntax.named(m.child_by_field_name("left"))
            elif m.type == "var_spec":
                lefts = list(m.children_by_field_name("name"))
            if any(_key(x, self.data) in targets for x in lefts):
                return True
        return False

    def _send_here(self, n: Node) -> bool:
        return n.type == "send_statement" and _key(n.child_by_field_name("channel"), self.data) == self.key

    def _kind(self, n: Node) -> str | None:
        """"hit" (a send on the channel), "escape" (it may get a new value), "end" (``panic``,
        ``t.Fatal``: the path ends) or None, for a statement, a header clause or a select
        case's communication on a path."""
        got = self._kinds.get(n.id, "")
        if got != "":
            return got
        t = n.type
        kind = None
        if t == "send_statement":
            kind = "hit" if self._send_here(n) else "escape" if self._assigns(n) else None
        elif t in _SIMPLE:
            if t == "expression_statement" and flow.no_return_call(n, self.data, {}):
                kind = "end"
            elif t not in ("go_statement", "defer_statement") and self._assigns(n):
                kind = "escape"  # (a go or deferred statement runs elsewhere or later)
        elif t in ("range_clause", "receive_statement") or (n.parent is not None and n.parent.type == "communication_case"):
            kind = "escape" if self._assigns(n) else None
        self._kinds[n.id] = kind
        return kind

    def _stops(self, n: Node) -> bool:
        if self._kind(n) == "escape":
            self.escaped = True
            return True
        return False

    def _reaches_send(self, n: Node) -> bool:
        if self._kind(n) == "hit":
            self.hits[n.id] = n
            return True
        return False

    def _next_iteration(self, loop: Node) -> bool:
        """A ``for {`` surely runs again: its next iteration is followed (unless its post
        statement may reassign the channel); any other loop may stop at its head."""
        if not is_infinite_loop(loop):
            return False
        h = loop_header(loop)
        post = None if h is None else h.child_by_field_name("update")
        if post is not None and self._assigns(post):
            self.escaped = True
            return False
        return True

    def after(self, start: Node) -> bool:
        """Follow every path from just after ``start``; False when something is not understood."""
        if start.parent is None or start.parent.type != "statement_list":
            return False
        verdict = ReleasePaths(
            self.data,
            self.func,
            self._reaches_send,
            self._stops,
            lambda n: self._kind(n) == "end",
            clauses=True,
            next_iteration=self._next_iteration,
            strict_end=False,
        ).after(start)
        if verdict.unknown:
            return False
        if verdict.returns or verdict.falls_off is not None or verdict.rounds:
            self.escaped = True
        return True


class SendAfterClose(Rule):
    code = "GF202"
    name = "send-after-close"
    summary = "a send on a channel after close(ch) on the same path, or close by a receiver while others send: both panic"
    fix_class = FixClass.NONE
    # Both shapes need a call of the builtin close and a send statement (``ch <- v``, in the
    # path after the close or in the goroutine that the receiver's close races with; a
    # goroutine's function is a literal or a function of this file). The cheap tests first.
    needs = prefilter.contains(b"close", b"<-") & prefilter.test("a call of the builtin close", channels.may_call_close)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if self._close_declared_in_package(ctx):
            return
        funcs = goroutines.FileFunctions(ctx.root, data)
        reported: set[int] = set()
        shadowed: dict[int, bool] = {}  # per top-level function: does it declare its own close?
        for fn in channels.close_calls(ctx.root, data):
            n = fn.parent
            arg = channels.close_argument(n, data)
            if arg is None:
                continue
            key = _key(arg, data)
            if key is None:
                continue
            func = syntax.enclosing_function(n)
            if func is None or func.child_by_field_name("body") is None:
                continue
            top = syntax.top_function(n)
            if top is not None and self._shadows_close(top, data, shadowed):
                continue
            stmt = n.parent
            if stmt is None:
                continue
            if stmt.type == "expression_statement":
                for send, msg in self._sends_after(ctx, func, stmt, key):
                    if send.id not in reported:
                        reported.add(send.id)
                        yield self.finding(send, msg)
            if stmt.type in ("expression_statement", "defer_statement"):
                f = self._receiver_closes(ctx, func, n, stmt, key, funcs)
                if f is not None:
                    yield f

    @staticmethod
    def _shadows_close(top: Node, data: bytes, memo: dict[int, bool]) -> bool:
        """Does the function declare a local ``close``? Its declaration would be a second
        ``close`` in its bytes besides the call's, so a function with one is not walked."""
        if top.id not in memo:
            memo[top.id] = data.count(b"close", top.start_byte, top.end_byte) > 1 and syntax.declares_locally(
                top, "close", data
            )
        return memo[top.id]

    @staticmethod
    def _close_declared_in_package(ctx: FileContext) -> bool:
        def declares(root: Node, data: bytes) -> bool:
            for d in root.named_children:
                if d.type == "function_declaration":
                    nm = d.child_by_field_name("name")
                    if nm is not None and data[nm.start_byte : nm.end_byte] == b"close":
                        return True
                elif d.type in ("var_declaration", "const_declaration", "type_declaration"):
                    for m in syntax.walk(d):
                        if m.type in ("var_spec", "const_spec", "type_spec"):
                            for nm in m.children_by_field_name("name"):
                                if data[nm.start_byte : nm.end_byte] == b"close":
                                    return True
            return False

        # a declaration in this file is a second ``close`` besides a call's (with one, nothing
        # is found anyway): a file that spells it once is not walked
        if ctx.data.count(b"close") > 1 and declares(ctx.root, ctx.data):
            return True
        return any(
            ctx.package.sibling_fact(
                "GF202 declares close",
                sib,
                lambda s: channels.may_declare_close(s.source.data) and declares(s.tree.root_node, s.source.data),
            )
            for sib in ctx.package.siblings()
        )

    # -- shape 1 -------------------------------------------------------------------------------

    def _sends_after(self, ctx: FileContext, func: Node, stmt: Node, key: bytes) -> list[tuple[Node, str]]:
        data = ctx.data
        if b"<-" not in data[stmt.end_byte : func.end_byte] and not _infinite_loop_around(stmt, func):
            return []
        root = key.split(b".")[0]
        local = _declared_in(func, root, data)
        if local and not key.count(b"."):
            # assigned in a closure, or its address taken: a call may give it a new channel
            for n in syntax.walk(func.child_by_field_name("body")):
                if n.type == "unary_expression":
                    op = n.child_by_field_name("operator")
                    if op is not None and op.type == "&" and _key(n.child_by_field_name("operand"), data) == key:
                        return []
                if n.type == "func_literal" and _AfterClose(data, func, key, [], True).assigns_anywhere(n):
                    return []
        imports = frozenset(v.encode() for v in ctx.imports.values())
        w = _AfterClose(data, func, key, channels.key_prefixes(key), local, imports)
        if not w.after(stmt) or not w.hits:
            return []
        if recovery.deferred_recover(func, data) is not None or (syntax.is_test_path(ctx.source.path) and _handed_over(func)):
            return []
        out = []
        line = ctx.source.position(stmt.start_byte).line
        for send in sorted(w.hits.values(), key=lambda s: s.start_byte):
            lca = syntax.common_ancestor(stmt, send)
            if lca is None:
                continue
            if flow.conditional_below(stmt, lca) and w.escaped:
                continue  # a conditional close and a send not reached on every path: may be exclusive
            name = key.decode("utf-8", "replace")
            out.append(
                (send, f"send on {name} after close({name}) at line {line} on the same path: a send on a closed channel panics")
            )
        return out

    # -- shape 2 -------------------------------------------------------------------------------

    def _receiver_closes(
        self, ctx: FileContext, func: Node, call: Node, stmt: Node, key: bytes, funcs: goroutines.FileFunctions
    ) -> Finding | None:
        data = ctx.data
        body = func.child_by_field_name("body")
        if body is None:
            return None
        # where the close happens: a deferred one when the function returns
        at = body.end_byte if stmt.type == "defer_statement" else call.start_byte
        if b"go " not in data[body.start_byte : at]:
            return None
        recvs = channels.receives(body, key, data)
        if not recvs:
            return None
        root = key.split(b".")[0]
        senders: list[tuple[Node, bool]] = []  # go statement, may send more than once
        for g in syntax.walk_same_function(body):
            if g.type != "go_statement" or g.start_byte >= at:
                continue
            info = self._goroutine_sends(g, key, root, data, funcs)
            if info is None:
                continue
            many = info or any(not is_counted_loop(lp) for lp in enclosing_loops(g, func))
            senders.append((g, many))
        if not senders:
            return None
        first = min(g.start_byte for g, _ in senders)
        # anything between the first sender and the close that may wait for the senders
        for n in syntax.walk_same_function(body):
            if not (first <= n.start_byte and n.end_byte <= at):
                continue
            if any(syntax.inside(n, g) for g, _ in senders):
                continue
            if n.type == "call_expression":
                fn = n.child_by_field_name("function")
                if fn is not None and fn.type == "selector_expression":
                    fld = fn.child_by_field_name("field")
                    if fld is not None and data[fld.start_byte : fld.end_byte] in (b"Wait", b"Do", b"Sleep"):
                        return None
                elif fn is not None and fn.type == "identifier" and data[fn.start_byte : fn.end_byte] in (b"wait",):
                    return None
            elif n.type == "unary_expression":
                op = n.child_by_field_name("operator")
                if op is not None and op.type == "<-" and _key(n.child_by_field_name("operand"), data) != key:
                    if not channels.in_select_with(n, key, data):
                        return None
            elif n.type == "range_clause" and _key(n.child_by_field_name("right"), data) != key:
                r = syntax.unparen(n.child_by_field_name("right"))
                if r is not None and r.type in ("identifier", "selector_expression", "call_expression"):
                    return None  # may range over another channel until the senders are done
        # a select case beside others: the goroutine may not have sent yet
        winners = self._cases_that_may_win(ctx, func, [r for r in recvs if r.end_byte <= at], key, senders)
        racy = bool(winners)
        reason = "a timeout or cancel case may win before it has sent"
        # every case that may win first fails the test: the panic can only follow a failure
        ends = lambda s: flow.no_return_statement(s, data, ctx.imports)  # noqa: E731
        after_failure = racy and all(testfail.failed_before_leaving(c, func, data, ctx.imports, ends) for c in winners)
        if after_failure:
            reason += " (each such case fails the test first, so this only follows a failed test)"
        if not racy and any(m for _, m in senders):
            around = {lp.id for lp in enclosing_loops(call, func)}
            recv_loops = [lp for r in recvs for lp in enclosing_loops(r, func)]
            if any(lp.id in around for lp in recv_loops):
                inner = [lp for lp in recv_loops if lp.id in around]
                if not any(is_counted_loop(lp) or _counts(lp, data) for lp in inner):
                    racy, reason = True, "it closes while receiving, and the goroutine may send again"
            elif not recv_loops and all(r.end_byte <= at for r in recvs):
                racy, reason = True, "a fixed number of receives may not have taken every send"
        if not racy:
            return None
        g = senders[0][0]
        line = ctx.source.position(g.start_byte).line
        name = key.decode("utf-8", "replace")
        return self.finding(
            call,
            f"close({name}) by its receiver while the goroutine started at line {line} sends on it: "
            f"{reason}, and a send on a closed channel panics",
            preview=after_failure,
        )

    @staticmethod
    def _cases_that_may_win(
        ctx: FileContext, func: Node, recvs: list[Node], key: bytes, senders: list[tuple[Node, bool]]
    ) -> list[Node]:
        """The other cases of the selects that receive ``key`` (``recvs``), which may be taken
        before the goroutine has sent. A case receiving from a channel the one sending goroutine
        sends on (or closes) *instead* is not one: taking it means the sender is done."""
        sender = None
        if len(senders) == 1 and b"." not in key:
            fn = goroutines.started(senders[0][0])
            if fn is not None and fn.type == "func_literal" and not _declared_in(fn, key, ctx.data):
                sender = fn
        out: list[Node] = []
        for r in recvs:
            if not channels.in_select_with_other(r):
                continue
            case = channels.select_case_of(r)
            for c in case.parent.named_children if case is not None and case.parent is not None else ():
                if c.id == case.id or c.type not in ("communication_case", "default_case"):
                    continue
                operand = None
                if c.type == "communication_case":
                    operand = syntax.unparen(channels.case_receive_operand(c.child_by_field_name("communication")))
                if sender is not None and operand is not None and operand.type == "identifier":
                    other = ctx.data[operand.start_byte : operand.end_byte]
                    if channels.sends_instead(func, sender, key, other, ctx.data, ctx.imports):
                        continue
                out.append(c)
        return out

    def _goroutine_sends(
        self, g: Node, key: bytes, root: bytes, data: bytes, funcs: goroutines.FileFunctions
    ) -> bool | None:
        """Does the goroutine of ``g`` send on ``key``? None: no (or not known); True: in a loop
        or more than once; False: once."""
        call = goroutines.go_call(g)
        if call is None:
            return None
        fn = goroutines.started(g)
        args = syntax.named(call.child_by_field_name("arguments"))
        target: Node | None = None
        names: list[bytes] = []
        if fn is not None and fn.type == "func_literal":
            target = fn
            if not _declared_in(fn, root, data):
                names.append(key)
        elif fn is not None and fn.type == "identifier":
            target = funcs.function(data[fn.start_byte : fn.end_byte], g)
        if target is None:
            return None
        # a channel passed as an argument: the parameter it becomes
        params = []
        plist = target.child_by_field_name("parameters")
        for decl in syntax.named(plist):
            ps = list(decl.children_by_field_name("name")) or [None]
            if decl.type == "variadic_parameter_declaration":
                break
            params.extend(ps)
        for i, a in enumerate(args):
            if _key(a, data) == key and i < len(params) and params[i] is not None:
                names.append(data[params[i].start_byte : params[i].end_byte])
        if not names:
            return None
        return self._sends(target, names, data)

    @staticmethod
    def _sends(target: Node, names: list[bytes], data: bytes) -> bool | None:
        tbody = target.child_by_field_name("body")
        if tbody is None:
            return None
        text = data[tbody.start_byte : tbody.end_byte]
        if b"recover()" in text or b".Lock()" in text or b".RLock()" in text:
            return None
        sends = [
            s
            for s in syntax.walk_same_function(tbody)
            if s.type == "send_statement" and _key(s.child_by_field_name("channel"), data) in names
        ]
        if not sends:
            return None
        many = len(sends) > 1 or any(not is_counted_loop(lp) for s in sends for lp in enclosing_loops(s, target))
        return many


def _counts(loop: Node, data: bytes) -> bool:
    """A ``for`` with a condition (``i < n``): it may count the receives, so a close in it may
    come after the last one."""
    h = loop_header(loop)
    return h is not None and h.type in ("for_clause", "binary_expression", "identifier", "unary_expression") and not is_infinite_loop(loop)


def _handed_over(func: Node) -> bool:
    """A parameterless function literal passed to a call or kept in a composite literal: in a
    test, the body of a ``shouldPanic(func() {..})`` or of a table of panicking cases."""
    if func.type != "func_literal":
        return False
    params = func.child_by_field_name("parameters")
    if syntax.named(params):
        return False
    p = func.parent
    return p is not None and p.type in ("argument_list", "literal_element", "keyed_element")


def _infinite_loop_around(stmt: Node, func: Node) -> bool:
    return any(is_infinite_loop(lp) for lp in enclosing_loops(stmt, func))
