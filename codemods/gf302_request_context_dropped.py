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
    effects that we want to preserve even if the client cancels"). Functions that only look like
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
    No fix when the request parameter has no name or is ``_``, when its name means another
    variable at the call (declared again in a block or a func literal around it), or when the
    fixed calls would be the file's only uses of the context package (its import would become
    unused).
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import lexical, syntax
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

CALLS = frozenset({"Background", "TODO"})
# context functions whose first result is derived from (and as long-lived as) their first argument
DERIVE = frozenset(
    {
        "WithCancel",
        "WithCancelCause",
        "WithTimeout",
        "WithTimeoutCause",
        "WithDeadline",
        "WithDeadlineCause",
        "WithValue",
        "WithoutCancel",
    }
)
# every exported name of package context, to tell whether a dot import stays used
CONTEXT_NAMES = frozenset(
    {
        "AfterFunc",
        "Background",
        "CancelCauseFunc",
        "CancelFunc",
        "Canceled",
        "Cause",
        "Context",
        "DeadlineExceeded",
        "TODO",
        "WithCancel",
        "WithCancelCause",
        "WithDeadline",
        "WithDeadlineCause",
        "WithTimeout",
        "WithTimeoutCause",
        "WithValue",
        "WithoutCancel",
    }
)


def _is_test_file(ctx: FileContext) -> bool:
    return ctx.source.path.replace("\\", "/").endswith("_test.go")


def _is_http_type(node: Node | None, data: bytes, pkg: str, name: bytes) -> bool:
    """Is ``node`` the type ``http.<name>`` (net/http imported as ``pkg``)?"""
    if node is None:
        return False
    if pkg == ".":
        return node.type == "type_identifier" and data[node.start_byte : node.end_byte] == name
    if node.type != "qualified_type":
        return False
    p, n = node.child_by_field_name("package"), node.child_by_field_name("name")
    return (
        p is not None
        and n is not None
        and data[p.start_byte : p.end_byte] == pkg.encode()
        and data[n.start_byte : n.end_byte] == name
    )


def handler_request(func: Node, data: bytes, pkg: str) -> tuple[bool, Node | None]:
    """(is ``func`` an HTTP handler, the identifier of its ``*http.Request`` parameter or None
    when it has no usable name). A handler has an ``http.ResponseWriter`` and an
    ``*http.Request`` parameter."""
    params = func.child_by_field_name("parameters")
    writer = request = False
    name: Node | None = None
    for decl in syntax.named(params):
        if decl.type != "parameter_declaration":
            continue
        typ = decl.child_by_field_name("type")
        names = decl.children_by_field_name("name")
        if _is_http_type(typ, data, pkg, b"ResponseWriter"):
            writer = True
        elif typ is not None and typ.type == "pointer_type":
            inner = syntax.named(typ)
            if len(inner) == 1 and _is_http_type(inner[0], data, pkg, b"Request"):
                if request:
                    name = None  # two requests: which one?
                    continue
                request = True
                if len(names) == 1 and data[names[0].start_byte : names[0].end_byte] != b"_":
                    name = names[0]
    return writer and request, name if writer and request else None


# expressions that hold a value they contain: it goes where they go
_HOLDERS = ("parenthesized_expression", "literal_element", "keyed_element", "literal_value", "composite_literal")
_ASSIGNS = ("short_var_declaration", "assignment_statement")
_SCOPES = (
    "block",
    "if_statement",
    "for_statement",
    "expression_switch_statement",
    "type_switch_statement",
    "select_statement",
    "communication_case",
    "expression_case",
    "type_case",
    "default_case",
    "func_literal",
)


def _declared_by(ident: Node) -> bool:
    """Is the identifier the name a declaration introduces (not a use)?"""
    p = ident.parent
    if p is None:
        return False
    if p.type in ("parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec"):
        return any(c.id == ident.id for c in p.children_by_field_name("name"))
    if p.type in ("type_spec", "type_alias"):
        n = p.child_by_field_name("name")
        return n is not None and n.id == ident.id
    if p.type == "expression_list" and p.parent is not None:
        stmt = p.parent
        if stmt.type == "type_switch_statement":
            return stmt.child_by_field_name("alias") == p
        if stmt.type in ("short_var_declaration", "range_clause", "receive_statement"):
            define = stmt.type == "short_var_declaration" or any(c.type == ":=" for c in stmt.children)
            return define and stmt.child_by_field_name("left") == p
    if p.type in ("range_clause", "receive_statement"):
        return p.child_by_field_name("left") == ident and any(c.type == ":=" for c in p.children)
    return False


def shadowed_at(body: Node, name: bytes, at: Node, data: bytes) -> bool:
    """Does a declaration of ``name`` inside ``body`` hide the outer one at ``at``?"""
    if name not in data[body.start_byte : body.end_byte]:
        return False
    for n in syntax.walk(body):
        if n.type not in ("identifier", "type_identifier") or data[n.start_byte : n.end_byte] != name:
            continue
        if not _declared_by(n):
            continue
        scope = syntax.enclosing(n, _SCOPES)
        if scope is None or not syntax.inside(at, scope):
            continue
        if scope.type == "func_literal" or at.start_byte >= n.end_byte:
            return True
    return False


def _local_var_uses(lit: Node, data: bytes) -> tuple[bytes, Node, Node] | None:
    """If the func literal is assigned to a single local variable, (its name, the identifier that
    declares it, the function the declaration is in)."""
    p = lit.parent
    if p is None or p.type != "expression_list" or len(syntax.named(p)) != 1:
        return None
    stmt = p.parent
    if stmt is None:
        return None
    target = None
    if stmt.type in ("short_var_declaration", "assignment_statement") and stmt.child_by_field_name("right") == p:
        op = stmt.child_by_field_name("operator")
        if stmt.type == "assignment_statement" and (op is None or op.type != "="):
            return None
        lhs = syntax.named(stmt.child_by_field_name("left"))
        if len(lhs) == 1 and lhs[0].type == "identifier":
            target = lhs[0]
    elif stmt.type == "var_spec" and stmt.child_by_field_name("value") == p:
        names = stmt.children_by_field_name("name")
        if len(names) == 1:
            target = names[0]
    if target is None:
        return None
    func = syntax.enclosing_function(lit)
    if func is None:
        return None
    name = data[target.start_byte : target.end_byte]
    if name == b"_" or not syntax.declares_locally(func, name.decode("utf-8", "replace"), data):
        return None
    return name, target, func


def runs_synchronously(lit: Node, data: bytes) -> bool:
    """Does the func literal run before the function around it returns, as far as the file tells?

    Yes when it is called where it stands, or kept in a local variable that is only ever called
    (not in a ``go``/``defer`` statement, not from another func literal). Anything else (passed
    to a call, returned, stored) may run later, on another goroutine.
    """
    p = lit.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is not None and p.type == "call_expression":
        fn = syntax.unparen(p.child_by_field_name("function"))
        if fn is not None and fn.id == lit.id:
            return True
    found = _local_var_uses(lit, data)
    if found is None:
        return False
    name, target, func = found
    for n in syntax.walk(func):
        if n.type != "identifier" or n.id == target.id or data[n.start_byte : n.end_byte] != name:
            continue
        if syntax.inside(n, lit):
            return False  # recursion: it runs itself, or more
        call = n.parent
        while call is not None and call.type == "parenthesized_expression":
            call = call.parent
        fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        if fn is None or syntax.unparen(fn) is None or syntax.unparen(fn).id != n.id:
            return False  # passed on, stored, returned
        x = call.parent
        while x is not None and x.id != func.id:
            if x.type in ("go_statement", "defer_statement", "func_literal"):
                return False
            x = x.parent
    return True


class RequestContextDropped(Rule):
    code = "GF302"
    name = "request-context-dropped"
    summary = "context.Background()/TODO() inside an HTTP handler: the work outlives the client that asked for it"
    fix_class = FixClass.UNSAFE
    requires = (b"ResponseWriter",)  # a handler's parameter; applies_to asks for more

    def applies_to(self, data: bytes) -> bool:
        # A finding is a call of context.Background or TODO (check() stops without either
        # name) inside a handler of this file: a function with an ``http.ResponseWriter`` and an
        # ``*http.Request`` parameter. Both packages are imported (under any name, dot import
        # included: the import paths are there, as string literals or raw ones).
        return (
            b"ResponseWriter" in data
            and b"Request" in data
            and (b"Background" in data or b"TODO" in data)
            and lexical.may_import(data, "context")
            and lexical.may_import(data, "net/http")
        )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if _is_test_file(ctx) or (b"Background" not in data and b"TODO" not in data):
            return
        cname = ctx.import_name("context")
        hname = ctx.import_name("net/http")
        if cname is None or hname is None:
            return
        found: list[tuple[Node, str, Node, Node | None]] = []
        for n in syntax.walk(ctx.root):
            fn = syntax.is_call_to(n, data, cname, CALLS)
            if fn is None:
                continue
            top = syntax.top_function(n)
            if top is None or syntax.declares_locally(top, fn if cname == "." else cname, data):
                continue  # a package-level value, or context is a local name here
            handler = self._handler(n, data, hname)
            if handler is None:
                continue
            _, req = handler_request(handler, data, hname)
            if req is not None and self._uses_request_context(handler, req, data):
                continue  # the author knows the request's context: this one is on purpose
            if self._detached(n, handler, data, cname, set()):
                continue
            found.append((n, fn, handler, req))
        fixed_spans = [
            (call.start_byte, call.end_byte)
            for call, _, handler, req in found
            if self._fix_name(handler, req, call, data)
        ]
        keeps_import = self._context_used_elsewhere(ctx, cname, fixed_spans)
        for call, fn, handler, req in found:
            spelled = ctx.text(call.child_by_field_name("function"))
            req_name = self._fix_name(handler, req, call, data)
            use = f"{req_name}.Context()" if req_name else "the request's Context()"
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
                if handler_request(p, data, hname)[0]:
                    return p
                if p.type != "func_literal" or not runs_synchronously(p, data):
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
        if body is None or shadowed_at(body, name, call, data):
            return None
        return name.decode("utf-8", "replace")

    # -- where the context goes -----------------------------------------------------------------

    def _detached(self, expr: Node, handler: Node, data: bytes, cname: str, seen: set[bytes]) -> bool:
        """Does the context value ``expr`` (or what is derived from it) leave the handler's
        synchronous work: sent, stored, returned, used by a goroutine or a func literal that may
        run later? Followed through the local variables it is assigned to (``seen``: their
        names, each followed once)."""
        # a use inside a goroutine or a func literal that may run later (the call itself was
        # checked by _handler; its variables' uses are checked here)
        p = expr.parent
        while p is not None and p.id != handler.id:
            if p.type == "go_statement":
                return True
            if p.type == "func_literal" and not runs_synchronously(p, data):
                return True
            p = p.parent
        e = expr
        while True:
            p = e.parent
            if p is None:
                return False
            t = p.type
            if t in _HOLDERS:
                e = p
                continue
            if t == "unary_expression":
                op = p.child_by_field_name("operator")
                if op is not None and op.type == "&":
                    e = p
                    continue
                return False
            if t == "argument_list":
                call = p.parent
                if call is None or call.type != "call_expression":
                    return False
                fn = call.child_by_field_name("function")
                if syntax.is_call_to(call, data, cname, DERIVE) and syntax.named(p)[:1] == [e]:
                    e = call  # a derived context lives as long as this one
                    continue
                if fn is not None and fn.type == "selector_expression":
                    field = fn.child_by_field_name("field")
                    if field is not None and data[field.start_byte : field.end_byte] == b"Shutdown":
                        return True  # a server's Shutdown: meant to finish whatever the request does
                return False  # used by the call: the handler's own work
            if t == "send_statement":
                return p.child_by_field_name("value") == e
            if t == "return_statement":
                return True
            if t == "expression_list":
                stmt = p.parent
                if stmt is None:
                    return False
                if stmt.type == "return_statement":
                    return True
                values = syntax.named(p)
                if stmt.type in ("short_var_declaration", "assignment_statement"):
                    if stmt.child_by_field_name("right") != p:
                        return False
                    lhs = syntax.named(stmt.child_by_field_name("left"))
                    idx = next((i for i, v in enumerate(values) if v.id == e.id), None)
                    if idx is None:
                        return False
                    if len(values) == 1 and len(lhs) > 1:
                        idx = 0  # ctx, cancel := context.WithTimeout(...)
                    if idx >= len(lhs):
                        return False
                    return self._into(lhs[idx], handler, data, cname, seen)
                if stmt.type == "var_spec" and stmt.child_by_field_name("value") == p:
                    names = stmt.children_by_field_name("name")
                    idx = next((i for i, v in enumerate(values) if v.id == e.id), None)
                    if idx is None:
                        return False
                    if len(values) == 1 and len(names) > 1:
                        idx = 0
                    if idx >= len(names):
                        return False
                    return self._into(names[idx], handler, data, cname, seen)
                return False
            return False

    def _into(self, target: Node, handler: Node, data: bytes, cname: str, seen: set[bytes]) -> bool:
        """The context is assigned to ``target``: is that a place that outlives the handler, or a
        local whose uses let it escape?"""
        target = syntax.unparen(target)
        if target is None or target.type != "identifier":
            return True  # a field, an element, a pointer's target
        name = data[target.start_byte : target.end_byte]
        if name == b"_" or name in seen:
            return False
        seen.add(name)
        if not syntax.declares_locally(handler, name.decode("utf-8", "replace"), data):
            return True  # a package variable
        for n in syntax.walk(handler):
            if n.type != "identifier" or n.id == target.id or data[n.start_byte : n.end_byte] != name:
                continue
            p = n.parent
            if p is not None and p.type == "literal_element" and p.parent is not None:
                kv = p.parent
                if kv.type == "keyed_element" and kv.named_children and kv.named_children[0].id == p.id:
                    continue  # a field name in a keyed literal
            if p is not None and p.type == "expression_list" and p.parent is not None:
                stmt = p.parent
                if stmt.type in _ASSIGNS and stmt.child_by_field_name("left") == p:
                    continue  # assigned again
            if self._detached(n, handler, data, cname, seen):
                return True
        return False

    # -- the import -----------------------------------------------------------------------------

    @staticmethod
    def _context_used_elsewhere(ctx: FileContext, cname: str, spans: list[tuple[int, int]]) -> bool:
        """Is the context package still used once the calls in ``spans`` are replaced?"""
        data = ctx.data
        for n in syntax.walk(ctx.root):
            text = data[n.start_byte : n.end_byte].decode("utf-8", "replace")
            if cname == ".":
                if n.type not in ("identifier", "type_identifier") or text not in CONTEXT_NAMES:
                    continue
            elif n.type not in ("identifier", "package_identifier") or text != cname:
                continue
            if n.parent is not None and n.parent.type == "import_spec":
                continue
            if cname != "." and n.type == "identifier":
                p = n.parent
                if p is None or p.type != "selector_expression" or p.child_by_field_name("operand") != n:
                    continue
            if any(s <= n.start_byte and n.end_byte <= e for s, e in spans):
                continue
            return True
        return False
