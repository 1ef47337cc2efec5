"""GF307 cancel-never-called: a cancel function kept in a field, a package variable or ``_``, and never called.

What it finds
    The cancel function of ``context.WithCancel``/``WithTimeout``/``WithDeadline`` (and their
    ``Cause`` variants) that nothing will ever call:

    - stored in an unexported struct field of type ``context.CancelFunc`` (or
      ``CancelCauseFunc``) that no code of the package reads: not called, not passed on, not
      even compared with nil. The finding is on each assignment of a function to the field (or
      keyed element of a literal of the type).
    - stored in an unexported package variable of that type that the package never reads,
      assigned in a function (a package-level ``var ctx, cancel = …`` lives with the process and
      is not reported, nor are assignments in ``main.main`` and ``init``).
    - kept in a local that is only assigned to ``_`` (``_ = cancel``), which silences the
      compiler (and ``go vet``'s lostcancel, which counts it as a use) but calls nothing. The
      finding is on the ``_ = cancel`` statement.

    Exported fields and variables are left alone (another package may call them), and so is a
    read whose operand's type the model cannot tell (it may be this field).

Why it is bad
    A cancel function is kept so that someone calls it. If nobody does, the derived context
    stays registered with its parent (or its timer runs) until the parent is cancelled, which
    for a server's root context is never, and every goroutine that waits on its ``Done()`` waits
    as long: a leak per value or per call, invisible to ``go vet``, which stops at the store.

Example
    type poller struct {
        cancel context.CancelFunc
    }

    func (p *poller) start(parent context.Context) {
        ctx, cancel := context.WithCancel(parent)
        p.cancel = cancel // nothing ever calls p.cancel
        go p.loop(ctx)
    }

    ctx, cancel := context.WithTimeout(parent, time.Second)
    _ = cancel

Fixed
    Call the stored function where the value's life ends (a ``Close`` or ``Stop`` method): that
    is a design decision, so the field and variable shapes are reported without a fix. For
    ``_ = cancel``:

    ctx, cancel := context.WithTimeout(parent, time.Second)
    defer cancel()

Fix safety
    ``_ = cancel`` becomes ``defer cancel()`` when it follows the assignment (elsewhere the
    ``defer`` goes on the line after the assignment and the ``_ = cancel`` is removed). Safe when
    the derived context is used only by the function's own work; unsafe when a goroutine or a
    closure that may run later uses it (it now sees the context cancelled when the function
    returns). No fix inside a loop (deferred calls would pile up), when the derived context is
    returned, stored or sent (a deferred cancel would cancel it while in use), or when the
    statements share a line with other code.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import contexts, flow, goroutines, prefilter, statement_edits, stored_cancels, syntax
from gofixer.analysis.contexts import CancelSite
from gofixer.analysis.contexts_at_hand import blank_use
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule


class CancelNeverCalled(Rule):
    code = "GF307"
    name = "cancel-never-called"
    summary = "a cancel function kept in a field, a package variable or _, and never called"
    fix_class = FixClass.SAFE_OR_UNSAFE
    tier = "preview"
    # A finding is in a file that imports context: a With… call whose cancel goes to `_ =`, or
    # the assignment of a function to a field or variable of type CancelFunc, which the package
    # spells (`CancelFunc`, or a With… call whose second result a package variable takes).
    needs = prefilter.imports("context") & (
        prefilter.any_word(b"WithCancel", b"WithTimeout", b"WithDeadline")
        | prefilter.in_package(prefilter.contains(b"CancelFunc"), "spells CancelFunc")
    )
    package_wide = True

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if ctx.import_name("context") is None:
            return
        yield from self._discarded(ctx)
        yield from self._stored(ctx)

    # -- `_ = cancel` ---------------------------------------------------------------------------

    def _discarded(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        cname = ctx.import_name("context")
        if b"_ =" not in data and b"_=" not in data:
            return
        for call in contexts.with_cancel_calls(ctx.root, data):
            fn = syntax.package_call(call, data, cname, contexts.WITH_CANCEL)
            site = contexts.cancel_site(call, fn) if fn is not None else None
            if site is None or site.cancel_node.type != "identifier":
                continue
            name = ctx.btext(site.cancel_node)
            if name == b"_" or goroutines.PackageReach(ctx.root, data, ctx.path, ctx.package).lives_with_process(call):
                continue
            if syntax.local_kind(site.func, name, site.stmt, data) != "local" and site.form == "=":
                continue
            lo, hi = contexts.cancel_range(site)
            blanks, others = [], 0
            for n in syntax.walk(site.func):
                if n.type != "identifier" or data[n.start_byte : n.end_byte] != name or n.id == site.cancel_node.id:
                    continue
                if not (lo <= n.start_byte < hi):
                    continue
                if blank_use(n, data):
                    blanks.append(n.parent.parent)
                else:
                    others += 1
            if not blanks or others:
                continue
            shown = name.decode("utf-8", "replace")
            message = (
                f"the cancel function {shown} of context.{site.fn} is only assigned to _: nothing calls it, so "
                "the derived context lives until its parent is done"
            )
            fix, why = self._defer_fix(ctx, site, name, blanks)
            if fix is None:
                message += f"; no fix: {why}"
            yield self.finding(blanks[0], message, fix)

    def _defer_fix(self, ctx: FileContext, site: CancelSite, name: bytes, blanks: list[Node]) -> tuple[Fix | None, str]:
        src, data, stmt = ctx.source, ctx.data, site.stmt
        if flow.innermost_for(stmt, site.func) is not None:
            return None, "inside a loop a deferred call would pile up until the function returns"
        if stmt.parent is None or stmt.parent.type != "statement_list":
            return None, "the assignment is not directly in a block"
        level, reason = contexts.derived_context_escape(site, data, None)
        if level >= 2:
            return None, f"the derived context {reason}, and a deferred cancel would cancel it while still in use"
        call = b"defer " + contexts.cancel_call(name, site.fn)
        edits: list[Edit] = []
        following = stmt.next_named_sibling
        while following is not None and following.type == "comment":
            following = following.next_named_sibling
        first = blanks[0]
        if following is not None and following.id == first.id and statement_edits.starts_line(src, first.start_byte):
            edits.append(Edit(first.start_byte, first.end_byte, call))
            rest = blanks[1:]
        else:
            if not statement_edits.rest_blank(src, stmt.end_byte):
                return None, "another statement follows the assignment on its line"
            at = src.line_start(src.line_of(stmt.end_byte) + 1)
            edits.append(Edit(at, at, src.indent_of_line(stmt.start_byte) + call + src.newline_at(stmt.end_byte)))
            rest = blanks
        for b in rest:
            e = statement_edits.delete_statement(src, b)
            if e is None:
                return None, "a `_ =` statement shares its line with other code"
            edits.append(e)
        edits.sort(key=lambda e: (e.start, e.end))
        if any(a.end > b.start for a, b in zip(edits, edits[1:])):
            return None, "the edits overlap"
        applicability = Applicability.SAFE
        description = f"call {name.decode('utf-8', 'replace')} when the function returns"
        if level == 1:
            applicability = Applicability.UNSAFE
            description += f" (unsafe: the derived context is {reason}, which now sees it cancelled when the function returns)"
        return Fix(description, tuple(edits), applicability), ""

    # -- fields and package variables -------------------------------------------------------------

    def _stored(self, ctx: FileContext) -> Iterator[Finding]:
        model, f = ctx.model, ctx.index
        for type_name, fields in sorted(stored_cancels.cancel_fields(model).items()):
            for field in fields:
                if field.encode() not in ctx.data:
                    continue
                uses = stored_cancels.field_uses(model, type_name, field)
                if any(u.kind == "read" for u in uses):
                    continue
                for u in uses:
                    if u.file is not f or not u.typed or self._nil(u.value):
                        continue
                    message = (
                        f"the cancel function stored in {type_name}.{field} is never called: nothing in the "
                        f"package reads {field}, so the context it cancels (and whatever waits on its Done) "
                        "lives until its parent is done"
                    )
                    yield self.finding(u.node, message)
        for var in stored_cancels.cancel_variables(model):
            if var.encode() not in ctx.data:
                continue
            uses = stored_cancels.variable_uses(model, var)
            if any(u.kind == "read" for u in uses):
                continue
            for u in uses:
                if u.file is not f or u.kind != "write" or self._nil(u.value):
                    continue
                if syntax.top_function(u.node) is None or goroutines.PackageReach(ctx.root, ctx.data, ctx.path, ctx.package).lives_with_process(u.node):
                    continue
                message = (
                    f"the cancel function stored in the package variable {var} is never called: nothing in "
                    f"the package reads {var}, so the context it cancels lives until its parent is done"
                )
                yield self.finding(u.node, message)

    @staticmethod
    def _nil(value: Node | None) -> bool:
        value = syntax.unparen(value)
        return value is not None and value.type == "nil"
