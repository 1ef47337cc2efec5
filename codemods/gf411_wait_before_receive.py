"""GF411 wait-before-receive: ``wg.Wait()`` before the receives the counted goroutines' sends need.

What it finds
    A function that makes an unbuffered channel (``make(chan T)``), starts goroutines (function
    literals) that send on it and call ``W.Done()`` (deferred or after the send), and calls
    ``W.Wait()`` before it receives from the channel: every receive of the channel is in the
    function itself, after the ``Wait`` (``for r := range results``, ``<-ch``), and nothing else
    uses it but a ``close``. The finding is on the ``Wait``.

    Not reported: a channel with a buffer, one received by another goroutine (a collector
    started before the ``Wait``), passed on, stored or returned; goroutines that are not function
    literals (what they do is not followed); a ``Wait`` in another function or goroutine.

    A preview rule: its shape has not been measured on enough real code yet (see
    docs/precision.md).

Why it is bad
    A send on an unbuffered channel waits for a receiver, and the only receiver waits in
    ``W.Wait()`` for the goroutines to call ``Done``, which they do only after their send. Each
    waits for the other: the goroutines and the function block forever (a deadlock; the whole
    program stops when no other goroutine runs, else it leaks all of them).

Example
    results := make(chan result)
    for _, u := range urls {
        wg.Add(1)
        go func() {
            defer wg.Done()
            results <- fetch(u)
        }()
    }
    wg.Wait()
    close(results)
    for r := range results {
        …
    }

Fixed
    results := make(chan result, len(urls))

Fix safety
    Safe when a buffer can hold every send: each goroutine sends at most once on every path,
    and the number of goroutines is known — ``go`` statements outside loops (a buffer of their
    number), or one ``go`` in a ``for … range s`` over a slice, array or map that does not
    change before the ``Wait`` (``len(s)``). Every send then completes, ``Done`` runs, ``Wait``
    returns and the receives read what the goroutines sent, as they were meant to. Otherwise
    reported without a fix; and without one when the code right after a send or after the
    ``Wait`` panics unconditionally (it was written never to get there: unblocking it would
    crash the program instead).
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import channels, counterparts, flow, prefilter, syntax, waitgroups
from gofixer.analysis.channels import MANY, UnbufferedMake
from gofixer.analysis.types import ranged_collection
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule


class WaitBeforeReceive(Rule):
    code = "GF411"
    name = "wait-before-receive"
    summary = "wg.Wait() before receiving from the unbuffered channel its goroutines send on first: a deadlock"
    fix_class = FixClass.SAFE
    tier = "preview"
    needs = prefilter.contains(b".Wait()", b"Done()", b"<-", b"make", b"chan") & prefilter.go_statement

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        for call in channels.channel_makes(ctx.root, data):
            mk = channels.unbuffered_make(call, data)
            site = channels.assigned_name(call, data) if mk is not None else None
            func = syntax.enclosing_function(call)
            if mk is None or site is None or site[1] != "define" or func is None:
                continue
            finding = self._analyse(ctx, func, mk, data[site[0].start_byte : site[0].end_byte], site[0])
            if finding is not None:
                yield finding

    def _analyse(self, ctx: FileContext, func: Node, mk: UnbufferedMake, name: bytes, decl: Node) -> Finding | None:
        data = ctx.data
        senders: list[tuple[Node, Node]] = []  # (go statement, literal)
        receives: list[Node] = []
        for ref in syntax.walk(func):
            if ref.type != "identifier" or data[ref.start_byte : ref.end_byte] != name or ref.id == decl.id:
                continue
            owner = syntax.enclosing_function(ref)
            p = syntax.unparen(ref.parent) if ref.parent is not None else None
            if owner is not None and owner.id != func.id:
                go = owner.parent.parent if owner.parent is not None and owner.parent.parent is not None else None
                sends = ref.parent is not None and ref.parent.type == "send_statement" and ref.parent.child_by_field_name("channel") == ref
                if sends and counterparts.select_of(ref.parent) is not None:
                    return None  # a send in a select may give up
                if not sends or go is None or go.type != "go_statement" or syntax.enclosing_function(go) != func:
                    return None  # received, closed or passed on in a closure or goroutine
                if not any(g.id == go.id for g, _ in senders):
                    senders.append((go, owner))
                continue
            if ref.parent is not None and ref.parent.type == "unary_expression" and data[ref.parent.start_byte : ref.parent.start_byte + 2] == b"<-":
                receives.append(ref)
            elif ref.parent is not None and ref.parent.type == "range_clause" and ref.parent.child_by_field_name("right") == ref:
                receives.append(ref)
            elif p is not None and p.type == "argument_list" and channels.close_argument(p.parent, data) is not None:
                continue
            else:
                return None  # sent on here, passed on, stored, returned…
        if not senders or not receives:
            return None
        waits = self._wait(ctx, func, senders, receives)
        if waits is None:
            return None
        wait, w = waits
        chan, wg = name.decode("utf-8", "replace"), w.decode("utf-8", "replace")
        line = ctx.source.position(receives[0].start_byte).line
        message = (
            f"`{wg}.Wait()` waits for goroutines that first send on unbuffered channel `{chan}`, which this function"
            f" receives from only after the Wait (line {line}): the sends block, Done never runs, and Wait never"
            " returns (deadlock)"
        )
        fix, why_not = self._fix(ctx, func, mk, name, senders, wait)
        if why_not:
            message += f"; no fix: {why_not}"
        return self.finding(wait, message, fix)

    @staticmethod
    def _wait(ctx: FileContext, func: Node, senders: list[tuple[Node, Node]], receives: list[Node]) -> tuple[Node, bytes] | None:
        """The ``W.Wait()`` statement of ``func`` itself after every ``go`` and before every
        receive, ``W`` the WaitGroup each sending goroutine calls ``Done`` on."""
        data = ctx.data
        for call in syntax.walk(func):
            if call.type != "call_expression" or syntax.enclosing_function(call) != func:
                continue
            fn = call.child_by_field_name("function")
            if fn is None or fn.type != "selector_expression" or ctx.text(fn.child_by_field_name("field")) != "Wait":
                continue
            w = waitgroups.receiver_text(call, data)
            stmt = call.parent
            if w is None or stmt is None or stmt.type != "expression_statement":
                continue
            if any(g.start_byte > stmt.start_byte for g, _ in senders) or any(r.start_byte < stmt.end_byte for r in receives):
                continue
            if all(waitgroups.counted_by(g, w, data) and _done_after_send(lit, w, data) for g, lit in senders):
                return call, w
        return None

    @staticmethod
    def _fix(
        ctx: FileContext, func: Node, mk: UnbufferedMake, name: bytes, senders: list[tuple[Node, Node]], wait: Node
    ) -> tuple[Fix | None, str]:
        data = ctx.data
        for _go, lit in senders:
            body = lit.child_by_field_name("body")
            sends = [
                n
                for n in syntax.walk_same_function(body)
                if n.type == "send_statement" and channels.channel_key(n.child_by_field_name("channel"), data) == name
            ]
            counted = channels.sends_per_path(body, data, name, sends, ctx.imports) if sends else None
            if counted is None or counted[0] >= MANY:
                return None, "a goroutine may send more than once, so no buffer is sure to hold every send"
            if _panics_after(body, sends[0].end_byte, data, ctx.imports):
                return None, "the goroutine panics unconditionally after its send (it expects never to get there)"
        if _panics_after(func.child_by_field_name("body"), wait.end_byte, data, ctx.imports):
            return None, "the function panics unconditionally after the Wait (it expects never to get there)"
        loops = {lp.id: lp for go, _ in senders for lp in flow.enclosing_loops(go, func) if not syntax.inside(mk.call, lp)}
        if not loops:
            size = str(len(senders))
        else:
            size = _range_length(ctx, func, list(loops.values()), senders, wait)
            if size is None:
                return None, "the goroutines are started in a loop whose number of rounds is not known"
        if mk.zero is not None:
            edit = Edit(mk.zero.start_byte, mk.zero.end_byte, size.encode())
        else:
            edit = Edit(mk.chan_type.end_byte, mk.chan_type.end_byte, b", " + size.encode())
        return Fix(f"buffer the channel (capacity {size}) so every send completes before the Wait", (edit,), Applicability.SAFE), ""


def _done_after_send(lit: Node, w: bytes, data: bytes) -> bool:
    """Does the goroutine call ``W.Done()`` only after its first send (deferred, or written
    after it)? A ``Done`` before the send (a "started" signal) lets the Wait return first."""
    u = waitgroups.usage(lit, w, data)
    sends = [n for n in syntax.walk_same_function(lit.child_by_field_name("body")) if n.type == "send_statement"]
    if not u.ok or not sends:
        return False
    first = min(n.start_byte for n in sends)
    return all(d.start_byte > first for d in u.dones)


def _panics_after(body: Node | None, at: int, data: bytes, imports: dict[str, str]) -> bool:
    """A ``panic(…)`` (or another call that ends the path) as a statement of the block itself
    (not in a branch) after offset ``at``."""
    return any(s.start_byte >= at and flow.no_return_statement(s, data, imports) for s in syntax.statements(body))


def _range_length(ctx: FileContext, func: Node, loops: list[Node], senders: list[tuple[Node, Node]], wait: Node) -> str | None:
    """``len(s)`` when one ``go`` runs in one ``for … range s`` over a slice, array or map
    variable that nothing assigns between the loop and the Wait."""
    if len(loops) != 1 or len(senders) != 1:
        return None
    loop = loops[0]
    if any(len(flow.enclosing_loops(g, func)) != 1 for g, _ in senders):
        return None
    coll = ranged_collection(ctx.model, ctx.index, loop)
    if coll is None:
        return None
    name = ctx.btext(coll)
    if syntax.assigned_between(func, name, loop.start_byte, wait.start_byte, ctx.data):
        return None
    return f"len({name.decode('utf-8', 'replace')})"
