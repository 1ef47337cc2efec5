"""GF404 unlock-not-deferred: a path leaves a ``Lock`` … ``Unlock`` section with the lock held.

What it finds
    ``M.Lock()`` (or ``M.RLock()``) as a statement, ``M`` a name or a chain of fields (``c.mu``),
    and a way out of it that skips the release. The finding is on the ``Lock`` call:

    - a ``return`` between the ``Lock`` and the matching ``M.Unlock()`` of the same block,
      reached with the lock held: nothing on its path unlocks ``M``, neither an ``M.Unlock()``
      nor a call of a function, method or closure of the package that unlocks it
      (``s.unlockAndNotify()``, ``failSetup(err)`` a closure that unlocks, ``release(&s.mu)``);
    - a ``continue`` that goes round to the same ``Lock`` with the lock still held (a deadlock
      on the next round), also when the ``Unlock`` comes only after the loop;
    - a ``break`` that leaves the loop with the lock held when nothing after the loop unlocks it
      and the function is not one that returns with the lock held for its caller (its name
      says it locks, or a caller in the package unlocks it);
    - in a ``for {}`` retry loop whose body ends with the ``Unlock`` (lock, check, return with
      the lock held for the caller, or unlock and try again), a ``return`` of a non-nil error:
      an error return hands nothing over;
    - a panic on purpose between the two (``panic(…)``, a ``MustX(…)`` call, a function of the
      package documented to panic) when something recovers it: a deferred ``recover`` in the
      function or in a caller of the package, or net/http for a handler. Without such a
      ``recover`` (the process ends, the lock does not matter) it is a preview variant, and so
      is a failing test assertion under the lock (``t.Fatal``, ``require.X``, a helper that
      calls them): the test's goroutine ends with the lock held and deferred clean-up or other
      goroutines that take it hang instead of the test failing.

    Not reported: ``defer M.Unlock()``; ``Lock`` and ``Unlock`` in different functions or
    blocks without one of the exits above (lock helpers, functions that return with the lock
    held for their caller, ``if locked { mu.Lock() }`` … ``if locked { mu.Unlock() }``); a
    retry loop's other returns; an ordinary call between ``Lock`` and ``Unlock``: "may panic"
    is not any call (``time.Now()``, ``runtime.Gosched()``, ``strings.HasPrefix`` do not), and
    where ``Unlock`` is already the last statement with nothing between that can return or
    panic, ``defer`` would be churn; a return inside ``if false { … }``; ``TryLock``; ``Lock``
    again before ``Unlock``; ``goto``. Test files are in scope.

Why it is bad
    A return that skips ``Unlock`` leaves the mutex locked for good: the next ``Lock`` blocks
    forever, and every goroutine that needs it with it. A ``continue`` that goes round to the
    same ``Lock`` deadlocks at once. A panic between ``Lock`` and ``Unlock`` does the same when
    something recovers it (``net/http`` recovers a handler's panic, and so do many servers and
    worker pools): the process goes on with a mutex nobody will unlock.

Example
    func (c *Cache) Put(k string, v []byte) {
        c.mu.Lock()
        if c.closed {
            return // c.mu stays locked
        }
        c.items[k] = c.encode(v)
        c.mu.Unlock()
    }

Fixed
    func (c *Cache) Put(k string, v []byte) {
        c.mu.Lock()
        defer c.mu.Unlock()
        if c.closed {
            return
        }
        c.items[k] = c.encode(v)
    }

Fix safety
    Two fixes, both all-or-nothing over the finding's exits:

    - ``defer M.Unlock()`` after the ``Lock`` and the final ``Unlock`` removed: safe when the
      ``Lock`` is a statement at the top level of the function body (not in a loop, where
      deferred unlocks would pile up, nor in a branch), its ``Unlock`` is the last statement of
      the body, and between them there is no other ``Lock``/``Unlock`` of ``M``, no other
      ``defer`` (it would now run before the unlock, under the lock), no ``goto`` and no
      assignment to ``M``'s root name. The function has no results (it could not end with
      ``Unlock`` otherwise), so only the paths that skipped the unlock change.
    - otherwise ``M.Unlock()`` on the line before each exit that skips it (a return, a
      ``continue``, a ``break``). Safe when the exit's values read no shared state (literals,
      ``nil``, local variables, constants, package variables nothing assigns, members of other
      packages, ``errors.New``/``fmt.Errorf`` of such values) and, for a ``break``, nothing runs
      after the loop but such a return; unsafe otherwise (the values, or the code after the
      loop, are then read without the lock). For a ``continue`` only when the loop body itself
      unlocks before going round and nothing after the loop unlocks ``M`` (an unlock before the
      ``continue`` would otherwise unlock an unlocked mutex when the loop ends: report only).
    No fix when an exit does not start its line, a ``defer`` is registered after the ``Lock``,
    or ``M``'s root name is assigned between; the message says why when it is not obvious.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import flow, locks, prefilter, reads, recovery, summaries, syntax
from gofixer.analysis.flow import ReleasePaths, jump_target
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

# statements whose calls run when control reaches them, and may release the lock through a helper
_CALLING = frozenset({"expression_statement", "short_var_declaration", "assignment_statement", "var_declaration", "return_statement"})
_BLANKS = re.compile(rb"[\s()]+")


def _root(n: Node) -> Node:
    while n.type == "selector_expression":
        n = n.child_by_field_name("operand")
    return n


def _calls_in(parts: list[Node]) -> Iterator[Node]:
    for part in parts:
        for n in syntax.walk_same_function(part):
            if n.type == "call_expression":
                yield n


# ---------------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------------


class UnlockNotDeferred(Rule):
    code = "GF404"
    name = "unlock-not-deferred"
    summary = "a return, continue, break or recovered panic leaves mu.Lock() ... mu.Unlock() with the lock held"
    fix_class = FixClass.SAFE
    # a finding is a ``M.Lock()`` whose plain ``M.Unlock()`` statement (or ``M.RLock()`` whose
    # ``M.RUnlock()``) a path skips
    needs = prefilter.any_word(b".Unlock()", b".RUnlock()") & prefilter.test(
        "a release that is not deferred", locks.may_release_without_defer
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        # the statements `x.Lock()` / `x.RLock()`; each belongs to its innermost function
        for stmt in locks.lock_statements(ctx.root, data):
            mc = locks.mutex_call(stmt, data)
            if mc is None or mc[1] not in locks.PAIRS:
                continue
            func = syntax.enclosing_function(stmt)
            if func is None or func.child_by_field_name("body") is None:
                continue
            f = _Section(self, ctx, func, stmt, mc).finding()
            if f is not None:
                yield f
        yield from self._unlocked_twice(ctx)

    def _unlocked_twice(self, ctx: FileContext) -> Iterator[Finding]:
        """``M.Unlock()`` reached on a path where ``M`` is no longer held: after another
        ``M.Unlock()`` with no ``M.Lock()`` (or successful ``M.TryLock()``) between (the runtime
        stops the program: "unlock of unlocked mutex"). A preview variant: conditions are not
        followed, so an ``Unlock`` in a branch the first one is not in (``if locked {
        mu.Unlock() }``), one after ``M``'s root name is assigned again (hand-over-hand
        locking), and read locks (held several times over) are left alone."""
        data = ctx.data
        reported: set[int] = set()
        test_file = ctx.path.endswith("_test.go")
        for first in locks.release_statements(ctx.root, data):
            mc = locks.mutex_call(first, data)
            func = syntax.enclosing_function(first)
            if mc is None or func is None or first.parent is None or first.parent.type != "statement_list":
                continue
            mutex, release = mc[0], mc[1]
            if release != b"Unlock" or re.search(re.escape(mutex) + rb"\s*:?=[^\n]*\.RLocker\(\)", data[func.start_byte : func.end_byte]):
                continue  # a read lock (also through RLocker) may be held several times over: counts are not followed
            acquire = b"Lock"
            if locks.tracked_by_flag(first):
                continue
            hits: list[Node] = []

            def again(n: Node) -> bool:
                if (m := locks.mutex_call(n, data)) is not None:
                    return m[0] == mutex and m[1] == acquire
                # ``if !mu.TryLock() { … }``: locked again on the path that goes on
                head = [c for c in (n.child_by_field_name("initializer"), n.child_by_field_name("condition")) if c is not None] if n.type == "if_statement" else []
                return any(locks.tries_lock(h, mutex, data) for h in head)

            def stops(n: Node) -> bool:
                m = locks.mutex_call(n, data)
                if m is not None and m[0] == mutex and m[1] == release and n.type == "expression_statement":
                    hits.append(n)
                    return True
                return False

            def ends(n: Node) -> bool:
                if n.type != "expression_statement":
                    return False
                if flow.no_return_call(n, data, ctx.imports):
                    return True
                # in a test, a failing assertion ends the path too (``require_NoError(t, err)``)
                calls = list(_calls_in([n])) if test_file else []
                return any(recovery.may_fail_test(c, data) for c in calls) and any(recovery.ends_test(ctx.model, ctx.index, c) for c in calls)

            verdict = ReleasePaths(data, func, again, stops, ends).after(first)
            if verdict.unknown:
                continue
            root = _root(mc[2].child_by_field_name("function").child_by_field_name("operand"))
            for second in hits:
                if second.id == first.id or second.start_byte in reported or locks.tracked_by_flag(second):
                    continue
                if syntax.branch_without(second, first) or syntax.assigned_between(func, ctx.btext(root), min(first.end_byte, second.end_byte), max(first.start_byte, second.start_byte), data):
                    continue  # a condition the analysis does not follow, or another mutex by then
                reported.add(second.start_byte)
                line = ctx.source.position(first.start_byte).line
                text = (mutex + b"." + release + b"()").decode("utf-8", "replace")
                lock_text = (mutex + b"." + acquire + b"()").decode("utf-8", "replace")
                message = (
                    f"{text} runs on a path where the lock is no longer held: {text} at line {line} released it and "
                    f"nothing calls {lock_text} again, so the program stops with \"unlock of unlocked mutex\""
                )
                yield self.finding(second.named_children[0], message, preview=True)


class _Section:
    """One ``M.Lock()`` statement and the paths that leave it with the lock held."""

    def __init__(self, rule: UnlockNotDeferred, ctx: FileContext, func: Node, lock: Node, mc: tuple[bytes, bytes, Node]):
        self.rule, self.ctx, self.func, self.lock = rule, ctx, func, lock
        self.data = ctx.data
        self.mutex, self.method, self.call = mc
        self.release = locks.PAIRS[self.method]
        self.kind = summaries.release_kind(self.release.decode())
        self.key = _BLANKS.sub(b"", self.mutex).decode("utf-8", "replace")
        self.body = func.child_by_field_name("body")
        self.helpers = False  # count calls of helpers that release the lock (asks the model)
        self.region: list[Node] = []  # the statements reached with the lock held, before its Unlock
        self.unlock_text = (self.mutex + b"." + self.release + b"()").decode("utf-8", "replace")
        self.lock_text = (self.mutex + b"." + self.method + b"()").decode("utf-8", "replace")
        # what blocks once the lock stays held: any Lock (a held read lock blocks writers)
        self.blocked_text = (self.mutex + b".Lock()").decode("utf-8", "replace")

    # -- pairing --------------------------------------------------------------------------------

    def _pair(self) -> tuple[bool, Node | None]:
        """(usable, the matching Unlock of the same block or None)."""
        block = self.lock.parent
        if block is None or block.type != "statement_list":
            return False, None
        for s in syntax.named(block):
            if s.start_byte < self.lock.end_byte:
                continue
            m = locks.mutex_call(s, self.data)
            if m is None or m[0] != self.mutex:
                continue
            if m[1] in locks.PAIRS or s.type == "defer_statement":
                return False, None  # locked again, or a deferred unlock: not a simple section
            if m[1] == self.release:
                return True, s
            return False, None  # Lock … RUnlock: not ours to judge
        return True, None

    def _loop_body(self) -> Node | None:
        """The loop whose body's statement list holds the Lock."""
        block = self.lock.parent.parent if self.lock.parent is not None else None
        loop = block.parent if block is not None and block.type == "block" else None
        if loop is not None and loop.type == "for_statement" and syntax.is_field(loop, "body", block):
            return loop
        return None

    # -- releases -------------------------------------------------------------------------------

    def is_release(self, n: Node) -> bool:
        m = locks.mutex_call(n, self.data)
        if m is not None:
            return m[0] == self.mutex and m[1] == self.release
        if not self.helpers or n.type not in _CALLING:
            return False
        model, f = self.ctx.model, self.ctx.index
        for c in _calls_in([n]):
            if self.key in summaries.call_releases(model, f, c, self.kind):
                return True
        return False

    def _paths(self, lo: int, hi: int) -> tuple[object, list[Node], bool]:
        """The verdict from the Lock, the statements reached with the lock held between ``lo``
        and ``hi``, and whether a path comes round to the Lock again with it held."""
        visited: list[Node] = []
        relocked: list[bool] = []

        def stops(n: Node) -> bool:
            if n.id == self.lock.id:
                relocked.append(True)
                return True
            if lo <= n.start_byte and n.end_byte <= hi:
                visited.append(n)
            return False

        verdict = ReleasePaths(self.data, self.func, self.is_release, stops, self._ends).after(self.lock)
        return verdict, visited, bool(relocked)

    def _ends(self, n: Node) -> bool:
        return n.type == "expression_statement" and flow.no_return_call(n, self.data, self.ctx.imports)

    # -- the finding ----------------------------------------------------------------------------

    def finding(self) -> Finding | None:
        usable, unlock = self._pair()
        if not usable:
            return None
        loop = None
        if unlock is None:
            loop = self._loop_body()
            if loop is None:
                return None  # Lock without Unlock in its block: a lock helper, or the caller unlocks
        lo = self.lock.end_byte
        hi = unlock.start_byte if unlock is not None else self.lock.parent.end_byte
        needle = self.mutex + b"." + self.release + b"("
        for n in syntax.walk_same_function(self.body):
            if n.type == "defer_statement" and needle in self.ctx.btext(n) and self.mutex + b"." + self.method + b"(" not in self.ctx.btext(n):
                return None  # a deferred closure unlocks (maybe conditionally): not a plain pair
        exits = self._exits(lo, hi, unlock)
        if exits is None:
            return None
        kind = next((k for k in ("return", "continue", "break") if exits[k]), None)
        if kind is not None:
            return self._exit_finding(kind, exits[kind], unlock, loop)
        if unlock is None:
            return None
        return self._panic_finding(lo, hi, unlock)

    def _exits(self, lo: int, hi: int, unlock: Node | None) -> dict[str, list[Node]] | None:
        """The exits that leave with the lock held, by kind; None when the paths are not
        understood. Found first with plain unlocks; helpers that unlock are asked about only
        when an exit is held without them."""
        got = self._exits_once(lo, hi, unlock)
        if got is None or not any(got.values()):
            return got
        self.helpers = True
        return self._exits_once(lo, hi, unlock)

    def _exits_once(self, lo: int, hi: int, unlock: Node | None) -> dict[str, list[Node]] | None:
        verdict, visited, relocked = self._paths(lo, hi)
        if verdict.unknown:
            return None
        region = [n for n in visited if not self.is_release(n)]
        if any(n.type == "defer_statement" and locks.mutex_call(n, self.data) is not None for n in region):
            return None
        returns: list[Node] = []
        if unlock is not None:
            returns = [r for r in verdict.returns if lo <= r.start_byte < hi and not syntax.in_dead_branch(r, self.data)]
            errors = [r for r in returns if self._returns_error(r)]
            if len(errors) < len(returns) and (_retry_loop(self.lock.parent, unlock) or self._hands_over()):
                # the lock is held for the caller on the way out (a retry loop whose Unlock only
                # lets it go round again; a function whose callers unlock): not on an error
                returns = errors
        continues: list[Node] = []
        breaks: list[Node] = []
        for n in region:
            if n.type not in ("continue_statement", "break_statement") or syntax.in_dead_branch(n, self.data):
                continue
            target = jump_target(n, self.data)
            if target is None or target.type != "for_statement" or not syntax.inside(self.lock, target):
                continue
            if n.type == "continue_statement":
                if relocked:
                    continues.append(n)
            elif self._break_leaves_held(target):
                breaks.append(n)
        if breaks and self._hands_over():
            breaks = []
        self.region = region
        return {"return": returns, "continue": continues, "break": breaks}

    def _returns_error(self, ret: Node) -> bool:
        """Does the return give a non-nil value as the function's last result, of type error?"""
        result = self.func.child_by_field_name("result")
        if result is None:
            return False
        last = result if result.type != "parameter_list" else (syntax.named(result) or [None])[-1]
        ty = last.child_by_field_name("type") if last is not None and last.type == "parameter_declaration" else last
        if ty is None or self.ctx.btext(ty) != b"error":
            return False
        vals = syntax.named(next((c for c in ret.named_children if c.type == "expression_list"), None))
        return bool(vals) and vals[-1].type != "nil"

    def _break_leaves_held(self, loop: Node) -> bool:
        """After ``loop``, is the lock never released on the way out of the function?"""
        start = loop.parent if loop.parent is not None and loop.parent.type == "labeled_statement" else loop
        for n in syntax.walk_same_function(self.body):
            if n.start_byte >= start.end_byte and n.type in _CALLING and self.is_release(n):
                return False
        verdict = ReleasePaths(self.data, self.func, self.is_release, lambda n: False, self._ends).after(start)
        return not verdict.unknown and (bool(verdict.returns) or verdict.falls_off is not None)

    def _hands_over(self) -> bool:
        """Does the function return with the lock held on purpose, for its caller to unlock?"""
        return locks.hands_lock_to_caller(self.ctx.model, self.ctx.index, self.func, self.key, self.kind)

    def _exit_finding(self, kind: str, exits: list[Node], unlock: Node | None, loop: Node | None) -> Finding:
        src = self.ctx.source
        first = exits[0]
        line = src.position(first.start_byte).line
        if kind == "return":
            message = (
                f"the return at line {line} leaves with the lock held: {self.unlock_text} is skipped and the next "
                f"{self.blocked_text} blocks forever"
            )
        elif kind == "continue":
            message = f"the continue at line {line} goes round to {self.lock_text} again with the lock held: deadlock"
        else:
            message = (
                f"the break at line {line} leaves the loop with the lock held: nothing after the loop calls "
                f"{self.unlock_text}, and the next {self.blocked_text} blocks forever"
            )
        fix, reason = None, None
        again = next((n for n in self.region if self._locks_again(n)), None)
        if again is not None:
            again_line = src.position(again.start_byte).line
            message += f"; no fix: {self.lock_text} at line {again_line} locks it again while it is held (deadlock), and which of the two is wrong is a design question"
            return self.rule.finding(self.call, message)
        if kind == "return" and unlock is not None:
            fix = self._defer_fix(unlock)
        if fix is None:
            fix, reason = self._unlock_before(kind, exits, unlock)
        if fix is None and reason:
            message += f"; no fix: {reason}"
        return self.rule.finding(self.call, message, fix)

    def _locks_again(self, n: Node) -> bool:
        m = locks.mutex_call(n, self.data)
        return m is not None and n.type == "expression_statement" and m[0] == self.mutex and m[1] in locks.PAIRS and n.id != self.lock.id

    def _panic_finding(self, lo: int, hi: int, unlock: Node) -> Finding | None:
        """A panic on purpose (default when something recovers it, else preview) or a failing
        test assertion (preview) between the Lock and its Unlock."""
        region = self.region
        calls = list(_calls_in([p for n in region for p in flow.evaluated_parts(n)]))
        if not calls:
            return None
        found = recovery.first_panic_or_test_end(self.ctx, calls)
        if found is None:
            return None
        c, on_purpose = found
        model, f = self.ctx.model, self.ctx.index
        panicking = c if on_purpose else None
        line = self.ctx.source.position(c.start_byte).line
        fn = syntax.unparen(c.child_by_field_name("function"))
        name = f"{self.ctx.text(fn)}()" if fn is not None and b"\n" not in self.ctx.btext(fn) else "a call"
        fix = self._defer_fix(unlock)
        if panicking is not None:
            what = f"the panic at line {line}" if name == "panic()" else f"a panic in {name} at line {line}"
            by = recovery.recovered_by(model, f, self.func)
            if by is not None:
                message = (
                    f"{what} between {self.lock_text} and {self.unlock_text} is recovered by {by}: the lock stays "
                    "held after it; defer the unlock"
                )
                return self.rule.finding(self.call, message, fix)
            message = (
                f"{what} between {self.lock_text} and {self.unlock_text} would leave the lock held if a caller "
                "recovered it (none in this package does); defer the unlock"
            )
            return self.rule.finding(self.call, message, fix, preview=True)
        message = (
            f"{name} at line {line} can end the test's goroutine (FailNow) between {self.lock_text} and "
            f"{self.unlock_text}: deferred clean-up or another goroutine that takes the lock then hangs instead of "
            "the test failing; defer the unlock"
        )
        return self.rule.finding(self.call, message, fix, preview=True)

    # -- fixes ----------------------------------------------------------------------------------

    def _defer_fix(self, unlock: Node) -> Fix | None:
        """``defer M.Unlock()`` after the Lock, and the final Unlock removed."""
        ctx, lock, mutex, release = self.ctx, self.lock, self.mutex, self.release
        src, data = ctx.source, ctx.data
        body = self.body
        if lock.parent is None or lock.parent.parent is None or lock.parent.parent.id != body.id:
            return None  # Lock not at the top level of the function body
        stmts = syntax.named(lock.parent)
        if not stmts or stmts[-1].id != unlock.id:
            return None  # statements after the Unlock
        if unlock.type != "expression_statement":
            return None
        # other Unlocks of the same mutex between, or defers registered after the Lock
        for n in syntax.walk_same_function(body):
            if n.start_byte <= lock.end_byte or n.start_byte >= unlock.start_byte:
                continue
            if n.type in ("defer_statement", "goto_statement"):
                return None
            m = locks.mutex_call(n, data) if n.type == "expression_statement" else None
            if m is not None and m[0] == mutex:
                return None
        if syntax.assigned_between(body, self._root_text(), lock.end_byte, unlock.start_byte, data):
            return None  # the mutex must name the same thing at the Unlock as at the Lock
        # the Lock line: nothing after the statement but a comment
        l_line = src.line_of(lock.end_byte)
        if src.line_of(lock.start_byte) != l_line:
            return None
        if data[src.line_start(l_line) : lock.start_byte].strip(b" \t"):
            return None
        after = data[lock.end_byte : src.line_end(l_line)].strip(b" \t")
        if after and not after.startswith(b"//"):
            return None
        # the Unlock line: alone, no comment, not preceded by a comment about it
        u_line = src.line_of(unlock.start_byte)
        if src.line_of(unlock.end_byte) != u_line or u_line + 1 >= src.line_count:
            return None
        if data[src.line_start(u_line) : unlock.start_byte].strip(b" \t"):
            return None
        if data[unlock.end_byte : src.line_end(u_line)].strip(b" \t"):
            return None
        prev = unlock.prev_sibling
        if prev is not None and prev.type == "comment" and src.line_of(prev.end_byte) >= u_line - 1:
            return None
        if u_line <= l_line:
            return None
        start = src.line_start(u_line)
        end = src.line_start(u_line + 1)
        prev_line = u_line - 1
        if prev_line > l_line and not data[src.line_start(prev_line) : src.line_end(prev_line)].strip(b" \t"):
            start = src.line_start(prev_line)  # do not leave a blank line before the closing brace
        at = src.line_start(l_line + 1)
        text = src.indent_of_line(lock.start_byte) + b"defer " + mutex + b"." + release + b"()" + src.newline_at(lock.start_byte)
        desc = f"add `defer {(mutex + b'.' + release).decode('utf-8', 'replace')}()` after the lock and remove the final unlock"
        return Fix(desc, (Edit(at, at, text), Edit(start, end, b"")), Applicability.SAFE)

    def _root_text(self) -> bytes:
        fn = self.call.child_by_field_name("function")
        return self.ctx.btext(_root(fn.child_by_field_name("operand")))

    def _unlock_before(self, kind: str, exits: list[Node], unlock: Node | None) -> tuple[Fix | None, str | None]:
        """``M.Unlock()`` on the line before each exit, and why not when it cannot be."""
        src, data = self.ctx.source, self.data
        loop_after = None
        if kind == "continue":
            loop = jump_target(exits[0], data)
            if unlock is None and loop is not None and self._released_after(loop):
                return None, (
                    f"the loop's exit reaches the {self.unlock_text} after it, which an unlock before the continue "
                    "would run on an unlocked mutex"
                )
            if unlock is None:
                return None, "the loop's body does not unlock on its other paths either"
            if loop is None or self._released_after(loop):
                return None, f"code after the loop calls {self.unlock_text}, which an unlock before the continue would run on an unlocked mutex"
        if kind == "break":
            loop_after = jump_target(exits[0], data)
        for n in syntax.walk_same_function(self.body):
            if n.type == "defer_statement" and self.lock.end_byte < n.start_byte < exits[-1].start_byte:
                return None, "a defer registered after the lock would run after the unlock"
        edits = []
        for x in exits:
            line = src.line_of(x.start_byte)
            if data[src.line_start(line) : x.start_byte].strip(b" \t") or x.parent is None or x.parent.type != "statement_list":
                return None, None
            if syntax.assigned_between(self.body, self._root_text(), self.lock.end_byte, x.start_byte, data):
                return None, None
            at = src.line_start(line)
            edits.append(Edit(at, at, src.indent_of_line(x.start_byte) + self.mutex + b"." + self.release + b"()" + src.newline_at(x.start_byte)))
        safe, why = True, ""
        if kind == "return":
            bad = next((x for x in exits if not self._reads_only_local(x)), None)
            if bad is not None:
                safe, why = False, f"the values of the return at line {src.position(bad.start_byte).line} are then read without the lock"
        elif kind == "break" and loop_after is not None and not self._nothing_after(loop_after):
            safe, why = False, "the code after the loop, which ran with the lock held, then runs without it"
        where = {"return": "return", "continue": "continue", "break": "break"}[kind]
        desc = f"call {self.unlock_text} before the {where}" + ("" if len(exits) == 1 else f"s at lines {', '.join(str(src.position(x.start_byte).line) for x in exits)}")
        if not safe:
            desc += f" (unsafe: {why})"
        return Fix(desc, tuple(edits), Applicability.SAFE if safe else Applicability.UNSAFE), None

    def _reads_only_local(self, ret: Node) -> bool:
        """Do the return's values read nothing the lock may guard (``reads.reads_only_local``)?"""
        vals = syntax.named(next((c for c in ret.named_children if c.type == "expression_list"), None))
        return all(reads.reads_only_local(self.ctx.model, self.ctx.index, v) for v in vals)

    def _released_after(self, loop: Node) -> bool:
        start = loop.parent if loop.parent is not None and loop.parent.type == "labeled_statement" else loop
        return any(n.start_byte >= start.end_byte and n.type in _CALLING and self.is_release(n) for n in syntax.walk_same_function(self.body))

    def _nothing_after(self, loop: Node) -> bool:
        """Is the loop the function's last statement, or followed only by a quiet return?"""
        start = loop.parent if loop.parent is not None and loop.parent.type == "labeled_statement" else loop
        if start.parent is None or start.parent.parent is None or start.parent.parent.id != self.body.id:
            return False
        rest = [s for s in syntax.statements(start.parent) if s.start_byte >= start.end_byte]
        return not rest or (len(rest) == 1 and rest[0].type == "return_statement" and self._reads_only_local(rest[0]))

def _retry_loop(block: Node, unlock: Node) -> bool:
    """Is ``block`` the body of a ``for {}`` whose last statement is the Unlock? (Lock, check,
    return with the lock held for the caller, or unlock and try again.)"""
    body = block.parent
    loop = body.parent if body is not None else None
    if loop is None or loop.type != "for_statement" or syntax.named(block)[-1].id != unlock.id:
        return False
    b = loop.child_by_field_name("body")
    if b is None or b.id != body.id:
        return False
    return all(c.id == b.id for c in syntax.named(loop))
