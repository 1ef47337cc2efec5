"""GF503 client-without-timeout: an http.Client literal without Timeout.

What it finds
    A composite literal of ``http.Client`` (``http.Client{...}`` or ``&http.Client{...}``, net/http
    under any import name, or dot-imported) that does not set ``Timeout``. The client is followed
    by value through the package (the variable that holds it, the struct field it is stored in,
    package variables, setters it is passed to, callers of the function that returns it), and
    nothing is reported when ``Timeout`` is assigned on it later, or when every request made
    through it is a ``Do`` whose request carries a context other than ``context.Background()``
    (made by ``http.NewRequestWithContext``, ``req.WithContext`` or ``req.Clone``, in the same
    function or by every caller that hands the request in): the caller's context bounds each
    request. The finding is on the literal. A ``Timeout`` that is set counts, whatever its value
    (``Timeout: 0`` is a deliberate choice, ``Timeout: cfg.Timeout`` comes from configuration).
    Nothing is reported in ``_test.go`` files and packages that exist to help tests (a non-test
    file imports ``testing``, or the package's name ends in ``test`` like ``httptest``), for a
    ``Client`` type of another package or of this one, or when ``http`` names something local.
    A preview variant covers example code, a client whose ``Transport`` literal sets
    ``ResponseHeaderTimeout`` (a server that never answers is given up on), and a client whose
    ``Transport`` is a RoundTripper type of this package (it decides how a request is made).

    The rule is in the preview tier (``--preview``, or named in the selection): on real code a
    client without ``Timeout`` is most often bounded another way, or talks to test servers.

Why it is bad
    A client with no ``Timeout`` waits as long as the server wants: a server that accepts the
    connection and never answers, or sends its body a byte a minute, blocks the calling goroutine
    forever (unless every request carries a context with a deadline). Goroutines, connections and
    memory pile up until the process falls over. ``http.DefaultClient`` has the same problem;
    a literal is where a timeout is easy to add.

Example
    client := &http.Client{
        Transport: tr,
        Jar:       jar,
    }

    resp, err := (&http.Client{}).Get(url)

Fixed
    client := &http.Client{
        Transport: tr,
        Jar:       jar,
        Timeout:   30 * time.Second,
    }

    resp, err := (&http.Client{Timeout: 30 * time.Second}).Get(url)

Fix safety
    Unsafe: add ``Timeout`` (from ``[http] client_timeout``, default ``30s``). ``Timeout`` bounds
    the whole exchange, connecting, redirects and reading the response body included, so it
    breaks downloads and streamed responses (server-sent events, long polling, watch APIs) that
    take longer than it; such clients should rather bound the dial and header wait on their
    ``Transport`` and use a context per request.
    The field is added after the last one, aligned the way gofmt aligns the literal's key: value
    lines; a single-line literal gets it inside its braces. ``time`` is imported when the file
    does not import it yet (its alias is used when it does). No fix when the configured value is
    zero, when ``time`` cannot be named in the file (a local variable called ``time``), when a
    field is not keyed, or when a longer line would move trailing comments that gofmt aligns with
    those of the lines around it; and when the client hands its responses (or their bodies) to
    its callers, returned or stored: they may read downloads or streams of any length, which a
    Timeout would cut off.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import nethttp, prefilter, purpose, syntax
from gofixer.analysis.durations import duration_expr, duration_unit
from gofixer.analysis.literal_fields import add_fields, literal_elements
from gofixer.analysis.spelling import import_qualifier
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

# ``http.Client{``, ``&nethttp.Client {``, ``Client /* c */ {``: the type's name, blanks or a
# comment, the literal's brace (a superset: a ``/`` may start something other than a comment)
_CLIENT_LITERAL = re.compile(rb"Client\s*[{/]")

FIELD = "Timeout"
SETTING = "client_timeout"


class ClientWithoutTimeout(Rule):
    code = "GF503"
    name = "client-without-timeout"
    summary = "an http.Client literal without Timeout: a stalled server hangs the caller forever"
    fix_class = FixClass.UNSAFE
    # on real code most clients without Timeout are bounded otherwise (a context per request,
    # the transport's timeouts) or are test infrastructure: below the default tier's precision
    tier = "preview"
    # a composite literal of ``http.Client`` (under any name, or ``Client`` for a dot import)
    # outside tests: the bytes hold the type's name followed, after blanks or comments only, by
    # the literal's ``{``
    needs = prefilter.not_test_file & prefilter.imports(nethttp.PATH) & prefilter.matches(_CLIENT_LITERAL)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if syntax.is_test_path(ctx.path):
            return
        name = nethttp.local_name(ctx.imports)
        if name is None:
            return
        if purpose.test_support(ctx.source.path, ctx.data, ctx.package):
            return  # a package that exists to help tests: its clients talk to test servers
        for n in syntax.walk(ctx.root):
            if n.type != "composite_literal":
                continue
            finding = self._check_literal(ctx, n, name)
            if finding is not None:
                yield finding

    def _check_literal(self, ctx: FileContext, lit: Node, pkg: str) -> Finding | None:
        data = ctx.data
        typ = lit.child_by_field_name("type")
        body = lit.child_by_field_name("body")
        if typ is None or body is None:
            return None
        if not nethttp.is_type(typ, data, pkg, "Client"):
            return None
        qual = nethttp.qualifier(lit, data, ctx.imports, "Client")
        if qual is None:
            return None  # http (or Client, for a dot import) is a local name here
        elems = literal_elements(body, data)
        if elems is None:
            return None  # positional fields: nothing to say without counting them
        if any(e.key == FIELD.encode() for e in elems):
            return None
        flow = nethttp.literal_flow(lit, data, ctx.root, ctx.package, ctx.source.path)
        if nethttp.assigned_fields(flow, frozenset({FIELD})):
            return None  # set on the value later: on its variable, its field, by a setter, by a caller
        requests = nethttp.request_calls(flow)
        if requests and all(nethttp.carries_context(call, use, flow) for call, use in requests):
            return None  # every request it makes carries its caller's context, which bounds it
        message = (
            f"{qual or 'http.'}Client has no Timeout: a server that stalls, or sends its body slowly, "
            "blocks the caller forever"
        )
        transport = next((e.value for e in elems if e.key == b"Transport"), None)
        why = None
        if purpose.example_code(ctx.source.path):
            why = "this is example code, which nothing deploys"
        elif transport is not None and nethttp.transport_bounds_headers(transport, data, syntax.top_function(lit)):
            why = "its Transport's ResponseHeaderTimeout already gives up on a server that never answers"
        elif transport is not None and nethttp.own_round_tripper(transport, data):
            why = "its Transport is a RoundTripper of this package, which decides how long a request may run"
        if why:
            message += f"; {why}"
        fix = self._fix(ctx, lit, body)
        if fix is not None and nethttp.hands_out_responses(requests):
            fix = None
            message += (
                " (no fix: its responses are handed to callers, who may read long downloads or streams "
                "that a Timeout would cut off; bound the wait on the Transport or per request instead)"
            )
        return self.finding(lit, message, fix, preview=why is not None)

    def _fix(self, ctx: FileContext, lit: Node, body: Node) -> Fix | None:
        value = ctx.settings.http_timeout(SETTING)
        unit = duration_unit(value)
        if unit is None:
            return None  # configured to zero (or not a duration)
        names = import_qualifier("time", "time", lit, ctx.data, ctx.root, ctx.imports, ctx.package, (unit,))
        if names is None:
            return None
        qualifier, imports = names
        expr = duration_expr(value, qualifier)
        assert expr is not None
        edits = add_fields(ctx.source, body, [(FIELD, expr)])
        if edits is None:
            return None
        description = (
            f"add Timeout: {expr} (unsafe: it bounds the whole exchange including reading the body, "
            "so it breaks longer downloads and streams)"
        )
        return Fix(description, edits, Applicability.UNSAFE, imports)
