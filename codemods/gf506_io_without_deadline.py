"""GF506 io-without-deadline: a TCP dial without a timeout, or a connection read in a loop with no deadline.

What it finds
    ``net.Dial(network, address)`` (net under any import name, or dot-imported) outside test
    code (``_test.go`` files, and helpers only tests reach), where no context is at hand (no
    parameter, receiver or local of type ``context.Context`` or ``*http.Request`` in scope:
    there ``DialContext`` is the better bound),
    for a network that waits for a peer: TCP, or one the rule cannot read (a variable); Unix
    sockets and datagram networks never wait. And, reported only: a read of a connection (a
    value the package model types as ``net.Conn``, ``net.PacketConn``, ``*net.TCPConn``,
    ``*net.UDPConn``, ``*net.UnixConn`` or ``*tls.Conn``) inside a loop: ``c.Read``,
    ``c.ReadFrom``…, ``io.ReadFull(c, …)``, or the reads of a ``bufio`` reader or scanner made
    on ``c`` in the same function, with no ``SetReadDeadline``/``SetDeadline`` on it: for a
    local connection, none in the function and the connection not handed to other code; for a
    parameter or a field, none anywhere in the package.

Why it is bad
    A TCP dial to a host that drops packets waits as long as the operating system retries the
    handshake, about two minutes on Linux, and longer elsewhere; a read waits forever for a peer
    that is gone without a reset (a crashed host, a dropped route, a NAT that forgot the flow).
    The goroutine stuck there holds its connection, buffers and whatever called it, and a
    server whose reads have no deadline keeps every half-open client until it runs out of file
    descriptors.

Example
    conn, err := net.Dial("tcp", addr)

Fixed
    conn, err := net.DialTimeout("tcp", addr, 30*time.Second)

Fix safety
    Unsafe: a dial that took longer than the timeout (``[http] dial_timeout`` in
    ``.gofixer.toml``, default ``30s``) now fails where it would have waited; the value is a
    choice the reviewer should make. ``time`` is imported when needed. No fix when the arguments
    span lines, or the timeout is configured to zero. The reads get no fix: where the deadline
    goes (before each read, or once per message) and how long it is depend on the protocol.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import goroutines, lexical, netconn, prefilter, syntax
from gofixer.analysis.durations import duration_expr, duration_unit
from gofixer.analysis.model import file_model
from gofixer.analysis.spelling import import_qualifier, member_qualifier
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

SETTING = "dial_timeout"
_DIAL_WORD = re.compile(rb"Dial(?![A-Za-z0-9_])")
_DIAL_QUERY = (
    "(call_expression function: [(identifier) @_n (selector_expression field: (field_identifier) @_n)]"
    ' (#eq? @_n "Dial")) @call'
)
_READ_WORDS = re.compile(rb"(?:Read[A-Za-z]*|Scan|Peek|Discard)\s*\(")


class IOWithoutDeadline(Rule):
    code = "GF506"
    name = "io-without-deadline"
    summary = "a TCP dial without a timeout, or a connection read in a loop with no deadline: a silent peer blocks forever"
    fix_class = FixClass.UNSAFE
    tier = "preview"
    # outside tests, a dial (``Dial(`` in a file importing net) or a read (``Read…(``, ``Scan(``
    # in a package importing net or crypto/tls, where the connection types come from)
    needs = prefilter.not_test_file & (
        (prefilter.imports("net") & prefilter.contains(b"Dial"))
        | (
            prefilter.matches(_READ_WORDS)
            & prefilter.in_package(prefilter.imports("net") | prefilter.imports("crypto/tls"), "imports net or crypto/tls")
        )
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if syntax.is_test_path(ctx.path):
            return
        yield from self._dials(ctx)
        yield from self._reads(ctx)

    # -- net.Dial ------------------------------------------------------------------------------

    def _dials(self, ctx: FileContext) -> Iterator[Finding]:
        net = ctx.import_name("net")
        if net is None:
            return
        alone = None
        reach = None
        for call in lexical.calls_named(ctx.root, ctx.data, _DIAL_WORD, _DIAL_QUERY):
            if syntax.package_call(call, ctx.data, net, {"Dial"}) is None:
                continue
            if len(syntax.named(call.child_by_field_name("arguments"))) != 2:
                continue
            if alone is None:
                alone = file_model(ctx.package, ctx.path, ctx.data, ctx.root)
            here = alone.file(ctx.path)
            assert here is not None
            if not netconn.dial_blocks(alone, here, call):
                continue
            if netconn.context_at_hand(alone, here, call) is not None:
                continue  # DialContext with that context is the fix (another rule's)
            if netconn.passes_through(alone, here, call):
                continue
            if reach is None:
                reach = goroutines.PackageReach(ctx.root, ctx.data, ctx.path, ctx.package)
            if reach.only_tests_reach(call):
                continue  # a test's helper dialling the test's own server
            qual = "" if net == "." else net + "."
            yield self.finding(
                call,
                f"{qual}Dial has no timeout: a host that does not answer blocks the caller until the operating "
                "system gives up on the handshake (minutes)",
                self._fix(ctx, call, net),
            )

    def _fix(self, ctx: FileContext, call: Node, net: str) -> Fix | None:
        value = ctx.settings.http_timeout(SETTING)
        unit = duration_unit(value)
        if unit is None:
            return None
        args = call.child_by_field_name("arguments")
        fn = call.child_by_field_name("function")
        if args is None or fn is None or b"\n" in ctx.btext(args):
            return None
        qual = member_qualifier(call, ctx.data, net, "DialTimeout")
        if qual is None:
            return None
        names = import_qualifier("time", "time", call, ctx.data, ctx.root, ctx.imports, ctx.package, (unit,))
        if names is None:
            return None
        tq, imports = names
        expr = duration_expr(value, tq)
        assert expr is not None
        expr = expr.replace(" * ", "*")  # gofmt's spacing of a product among call arguments
        last = syntax.named(args)[-1]
        name = fn.child_by_field_name("field") if fn.type == "selector_expression" else fn
        edits = (Edit(name.start_byte, name.end_byte, b"DialTimeout"), Edit(last.end_byte, last.end_byte, b", " + expr.encode()))
        description = (
            f"use {qual}DialTimeout with {expr} (unsafe: a dial slower than that now fails; "
            f"the value is [http] {SETTING} in .gofixer.toml)"
        )
        return Fix(description, edits, Applicability.UNSAFE, imports)

    # -- reads in a loop -----------------------------------------------------------------------

    def _reads(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        candidates = [f for f in lexical.functions(ctx.root, data) if self._may_read_in_loop(ctx, f)]
        if not candidates:
            return
        # the connections the rule follows are parameters and locals, typed by the file's own
        # declarations: the file's model answers without reading the package
        model = file_model(ctx.package, ctx.path, data, ctx.root)
        here = model.file(ctx.path)
        assert here is not None
        package_sets = None
        seen: set[tuple[int, bytes]] = set()
        for func in candidates:
            for call, conn in netconn.conn_reads(model, here, func):
                spelled = ctx.btext(conn)
                if (func.id, spelled) in seen:
                    continue
                if netconn.deadline_set(syntax.top_function(func) or func, data, spelled):
                    continue
                kind = self._kind(model, here, conn)
                if kind == "param":
                    if package_sets is None:
                        package_sets = self._package_sets_deadlines(ctx)
                    if package_sets:
                        continue
                elif kind != "local" or netconn.handed_on(func, data, ctx.imports, spelled):
                    continue
                seen.add((func.id, spelled))
                shown = spelled.decode("utf-8", "replace")
                yield self.finding(
                    call,
                    f"{shown} is read in a loop with no read deadline: a peer that stops sending without closing "
                    f"blocks this goroutine forever (set {shown}.SetReadDeadline before the reads)",
                )

    @staticmethod
    def _may_read_in_loop(ctx: FileContext, func: Node) -> bool:
        """Cheap: the function's text has a ``for`` and a read call."""
        body = func.child_by_field_name("body")
        if body is None:
            return False
        text = ctx.data[body.start_byte : body.end_byte]
        return b"for" in text and _READ_WORDS.search(text) is not None

    @staticmethod
    def _kind(model, here, conn: Node) -> str | None:
        """"local" for a connection the function's own code makes or receives in a local,
        "param" for a parameter, None for anything else (a field, a package variable: code
        elsewhere, often in another package, owns its deadlines)."""
        if conn.type != "identifier":
            return None
        binding, _fn = model.lookup(here, conn)
        if binding is None:
            return None
        return binding.kind if binding.kind in ("local", "param") else None

    @staticmethod
    def _package_sets_deadlines(ctx: FileContext) -> bool:
        if netconn.DEADLINE_WORDS.search(ctx.data):
            return True
        return any(netconn.DEADLINE_WORDS.search(s.source.data) for s in ctx.package.siblings())
