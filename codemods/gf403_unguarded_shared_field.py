"""GF403 unguarded-shared-field: a field of a type shared between goroutines written without a lock.

What it finds
    A struct field written by a pointer-receiver method (``s.n++``, ``s.n = v``, ``s.n += v``,
    ``s.m[k] = v``, ``delete(s.m, k)``) with no lock held, when the package shows the value is
    used by several goroutines at once and the write can run concurrently with another access to
    the field:

    - the method runs in a goroutine: it is started with ``go x.Method()``, or called (directly or
      through functions of the package) inside a ``go`` statement's function or a ``g.Go(func…)``
      callback, on a value the goroutine shares with its starter (a receiver, a parameter, a
      captured variable, a package variable; not a value it made itself);
    - or it runs in an HTTP handler, which serves requests concurrently: the type's own
      ``ServeHTTP``, or a method called from some ``ServeHTTP`` or handler function of the
      package (``(*Stats).Observe`` called from ``(*Handler).ServeHTTP`` on ``h.stats``).

    The write races when that goroutine or handler can run more than once at a time on the same
    value (a handler, a ``go`` statement in a loop, two ``go`` statements), or when another
    goroutine or handler of the package touches the field. When the only other side is the
    sequential program (an exported method, or the code around the goroutine) the finding is a
    preview variant: that is also how the run loop of a connection that alone owns its fields
    looks. The type, its methods and the goroutines may be spread over the package's files;
    evidence comes from non-test files only. The finding is on the first such write in each
    method.

    Not reported: a method that locks something (``Lock``, ``RLock``, ``withLock(…)``), a method
    called while its caller holds a lock (also after an ``if … { mu.Unlock(); return }``), a
    method named ``…Locked`` or documented as needing a lock held (or the world stopped), and
    what such methods call; fields of ``sync/atomic`` types or used with
    ``atomic.AddInt64(&s.n, …)``; value receivers (their writes are lost, a different bug);
    writes in functions that are not methods (constructors filling a fresh value); a value the
    goroutine owns (made fresh, by a literal, ``new``, a ``newX``/``NewX`` constructor or a pool's
    ``Get``, and not used by its starter once the goroutine runs; ``go c.serve()`` for a
    connection made in that loop iteration; ``t.w = newWriter(); t.w.run()`` inside the
    goroutine); a type only ever used by one goroutine at a time (an owner goroutine started
    once, with nothing else touching the field); goroutines that cannot hold the same instance
    (each handed its values by a starter that does not use them again until it waits for the
    goroutine, or reaching the method on a different value its starter made fresh); a type, a
    type holding it, or a field whose doc comment says it is not for concurrent use ("MUST NOT
    be used from concurrently running goroutines", "not safe for concurrent use", "does not
    support concurrent use"); a write the goroutine hands over afterwards (``s.err =
    cmd.Wait(); close(s.done)``, a send, ``Done``), also when many such goroutines start but a
    "first one wins" guard lets one through (``if !x.CompareAndSwap(false, true) { return }``,
    ``once.Do``); a method called by functions that hold a lock, or by their callers; runtime
    code (``//go:systemstack``, ``//go:nowritebarrier``), which has its own synchronisation;
    and writes inside a callback whose caller is unknown. Exported methods count as called from
    anywhere only when their type is exported. All this is resolved by name and declaration,
    without types: two instances of one type are not told apart, so a race between goroutines
    that each use their own instance (reached through fields or parameters) can be reported.

Why it is bad
    Unsynchronised writes racing with other reads or writes are a data race: increments get lost,
    maps panic with "concurrent map writes", and the race detector fails the tests.

Example
    type Counter struct {
        n int
    }

    func (c *Counter) Inc()      { c.n++ }
    func (c *Counter) Value() int { return c.n }

    func CountAll(items []string) int {
        c := &Counter{}
        var wg sync.WaitGroup
        for range items {
            wg.Add(1)
            go func() {
                defer wg.Done()
                c.Inc()
            }()
        }
        wg.Wait()
        return c.Value()
    }

Fixed
    type Counter struct {
        mu sync.Mutex

        n int
    }

    func (c *Counter) Inc() {
        c.mu.Lock()
        defer c.mu.Unlock()
        c.n++
    }

    func (c *Counter) Value() int {
        c.mu.Lock()
        defer c.mu.Unlock()
        return c.n
    }

Fix safety
    Unsafe: a ``sync.Mutex`` field (``mu``, or ``mu2``… when taken) is added as the struct's first
    field, in a section of its own, and every method that reads or writes the guarded fields locks
    it as its first statements (``Lock`` + ``defer Unlock``); ``sync`` is imported. Locking
    changes timing and can block; reads of the fields outside the type's methods (named in the
    fix's description) stay unguarded.
    No fix (reported only, with the reason): the type already has a mutex that the writing method
    does not lock (its callers may hold it, and a second Lock deadlocks); a method that would lock
    calls a method of its receiver that is not declared in the package (a promoted method that may
    wait for another goroutine needing the lock); the struct or a method using the fields is in another
    file (a fix edits one file); the type is copied by value anywhere visible (a value receiver,
    ``x := *p``, passed or returned by value, slices, maps or arrays of it, a containing type
    copied), since ``go vet`` copylocks would then fail; an unkeyed composite literal of it; a
    method that would lock calls another that would lock too (deadlock), blocks (channel
    operations, ``select``, an endless ``for``, ``Sleep``, ``Wait``), already locks something,
    calls a function stored in a field, or uses the fields inside a function literal that may run
    later; the write itself is in a goroutine started by the method.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixer.analysis import concurrency, copies, locks, prefilter, statement_edits, syntax
from gofixer.analysis.concurrency import PLAIN, Concurrency, FieldAccess
from gofixer.analysis.decls import MethodDecl, TypeDecl
from gofixer.analysis.files import FileIndex, nodes_below, nodes_below_unordered
from gofixer.analysis.model import PackageModel
from gofixer.analysis.syntax import named as _named
from gofixer.analysis.syntax import unparen as _unparen
from gofixer.analysis.types import deref
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

# ---------------------------------------------------------------------------------------------
# the rule
# ---------------------------------------------------------------------------------------------


@dataclass
class _Report:
    method: MethodDecl
    write: FieldAccess
    fields: list[str]
    strong: bool = True  # another goroutine may touch the field at the same time (else preview)


# a method with a named pointer receiver, as gofmt writes it: a finding is always in one
_POINTER_METHOD = re.compile(rb"func \(\s*[^\s()*,/]+\s*\*")
# without a goroutine or an HTTP handler in the package's non-test files nothing is shared
_SHOWS_CONCURRENCY = prefilter.package_test("a file of the package shows concurrency", concurrency.package_shows_concurrency)


class UnguardedSharedField(Rule):
    code = "GF403"
    name = "unguarded-shared-field"
    summary = "a struct field of a type shared between goroutines is written without a lock"
    fix_class = FixClass.UNSAFE
    # writes in test files are never reported (see _racy)
    needs = prefilter.contains(b"func (") & prefilter.matches(_POINTER_METHOD) & prefilter.not_test_file & _SHOWS_CONCURRENCY
    package_wide = True
    # the model of a package that shows concurrency reads every file of it, its tests too
    package_trees = _SHOWS_CONCURRENCY

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        cur = ctx.path  # (resolved once, by the package view)
        if cur.endswith("_test.go"):
            return  # writes in test files are never reported (see _racy): nothing to look at
        if not self._candidates(ctx):
            return
        # (the prefilter has made sure the package shows a goroutine or an HTTP handler)
        model = ctx.concurrency_model
        conc = _analysed(model)  # (its facts refer to the model weakly: ``model`` keeps it)
        if conc is None:
            return
        for t in _types_with_pointer_methods_in(model).get(cur, ()):
            reports, guarded = self._racy_once(conc, t)
            mine = [r for r in reports if r.method.file.path == cur]
            if not mine:
                continue
            fix_cache: dict[str, tuple[Fix | None, str]] = {}
            for r in sorted(mine, key=lambda r: r.write.node.start_byte):
                yield self._finding(ctx, conc, t, r, guarded, reports, cur, fix_cache)

    @staticmethod
    def _candidates(ctx: FileContext) -> bool:
        """Cheap test: a pointer-receiver method of this file assigns to a field of its receiver."""
        for d in ctx.root.named_children:
            if d.type != "method_declaration":
                continue
            recv = d.child_by_field_name("receiver")
            if recv is None or b"*" not in ctx.btext(recv):
                continue
            body = d.child_by_field_name("body")
            if body is None:
                continue
            for n in nodes_below_unordered(body, "inc_statement", "dec_statement", "assignment_statement", "call_expression"):
                if n.type in ("inc_statement", "dec_statement", "assignment_statement") or (
                    n.type == "call_expression" and syntax.callee_name(n, ctx.data) in ("delete", "clear")
                ):
                    return True
        return False

    # -- which writes race ------------------------------------------------------------------------

    def _racy_once(self, conc: Concurrency, t: TypeDecl) -> tuple[list[_Report], set[str]]:
        """``_racy`` for the package model, once per type: a type whose methods are spread over
        several files is asked about by each of them."""
        memo = conc.model.memo("GF403: racy", dict)
        if t.name not in memo:
            memo[t.name] = self._racy(conc, t, locks.atomic_fields(conc.model))
        return memo[t.name]

    def _racy(self, conc: Concurrency, t: TypeDecl, atomics: set[str]) -> tuple[list[_Report], set[str]]:
        model = conc.model
        if concurrency.runtime_internal(model) or concurrency.documented_single_goroutine(model, t):
            return [], set()  # the runtime's own synchronisation; a type owned by one goroutine by contract
        accesses = [a for a in concurrency.field_accesses(model, t) if a.field not in atomics and not concurrency.documented_field(t, a.field)]
        by_field: dict[str, list[FieldAccess]] = {}
        for a in accesses:
            by_field.setdefault(a.field, []).append(a)
        per_method: dict[str, list[tuple[FieldAccess, bool]]] = {}
        for a in accesses:
            m = a.method
            if not a.write or not m.pointer or a.escaping or m.file.is_test:
                continue
            if locks.locked_by_convention(model, m.file, m.decl):
                continue
            unit_node = a.unit_node()
            if unit_node is None or conc.locks_anything(m.file, unit_node):
                continue
            if not a.in_literal and locks.called_under_lock_deep(model, m.name):
                continue  # its callers (or theirs) hold a lock: maybe the type's, maybe an owner's
            roots = conc.unit_roots.get(a.unit, set())
            running = [r for r in roots if r != PLAIN]
            if not running:
                continue
            once = [r for r in running if concurrency.once_guarded(conc, a.unit, r)]
            if all(r[0] == "go" and (not conc.many.get(r) or r in once) for r in running) and concurrency.published(m.file, a.node):
                continue  # the one goroutine hands the value over (close, send, Done) after writing
            conflict = self._conflicts(conc, running, a, by_field[a.field])
            if conflict is None:
                continue
            per_method.setdefault(m.name, []).append((a, conflict == "strong"))
        reports = []
        guarded: set[str] = set()
        for name, writes in per_method.items():
            writes.sort(key=lambda ws: (not ws[1], ws[0].node.start_byte))
            fields = sorted({w.field for w, _s in writes})
            guarded.update(fields)
            reports.append(_Report(t.methods[name], writes[0][0], fields, writes[0][1]))
        return reports, guarded

    @staticmethod
    def _conflicts(conc: Concurrency, running: list[tuple], w: FieldAccess, others: list[FieldAccess]) -> str | None:
        """"strong" when another goroutine or handler may access the field at the same time on
        a value it shares with the writer (a different root that may hold the same instance,
        see ``_apart``, or the same one running more than once at a time); "weak" when the
        other side is only the sequential program (the exported API, the code around the
        goroutine); None when nothing conflicts."""
        weak = False
        for a in others:
            ra = conc.unit_roots.get(a.unit, set())
            if a.escaping and not a.write:
                ra = ra | {PLAIN}
            for r1 in running:
                for r2 in ra:
                    if r2 == PLAIN:
                        if a.unit == w.unit and a.unit not in conc.plain_called:
                            # the same code, run by the goroutine and (maybe) by another package:
                            # too weak to call a race
                            continue
                        weak = True
                    elif r1 == r2:
                        if conc.many.get(r1, False):
                            return "strong"
                    elif not _apart(conc, w.unit, r1, a.unit, r2):
                        return "strong"
        return "weak" if weak else None

    def _finding(
        self,
        ctx: FileContext,
        conc: Concurrency,
        t: TypeDecl,
        r: _Report,
        guarded: set[str],
        reports: list[_Report],
        cur: str,
        fix_cache: dict,
    ) -> Finding:
        w = r.write
        runs = _why(conc, w.unit, "the function literal writing it" if w.in_literal else r.method.name)
        what = "without a lock" if not t.mutexes else f"without holding {t.name}'s mutex"
        if r.strong:
            message = f"`{t.name}.{w.field}` is written {what} while {t.name} is shared between goroutines: {runs}"
        else:
            message = (
                f"`{t.name}.{w.field}` is written {what} in a goroutine and also used outside it, by the package's "
                f"API or the code that starts it (no other goroutine of the package is seen using it): {runs}"
            )
        preview = not r.strong
        if w.in_literal:
            return self.finding(w.node, f"{message}; no fix: the write is in a goroutine started by {r.method.name}", preview=preview)
        if t.mutexes:
            # Which callers already hold the type's mutex cannot be told without types, and
            # sync.Mutex is not reentrant: locking it in one more method deadlocks whenever a
            # caller holds it (go-redis's sentinel discovery runs under its caller's c.mu).
            fix, reason = None, (
                f"{t.name} already has a mutex; whether {r.method.name}'s callers hold it cannot be told "
                "without types, and locking it again would deadlock: add the lock by hand"
            )
        else:
            if "add" not in fix_cache:
                fix_cache["add"] = self._add_mutex(ctx, conc, t, guarded, cur)
            fix, reason = fix_cache["add"]
        if fix is None:
            return self.finding(w.node, f"{message}; no fix: {reason}", preview=preview)
        return self.finding(w.node, message, fix, preview=preview)

    # -- fixes ----------------------------------------------------------------------------------------

    def _add_mutex(self, ctx: FileContext, conc: Concurrency, t: TypeDecl, guarded: set[str], cur: str) -> tuple[Fix | None, str]:
        if t.file.path != cur:
            return None, f"{t.name} is declared in {t.file.name} and a fix edits one file"
        model = conc.model
        all_acc = concurrency.field_accesses(model, t)
        users = sorted({a.method.name for a in all_acc if a.field in guarded}, key=lambda n: t.methods[n].decl.start_byte)
        methods = [t.methods[n] for n in users]
        for m in methods:
            if m.file.path != cur:
                return None, f"{m.shown} in {m.file.name} also uses {', '.join(sorted(guarded))} and a fix edits one file"
        reason = copies.copy_reason(model, t)
        if reason:
            return None, reason
        names = set(users)
        for a in all_acc:
            if a.field in guarded and a.escaping:
                return None, f"{a.method.shown} uses {a.field} inside a function literal that may run after it returns"
            if a.field in guarded and a.in_literal:
                return None, f"{a.method.shown} uses {a.field} inside a goroutine or handler literal"
        reason = _lock_hazard(t, methods, names)
        if reason:
            return None, reason
        sync_name = ctx.import_name("sync")
        imports: tuple[str, ...] = ()
        if sync_name is None:
            if "sync" in ctx.imports:
                return None, "the file imports sync as _ or ."
            if any(n.type in ("identifier", "package_identifier") and ctx.btext(n) == b"sync" for n in syntax.walk(ctx.root)):
                return None, "the name sync is taken in this file"
            sync_name, imports = "sync", ("sync",)
        mu = syntax.free_name("mu", None, ctx.data, set(t.field_nodes) | set(t.methods) | set(t.fields))
        src = ctx.source
        edits: list[Edit] = []
        e = statement_edits.struct_field_insertion(src, t.struct, f"{mu} {sync_name}.Mutex")
        if e is None:
            return None, f"cannot place a field in {t.name}'s one-line struct with comments or tags"
        edits.append(e)
        for m in methods:
            e = statement_edits.lock_at_body_top(src, m.decl, f"{m.recv}.{mu}.Lock()", f"defer {m.recv}.{mu}.Unlock()")
            if e is None:
                return None, f"cannot place the lock in {m.shown} (one-line body with comments)"
            edits.append(e)
        desc = f"add `{mu} {sync_name}.Mutex` to {t.name} and lock it in {', '.join(m.name for m in methods)}"
        outside = _outside_uses(conc, t, guarded)
        if outside:
            desc += f" (unsafe: {outside} stays unguarded)"
        else:
            desc += " (unsafe: locking changes timing and may block)"
        return Fix(desc, tuple(edits), Applicability.UNSAFE, imports), ""


def _apart(conc: Concurrency, u1: tuple, r1: tuple, u2: tuple, r2: tuple) -> bool:
    """Can the goroutines ``r1`` (reaching ``u1``) and ``r2`` (reaching ``u2``) not hold the
    same instance: each was handed its values by a starter that lets go of them, or reaches its
    unit on a different value that its starter made fresh?"""

    def origin(u: tuple, r: tuple) -> object:
        made = concurrency.fresh_instance(conc, u, r)
        if made is not None:
            return made
        return ("handed", r) if concurrency.hands_off(conc, r) else None

    o1, o2 = origin(u1, r1), origin(u2, r2)
    return o1 is not None and o2 is not None and o1 is not o2 and o1 != o2


def _analysed(model: PackageModel) -> Concurrency | None:
    """The model's concurrency facts with the sequential program followed too, or None when the
    package cannot report: nothing runs concurrently, no field write runs in a goroutine or
    handler (``_concurrent_write_possible``), or the call graph is too large to follow."""

    def make() -> Concurrency | None:
        conc = concurrency.facts(model)
        if conc is None or conc.quiet or not _concurrent_write_possible(conc):
            return None
        return conc if conc.follow_sequential_flow() else None

    return model.memo("GF403: analysed", make)


def _concurrent_write_possible(conc: Concurrency) -> bool:
    """Does code that runs in a goroutine or handler write a field in a pointer method of a
    non-test file? Every finding is such a write (see ``_racy``), and only goroutines and
    handlers make a unit concurrent, so when there is none the sequential flow (the larger
    part of the analysis: every exported function of the package) need not be followed."""
    running: dict[int, list[tuple]] = {}
    for u, roots in conc.unit_roots.items():
        if any(r != PLAIN for r in roots):
            running.setdefault(u[0], []).append(u)
    if not running:
        return False
    units = {u for us in running.values() for u in us}
    for t in conc.model.types.values():
        if t.ambiguous or t.struct is None:
            continue
        if not any(
            m.pointer and not m.file.is_test and any(
                m.decl.start_byte <= s and e <= m.decl.end_byte for _i, s, e in running.get(m.file.idx, ())
            )
            for m in t.methods.values()
        ):
            continue
        for a in concurrency.field_accesses(conc.model, t):
            if a.write and a.method.pointer and not a.escaping and not a.method.file.is_test and a.unit in units:
                return True
    return False


def _types_with_pointer_methods_in(model: PackageModel) -> dict[str, list[TypeDecl]]:
    """File path -> the struct types (by name) with a pointer method declared in that file: the
    types a file's findings can be about, listed once per model rather than found by looking
    at every method of every type for each file of the package."""

    def index() -> dict[str, list[TypeDecl]]:
        got: dict[str, list[TypeDecl]] = {}
        for t in sorted(model.types.values(), key=lambda t: t.name):
            if t.ambiguous or t.struct is None or not t.methods:
                continue
            for path in dict.fromkeys(m.file.path for m in t.methods.values() if m.pointer):
                got.setdefault(path, []).append(t)
        return got

    return model.memo("GF403: types by file", index)


def _why(conc: Concurrency, unit: tuple, who: str) -> str:
    """Say why ``who`` runs concurrently: the root that reached it first, and the call site."""
    root, via = conc.evidence.get(unit, (None, None))
    if root is None:
        return f"{who} runs concurrently"
    desc = conc.root_desc[root]
    if via is not None:
        via = via[0].where(via[1])
    if root[0] == "handler":
        if via is None:
            return f"{who} serves HTTP requests, which run concurrently"
        return f"{who} is called at {via} in {desc}, which serves requests concurrently"
    if via is None:
        return f"{who} runs in {desc}"
    return f"{who} is called at {via} in {desc}"


# ---------------------------------------------------------------------------------------------
# fix helpers
# ---------------------------------------------------------------------------------------------


def _lock_hazard(t: TypeDecl, methods: list[MethodDecl], lockers: set[str]) -> str | None:
    """Why locking in ``methods`` could deadlock or hold the lock across a block, if it could."""
    calls: dict[str, set[str]] = {}
    for name, m in t.methods.items():
        body = m.decl.child_by_field_name("body")
        found: set[str] = set()
        if body is not None:
            for n in syntax.walk(body):
                if n.type == "selector_expression":
                    fl = n.child_by_field_name("field")
                    if fl is not None and m.file.text(fl) in t.methods:
                        if syntax.enclosing(n, ("go_statement",)) is None:
                            found.add(m.file.text(fl))
        calls[name] = found
    for m in methods:
        # methods reachable from m (by name) must not lock
        todo, reach = list(calls.get(m.name, ())), set()
        while todo:
            x = todo.pop()
            if x in reach:
                continue
            reach.add(x)
            todo.extend(calls.get(x, ()))
        bad = sorted(reach & lockers)
        if bad:
            return f"{m.shown} calls {bad[0]}, which would lock too (deadlock)"
        body = m.decl.child_by_field_name("body")
        f = m.file
        for n in syntax.walk(body):
            if n.type == "func_literal" and concurrency.root_literal_kind(f, n) == "go":
                continue
            if syntax.enclosing(n, ("go_statement",)) is not None:
                continue
            tp = n.type
            if tp in ("select_statement", "send_statement"):
                return f"{m.shown} blocks on a channel and would hold the lock meanwhile"
            if tp == "unary_expression":
                op = n.child_by_field_name("operator")
                if op is not None and op.type == "<-":
                    return f"{m.shown} blocks on a channel and would hold the lock meanwhile"
            if tp == "for_statement" and len(_named(n)) == 1:
                return f"{m.shown} has an endless loop and would hold the lock for good"
            if tp == "call_expression":
                name = syntax.callee_name(n, f.data) or ""
                if name in ("Sleep", "Wait"):
                    return f"{m.shown} calls {name} and would hold the lock meanwhile"
                if locks.is_locking_name(name) or locks.is_unlocking_name(name):
                    return f"{m.shown} already locks something (lock order)"
                fn = _unparen(n.child_by_field_name("function"))
                if fn is not None and fn.type == "selector_expression":
                    op = fn.child_by_field_name("operand")
                    fl = f.text(fn.child_by_field_name("field"))
                    if op is not None and op.type == "identifier" and f.text(op) == m.recv and fl in t.field_nodes:
                        return f"{m.shown} calls the function in field {fl}, which could call back and deadlock"
                    if op is not None and op.type == "identifier" and f.text(op) == m.recv and fl not in t.methods:
                        # a promoted method (an embedded type's) is out of sight: it may wait for
                        # another goroutine that needs this very lock (go-redis's Cmd.Val -> await)
                        return f"{m.shown} calls {m.recv}.{fl}(), which gofixer cannot see into, and would hold the lock meanwhile"
    return None


def _outside_uses(conc: Concurrency, t: TypeDecl, guarded: set[str]) -> str | None:
    """The first use of a guarded field outside the type's methods on a shared value."""
    method_spans = [(m.file.idx, m.decl.start_byte, m.decl.end_byte) for m in t.methods.values()]
    for f in conc.model.files:
        if f.is_test:
            continue
        for n in nodes_below(f.root, "selector_expression"):
            if n.type != "selector_expression":
                continue
            fl = n.child_by_field_name("field")
            if fl is None or f.text(fl) not in guarded:
                continue
            if any(i == f.idx and s <= n.start_byte < e for i, s, e in method_spans):
                continue
            op = n.child_by_field_name("operand")
            if deref(conc.model.typeof(f, op)) != ("named", t.name):
                continue
            top = syntax.enclosing(n, ("function_declaration", "method_declaration"))
            if top is None or not conc.shared(f, op, top, (True, frozenset(_all_params(f, top)))):
                continue
            fn = f.enclosing_func(n)
            label = f.text(fn.child_by_field_name("name")) if fn is not None and fn.type != "func_literal" else "a function literal"
            if fn is not None and fn.type == "method_declaration":
                label = conc.method_label(f, fn)
            return f"the use of {f.text(n)} in {label} ({f.where(n)})"
    return None


def _all_params(f: FileIndex, fn: Node) -> list[str]:
    out = []
    for p in _named(fn.child_by_field_name("parameters")):
        out.extend(f.text(n) for n in p.children_by_field_name("name"))
    return out
