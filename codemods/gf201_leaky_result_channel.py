"""GF201 leaky-result-channel: a goroutine's only send on an unbuffered channel whose receiver
may give up.

What it finds
    A channel made unbuffered (``make(chan T)`` or ``make(chan T, 0)``) in a function, that a
    goroutine started there sends on at most once per path, and that the function receives from
    only in a ``select`` which also receives from something else: ``<-ctx.Done()``,
    ``<-time.After(..)``, ``<-timer.C``, any other ``<-done``. The goroutine is a function
    literal, or a function declared in the same file that gets the channel as an argument.
    A case on a channel the one sending goroutine sends on, or closes, *instead* (on every path
    at most one of those, and nobody else sends there: a result or an error, or a closed done
    channel) does not count as giving up: taking it means the sender is done. Not reported where
    the code runs once per process (see GF101: ``main``, ``init``, ``sync.Once``…).

    Preview variants (reported with ``--preview`` or when GF201 is selected by name): in test
    code (a ``_test.go`` file, or a function only tests reach), where the stranded goroutine
    waits idle until the test binary exits, and which the message marks when every case that
    strands the sender fails the test first (``t.Fatal``, ``t.Error``…: the leak only follows a
    failed test); and a sender that sends on some of its paths only (an error report, say, that
    the select's other case does not wait for), stranded only when that happens late. Two
    shapes without a select are preview variants too: the function's one receive is a statement
    after the ``go``, and a ``return`` between them leaves without receiving (an early return on
    an error path); and a loop over a slice, array or map starts one sender per element while
    the function receives once, after the loop (the first answer wins, the others wait for
    ever; fixed with a buffer of ``len(collection)``, room for every send, when the collection
    does not change between the ``make`` and the receive). Where nothing in the function tests
    the collection's length, an empty one strands the receiver itself (nobody sends): the
    message says so, and a receive whose value nobody uses (a wait for the first to finish)
    is guarded by ``if len(collection) > 0`` in the same fix, which changes nothing else.

Why it is bad
    A send on an unbuffered channel waits for a receiver. When the select takes the other case,
    nobody will ever receive: the goroutine blocks on its send forever, with everything it
    references (a goroutine leak, one per timed-out call).

Example
    ch := make(chan result)
    go func() { ch <- fetch(url) }()
    select {
    case r := <-ch:
        return r, nil
    case <-ctx.Done():
        return result{}, ctx.Err()
    }

Fixed
    ch := make(chan result, 1)

Fix safety
    Safe: with room for one value the single send completes whether or not anyone receives, and
    the abandoned value is garbage collected with the channel. (The send no longer waits for the
    receiver, which only matters to a goroutine that relies on that handshake, not to one
    handing back its result.)

    Where capacity 1 cannot absorb every send (a path that sends more than once, several
    goroutines sending, or the ``go`` statement in a loop) and the select gives up on
    ``<-ctx.Done()``, an unsafe fix makes each send of the goroutines wait on that
    ``ctx.Done()`` too and end the goroutine when it fires (``select { case ch <- v: case
    <-ctx.Done(): return }``): the select gives up because the context ended, so the senders
    see it end as well. Offered when every sender is a function literal that sees the same
    ``ctx`` (not one of its own), each send stands alone on its line, and no ``wg.Done()``,
    ``Unlock`` or ``close`` after a send (not deferred) would be skipped by the ``return``.
    Unsafe: a value sent after the context ended is dropped instead of waiting for a receiver,
    and a sender the select never gave up on (the second of two sends, say) still waits until
    the context ends. Otherwise (a timeout or another channel as the other case) only
    reported, without a fix. Not reported when the sender itself
    selects on cancellation, the producer closes the channel, the consumer ranges over it, the
    other case drains it, the select sits in a loop that keeps receiving, or the channel is used
    in any other way (passed on, stored, returned, received elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixer.analysis import channels, contexts_at_hand, flow, goroutines, prefilter, statement_edits, syntax, testfail
from gofixer.analysis.channels import MANY, UnbufferedMake, case_receive_operand
from gofixer.analysis.syntax import inside as _inside
from gofixer.analysis.syntax import named as _named
from gofixer.analysis.types import ranged_collection
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

_RECEIVE_WRAPPERS = ("unary_expression", "parenthesized_expression", "receive_statement")


def _key(n: Node) -> tuple[int, int]:
    return (n.start_byte, n.end_byte)


def _label_of(stmt: Node, data: bytes) -> str | None:
    lab = stmt.child_by_field_name("label")
    if lab is None:
        lab = next((c for c in stmt.named_children if c.type == "label_name"), None)
    return None if lab is None else data[lab.start_byte : lab.end_byte].decode("utf-8", "replace")


@dataclass
class _Sender:
    count: int
    selects: bool
    body: Node | None = None  # the goroutine's function body
    chan: bytes = b""  # the channel's name there
    literal: bool = False  # a function literal (it sees the function's other locals)


class LeakyResultChannel(Rule):
    code = "GF201"
    name = "leaky-result-channel"
    summary = "a goroutine's send on an unbuffered channel blocks forever once the receiving select times out"
    fix_class = FixClass.SAFE
    # A finding needs, in this file: the receive (``<-``) from the channel, in a select or (the
    # early-return variant) a statement, its ``make(chan T)`` and a go statement of the same
    # function that sends on it (``<-`` again).
    needs = prefilter.contains(b"<-", b"make", b"chan") & prefilter.go_statement

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if b"select" not in data and self.code not in ctx.settings.preview:
            return  # without a select only the early-return variant can be found, a preview one
        decls = goroutines.FileFunctions(ctx.root, data)
        for call in channels.channel_makes(ctx.root, data):
            mk = channels.unbuffered_make(call, data)
            site = channels.assigned_name(call, data) if mk is not None else None
            func = syntax.enclosing_function(call)
            if mk is None or site is None or func is None or func.child_by_field_name("body") is None:
                continue
            name_node, kind = site
            finding = self._analyse(ctx, decls, func, name_node, mk, kind)
            if finding is not None:
                yield finding

    # where the channels are made

    # one channel

    def _analyse(
        self, ctx: FileContext, decls: goroutines.FileFunctions, func: Node, name_node: Node, mk: UnbufferedMake, kind: str
    ) -> Finding | None:
        data = ctx.data
        name = data[name_node.start_byte : name_node.end_byte]
        occurrences = [
            n for n in syntax.walk(func) if n.type == "identifier" and data[n.start_byte : n.end_byte] == name
        ]
        accounted = {_key(name_node)}
        if kind == "assign":
            decl = syntax.var_without_value(func, name, data)
            if decl is None or decl.start_byte > name_node.start_byte:
                return None
            accounted.add(_key(decl))

        senders: list[_Sender] = []
        go_stmts: list[Node] = []
        for g in syntax.walk(func):
            if g.type != "go_statement" or syntax.enclosing_function(g) != func:
                continue
            sender = self._sender(ctx, decls, func, g, name, occurrences, accounted)
            if sender is False:
                return None
            if sender is not None:
                senders.append(sender)
                go_stmts.append(g)
        if not senders:
            return None

        select, _case, others = self._receiver(func, name, occurrences, accounted, data)
        if select is None:
            return self._early_return(ctx, func, name, mk, occurrences, accounted, senders, go_stmts)
        if not others:
            return None
        if any(_key(o) not in accounted for o in occurrences):
            return None  # used in some other way: passed on, closed, ranged over, drained...
        if any(g.start_byte < mk.call.end_byte or g.start_byte > select.start_byte for g in go_stmts):
            return None

        plain = [s for s in senders if not s.selects]
        if not plain:
            return None  # every sender can give up on its own

        # a select in a loop only loses the value when the other case leaves that loop
        loops = [
            lp
            for lp in flow.enclosing_loops(select, func)
            if not _inside(mk.call, lp) and not any(_inside(g, lp) for g in go_stmts)
        ]
        if loops:
            others = [o for o in others if self._leaves(o, loops[-1], func, ctx)]
            if not others:
                return None

        # a case on a channel the one sender sends on (or closes) instead of this one: taking it
        # means the sender is done
        paired: list[bytes] = []
        if len(senders) == 1 and not any(not _inside(mk.call, lp) for g in go_stmts for lp in flow.enclosing_loops(g, func)):
            kept = []
            for o in others:
                instead = self._sent_instead(ctx, func, o, senders[0])
                if instead is None:
                    kept.append(o)
                else:
                    paired.append(instead)
            others = kept
            if not others:
                return None
        reach = goroutines.PackageReach(ctx.root, ctx.data, ctx.path, ctx.package)
        if reach.lives_with_process(mk.call):
            return None  # one goroutine stranded for the life of the process

        chan = name.decode("utf-8", "replace")
        other = self._case_text(others[0], data)
        message = (
            f"the goroutine's send on unbuffered channel `{chan}` blocks forever once the select takes "
            f"the {other} case (goroutine leak)"
        )
        preview = True
        if reach.only_tests_reach(mk.call):
            ends = lambda s: flow.no_return_statement(s, data, ctx.imports)  # noqa: E731
            if all(testfail.failed_before_leaving(o, func, data, ctx.imports, ends) for o in others):
                which = "that case fails" if len(others) == 1 else "each such case fails"
                message += f"; {which} the test first, so the leak only follows a failed test"
            else:
                message += "; in a test the stranded goroutine only waits, idle, until the test binary exits"
        elif not all(self._always_sends(ctx, s, name, paired) for s in senders):
            message += (
                "; the goroutine sends only on some of its paths (an outcome the select does not wait"
                " for), so it is stranded only when that happens after the select gave up"
            )
        else:
            preview = False
        if any(not _inside(mk.call, lp) for g in go_stmts for lp in flow.enclosing_loops(g, func)):
            reason = "the `go` statement runs in a loop"
        elif len(senders) > 1:
            reason = f"{len(senders)} goroutines send on it"
        elif any(s.count >= MANY for s in senders):
            reason = "a path sends on it more than once"
        else:
            return self.finding(mk.call, message, self._fix(mk), preview=preview)
        fix = self._done_fix(ctx, func, others, senders)
        if fix is not None:
            return self.finding(mk.call, f"{message}; {reason}, so no capacity is sure to hold every send", fix, preview=preview)
        return self.finding(
            mk.call, f"{message}; no fix: {reason}, so capacity 1 cannot absorb every send", preview=preview
        )

    @staticmethod
    def _done_fix(ctx: FileContext, func: Node, others: list[Node], senders: list[_Sender]) -> Fix | None:
        """Where no buffer is sure to be big enough and the select gives up on ``<-ctx.Done()``:
        every send of the goroutines (function literals that see the same ``ctx``) waits on
        ``ctx.Done()`` as well. When the select gives up because the context ended, the senders
        see it end too."""
        done = {syntax.unparen(case_receive_operand(o.child_by_field_name("communication"))) for o in others}
        calls = [d for d in done if d is not None and d.type == "call_expression"]
        if len(calls) != len(done) or len({ctx.text(c) for c in calls}) != 1:
            return None
        fn = calls[0].child_by_field_name("function")
        var = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
        if var is None or var.type != "identifier" or ctx.text(fn.child_by_field_name("field")) != "Done":
            return None
        if not contexts_at_hand.is_context(ctx.model.typeof(ctx.index, var)):
            return None
        binding, _ = ctx.model.lookup(ctx.index, var)
        edits: list[Edit] = []
        for s in senders:
            if not s.literal or s.selects or s.body is None or s.body.parent is None:
                return None
            seen = {n: d for n, d, _ in contexts_at_hand.visible(ctx.model, ctx.index, s.body)}
            if binding is None or seen.get(ctx.text(var)) != binding or ctx.text(var) in ctx.model.bindings(ctx.index, s.body.parent):
                return None  # the goroutine would see another ctx
            got, _why = statement_edits.sends_wait_on(ctx.source, s.body.parent, s.chan, ctx.text(calls[0]).encode())
            if not got:
                return None
            edits += got
        return Fix(
            f"make each send wait on {ctx.text(calls[0])} as well, and end the goroutine when it fires (unsafe:"
            " a value sent after the context ended is dropped instead of waiting for a receiver)",
            tuple(sorted(edits, key=lambda e: e.start)),
            Applicability.UNSAFE,
        )

    def _early_return(
        self, ctx: FileContext, func: Node, name: bytes, mk: UnbufferedMake, occurrences: list[Node],
        accounted: set, senders: list[_Sender], go_stmts: list[Node],
    ) -> Finding | None:  # fmt: skip
        """The preview variant without a select: the function's one receive from the channel is a
        statement after the ``go``, and a ``return`` between them leaves without receiving."""
        left = [o for o in occurrences if _key(o) not in accounted]
        if len(left) != 1 or len(senders) != 1 or senders[0].selects:
            return None
        recv = self._plain_receive(left[0], func)
        go = go_stmts[0]
        if recv is None or go.start_byte < mk.call.end_byte or recv.start_byte < go.end_byte:
            return None
        if flow.enclosing_loops(recv, func) != flow.enclosing_loops(go, func):
            return self._first_of_many(ctx, func, mk, senders[0], go, recv, name)
        exits = [
            r
            for r in syntax.walk_same_function(func.child_by_field_name("body"))
            if r.type == "return_statement" and go.end_byte <= r.start_byte < recv.start_byte
        ]
        if not exits:
            return None
        reach = goroutines.PackageReach(ctx.root, ctx.data, ctx.path, ctx.package)
        if reach.lives_with_process(mk.call):
            return None
        chan = name.decode("utf-8", "replace")
        line = ctx.source.position(exits[0].start_byte).line
        message = (
            f"the goroutine's send on unbuffered channel `{chan}` blocks forever when the function returns at"
            f" line {line} before receiving from it (goroutine leak)"
        )
        if flow.enclosing_loops(go, func) and not any(_inside(mk.call, lp) for lp in flow.enclosing_loops(go, func)):
            return self.finding(mk.call, f"{message}; no fix: the `go` statement runs in a loop", preview=True)
        if senders[0].count >= MANY:
            return self.finding(mk.call, f"{message}; no fix: a path sends on it more than once", preview=True)
        return self.finding(mk.call, message, self._fix(mk), preview=True)

    def _first_of_many(
        self, ctx: FileContext, func: Node, mk: UnbufferedMake, sender: _Sender, go: Node, recv: Node, name: bytes
    ) -> Finding | None:
        """The preview variant where a loop over a collection starts one sender per element and
        the function receives once, after the loop: every sender but the first waits forever.
        Fixed by a buffer of ``len(collection)``, room for every send."""
        loops = flow.enclosing_loops(go, func)
        if len(loops) != 1 or _inside(mk.call, loops[0]) or flow.enclosing_loops(recv, func) or recv.start_byte < loops[0].end_byte:
            return None
        if sender.count != 1:
            return None  # a path sends twice: len() would not hold every send
        coll = ranged_collection(ctx.model, ctx.index, loops[0])
        if coll is None:
            return None
        cname = ctx.text(coll)
        if any(
            n.type in ("assignment_statement", "short_var_declaration", "inc_statement", "dec_statement")
            and any(i.type == "identifier" and ctx.text(i) == cname for i in _named(n.child_by_field_name("left") or n))
            for n in syntax.walk_same_function(func.child_by_field_name("body"))
            if mk.call.start_byte < n.start_byte < recv.start_byte
        ):
            return None  # the collection changes between the make and the receive
        reach = goroutines.PackageReach(ctx.root, ctx.data, ctx.path, ctx.package)
        if reach.lives_with_process(mk.call):
            return None
        chan = name.decode("utf-8", "replace")
        message = (
            f"a goroutine per element of `{cname}` sends once on unbuffered channel `{chan}`, but the function"
            f" receives once: every sender but the first blocks forever (goroutine leak)"
        )
        if mk.zero is not None:
            edit = Edit(mk.zero.start_byte, mk.zero.end_byte, f"len({cname})".encode())
        else:
            edit = Edit(mk.chan_type.end_byte, mk.chan_type.end_byte, f", len({cname})".encode())
        edits, title = (edit,), f"buffer the channel (capacity len({cname})) so every send completes"
        if f"len({cname})".encode() not in ctx.btext(func):
            # nothing tests for an empty collection: then no goroutine sends at all
            message += f"; with `{cname}` empty nobody sends and the receive waits forever"
            # a receive whose value nobody uses (a wait for the first sender) waits only then
            guard = statement_edits.guarded(ctx.source, recv, f"len({cname}) > 0".encode()) if recv.type == "expression_statement" else None
            if guard is not None:
                edits, title = (edit, guard), f"{title}, and receive only when `{cname}` is not empty"
        return self.finding(mk.call, message, Fix(title, edits, Applicability.SAFE), preview=True)

    @staticmethod
    def _plain_receive(o: Node, func: Node) -> Node | None:
        """The statement that receives from ``o`` (``<-ch``, ``v := <-ch``, ``v, ok = <-ch``,
        ``return <-ch``) in ``func`` itself, or None for any other use."""
        u = o.parent
        while u is not None and u.type == "parenthesized_expression":
            u = u.parent
        if syntax.receive_operand(u) is None:
            return None
        stmt = u.parent
        if stmt is not None and stmt.type == "expression_list":
            stmt = stmt.parent
            if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement", "return_statement"):
                return None
        elif stmt is None or stmt.type != "expression_statement":
            return None
        return stmt if syntax.enclosing_function(stmt) == func else None

    @staticmethod
    def _always_sends(ctx: FileContext, sender: _Sender, name: bytes, paired: list[bytes]) -> bool:
        """Does every path through the sending goroutine send on the channel (or on a channel
        it sends on instead, or close that one)? A goroutine that may end without sending reports
        only some outcomes, an error say, and the select's other case is the usual one."""
        if sender.body is None or sender.body.parent is None:
            return False
        data = ctx.data
        names = {sender.chan} | set(paired)

        def ours(n: Node) -> bool:
            if n.type == "send_statement":
                ch = syntax.unparen(n.child_by_field_name("channel"))
                return ch is not None and ch.type == "identifier" and data[ch.start_byte : ch.end_byte] in names
            return n.type == "expression_statement" and channels.closed_name(n, data) in names

        def sends(n: Node) -> bool:
            if n.type in ("for_statement", "select_statement"):
                # a loop or select that sends is taken to send: its conditions are not evaluated,
                # and "skips the loop" is not the outcome-only report this looks for
                return any(ours(x) for x in syntax.walk_same_function(n))
            return ours(n)

        never = lambda n: False  # noqa: E731
        ends = lambda n: flow.no_return_statement(n, data, ctx.imports)  # noqa: E731
        exits = flow.ReleasePaths(data, sender.body.parent, sends, never, ends).exits(syntax.statements(sender.body))
        return not exits

    def _sent_instead(self, ctx: FileContext, func: Node, case: Node, sender: _Sender) -> bytes | None:
        """The channel the select case receives from, when the one sending goroutine (a literal)
        sends on it or closes it instead of sending on this one (see
        :func:`gofixer.analysis.channels.sends_instead`)."""
        operand = syntax.unparen(case_receive_operand(case.child_by_field_name("communication")))
        if not sender.literal or sender.body is None or sender.body.parent is None:
            return None
        if operand is None or operand.type != "identifier":
            return None
        other = ctx.data[operand.start_byte : operand.end_byte]
        if channels.sends_instead(func, sender.body.parent, sender.chan, other, ctx.data, ctx.imports):
            return other
        return None

    def _fix(self, mk: UnbufferedMake) -> Fix:
        if mk.zero is not None:
            edit = Edit(mk.zero.start_byte, mk.zero.end_byte, b"1")
        else:
            edit = Edit(mk.chan_type.end_byte, mk.chan_type.end_byte, b", 1")
        return Fix("buffer the channel (capacity 1) so the send never blocks", (edit,), Applicability.SAFE)

    # the goroutines

    def _sender(
        self,
        ctx: FileContext,
        decls: goroutines.FileFunctions,
        func: Node,
        g: Node,
        name: bytes,
        occurrences: list[Node],
        accounted: set,
    ) -> _Sender | None | bool:
        """What goroutine ``g`` does with the channel: None when it does not touch it, False when
        it is beyond this analysis (the whole finding is then dropped)."""
        data = ctx.data
        call = goroutines.go_call(g)
        if call is None:
            return None
        fn = goroutines.started(g)
        args = _named(call.child_by_field_name("arguments"))
        passed = [i for i, a in enumerate(args) if a.type == "identifier" and data[a.start_byte : a.end_byte] == name]
        if fn is not None and fn.type == "func_literal":
            target, body_owner = fn, fn
            if passed:
                if len(passed) != 1:
                    return False
                params = syntax.positional_parameters(fn, data)
                if params is None or passed[0] >= len(params) or params[passed[0]][0] is None:
                    return False
                pname, pnode = params[passed[0]]
                chan = pname.encode()
                accounted.add(_key(args[passed[0]]))
                if chan == name and pnode is not None:
                    accounted.add(_key(pnode))
            else:
                if not any(_inside(o, fn) for o in occurrences):
                    return None
                chan = name
        elif fn is not None and fn.type == "identifier" and passed:
            if len(passed) != 1:
                return False
            target = decls.function(ctx.btext(fn), g)
            if target is None:
                return False
            params = syntax.positional_parameters(target, data)
            if params is None or passed[0] >= len(params) or params[passed[0]][0] in (None, "_"):
                return False
            chan = params[passed[0]][0].encode()
            accounted.add(_key(args[passed[0]]))
            body_owner = target
        else:
            return None
        body = target.child_by_field_name("body")
        if body is None:
            return False
        sends = []
        for n in syntax.walk(body):
            if n.type != "identifier" or data[n.start_byte : n.end_byte] != chan:
                continue
            p = n.parent
            if (
                p is None
                or p.type != "send_statement"
                or p.child_by_field_name("channel") != n
                or syntax.enclosing_function(n) != body_owner
            ):
                return False  # closed, received, passed on, sent from a nested closure...
            sends.append(p)
            if body_owner == fn:
                accounted.add(_key(n))
        if not sends:
            return False
        counted = channels.sends_per_path(body, data, chan, sends, ctx.imports)
        if counted is None or counted[0] == 0:
            return False
        return _Sender(*counted, body=body, chan=chan, literal=body_owner == fn)

    # the receiver

    def _receiver(
        self, func: Node, name: bytes, occurrences: list[Node], accounted: set, data: bytes
    ) -> tuple[Node | None, Node | None, list[Node]]:
        """The one select of ``func`` that receives from the channel, that case, and the select's
        other receiving cases."""
        found = []
        for o in occurrences:
            if _key(o) in accounted:
                continue
            case = o.parent
            while case is not None and case.type in _RECEIVE_WRAPPERS:
                case = case.parent
            if case is None or case.type != "communication_case":
                continue
            operand = syntax.unparen(case_receive_operand(case.child_by_field_name("communication")))
            if operand is None or _key(operand) != _key(o):
                continue
            select = case.parent
            if select is None or select.type != "select_statement" or syntax.enclosing_function(select) != func:
                continue
            found.append((o, case, select))
        if len(found) != 1:
            return None, None, []
        o, case, select = found[0]
        accounted.add(_key(o))
        others = [
            c
            for c in select.named_children
            if c.type == "communication_case" and c != case and case_receive_operand(c.child_by_field_name("communication"))
        ]
        return select, case, others

    def _leaves(self, case: Node, loop: Node, func: Node, ctx: FileContext) -> bool:
        """Can the body of select case ``case`` leave ``loop`` (return, panic, break/continue to a
        label outside it, goto out of it)?"""
        data = ctx.data
        for stmt in syntax.statements(case):
            for n in syntax.walk_same_function(stmt):
                if n.type == "return_statement":
                    return True
                if n.type == "expression_statement" and flow.no_return_call(n, data, ctx.imports):
                    return True
                if n.type not in ("break_statement", "continue_statement", "goto_statement"):
                    continue
                label = _label_of(n, data)
                if label is None:
                    continue
                target = self._labeled(func, label, data)
                if target is None:
                    continue
                if n.type == "goto_statement":
                    if not _inside(target, loop):
                        return True
                elif n.type == "break_statement":
                    if _inside(loop, target):
                        return True
                elif _inside(loop, target) and _key(target) != _key(loop):
                    inner = [x for x in _named(target) if x.type != "label_name"]
                    if not inner or _key(inner[0]) != _key(loop):
                        return True
        return False

    @staticmethod
    def _labeled(func: Node, label: str, data: bytes) -> Node | None:
        for n in syntax.walk_same_function(func):
            if n.type == "labeled_statement" and _label_of(n, data) == label:
                return n
        return None

    @staticmethod
    def _case_text(case: Node, data: bytes) -> str:
        comm = case.child_by_field_name("communication")
        operand = case_receive_operand(comm)
        if operand is None:
            return "other"
        text = data[operand.start_byte : operand.end_byte]
        if len(text) > 40 or b"\n" in text:
            return "other"
        return "`<-" + text.decode("utf-8", "replace") + "`"
