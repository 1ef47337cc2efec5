"""What tree-sitter cannot tell by itself: which local name an import has, which function a node
belongs to, which names are taken, and which Go version the module targets.

Without type information a rule resolves names from the file alone; when it cannot tell what a
name refers to it must stay silent, so these helpers answer conservatively.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from tree_sitter import Node

from .source import captures, compile_query

FUNC_TYPES = ("function_declaration", "method_declaration", "func_literal")
LOOP_TYPES = ("for_statement",)

# Statements that end a path without returning normally: a leak on such a path does not matter.
_NO_RETURN_CALLS = {
    ("", "panic"),
    ("os", "Exit"),
    ("log", "Fatal"),
    ("log", "Fatalf"),
    ("log", "Fatalln"),
    ("log", "Panic"),
    ("log", "Panicf"),
    ("log", "Panicln"),
}


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
            if sel is None or sel.type != "selector_expression" or not _same_node(sel.child_by_field_name("field"), n):
                continue
            fn = sel
        elif n.type == "identifier":
            fn = n
        else:
            continue
        call = fn.parent
        if call is not None and call.type == "call_expression" and _same_node(call.child_by_field_name("function"), fn):
            out.append(call)
    return out


def _same_node(a: Node | None, b: Node) -> bool:
    return a is not None and a.start_byte == b.start_byte and a.end_byte == b.end_byte and a.type == b.type


def may_import(data: bytes, path: str) -> bool:
    """Can the file import ``path``, judged from its bytes before any parse? The path is then
    there as an interpreted or a raw string literal (:func:`import_names` reads both); true
    also of such a string anywhere else, so a superset, as prefilters need."""
    p = path.encode()
    return b'"' + p + b'"' in data or b"`" + p + b"`" in data


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


def named(n: Node | None) -> list[Node]:
    """Named children without comments (tree-sitter-go makes comments named children)."""
    return [] if n is None else [c for c in n.named_children if c.type != "comment"]


def unparen(n: Node | None) -> Node | None:
    """The expression inside any number of parentheses."""
    while n is not None and n.type == "parenthesized_expression":
        inner = named(n)
        n = inner[0] if len(inner) == 1 else None
    return n


def inside(inner: Node, outer: Node) -> bool:
    """Does ``outer``'s byte span contain ``inner``'s?"""
    return outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte


def enclosing(node: Node, types: tuple[str, ...]) -> Node | None:
    """Nearest proper ancestor of one of ``types``."""
    p = node.parent
    while p is not None:
        if p.type in types:
            return p
        p = p.parent
    return None


def enclosing_function(node: Node) -> Node | None:
    return enclosing(node, FUNC_TYPES)


def top_function(node: Node) -> Node | None:
    """The outermost function declaration/literal containing ``node`` (its whole naming scope)."""
    found = None
    p = node.parent
    while p is not None:
        if p.type in FUNC_TYPES:
            found = p
        p = p.parent
    return found


def walk(node: Node) -> Iterator[Node]:
    """Pre-order walk of named nodes, with a cursor (far cheaper than recursion on children)."""
    cursor = node.walk()
    reached_root = False
    while not reached_root:
        n = cursor.node
        if n is not None and n.is_named:
            yield n
        if cursor.goto_first_child():
            continue
        if cursor.goto_next_sibling():
            continue
        while True:
            if not cursor.goto_parent() or cursor.node == node:
                reached_root = True
                break
            if cursor.goto_next_sibling():
                break


def walk_same_function(node: Node) -> Iterator[Node]:
    """Like :func:`walk` but does not enter nested function literals."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        for child in reversed(n.named_children):
            if child.type != "func_literal":
                stack.append(child)


def identifiers(node: Node, data: bytes) -> set[str]:
    """Every identifier spelled inside ``node`` (any kind: variables, types, fields, labels)."""
    out: set[str] = set()
    for n in walk(node):
        if n.type in ("identifier", "field_identifier", "type_identifier", "package_identifier", "label_name"):
            out.add(data[n.start_byte : n.end_byte].decode("utf-8", "replace"))
    return out


def free_name(base: str, scope: Node | None, data: bytes, also_taken: set[str] = frozenset()) -> str:
    """``base``, or ``base2``, ``base3``… : a name not spelled anywhere in ``scope``.

    Not spelled at all is stricter than not declared, on purpose: a new local can then neither
    shadow a name used later in the function nor be shadowed by one.
    """
    taken = set(also_taken)
    if scope is not None:
        taken |= identifiers(scope, data)
    if base not in taken:
        return base
    i = 2
    while f"{base}{i}" in taken:
        i += 1
    return f"{base}{i}"


def is_call_to(node: Node, data: bytes, pkg_name: str | None, funcs: set[str] | frozenset[str]) -> str | None:
    """If ``node`` is a call ``pkg.F(...)`` (or ``F(...)`` for a dot import), return ``F``."""
    if node.type != "call_expression":
        return None
    fn = node.child_by_field_name("function")
    if fn is None or pkg_name is None:
        return None
    if pkg_name == ".":
        if fn.type == "identifier":
            name = data[fn.start_byte : fn.end_byte].decode()
            return name if name in funcs else None
        return None
    if fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    field = fn.child_by_field_name("field")
    if operand is None or field is None or operand.type != "identifier":
        return None
    if data[operand.start_byte : operand.end_byte].decode("utf-8", "replace") != pkg_name:
        return None
    name = data[field.start_byte : field.end_byte].decode("utf-8", "replace")
    return name if name in funcs else None


def declares_locally(func: Node, name: str, data: bytes) -> bool:
    """True if ``name`` is declared (parameter, :=, var, const, range variable) inside ``func``.

    Used to notice a local that shadows an import name (``context := ...``).
    """
    for n in walk(func):
        if n.type == "parameter_declaration" or n.type == "variadic_parameter_declaration":
            for c in n.children_by_field_name("name"):
                if data[c.start_byte : c.end_byte].decode("utf-8", "replace") == name:
                    return True
        elif n.type == "short_var_declaration" or (n.type == "range_clause" and _has_define(n)):
            left = n.child_by_field_name("left")
            if left is not None:
                for c in left.named_children:
                    if c.type == "identifier" and data[c.start_byte : c.end_byte].decode("utf-8", "replace") == name:
                        return True
        elif n.type in ("var_spec", "const_spec"):
            for c in n.children_by_field_name("name"):
                if data[c.start_byte : c.end_byte].decode("utf-8", "replace") == name:
                    return True
    return False


def _has_define(range_clause: Node) -> bool:
    return any(c.type == ":=" for c in range_clause.children)


def no_return_call(node: Node, data: bytes, imports: dict[str, str]) -> bool:
    """``panic(..)``, ``os.Exit(..)``, ``log.Fatal(..)``…: a call after which the path ends."""
    if node.type == "expression_statement" and node.named_child_count == 1:
        node = node.named_children[0]
    if node.type != "call_expression":
        return False
    fn = node.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "identifier":
        return data[fn.start_byte : fn.end_byte] == b"panic"
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if operand is None or field is None:
            return False
        op = data[operand.start_byte : operand.end_byte].decode("utf-8", "replace")
        name = data[field.start_byte : field.end_byte].decode("utf-8", "replace")
        if name in ("Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow") and op in ("t", "b", "f", "tb"):
            return True
        for path, local in imports.items():
            if local == op and (path, name) in _NO_RETURN_CALLS:
                return True
    return False


_GO_DIRECTIVE = re.compile(rb"^go[ \t]+([0-9]+)\.([0-9]+)(?:\.([0-9]+))?", re.M)


def parse_go_version(gomod: bytes) -> tuple[int, int] | None:
    m = _GO_DIRECTIVE.search(gomod)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2))


def module_go_version(gomod_path: str | Path | None) -> tuple[int, int] | None:
    """The ``go`` directive of a go.mod; None when there is no go.mod or no directive."""
    if gomod_path is None:
        return None
    try:
        return parse_go_version(Path(gomod_path).read_bytes())
    except OSError:
        return None
