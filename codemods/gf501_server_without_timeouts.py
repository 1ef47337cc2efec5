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

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from tree_sitter import Node

from gofixer.analysis import syntax
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule
from gofixer.source import captures

# (field, configuration key), in the order the fix adds them
TIMEOUT_FIELDS = (
    ("ReadHeaderTimeout", "read_header_timeout"),
    ("ReadTimeout", "read_timeout"),
    ("WriteTimeout", "write_timeout"),
    ("IdleTimeout", "idle_timeout"),
)
HEADER_FIELDS = frozenset({"ReadHeaderTimeout", "ReadTimeout"})

# Longest line (tabs counted as 4) a single-line literal may grow to before the unsafe fix writes
# it over several lines instead.
MAX_INLINE = 100

# ---------------------------------------------------------------------------------------------
# Go durations -> Go expressions
# ---------------------------------------------------------------------------------------------

_UNITS = (  # smallest first
    ("ns", "Nanosecond", 1),
    ("us", "Microsecond", 1_000),
    ("µs", "Microsecond", 1_000),
    ("μs", "Microsecond", 1_000),
    ("ms", "Millisecond", 1_000_000),
    ("s", "Second", 1_000_000_000),
    ("m", "Minute", 60_000_000_000),
    ("h", "Hour", 3_600_000_000_000),
)
_UNIT_NS = {u: ns for u, _, ns in _UNITS}
_LADDER = (  # largest first, one per unit
    ("Hour", 3_600_000_000_000),
    ("Minute", 60_000_000_000),
    ("Second", 1_000_000_000),
    ("Millisecond", 1_000_000),
    ("Microsecond", 1_000),
    ("Nanosecond", 1),
)
_PART = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)")


def parse_duration(value: str) -> tuple[int, int] | None:
    """A Go duration string as (nanoseconds, nanoseconds of the smallest unit it spells with a
    non-zero amount), or None when it is not one."""
    text = value.strip()
    if not text or text.startswith(("-", "+")):
        return None
    pos, total, smallest = 0, Fraction(0), None
    while pos < len(text):
        m = _PART.match(text, pos)
        if m is None:
            return None
        unit = _UNIT_NS[m.group(2)]
        amount = Fraction(m.group(1))
        total += amount * unit
        if amount:  # "1h0m0s" is spelled in hours
            smallest = unit if smallest is None else min(smallest, unit)
        pos = m.end()
    if total.denominator != 1:
        return None
    return int(total), smallest or 1


def duration_expr(value: str, qualifier: str) -> str | None:
    """``10 * time.Second`` for "10s", exactly and gofmt-clean; None for zero or a bad value.

    The unit is the smallest one the value spells ("1m30s" -> ``90 * time.Second``, "2m" ->
    ``2 * time.Minute``), or a smaller one when a fraction needs it ("1.5s" -> ``1500 *
    time.Millisecond``).
    """
    parsed = parse_duration(value)
    if parsed is None or parsed[0] <= 0:
        return None
    ns, smallest = parsed
    for name, unit in _LADDER:
        if unit <= smallest and ns % unit == 0:
            n = ns // unit
            return f"{qualifier}{name}" if n == 1 else f"{n} * {qualifier}{name}"
    return None  # unreachable: a nanosecond divides everything


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


# The name of a composite literal's type, then blanks or a comment, then its brace: any
# ``http.Server{`` / ``nethttp.Server {`` / ``Server /* c */ {`` is found (a superset: a ``/``
# may start something other than a comment)
SERVER_LITERAL = re.compile(rb"Server\s*[{/]")


def is_test_file(ctx: FileContext) -> bool:
    return ctx.source.path.replace("\\", "/").endswith("_test.go")


def _declares(scope: Node, name: str, data: bytes) -> bool:
    """``name`` declared in ``scope`` as a variable, constant, parameter, type or function."""
    if syntax.declares_locally(scope, name, data):
        return True
    bname = name.encode()
    for n in syntax.walk(scope):
        if n.type in ("type_spec", "type_alias", "function_declaration"):
            nm = n.child_by_field_name("name")
            if nm is not None and data[nm.start_byte : nm.end_byte] == bname:
                return True
    return False


def http_qualifier(
    ctx: FileContext, node: Node, member: str, declares: Callable[[Node, str, bytes], bool] | None = None
) -> str | None:
    """How ``net/http.<member>`` is spelled at ``node`` (``http.`` or ``""`` for a dot import), or
    None when net/http is not imported or its name is hidden by a local declaration there.
    ``declares`` answers as :func:`_declares` does (a rule that asks for many nodes of the same
    function passes one that remembers each function's names)."""
    name = ctx.import_name("net/http")
    if name is None:
        return None
    top = syntax.top_function(node)
    local = member if name == "." else name
    if top is not None and (declares or _declares)(top, local, ctx.data):
        return None
    return "" if name == "." else name + "."


def _package_declares(ctx: FileContext, name: str) -> bool:
    """Does another file of the package declare ``name`` at package level?"""
    bname = name.encode()
    for sib in ctx.package.siblings():
        if bname not in sib.source.data:
            continue
        data = sib.source.data
        for decl in sib.tree.root_node.named_children:
            if decl.type == "function_declaration":
                nm = decl.child_by_field_name("name")
                if nm is not None and data[nm.start_byte : nm.end_byte] == bname:
                    return True
            elif decl.type in ("var_declaration", "const_declaration", "type_declaration"):
                for n in syntax.walk(decl):
                    if n.type in ("var_spec", "const_spec", "type_spec", "type_alias"):
                        for nm in n.children_by_field_name("name"):
                            if data[nm.start_byte : nm.end_byte] == bname:
                                return True
    return False


def time_qualifier(ctx: FileContext, node: Node, units: tuple[str, ...] = ()) -> tuple[str, tuple[str, ...]] | None:
    """How ``time.<Unit>`` is spelled at ``node``, and the imports that spelling needs.

    ``("time.", ("time",))`` when the file does not import time yet, ``("t.", ())`` for an alias,
    ``("", ())`` for a dot import; None when it cannot be spelled safely (a blank import, or the
    name taken by a local declaration or another import).
    """
    data = ctx.data
    top = syntax.top_function(node)
    if "time" in ctx.imports:
        name = ctx.imports["time"]
        if name == "_":
            return None
        if name == ".":
            if top is not None and any(_declares(top, u, data) for u in units):
                return None
            return "", ()
        if top is not None and _declares(top, name, data):
            return None
        return name + ".", ()
    if any(local == "time" for local in ctx.imports.values()):
        return None  # another package is imported as time
    for n in syntax.walk(ctx.root):
        if n.type in ("identifier", "type_identifier") and data[n.start_byte : n.end_byte] == b"time":
            return None  # spelled in the file as something else: the import would clash or be hidden
    if _package_declares(ctx, "time"):
        return None
    return "time.", ("time",)


def timeout_values(ctx: FileContext, fields: list[str], qualifier: str) -> list[tuple[str, str]]:
    """(field, Go expression) for each field whose configured duration is not zero."""
    keys = dict(TIMEOUT_FIELDS)
    out = []
    for f in fields:
        expr = duration_expr(ctx.settings.http_timeout(keys[f]), qualifier)
        if expr is not None:
            out.append((f, expr))
    return out


def unit_names(ctx: FileContext, fields: list[str]) -> tuple[str, ...]:
    """The time units the configured values of ``fields`` are written with."""
    keys = dict(TIMEOUT_FIELDS)
    out = []
    for f in fields:
        expr = duration_expr(ctx.settings.http_timeout(keys[f]), "")
        if expr is not None:
            out.append(expr.rsplit(" ", 1)[-1])
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# gofmt's alignment of key: value lines
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineElem:
    """One element of a composite literal, as gofmt's exprList sees it (lines are 0-based)."""

    start_line: int
    end_line: int
    key_size: int  # length of the key when the element fits on one line, else 0


def gofmt_alignment(lbrace_line: int, elems: list[LineElem]) -> list[tuple[bool, bool]]:
    """For each element: (its key is a tabwriter cell, it starts a new alignment section).

    A transcription of go/printer's exprList for key: value lists: an element on a line of its
    own that fits on one line gets a cell after its colon; consecutive cells align unless a
    formfeed (a multi-line element before, several elements on the previous line, a key size far
    from the running geometric mean) or an empty or comment line separates them.
    """
    out: list[tuple[bool, bool]] = []
    size = 0
    lnsum, count = 0.0, 0
    prev_line = lbrace_line
    prev_break = 0 if elems and lbrace_line < elems[0].start_line else -1
    for i, e in enumerate(elems):
        prev_size = size
        size = e.key_size
        use_ff = True
        if prev_size > 0 and size > 0:
            if count == 0 or (prev_size <= 40 and size <= 40):
                use_ff = False
            else:
                ratio = size / math.exp(lnsum / count)
                use_ff = 2.5 * ratio <= 1 or 2.5 <= ratio
        needs_break = prev_line < e.start_line
        section = i == 0 and needs_break
        if i > 0 and needs_break:
            new_section = use_ff or prev_break + 1 < i
            n = min(e.start_line - prev_line, 2)
            nbreaks = n + 1 if new_section else n
            prev_break = i
            if nbreaks > 1:
                lnsum, count = 0.0, 0
            section = new_section or n > 1
        out.append((len(elems) > 1 and size > 0 and needs_break, section))
        if size > 0:
            lnsum += math.log(size)
            count += 1
        prev_line = e.end_line
    return out


def last_block(flags: list[tuple[bool, bool]]) -> list[int]:
    """Indices of the aligned section that ends with the last element (empty if it is not aligned)."""
    block: list[int] = []
    k = len(flags) - 1
    while k >= 0:
        aligned, section = flags[k]
        if not aligned:
            break
        block.append(k)
        if section:
            break
        k -= 1
    return block[::-1]


# ---------------------------------------------------------------------------------------------
# Adding fields to a composite literal
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Elem:
    node: Node
    key: bytes
    colon_end: int
    value: Node


def literal_elements(body: Node, data: bytes) -> list[_Elem] | None:
    """The literal's key: value elements; None when one is not keyed by a plain field name."""
    out = []
    for c in body.named_children:
        if c.type == "comment":
            continue
        if c.type != "keyed_element":
            return None
        key = c.child_by_field_name("key")
        value = c.child_by_field_name("value")
        colon = next((x for x in c.children if x.type == ":"), None)
        if key is None or value is None or colon is None:
            return None
        ident = key.named_children[0] if key.type == "literal_element" and key.named_child_count == 1 else key
        if ident.type not in ("identifier", "field_identifier"):
            return None
        out.append(_Elem(c, data[ident.start_byte : ident.end_byte], colon.end_byte, value))
    return out


def _width(line: bytes) -> int:
    return len(line.expandtabs(4).decode("utf-8", "replace"))


def add_fields(ctx: FileContext, body: Node, fields: list[tuple[str, str]]) -> tuple[Edit, ...] | None:
    """Edits that add ``Key: value`` fields at the end of the literal_value ``body``, gofmt-clean.

    A literal whose closing brace is on a line of its own gets one line per field, with the
    section's values re-aligned as gofmt would; a single-line literal gets the fields appended
    inside the braces, or (when that makes the line longer than MAX_INLINE and several fields are
    added) is written over several lines. None when the literal has a shape this cannot handle.
    """
    src, data = ctx.source, ctx.data
    elems = literal_elements(body, data)
    if elems is None or not fields:
        return None
    lbrace, rbrace = body.children[0], body.children[-1]
    if lbrace.type != "{" or rbrace.type != "}":
        return None
    new = [(k.encode(), v.encode()) for k, v in fields]
    rb_line = src.line_of(rbrace.start_byte)
    lb_line = src.line_of(lbrace.start_byte)
    rb_own_line = data[src.line_start(rb_line) : rbrace.start_byte].strip(b" \t") == b""
    nl = src.newline_at(lbrace.start_byte)

    if rb_own_line and rb_line > lb_line:
        indent = src.indent_of_line(rbrace.start_byte) + b"\t"
        if elems:
            last_end = src.line_of(elems[-1].node.end_byte - 1)
            at = src.line_start(last_end + 1)
        else:
            last_end = rb_line - 1
            at = src.line_start(rb_line)
        layout = [
            LineElem(src.line_of(e.node.start_byte), src.line_of(e.node.end_byte - 1), _key_size(e, src)) for e in elems
        ]
        layout += [LineElem(last_end + 1 + i, last_end + 1 + i, len(k)) for i, (k, _) in enumerate(new)]
        flags = gofmt_alignment(lb_line, layout)
        block = last_block(flags)
        keys = [elems[i].key if i < len(elems) else new[i - len(elems)][0] for i in block]
        column = max((len(k) + 1 for k in keys), default=0) + 1
        edits = []
        for i in block:
            if i >= len(elems):
                continue
            e = elems[i]
            ws = data[e.colon_end : e.value.start_byte]
            if ws.strip(b" \t"):
                return None  # a comment between key and value
            want = b" " * (column - len(e.key) - 1)
            if ws != want:
                edits.append(Edit(e.colon_end, e.value.start_byte, want))
        lines = []
        for i, (k, v) in enumerate(new):
            aligned = flags[len(elems) + i][0]
            pad = b" " * (column - len(k) - 1) if aligned else b" "
            lines.append(indent + k + b":" + pad + v + b"," + nl)
        edits.append(Edit(at, at, b"".join(lines)))
        return tuple(edits)

    comments = line_comments(body, src)
    if rb_line != lb_line:
        # a multi-line literal closed on the line of its last element: append on that line
        if not elems or aligned_comments(comments, rb_line, src):
            return None
        text = b"".join(b", " + k + b": " + v for k, v in new)
        return (Edit(elems[-1].node.end_byte, elems[-1].node.end_byte, text),)

    # single-line literal
    inner = data[lbrace.end_byte : rbrace.start_byte]
    if elems:
        text = b"".join(b", " + k + b": " + v for k, v in new)
        at = elems[-1].node.end_byte
    else:
        if inner.strip(b" \t"):
            return None
        text = b", ".join(k + b": " + v for k, v in new)
        at = lbrace.end_byte
    if aligned_comments(comments, lb_line, src):
        return None
    line = data[src.line_start(lb_line) : src.line_end(lb_line)]
    if (
        len(new) > 1
        and _width(line) + len(text) > MAX_INLINE
        and not any(c.type == "comment" for c in body.named_children)
        and _starts_statement_line(body, src, lb_line)
    ):
        after = [c for c in comments.get(lb_line, []) if c.start_byte >= rbrace.end_byte]
        if len(after) <= 1 and all(data[c.start_byte : c.start_byte + 2] == b"//" for c in after):
            return _explode(src, body, elems, new, nl, after)
    return (Edit(at, at, text),)


def line_comments(node: Node, src) -> dict[int, list[Node]]:
    """Comments of the top-level declaration around ``node`` that follow code on their line
    (trailing comments, which gofmt aligns across consecutive lines), by line."""
    top = node
    while top.parent is not None and top.parent.type != "source_file":
        top = top.parent
    out: dict[int, list[Node]] = {}
    for n in syntax.walk(top):
        if n.type == "comment":
            line = src.line_of(n.start_byte)
            if src.data[src.line_start(line) : n.start_byte].strip(b" \t"):
                out.setdefault(line, []).append(n)
    return out


def aligned_comments(comments: dict[int, list[Node]], line: int, src=None) -> bool:
    """Would a longer ``line`` move trailing comments that gofmt aligns with its own (or, when the
    line ends in a comment after an operator, gofmt's indentation of the line that continues it)?"""
    if line not in comments:
        return False
    if line - 1 in comments or line + 1 in comments:
        return True
    if src is not None:
        code = src.data[src.line_start(line) : comments[line][0].start_byte].rstrip(b" \t")
        return code[-1:] in (b".", b"+", b"-", b"*", b"/", b"%", b"&", b"|", b"^", b"<", b">", b"=", b"!", b":")
    return False


def _starts_statement_line(body: Node, src, line: int) -> bool:
    """Is the literal on the first line of its statement (or top-level declaration)? Only then can
    it be spread over several lines without changing how gofmt aligns what encloses it (the
    fields of an outer literal, the specs of a var block)."""
    n = body
    while n.parent is not None and n.parent.type not in ("statement_list", "source_file"):
        n = n.parent
    return n.parent is not None and src.line_of(n.start_byte) == line


def _key_size(e: _Elem, src) -> int:
    return len(e.key) if src.line_of(e.node.start_byte) == src.line_of(e.node.end_byte - 1) else 0


def _explode(
    src, body: Node, elems: list[_Elem], new: list[tuple[bytes, bytes]], nl: bytes, trailing: list[Node]
) -> tuple[Edit, ...]:
    """Rewrite a single-line literal's contents one field per line, aligned; a comment at the end
    of the line moves up to stay on the literal's first line (after its ``{``)."""
    data = src.data
    lbrace, rbrace = body.children[0], body.children[-1]
    base = src.indent_of_line(lbrace.start_byte)
    pairs = [(e.key, data[e.value.start_byte : e.value.end_byte]) for e in elems] + new
    layout = [LineElem(1 + i, 1 + i, len(k)) for i, (k, _) in enumerate(pairs)]
    flags = gofmt_alignment(0, layout)
    # sections of consecutive aligned lines, each padded to its own longest key
    columns: list[int] = []
    start = 0
    for i in range(len(pairs) + 1):
        if i == len(pairs) or (i > 0 and flags[i][1]):
            width = max(len(k) + 1 for k, _ in pairs[start:i]) + 1
            columns += [width] * (i - start)
            start = i
    out = [nl]
    edits = []
    if trailing:
        comment = trailing[0]
        ws, end = comment.start_byte, comment.end_byte
        while ws > rbrace.end_byte and data[ws - 1 : ws] in (b" ", b"\t"):
            ws -= 1
        while end > comment.start_byte and data[end - 1 : end] == b"\r":
            end -= 1  # a CRLF file's line comment may include the \r
        out.insert(0, b" " + data[comment.start_byte : end])
        edits.append(Edit(ws, end, b""))
    for (k, v), (aligned, _), col in zip(pairs, flags, columns):
        pad = b" " * (col - len(k) - 1) if aligned else b" "
        out.append(base + b"\t" + k + b":" + pad + v + b"," + nl)
    out.append(base)
    return (Edit(lbrace.end_byte, rbrace.start_byte, b"".join(out)), *edits)


# ---------------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------------


def _unparen(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def _operator(node: Node) -> str | None:
    op = node.child_by_field_name("operator")
    return None if op is None else op.type


def literal_outer(node: Node) -> Node:
    """The expression the literal's value flows out of: through ``&`` and parentheses."""
    while node.parent is not None:
        p = node.parent
        if p.type == "parenthesized_expression":
            node = p
        elif p.type == "unary_expression" and _operator(p) == "&":
            node = p
        else:
            break
    return node


def literal_destination(expr: Node) -> tuple[str, Node | None]:
    """Where the literal's value goes: ("var", lhs) for an assignment or declaration, ("config",
    None) for httptest's ``Config``, ("other", None) for anything else."""
    p = expr.parent
    if p is None:
        return "other", None
    if p.type == "expression_list":
        stmt = p.parent
        values = list(p.named_children)
        idx = next((i for i, v in enumerate(values) if v.id == expr.id), None)
        if stmt is None or idx is None:
            return "other", None
        if stmt.type in ("short_var_declaration", "assignment_statement") and stmt.child_by_field_name("right") == p:
            left = stmt.child_by_field_name("left")
            lhs = [c for c in left.named_children if c.type != "comment"] if left is not None else []
            if len(lhs) == len(values):
                target = _unparen(lhs[idx])
                if target.type == "selector_expression":
                    field = target.child_by_field_name("field")
                    if field is not None and field.text == b"Config":
                        return "config", None
                return "var", target
        if stmt.type == "var_spec" and stmt.child_by_field_name("value") == p:
            names = stmt.children_by_field_name("name")
            if len(names) == len(values):
                return "var", names[idx]
        return "other", None
    if p.type == "literal_element" and p.parent is not None and p.parent.type == "keyed_element":
        kv = p.parent
        if kv.child_by_field_name("value") == p:
            key = kv.child_by_field_name("key")
            if key is not None and key.text.strip() == b"Config":
                return "config", None
    return "other", None


def _assigns_header_timeout(root: Node, data: bytes, operand: bytes | None) -> bool:
    """Is ``<operand>.ReadHeaderTimeout`` or ``.ReadTimeout`` assigned in ``root`` (any operand
    when None)?"""
    if b"ReadHeaderTimeout" not in data[root.start_byte : root.end_byte] and b"ReadTimeout" not in data[
        root.start_byte : root.end_byte
    ]:
        return False
    for n in syntax.walk(root):
        if n.type != "assignment_statement":
            continue
        left = n.child_by_field_name("left")
        for lhs in left.named_children if left is not None else ():
            lhs = _unparen(lhs)
            if lhs.type != "selector_expression":
                continue
            field = lhs.child_by_field_name("field")
            obj = lhs.child_by_field_name("operand")
            if field is None or obj is None or data[field.start_byte : field.end_byte].decode() not in HEADER_FIELDS:
                continue
            if operand is None or data[obj.start_byte : obj.end_byte] == operand:
                return True
    return False


def escapes_locally(top: Node, name: bytes, data: bytes, decl: Node) -> bool:
    """Is the local ``name`` used other than as ``name.Field`` / ``name.Method(..)`` or assigned?"""
    for n in syntax.walk(top):
        if n.type != "identifier" or data[n.start_byte : n.end_byte] != name or n.id == decl.id:
            continue
        p = n.parent
        if p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == n:
            continue
        if p is not None and p.type == "expression_list" and p.parent is not None:
            stmt = p.parent
            if stmt.type in ("assignment_statement", "short_var_declaration") and stmt.child_by_field_name("left") == p:
                continue  # assigned (another server, or nil)
        return True
    return False


class ServerWithoutTimeouts(Rule):
    code = "GF501"
    name = "server-without-timeouts"
    summary = "an http.Server literal sets neither ReadHeaderTimeout nor ReadTimeout (Slowloris)"
    fix_class = FixClass.SAFE_OR_UNSAFE
    requires = (b'"net/http"',)
    query_file = "gf501_server_without_timeouts.scm"

    def applies_to(self, data: bytes) -> bool:
        """Only a composite literal of ``http.Server`` (under any name, or ``Server`` for a dot
        import) is reported, in a file importing net/http: the bytes hold the type's name followed,
        after blanks or comments only, by the literal's ``{``."""
        return b'"net/http"' in data and SERVER_LITERAL.search(data) is not None

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if is_test_file(ctx) or b"Server" not in ctx.data or ctx.import_name("net/http") is None:
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
        qual = http_qualifier(ctx, lit, "Server")
        if qual is None:
            return None
        if typ.type == "qualified_type":
            pkg = typ.child_by_field_name("package")
            if qual == "" or pkg is None or data[pkg.start_byte : pkg.end_byte].decode() + "." != qual:
                return None
        elif qual != "" or typ.type != "type_identifier":
            return None
        elems = literal_elements(body, data)
        if elems is None:
            return None  # positional fields: nothing to say without counting them
        keys = {e.key.decode() for e in elems}
        if keys & HEADER_FIELDS:
            return None
        kind, target = literal_destination(literal_outer(lit))
        if kind == "config":
            return None  # httptest.Server's Config: a test server
        top = syntax.top_function(lit)
        if self._set_later(ctx, kind, target, top):
            return None

        message = (
            f"{qual or 'http.'}Server sets neither ReadHeaderTimeout nor ReadTimeout: a client that sends its headers "
            "slowly holds a connection open forever (Slowloris)"
        )
        return self.finding(typ, message, self._fix(ctx, lit, body, keys))

    def _set_later(self, ctx: FileContext, kind: str, target: Node | None, top: Node | None) -> bool:
        data = ctx.data
        if kind == "var" and target is not None and target.type == "identifier" and top is not None:
            name = data[target.start_byte : target.end_byte]
            if name == b"_":
                return False
            if not syntax.declares_locally(top, name.decode("utf-8", "replace"), data):
                return self._set_in_package(ctx)  # a package variable: any function may set it
            if _assigns_header_timeout(top, data, name):
                return True
            if not escapes_locally(top, name, data, target):
                return False
        elif kind == "var" and target is not None and top is not None:
            if _assigns_header_timeout(top, data, data[target.start_byte : target.end_byte]):
                return True
        return self._set_in_package(ctx)

    @staticmethod
    def _set_in_package(ctx: FileContext) -> bool:
        """The server leaves the function (or is a package variable): any assignment of the
        fields in the package may be the one that sets it."""
        if _assigns_header_timeout(ctx.root, ctx.data, None):
            return True
        return any(_assigns_header_timeout(s.tree.root_node, s.source.data, None) for s in ctx.package.siblings())

    def _fix(self, ctx: FileContext, lit: Node, body: Node, keys: set[str]) -> Fix | None:
        unsafe = ctx.settings.unsafe_fixes
        wanted = [f for f, _ in TIMEOUT_FIELDS if f not in keys and (unsafe or f == "ReadHeaderTimeout")]
        names = time_qualifier(ctx, lit, unit_names(ctx, wanted))
        if names is None:
            return None
        qualifier, imports = names
        fields = timeout_values(ctx, wanted, qualifier)
        if not any(f == "ReadHeaderTimeout" for f, _ in fields) and not any(f == "ReadTimeout" for f, _ in fields):
            return None  # configured to zero: adding it would change nothing
        edits = add_fields(ctx, body, fields)
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
