"""GF306 fresh-context-despite-parameter: context.Background()/TODO() in a function that was given a context.

What it finds
    A call of ``context.Background()`` or ``context.TODO()`` (context under any import name, or
    dot-imported) in a function that has a ``context.Context`` parameter in scope: its own, or
    one of a function around it. Reported in the default variant when the function never uses
    its context parameter at all (the context it was given goes nowhere), and for every
    ``TODO()`` (a placeholder for the context the code did not have); as a preview variant when
    the function uses its parameter elsewhere, which may mean the fresh context here is on
    purpose. HTTP handlers are GF302's. Not reported where a fresh context is meant to outlive
    the caller's, or may be: inside a ``go`` or ``defer`` statement or a func literal that may
    run later, when the context (or one derived from it) is returned, stored, sent on a channel
    or handed to a goroutine, as the argument of a ``Shutdown`` method, and in code that runs
    once the parameter is done (a ``select`` case on ``<-ctx.Done()``, a branch on
    ``ctx.Err()`` or on ``context.Canceled``): cleanup that must not be cancelled too.
    Detaching on purpose is spelt ``context.WithoutCancel(ctx)``, which is not reported.

Why it is bad
    The caller handed over a context so that the work stops when it gives up: a deadline, a
    client that went away, a shutdown. A fresh ``context.Background()`` cuts that line: the
    calls below run to the end whatever the caller does, keep their connections and goroutines,
    and cannot see the caller's deadline or values (trace spans, credentials) either.

Example
    func (s *Syncer) Pull(ctx context.Context, id string) error {
        obj, err := s.remote.Fetch(context.Background(), id)
        if err != nil {
            return err
        }
        return s.local.Put(obj)
    }

Fixed
    func (s *Syncer) Pull(ctx context.Context, id string) error {
        obj, err := s.remote.Fetch(ctx, id)
        if err != nil {
            return err
        }
        return s.local.Put(obj)
    }

Fix safety
    Unsafe: the call becomes the context parameter, so the work now stops when the caller's
    context is done; work that must finish regardless (an audit record, a rollback) should use
    ``context.WithoutCancel(ctx)`` instead. No fix when several contexts are at hand (the
    parameter and one derived from it: which one is a choice), or when the fixed calls would be
    the file's only uses of the context package.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import closures, contexts, contexts_at_hand, files, lexical, nethttp, prefilter, syntax
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

CALLS = frozenset({"Background", "TODO"})
# what loggers call their methods (slog's Log and InfoContext, zap's Info, log's Printf…)
_LOGGING = frozenset({"log", "print", "debug", "info", "warn", "warning", "error", "fatal", "trace", "notice"})
CALL_NAME = re.compile(rb"(?<![\w\x80-\xff])(?:Background|TODO)(?=[ \t]*\()")
CALL_QUERY = """(call_expression
  function: [(selector_expression field: (field_identifier) @fn) (identifier) @fn]
  (#match? @fn "^(Background|TODO)$")) @call"""


class FreshContextDespiteParameter(Rule):
    code = "GF306"
    name = "fresh-context-despite-parameter"
    summary = "context.Background()/TODO() in a function that was given a context"
    fix_class = FixClass.UNSAFE
    tier = "preview"
    # A finding is a call of context.Background or TODO, the file imports context, and a
    # parameter of type context.Context is declared in the file (its type spells Context).
    needs = prefilter.calls_named(b"Background", b"TODO") & prefilter.imports("context") & prefilter.contains(b"Context")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        cname = ctx.import_name("context")
        if cname is None:
            return
        hname = ctx.imports.get("net/http")
        found: list[tuple[Node, str]] = []
        for call in lexical.calls_named(ctx.root, data, CALL_NAME, CALL_QUERY):
            fn = syntax.package_call(call, data, cname, CALLS)
            if fn is None or syntax.top_function(call) is None or contexts_at_hand.deferred(call):
                continue
            if self._in_handler(call, data, hname) or self._not_handed_on(call, data):
                continue
            found.append((call, fn))
        if not found:
            return
        model, f = ctx.model, ctx.index
        fixes: list[tuple[Node, str, Fix | None, str, bool]] = []
        for call, fn in found:
            params = [c for c in contexts_at_hand.context_variables(model, f, call) if c.binding.kind == "param"]
            if not params or self._defaults_a_parameter(ctx, call, params):
                continue
            hand = contexts_at_hand.at_hand(model, f, call)
            if any(contexts_at_hand.after_cancellation(f, call, h.name) for h in hand + params):
                continue
            if any(self._runs_later(call, p.func, data) for p in params):
                continue  # a goroutine or a callback: a fresh context may be meant to outlive the caller's
            if contexts.context_outlives(call, params[0].func, data, cname):
                continue
            spelled = ctx.text(call.child_by_field_name("function"))
            used = [p for p in params if contexts_at_hand.parameter_used(model, f, p)]
            preview = fn != "TODO" and bool(used)
            if len(hand) != 1:
                names = ", ".join(h.spelled for h in hand)
                message = (
                    f"{spelled}() where the function was given a context: the work here cannot be "
                    f"cancelled by its caller; no fix: {len(hand)} contexts are at hand ({names})"
                )
                fixes.append((call, message, None, "", preview))
                continue
            chosen = hand[0]
            if preview:
                message = (
                    f"{spelled}() where the function was given {chosen.name}: the work here cannot be "
                    f"cancelled by its caller; {chosen.name} is used elsewhere in the function, so this "
                    f"may be on purpose (spell that context.WithoutCancel({chosen.name}))"
                )
            elif fn == "TODO":
                message = f"{spelled}() where the function was given {chosen.name}: pass {chosen.name}"
            else:
                message = (
                    f"{spelled}() where the function was given {chosen.name}, which it never uses: the "
                    f"work here cannot be cancelled by its caller; pass {chosen.name}"
                )
            fix = Fix(
                f"pass {chosen.name}, so the work stops when the caller's context is done",
                (Edit(call.start_byte, call.end_byte, chosen.spelled.encode()),),
                Applicability.UNSAFE,
            )
            fixes.append((call, message, fix, chosen.spelled, preview))
        spans = [(c.start_byte, c.end_byte) for c, _m, fix, _s, _p in fixes if fix is not None]
        keeps_import = files.import_used_outside(ctx.root, data, cname, contexts.NAMES, spans)
        for call, message, fix, _spelled, preview in fixes:
            if fix is not None and not keeps_import:
                message += "; no fix: the context import would become unused"
                fix = None
            yield self.finding(call, message, fix, preview=preview)

    @staticmethod
    def _not_handed_on(call: Node, data: bytes) -> bool:
        """Is the fresh context compared (``ctx != context.Background()``) or handed to a logger
        (``log.Printf(context.Background(), …)``, ``logger.InfoContext(…)``), which only reads
        values from it and cannot be cancelled anyway?"""
        p = call.parent
        while p is not None and p.type == "parenthesized_expression":
            p = p.parent
        if p is not None and p.type == "binary_expression":
            return True
        if p is None or p.type != "argument_list" or p.parent is None:
            return False
        name = syntax.callee_name(p.parent, data) or ""
        return name.removesuffix("Context").removesuffix("f").removesuffix("ln").lower() in _LOGGING

    @staticmethod
    def _defaults_a_parameter(ctx: FileContext, call: Node, params) -> bool:
        """``ctx = context.Background()`` (under ``if ctx == nil``): a default for the parameter
        itself, not a context in its place."""
        p = call.parent
        stmt = p.parent if p is not None and p.type == "expression_list" else None
        if stmt is None or stmt.type != "assignment_statement" or stmt.child_by_field_name("right") != p:
            return False
        left = syntax.named(stmt.child_by_field_name("left"))
        model, f = ctx.model, ctx.index
        for target in left:
            if target.type == "identifier":
                d, _fn = model.lookup(f, target)
                if d is not None and any(d.name_at == c.binding.name_at for c in params):
                    return True
        return False

    @staticmethod
    def _in_handler(call: Node, data: bytes, hname: str | None) -> bool:
        """Is the call inside an HTTP handler (GF302's)?"""
        if hname in (None, "_"):
            return False
        p = call.parent
        while p is not None:
            if p.type in syntax.FUNC_TYPES and nethttp.handler_params(p, data, hname) is not None:
                return True
            p = p.parent
        return False

    @staticmethod
    def _runs_later(call: Node, func: Node, data: bytes) -> bool:
        """Is the call, seen from ``func``, in a goroutine or a func literal that may run after
        ``func`` has returned?"""
        p = call.parent
        while p is not None and p.id != func.id:
            if p.type == "go_statement":
                return True
            if p.type == "func_literal" and not closures.runs_synchronously(p, data):
                return True
            p = p.parent
        return False
