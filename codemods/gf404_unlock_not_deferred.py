"""GF404 unlock-not-deferred: a lock released by a plain ``Unlock`` that a return or a panic can skip.

What it finds
    ``M.Lock()`` (or ``M.RLock()``) as a statement, followed in the same block by the matching
    ``M.Unlock()`` (``M.RUnlock()``), where ``M`` is a name or a chain of fields (``c.mu``).
    The finding is on the ``Lock`` call. Two kinds are reported:

    - a ``return`` between the two that is reached with the lock held (no ``M.Unlock()`` of its
      own on that path), or a ``continue`` that goes round the loop to the same ``Lock`` with
      the lock still held. Both are real bugs and are always reported;
    - a call that may panic between the two, when ``Unlock`` is the last statement of the
      function and the safe fix below can be made. Builtins that do not panic in practice
      (``len``, ``cap``, ``append``, ``copy``, ``delete``, ``min``, ``max``, ``clear``,
      ``make``, ``new``…), conversions (to predeclared types, types of the file, composite
      types), the mutex's own methods, ``sync``/``sync/atomic``/``unsafe`` functions and, in a
      file that imports ``sync/atomic``, the methods ``Load``/``Store``/``Add``/``Swap``/
      ``CompareAndSwap``/``And``/``Or`` do not count; ``panic(..)`` and every other function
      or method call do. A ``go``/``defer`` statement counts only the calls in its arguments.
      Over the Go source tree this part finds about 20 pairs; counting every Lock…call…Unlock
      pair in the middle of a function would add about 170 more, with no fix to offer and
      narrow critical sections that are written that way on purpose: they are not reported.

    Not reported: ``defer M.Unlock()``; an early return preceded by its own ``M.Unlock()``;
    ``Lock`` and ``Unlock`` in different functions or different blocks (lock helpers, functions
    that return with the lock held for their caller, ``if locked { mu.Lock() }`` …
    ``if locked { mu.Unlock() }``); a ``for {}`` retry loop whose body ends with the ``Unlock``
    (its ``return`` hands the lock to the caller); a pair with only assignments and quiet calls
    between (``c.mu.Lock(); c.val++; c.mu.Unlock()``); ``TryLock``; ``Lock`` again before
    ``Unlock``; ``goto``. Test files are in scope.

Why it is bad
    A return that skips ``Unlock`` leaves the mutex locked for good: the next ``Lock`` blocks
    forever, and every goroutine that needs it with it. A panic between ``Lock`` and ``Unlock``
    does the same when something recovers it (``net/http`` recovers a handler's panic, and so
    do many servers and worker pools): the process goes on with a mutex nobody will unlock.
    ``defer`` runs on every way out of the function and costs next to nothing since Go 1.14.

Example
    func (c *Cache) Put(k string, v []byte) {
        c.mu.Lock()
        if c.closed {
            return // c.mu stays locked
        }
        c.items[k] = c.encode(v) // a panic here leaves it locked too
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
    Safe when the ``Lock`` is a statement at the top level of the function body (not in a loop,
    where deferred unlocks would pile up, nor in a branch), its ``Unlock`` is the last statement
    of the body, and between them there is no other ``Lock``/``Unlock`` of ``M``, no other
    ``defer`` (it would now run before the unlock, under the lock), no ``goto`` and no
    assignment to ``M``'s root name (the deferred call evaluates ``M`` at the ``Lock``):
    ``defer M.Unlock()`` goes on the line after the ``Lock`` and the final line is removed. The
    function has no results (it could not end with ``Unlock`` otherwise), so the unlock still
    happens after all of its work; only paths that skipped it (a return, a panic,
    ``runtime.Goexit``) change, and they are the defect.
    No fix otherwise (the ``Unlock`` is followed by more code, which must not run under the
    lock; a return path that unlocks itself; a comment on or just above the ``Unlock`` line;
    the ``Lock`` sharing its line with other code): then only a skipping return or continue is
    reported.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixer.analysis import flow, locks, prefilter, syntax
from gofixer.analysis.flow import ReleasePaths, jump_target
from gofixer.analysis.model import PackageModel
from gofixer.analysis.stdlib import PREDECLARED_TYPES
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule
from gofixer.source import captures, compile_query

# Builtins that do not panic in practice (panic itself is counted on its own), and the
# predeclared types, whose "calls" are conversions.
_QUIET_BUILTINS = frozenset(
    b"len cap append copy delete min max clear make new complex real imag print println recover".split()
)
_PREDECLARED_TYPES = frozenset(n.encode() for n in PREDECLARED_TYPES)
# Methods of sync/atomic's types (and sync.Map's Load/Store), which do not panic: quiet in a
# file that imports sync/atomic.
_ATOMIC_METHODS = frozenset(b"Load Store Add Swap CompareAndSwap And Or".split())
_SIMPLE = frozenset(
    {
        "expression_statement", "short_var_declaration", "assignment_statement", "var_declaration",
        "const_declaration", "inc_statement", "dec_statement", "send_statement", "go_statement",
        "defer_statement", "return_statement",
    }
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Syntax helpers
# ---------------------------------------------------------------------------------------------


def _root(n: Node) -> Node:
    while n.type == "selector_expression":
        n = n.child_by_field_name("operand")
    return n


# ---------------------------------------------------------------------------------------------
# Which calls may panic
# ---------------------------------------------------------------------------------------------


def _evaluated(stmt: Node) -> list[Node]:
    """The parts of a statement that run when control reaches it (a compound statement's
    header; its blocks are reached as statements of their own)."""
    t = stmt.type
    if t in ("go_statement", "defer_statement"):
        # the call itself runs later (or elsewhere); its function value and arguments now
        call = next((c for c in syntax.named(stmt) if c.type == "call_expression"), None)
        if call is None:
            return []
        fn = call.child_by_field_name("function")
        parts = [c for c in syntax.named(call.child_by_field_name("arguments"))]
        if fn is not None and fn.type != "func_literal":
            parts.append(fn.child_by_field_name("operand") if fn.type == "selector_expression" else fn)
        return [p for p in parts if p is not None]
    if t in _SIMPLE:
        return [stmt]
    if t == "if_statement":
        return [c for c in (stmt.child_by_field_name("initializer"), stmt.child_by_field_name("condition")) if c]
    if t == "for_statement":
        body = stmt.child_by_field_name("body")
        return [c for c in syntax.named(stmt) if body is None or c.id != body.id]
    if t in ("expression_switch_statement", "type_switch_statement"):
        out = [c for c in syntax.named(stmt) if c.type not in ("expression_case", "type_case", "default_case")]
        for case in syntax.named(stmt):
            if case.type == "expression_case":
                out += case.children_by_field_name("value")
        return out
    if t == "select_statement":
        return [c.child_by_field_name("communication") for c in syntax.named(stmt) if c.type == "communication_case" and c.child_by_field_name("communication")]
    return []


@dataclass
class _Calls:
    panics: list[Node] = field(default_factory=list)  # explicit panic(..)
    calls: list[Node] = field(default_factory=list)  # function and method calls


def _classify_calls(
    parts: list[Node],
    data: bytes,
    mutex: bytes,
    quiet_pkgs: set[bytes],
    types: Container[bytes],
    atomic: bool,
    out: _Calls,
) -> None:
    for part in parts:
        for n in syntax.walk_same_function(part):
            if n.type != "call_expression":
                continue
            fn = syntax.unparen(n.child_by_field_name("function"))
            if fn is None:
                continue
            if fn.type == "identifier":
                name = data[fn.start_byte : fn.end_byte]
                if name == b"panic":
                    out.panics.append(n)
                elif name in _QUIET_BUILTINS or name in _PREDECLARED_TYPES or name in types:
                    continue
                else:
                    out.calls.append(n)
            elif fn.type == "selector_expression":
                operand = fn.child_by_field_name("operand")
                if operand is None:
                    continue
                otext = data[operand.start_byte : operand.end_byte]
                if otext == mutex:
                    continue  # the mutex's own methods (TryLock, a nested RLock…)
                if operand.type == "identifier" and otext in quiet_pkgs:
                    continue
                fld = fn.child_by_field_name("field")
                if atomic and fld is not None and data[fld.start_byte : fld.end_byte] in _ATOMIC_METHODS:
                    continue  # x.n.Add(1), v.Load(): a sync/atomic value, most likely
                out.calls.append(n)
            elif fn.type in ("func_literal", "parenthesized_expression", "call_expression", "index_expression"):
                out.calls.append(n)
            # other shapes are conversions to composite types: []byte(s), (*T)(p), map[K]V(m)…


def _callee_name_node(call: Node) -> Node | None:
    """The name a call is made by (``T`` in ``T(x)``), or None for any other callee."""
    fn = syntax.unparen(call.child_by_field_name("function"))
    return fn if fn is not None and fn.type == "identifier" else None


def _names_a_type(ctx: FileContext, call: Node, model: PackageModel) -> bool:
    """Is ``call`` ``T(x)`` for a type ``T`` the package declares?"""
    fn = _callee_name_node(call)
    return fn is not None and bool(model.type_declarations(ctx.text(fn)))


class _TypeNames:
    """Types declared in the file (a call of one is a conversion), found the first time a call
    is judged: most Lock…Unlock pairs have no call between them to judge."""

    def __init__(self, ctx: FileContext):
        self._ctx = ctx
        self._names: set[bytes] | None = None

    def __contains__(self, name: bytes) -> bool:
        if self._names is None:
            self._names = {self._ctx.btext(n) for n in captures(_TYPE_NAMES, self._ctx.root).get("n", ())}
        return name in self._names


_TYPE_NAMES = compile_query("[(type_spec name: (type_identifier) @n) (type_alias name: (type_identifier) @n)]")


# ---------------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------------


class UnlockNotDeferred(Rule):
    code = "GF404"
    name = "unlock-not-deferred"
    summary = "mu.Lock() ... mu.Unlock() with a return or a call that may panic between: the lock stays held"
    fix_class = FixClass.SAFE
    # a finding is a ``M.Lock()`` followed by a plain ``M.Unlock()`` statement (or ``M.RLock()`` by
    # ``M.RUnlock()``)
    needs = prefilter.any_word(b".Unlock()", b".RUnlock()") & prefilter.test(
        "a release that is not deferred", locks.may_release_without_defer
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        quiet_pkgs = {v.encode() for p, v in ctx.imports.items() if p in ("sync", "sync/atomic", "unsafe")}
        types = _TypeNames(ctx)
        # the statements `x.Lock()` / `x.RLock()`; each belongs to its innermost function
        for stmt in locks.lock_statements(ctx.root, data):
            mc = locks.mutex_call(stmt, data)
            if mc is None or mc[1] not in locks.PAIRS:
                continue
            func = syntax.enclosing_function(stmt)
            if func is None or func.child_by_field_name("body") is None:
                continue
            f = self._check_lock(ctx, func, stmt, mc, quiet_pkgs, types)
            if f is not None:
                yield f

    def _check_lock(self, ctx, func, lock, mc, quiet_pkgs, types) -> Finding | None:
        data = ctx.data
        src = ctx.source
        mutex, method, call = mc
        release = locks.PAIRS[method]
        block = lock.parent
        if block is None or block.type != "statement_list":
            return None
        # the matching Unlock: a later statement of the same block
        unlock = None
        for s in syntax.named(block):
            if s.start_byte < lock.end_byte:
                continue
            m = locks.mutex_call(s, data)
            if m is None or m[0] != mutex:
                continue
            if m[1] in locks.PAIRS:
                return None  # locked again before it is unlocked in this block: not a simple pair
            if s.type == "defer_statement":
                return None
            if m[1] == release:
                unlock = s
                break
            return None  # Lock … RUnlock: not ours to judge
        if unlock is None:
            return None
        lo, hi = lock.end_byte, unlock.start_byte
        body = func.child_by_field_name("body")
        needle = mutex + b"." + release + b"("
        for n in syntax.walk_same_function(body):
            if n.type == "defer_statement" and needle in ctx.btext(n) and mutex + b"." + method + b"(" not in ctx.btext(n):
                return None  # a deferred closure unlocks (maybe conditionally): not a plain pair

        def is_release(n: Node) -> bool:
            m = locks.mutex_call(n, data)
            return m is not None and m[0] == mutex and m[1] == release

        visited: list[Node] = []
        relocked: list[bool] = []

        def stops(n: Node) -> bool:
            if n.id == lock.id:
                relocked.append(True)
                return True
            if lo <= n.start_byte and n.end_byte <= hi:
                visited.append(n)
            return False

        def ends(n: Node) -> bool:
            return n.type == "expression_statement" and flow.no_return_call(n, data, ctx.imports)

        verdict = ReleasePaths(data, func, is_release, stops, ends).after(lock)
        if verdict.unknown:
            return None
        region = [n for n in visited if not is_release(n)]
        if any(n.type == "defer_statement" and locks.mutex_call(n, data) is not None for n in region):
            return None
        returns = [r for r in verdict.returns if lo <= r.start_byte < hi]
        continues: list[Node] = []
        if relocked:
            for n in region:
                if n.type == "continue_statement":
                    target = jump_target(n, data)
                    if target is not None and syntax.inside(lock, target):
                        continues.append(n)
        atomic = ctx.import_name("sync/atomic") is not None
        if returns and _retry_loop(block, unlock):
            returns = []  # the Unlock only lets the loop go round again: a return is its way out, locked
        calls = _Calls()
        for n in region:
            _classify_calls(_evaluated(n), data, mutex, quiet_pkgs, types, atomic, calls)

        fix = self._fix(ctx, func, lock, unlock, mutex, release, region)
        if not (returns or continues):
            if fix is None:
                return None
            if any(_callee_name_node(c) is not None for c in calls.calls):
                # a call of a type declared in another file of the package is a conversion
                model = ctx.model
                calls.calls = [c for c in calls.calls if not _names_a_type(ctx, c, model)]
        unlock_text = (mutex + b"." + release + b"()").decode("utf-8", "replace")
        lock_text = (mutex + b"." + method + b"()").decode("utf-8", "replace")
        if returns:
            line = src.position(returns[0].start_byte).line
            message = (
                f"the return at line {line} leaves with the lock held: {unlock_text} is skipped and the next "
                f"{lock_text} blocks forever"
            )
        elif continues:
            line = src.position(continues[0].start_byte).line
            message = f"the continue at line {line} goes round to {lock_text} again with the lock held: deadlock"
        elif calls.calls or calls.panics:
            c = min(calls.calls + calls.panics, key=lambda n: n.start_byte)
            fn = c.child_by_field_name("function")
            name = f"{ctx.text(fn)}()" if fn is not None and b"\n" not in ctx.btext(fn) else "a call"
            message = (
                f"{name} may panic between {lock_text} and {unlock_text}: if the panic is recovered the lock "
                "stays held; defer the unlock"
            )
        else:
            return None
        return self.finding(call, message, fix)

    # -- fix -----------------------------------------------------------------------------------

    def _fix(self, ctx, func, lock, unlock, mutex, release, region) -> Fix | None:
        src, data = ctx.source, ctx.data
        body = func.child_by_field_name("body")
        if body is None or lock.parent is None or lock.parent.parent is None or lock.parent.parent.id != body.id:
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
            if n.type == "defer_statement":
                return None
            if n.type == "goto_statement":
                return None
            m = locks.mutex_call(n, data) if n.type == "expression_statement" else None
            if m is not None and m[0] == mutex:
                return None
        # the mutex must name the same thing at the Unlock as at the Lock
        root = ctx.btext(_root(lock.named_children[0].child_by_field_name("function").child_by_field_name("operand")))
        if _assigned_between(body, root, lock.end_byte, unlock.start_byte, data):
            return None
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


def _assigned_between(body: Node, root: bytes, lo: int, hi: int, data: bytes) -> bool:
    """Is the name ``root`` assigned (``=``, ``:=``, ``&root``) between ``lo`` and ``hi``?"""
    for n in syntax.walk(body):
        if n.end_byte <= lo or n.start_byte >= hi:
            continue
        if n.type in ("assignment_statement", "short_var_declaration"):
            left = n.child_by_field_name("left")
            for c in syntax.named(left):
                if c.type == "identifier" and data[c.start_byte : c.end_byte] == root:
                    return True
        elif n.type == "unary_expression":
            op = n.child_by_field_name("operator")
            arg = n.child_by_field_name("operand")
            if op is not None and op.type == "&" and arg is not None and data[arg.start_byte : arg.end_byte] == root:
                return True
        elif n.type == "range_clause":
            left = n.child_by_field_name("left")
            for c in syntax.named(left):
                if c.type == "identifier" and data[c.start_byte : c.end_byte] == root:
                    return True
    return False
