"""GF304 context-goes-nowhere: a derived context nothing uses, or a context parameter passed to nothing.

What it finds
    Two shapes of a context that is made or given and then not passed on:

    - ``ctx2, cancel := context.WithTimeout(ctx, d)`` (``WithCancel``, ``WithDeadline`` and
      their ``Cause`` variants too) whose derived context is never used: it is ``_``, or only
      ``_ = ctx2`` reads it. The calls below still get the parent, so the timeout bounds
      nothing. The finding is on the ``With…`` call. Not when the parent is a value of a type
      of its own (a test's custom ``Context``): its other uses are not contexts passed on.
    - A function with a ``context.Context`` parameter it never uses that passes another context
      to its calls: a field (``s.ctx``), a variable of an enclosing function, another request's
      ``Context()`` (``context.Background()`` and ``TODO()`` are GF306's). The finding is on the
      first such argument, and names the others. A preview variant: a type that keeps a context
      of its own may mean it.

    Uses inside a ``go`` statement, a deferred call or a func literal that may run later are
    not counted as the function's own calls (they may well be meant to outlive it).

Why it is bad
    A deadline or a cancellation is only as good as the calls that get it. A derived context
    that goes nowhere is a timeout that does not exist: the call it was written for waits as
    long as it likes, and the reader of the code believes otherwise. A function that ignores the
    context it is given cannot be stopped by its caller, whatever the caller does.

Example
    func (c *Client) Lookup(ctx context.Context, name string) (string, error) {
        _, cancel := context.WithTimeout(ctx, 2*time.Second)
        defer cancel()
        return c.resolver.Resolve(ctx, name)
    }

Fixed
    func (c *Client) Lookup(ctx context.Context, name string) (string, error) {
        ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
        defer cancel()
        return c.resolver.Resolve(ctx, name)
    }

Fix safety
    Unsafe: the calls now get the derived context (or the parameter), so they are cut short by
    the deadline or by the caller, which is the point, and which a reviewer should confirm. A
    discarded ``_`` becomes the parent's name when the assignment declares it in a block of its
    own or nothing captured the parent earlier (every use below then gets the derived context);
    otherwise the parent's uses below are renamed. ``_ = ctx2`` statements that only silenced
    the compiler are removed. No fix when the parent is not a variable, when nothing below uses
    the parent (then the derived context is simply useless), or when a use is on a line the
    edit cannot reach.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import closures, contexts, contexts_at_hand, prefilter, statement_edits, syntax
from gofixer.analysis.contexts_at_hand import AtHand
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

PARAM_TYPE = re.compile(rb"Context[ \t]*[,)]")


class ContextGoesNowhere(Rule):
    code = "GF304"
    name = "context-goes-nowhere"
    summary = "a derived context nothing uses, or a context parameter passed to nothing while another context is"
    fix_class = FixClass.UNSAFE
    tier = "preview"
    # A finding is a With… call of package context, or a function with a context.Context
    # parameter (spelt ``Context`` before ``,`` or ``)``), in a file that imports context.
    needs = prefilter.imports("context") & (
        prefilter.any_word(b"WithCancel", b"WithTimeout", b"WithDeadline") | prefilter.matches(PARAM_TYPE)
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if ctx.import_name("context") is None:
            return
        yield from self._derived(ctx)
        yield from self._ignored_parameters(ctx)

    # -- a derived context nothing uses ------------------------------------------------------------

    def _derived(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        cname = ctx.import_name("context")
        for call in contexts.with_cancel_calls(ctx.root, data):
            fn = syntax.package_call(call, data, cname, contexts.WITH_CANCEL)
            if fn is None:
                continue
            site = contexts.cancel_site(call, fn)
            if site is None or site.form == "=" or site.ctx_node.type != "identifier":
                continue
            derived = ctx.btext(site.ctx_node)
            scope = syntax.declaration_scope(site.stmt)
            if scope is None:
                continue
            if derived != b"_" and self._read(ctx, derived, site.stmt, scope):
                continue
            args = syntax.named(call.child_by_field_name("arguments"))
            parent = syntax.unparen(args[0]) if args else None
            if parent is None or parent.type != "identifier":
                continue
            model, f = ctx.model, ctx.index
            pbind, pfunc = model.lookup(f, parent)
            if pbind is None:
                continue
            ptype = model.binding_type(f, pbind)
            if ptype is not None and not contexts_at_hand.is_context(ptype):
                continue  # a value of its own type (a test's custom Context): its other uses are not contexts passed on
            pname = ctx.text(parent)
            below = [
                n
                for n in contexts_at_hand.references(model, f, pbind, pname, scope)
                if n.start_byte >= site.stmt.end_byte
            ]
            own = [n for n in below if not self._later(n, site.func, data)]
            shown = "_" if derived == b"_" else derived.decode("utf-8", "replace")
            if not own:
                message = (
                    f"the context derived by context.{fn} is never used ({shown}): it bounds nothing"
                )
                yield self.finding(call, message)
                continue
            line = ctx.source.position(own[0].start_byte).line
            message = (
                f"the context derived by context.{fn} is never used ({shown}): the calls below still get "
                f"{pname} (line {line}), so it bounds nothing; pass the derived context"
            )
            fix = self._derived_fix(ctx, site, derived, pname, pbind, pfunc, below, own, scope)
            yield self.finding(call, message, fix)

    @staticmethod
    def _read(ctx: FileContext, name: bytes, stmt: Node, scope: Node) -> bool:
        """Is the variable declared by ``stmt`` read in ``scope`` other than by ``_ = x``?"""
        data = ctx.data
        for n in syntax.walk(scope):
            if n.type != "identifier" or n.start_byte < stmt.end_byte or data[n.start_byte : n.end_byte] != name:
                continue
            if contexts_at_hand.blank_use(n, data):
                continue
            return True  # a read, or a declaration that hides it: either way, not "never used"
        return False

    @staticmethod
    def _later(n: Node, func: Node, data: bytes) -> bool:
        """Is ``n`` in a goroutine, a deferred call or a func literal that may run later?"""
        p = n.parent
        while p is not None and p.id != func.id:
            if p.type in ("go_statement", "defer_statement"):
                return True
            if p.type == "func_literal" and not closures.runs_synchronously(p, data):
                return True
            p = p.parent
        return False

    def _derived_fix(
        self, ctx: FileContext, site, derived: bytes, pname: str, pbind, pfunc: Node | None,
        below: list[Node], own: list[Node], scope: Node,
    ) -> Fix | None:  # fmt: skip
        data = ctx.data
        edits: list[Edit] = []
        if derived == b"_":
            if site.form == ":=" and len(own) == len(below) and self._may_take_parent_name(ctx, site, pbind, pname):
                edits.append(Edit(site.ctx_node.start_byte, site.ctx_node.end_byte, pname.encode()))
                return Fix(
                    f"name the derived context {pname}, so the calls below get it",
                    tuple(edits),
                    Applicability.UNSAFE,
                )
            top = syntax.top_function(site.call)
            fresh = syntax.free_name(pname + "2" if not pname[-1:].isdigit() else pname + "_", top, data)
            edits.append(Edit(site.ctx_node.start_byte, site.ctx_node.end_byte, fresh.encode()))
            new = fresh.encode()
        else:
            new = derived
            for n in syntax.walk(scope):
                if n.type == "identifier" and data[n.start_byte : n.end_byte] == derived and contexts_at_hand.blank_use(n, data):
                    stmt = n.parent.parent
                    e = statement_edits.delete_statement(ctx.source, stmt)
                    if e is None:
                        return None
                    edits.append(e)
        edits.extend(Edit(n.start_byte, n.end_byte, new) for n in own)
        edits.sort(key=lambda e: (e.start, e.end))
        if any(a.end > b.start for a, b in zip(edits, edits[1:])):
            return None
        return Fix(
            f"pass the derived context {new.decode('utf-8', 'replace')} to the calls below",
            tuple(edits),
            Applicability.UNSAFE,
        )

    @staticmethod
    def _may_take_parent_name(ctx: FileContext, site, pbind, pname: str) -> bool:
        """Can ``_`` become the parent's name? Yes when ``:=`` then declares a new variable in a
        block of its own (the parent is declared outside the statement's block), or, when it
        assigns the parent itself, when no func literal, ``go`` or ``defer`` before it reads the
        parent (one would see the derived context from then on)."""
        block = site.stmt.parent
        if block is None:
            return False
        if not (block.start_byte <= pbind.name_at < block.end_byte) and pbind.kind not in ("param", "recv", "result"):
            return True
        if pbind.kind in ("param", "recv", "result"):
            body = site.func.child_by_field_name("body")
            lst = next((c for c in body.named_children if c.type == "statement_list"), None) if body else None
            if lst is None or lst.id != block.id:
                return True  # a nested block: the new name hides the parameter there
        data = ctx.data
        name = pname.encode()
        for n in syntax.walk(site.func):
            if n.start_byte >= site.stmt.start_byte:
                break
            if n.type in ("func_literal", "go_statement", "defer_statement") and syntax.mentions(n, name, data):
                return False
        return True

    # -- a context parameter passed to nothing ------------------------------------------------------

    @staticmethod
    def _local(model, f, n: Node, func: Node) -> bool:
        """A variable of ``func`` itself: made from some other context in ``func``, where that
        context is the one reported (``c, cancel := context.WithTimeout(s.ctx, d)``: ``s.ctx``)."""
        if n.type != "identifier":
            return False
        _d, owner = model.lookup(f, n)
        return owner is not None and owner.id == func.id

    def _ignored_parameters(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if not PARAM_TYPE.search(data):
            return
        model, f = None, None
        for func in syntax.walk(ctx.root):
            if func.type not in syntax.FUNC_TYPES:
                continue
            params = func.child_by_field_name("parameters")
            if params is None or not PARAM_TYPE.search(data[params.start_byte : params.end_byte]):
                continue
            if model is None:
                model, f = ctx.model, ctx.index
            body = func.child_by_field_name("body")
            if body is None:
                continue
            mine = [
                AtHand(name, d, func, name)
                for name, d in ((n, d) for n, ds in model.bindings(f, func).items() for d in ds)
                if d.kind == "param" and contexts_at_hand.is_context(model.binding_type(f, d))
            ]
            if len(mine) != 1 or contexts_at_hand.parameter_used(model, f, mine[0]):
                continue
            param = mine[0]
            others = [
                n for n in contexts_at_hand.other_contexts(model, f, body, param)
                if n.type != "call_expression" or contexts_at_hand.context_call(f, n, contexts_at_hand.NEVER_CANCELLED
                                                                                | contexts_at_hand.DETACHES) is None
            ]  # fmt: skip
            others = [
                n for n in others
                if not self._later(n, func, data) and syntax.enclosing_function(n).id == func.id
                and not contexts_at_hand.after_cancellation(f, n, param.name) and not self._local(model, f, n, func)
            ]  # fmt: skip
            if not others:
                continue
            first = others[0]
            spelled = ctx.text(first)
            more = f" (and {len(others) - 1} more)" if len(others) > 1 else ""
            message = (
                f"the function never uses its parameter {param.name} and passes {spelled} instead{more}: "
                f"its caller cannot cancel the work; pass {param.name}"
            )
            if any(syntax.shadowed_at(body, param.name.encode(), n, data) for n in others):
                yield self.finding(first, message + f"; no fix: {param.name} names another variable there", preview=True)
                continue
            fix = Fix(
                f"pass {param.name}, the context the caller gave",
                tuple(Edit(n.start_byte, n.end_byte, param.name.encode()) for n in others),
                Applicability.UNSAFE,
            )
            yield self.finding(first, message, fix, preview=True)
