"""GF206 error-send-falls-through: an error branch sends on a channel and goes on to the next send.

What it finds
    ``if err != nil { …; ch <- v }`` (no ``else``; the send the branch's last statement) followed,
    in the same block, by another send on the same channel ``ch <- w``, with nothing between the
    two that leaves the function: the ``return`` after the error's send is missing, so the error
    path sends twice. ``err`` is a value of type ``error`` (or, where the model cannot type it, a
    name that says so: ``err``, ``…Err``). The channel is the same variable or field (``ch``,
    ``s.results``), not assigned between. Not reported inside a loop of the function (a stream
    that sends an item per round), when the function closes the channel (``defer close(ch)``:
    a stream its receiver reads to the end, where an error and then more values is the
    protocol), or when a receive, a function literal or a call that ends the path stands
    between the two sends.

    A preview rule: the shape is the bug of GoBench's double send in Go's leak corpus, but the
    real-code corpus holds too few of it (one in 3.9 million lines, see docs/precision.md) to
    measure its precision.

Why it is bad
    A goroutine that reports one outcome per call (a result or an error) is read once: its
    caller takes the error and goes on. The second send then waits for a receiver that never
    comes: the goroutine blocks forever with everything it holds (a goroutine leak), or, with a
    buffered channel, its stale second value is read by the next call.

Example
    func fetch(url string, out chan<- result) {
        body, err := get(url)
        if err != nil {
            out <- result{err: err}
        }
        out <- result{body: body}
    }

Fixed
    func fetch(url string, out chan<- result) {
        body, err := get(url)
        if err != nil {
            out <- result{err: err}
            return
        }
        out <- result{body: body}
    }

Fix safety
    Unsafe: a ``return`` after the error's send, which guesses that the error path was meant to
    end there (the code after the branch no longer runs for an error, its deferred calls still
    do). Offered when the function has no results (a bare ``return`` compiles) and the send
    stands on its own line; otherwise reported without a fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import channels, errcheck, flow, prefilter, stdlib, syntax
from gofixer.analysis.statement_edits import statement_line_after
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

# statements that may stand between the two sends: they run and go on
_SIMPLE = frozenset({
    "expression_statement", "assignment_statement", "short_var_declaration", "var_declaration",
    "inc_statement", "dec_statement", "comment",
})  # fmt: skip


class ErrorSendFallsThrough(Rule):
    code = "GF206"
    name = "error-send-falls-through"
    summary = "an error branch sends on a channel and falls through to another send on it: the second one blocks forever"
    fix_class = FixClass.UNSAFE
    tier = "preview"
    needs = prefilter.contains(b"<-", b"!= nil")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        for ifs in syntax.walk(ctx.root):
            if ifs.type != "if_statement" or ifs.child_by_field_name("alternative") is not None:
                continue
            if not self._error_test(ctx, ifs.child_by_field_name("condition")):
                continue
            stmts = syntax.statements(ifs.child_by_field_name("consequence"))
            first = stmts[-1] if stmts else None
            if first is None or first.type != "send_statement":
                continue
            key = channels.channel_key(first.child_by_field_name("channel"), data)
            fn = syntax.enclosing_function(ifs)
            if key is None or fn is None or flow.enclosing_loops(ifs, fn):
                continue
            second = self._next_send(ctx, ifs, key)
            if second is None or self._closes(ctx, fn, key):
                continue
            chan = key.decode("utf-8", "replace")
            line = ctx.source.position(second.start_byte).line
            message = (
                f"the error branch sends on `{chan}` and falls through to the send at line {line}: a receiver that"
                " takes one value per call leaves that second send blocked forever (a `return` is missing?)"
            )
            yield self.finding(first, message, self._fix(ctx, fn, first))

    @staticmethod
    def _error_test(ctx: FileContext, cond: Node | None) -> bool:
        """``x != nil`` (either way round) with ``x`` an error."""
        cond = syntax.unparen(cond)
        if cond is None or cond.type != "binary_expression" or ctx.text(cond.child_by_field_name("operator")) != "!=":
            return False
        left, right = (syntax.unparen(cond.child_by_field_name(s)) for s in ("left", "right"))
        if left is None or right is None:
            return False
        if errcheck.is_nil(left):
            left, right = right, left
        if not errcheck.is_nil(right) or left.type not in ("identifier", "selector_expression"):
            return False
        t = ctx.model.typeof(ctx.index, left)
        if t is not None:
            return t == stdlib.ERROR
        name = ctx.text(left).rsplit(".", 1)[-1]
        return name == "err" or name.endswith("Err")

    @staticmethod
    def _next_send(ctx: FileContext, ifs: Node, key: bytes) -> Node | None:
        """The send on the same channel the path reaches after the ``if`` in its block, with
        only simple statements that go on (no call that ends the path, no assignment to the
        channel's variable) between."""
        data = ctx.data
        root = key.split(b".", 1)[0]
        nxt = ifs.next_named_sibling
        while nxt is not None:
            if nxt.type == "send_statement":
                if channels.channel_key(nxt.child_by_field_name("channel"), data) == key:
                    return nxt
                return None  # another channel first: a protocol of several channels
            if nxt.type not in _SIMPLE or flow.no_return_statement(nxt, data, ctx.imports):
                return None
            if any(n.type in syntax.FUNC_TYPES or n.type == "unary_expression" and ctx.text(n).startswith("<-") for n in syntax.walk(nxt)):
                return None  # a receive between: the caller may take both
            if nxt.type in ("assignment_statement", "short_var_declaration") and any(
                i.type == "identifier" and data[i.start_byte : i.end_byte] == root
                for i in syntax.named(nxt.child_by_field_name("left"))
            ):
                return None
            nxt = nxt.next_named_sibling
        return None

    @staticmethod
    def _closes(ctx: FileContext, fn: Node, key: bytes) -> bool:
        """Does the function close the channel (``defer close(ch)``)? Then it is a stream its
        receiver reads to the end, and an error followed by more values is its protocol."""
        return any(
            channels.channel_key(channels.close_argument(c.parent, ctx.data), ctx.data) == key
            for c in channels.close_calls(fn, ctx.data)
            if syntax.inside(c, fn)
        )

    @staticmethod
    def _fix(ctx: FileContext, fn: Node, send: Node) -> Fix | None:
        if fn.child_by_field_name("result") is not None:
            return None
        edit = statement_line_after(ctx.source, send, b"return")
        if edit is None:
            return None
        return Fix(
            "return after the error's send (unsafe: it guesses the error path was meant to end there)",
            (edit,),
            Applicability.UNSAFE,
        )
