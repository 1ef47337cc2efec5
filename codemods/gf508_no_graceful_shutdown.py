"""GF508 no-graceful-shutdown: a server program that SIGTERM stops mid-request, or a Shutdown that may never return.

What it finds
    In package ``main`` (outside ``_test.go`` files), a call that serves HTTP until the server
    is closed, ``http.ListenAndServe``/``ListenAndServeTLS``/``Serve``/``ServeTLS`` or the same
    methods of a value the package model types as an ``http.Server``, when the package calls
    neither ``signal.Notify`` nor ``signal.NotifyContext`` (a call started by a ``go``
    statement is then left alone: a side server, for metrics or pprof, of a program whose
    lifetime something else decides), or handles signals but never calls a ``Shutdown``
    method. And, in any package, ``Shutdown(context.Background())`` (or ``TODO()``, or a local
    holding one) on an ``http.Server``: a shutdown without a deadline.
    Reported only.

Why it is bad
    An orchestrator stops a process with SIGTERM, and a Go program that does not handle it
    dies at once: every request in flight is cut off (the client sees a reset or a truncated
    body), and nothing the handlers buffered is flushed. ``(*http.Server).Shutdown`` closes the
    listeners and waits for the requests in flight to finish; it waits as long as its context
    allows, so with ``context.Background()`` a long poll, a stream or a stuck handler makes it
    wait forever, until the orchestrator sends SIGKILL.

Example
    func main() {
        http.HandleFunc("/", index)
        log.Fatal(http.ListenAndServe(":8080", nil))
    }

Fixed
    func main() {
        ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
        defer stop()
        srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: 10 * time.Second}
        http.HandleFunc("/", index)
        go func() {
            if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
                log.Fatal(err)
            }
        }()
        <-ctx.Done()
        shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
        defer cancel()
        if err := srv.Shutdown(shutdownCtx); err != nil {
            log.Print(err)
        }
    }

Fix safety
    No fix: how long to wait, what else to stop (workers, database pools) and in which order is
    the program's design.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import lexical, prefilter, shutdown, syntax
from gofixer.model import Finding, FixClass
from gofixer.rule import FileContext, Rule

_SHUTDOWN_WORD = re.compile(rb"Shutdown(?![A-Za-z0-9_])")
_SHUTDOWN_QUERY = (
    "(call_expression function: (selector_expression field: (field_identifier) @_n) (#eq? @_n \"Shutdown\")) @call"
)


class NoGracefulShutdown(Rule):
    code = "GF508"
    name = "no-graceful-shutdown"
    summary = "a server program that SIGTERM stops mid-request, or a Shutdown without a deadline"
    fix_class = FixClass.NONE
    tier = "preview"
    # outside tests, a serving call in package main, or a Shutdown call given a context
    # (context.Background spelled in the file), in a package importing net/http
    needs = (
        prefilter.not_test_file
        & prefilter.in_package(prefilter.imports("net/http"), "imports net/http")
        & (
            (prefilter.matches(shutdown.SERVE_WORD) & prefilter.contains(b"package main"))
            | (prefilter.contains(b"Shutdown") & prefilter.any_word(b"Background", b"TODO"))
        )
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if syntax.is_test_path(ctx.path):
            return
        if syntax.package_clause_name(ctx.root, ctx.data) == b"main" and shutdown.SERVE_WORD.search(ctx.data):
            yield from self._servers(ctx)
        if b"Shutdown" in ctx.data:
            yield from self._background_shutdowns(ctx)

    def _servers(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        calls = lexical.calls_named(ctx.root, data, shutdown.SERVE_WORD, shutdown.SERVE_QUERY)
        if not calls:
            return
        signals = shutdown.handles_signals(ctx.package, data)
        if signals and shutdown.shuts_down(ctx.package, data):
            return
        for call in calls:
            if not signals and _in_goroutine(call):
                continue
            shown = shutdown.serves(ctx.model, ctx.index, call)
            if shown is None:
                continue
            if signals:
                why = "the program handles signals but never calls Shutdown"
            else:
                why = "the program handles no signal (no signal.Notify or signal.NotifyContext)"
            yield self.finding(
                call,
                f"{shown} serves until the process dies and {why}: SIGTERM cuts off every request in flight; "
                "stop on a signal with (*http.Server).Shutdown",
            )

    def _background_shutdowns(self, ctx: FileContext) -> Iterator[Finding]:
        for call in lexical.calls_named(ctx.root, ctx.data, _SHUTDOWN_WORD, _SHUTDOWN_QUERY):
            fn = call.child_by_field_name("function")
            args = syntax.named(call.child_by_field_name("arguments"))
            if fn is None or fn.type != "selector_expression" or len(args) != 1:
                continue
            if not shutdown.is_server(ctx.model.typeof_in_build(ctx.index, fn.child_by_field_name("operand"))):
                continue
            if not shutdown.background_context(ctx.model, ctx.index, args[0]):
                continue
            shown = ctx.text(fn) if b"\n" not in ctx.btext(fn) else "….Shutdown"
            yield self.finding(
                call,
                f"{shown} is given a context without a deadline: it waits for every connection to go idle, so a "
                "long poll, a stream or a stuck handler keeps it waiting forever (use context.WithTimeout)",
            )


def _in_goroutine(call: Node) -> bool:
    """Is the call made by a ``go`` statement, directly or in the function literal it starts?"""
    p = call.parent
    while p is not None:
        if p.type == "go_statement":
            return True
        if p.type in ("function_declaration", "method_declaration"):
            return False
        if p.type == "func_literal":
            q = p.parent
            if q is not None and q.type == "call_expression" and q.parent is not None and q.parent.type == "go_statement":
                return True
        p = p.parent
    return False
