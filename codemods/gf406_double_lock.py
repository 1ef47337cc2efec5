"""GF406 double-lock: a mutex locked again on a path that already holds it.

What it finds
    A ``M.Lock()`` or ``M.RLock()`` statement (``M`` a ``sync.Mutex`` or ``sync.RWMutex``: a
    variable, a field such as ``s.mu``, or a type that embeds one), followed, on a path where
    ``M`` is not unlocked yet, by a second lock of the same ``M``:

    - written out in the same function (``mu.Lock()`` … ``mu.Lock()``), also when a path of a
      loop comes round to the same ``Lock`` still holding it (a ``continue`` that skips the
      unlock);
    - through a call of the package's functions (``s.helper()``, ``helper(s)``) that lock it
      at the top level of their body, directly or through such calls of their own, a few calls
      deep (``s.notify()`` locks ``s.mu``);
    - ``RLock`` twice (a recursive read lock) only when something in the package write-locks
      the same mutex: a preview variant (no real-code finding has measured it yet).

    The finding is on the second lock, or on the call that takes it. The mutex's operand must
    be the same value: the same text in the function, with its root variable not assigned in
    between. Not reported: a lock the callee takes only in a branch or a loop (it may depend on
    what its caller holds: ``if !locked { s.mu.Lock() }``); a ``Lock`` in a branch of a loop
    body (``if !held { mu.Lock(); held = true }``) that the loop comes round to; a mutex another
    goroutine may unlock (a latch: a goroutine or closure of the function unlocks it first, its
    ``Unlock`` is passed as a function value, or a ``go`` statement is handed it); a path with a conditional
    ``Unlock`` of ``M`` between the two (the branches may be correlated); a second lock outside
    the branch that holds the first; a loop's variable (``for _, s := range shards {
    s.mu.Lock() }`` locks a new value each round); ``TryLock``; mutexes the model cannot type
    (a custom ``Lock`` method may be reentrant); ``goto``.

Why it is bad
    Go's mutexes are not reentrant: a goroutine that locks a mutex it holds blocks forever, and
    every goroutine that needs that mutex after it. A recursive ``RLock`` works until a writer
    calls ``Lock`` between the two: the writer waits for the first read lock, and the second
    waits for the writer (the ``sync.RWMutex`` documentation forbids it).

Example
    func (m *Mapping) clear() {
        m.mu.Lock()
        m.addrs = nil
        m.notify() // notify calls m.mu.RLock(): blocks forever
        m.mu.Unlock()
    }

Fixed
    func (m *Mapping) clear() {
        m.mu.Lock()
        m.addrs = nil
        m.mu.Unlock()
        m.notify()
        m.mu.Lock()
        m.mu.Unlock()
    }

Fix safety
    Which lock is wrong is a design question (split the helper into a locked and an unlocked
    variant, or release earlier), so both fixes are unsafe.

    - A call that takes ``M`` again: ``M.Unlock()`` before the statement and ``M.Lock()``
      after it (``RUnlock``/``RLock`` for a read lock), the usual way out of a critical section
      for a call that locks itself. Offered when the statement is the call alone or assigns
      its results to plain variables, follows the ``Lock`` in its block (or a block inside
      it) with no ``Unlock`` of ``M`` written between, its arguments read nothing through
      ``M``'s owner (they would be read without the lock), and every lock the callee takes on
      ``M`` is released before it returns (a helper that returns holding ``M`` would still
      deadlock). Unsafe: other goroutines can run between the two halves of the critical
      section and see its state half done, and with a deferred ``Unlock`` a panic in the call
      reaches that ``Unlock`` with the mutex free, a fatal error rather than a panic.
    - A ``M.Lock()`` written right before a ``return`` that would otherwise leave the function
      holding ``M``, in a function that unlocks ``M`` (not deferred) before every other return
      and at its end. The second ``Lock`` was meant to be ``Unlock``: it becomes ``M.Unlock()``
      (``RUnlock`` for ``RLock``). Unsafe because it guesses the intent; the path returned
      holding the lock before, so nothing that worked changes.

    A call in an ``if``'s header (``if err := s.save(); err != nil {``) moves out of it, to
    the statement between the release and the lock taken again, when the names it declares
    appear nowhere else in the enclosing block (their scope grows to the rest of it). Left
    without a fix: a second ``Lock`` written out in the function, a call inside a larger
    expression (a condition, an argument: no statement boundary to release at).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import lockpaths, locks, prefilter, statement_edits, syntax
from gofixer.analysis.lockpaths import LockCall, Region
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule



class DoubleLock(Rule):
    code = "GF406"
    name = "double-lock"
    summary = "a mutex locked again, directly or through a call, on a path that already holds it"
    fix_class = FixClass.UNSAFE
    package_wide = True
    needs = prefilter.any_word(b".Lock()", b".RLock()")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        stmts = list(locks.lock_statements(ctx.root, data))
        if not stmts:
            return
        f = ctx.concurrency_index
        for h in lockpaths.held_mutexes(ctx.concurrency_model, f, stmts):
            yield from self._second_locks(ctx, f, h.func, h.lock, h.mutex, h.region)

    def _second_locks(self, ctx, f, fn, lc: LockCall, cls, region: Region) -> Iterator[Finding]:
        model = ctx.concurrency_model
        line = ctx.source.position(lc.call.start_byte).line
        first = f"{lc.key}.{_method(lc.method)}() at line {line}"
        branch = lockpaths.lock_branch(lc.stmt, fn)
        if region.again and branch is None and not _per_iteration(ctx, f, fn, lc) and not _unlocked_in_loop(ctx, fn, lc):
            if self._kinds_deadlock(model, cls, lc.method, lc.method, f, fn, lc.key):
                yield self.finding(
                    lc.call,
                    f"`{lc.key}` is locked again when the loop comes round still holding it (a path of the loop"
                    f" body does not unlock it): {_why(cls, lc.method, lc.method)}",
                    preview=_reads(lc.method, lc.method),
                )
        seen: set[int] = set()
        for call in lockpaths.region_calls(region):
            if call.id in seen or (branch is not None and not syntax.inside(call, branch)):
                continue
            second = lockpaths.lock_call(call, ctx.data)
            if second is not None:
                if not second.acquires or second.key != lc.key or second.stmt is None or second.deferred:
                    continue
                if _unlock_between(ctx, fn, lc, call):
                    continue
                if not self._kinds_deadlock(model, cls, lc.method, second.method, f, fn, lc.key):
                    continue
                seen.add(call.id)
                fix = self._fix(ctx, f, fn, lc, second, region)
                yield self.finding(
                    call,
                    f"`{lc.key}` is locked again while this path holds it ({first}):"
                    f" {_why(cls, lc.method, second.method)}",
                    fix,
                    preview=_reads(lc.method, second.method),
                )
                continue
            for actual, effect in lockpaths.call_effects(model, f, call):
                if actual != lc.key:
                    continue
                if _unlock_between(ctx, fn, lc, call):
                    break
                if not self._kinds_deadlock(model, cls, lc.method, effect.method, f, fn, lc.key):
                    continue
                seen.add(call.id)
                chain = " → ".join(effect.via)
                at = f"line {effect.file.line(effect.at.start_byte)}"
                if effect.file.path != f.path:
                    at = f"{effect.file.name}:{at[5:]}"
                yield self.finding(
                    call,
                    f"this call locks `{lc.key}` again ({chain}: {_method(effect.method)} at {at}) while this path"
                    f" holds it ({first}): {_why(cls, lc.method, effect.method)}",
                    _release_around(ctx, fn, lc, call) if _callee_releases(ctx, lc, call) else None,
                    preview=_reads(lc.method, effect.method),
                )
                break

    @staticmethod
    def _kinds_deadlock(model, cls, held: str, again: str, f, fn, key: str) -> bool:
        """Lock/Lock, Lock/RLock and RLock/Lock always deadlock; RLock/RLock once a writer
        queues between the two, which needs a writer."""
        if held != "rlock" or again != "rlock":
            return True
        if cls.what != "RWMutex":
            return False
        if cls.is_local:
            return any(c.method == "lock" and c.key == key for c in lockpaths.lock_calls(f, fn))
        return cls in lockpaths.writers(model)

    def _fix(self, ctx, f, fn, lc: LockCall, second: LockCall, region: Region) -> Fix | None:
        """``M.Lock()`` right before a ``return`` that would leave holding ``M``, in a function
        that otherwise releases ``M`` before returning: it was meant to be ``M.Unlock()``."""
        stmt = second.stmt
        nxt = stmt.next_named_sibling
        while nxt is not None and nxt.type == "comment":
            nxt = nxt.next_named_sibling
        if nxt is None or nxt.type != "return_statement" or nxt.next_named_sibling is not None:
            return None
        if second.method != lc.method or region.falls_off or [r for r in region.returns if r.id != nxt.id]:
            return None
        if any(c.deferred and c.key == lc.key for c in lockpaths.lock_calls(f, fn)):
            return None
        if any(n.type == "defer_statement" for n in syntax.walk_same_function(fn.child_by_field_name("body"))):
            return None
        fld = second.call.child_by_field_name("function").child_by_field_name("field")
        new = b"Unlock" if second.method == "lock" else b"RUnlock"
        release = new.decode()
        return Fix(
            f"replace the second {lc.key}.{_method(second.method)}() by {lc.key}.{release}() before the return"
            " (unsafe: it guesses that an unlock was meant)",
            (Edit(fld.start_byte, fld.end_byte, new),),
            Applicability.UNSAFE,
        )


def _release_around(ctx: FileContext, fn: Node, lc: LockCall, call: Node) -> Fix | None:
    """``M.Unlock()`` before the statement that makes the call and ``M.Lock()`` after it, when
    the statement is the call alone (or assigns its results to plain variables), comes after
    the ``Lock`` in the same block or below it, with no ``Unlock`` of ``M`` written in between,
    and reads nothing through ``M``'s owner but the callee (its arguments would be evaluated
    without the lock). A call in an ``if``'s header (``if err := s.save(); err != nil {``)
    moves out of it, between the two, when the names it declares appear nowhere else in the
    ``if``'s block (their scope grows to the rest of that block)."""
    data = ctx.data
    stmt = _call_statement(call, data)
    root = lockpaths.root_of(lc.operand)
    if stmt is None or root is None or syntax.enclosing_function(call) != fn:
        return None
    header = stmt.parent if stmt.parent is not None and stmt.parent.type == "if_statement" else None
    if header is not None and not _movable_header(ctx, header, stmt):
        return None
    anchor = header or stmt
    block = lc.stmt.parent
    if block is None or block.type != "statement_list":
        return None
    follows = next((s for s in block.named_children if s.start_byte > lc.stmt.start_byte and syntax.inside(anchor, s)), None)
    if follows is None:
        return None
    if any(
        not c.acquires and not c.deferred and c.key == lc.key and lc.call.end_byte <= c.call.start_byte < anchor.start_byte
        for c in lockpaths.lock_calls(ctx.concurrency_index, fn)
    ):
        return None
    name = data[root.start_byte : root.end_byte]
    callee = call.child_by_field_name("function")
    for n in syntax.walk(stmt):
        if n.type != "identifier" or data[n.start_byte : n.end_byte] != name or syntax.inside(n, callee):
            continue
        if n.parent is not None and n.parent.type in ("selector_expression", "index_expression"):
            return None  # M's owner read outside the lock
        if n.parent is not None and n.parent.type == "expression_list" and n.parent.parent is stmt:
            return None  # the owner assigned
    operand = data[lc.operand.start_byte : lc.operand.end_byte]
    release, take = (b".RUnlock()", b".RLock()") if lc.method == "rlock" else (b".Unlock()", b".Lock()")
    if header is not None:
        src = ctx.source
        nl, indent = src.newline_at(header.start_byte), src.indent_of_line(header.start_byte)
        at = src.line_start(src.line_of(header.start_byte))
        moved = indent + operand + release + nl + indent + data[stmt.start_byte : stmt.end_byte] + nl + indent + operand + take + nl
        cond = header.child_by_field_name("condition")
        edits: tuple[Edit, ...] = (Edit(at, at, moved), Edit(stmt.start_byte, cond.start_byte, b""))
    else:
        before = statement_edits.statement_line_insertion(ctx.source, stmt, operand + release)
        after = statement_edits.statement_line_after(ctx.source, stmt, operand + take)
        if before is None or after is None:
            return None
        edits = (before, after)
    how = (
        "a panic in the call now reaches the deferred unlock with the mutex released, a fatal error"
        if any(c.deferred and c.key == lc.key for c in lockpaths.lock_calls(ctx.concurrency_index, fn))
        else "what the call sees may change"
    )
    return Fix(
        f"release {lc.key} for the call and take it again after it (unsafe: other goroutines can run"
        f" between the two halves of the critical section, and {how})",
        edits,
        Applicability.UNSAFE,
    )


def _movable_header(ctx: FileContext, ifs: Node, init: Node) -> bool:
    """Can the ``if``'s initializer become the statement before it: the ``if`` a statement of
    its own on its line (not an ``else if``), the initializer on that line, and the names it
    declares mentioned nowhere else in the enclosing block?"""
    data = ctx.data
    cond = ifs.child_by_field_name("condition")
    if ifs.child_by_field_name("initializer") != init or cond is None or ifs.parent is None or ifs.parent.type != "statement_list":
        return False
    if not statement_edits.starts_line(ctx.source, ifs.start_byte) or b"\n" in data[ifs.start_byte : cond.start_byte]:
        return False
    if init.type != "short_var_declaration":
        return True
    block = ifs.parent
    outside = data[block.start_byte : ifs.start_byte] + b"\n" + data[ifs.end_byte : block.end_byte]
    for n in syntax.named(init.child_by_field_name("left")):
        word = data[n.start_byte : n.end_byte]
        if word != b"_" and re.search(rb"(?<![\w.])" + re.escape(word) + rb"(?!\w)", outside):
            return False
    return True


def _callee_releases(ctx: FileContext, lc: LockCall, call: Node) -> bool:
    """Does every lock the call takes on ``M`` end before the call returns (so that taking
    ``M`` again after it is balanced)?"""
    effects = [e for actual, e in lockpaths.call_effects(ctx.concurrency_model, ctx.concurrency_index, call) if actual == lc.key]
    return bool(effects) and all(lockpaths.released_by_return(ctx.concurrency_model, e) for e in effects)


def _call_statement(call: Node, data: bytes) -> Node | None:
    """The statement that is ``call`` alone, or ``a, b := call`` / ``a = call`` to plain
    variables; None for a call inside a larger expression."""
    parent = call.parent
    if parent is None:
        return None
    if parent.type == "expression_statement":
        return parent
    if parent.type != "expression_list" or len(parent.named_children) != 1:
        return None
    stmt = parent.parent
    if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    if stmt.child_by_field_name("right") != parent:
        return None
    left = stmt.child_by_field_name("left")
    if stmt.type == "assignment_statement" and data[stmt.child_by_field_name("operator").start_byte : stmt.child_by_field_name("operator").end_byte] != b"=":
        return None
    if left is None or any(n.type != "identifier" for n in left.named_children):
        return None
    return stmt


def _reads(held: str, again: str) -> bool:
    """A recursive read lock: the preview variant (it deadlocks only once a writer queues)."""
    return held == "rlock" and again == "rlock"


def _method(m: str) -> str:
    return {"lock": "Lock", "rlock": "RLock", "unlock": "Unlock", "runlock": "RUnlock"}[m]


def _why(cls, held: str, again: str) -> str:
    if held == "rlock" and again == "rlock":
        return (
            "a recursive read lock deadlocks once a writer calls Lock between the two"
            " (the writer waits for the first RLock, the second RLock waits for the writer)"
        )
    kind = "sync.RWMutex" if cls.what == "RWMutex" else "sync.Mutex"
    return f"{kind} is not reentrant, so this blocks forever"


def _unlock_between(ctx: FileContext, fn: Node, lc: LockCall, second: Node) -> bool:
    """An ``Unlock`` of the mutex written between the two locks (one the path went around: a
    conditional release, correlated branches at best)."""
    lo, hi = lc.call.end_byte, second.start_byte
    if hi < lo:
        lo, hi = hi, lo
    for c in lockpaths.lock_calls(ctx.concurrency_index, fn):
        if not c.acquires and not c.deferred and c.key == lc.key and lo <= c.call.start_byte < hi:
            if not locks.on_early_exit(c.call, fn):
                return True
    return False


def _unlocked_in_loop(ctx: FileContext, fn: Node, lc: LockCall) -> bool:
    """The loop that comes round unlocks the mutex somewhere (GF404 reports a ``continue``
    that skips an ``Unlock`` written in the same block)."""
    loop = _loop_of(lc.stmt, fn)
    if loop is None:
        return True
    return any(
        not c.acquires and not c.deferred and c.key == lc.key and syntax.inside(c.call, loop)
        for c in lockpaths.lock_calls(ctx.concurrency_index, fn)
    )


def _loop_of(stmt: Node, fn: Node) -> Node | None:
    p = stmt.parent
    while p is not None and p.id != fn.id:
        if p.type == "for_statement":
            return p
        p = p.parent
    return None


def _per_iteration(ctx: FileContext, f, fn: Node, lc: LockCall) -> bool:
    """Is the mutex's root variable declared in the loop (a new value each round)?"""
    root = lockpaths.root_of(lc.operand)
    loop = _loop_of(lc.stmt, fn)
    if root is None or loop is None:
        return True
    binding, _ = ctx.concurrency_model.lookup(f, root)
    return binding is not None and loop.start_byte <= binding.name_at < loop.end_byte
