"""GF502 serve-without-timeouts: net/http's package-level serving helpers, which cannot set timeouts.

What it finds
    A call of ``http.ListenAndServe``, ``http.ListenAndServeTLS``, ``http.Serve`` or
    ``http.ServeTLS`` (net/http under any import name, or dot-imported). The finding is on the
    call. Nothing is reported in ``_test.go`` files or in packages that exist to help tests (a
    non-test file imports ``testing``, or the package's name ends in ``test``).
    A preview variant (``--preview``, or the rule named) covers servers no attacker reaches:
    example code (under a directory named ``example`` or ``examples``), an address on the
    loopback interface (``"localhost:6060"``, ``"127.0.0.1:" + port``, a flag whose default is
    one, a listener ``net.Listen`` made for one), and a profiling endpoint (a ``nil`` handler,
    so ``http.DefaultServeMux``, in a file that imports ``net/http/pprof``).

Why it is bad
    The helpers build a ``Server`` with every timeout zero and give no way to change that: the
    server waits for a request's headers forever. A client that opens connections and sends its
    headers a byte at a time (Slowloris) holds a connection, a goroutine and a file descriptor per
    connection until the process runs out of them.

Example
    log.Fatal(http.ListenAndServe(":8080", mux))

    err := http.ServeTLS(ln, nil, "cert.pem", "key.pem")

Fixed
    log.Fatal((&http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 10 * time.Second}).ListenAndServe())

    err := (&http.Server{ReadHeaderTimeout: 10 * time.Second}).ServeTLS(ln, "cert.pem", "key.pem")

Fix safety
    Safe: the helpers are exactly ``(&http.Server{Addr: addr, Handler: handler}).ListenAndServe()``
    (and the matching method), so the fix spells that out and adds ``ReadHeaderTimeout`` (from
    ``[http] read_header_timeout``, default ``10s``; ``time`` is imported when needed). A ``nil``
    handler is left out: a nil ``Handler`` is ``http.DefaultServeMux`` either way. The other
    timeouts change what a server accepts (GF501 adds them with ``--unsafe-fixes``).
    Arguments spread over several lines are joined on one line, and a line comment among them
    moves to its end.
    No fix when the handler and an argument that moves behind it (the listener, the certificate
    files) are both computed by calls, which the fix would evaluate in another order; when the
    configured header timeout is zero; when ``time`` cannot be named in the file (a local
    variable called ``time``); when a multi-line argument starts on a line of its own, or the
    arguments hold more than one comment; or when the longer line would move trailing comments
    that gofmt aligns with those of the lines around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import nethttp, prefilter, purpose, syntax
from gofixer.analysis.addresses import Addresses
from gofixer.analysis.durations import duration_expr, duration_unit
from gofixer.analysis.gofmt_layout import aligned_comments, line_comments
from gofixer.analysis.spelling import import_qualifier
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule
from gofixer.source import captures

# ``Serve(``, ``ListenAndServeTLS (``, ``Serve /* c */ (``: the end of a helper's name, blanks or a
# comment, its parenthesis (a superset: a ``/`` may start something other than a comment)
_SERVE_CALL = re.compile(rb"Serve(?:TLS)?\s*[(/]")

# helper -> (number of arguments, index of Addr or None, index of the handler, indices of the
# method's arguments)
HELPERS = {
    "ListenAndServe": (2, 0, 1, ()),
    "ListenAndServeTLS": (4, 0, 3, (1, 2)),
    "Serve": (2, None, 1, (0,)),
    "ServeTLS": (4, None, 1, (0, 2, 3)),
}


def _has_effects(node: Node) -> bool:
    """Does evaluating ``node`` call something or receive (a func literal's body is not run)?"""
    if node.type == "func_literal":
        return False
    for n in syntax.walk_same_function(node):
        if n.type == "call_expression":
            return True
        if n.type == "unary_expression":
            op = n.child_by_field_name("operator")
            if op is not None and op.type == "<-":
                return True
    return False


class ServeWithoutTimeouts(Rule):
    code = "GF502"
    name = "serve-without-timeouts"
    summary = "http.ListenAndServe/ListenAndServeTLS/Serve/ServeTLS serve with no timeouts at all (Slowloris)"
    fix_class = FixClass.SAFE
    # calls of net/http's ListenAndServe, ListenAndServeTLS, Serve or ServeTLS outside tests:
    # the bytes hold the callee's name (each ends in ``Serve`` or ``ServeTLS``) followed, after
    # blanks or comments only, by its ``(``
    needs = prefilter.not_test_file & prefilter.imports(nethttp.PATH) & prefilter.matches(_SERVE_CALL)
    query_file = "gf502_serve_without_timeouts.scm"

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if syntax.is_test_path(ctx.path):
            return
        pkg = nethttp.local_name(ctx.imports)
        if pkg is None:
            return
        if purpose.test_support(ctx.source.path, ctx.data, ctx.package):
            return  # a package that exists to help tests: its servers are test servers
        data = ctx.data
        addresses: Addresses | None = None
        for call in sorted(captures(self.query(), ctx.root).get("call", []), key=lambda n: n.start_byte):
            fn = syntax.is_call_to(call, data, pkg, frozenset(HELPERS))
            if fn is None:
                continue
            qual = nethttp.qualifier(call, data, ctx.imports, fn)
            if qual is None or (qual == "" and nethttp.qualifier(call, data, ctx.imports, "Server") is None):
                continue  # the name is a local here, not the package
            arglist = call.child_by_field_name("arguments")
            if arglist is None:
                continue
            args = [a for a in arglist.named_children if a.type != "comment"]
            if len(args) != HELPERS[fn][0] or any(a.type == "variadic_argument" for a in args):
                continue
            callee = call.child_by_field_name("function")
            spelled = ctx.text(callee)
            message = (
                f"{spelled} serves with every timeout zero: a client that sends its headers slowly holds a "
                "connection open forever (Slowloris); use an http.Server with ReadHeaderTimeout"
            )
            fix = None
            if self._reordered(fn, args):
                message += (
                    "; no fix: the handler and an argument before it are both computed by calls, "
                    "which a Server literal would reorder"
                )
            else:
                fix = self._fix(ctx, call, fn, qual, args, arglist)
            if addresses is None:
                siblings = [(s.tree.root_node, s.source.data) for s in ctx.package.siblings() if not s.is_test]
                addresses = Addresses(ctx.root, data, ctx.imports, siblings)
            why = self._harmless(ctx, call, fn, args, addresses)
            if why:
                message += f"; {why}"
            yield self.finding(call, message, fix, preview=why is not None)

    @staticmethod
    def _harmless(ctx: FileContext, call: Node, fn: str, args: list[Node], addresses: Addresses) -> str | None:
        """Why no attacker can reach this server's connections, for the preview variant: an
        example program, a server on the loopback interface only, or a profiling endpoint."""
        if purpose.example_code(ctx.source.path):
            return "this is example code, which nothing deploys"
        _, addr, handler, _ = HELPERS[fn]
        func = syntax.top_function(call)
        if addr is not None and addresses.loopback(args[addr], func):
            return "it listens on the loopback interface only, so slow clients would be this machine's own"
        if addr is None and addresses.listener_loopback(args[0], func):
            return "it listens on the loopback interface only, so slow clients would be this machine's own"
        if ctx.btext(args[handler]) == b"nil" and purpose.serves_profiles(ctx.imports):
            return "it serves http.DefaultServeMux with net/http/pprof's profiling handlers, a debugging endpoint"
        return None

    def _fix(self, ctx: FileContext, call: Node, fn: str, qual: str, args: list[Node], arglist: Node) -> Fix | None:
        src, data = ctx.source, ctx.data
        configured = ctx.settings.http_timeout("read_header_timeout")
        unit = duration_unit(configured)
        units = () if unit is None else (unit,)
        names = import_qualifier("time", "time", call, data, ctx.root, ctx.imports, ctx.package, units)
        if names is None:
            return None
        tq, imports = names
        timeout = duration_expr(configured, tq)
        if timeout is None:
            return None
        first, last = src.line_of(call.start_byte), src.line_of(call.end_byte)
        multiline = [a for a in args if src.line_of(a.start_byte) != src.line_of(a.end_byte)]
        if any(src.line_of(a.start_byte) != first for a in multiline):
            return None  # its inner lines are indented for a line of their own
        _, addr, handler, rest = HELPERS[fn]
        fields = []
        if addr is not None:
            fields.append(b"Addr: " + ctx.btext(args[addr]))
        if ctx.btext(args[handler]) != b"nil":
            fields.append(b"Handler: " + ctx.btext(args[handler]))
        fields.append(b"ReadHeaderTimeout: " + timeout.encode())
        q = qual.encode()
        new = (
            b"(&" + q + b"Server{" + b", ".join(fields) + b"})." + fn.encode()
            + b"(" + b", ".join(ctx.btext(args[i]) for i in rest) + b")"
        )  # fmt: skip
        description = f"serve with an {qual or 'http.'}Server that sets ReadHeaderTimeout: {timeout}"
        comments = line_comments(call, src)
        inner = [c for c in arglist.named_children if c.type == "comment"]
        if first == last or multiline:
            # the lines keep their layout, the first and last get longer
            if inner or any(aligned_comments(comments, line, src) for line in {first, last}):
                return None
            return Fix(description, (Edit(call.start_byte, call.end_byte, new),), Applicability.SAFE, imports)
        # arguments spread over lines: the call becomes one line; a line comment among them (or
        # after the call) moves to the end of that line
        moved = [c for ln in range(first, last + 1) for c in comments.get(ln, [])]
        if len(moved) > 1 or (moved and data[moved[0].start_byte : moved[0].start_byte + 2] != b"//"):
            return None
        if any(c.id not in {m.id for m in moved} for c in inner):
            return None
        if moved and (first - 1 in comments or last + 1 in comments):
            return None  # gofmt aligns it with its neighbours' comments
        end = src.line_end(last)
        tail = data[call.end_byte : end]
        if moved:
            c = moved[0]
            cend = c.end_byte
            while data[cend - 1 : cend] == b"\r":
                cend -= 1
            comment = data[c.start_byte : cend]
            if c.start_byte >= call.end_byte:
                tail = data[call.end_byte : c.start_byte].rstrip(b" \t")
            new_line = new + tail + b" " + comment
        else:
            new_line = new + tail
        return Fix(description, (Edit(call.start_byte, end, new_line),), Applicability.SAFE, imports)

    @staticmethod
    def _reordered(fn: str, args: list[Node]) -> bool:
        """Would the fix evaluate two arguments that call something in another order?"""
        _, addr, handler, rest = HELPERS[fn]
        order = ([] if addr is None else [addr]) + [handler, *rest]
        effectful = [i for i in order if _has_effects(args[i])]
        return effectful != sorted(effectful)
