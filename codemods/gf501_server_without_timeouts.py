"""GF501 server-without-timeouts: an http.Server literal that sets neither ReadHeaderTimeout nor ReadTimeout.

What it finds
    A composite literal of ``http.Server`` (``http.Server{...}`` or ``&http.Server{...}``) that
    sets neither ``ReadHeaderTimeout`` nor ``ReadTimeout``, unless one of them is assigned on the
    variable that holds the server (``srv.ReadHeaderTimeout = ...``) anywhere in the same
    function. The finding is on the literal's first line. A value taken from configuration
    (``ReadHeaderTimeout: cfg.HeaderTimeout``) counts as set, and ``ReadTimeout`` alone is enough
    (it bounds the headers too). Nothing is reported in ``_test.go`` files, for the ``Config`` of
    an ``httptest.Server``, or when the server leaves the function (returned, stored, passed on)
    and some code of the package assigns one of the two fields.

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

from gofixer.analysis import nethttp, prefilter, syntax
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
        if nethttp.set_later(lit, data, ctx.root, ctx.package, nethttp.HEADER_FIELDS):
            return None
        message = (
            f"{qual or 'http.'}Server sets neither ReadHeaderTimeout nor ReadTimeout: a client that sends its headers "
            "slowly holds a connection open forever (Slowloris)"
        )
        return self.finding(typ, message, self._fix(ctx, lit, body, keys))

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
