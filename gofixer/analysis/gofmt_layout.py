"""How gofmt lays out what a fix touches: the alignment of a composite literal's ``key: value``
lines, and the trailing comments it aligns across consecutive lines.

A fix that adds fields to a literal or makes a line longer must leave the file as gofmt would
write it, or the fixed file would not be gofmt-clean: the new lines must be aligned with their
section, and a line whose trailing comment gofmt aligns with its neighbours' must not grow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tree_sitter import Node

from ..source import SourceFile
from .syntax import walk


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


def line_comments(node: Node, src: SourceFile) -> dict[int, list[Node]]:
    """Comments of the top-level declaration around ``node`` that follow code on their line
    (trailing comments, which gofmt aligns across consecutive lines), by line."""
    top = node
    while top.parent is not None and top.parent.type != "source_file":
        top = top.parent
    out: dict[int, list[Node]] = {}
    for n in walk(top):
        if n.type == "comment":
            line = src.line_of(n.start_byte)
            if src.data[src.line_start(line) : n.start_byte].strip(b" \t"):
                out.setdefault(line, []).append(n)
    return out


def aligned_comments(comments: dict[int, list[Node]], line: int, src: SourceFile | None = None) -> bool:
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


def starts_statement_line(body: Node, src: SourceFile, line: int) -> bool:
    """Is the literal on the first line of its statement (or top-level declaration)? Only then can
    it be spread over several lines without changing how gofmt aligns what encloses it (the
    fields of an outer literal, the specs of a var block)."""
    n = body
    while n.parent is not None and n.parent.type not in ("statement_list", "source_file"):
        n = n.parent
    return n.parent is not None and src.line_of(n.start_byte) == line


def width(line: bytes) -> int:
    """The line's width as the length limit counts it (a tab counts as 4)."""
    return len(line.expandtabs(4).decode("utf-8", "replace"))
