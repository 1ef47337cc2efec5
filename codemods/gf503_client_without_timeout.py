"""GF503 client-without-timeout: an http.Client literal without Timeout.

What it finds
    A composite literal of ``http.Client`` (``http.Client{...}`` or ``&http.Client{...}``, net/http
    under any import name, or dot-imported) that does not set ``Timeout``, unless ``Timeout`` is
    assigned on the variable that holds the client (``c.Timeout = ...``) anywhere in the same
    function. The finding is on the literal. A ``Timeout`` that is set counts, whatever its value
    (``Timeout: 0`` is a deliberate choice, ``Timeout: cfg.Timeout`` comes from configuration).
    Nothing is reported in ``_test.go`` files (test clients talk to local test servers), for a
    ``Client`` type of another package or of this one, when ``http`` names something local, or
    when the client leaves the function (returned, stored, passed on) and some code of the
    package assigns a ``Timeout`` field.

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
    those of the lines around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import syntax
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

from .gf501_server_without_timeouts import (
    add_fields,
    duration_expr,
    escapes_locally,
    http_qualifier,
    is_test_file,
    literal_destination,
    literal_elements,
    literal_outer,
    time_qualifier,
)

# ``http.Client{``, ``&nethttp.Client {``, ``Client /* c */ {``: the type's name, blanks or a
# comment, the literal's brace (a superset: a ``/`` may start something other than a comment)
_CLIENT_LITERAL = re.compile(rb"Client\s*[{/]")

FIELD = "Timeout"
SETTING = "client_timeout"


def _assigns_timeout(root: Node, data: bytes, operand: bytes | None) -> bool:
    """Is ``<operand>.Timeout`` assigned in ``root`` (on any operand when None)?"""
    if b"Timeout" not in data[root.start_byte : root.end_byte]:
        return False
    for n in syntax.walk(root):
        if n.type != "assignment_statement":
            continue
        left = n.child_by_field_name("left")
        for lhs in left.named_children if left is not None else ():
            lhs = syntax.unparen(lhs) or lhs
            if lhs.type != "selector_expression":
                continue
            field = lhs.child_by_field_name("field")
            obj = lhs.child_by_field_name("operand")
            if field is None or obj is None or data[field.start_byte : field.end_byte] != FIELD.encode():
                continue
            if operand is None or data[obj.start_byte : obj.end_byte] == operand:
                return True
    return False


class ClientWithoutTimeout(Rule):
    code = "GF503"
    name = "client-without-timeout"
    summary = "an http.Client literal without Timeout: a stalled server hangs the caller forever"
    fix_class = FixClass.UNSAFE
    requires = (b'"net/http"',)

    def applies_to(self, data: bytes) -> bool:
        """Only a composite literal of ``http.Client`` (under any name, or ``Client`` for a dot
        import) is reported, in a file importing net/http: the bytes hold the type's name
        followed, after blanks or comments only, by the literal's ``{``."""
        return b'"net/http"' in data and _CLIENT_LITERAL.search(data) is not None

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if is_test_file(ctx) or b"Client" not in ctx.data:
            return
        name = ctx.import_name("net/http")
        if name is None:
            return
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
        if pkg == ".":
            if typ.type != "type_identifier" or ctx.btext(typ) != b"Client":
                return None
        else:
            if typ.type != "qualified_type":
                return None
            p, nm = typ.child_by_field_name("package"), typ.child_by_field_name("name")
            if p is None or nm is None or ctx.btext(nm) != b"Client" or ctx.btext(p) != pkg.encode():
                return None
        qual = http_qualifier(ctx, lit, "Client")
        if qual is None:
            return None  # http (or Client, for a dot import) is a local name here
        elems = literal_elements(body, data)
        if elems is None:
            return None  # positional fields: nothing to say without counting them
        if any(e.key == FIELD.encode() for e in elems):
            return None
        kind, target = literal_destination(literal_outer(lit))
        if self._set_later(ctx, kind, target, syntax.top_function(lit)):
            return None
        message = (
            f"{qual or 'http.'}Client has no Timeout: a server that stalls, or sends its body slowly, "
            "blocks the caller forever"
        )
        return self.finding(lit, message, self._fix(ctx, lit, body))

    def _set_later(self, ctx: FileContext, kind: str, target: Node | None, top: Node | None) -> bool:
        """Is Timeout assigned on the client's variable in the function, or (when the client
        leaves the function) anywhere in the package?"""
        data = ctx.data
        if kind == "var" and target is not None and top is not None:
            name = data[target.start_byte : target.end_byte]
            if target.type == "identifier":
                if name == b"_":
                    return False
                if not syntax.declares_locally(top, name.decode("utf-8", "replace"), data):
                    return self._set_in_package(ctx)  # a package variable: any function may set it
                if _assigns_timeout(top, data, name):
                    return True
                if not escapes_locally(top, name, data, target):
                    return False
            elif _assigns_timeout(top, data, name):
                return True
        return self._set_in_package(ctx)

    @staticmethod
    def _set_in_package(ctx: FileContext) -> bool:
        if _assigns_timeout(ctx.root, ctx.data, None):
            return True
        return any(_assigns_timeout(s.tree.root_node, s.source.data, None) for s in ctx.package.siblings())

    def _fix(self, ctx: FileContext, lit: Node, body: Node) -> Fix | None:
        value = ctx.settings.http_timeout(SETTING)
        unit = duration_expr(value, "")
        if unit is None:
            return None  # configured to zero (or not a duration)
        names = time_qualifier(ctx, lit, (unit.rsplit(" ", 1)[-1],))
        if names is None:
            return None
        qualifier, imports = names
        expr = duration_expr(value, qualifier)
        assert expr is not None
        edits = add_fields(ctx, body, [(FIELD, expr)])
        if edits is None:
            return None
        description = (
            f"add Timeout: {expr} (unsafe: it bounds the whole exchange including reading the body, "
            "so it breaks longer downloads and streams)"
        )
        return Fix(description, edits, Applicability.UNSAFE, imports)
