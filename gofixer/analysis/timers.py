"""Facts about the time package's timers: which calls start a ticker or a timer nobody can
stop, and whether the module's Go version still leaks them.

Before Go 1.23 a ``time.Ticker`` is never garbage-collected until it is stopped, and a
``time.Timer`` not until it fires; ``time.Tick`` and ``time.After`` hand out only the channel,
so their timers cannot be stopped at all. Go 1.23 collects unreferenced timers, but only for a
main module whose go.mod says ``go 1.23`` or later (the ``asynctimerchan`` GODEBUG default
follows the go line). A version that is not known (no go.mod) is treated as not leaking: a
rule that cannot tell stays silent.
"""

from __future__ import annotations

from tree_sitter import Node

from .syntax import named, package_call, unparen, walk_same_function

# the first Go version whose runtime collects timers and tickers nobody references
COLLECTED_FROM = (1, 23)

TICK = frozenset({"Tick"})
AFTER = frozenset({"After"})


def timers_leak(go_version: tuple[int, int] | None) -> bool:
    """Does the module's go line say a timer nobody references stays alive (known, below Go
    1.23)?"""
    return go_version is not None and go_version < COLLECTED_FROM


def go_version_text(go_version: tuple[int, int]) -> str:
    """The go line as a message quotes it: ``go 1.21``."""
    return f"go {go_version[0]}.{go_version[1]}"


def time_call(node: Node, data: bytes, time_name: str | None, funcs: frozenset[str]) -> str | None:
    """``F`` when ``node`` is ``time.F(..)`` for one of ``funcs`` (``time`` under its import
    name ``time_name``, or ``F(..)`` when dot-imported), the name not declared locally."""
    if time_name is None:
        return None
    return package_call(node, data, time_name, funcs)


def is_tick_call(node: Node | None, data: bytes, time_name: str | None) -> bool:
    """Is ``node`` (inside any parentheses) a call of ``time.Tick``?"""
    node = unparen(node)
    return node is not None and time_call(node, data, time_name, TICK) is not None


def ranges_over_ticks(clause: Node, data: bytes, time_name: str | None, tick_vars: frozenset[bytes]) -> bool:
    """Does the range clause range over a ``time.Tick`` channel, which is never closed (the
    loop never ends by itself): the call, or one of ``tick_vars``, locals known to hold
    nothing but such channels (or nil)?"""
    right = unparen(clause.child_by_field_name("right"))
    if right is None:
        return False
    if right.type == "identifier":
        return data[right.start_byte : right.end_byte] in tick_vars
    return is_tick_call(right, data, time_name)


_NEW_TIMERS = frozenset({"NewTicker", "NewTimer"})


def ranges_forever(clause: Node, data: bytes, time_name: str | None) -> bool:
    """Does the range clause range over a channel of the time package that is never closed, so
    that the loop cannot end at its head: ``time.Tick(d)``, ``time.NewTicker(d).C``, or ``t.C``
    for a ``t`` declared in an enclosing function as ``t := time.NewTicker(d)`` (or
    ``time.NewTimer``) and never assigned again?"""
    right = unparen(clause.child_by_field_name("right"))
    if right is None or time_name is None:
        return False
    if is_tick_call(right, data, time_name):
        return True
    if right.type != "selector_expression":
        return False
    field = right.child_by_field_name("field")
    operand = unparen(right.child_by_field_name("operand"))
    if field is None or operand is None or data[field.start_byte : field.end_byte] != b"C":
        return False
    if operand.type == "call_expression":
        return time_call(operand, data, time_name, _NEW_TIMERS) is not None
    if operand.type != "identifier":
        return False
    name = data[operand.start_byte : operand.end_byte]
    made = False
    func = clause.parent
    while func is not None:
        if func.type in ("function_declaration", "method_declaration", "func_literal"):
            break
        func = func.parent
    while func is not None:
        for n in walk_same_function(func):
            if n.type not in ("short_var_declaration", "assignment_statement", "var_spec"):
                continue
            left = named(n.child_by_field_name("left")) if n.type != "var_spec" else n.children_by_field_name("name")
            right_side = named(n.child_by_field_name("right" if n.type != "var_spec" else "value"))
            for i, lv in enumerate(left):
                if lv.type != "identifier" or data[lv.start_byte : lv.end_byte] != name:
                    continue
                value = right_side[i] if len(right_side) == len(left) else None
                if made or value is None or time_call(unparen(value), data, time_name, _NEW_TIMERS) is None:
                    return False  # assigned twice, or from something else
                made = True
        if made:
            return True
        func = func.parent
        while func is not None and func.type not in ("function_declaration", "method_declaration", "func_literal"):
            func = func.parent
    return False
