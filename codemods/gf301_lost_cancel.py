"""GF301 lost-cancel: the cancel function of a derived context is discarded or not called on every path.

What it finds
    A call to ``context.WithCancel``, ``WithTimeout``, ``WithDeadline`` or one of their ``Cause``
    variants whose cancel function is thrown away (``_``), or kept in a local variable that is not
    called on every path: an early ``return`` (or the end of the function) can be reached before
    the only ``cancel()``. The finding is on the ``With…`` call. Paths follow ``go vet``'s
    lostcancel: ``defer cancel()`` and ``_ = cancel`` count as calls; inside a loop, starting the
    next iteration without calling it loses it too (the variable is made anew); a path ends at ``panic``,
    ``os.Exit``, ``log.Fatal``, ``t.Fatal`` or a function of the file that never returns. Nothing
    is reported when the cancel function escapes (returned, stored, assigned, passed to a
    function, used inside a closure or a goroutine), when the analysis meets something it does
    not follow (``goto``), or for a path in ``main.main``, where returning ends the process.
    A path that receives from the derived context's ``Done()`` (``<-ctx.Done()``, or a select
    case on it) has lost nothing: the context is cancelled or expired, which has stopped its
    timer and taken it out of its parent.
    In ``_test.go`` files a lost cancel is a preview variant (reported with ``--preview`` or
    when the rule is named), since a test process is short-lived: a ``WithTimeout`` or
    ``WithDeadline`` context is released by its deadline, and a ``WithCancel`` one holds its
    place in its parent only until the test binary exits. It stays in the default tier when the
    context comes from ``WithCancel``/``WithCancelCause`` and a goroutine of the test uses it
    (a ``go`` statement, or a function literal handed to a ``Go`` method such as errgroup's):
    that goroutine waits on a context nothing cancels and runs on through the tests that follow.

Why it is bad
    A derived context holds resources (a timer, a slot in its parent's child list) until it is
    cancelled. If the cancel function is never called they stay alive until the parent context is
    cancelled, which for ``context.Background()`` is never: a leak that grows with every call.

Example
    func fetch(parent context.Context, url string) error {
        ctx, cancel := context.WithTimeout(parent, 5*time.Second)
        req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
        if err != nil {
            return err // cancel is never called on this path
        }
        cancel()
        return use(req)
    }

    ctx, _ := context.WithCancel(parent) // cancel discarded

Fixed
    func fetch(parent context.Context, url string) error {
        ctx, cancel := context.WithTimeout(parent, 5*time.Second)
        defer cancel()
        ...
    }

    ctx, cancel := context.WithCancel(parent)
    defer cancel()

Fix safety
    Safe: ``defer cancel()`` (``defer cancel(nil)`` for ``WithCancelCause``) is inserted on the line
    after the assignment; a discarded ``_`` becomes a fresh name that is spelled nowhere else in
    the function (``cancel``, ``cancel2``…); for ``ctx, _ = …`` a ``var cancel context.CancelFunc``
    is declared first. Calling cancel twice is harmless, so existing calls stay.
    Inside a loop a ``defer`` would pile up until the function returns (and never run in a loop
    that never returns), so there the fix calls ``cancel()`` where the iteration's context is
    left behind instead: before each leaking ``continue``, ``break`` or ``return`` of the loop
    body and at its end. Safe as well; this also catches the leak go vet cannot see in a
    ``for {}`` that never returns, where a ``continue`` drops the iteration's cancel function.
    Unsafe: a ``defer`` inside a loop when the per-iteration calls cannot be placed (an exit on
    the same line as its ``if``, or a ``return`` that still uses the context), or the derived
    context is used by a goroutine or a closure that may outlive the function (it is now
    cancelled when the function returns).
    No fix: the derived context, or a value made from it, is returned, stored in a field, a
    composite literal or an outer variable, or sent on a channel (a deferred cancel would cancel
    it while it is still in use); or the call is in an if/switch/for header.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import contexts, flow, prefilter, syntax
from gofixer.analysis.contexts import CancelSite
from gofixer.analysis.flow import SWITCHES, ReleasePaths, Verdict, statements
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule


class LostCancel(Rule):
    code = "GF301"
    name = "lost-cancel"
    summary = "the cancel function of context.WithCancel/WithTimeout/WithDeadline discarded or not called on every path"
    fix_class = FixClass.SAFE_OR_UNSAFE
    # A finding is on a call of one of context's With… constructors (each contains one of these
    # words; their Cause variants included) from the context package, which the file imports
    # (under any name, dot import included: the import path is there, as a string literal or a
    # raw one).
    needs = prefilter.any_word(b"WithCancel", b"WithTimeout", b"WithDeadline") & prefilter.imports("context")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        pkg = ctx.import_name("context")
        if pkg is None:
            return
        data = ctx.data
        found = contexts.with_cancel_calls(ctx.root, data)
        if not found:
            return
        no_return: frozenset[bytes] | None = None  # made for the first call that needs a look
        shadowed: dict = {}
        seen: set[int] = set()
        # fresh names handed out in this run, per top-level function: fixes applied in the same
        # pass must not pick the same one
        given: dict[int, set[str]] = {}
        for call in sorted(found, key=lambda n: n.start_byte):
            if call.id in seen:
                continue
            seen.add(call.id)
            fn = syntax.is_call_to(call, data, pkg, contexts.WITH_CANCEL)
            if fn is None:
                continue
            site = contexts.cancel_site(call, fn)
            if site is None:
                continue  # not a two-name assignment, or at package level (lives as long as the program)
            if syntax.package_call(call, data, pkg, contexts.WITH_CANCEL, shadowed) is None:
                continue  # `context` (or the dot-imported With…) is a local here: not the package
            if no_return is None:
                no_return = flow.no_return_funcs(ctx.root, data, ctx.imports)
            finding = self._check_site(ctx, pkg, site, given, no_return)
            if finding is not None:
                yield self._in_test(ctx, site, finding)

    def _in_test(self, ctx: FileContext, site: CancelSite, finding: Finding) -> Finding:
        """A test's lost cancel is a preview variant unless it leaves a goroutine behind: a
        ``WithTimeout``/``WithDeadline`` context is released by its deadline, and a
        ``WithCancel`` one holds its place in its parent only until the test binary exits,
        soon. A ``WithCancel`` context that a goroutine of the test waits on keeps that
        goroutine running through the tests that follow (and trips leak checks): that one stays."""
        if not syntax.is_test_path(ctx.source.path):
            return finding
        if site.fn in contexts.WITH_DEADLINE:
            note = "in a test this holds little: the context's deadline releases it"
        elif contexts.used_by_goroutine(site, ctx.data):
            return finding
        else:
            note = "in a test this holds little: no goroutine waits on the context, and the test binary exits soon"
        return dataclasses.replace(finding, message=f"{finding.message}; {note}", preview=True)

    # -- one call ------------------------------------------------------------------------------

    def _check_site(
        self, ctx: FileContext, pkg: str, site: CancelSite, given: dict[int, set[str]], no_return: frozenset[bytes]
    ) -> Finding | None:
        data = ctx.data
        what = f"the cancel function returned by context.{site.fn}"
        cancel_text = ctx.btext(site.cancel_node)
        if site.cancel_node.type == "identifier" and cancel_text == b"_":
            verdict = self._paths(ctx, site, None, no_return)
            if not verdict.unknown and not verdict.leaks and self._waits_for_done(ctx, site):
                return None  # every path waits for the context to be done: it released itself
            leak_returns = None if verdict.unknown else {n.id for n in verdict.returns}
            message = f"{what} is never called"
            if not verdict.unknown and site.form == ":=" and flow.innermost_for(site.stmt, site.func) is not None:
                top = syntax.top_function(site.call)
                taken = given.setdefault(-1 if top is None else top.id, set())
                fresh = syntax.free_name("cancel", top, data, taken)
                per = self._per_iteration_fix(ctx, site, fresh.encode(), verdict)
                if per is not None:
                    taken.add(fresh)
                    rename = Edit(site.cancel_node.start_byte, site.cancel_node.end_byte, fresh.encode())
                    description = f"name the cancel function {fresh} and " + per.description
                    return self.finding(site.call, message, Fix(description, (rename, *per.edits), per.applicability))
            return self._report(ctx, pkg, site, message, None, leak_returns, given)
        if site.cancel_node.type != "identifier":
            return None  # s.cancel, m[k]…: stored, so it escapes
        name = cancel_text
        decl = syntax.local_kind(site.func, name, site.stmt, data)
        if decl == "result" or (site.form == "=" and decl != "local"):
            return None  # a named result (a naked return uses it), or declared outside the function
        if contexts.cancel_escapes(site, name, data):
            return None
        if syntax.is_main_main(site.func, ctx.root, ctx.data):
            return None
        verdict = self._paths(ctx, site, name, no_return)
        if not verdict.leaks:
            return None
        if verdict.back_edges:
            edge = verdict.back_edges[0]
            if edge.type == "continue_statement":
                line = ctx.source.position(edge.start_byte).line
                where = f"the continue at line {line} starts the next iteration and leaks this one's context"
            else:
                line = ctx.source.position(edge.end_byte - 1).line
                where = f"the next iteration starts at line {line} and leaks this one's context"
        elif verdict.returns:
            line = ctx.source.position(verdict.returns[0].start_byte).line
            where = f"the return at line {line} leaks the context"
        else:
            line = ctx.source.position(verdict.falls_off.end_byte - 1).line
            where = f"reaching the end of the function at line {line} leaks the context"
        message = f"{what} is not called on every path: {where}"
        leak_returns = {n.id for n in verdict.returns}
        if flow.innermost_for(site.stmt, site.func) is not None:
            per = self._per_iteration_fix(ctx, site, name, verdict)
            if per is not None:
                return self.finding(site.call, message, per)
        return self._report(ctx, pkg, site, message, name, leak_returns, given)

    @staticmethod
    def _waits_for_done(ctx: FileContext, site: CancelSite) -> bool:
        """Does the function receive from the derived context's ``Done()`` somewhere after the
        call (a statement or a select case)?"""
        if site.ctx_node.type != "identifier":
            return False
        name = ctx.btext(site.ctx_node)
        lo, hi = contexts.cancel_range(site)
        return name != b"_" and any(
            lo <= n.start_byte < hi and contexts.waits_for_done(n, name, ctx.data)
            for n in syntax.walk(site.func)
            if n.type in ("expression_statement", "receive_statement")
        )

    def _per_iteration_fix(self, ctx: FileContext, site: CancelSite, name: bytes, verdict: Verdict) -> Fix | None:
        """Inside a loop, ``defer`` would pile up (and never run in a loop that never returns):
        call cancel where this iteration's context is left behind instead, before each leaking
        ``continue``, ``break`` and ``return`` and at the end of the loop body. None when one of
        those places cannot take a statement before it (or a return still uses the context)."""
        src, data, stmt = ctx.source, ctx.data, site.stmt
        loop = flow.innermost_for(stmt, site.func)
        body = loop.child_by_field_name("body") if loop is not None else None
        if body is None or stmt.parent is None or stmt.parent.type != "statement_list" or stmt.parent.parent is None:
            return None
        if stmt.parent.parent.id != body.id:
            return None  # declared in a nested block: its scope ends before the loop body does
        level, _reason = contexts.derived_context_escape(site, data, {n.id for n in verdict.returns})
        if level >= 2:
            return None
        lo, hi = contexts.cancel_range(site)
        ctx_name = ctx.btext(site.ctx_node) if site.ctx_node.type == "identifier" else None
        call = contexts.cancel_call(name, site.fn)
        edits: list[Edit] = []
        places = 0
        exits = [n for n in verdict.back_edges if n.type == "continue_statement"] + verdict.loop_breaks
        for r in verdict.returns:
            if not (lo <= r.start_byte < body.end_byte):
                # after leaving the loop, or in the next iteration before the context is made
                # again: reached only through a break or a back edge, which are covered
                continue
            if ctx_name and ctx_name != b"_" and syntax.mentions(r, ctx_name, data):
                return None  # `return use(ctx)` must run before the context is cancelled
            exits.append(r)
        for n in exits:
            if not (lo <= n.start_byte < hi):
                return None
            before = data[src.line_start(src.line_of(n.start_byte)) : n.start_byte]
            if before.strip(b" \t"):
                return None  # `if err != nil { continue }` on one line: no room for a statement
            at = src.line_start(src.line_of(n.start_byte))
            edits.append(Edit(at, at, before + call + src.newline_at(n.start_byte)))
            places += 1
        if any(n.id == body.id for n in verdict.back_edges):
            stmts = statements(body)
            last = stmts[-1] if stmts else None
            if last is None:
                return None
            line0 = src.line_of(last.end_byte)
            if line0 + 1 >= src.line_count:
                return None
            at = src.line_start(line0 + 1)
            edits.append(Edit(at, at, src.indent_of_line(last.start_byte) + call + src.newline_at(last.end_byte)))
            places += 1
        if not edits or (verdict.falls_off is not None and not any(n.id == body.id for n in verdict.back_edges) and not verdict.loop_breaks):
            return None
        shown = call.decode("utf-8", "replace")
        where = "place" if places == 1 else "places"
        description = f"call {shown} where each iteration's context is left behind ({places} {where})"
        applicability = Applicability.SAFE
        if level == 1:
            applicability = Applicability.UNSAFE
            description += " (unsafe: a goroutine or closure may still use the context)"
        return Fix(description, tuple(edits), applicability)

    def _paths(self, ctx: FileContext, site: CancelSite, name: bytes | None, no_return: frozenset[bytes]) -> Verdict:
        """Where paths from the assignment leave the function without calling cancel ``name``
        (``None``: the cancel function is discarded, nothing releases it). ``no_return``: names of
        this file's functions that never return."""
        data = ctx.data
        func = site.func
        if any(n.type == "goto_statement" for n in syntax.walk_same_function(func)):
            return Verdict(unknown=True)
        lo, hi = contexts.cancel_range(site)

        def in_scope(n: Node) -> bool:
            return lo <= n.start_byte < hi

        def callee_is_cancel(call: Node | None) -> bool:
            if call is None or call.type != "call_expression":
                return False
            fn = call.child_by_field_name("function")
            return fn is not None and fn.type == "identifier" and data[fn.start_byte : fn.end_byte] == name

        ctx_name = ctx.btext(site.ctx_node) if site.ctx_node.type == "identifier" else b"_"

        def releases(n: Node) -> bool:
            if not in_scope(n):
                return False
            if ctx_name != b"_" and contexts.waits_for_done(n, ctx_name, data):
                return True  # the context is done: cancelled or expired, it holds nothing any more
            if name is None:
                return False
            if n.type == "expression_statement" and n.named_child_count == 1:
                return callee_is_cancel(n.named_children[0])
            if n.type == "defer_statement":
                return callee_is_cancel(next((c for c in n.named_children if c.type == "call_expression"), None))
            if n.type == "assignment_statement" and syntax.all_blank(n.child_by_field_name("left"), data):
                # `_ = cancel` releases nothing, but go vet counts it as a use: agree with it
                right = n.child_by_field_name("right")
                return right is not None and any(
                    c.type == "identifier" and data[c.start_byte : c.end_byte] == name for c in right.named_children
                )
            return False

        def stops(n: Node) -> bool:
            if n.id == site.stmt.id or n.id == site.assign.id:
                return True
            return name is not None and in_scope(n) and contexts.redefines_cancel(n, name, data)

        def ends(n: Node) -> bool:
            return n.type == "expression_statement" and flow.ends_path(n, data, ctx.imports, no_return)

        loop = flow.innermost_for(site.stmt, func)

        def per_iteration(n: Node) -> bool:
            # the cancel function of this iteration is lost when the next one starts: the
            # variable is declared again (:=) or overwritten (=) by the same statement
            return loop is not None and n.id == loop.id

        paths = ReleasePaths(data, func, releases, stops, ends, per_iteration, clauses=True)
        verdict = paths.after(site.stmt)
        if verdict.falls_off is not None and not paths.end_reachable():
            # the assignment is in dead code and so is the end of the function: go vet's graph
            # has no implicit return there, and a report about dead code helps nobody
            verdict.falls_off = None
        return verdict

    # -- the fix -------------------------------------------------------------------------------

    def _report(
        self,
        ctx: FileContext,
        pkg: str,
        site: CancelSite,
        message: str,
        name: bytes | None,
        leak_returns: set[int] | None,
        given: dict[int, set[str]],
    ) -> Finding:
        fix, why_not = self._fix(ctx, pkg, site, name, leak_returns, given)
        if why_not:
            message = f"{message} (no fix: {why_not})"
        return self.finding(site.call, message, fix)

    def _fix(
        self,
        ctx: FileContext,
        pkg: str,
        site: CancelSite,
        name: bytes | None,
        leak_returns: set[int] | None,
        given: dict[int, set[str]],
    ) -> tuple[Fix | None, str | None]:
        """The fix, or None and the reason there is none. ``given``: fresh names already handed
        out in this file, per top-level function (fixes applied in one pass must not share one)."""
        src, data, stmt = ctx.source, ctx.data, site.stmt
        if stmt.parent is None or stmt.parent.type != "statement_list":
            if stmt.parent is not None and stmt.parent.type in ("if_statement", "for_clause", *SWITCHES):
                return None, "the call is in an if, switch or for header"
            return None, "the statement is not directly in a block"
        level, reason = contexts.derived_context_escape(site, data, leak_returns)
        if level >= 2:
            return None, f"the derived context {reason}, and a deferred cancel would cancel it while still in use"
        line_end = src.line_end(src.line_of(stmt.end_byte))
        rest = data[stmt.end_byte : line_end].strip(b" \t")
        if rest and not rest.startswith(b"//"):
            return None, "another statement follows on the same line"
        nl = src.newline_at(stmt.end_byte)
        indent = src.indent_of_line(stmt.start_byte)
        edits: list[Edit] = []
        if name is None:
            top = syntax.top_function(site.call)
            taken = given.setdefault(-1 if top is None else top.id, set())
            fresh_str = syntax.free_name("cancel", top, data, taken)
            taken.add(fresh_str)
            fresh = fresh_str.encode()
            edits.append(Edit(site.cancel_node.start_byte, site.cancel_node.end_byte, fresh))
            if site.form == "=":
                qual = b"" if pkg == "." else pkg.encode() + b"."
                typ = contexts.cancel_type(site.fn)
                edits.append(Edit(stmt.start_byte, stmt.start_byte, b"var " + fresh + b" " + qual + typ + nl + indent))
            name = fresh
        call = contexts.cancel_call(name, site.fn)
        next_line = src.line_of(stmt.end_byte) + 1
        if next_line < src.line_count:
            # a whole new line at the start of the next one (what editors expect of an insertion)
            at = src.line_start(next_line)
            edits.append(Edit(at, at, indent + b"defer " + call + nl))
        else:  # pragma: no cover - a statement is always followed by the function's closing brace
            edits.append(Edit(line_end, line_end, nl + indent + b"defer " + call))
        shown = call.decode("utf-8", "replace")
        if site.cancel_node.type == "identifier" and ctx.btext(site.cancel_node) == b"_":
            description = f"name the cancel function {name.decode('utf-8', 'replace')} and defer {shown}"
        else:
            description = f"defer {shown} after the call"
        applicability = Applicability.SAFE
        if flow.innermost_for(stmt, site.func) is not None:
            applicability = Applicability.UNSAFE
            description += " (unsafe: inside a loop the deferred calls pile up until the function returns)"
        elif level == 1:
            applicability = Applicability.UNSAFE
            description += f" (unsafe: the derived context is {reason}, which now sees it cancelled when the function returns)"
        return Fix(description, tuple(edits), applicability), None


