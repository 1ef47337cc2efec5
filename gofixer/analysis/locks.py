"""Lock facts: which calls take or release a lock, what runs with a lock held, which fields are
used atomically.

Without types a lock is recognised by the names of the calls that take it: ``mu.Lock()``,
``s.rlock()``, ``withLock(…)``, ``lockSlow()`` take one, ``Unlock``-like names release it. Code
also runs under a lock by convention: a function named ``…Locked`` or documented as needing a
lock held (or the world stopped) is called with its caller's lock held, and so are the calls it
makes. These answers feed any rule that asks whether a write or a call is guarded.
"""

from __future__ import annotations

import functools
import re

from tree_sitter import Node

from .files import FileIndex
from .model import PackageModel
from .syntax import callee_name, named, same_node, unparen

_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_LOCK_DOC = re.compile(
    r"\b(lock|locked|locking|locks|mutex|mu|held|holds|holding|hold|world (is )?stopped|stop-the-world|STW)\b", re.I
)
_EXITS = ("return_statement", "break_statement", "continue_statement", "goto_statement")
# the node types a function's own calls are looked up among (the key the concurrency layer's
# walk uses too, so both share one list per file)
_WALKED = ("call_expression", "go_statement", "func_literal")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(name)]


@functools.lru_cache(maxsize=4096)
def is_locking_name(name: str) -> bool:
    """Does a call of this name take a lock (``Lock``, ``RLock``, ``lockSlow``, ``withLock``)?
    Asked of every call of every function looked into, so remembered per name."""
    if "ock" not in name and "OCK" not in name:
        return False
    w = _words(name)
    return "lock" in w or "rlock" in w


@functools.lru_cache(maxsize=4096)
def is_unlocking_name(name: str) -> bool:
    """Does a call of this name release a lock (``Unlock``, ``RUnlock``, ``unlockAll``)?"""
    if "ock" not in name and "OCK" not in name:
        return False
    return "unlock" in _words(name)


def lock_events(model: PackageModel, f: FileIndex, fn: Node) -> list[tuple[int, int]]:
    """Where the function ``fn`` itself (not a function literal in it, not a ``go`` statement's
    call) takes a lock (``(offset, 1)``) or releases one (``(offset, -1)``), in order. A
    deferred release runs at the end and is left out, and so is a release on a branch that then
    leaves (``if … { mu.Unlock(); return }``): the path that goes on still holds the lock."""
    cache = model.memo("locks: events", dict)
    key = (f.idx, fn.start_byte, fn.end_byte)
    got = cache.get(key)
    if got is not None:
        return got
    ev = []
    body = fn.child_by_field_name("body")
    skip_to = -1  # the end of the go statement being skipped
    for c in f.nodes_within(body, *_WALKED) if body is not None else ():
        if c.start_byte < skip_to or c.type == "func_literal":
            continue
        if c.type == "go_statement":
            skip_to = c.end_byte
            continue
        name = callee_name(c, f.data)
        if name is None or not (is_unlocking_name(name) or is_locking_name(name)):
            continue
        owner = f.enclosing_func(c)
        if owner is not None and not same_node(owner, fn):
            continue
        if is_unlocking_name(name):
            if c.parent is not None and c.parent.type == "defer_statement":
                continue
            if on_early_exit(c, fn):
                continue
            ev.append((c.start_byte, -1))
        elif is_locking_name(name):
            ev.append((c.start_byte, 1))
    ev.sort()
    cache[key] = ev
    return ev


def under_lock(model: PackageModel, f: FileIndex, call: Node) -> bool:
    """Is ``call`` made while its function holds a lock it took itself (the last lock event
    before it takes one)?"""
    fn = f.enclosing_func(call)
    if fn is None:
        return False
    state = 0
    for pos, delta in lock_events(model, f, fn):
        if pos >= call.start_byte:
            break
        state = delta
    return state > 0


def locks_somewhere(model: PackageModel, f: FileIndex, fn: Node) -> bool:
    """Does the function take a lock anywhere in its own body?"""
    return any(d > 0 for _p, d in lock_events(model, f, fn))


def called_under_lock(model: PackageModel, name: str) -> bool:
    """Is a function or method called ``name`` called (by that name) from a function that takes
    a lock? Such a helper likely runs with its caller's lock held. The package's calls are
    indexed by name once; whether a caller locks is worked out only for the names asked
    about."""
    memo = model.memo("locks: called under lock", dict)
    if name not in memo:
        memo[name] = any(locks_somewhere(model, f, fn) for f, fn in callers(model).get(name, ()))
    return memo[name]


def callers(model: PackageModel) -> dict[str, list[tuple[FileIndex, Node]]]:
    """Callee name (``f()`` or ``x.f()``) -> the functions calling it, one entry per call site,
    built once per package model."""

    def index() -> dict[str, list[tuple[FileIndex, Node]]]:
        got: dict[str, list[tuple[FileIndex, Node]]] = {}
        for f in model.files:
            for n in f.nodes_of("call_expression"):
                name = callee_name(n, f.data)
                if not name:
                    continue
                fn = f.enclosing_func(n)
                if fn is not None:
                    got.setdefault(name, []).append((f, fn))
        return got

    return model.memo("locks: callers", index)


def locked_by_convention(model: PackageModel, f: FileIndex, decl: Node) -> bool:
    """A function named ``…Locked`` or documented as running with a lock held (or with the
    world stopped): its callers hold the lock, so the calls it makes run under it too."""
    cache = model.memo("locks: by convention", dict)
    key = (f.idx, decl.start_byte, decl.end_byte)
    got = cache.get(key)
    if got is None:
        nm = decl.child_by_field_name("name")
        got = nm is not None and "locked" in f.text(nm).lower()
        if not got:
            doc = doc_comment(f, decl)
            got = bool(doc and _LOCK_DOC.search(doc))
        cache[key] = got
    return got


def doc_comment(f: FileIndex, decl: Node) -> str:
    """The comment lines right above a declaration (its doc comment), joined."""
    lines = []
    p = decl.prev_named_sibling
    end = decl.start_byte
    while p is not None and p.type == "comment" and f.line(end) - f.line(p.end_byte) <= 1:
        lines.append(f.text(p))
        end = p.start_byte
        p = p.prev_named_sibling
    return "\n".join(reversed(lines))


def on_early_exit(call: Node, fn: Node) -> bool:
    """Is the call in a nested block that ends by leaving (return, break, continue, goto)?"""
    stmt = call.parent
    while stmt is not None and stmt.parent is not None and stmt.parent.type != "statement_list":
        stmt = stmt.parent
    lst = stmt.parent if stmt is not None else None
    if lst is None or lst.type != "statement_list":
        return False
    block = lst.parent
    body = fn.child_by_field_name("body")
    if block is None or body is None or same_node(block, body):
        return False
    last = named(lst)
    return bool(last) and last[-1].type in _EXITS


def atomic_fields(model: PackageModel) -> set[str]:
    """Field names passed by address to a ``sync/atomic`` function anywhere in the package
    (``atomic.AddInt64(&s.n, 1)``): such a field is not plain data a lock must guard."""

    def find() -> set[str]:
        out: set[str] = set()
        for f in model.files:
            if f.atomic is None or f.atomic.encode() not in f.data:
                continue
            for n in f.nodes_of("call_expression"):
                fn = n.child_by_field_name("function")
                if fn is None or fn.type != "selector_expression":
                    continue
                op = fn.child_by_field_name("operand")
                if op is None or f.text(op) != f.atomic:
                    continue
                for a in named(n.child_by_field_name("arguments")):
                    if a.type == "unary_expression":
                        inner = unparen(a.child_by_field_name("operand"))
                        if inner is not None and inner.type == "selector_expression":
                            out.add(f.text(inner.child_by_field_name("field")))
        return out

    return model.memo("locks: atomic fields", find)
