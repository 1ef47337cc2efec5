"""GF303 uncancellable-call: a call that cannot be cancelled, where a context is at hand.

What it finds
    Calls of the standard library that block on the network, a database or a subprocess and
    have a variant that takes a context, made without one: ``exec.Command`` (``os/exec``),
    ``net.Dial``, the ``Query``, ``QueryRow``, ``Exec``, ``Prepare``, ``Begin`` and ``Ping``
    methods of a ``*sql.DB`` (and those of a ``*sql.Tx`` and a ``*sql.Stmt``), ``http.NewRequest``,
    and ``http.Get``/``Head``/``Post`` (also as methods of an ``*http.Client``), where a
    ``context.Context`` variable is in scope: a parameter, a local, or one of an enclosing
    function, by Go's scoping (a context that nothing can cancel, ``context.Background()`` or
    ``TODO()``, does not count). In an HTTP handler with no context variable, the request's
    ``r.Context()`` is the context at hand. Types come from the package's declarations:
    ``s.db.Query(…)`` is reported when the field ``db`` is a ``*sql.DB``. Not reported: deferred
    calls and calls in a ``select`` case on ``<-ctx.Done()`` or a branch on ``ctx.Err()``
    (cleanup that must run once the context is done), ``net.DialTimeout`` (it is bounded), a
    request given a context later (``req.WithContext(ctx)``), and a call in the branch for
    callers without a context (``if ctx == nil { … }``, the ``else`` of ``ctx != nil``, after
    ``if ctx != nil { return … }``: there is no context to give it).
    Two preview variants: a call with no context at hand, reported without a fix (except
    ``net.Dial``, which the deadline check of the GF5 family covers), and any call in a
    ``_test.go`` file (there the context is the test's timeout and the peer a local server:
    cancelling matters little).

Why it is bad
    The context was handed to this code so that the work stops when the caller gives up: a
    client disconnects, a deadline passes, the program shuts down. A call that takes no context
    goes on regardless: a subprocess keeps running, a dial waits for the operating system's
    timeout (minutes), a query holds its connection until the database answers, and the
    goroutine waiting for it cannot be stopped.

Example
    func convert(ctx context.Context, in, out string) error {
        return exec.Command("ffmpeg", "-i", in, out).Run()
    }

    func (s *Store) Count(ctx context.Context) (n int, err error) {
        err = s.db.QueryRow("SELECT count(*) FROM items").Scan(&n)
        return n, err
    }

Fixed
    func convert(ctx context.Context, in, out string) error {
        return exec.CommandContext(ctx, "ffmpeg", "-i", in, out).Run()
    }

    func (s *Store) Count(ctx context.Context) (n int, err error) {
        err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM items").Scan(&n)
        return n, err
    }

Fix safety
    The call becomes its context variant with the one context at hand: ``exec.CommandContext(ctx,
    …)`` (the subprocess is killed when ``ctx`` is done), ``(&net.Dialer{}).DialContext(ctx, …)``
    (the context bounds the dial only, not the connection), ``QueryContext(ctx, …)`` and its
    kin, ``BeginTx(ctx, nil)`` (the transaction is rolled back if ``ctx`` is done before it
    commits), ``http.NewRequestWithContext(ctx, …)``, and for ``http.Get(u)`` a request made
    with the context and sent by the same client (``http.DefaultClient``), in a function
    literal called in place so that the expression keeps its two results.
    Safe when the function uses no other context. Unsafe when it also uses another one (a
    ``context.Background()``, a field ``s.ctx``, an unrelated variable: which one the work
    belongs to is a choice), when the call runs in a goroutine or a closure that may outlive
    the function declaring the context, or when the command is started and not waited for in
    the function (a process meant to outlive the context would now be killed with it).
    No fix when several contexts are at hand (which one is a choice), when the context is
    cancelled by this function and the call's result (rows, a transaction, a command, a
    request) is returned or kept beyond it, or when the arguments of ``http.Get``/``Post`` span
    several lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixer.analysis import closures, contexts, contexts_at_hand, lexical, prefilter, spelling, syntax
from gofixer.analysis.contexts_at_hand import AtHand
from gofixer.analysis.types import deref
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

# import path -> function -> what it does without a context
_FUNCS = {
    "os/exec": {"Command": "the subprocess runs on after {ctx} is done"},
    "net": {"Dial": "the dial waits for the operating system's timeout after {ctx} is done"},
    "net/http": {
        "NewRequest": "the request is sent without {ctx}: it goes on after {ctx} is done",
        "Get": "the request goes on after {ctx} is done (and the default client has no timeout)",
        "Head": "the request goes on after {ctx} is done (and the default client has no timeout)",
        "Post": "the request goes on after {ctx} is done (and the default client has no timeout)",
    },
}
# database/sql type -> method -> its context variant
_SQL = {
    "DB": {"Query": "QueryContext", "QueryRow": "QueryRowContext", "Exec": "ExecContext",
           "Prepare": "PrepareContext", "Begin": "BeginTx", "Ping": "PingContext"},
    "Tx": {"Query": "QueryContext", "QueryRow": "QueryRowContext", "Exec": "ExecContext",
           "Prepare": "PrepareContext", "Stmt": "StmtContext"},
    "Stmt": {"Query": "QueryContext", "QueryRow": "QueryRowContext", "Exec": "ExecContext"},
}  # fmt: skip
_CLIENT = frozenset({"Get", "Head", "Post"})
_METHOD_CONST = {"Get": "MethodGet", "Head": "MethodHead", "Post": "MethodPost"}
_SQL_SAYS = "the database call goes on after {ctx} is done, holding its connection"
# calls whose result keeps using the context after the call: rows, a row, a transaction, a
# command, a request, a response (a prepared statement and a connection do not: the context
# bounds only their making)
_RESULT_USES_CONTEXT = frozenset({"Query", "QueryRow", "Begin", "Command", "NewRequest", "Get", "Head", "Post"})

_NAMES = sorted({n for fs in _FUNCS.values() for n in fs} | {m for ms in _SQL.values() for m in ms})
CALL_NAME = re.compile(rb"(?<![\w\x80-\xff])(?:" + b"|".join(n.encode() for n in _NAMES) + rb")(?=[ \t]*\()")
CALL_QUERY = f"""(call_expression
  function: [(selector_expression field: (field_identifier) @fn) (identifier) @fn]
  (#match? @fn "^({"|".join(_NAMES)})$")) @call"""


# Method calls need the model's types; these package-wide byte tests say first whether the
# package can hold a database/sql value (it imports the package and spells one of its types or
# Open) or an http.Client (it imports net/http and spells Client).
_SQL_PACKAGE = prefilter.in_package(prefilter.imports("database/sql"), "imports database/sql") & prefilter.in_package(
    prefilter.matches(rb"\.(?:DB|Tx|Stmt|Open)\b"), "spells sql.DB, Tx, Stmt or Open"
)
_CLIENT_PACKAGE = prefilter.in_package(prefilter.imports("net/http"), "imports net/http") & prefilter.in_package(
    prefilter.matches(rb"\.(?:Client\b|DefaultClient\b)"), "spells http.Client"
)


# a context at hand is a variable of type context.Context or a request's Context(): the file
# spells one of these where there may be one (the type of ``ctx := s.newCtx()`` comes from
# elsewhere, its name does not)
_MAY_HAVE_CONTEXT = re.compile(rb"(?i)context|ctx|request")


@dataclass
class _Call:
    call: Node
    what: str  # how the message names it: "exec.Command", "s.db.Query"
    says: str  # what goes wrong, with {ctx}
    kind: str  # rename | dial | request
    new_name: str = ""  # the context variant (rename)
    extra: bytes = b""  # arguments the variant needs after the context (BeginTx: nil)
    qualifier: str = ""  # net/http's or net's spelling for the fix ("http.", "" for a dot import)
    method: str = ""  # Get, Head, Post (request)
    client: str | None = None  # the client expression of c.Get(u); None: http.DefaultClient


class UncancellableCall(Rule):
    code = "GF303"
    name = "uncancellable-call"
    summary = "exec.Command, net.Dial, db.Query, http.NewRequest, http.Get… without the context at hand"
    fix_class = FixClass.SAFE_OR_UNSAFE
    # A finding is a call of one of these names, of a package the file imports (os/exec, net,
    # net/http), or a method of database/sql's or net/http's types, which the package imports
    # (the type of the operand may be declared in another file of it).
    needs = prefilter.calls_named(*(n.encode() for n in _NAMES)) & (
        prefilter.imports("os/exec") | prefilter.imports("net") | prefilter.imports("net/http") | _SQL_PACKAGE | _CLIENT_PACKAGE
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if self.code not in ctx.settings.preview and (syntax.is_test_path(ctx.source.path) or not _MAY_HAVE_CONTEXT.search(data)):
            return  # the default variant needs code outside tests with a context at hand
        calls = lexical.calls_named(ctx.root, data, CALL_NAME, CALL_QUERY)
        calls = [c for c in calls if syntax.top_function(c) is not None and not contexts_at_hand.deferred(c)]
        if not calls:
            return
        found = [(c, k) for c in calls if (k := self._classify(ctx, c)) is not None]
        if not found:
            return
        model, f = ctx.model, ctx.index
        # in a test, the context at hand is the test's timeout and the call a local server's:
        # cancelling it matters little, so tests are a preview variant
        test = syntax.is_test_path(ctx.source.path)
        for call, k in found:
            if self._given_context_later(ctx, call):
                continue
            hand = contexts_at_hand.at_hand(model, f, call)
            if any(contexts_at_hand.after_cancellation(f, call, h.name) for h in hand):
                continue
            if not hand:
                if any(contexts_at_hand.nil_here(f, call, c.name, c.func) for c in contexts_at_hand.context_variables(model, f, call)):
                    continue  # the branch for a caller without a context: there is none to give
                if k.kind == "dial":
                    continue  # the deadline check of the GF5 family reports a dial with no context
                message = f"{k.what}(…) cannot be cancelled, and no context is at hand here: " + self._advice(k)
                yield self.finding(call, message, preview=True)
                continue
            if len(hand) > 1:
                names = ", ".join(h.spelled for h in hand)
                message = (
                    f"{k.what}(…) cannot be cancelled: {k.says.format(ctx='the context')}; "
                    f"{self._advice(k)}; no fix: {len(hand)} contexts are at hand ({names})"
                )
                yield self.finding(call, message, preview=test)
                continue
            chosen = hand[0]
            message = f"{k.what}(…) cannot be cancelled: {k.says.format(ctx=chosen.spelled)}; {self._advice(k, chosen)}"
            fix, why = self._fix(ctx, call, k, chosen)
            if fix is None and why:
                message += f"; no fix: {why}"
            yield self.finding(call, message, fix, preview=test)

    # -- what the call is ----------------------------------------------------------------------

    def _classify(self, ctx: FileContext, call: Node) -> _Call | None:
        data = ctx.data
        fn = syntax.unparen(call.child_by_field_name("function"))
        if fn is None:
            return None
        for path, funcs in _FUNCS.items():
            local = ctx.import_name(path)
            if local is None:
                continue
            name = syntax.package_call(call, data, local, frozenset(funcs))
            if name is None:
                continue
            what = f"{ctx.text(fn)}"
            q = spelling.member_qualifier(call, data, local, "Dialer") or ""
            if path == "os/exec":
                return _Call(call, what, funcs[name], "rename", new_name="CommandContext")
            if path == "net":
                return _Call(call, what, funcs[name], "dial", qualifier=q)
            if name == "NewRequest":
                return _Call(call, what, funcs[name], "rename", new_name="NewRequestWithContext")
            return _Call(call, what, funcs[name], "request", qualifier=q, method=name)
        if fn.type != "selector_expression":
            return None
        op, fld = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if op is None or fld is None:
            return None
        name = ctx.text(fld)
        sql = any(name in ms for ms in _SQL.values()) and _SQL_PACKAGE.holds(data, ctx.package)
        client = name in _CLIENT and _CLIENT_PACKAGE.holds(data, ctx.package)
        if not sql and not client:
            return None
        model, f = ctx.model, ctx.index
        if model.is_import(f, op):
            return None
        base = deref(model.typeof(f, op))
        if base is None or base[0] != "ext":
            return None
        what = ctx.text(fn)
        if base[1] == "database/sql" and name in _SQL.get(base[2], {}):
            extra = b", nil" if name == "Begin" else b""
            return _Call(call, what, _SQL_SAYS, "rename", new_name=_SQL[base[2]][name], extra=extra)
        if base[1:] == ("net/http", "Client") and name in _CLIENT:
            q = spelling.member_qualifier(call, data, ctx.imports.get("net/http"), "NewRequestWithContext")
            if q is None:
                return None
            says = _FUNCS["net/http"][name].replace(" (and the default client has no timeout)", "")
            return _Call(call, what, says, "request", qualifier=q, method=name, client=ctx.text(op))
        return None

    @staticmethod
    def _advice(k: _Call, chosen: AtHand | None = None) -> str:
        c = chosen.spelled if chosen is not None else "a context"
        if k.kind == "dial":
            return f"dial with (&net.Dialer{{}}).DialContext({c}, …)"
        if k.kind == "request":
            return f"send a request made with http.NewRequestWithContext({c}, …)"
        head, _, _ = k.what.rpartition(".")
        args = ", …" if syntax.named(k.call.child_by_field_name("arguments")) else k.extra.decode()
        return f"use {head + '.' if head else ''}{k.new_name}({c}{args})"

    @staticmethod
    def _given_context_later(ctx: FileContext, call: Node) -> bool:
        """``req, err := http.NewRequest(…)`` followed by ``req.WithContext(…)`` in the
        function, or by a call that takes the request and a context together (``c.Do(ctx,
        req)``, whose callee attaches one): the request gets a context after all."""
        data = ctx.data
        if syntax.callee_name(call, data) != "NewRequest":
            return False
        func = syntax.enclosing_function(call)
        if func is None:
            return False
        if b".WithContext(" in data[call.end_byte : func.end_byte]:
            return True
        p = call.parent
        stmt = p.parent if p is not None and p.type == "expression_list" else None
        left = syntax.named(stmt.child_by_field_name("left")) if stmt is not None and stmt.type in (
            "short_var_declaration", "assignment_statement") else []  # fmt: skip
        if not left or left[0].type != "identifier":
            return False
        req = ctx.btext(left[0])
        model, f = ctx.model, ctx.index
        for n in f.nodes_within(func, "call_expression"):
            if n.start_byte < call.end_byte:
                continue
            args = syntax.named(n.child_by_field_name("arguments"))
            if not any(a.type == "identifier" and ctx.btext(a) == req for a in args):
                continue
            if any(contexts_at_hand.is_context(model.typeof(f, a)) for a in args if a.type != "identifier" or ctx.btext(a) != req):
                return True
        return False

    # -- the fix -------------------------------------------------------------------------------

    def _fix(self, ctx: FileContext, call: Node, k: _Call, chosen: AtHand) -> tuple[Fix | None, str]:
        data = ctx.data
        model, f = ctx.model, ctx.index
        cname = ctx.import_name("context") or "context"
        top = syntax.top_function(call)
        func = syntax.enclosing_function(call)
        uses = syntax.callee_name(call, data) in _RESULT_USES_CONTEXT
        if uses and self._cancelled_here(ctx, chosen) and contexts.context_outlives(call, func, data, cname):
            return None, f"{chosen.name} is cancelled when this function returns, and the result is used beyond it"
        unsafe: list[str] = []
        if contexts_at_hand.other_contexts(model, f, top, chosen):
            unsafe.append("the function also uses another context")
        if self._runs_later(call, chosen, data):
            unsafe.append("the call runs in a goroutine or a closure that may outlive the context's function")
        if syntax.callee_name(call, data) == "Command" and self._started_not_waited(ctx, call, func):
            unsafe.append("the command is started and not waited for here: it may be meant to outlive the context")
        edits = self._edits(ctx, call, k, chosen)
        if edits is None:
            return None, "the arguments span several lines"
        applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
        description = f"pass {chosen.spelled}: {self._advice(k, chosen)}"
        if unsafe:
            description += " (" + "; ".join(unsafe) + ")"
        return Fix(description, tuple(edits), applicability), ""

    @staticmethod
    def _cancelled_here(ctx: FileContext, chosen: AtHand) -> bool:
        """Is the chosen context made with a cancel function in the function that declares it?
        (Its caller's context outlives the function; this one may not.)"""
        init = syntax.unparen(chosen.binding.init)
        return chosen.binding.kind == "local" and (
            contexts_at_hand.context_call(ctx.index, init, contexts.WITH_CANCEL) is not None
        )

    @staticmethod
    def _runs_later(call: Node, chosen: AtHand, data: bytes) -> bool:
        """Is the call inside a goroutine or a func literal that may run after the function
        declaring the context has returned?"""
        p = call.parent
        while p is not None and p.id != chosen.func.id:
            if p.type == "go_statement":
                return True
            if p.type == "func_literal" and not closures.runs_synchronously(p, data):
                return True
            p = p.parent
        return False

    @staticmethod
    def _started_not_waited(ctx: FileContext, call: Node, func: Node | None) -> bool:
        """``cmd := exec.Command(…)`` then ``cmd.Start()`` without ``cmd.Wait()`` in the
        function (or the command is kept beyond it)."""
        if func is None:
            return False
        p = call.parent
        if p is None or p.type != "expression_list" or p.parent is None:
            return False
        stmt = p.parent
        if stmt.type not in ("short_var_declaration", "assignment_statement"):
            return False
        left = syntax.named(stmt.child_by_field_name("left"))
        if len(left) != 1 or left[0].type != "identifier":
            return False
        name = ctx.btext(left[0])
        rest = ctx.data[stmt.end_byte : func.end_byte]
        return name + b".Start()" in rest and name + b".Wait()" not in rest

    def _edits(self, ctx: FileContext, call: Node, k: _Call, chosen: AtHand) -> list[Edit] | None:
        fn = syntax.unparen(call.child_by_field_name("function"))
        args = call.child_by_field_name("arguments")
        if fn is None or args is None:
            return None
        c = chosen.spelled.encode()
        has_args = bool(syntax.named(args))
        lead = c + (b", " if has_args else b"") + (k.extra if not has_args else b"")
        if k.kind == "rename":
            name_node = fn.child_by_field_name("field") if fn.type == "selector_expression" else fn
            if k.extra and has_args:
                return None
            return [
                Edit(name_node.start_byte, name_node.end_byte, k.new_name.encode()),
                Edit(args.start_byte + 1, args.start_byte + 1, lead),
            ]
        if k.kind == "dial":
            q = k.qualifier.encode()
            return [
                Edit(fn.start_byte, fn.end_byte, b"(&" + q + b"Dialer{}).DialContext"),
                Edit(args.start_byte + 1, args.start_byte + 1, lead),
            ]
        return self._request_edits(ctx, call, k, c)

    @staticmethod
    def _request_edits(ctx: FileContext, call: Node, k: _Call, c: bytes) -> list[Edit] | None:
        """``http.Get(u)`` as a function literal called in place that makes the request with
        the context and sends it with the same client, so the expression keeps its results."""
        data = ctx.data
        src = ctx.source
        args = syntax.named(call.child_by_field_name("arguments"))
        if b"\n" in data[call.start_byte : call.end_byte]:
            return None
        want = 3 if k.method == "Post" else 1
        if len(args) != want or any(a.type == "variadic_argument" for a in args):
            return None
        # the names the literal declares must not hide what its code reads
        taken = syntax.identifiers(call.child_by_field_name("arguments"), data) | {c.decode(), k.client or ""}
        req = syntax.free_name("req", None, data, taken).encode()
        err = syntax.free_name("err", None, data, taken).encode()
        q = k.qualifier.encode()
        nl = src.newline_at(call.start_byte)
        ind = src.indent_of_line(call.start_byte)
        url = ctx.btext(args[0]) if k.method == "Post" else _as_one_of_several(args[0], data)
        if url is None:
            return None
        body = ctx.btext(args[2]) if k.method == "Post" else b"nil"
        client = (k.client or "").encode() if k.client is not None else q + b"DefaultClient"
        lines = [
            b"func() (*" + q + b"Response, error) {",
            ind + b"\t" + req + b", " + err + b" := " + q + b"NewRequestWithContext(" + c + b", " + q
            + _METHOD_CONST[k.method].encode() + b", " + url + b", " + body + b")",
            ind + b"\tif " + err + b" != nil {",
            ind + b"\t\treturn nil, " + err,
            ind + b"\t}",
        ]
        if k.method == "Post":
            lines.append(ind + b'\t' + req + b'.Header.Set("Content-Type", ' + ctx.btext(args[1]) + b")")
        lines += [ind + b"\treturn " + client + b".Do(" + req + b")", ind + b"}()"]
        return [Edit(call.start_byte, call.end_byte, nl.join(lines))]



def _as_one_of_several(arg: Node, data: bytes) -> bytes | None:
    """The text of the only argument of a call as gofmt lays it out among several arguments,
    where it drops the blanks around ``+``: ``base + "/x"`` becomes ``base+"/x"``. None for an
    expression whose layout would change in other ways (other binary operators, nested ones)."""
    arg = syntax.unparen(arg) if arg.type != "parenthesized_expression" else arg
    if arg.type != "binary_expression":
        inner = [n for n in syntax.walk(arg) if n.type == "binary_expression"]
        return None if inner else data[arg.start_byte : arg.end_byte]
    operands: list[Node] = []
    node = arg
    while node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        if op is None or op.type != "+":
            return None
        operands.append(node.child_by_field_name("right"))
        node = node.child_by_field_name("left")
    operands.append(node)
    if any(o is None or any(n.type == "binary_expression" for n in syntax.walk(o)) for o in operands):
        return None
    return b"+".join(data[o.start_byte : o.end_byte] for o in reversed(operands))
