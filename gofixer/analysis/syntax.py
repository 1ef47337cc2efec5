"""Questions about Go syntax that every rule asks of tree-sitter nodes.

tree-sitter-go makes comments named children and has no notion of "the statements of this
block" or "the loop this break leaves"; these answers are spelled once here so that no rule
carries its own copy (each copy differed in what it skipped).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

FUNC_TYPES = ("function_declaration", "method_declaration", "func_literal")
LOOP_TYPES = ("for_statement",)
SWITCHES = ("expression_switch_statement", "type_switch_statement")
CASES = ("expression_case", "type_case", "default_case", "communication_case")


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


def same_node(a: Node | None, b: Node | None) -> bool:
    """The same node of one tree: same span and type (``Node`` objects are made anew at every
    access, so ``is`` never holds)."""
    return a is not None and b is not None and a.start_byte == b.start_byte and a.end_byte == b.end_byte and a.type == b.type


def same_span(a: Node | None, b: Node | None) -> bool:
    """Same span, whatever the type (a wrapper and the one node it wraps)."""
    return a is not None and b is not None and a.start_byte == b.start_byte and a.end_byte == b.end_byte


def is_field(parent: Node, name: str, child: Node) -> bool:
    """Is ``child`` the node in ``parent``'s field ``name``?"""
    f = parent.child_by_field_name(name)
    return f is not None and f.id == child.id


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


def statements(node: Node | None) -> list[Node]:
    """The statements of a block, statement_list or case clause, comments left out."""
    if node is None:
        return []
    if node.type != "statement_list":
        lst = next((c for c in node.named_children if c.type == "statement_list"), None)
        if lst is None:
            return []
        node = lst
    return [c for c in node.named_children if not c.is_extra and c.type != "comment"]


def label_of(stmt: Node, data: bytes) -> bytes | None:
    """The label in front of a statement (``outer: for …``), or None."""
    p = stmt.parent
    if p is not None and p.type == "labeled_statement":
        lab = p.child_by_field_name("label")
        if lab is not None:
            return data[lab.start_byte : lab.end_byte]
    return None


def jump_label(jump: Node, data: bytes) -> bytes | None:
    """The label a ``break``/``continue``/``goto`` names, or None."""
    lab = next((c for c in jump.named_children if c.type == "label_name"), None)
    return None if lab is None else data[lab.start_byte : lab.end_byte]


def jump_target(jump: Node, data: bytes) -> Node | None:
    """The statement a ``break``/``continue`` leaves: the nearest loop (``continue``), or the
    nearest loop, switch or select (``break``), or the one carrying its label."""
    label = jump_label(jump, data)
    targets = ("for_statement",) if jump.type == "continue_statement" else ("for_statement", "select_statement", *SWITCHES)
    p = jump.parent
    while p is not None and p.type not in FUNC_TYPES:
        if p.type in targets and (label is None or label_of(p, data) == label):
            return p
        p = p.parent
    return None


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


def callee(call: Node) -> Node | None:
    """The identifier or field that names a call's function (``f`` of ``f(…)``, ``M`` of
    ``x.M(…)``), parentheses removed; None for anything else (``fs[i](…)``)."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return None
    if fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    if fn is None or fn.type not in ("identifier", "field_identifier"):
        return None
    return fn


def callee_name(call: Node, data: bytes) -> str | None:
    """The name of a call's function (see :func:`callee`)."""
    fn = callee(call)
    return None if fn is None else data[fn.start_byte : fn.end_byte].decode("utf-8", "replace")


def call_parts(call: Node, data: bytes) -> tuple[bytes | None, bytes | None]:
    """(operand text, name) of ``x.F(…)``, (None, name) of ``F(…)``; (None, None) otherwise."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return None, None
    if fn.type == "identifier":
        return None, data[fn.start_byte : fn.end_byte]
    if fn.type == "selector_expression":
        operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if operand is None or field is None:
            return None, None
        return data[operand.start_byte : operand.end_byte], data[field.start_byte : field.end_byte]
    return None, None


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


def receive_operand(n: Node | None) -> Node | None:
    """``<-ch`` (possibly parenthesized): the unary receive expression, else None."""
    n = unparen(n)
    if n is None or n.type != "unary_expression":
        return None
    op = n.child_by_field_name("operator")
    return n if op is not None and op.type == "<-" else None


def has_define(node: Node) -> bool:
    """Does a range clause or receive statement declare its names (``:=``)?"""
    return any(c.type == ":=" for c in node.children)


def declares_locally(func: Node, name: str, data: bytes) -> bool:
    """True if ``name`` is declared (parameter, :=, var, const, range variable) inside ``func``.

    Used to notice a local that shadows an import name (``context := ...``). Each place the
    bytes spell the name is looked up in the tree (a declaration spells its name), rather than
    every node of the function walked.
    """
    word = name.encode()
    if not word:
        return False
    at = data.find(word, func.start_byte, func.end_byte)
    while at != -1:
        n = func.descendant_for_byte_range(at, at + len(word))
        if n is not None and n.type == "identifier" and n.start_byte == at and n.end_byte == at + len(word) and _declared_here(n):
            return True
        at = data.find(word, at + len(word), func.end_byte)
    return False


def _declared_here(ident: Node) -> bool:
    """Is the identifier the name a declaration declares (a parameter's, the left of ``:=`` or
    of a ranging ``:=``, a ``var`` or ``const`` spec's)?"""
    p = ident.parent
    if p is None:
        return False
    if p.type in ("parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec"):
        return any(c.id == ident.id for c in p.children_by_field_name("name"))
    if p.type != "expression_list" or p.parent is None:
        return False
    q = p.parent
    if q.type == "short_var_declaration" or (q.type == "range_clause" and has_define(q)):
        left = q.child_by_field_name("left")
        return left is not None and left.id == p.id
    return False


def is_test_path(path: str | None) -> bool:
    """A ``_test.go`` file (its code runs only under ``go test``)."""
    return bool(path) and str(path).replace("\\", "/").endswith("_test.go")


# ---------------------------------------------------------------------------------------------
# Names a function declares, calls of imported packages, process-lifetime functions
# ---------------------------------------------------------------------------------------------


def names_locally(top: Node, name: str, data: bytes) -> bool:
    """:func:`declares_locally`, answered from the bytes when ``top`` spells ``name`` at most
    once: a declaration and a use need two spellings, so the one there is a use and ``top`` is
    not walked (most functions that call ``context.WithCancel`` declare no ``context``)."""
    once = "\ufffd" not in name and data.count(name.encode(), top.start_byte, top.end_byte) < 2
    return not once and declares_locally(top, name, data)


def package_call(
    node: Node, data: bytes, pkg_name: str | None, funcs: set[str] | frozenset[str], shadowed: dict | None = None
) -> str | None:
    """``F`` when ``node`` is a call ``pkg.F(...)`` of an imported package (``F(...)`` when it
    is dot-imported, ``pkg_name`` "."), and no function around the call declares the name the
    call goes through (``context := …`` would make ``context.WithCancel`` a method call).
    ``shadowed`` keeps the answer per function and name for a caller that asks many times."""
    fn = is_call_to(node, data, pkg_name, funcs)
    if fn is None:
        return None
    top = top_function(node)
    if top is None:
        return fn
    local = fn if pkg_name == "." else pkg_name
    if shadowed is None:
        return None if names_locally(top, local, data) else fn
    key = (top.id, local)
    if key not in shadowed:
        shadowed[key] = names_locally(top, local, data)
    return None if shadowed[key] else fn


def package_clause_name(root: Node, data: bytes) -> bytes | None:
    """The name in the file's package clause, as the tree has it."""
    pkg = next((c for c in root.named_children if c.type == "package_clause"), None)
    ident = None if pkg is None else next((c for c in pkg.named_children if c.type == "package_identifier"), None)
    return None if ident is None else data[ident.start_byte : ident.end_byte]


def is_main_main(func: Node | None, root: Node, data: bytes) -> bool:
    """Is ``func`` the program's ``main`` (``func main`` of package main)? Returning from it
    ends the process, so what it leaks lasts no longer than what it keeps."""
    if func is None or func.type != "function_declaration":
        return False
    name = func.child_by_field_name("name")
    if name is None or data[name.start_byte : name.end_byte] != b"main":
        return False
    return package_clause_name(root, data) == b"main"


def declared_in_body(func: Node, name: bytes, data: bytes) -> bool:
    """Is ``name`` a ``var`` or ``:=`` local of ``func``'s body (nested literals excluded), and
    not one of its receiver, parameters or results? Its lifetime is then the function's."""
    for part in ("receiver", "parameters", "result"):
        params = func.child_by_field_name(part)
        if params is not None and any(
            n.type == "identifier" and data[n.start_byte : n.end_byte] == name for n in walk(params)
        ):
            return False
    body = func.child_by_field_name("body")
    if body is None:
        return False
    for n in walk_same_function(body):
        if n.type == "var_spec":
            if any(data[c.start_byte : c.end_byte] == name for c in n.children_by_field_name("name")):
                return True
        elif n.type == "short_var_declaration":
            left = n.child_by_field_name("left")
            if left is not None and any(
                c.type == "identifier" and data[c.start_byte : c.end_byte] == name for c in left.named_children
            ):
                return True
    return False


def statement_of(node: Node, func: Node) -> Node | None:
    """The innermost statement of ``func`` that contains ``node`` (one directly in a block, a
    statement list or a select case)."""
    p = node.parent
    while p is not None and p.id != func.id:
        if p.parent is not None and p.parent.type in ("statement_list", "block", "communication_case"):
            if p.type.endswith("_statement") or p.type.endswith("_declaration"):
                return p
        p = p.parent
    return None


def mentions(node: Node, name: bytes, data: bytes) -> bool:
    """Is the identifier ``name`` spelled anywhere inside ``node``?"""
    return any(n.type == "identifier" and data[n.start_byte : n.end_byte] == name for n in walk(node))


def all_blank(left: Node | None, data: bytes) -> bool:
    """Is every name of an assignment's left side ``_`` (``_ = cancel``, ``_, _ = a, b``)?"""
    items = [] if left is None else [c for c in left.named_children if c.type != "comment"]
    return bool(items) and all(c.type == "identifier" and data[c.start_byte : c.end_byte] == b"_" for c in items)


# ---------------------------------------------------------------------------------------------
# Where a name declared in a function body is in scope (without the package model)
# ---------------------------------------------------------------------------------------------


def declaration_scope(stmt: Node) -> Node | None:
    """The node whose end bounds the scope of the names a ``:=`` or ``var`` statement declares:
    its statement list, the whole ``for`` of a loop header, the whole ``if``/``switch`` of one."""
    p = stmt.parent
    if p is None:
        return None
    if p.type == "statement_list":
        return p
    if p.type == "for_clause":
        return p.parent
    return p  # if/switch header: the whole statement


def local_kind(func: Node, name: bytes, stmt: Node, data: bytes) -> str | None:
    """How ``name``, used by ``stmt`` of ``func``, is declared: "local" (a receiver, a parameter,
    or declared in ``func``'s body before ``stmt``, in a scope that covers it), "result" (a
    named result, which a naked return hands back), or None (not declared in ``func``: a
    variable of an outer function or of the package)."""
    for field_name, kind in (("receiver", "local"), ("parameters", "local"), ("result", "result")):
        plist = func.child_by_field_name(field_name)
        if plist is None or plist.type != "parameter_list":
            continue
        for decl in plist.named_children:
            for n in decl.children_by_field_name("name"):
                if data[n.start_byte : n.end_byte] == name:
                    return kind
    body = func.child_by_field_name("body")
    if body is None:
        return None
    found = None
    for n in walk_same_function(body):
        if n.start_byte >= stmt.start_byte:
            continue
        ids: list[Node] = []
        decl_stmt = n
        if n.type == "var_spec":
            ids = list(n.children_by_field_name("name"))
            decl_stmt = n.parent.parent if n.parent.type == "var_spec_list" else n.parent
        elif n.type == "short_var_declaration" or (n.type == "range_clause" and any(c.type == ":=" for c in n.children)):
            left = n.child_by_field_name("left")
            ids = [] if left is None else [c for c in left.named_children if c.type == "identifier"]
            if n.type == "range_clause":
                decl_stmt = n.parent
        if not any(data[i.start_byte : i.end_byte] == name for i in ids):
            continue
        scope = declaration_scope(decl_stmt) if n.type != "range_clause" else decl_stmt
        if scope is not None and inside(stmt, scope):
            found = "local"
    return found


# the nodes that open a scope for the names declared inside them
_SCOPES = (
    "block", "if_statement", "for_statement", "expression_switch_statement", "type_switch_statement",
    "select_statement", "communication_case", "expression_case", "type_case", "default_case", "func_literal",
)  # fmt: skip


def declares_name(ident: Node) -> bool:
    """Is the identifier the name a declaration introduces (not a use)?"""
    p = ident.parent
    if p is None:
        return False
    if p.type in ("parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec"):
        return any(c.id == ident.id for c in p.children_by_field_name("name"))
    if p.type in ("type_spec", "type_alias"):
        n = p.child_by_field_name("name")
        return n is not None and n.id == ident.id
    if p.type == "expression_list" and p.parent is not None:
        stmt = p.parent
        if stmt.type == "type_switch_statement":
            return stmt.child_by_field_name("alias") == p
        if stmt.type in ("short_var_declaration", "range_clause", "receive_statement"):
            define = stmt.type == "short_var_declaration" or any(c.type == ":=" for c in stmt.children)
            return define and stmt.child_by_field_name("left") == p
    if p.type in ("range_clause", "receive_statement"):
        return p.child_by_field_name("left") == ident and any(c.type == ":=" for c in p.children)
    return False


def shadowed_at(body: Node, name: bytes, at: Node, data: bytes) -> bool:
    """Does a declaration of ``name`` inside ``body`` hide the outer one at ``at`` (declared
    before it in a scope around it, or anywhere in a func literal around it)?"""
    if name not in data[body.start_byte : body.end_byte]:
        return False
    for n in walk(body):
        if n.type not in ("identifier", "type_identifier") or data[n.start_byte : n.end_byte] != name:
            continue
        if not declares_name(n):
            continue
        scope = enclosing(n, _SCOPES)
        if scope is None or not inside(at, scope):
            continue
        if scope.type == "func_literal" or at.start_byte >= n.end_byte:
            return True
    return False


@dataclass(frozen=True)
class PairAssignment:
    """Where a call's two results go: ``a, b := call``, ``a, b = call`` or ``var a, b = call``."""

    form: str  # ":=", "=", "var"
    stmt: Node  # the statement (the var_declaration for a var spec)
    assign: Node  # short_var_declaration, assignment_statement or var_spec
    first: Node  # the left-hand sides, as written
    second: Node
    lone: bool  # no other var spec shares the declaration (``var ( … )`` with one spec)


def pair_assignment(call: Node) -> PairAssignment | None:
    """The two-name assignment whose whole right side is ``call``, or None (one or three names,
    the call used as an argument or returned, ``op=``, a typed ``var``…)."""
    rhs = call.parent
    if rhs is None or rhs.type != "expression_list" or len(named(rhs)) != 1:
        return None
    a = rhs.parent
    if a is None:
        return None
    if a.type in ("short_var_declaration", "assignment_statement"):
        if not is_field(a, "right", rhs):
            return None
        if a.type == "assignment_statement":
            op = a.child_by_field_name("operator")
            if op is None or op.type != "=":
                return None
        lhs = named(a.child_by_field_name("left"))
        if len(lhs) != 2:
            return None
        return PairAssignment(":=" if a.type == "short_var_declaration" else "=", a, a, lhs[0], lhs[1], True)
    if a.type != "var_spec" or a.child_by_field_name("type") is not None:
        return None
    names = a.children_by_field_name("name")
    if len(names) != 2:
        return None
    decl, lone = a.parent, True
    if decl is not None and decl.type == "var_spec_list":
        lone = len([s for s in decl.named_children if s.type == "var_spec"]) == 1
        decl = decl.parent
    if decl is None or decl.type != "var_declaration":
        return None
    return PairAssignment("var", decl, a, names[0], names[1], lone)


def in_loop(stmt: Node, func: Node) -> bool:
    """Is ``stmt`` inside a loop of ``func``, its header included (it runs again)?"""
    p = stmt.parent
    while p is not None and p.id != func.id:
        if p.type == "for_statement":
            return True
        p = p.parent
    return False


def positional_parameters(func: Node, data: bytes) -> list[tuple[str | None, Node | None]] | None:
    """Parameter names by position (None for an unnamed one); None when variadic."""
    plist = func.child_by_field_name("parameters")
    out: list[tuple[str | None, Node | None]] = []
    for p in named(plist):
        if p.type != "parameter_declaration":
            return None
        names = p.children_by_field_name("name")
        if not names:
            out.append((None, None))
        for nm in names:
            out.append((data[nm.start_byte : nm.end_byte].decode("utf-8", "replace"), nm))
    return out


def scope_end(stmt: Node, func: Node) -> int:
    """Where the names a ``:=`` or ``var`` statement declares go out of scope: the end of its
    block, or of the whole statement whose header it is (``if``, ``switch``, ``for``)."""
    p = stmt.parent
    if p is None:
        return func.end_byte
    if p.type == "for_clause" and p.parent is not None:
        return p.parent.end_byte
    return p.end_byte


def branch_without(second: Node, first: Node) -> bool:
    """Is ``second`` inside a branch (an ``if``, a case) that does not also hold ``first``?"""
    p = second.parent
    while p is not None and p.type not in FUNC_TYPES:
        if p.type in ("if_statement", "expression_case", "type_case", "default_case", "communication_case"):
            return not inside(first, p)
        p = p.parent
    return False


def in_dead_branch(n: Node, data: bytes) -> bool:
    """Is ``n`` inside the block of an ``if false``?"""
    p = n.parent
    while p is not None and p.type not in FUNC_TYPES:
        if p.type == "block" and p.parent is not None and p.parent.type == "if_statement":
            cond = unparen(p.parent.child_by_field_name("condition"))
            if is_field(p.parent, "consequence", p) and cond is not None and data[cond.start_byte : cond.end_byte] == b"false":
                return True
        p = p.parent
    return False


def assigned_between(body: Node, root: bytes, lo: int, hi: int, data: bytes) -> bool:
    """Is the name ``root`` assigned or declared again (``=``, ``:=``, ``var``, ``&root``, a
    range variable) between ``lo`` and ``hi``?"""
    for n in walk(body):
        if n.end_byte <= lo or n.start_byte >= hi:
            continue
        if n.type in ("assignment_statement", "short_var_declaration", "range_clause"):
            left = n.child_by_field_name("left")
            for c in named(left):
                if c.type == "identifier" and data[c.start_byte : c.end_byte] == root:
                    return True
        elif n.type == "var_spec":
            for c in n.children_by_field_name("name"):
                if data[c.start_byte : c.end_byte] == root:
                    return True
        elif n.type == "unary_expression":
            op = n.child_by_field_name("operator")
            arg = n.child_by_field_name("operand")
            if op is not None and op.type == "&" and arg is not None and data[arg.start_byte : arg.end_byte] == root:
                return True
    return False


def common_ancestor(a: Node, b: Node) -> Node | None:
    """The innermost node that holds both ``a`` and ``b`` (strictly above each)."""
    ids = set()
    p = a.parent
    while p is not None:
        ids.add(p.id)
        p = p.parent
    p = b.parent
    while p is not None:
        if p.id in ids:
            return p
        p = p.parent
    return None


def var_without_value(func: Node, name: bytes, data: bytes) -> Node | None:
    """The name of the one ``var name T`` (without a value) declaring ``name`` in ``func`` itself
    (not in its closures); None when there is none, several, or it has a value."""
    found = []
    for n in walk_same_function(func):
        if n.type == "var_spec":
            for nm in n.children_by_field_name("name"):
                if data[nm.start_byte : nm.end_byte] == name:
                    found.append((nm, n.child_by_field_name("value")))
    if len(found) != 1 or found[0][1] is not None:
        return None
    return found[0][0]
