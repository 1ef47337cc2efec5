"""GF507 response-status-wrapper: a ResponseWriter wrapper that misses the implicit 200 or hides Flusher and Hijacker; a WriteHeader after the response started.

What it finds
    Outside ``_test.go`` files, three things about ``http.ResponseWriter``:
    a struct type of the package that holds an ``http.ResponseWriter`` (embedded or in a named
    field) and records the status in its ``WriteHeader`` (``w.status = code``, on a pointer
    receiver, in an ``int`` field) but does not override ``Write`` (neither declared on it nor
    promoted from another type of the package), when nothing else in the package gives the
    field a value (a keyed literal, an assignment elsewhere) or reads a zero as "not written"
    (a comparison with ``0``); the finding is on ``WriteHeader``.
    Such a wrapper (one that overrides ``WriteHeader`` or ``Write``) that has no ``Flush`` or no
    ``Hijack`` method and no ``Unwrap`` (reported only; the finding is on the type).
    A function with a parameter of type ``http.ResponseWriter`` (``w``, never assigned) in which
    a path sends the status line (``w.WriteHeader``, ``http.Error(w, …)``, ``http.Redirect``,
    ``http.NotFound``) after something already sent it (``w.Write``, ``fmt.Fprintf(w, …)``,
    ``io.WriteString``, ``io.Copy``, ``json.NewEncoder(w).Encode``, or an earlier status line);
    a send's own ``if err != nil`` check does not count (an encoder that failed may have
    written nothing).

Why it is bad
    net/http sends the status line once. A handler that never calls ``WriteHeader`` gets 200
    with its first ``Write``, which a wrapper that only overrides ``WriteHeader`` never sees:
    it records 0, and the access log or the metrics it feeds show status 0 for every plain
    successful response. A wrapper hides the optional interfaces of the writer it wraps: behind
    it ``w.(http.Flusher)`` fails, so server-sent events and streamed responses are buffered,
    and ``w.(http.Hijacker)`` fails, so websocket upgrades break; ``http.ResponseController``
    finds them only through an ``Unwrap() http.ResponseWriter`` method. A ``WriteHeader`` after
    the response started is ignored (the client already got the first status, usually 200) and
    logs "http: superfluous response.WriteHeader call".

Example
    type statusRecorder struct {
        http.ResponseWriter
        status int
    }

    func (r *statusRecorder) WriteHeader(code int) {
        r.status = code
        r.ResponseWriter.WriteHeader(code)
    }

Fixed
    func (r *statusRecorder) WriteHeader(code int) {
        r.status = code
        r.ResponseWriter.WriteHeader(code)
    }

    func (r *statusRecorder) Write(b []byte) (int, error) {
        if r.status == 0 {
            r.status = http.StatusOK
        }
        return r.ResponseWriter.Write(b)
    }

Fix safety
    Unsafe: the new ``Write`` records 200 when nothing recorded a status yet, as net/http does,
    and writes through to the wrapped writer; code that read the 0 as "nothing written" now
    sees 200 after a write, and a wrapper meant to count or transform the body needs more than
    this method. ``net/http`` is imported when needed. No fix for the hidden interfaces (the
    right forwarding depends on the writer) nor for a late ``WriteHeader`` (which status the
    client should get is the handler's choice).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import lexical, prefilter, respwriters, syntax
from gofixer.analysis.respwriters import Wrapper
from gofixer.analysis.spelling import import_qualifier
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

_WRAPPER_HINT = re.compile(rb"\)\s*WriteHeader\s*\(|ResponseWriter\s*(?:\n|//|;|})")


class ResponseStatusWrapper(Rule):
    code = "GF507"
    name = "response-status-wrapper"
    summary = "a ResponseWriter wrapper that misses the implicit 200 or hides Flusher/Hijacker; a WriteHeader after the response started"
    fix_class = FixClass.UNSAFE
    tier = "preview"
    package_wide = True
    # outside tests, ``ResponseWriter`` or ``WriteHeader`` spelled in a package importing net/http
    needs = (
        prefilter.not_test_file
        & prefilter.any_word(b"WriteHeader", b"ResponseWriter")
        & prefilter.in_package(prefilter.imports("net/http"), "imports net/http")
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if syntax.is_test_path(ctx.path):
            return
        yield from self._late_headers(ctx)
        if _WRAPPER_HINT.search(ctx.data) is not None:
            yield from self._wrappers(ctx)

    # -- a WriteHeader after the response started -----------------------------------------------

    def _late_headers(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if b"ResponseWriter" not in data:
            return
        for fn in lexical.functions(ctx.root, data):
            params = fn.child_by_field_name("parameters")
            if params is None or b"ResponseWriter" not in ctx.btext(params):
                continue
            for w in respwriters.writer_params(fn, data, ctx.imports):
                name = ctx.btext(w)
                if respwriters.reassigned(fn, data, name):
                    continue
                for header, earlier in respwriters.late_headers(fn, data, name, ctx.imports):
                    line = ctx.source.line_of(earlier.start_byte) + 1
                    shown = ctx.text(header.child_by_field_name("function"))
                    before = ctx.text(earlier.child_by_field_name("function"))
                    if b"\n" in ctx.btext(earlier.child_by_field_name("function")):
                        before = "…" + before.rsplit(".", 1)[-1]
                    yield self.finding(
                        header,
                        f"{shown} sends the status line after {before} (line {line}) already sent it on some path: "
                        "net/http ignores it and logs \"superfluous response.WriteHeader call\"",
                    )

    # -- wrappers --------------------------------------------------------------------------------

    def _wrappers(self, ctx: FileContext) -> Iterator[Finding]:
        model = ctx.model
        for w in respwriters.wrappers(model):
            if w.opaque:
                continue
            if w.decl.file.path == ctx.path:
                yield from self._hidden(ctx, model, w)
            recorded = respwriters.status_recorder(model, w)
            if recorded is None or recorded[0].file.path != ctx.path:
                continue
            wh, field = recorded
            if respwriters.method(model, w, "Write") is not None:
                continue
            if respwriters.status_given_elsewhere(model, w, field, wh):
                continue
            name = wh.decl.child_by_field_name("name")
            message = (
                f"{w.decl.name} records the status only in WriteHeader: a handler that writes without calling "
                f"WriteHeader sends 200, and {w.decl.name}.{field} stays 0 (override Write to default it to "
                "http.StatusOK)"
            )
            yield self.finding(name, message, self._fix(ctx, w, wh.decl, wh.recv or "", field))

    def _hidden(self, ctx: FileContext, model, w: Wrapper) -> Iterator[Finding]:
        if not any(respwriters.method(model, w, m) is not None for m in ("WriteHeader", "Write")):
            return  # holds a writer, but is not a writer itself
        if respwriters.method(model, w, "Unwrap") is not None:
            return
        missing = [shown for m, shown in respwriters.OPTIONAL if respwriters.method(model, w, m) is None]
        if not missing:
            return
        name = w.decl.spec.child_by_field_name("name")
        hidden = " and ".join(missing)
        effects = []
        if "http.Flusher" in missing:
            effects.append("responses cannot be streamed through it")
        if "http.Hijacker" in missing:
            effects.append("connections cannot be taken over (websocket upgrades fail)")
        unwrap = " or an Unwrap() http.ResponseWriter method for http.ResponseController" if ctx.go_at_least(1, 20) else ""
        message = (
            f"{w.decl.name} wraps an http.ResponseWriter but hides its {hidden}: {' and '.join(effects)}; "
            f"forward the method{'s' if len(missing) > 1 else ''}{unwrap}"
        )
        yield self.finding(name, message)

    def _fix(self, ctx: FileContext, w: Wrapper, decl: Node, recv: str, field: str) -> Fix | None:
        src = ctx.source
        if not recv or recv == "_":
            return None
        recv_list = decl.child_by_field_name("receiver")
        if recv_list is None:
            return None
        names = import_qualifier("net/http", "http", decl, ctx.data, ctx.root, ctx.imports, ctx.package, ("StatusOK",))
        if names is None:
            return None
        qual, imports = names
        param = next(p for p in ("b", "p", "data", "buf") if p != recv)
        nl = src.newline_at(decl.end_byte).decode()
        if decl.end_byte >= len(ctx.data) or not ctx.data[decl.end_byte :].startswith(nl.encode()):
            return None
        receiver = ctx.text(recv_list)
        inner = f"{recv}.{w.inner}"
        method = (
            f"{nl}{nl}func {receiver} Write({param} []byte) (int, error) {{{nl}"
            f"\tif {recv}.{field} == 0 {{{nl}"
            f"\t\t{recv}.{field} = {qual}StatusOK{nl}"
            f"\t}}{nl}"
            f"\treturn {inner}.Write({param}){nl}"
            f"}}"
        )
        description = (
            f"add a Write method that records {qual}StatusOK when nothing was recorded (unsafe: code that read 0 "
            "as \"nothing written\" sees 200 after a write)"
        )
        return Fix(description, (Edit(decl.end_byte, decl.end_byte, method.encode()),), Applicability.UNSAFE, imports)
