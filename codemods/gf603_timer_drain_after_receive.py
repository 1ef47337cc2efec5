"""GF603 timer-drain-after-receive: ``if !t.Stop() { <-t.C }`` in a select loop that also receives from ``t.C``: the drain blocks forever.

What it finds
    The drain idiom ``if !t.Stop() { <-t.C }`` inside a ``for`` loop whose ``select`` has a case
    that receives from the same timer's channel (``case <-t.C:``, ``case v := <-t.C:``) and then
    goes on round the loop: a drain later in that case, or one in another case of that select
    or after the select, when the receiving case's statements can finish (not a ``return``,
    ``break``, ``t.Fatal``, ``panic`` at their end) and nothing in the loop re-arms the timer
    (``t.Reset``) on the way to the drain (a ``Reset`` after the drain in its own block does
    not). The timer is spelled the same at both places (``t``, ``s.timer``) and is not assigned
    in the loop. The finding is on the ``if``.

Why it is bad
    Once the case has received the timer's value and not re-armed it, the timer has expired:
    ``t.Stop()`` returns false, and the drain waits on ``t.C`` for a value that was already
    taken. The goroutine blocks forever (and whatever sends to its loop blocks with it). From
    Go 1.23 (a go.mod saying ``go 1.23`` or later), ``Stop`` and ``Reset`` discard any value not
    yet received, so the drain is never needed: after ``Stop`` a receive from ``t.C`` can only
    block.

Example
    for {
        select {
        case <-t.C:
            flush()
        case <-poke:
            if !t.Stop() {
                <-t.C
            }
            t.Reset(interval)
        }
    }

Fixed
    for {
        select {
        case <-t.C:
            flush()
        case <-poke:
            t.Stop()
            t.Reset(interval)
        }
    }

Fix safety
    Safe, from Go 1.23: ``Stop`` there guarantees that no stale value is received after it
    returns, so the removed receive could only have blocked or been skipped. Below Go 1.23
    (or when the version is not known) reported without a fix: a value the timer sent but
    nobody received does sit in the channel there, and dropping the drain would let the next
    ``Reset`` fire at once; the case that receives must record it (a flag the drain tests) or
    the drain must not block (``select`` with ``default``). No fix either when the ``if`` block
    holds a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import channels, flow, prefilter, syntax, timers
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

# ``if !t.Stop() {`` as gofmt lays it out (the tree confirms the rest)
_DRAIN = re.compile(rb"if[ \t]*![ \t]*[\w.]+\.Stop\(\)[ \t]*\{")


class TimerDrainAfterReceive(Rule):
    code = "GF603"
    name = "timer-drain-after-receive"
    summary = "a timer drain `if !t.Stop() { <-t.C }` after the loop's select received t.C blocks forever"
    fix_class = FixClass.SAFE
    tier = "preview"
    needs = prefilter.contains(b".Stop()", b".C", b"select") & prefilter.matches(_DRAIN)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        for m in _DRAIN.finditer(data):
            tok = ctx.root.descendant_for_byte_range(m.start(), m.start() + 2)
            stmt = tok.parent if tok is not None and tok.type == "if" else None
            if stmt is None or stmt.type != "if_statement":
                continue
            timer = _drained_timer(stmt, data)
            if timer is None:
                continue
            receive = self._receiving_case(ctx, stmt, timer)
            if receive is None:
                continue
            line = ctx.source.position(receive.start_byte).line
            shown = timer.decode("utf-8", "replace")
            msg = (
                f"this drain blocks forever once the case at line {line} has received from {shown}.C: "
                f"{shown}.Stop() then returns false and nothing is left to receive"
            )
            fix = None
            if ctx.go_at_least(*timers.COLLECTED_FROM):
                text = _without_drain(ctx, stmt, timer)
                if text is not None:
                    fix = Fix(f"{shown}.Stop() without the drain (Go 1.23 discards stale values)", [Edit(stmt.start_byte, stmt.end_byte, text)], Applicability.SAFE)
            elif ctx.go_version is None:
                msg += " (no fix: the module's Go version is not known; from Go 1.23 the drain can go)"
            else:
                msg += f" (no fix below Go 1.23, {timers.go_version_text(ctx.go_version)}: record the receive and drain only when it did not happen)"
            yield self.finding(stmt, msg, fix)

    @staticmethod
    def _receiving_case(ctx: FileContext, drain: Node, timer: bytes) -> Node | None:
        """The select case of the loop around ``drain`` that receives from ``timer.C`` without
        re-arming the timer, or None."""
        func = syntax.enclosing_function(drain)
        loop = None if func is None else flow.innermost_for(drain, func)
        body = None if loop is None else loop.child_by_field_name("body")
        if body is None:
            return None
        data = ctx.data
        chan = timer + b".C"
        for n in syntax.walk_same_function(body):
            if n.type in ("assignment_statement", "short_var_declaration") and any(
                channels.channel_key(x, data) == timer for x in syntax.named(n.child_by_field_name("left"))
            ):
                return None  # a new timer in the loop
        for n in syntax.walk_same_function(body):
            if n.type == "call_expression" and _is_reset(n, timer, data) and not _after_in_block(n, drain):
                return None  # re-armed somewhere on the way round the loop
        for n in syntax.walk_same_function(body):
            if n.type != "communication_case":
                continue
            op = channels.case_receive_operand(n.child_by_field_name("communication"))
            if op is None or channels.channel_key(op, data) != chan:
                continue
            if syntax.inside(drain, n):
                if _after_communication(drain, n):
                    return n
                continue
            if not _goes_on(n, ctx):
                continue  # the case returns or fails: the loop does not come round to the drain
            return n
        return None


def _drained_timer(stmt: Node, data: bytes) -> bytes | None:
    """``t`` of ``if !t.Stop() { <-t.C }`` (no init statement, no else, the receive alone)."""
    if stmt.child_by_field_name("initializer") is not None or stmt.child_by_field_name("alternative") is not None:
        return None
    cond = syntax.unparen(stmt.child_by_field_name("condition"))
    if cond is None or cond.type != "unary_expression":
        return None
    op = cond.child_by_field_name("operator")
    call = syntax.unparen(cond.child_by_field_name("operand"))
    if op is None or op.type != "!" or call is None or call.type != "call_expression":
        return None
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression" or syntax.named(call.child_by_field_name("arguments")):
        return None
    fld = fn.child_by_field_name("field")
    timer = channels.channel_key(fn.child_by_field_name("operand"), data)
    if fld is None or data[fld.start_byte : fld.end_byte] != b"Stop" or timer is None:
        return None
    stmts = syntax.statements(stmt.child_by_field_name("consequence"))
    if len(stmts) != 1 or stmts[0].type != "expression_statement":
        return None
    recv = syntax.receive_operand(syntax.named(stmts[0])[0] if syntax.named(stmts[0]) else None)
    if recv is None or channels.channel_key(recv.child_by_field_name("operand"), data) != timer + b".C":
        return None
    return timer


def _without_drain(ctx: FileContext, stmt: Node, timer: bytes) -> bytes | None:
    """``timer.Stop()`` in place of the ``if``, keeping a comment that trails its first line;
    None when the block holds another comment (it would be lost)."""
    first_line = ctx.source.line_of(stmt.start_byte)
    trailing = []
    for c in syntax.walk(stmt):
        if c.type != "comment":
            continue
        if ctx.source.line_of(c.start_byte) != first_line:
            return None
        trailing.append(ctx.data[c.start_byte : c.end_byte])
    return b" ".join([timer + b".Stop()", *trailing])


def _is_reset(call: Node, timer: bytes, data: bytes) -> bool:
    """Is ``call`` ``timer.Reset(…)``?"""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    fld = fn.child_by_field_name("field")
    return fld is not None and data[fld.start_byte : fld.end_byte] == b"Reset" and channels.channel_key(fn.child_by_field_name("operand"), data) == timer


def _after_in_block(n: Node, drain: Node) -> bool:
    """Is ``n`` in a statement that follows the drain in the drain's own block (it re-arms the
    timer after the drain, not before it)?"""
    block = drain.parent
    if block is None:
        return False
    p = n
    while p is not None and p.parent is not None and p.parent.id != block.id:
        p = p.parent
    return p is not None and p.parent is not None and p.start_byte >= drain.end_byte


def _goes_on(case: Node, ctx: FileContext) -> bool:
    """Can the case's statements finish, so that the loop comes round (not a ``return``, a
    ``break`` or ``goto``, ``t.Fatal``, ``panic``… at their end)?"""
    stmts = syntax.statements(case)
    if not stmts:
        return True
    last = stmts[-1]
    if last.type in ("return_statement", "break_statement", "goto_statement"):
        return False
    if last.type == "expression_statement" and flow.ends_path(last, ctx.data, ctx.imports):
        return False
    return not flow.never_completes(last, ctx.data, ctx.imports)


def _after_communication(drain: Node, case: Node) -> bool:
    comm = case.child_by_field_name("communication")
    return comm is not None and drain.start_byte >= comm.end_byte

