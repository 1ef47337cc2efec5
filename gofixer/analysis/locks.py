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
from collections.abc import Iterator

from tree_sitter import Node

from . import lexical, summaries
from .files import FileIndex
from .model import PackageModel
from .syntax import FUNC_TYPES, callee_name, named, same_node, unparen, walk_same_function

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


# -- which types hold a lock --------------------------------------------------------------------

# What go vet's copylocks treats as a lock: sync's types (each holds a Mutex or a noCopy) and
# sync/atomic's typed values (noCopy). atomic.Value is not one.
LOCK_TYPES = {
    "sync": frozenset({"Mutex", "RWMutex", "WaitGroup", "Once", "Cond", "Map", "Pool"}),
    "sync/atomic": frozenset({"Bool", "Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Pointer"}),
}


def pointer_lockers(model: PackageModel) -> frozenset[str]:
    """The package's types with a ``func (*T) Lock()`` method: locks by the ``noCopy``
    convention (copylocks takes a type whose pointer has ``Lock`` for one)."""

    def find() -> frozenset[str]:
        out = set()
        for f in model.files:
            for d in f.root.named_children:
                if d.type != "method_declaration":
                    continue
                name = d.child_by_field_name("name")
                if name is None or f.text(name) != "Lock" or named(d.child_by_field_name("parameters")):
                    continue
                recv = named(d.child_by_field_name("receiver"))
                if len(recv) == 1:
                    t = recv[0].child_by_field_name("type")
                    if t is not None and t.type == "pointer_type":
                        inner = named(t)
                        if inner and inner[0].type == "type_identifier":
                            out.add(f.text(inner[0]))
        return frozenset(out)

    return model.memo("locks: pointer lockers", find)


def type_parameters(f: FileIndex, spec: Node) -> frozenset[str]:
    """The names of a type declaration's type parameters."""
    tps = spec.child_by_field_name("type_parameters")
    return frozenset(f.text(n) for p in named(tps) for n in p.children_by_field_name("name"))


class HeldLocks:
    """Which types hold a lock by value, as copylocks sees it: a lock type of sync or
    sync/atomic, a type of the package with a pointer ``Lock`` method, or a type holding one
    through struct fields, embedded fields, arrays, parentheses and defined types, in any
    file of the package. Pointers, slices, maps, channels, functions and interfaces hold
    nothing; nor do types of other packages, which cannot be seen into, or a type parameter.

    The answer is a description of the path to the lock (``sync.Mutex (field mu)``,
    ``sync.Mutex (field inner.mu)``, ``T (it has a pointer Lock method)``). A name declared
    more than once (build-tagged variants) holds a lock only when every declaration does, and
    is described by the first, the declarations of ``first`` (the file asking) before the
    others'. Answers are kept for the asking file's check (``first`` orders them)."""

    def __init__(self, model: PackageModel, first: FileIndex | None = None):
        self.model = model
        self._first = first
        self._memo: dict[str, str | None] = {}
        self._lockers = pointer_lockers(model)

    def named_type(self, name: str) -> str | None:
        """The lock the package's type ``name`` holds, described; None when it holds none or
        when that cannot be told (declared twice, differently)."""
        if name in self._memo:
            return self._memo[name]
        self._memo[name] = None  # cycles (through arrays of itself cannot compile) end here
        decls = self.model.type_declarations(name)
        if self._first is not None:
            decls = sorted(decls, key=lambda fd: fd[0] is not self._first)
        found: str | None = None
        if name in self._lockers:
            found = f"{name} (it has a pointer Lock method)"
        elif decls:
            paths = [self.held_in(f, ty, type_parameters(f, ty.parent)) for f, ty in decls]
            if all(p is not None for p in paths):
                found = paths[0]
        self._memo[name] = found
        return found

    def held_in(self, f: FileIndex, t: Node | None, params: frozenset[str]) -> str | None:
        """The lock a type expression of file ``f`` holds by value, described; None if none
        (or unknown). ``params``: the type parameters in scope, which hold nothing known."""
        while t is not None and t.type in ("parenthesized_type", "type_elem"):
            inner = named(t)
            t = inner[0] if len(inner) == 1 else None
        if t is None:
            return None
        if t.type == "qualified_type":
            pkg = t.child_by_field_name("package")
            nm = t.child_by_field_name("name")
            if pkg is None or nm is None:
                return None
            p, n = f.text(pkg), f.text(nm)
            for path, names in LOCK_TYPES.items():
                if f.imports.get(path) == p and n in names:
                    return f"{path}.{n}"
            return None
        if t.type == "generic_type":
            base = t.child_by_field_name("type")
            if base is not None and base.type == "qualified_type":
                return self.held_in(f, base, params)  # atomic.Pointer[T]
            if base is None or base.type != "type_identifier":
                return None
            return self.named_type(f.text(base))
        if t.type == "type_identifier":
            n = f.text(t)
            if n in params:
                return None  # a type parameter: whatever it is instantiated with is not known here
            if n in self._lockers or self.model.type_declarations(n):
                return self.named_type(n)
            for path, names in LOCK_TYPES.items():
                if f.imports.get(path) == "." and n in names:
                    return f"{path}.{n}"
            return None
        if t.type == "array_type":
            return self.held_in(f, t.child_by_field_name("element"), params)
        if t.type == "struct_type":
            return self._in_struct(f, t, params)
        return None  # pointers, slices, maps, channels, functions, interfaces

    def _in_struct(self, f: FileIndex, t: Node, params: frozenset[str]) -> str | None:
        fields = next((c for c in t.named_children if c.type == "field_declaration_list"), None)
        for fd in named(fields):
            if fd.type != "field_declaration":
                continue
            if any(c.type == "*" for c in fd.children):
                continue  # embedded *T
            ft = fd.child_by_field_name("type")
            inner = self.held_in(f, ft, params)
            if inner is None:
                continue
            names = fd.children_by_field_name("name")
            where = f.text(names[0]) if names else _embedded_name(f, ft)
            if " (field " in inner:
                lock, rest = inner.split(" (field ", 1)
                return f"{lock} (field {where}.{rest}"
            if " (it has" in inner:
                return f"{inner.split(' (', 1)[0]} (field {where})"
            return f"{inner} (field {where})"
        return None


def _embedded_name(f: FileIndex, t: Node | None) -> str:
    if t is None:
        return "?"
    if t.type == "generic_type":
        t = t.child_by_field_name("type") or t
    if t.type == "qualified_type":
        t = t.child_by_field_name("name") or t
    return f.text(t)


# -- Lock and Unlock statements ---------------------------------------------------------------

# acquire -> its release
PAIRS = {b"Lock": b"Unlock", b"RLock": b"RUnlock"}
RELEASES = frozenset(PAIRS.values())
# ``Lock`` not followed by a name's character; whether ``R`` and a name's character come before is
# checked by hand (a pattern that starts with a look-behind is tried at every byte of the file)
_LOCK = re.compile(rb"Lock(?![A-Za-z0-9_])")
_RELEASE_CALL = re.compile(rb"\.R?Unlock\(\)")
_CHAIN_BYTES = lexical.WORD_BYTES | frozenset(b".")  # a name or a chain of fields
_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _plain_chain(n: Node | None) -> bool:
    """``mu``, ``s.mu``, ``s.inner.mu``: a name or field selections written on one line."""
    while n is not None and n.type == "selector_expression":
        if any(c.type == "comment" for c in n.children) or n.start_point[0] != n.end_point[0]:
            return False
        n = n.child_by_field_name("operand")
    return n is not None and n.type == "identifier"


def mutex_call(stmt: Node, data: bytes) -> tuple[bytes, bytes, Node] | None:
    """``M.Lock()`` / ``M.Unlock()`` / ``M.RLock()`` / ``M.RUnlock()`` as an expression or defer
    statement, ``M`` a name or a chain of fields: (``M``'s text, the method, the call)."""
    if stmt.type not in ("expression_statement", "defer_statement"):
        return None
    inner = named(stmt)
    if len(inner) != 1 or inner[0].type != "call_expression":
        return None
    call = inner[0]
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or args is None or named(args):
        return None
    recv = fn.child_by_field_name("operand")
    fld = fn.child_by_field_name("field")
    if recv is None or fld is None or not _plain_chain(recv):
        return None
    method = data[fld.start_byte : fld.end_byte]
    if method not in PAIRS and method not in RELEASES:
        return None
    return data[recv.start_byte : recv.end_byte], method, call


def _deferred(data: bytes, release: int) -> bool:
    """Is the ``.Unlock()`` at ``release`` the call of ``defer M.Unlock()``: ``defer`` before
    ``M`` (a name or a chain of fields) on the same line? Anything else may be a statement."""
    j = release
    while j > 0 and data[j - 1] in _CHAIN_BYTES:
        j -= 1
    while j > 0 and data[j - 1] in b" \t":
        j -= 1
    return data[j - 5 : j] == b"defer" and (j == 5 or data[j - 6] not in _CHAIN_BYTES)


def may_release_without_defer(data: bytes) -> bool:
    """Can the file hold ``M.Lock()`` followed by a plain ``M.Unlock()`` statement (or
    ``M.RLock()`` by ``M.RUnlock()``), judged from its bytes? The release is spelled
    ``.Unlock()`` and the acquire's method name is in the bytes (``Unlock`` does not contain
    ``Lock``: its l is lower case), and some release is not ``defer M.Unlock()`` (most files
    that lock only defer their unlocks)."""
    if not ((b".Unlock()" in data and b"Lock" in data) or (b".RUnlock()" in data and b"RLock" in data)):
        return False
    return any(not _deferred(data, m.start()) for m in _RELEASE_CALL.finditer(data))


def _lock_words(data: bytes) -> Iterator[tuple[int, int]]:
    """Where ``Lock`` or ``RLock`` is a whole word: a field_identifier of that name is spelled
    so in the bytes."""
    for m in _LOCK.finditer(data):
        start = m.start()
        if start > 0 and data[start - 1] == ord("R"):
            start -= 1
        if start == 0 or data[start - 1] not in _NAME_BYTES:
            yield start, m.end()


def lock_statements(root: Node, data: bytes) -> Iterator[Node]:
    """In document order, the expression statements that call ``X.Lock`` or ``X.RLock``.

    Found from the bytes: each whole word ``Lock``/``RLock`` is looked up in the tree (a field
    name is spelled in the source as it is), instead of a query pass over every method call of
    the file."""
    for start, end in _lock_words(data):
        leaf = root.descendant_for_byte_range(start, end)
        if leaf is None or leaf.type != "field_identifier" or leaf.start_byte != start or leaf.end_byte != end:
            continue
        sel = leaf.parent
        if sel is None or sel.type != "selector_expression" or not same_node(sel.child_by_field_name("field"), leaf):
            continue
        call = sel.parent
        if call is None or call.type != "call_expression" or not same_node(call.child_by_field_name("function"), sel):
            continue
        stmt = call.parent
        if stmt is not None and stmt.type == "expression_statement":
            yield stmt


def called_under_lock_deep(model: PackageModel, name: str, depth: int = 2) -> bool:
    """``called_under_lock``, or called (by name) from a function that is itself called under a
    lock, up to ``depth`` calls up (``discoverSentinels`` called by ``setSentinel``, whose
    callers hold the lock): a helper of a helper runs with the lock its caller's caller took."""
    memo = model.memo(("locks: called under lock deep", depth), dict)
    if name in memo:
        return memo[name]
    memo[name] = False  # recursion ends here
    got = called_under_lock(model, name)
    if not got and depth > 0:
        for f, fn in callers(model).get(name, ()):
            nm = fn.child_by_field_name("name") if fn.type != "func_literal" else None
            if nm is not None and f.text(nm) != name and called_under_lock_deep(model, f.text(nm), depth - 1):
                got = True
                break
    memo[name] = got
    return got


def release_statements(root: Node, data: bytes) -> Iterator[Node]:
    """In document order, the expression statements ``X.Unlock()`` / ``X.RUnlock()`` (not
    deferred), found from the bytes like ``lock_statements``."""
    for m in _RELEASE_CALL.finditer(data):
        if _deferred(data, m.start()):
            continue
        start = m.start() + 1
        end = m.end() - 2
        leaf = root.descendant_for_byte_range(start, end)
        if leaf is None or leaf.type != "field_identifier" or leaf.start_byte != start or leaf.end_byte != end:
            continue
        sel = leaf.parent
        call = sel.parent if sel is not None else None
        stmt = call.parent if call is not None else None
        if stmt is not None and stmt.type == "expression_statement" and call.type == "call_expression":
            yield stmt


def tracked_by_flag(n: Node) -> bool:
    """Is ``n`` inside an ``if`` on a name, or on a name's negation (``if locked {…}``, ``if
    !unlocked {…}``): a flag that tracks whether a lock is held, which path analyses that do
    not evaluate conditions cannot follow?"""
    p = n.parent
    while p is not None and p.type not in FUNC_TYPES:
        if p.type == "if_statement":
            cond = unparen(p.child_by_field_name("condition"))
            if cond is not None and cond.type == "unary_expression":
                cond = unparen(cond.child_by_field_name("operand"))
            if cond is not None and cond.type in ("identifier", "selector_expression"):
                return True
        p = p.parent
    return False


def tries_lock(n: Node, mutex: bytes, data: bytes) -> bool:
    """Does ``n`` (an expression, a statement's header) call ``mutex.TryLock()``?"""
    for c in walk_same_function(n):
        if c.type == "call_expression":
            fn = c.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression":
                op, fld = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
                if op is not None and fld is not None and data[op.start_byte : op.end_byte] == mutex and data[fld.start_byte : fld.end_byte] == b"TryLock":
                    return True
    return False


_BLANKS = re.compile(rb"[\s()]+")


def hands_lock_to_caller(model: PackageModel, f: FileIndex, fn: Node, mutex: str, kind: str) -> bool:
    """Does ``fn`` return with ``mutex`` (as ``fn`` writes it, blanks removed) held on purpose,
    for its caller to release (``kind``: "unlock" or "runlock")? Its name says it locks
    (``lockIfOpen``), it hands the mutex out (``lock = &c.mu``: whoever gets it unlocks), or a
    caller in the package releases the lock, as the caller names it, without taking it itself
    (``summaries.callers``, ``summaries.released_by``)."""
    name = fn.child_by_field_name("name")
    if name is not None and is_locking_name(f.text(name)):
        return True
    if _address_taken(model, f, fn, mutex, kind):
        return True
    for g, call in summaries.callers(model, f, fn):
        caller = g.enclosing_func(call)
        if caller is None:
            continue
        mapped = summaries.in_caller_terms(model, g, call, f, fn, frozenset({mutex}))
        if mapped & summaries.released_by(model, g, caller, kind):
            return True
    return False


def _address_taken(model: PackageModel, f: FileIndex, fn: Node, mutex: str, kind: str) -> bool:
    """Does ``fn`` take the mutex's address other than to hand it to a helper that releases it
    (``lock = &c.rlock``, ``return &s.mu``)?"""
    body = fn.child_by_field_name("body")
    for n in walk_same_function(body) if body is not None else ():
        if n.type != "unary_expression":
            continue
        op = n.child_by_field_name("operator")
        arg = unparen(n.child_by_field_name("operand"))
        if op is None or op.type != "&" or arg is None or _BLANKS.sub(b"", f.data[arg.start_byte : arg.end_byte]).decode("utf-8", "replace") != mutex:
            continue
        call = n.parent.parent if n.parent is not None and n.parent.type == "argument_list" else None
        if call is not None and call.type == "call_expression" and mutex in summaries.call_releases(model, f, call, kind):
            continue
        return True
    return False
