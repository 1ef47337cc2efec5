"""GF204 channel-blocks-forever: a channel operation no other goroutine will ever complete, or ``select {}``.

What it finds
    A send, a receive or a range over a channel, or a ``select`` all of whose cases are such
    operations (and which has no ``default``), that waits for something nothing in the package
    can do:

    - the channel is nil for ever: a local, an unexported field or a package-level variable
      that is never made or assigned (``var ch chan T``, then ``<-ch``);
    - the channel is made in the operation itself (``<-make(chan T)``, ``make(chan T) <- v``);
    - an unbuffered channel that no other goroutine can reach: made in the function and used
      only by it (never captured by a goroutine or a callback, passed on or stored), so a send
      or a receive on it waits for itself;
    - a receive or range on a channel that nothing in the package sends on or closes, or a send
      on one that nothing receives from (with a buffer: once it is full). The channel is a
      local, an unexported field of a struct type of the package, or an unexported
      package-level variable (in package ``main`` exported names too: nothing imports a
      command); its uses are followed through copies into locals, arguments to the package's
      functions and methods, and accessor methods that return it (``s.Stopped()``). Every
      selector of the field counts whose operand's type is not known, and so do the
      ``_test.go`` files of the package.

    A ``for {`` loop whose every way out (``return``, ``break``, ``goto``, ``panic``…) is in a
    select case that receives from such a channel (a stop channel nothing closes): the loop
    never ends. Reported on the dead case of the select.

    The ways to park for ever on purpose, ``select {}``, ``<-make(chan T)`` and an operation
    on a local nil channel, are reported only in a goroutine literal (``go func() { … }()``)
    outside test code (``_test.go`` files and what only they reach) and outside code that
    lives as long as the process (``main``, ``init``, what only they call, ``sync.Once``…): a
    function that blocks for ever is a design (a command's run loop, a goroutine kept alive
    for a crash dump), a goroutine started only to block is a leak. The dead loop above is not
    reported in code that lives as long as the process either.

    Not reported: a channel that may be reached where the package does not show it (a
    parameter, an exported field or variable outside package ``main``, a channel passed to
    another package's function or to a function value, stored in a slice, map or another
    field, sent on a channel, or assigned from anything but ``make`` or ``nil``); a case of a
    ``select`` that has a ``default`` or another case that may proceed; a range over something
    whose type is not known to be a channel.

Why it is bad
    A goroutine blocked on a channel operation that nothing will complete never ends: it leaks,
    with its stack and everything it references, once per call. A nil channel never delivers and
    never accepts; a channel nobody else holds has no counterpart; a stop channel that nobody
    closes never stops anything. In the main goroutine it is a deadlock ("all goroutines are
    asleep").

Example
    type watcher struct {
        events chan event
        done   chan struct{}
    }

    func (w *watcher) wait() {
        <-w.done // nothing in the package closes or sends on done
    }

Fixed
    func (w *watcher) Close() {
        close(w.done)
    }

Fix safety
    Unsafe, and only for a send that nothing in the package receives (a statement on its own
    line): ``select { case ch <- v: default: }`` sends without waiting. Nothing can ever
    receive the value, so no reader sees a difference; the goroutine goes on instead of
    blocking for ever, and what follows the send now runs, which is why it is unsafe. Every
    other finding has no fix: the missing counterpart (a ``close`` on shutdown, a receiver, a
    ``make``) is the author's to write, and where it goes depends on the design. The finding
    says which counterpart is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import channels, counterparts, flow, goroutines, lexical, prefilter, statement_edits, syntax
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

_VERB = {"send": "send on", "recv": "receive from", "range": "range over"}
_NO_RECEIVER = "nothing in the package receives from"


class ChannelBlocksForever(Rule):
    code = "GF204"
    name = "channel-blocks-forever"
    summary = "a channel operation nothing in the package will ever complete (nil, unshared or unserved channel, select {})"
    fix_class = FixClass.UNSAFE
    tier = "preview"
    package_wide = True
    # every finding is a channel operation (``<-``), a range over a channel (``chan`` is then
    # spelled in the package, not always in the file) or an empty select
    needs = prefilter.any_word(b"<-", b"select", b"range")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        main = syntax.package_clause_name(ctx.root, data) == b"main"
        seen_selects: set[int] = set()
        if b"select" in data:
            yield from self._empty_selects(ctx)
        ops = counterparts.channel_operations(ctx.root, data) if b"<-" in data else []
        for op in ops:
            sel = counterparts.select_of(op)
            if sel is not None:
                if sel.id in seen_selects:
                    continue
                seen_selects.add(sel.id)
                f = self._select(ctx, sel, main) or self._dead_way_out(ctx, sel, main)
                if f is not None:
                    yield f
                continue
            kind = "send" if op.type == "send_statement" else "recv"
            why = self._dead(ctx, op, kind, main)
            if why is not None:
                fix = self._send_without_waiting(ctx, op) if why.startswith(_NO_RECEIVER) else None
                yield self.finding(op, self._message(ctx, op, kind, why), fix)
        if b"range" in data and b"chan" in data or b"range" in data and ops:
            for clause in counterparts.channel_ranges(ctx.root, data):
                why = self._dead(ctx, clause, "range", main)
                if why is not None:
                    yield self.finding(clause, self._message(ctx, clause, "range", why))

    # -- select {} -----------------------------------------------------------------------------

    def _empty_selects(self, ctx: FileContext) -> Iterator[Finding]:
        for at in lexical.word_offsets(ctx.data, b"select"):
            tok = ctx.root.descendant_for_byte_range(at, at + 6)
            sel = tok.parent if tok is not None and tok.type == "select" else None
            if sel is None or sel.type != "select_statement" or syntax.named(sel):
                continue
            if self._parks_on_purpose(ctx, sel):
                continue
            yield self.finding(sel, "select {} blocks this goroutine forever: it can never end, and nothing else can stop it")

    @staticmethod
    def _parks_on_purpose(ctx: FileContext, node: Node) -> bool:
        """Is ``node`` (``select {}``, ``<-make(chan T)``, an operation on a local nil channel:
        the ways to block for ever on purpose) where parking is the intent? Everywhere but in a
        goroutine literal (``go func() { … }()``) of code that does not live as long as the
        process, outside tests: a function that blocks for ever is a design (a server's run
        command, a crash dump kept alive), a goroutine started only to block is a leak."""
        fn = syntax.enclosing_function(node)
        if syntax.is_test_path(ctx.source.path) or not _in_goroutine(fn):
            return True
        reach = goroutines.PackageReach(ctx.root, ctx.data, ctx.path, ctx.package)
        return reach.lives_with_process(node) or reach.only_tests_reach(node)

    # -- a select whose every case waits for nothing -------------------------------------------

    def _select(self, ctx: FileContext, sel: Node, main: bool) -> Finding | None:
        ops = counterparts.case_operations(sel)
        if not ops:
            return None
        reasons = []
        for op in ops:
            kind = "send" if op.type == "send_statement" else "recv"
            why = self._dead(ctx, op, kind, main)
            if why is None:
                return None
            reasons.append(f"{_VERB[kind]} {self._name(ctx, op)}: {why}")
        if len(ops) == 1:
            kind = "send" if ops[0].type == "send_statement" else "recv"
            return self.finding(sel, self._message(ctx, ops[0], kind, reasons[0].split(": ", 1)[1]))
        return self.finding(sel, "this select blocks forever: no case can ever proceed (" + "; ".join(reasons) + ")")

    # -- a loop whose only ways out wait for nothing ------------------------------------------

    def _dead_way_out(self, ctx: FileContext, sel: Node, main: bool) -> Finding | None:
        """A ``for {`` loop whose every way out (``return``, ``break``…) is in a select case
        that receives from a channel nothing will serve: the loop never ends. Reported on the
        first such case of ``sel``."""
        func = syntax.enclosing_function(sel)
        loop = None if func is None else flow.innermost_for(sel, func)
        if loop is None or not flow.is_infinite_loop(loop):
            return None
        exits = flow.loop_exits(loop, ctx.data, ctx.imports)
        cases: dict[int, Node] = {}
        for x in exits:
            case = syntax.enclosing(x, ("communication_case", "for_statement"))
            if case is None or case.type != "communication_case" or flow.innermost_for(case, func) is None:
                return None
            if flow.innermost_for(case, func).id != loop.id:
                return None
            cases[case.id] = case
        ours = [c for c in cases.values() if c.parent is not None and c.parent.id == sel.id]
        if not ours:
            return None
        if goroutines.PackageReach(ctx.root, ctx.data, ctx.path, ctx.package).lives_with_process(loop):
            return None  # a loop of the process's life: it is not meant to end
        reasons = []
        for case in cases.values():
            op = channels.case_receive_operand(case.child_by_field_name("communication"))
            recv = None if op is None else op.parent
            why = None if recv is None else self._dead(ctx, recv, "recv", main)
            if why is None:
                return None
            reasons.append((case, recv, why))
        case, recv, why = next((r for r in reasons if r[0].id == ours[0].id))
        return self.finding(
            recv,
            f"receive from {self._name(ctx, recv)} never proceeds: {why}; its case is this loop's only way out, so the loop never ends",
        )

    # -- one operation -------------------------------------------------------------------------

    @staticmethod
    def _send_without_waiting(ctx: FileContext, op: Node) -> Fix | None:
        """``select { case ch <- v: default: }`` for a send statement on its own line: what is
        sent is never received, so only the wait changes."""
        if op.parent is None or op.parent.type != "statement_list" or statement_edits.one_line_problem(ctx.source, op):
            return None
        edit = statement_edits.wrap_in_select(ctx.source, op, [b"default:"])
        return Fix("send without waiting: nothing receives what it sends", (edit,), Applicability.UNSAFE)

    @staticmethod
    def _name(ctx: FileContext, op: Node) -> str:
        e = syntax.unparen(counterparts.operand(op))
        return "the channel" if e is None else ctx.text(e)

    def _message(self, ctx: FileContext, op: Node, kind: str, why: str) -> str:
        return f"{_VERB[kind]} {self._name(ctx, op)} blocks forever: {why}"

    def _dead(self, ctx: FileContext, op: Node, kind: str, main: bool) -> str | None:
        """Why nothing will ever complete the operation, or None."""
        data = ctx.data
        e = syntax.unparen(counterparts.operand(op))
        if e is None:
            return None
        if e.type == "call_expression" and channels.makes_a_channel(e):
            if (kind == "send" and channels.unbuffered_make(e, data) is None) or self._parks_on_purpose(ctx, op):
                return None
            return "the channel is made right here, so no other goroutine can reach it"
        if not self._worth_a_model(ctx, op, e, kind):
            return None
        model = ctx.model
        f = ctx.index
        if kind == "range":
            t = model.typeof(f, e)
            if t is None or t[0] != "chan":
                return None
        v = counterparts.value_of(model, f, e)
        if v is None:
            return None
        u = counterparts.uses(model, v, main)
        if not u.confined:
            return None
        shown = v.name
        if u.never_made:
            if v.kind == "local" and self._parks_on_purpose(ctx, op):
                return None
            return f"{shown} is never made or assigned, and a nil channel blocks every send and receive forever"
        unbuffered = bool(u.made) and all(_unbuffered(m, model) for m in u.made)
        if kind in ("recv", "range"):
            if not u.has("send", "close"):
                return f"nothing in the package sends on {shown} or closes it"
            if unbuffered and not u.has("close") and u.same_goroutine():
                return f"{shown} is unbuffered and no other goroutine can reach it"
            return None
        if not u.has("recv", "range", "recv-elsewhere"):
            if v.kind == "local" and (not unbuffered or u.has("close")):
                return None  # a buffer a few sends fill, or a send meant to panic on a closed channel
            if unbuffered:
                return f"{_NO_RECEIVER} {shown}"
            return f"{_NO_RECEIVER} {shown}: once its buffer is full, every send waits forever"
        if unbuffered and u.same_goroutine():
            return f"{shown} is unbuffered and no other goroutine can reach it"
        return None

    def _worth_a_model(self, ctx: FileContext, op: Node, e: Node, kind: str) -> bool:
        """Cheap evidence from the bytes before the package's model is asked: a counterpart
        spelled with the channel's own name (in its function, for a local; in the package,
        for anything else) serves it, unless the local may be nil or kept to its function."""
        data = ctx.data
        name = counterparts.last_name(e, data)
        if name is None:
            return False
        if kind == "range" and not counterparts.package_spells(ctx.package, data, name, "channel"):
            return False  # not declared or made as a channel anywhere in the package
        if e.type == "call_expression":
            # an accessor of the package without arguments (``s.Done()``)
            return not syntax.named(e.child_by_field_name("arguments")) and counterparts.package_may_declare_function(ctx.package, data, name)
        wanted = "received" if kind == "send" else "sent or closed"
        top = syntax.top_function(op)
        if e.type == "identifier" and top is not None:
            text = data[top.start_byte : top.end_byte]
            declared = counterparts.may_declare_local_channel(text, name)
            if declared == "nil":
                return True
            if declared == "unbuffered" or counterparts.may_declare_local(text, name):
                if name not in counterparts.spelled_counterparts(text)[wanted]:
                    return True  # nothing in its function serves it by that name
                return declared == "unbuffered" and not self._mentioned_elsewhere(ctx, top, name)
        if e.type == "selector_expression":
            return True
        return not counterparts.package_spells(ctx.package, data, name, wanted)

    @staticmethod
    def _mentioned_elsewhere(ctx: FileContext, top: Node, name: bytes) -> bool:
        """Is ``name`` mentioned in a function literal or a call's arguments of ``top`` (where
        another goroutine may get it)?"""
        for n in syntax.walk(top):
            if n.type == "func_literal" and syntax.mentions(n, name, ctx.data):
                return True
            if n.type == "argument_list" and any(ctx.btext(a) == name for a in syntax.named(n)):
                return True
        return False


def _unbuffered(make: Node, model) -> bool:
    return make.type == "call_expression" and channels.makes_a_channel(make) and _zero_capacity(make)


def _zero_capacity(call: Node) -> bool:
    args = syntax.named(call.child_by_field_name("arguments"))
    return len(args) == 1 or (len(args) == 2 and args[1].type == "int_literal" and args[1].text == b"0")


def _in_goroutine(fn: Node | None) -> bool:
    """Is ``fn`` a function literal started by a ``go`` statement?"""
    if fn is None or fn.type != "func_literal":
        return False
    call = fn.parent
    return call is not None and call.type == "call_expression" and call.parent is not None and call.parent.type == "go_statement"

