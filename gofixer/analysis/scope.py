"""Which declaration a name refers to: scopes and bindings inside a package's functions.

Each function (declaration or literal) declares names: its receiver, parameters and results,
and in its body ``:=``, ``var``, ``const``, range variables, type-switch aliases and the names
a ``select`` case receives into. A binding records the byte range where the name is in scope;
an identifier resolves to the innermost binding whose range holds it, searching from the
innermost enclosing function outwards, which is Go's shadowing. A name no function declares is
package-level, imported or predeclared (see ``SemanticModel.resolve``).
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from .files import FileIndex
from .syntax import named


@dataclass
class Binding:
    """A name declared inside a function: where it is in scope, its declared type or its
    initialising expression (``index``: its position among the values of a multi-value call)."""

    kind: str  # recv | param | result | local | range
    start: int
    end: int
    type_node: Node | None = None
    init: Node | None = None
    index: int | None = None  # position among several values of one initializer
    variadic: bool = False
    name_at: int = -1  # where the declaring identifier starts


class Scopes:
    """Name resolution inside functions (mixed into the package model)."""

    files: list[FileIndex]

    def _init_scopes(self) -> None:
        self._decl_cache: dict[tuple, dict[str, list[Binding]]] = {}
        self._lookup_cache: dict[tuple, tuple] = {}

    def bindings(self, f: FileIndex, fn: Node) -> dict[str, list[Binding]]:
        """Names declared by a function (receiver, parameters, results, body), nested function
        literals excluded, each with the byte range where it is in scope."""
        key = (f.idx, fn.start_byte, fn.end_byte)
        got = self._decl_cache.get(key)
        if got is not None:
            return got
        out: dict[str, list[Binding]] = {}

        def add(name_node: Node, d: Binding) -> None:
            name = f.text(name_node)
            if name != "_":
                d.name_at = name_node.start_byte
                out.setdefault(name, []).append(d)

        for fname, kind in (("receiver", "recv"), ("parameters", "param"), ("result", "result")):
            plist = fn.child_by_field_name(fname)
            if plist is None or plist.type != "parameter_list":
                continue
            for p in named(plist):
                variadic = p.type == "variadic_parameter_declaration"
                for nm in p.children_by_field_name("name"):
                    add(nm, Binding(kind, fn.start_byte, fn.end_byte, p.child_by_field_name("type"), variadic=variadic))
        if fn.child_by_field_name("body") is not None:
            for n in f.declaring_nodes(fn):
                t = n.type
                if t == "short_var_declaration":
                    s, e = scope_range(n, fn)
                    left = named(n.child_by_field_name("left"))
                    right = named(n.child_by_field_name("right"))
                    for i, nm in enumerate(left):
                        if nm.type != "identifier":
                            continue
                        if len(right) == len(left):
                            add(nm, Binding("local", s, e, init=right[i]))
                        elif len(right) == 1:
                            add(nm, Binding("local", s, e, init=right[0], index=i))
                        else:
                            add(nm, Binding("local", s, e))
                elif t == "var_spec":
                    stmt = n.parent
                    while stmt is not None and stmt.type != "var_declaration":
                        stmt = stmt.parent
                    s, e = scope_range(stmt or n, fn)
                    ty = n.child_by_field_name("type")
                    vals = named(n.child_by_field_name("value"))
                    names = n.children_by_field_name("name")
                    for i, nm in enumerate(names):
                        init = vals[i] if len(vals) == len(names) else (vals[0] if len(vals) == 1 else None)
                        idx = i if len(vals) == 1 and len(names) > 1 else None
                        add(nm, Binding("local", s, e, ty, init, idx))
                elif t == "range_clause" and any(c.type == ":=" for c in n.children):
                    loop = n.parent
                    left = named(n.child_by_field_name("left"))
                    for i, nm in enumerate(left):
                        if nm.type == "identifier":
                            add(nm, Binding("range", n.end_byte, loop.end_byte, init=n.child_by_field_name("right"), index=i))
                elif t == "type_switch_statement":
                    alias = n.child_by_field_name("alias")
                    for nm in named(alias):
                        if nm.type == "identifier":
                            add(nm, Binding("local", n.start_byte, n.end_byte))
                elif t == "receive_statement" and any(c.type == ":=" for c in n.children):
                    for nm in named(n.child_by_field_name("left")):
                        if nm.type == "identifier":
                            case = n.parent
                            add(nm, Binding("local", n.end_byte, case.end_byte if case else n.end_byte))
                elif t in ("const_spec",):
                    for nm in n.children_by_field_name("name"):
                        add(nm, Binding("local", n.start_byte, fn.end_byte))
        self._decl_cache[key] = out
        return out

    def lookup(self, f: FileIndex, ident: Node) -> tuple[Binding | None, Node | None]:
        """The declaration an identifier refers to, and the function declaring it; (None, None)
        for a package-level name or an unknown one."""
        key = (f.idx, ident.start_byte, ident.end_byte)
        got = self._lookup_cache.get(key)
        if got is not None:
            return got
        name = f.text(ident)
        pos = ident.start_byte
        found: tuple[Binding | None, Node | None] = (None, None)
        for fn in f.enclosing_funcs(ident):
            best = None
            for d in self.bindings(f, fn).get(name, ()):
                if d.name_at == pos:
                    best = d  # the declaring identifier itself
                    break
                if d.start <= pos < d.end and (best is None or d.start >= best.start):
                    best = d
            if best is not None:
                found = (best, fn)
                break
        self._lookup_cache[key] = found
        return found

    def is_import(self, f: FileIndex, ident: Node) -> bool:
        """Does ``ident`` name an imported package (no local declaration shadows it)?"""
        return ident.type == "identifier" and f.text(ident) in f.import_names and self.lookup(f, ident)[0] is None


def scope_range(stmt: Node, fn: Node) -> tuple[int, int]:
    """Where a name declared by ``stmt`` is in scope: from the end of its declaration to the end
    of the enclosing block (a ``for`` header's to the end of the loop)."""
    p = stmt.parent
    if p is None:
        return stmt.end_byte, fn.end_byte
    if p.type == "statement_list":
        return stmt.end_byte, p.end_byte
    if p.type == "for_clause" and p.parent is not None:
        return stmt.end_byte, p.parent.end_byte
    return stmt.end_byte, p.end_byte


