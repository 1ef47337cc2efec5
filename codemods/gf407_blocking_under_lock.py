"""GF407 blocking-under-lock: a channel operation or ``wg.Wait()`` waits under a lock its counterpart must take first.

What it finds
    An operation that waits for another goroutine, on a path where the function holds a
    mutex it locked itself (``mu.Lock()``, not yet unlocked; a deferred ``Unlock`` holds it to
    the end):

    - a send ``ch <- v`` on an unbuffered channel (every ``make`` of it in the package has no
      capacity), completed by a receive or a ``range`` elsewhere;
    - a receive ``<-ch`` (or ``v := <-ch``), completed by a send or a ``close``;
    - ``wg.Wait()`` on a ``sync.WaitGroup``, completed by the ``wg.Done()`` calls;

    when some function of the package that completes it (a method, a function or a function
    literal other than this one) also locks the same mutex, itself or through the package's
    functions it calls (the locks they take whenever they run: at the top level of their
    bodies), before the completing operation, in a loop around it, or in a function its callers
    call in a loop. Channels, WaitGroups and mutexes are matched by class: the same
    field of the same type (``s.ch``, ``s.mu``) or the same variable shared by closures. A case
    of a ``select`` with other cases or a ``default`` does not wait alone and is not reported.

    Not reported either: a receive guarded by ``len(ch) > 0``; an operation outside the branch
    that holds a conditional ``Lock`` (correlated conditions); a mutex another goroutine may
    unlock (a latch); as completing operations, a send that gives back a token the same
    function received from the channel (a channel used as a semaphore), a send by a function
    that assigns a variable or field the receive's ``if`` condition reads, when the channel is
    not known to be unbuffered (the condition says the value is already there: ``if w.done {
    <-w.result }``), and, for ``wg.Wait()``, a lock taken by the function that calls ``Add``
    (taken before the goroutine is counted) and a ``Done`` in a function that adds to the
    WaitGroup itself (it takes back a count for a goroutine that did not start).

Why it is bad
    The goroutine holds the lock while it waits, and the goroutine it waits for needs that lock
    before it can complete the operation: each waits for the other, forever, and so does every
    goroutine that needs the lock next. It takes one unlucky interleaving (the other goroutine
    between two items, a second sender), so tests rarely show it.

Example
    func (s *Manager) SetStatus(st Status) {
        s.mu.Lock()
        defer s.mu.Unlock()
        s.status = st
        s.updates <- st // the loop receiving it calls s.delete, which locks s.mu
    }

Fixed
    func (s *Manager) SetStatus(st Status) {
        s.mu.Lock()
        s.status = st
        s.mu.Unlock()
        s.updates <- st
    }

Fix safety
    Unsafe, and only when the blocking operation is the last thing done under the lock: the
    last statement of the function after ``M.Lock()`` and ``defer M.Unlock()`` (the ``defer``
    goes and ``M.Unlock()`` is written before the operation), or the statement right before
    ``M.Unlock()`` (the ``Unlock`` moves before it). No ``return`` may come between the
    ``Lock`` and the operation. What the lock guarded is no longer guarded while the goroutine
    waits, so a reviewer must check that the operation reads nothing the lock protects (its
    operands are evaluated after the unlock). No fix when the channel is closed or given
    another value by code that holds the same mutex (after the unlock, that code can close the
    channel under the waiting send: "send on closed channel"), nor when a completing send is
    non-blocking (``select`` with ``default``: released first, the receive can miss the only
    wake-up and wait forever); those are reported without a fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import chansites, lockclasses, lockpaths, locks, prefilter, syntax
from gofixer.analysis.chansites import Site
from gofixer.analysis.lockclasses import Class
from gofixer.analysis.lockpaths import LockCall, Region
from gofixer.analysis.statement_edits import delete_statement, statement_line_insertion
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

_COMPLETERS = {"send": ("recv",), "recv": ("send", "close"), "wait": ("done",)}
_RELEASE = {"lock": "Unlock", "rlock": "RUnlock"}


class BlockingUnderLock(Rule):
    code = "GF407"
    name = "blocking-under-lock"
    summary = "a channel operation or wg.Wait() waits while holding a lock its counterpart must take first"
    fix_class = FixClass.UNSAFE
    tier = "preview"
    package_wide = True
    needs = prefilter.any_word(b".Lock()", b".RLock()") & prefilter.any_word(b"<-", b".Wait()")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        stmts = list(locks.lock_statements(ctx.root, data))
        if not stmts:
            return
        model = ctx.model
        f = ctx.index
        reported: set[int] = set()
        for h in lockpaths.held_mutexes(model, f, stmts):
            lc, fn, mutex, region = h.lock, h.func, h.mutex, h.region
            branch = lockpaths.lock_branch(lc.stmt, fn)
            for op, kind, operand in _blocking_ops(region, data):
                if op.id in reported or (branch is not None and not syntax.inside(op, branch)):
                    continue
                if kind == "recv" and chansites.len_guarded(op, fn, data):
                    continue
                finding = self._judge(ctx, f, fn, lc, mutex, region, op, kind, operand)
                if finding is not None:
                    reported.add(op.id)
                    yield finding

    def _judge(self, ctx, f, fn, lc: LockCall, mutex: Class, region: Region, op: Node, kind: str, operand: Node):
        model = ctx.model
        cls = lockclasses.value_class(model, f, operand)
        if cls is None or cls.what != ("WaitGroup" if kind == "wait" else "chan"):
            return None
        all_sites = chansites.sites(model).get(cls, [])
        if kind == "send" and not _unbuffered(model, cls):
            return None
        counterpart = None
        non_blocking = False
        # a channel not known to be unbuffered may hold the value the condition says was sent
        # under the lock
        flags = _condition_names(ctx, op, fn) if kind == "recv" and not _unbuffered(model, cls) else set()
        for s in all_sites:
            if s.kind not in _COMPLETERS[kind] or s.func is None or syntax.same_node(s.func, fn):
                continue
            if s.kind == "send" and _returns_token(s, all_sites):
                continue
            if flags and _assigns_any(s, flags):
                continue
            adds = [a for a in all_sites if a.kind == "add"] if kind == "wait" else []
            if s.kind == "done" and _adds_itself(model, s, adds):
                continue
            got = _locks_first(model, s, mutex, fn, adds)
            if got is None:
                continue
            if s.kind == "send" and not s.blocking:
                non_blocking = True
            if counterpart is None or (s.kind == "send" and not s.blocking):
                counterpart = (s, got)
        if counterpart is None:
            return None
        site, acq = counterpart
        line = ctx.source.position(lc.call.start_byte).line
        what = {"send": "receive it", "recv": "send to it or close it", "wait": "call Done"}[kind]
        where = _where(ctx, site)
        chain = " → ".join(acq.via)
        how = f"{chain}: {'RLock' if acq.method == 'rlock' else 'Lock'} at {_where_node(ctx, acq.file, acq.at)}"
        message = (
            f"`{_shown(ctx, op, kind)}` waits while holding `{lc.key}` (locked at line {line}), and the"
            f" goroutine that would {what} ({where}) locks the same mutex first ({how}): neither can go on"
        )
        why_not = None
        if non_blocking:
            why_not = "a completing send is non-blocking (select with default): released first, the wake-up can be lost"
        elif kind != "wait" and _changed_under(model, all_sites, mutex):
            why_not = "the channel is closed or reassigned elsewhere under the same mutex"
        fix = None
        if why_not is None:
            fix = _fix(ctx, f, fn, lc, op)
        else:
            message += f" (no fix: {why_not})"
        return self.finding(op, message, fix)


def _blocking_ops(region: Region, data: bytes) -> Iterator[tuple[Node, str, Node]]:
    """The operations in a held region that wait alone: (node, send/recv/wait, operand)."""
    for n in region.nodes:
        if n.type in ("go_statement", "defer_statement"):
            continue
        for x in syntax.walk_same_function(n):
            if x.type == "send_statement" and chansites.blocks(x):
                yield x, "send", x.child_by_field_name("channel")
            elif x.type == "unary_expression":
                op = x.child_by_field_name("operator")
                if op is not None and op.type == "<-" and chansites.blocks(x):
                    yield x, "recv", x.child_by_field_name("operand")
            elif x.type == "call_expression":
                fnode = x.child_by_field_name("function")
                if fnode is not None and fnode.type == "selector_expression" and not syntax.named(x.child_by_field_name("arguments")):
                    fl = fnode.child_by_field_name("field")
                    if fl is not None and data[fl.start_byte : fl.end_byte] == b"Wait":
                        yield x, "wait", fnode.child_by_field_name("operand")


def _locks_first(model, site: Site, mutex: Class, blocker: Node, adds: list[Site]) -> lockpaths.Acquire | None:
    """Does the function of a completing operation lock ``mutex`` before it (a deferred
    operation runs last), in a loop around it, or when its callers call it in a loop? The
    acquisition that does. When the waiting function is a literal inside that function, only
    what it locks after the literal counts: what came before happened before the literal ran.
    A lock taken by the function that counts the goroutine (``adds``: the WaitGroup's ``Add``
    calls) is taken before the goroutine is counted, when ``Wait`` cannot be waiting for it."""
    fn = site.func
    found = [a for a in lockpaths.sure_acquires(model, site.file, fn) if a.cls == mutex and not _counts_itself(a, adds)]
    if syntax.inside(blocker, fn):
        found = [a for a in found if a.top.start_byte > blocker.end_byte or _same_loop(a.top, blocker, fn)]
    if not found:
        return None
    deferred = _deferred(site.node, fn)
    for a in found:
        if deferred or a.top.start_byte < site.node.start_byte:
            return a
    for a in found:
        if _same_loop(a.top, site.node, fn):
            return a
    if fn.type != "func_literal" and _called_in_loop(model, site.file, fn):
        return found[0]
    return None


def _same_loop(a: Node, b: Node, fn: Node) -> bool:
    loop = _loop_of(b, fn)
    return loop is not None and syntax.inside(a, loop)


def _deferred(n: Node, fn: Node) -> bool:
    p = n.parent
    while p is not None and p.id != fn.id:
        if p.type == "defer_statement":
            return True
        p = p.parent
    return False


def _loop_of(n: Node, fn: Node) -> Node | None:
    p = n.parent
    while p is not None and p.id != fn.id:
        if p.type == "for_statement":
            return p
        p = p.parent
    return None


def _called_in_loop(model, f, fn: Node) -> bool:
    """Is the function called from a loop of some function of the package?"""
    nm = fn.child_by_field_name("name")
    if nm is None:
        return False
    name = f.text(nm)
    for cf, caller in locks.callers(model).get(name, ()):
        body = caller.child_by_field_name("body")
        for call in cf.nodes_within(body, "call_expression") if body is not None else ():
            if syntax.callee_name(call, cf.data) != name or cf.enclosing_func(call) is None:
                continue
            target = model.callee(cf, call)
            if target is None or not syntax.same_node(target[1], fn):
                continue
            if _loop_of(call, cf.enclosing_func(call)) is not None:
                return True
    return False


def _unbuffered(model, cls: Class) -> bool:
    """Is every ``make`` of the channel's class in the package without a capacity (and is there
    one)?"""
    makes = chansites.channel_makes(model, cls)
    return bool(makes) and all(m is True for m in makes)


def _changed_under(model, all_sites: list[Site], mutex: Class) -> bool:
    """Is the channel closed or assigned by code that holds ``mutex``?"""
    for s in all_sites:
        if s.kind in ("close", "assign") and s.func is not None:
            if lockpaths.holds_at(model, s.file, s.func, s.node, mutex):
                return True
    return False


def _fix(ctx: FileContext, f, fn: Node, lc: LockCall, op: Node) -> Fix | None:
    """Release the lock right before the blocking statement when it is the last thing done
    under the lock."""
    src = ctx.source
    stmt = op
    while stmt.parent is not None and stmt.parent.type != "statement_list":
        stmt = stmt.parent
    if stmt.type not in ("send_statement", "expression_statement", "short_var_declaration", "assignment_statement"):
        return None
    if stmt.type != "send_statement" and not _whole(stmt, op):
        return None
    release = _RELEASE[lc.method]
    text = f"{lc.key}.{release}()".encode()
    nxt = _next_statement(stmt)
    if nxt is not None:
        m = locks.mutex_call(nxt, ctx.data)
        if nxt.type != "expression_statement" or m is None or m[0].decode() != lc.key or m[1].decode() != release:
            return None
        if _returns_between(lc.stmt, stmt):
            return None
        insert = statement_line_insertion(src, stmt, text)
        remove = delete_statement(src, nxt)
        if insert is None or remove is None:
            return None
        return Fix(
            f"unlock {lc.key} before the operation that waits (unsafe: it no longer runs under the lock)",
            (insert, remove),
            Applicability.UNSAFE,
        )
    body = fn.child_by_field_name("body")
    top = syntax.statements(body)
    if not top or top[-1].id != stmt.id or lc.stmt.parent is None or lc.stmt.parent.parent is None:
        return None
    if lc.stmt.parent.parent.id != body.id:
        return None
    after = _next_statement(lc.stmt)
    m = locks.mutex_call(after, ctx.data) if after is not None else None
    if after is None or after.type != "defer_statement" or m is None or m[0].decode() != lc.key or m[1].decode() != release:
        return None
    if _returns_between(after, stmt) or any(
        n.type == "defer_statement" and n.id != after.id and n.start_byte > after.start_byte
        for n in syntax.walk_same_function(body)
    ):
        return None
    insert = statement_line_insertion(src, stmt, text)
    remove = delete_statement(src, after)
    if insert is None or remove is None:
        return None
    return Fix(
        f"unlock {lc.key} before the last statement, which waits, instead of deferring the unlock"
        " (unsafe: it no longer runs under the lock)",
        (remove, insert),
        Applicability.UNSAFE,
    )


def _whole(stmt: Node, op: Node) -> bool:
    """Is the receive the statement's whole expression (``<-ch``, ``v := <-ch``)?"""
    if stmt.type == "expression_statement":
        inner = syntax.named(stmt)
        return len(inner) == 1 and syntax.same_node(syntax.unparen(inner[0]), op)
    right = syntax.named(stmt.child_by_field_name("right"))
    return len(right) == 1 and syntax.same_node(syntax.unparen(right[0]), op)


def _next_statement(stmt: Node) -> Node | None:
    n = stmt.next_named_sibling
    while n is not None and n.type == "comment":
        n = n.next_named_sibling
    return n


def _returns_between(a: Node, b: Node) -> bool:
    """A return (or goto) written between two statements of one function."""
    fn = syntax.enclosing_function(a)
    if fn is None:
        return True
    for n in syntax.walk_same_function(fn):
        if n.type in ("return_statement", "goto_statement") and a.end_byte <= n.start_byte < b.start_byte:
            return True
    return False


def _shown(ctx: FileContext, op: Node, kind: str) -> str:
    text = ctx.text(op)
    if "\n" in text or len(text) > 40:
        operand = op.child_by_field_name("channel" if kind == "send" else "operand")
        if kind == "wait":
            operand = op.child_by_field_name("function")
        name = ctx.text(operand) if operand is not None else "…"
        text = {"send": f"{name} <- …", "recv": f"<-{name}", "wait": f"{name}()"}[kind]
    return text


def _where(ctx: FileContext, site: Site) -> str:
    fn = site.func
    nm = fn.child_by_field_name("name") if fn is not None else None
    name = site.file.text(nm) if nm is not None else "a function literal"
    return f"{name}, {_where_node(ctx, site.file, site.node)}"


def _where_node(ctx: FileContext, f, n: Node) -> str:
    line = f.line(n.start_byte)
    if f.path != ctx.index.path:
        return f"{f.name}:{line}"
    return f"line {line}"


def _counts_itself(a: lockpaths.Acquire, adds: list[Site]) -> bool:
    """Is the lock taken in a function that also calls the WaitGroup's ``Add``?"""
    owner = a.file.enclosing_func(a.at)
    return owner is not None and any(s.file is a.file and s.func is not None and syntax.same_node(s.func, owner) for s in adds)


def _returns_token(site: Site, all_sites: list[Site]) -> bool:
    """Is the send a token given back: the channel is received from earlier in the same
    function (or in the function a deferred literal belongs to), a channel used as a
    semaphore? Whoever waits for the token waits for a holder that gives it back."""
    fn = site.func
    outer = syntax.enclosing_function(fn) if fn.type == "func_literal" else None
    for s in all_sites:
        if s.kind != "recv" or s.func is None or s.file is not site.file:
            continue
        if syntax.same_node(s.func, fn) and s.node.start_byte < site.node.start_byte:
            return True
        if outer is not None and syntax.same_node(s.func, outer) and s.node.start_byte < fn.start_byte:
            return True
    return False


def _condition_names(ctx: FileContext, op: Node, fn: Node) -> set[bytes]:
    """The names (variables and fields) the conditions of the ``if`` statements around the
    operation read: state the other side may set under the same lock."""
    out: set[bytes] = set()
    p = op.parent
    while p is not None and p.id != fn.id:
        if p.type == "if_statement":
            cond = p.child_by_field_name("condition")
            for n in syntax.walk(cond) if cond is not None else ():
                if n.type in ("identifier", "field_identifier"):
                    out.add(ctx.btext(n))
        p = p.parent
    return out


def _assigns_any(site: Site, names: set[bytes]) -> bool:
    """Does the completing side's function assign one of ``names`` (``w.done = true``,
    ``responded = true``)? Then the waiting side's condition tells it the operation already
    happened: a protocol the lock makes atomic, not a wait."""
    data = site.file.data
    fn = site.func
    body = fn.child_by_field_name("body")
    for n in syntax.walk_same_function(body) if body is not None else ():
        if n.type != "assignment_statement":
            continue
        for left in syntax.named(n.child_by_field_name("left")):
            last = left.child_by_field_name("field") if left.type == "selector_expression" else left
            if last is not None and data[last.start_byte : last.end_byte] in names:
                return True
    return False


def _adds_itself(model, site: Site, adds: list[Site]) -> bool:
    """Is the ``Done`` in a function that calls ``Add`` on the WaitGroup itself, or through a
    function of the package it calls: it takes back a count it added (a goroutine that did not
    start), not the end of a counted goroutine."""
    fn = site.func
    owners = [a.func for a in adds if a.func is not None and a.file is site.file]
    if any(syntax.same_node(o, fn) for o in owners):
        return True
    body = fn.child_by_field_name("body")
    for call in site.file.nodes_within(body, "call_expression") if body is not None else ():
        if call.start_byte >= site.node.start_byte:
            break
        target = model.callee(site.file, call)
        if target is not None and any(a.func is not None and a.file is target[0] and syntax.same_node(a.func, target[1]) for a in adds):
            return True
    return False
