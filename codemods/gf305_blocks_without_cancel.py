"""GF305 blocks-without-cancel: a channel send or receive that waits without the cancel signal at hand.

What it finds
    A statement that waits on one channel (``ch <- v``, ``<-ch``, ``v = <-ch``, ``v := <-ch``)
    where the code around it knows a way to stop and does not wait on it there:

    - it polls the signal and then blocks regardless: ``select { case <-stop: return; default:
      ch <- v }``, or a ``select`` with an empty ``default`` right before the operation;
    - the same function waits on the signal in a ``select`` elsewhere (``case <-ctx.Done():
      return``, ``case <-s.quit: return``), but not here;
    - a send on a field channel whose receiving loop (a method of the same type) closes a done
      channel when it exits: once it has, this send waits forever, and ``<-x.done`` would say so;
    - inside a loop, in a function (or a goroutine started in one) that was given a context and
      never looks at it (no ``ctx.Done()``, no ``ctx.Err()``).

    Receives that watch for a close (``v, ok := <-ch``, ``range ch``) are how a loop ends and are
    not reported, nor is code in ``main.main`` or ``init`` (it lives as long as the process).

Why it is bad
    A goroutine blocked on a channel can only be woken by the channel. When the other side has
    stopped (the consumer returned on ``ctx.Done()``, the server loop exited on ``stop``) the
    send or receive waits forever: the goroutine leaks, with everything it holds. The signal
    that would have ended the wait was in reach, and the code even looked at it.

Example
    func (w *Worker) pump(ctx context.Context, items []Item) {
        for _, it := range items {
            w.out <- it
        }
    }

    for {
        select {
        case <-quit:
            return
        default:
            events <- poll()
        }
    }

Fixed
    func (w *Worker) pump(ctx context.Context, items []Item) {
        for _, it := range items {
            select {
            case w.out <- it:
            case <-ctx.Done():
                return
            }
        }
    }

    for {
        select {
        case <-quit:
            return
        case events <- poll():
        }
    }

Fix safety
    Unsafe: the operation becomes a case of a ``select`` that also waits on the signal and
    leaves the function when it fires (``return`` with the zero values of the results), or, where
    the code polls the signal in a ``select`` with ``default``, the operation takes the place of
    the ``default``. Either way the goroutine now stops where it used to wait forever, and what
    it would have done after the operation is skipped; when both are ready the choice between
    them is random. No fix when the results' zero values cannot be written, when ``v := <-ch``
    declares a name the code after it uses, or when the operation spans several lines.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import cancel_signals, channels, contexts_at_hand, flow, goroutines, lexical, prefilter, statement_edits, syntax
from gofixer.analysis.cancel_signals import Blocking, Poll
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule


class BlocksWithoutCancel(Rule):
    code = "GF305"
    name = "blocks-without-cancel"
    summary = "a channel send or receive that waits without the cancel signal the code has at hand"
    fix_class = FixClass.UNSAFE
    tier = "preview"
    # A finding is a send or a receive (`<-`) in a function of the file; the signal is polled in
    # a select, waited on in one, or a context the function was given (`Context` spelled).
    needs = prefilter.contains(b"<-") & (prefilter.contains(b"select") | prefilter.contains(b"Context"))

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if b"<-" not in data:
            return
        model = None
        reach = goroutines.PackageReach(ctx.root, data, ctx.path, ctx.package)
        for func in lexical.functions(ctx.root, data):
            ops = cancel_signals.blocking_statements(func)
            if not ops or reach.lives_with_process(func):
                continue
            for b in ops:
                if b.kind == "send" and channels.done_like(b.channel, data):
                    continue  # a completion signal (`done <- err`): its waiter is who asked for it
                if cancel_signals.waits_for_completion(b, data) or cancel_signals.room_for_it(b, func, data):
                    continue  # waits for something to finish, or has room in a buffer made beside it
                poll = cancel_signals.polled_then_ignored(b, data)
                if poll is not None:
                    yield self._polled(ctx, b, poll)
                    continue
                if cancel_signals.reply_channel(b, data) or cancel_signals.after_a_signal(b, func, data):
                    continue  # a reply to a requester who waits for it, or cleanup once a signal fired
                if model is None:
                    model = ctx.model
                found = self._signal(ctx, func, b)
                if found is not None:
                    yield self._wrapped(ctx, func, b, *found)

    # -- what the operation could wait on ----------------------------------------------------------

    def _signal(self, ctx: FileContext, func: Node, b: Blocking) -> tuple[str, str, str | None] | None:
        """(what to receive from, the message, how the fix leaves: a return statement, or None
        for no fix) for an operation with a signal at hand."""
        model, f = ctx.model, ctx.index
        what = self._what(ctx, b)
        if b"select" in ctx.data[func.start_byte : func.end_byte]:
            got = cancel_signals.waits_elsewhere(model, f, func, b)
            if got is not None:
                signal, case, expr = got
                line = ctx.source.position(case.start_byte).line
                message = (
                    f"{what} waits without {signal}, which this function waits on at line {line}: once "
                    f"{signal} fires while it blocks here, nothing ends the wait"
                )
                ret = cancel_signals.case_return(model, f, case, func)
                if ret == "":
                    ret = cancel_signals.return_statement(model, f, func, self._err_of(ctx, expr))
                elif ret is None:
                    message += f"; no fix: the case at line {line} does more than return"
                return signal, message, ret
        closes = cancel_signals.closed_on_exit(model, f, b)
        if closes is not None and not cancel_signals.buffered_field(model, f, b):
            done, method = closes
            message = (
                f"{what} waits without <-{done}: the loop that receives it ({method}) closes {done} when it "
                "exits, and after that this send blocks forever"
            )
            return done, message, cancel_signals.return_statement(model, f, func)
        if flow.enclosing_loops(b.stmt, func) and b"Context" in ctx.data:
            hand = [h for h in contexts_at_hand.at_hand(model, f, b.stmt) if not h.request]
            if len(hand) == 1 and hand[0].binding.kind == "param":
                c = hand[0]
                if not self._looks_at(ctx, func, c.name):
                    message = (
                        f"{what} in a loop waits without {c.name}.Done(): the function was given {c.name} but "
                        f"never looks at it, so once {c.name} is cancelled and the other side stops, this "
                        "goroutine blocks forever"
                    )
                    return f"{c.name}.Done()", message, cancel_signals.return_statement(model, f, func, f"{c.name}.Err()")
        return None

    @staticmethod
    def _err_of(ctx: FileContext, signal: Node) -> str | None:
        """``ctx.Err()`` for a signal ``ctx.Done()``: what a function returns when it stops on it."""
        signal = syntax.unparen(signal)
        if signal is None or signal.type != "call_expression":
            return None
        fn = syntax.unparen(signal.child_by_field_name("function"))
        op = fn.child_by_field_name("operand") if fn is not None and fn.type == "selector_expression" else None
        return None if op is None else f"{ctx.text(op)}.Err()"

    @staticmethod
    def _looks_at(ctx: FileContext, func: Node, name: str) -> bool:
        """Does ``func`` itself (not a goroutine or literal inside it: each waits on its own)
        call ``name.Done()`` or ``name.Err()``?"""
        return any(ctx.text(op) == name for _call, op in cancel_signals.done_calls(func, ctx.data) if op is not None)

    @staticmethod
    def _what(ctx: FileContext, b: Blocking) -> str:
        ch = ctx.text(b.channel)
        return f"the send on {ch}" if b.kind == "send" else f"the receive from {ch}"

    # -- findings and fixes ---------------------------------------------------------------------

    def _polled(self, ctx: FileContext, b: Blocking, poll: Poll) -> Finding:
        signal = ctx.text(poll.signal)
        line = ctx.source.position(poll.select.start_byte).line
        what = self._what(ctx, b)
        message = (
            f"{what} waits without {signal}: the select at line {line} checks {signal}, then this "
            f"{b.kind} blocks whatever {signal} does; make it a case of that select"
        )
        fix, why = self._into_select(ctx, b, poll)
        if fix is None:
            message += f"; no fix: {why}"
        return self.finding(b.stmt, message, fix)

    def _into_select(self, ctx: FileContext, b: Blocking, poll: Poll) -> tuple[Fix | None, str]:
        src = ctx.source
        stmt = b.stmt
        text = ctx.btext(stmt)
        if b"\n" in text or not statement_edits.starts_line(src, stmt.start_byte):
            return None, "the statement does not stand alone on one line"
        if not poll.in_default and b.defines:
            return None, "the received value is declared here, and a select case would scope it to itself"
        if self._receives_value(b):
            return None, "the value sent is itself received from a channel, which a select case would wait on first"
        keyword = poll.default.child(0)
        colon = poll.default.child(1)
        delete = statement_edits.delete_statement(src, stmt)
        if keyword is None or colon is None or colon.type != ":" or delete is None:
            return None, "the statement shares its line with other code"
        edits = [Edit(keyword.start_byte, colon.end_byte, b"case " + text + b":"), delete]
        edits.sort(key=lambda e: (e.start, e.end))
        if any(a.end > c.start for a, c in zip(edits, edits[1:])):
            return None, "the statement shares its line with other code"
        fix = Fix(
            f"wait on {ctx.text(poll.signal)} and the {b.kind} together: the {b.kind} becomes a case of the select",
            tuple(edits),
            Applicability.UNSAFE,
        )
        return fix, ""

    @staticmethod
    def _receives_value(b: Blocking) -> bool:
        """A send whose value waits on a channel itself (``out <- <-in``): as a select case, that
        receive would run, and block, before the select waits on anything."""
        value = b.stmt.child_by_field_name("value") if b.kind == "send" else None
        return value is not None and any(
            syntax.receive_operand(n) is not None for n in syntax.walk_same_function(value) if n.type == "unary_expression"
        )

    def _wrapped(self, ctx: FileContext, func: Node, b: Blocking, signal: str, message: str, ret: str | None) -> Finding:
        if "; no fix:" in message:
            return self.finding(b.stmt, message)
        fix, why = self._wrap_fix(ctx, b, signal, ret)
        if fix is None:
            message += f"; no fix: {why}"
        return self.finding(b.stmt, message, fix)

    def _wrap_fix(self, ctx: FileContext, b: Blocking, signal: str, ret: str | None) -> tuple[Fix | None, str]:
        src = ctx.source
        stmt = b.stmt
        if b.defines:
            return None, "the received value is declared here, and a select case would scope it to itself"
        if self._receives_value(b):
            return None, "the value sent is itself received from a channel, which a select case would wait on first"
        problem = statement_edits.one_line_problem(src, stmt)
        if problem is not None:
            return None, problem
        if ret is None:
            return None, "the zero values of the function's results cannot be written here"
        edit = statement_edits.wrap_in_select(src, stmt, [b"case <-" + signal.encode() + b":", b"\t" + ret.encode()])
        return Fix(f"wait on {signal} as well, and return when it fires", (edit,), Applicability.UNSAFE), ""
