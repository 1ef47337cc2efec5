"""Where a panic goes: whether a deferred ``recover`` catches it, so that the code after the
panicking call is skipped while the program goes on.

"A panic skips it" is a defect only when the program survives the panic: a panic nobody
recovers ends the process, and then a skipped ``wg.Done()`` or ``mu.Unlock()`` changes
nothing. A panic is recovered in the frame whose deferred function calls ``recover()``
directly (Go's rule: a ``recover`` in a function the deferred function calls returns nil).
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from .syntax import named, unparen, walk_same_function


def calls_recover(func: Node, data: bytes) -> Node | None:
    """The first ``recover()`` that ``func`` calls itself (not in closures it makes)."""
    body = func.child_by_field_name("body")
    for n in walk_same_function(body) if body is not None else ():
        if n.type == "call_expression" and not named(n.child_by_field_name("arguments")):
            fn = unparen(n.child_by_field_name("function"))
            if fn is not None and fn.type == "identifier" and data[fn.start_byte : fn.end_byte] == b"recover":
                return n
    return None


def deferred_recover(func: Node, data: bytes, resolve: Callable[[Node], Node | None] | None = None) -> Node | None:
    """The ``recover()`` that catches a panic in ``func``'s body: one called directly by a
    function ``func`` defers, a literal (``defer func() { … recover() … }()``) or, through
    ``resolve`` (a call's callee -> its declaration), a named function (``defer
    s.handlePanic()``). None when nothing ``func`` defers recovers."""
    body = func.child_by_field_name("body")
    for n in walk_same_function(body) if body is not None else ():
        if n.type != "defer_statement":
            continue
        call = next((c for c in n.named_children if c.type == "call_expression"), None)
        callee = None if call is None else unparen(call.child_by_field_name("function"))
        if callee is None:
            continue
        if callee.type == "func_literal":
            found = calls_recover(callee, data)
        elif resolve is not None:
            target = resolve(call)
            found = None if target is None else calls_recover(target, data)
        else:
            found = None
        if found is not None:
            return found
    return None
