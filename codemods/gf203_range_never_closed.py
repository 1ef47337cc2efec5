"""GF203 range-never-closed: a range over a channel whose senders all finish without closing it.

What it finds
    A channel made in a function (``ch := make(chan T)``, buffered or not) that something ranges
    over (``for v := range ch``: the function itself, a goroutine it starts, or a function of the
    package it hands the channel to), that is sent on, and that nothing in the package closes.
    Its uses are followed through goroutine literals, copies into locals and arguments to the
    package's functions; the channel must not escape (passed to another package, stored,
    returned). The finding is on each range loop that has no other way out (no ``break``,
    ``return`` or ``goto`` leaving it: a loop that stops on a sentinel value is left alone).
    The sender, when there is one, must be able to finish: a sender that loops for ever never
    needs to close.

    With exactly one sender, known to be the only one, there is a fix:

    - the function itself sends (not from a function literal), and ranges happen elsewhere: a
      ``close(ch)`` after the statement of the function that holds its last send;
    - one goroutine started by a ``go func() { … }()`` statement that no loop repeats sends:
      ``defer close(ch)`` first in that goroutine.

    Several senders (two goroutines, a goroutine started in a loop, the function and a
    goroutine) are reported without a fix: closing after one of them is done would make the
    others panic. So is a sender in a function of the package the channel is handed to (the
    close belongs there, and that function may have other callers). Not reported: a channel
    sent on by a function literal that runs later (a callback, a returned function), or from a
    ``for {`` loop with no way out: such a sender never finishes.

Why it is bad
    A ``range`` over a channel ends only when the channel is closed. If the sender finishes
    without closing it, every goroutine ranging over it waits for ever for a value that will
    never come: a worker pool leaks its workers once the work is done, and a function that
    ranges over its results never returns.

Example
    func process(items []item, workers int) {
        jobs := make(chan item)
        for i := 0; i < workers; i++ {
            go func() {
                for it := range jobs {
                    handle(it)
                }
            }()
        }
        for _, it := range items {
            jobs <- it
        }
    }

Fixed
    func process(items []item, workers int) {
        jobs := make(chan item)
        for i := 0; i < workers; i++ {
            go func() {
                for it := range jobs {
                    handle(it)
                }
            }()
        }
        for _, it := range items {
            jobs <- it
        }
        close(jobs)
    }

Fix safety
    Safe when offered: the only sender closes the channel after its last send, so no send can
    follow the close, and the only receives are ranges, which end on the close instead of
    waiting for ever. No fix when something also receives from the channel outside a range
    (a receive after the close gets the zero value at once, and a ``select`` loop would spin),
    when the function can return between making the channel and its last send (a ``return`` on
    an error path would still skip the close), when ``close`` is declared in the package, or
    when the statement's layout cannot take a new line gofmt's way.

    The close does not give the range its missing senders: a range with nobody sending at all
    (zero workers on the other side, say) is another defect (GF201's or GF204's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import channels, closures, counterparts, flow, prefilter, statement_edits, syntax
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule


class RangeNeverClosed(Rule):
    code = "GF203"
    name = "range-never-closed"
    summary = "a range over a channel whose senders all finish without closing it never ends"
    fix_class = FixClass.SAFE
    tier = "preview"
    package_wide = True
    # every finding is about a channel made in this file (``make(chan``) that is sent on (``<-``)
    needs = prefilter.contains(b"make(", b"chan", b"<-", b"range")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        main = syntax.package_clause_name(ctx.root, data) == b"main"
        for call in channels.channel_makes(ctx.root, data):
            site = _local_made(call, data)
            if site is None:
                continue
            home = syntax.enclosing_function(call)
            if home is None:
                continue
            name = data[site.start_byte : site.end_byte]
            # the bytes first: a close of that name in its function serves it, and a channel
            # its function neither ranges over nor hands to a call is not ranged over
            if _closes(data, home, name) or not _may_be_ranged(data, home, name):
                continue
            yield from self._channel(ctx, call, site, home, name, main)

    def _channel(self, ctx: FileContext, call: Node, site: Node, home: Node, name: bytes, main: bool) -> Iterator[Finding]:
        model = ctx.model
        v = counterparts.value_of(model, ctx.index, site)
        if v is None or v.kind != "local":
            return
        u = counterparts.uses(model, v, main)
        if not u.confined or u.has("close") or not u.has("send"):
            return
        ranges = [r for r in u.of("range") if r.file.path == ctx.index.path and not _may_leave(r.node.parent, ctx)]
        if not ranges:
            return
        units = _sender_units(u.of("send"), home, ctx.index.path)
        if any(isinstance(k, tuple) and k[0] == "callback" for k in units):
            return  # a function literal that sends whenever it is called: it never finishes
        range_units = {_unit_of(r.node, home) for r in ranges}
        if len(units) == 1 and next(iter(units)) in range_units:
            return  # it ranges over what it sends itself: another defect
        if any(not _may_finish(k, unit_node, ctx) for k, unit_node in units.items()) or any(
            _sends_for_ever(s.node, s.file.data) for s in u.of("send")
        ):
            return  # a sender that never ends needs no close
        shown = name.decode("utf-8", "replace")
        elsewhere = [k for k in units if isinstance(k, tuple)]
        several = len(units) != 1 or any(k is not None and _repeated(n, home) for k, n in units.items() if not isinstance(k, tuple))
        if elsewhere and not several:
            msg = (
                f"range over {shown} never ends: nothing closes {shown}, and its sender finishes without closing it "
                f"(the sends are in a function it is handed to, or in a deferred call: close it there once every send is done)"
            )
            for r in ranges:
                yield self.finding(r.node, msg)
            return
        if several:
            msg = (
                f"range over {shown} never ends: nothing closes {shown}, and its senders finish without closing it "
                f"(several goroutines send: close it once all have sent, e.g. after a sync.WaitGroup's Wait)"
            )
            for r in ranges:
                yield self.finding(r.node, msg)
            return
        (key, unit_node), = units.items()
        who = "this function" if key is None else f"the goroutine started at line {ctx.source.position(unit_node.start_byte).line}"
        fix, why = self._fix(ctx, u, home, key, unit_node, call)
        msg = f"range over {shown} never ends: its only sender ({who}) finishes without closing {shown}"
        if fix is None and why:
            msg += f" (no fix: {why})"
        for r in ranges:
            yield self.finding(r.node, msg, fix)

    # -- the fix -------------------------------------------------------------------------------

    def _fix(self, ctx: FileContext, u: counterparts.Uses, home: Node, key, unit_node: Node | None, call: Node) -> tuple[Fix | None, str]:
        if u.has("recv"):
            return None, "it is also received from outside a range"
        if channels.may_declare_close(ctx.data) or any(channels.may_declare_close(s.source.data) for s in ctx.package.siblings()):
            return None, "close is declared in the package"
        sends = [s.node for s in u.of("send")]
        names = {ctx.btext(syntax.unparen(s.child_by_field_name("channel"))) for s in sends}
        if len(names) != 1:
            return None, "it is sent on under several names"
        (chan,) = names
        if key is None:
            last = max(sends, key=lambda s: s.end_byte)
            stmt = _statement_in(last, call)
            if stmt is None:
                return None, "its last send is not in the block that makes it"
            if any(
                n.type in ("return_statement", "goto_statement") and call.end_byte <= n.start_byte < stmt.end_byte
                for n in syntax.walk_same_function(home)
            ):
                return None, "the function can return before its last send"
            edit = statement_edits.statement_line_after(ctx.source, stmt, b"close(" + chan + b")")
            if edit is None:
                return None, ""
            return Fix(f"close({chan.decode()}) after its last send", [edit], Applicability.SAFE), ""
        lit = syntax.unparen(unit_node.named_children[0].child_by_field_name("function")) if unit_node.named_children else None
        body = None if lit is None else lit.child_by_field_name("body")
        if body is None:
            return None, ""
        edit = statement_edits.body_top_insertion(ctx.source, body, b"defer close(" + chan + b")")
        if edit is None:
            return None, ""
        return Fix(f"defer close({chan.decode()}) in its only sender", [edit], Applicability.SAFE), ""


def _local_made(call: Node, data: bytes) -> Node | None:
    """The identifier ``ch`` of ``ch := make(chan …)`` / ``var ch = make(chan …)``."""
    lst = call.parent
    stmt = lst.parent if lst is not None and lst.type == "expression_list" else None
    if stmt is None:
        return None
    values = syntax.named(lst)
    if len(values) != 1:
        return None
    if stmt.type == "short_var_declaration" and syntax.is_field(stmt, "right", lst):
        left = syntax.named(stmt.child_by_field_name("left"))
    elif stmt.type == "var_spec" and syntax.is_field(stmt, "value", lst):
        left = stmt.children_by_field_name("name")
    else:
        return None
    if len(left) != 1 or left[0].type != "identifier" or data[left[0].start_byte : left[0].end_byte] == b"_":
        return None
    return left[0]


def _closes(data: bytes, home: Node, name: bytes) -> bool:
    """Does the function's text close ``name`` (``close(name)``)?"""
    return name in counterparts.spelled_counterparts(data[home.start_byte : home.end_byte])["closed"]


def _may_be_ranged(data: bytes, home: Node, name: bytes) -> bool:
    """Does the function's text range over ``name`` (``range name``), hand it to a call
    (``f(x, name)``, where the callee may range over it) or copy it (``c := name``)?"""
    text = data[home.start_byte : home.end_byte]
    n = re.escape(name)
    return re.search(rb"\brange\s+" + n + rb"\b|[(,]\s*" + n + rb"\s*[,)]|=\s*" + n + rb"\s*$", text, re.M) is not None


def _unit_of(node: Node, home: Node) -> int | None:
    """Which goroutine runs ``node``: None for the function itself (or a literal it runs in
    place), else the id of the ``go`` statement or function literal that may run elsewhere."""
    found = None
    p = node.parent
    while p is not None and p.id != home.id:
        if p.type == "func_literal" and not closures.invoked_in_place(p):
            found = p
        p = p.parent
    if p is None:
        return -1  # outside the function: another function of the package
    if found is None:
        return None
    go = found.parent.parent if found.parent is not None else None
    return go.id if go is not None and go.type == "go_statement" else found.id


def _sender_units(sends: list, home: Node, path: str) -> dict:
    """The goroutines that send: key None for the function itself, a go statement's id for a
    ``go func(){…}()`` it starts, anything else for a sender the fix cannot reach (a callback,
    a function of the package)."""
    units: dict = {}
    for s in sends:
        if s.file.path != path:
            units[("file", s.file.path, s.node.start_byte)] = None
            continue
        key = _unit_of(s.node, home)
        if key == -1:
            units[("func", s.node.start_byte)] = None
            continue
        if key is None and syntax.enclosing(s.node, ("defer_statement",)) is not None:
            units[("defer", s.node.start_byte)] = None
            continue
        node = None
        if key is not None:
            p = s.node.parent
            while p is not None and p.id != key:
                p = p.parent
            node = p
            if node is None or node.type != "go_statement":
                units[("callback", key)] = None
                continue
        units[key] = node
    return units


def _may_leave(loop: Node, ctx: FileContext) -> bool:
    """Can the range loop be left before its channel is closed: a ``break``, ``return`` or
    ``goto`` out of it, or a call that ends the goroutine (``t.Fatal``, ``panic``, ``os.Exit``)?"""
    if flow.loop_can_exit(loop, ctx.data):
        return True
    body = loop.child_by_field_name("body")
    return body is not None and any(
        n.type == "expression_statement" and flow.ends_path(n, ctx.data, ctx.imports) for n in syntax.walk_same_function(body)
    )


def _sends_for_ever(send: Node, data: bytes) -> bool:
    """Is the send in a ``for {`` loop of its function with no way out (a sender that never
    finishes)?"""
    func = syntax.enclosing_function(send)
    if func is None:
        return False
    return any(flow.is_infinite_loop(lp) and not flow.loop_can_exit(lp, data) for lp in flow.enclosing_loops(send, func))


def _repeated(go: Node | None, home: Node) -> bool:
    """Is the ``go`` statement in a loop of the function (several goroutines)?"""
    return go is None or bool(flow.enclosing_loops(go, home))


def _may_finish(key, unit: Node | None, ctx: FileContext) -> bool:
    """Can the sender finish (not a ``for {}`` without a way out at its end)?"""
    if key is not None and not isinstance(key, int):
        return True
    if unit is None:
        return True
    call = next((c for c in unit.named_children if c.type == "call_expression"), None)
    lit = None if call is None else syntax.unparen(call.child_by_field_name("function"))
    body = None if lit is None else lit.child_by_field_name("body")
    stmts = syntax.statements(body)
    return not stmts or not flow.never_completes(stmts[-1], ctx.data, ctx.imports)


def _statement_in(node: Node, call: Node) -> Node | None:
    """The statement of the block that declares the channel (the one around ``call``) that
    holds ``node``."""
    decl = call
    while decl is not None and decl.parent is not None and decl.parent.type != "statement_list":
        decl = decl.parent
    block = None if decl is None else decl.parent
    if block is None:
        return None
    p = node
    while p is not None and p.parent is not None and p.parent.id != block.id:
        p = p.parent
    return p if p is not None and p.parent is not None and p.start_byte >= decl.end_byte else None
