"""GF308 started-never-stopped: a value whose goroutine waits for a Stop (or Close, Rollback…) that never comes.

What it finds
    A local value of a type of the package whose goroutine ends only through another method of
    the type: a method starts it on its receiver (``w.Start()``), or a function returns the value
    with it running (``tx := db.begin(ctx)``), and the goroutine waits until a channel field is
    closed or a context field's cancel function is called, which only some methods do (``Stop``,
    directly or through the methods it calls). Reported when the function that holds the value
    calls none of them and does not hand the value on (it does not return it, store it, pass it
    to a call, send it or use it in a closure): then nothing can, and the goroutine outlives the
    value. A discarded result of such a function (``db.begin(ctx)`` as a statement) is reported
    too. Not reported in ``main.main`` or ``init`` (the goroutine lives as long as the process).

Why it is bad
    The type's contract is that whoever starts it stops it. A goroutine parked on ``<-w.done``
    holds its stack and everything the value references; a function that starts one per call
    and forgets the stop grows the program's goroutines without bound, and no test that only
    checks results notices.

Example
    func process(items []Item) {
        w := newWorker()
        w.Start()
        for _, it := range items {
            w.Add(it)
        }
    }

Fixed
    func process(items []Item) {
        w := newWorker()
        w.Start()
        defer w.Stop()
        for _, it := range items {
            w.Add(it)
        }
    }

Fix safety
    Unsafe: ``defer v.Stop()`` (the method that ends the goroutine; when several do, the one no
    other calls, exported first) goes on the line after the start; a discarded result is first
    kept in a new variable. The goroutine is then stopped when the function returns, which is the
    contract, but the stop method may do more (flush, wait, report an error that is now
    ignored). No fix inside a loop (deferred calls would pile up), when several methods end the
    goroutine and none is the obvious one, or when the start shares its line with other code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import flow, goroutines, lexical, lifecycles, prefilter, statement_edits, syntax
from gofixer.analysis.lifecycles import Lifecycle
from gofixer.analysis.types import deref
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule


# A goroutine that can wait on a field (analysis.lifecycles.waits_only_on): a method started
# with `go x.m(…)`, or a literal whose body begins (comments aside) with `for {` or a receive.
GOROUTINE_THAT_WAITS = re.compile(
    rb"\bgo[ \t]+(?:func[ \t]*\([^)]*\)[ \t]*\{\s*(?://[^\n]*\n\s*)*(?:for[ \t]*\{|<-)|[A-Za-z_]\w*\.[A-Za-z_]\w*\()"
)


class StartedNeverStopped(Rule):
    code = "GF308"
    name = "started-never-stopped"
    summary = "a local value's goroutine waits for a Stop/Close/cancel that the function never calls"
    fix_class = FixClass.UNSAFE
    tier = "preview"
    # A finding is a call in this file; the package starts a goroutine (a `go` statement in one
    # of its files) that waits on a channel some method closes or a context it cancels.
    needs = prefilter.in_package(prefilter.matches(GOROUTINE_THAT_WAITS), "a goroutine that may wait") & prefilter.in_package(
        prefilter.any_word(b"close", b"Done"), "close or Done"
    )
    package_wide = True

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        model, f = ctx.model, ctx.index
        found = lifecycles.lifecycles(model)
        if not found:
            return
        data = ctx.data
        starters = {name: lc for lc in found.values() for name in lc.starters}
        names = lifecycles.called_names(found, model)
        if not any(name.encode() in data for name in names):
            return
        pattern = re.compile(rb"(?<![\w\x80-\xff])(?:" + b"|".join(re.escape(n.encode()) for n in sorted(names)) + rb")(?=[ \t]*\()")
        query = '(call_expression function: [(selector_expression field: (field_identifier) @fn) (identifier) @fn]) @call'
        reach = goroutines.PackageReach(ctx.root, data, ctx.path, ctx.package)
        for call in lexical.calls_named(ctx.root, data, pattern, query):
            fn = syntax.unparen(call.child_by_field_name("function"))
            if fn is None:
                continue
            func = syntax.top_function(call)
            if func is None or reach.lives_with_process(call):
                continue
            lc, how = None, ""
            if fn.type == "selector_expression" and ctx.text(fn.child_by_field_name("field")) in starters:
                cand = starters[ctx.text(fn.child_by_field_name("field"))]
                base = deref(model.typeof(f, fn.child_by_field_name("operand")))
                if base == ("named", cand.type_name):
                    lc, how = cand, "starts"
            if lc is None:
                target = model.callee(f, call)
                if target is not None:
                    key = (target[0].idx, target[1].start_byte, target[1].end_byte)
                    lc = next((c for c in found.values() if key in c.makers), None)
                    how = "makes"
            if lc is None:
                continue
            finding = self._site(ctx, call, fn, lc, how)
            if finding is not None:
                yield finding

    def _site(self, ctx: FileContext, call: Node, fn: Node, lc: Lifecycle, how: str) -> Finding | None:
        stop = lc.outermost[0] if len(lc.outermost) == 1 else None
        names = " or ".join(f"{n}" for n in lc.outermost)
        runs = f" ({lc.goroutine})" if lc.goroutine else ""
        stmt = call.parent
        if how == "makes" and stmt is not None and stmt.type == "expression_statement":
            waits = f"closes its {lc.signal} channel" if lc.kind == "chan" else f"cancels its {lc.signal} context"
            message = (
                f"{ctx.text(fn)}(…) returns a {lc.type_name} whose goroutine{runs} ends only when "
                f"{names} {waits}; the result is discarded, so nothing ever does and the goroutine leaks"
            )
            return self.finding(call, message, self._keep_fix(ctx, call, stmt, lc, stop))
        holder = self._holder(ctx, call, fn, how)
        if holder is None:
            return None
        var, func, start = holder
        if self._released_or_handed_on(ctx, var, func, lc):
            return None
        name = ctx.text(var)
        waits = f"closes {name}.{lc.signal}" if lc.kind == "chan" else f"cancels {name}.{lc.signal}"
        shown = f"{name}.{ctx.text(fn.child_by_field_name('field'))}()" if how == "starts" else f"{ctx.text(fn)}(…)"
        message = (
            f"{shown} starts a goroutine{runs} that ends only when {names} {waits}, and this "
            f"function never calls {name}.{stop or lc.outermost[0]}() nor hands {name} on: the goroutine "
            "leaks when it returns"
        )
        fix, why = self._defer_fix(ctx, start, name, stop, func)
        if fix is None:
            message += f"; no fix: {why}"
        return self.finding(call, message, fix)

    # -- the value and what happens to it ------------------------------------------------------

    def _holder(self, ctx: FileContext, call: Node, fn: Node, how: str) -> tuple[Node, Node, Node] | None:
        """(the local variable, its function, the statement that starts the goroutine)."""
        model, f = ctx.model, ctx.index
        stmt = call.parent
        if how == "starts":
            var = syntax.unparen(fn.child_by_field_name("operand"))
            if stmt is None or stmt.type != "expression_statement":
                return None
        else:
            p = call.parent
            if p is None or p.type != "expression_list" or p.parent is None:
                return None
            stmt = p.parent
            if stmt.type != "short_var_declaration":
                return None
            left = syntax.named(stmt.child_by_field_name("left"))
            var = left[0] if left else None
        if var is None or var.type != "identifier":
            return None
        d, owner = model.lookup(f, var)
        if d is None or owner is None or d.kind != "local":
            return None
        return var, owner, stmt

    def _released_or_handed_on(self, ctx: FileContext, var: Node, func: Node, lc: Lifecycle) -> bool:
        """Does the function call a releasing method on the variable, or let it go anywhere a
        releasing call could come from (returned, stored, passed, sent, captured)?"""
        model, f, data = ctx.model, ctx.index, ctx.data
        d, _ = model.lookup(f, var)
        name = ctx.btext(var)
        for n in syntax.walk(func):
            if n.type != "identifier" or data[n.start_byte : n.end_byte] != name or n.start_byte == d.name_at:
                continue
            got, _fn = model.lookup(f, n)
            if got is None or got.name_at != d.name_at:
                continue
            p = n.parent
            if p is not None and p.type == "selector_expression" and syntax.is_field(p, "operand", n):
                call = p.parent
                field = ctx.text(p.child_by_field_name("field"))
                if call is not None and call.type == "call_expression" and syntax.is_field(call, "function", p):
                    if field in lc.releasers:
                        return True
                    if self._in_closure(n, func):
                        return True
                    continue  # another method of the value
                if not self._in_closure(n, func):
                    continue  # a field read
                return True
            if p is not None and p.type == "expression_list" and p.parent is not None:
                stmt = p.parent
                if stmt.type in ("short_var_declaration", "assignment_statement") and stmt.child_by_field_name("left") == p:
                    continue  # assigned: the declaration or a new value
            return True  # passed, returned, stored, sent, compared: whoever gets it may stop it
        return False

    @staticmethod
    def _in_closure(n: Node, func: Node) -> bool:
        p = n.parent
        while p is not None and p.id != func.id:
            if p.type in ("func_literal", "go_statement", "defer_statement"):
                return True
            p = p.parent
        return False

    # -- fixes ---------------------------------------------------------------------------------

    def _defer_fix(self, ctx: FileContext, start: Node, name: str, stop: str | None, func: Node) -> tuple[Fix | None, str]:
        src = ctx.source
        if stop is None:
            return None, "several methods end the goroutine"
        if flow.innermost_for(start, func) is not None:
            return None, "inside a loop deferred calls would pile up until the function returns"
        if start.parent is None or start.parent.type != "statement_list" or not statement_edits.rest_blank(src, start.end_byte):
            return None, "the start shares its line with other code"
        at = src.line_start(src.line_of(start.end_byte) + 1)
        text = src.indent_of_line(start.start_byte) + f"defer {name}.{stop}()".encode() + src.newline_at(start.end_byte)
        fix = Fix(f"stop {name} when the function returns: defer {name}.{stop}()", (Edit(at, at, text),), Applicability.UNSAFE)
        return fix, ""

    def _keep_fix(self, ctx: FileContext, call: Node, stmt: Node, lc: Lifecycle, stop: str | None) -> Fix | None:
        src = ctx.source
        func = syntax.enclosing_function(call)
        if stop is None or func is None or flow.innermost_for(stmt, func) is not None:
            return None
        if stmt.parent is None or stmt.parent.type != "statement_list" or not statement_edits.starts_line(src, stmt.start_byte):
            return None
        if not statement_edits.rest_blank(src, stmt.end_byte):
            return None
        base = lc.type_name[:1].lower() + lc.type_name[1:]
        if not base.isidentifier() or base in _KEYWORDS:
            base = "v"
        var = syntax.free_name(base, syntax.top_function(call), ctx.data)
        nl = src.newline_at(stmt.end_byte)
        ind = src.indent_of_line(stmt.start_byte)
        text = f"{var} := ".encode() + ctx.btext(call) + nl + ind + f"defer {var}.{stop}()".encode()
        return Fix(
            f"keep the result in {var} and stop it when the function returns: defer {var}.{stop}()",
            (Edit(stmt.start_byte, stmt.end_byte, text),),
            Applicability.UNSAFE,
        )


_KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import interface map "
    "package range return select struct switch type var".split()
)
