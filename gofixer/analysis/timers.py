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

from .syntax import package_call, unparen

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
