"""A Go file as bytes, with the index needed to speak in lines and columns.

tree-sitter reports byte offsets, go vet reports 1-based byte columns and LSP clients want UTF-16
columns; all three are answered from one sorted table of line starts, so nothing is ever decoded
as a whole and non-UTF-8 bytes survive untouched.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tree_sitter
import tree_sitter_go

from .model import Position

BOM = b"\xef\xbb\xbf"


@functools.cache
def go_language() -> tree_sitter.Language:
    return tree_sitter.Language(tree_sitter_go.language())


@functools.cache
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(go_language())


def parse(data: bytes) -> tree_sitter.Tree:
    """Parse with the process-wide parser (tree-sitter parsers are cheap to reuse, not to build)."""
    return _parser().parse(data)


@functools.cache
def compile_query(text: str) -> tree_sitter.Query:
    """Compile a query once per process; compiling costs far more than running."""
    return tree_sitter.Query(go_language(), text)


@functools.cache
def load_query(path: str) -> tree_sitter.Query:
    return compile_query(_query_text(path))


def captures(query: tree_sitter.Query, node: tree_sitter.Node) -> dict[str, list[tree_sitter.Node]]:
    """The query's captures under ``node``, by capture name, each list in document order.

    Inside :func:`shared_captures` (the engine runs every rule of a file in one), a query of
    the set asked for the file's root is answered from one pass of the combined query over the
    file, made on the first such request, instead of a pass of its own.
    """
    shared = _SHARED.current
    if shared is not None and node.id == shared.root_id:
        got = shared.get(query)
        if got is not None:
            return got
    found = tree_sitter.QueryCursor(query).captures(node)
    for nodes in found.values():
        # tree-sitter's own capture order depends on the cursor's state; make it document order
        nodes.sort(key=document_order)
    return found


def document_order(n: tree_sitter.Node) -> tuple[int, int]:
    """Sort key: by start, an enclosing node before the nodes it encloses (a pre-order walk's order)."""
    return (n.start_byte, -n.end_byte)


class _Combined:
    """Several rules' queries as one: pattern index ranges tell whose match is whose (capture
    names may collide between rules)."""

    def __init__(self, queries: Sequence[tuple[str, tree_sitter.Query]]):
        self.query = compile_query("\n".join(text for text, _q in queries))
        self.ranges: dict[int, tuple[int, int]] = {}
        start = 0
        for _text, q in queries:
            n = q.pattern_count
            self.ranges[id(q)] = (start, start + n)
            start += n
        if start != self.query.pattern_count:  # pragma: no cover - a query the grammar reads differently
            raise ValueError("combined query does not split by pattern")
        # pattern index -> the first pattern of the query it belongs to
        self.owner = {i: lo for lo, hi in self.ranges.values() for i in range(lo, hi)}


@functools.lru_cache(maxsize=64)
def _combined(texts: tuple[str, ...]) -> _Combined:
    return _Combined([(t, compile_query(t)) for t in texts])


class _FileCaptures:
    """One file's combined query pass, made on first use."""

    def __init__(self, root: tree_sitter.Node, combined: _Combined):
        self.root = root
        self.root_id = root.id
        self.combined = combined
        self._split: dict[int, dict[str, list[tree_sitter.Node]]] | None = None

    def get(self, query: tree_sitter.Query) -> dict[str, list[tree_sitter.Node]] | None:
        rng = self.combined.ranges.get(id(query))
        if rng is None:
            return None
        if self._split is None:
            self._split = self._run()
        got = self._split.get(rng[0], {})
        return {name: list(nodes) for name, nodes in got.items()}

    def _run(self) -> dict[int, dict[str, list[tree_sitter.Node]]]:
        owner = self.combined.owner
        out: dict[int, dict[str, list[tree_sitter.Node]]] = {}
        for pattern, caps in tree_sitter.QueryCursor(self.combined.query).matches(self.root):
            per = out.setdefault(owner[pattern], {})
            for name, nodes in caps.items():
                per.setdefault(name, []).extend(nodes)
        for per in out.values():
            for nodes in per.values():
                nodes.sort(key=document_order)  # as captures() gives them
        return out


class _Shared(threading.local):
    current: _FileCaptures | None = None


_SHARED = _Shared()


class shared_captures:
    """Context manager: while it is open, ``captures(q, root)`` for the queries given (path and
    compiled query, as :func:`load_query` made them) is served by one combined pass over
    ``root``. Fewer than two queries: nothing to share, nothing changes."""

    def __init__(self, root: tree_sitter.Node, queries: Sequence[tuple[str, tree_sitter.Query]]):
        self._state = None
        if len(queries) >= 2:
            texts = tuple(_query_text(p) for p, _q in queries)
            combined = _combined(texts)
            # the combined ranges are keyed by the ids of the queries compiled from these texts,
            # which are the very objects load_query returned (both are cached by text)
            self._state = _FileCaptures(root, combined)

    def __enter__(self) -> "shared_captures":
        if self._state is not None:
            self._prev = _SHARED.current
            _SHARED.current = self._state
        return self

    def __exit__(self, *exc) -> None:
        if self._state is not None:
            _SHARED.current = self._prev


@functools.cache
def _query_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


@dataclass
class SourceFile:
    """The file's exact bytes plus a line index; never mutated.

    The line index is built on first use: most files checked have nothing to report, and most
    sibling files a rule reads are only searched or parsed, so they never need it.
    """

    path: str
    data: bytes
    _line_starts: list[int] | None = field(init=False, repr=False, compare=False, default=None)

    @property
    def _starts(self) -> list[int]:
        starts = self._line_starts
        if starts is None:
            starts = self._line_starts = list(itertools.accumulate((len(l) + 1 for l in self.data.split(b"\n")), initial=0))
            starts.pop()  # the end of the last line is not a line start
        return starts

    @property
    def has_bom(self) -> bool:
        return self.data.startswith(BOM)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line0: int) -> int:
        """Byte offset where 0-based line ``line0`` starts."""
        return self._starts[line0]

    def line_end(self, line0: int) -> int:
        """Byte offset of the line's terminator (``\\r\\n`` or ``\\n``), or of the end of file."""
        if line0 + 1 < len(self._starts):
            end = self._starts[line0 + 1] - 1
            if end > self._starts[line0] and self.data[end - 1 : end] == b"\r":
                end -= 1
            return end
        return len(self.data)

    def line_of(self, offset: int) -> int:
        """0-based line containing byte ``offset``."""
        return bisect.bisect_right(self._starts, offset) - 1

    def position(self, offset: int) -> Position:
        """1-based line and byte column; a BOM is not counted as a column (go vet agrees)."""
        line0 = self.line_of(offset)
        col = offset - self._starts[line0]
        if line0 == 0 and self.has_bom and offset >= 3:
            col -= 3
        return Position(line0 + 1, col + 1)

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position`."""
        start = self._starts[line - 1]
        if line == 1 and self.has_bom:
            start += 3
        return start + column - 1

    def utf16_column(self, offset: int) -> int:
        """0-based UTF-16 column of ``offset`` (LSP's default unit); undecodable bytes count one each."""
        line0 = self.line_of(offset)
        start = self._starts[line0]
        if line0 == 0 and self.has_bom:
            start = min(start + 3, offset)
        text = self.data[start:offset].decode("utf-8", errors="replace")
        return len(text.encode("utf-16-le")) // 2

    def offset_from_utf16(self, line0: int, col16: int) -> int:
        """Byte offset of a 0-based LSP position; a column past the line's end clamps to it."""
        if line0 >= len(self._starts):
            return len(self.data)
        start = self._starts[line0]
        if line0 == 0 and self.has_bom:
            start += 3
        end = self.line_end(line0)
        units = 0
        i = start
        while i < end and units < col16:
            b = self.data[i]
            n = 1 if b < 0x80 else 2 if b >> 5 == 0b110 else 3 if b >> 4 == 0b1110 else 4 if b >> 3 == 0b11110 else 1
            units += 2 if n == 4 else 1
            i += n
        return min(i, end)

    def newline_at(self, offset: int) -> bytes:
        """The line ending used by the line containing ``offset`` (so a fix keeps the file's own)."""
        line0 = self.line_of(offset)
        end = self.line_end(line0)
        if end < len(self.data) and self.data[end : end + 2] == b"\r\n":
            return b"\r\n"
        if end < len(self.data):
            return b"\n"
        return self.dominant_newline()

    def dominant_newline(self) -> bytes:
        crlf = self.data.count(b"\r\n")
        lf = self.data.count(b"\n") - crlf
        return b"\r\n" if crlf > lf else b"\n"

    def indent_of_line(self, offset: int) -> bytes:
        """Leading blanks of the line containing ``offset``."""
        start = self._starts[self.line_of(offset)]
        if start == 0 and self.has_bom:
            start = 3
        i = start
        while i < len(self.data) and self.data[i] in b" \t":
            i += 1
        return self.data[start:i]

    def text(self, node) -> bytes:
        return self.data[node.start_byte : node.end_byte]
