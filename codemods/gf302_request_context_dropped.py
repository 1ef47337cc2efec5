"""GF302 request-context-dropped: context.Background()/TODO() inside an HTTP handler.

What it finds
    A call of ``context.Background()`` or ``context.TODO()`` (context under any import name, or
    dot-imported) inside an HTTP handler: a function declaration, method (``ServeHTTP`` or any
    other) or func literal with an ``http.ResponseWriter`` and an ``*http.Request`` parameter
    (net/http under any import name). A func literal inside the handler counts as the handler's
    own work when it runs before the handler returns: called where it stands (``func() {...}()``)
    or kept in a local variable that is only ever called. The finding is on the call.
    Not reported where the context is meant to outlive the request, or may be: inside a ``go``
    statement (its func literal or its arguments); inside a ``defer`` statement (cleanup that
    must run even when the client has gone); in a func literal handed to a call, returned or
    stored (``time.AfterFunc``, ``errgroup.Go``, a worker pool: it may run after the handler
    returns); as the argument of a ``Shutdown`` method; when the context (or one derived from it
    with ``context.With…``, or a value built around it) is sent on a channel, stored in a field,
    an element or a variable declared outside the handler, returned, or used by a goroutine or a
    func literal of that kind; and when the handler calls ``r.Context()`` elsewhere: its author knows the request's
    context and chose not to use it here (as database/sql's example service does for "side
    effects that we want to preserve even if the client cancels").
    The default tier needs evidence that the work belongs to the request: the context (or one
    derived from it, or a local holding it) is passed to a call whose value the handler uses
    (``err := db.Exec(ctx, …)``, ``db.QueryRow(ctx, …).Scan(&v)``), so the answer depends on
    it. A call made only for its effects (``exitProcess(context.Background())`` in a ``/stop``
    handler, a clean-up or an audit record that must finish even if the client goes away) may
    detach on purpose: it is a preview variant, with no fix. Functions that only look like
    handlers (``func(w http.ResponseWriter, r *MyRequest)``, gin's ``func(c *gin.Context)``) are
    not handlers, and nothing is reported in ``_test.go`` files (test handlers are stubs that
    serve one request). Detaching on purpose is spelt ``context.WithoutCancel(r.Context())``,
    which is not reported.

Why it is bad
    The request's context is cancelled when the client disconnects, when the server shuts down
    and when the handler returns. Work started under ``context.Background()`` knows none of that:
    a slow database query, an outgoing call or a retry loop goes on for a client that gave up
    long ago, holding connections and goroutines, and a burst of abandoned requests turns into a
    pile-up behind them.

Example
    func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
        ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
        defer cancel()
        user, err := s.db.User(ctx, r.PathValue("id"))
        ...
    }

Fixed
    func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
        ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
        defer cancel()
        user, err := s.db.User(ctx, r.PathValue("id"))
        ...
    }

Fix safety
    Unsafe: the call becomes ``r.Context()`` (the request parameter's name), so the work is
    cancelled when the client disconnects or the handler returns, and what the handler did
    deliberately to the end (an audit record, a write the client need not wait for) now stops
    half-way; such work should use ``context.WithoutCancel(r.Context())`` instead.
    No fix for the preview variant (nothing shows whether the work may outlive the client), and
    when the request parameter has no name or is ``_``, when its name means another
    variable at the call (declared again in a block or a func literal around it), or when the
    fixed calls would be the file's only uses of the context package (its import would become
    unused).
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import closures, contexts, files, nethttp, prefilter, syntax
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

CALLS = frozenset({"Background", "TODO"})


class RequestContextDropped(Rule):
    code = "GF302"
    name = "request-context-dropped"
    summary = "context.Background()/TODO() inside an HTTP handler: the work outlives the client that asked for it"
    fix_class = FixClass.UNSAFE
    # A finding is a call of context.Background or TODO inside a handler of this file: a
    # function with an ``http.ResponseWriter`` and an ``*http.Request`` parameter. Both packages
    # are imported (under any name, dot import included: the import paths are there, as string
    # literals or raw ones).
    needs = (
        prefilter.contains(b"ResponseWriter", b"Request")
        & prefilter.any_word(b"Background", b"TODO")
        & prefilter.imports("context")
        & prefilter.imports("net/http")
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if syntax.is_test_path(ctx.source.path) or (b"Background" not in data and b"TODO" not in data):
            return
        cname = ctx.import_name("context")
        hname = ctx.import_name("net/http")
        if cname is None or hname is None:
            return
        found: list[tuple[Node, str, Node, Node | None]] = []
        for n in syntax.walk(ctx.root):
            fn = syntax.package_call(n, data, cname, CALLS)
            if fn is None or syntax.top_function(n) is None:
                continue  # not context's (or context is a local name here), or at package level
            handler = self._handler(n, data, hname)
            if handler is None:
                continue
            params = nethttp.handler_params(handler, data, hname)
            req = params.request if params is not None else None
            if req is not None and self._uses_request_context(handler, req, data):
                continue  # the author knows the request's context: this one is on purpose
            if contexts.context_outlives(n, handler, data, cname):
                continue
            found.append((n, fn, handler, req, contexts.result_depends_on(n, handler, data, cname)))
        fixed_spans = [
            (call.start_byte, call.end_byte)
            for call, _, handler, req, evidence in found
            if evidence and self._fix_name(handler, req, call, data)
        ]
        keeps_import = files.import_used_outside(ctx.root, data, cname, contexts.NAMES, fixed_spans)
        for call, fn, handler, req, evidence in found:
            spelled = ctx.text(call.child_by_field_name("function"))
            req_name = self._fix_name(handler, req, call, data)
            use = f"{req_name}.Context()" if req_name else "the request's Context()"
            if not evidence:
                # work done only for its effects (a shutdown, a clean-up, a record) may be
                # meant to outlive the client: the rewrite would cut it short
                yield self.finding(
                    call,
                    f"{spelled}() in an HTTP handler, for work whose result the handler does not use: if it "
                    f"belongs to the request, use {use}; if it must outlive the client, "
                    f"{cname + '.' if cname != '.' else ''}WithoutCancel({use}) says so "
                    "(no fix: nothing shows which)",
                    preview=True,
                )
                continue
            message = (
                f"{spelled}() in an HTTP handler: the work goes on after the client has gone away; "
                f"use {use}"
            )
            fix = None
            if req_name is None:
                if req is None:
                    message += "; no fix: the *http.Request parameter is unnamed or _"
                else:
                    message += f"; no fix: {ctx.text(req)} names another variable here"
            elif not keeps_import:
                message += "; no fix: the context import would become unused"
            else:
                fix = Fix(
                    f"use {req_name}.Context(), which cancels the work when the client disconnects "
                    "or the handler returns",
                    (Edit(call.start_byte, call.end_byte, f"{req_name}.Context()".encode()),),
                    Applicability.UNSAFE,
                )
            yield self.finding(call, message, fix)

    # -- where the call is ----------------------------------------------------------------------

    @staticmethod
    def _handler(call: Node, data: bytes, hname: str) -> Node | None:
        """The handler whose own work the call is part of, or None (not in a handler, or in a
        goroutine, a deferred call or a func literal that may run later)."""
        p = call.parent
        while p is not None:
            if p.type in ("go_statement", "defer_statement"):
                return None
            if p.type in syntax.FUNC_TYPES:
                if nethttp.handler_params(p, data, hname) is not None:
                    return p
                if p.type != "func_literal" or not closures.runs_synchronously(p, data):
                    return None
            p = p.parent
        return None

    @staticmethod
    def _uses_request_context(handler: Node, req: Node, data: bytes) -> bool:
        """Does the handler call ``<req>.Context()`` anywhere?"""
        body = handler.child_by_field_name("body")
        name = data[req.start_byte : req.end_byte]
        if body is None or name + b".Context()" not in data[body.start_byte : body.end_byte]:
            return False
        for n in syntax.walk(body):
            if n.type != "call_expression" or syntax.named(n.child_by_field_name("arguments")):
                continue
            fn = n.child_by_field_name("function")
            if fn is None or fn.type != "selector_expression":
                continue
            operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
            if (
                operand is not None
                and field is not None
                and data[operand.start_byte : operand.end_byte] == name
                and data[field.start_byte : field.end_byte] == b"Context"
            ):
                return True
        return False

    @staticmethod
    def _fix_name(handler: Node, req: Node | None, call: Node, data: bytes) -> str | None:
        """The request parameter's name when it means the parameter at the call."""
        if req is None:
            return None
        body = handler.child_by_field_name("body")
        name = data[req.start_byte : req.end_byte]
        if body is None or syntax.shadowed_at(body, name, call, data):
            return None
        return name.decode("utf-8", "replace")
