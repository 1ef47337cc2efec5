"""GF501 server-without-timeouts: an http.Server literal that sets neither ReadHeaderTimeout nor ReadTimeout.

What it finds
    A composite literal of ``http.Server`` (``http.Server{...}`` or ``&http.Server{...}``) that
    sets neither ``ReadHeaderTimeout`` nor ``ReadTimeout``, unless one of them is assigned later
    on the server itself, followed by value through the package: the variable that holds it,
    the struct field it is stored in (``a.srv.ReadHeaderTimeout = ...`` in any method), a
    package variable, a function of the package it is passed to (a setter that assigns the
    field on its parameter), or the callers in the package of the function that returns it.
    Another server's timeout elsewhere in the package does not count. The finding is on the
    literal's first line. A value taken from configuration (``ReadHeaderTimeout:
    cfg.HeaderTimeout``) counts as set, and ``ReadTimeout`` alone is enough (it bounds the
    headers too). Nothing is reported in ``_test.go`` files, in packages that exist to help
    tests (a non-test file imports ``testing``, or the package's name ends in ``test`` like
    ``httptest``), or for the ``Config`` of an ``httptest.Server``.
    A preview variant (``--preview``, or the rule named) covers servers no attacker reaches:
    example code (under a directory named ``example`` or ``examples``), a server on the
    loopback interface only (``Addr: "localhost:8080"``, or served on a listener that
    ``net.Listen`` made for a loopback address), and a profiling endpoint (no handler, so
    ``http.DefaultServeMux``, in a file that imports ``net/http/pprof``).

Why it is bad
    With both fields zero the server waits for a request's headers forever. A client that opens
    connections and sends its headers a byte at a time (Slowloris) holds a connection, a
    goroutine and a file descriptor per connection until the process runs out of them; no
    handler code runs, so no handler-level timeout helps.

Example
    srv := &http.Server{
        Addr:    ":8080",
        Handler: mux,
    }

Fixed
    srv := &http.Server{
        Addr:              ":8080",
        Handler:           mux,
        ReadHeaderTimeout: 10 * time.Second,
    }

    with --unsafe-fixes:

    srv := &http.Server{
        Addr:              ":8080",
        Handler:           mux,
        ReadHeaderTimeout: 10 * time.Second,
        ReadTimeout:       5 * time.Second,
        WriteTimeout:      10 * time.Second,
        IdleTimeout:       120 * time.Second,
    }

Fix safety
    Safe: add ``ReadHeaderTimeout`` (from ``[http] read_header_timeout``, default ``10s``). It only
    bounds the time to read a request's headers, which a well-behaved client sends at once.
    Unsafe (with ``--unsafe-fixes``): add every missing one of ``ReadHeaderTimeout``,
    ``ReadTimeout`` (default ``5s``), ``WriteTimeout`` (``10s``) and ``IdleTimeout`` (``120s``).
    ``ReadTimeout`` cuts off slow uploads of large bodies, and ``WriteTimeout`` breaks streaming
    responses (server-sent events, long polling, large downloads) that take longer than it.
    The fields are added after the last one, aligned the way gofmt aligns them; ``time`` is
    imported when the file does not import it yet (its alias is used when it does). A
    single-line literal gets the fields inside its braces, or one per line when that line would
    grow past 100 columns. No fix when the configured values are zero, when ``time`` cannot be
    named in the file (a local variable called ``time``), or when a longer line would move
    trailing comments that gofmt aligns with those of the lines around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import nethttp, prefilter, purpose, syntax
from gofixer.analysis.addresses import Addresses
from gofixer.analysis.literal_fields import add_fields, literal_elements
from gofixer.analysis.spelling import import_qualifier
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule
from gofixer.source import captures

# The name of a composite literal's type, then blanks or a comment, then its brace: any
# ``http.Server{`` / ``nethttp.Server {`` / ``Server /* c */ {`` is found (a superset: a ``/``
# may start something other than a comment)
SERVER_LITERAL = re.compile(rb"Server\s*[{/]")


class ServerWithoutTimeouts(Rule):
    code = "GF501"
    name = "server-without-timeouts"
    summary = "an http.Server literal sets neither ReadHeaderTimeout nor ReadTimeout (Slowloris)"
    fix_class = FixClass.SAFE_OR_UNSAFE
    # a composite literal of ``http.Server`` (under any name, or ``Server`` for a dot import)
    # outside tests: the bytes hold the type's name followed, after blanks or comments only, by
    # the literal's ``{``
    needs = prefilter.not_test_file & prefilter.imports(nethttp.PATH) & prefilter.matches(SERVER_LITERAL)
    query_file = "gf501_server_without_timeouts.scm"

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if syntax.is_test_path(ctx.path) or nethttp.local_name(ctx.imports) is None:
            return
        if purpose.test_support(ctx.source.path, ctx.data, ctx.package):
            return  # a package that exists to help tests: its servers are test servers
        found = captures(self.query(), ctx.root).get("literal", [])
        for lit in sorted(found, key=lambda n: n.start_byte):
            finding = self._check_literal(ctx, lit)
            if finding is not None:
                yield finding

    def _check_literal(self, ctx: FileContext, lit: Node) -> Finding | None:
        data = ctx.data
        typ = lit.child_by_field_name("type")
        body = lit.child_by_field_name("body")
        if typ is None or body is None:
            return None
        qual = nethttp.qualifier(lit, data, ctx.imports, "Server")
        if qual is None:
            return None
        if typ.type == "qualified_type":
            pkg = typ.child_by_field_name("package")
            if qual == "" or pkg is None or data[pkg.start_byte : pkg.end_byte] + b"." != qual.encode():
                return None
        elif qual != "" or typ.type != "type_identifier":
            return None
        elems = literal_elements(body, data)
        if elems is None:
            return None  # positional fields: nothing to say without counting them
        keys = {e.key.decode() for e in elems}
        if keys & nethttp.HEADER_FIELDS:
            return None
        if nethttp.literal_destination(nethttp.literal_outer(lit))[0] == "config":
            return None  # httptest.Server's Config: a test server
        flow = nethttp.literal_flow(lit, data, ctx.root, ctx.package, ctx.source.path)
        if nethttp.assigned_fields(flow, nethttp.HEADER_FIELDS):
            return None  # set on the value later: on its variable, its field, by a setter, by a caller
        message = (
            f"{qual or 'http.'}Server sets neither ReadHeaderTimeout nor ReadTimeout: a client that sends its headers "
            "slowly holds a connection open forever (Slowloris)"
        )
        why = self._harmless(ctx, lit, elems, flow)
        if why:
            message += f"; {why}"
        return self.finding(typ, message, self._fix(ctx, lit, body, keys), preview=why is not None)

    def _harmless(self, ctx: FileContext, lit: Node, elems, flow: nethttp.Flow) -> str | None:
        """Why no attacker can reach this server's connections, for the preview variant: an
        example program, a server on the loopback interface only, or a profiling endpoint."""
        if purpose.example_code(ctx.source.path):
            return "this is example code, which nothing deploys"
        addresses = Addresses(ctx.root, ctx.data, ctx.imports, self._siblings(ctx))
        func = syntax.top_function(lit)
        addr = next((e for e in elems if e.key == b"Addr"), None)
        if addr is not None and addresses.loopback(addr.value, func):
            return "it listens on the loopback interface only, so slow clients would be this machine's own"
        served = [u for u in flow.uses if u.data is ctx.data and self._serve_listener(u, ctx.data) is not None]
        if served and all(addresses.listener_loopback(self._serve_listener(u, ctx.data), u.func) for u in served):
            return "it listens on the loopback interface only, so slow clients would be this machine's own"
        handler = next((e for e in elems if e.key == b"Handler"), None)
        default_mux = handler is None or ctx.btext(handler.value).strip() == b"nil"
        if default_mux and purpose.serves_profiles(ctx.imports):
            return "it serves http.DefaultServeMux with net/http/pprof's profiling handlers, a debugging endpoint"
        return None

    @staticmethod
    def _siblings(ctx: FileContext):
        return [(s.tree.root_node, s.source.data) for s in ctx.package.siblings() if not s.is_test and b"Addr" in s.source.data]

    @staticmethod
    def _serve_listener(use: nethttp.Use, data: bytes) -> Node | None:
        """The listener of ``srv.Serve(ln)`` / ``srv.ServeTLS(ln, …)`` made on the use."""
        sel = use.expr.parent
        call = sel.parent if sel is not None else None
        if sel is None or sel.type != "selector_expression" or call is None or call.type != "call_expression":
            return None
        f = sel.child_by_field_name("field")
        if f is None or data[f.start_byte : f.end_byte] not in (b"Serve", b"ServeTLS"):
            return None
        args = syntax.named(call.child_by_field_name("arguments"))
        return args[0] if args else None

    def _fix(self, ctx: FileContext, lit: Node, body: Node, keys: set[str]) -> Fix | None:
        unsafe = ctx.settings.unsafe_fixes
        wanted = [f for f, _ in nethttp.TIMEOUT_FIELDS if f not in keys and (unsafe or f == "ReadHeaderTimeout")]
        timeout = ctx.settings.http_timeout
        units = nethttp.timeout_units(timeout, wanted)
        names = import_qualifier("time", "time", lit, ctx.data, ctx.root, ctx.imports, ctx.package, units)
        if names is None:
            return None
        qualifier, imports = names
        fields = nethttp.timeout_values(timeout, wanted, qualifier)
        if not any(f == "ReadHeaderTimeout" for f, _ in fields) and not any(f == "ReadTimeout" for f, _ in fields):
            return None  # configured to zero: adding it would change nothing
        edits = add_fields(ctx.source, body, fields)
        if edits is None:
            return None
        added = [f for f, _ in fields]
        if added == ["ReadHeaderTimeout"]:
            return Fix(f"add ReadHeaderTimeout: {fields[0][1]}", edits, Applicability.SAFE, imports)
        listed = ", ".join(added[:-1]) + " and " + added[-1]
        caveats = []
        if "ReadTimeout" in added:
            caveats.append("ReadTimeout cuts off slow uploads of large bodies")
        if "WriteTimeout" in added:
            caveats.append(
                "WriteTimeout breaks streaming responses (server-sent events, long polling, large downloads) "
                "that take longer than it"
            )
        description = f"add {listed}"
        if caveats:
            description += " (unsafe: " + "; ".join(caveats) + ")"
        return Fix(description, edits, Applicability.UNSAFE, imports)
