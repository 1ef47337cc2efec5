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

    The write races when that goroutine or handler can run more than once at a time (a handler, a
    ``go`` statement in a loop, two ``go`` statements), or when another method touching the field
    runs elsewhere (an exported method, or one called outside that goroutine). The type, its
    methods and the goroutines may be spread over the package's files; evidence comes from
    non-test files only. The finding is on the first such write in each method.

    Not reported: a method that locks something (``Lock``, ``RLock``, ``withLock(…)``), a method
    called while its caller holds a lock (also after an ``if … { mu.Unlock(); return }``), a
    method named ``…Locked`` or documented as needing a lock held (or the world stopped), and
    what such methods call; fields of ``sync/atomic`` types or used with
    ``atomic.AddInt64(&s.n, …)``; value receivers (their writes are lost, a different bug);
    writes in functions that are not methods (constructors filling a fresh value); a value the
    goroutine owns (made fresh, by a literal, ``new``, a ``newX``/``NewX`` constructor or a pool's
    ``Get``, and not used by its starter once the goroutine runs; ``go c.serve()`` for a
    connection made in that loop iteration); a type only ever used by one goroutine at a time
    (an owner goroutine started once, with nothing else touching the field); a write the one
    goroutine hands over afterwards (``s.err = cmd.Wait(); close(s.done)``, a send, ``Done``);
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

import functools
import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixer.analysis import lexical, prefilter, syntax
from gofixer.analysis.decls import MethodDecl, TypeDecl
from gofixer.analysis.files import FileIndex, nodes_below, nodes_below_unordered
from gofixer.analysis.model import PackageModel, package_model
from gofixer.analysis.scope import Binding
from gofixer.analysis.siblings import PackageView
from gofixer.analysis.syntax import inside as _inside
from gofixer.analysis.syntax import named as _named
from gofixer.analysis.syntax import unparen as _unparen
from gofixer.analysis.types import deref
from gofixer.discover import is_generated
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule
from gofixer.source import SourceFile

FUNCS = ("function_declaration", "method_declaration", "func_literal")
_MUTEX_TYPES = ("Mutex", "RWMutex")
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_LOCK_DOC = re.compile(
    r"\b(lock|locked|locking|locks|mutex|mu|held|holds|holding|hold|world (is )?stopped|stop-the-world|STW)\b", re.I
)
_MAX_STATES = 40000  # worklist states per package: beyond this the package is left alone
PLAIN = ("plain", "", 0)  # the ordinary, sequential flow of the program (exported API, main)
ALL = "*"  # in a set of shared parameter names: every parameter

Rep = tuple  # ("named", N) | ("ptr", Rep) | ("map", Rep) | ("slice", Rep)


class _TooComplex(Exception):
    pass


_IDENT = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_NEWLINE = re.compile(rb"\n")
# ``x.Go(func…)``, an errgroup-style callback (``root_literal_kind``), spaced as Go allows
_GO_METHOD_CALL = re.compile(rb"\.[ \t\r\n]*Go[ \t\r\n]*\(")


def _shows_concurrency(data: bytes) -> bool:
    """Can the file start something that runs concurrently, judged from its bytes? What makes
    an entry of the model (see ``analyse``): a go statement (GF101's test, which also finds
    one after ``{``, ``;``, a label or a case), a ``x.Go(func…)`` callback, or an HTTP handler,
    whose signature spells ``ResponseWriter`` in a file that imports net/http
    (``is_handler_sig``). A package without any has a quiet model."""
    return (
        (b"Go" in data and _GO_METHOD_CALL.search(data) is not None)
        or (b"ResponseWriter" in data and lexical.may_import(data, "net/http"))
        or lexical.may_have_go_statement(data)
    )


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(name)]


@functools.lru_cache(maxsize=4096)
def _is_locking_name(name: str) -> bool:
    # asked of every call of every function looked into, so remembered per name
    if "ock" not in name and "OCK" not in name:
        return False
    w = _words(name)
    return "lock" in w or "rlock" in w


@functools.lru_cache(maxsize=4096)
def _is_unlocking_name(name: str) -> bool:
    if "ock" not in name and "OCK" not in name:
        return False
    return "unlock" in _words(name)


def _exported(name: str) -> bool:
    return name[:1].isupper()


@dataclass
class _Access:
    method: MethodDecl
    field: str
    node: Node  # the selector recv.field
    write: bool
    unit: tuple  # analysis unit key: the method, or a goroutine/handler literal inside it
    escaping: bool  # inside a function literal that may run later (not deferred, not called)
    in_literal: bool  # inside any goroutine/handler literal of the method


class _Package(PackageModel):
    """The package model, with the goroutine/handler contexts its functions run in."""

    def __init__(self, files: list[FileIndex]):
        self._calls_cache: dict[tuple, list[Node]] = {}
        self._lock_cache: dict[tuple, list[tuple[int, int]]] = {}
        self._target_cache: dict[tuple, tuple] = {}
        self._conv_cache: dict[tuple, bool] = {}
        self.unit_roots: dict[tuple, set[tuple]] = {}
        self.many: dict[tuple, bool] = {PLAIN: False}
        self.root_desc: dict[tuple, str] = {}
        self.evidence: dict[tuple, tuple] = {}  # unit key -> (root, call site) that made it concurrent
        self._value_refs_set: set[str] | None = None
        self.plain_called: set[tuple] = set()  # units reached from the sequential flow by a call
        self.quiet = False  # no goroutine or handler anywhere: nothing to report
        self.came_from: dict[tuple, tuple | None] = {}  # (unit, root) -> first call site (debugging)
        super().__init__(files)

    # -- sharing --------------------------------------------------------------------------------

    def shared(self, f: FileIndex, e: Node | None, unit: Node, state: tuple, depth: int = 0) -> bool:
        """Does the value of ``e`` (evaluated in analysis unit ``unit`` in ``state``) belong to
        something other goroutines can reach: a shared receiver or parameter, a captured or
        package variable? A value the function made itself (composite literal, new, a call with
        no shared operand) is not shared."""
        recv_shared, shared_params = state
        while e is not None and depth < 16:
            depth += 1
            t = e.type
            if t in ("call_expression", "type_assertion_expression") and self.fresh(f, e):
                return False
            if t in ("selector_expression",):
                e = e.child_by_field_name("operand")
            elif t in ("index_expression", "slice_expression", "type_assertion_expression"):
                e = e.child_by_field_name("operand")
            elif t == "parenthesized_expression":
                inner = _named(e)
                e = inner[0] if len(inner) == 1 else None
            elif t == "unary_expression":
                op = e.child_by_field_name("operator")
                if op is not None and op.type == "<-":
                    return False
                e = e.child_by_field_name("operand")
            elif t == "call_expression":
                fn = _unparen(e.child_by_field_name("function"))
                args = _named(e.child_by_field_name("arguments"))
                if fn is not None and fn.type == "selector_expression":
                    op = fn.child_by_field_name("operand")
                    if op is not None and not self.is_import(f, op):
                        e = op
                        continue
                return any(self.shared(f, a, unit, state, depth) for a in args if a.type != "func_literal")
            elif t == "identifier":
                d, fn = self.lookup(f, e)
                if d is None:
                    name = f.text(e)
                    return name in self.pkg_vars and name not in f.import_names
                if not _inside(fn, unit):
                    # captured from the function that started the goroutine: shared with it,
                    # unless it is a fresh value nobody else touches once the goroutine runs
                    boundary = self.go_boundary(f, unit)
                    return boundary is None or not self.private_to(f, e, d, fn, boundary)
                if d.kind == "recv":
                    return recv_shared if syntax.same_node(fn, unit) else True
                if d.kind == "param":
                    if not syntax.same_node(fn, unit):
                        return False
                    return ALL in shared_params or f.text(e) in shared_params
                if d.kind == "result" or d.init is None:
                    return False
                e = d.init
            else:
                return False
        return False

    def child_of_same_type(self, f: FileIndex, op: Node, m: MethodDecl) -> bool:
        """``x.f.M()`` where ``x`` has the method's own type: another instance, owned by ``x``
        (``f.debugFramer.ReadFrame()``); following it would mix the two instances up."""
        op = _unparen(op)
        if op is None or op.type != "selector_expression":
            return False
        return deref(self.typeof(f, op.child_by_field_name("operand"))) == ("named", m.owner)

    def by_convention(self, f: FileIndex, decl: Node) -> bool:
        key = (f.idx, decl.start_byte, decl.end_byte)
        got = self._conv_cache.get(key)
        if got is None:
            got = self._conv_cache[key] = _locked_by_convention(f, decl)
        return got

    def fresh(self, f: FileIndex, e: Node | None) -> bool:
        """A value made on the spot: a composite literal, ``new``/``make``, a package constructor
        (``newConn(…)``, ``NewReader(…)``), an object taken from a pool (``p.Get().(*T)``)."""
        e = _unparen(e)
        if e is not None and e.type == "unary_expression":
            op = e.child_by_field_name("operator")
            if op is None or op.type != "&":
                return False
            e = _unparen(e.child_by_field_name("operand"))
        if e is None:
            return False
        if e.type == "composite_literal":
            return True
        if e.type == "type_assertion_expression":
            inner = _unparen(e.child_by_field_name("operand"))
            return inner is not None and inner.type == "call_expression" and syntax.callee_name(inner, f.data) == "Get"
        if e.type != "call_expression":
            return False
        fn = _unparen(e.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            # a constructor method of the package (s.newConn(rw)), not some library's
            op = fn.child_by_field_name("operand")
            name = f.text(fn.child_by_field_name("field"))
            return op is not None and not self.is_import(f, op) and name[:3].lower() == "new" and self.typeof(f, op) is not None
        if fn is None or fn.type != "identifier" or self.lookup(f, fn)[0] is not None:
            return False
        name = f.text(fn)
        return name in ("new", "make") or (name in self.funcs and name[:3].lower() == "new")

    def go_boundary(self, f: FileIndex, lit: Node) -> Node | None:
        """The ``go`` statement (or ``g.Go`` call) that starts a goroutine literal."""
        p = lit.parent
        if p is None or p.type != "call_expression" and p.type != "argument_list":
            return None
        if p.type == "call_expression":
            return p.parent if p.parent is not None and p.parent.type == "go_statement" else None
        call = p.parent
        return call if call is not None and syntax.callee_name(call, f.data) == "Go" else None

    def private_to(self, f: FileIndex, ident: Node, d: Binding, decl_fn: Node, boundary: Node) -> bool:
        """Is the local ``ident`` (declared by ``d`` in ``decl_fn``) handed to the goroutine that
        ``boundary`` starts and used by nobody else: a fresh value, made in the same loop
        iteration as the goroutine, not referred to after the goroutine starts?"""
        if d.kind != "local" or d.init is None or not self.fresh(f, d.init):
            return False
        p = boundary.parent
        while p is not None and not syntax.same_node(p, decl_fn):
            if p.type == "for_statement":
                if p.start_byte > d.start or d.start >= p.end_byte:
                    return False  # declared outside the loop: every goroutine it starts shares it
                break
            p = p.parent
        name = f.text(ident)
        body = decl_fn.child_by_field_name("body")
        for n in nodes_below(body, "identifier") if body is not None else ():
            if n.type != "identifier" or n.start_byte < boundary.start_byte or n.start_byte >= d.end:
                continue
            if _inside(n, boundary) or f.text(n) != name:
                continue
            if self.lookup(f, n)[0] is d:
                return False
        return True

    # -- contexts -------------------------------------------------------------------------------

    def is_handler_sig(self, f: FileIndex, fn: Node) -> bool:
        if f.http is None:
            return False
        plist = fn.child_by_field_name("parameters")
        types: list[Node] = []
        for p in _named(plist):
            if p.type != "parameter_declaration":
                return False
            names = p.children_by_field_name("name")
            types.extend([p.child_by_field_name("type")] * max(1, len(names)))
        if len(types) != 2 or types[0] is None or types[1] is None:
            return False
        return f.text(types[0]).replace(" ", "") == f"{f.http}.ResponseWriter" and f.text(types[1]).replace(" ", "") == f"*{f.http}.Request"

    def root_literal_kind(self, f: FileIndex, lit: Node) -> str | None:
        """"go" for a goroutine's function literal (``go func(){…}()``, ``g.Go(func…)``),
        "handler" for an HTTP handler literal, None for a plain one."""
        p = lit.parent
        if p is not None and p.type == "call_expression" and syntax.is_field(p, "function", lit):
            if p.parent is not None and p.parent.type == "go_statement":
                return "go"
            return None  # called on the spot
        if p is not None and p.type == "argument_list" and len(_named(p)) == 1:
            call = p.parent
            if call is not None and syntax.callee_name(call, f.data) == "Go":
                fn = _unparen(call.child_by_field_name("function"))
                if fn is not None and fn.type == "selector_expression":
                    return "go"
        if self.is_handler_sig(f, lit):
            return "handler"
        return None

    def unit_walk(self, f: FileIndex, unit: Node) -> list[Node]:
        """The calls made by an analysis unit itself: nested goroutine/handler literals and go
        statements are units of their own."""
        key = (f.idx, unit.start_byte, unit.end_byte)
        got = self._calls_cache.get(key)
        if got is not None:
            return got
        out: list[Node] = []
        body = unit.child_by_field_name("body")
        skip_to = -1  # the end of the go statement or goroutine/handler literal being skipped
        # one query pass in document order (the order a pre-order walk visits them, which
        # decides the call site a finding names) instead of a Python walk of every node
        for n in f.nodes_within(body, "call_expression", "go_statement", "func_literal") if body is not None else ():
            if n.start_byte < skip_to:
                continue
            t = n.type
            if t == "go_statement" or (t == "func_literal" and self.root_literal_kind(f, n) is not None):
                skip_to = n.end_byte
            elif t == "call_expression":
                out.append(n)
        self._calls_cache[key] = out
        return out

    def lock_events(self, f: FileIndex, fn: Node) -> list[tuple[int, int]]:
        key = (f.idx, fn.start_byte, fn.end_byte)
        got = self._lock_cache.get(key)
        if got is not None:
            return got
        ev = []
        for c in self.unit_walk(f, fn):
            owner = f.enclosing_func(c)
            if owner is not None and not syntax.same_node(owner, fn):
                continue
            name = syntax.callee_name(c, f.data)
            if name is None:
                continue
            if _is_unlocking_name(name):
                if c.parent is not None and c.parent.type == "defer_statement":
                    continue
                if _on_early_exit(c, fn):
                    continue  # `if …{ mu.Unlock(); return }`: the path that goes on still holds it
                ev.append((c.start_byte, -1))
            elif _is_locking_name(name):
                ev.append((c.start_byte, 1))
        ev.sort()
        self._lock_cache[key] = ev
        return ev

    def locks(self, f: FileIndex, unit: Node) -> bool:
        """Does the unit lock anything (itself, or in a plain literal it contains)?"""
        return any((syntax.callee_name(c, f.data) or "") and _is_locking_name(syntax.callee_name(c, f.data)) for c in self.unit_walk(f, unit))

    def under_lock(self, f: FileIndex, call: Node) -> bool:
        fn = f.enclosing_func(call)
        if fn is None:
            return False
        state = 0
        for pos, delta in self.lock_events(f, fn):
            if pos >= call.start_byte:
                break
            state = delta
        return state > 0

    def analyse(self) -> None:
        """Propagate goroutine and handler contexts through the package's call graph."""
        queue: deque = deque()
        seen: set[tuple] = set()

        def push(f: FileIndex, unit: Node, root: tuple, recv_shared: bool, params: frozenset, via: tuple | None) -> None:
            ukey = (f.idx, unit.start_byte, unit.end_byte)
            key = (ukey, root, recv_shared, params)
            if root == PLAIN and via is not None and (unit.type != "method_declaration" or recv_shared):
                self.plain_called.add(ukey)
            if key in seen:
                return
            if len(seen) >= _MAX_STATES:
                raise _TooComplex
            seen.add(key)
            if unit.type != "method_declaration" or recv_shared:
                self.unit_roots.setdefault(ukey, set()).add(root)
                self.came_from.setdefault((ukey, root), via)
                if root != PLAIN and ukey not in self.evidence:
                    self.evidence[ukey] = (root, via)
            queue.append((f, unit, root, (recv_shared, params)))

        shared_params = _shared_params

        def spawn_shared(f: FileIndex, e: Node, go: Node) -> bool:
            """Is an operand of ``go x.M(a)`` shared between the goroutine and its starter?"""
            e = _unparen(e)
            if e is None:
                return False
            if e.type == "unary_expression":
                e = _unparen(e.child_by_field_name("operand"))
            if e is None or e.type in ("composite_literal", "call_expression", "func_literal", "int_literal", "interpreted_string_literal", "raw_string_literal", "nil"):
                return False
            root = e
            while root is not None and root.type in ("selector_expression", "index_expression", "parenthesized_expression"):
                root = _unparen(root.child_by_field_name("operand")) if root.type != "parenthesized_expression" else _unparen(root)
            if root is not None and root.type == "identifier":
                d, fn = self.lookup(f, root)
                if d is not None and self.private_to(f, root, d, fn, go):
                    return False
            return True

        def loop_of(n: Node) -> Node | None:
            p = n.parent
            while p is not None and p.type not in FUNCS:
                if p.type == "for_statement":
                    return p
                p = p.parent
            return None

        def in_loop(n: Node) -> bool:
            return loop_of(n) is not None

        def outer_operand(f: FileIndex, go: Node, call: Node) -> bool:
            """Does ``go x.M(a…)`` in a loop hand every goroutine the same value: an operand
            rooted outside the loop (not a per-iteration variable)?"""
            loop = loop_of(go)
            fn = _unparen(call.child_by_field_name("function"))
            ops = list(_named(call.child_by_field_name("arguments")))
            if fn is not None and fn.type == "selector_expression":
                ops.append(fn.child_by_field_name("operand"))
            for e in ops:
                root = _unparen(e)
                while root is not None and root.type in ("selector_expression", "index_expression", "unary_expression", "parenthesized_expression"):
                    root = _unparen(root.child_by_field_name("operand")) if root.type != "parenthesized_expression" else _unparen(root)
                if root is None or root.type != "identifier":
                    continue
                d, _fn = self.lookup(f, root)
                if d is None:
                    if f.text(root) in self.pkg_vars:
                        return True
                    continue
                if not (loop.start_byte <= d.start < loop.end_byte):
                    return True
            return False

        def top_is_handler(f: FileIndex, n: Node) -> bool:
            return any(self.is_handler_sig(f, fn) for fn in f.enclosing_funcs(n))

        def how(f: FileIndex, n: Node) -> str:
            if in_loop(n):
                return " in a loop"
            return " by an HTTP handler" if top_is_handler(f, n) else ""


        # entries: goroutines and handlers first, then the sequential program
        plain_entries: list[tuple[FileIndex, Node]] = []
        maybe_entries: list[tuple[FileIndex, Node, str]] = []  # entries if used as values
        for f in self.files:
            if f.is_test:
                continue
            for d in f.root.named_children:
                if d.type not in ("function_declaration", "method_declaration") or d.child_by_field_name("body") is None:
                    continue
                name = f.text(d.child_by_field_name("name"))
                public = _exported(name) and (d.type == "function_declaration" or _exported(self._receiver_type(f, d)))
                if public or name in ("main", "init"):
                    plain_entries.append((f, d))
                else:
                    maybe_entries.append((f, d, name))
                is_handler = self.is_handler_sig(f, d) and (
                    name == "ServeHTTP" or _exported(name) or name in self.value_refs
                )
                if is_handler:
                    root = ("handler", f.path, d.start_byte)
                    self.many[root] = True
                    label = name if d.type == "function_declaration" else self._method_label(f, d)
                    self.root_desc[root] = f"the HTTP handler {label}"
                    push(f, d, root, True, frozenset(), None)
            for n in f.go_statements_and_literals():
                if n.type == "func_literal":
                    kind = self.root_literal_kind(f, n)
                    if kind == "handler":
                        root = ("handler", f.path, n.start_byte)
                        self.many[root] = True
                        self.root_desc[root] = f"the HTTP handler function at {f.where(n)}"
                        push(f, n, root, True, frozenset(), None)
                    elif kind == "go" and n.parent is not None and n.parent.type == "argument_list":
                        call = n.parent.parent
                        root = ("go", f.path, call.start_byte)
                        self.many[root] = in_loop(call) or top_is_handler(f, call)
                        self.root_desc[root] = f"the goroutine started at {f.where(call)}{how(f, call)}"
                        push(f, n, root, True, frozenset(), None)
                elif n.type == "go_statement":
                    call = next((c for c in n.named_children if c.type == "call_expression"), None)
                    if call is None:
                        continue
                    root = ("go", f.path, n.start_byte)
                    lit = _unparen(call.child_by_field_name("function"))
                    looping = in_loop(n) and (lit is not None and lit.type == "func_literal" or outer_operand(f, n, call))
                    self.many[root] = looping or top_is_handler(f, n)
                    self.root_desc[root] = f"the goroutine started at {f.where(n)}{how(f, n)}"
                    fn = _unparen(call.child_by_field_name("function"))
                    args = _named(call.child_by_field_name("arguments"))
                    if fn is None:
                        continue
                    if fn.type == "func_literal":
                        push(f, fn, root, True, shared_params(fn, f, args, lambda a: spawn_shared(f, a, n)), None)
                    elif fn.type == "identifier" and self.lookup(f, fn)[0] is None and f.text(fn) in self.funcs:
                        decl, tf = self.funcs[f.text(fn)]
                        push(tf, decl, root, True, shared_params(decl, tf, args, lambda a: spawn_shared(f, a, n)), None)
                    elif fn.type == "selector_expression":
                        op = fn.child_by_field_name("operand")
                        if op is None or self.is_import(f, op):
                            continue
                        m = self.method(self.typeof(f, op), f.text(fn.child_by_field_name("field")))
                        if m is not None and m.decl.child_by_field_name("body") is not None:
                            push(
                                m.file, m.decl, root, spawn_shared(f, op, n),
                                shared_params(m.decl, m.file, args, lambda a: spawn_shared(f, a, n)), None,
                            )  # fmt: skip

        self._drain(queue, push)
        if not any(r != PLAIN for roots in self.unit_roots.values() for r in roots):
            self.quiet = True  # nothing runs concurrently: no finding is possible
            return
        if not self._concurrent_write_possible():
            self.quiet = True
            return
        everything = frozenset([ALL])
        plain_entries.extend((f, d) for f, d, name in maybe_entries if name in self.value_refs)
        plain_entries.sort(key=lambda e: (e[0].idx, e[1].start_byte))
        for f, d in plain_entries:
            push(f, d, PLAIN, True, everything, None)
        self._drain(queue, push)

    def _concurrent_write_possible(self) -> bool:
        """Does code that runs in a goroutine or handler write a field in a pointer method of a
        non-test file? Every finding is such a write (see ``_racy``), and only goroutines and
        handlers make a unit concurrent, so when there is none the sequential flow (the larger
        part of the analysis: every exported function of the package) need not be followed."""
        conc: dict[int, list[tuple]] = {}
        for u, roots in self.unit_roots.items():
            if any(r != PLAIN for r in roots):
                conc.setdefault(u[0], []).append(u)
        if not conc:
            return False
        units = {u for us in conc.values() for u in us}
        for t in self.types.values():
            if t.ambiguous or t.struct is None:
                continue
            if not any(
                m.pointer and not m.file.is_test and any(
                    m.decl.start_byte <= s and e <= m.decl.end_byte for _i, s, e in conc.get(m.file.idx, ())
                )
                for m in t.methods.values()
            ):
                continue
            for a in self.accesses(t):
                if a.write and a.method.pointer and not a.escaping and not a.method.file.is_test and a.unit in units:
                    return True
        return False

    def _target(self, f: FileIndex, call: Node) -> tuple | None:
        """What a call resolves to in the package: ("func", decl, file) or ("method", MethodDecl,
        receiver expression); None for anything else (and for calls made under a lock)."""
        key = (f.idx, call.start_byte, call.end_byte)
        if key in self._target_cache:
            return self._target_cache[key]
        out = None
        fn = _unparen(call.child_by_field_name("function"))
        top = None
        for top in f.enclosing_funcs(call):  # the outermost (syntax.top_function, from the index)
            pass
        if top is not None and top.type != "func_literal" and self.by_convention(f, top):
            fn = None  # runs with a lock held by its caller: so do the calls it makes
        if fn is not None and not self.under_lock(f, call):
            if fn.type == "identifier":
                name = f.text(fn)
                if name in self.funcs and self.lookup(f, fn)[0] is None:
                    decl, tf = self.funcs[name]
                    if decl.child_by_field_name("body") is not None:
                        out = ("func", decl, tf)
            elif fn.type == "selector_expression":
                op = fn.child_by_field_name("operand")
                if op is not None and not self.is_import(f, op):
                    m = self.method(self.typeof(f, op), f.text(fn.child_by_field_name("field")))
                    if m is not None and m.decl.child_by_field_name("body") is not None:
                        out = ("method", m, op)
        self._target_cache[key] = out
        return out

    def _drain(self, queue: deque, push) -> None:
        everything = frozenset([ALL])
        while queue:
            f, unit, root, state = queue.popleft()
            for call in self.unit_walk(f, unit):
                target = self._target(f, call)
                if target is None:
                    continue
                args = _named(call.child_by_field_name("arguments"))
                via = (f, call)
                if target[0] == "func":
                    _k, decl, tf = target
                    sp = everything if root == PLAIN else _shared_params(decl, tf, args, lambda a: self.shared(f, a, unit, state))
                    push(tf, decl, root, True, sp, via)
                else:
                    _k, m, op = target
                    sp = everything if root == PLAIN else _shared_params(m.decl, m.file, args, lambda a: self.shared(f, a, unit, state))
                    push(m.file, m.decl, root, self.shared(f, op, unit, state) and not self.child_of_same_type(f, op, m), sp, via)

    @staticmethod
    def _receiver_type(f: FileIndex, d: Node) -> str:
        recv = d.child_by_field_name("receiver")
        for n in syntax.walk(recv) if recv is not None else ():
            if n.type == "type_identifier":
                return f.text(n)
        return ""

    @property
    def value_refs(self) -> set[str]:
        """See _value_refs; worked out on first use (a package whose goroutines write no field
        never needs it)."""
        if self._value_refs_set is None:
            self._value_refs_set = self._value_refs()
        return self._value_refs_set

    def _value_refs(self) -> set[str]:
        """Names used other than by calling them or declaring them (function and method values,
        and every other identifier: only function names are looked up in the result). Counted on
        the text without comments, so a name in a string counts too, which can only add entries."""
        words: Counter = Counter()
        calls: Counter = Counter()
        for f in self.files:
            if f.is_test:
                continue
            words.update(_IDENT.findall(_without_comments(f)))
            for call in f.nodes_of("call_expression"):
                # what ``(call_expression function: (identifier) @c)`` and the selector form
                # would capture
                n = call.child_by_field_name("function")
                if n is not None and n.type == "selector_expression":
                    n = n.child_by_field_name("field")
                    if n is None or n.type != "field_identifier":
                        continue
                elif n is None or n.type != "identifier":
                    continue
                calls[f.data[n.start_byte : n.end_byte]] += 1
            for d in f.root.named_children:
                if d.type in ("function_declaration", "method_declaration"):
                    nm = d.child_by_field_name("name")
                    if nm is not None:
                        calls[f.data[nm.start_byte : nm.end_byte]] += 1
        return {w.decode("utf-8", "replace") for w, k in words.items() if k > calls.get(w, 0)}

    def _method_label(self, f: FileIndex, d: Node) -> str:
        for t in self.types.values():
            for m in t.methods.values():
                if m.decl is d or (m.file is f and syntax.same_node(m.decl, d)):
                    return m.shown
        return f.text(d.child_by_field_name("name"))

    # -- accesses -------------------------------------------------------------------------------

    def accesses(self, t: TypeDecl) -> list[_Access]:
        out: list[_Access] = []
        for m in t.methods.values():
            body = m.decl.child_by_field_name("body")
            if body is None or m.recv is None:
                continue
            f = m.file
            for n in nodes_below(body, "selector_expression"):
                if n.type != "selector_expression":
                    continue
                op = n.child_by_field_name("operand")
                fl = n.child_by_field_name("field")
                if op is None or fl is None or op.type != "identifier" or f.text(op) != m.recv:
                    continue
                fname = f.text(fl)
                if fname not in t.field_nodes or fname in t.skipped:
                    continue
                d, fn = self.lookup(f, op)
                if d is None or d.kind != "recv" or not syntax.same_node(fn, m.decl):
                    continue
                p = n.parent
                if p is not None and p.type == "call_expression" and syntax.is_field(p, "function", n):
                    continue  # calling a func-typed field
                unit, escaping, in_lit = self._unit_of(f, n, m.decl)
                out.append(_Access(m, fname, n, _is_write(f, n), unit, escaping, in_lit))
        return out

    def _unit_of(self, f: FileIndex, n: Node, decl: Node) -> tuple[tuple, bool, bool]:
        escaping = False
        p = n.parent
        while p is not None and not syntax.same_node(p, decl):
            if p.type == "func_literal":
                kind = self.root_literal_kind(f, p)
                if kind is not None:
                    return (f.idx, p.start_byte, p.end_byte), escaping, True
                if not _invoked_or_deferred(p):
                    escaping = True
            p = p.parent
        return (f.idx, decl.start_byte, decl.end_byte), escaping, False

    def atomic_fields(self) -> set[str]:
        """Field names passed by address to a sync/atomic function anywhere in the package.
        Computed once per package model (every file of the package asks)."""
        cached = self.__dict__.get("_atomic_fields")
        if cached is not None:
            return cached
        out: set[str] = set()
        self.__dict__["_atomic_fields"] = out
        for f in self.files:
            if f.atomic is None or f.atomic.encode() not in f.data:
                continue
            for n in f.nodes_of("call_expression"):
                fn = n.child_by_field_name("function")
                if fn is None or fn.type != "selector_expression":
                    continue
                op = fn.child_by_field_name("operand")
                if op is None or f.text(op) != f.atomic:
                    continue
                for a in _named(n.child_by_field_name("arguments")):
                    if a.type == "unary_expression":
                        inner = _unparen(a.child_by_field_name("operand"))
                        if inner is not None and inner.type == "selector_expression":
                            out.add(f.text(inner.child_by_field_name("field")))
        return out


def _without_comments(f: FileIndex) -> bytes:
    """The file's bytes with each comment replaced by a blank (string literals kept). Read with
    ``lexical.NOT_CODE``, a regular expression: capturing every comment node in the file's query
    pass cost a third of that pass."""
    parts, pos = [], 0
    for m in lexical.NOT_CODE.finditer(f.data):
        if f.data[m.start()] == 0x2F:  # a comment: // or /*
            parts.append(f.data[pos : m.start()])
            pos = m.end()
    parts.append(f.data[pos:])
    return b" ".join(parts)


def _params_of(fn: Node, f: FileIndex) -> list[str]:
    out: list[str] = []
    for p in _named(fn.child_by_field_name("parameters")):
        names = p.children_by_field_name("name")
        if names:
            out.extend(f.text(n) for n in names)
        else:
            out.append("_")
    return out


def _shared_params(fn: Node, tf: FileIndex, args: list[Node], arg_shared) -> frozenset:
    """The parameters of ``fn`` whose arguments are shared."""
    names = _params_of(fn, tf)
    out = set()
    for i, a in enumerate(args):
        if not names:
            break
        if arg_shared(a):
            out.add(names[min(i, len(names) - 1)])
    return frozenset(out)


def _invoked_or_deferred(lit: Node) -> bool:
    call = lit.parent
    return call is not None and call.type == "call_expression" and syntax.is_field(call, "function", lit)


def _is_write(f: FileIndex, sel: Node) -> bool:
    """Is the selector ``recv.f`` written: assigned (also ``recv.f[k] = …``), incremented,
    ``delete``d from or ``clear``ed?"""
    target = sel
    p = sel.parent
    if p is not None and p.type == "index_expression" and syntax.is_field(p, "operand", sel):
        target, p = p, p.parent
    while p is not None and p.type == "parenthesized_expression":
        target, p = p, p.parent
    if p is None:
        return False
    if p.type in ("inc_statement", "dec_statement"):
        return True
    if p.type == "expression_list" and p.parent is not None and p.parent.type == "assignment_statement":
        return syntax.is_field(p.parent, "left", p)
    if p.type == "argument_list" and target is sel:
        call = p.parent
        fn = call.child_by_field_name("function") if call is not None else None
        args = _named(p)
        if fn is not None and fn.type == "identifier" and f.text(fn) in ("delete", "clear") and args and syntax.same_node(args[0], sel):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# building the model once per package state
# ---------------------------------------------------------------------------------------------


def _model(files: list[FileIndex]) -> _Package | None:
    """The analysed package for one state of the package's files."""
    pkg: _Package | None = _Package(files)
    if not any(_shows_concurrency(f.data) for f in files if not f.is_test):
        pkg.quiet = True
        return pkg
    try:
        pkg.analyse()
    except _TooComplex:
        pkg = None
    return pkg


def _package_for(ctx: FileContext, cur: str) -> _Package | None:
    """The package model, built once per package state (see ``package_model``)."""
    return package_model(ctx.package, cur, ctx.data, ctx.root, _model, "GF403", lambda s: _generated_bystander(ctx, s))


def _generated_bystander(ctx: FileContext, s) -> bool:
    """A generated sibling that starts no goroutine and serves no HTTP: left out of the model.

    Such files (ssa's rewrite rules, syscall's zsyscall tables, stringer output) are a third of
    the standard library's bytes; parsing and querying them cost most of GF403's time, while
    they can neither show that a type is shared nor be reported or fixed. The price is that a
    read in such a file no longer counts as the other side of a race: findings can only be
    fewer, never new."""
    return ctx.package.sibling_fact(
        "GF403 generated bystander",
        s,
        lambda s: is_generated(s.source.data) and not _statement_evidence(s.source.data),
    )


def _package_shows_concurrency(data: bytes, view: PackageView) -> bool:
    """Does this file (``data``) or a non-test sibling show concurrency?"""
    return _shows_concurrency(data) or _siblings_show_concurrency(view)


def _siblings_show_concurrency(view: PackageView) -> bool:
    """Does a non-test sibling show concurrency (``_shows_concurrency``, the test that makes a model
    quiet, so skipping here changes no finding)? The package's files are searched once per
    directory state, not once per file of the package."""
    showing = view.package_memo(
        "GF403 evidence",
        lambda files: frozenset(s.path for s in files if not s.is_test and _shows_concurrency(s.source.data)),
    )
    return any(p != view.path for p in showing)


# ---------------------------------------------------------------------------------------------
# the rule
# ---------------------------------------------------------------------------------------------


@dataclass
class _Report:
    method: MethodDecl
    write: _Access
    fields: list[str]


def _statement_evidence(data: bytes) -> bool:
    """Byte-level evidence that a generated file may take part in concurrency
    (``_shows_concurrency``, or a ``ServeHTTP`` or ``ResponseWriter`` spelled without the
    import); generated files without any are left out of the package model."""
    return b"ServeHTTP" in data or b"ResponseWriter" in data or _shows_concurrency(data)


# a method with a named pointer receiver, as gofmt writes it (and as ``requires`` assumes)
_POINTER_METHOD = re.compile(rb"func \(\s*[^\s()*,/]+\s*\*")


class UnguardedSharedField(Rule):
    code = "GF403"
    name = "unguarded-shared-field"
    summary = "a struct field of a type shared between goroutines is written without a lock"
    fix_class = FixClass.UNSAFE
    requires = (b"func (",)
    package_wide = True
    # the model of a package that shows concurrency reads every file of it, its tests too
    package_trees = prefilter.package_test("a file of the package shows concurrency", lambda data, view: _package_shows_concurrency(data, view))

    def applies_to(self, data: bytes) -> bool:
        # a finding is always in a method with a named pointer receiver (``func (s *T)``)
        return _POINTER_METHOD.search(data) is not None

    def applies_in(self, data: bytes, package: PackageView) -> bool:
        # writes in test files are never reported (see _racy), and without a goroutine or an
        # HTTP handler in the package's non-test files nothing is shared (the model would be
        # quiet): the file is not even parsed for this rule
        if package.path is not None and package.path.endswith("_test.go"):
            return False
        return _package_shows_concurrency(data, package)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        cur = ctx.package.path or ctx.source.path  # (resolved once, by the package view)
        if cur.endswith("_test.go"):
            return  # writes in test files are never reported (see _racy): nothing to look at
        if not self._candidates(ctx):
            return
        # (applies_in has made sure the package shows a goroutine or an HTTP handler)
        pkg = _package_for(ctx, cur)
        if pkg is None or pkg.quiet:
            return
        for t in _types_with_pointer_methods_in(pkg).get(cur, ()):
            reports, guarded = self._racy_once(pkg, t)
            mine = [r for r in reports if r.method.file.path == cur]
            if not mine:
                continue
            fix_cache: dict[str, tuple[Fix | None, str]] = {}
            for r in sorted(mine, key=lambda r: r.write.node.start_byte):
                yield self._finding(ctx, pkg, t, r, guarded, reports, cur, fix_cache)

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

    def _racy_once(self, pkg: _Package, t: TypeDecl) -> tuple[list[_Report], set[str]]:
        """``_racy`` for the package model, once per type: a type whose methods are spread over
        several files is asked about by each of them."""
        memo = pkg.__dict__.setdefault("_racy", {})
        if t.name not in memo:
            memo[t.name] = self._racy(pkg, t, pkg.atomic_fields())
        return memo[t.name]

    def _racy(self, pkg: _Package, t: TypeDecl, atomics: set[str]) -> tuple[list[_Report], set[str]]:
        accesses = [a for a in pkg.accesses(t) if a.field not in atomics]
        by_field: dict[str, list[_Access]] = {}
        for a in accesses:
            by_field.setdefault(a.field, []).append(a)
        has_mutex = bool(t.mutexes)
        per_method: dict[str, list[_Access]] = {}
        for a in accesses:
            m = a.method
            if not a.write or not m.pointer or a.escaping or m.file.is_test:
                continue
            if _locked_by_convention(m.file, m.decl):
                continue
            unit_node = _unit_node(pkg, a)
            if unit_node is None or pkg.locks(m.file, unit_node):
                continue
            if has_mutex and not a.in_literal and self._called_under_lock(pkg, m):
                continue
            roots = pkg.unit_roots.get(a.unit, set())
            conc = [r for r in roots if r != PLAIN]
            if not conc:
                continue
            if all(r[0] == "go" and not pkg.many.get(r) for r in conc) and _published(m.file, a.node):
                continue  # the one goroutine hands the value over (close, send, Done) after writing
            if not self._conflicts(pkg, conc, a, by_field[a.field]):
                continue
            per_method.setdefault(m.name, []).append(a)
        reports = []
        guarded: set[str] = set()
        for name, writes in per_method.items():
            writes.sort(key=lambda a: a.node.start_byte)
            fields = sorted({w.field for w in writes})
            guarded.update(fields)
            reports.append(_Report(t.methods[name], writes[0], fields))
        return reports, guarded

    @staticmethod
    def _conflicts(pkg: _Package, conc: list[tuple], w: _Access, others: list[_Access]) -> bool:
        for a in others:
            ra = pkg.unit_roots.get(a.unit, set())
            if a.escaping and not a.write:
                ra = ra | {PLAIN}
            for r1 in conc:
                for r2 in ra:
                    if r2 == PLAIN and a.unit == w.unit and a.unit not in pkg.plain_called:
                        # the same code, run by the goroutine and (maybe) by another package:
                        # too weak to call a race
                        continue
                    if r1 != r2 or pkg.many.get(r1, False):
                        return True
        return False

    @staticmethod
    def _called_under_lock(pkg: _Package, m: MethodDecl) -> bool:
        """Is the method called by name from a function that locks something (it is then likely a
        helper that runs with the caller's lock held)? The package's calls are indexed by name
        once; whether a function locks is worked out only for the callers of names asked about."""
        memo = pkg.__dict__.setdefault("_under_lock", {})
        if m.name not in memo:
            memo[m.name] = any(
                any(d > 0 for _p, d in pkg.lock_events(f, fn))
                for f, fn in _callers(pkg).get(m.name, ())
            )
        return memo[m.name]

    # -- the finding --------------------------------------------------------------------------------

    def _finding(
        self,
        ctx: FileContext,
        pkg: _Package,
        t: TypeDecl,
        r: _Report,
        guarded: set[str],
        reports: list[_Report],
        cur: str,
        fix_cache: dict,
    ) -> Finding:
        w = r.write
        runs = _why(pkg, w.unit, "the function literal writing it" if w.in_literal else r.method.name)
        what = "without a lock" if not t.mutexes else f"without holding {t.name}'s mutex"
        message = f"`{t.name}.{w.field}` is written {what} while {t.name} is shared between goroutines: {runs}"
        if w.in_literal:
            return self.finding(w.node, f"{message}; no fix: the write is in a goroutine started by {r.method.name}")
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
                fix_cache["add"] = self._add_mutex(ctx, pkg, t, guarded, cur)
            fix, reason = fix_cache["add"]
        if fix is None:
            return self.finding(w.node, f"{message}; no fix: {reason}")
        return self.finding(w.node, message, fix)

    # -- fixes ----------------------------------------------------------------------------------------

    def _add_mutex(self, ctx: FileContext, pkg: _Package, t: TypeDecl, guarded: set[str], cur: str) -> tuple[Fix | None, str]:
        if t.file.path != cur:
            return None, f"{t.name} is declared in {t.file.name} and a fix edits one file"
        all_acc = pkg.accesses(t)
        users = sorted({a.method.name for a in all_acc if a.field in guarded}, key=lambda n: t.methods[n].decl.start_byte)
        methods = [t.methods[n] for n in users]
        for m in methods:
            if m.file.path != cur:
                return None, f"{m.shown} in {m.file.name} also uses {', '.join(sorted(guarded))} and a fix edits one file"
        reason = _copy_reason(pkg, t)
        if reason:
            return None, reason
        names = set(users)
        for a in all_acc:
            if a.field in guarded and a.escaping:
                return None, f"{a.method.shown} uses {a.field} inside a function literal that may run after it returns"
            if a.field in guarded and a.in_literal:
                return None, f"{a.method.shown} uses {a.field} inside a goroutine or handler literal"
        reason = _lock_hazard(pkg, t, methods, names)
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
        e = _field_edit(src, t, f"{mu} {sync_name}.Mutex")
        if e is None:
            return None, f"cannot place a field in {t.name}'s one-line struct with comments or tags"
        edits.append(e)
        for m in methods:
            e = _lock_edit(src, m, f"{m.recv}.{mu}.Lock()", f"defer {m.recv}.{mu}.Unlock()")
            if e is None:
                return None, f"cannot place the lock in {m.shown} (one-line body with comments)"
            edits.append(e)
        desc = f"add `{mu} {sync_name}.Mutex` to {t.name} and lock it in {', '.join(m.name for m in methods)}"
        outside = _outside_uses(pkg, t, guarded)
        if outside:
            desc += f" (unsafe: {outside} stays unguarded)"
        else:
            desc += " (unsafe: locking changes timing and may block)"
        return Fix(desc, tuple(edits), Applicability.UNSAFE, imports), ""


def _types_with_pointer_methods_in(pkg: _Package) -> dict[str, list[TypeDecl]]:
    """File path -> the struct types (by name) with a pointer method declared in that file: the
    types a file's findings can be about, listed once per model rather than found by looking
    at every method of every type for each file of the package."""
    got = pkg.__dict__.get("_types_by_file")
    if got is None:
        got = pkg.__dict__["_types_by_file"] = {}
        for t in sorted(pkg.types.values(), key=lambda t: t.name):
            if t.ambiguous or t.struct is None or not t.methods:
                continue
            for path in dict.fromkeys(m.file.path for m in t.methods.values() if m.pointer):
                got.setdefault(path, []).append(t)
    return got


def _callers(pkg: _Package) -> dict[str, list[tuple[FileIndex, Node]]]:
    """Callee name (``f()`` or ``x.f()``) -> the functions calling it, one entry per call
    site, built once per package model."""
    got = pkg.__dict__.get("_callers")
    if got is None:
        got = pkg.__dict__["_callers"] = {}
        for f in pkg.files:
            for n in f.nodes_of("call_expression"):
                name = syntax.callee_name(n, f.data)
                if not name:
                    continue
                fn = f.enclosing_func(n)
                if fn is not None:
                    got.setdefault(name, []).append((f, fn))
    return got


def _why(pkg: _Package, unit: tuple, who: str) -> str:
    """Say why ``who`` runs concurrently: the root that reached it first, and the call site."""
    root, via = pkg.evidence.get(unit, (None, None))
    if root is None:
        return f"{who} runs concurrently"
    desc = pkg.root_desc[root]
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


def _unit_node(pkg: _Package, a: _Access) -> Node | None:
    _idx, s, e = a.unit
    if _same_span(a.method.decl, s, e):
        return a.method.decl
    n = a.node
    while n is not None:
        if n.type == "func_literal" and n.start_byte == s and n.end_byte == e:
            return n
        n = n.parent
    return None


_EXITS = ("return_statement", "break_statement", "continue_statement", "goto_statement")


def _on_early_exit(call: Node, fn: Node) -> bool:
    """Is the call in a nested block that ends by leaving (return, break, continue, goto)?"""
    stmt = call.parent
    while stmt is not None and stmt.parent is not None and stmt.parent.type != "statement_list":
        stmt = stmt.parent
    lst = stmt.parent if stmt is not None else None
    if lst is None or lst.type != "statement_list":
        return False
    block = lst.parent
    body = fn.child_by_field_name("body")
    if block is None or body is None or syntax.same_node(block, body):
        return False
    last = _named(lst)
    return bool(last) and last[-1].type in _EXITS


def _published(f: FileIndex, write: Node) -> bool:
    """Is the write followed, on its function's straight path, by something that hands the result
    to a waiting goroutine (``close(ch)``, a send, ``wg.Done()``, ``cond.Signal()``)? The reader
    then reads after the write (happens-before), as in ``w.err = cmd.Wait(); close(w.done)``."""
    fn = f.enclosing_func(write)
    if fn is None:
        return False
    p = write.parent
    while p is not None and not syntax.same_node(p, fn):
        if p.type == "for_statement":
            return False
        p = p.parent
    body = fn.child_by_field_name("body")
    for n in syntax.walk_same_function(body) if body is not None else ():
        deferred = n.type == "defer_statement"  # runs when the function returns: after the write
        if n.start_byte < write.end_byte and not deferred:
            continue
        for x in syntax.walk(n) if deferred else (n,):
            if x.type == "send_statement":
                return True
            if x.type == "call_expression" and syntax.callee_name(x, f.data) in ("close", "Done", "Signal", "Broadcast"):
                return True
    return False


def _same_span(n: Node, s: int, e: int) -> bool:
    return n.start_byte == s and n.end_byte == e


def _locked_by_convention(f: FileIndex, decl: Node) -> bool:
    """A function named ``…Locked`` or documented as running with a lock held."""
    nm = decl.child_by_field_name("name")
    if nm is not None and "locked" in f.text(nm).lower():
        return True
    doc = _doc_comment(f, decl)
    return bool(doc and _LOCK_DOC.search(doc))


def _doc_comment(f: FileIndex, decl: Node) -> str:
    lines = []
    p = decl.prev_named_sibling
    end = decl.start_byte
    while p is not None and p.type == "comment" and f.line(end) - f.line(p.end_byte) <= 1:
        lines.append(f.text(p))
        end = p.start_byte
        p = p.prev_named_sibling
    return "\n".join(reversed(lines))


def _copy_reason(pkg: _Package, t: TypeDecl, seen: set[str] | None = None) -> str | None:
    """Why adding a mutex to ``t`` would make go vet's copylocks fail, or None when no copy of a
    ``t`` value (or of a type containing one) is visible in the package."""
    seen = set() if seen is None else seen
    if t.name in seen:
        return None
    seen.add(t.name)
    for m in t.methods.values():
        if not m.pointer:
            return f"{m.shown} has a value receiver (a copy of {t.name} would copy the mutex)"
    containers: list[TypeDecl] = []
    name = t.name
    fields = _fields_of_type(pkg).get(name, frozenset())
    values = _may_have_values(pkg, name)
    for f in pkg.files:
        if name.encode() not in f.data:
            continue
        for n in _copy_candidates(pkg, f) if values else _spelled(f, name, "type_identifier"):
            if n.type == "type_identifier":
                if f.text(n) == name:
                    why = _type_use_copies(pkg, f, n, t, containers)
                    if why:
                        return why
            elif n.type == "selector_expression" and f.text(n.child_by_field_name("field")) not in fields:
                continue  # typeof(x.f) is the declared type of a field named f: never a `name`
            elif _could_be(pkg, f, n, name) and pkg.typeof(f, n) == ("named", name):
                return _value_use_copies(f, n, name)
    for c in containers:
        why = _copy_reason(pkg, c, seen)
        if why:
            return f"{c.name} contains a {t.name} and {why}"
    return None


def _may_have_values(pkg: _Package, name: str) -> bool:
    """May an expression be a value of type ``name`` (see ``_typeof``)? A value of type ``T``
    starts at a ``T`` written as a type not behind a pointer (a variable, field, result,
    element, literal, assertion or type argument; ``new(T)`` is a ``*T``), at a conversion
    ``T(x)``, or at a dereference ``*p`` of a ``*T``. A type written only as ``*T`` and never
    dereferenced has no value anywhere, and _copy_reason then looks only at where ``T`` is
    written: the runtime's ``p`` is spelled in all of its 460 files, and working out the type
    of every copied expression there to find none cost two seconds.

    The types of the dereferences are worked out only for a name that is not already known to
    have values from how it is written (the costly part, and most types asked about are
    written as values somewhere)."""
    word = name.encode()
    return any(_written_as_value(f, name) for f in pkg.files if word in f.data) or name in _dereferenced(pkg)


def _written_as_value(f: FileIndex, name: str) -> bool:
    """Does the file write ``name`` as a type not behind a pointer, or call it as a conversion?
    Its nodes are found at the places the file spells the name, not by a query over the file."""
    for n in _spelled(f, name, "type_identifier", "identifier"):
        p = n.parent
        if n.type == "type_identifier":
            if p is None or p.type == "pointer_type" or (p.type == "type_spec" and syntax.is_field(p, "name", n)):
                continue
            if p.type == "argument_list" and p.parent is not None and syntax.callee_name(p.parent, f.data) == "new":
                continue  # new(T) is a *T
            return True
        while p is not None and p.type == "parenthesized_expression":
            p = p.parent
        if p is not None and p.type == "call_expression" and syntax.same_node(_unparen(p.child_by_field_name("function")), n):
            return True  # a conversion T(x)
    return False


def _spelled(f: FileIndex, name: str, *types: str) -> list[Node]:
    """The file's nodes of ``types`` whose text is ``name``, in document order: looked up where
    the bytes spell it as a whole word, instead of a query for every such node of the file."""
    word = name.encode()
    out = []
    for i in lexical.word_offsets(f.data, word):
        end = i + len(word)
        n = f.root.descendant_for_byte_range(i, end)
        if n is not None and n.type in types and n.start_byte == i and n.end_byte == end:
            out.append(n)
    return out


def _dereferenced(pkg: _Package) -> set[str]:
    """Names of the types of the package's ``*p`` expressions (once per model)."""
    got = pkg.__dict__.get("_dereferenced")
    if got is None:
        got = pkg.__dict__["_dereferenced"] = set()
        for f in pkg.files:
            for u in nodes_below_unordered(f.root, "unary_expression"):
                op = u.child_by_field_name("operator")
                if op is None or op.type != "*":
                    continue
                r = pkg.typeof(f, u.child_by_field_name("operand"))
                while r is not None and r[0] == "ptr":
                    r = r[1]
                if r is not None and r[0] == "named":
                    got.add(r[1])
    return got


def _fields_of_type(pkg: _Package) -> dict[str, frozenset[str]]:
    """Type name -> the names of the package's struct fields declared with exactly that type.

    A selector ``x.f`` has a named type only through a field ``f`` declared with it (see
    ``_typeof`` and ``field_type``), so _copy_reason asks for the type of a selector only when
    its field has one of these names: a type called ``p`` or ``g`` is spelled in every file of
    the runtime, and working out the type of every copied selector there cost seconds."""
    got = pkg.__dict__.get("_fields_of_type")
    if got is None:
        acc: dict[str, set[str]] = {}
        for t in pkg.types.values():
            for fname, r in t.fields.items():
                if r is not None and r[0] == "named":
                    acc.setdefault(r[1], set()).add(fname)
        got = pkg.__dict__["_fields_of_type"] = {k: frozenset(v) for k, v in acc.items()}
    return got


_COPY_TYPES = ("type_identifier", "identifier", "selector_expression", "index_expression", "unary_expression", "call_expression")


def _copy_candidates(pkg: _Package, f: FileIndex) -> list[Node]:
    """The file's type names and the expressions whose use copies their value, in document order.

    The syntactic test does not depend on the type asked about, so it runs once per file of the
    package model rather than once per type _copy_reason examines (most expressions are used
    without a copy: a field access, an address); only these have their types worked out."""
    cache: dict = pkg.__dict__.setdefault("_copy_candidates", {})
    got = cache.get(id(f))
    if got is None:
        got = cache[id(f)] = [
            n
            for n in nodes_below(f.root, *_COPY_TYPES)
            if n.type == "type_identifier"
            or (not (n.type == "identifier" and f.text(n) == "_") and _value_use_copies(f, n, "", describe=False))
        ]
    return got


def _could_be(pkg: _Package, f: FileIndex, n: Node, name: str) -> bool:
    """Cheap filter before computing a type: only expressions that may denote a value of ``name``."""
    t = n.type
    if t == "identifier":
        p = n.parent
        if p is not None and p.type in ("selector_expression",) and syntax.is_field(p, "operand", n):
            return True
        d, _fn = pkg.lookup(f, n)
        if d is not None:
            if d.type_node is not None:
                return name.encode() in f.data[d.type_node.start_byte : d.type_node.end_byte]
            return d.init is not None
        return f.text(n) in pkg.pkg_vars
    if t == "selector_expression":
        return True
    if t == "unary_expression":
        op = n.child_by_field_name("operator")
        return op is not None and op.type == "*"
    if t == "index_expression":
        return True
    return False


def _type_use_copies(pkg: _Package, f: FileIndex, n: Node, t: TypeDecl, containers: list[TypeDecl]) -> str | None:
    p = n.parent
    if p is None:
        return None
    pt = p.type
    if pt == "type_spec" and syntax.is_field(p, "name", n):
        return None
    if pt == "pointer_type":
        return None
    if pt == "generic_type":
        q = p.parent
        if q is not None and q.type == "pointer_type":
            return None
        p, pt = q, q.type if q is not None else ""
        if p is None:
            return None
    if pt == "composite_literal":
        # a keyed literal is fine; an unkeyed one would no longer compile with a new field
        body = p.child_by_field_name("body")
        if body is not None and any(c.type == "literal_element" for c in _named(body)):
            return f"an unkeyed {t.name} literal at {f.where(p)} would break with a new field"
        return None
    if pt == "argument_list":
        call = p.parent
        if call is not None and syntax.callee_name(call, f.data) == "new":
            return None
        return f"{t.name} is used by value at {f.where(n)}"
    if pt == "var_spec":
        vals = _named(p.child_by_field_name("value"))
        if all(v.type == "composite_literal" for v in vals):
            return None
        return f"a {t.name} is copied at {f.where(p)}"
    if pt == "field_declaration":
        lst = p.parent
        st = lst.parent if lst is not None else None
        spec = st.parent if st is not None else None
        if spec is not None and spec.type == "type_spec":
            cname = f.text(spec.child_by_field_name("name"))
            c = pkg.types.get(cname)
            if c is not None and not c.ambiguous:
                if c not in containers:
                    containers.append(c)
                return None
        return f"a {t.name} field of an anonymous struct at {f.where(n)} may be copied"
    if pt == "type_spec" or pt == "receiver":
        return None
    if pt == "parameter_declaration":
        plist = p.parent
        owner = plist.parent if plist is not None else None
        if owner is not None and owner.type == "method_declaration" and syntax.is_field(owner, "receiver", plist):
            return None  # value receivers are reported above with their own message
        return f"a {t.name} is passed or returned by value at {f.where(n)}"
    return f"{t.name} is used by value at {f.where(n)}"


def _value_use_copies(f: FileIndex, n: Node, name: str, describe: bool = True) -> str | None:
    """Is a value of the type used in a way that copies it (not a field access, a method call, an
    address, or the left side of an assignment)? Without ``describe``, a non-empty placeholder
    instead of the message (whose position costs a line count)."""
    child, p = n, n.parent
    while p is not None and p.type == "parenthesized_expression":
        child, p = p, p.parent
    if p is None or p.type in ("parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec"):
        return None  # a declaration, not a use (its type and value are checked on their own)
    if p.type == "selector_expression" and syntax.is_field(p, "operand", child):
        return None
    if p.type == "unary_expression":
        op = p.child_by_field_name("operator")
        if op is not None and op.type == "&":
            return None
    if p.type == "expression_list" and p.parent is not None and p.parent.type == "assignment_statement":
        if syntax.is_field(p.parent, "left", p):
            if n.type == "unary_expression":
                return f"a whole {name} is overwritten at {f.where(n)}" if describe else "overwritten"
            return None
    if p.type == "expression_list" and p.parent is not None and p.parent.type == "short_var_declaration" and syntax.is_field(p.parent, "left", p):
        return None
    if p.type == "range_clause" and syntax.is_field(p, "left", child):
        return None
    if p.type == "expression_list" and p.parent is not None and p.parent.type == "range_clause":
        return None
    return f"a {name} value is copied at {f.where(n)}" if describe else "copied"


def _lock_hazard(pkg: _Package, t: TypeDecl, methods: list[MethodDecl], lockers: set[str]) -> str | None:
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
            if n.type == "func_literal" and pkg.root_literal_kind(f, n) == "go":
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
                if _is_locking_name(name) or _is_unlocking_name(name):
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


def _first_below(src: SourceFile, items: list[Node], line: int) -> tuple[Node | None, bool]:
    """The first item starting below ``line``, and whether only comments share ``line``."""
    only_comments = all(c.type == "comment" for c in items if src.line_of(c.start_byte) == line)
    below = next((c for c in items if src.line_of(c.start_byte) > line), None)
    return below, only_comments


def _field_edit(src: SourceFile, t: TypeDecl, decl: str) -> Edit | None:
    lst = next((c for c in t.struct.named_children if c.type == "field_declaration_list"), None)
    if lst is None:
        return None
    data = src.data
    items = list(lst.named_children)
    open_line = src.line_of(lst.start_byte)
    below, only_comments = _first_below(src, items, open_line)
    if below is not None and only_comments:
        at = src.line_end(open_line)
        nl = src.newline_at(at)
        indent = src.indent_of_line(below.start_byte)
        next_blank = not data[src.line_start(open_line + 1) : src.line_end(open_line + 1)].strip()
        return Edit(at, at, nl + indent + decl.encode() + (b"" if next_blank else nl))
    # one-line struct: struct{ a int; b string } becomes a block
    fields = items
    if not fields or any(c.type != "field_declaration" or c.child_by_field_name("tag") is not None for c in fields):
        return None
    if src.line_of(lst.end_byte) != open_line:
        return None
    base = src.indent_of_line(lst.start_byte)
    nl = src.newline_at(lst.start_byte)
    ind = base + b"\t"
    rows = []
    for c in fields:
        names = c.children_by_field_name("name")
        ty = c.child_by_field_name("type")
        left = b", ".join(src.text(n) for n in names)
        rows.append((left, src.text(ty) if ty is not None else b""))
    width = max((len(left) for left, _ in rows if left), default=0)
    body = [ind + decl.encode() + nl, nl]
    for left, ty in rows:
        if left:
            body.append(ind + left + b" " * (width - len(left) + 1) + ty + nl)
        else:
            body.append(ind + ty + nl)
    # gofmt spells a multi-line struct `struct {`, a one-line one `struct{`
    return Edit(t.struct.start_byte, lst.end_byte, b"struct {" + nl + b"".join(body) + base + b"}")


def _lock_edit(src: SourceFile, m: MethodDecl, lock: str, unlock: str) -> Edit | None:
    body = m.decl.child_by_field_name("body")
    if body is None:
        return None
    open_line = src.line_of(body.start_byte)
    items: list[Node] = []
    for c in body.named_children:
        items.extend(c.named_children if c.type == "statement_list" else [c])
    below, only_comments = _first_below(src, items, open_line)
    if below is not None and only_comments:
        at = src.line_end(open_line)
        nl = src.newline_at(at)
        indent = src.indent_of_line(below.start_byte)
        return Edit(at, at, nl + indent + lock.encode() + nl + indent + unlock.encode())
    if src.line_of(body.end_byte) != open_line or not items or any(c.type == "comment" for c in syntax.walk(body)):
        return None
    base = src.indent_of_line(m.decl.start_byte)
    ind = base + b"\t"
    nl = src.newline_at(body.start_byte)
    lines = [ind + lock.encode() + nl, ind + unlock.encode() + nl]
    lines += [ind + src.text(s) + nl for s in items]
    return Edit(body.start_byte, body.end_byte, b"{" + nl + b"".join(lines) + base + b"}")


def _outside_uses(pkg: _Package, t: TypeDecl, guarded: set[str]) -> str | None:
    """The first use of a guarded field outside the type's methods on a shared value."""
    method_spans = [(m.file.idx, m.decl.start_byte, m.decl.end_byte) for m in t.methods.values()]
    for f in pkg.files:
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
            if deref(pkg.typeof(f, op)) != ("named", t.name):
                continue
            top = syntax.enclosing(n, ("function_declaration", "method_declaration"))
            if top is None or not pkg.shared(f, op, top, (True, frozenset(_all_params(f, top)))):
                continue
            fn = f.enclosing_func(n)
            label = f.text(fn.child_by_field_name("name")) if fn is not None and fn.type != "func_literal" else "a function literal"
            if fn is not None and fn.type == "method_declaration":
                label = pkg._method_label(f, fn)
            return f"the use of {f.text(n)} in {label} ({f.where(n)})"
    return None


def _all_params(f: FileIndex, fn: Node) -> list[str]:
    out = []
    for p in _named(fn.child_by_field_name("parameters")):
        out.extend(f.text(n) for n in p.children_by_field_name("name"))
    return out
