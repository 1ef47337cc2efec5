"""Constructs found from a file's bytes, before or instead of a query over its tree.

A query pass over a whole tree costs more than half a parse, whatever it looks for; most
constructs the rules start from are spelled by a keyword or a name (``go``, ``func``,
``make``, ``context.WithCancel``), so they are found in the bytes and looked up in the tree at
that offset. The same byte tests serve as prefilters: a file whose bytes cannot hold the
construct is never parsed. A tree with errors may hold nodes the bytes do not suggest, so there
the query is asked instead.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

from tree_sitter import Node

from ..source import captures, compile_query
from .syntax import FUNC_TYPES, same_node

# Comments and string, raw string and rune literals, in the order Go's scanner meets them: a
# search from the start of a file consumes each one whole, so a quote in a comment or a ``//`` in
# a string is never taken for the start of another.
NOT_CODE = re.compile(rb'//[^\n]*|/\*.*?\*/|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|`[^`]*`|\'[^\'\\\n]*(?:\\.[^\'\\\n]*)*\'', re.S)


# bytes that can be part of a Go identifier (Go's non-ASCII letters are UTF-8: any byte >= 0x80)
WORD_BYTES = frozenset(b"0123456789_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + bytes(range(0x80, 0x100)))


def word_offsets(data: bytes, word: bytes) -> Iterator[int]:
    """Where ``word`` is in ``data`` as a whole identifier (no identifier byte on either side)."""
    i = data.find(word)
    while i >= 0:
        end = i + len(word)
        if (i == 0 or data[i - 1] not in WORD_BYTES) and (end == len(data) or data[end] not in WORD_BYTES):
            yield i
        i = data.find(word, end)


def functions(root: Node, data: bytes) -> list[Node]:
    """Every function declaration, method declaration and function literal, in document order:
    the nodes whose first token is one of the file's ``func`` keywords, found from the bytes (a
    tenth of the cost of a query over the whole tree). A tree with errors may hold such a node
    without its keyword: there the query is asked."""
    if root.has_error:
        return captures(compile_query("[(function_declaration) (method_declaration) (func_literal)] @f"), root).get("f", [])
    out = []
    i = data.find(b"func")
    while i >= 0:
        f = keyword_construct(root, i, "func", FUNC_TYPES)
        if f is not None:
            out.append(f)
        i = data.find(b"func", i + 4)
    return out


def keyword_construct(root: Node, start: int, keyword: str, types: tuple[str, ...]) -> Node | None:
    """The node of one of ``types`` that the keyword token at ``start`` begins (a ``func``'s
    function, a ``go``'s statement), or None when no such token is there (the bytes were in a
    comment, a string or a longer word)."""
    token = root.descendant_for_byte_range(start, start + len(keyword))
    if token is None or token.type != keyword:
        return None
    node = token.parent
    return node if node is not None and node.type in types else None


def method_call_statements(root: Node, data: bytes, method: bytes) -> Iterator[Node]:
    """The calls ``x.<method>(…)`` that stand as statements of their own (``wg.Wait()``,
    ``wg.Add(1)``), found from the bytes ``.<method>(`` and looked up in the tree."""
    needle = b"." + method + b"("
    start = 0
    while (i := data.find(needle, start)) >= 0:
        start = i + 1
        leaf = root.descendant_for_byte_range(i + 1, i + 1 + len(method))
        sel = leaf.parent if leaf is not None else None
        call = sel.parent if sel is not None else None
        if call is not None and call.type == "call_expression" and call.parent is not None and call.parent.type == "expression_statement":
            yield call


def calls_named(root: Node, data: bytes, name: re.Pattern[bytes], query: str) -> list[Node]:
    """The calls whose function is a name ``name`` matches whole, bare (``make(…)``) or as a
    selector's field (``context.WithCancel(…)``), in document order.

    Found from the bytes: each match of ``name`` is looked up in the tree and its parents
    checked, which costs a fraction of a query pass over the whole tree (more than half a
    parse). ``query`` (capturing the calls as ``@call``) says the same as a query and is asked
    instead in a tree with errors, which may hold nodes the bytes alone do not suggest."""
    if root.has_error:
        return captures(compile_query(query), root).get("call", [])
    out = []
    for m in name.finditer(data):
        n = root.descendant_for_byte_range(m.start(), m.end())
        if n is None or n.start_byte != m.start() or n.end_byte != m.end():
            continue
        if n.type == "field_identifier":
            sel = n.parent
            if sel is None or sel.type != "selector_expression" or not same_node(sel.child_by_field_name("field"), n):
                continue
            fn = sel
        elif n.type == "identifier":
            fn = n
        else:
            continue
        call = fn.parent
        if call is not None and call.type == "call_expression" and same_node(call.child_by_field_name("function"), fn):
            out.append(call)
    return out


def may_import(data: bytes, path: str) -> bool:
    """Can the file import ``path``, judged from its bytes before any parse? The path is then
    there as an interpreted or a raw string literal (:func:`import_names` reads both); true
    also of such a string anywhere else, so a superset, as prefilters need."""
    p = path.encode()
    return b'"' + p + b'"' in data or b"`" + p + b"`" in data


# The keyword ``go`` followed by what can start its call: a space or a newline (no semicolon is
# inserted after a keyword), ``(`` (``go (f)()``), ``[`` (``go []func(){f}[0]()``) or a comment.
# A plain literal prefix, so that ``re`` scans for it fast; where the statement starts is
# checked by hand (a pattern that starts with the alternatives before ``go`` is tried at every
# byte, some fifty times slower over GOROOT).
_GO_KEYWORD = re.compile(rb"go(?=[\s(\[/])")
# Where a statement can start, before the blanks in front of it: the end of the previous line,
# ``{`` (``func() { go f() }()``), ``;``, ``:`` (a case clause or a label), or the ``*/`` of a
# comment (``/* why */ go f()``).
_STATEMENT_STARTS = frozenset(b"\n{;:")
_NEWLINE = ord("\n")
# the complete interpreted string and rune literals of a line
_LINE_LITERALS = re.compile(rb'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')


def go_statement_offsets(data: bytes) -> Iterator[int]:
    """The offset just after each ``go`` that may start a statement.

    A superset of Go's go statements, gofmt'd or not: every go statement of valid Go is among
    them (and so is a ``go`` at the start of a comment or string line, which is harmless). A
    ``go`` after ``{``, ``;`` or ``:`` on the same line is one only when that mark is code, not
    part of a string or a comment (``"usage: go run …"``, ``// cd src; go list``)."""
    not_code: list[tuple[int, int]] | None = None  # the file's comments and literals, if needed
    for m in _GO_KEYWORD.finditer(data):
        j = m.start()
        while j > 0 and data[j - 1] in b" \t\r":
            j -= 1
        if j == 0 or data[j - 1] == _NEWLINE or data[j - 2 : j] == b"*/":
            yield m.end()
        elif data[j - 1] in _STATEMENT_STARTS and not _inside_by_its_line(data, j - 1):
            # the line alone cannot show it is code: a raw string or a block comment begun on
            # an earlier line may hold it, so the file's comments and literals are read
            if not_code is None:
                not_code = [n.span() for n in NOT_CODE.finditer(data)]
            k = bisect.bisect_right(not_code, (j - 1, len(data))) - 1
            if k < 0 or not_code[k][1] <= j - 1:
                yield m.end()


def _inside_by_its_line(data: bytes, at: int) -> bool:
    """Is the ``{``, ``;`` or ``:`` at ``at`` surely inside a string or a comment, as its line
    shows? Once the line's complete string and rune literals before it are dropped, an opening
    quote or a comment left over means it is (neither an interpreted string nor a rune spans
    lines), unless a backquote or the end of a block comment on the line may close a raw
    string or a comment begun earlier: then the line cannot tell."""
    prefix = data[data.rfind(b"\n", 0, at) + 1 : at]
    if b"`" in prefix or b"*/" in prefix:
        return False
    if b'"' in prefix or b"'" in prefix:
        prefix = _LINE_LITERALS.sub(b"", prefix)
    return b'"' in prefix or b"'" in prefix or b"//" in prefix or b"/*" in prefix


@functools.lru_cache(maxsize=32)
def may_have_go_statement(data: bytes) -> bool:
    """Can there be a go statement in ``data`` (see :func:`go_statement_offsets`)? Five rules
    ask it of each file's bytes; the answer is remembered for the last few files (a bytes object
    keeps its hash, so a repeated question costs a dictionary lookup)."""
    return next(go_statement_offsets(data), None) is not None


_GO_STATEMENTS = "(go_statement) @go"


def go_statements(root: Node, data: bytes) -> list[Node]:
    """Every go statement of the file (``root`` its tree, ``data`` its bytes), in document order
    (GF401 and GF402 ask for them too).

    Found from the bytes: the node at each ``go`` that may start a statement (see
    :func:`go_statement_offsets`, a superset) is looked up in the tree, which costs a fraction
    of a query pass over the whole tree (more than half a parse). A tree with errors may hold
    a go statement the byte test does not expect: there the query is asked."""
    if root.has_error:
        return captures(compile_query(_GO_STATEMENTS), root).get("go", [])
    out = []
    for end in go_statement_offsets(data):
        statement = keyword_construct(root, end - 2, "go", ("go_statement",))
        if statement is not None:
            out.append(statement)
    return out


