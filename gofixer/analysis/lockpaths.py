"""Lock paths: what runs while a ``Lock`` is held, what a function locks when it is called, and
the order a package takes its mutexes in.

Mutexes are known by their class across functions (:mod:`gofixer.analysis.lockclasses`);
within one function the operand's text (``s.mu``) tells that two calls are on the same value,
and a call ``s.helper()`` maps what ``helper`` locks on its receiver back onto ``s``.

The *held region* of a ``Lock`` statement is what runs after it, on the paths where it is not
released yet (:class:`gofixer.analysis.flow.ReleasePaths`): the statements and the headers of
compound statements (an ``if``'s condition, a ``range``'s operand, a ``select``'s
communications). A deferred ``Unlock`` does not end it; an ``Unlock`` on a branch that then
leaves does; ``goto`` and what the path analysis does not follow give no region at all. What
the region does (a second ``Lock``, a call, a channel operation) is what the lock rules ask
about. A mutex another goroutine may unlock (a latch between goroutines) has no held region.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from . import flow
from .files import FileIndex
from .lockclasses import MUTEXES, Class, place_of, value_class
from .model import PackageModel
from .summaries import operand_key
from .syntax import FUNC_TYPES, named, same_node, statements, unparen, walk

LOCKS = {"Lock": "lock", "RLock": "rlock"}
UNLOCKS = {"Unlock": "unlock", "RUnlock": "runlock"}
_DEPTH = 4  # calls followed from a held region into the package's functions


# -- lock calls ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockCall:
    """``X.Lock()``/``X.RLock()``/``X.Unlock()``/``X.RUnlock()``: the call, the statement it
    is (an expression or defer statement; None inside an expression), ``X`` as text and its
    operand node."""

    call: Node
    stmt: Node | None
    method: str  # lock rlock unlock runlock
    key: str
    operand: Node

    @property
    def acquires(self) -> bool:
        return self.method in ("lock", "rlock")

    @property
    def deferred(self) -> bool:
        return self.stmt is not None and self.stmt.type == "defer_statement"


def lock_call(call: Node, data: bytes) -> LockCall | None:
    """The call as a mutex method call without arguments, or None."""
    if call.type != "call_expression":
        return None
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or fn.type != "selector_expression" or args is None or named(args):
        return None
    fl = fn.child_by_field_name("field")
    op = fn.child_by_field_name("operand")
    if fl is None or op is None:
        return None
    name = data[fl.start_byte : fl.end_byte].decode("utf-8", "replace")
    method = LOCKS.get(name) or UNLOCKS.get(name)
    if method is None:
        return None
    key = operand_key(data, op)
    if key is None:
        return None
    p = call.parent
    stmt = p if p is not None and p.type in ("expression_statement", "defer_statement") else None
    return LockCall(call, stmt, method, key, op)


def lock_calls(f: FileIndex, fn: Node) -> list[LockCall]:
    """The mutex method calls a function makes itself (not those of function literals in it,
    nor a ``go`` statement's), in document order."""
    body = fn.child_by_field_name("body")
    if body is None:
        return []
    out = []
    for c in f.nodes_within(body, "call_expression"):
        lc = lock_call(c, f.data)
        if lc is None:
            continue
        owner = f.enclosing_func(c)
        if owner is None or not same_node(owner, fn) or _in_go(c, fn):
            continue
        out.append(lc)
    return out


def _in_go(n: Node, fn: Node) -> bool:
    p = n.parent
    while p is not None and p.id != fn.id:
        if p.type == "go_statement":
            return True
        p = p.parent
    return False


def root_of(n: Node | None) -> Node | None:
    """The identifier a selector chain starts from (``s`` in ``s.a.mu``)."""
    n = unparen(n)
    while n is not None and n.type == "selector_expression":
        n = unparen(n.child_by_field_name("operand"))
    return n if n is not None and n.type == "identifier" else None


# -- held regions -------------------------------------------------------------------------------


_HEADERS = {
    "if_statement": ("condition",),
    "expression_switch_statement": ("value",),
    "type_switch_statement": ("value",),
}


@dataclass
class Region:
    """What runs while a ``Lock`` statement's lock is held (see the module's docstring)."""

    lock: LockCall
    nodes: list[Node] = field(default_factory=list)  # statements and headers, in the order reached
    again: bool = False  # the path comes round a loop to the same Lock with the lock held
    returns: list[Node] = field(default_factory=list)  # returns reached with the lock held
    falls_off: bool = False


def _assigns(n: Node, name: bytes, data: bytes) -> bool:
    """Does the simple statement ``n`` assign the name (``s = …``, ``s, err := …``)?"""
    if n.type not in ("assignment_statement", "short_var_declaration"):
        return False
    left = n.child_by_field_name("left")
    return any(c.type == "identifier" and data[c.start_byte : c.end_byte] == name for c in named(left))


@dataclass(frozen=True)
class HeldMutex:
    """A ``Lock``/``RLock`` statement on a ``sync.Mutex`` or ``RWMutex`` and what it holds."""

    lock: LockCall
    func: Node  # the function the statement is in
    mutex: Class
    region: Region


def held_mutexes(model: PackageModel, f: FileIndex, stmts: list[Node]) -> Iterator[HeldMutex]:
    """For each of the lock statements ``stmts`` (``locks.lock_statements``, found from the bytes
    before the model is built) that acquires a mutex the package can name, its held region;
    statements whose paths cannot be followed are left out."""
    for stmt in stmts:
        lc = lock_call(stmt.named_children[0], f.data)
        if lc is None or not lc.acquires:
            continue
        fn = f.enclosing_func(lc.call)
        if fn is None:
            continue
        mutex = value_class(model, f, lc.operand)
        if mutex is None or mutex.what not in ("Mutex", "RWMutex"):
            continue
        region = held_region(model, f, fn, lc)
        if region is not None:
            yield HeldMutex(lc, fn, mutex, region)


def held_region(model: PackageModel, f: FileIndex, fn: Node, lock: LockCall) -> Region | None:
    """The held region of the ``Lock`` statement ``lock`` of function ``fn``; None when the
    paths after it cannot be followed. Kept per model."""
    memo = model.memo("lockpaths: regions", dict)
    key = (f.idx, lock.call.start_byte)
    if key in memo:
        return memo[key]
    memo[key] = None
    got = _held_region(model, f, fn, lock)
    memo[key] = got
    return got


def _held_region(model: PackageModel, f: FileIndex, fn: Node, lock: LockCall) -> Region | None:
    stmt = lock.stmt
    if stmt is None or stmt.type != "expression_statement" or not lock.acquires:
        return None
    if handed_off(f, fn, lock.key):
        return None
    data = f.data
    root = root_of(lock.operand)
    root_name = data[root.start_byte : root.end_byte] if root is not None else None
    region = Region(lock)
    seen: set[int] = set()

    def releases(n: Node) -> bool:
        return _releases(model, f, n, lock.key)

    def stops(n: Node) -> bool:
        if n.id == stmt.id:
            region.again = True
            return True
        if n.id in seen or releases(n):
            return False
        seen.add(n.id)
        t = n.type
        if t in _HEADERS:
            for name in _HEADERS[t]:
                h = n.child_by_field_name(name)
                if h is not None:
                    region.nodes.append(h)
            return False
        if t == "for_statement":
            for c in named(n):
                if c.type == "for_clause":
                    for part in ("condition", "update"):
                        h = c.child_by_field_name(part)
                        if h is not None:
                            region.nodes.append(h)
                elif c.type not in ("block", "range_clause", "comment"):
                    region.nodes.append(c)  # for cond { … }
            return False
        if t == "range_clause":
            right = n.child_by_field_name("right")
            if right is not None:
                region.nodes.append(right)
            return root_name is not None and _assigns_range(n, root_name, data)
        if t in ("select_statement", "block", "labeled_statement", "expression_case", "type_case"):
            return False
        region.nodes.append(n)
        return root_name is not None and _assigns(n, root_name, data)

    def ends(n: Node) -> bool:
        return n.type == "expression_statement" and flow.no_return_call(n, data, f.imports)

    verdict = flow.ReleasePaths(data, fn, releases, stops, ends, clauses=True, strict_end=False).after(stmt)
    if verdict.unknown:
        return None
    region.returns = verdict.returns
    region.falls_off = verdict.falls_off is not None
    return region


def handed_off(f: FileIndex, fn: Node, key: str) -> bool:
    """May another goroutine unlock the mutex ``key`` of function ``fn``? A function literal
    in ``fn`` that does not run on the spot unlocks it before (or without) locking it (``go
    func() { …; mu.Unlock() }()``), its ``Unlock`` is taken as a method value
    (``srv.NotifyStarted = mu.Unlock``), or a ``go`` statement is handed it. Such a mutex is a
    latch between goroutines: a second ``Lock`` waits for the other goroutine, and what runs
    until its ``Unlock`` here is not a held region."""
    body = fn.child_by_field_name("body")
    if body is None or key.encode() not in f.data[body.start_byte : body.end_byte]:
        return False
    if fn.type == "func_literal":
        # a goroutine's mutex that the function starting it unlocks
        outer = f.enclosing_func(fn)
        while outer is not None:
            first = next((lc for lc in lock_calls(f, outer) if lc.key == key), None)
            if first is not None and not first.acquires:
                return True
            outer = f.enclosing_func(outer) if outer.type == "func_literal" else None
    for lit in f.nodes_within(body, "func_literal"):
        p = lit.parent
        on_the_spot = p is not None and p.type == "call_expression" and same_node(p.child_by_field_name("function"), lit)
        if on_the_spot and (p.parent is None or p.parent.type != "go_statement"):
            continue
        first = next((lc for lc in lock_calls(f, lit) if lc.key == key), None)
        if first is not None and not first.acquires:
            return True
    data = f.data
    for n in f.nodes_within(body, "go_statement"):
        call = next((c for c in named(n) if c.type == "call_expression"), None)
        if call is not None and _hands_over(f, call, key):
            return True
    want = (key + ".Unlock").encode(), (key + ".RUnlock").encode()
    i = data.find(b"Unlock", body.start_byte, body.end_byte)
    while i >= 0:
        leaf = f.root.descendant_for_byte_range(i, i + 6)
        sel = leaf.parent if leaf is not None else None
        if sel is not None and sel.type == "selector_expression" and operand_key(data, sel).encode() in want:
            p = sel.parent
            if p is None or p.type != "call_expression" or not same_node(p.child_by_field_name("function"), sel):
                return True
        i = data.find(b"Unlock", i + 6, body.end_byte)
    return False


def _assigns_range(n: Node, name: bytes, data: bytes) -> bool:
    left = n.child_by_field_name("left")
    return any(c.type == "identifier" and data[c.start_byte : c.end_byte] == name for c in named(left))


def _releases(model: PackageModel, f: FileIndex, n: Node, key: str) -> bool:
    """Does the simple statement ``n`` release the mutex ``key``: ``key.Unlock()`` (not
    deferred), or a call that may (a function of the package that unlocks what it is given or
    its receiver's field, a closure that unlocks it, a call handed the mutex)."""
    if n.type in ("defer_statement", "go_statement"):
        return False
    if n.type == "expression_statement":
        inner = named(n)
        if len(inner) == 1:
            lc = lock_call(inner[0], f.data)
            if lc is not None and lc.key == key:
                return not lc.acquires
    if n.type not in ("expression_statement", "assignment_statement", "short_var_declaration", "return_statement"):
        return False
    for c in _calls_in(n):
        lc = lock_call(c, f.data)
        if lc is not None:
            if lc.key == key and not lc.acquires:
                return True
            continue
        target = _callee(model, f, c)
        if target is None:
            if _hands_over(f, c, key):
                return True
        elif key in _mapped(f, c, target, unlock_effects(model, *target)):
            return True
    return False


def _hands_over(f: FileIndex, call: Node, key: str) -> bool:
    """Is the mutex ``key`` (or its address) an argument of the call?"""
    for a in named(call.child_by_field_name("arguments")):
        a = unparen(a)
        if a is not None and a.type == "unary_expression":
            a = unparen(a.child_by_field_name("operand"))
        if a is not None and operand_key(f.data, a) == key:
            return True
    return False


def _calls_in(n: Node) -> Iterator[Node]:
    """The calls evaluated by a statement or expression itself: not those of function literals
    (unless called on the spot) or of the call a ``go`` statement starts."""
    stack = [n]
    while stack:
        x = stack.pop()
        if x.type == "go_statement":
            continue
        if x.type == "func_literal":
            p = x.parent
            if not (p is not None and p.type == "call_expression" and same_node(p.child_by_field_name("function"), x)):
                continue
        if x.type == "call_expression":
            yield x
        stack.extend(reversed(x.named_children))


# -- what a function does to its receiver's and parameters' mutexes ----------------------------


@dataclass(frozen=True)
class Effect:
    """A lock operation a function applies to a value it is given: ``base`` is "recv" or the
    parameter's index, ``suffix`` the field path after it (``.mu``, or "" for the value itself),
    ``method`` lock/rlock/unlock/runlock, ``via`` the functions it goes through (innermost
    last) and ``at`` the call that does it."""

    base: object
    suffix: str
    method: str
    via: tuple[str, ...]
    at: Node
    file: FileIndex


class _Roots:
    """:func:`_roots`, computed the first time a key is looked up: most functions whose effects
    are asked have no lock call to map, and the roots need the function's summary."""

    def __init__(self, model: PackageModel, f: FileIndex, fn: Node) -> None:
        self._args = (model, f, fn)
        self._got: dict[str, object] | None = None

    def _map(self) -> dict[str, object]:
        if self._got is None:
            self._got = _roots(*self._args)
        return self._got

    def __contains__(self, name: object) -> bool:
        return name in self._map()

    def __getitem__(self, name: str) -> object:
        return self._map()[name]


def _roots(model: PackageModel, f: FileIndex, fn: Node) -> dict[str, object]:
    """The receiver's and parameters' names -> "recv" or their index, those the function never
    assigns."""
    out: dict[str, object] = {}
    recv = fn.child_by_field_name("receiver")
    for p in named(recv):
        nm = p.child_by_field_name("name")
        if nm is not None:
            out[f.text(nm)] = "recv"
    s = model.summary(f, fn)
    for i, name in enumerate(s.params):
        if name and name != "_":
            out[name] = i
    body = fn.child_by_field_name("body")
    if body is not None and out:
        for a in _assignments(body):
            left = a.child_by_field_name("left")
            for c in named(left):
                name = f.text(c)
                if c.type == "identifier" and name in out:
                    del out[name]
    return out


def _assignments(body: Node) -> Iterator[Node]:
    stack = [body]
    while stack:
        x = stack.pop()
        if x.type == "assignment_statement":
            yield x
        stack.extend(c for c in x.named_children if c.type != "func_literal")


def _function_name(f: FileIndex, fn: Node) -> str:
    nm = fn.child_by_field_name("name")
    return f.text(nm) if nm is not None else "func literal"


def _split(key: str, roots: dict[str, object] | _Roots) -> tuple[object, str] | None:
    """``s.mu`` -> (the base of ``s``, ".mu") when ``s`` is a receiver or parameter name."""
    head, dot, rest = key.partition(".")
    if head not in roots:
        return None
    return roots[head], dot + rest


def entry_effects(model: PackageModel, f: FileIndex, fn: Node) -> list[Effect]:
    """The locks a function takes on the values it is given whenever it runs past its guards:
    ``Lock``/``RLock`` statements at the top level of its body on its receiver or a parameter
    (``s.mu.Lock()``, ``s.RLock()``), and those of the package's functions it calls there on
    them (``s.helper()``, ``helper(s)``), to a few calls deep. A lock taken only in a branch
    or a loop is left out: it may depend on what the caller holds."""
    memo = model.memo("lockpaths: entry effects", dict)
    key = (f.idx, fn.start_byte, fn.end_byte)
    if key in memo:
        return memo[key]
    memo[key] = []  # a recursive call adds nothing more
    roots = _Roots(model, f, fn)
    out: list[Effect] = []
    name = _function_name(f, fn)
    body = fn.child_by_field_name("body")
    # a mutex the function unlocks before it locks it is its caller's, taken back
    released = {lc.key: lc.call.start_byte for lc in reversed(lock_calls(f, fn)) if not lc.acquires and not lc.deferred}

    def fresh(text: str, at: Node) -> bool:
        return text not in released or released[text] > at.start_byte

    for stmt in statements(body):
        for c in (c for part in _run_first(stmt) for c in _calls_in(part)):
            lc = lock_call(c, f.data)
            if lc is not None:
                if lc.acquires and lc.stmt is not None and fresh(lc.key, c):
                    sp = _split(lc.key, roots)
                    if sp is not None:
                        out.append(Effect(sp[0], sp[1], lc.method, (name,), c, f))
                continue
            target = _callee(model, f, c)
            if target is None:
                continue
            for u in unlock_effects(model, target[0], target[1]):
                actual = _actual(f, c, target, u)
                if actual is not None and actual not in released:
                    released[actual] = c.start_byte
            for e in entry_effects(model, target[0], target[1]):
                if len(e.via) >= _DEPTH:
                    continue
                actual = _actual(f, c, target, e)
                sp = _split(actual, roots) if actual is not None and fresh(actual, c) else None
                if sp is not None:
                    out.append(Effect(sp[0], sp[1], e.method, (name, *e.via), e.at, e.file))
    memo[key] = out
    return out


def released_by_return(model: PackageModel, e: Effect) -> bool:
    """Does the function that takes an effect's lock release it before it returns, on every
    path: a deferred ``Unlock`` of the same value after the ``Lock``, or a held region that
    reaches no return and does not fall off the end? A helper that returns holding the lock
    (``lockBoth``) is its caller's business."""
    fn = e.file.enclosing_func(e.at)
    lc = lock_call(e.at, e.file.data)
    if fn is None or lc is None or not lc.acquires:
        return False
    if any(c.deferred and not c.acquires and c.key == lc.key and c.call.start_byte > e.at.start_byte for c in lock_calls(e.file, fn)):
        return True
    region = held_region(model, e.file, fn, lc)
    return region is not None and not region.returns and not region.falls_off and not region.again


def _run_first(stmt: Node) -> list[Node]:
    """The parts of a statement at the top level of a body that run whenever it is reached: a
    simple statement, a ``return``'s results, an ``if``'s or ``switch``'s header."""
    t = stmt.type
    if t in ("expression_statement", "assignment_statement", "short_var_declaration", "var_declaration", "return_statement", "send_statement", "inc_statement", "dec_statement"):
        return [stmt]
    if t in ("if_statement", "expression_switch_statement", "type_switch_statement"):
        return [c for name in ("initializer", "condition", "value") if (c := stmt.child_by_field_name(name)) is not None]
    return []


def unlock_effects(model: PackageModel, f: FileIndex, fn: Node) -> list[Effect]:
    """The mutexes of its receiver or parameters a function releases for its caller: those
    whose first lock call in it (in the order written, deferred ones included) is an
    ``Unlock``/``RUnlock``, itself or in a function of the package it calls before locking
    them itself (``applyNewSID`` unlocks its caller's ``sub.mu`` before it takes another
    lock). A function that locks and then unlocks (``defer s.mu.Unlock()`` after
    ``s.mu.Lock()``) leaves its caller's lock as it was; a call of one that unlocks first
    releases a lock its caller holds, for a while at least."""
    memo = model.memo("lockpaths: unlock effects", dict)
    key = (f.idx, fn.start_byte, fn.end_byte)
    if key in memo:
        return memo[key]
    memo[key] = []  # a recursive call adds nothing more
    roots = _Roots(model, f, fn)
    name = _function_name(f, fn)
    first: dict[str, int] = {}
    for lc in lock_calls(f, fn):
        first.setdefault(lc.key, lc.call.start_byte if lc.acquires else -1)
    out = []
    seen: set[str] = set()
    for lc in lock_calls(f, fn):
        if not lc.acquires and first.get(lc.key) == -1 and lc.key not in seen:
            seen.add(lc.key)
            sp = _split(lc.key, roots)
            if sp is not None:
                out.append(Effect(sp[0], sp[1], lc.method, (name,), lc.call, f))
    body = fn.child_by_field_name("body")
    for c in _calls_in(body) if body is not None else ():
        if lock_call(c, f.data) is not None or (c.parent is not None and c.parent.type == "defer_statement"):
            continue
        target = _callee(model, f, c)
        if target is None:
            continue
        for e in unlock_effects(model, target[0], target[1]):
            actual = _actual(f, c, target, e)
            if actual is None or actual in seen or (actual in first and 0 <= first[actual] < c.start_byte):
                continue
            sp = _split(actual, roots)
            if sp is not None:
                seen.add(actual)
                out.append(Effect(sp[0], sp[1], e.method, (name, *e.via), e.at, e.file))
    memo[key] = out
    return out


def _actual(f: FileIndex, call: Node, target: tuple[FileIndex, Node], e: Effect) -> str | None:
    """The text, at the call, of the value an effect of the callee applies to."""
    if e.base == "recv":
        fnode = unparen(call.child_by_field_name("function"))
        if fnode is None or fnode.type != "selector_expression":
            return None
        base = operand_key(f.data, fnode.child_by_field_name("operand"))
    else:
        args = named(call.child_by_field_name("arguments"))
        if not isinstance(e.base, int) or e.base >= len(args):
            return None
        a = unparen(args[e.base])
        if a is not None and a.type == "unary_expression" and f.data[a.start_byte : a.start_byte + 1] == b"&":
            a = a.child_by_field_name("operand")
        base = operand_key(f.data, a)
    if not base:
        return None
    return base + e.suffix


def _mapped(f: FileIndex, call: Node, target: tuple[FileIndex, Node], effects: list[Effect]) -> set[str]:
    return {a for e in effects if (a := _actual(f, call, target, e)) is not None}


def call_effects(model: PackageModel, f: FileIndex, call: Node) -> list[tuple[str, Effect]]:
    """The locks a call takes on entry (:func:`entry_effects`), as the text of the value each is
    taken on at the call (``s.mu`` for ``s.helper()`` when ``helper`` locks ``r.mu``)."""
    target = _callee(model, f, call)
    if target is None:
        return []
    out = []
    for e in entry_effects(model, target[0], target[1]):
        a = _actual(f, call, target, e)
        if a is not None:
            out.append((a, e))
    return out


def _callee(model: PackageModel, f: FileIndex, call: Node) -> tuple[FileIndex, Node] | None:
    """The function of the package a call runs: ``model.callee``, and a local variable bound
    once to a function literal (``unlock := func() { … }``)."""
    fnode = unparen(call.child_by_field_name("function"))
    if fnode is not None and fnode.type == "identifier":
        binding, _fn = model.lookup(f, fnode)
        if binding is not None:
            init = unparen(binding.init) if binding.kind == "local" and binding.index is None else None
            if init is not None and init.type == "func_literal":
                return f, init
            return None
    target = model.callee(f, call)
    if target is None and fnode is not None and fnode.type == "selector_expression":
        op = fnode.child_by_field_name("operand")
        fl = fnode.child_by_field_name("field")
        place = place_of(model, f, op) if op is not None and fl is not None else None
        if place is not None and not place.path:
            m = model.method(("named", place.owner), f.text(fl))
            target = None if m is None else (m.file, m.decl)
    if target is None or target[1].type not in FUNC_TYPES or target[1].type == "func_literal":
        return None
    return target


# -- what a function may lock, anywhere, through its calls --------------------------------------


@dataclass(frozen=True)
class Acquire:
    """A lock a function may take: its class, lock or rlock, the call that takes it, the
    functions it is reached through (innermost last) and ``top``, the call in the asking
    function that leads to it (the lock call itself, or the call of the function that takes
    it)."""

    cls: Class
    method: str
    at: Node
    file: FileIndex
    via: tuple[str, ...]
    top: Node


def acquires(model: PackageModel, f: FileIndex, fn: Node) -> list[Acquire]:
    """Every lock a function may take while it runs: its own ``Lock``/``RLock`` calls on
    mutexes the model can class (not those in a branch on one of its parameters: the caller
    chooses), and those of the package's functions it calls (not those it starts with ``go``
    or defers), a few calls deep: one entry per class and call of the function itself, in the
    order written."""
    memo = model.memo("lockpaths: acquires", dict)
    key = (f.idx, fn.start_byte, fn.end_byte)
    if key in memo:
        return memo[key]
    memo[key] = []  # a recursive call adds nothing more
    name = _function_name(f, fn)
    out: list[Acquire] = []
    body = fn.child_by_field_name("body")
    params = {p for p in model.summary(f, fn).params if p and p != "_"}
    for c in _calls_in(body) if body is not None else ():
        if c.parent is not None and c.parent.type == "defer_statement":
            continue
        lc = lock_call(c, f.data)
        if lc is not None:
            if lc.acquires and not _param_guarded(f, fn, c, params):
                cls = value_class(model, f, lc.operand)
                if cls is not None and cls.what in MUTEXES:
                    out.append(Acquire(cls, lc.method, c, f, (name,), c))
            continue
        target = _callee(model, f, c)
        if target is None or target[1].type == "func_literal":
            continue
        done: set[Class] = set()
        for a in acquires(model, target[0], target[1]):
            if a.cls not in done and not a.cls.is_local and len(a.via) < _DEPTH:
                done.add(a.cls)
                out.append(Acquire(a.cls, a.method, a.at, a.file, (name, *a.via), c))
    memo[key] = out
    return out


def _param_guarded(f: FileIndex, fn: Node, n: Node, params: set[str]) -> bool:
    """Is ``n`` in a branch of ``fn`` whose condition reads one of its parameters
    (``if needLock { mu.Lock() }``)? Whether it runs is the caller's choice."""
    if not params:
        return False
    p = n.parent
    while p is not None and p.id != fn.id:
        if p.type in ("if_statement", "expression_switch_statement", "type_switch_statement"):
            for part in ("condition", "value", "initializer"):
                h = p.child_by_field_name(part)
                if h is not None and any(x.type == "identifier" and f.text(x) in params for x in walk(h)):
                    return True
        p = p.parent
    return False


def region_calls(region: Region) -> Iterator[Node]:
    """The calls made in a held region (statements and headers, not deferred or started)."""
    for n in region.nodes:
        if n.type in ("defer_statement", "go_statement"):
            continue
        yield from _calls_in(n)


def functions(f: FileIndex) -> list[Node]:
    """The file's function declarations, methods and literals."""
    return f.nodes_of(*FUNC_TYPES)


def writers(model: PackageModel) -> set[Class]:
    """The RWMutex classes some function of the package write-locks (``Lock``)."""

    def find() -> set[Class]:
        out: set[Class] = set()
        for f in model.files:
            if b".Lock()" not in f.data:
                continue
            for c in f.nodes_of("call_expression"):
                lc = lock_call(c, f.data)
                if lc is not None and lc.method == "lock":
                    cls = value_class(model, f, lc.operand)
                    if cls is not None and cls.what == "RWMutex":
                        out.add(cls)
        return out

    return model.memo("lockpaths: writers", find)


def holds_at(model: PackageModel, f: FileIndex, fn: Node, n: Node, cls: Class) -> bool:
    """Does function ``fn`` hold a mutex of class ``cls`` (locked in ``fn`` itself) where
    ``n`` runs?"""
    for lc in lock_calls(f, fn):
        if not lc.acquires or lc.stmt is None or lc.stmt.type != "expression_statement":
            continue
        if value_class(model, f, lc.operand) != cls:
            continue
        region = held_region(model, f, fn, lc)
        if region is not None and any(r.start_byte <= n.start_byte and n.end_byte <= r.end_byte for r in region.nodes):
            return True
    return False


# -- the package's lock order -------------------------------------------------------------------


@dataclass(frozen=True)
class OrderEdge:
    """Mutex ``inner`` is taken while ``outer`` is held: ``held`` is the ``Lock`` of ``outer``,
    ``site`` the lock call or the call of a function that takes ``inner`` (``via``: the
    functions it goes through), in function ``func`` of ``file``."""

    outer: Class
    inner: Class
    held: LockCall
    site: Node
    file: FileIndex
    func: Node
    via: tuple[str, ...]
    inner_method: str
    # the other mutexes the function holds at the site (taken before ``outer``): a lock every
    # path of a cycle holds serialises them
    also_held: frozenset = frozenset()


def lock_order(model: PackageModel) -> dict[tuple[Class, Class], list[OrderEdge]]:
    """Every pair of distinct mutex classes the package takes one while holding the other,
    with where (see :class:`OrderEdge`), in file and document order. Mutexes of function
    variables are left out. Made once per model."""

    def find() -> dict[tuple[Class, Class], list[OrderEdge]]:
        out: dict[tuple[Class, Class], list[OrderEdge]] = {}
        for f in model.files:
            if b"Lock()" not in f.data:
                continue
            for fn in functions(f):
                for lc in lock_calls(f, fn):
                    if not lc.acquires or lc.stmt is None or lc.stmt.type != "expression_statement":
                        continue
                    outer = value_class(model, f, lc.operand)
                    if outer is None or outer.is_local or outer.what not in MUTEXES:
                        continue
                    region = held_region(model, f, fn, lc)
                    if region is None:
                        continue
                    guards = frozenset(g for g in held_at(model, f, fn, lc.call) if g != outer)
                    branch = lock_branch(lc.stmt, fn)
                    for c in region_calls(region):
                        if branch is not None and not (branch.start_byte <= c.start_byte < branch.end_byte):
                            continue
                        inner_lc = lock_call(c, f.data)
                        if inner_lc is not None:
                            if not inner_lc.acquires or inner_lc.deferred:
                                continue
                            inner = value_class(model, f, inner_lc.operand)
                            if inner is None or inner.is_local or inner == outer or inner.what not in MUTEXES:
                                continue
                            out.setdefault((outer, inner), []).append(OrderEdge(outer, inner, lc, c, f, fn, (), inner_lc.method, guards))
                            continue
                        target = _callee(model, f, c)
                        if target is None or target[1].type == "func_literal":
                            continue
                        done: set[Class] = set()
                        for a in acquires(model, target[0], target[1]):
                            if a.cls in done or a.cls.is_local or a.cls == outer or len(a.via) >= _DEPTH:
                                continue
                            done.add(a.cls)
                            out.setdefault((outer, a.cls), []).append(OrderEdge(outer, a.cls, lc, c, f, fn, a.via, a.method, guards))
        return out

    return model.memo("lockpaths: lock order", find)


_BRANCHES = ("expression_case", "type_case", "default_case", "communication_case")


def lock_branch(stmt: Node, fn: Node) -> Node | None:
    """The innermost branch (an ``if``'s block, a case clause) holding a ``Lock`` statement
    below its loop or function. Code after that branch is reached from the lock only on paths
    whose conditions may be correlated with the branch's (``if ok { mu.Lock() }`` …
    ``if ok { mu.Unlock() }``): questions about the held region stay inside it."""
    p = stmt.parent
    while p is not None and p.type not in ("for_statement", *FUNC_TYPES):
        if p.type == "block" and p.parent is not None and p.parent.type == "if_statement":
            return p
        if p.type in _BRANCHES:
            return p
        p = p.parent
    return None


def held_at(model: PackageModel, f: FileIndex, fn: Node, n: Node) -> set[Class]:
    """The mutex classes function ``fn`` holds (locked in ``fn`` itself) where ``n`` runs."""
    out: set[Class] = set()
    for lc in lock_calls(f, fn):
        if not lc.acquires or lc.stmt is None or lc.stmt.type != "expression_statement" or lc.call.start_byte >= n.start_byte:
            continue
        region = held_region(model, f, fn, lc)
        if region is not None and any(r.start_byte <= n.start_byte and n.end_byte <= r.end_byte for r in region.nodes):
            cls = value_class(model, f, lc.operand)
            if cls is not None:
                out.add(cls)
    return out


def entry_acquires(model: PackageModel, f: FileIndex, fn: Node) -> list[Acquire]:
    """The locks a function takes whenever it runs past its guards, by class: lock calls in the
    statements at the top level of its body (and their headers), and the entry locks of the
    package's functions called there. ``top`` is the call in ``fn``."""
    memo = model.memo("lockpaths: entry acquires", dict)
    key = (f.idx, fn.start_byte, fn.end_byte)
    if key in memo:
        return memo[key]
    memo[key] = []
    name = _function_name(f, fn)
    out: list[Acquire] = []
    for stmt in statements(fn.child_by_field_name("body")):
        for c in (c for part in _run_first(stmt) for c in _calls_in(part)):
            out.extend(_acquired_by(model, f, c, name))
    memo[key] = out
    return out


def _acquired_by(model: PackageModel, f: FileIndex, c: Node, name: str) -> list[Acquire]:
    """The locks the call ``c`` of function ``name`` takes: a mutex it locks itself, or what
    the package's function it calls takes whenever it runs (through fewer than _DEPTH calls)."""
    lc = lock_call(c, f.data)
    if lc is not None:
        if not lc.acquires:
            return []
        cls = value_class(model, f, lc.operand)
        return [Acquire(cls, lc.method, c, f, (name,), c)] if cls is not None and cls.what in MUTEXES else []
    target = _callee(model, f, c)
    if target is None:
        return []
    return [
        Acquire(a.cls, a.method, a.at, a.file, (name, *a.via), c)
        for a in entry_acquires(model, target[0], target[1])
        if not a.cls.is_local and len(a.via) < _DEPTH
    ]


def sure_acquires(model: PackageModel, f: FileIndex, fn: Node) -> list[Acquire]:
    """The locks a function takes itself, anywhere in its body, and those the package's
    functions it calls take whenever they run (:func:`entry_acquires`): what it will need
    on the paths that reach those calls, without the guesses of branches deep in callees."""
    memo = model.memo("lockpaths: sure acquires", dict)
    key = (f.idx, fn.start_byte, fn.end_byte)
    if key in memo:
        return memo[key]
    name = _function_name(f, fn)
    out: list[Acquire] = []
    body = fn.child_by_field_name("body")
    for c in _calls_in(body) if body is not None else ():
        if c.parent is None or c.parent.type != "defer_statement":
            out.extend(_acquired_by(model, f, c, name))
    memo[key] = out
    return out
