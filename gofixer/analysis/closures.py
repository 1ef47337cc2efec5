"""When a function literal runs: where it stands, before its function returns, or later.

A value used inside a literal lives as long as the literal may run. A literal called where it
stands (``func(){…}()``) runs before its function goes on; one handed to a call, returned,
stored or started by ``go`` may run after the function has returned, on another goroutine.
Rules ask this before they decide that cancelling a context, or stopping a timer, when the
function returns is safe.
"""

from __future__ import annotations

from tree_sitter import Node

from .syntax import declares_locally, enclosing_function, inside, is_field, named, unparen, walk


def invoked_in_place(lit: Node) -> bool:
    """``func(){…}()`` or ``defer func(){…}()`` as a statement: a literal that runs before its
    function returns."""
    call = lit.parent
    if call is None or call.type != "call_expression" or not is_field(call, "function", lit):
        return False
    return call.parent is not None and call.parent.type in ("expression_statement", "defer_statement")


def _local_variable(lit: Node, data: bytes) -> tuple[bytes, Node, Node] | None:
    """If the literal is assigned to a single local variable, (its name, the identifier that
    declares it, the function the declaration is in)."""
    p = lit.parent
    if p is None or p.type != "expression_list" or len(named(p)) != 1:
        return None
    stmt = p.parent
    if stmt is None:
        return None
    target = None
    if stmt.type in ("short_var_declaration", "assignment_statement") and stmt.child_by_field_name("right") == p:
        op = stmt.child_by_field_name("operator")
        if stmt.type == "assignment_statement" and (op is None or op.type != "="):
            return None
        lhs = named(stmt.child_by_field_name("left"))
        if len(lhs) == 1 and lhs[0].type == "identifier":
            target = lhs[0]
    elif stmt.type == "var_spec" and stmt.child_by_field_name("value") == p:
        names = stmt.children_by_field_name("name")
        if len(names) == 1:
            target = names[0]
    if target is None:
        return None
    func = enclosing_function(lit)
    if func is None:
        return None
    name = data[target.start_byte : target.end_byte]
    if name == b"_" or not declares_locally(func, name.decode("utf-8", "replace"), data):
        return None
    return name, target, func


def runs_synchronously(lit: Node, data: bytes) -> bool:
    """Does the func literal run before the function around it returns, as far as the file tells?

    Yes when it is called where it stands, or kept in a local variable that is only ever called
    (not in a ``go``/``defer`` statement, not from another func literal). Anything else (passed
    to a call, returned, stored) may run later, on another goroutine.
    """
    p = lit.parent
    while p is not None and p.type == "parenthesized_expression":
        p = p.parent
    if p is not None and p.type == "call_expression":
        fn = unparen(p.child_by_field_name("function"))
        if fn is not None and fn.id == lit.id:
            return True
    found = _local_variable(lit, data)
    if found is None:
        return False
    name, target, func = found
    for n in walk(func):
        if n.type != "identifier" or n.id == target.id or data[n.start_byte : n.end_byte] != name:
            continue
        if inside(n, lit):
            return False  # recursion: it runs itself, or more
        call = n.parent
        while call is not None and call.type == "parenthesized_expression":
            call = call.parent
        fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        if fn is None or unparen(fn) is None or unparen(fn).id != n.id:
            return False  # passed on, stored, returned
        x = call.parent
        while x is not None and x.id != func.id:
            if x.type in ("go_statement", "defer_statement", "func_literal"):
                return False
            x = x.parent
    return True
