"""GF602 time-after-in-loop: time.After in a select in a loop: before Go 1.23 each iteration leaks a timer until it fires.

What it finds
    ``case <-time.After(d):`` (also ``case t := <-time.After(d):``) in a ``select`` that runs in
    the body of a ``for`` loop of the same function, in a module whose go.mod says ``go`` 1.22 or
    older. The finding is on the call.
    Not reported: a ``time.After`` outside a loop (one timer per call); a select in a function
    literal inside the loop (it runs when the literal is called, not necessarily per
    iteration); a plain ``<-time.After(d)`` statement, which waits until the timer fires, after
    which it is collected; a select in which every other case returns (or panics, or calls
    ``log.Fatal``…) or is a bare receive from a close-once signal, ``<-ctx.Done()`` or a channel
    named like one (``stop``, ``stopCh``, ``quit``, ``done``, ``closing``…): the loop then goes
    round again only after the timer fired, as in the periodic ``case <-stop: return`` /
    ``case <-time.After(d): poll()`` loop, or the select's only case is the timer (the same
    wait); a select always followed by a ``return`` (or a ``break`` out of a loop that is in no
    other loop), which runs once per call; ``_test.go`` files; a local
    variable or parameter named ``time``; modules at ``go`` 1.23 or later; and files without a
    go.mod, whose Go version is unknown (the rule stays silent rather than guess).

Why it is bad
    ``time.After(d)`` starts a new timer each time the select runs. Before Go 1.23 a timer is not
    garbage-collected until it fires, so when another case wins (the usual idle-timeout loop
    that handles a message per iteration), every iteration leaves a timer and its channel
    behind for the whole duration: at thousands of messages per second and a one-minute
    timeout that is millions of live timers. Go 1.23 collects unreferenced timers, but only for
    programs whose main module's go.mod says ``go 1.23`` or later (the ``asynctimerchan``
    GODEBUG default follows the go line).

Example
    for {
        select {
        case msg := <-in:
            handle(msg)
        case <-time.After(time.Minute):
            return errIdle
        }
    }

Fixed
    timer := time.NewTimer(time.Minute)
    defer timer.Stop()
    for {
        if !timer.Stop() {
            select {
            case <-timer.C:
            default:
            }
        }
        timer.Reset(time.Minute)
        select {
        case msg := <-in:
            handle(msg)
        case <-timer.C:
            return errIdle
        }
    }

    or raise the go line of go.mod to 1.23 or later, which makes the original code fine.

Fix safety
    None: the finding is reported only. The hoisted timer above is correct for pre-1.23 timers
    only with the Stop-and-drain before every ``Reset`` (a stale tick left in the channel would
    end the next wait at once), the duration is then evaluated before the loop as well (it may
    use variables of the loop body, or have side effects), the timer must be reset on every
    path that reaches the select (``continue``, nested selects), and a ``defer`` is needed in
    the right function; doing all that by rewriting syntax is more than a reviewer should have
    to trust. Upgrading the module's go line is often the better fix, and is not a source edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import flow, prefilter, syntax, timers
from gofixer.model import Finding, FixClass
from gofixer.rule import FileContext, Rule

# the keywords, not followed by a name's character (a superset: also in comments, strings and at
# the end of longer names; a word boundary before them would make the search try every byte)
_FOR = re.compile(rb"for(?![A-Za-z0-9_])")
_SELECT = re.compile(rb"select(?![A-Za-z0-9_])")


def _leaves_function(case: Node, ctx: FileContext) -> bool:
    """Does the case clause end in a ``return`` (or ``panic``, ``log.Fatal``…)?"""
    lst = next((c for c in case.named_children if c.type == "statement_list"), None)
    stmts = [] if lst is None else [c for c in lst.named_children if c.type != "comment"]
    if not stmts:
        return False
    last = stmts[-1]
    return last.type == "return_statement" or flow.no_return_call(last, ctx.data, ctx.imports)


# A channel that signals once by being closed: once it is ready it stays ready, so a loop that
# goes on after receiving from it would spin; working code leaves soon after. Matched on the
# name's last word, after a ``Ch``/``Chan``/``C`` suffix: stopCh, s.quit, ctxDone, closing…
_SIGNAL_WORDS = (
    "done", "stop", "stopped", "stopping", "quit", "exit", "close", "closed", "closing", "shutdown",
    "abort", "cancel", "canceled", "cancelled", "kill", "die", "dying", "term", "terminate",
    "finish", "finished",
)  # fmt: skip


def _signal_name(name: str) -> bool:
    low = name.lower()
    for suffix in ("chan", "ch", "c"):
        if low.endswith(suffix) and len(low) > len(suffix):
            low = low[: -len(suffix)].rstrip("_")
            break
    return low.endswith(_SIGNAL_WORDS)


def _is_signal_receive(case: Node, ctx: FileContext) -> bool:
    """``case <-ctx.Done():``, ``case <-stopCh:``: a bare receive from a close-once channel."""
    comm = case.child_by_field_name("communication")
    if comm is None or comm.type != "receive_statement" or comm.child_by_field_name("left") is not None:
        return False
    recv = syntax.unparen(comm.child_by_field_name("right"))
    if recv is None or recv.type != "unary_expression":
        return False
    ch = syntax.unparen(recv.child_by_field_name("operand"))
    if ch is None:
        return False
    if ch.type == "call_expression":
        fn, args = ch.child_by_field_name("function"), ch.child_by_field_name("arguments")
        field = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
        return field is not None and ctx.btext(field) == b"Done" and args is not None and not syntax.named(args)
    if ch.type == "selector_expression":
        ch = ch.child_by_field_name("field")
    return ch is not None and ch.type in ("identifier", "field_identifier") and _signal_name(ctx.text(ch))


def _left_after(select: Node, loop: Node, func: Node, ctx: FileContext) -> bool:
    """Is the select always followed, before the loop goes round, by a statement that leaves
    the function (``return``, ``panic``…) or, for a loop in no other loop, the loop (``break``)?"""
    body = loop.child_by_field_name("body")
    outermost = flow.enclosing_loop(loop, func) is None
    node = select
    while node.parent is not None and body is not None and node.id != body.id:
        lst = node.parent
        if lst.type == "statement_list":
            later = [c for c in lst.named_children if c.type != "comment" and c.start_byte > node.start_byte]
            for st in later:
                if st.type == "return_statement" or flow.no_return_call(st, ctx.data, ctx.imports):
                    return True
                if (
                    st.type == "break_statement"
                    and outermost
                    and not syntax.named(st)
                    and syntax.same_node(syntax.jump_target(st, ctx.data), loop)
                ):
                    return True
        node = lst
    return False


class TimeAfterInLoop(Rule):
    code = "GF602"
    name = "time-after-in-loop"
    summary = "time.After in a select inside a loop: before Go 1.23 every iteration leaks a timer until it fires"
    fix_class = FixClass.NONE
    # only ``time.After(`` (``After(`` when dot-imported) as a case of a ``select`` inside a
    # ``for`` loop is reported, in a file that imports time: the call, the import and both
    # keywords are in the bytes
    needs = (
        prefilter.contains(b"After(") & prefilter.imports("time") & prefilter.matches(_FOR) & prefilter.matches(_SELECT)
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if not timers.timers_leak(ctx.go_version) or syntax.is_test_path(ctx.source.path):
            return
        time_name = ctx.import_name("time")
        if time_name is None:
            return
        for call in syntax.walk(ctx.root):
            if call.type != "call_expression" or timers.time_call(call, ctx.data, time_name, timers.AFTER) is None:
                continue
            case = self._select_case(call)
            if case is None:
                continue
            select = case.parent
            func = syntax.enclosing_function(call)
            if select is None or select.type != "select_statement" or func is None:
                continue
            loop = flow.enclosing_loop(select, func)
            if loop is None:
                continue
            others = [
                c for c in select.named_children
                if c.type in ("communication_case", "default_case") and c.id != case.id
            ]  # fmt: skip
            if _left_after(select, loop, func, ctx):
                continue  # the select runs once, then the function (or the loop) is left
            if all(_leaves_function(c, ctx) or _is_signal_receive(c, ctx) for c in others):
                # the loop goes round again only after this timer fired (a periodic wait), or
                # never: no timer is left running behind an iteration
                continue
            spelled = ctx.text(call.child_by_field_name("function"))
            version = timers.go_version_text(ctx.go_version)
            yield self.finding(
                call,
                f"{spelled} in a select inside a loop starts a new timer every iteration, and before Go 1.23 "
                f"none is garbage-collected until it fires (go.mod says {version}); no fix: hoist a "
                "time.NewTimer and Stop, drain and Reset it before each select, or move the module to go 1.23",
            )

    @staticmethod
    def _select_case(call: Node) -> Node | None:
        """The communication case whose receive is ``<-call``."""
        p = call.parent
        while p is not None and p.type == "parenthesized_expression":
            p = p.parent
        if p is None or p.type != "unary_expression":
            return None
        op = p.child_by_field_name("operator")
        if op is None or op.type != "<-":
            return None
        recv = p.parent
        if recv is None or recv.type != "receive_statement":
            return None
        right = recv.child_by_field_name("right")
        if right is None or right.id != p.id:
            return None
        case = recv.parent
        if case is None or case.type != "communication_case":
            return None
        comm = case.child_by_field_name("communication")
        return case if comm is not None and comm.id == recv.id else None
