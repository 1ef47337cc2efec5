"""The ``key: value`` fields of a composite literal: reading them, and adding fields at the end
the way gofmt lays them out.

A fix that completes a configuration literal (``http.Server{…}`` gets ``ReadHeaderTimeout``,
``http.Client{…}`` gets ``Timeout``) must keep the file gofmt-clean: the new lines are aligned
with their section (:mod:`gofixer.analysis.gofmt_layout`), and a literal on one line either
grows on that line or, when it would grow too long, is written one field per line.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from ..model import Edit
from ..source import SourceFile
from .gofmt_layout import LineElem, aligned_comments, gofmt_alignment, last_block, line_comments, starts_statement_line, width

# Longest line (tabs counted as 4) a single-line literal may grow to before several added
# fields are written over several lines instead.
MAX_INLINE = 100


@dataclass(frozen=True)
class Element:
    """One ``key: value`` element: its node, the key's name, where its colon ends, its value."""

    node: Node
    key: bytes
    colon_end: int
    value: Node


def literal_elements(body: Node, data: bytes) -> list[Element] | None:
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
        out.append(Element(c, data[ident.start_byte : ident.end_byte], colon.end_byte, value))
    return out


def add_fields(src: SourceFile, body: Node, fields: list[tuple[str, str]]) -> tuple[Edit, ...] | None:
    """Edits that add ``Key: value`` fields at the end of the literal_value ``body``, gofmt-clean.

    A literal whose closing brace is on a line of its own gets one line per field, with the
    section's values re-aligned as gofmt would; a single-line literal gets the fields appended
    inside the braces, or (when that makes the line longer than MAX_INLINE and several fields are
    added) is written over several lines. None when the literal has a shape this cannot handle.
    """
    data = src.data
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
        and width(line) + len(text) > MAX_INLINE
        and not any(c.type == "comment" for c in body.named_children)
        and starts_statement_line(body, src, lb_line)
    ):
        after = [c for c in comments.get(lb_line, []) if c.start_byte >= rbrace.end_byte]
        if len(after) <= 1 and all(data[c.start_byte : c.start_byte + 2] == b"//" for c in after):
            return _explode(src, body, elems, new, nl, after)
    return (Edit(at, at, text),)


def _key_size(e: Element, src: SourceFile) -> int:
    return len(e.key) if src.line_of(e.node.start_byte) == src.line_of(e.node.end_byte - 1) else 0


def _explode(
    src: SourceFile, body: Node, elems: list[Element], new: list[tuple[bytes, bytes]], nl: bytes, trailing: list[Node]
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
