"""The contexts a package's code runs in: which functions run in a goroutine or serve HTTP
requests, how many of each may run at once, and which values they share.

A *root* is where concurrent code starts: a ``go`` statement (``go f(x)``, ``go func(){…}()``),
an errgroup-style callback (``g.Go(func…)``) or an HTTP handler (a ``ServeHTTP`` method, a
function with the handler signature used as a value, a handler literal). From each root the
analysis follows the package's call graph, so a method called (through functions of the package)
inside a goroutine is known to run in it. A unit of analysis is a function declaration, or a
goroutine or handler literal inside one. ``PLAIN`` stands for the ordinary sequential program
(the exported API, ``main``, ``init``), followed only on request: it is the larger part of the
analysis.

Sharing is followed with the values: a method runs *on a shared receiver* when the goroutine
reaches it through a receiver, a parameter, a captured or a package variable, not through a
value the goroutine made itself (``fresh``: a literal, ``new``, a ``newX`` constructor, a pool's
``Get``) or was handed alone (``private_to``: made in the loop iteration that starts the
goroutine and not used by its starter afterwards). All of it is resolved by name and
declaration, without the type checker: two instances of one type are not told apart.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

from tree_sitter import Node

from ..discover import is_generated
from . import lexical, locks, nethttp, model as model_
from .decls import MethodDecl, TypeDecl
from .files import FileIndex, nodes_below
from .model import PackageModel
from .scope import Binding
from .siblings import PackageView, Sibling
from .syntax import FUNC_TYPES, callee_name, inside, is_field, named, same_node, unparen, walk, walk_same_function
from .types import deref

PLAIN = ("plain", "", 0)  # the ordinary, sequential flow of the program (exported API, main)
ALL = "*"  # in a set of shared parameter names: every parameter
_MAX_STATES = 40000  # worklist states per package: beyond this the package is left alone
_IDENT = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
# ``x.Go(func…)``, an errgroup-style callback (``root_literal_kind``), spaced as Go allows
_GO_METHOD_CALL = re.compile(rb"\.[ \t\r\n]*Go[ \t\r\n]*\(")


class TooComplex(Exception):
    """The package's call graph has more states than the analysis follows."""


# -- evidence in the bytes ------------------------------------------------------------------------


def shows_concurrency(data: bytes) -> bool:
    """Can the file start something that runs concurrently, judged from its bytes? What makes
    a root (see ``Concurrency.analyse``): a go statement (``lexical.may_have_go_statement``,
    which also finds one after ``{``, ``;``, a label or a case), a ``x.Go(func…)`` callback, or
    an HTTP handler, whose signature spells ``ResponseWriter`` in a file that imports net/http
    (``is_handler_sig``). A package without any runs nothing concurrently."""
    return (
        (b"Go" in data and _GO_METHOD_CALL.search(data) is not None)
        or (b"ResponseWriter" in data and lexical.may_import(data, "net/http"))
        or lexical.may_have_go_statement(data)
    )


def package_shows_concurrency(data: bytes, view: PackageView) -> bool:
    """Does this file (``data``) or a non-test file of its package show concurrency
    (``shows_concurrency``)? The package's files are searched once per directory state, not
    once per file of the package."""
    if shows_concurrency(data):
        return True
    showing = view.package_memo(
        "concurrency: evidence",
        lambda files: frozenset(s.path for s in files if not s.is_test and shows_concurrency(s.source.data)),
    )
    return any(p != view.path for p in showing)


def may_take_part(data: bytes) -> bool:
    """Byte-level evidence that a file may take part in concurrency: ``shows_concurrency``, or
    ``ServeHTTP`` or ``ResponseWriter`` spelled without the import."""
    return b"ServeHTTP" in data or b"ResponseWriter" in data or shows_concurrency(data)


def package_model(view: PackageView, path: str, data: bytes, root: Node) -> PackageModel:
    """The package's model for questions of concurrency: the shared ``PackageModel`` class over
    the package's files, except generated files that show no concurrency (``may_take_part``).

    Such files (ssa's rewrite rules, syscall's zsyscall tables, stringer output) are a third of
    the standard library's bytes; parsing and indexing them would cost most of the analysis,
    while they can neither start a goroutine nor show that a type is shared. The price is that
    an access in such a file is not seen as the other side of a race: answers can only say
    "shared" less often, never more."""

    def bystander(s: Sibling) -> bool:
        return view.sibling_fact(
            "concurrency: generated bystander", s, lambda s: is_generated(s.source.data) and not may_take_part(s.source.data)
        )

    return model_.package_model(view, path, data, root, PackageModel, "concurrency", bystander)


def facts(model: PackageModel) -> Concurrency | None:
    """The model's concurrency facts (goroutine and handler roots followed through the call
    graph), worked out once per model; None when the package is too complex to follow."""

    def make() -> Concurrency | None:
        c = Concurrency(model)
        if not any(shows_concurrency(f.data) for f in model.files if not f.is_test):
            c.quiet = True
            return c
        try:
            c.analyse()
        except TooComplex:
            return None
        return c

    return model.memo("concurrency: facts", make)


# -- syntax of roots --------------------------------------------------------------------------------


def is_handler_sig(f: FileIndex, fn: Node) -> bool:
    """Does the function have the signature of an HTTP handler, exactly ``(http.ResponseWriter,
    *http.Request)`` (``nethttp.is_handler``, net/http under the name this file imports it by)?"""
    return f.http is not None and nethttp.is_handler(fn, f.data, f.http)


def root_literal_kind(f: FileIndex, lit: Node) -> str | None:
    """"go" for a goroutine's function literal (``go func(){…}()``, ``g.Go(func…)``),
    "handler" for an HTTP handler literal, None for a plain one."""
    p = lit.parent
    if p is not None and p.type == "call_expression" and is_field(p, "function", lit):
        if p.parent is not None and p.parent.type == "go_statement":
            return "go"
        return None  # called on the spot
    if p is not None and p.type == "argument_list" and len(named(p)) == 1:
        call = p.parent
        if call is not None and callee_name(call, f.data) == "Go":
            fn = unparen(call.child_by_field_name("function"))
            if fn is not None and fn.type == "selector_expression":
                return "go"
    if is_handler_sig(f, lit):
        return "handler"
    return None


def go_boundary(f: FileIndex, lit: Node) -> Node | None:
    """The ``go`` statement (or ``g.Go`` call) that starts a goroutine literal."""
    p = lit.parent
    if p is None or p.type != "call_expression" and p.type != "argument_list":
        return None
    if p.type == "call_expression":
        return p.parent if p.parent is not None and p.parent.type == "go_statement" else None
    call = p.parent
    return call if call is not None and callee_name(call, f.data) == "Go" else None


def published(f: FileIndex, write: Node) -> bool:
    """Is the write followed, on its function's straight path, by something that hands the result
    to a waiting goroutine (``close(ch)``, a send, ``wg.Done()``, ``cond.Signal()``)? The reader
    then reads after the write (happens-before), as in ``w.err = cmd.Wait(); close(w.done)``."""
    fn = f.enclosing_func(write)
    if fn is None:
        return False
    p = write.parent
    while p is not None and not same_node(p, fn):
        if p.type == "for_statement":
            return False
        p = p.parent
    body = fn.child_by_field_name("body")
    for n in walk_same_function(body) if body is not None else ():
        deferred = n.type == "defer_statement"  # runs when the function returns: after the write
        if n.start_byte < write.end_byte and not deferred:
            continue
        for x in walk(n) if deferred else (n,):
            if x.type == "send_statement":
                return True
            if x.type == "call_expression" and callee_name(x, f.data) in ("close", "Done", "Signal", "Broadcast"):
                return True
    return False


def _exported(name: str) -> bool:
    return name[:1].isupper()


def _loop_of(n: Node) -> Node | None:
    p = n.parent
    while p is not None and p.type not in FUNC_TYPES:
        if p.type == "for_statement":
            return p
        p = p.parent
    return None


def _receiver_type(f: FileIndex, d: Node) -> str:
    recv = d.child_by_field_name("receiver")
    for n in walk(recv) if recv is not None else ():
        if n.type == "type_identifier":
            return f.text(n)
    return ""


def _params_of(fn: Node, f: FileIndex) -> list[str]:
    out: list[str] = []
    for p in named(fn.child_by_field_name("parameters")):
        names = p.children_by_field_name("name")
        if names:
            out.extend(f.text(n) for n in names)
        else:
            out.append("_")
    return out


def _shared_params(fn: Node, tf: FileIndex, args: list[Node], arg_shared: Callable[[Node], bool]) -> frozenset:
    """The parameters of ``fn`` whose arguments are shared."""
    names = _params_of(fn, tf)
    out = set()
    for i, a in enumerate(args):
        if not names:
            break
        if arg_shared(a):
            out.add(names[min(i, len(names) - 1)])
    return frozenset(out)


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


# -- field accesses ---------------------------------------------------------------------------------


@dataclass
class FieldAccess:
    """A read or write of a field of a method's receiver (``s.n``), with the unit it runs in."""

    method: MethodDecl
    field: str
    node: Node  # the selector recv.field
    write: bool
    unit: tuple  # analysis unit key: the method, or a goroutine/handler literal inside it
    escaping: bool  # inside a function literal that may run later (not deferred, not called)
    in_literal: bool  # inside any goroutine/handler literal of the method

    def unit_node(self) -> Node | None:
        """The node of the unit the access runs in: the method, or the literal around it."""
        _idx, s, e = self.unit
        if self.method.decl.start_byte == s and self.method.decl.end_byte == e:
            return self.method.decl
        n = self.node
        while n is not None:
            if n.type == "func_literal" and n.start_byte == s and n.end_byte == e:
                return n
            n = n.parent
        return None


def is_write(f: FileIndex, sel: Node) -> bool:
    """Is the selector ``recv.f`` written: assigned (also ``recv.f[k] = …``), incremented,
    ``delete``d from or ``clear``ed?"""
    target = sel
    p = sel.parent
    if p is not None and p.type == "index_expression" and is_field(p, "operand", sel):
        target, p = p, p.parent
    while p is not None and p.type == "parenthesized_expression":
        target, p = p, p.parent
    if p is None:
        return False
    if p.type in ("inc_statement", "dec_statement"):
        return True
    if p.type == "expression_list" and p.parent is not None and p.parent.type == "assignment_statement":
        return is_field(p.parent, "left", p)
    if p.type == "argument_list" and target is sel:
        call = p.parent
        fn = call.child_by_field_name("function") if call is not None else None
        args = named(p)
        if fn is not None and fn.type == "identifier" and f.text(fn) in ("delete", "clear") and args and same_node(args[0], sel):
            return True
    return False


def _invoked_or_deferred(lit: Node) -> bool:
    call = lit.parent
    return call is not None and call.type == "call_expression" and is_field(call, "function", lit)


def unit_of(f: FileIndex, n: Node, decl: Node) -> tuple[tuple, bool, bool]:
    """The unit ``n`` (inside the declaration ``decl``) runs in, whether it sits in a function
    literal that may run later (escaping), and whether it is in a goroutine or handler
    literal."""
    escaping = False
    p = n.parent
    while p is not None and not same_node(p, decl):
        if p.type == "func_literal":
            kind = root_literal_kind(f, p)
            if kind is not None:
                return (f.idx, p.start_byte, p.end_byte), escaping, True
            if not _invoked_or_deferred(p):
                escaping = True
        p = p.parent
    return (f.idx, decl.start_byte, decl.end_byte), escaping, False


def field_accesses(model: PackageModel, t: TypeDecl) -> list[FieldAccess]:
    """Every use of a data field of ``t`` (not a mutex, sync or atomic field) through the
    receiver of one of its methods, calls of func-typed fields excepted."""
    out: list[FieldAccess] = []
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
            d, fn = model.lookup(f, op)
            if d is None or d.kind != "recv" or not same_node(fn, m.decl):
                continue
            p = n.parent
            if p is not None and p.type == "call_expression" and is_field(p, "function", n):
                continue  # calling a func-typed field
            unit, escaping, in_lit = unit_of(f, n, m.decl)
            out.append(FieldAccess(m, fname, n, is_write(f, n), unit, escaping, in_lit))
    return out


# -- the analysis -----------------------------------------------------------------------------------


class Concurrency:
    """The roots of a package and the units each one reaches.

    ``unit_roots`` maps a unit (``(file idx, start, end)``) to the roots it runs under;
    ``many[root]`` says whether that root may run more than once at a time (a handler, a ``go``
    statement in a loop or in a handler); ``root_desc`` says a root in words and ``evidence``
    gives, for each unit, the first root that reached it and the call site on the way.
    ``PLAIN`` appears in ``unit_roots`` only once ``follow_sequential_flow`` has run. The facts
    refer to their model weakly (the model keeps them): whoever asks holds the model."""

    def __init__(self, model: PackageModel):
        # the model keeps these facts (``facts``): a strong reference back would make a cycle,
        # and each model left behind would wait for a full garbage collection
        self.model: PackageModel = weakref.proxy(model)
        self.unit_roots: dict[tuple, set[tuple]] = {}
        self.many: dict[tuple, bool] = {PLAIN: False}
        self.root_desc: dict[tuple, str] = {}
        self.evidence: dict[tuple, tuple] = {}  # unit key -> (root, call site) that made it concurrent
        self.plain_called: set[tuple] = set()  # units reached from the sequential flow by a call
        self.quiet = False  # no goroutine or handler anywhere: nothing runs concurrently
        self.came_from: dict[tuple, tuple | None] = {}  # (unit, root) -> first call site (debugging)
        self._calls_cache: dict[tuple, list[Node]] = {}
        self._made_cache: dict[tuple, dict[str, int]] = {}
        self._target_cache: dict[tuple, tuple | None] = {}
        self._value_refs_set: set[str] | None = None
        self._queue: deque = deque()
        # the worklist states of the propagation under way (dropped once it is done: a large
        # package has tens of thousands), and how many the finished ones had
        self._seen: set[tuple] = set()
        self._states_before = 0
        self._plain_entries: list[tuple[FileIndex, Node]] = []
        self._maybe_entries: list[tuple[FileIndex, Node, str]] = []
        self._sequential: bool | None = None  # see follow_sequential_flow

    # -- sharing --------------------------------------------------------------------------------

    def shared(self, f: FileIndex, e: Node | None, unit: Node, state: tuple, depth: int = 0) -> bool:
        """Does the value of ``e`` (evaluated in analysis unit ``unit`` in ``state``: whether
        the receiver is shared, and the names of the shared parameters) belong to something
        other goroutines can reach: a shared receiver or parameter, a captured or package
        variable? A value the function made itself (composite literal, new, a call with no
        shared operand) is not shared."""
        m = self.model
        recv_shared, shared_params = state
        while e is not None and depth < 16:
            depth += 1
            t = e.type
            if t in ("call_expression", "type_assertion_expression") and self.fresh(f, e):
                return False
            if t in ("selector_expression",):
                if self.made_here(f, e, unit):
                    return False
                e = e.child_by_field_name("operand")
            elif t in ("index_expression", "slice_expression", "type_assertion_expression"):
                e = e.child_by_field_name("operand")
            elif t == "parenthesized_expression":
                inner = named(e)
                e = inner[0] if len(inner) == 1 else None
            elif t == "unary_expression":
                op = e.child_by_field_name("operator")
                if op is not None and op.type == "<-":
                    return False
                e = e.child_by_field_name("operand")
            elif t == "call_expression":
                fn = unparen(e.child_by_field_name("function"))
                args = named(e.child_by_field_name("arguments"))
                if fn is not None and fn.type == "selector_expression":
                    op = fn.child_by_field_name("operand")
                    if op is not None and not m.is_import(f, op):
                        e = op
                        continue
                return any(self.shared(f, a, unit, state, depth) for a in args if a.type != "func_literal")
            elif t == "identifier":
                d, fn = m.lookup(f, e)
                if d is None:
                    name = f.text(e)
                    return name in m.pkg_vars and name not in f.import_names
                if not inside(fn, unit):
                    # captured from the function that started the goroutine: shared with it,
                    # unless it is a fresh value nobody else touches once the goroutine runs
                    boundary = go_boundary(f, unit)
                    return boundary is None or not self.private_to(f, e, d, fn, boundary)
                if d.kind == "recv":
                    return recv_shared if same_node(fn, unit) else True
                if d.kind == "param":
                    if not same_node(fn, unit):
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
        op = unparen(op)
        if op is None or op.type != "selector_expression":
            return False
        return deref(self.model.typeof(f, op.child_by_field_name("operand"))) == ("named", m.owner)

    def fresh(self, f: FileIndex, e: Node | None) -> bool:
        """A value made on the spot: a composite literal, ``new``/``make``, a package constructor
        (``newConn(…)``, ``NewReader(…)``), an object taken from a pool (``p.Get().(*T)``)."""
        m = self.model
        e = unparen(e)
        if e is not None and e.type == "unary_expression":
            op = e.child_by_field_name("operator")
            if op is None or op.type != "&":
                return False
            e = unparen(e.child_by_field_name("operand"))
        if e is None:
            return False
        if e.type == "composite_literal":
            return True
        if e.type == "type_assertion_expression":
            inner = unparen(e.child_by_field_name("operand"))
            return inner is not None and inner.type == "call_expression" and callee_name(inner, f.data) == "Get"
        if e.type != "call_expression":
            return False
        fn = unparen(e.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            # a constructor method of the package (s.newConn(rw)), not some library's
            op = fn.child_by_field_name("operand")
            name = f.text(fn.child_by_field_name("field"))
            return op is not None and not m.is_import(f, op) and name[:3].lower() == "new" and m.typeof(f, op) is not None
        if fn is None or fn.type != "identifier" or m.lookup(f, fn)[0] is not None:
            return False
        name = f.text(fn)
        return name in ("new", "make") or (name in m.funcs and name[:3].lower() == "new")

    def private_to(self, f: FileIndex, ident: Node, d: Binding, decl_fn: Node, boundary: Node) -> bool:
        """Is the local ``ident`` (declared by ``d`` in ``decl_fn``) handed to the goroutine that
        ``boundary`` starts and used by nobody else: a fresh value, made in the same loop
        iteration as the goroutine, not referred to after the goroutine starts?"""
        if d.kind != "local" or d.init is None or not self.fresh(f, d.init):
            return False
        p = boundary.parent
        while p is not None and not same_node(p, decl_fn):
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
            if inside(n, boundary) or f.text(n) != name:
                continue
            if self.model.lookup(f, n)[0] is d:
                return False
        return True

    # -- units ----------------------------------------------------------------------------------

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
            if t == "go_statement" or (t == "func_literal" and root_literal_kind(f, n) is not None):
                skip_to = n.end_byte
            elif t == "call_expression":
                out.append(n)
        self._calls_cache[key] = out
        return out

    def locks_anything(self, f: FileIndex, unit: Node) -> bool:
        """Does the unit take a lock (itself, or in a plain literal it contains)?"""
        return any((callee_name(c, f.data) or "") and locks.is_locking_name(callee_name(c, f.data)) for c in self.unit_walk(f, unit))

    # -- propagation ----------------------------------------------------------------------------

    def _push(self, f: FileIndex, unit: Node, root: tuple, recv_shared: bool, params: frozenset, via: tuple | None) -> None:
        ukey = (f.idx, unit.start_byte, unit.end_byte)
        key = (ukey, root, recv_shared, params)
        if root == PLAIN and via is not None and (unit.type != "method_declaration" or recv_shared):
            self.plain_called.add(ukey)
        if key in self._seen:
            return
        if self._states_before + len(self._seen) >= _MAX_STATES:
            raise TooComplex
        self._seen.add(key)
        if unit.type != "method_declaration" or recv_shared:
            self.unit_roots.setdefault(ukey, set()).add(root)
            self.came_from.setdefault((ukey, root), via)
            if root != PLAIN and ukey not in self.evidence:
                self.evidence[ukey] = (root, via)
        self._queue.append((f, unit, root, (recv_shared, params)))

    def _spawn_shared(self, f: FileIndex, e: Node, go: Node) -> bool:
        """Is an operand of ``go x.M(a)`` shared between the goroutine and its starter?"""
        e = unparen(e)
        if e is None:
            return False
        if e.type == "unary_expression":
            e = unparen(e.child_by_field_name("operand"))
        if e is None or e.type in ("composite_literal", "call_expression", "func_literal", "int_literal", "interpreted_string_literal", "raw_string_literal", "nil"):
            return False
        root = e
        while root is not None and root.type in ("selector_expression", "index_expression", "parenthesized_expression"):
            root = unparen(root.child_by_field_name("operand")) if root.type != "parenthesized_expression" else unparen(root)
        if root is not None and root.type == "identifier":
            d, fn = self.model.lookup(f, root)
            if d is not None and self.private_to(f, root, d, fn, go):
                return False
        return True

    def _outer_operand(self, f: FileIndex, go: Node, call: Node) -> bool:
        """Does ``go x.M(a…)`` in a loop hand every goroutine the same value: an operand
        rooted outside the loop (not a per-iteration variable)?"""
        loop = _loop_of(go)
        fn = unparen(call.child_by_field_name("function"))
        ops = list(named(call.child_by_field_name("arguments")))
        if fn is not None and fn.type == "selector_expression":
            ops.append(fn.child_by_field_name("operand"))
        for e in ops:
            root = unparen(e)
            while root is not None and root.type in ("selector_expression", "index_expression", "unary_expression", "parenthesized_expression"):
                root = unparen(root.child_by_field_name("operand")) if root.type != "parenthesized_expression" else unparen(root)
            if root is None or root.type != "identifier":
                continue
            d, _fn = self.model.lookup(f, root)
            if d is None:
                if f.text(root) in self.model.pkg_vars:
                    return True
                continue
            if not (loop.start_byte <= d.start < loop.end_byte):
                return True
        return False

    def _how(self, f: FileIndex, n: Node) -> str:
        if _loop_of(n) is not None:
            return " in a loop"
        return " by an HTTP handler" if self._top_is_handler(f, n) else ""

    @staticmethod
    def _top_is_handler(f: FileIndex, n: Node) -> bool:
        return any(is_handler_sig(f, fn) for fn in f.enclosing_funcs(n))

    def analyse(self) -> None:
        """Find the package's roots and follow each one through the call graph (goroutines and
        handlers; the sequential program waits for ``follow_sequential_flow``)."""
        m = self.model
        push = self._push
        for f in m.files:
            if f.is_test:
                continue
            for d in f.root.named_children:
                if d.type not in ("function_declaration", "method_declaration") or d.child_by_field_name("body") is None:
                    continue
                name = f.text(d.child_by_field_name("name"))
                public = _exported(name) and (d.type == "function_declaration" or _exported(_receiver_type(f, d)))
                if public or name in ("main", "init"):
                    self._plain_entries.append((f, d))
                else:
                    self._maybe_entries.append((f, d, name))
                is_handler = is_handler_sig(f, d) and (name == "ServeHTTP" or _exported(name) or name in self.value_refs)
                if is_handler:
                    root = ("handler", f.path, d.start_byte)
                    self.many[root] = True
                    label = name if d.type == "function_declaration" else self.method_label(f, d)
                    self.root_desc[root] = f"the HTTP handler {label}"
                    push(f, d, root, True, frozenset(), None)
            for n in f.go_statements_and_literals():
                if n.type == "func_literal":
                    kind = root_literal_kind(f, n)
                    if kind == "handler":
                        root = ("handler", f.path, n.start_byte)
                        self.many[root] = True
                        self.root_desc[root] = f"the HTTP handler function at {f.where(n)}"
                        push(f, n, root, True, frozenset(), None)
                    elif kind == "go" and n.parent is not None and n.parent.type == "argument_list":
                        call = n.parent.parent
                        root = ("go", f.path, call.start_byte)
                        self.many[root] = _loop_of(call) is not None or self._top_is_handler(f, call)
                        self.root_desc[root] = f"the goroutine started at {f.where(call)}{self._how(f, call)}"
                        push(f, n, root, True, frozenset(), None)
                elif n.type == "go_statement":
                    self._go_root(f, n)
        self._drain()
        self._states_before, self._seen = len(self._seen), set()  # the sequential flow's states are new
        if not any(r != PLAIN for roots in self.unit_roots.values() for r in roots):
            self.quiet = True  # nothing runs concurrently

    def _go_root(self, f: FileIndex, n: Node) -> None:
        m = self.model
        call = next((c for c in n.named_children if c.type == "call_expression"), None)
        if call is None:
            return
        root = ("go", f.path, n.start_byte)
        lit = unparen(call.child_by_field_name("function"))
        looping = _loop_of(n) is not None and (lit is not None and lit.type == "func_literal" or self._outer_operand(f, n, call))
        self.many[root] = looping or self._top_is_handler(f, n)
        self.root_desc[root] = f"the goroutine started at {f.where(n)}{self._how(f, n)}"
        fn = unparen(call.child_by_field_name("function"))
        args = named(call.child_by_field_name("arguments"))
        if fn is None:
            return

        def spawn_shared(a: Node) -> bool:
            return self._spawn_shared(f, a, n)

        if fn.type == "func_literal":
            self._push(f, fn, root, True, _shared_params(fn, f, args, spawn_shared), None)
        elif fn.type == "identifier" and m.lookup(f, fn)[0] is None and f.text(fn) in m.funcs:
            decl, tf = m.funcs[f.text(fn)]
            self._push(tf, decl, root, True, _shared_params(decl, tf, args, spawn_shared), None)
        elif fn.type == "selector_expression":
            op = fn.child_by_field_name("operand")
            if op is None or m.is_import(f, op):
                return
            md = m.method(m.typeof(f, op), f.text(fn.child_by_field_name("field")))
            if md is not None and md.decl.child_by_field_name("body") is not None:
                self._push(md.file, md.decl, root, spawn_shared(op), _shared_params(md.decl, md.file, args, spawn_shared), None)

    def follow_sequential_flow(self) -> bool:
        """Follow the sequential program too (``PLAIN``: exported functions and methods of
        exported types, ``main``, ``init``, unexported functions used as values), so that
        ``unit_roots`` says which units also run outside any goroutine. False when the call
        graph has too many states to follow: the facts are then incomplete, and nothing
        should be concluded from them."""
        if self._sequential is None:
            everything = frozenset([ALL])
            entries = self._plain_entries + [(f, d) for f, d, name in self._maybe_entries if name in self.value_refs]
            entries.sort(key=lambda e: (e[0].idx, e[1].start_byte))
            try:
                for f, d in entries:
                    self._push(f, d, PLAIN, True, everything, None)
                self._drain()
                self._sequential = True
            except TooComplex:
                self._sequential = False
            self._seen, self._queue = set(), deque()
        return self._sequential

    def target(self, f: FileIndex, call: Node) -> tuple | None:
        """What a call resolves to in the package: ("func", decl, file) or ("method", MethodDecl,
        receiver expression); None for anything else (and for calls made under a lock, or from
        a function that runs under its caller's lock by convention)."""
        key = (f.idx, call.start_byte, call.end_byte)
        if key in self._target_cache:
            return self._target_cache[key]
        m = self.model
        out = None
        fn = unparen(call.child_by_field_name("function"))
        top = f.outermost_func(call)
        if top is not None and top.type != "func_literal" and locks.locked_by_convention(m, f, top):
            fn = None  # runs with a lock held by its caller: so do the calls it makes
        if fn is not None and not locks.under_lock(m, f, call):
            if fn.type == "identifier":
                name = f.text(fn)
                if name in m.funcs and m.lookup(f, fn)[0] is None:
                    decl, tf = m.funcs[name]
                    if decl.child_by_field_name("body") is not None:
                        out = ("func", decl, tf)
            elif fn.type == "selector_expression":
                op = fn.child_by_field_name("operand")
                if op is not None and not m.is_import(f, op):
                    md = m.method(m.typeof(f, op), f.text(fn.child_by_field_name("field")))
                    if md is not None and md.decl.child_by_field_name("body") is not None:
                        out = ("method", md, op)
        self._target_cache[key] = out
        return out

    def _drain(self) -> None:
        everything = frozenset([ALL])
        queue = self._queue
        while queue:
            f, unit, root, state = queue.popleft()
            for call in self.unit_walk(f, unit):
                target = self.target(f, call)
                if target is None:
                    continue
                args = named(call.child_by_field_name("arguments"))
                via = (f, call)
                if target[0] == "func":
                    _k, decl, tf = target
                    sp = everything if root == PLAIN else _shared_params(decl, tf, args, lambda a: self.shared(f, a, unit, state))
                    self._push(tf, decl, root, True, sp, via)
                else:
                    _k, md, op = target
                    sp = everything if root == PLAIN else _shared_params(md.decl, md.file, args, lambda a: self.shared(f, a, unit, state))
                    self._push(md.file, md.decl, root, self.shared(f, op, unit, state) and not self.child_of_same_type(f, op, md), sp, via)

    # -- names ----------------------------------------------------------------------------------

    @property
    def value_refs(self) -> set[str]:
        """Names used other than by calling them or declaring them (function and method values,
        and every other identifier: only function names are looked up in the result). Counted on
        the text without comments, so a name in a string counts too, which can only add
        entries. Worked out on first use."""
        if self._value_refs_set is None:
            words: Counter = Counter()
            calls: Counter = Counter()
            for f in self.model.files:
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
            self._value_refs_set = {w.decode("utf-8", "replace") for w, k in words.items() if k > calls.get(w, 0)}
        return self._value_refs_set

    def method_label(self, f: FileIndex, d: Node) -> str:
        """``(*T).M`` for a method of the package, else the declaration's name."""
        m = self.model.method_decl(f, d)
        return m.shown if m is not None else f.text(d.child_by_field_name("name"))

    def made_here(self, f: FileIndex, sel: Node, unit: Node) -> bool:
        """Is the field ``sel`` (``t.loopy``) assigned a fresh value (a literal, ``new``, a
        constructor) by ``unit`` itself before this use? A goroutine that makes the value it
        then runs (``t.loopy = newLoopyWriter(…); t.loopy.run()``) owns it."""
        key = (f.idx, unit.start_byte, unit.end_byte)
        made = self._made_cache.get(key)
        if made is None:
            made = {}
            body = unit.child_by_field_name("body")
            for n in walk_same_function(body) if body is not None else ():
                if n.type != "assignment_statement":
                    continue
                left = named(n.child_by_field_name("left"))
                right = named(n.child_by_field_name("right"))
                if len(left) != len(right):
                    continue
                for lv, rv in zip(left, right):
                    if lv.type == "selector_expression" and self.fresh(f, rv):
                        made.setdefault(f.text(lv), n.end_byte)
            self._made_cache[key] = made
        at = made.get(f.text(sel))
        return at is not None and at <= sel.start_byte


# -- who may touch a value: documentation, runtime code, hand-offs -------------------------------

# "X instance MUST NOT be used from concurrently running goroutines", "not safe for concurrent
# use", "not goroutine-safe", "must be used from a single goroutine"
_NOT_CONCURRENT = re.compile(
    r"(must|should|may|can)\s*not\s+be\s+used\s+(from\s+|by\s+|in\s+)?(multiple\s+goroutines\s+)?concurrent"
    r"|not\s+(be\s+)?(safe|designed|meant)\s+(for|to\s+be\s+used)\s+(for\s+|with\s+)?concurren"
    r"|not\s+(thread|goroutine|concurrency)[- ]safe"
    r"|(doesn't|does\s+not|don't|do\s+not)\s+support\s+concurren"
    r"|(isn't|is\s+not|are\s+not|aren't)\s+safe\s+(for|to\s+use)\s+(from\s+)?(concurren|multiple\s+goroutines)"
    r"|(from|by)\s+(a\s+single|one)\s+goroutine(\s+at\s+a\s+time)?",
    re.I,
)
# directives only the runtime may use: code that runs on system stacks, with the world stopped
# or without write barriers, synchronised by the runtime's own locks
_RUNTIME_DIRECTIVES = (b"//go:systemstack", b"//go:nowritebarrier")
# types whose values are handles for waiting, not data the goroutine and its starter share
_HANDLES = {("ext", "sync", "WaitGroup"), ("ext", "context", "Context"), ("builtin", "error")}
_CASE_TYPES = ("expression_case", "type_case", "default_case", "communication_case")


def documented_field(t: TypeDecl, name: str) -> bool:
    """Does the comment of ``t``'s field ``name`` say it is not for concurrent use ("It doesn't
    support concurrent use")?"""
    fd = t.field_nodes.get(name)
    if fd is None:
        return False
    doc = locks.doc_comment(t.file, fd)
    nxt = fd.next_named_sibling
    if nxt is not None and nxt.type == "comment" and t.file.line(nxt.start_byte) == t.file.line(fd.end_byte):
        doc += "\n" + t.file.text(nxt)
    return _NOT_CONCURRENT.search(doc) is not None


def documented_single_goroutine(model: PackageModel, t: TypeDecl) -> str | None:
    """The type, ``t`` or a struct of the package that holds a ``t`` (or a pointer to one) as a
    field, whose doc comment says it is not for concurrent use ("MUST NOT be used from
    concurrently running goroutines", "not safe for concurrent use"): its name, else None.
    Such a value is owned by one goroutine at a time by contract; a lock is not the fix."""

    def index() -> dict[str, str]:
        documented = {n for n, d in model.types.items() if _NOT_CONCURRENT.search(_type_doc(d)) is not None}
        got = {n: n for n in documented}
        for n, d in model.types.items():
            if n not in documented:
                continue
            for rep in d.fields.values():
                while rep is not None and rep[0] == "ptr":
                    rep = rep[1]
                if rep is not None and rep[0] == "named":
                    got.setdefault(rep[1], n)
        return got

    return model.memo("concurrency: documented single goroutine", index).get(t.name)


def _type_doc(t: TypeDecl) -> str:
    doc = locks.doc_comment(t.file, t.spec)
    if not doc and t.spec.parent is not None and t.spec.parent.type == "type_declaration":
        doc = locks.doc_comment(t.file, t.spec.parent)
    return doc


def runtime_internal(model: PackageModel) -> bool:
    """Is the package runtime code (its files use ``//go:systemstack`` or
    ``//go:nowritebarrier``, directives only the runtime may use)? It synchronises with its own
    locks, per-P data and a stopped world, none of which this analysis sees, and it cannot use
    sync's mutexes."""
    return model.memo(
        "concurrency: runtime internal",
        lambda: any(d in f.data for f in model.files if not f.is_test for d in _RUNTIME_DIRECTIVES),
    )


def go_statement_of(conc: Concurrency, root: tuple) -> tuple[FileIndex, Node] | None:
    """The ``go`` statement (or ``g.Go`` call) that starts the goroutine ``root``."""
    kind, path, start = root
    f = conc.model.file(path) if kind == "go" else None
    if f is None:
        return None
    n = f.root.descendant_for_byte_range(start, start + 1)
    while n is not None and not (n.start_byte == start and n.type in ("go_statement", "call_expression")):
        n = n.parent
    return None if n is None else (f, n)


def hands_off(conc: Concurrency, root: tuple) -> bool:
    """Does the goroutine ``root`` get the values it uses from its starter to itself: started
    once (not in a loop or a handler), and the starter does not use them after the ``go``
    statement until it waits for the goroutine (a receive from, or a range over, one of the
    goroutine's channels, or a ``Wait``)? Channels, contexts, errors and WaitGroups are how
    they talk, not what they share. ``go t.inAxfr(q, ch); return ch`` hands ``t`` over, as
    ``go func() { defer close(ch); tx.check(ch) }(); for e := range ch {…}`` hands ``tx``."""
    memo = conc.model.memo("concurrency: hands off", dict)
    if root in memo:
        return memo[root]
    got = False
    found = None if conc.many.get(root) else go_statement_of(conc, root)
    if found is not None:
        got = _hands_off(conc.model, *found)
    memo[root] = got
    return got


def _hands_off(m: PackageModel, f: FileIndex, go: Node) -> bool:
    fn = f.enclosing_func(go)
    body = fn.child_by_field_name("body") if fn is not None else None
    if body is None:
        return False
    shared: dict[str, list] = {}
    talk: set[str] = set()
    for n in nodes_below(go, "identifier"):
        if n.type != "identifier":
            continue
        d, owner = m.lookup(f, n)
        if d is None or owner is None or inside(owner, go):
            continue  # package-level, or declared by the goroutine's own literal
        t = m.typeof(f, n)
        base = t[1] if t is not None and t[0] == "ptr" else t
        if (t is not None and t[0] == "chan") or base in _HANDLES:
            talk.add(f.text(n))
            continue
        shared.setdefault(f.text(n), []).append(d)
    if not shared:
        return False
    others = _exclusive_with(go, fn)
    after = [
        n
        for n in nodes_below(body, "identifier", "call_expression", "range_clause", "unary_expression")
        if n.start_byte >= go.end_byte and not any(s <= n.start_byte < e for s, e in others)
    ]
    wait_at = body.end_byte
    for n in after:
        if n.type == "range_clause":
            right = unparen(n.child_by_field_name("right"))
            waits = right is not None and f.text(right) in talk
        elif n.type == "unary_expression":
            op = n.child_by_field_name("operator")
            arg = unparen(n.child_by_field_name("operand"))
            waits = op is not None and op.type == "<-" and arg is not None and f.text(arg) in talk
        elif n.type == "call_expression":
            waits = callee_name(n, f.data) == "Wait"
        else:
            continue
        if waits:
            wait_at = n.start_byte
            break
    for n in after:
        if n.type != "identifier" or n.start_byte >= wait_at:
            continue
        ds = shared.get(f.text(n))
        if ds and m.lookup(f, n)[0] in ds:
            return False
    return True


def _exclusive_with(n: Node, fn: Node) -> list[tuple[int, int]]:
    """The byte ranges of the branches that cannot run on a path through ``n``: the other cases
    of each ``switch``/``select`` around it, the ``else`` of each ``if`` whose body holds it."""
    out: list[tuple[int, int]] = []
    p = n
    while p is not None and not same_node(p, fn):
        parent = p.parent
        if parent is None:
            break
        if p.type in _CASE_TYPES:
            out.extend((c.start_byte, c.end_byte) for c in named(parent) if c.type in _CASE_TYPES and not same_node(c, p))
        elif parent.type == "if_statement" and is_field(parent, "consequence", p):
            alt = parent.child_by_field_name("alternative")
            if alt is not None:
                out.append((alt.start_byte, alt.end_byte))
        p = parent
    return out


def fresh_instance(conc: Concurrency, unit: tuple, root: tuple) -> Binding | None:
    """The local variable, made fresh by the goroutine's starter (``l := &lister{…}; go func()
    { l.next() }()``), on which the goroutine ``root`` reaches ``unit`` (a method), or None.
    Each run of the starter makes a new value: goroutines that reach their units through
    different such variables never touch the same instance (through the same one, they do)."""
    m = conc.model
    seen = 0
    while seen < 8:
        seen += 1
        via = conc.came_from.get((unit, root))
        if via is None:
            found = go_statement_of(conc, root)  # the goroutine's own function: what it was started on
            if found is None or found[1].type != "go_statement":
                return None
            f, go = found
            call = next((c for c in go.named_children if c.type == "call_expression"), None)
            if call is None:
                return None
        else:
            f, call = via
        fn = unparen(call.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            return None
        e = unparen(fn.child_by_field_name("operand"))
        while e is not None and e.type in ("selector_expression", "index_expression", "parenthesized_expression"):
            e = unparen(e.child_by_field_name("operand")) if e.type != "parenthesized_expression" else unparen(e)
        if e is None or e.type != "identifier":
            return None
        d, owner = m.lookup(f, e)
        if d is None or owner is None:
            return None
        if d.kind == "recv":
            if via is None:
                return None
            unit = (f.idx, owner.start_byte, owner.end_byte)  # reached on the caller's receiver: go up
            continue
        return d if d.kind == "local" and d.init is not None and conc.fresh(f, d.init) else None
    return None


def once_guarded(conc: Concurrency, unit: tuple, root: tuple) -> bool:
    """Does the goroutine ``root`` reach ``unit`` only past a "first one wins" guard, so that
    however many such goroutines run, one at most gets through: a call inside ``once.Do(func()
    {…})``, or after ``if !x.CompareAndSwap(…) { return }`` in the function that makes it?"""
    seen = 0
    while seen < 8:
        seen += 1
        via = conc.came_from.get((unit, root))
        if via is None:
            return False
        f, call = via
        if _first_one_wins(f, call):
            return True
        fn = f.enclosing_func(call)
        while fn is not None and fn.type == "func_literal" and root_literal_kind(f, fn) is None:
            fn = f.enclosing_func(fn)  # a plain literal belongs to the unit around it
        if fn is None:
            return False
        unit = (f.idx, fn.start_byte, fn.end_byte)
    return False


def _first_one_wins(f: FileIndex, call: Node) -> bool:
    p = call.parent
    while p is not None and p.type not in ("function_declaration", "method_declaration"):
        if p.type == "func_literal":
            args = p.parent
            outer = args.parent if args is not None and args.type == "argument_list" else None
            if outer is not None and outer.type == "call_expression" and callee_name(outer, f.data) == "Do":
                return True  # once.Do(func() {…})
            break
        p = p.parent
    fn = f.enclosing_func(call)
    body = fn.child_by_field_name("body") if fn is not None else None
    for n in nodes_below(body, "if_statement") if body is not None else ():
        if n.type != "if_statement" or n.end_byte > call.start_byte:
            continue
        head = [c for c in (n.child_by_field_name("initializer"), n.child_by_field_name("condition")) if c is not None]
        if not any(c.type == "call_expression" and (callee_name(c, f.data) or "").startswith("CompareAndSwap") for h in head for c in walk(h)):
            continue
        cons = n.child_by_field_name("consequence")
        last = named(cons)
        stmts = [c for c in last if c.type == "statement_list"]
        body_stmts = named(stmts[0]) if stmts else []
        if body_stmts and body_stmts[-1].type == "return_statement":
            return True
    return False
