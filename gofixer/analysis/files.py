"""One file of a package as the analysis sees it: its imports and an index of its nodes.

The index answers "which nodes of these types are in this file, in document order" and "which
functions enclose this node" from one query pass and one sorted list, instead of a Python walk
or a climb through ``Node.parent`` (each step a new Python object) for every question.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
from collections.abc import Iterator

from tree_sitter import Node, QueryCursor

from ..source import captures, compile_query, document_order
from . import lexical
from .syntax import FUNC_TYPES, is_test_path
from .syntax import walk as walk_nodes

# the node types that may declare a name inside a function body (see gofixer.analysis.scope)
DECLARING = ("short_var_declaration", "var_spec", "range_clause", "type_switch_statement", "receive_statement", "const_spec")
# the node types a file's index holds (see FileIndex.nodes_of)
INDEXED = (*FUNC_TYPES, *DECLARING, "call_expression", "go_statement")
_NEWLINE = re.compile(rb"\n")


def import_names(root: Node, data: bytes) -> dict[str, str]:
    """Map import path -> the name it is used by in this file (alias, or the path's last element).

    Blank imports map to ``_`` and dot imports to ``.``; a versioned path such as
    ``math/rand/v2`` is used as ``rand``.
    """
    names: dict[str, str] = {}
    for decl in root.children:
        if decl.type != "import_declaration":
            continue
        for spec in _import_specs(decl):
            path_node = spec.child_by_field_name("path")
            if path_node is None:
                continue
            path = data[path_node.start_byte : path_node.end_byte].strip(b"\"`").decode("utf-8", "replace")
            alias = spec.child_by_field_name("name")
            if alias is not None:
                names[path] = data[alias.start_byte : alias.end_byte].decode("utf-8", "replace")
            else:
                names[path] = default_import_name(path)
    return names


def _import_specs(decl: Node) -> Iterator[Node]:
    for child in decl.named_children:
        if child.type == "import_spec":
            yield child
        elif child.type == "import_spec_list":
            yield from (c for c in child.named_children if c.type == "import_spec")


def default_import_name(path: str) -> str:
    parts = path.split("/")
    last = parts[-1]
    if re.fullmatch(r"v[0-9]+", last) and len(parts) > 1:
        last = parts[-2]
    if last.startswith("go-"):
        last = last[3:]
    return re.sub(r"[^0-9A-Za-z_]", "_", last.split(".")[0])




@functools.cache
def _types_query(types: tuple[str, ...]):
    return compile_query(" ".join(f"({t}) @n" for t in types))


def nodes_below(node: Node, *types: str) -> list[Node]:
    """The named nodes of ``types`` at or below ``node``, in document order, found by a query:
    one pass in C instead of a Python walk."""
    return captures(_types_query(types), node).get("n", [])


def nodes_below_unordered(node: Node, *types: str) -> list[Node]:
    """Like :func:`nodes_below`, in no particular order (for sets and yes/no questions)."""
    return QueryCursor(_types_query(types)).captures(node).get("n", [])


@functools.cache
def _indexed_query():
    return compile_query(" ".join(f"({t}) @{t}" for t in INDEXED))


class FileIndex:
    """A parsed file of the package, indexed for the questions the model asks of it.

    ``idx`` numbers the file within its package model (keys of per-node caches are
    ``(idx, start, end)``: nodes of different files may share offsets)."""

    def __init__(self, idx: int, path: str, data: bytes, root: Node, is_test: bool | None = None):
        self.idx = idx
        self.path = path
        self.name = os.path.basename(path)
        self.data = data
        self.root = root
        self.is_test = is_test_path(path) if is_test is None else is_test
        self.imports = import_names(root, data)
        self.import_names = {v for v in self.imports.values() if v not in ("_", ".")}
        self.http = self.import_name("net/http")
        self.sync = self.import_name("sync")
        self.atomic = self.import_name("sync/atomic")
        self.time = self.import_name("time")

    def import_name(self, path: str) -> str | None:
        """The name ``path`` is used by in this file; None when not imported (or only for effect)."""
        n = self.imports.get(path)
        return None if n in (None, "_", ".") else n

    def text(self, n: Node) -> str:
        return self.data[n.start_byte : n.end_byte].decode("utf-8", "replace")

    def line(self, offset: int) -> int:
        nl = self.__dict__.get("_newlines")
        if nl is None:
            nl = self.__dict__["_newlines"] = [m.start() for m in _NEWLINE.finditer(self.data)]
        return bisect.bisect_left(nl, offset) + 1  # newlines before ``offset``, plus one

    def where(self, n: Node) -> str:
        return f"{self.name}:{self.line(n.start_byte)}"

    def nodes_of(self, *types: str) -> list[Node]:
        """The file's nodes of ``types`` (all from ``INDEXED``) in document order. One query
        pass over the file answers every such question (each pass over a whole file costs
        about a third of a parse, whatever it looks for)."""
        by_type = self.__dict__.get("_by_type")
        if by_type is None:
            found = captures(_indexed_query(), self.root)  # each list in document order
            by_type = self.__dict__["_by_type"] = {t: found.get(t, []) for t in INDEXED}
        if len(types) == 1:
            return by_type[types[0]]
        key = types
        merged = by_type.get(key)
        if merged is None:
            merged = by_type[key] = sorted((n for t in types for n in by_type[t]), key=document_order)
        return merged

    def nodes_within(self, node: Node, *types: str) -> list[Node]:
        """``nodes_of(*types)`` below ``node`` (what a query on ``node`` would capture), by
        bisecting the file's list instead of another query pass."""
        nodes = self.nodes_of(*types)
        starts = self.__dict__.setdefault("_starts", {}).get(types)
        if starts is None:
            starts = self.__dict__["_starts"][types] = [n.start_byte for n in nodes]
        lo = bisect.bisect_left(starts, node.start_byte)
        hi = bisect.bisect_left(starts, node.end_byte)
        return [n for n in nodes[lo:hi] if n.end_byte <= node.end_byte]

    def go_statements_and_literals(self) -> list[Node]:
        """``nodes_of("go_statement", "func_literal")``, found from the bytes (the go
        statements, and the node at each ``func`` keyword): a package's goroutine entries are
        looked for in every file, while the query pass that ``nodes_of`` makes is needed only
        for the files whose functions an analysis goes into."""
        if "_by_type" in self.__dict__ or self.root.has_error:
            return self.nodes_of("go_statement", "func_literal")
        literals = [n for n in lexical.functions(self.root, self.data) if n.type == "func_literal"]
        return sorted([*lexical.go_statements(self.root, self.data), *literals], key=document_order)

    def _func_index(self) -> tuple[list[int], list[Node], list[int]]:
        """The file's functions (declarations and literals) sorted by start, with the index of
        each one's enclosing function (-1 at top level)."""
        got = self.__dict__.get("_funcs")
        if got is None:
            nodes = self.nodes_of(*FUNC_TYPES)
            parents: list[int] = []
            open_: list[int] = []
            for i, n in enumerate(nodes):
                while open_ and nodes[open_[-1]].end_byte < n.end_byte:
                    open_.pop()
                parents.append(open_[-1] if open_ else -1)
                open_.append(i)
            got = self.__dict__["_funcs"] = ([n.start_byte for n in nodes], nodes, parents)
        return got

    def declaring_nodes(self, fn: Node) -> list[Node]:
        """The nodes in ``fn``'s body (nested function literals excluded) that may declare a
        name, in document order: what a walk of the body would meet."""
        by_func = self.__dict__.get("_declaring")
        if by_func is None:
            by_func = self.__dict__["_declaring"] = {}
            for n in self.nodes_of(*DECLARING):
                owner = self.enclosing_func(n)
                if owner is not None:
                    by_func.setdefault((owner.start_byte, owner.end_byte), []).append(n)
        return by_func.get((fn.start_byte, fn.end_byte), [])

    def enclosing_func(self, n: Node) -> Node | None:
        """The innermost function around ``n`` (not ``n`` itself), from the function index."""
        return next(self.enclosing_funcs(n), None)

    def outermost_func(self, n: Node) -> Node | None:
        """The outermost function around ``n`` (its whole naming scope)."""
        top = None
        for top in self.enclosing_funcs(n):
            pass
        return top

    def enclosing_funcs(self, n: Node) -> Iterator[Node]:
        """The functions around ``n`` (not ``n`` itself), innermost first."""
        starts, nodes, parents = self._func_index()
        s, e = n.start_byte, n.end_byte
        i = bisect.bisect_right(starts, s) - 1
        # the last function starting at or before ``n``: the innermost one around ``n`` is it
        # or one of its ancestors (functions nest; none overlap)
        while i >= 0:
            fn = nodes[i]
            if fn.end_byte >= e and not (fn.start_byte == s and fn.end_byte == e):
                break
            i = parents[i]
        while i >= 0:
            yield nodes[i]
            i = parents[i]


def import_used_outside(root: Node, data: bytes, name: str, dot_names: frozenset[str], spans: list[tuple[int, int]]) -> bool:
    """Is the package imported as ``name`` still used once the code in ``spans`` is replaced:
    a ``name.X`` outside them, or, for a dot import (``name`` "."), one of the package's
    exported names ``dot_names``? An import nothing uses does not compile."""
    for n in walk_nodes(root):
        text = data[n.start_byte : n.end_byte].decode("utf-8", "replace")
        if name == ".":
            if n.type not in ("identifier", "type_identifier") or text not in dot_names:
                continue
        elif n.type not in ("identifier", "package_identifier") or text != name:
            continue
        if n.parent is not None and n.parent.type == "import_spec":
            continue
        if name != "." and n.type == "identifier":
            p = n.parent
            if p is None or p.type != "selector_expression" or p.child_by_field_name("operand") != n:
                continue
        if any(s <= n.start_byte and n.end_byte <= e for s, e in spans):
            continue
        return True
    return False
