"""GF601 time-tick-leak: time.Tick in a function that returns: before Go 1.23 its ticker is never collected.

What it finds
    A call to ``time.Tick`` in a module whose go.mod says ``go`` 1.22 or older, where the ticker
    outlives its use: ``for range time.Tick(d)`` whose loop can be left (a ``break``, a
    ``return``, a labeled ``continue`` to an outer loop); ``c := time.Tick(d)`` (or ``var c =``,
    or ``c = `` for a local variable) in a function that can return after it; and a one-shot
    ``<-time.Tick(d)`` or ``case <-time.Tick(d):`` in a function that can return, or in a loop,
    where every iteration starts a new ticker. The finding is on the call.
    Not reported: in ``main.main``, ``init``, functions only they reach (the package's
    process-lifetime code) and everything inside them, and in ``_test.go`` files (the process
    ends soon enough); in a function that never returns after the call (its
    body ends in ``for {}`` or a range over the ticker with no way out, ``select {}``, ``panic``,
    ``log.Fatal``…), such as the usual ``go func() { for range time.Tick(d) {…} }()``; when the
    channel is returned, stored, passed to a function or used by a closure (its lifetime is
    not this function's); at package level; when ``time`` is a local name; in a function with
    ``goto``; at ``go`` 1.23 and later; and when the file has no go.mod, whose version is
    unknown (the rule stays silent rather than guess).

Why it is bad
    Before Go 1.23 a ticker is not garbage-collected until it is stopped, and ``time.Tick`` gives
    no way to stop it: once the function returns, the ticker keeps firing into a channel nobody
    reads, for the life of the process. A handler or worker that calls ``time.Tick`` leaks one
    runtime timer per call. Go 1.23 collects unreferenced tickers, but only for programs whose
    main module's go.mod says ``go 1.23`` or later (the ``asynctimerchan`` GODEBUG default
    follows the go line); a ``godebug asynctimerchan=1`` setting, which this rule does not read,
    brings the old behaviour back.

Example
    func poll(ctx context.Context, d time.Duration) error {
        for range time.Tick(d) {
            if err := check(ctx); err != nil {
                return err
            }
        }
        return nil
    }

    func wait(ctx context.Context) error {
        tick := time.Tick(time.Second)
        for {
            select {
            case <-tick:
                refresh()
            case <-ctx.Done():
                return ctx.Err()
            }
        }
    }

Fixed
    func poll(ctx context.Context, d time.Duration) error {
        ticker := time.NewTicker(d)
        defer ticker.Stop()
        for range ticker.C {
            if err := check(ctx); err != nil {
                return err
            }
        }
        return nil
    }

    func wait(ctx context.Context) error {
        ticker := time.NewTicker(time.Second)
        defer ticker.Stop()
        tick := ticker.C
        ...
    }

Fix safety
    Unsafe: ``time.NewTicker(d)`` with ``defer ticker.Stop()`` is inserted before the statement
    and the call becomes ``ticker.C`` (``ticker`` or the first of ``ticker2``, ``ticker3``… spelled
    nowhere in the function). It changes behaviour for a duration <= 0: ``time.Tick`` returns a
    nil channel (a receive blocks forever), ``time.NewTicker`` panics. The ticker is now stopped
    when the function returns rather than when the loop ends, which is what a ``defer`` can do.
    No fix: inside a loop (a ``defer`` there piles up until the function returns, and every
    iteration needs its own ticker), for a one-shot receive ``<-time.Tick(d)``, for a statement
    that is not directly in a block (an ``if`` or ``switch`` header), for a call that spans
    lines, or when ``time`` is dot-imported.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import flow, goroutines, prefilter, syntax, timers
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule


class TimeTickLeak(Rule):
    code = "GF601"
    name = "time-tick-leak"
    summary = "time.Tick in a function that returns: before Go 1.23 its ticker is never collected"
    fix_class = FixClass.UNSAFE
    # only ``time.Tick(`` (``Tick(`` when dot-imported) is reported, in a file that imports time
    needs = prefilter.contains(b"Tick(") & prefilter.imports("time")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if not timers.timers_leak(ctx.go_version) or syntax.is_test_path(ctx.source.path):
            return
        pkg = ctx.import_name("time")
        if pkg is None:
            return
        given: dict[int, set[str]] = {}
        calls = [n for n in syntax.walk(ctx.root) if n.type == "call_expression"]
        for call in calls:
            if timers.time_call(call, ctx.data, pkg, timers.TICK) is None:
                continue
            func = syntax.enclosing_function(call)
            if func is None or goroutines.lives_with_process(syntax.top_function(call), ctx.root, ctx.data, ctx.package, ctx.path):
                continue
            finding = self._check_call(ctx, pkg, call, func, given)
            if finding is not None:
                yield finding

    def _check_call(
        self, ctx: FileContext, pkg: str, call: Node, func: Node, given: dict[int, set[str]]
    ) -> Finding | None:
        data = ctx.data
        spelled = ctx.text(call.child_by_field_name("function"))
        where = f"go.mod says {timers.go_version_text(ctx.go_version)}"
        per_iteration = (
            f"{spelled} in a loop starts a new ticker every iteration that is never stopped, and before "
            f"Go 1.23 never garbage-collected ({where})"
        )
        returns = (
            f"{spelled}'s ticker can never be stopped: once this function stops reading it, it keeps running "
            f"and, before Go 1.23, is never garbage-collected ({where})"
        )
        parent = call.parent
        while parent is not None and parent.type == "parenthesized_expression":
            parent = parent.parent
        if parent is None:
            return None
        # for range time.Tick(d) { ... }
        right = syntax.unparen(parent.child_by_field_name("right")) if parent.type == "range_clause" else None
        if right is not None and right.id == call.id:
            loop = parent.parent
            if loop is None or loop.type != "for_statement":
                return None
            if any(n.type == "goto_statement" for n in syntax.walk_same_function(func)):
                return None
            if not flow.loop_can_exit(loop, data):
                return None  # ranges over the ticker forever: it is in use as long as it lives
            if flow.enclosing_loop(loop, func) is not None:
                return self.finding(call, per_iteration + "; no fix: a deferred Stop inside a loop would pile up")
            return self.finding(call, returns, self._fix(ctx, pkg, call, loop, func, given))
        # <-time.Tick(d), case <-time.Tick(d):
        if parent.type == "unary_expression" and (op := parent.child_by_field_name("operator")) and op.type == "<-":
            if flow.enclosing_loop(call, func) is not None:
                return self.finding(call, per_iteration + "; no fix: hoist a time.NewTicker out of the loop")
            stmt = syntax.statement_of(call, func)
            if stmt is None or not self._may_return_after(ctx, pkg, func, stmt, frozenset()):
                return None
            return self.finding(call, returns + "; no fix: wait with time.NewTimer or a ticker that is stopped")
        # c := time.Tick(d), var c = time.Tick(d), c = time.Tick(d)
        shape = _assignment(call, func, data)
        if shape is None:
            return None
        stmt, name = shape
        if not _only_received(ctx, pkg, func, name, stmt):
            return None
        if flow.enclosing_loop(stmt, func) is not None:
            return self.finding(call, per_iteration + "; no fix: a deferred Stop inside a loop would pile up")
        if not self._may_return_after(ctx, pkg, func, stmt, frozenset({name})):
            return None
        return self.finding(call, returns, self._fix(ctx, pkg, call, stmt, func, given))

    @staticmethod
    def _may_return_after(ctx: FileContext, pkg: str, func: Node, stmt: Node, tick_vars: frozenset[bytes]) -> bool | None:
        """Can ``func`` return once ``stmt`` has run? A range over a ticker's channel (the call,
        or one of ``tick_vars``) never ends by itself."""
        data = ctx.data
        endless = lambda clause: timers.ranges_over_ticks(clause, data, pkg, tick_vars)  # noqa: E731
        return flow.may_return_after(func, stmt, data, ctx.imports, endless)

    def _fix(
        self, ctx: FileContext, pkg: str, call: Node, stmt: Node, func: Node, given: dict[int, set[str]]
    ) -> Fix | None:
        src, data = ctx.source, ctx.data
        if pkg == ".":
            return None
        if src.line_of(call.start_byte) != src.line_of(call.end_byte):
            return None
        anchor = stmt
        if anchor.parent is not None and anchor.parent.type == "labeled_statement":
            anchor = anchor.parent
        if anchor.parent is None or anchor.parent.type != "statement_list":
            return None
        line_start = src.line_start(src.line_of(anchor.start_byte))
        if data[line_start : anchor.start_byte].strip(b" \t"):
            return None  # something before it on its line
        args = call.child_by_field_name("arguments")
        if args is None or any(c.type == "comment" for c in args.named_children):
            return None
        top = syntax.top_function(call) or func
        taken = given.setdefault(top.id, set())
        ticker = syntax.free_name("ticker", top, data, taken)
        taken.add(ticker)
        indent = src.indent_of_line(stmt.start_byte)
        nl = src.newline_at(anchor.start_byte)
        t = ticker.encode()
        insert = (
            indent + t + b" := " + pkg.encode() + b".NewTicker" + ctx.btext(args) + nl
            + indent + b"defer " + t + b".Stop()" + nl
        )  # fmt: skip
        description = (
            f"use {pkg}.NewTicker with `defer {ticker}.Stop()` and receive from {ticker}.C; unlike "
            f"{pkg}.Tick, which returns nil, NewTicker panics if the duration is <= 0"
        )
        edits = (Edit(line_start, line_start, insert), Edit(call.start_byte, call.end_byte, t + b".C"))
        return Fix(description, edits, Applicability.UNSAFE)


def _only_received(ctx: FileContext, pkg: str, func: Node, name: bytes, decl: Node) -> bool:
    """Is every other use of ``name`` in ``func`` a receive (``<-c``) or a ``range c``, in
    ``func`` itself (not a closure)? Anything else (returned, passed, stored, compared) might
    give the channel a lifetime of its own."""
    data = ctx.data
    for n in syntax.walk(func):
        if n.type != "identifier" or data[n.start_byte : n.end_byte] != name or syntax.inside(n, decl):
            continue
        if syntax.enclosing_function(n) is None or syntax.enclosing_function(n).id != func.id:
            return False
        p = n.parent
        if p is None:
            return False
        if p.type == "unary_expression" and (op := p.child_by_field_name("operator")) is not None and op.type == "<-":
            continue
        if p.type == "range_clause" and (r := p.child_by_field_name("right")) is not None and r.id == n.id:
            continue
        if p.type == "var_spec" and p.child_by_field_name("value") is None:
            continue  # var c <-chan time.Time
        if p.type == "expression_list" and p.parent is not None and p.parent.type == "assignment_statement":
            a = p.parent
            left = a.child_by_field_name("left")
            if left is not None and left.id == p.id and a.child_by_field_name("right") is not None:
                rhs = syntax.named(a.child_by_field_name("right"))
                if len(rhs) == 1 and timers.is_tick_call(rhs[0], data, pkg):
                    continue  # another `c = time.Tick(..)`: reported on its own
        return False
    return True


def _assignment(call: Node, func: Node, data: bytes) -> tuple[Node, bytes] | None:
    """(statement, variable) for ``c := time.Tick(d)``, ``var c = time.Tick(d)`` and, for a
    variable declared in the function body, ``c = time.Tick(d)``."""
    rhs = call.parent
    if rhs is None or rhs.type != "expression_list" or len(syntax.named(rhs)) != 1:
        return None
    a = rhs.parent
    if a is None:
        return None
    if a.type in ("short_var_declaration", "assignment_statement"):
        right = a.child_by_field_name("right")
        if right is None or right.id != rhs.id:
            return None
        if a.type == "assignment_statement":
            op = a.child_by_field_name("operator")
            if op is None or op.type != "=":
                return None
        left = syntax.named(a.child_by_field_name("left"))
        if len(left) != 1 or left[0].type != "identifier":
            return None
        name = data[left[0].start_byte : left[0].end_byte]
        if name == b"_":
            return None
        if a.type == "assignment_statement" and not syntax.declared_in_body(func, name, data):
            return None
        return a, name
    if a.type == "var_spec":
        names = a.children_by_field_name("name")
        decl = a.parent
        if len(names) != 1 or decl is None or decl.type != "var_declaration":
            return None  # var ( ... ) lists are left alone
        name = data[names[0].start_byte : names[0].end_byte]
        return (None if name == b"_" else (decl, name))
    return None
