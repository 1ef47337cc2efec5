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

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixer.analysis import flow, lexical, syntax
from gofixer.analysis.flow import SWITCHES, ReleasePaths, Verdict, is_field, statements
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

WITH_FUNCS = frozenset(
    {"WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause"}
)
# The only constructor whose cancel function is a CancelCauseFunc (WithTimeoutCause and
# WithDeadlineCause return a plain CancelFunc).
CAUSE_FUNC = "WithCancelCause"

# Names of calls after which a path ends (beyond flow.no_return_call): treating an unknown
# logger's Fatalf as the end of a path can only make the rule quieter, never noisier.
_NO_RETURN_NAMES = frozenset(
    {
        "fatal", "fatalf", "fatalln", "fatalw", "exit", "panic", "panicf", "panicln", "panicw",
        "goexit", "failnow", "skipnow", "skip", "skipf", "die", "dief",
    }
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------------


@dataclass
class _Site:
    call: Node
    fn: str
    form: str  # ":=", "=", "var"
    stmt: Node  # the statement to insert after (var_declaration for a var spec)
    assign: Node  # short_var_declaration, assignment_statement or var_spec
    ctx_node: Node
    cancel_node: Node
    func: Node  # innermost enclosing function


def _site(call: Node) -> tuple[str, Node, Node, Node, Node] | None:
    """(form, statement, assignment, lhs ctx, lhs cancel) when ``call`` is the whole right side
    of a two-name assignment."""
    rhs = call.parent
    if rhs is None or rhs.type != "expression_list" or rhs.named_child_count != 1:
        return None
    a = rhs.parent
    if a is None:
        return None
    if a.type in ("short_var_declaration", "assignment_statement"):
        if not is_field(a, "right", rhs):
            return None
        if a.type == "assignment_statement":
            op = a.child_by_field_name("operator")
            if op is None or op.type != "=":
                return None
        left = a.child_by_field_name("left")
        lhs = [] if left is None else [c for c in left.named_children if c.type != "comment"]
        if len(lhs) != 2:
            return None
        return (":=" if a.type == "short_var_declaration" else "="), a, a, lhs[0], lhs[1]
    if a.type == "var_spec":
        if a.child_by_field_name("type") is not None:
            return None
        names = a.children_by_field_name("name")
        if len(names) != 2:
            return None
        decl = a.parent
        if decl is not None and decl.type == "var_spec_list":
            decl = decl.parent
        if decl is None or decl.type != "var_declaration":
            return None
        return "var", decl, a, names[0], names[1]
    return None


def _declared_in(top: Node, name: str, data: bytes, memo: dict[tuple[int, str], bool]) -> bool:
    """``syntax.declares_locally``, once per function and name. A declaration is another
    ``name`` in the function's bytes besides the call's, so a function that spells it once is
    not walked."""
    key = (top.id, name)
    if key not in memo:
        once = "\ufffd" not in name and data.count(name.encode(), top.start_byte, top.end_byte) < 2
        memo[key] = not once and syntax.declares_locally(top, name, data)
    return memo[key]


def _inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _is_errlike(name: bytes) -> bool:
    return name in (b"err", b"ok") or name.endswith((b"err", b"Err", b"Error"))


# Candidates: a call whose function is named like one of context's With… constructors that
# return a cancel function. check() confirms the qualifier is the context import (or a dot
# import) and that the call is the whole right-hand side of a two-name assignment, := or var spec.
_WITH_CANCEL = re.compile(rb"With(?<![\w\x80-\xff]With)(?:Cancel|Timeout|Deadline)(?:Cause)?(?![\w\x80-\xff])")
_WITH_CANCEL_CALLS = """(call_expression
  function: [(selector_expression field: (field_identifier) @fn) (identifier) @fn]
  (#match? @fn "^With(Cancel|Timeout|Deadline)(Cause)?$")) @call"""


class LostCancel(Rule):
    code = "GF301"
    name = "lost-cancel"
    summary = "the cancel function of context.WithCancel/WithTimeout/WithDeadline discarded or not called on every path"
    fix_class = FixClass.SAFE_OR_UNSAFE
    requires = (b"WithCancel", b"WithTimeout", b"WithDeadline")  # their Cause variants included

    def applies_to(self, data: bytes) -> bool:
        # A finding is on a call of one of WITH_FUNCS (each contains one of ``requires``) from
        # the context package, which the file imports (under any name, dot import included:
        # the import path is there, as a string literal or a raw one).
        return any(r in data for r in self.requires) and lexical.may_import(data, "context")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        pkg = ctx.import_name("context")
        if pkg is None:
            return
        data = ctx.data
        found = lexical.calls_named(ctx.root, data, _WITH_CANCEL, _WITH_CANCEL_CALLS)
        if not found:
            return
        no_return: frozenset[bytes] | None = None  # made for the first call that needs a look
        shadowed: dict[tuple[int, str], bool] = {}
        seen: set[int] = set()
        # fresh names handed out in this run, per top-level function: fixes applied in the same
        # pass must not pick the same one
        given: dict[int, set[str]] = {}
        for call in sorted(found, key=lambda n: n.start_byte):
            if call.id in seen:
                continue
            seen.add(call.id)
            fn = syntax.is_call_to(call, data, pkg, WITH_FUNCS)
            if fn is None:
                continue
            shape = _site(call)
            if shape is None:
                continue
            func = syntax.enclosing_function(call)
            if func is None:
                continue  # package-level var: lives as long as the program
            top = syntax.top_function(call)
            local_name = fn if pkg == "." else pkg
            if top is not None and _declared_in(top, local_name, data, shadowed):
                continue  # `context` (or the dot-imported With…) is a local here: not the package
            form, stmt, assign, ctx_node, cancel_node = shape
            site = _Site(call, fn, form, stmt, assign, ctx_node, cancel_node, func)
            if no_return is None:
                no_return = _no_return_funcs(ctx.root, data, ctx.imports)
            finding = self._check_site(ctx, pkg, site, given, no_return)
            if finding is not None:
                yield finding

    # -- one call ------------------------------------------------------------------------------

    def _check_site(
        self, ctx: FileContext, pkg: str, site: _Site, given: dict[int, set[str]], no_return: frozenset[bytes]
    ) -> Finding | None:
        data = ctx.data
        what = f"the cancel function returned by context.{site.fn}"
        cancel_text = ctx.btext(site.cancel_node)
        if site.cancel_node.type == "identifier" and cancel_text == b"_":
            verdict = self._paths(ctx, site, None, no_return)
            leak_returns = None if verdict.unknown else {n.id for n in verdict.returns}
            message = f"{what} is never called"
            if not verdict.unknown and site.form == ":=" and _innermost_loop(site.stmt, site.func) is not None:
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
        decl = _local_decl(site.func, name, site.stmt, data)
        if decl == "result" or (site.form == "=" and decl != "local"):
            return None  # a named result (a naked return uses it), or declared outside the function
        if self._cancel_escapes(site, name, data):
            return None
        if _is_main_main(site.func, ctx):
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
        if _innermost_loop(site.stmt, site.func) is not None:
            per = self._per_iteration_fix(ctx, site, name, verdict)
            if per is not None:
                return self.finding(site.call, message, per)
        return self._report(ctx, pkg, site, message, name, leak_returns, given)

    def _per_iteration_fix(self, ctx: FileContext, site: _Site, name: bytes, verdict: Verdict) -> Fix | None:
        """Inside a loop, ``defer`` would pile up (and never run in a loop that never returns):
        call cancel where this iteration's context is left behind instead, before each leaking
        ``continue``, ``break`` and ``return`` and at the end of the loop body. None when one of
        those places cannot take a statement before it (or a return still uses the context)."""
        src, data, stmt = ctx.source, ctx.data, site.stmt
        loop = _innermost_loop(stmt, site.func)
        body = loop.child_by_field_name("body") if loop is not None else None
        if body is None or stmt.parent is None or stmt.parent.type != "statement_list" or stmt.parent.parent is None:
            return None
        if stmt.parent.parent.id != body.id:
            return None  # declared in a nested block: its scope ends before the loop body does
        level, _reason = _ctx_escape(site, data, {n.id for n in verdict.returns})
        if level >= 2:
            return None
        lo, hi = _cancel_range(site)
        ctx_name = ctx.btext(site.ctx_node) if site.ctx_node.type == "identifier" else None
        call = name + (b"(nil)" if site.fn == CAUSE_FUNC else b"()")
        edits: list[Edit] = []
        places = 0
        exits = [n for n in verdict.back_edges if n.type == "continue_statement"] + verdict.loop_breaks
        for r in verdict.returns:
            if not (lo <= r.start_byte < body.end_byte):
                # after leaving the loop, or in the next iteration before the context is made
                # again: reached only through a break or a back edge, which are covered
                continue
            if ctx_name and ctx_name != b"_" and _mentions(r, ctx_name, data):
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

    def _paths(self, ctx: FileContext, site: _Site, name: bytes | None, no_return: frozenset[bytes]) -> Verdict:
        """Where paths from the assignment leave the function without calling cancel ``name``
        (``None``: the cancel function is discarded, nothing releases it). ``no_return``: names of
        this file's functions that never return."""
        data = ctx.data
        func = site.func
        if any(n.type == "goto_statement" for n in syntax.walk_same_function(func)):
            return Verdict(unknown=True)
        lo, hi = _cancel_range(site)

        def in_scope(n: Node) -> bool:
            return lo <= n.start_byte < hi

        def callee_is_cancel(call: Node | None) -> bool:
            if call is None or call.type != "call_expression":
                return False
            fn = call.child_by_field_name("function")
            return fn is not None and fn.type == "identifier" and data[fn.start_byte : fn.end_byte] == name

        def releases(n: Node) -> bool:
            if name is None or not in_scope(n):
                return False
            if n.type == "expression_statement" and n.named_child_count == 1:
                return callee_is_cancel(n.named_children[0])
            if n.type == "defer_statement":
                return callee_is_cancel(next((c for c in n.named_children if c.type == "call_expression"), None))
            if n.type == "assignment_statement" and _all_blank(n.child_by_field_name("left"), data):
                # `_ = cancel` releases nothing, but go vet counts it as a use: agree with it
                right = n.child_by_field_name("right")
                return right is not None and any(
                    c.type == "identifier" and data[c.start_byte : c.end_byte] == name for c in right.named_children
                )
            return False

        def stops(n: Node) -> bool:
            if n.id == site.stmt.id or n.id == site.assign.id:
                return True
            return name is not None and in_scope(n) and _redefines(n, name, data)

        def ends(n: Node) -> bool:
            return n.type == "expression_statement" and _ends_path(n, data, ctx.imports, no_return)

        loop = _innermost_loop(site.stmt, func)

        def per_iteration(n: Node) -> bool:
            # the cancel function of this iteration is lost when the next one starts: the
            # variable is declared again (:=) or overwritten (=) by the same statement
            return loop is not None and n.id == loop.id

        paths = ReleasePaths(data, func, releases, stops, ends, per_iteration)
        verdict = paths.after(site.stmt)
        if verdict.falls_off is not None and not paths.end_reachable():
            # the assignment is in dead code and so is the end of the function: go vet's graph
            # has no implicit return there, and a report about dead code helps nobody
            verdict.falls_off = None
        return verdict

    def _cancel_escapes(self, site: _Site, name: bytes, data: bytes) -> bool:
        """Is the named cancel function used other than called in a statement of its own?"""
        func = site.func
        lo, hi = _cancel_range(site)
        for ref in syntax.walk(func):
            if ref.type != "identifier" or data[ref.start_byte : ref.end_byte] != name:
                continue
            if ref.id == site.cancel_node.id or not (lo <= ref.start_byte < hi):
                continue
            if syntax.enclosing_function(ref).id != func.id:
                return True  # captured by a closure or a goroutine
            p = ref.parent
            if p.type == "call_expression" and is_field(p, "function", ref):
                if p.parent is not None and p.parent.type in ("expression_statement", "defer_statement"):
                    continue
                return True  # `go cancel()`, or a call used as a value
            if p.type == "expression_list" and p.parent is not None and is_field(p.parent, "left", p):
                if _redefines(p.parent, name, data):
                    continue
                return True
            if p.type == "expression_list" and p.parent is not None and is_field(p.parent, "right", p):
                if p.parent.type == "assignment_statement" and _all_blank(p.parent.child_by_field_name("left"), data):
                    continue  # `_ = cancel` silences the compiler, it neither calls nor keeps it
                return True
            if p.type == "var_spec" and any(c.id == ref.id for c in p.children_by_field_name("name")):
                if _redefines(p, name, data):
                    continue
                if p.child_by_field_name("value") is None and ref.start_byte < site.stmt.start_byte:
                    continue  # `var cancel context.CancelFunc` declaring it
                return True
            if p.type == "parameter_declaration" and is_field(func, "parameters", p.parent):
                continue
            if p.type == "parameter_declaration" and is_field(func, "receiver", p.parent):
                continue
            return True
        return False

    # -- the fix -------------------------------------------------------------------------------

    def _report(
        self,
        ctx: FileContext,
        pkg: str,
        site: _Site,
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
        site: _Site,
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
        level, reason = _ctx_escape(site, data, leak_returns)
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
                typ = b"CancelCauseFunc" if site.fn == CAUSE_FUNC else b"CancelFunc"
                edits.append(Edit(stmt.start_byte, stmt.start_byte, b"var " + fresh + b" " + qual + typ + nl + indent))
            name = fresh
        call = name + (b"(nil)" if site.fn == CAUSE_FUNC else b"()")
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
        if _in_loop(stmt, site.func):
            applicability = Applicability.UNSAFE
            description += " (unsafe: inside a loop the deferred calls pile up until the function returns)"
        elif level == 1:
            applicability = Applicability.UNSAFE
            description += f" (unsafe: the derived context is {reason}, which now sees it cancelled when the function returns)"
        return Fix(description, tuple(edits), applicability), None


# ---------------------------------------------------------------------------------------------
# helpers (candidates for goscope)
# ---------------------------------------------------------------------------------------------


def _cancel_range(site: _Site) -> tuple[int, int]:
    """Byte range in which the name of the cancel variable refers to it: from the declaration to
    the end of its scope for := and var, the whole function for = (declared elsewhere)."""
    func = site.func
    if site.form == "=":
        return func.start_byte, func.end_byte
    scope = _scope_of(site.stmt)
    return site.stmt.end_byte, (scope.end_byte if scope is not None else func.end_byte)


def _scope_of(stmt: Node) -> Node | None:
    """The node whose end bounds the scope of names a statement declares with := or var."""
    p = stmt.parent
    if p is None:
        return None
    if p.type == "statement_list":
        return p
    if p.type == "for_clause":
        return p.parent
    return p  # if/switch header: the whole statement


def _redefines(stmt: Node, name: bytes, data: bytes) -> bool:
    """Is ``stmt`` (or the var spec inside it) an assignment of a With… call whose second
    left-hand name is ``name``?"""
    node = stmt
    if node.type == "var_declaration":
        specs = [c for c in syntax.walk_same_function(node) if c.type == "var_spec"]
        return any(_redefines(s, name, data) for s in specs)
    if node.type == "var_spec":
        names = node.children_by_field_name("name")
        value = node.child_by_field_name("value")
        lhs2 = names[1] if len(names) == 2 else None
    elif node.type in ("short_var_declaration", "assignment_statement"):
        left = node.child_by_field_name("left")
        value = node.child_by_field_name("right")
        items = [] if left is None else [c for c in left.named_children if c.type != "comment"]
        lhs2 = items[1] if len(items) == 2 else None
    else:
        return False
    if lhs2 is None or value is None or value.named_child_count != 1:
        return False
    if lhs2.type != "identifier" or data[lhs2.start_byte : lhs2.end_byte] != name:
        return False
    call = value.named_children[0]
    if call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    return fn is not None and data[fn.start_byte : fn.end_byte].decode("utf-8", "replace") in WITH_FUNCS


def _ends_path(stmt: Node, data: bytes, imports: dict[str, str], extra: frozenset[bytes] | set[bytes] = frozenset()) -> bool:
    """Does the expression statement end its path (``panic``, ``os.Exit``, ``t.Fatal``, any
    ``…Fatalf``, or a call of a function named in ``extra``)?"""
    if flow.no_return_call(stmt, data, imports):
        return True
    call = stmt.named_children[0] if stmt.named_child_count == 1 else None
    if call is None or call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    if fn is None or fn.type not in ("identifier", "field_identifier"):
        return False
    name = data[fn.start_byte : fn.end_byte]
    return name in extra or name.decode("utf-8", "replace").lower() in _NO_RETURN_NAMES


def _no_return_funcs(root: Node, data: bytes, imports: dict[str, str]) -> frozenset[bytes]:
    """Names of this file's functions and methods that never return (``func fail() { panic(…) }``),
    so that a path through a call of one ends there, as it does in go vet's control flow graph.
    Resolved by name only: a method of another type with the same name counts too, which can
    only make the rule quieter."""
    funcs = []
    for d in root.named_children:
        if d.type in ("function_declaration", "method_declaration"):
            name, body = d.child_by_field_name("name"), d.child_by_field_name("body")
            if name is not None and body is not None:
                funcs.append((data[name.start_byte : name.end_byte], d, body))
    known: set[bytes] = set()
    never = lambda n: False  # noqa: E731
    ends = lambda n: n.type == "expression_statement" and _ends_path(n, data, imports, known)  # noqa: E731
    todo = funcs
    while todo:
        added = []
        for name, func, body in todo:
            if name not in known and not ReleasePaths(data, func, never, never, ends).exits(statements(body)):
                known.add(name)
                added.append(name)
        # only a function that calls a name just found can change its answer (a fixpoint:
        # another pass over every function would find the same)
        todo = [
            (name, func, body)
            for name, func, body in funcs
            if name not in known and any(a in data[body.start_byte : body.end_byte] for a in added)
        ]
    return frozenset(known)


def _local_decl(func: Node, name: bytes, stmt: Node, data: bytes) -> str | None:
    """How ``name``, assigned by ``stmt``, is declared: "local" (in ``func``, before ``stmt``, in a
    scope covering it, or a parameter), "result" (a named result), or None (not in ``func``)."""
    for field_name, kind in (("receiver", "local"), ("parameters", "local"), ("result", "result")):
        plist = func.child_by_field_name(field_name)
        if plist is None or plist.type != "parameter_list":
            continue
        for decl in plist.named_children:
            for n in decl.children_by_field_name("name"):
                if data[n.start_byte : n.end_byte] == name:
                    return kind
    body = func.child_by_field_name("body")
    if body is None:
        return None
    found = None
    for n in syntax.walk_same_function(body):
        if n.start_byte >= stmt.start_byte:
            continue
        ids: list[Node] = []
        decl_stmt = n
        if n.type == "var_spec":
            ids = list(n.children_by_field_name("name"))
            decl_stmt = n.parent.parent if n.parent.type == "var_spec_list" else n.parent
        elif n.type == "short_var_declaration" or (n.type == "range_clause" and any(c.type == ":=" for c in n.children)):
            left = n.child_by_field_name("left")
            ids = [] if left is None else [c for c in left.named_children if c.type == "identifier"]
            if n.type == "range_clause":
                decl_stmt = n.parent
        if not any(data[i.start_byte : i.end_byte] == name for i in ids):
            continue
        scope = _scope_of(decl_stmt) if n.type != "range_clause" else decl_stmt
        if scope is not None and _inside(stmt, scope):
            found = "local"
    return found


def _is_main_main(func: Node, ctx: FileContext) -> bool:
    if func.type != "function_declaration":
        return False
    name = func.child_by_field_name("name")
    if name is None or ctx.btext(name) != b"main":
        return False
    pkg = next((c for c in ctx.root.named_children if c.type == "package_clause"), None)
    ident = None if pkg is None else next((c for c in pkg.named_children if c.type == "package_identifier"), None)
    return ident is not None and ctx.btext(ident) == b"main"


def _innermost_loop(stmt: Node, func: Node) -> Node | None:
    p = stmt.parent
    while p is not None and p.id != func.id:
        if p.type == "for_statement":
            return p
        p = p.parent
    return None


def _mentions(node: Node, name: bytes, data: bytes) -> bool:
    return any(n.type == "identifier" and data[n.start_byte : n.end_byte] == name for n in syntax.walk(node))


def _in_loop(stmt: Node, func: Node) -> bool:
    p = stmt.parent
    while p is not None and p.id != func.id:
        if p.type == "for_statement":
            return True
        p = p.parent
    return False


def _ctx_escape(site: _Site, data: bytes, leak_returns: set[int] | None) -> tuple[int, str]:
    """Would cancelling the derived context when the function returns break a use of it?

    0: no sign of it. 1: a goroutine or a closure that may run later uses it (unsafe fix).
    2: it, or a value made from it, is returned on a leaking path, stored in a field, a
    composite literal or an outer variable, or sent on a channel (no fix). Values made from the
    context are followed through assignments by name (``req := r.WithContext(ctx)``), errors and
    ``ok`` flags excepted.
    """
    func = site.func
    first = site.ctx_node
    if first.type != "identifier":
        return 2, f"is stored in {data[first.start_byte : first.end_byte].decode('utf-8', 'replace')}"
    cname = data[first.start_byte : first.end_byte]
    if cname == b"_":
        return 0, ""
    kind = _local_decl(func, cname, site.stmt, data)
    if kind == "result":
        return 2, "is a named result"
    if site.form == "=" and kind is None:
        return 2, "is assigned to a variable declared outside the function"

    if not _results_can_carry(func, data):
        leak_returns = set()  # nothing it returns can hold a context: returns are harmless
    level, reason = 0, ""
    tracked: dict[bytes, int] = {cname: site.stmt.end_byte}  # name -> where tracking starts
    queue = [cname]
    while queue:
        current = queue.pop()
        since = tracked[current]
        via = "" if current == cname else f" (through {current.decode('utf-8', 'replace')})"
        for ref in syntax.walk(func):
            if ref.type != "identifier" or ref.start_byte < since:
                continue
            if data[ref.start_byte : ref.end_byte] != current:
                continue
            if _plain_method_result(ref, data):
                continue  # ctx.Err(), ctx.Value(k), ctx.Deadline(): not bound to the context
            child, node = ref, ref.parent
            while node is not None and node.id != func.id:
                t = node.type
                if t == "return_statement" and syntax.enclosing_function(node).id == func.id:
                    if leak_returns is None or node.id in leak_returns:
                        return 2, "is returned" + via
                elif t == "go_statement":
                    level, reason = 1, "used by a goroutine" + via
                elif t == "func_literal" and level < 1 and not _invoked_here(node):
                    level, reason = 1, "used by a closure" + via
                elif t == "composite_literal":
                    return 2, "is stored in a composite literal" + via
                elif t == "send_statement" and is_field(node, "value", child):
                    return 2, "is sent on a channel" + via
                elif t in ("assignment_statement", "short_var_declaration") and is_field(node, "right", child):
                    left = node.child_by_field_name("left")
                    for lhs in [] if left is None else left.named_children:
                        if lhs.type == "comment":
                            continue
                        if lhs.type != "identifier":
                            return 2, f"is stored in {data[lhs.start_byte : lhs.end_byte].decode('utf-8', 'replace')}{via}"
                        lname = data[lhs.start_byte : lhs.end_byte]
                        if lname == b"_" or _is_errlike(lname):
                            continue
                        if t == "assignment_statement" and _local_decl(func, lname, node, data) != "local":
                            return 2, "is assigned to a variable declared outside the function" + via
                        if lname not in tracked:
                            tracked[lname] = node.end_byte
                            queue.append(lname)
                elif t == "var_spec" and is_field(node, "value", child):
                    for lhs in node.children_by_field_name("name"):
                        lname = data[lhs.start_byte : lhs.end_byte]
                        if lname != b"_" and not _is_errlike(lname) and lname not in tracked:
                            tracked[lname] = node.end_byte
                            queue.append(lname)
                child, node = node, node.parent
    return level, reason


def _invoked_here(lit: Node) -> bool:
    """``func(){…}()`` or ``defer func(){…}()``: a literal run before the function returns."""
    call = lit.parent
    if call is None or call.type != "call_expression" or not is_field(call, "function", lit):
        return False
    return call.parent is not None and call.parent.type in ("expression_statement", "defer_statement")


_BASIC_TYPES = frozenset(
    b"bool string error byte rune uintptr int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 "
    b"float32 float64 complex64 complex128".split()
)


def _plain_type(t: Node | None, data: bytes) -> bool:
    """A type whose values cannot hold a context (basic types, time values, slices of them)."""
    if t is None:
        return False
    if t.type == "type_identifier":
        return data[t.start_byte : t.end_byte] in _BASIC_TYPES
    if t.type == "qualified_type":
        pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
        return (
            pkg is not None
            and name is not None
            and data[pkg.start_byte : pkg.end_byte] == b"time"
            and data[name.start_byte : name.end_byte] in (b"Duration", b"Time")
        )
    if t.type in ("slice_type", "array_type"):
        return _plain_type(t.child_by_field_name("element"), data)
    return False


def _results_can_carry(func: Node, data: bytes) -> bool:
    """Could a value the function returns hold the derived context (or something bound to it)?"""
    result = func.child_by_field_name("result")
    if result is None:
        return False
    if result.type != "parameter_list":
        return not _plain_type(result, data)
    return any(
        not _plain_type(p.child_by_field_name("type"), data)
        for p in result.named_children
        if p.type in ("parameter_declaration", "variadic_parameter_declaration")
    )


def _plain_method_result(ref: Node, data: bytes) -> bool:
    """``ctx.Err()``, ``ctx.Value(k)``, ``ctx.Deadline()``: calls whose results outlive a cancel."""
    sel = ref.parent
    if sel is None or sel.type != "selector_expression" or not is_field(sel, "operand", ref):
        return False
    fld = sel.child_by_field_name("field")
    call = sel.parent
    return (
        fld is not None
        and data[fld.start_byte : fld.end_byte] in (b"Err", b"Value", b"Deadline")
        and call is not None
        and call.type == "call_expression"
        and is_field(call, "function", sel)
    )


def _all_blank(left: Node | None, data: bytes) -> bool:
    items = [] if left is None else [c for c in left.named_children if c.type != "comment"]
    return bool(items) and all(c.type == "identifier" and data[c.start_byte : c.end_byte] == b"_" for c in items)
