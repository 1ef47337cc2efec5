"""How code that a fix inserts can name an imported package's members at a given place.

A fix that writes ``http.Server{…}`` or ``10 * time.Second`` must spell the package the way
the file imports it (an alias, a dot import), and must not write a name that a local
declaration hides where the fix goes (``time := …`` in the function), nor add an import that
clashes with a name the file or its package already uses. These answers are syntactic and
conservative: a name declared anywhere in the enclosing top-level function counts as hiding
the package, wherever in the function it is declared.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from ..source import captures, compile_query
from .siblings import PackageView
from .syntax import top_function, walk

# the declarations of a name inside a function: variables, constants, parameters, results,
# receivers, range variables, types (and the function's own name)
_DECLARING = compile_query(
    "[(parameter_declaration) (variadic_parameter_declaration) (var_spec) (const_spec)"
    " (short_var_declaration) (range_clause) (type_spec) (type_alias) (function_declaration)] @d"
)

Declares = Callable[[Node, str, bytes], bool]


def declared_names(scope: Node, data: bytes) -> frozenset[str]:
    """Every name declared in ``scope`` (a function, itself included) as a variable, constant,
    parameter, result, receiver, range variable, type or function: one query, in C."""
    out: set[str] = set()

    def add(n: Node | None) -> None:
        if n is not None:
            out.add(data[n.start_byte : n.end_byte].decode("utf-8", "replace"))

    for n in captures(_DECLARING, scope).get("d", ()):
        t = n.type
        if t in ("short_var_declaration", "range_clause"):
            if t == "range_clause" and not any(c.type == ":=" for c in n.children):
                continue
            left = n.child_by_field_name("left")
            for c in left.named_children if left is not None else ():
                if c.type == "identifier":
                    add(c)
        elif t in ("type_spec", "type_alias", "function_declaration"):
            add(n.child_by_field_name("name"))
        else:
            for c in n.children_by_field_name("name"):
                add(c)
    return frozenset(out)


def declares(scope: Node, name: str, data: bytes) -> bool:
    """Is ``name`` declared anywhere in ``scope`` (see :func:`declared_names`)?"""
    return name in declared_names(scope, data)


class LocalNames:
    """:func:`declares` for one file, each function's names found once: a rule that asks about
    many places of the same function (every ``Get`` call of a long one) does not search it
    again for each."""

    def __init__(self) -> None:
        self._by_scope: dict[tuple[int, int], frozenset[str]] = {}

    def declares(self, scope: Node, name: str, data: bytes) -> bool:
        key = (scope.start_byte, scope.end_byte)
        names = self._by_scope.get(key)
        if names is None:
            names = self._by_scope[key] = declared_names(scope, data)
        return name in names


def member_qualifier(node: Node, data: bytes, local: str | None, member: str, names: Declares | None = None) -> str | None:
    """How ``<package>.<member>`` is spelled at ``node`` for a package the file imports as
    ``local`` (``"http."``, or ``""`` for a dot import), or None when it is not imported (or
    only for its effects) or a declaration in the enclosing function hides the name the
    spelling goes through. ``names`` answers as :func:`declares` does (pass
    :meth:`LocalNames.declares` when asking about many places of a file)."""
    if local is None or local == "_":
        return None
    top = top_function(node)
    hidden = member if local == "." else local
    if top is not None and (names or declares)(top, hidden, data):
        return None
    return "" if local == "." else local + "."


def package_declares(view: PackageView, name: str) -> bool:
    """Does another file of the package (``view``) declare ``name`` at package level, as a
    function, variable, constant or type? Only files that spell the name are parsed."""
    bname = name.encode()
    for sib in view.siblings():
        if bname not in sib.source.data:
            continue
        data = sib.source.data
        for decl in sib.tree.root_node.named_children:
            if decl.type == "function_declaration":
                nm = decl.child_by_field_name("name")
                if nm is not None and data[nm.start_byte : nm.end_byte] == bname:
                    return True
            elif decl.type in ("var_declaration", "const_declaration", "type_declaration"):
                for n in walk(decl):
                    if n.type in ("var_spec", "const_spec", "type_spec", "type_alias"):
                        for nm in n.children_by_field_name("name"):
                            if data[nm.start_byte : nm.end_byte] == bname:
                                return True
    return False


def import_qualifier(
    path: str,
    default: str,
    node: Node,
    data: bytes,
    root: Node,
    imports: dict[str, str],
    view: PackageView,
    members: tuple[str, ...] = (),
) -> tuple[str, tuple[str, ...]] | None:
    """How ``<path>.<member>`` can be spelled at ``node``, and the imports that spelling needs,
    for a fix that may have to import ``path`` (whose package name is ``default``).

    ``("time.", ("time",))`` when the file does not import it yet, ``("t.", ())`` for an alias,
    ``("", ())`` for a dot import (none of ``members`` hidden there); None when it cannot be
    spelled safely: a blank import, the name taken by a local declaration or another import,
    or spelled anywhere in the file or declared in the package (the new import would clash
    with it or be hidden by it).
    """
    top = top_function(node)
    if path in imports:
        name = imports[path]
        if name == "_":
            return None
        if name == ".":
            if top is not None and any(declares(top, m, data) for m in members):
                return None
            return "", ()
        if top is not None and declares(top, name, data):
            return None
        return name + ".", ()
    if any(local == default for local in imports.values()):
        return None  # another package is imported under the name
    bname = default.encode()
    for n in walk(root):
        if n.type in ("identifier", "type_identifier") and data[n.start_byte : n.end_byte] == bname:
            return None  # spelled in the file as something else: the import would clash or be hidden
    if package_declares(view, default):
        return None
    return default + ".", (path,)
