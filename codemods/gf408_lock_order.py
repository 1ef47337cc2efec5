"""GF408 lock-order-inversion: two mutexes taken in opposite orders in two places of a package.

What it finds
    Two mutexes of the package, known by type and field (``Store.mu``, ``Replica.raftMu``, or
    a type that embeds its mutex), where some function locks the second while it holds the
    first and some function locks the first while it holds the second: a cycle of two in the
    package's lock-order graph. "Holds" is the held region of a ``Lock`` statement (to its
    ``Unlock``, or to the end with a deferred one); "locks" is a ``Lock``/``RLock`` call in that
    region, or a call of one of the package's functions that takes the mutex anywhere, a few
    calls deep (``t.removeLease(s)`` → ``t.cache.remove`` → ``c.mu.Lock()``). Each of the two
    places is reported, with the other one in its message. Not reported: two places that both
    hold a third mutex, taken first (a gate lock serialises them); a second lock outside the
    branch that holds a conditional first one (``if recovering { mu.Lock() }``); mutexes of function
    variables; two mutexes of the same class (two values of one type); cycles where both
    places only read-lock (``RLock``); calls through interfaces, function values and
    goroutines started with ``go``.

Why it is bad
    A goroutine holding A and waiting for B, and another holding B and waiting for A, wait for
    each other forever: the classic deadlock, which shows only when the two paths run at the
    same moment, so tests rarely catch it. Every place must take the two in one agreed order.

Example
    func (t *table) release(l *lease) {
        t.mu.Lock()
        defer t.mu.Unlock()
        l.mu.Lock() // table.mu, then lease.mu
        defer l.mu.Unlock()
        t.active.remove(l)
    }

    func (l *lease) refresh(t *table) {
        l.mu.Lock()
        defer l.mu.Unlock()
        t.mu.Lock() // lease.mu, then table.mu: the opposite order
        defer t.mu.Unlock()
    }

Fixed
    func (l *lease) refresh(t *table) {
        t.mu.Lock() // table.mu first, as everywhere else
        defer t.mu.Unlock()
        l.mu.Lock()
        defer l.mu.Unlock()
    }

Fix safety
    No fix: which order is right, and whether one of the locks can be released earlier, is a
    design decision that can only be made with the whole package in view.
"""

from __future__ import annotations

from collections.abc import Iterator

from gofixer.analysis import lockpaths, prefilter
from gofixer.analysis.lockpaths import OrderEdge
from gofixer.model import Finding, FixClass
from gofixer.rule import FileContext, Rule


class LockOrderInversion(Rule):
    code = "GF408"
    name = "lock-order-inversion"
    summary = "two mutexes taken in opposite orders in two places of the package: a deadlock"
    fix_class = FixClass.NONE
    tier = "preview"
    package_wide = True
    needs = prefilter.any_word(b".Lock()", b".RLock()")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        if not any(True for _ in _lock_words(ctx.data)):
            return
        graph = lockpaths.lock_order(ctx.model)
        f = ctx.index
        reported: set[tuple] = set()
        for (outer, inner), edges in graph.items():
            back = graph.get((inner, outer))
            if not back:
                continue
            mine = [e for e in edges if e.file is f]
            if not mine:
                continue
            back = [b for b in back if not any(e.also_held & b.also_held for e in mine)]
            mine = [e for e in mine if not any(e.also_held & b.also_held for b in back)]
            if not back or not mine:
                continue
            other = _first_other(back)
            for e in mine:
                if e.held.method == "rlock" and e.inner_method == "rlock" and other.held.method == "rlock" and other.inner_method == "rlock":
                    continue
                if (outer, inner) in reported:
                    break
                reported.add((outer, inner))
                yield self.finding(e.site, _message(ctx, e, other))


def _lock_words(data: bytes) -> Iterator[int]:
    for w in (b".Lock()", b".RLock()"):
        i = data.find(w)
        if i >= 0:
            yield i


def _first_other(edges: list[OrderEdge]) -> OrderEdge:
    """The opposite edge to name: one that is not only read locks, if any."""
    for e in edges:
        if not (e.held.method == "rlock" and e.inner_method == "rlock"):
            return e
    return edges[0]


def _where(ctx: FileContext, e: OrderEdge) -> str:
    nm = e.func.child_by_field_name("name")
    name = e.file.text(nm) if nm is not None else "a function literal"
    line = e.file.line(e.site.start_byte)
    at = f"line {line}" if e.file is ctx.index else f"{e.file.name}:{line}"
    return f"{name}, {at}"


def _taking(e: OrderEdge) -> str:
    if not e.via:
        return f"locks {e.inner.shown}"
    return f"locks {e.inner.shown} through {' → '.join(e.via)}"


def _message(ctx: FileContext, e: OrderEdge, other: OrderEdge) -> str:
    line = ctx.source.position(e.held.call.start_byte).line
    return (
        f"this {_taking(e)} while holding {e.outer.shown} (`{e.held.key}`, locked at line {line}), and"
        f" {_where(ctx, other)} {_taking(other)} while holding {other.outer.shown}: two goroutines taking"
        " them in opposite orders wait for each other forever"
    )
