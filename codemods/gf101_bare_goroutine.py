"""GF101 bare-goroutine: a goroutine runs a loop that nothing can stop.

What it finds
    A ``go`` statement whose function runs an unbounded loop with no way out: a ``for { … }``
    (or ``for ;; { … }``), or a ``for range`` over a ticker's or timer's ``.C`` or over
    ``time.Tick(…)`` (channels that are never closed), with no ``return``, no ``break`` or
    ``goto`` out of the loop, no ``runtime.Goexit`` and no receive from ``ctx.Done()`` or from a
    done/quit/stop channel anywhere in it. The goroutine's function is a literal, a function of
    the package (``go worker(ch)``, declared in this file or another file of the package), or a
    method whose receiver's type is known from the file (``go s.run()`` with ``s`` the receiver,
    a parameter or a local ``&Server{…}``). The finding is on the ``go`` line.
    Not reported: in ``main.main`` and ``init`` (such a goroutine lives as long as the process,
    which is what it is for; goroutines in tests are reported), for a named function that takes a
    ``context.Context`` (it presumably hands it to what it waits on), for a ``range`` over any
    other channel (someone can close it), or for a loop that calls ``.Wait()`` (a wait group or
    a condition variable coordinates it) or ends the process (``os.Exit``, ``log.Fatal``). A
    ``panic`` in the loop is not a way out: it is an assertion, not a shutdown path.

Why it is bad
    The goroutine can never finish. Once its owner is done with it (a request served, a server
    shut down, a test over) it stays blocked on its channel or keeps polling, and keeps
    everything it references alive: one leaked goroutine per call of the function that started
    it, invisible until memory or goroutine counts grow. Tests that start one leak it into every
    test that follows.

Example
    func (w *Worker) Start(ctx context.Context) {
        go func() {
            for {
                id := <-w.queue
                w.handle(ctx, id)
            }
        }()
    }

    go func() {
        for range ticker.C {
            flush()
        }
    }()

Fixed
    func (w *Worker) Start(ctx context.Context) {
        go func() {
            for {
                select {
                case <-ctx.Done():
                    return
                case id := <-w.queue:
                    w.handle(ctx, id)
                }
            }
        }()
    }

    go func() {
        for {
            select {
            case <-ctx.Done():
                return
            case <-ticker.C:
                flush()
            }
        }
    }()

Fix safety
    Unsafe, and only for a function literal with a cancellable ``context.Context`` in scope: a
    parameter of type ``context.Context`` of an enclosing function, or a local made by
    ``context.WithCancel``/``WithTimeout``/``WithDeadline``/``WithValue`` (and the ``Cause``
    variants) or by ``r.Context()``. The goroutine then returns once the context is cancelled,
    which changes what it does: work still queued is no longer handled. The loop's blocking point
    gets the ``ctx.Done()`` case. The first statement of the loop body that waits on a channel:
    a receive (``x := <-ch``, ``x, ok := <-ch``, ``x = <-ch``, ``<-ch``) or a send (``ch <- v``)
    becomes a ``select`` whose other case is that operation and runs the rest of the loop body
    (re-indented one level); a ``select`` without ``default`` gets a ``case <-ctx.Done():
    return``; a ``for range t.C`` becomes ``for { select { … case <-t.C: … } }``. A loop with no
    such statement gets a non-blocking check (``select { case <-ctx.Done(): return; default:
    }``) at the top of its body. Only the first blocking point is covered: a later blocking
    statement, or a call that blocks, still delays the exit until it completes.
    No fix: no context in scope, a named function (it would have to be given a context), a loop
    that blocks on a receive inside an expression (``handle(<-ch)``), a ``for range
    time.Tick(…)`` (the ticker would have to be hoisted out of the loop), or a loop not laid out
    one statement per line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixer.analysis import files, lexical, syntax
from gofixer.analysis.flow import label_of
from gofixer.analysis.syntax import inside as _inside
from gofixer.analysis.syntax import named as _named
from gofixer.analysis.syntax import unparen as _unparen
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.analysis.siblings import Sibling, package_name
from gofixer.rule import FileContext, Rule
from gofixer.source import SourceFile

_BREAKABLE = ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement")

# Calls after which the goroutine (or the whole process) is gone: a loop that makes one has a way
# out, or at least an owner that decided how it ends. ``panic`` is not one: it is an assertion.
_ENDING_CALLS = frozenset(
    {b"Exit", b"Goexit", b"Fatal", b"Fatalf", b"Fatalln", b"Fatalw", b"FailNow", b"SkipNow", b"Skip", b"Skipf"}
)

# Words that make a channel a done/quit channel: a loop that receives from one is meant to stop.
_DONE_WORDS = frozenset(
    {
        "done", "quit", "stop", "stopped", "stopping", "exit", "close", "closed", "closing", "shutdown",
        "cancel", "canceled", "cancelled", "term", "terminate", "kill", "die", "dying", "finish",
        "finished", "abort", "halt", "end", "ctx", "context",
    }
)  # fmt: skip

# context constructors whose first result is cancelled when its parent (or its cancel) is
_CTX_MAKERS = frozenset(
    {"WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause", "WithValue"}
)
_TIME_MAKERS = frozenset({"NewTicker", "NewTimer"})
_TIME_TYPES = (b"Ticker", b"Timer")

_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


# ---------------------------------------------------------------------------------------------
# small syntax helpers
# ---------------------------------------------------------------------------------------------


def _statements(block: Node | None) -> list[Node]:
    if block is None:
        return []
    lst = next((c for c in block.named_children if c.type == "statement_list"), None)
    return _named(lst)


def _label(n: Node, data: bytes) -> bytes | None:
    lab = next((c for c in n.named_children if c.type == "label_name"), None)
    return None if lab is None else data[lab.start_byte : lab.end_byte]


def _receive_expr(n: Node | None) -> Node | None:
    """``<-ch`` (possibly parenthesized): the unary receive expression, else None."""
    n = _unparen(n)
    if n is None or n.type != "unary_expression":
        return None
    op = n.child_by_field_name("operator")
    return n if op is not None and op.type == "<-" else None


def _words(name: str) -> list[str]:
    return [w.lower() for part in name.split("_") for w in _WORD.findall(part)]


def _done_like(expr: Node | None, data: bytes) -> bool:
    """``ctx.Done()`` (any ``.Done()``), or a channel named like a done/quit/stop signal."""
    expr = _unparen(expr)
    if expr is None:
        return False
    if expr.type == "call_expression":
        fn = expr.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            field = fn.child_by_field_name("field")
            return field is not None and data[field.start_byte : field.end_byte] == b"Done"
        return False
    if expr.type == "selector_expression":
        expr = expr.child_by_field_name("field")
    elif expr.type == "index_expression":
        return _done_like(expr.child_by_field_name("operand"), data)
    if expr is None or expr.type not in ("identifier", "field_identifier"):
        return False
    for w in _words(data[expr.start_byte : expr.end_byte].decode("utf-8", "replace")):
        if w in _DONE_WORDS or (w.endswith("c") and w[:-1] in _DONE_WORDS) or (w.endswith("ch") and w[:-2] in _DONE_WORDS):
            return True
    return False


def _call_name(call: Node, data: bytes) -> tuple[bytes | None, bytes | None]:
    """(operand text, name) of ``x.F(…)``, (None, name) of ``F(…)``; (None, None) otherwise."""
    fn = _unparen(call.child_by_field_name("function"))
    if fn is None:
        return None, None
    if fn.type == "identifier":
        return None, data[fn.start_byte : fn.end_byte]
    if fn.type == "selector_expression":
        operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if operand is None or field is None:
            return None, None
        return data[operand.start_byte : operand.end_byte], data[field.start_byte : field.end_byte]
    return None, None


def _is_pkg_call(call: Node | None, data: bytes, pkg: str | None, names: frozenset[str]) -> bool:
    call = _unparen(call)
    return call is not None and syntax.is_call_to(call, data, pkg, names) is not None


# ---------------------------------------------------------------------------------------------
# declarations of a name inside a function (parameters and locals), without types
# ---------------------------------------------------------------------------------------------


@dataclass
class _Decl:
    ident: Node
    kind: str  # param | define | var | range | recv | other
    type: Node | None
    value: Node | None  # the expression giving this name its value (or the multi-value call)
    index: int  # position among the names declared together
    scope: Node  # the node the declaration is visible in
    pos: int  # visible from this byte on

    def visible_at(self, node: Node) -> bool:
        return _inside(node, self.scope) and self.pos <= node.start_byte


def _scope_of(stmt: Node) -> Node:
    p = stmt.parent
    if p is None:
        return stmt
    if p.type == "statement_list":
        return p
    if p.type == "for_clause" and p.parent is not None:
        return p.parent
    return p


def _value_for(left: list[Node], right: list[Node], i: int) -> Node | None:
    """The expression that gives the i-th name its value: its own, or the one multi-value call."""
    if len(right) == len(left):
        return right[i]
    if len(right) == 1 and len(left) > 1:
        return right[0]
    return None


def _all_declarations(func: Node, data: bytes) -> dict[bytes, list[_Decl]]:
    """Every declaration inside ``func`` (nested literals included), by name."""
    by_name: dict[bytes, list[_Decl]] = {}

    def add(d: _Decl) -> None:
        by_name.setdefault(data[d.ident.start_byte : d.ident.end_byte], []).append(d)

    def named_ids(nodes) -> list[tuple[int, Node]]:
        return [(i, n) for i, n in enumerate(nodes) if n.type == "identifier"]

    for n in syntax.walk(func):
        t = n.type
        if t in ("parameter_declaration", "variadic_parameter_declaration"):
            plist = n.parent
            owner = plist.parent if plist is not None else None
            if owner is None or owner.type not in syntax.FUNC_TYPES:
                continue  # a parameter of a function type, not a declaration
            for i, ident in named_ids(n.children_by_field_name("name")):
                add(_Decl(ident, "param", n.child_by_field_name("type"), None, i, owner, owner.start_byte))
        elif t == "short_var_declaration":
            left, right = _named(n.child_by_field_name("left")), _named(n.child_by_field_name("right"))
            for i, ident in named_ids(left):
                value = _value_for(left, right, i)
                add(_Decl(ident, "define", None, value, i, _scope_of(n), n.end_byte))
        elif t == "var_spec" or t == "const_spec":
            names = n.children_by_field_name("name")
            values = _named(n.child_by_field_name("value"))
            decl = n.parent.parent if n.parent is not None and n.parent.type.endswith("_spec_list") else n.parent
            for i, ident in named_ids(names):
                value = _value_for(names, values, i)
                kind = "var" if t == "var_spec" else "other"
                add(_Decl(ident, kind, n.child_by_field_name("type"), value, i, _scope_of(decl), n.end_byte))
        elif t == "range_clause" and any(c.type == ":=" for c in n.children):
            loop = n.parent
            for i, ident in named_ids(_named(n.child_by_field_name("left"))):
                add(_Decl(ident, "range", None, None, i, loop, n.start_byte))
        elif t == "receive_statement" and any(c.type == ":=" for c in n.children):
            case = n.parent if n.parent is not None else n
            for i, ident in named_ids(_named(n.child_by_field_name("left"))):
                add(_Decl(ident, "recv", None, None, i, case, n.end_byte))
        elif t in ("type_switch_statement",):
            alias = n.child_by_field_name("alias")
            for i, ident in named_ids(_named(alias)):
                add(_Decl(ident, "other", None, None, i, n, n.start_byte))
        elif t in ("function_declaration", "method_declaration", "type_spec", "type_alias"):
            nm = n.child_by_field_name("name")
            if nm is not None and n.id != func.id:
                add(_Decl(nm, "other", None, None, 0, n, n.start_byte))
    return by_name


# ---------------------------------------------------------------------------------------------
# the file (or sibling file) a goroutine's function lives in
# ---------------------------------------------------------------------------------------------


@dataclass
class _Unit:
    data: bytes
    root: Node
    imports: dict[str, str]
    path: str

    def import_name(self, path: str) -> str | None:
        name = self.imports.get(path)
        return None if name in (None, "_") else name


@dataclass
class _Target:
    func: Node  # func_literal, function_declaration or method_declaration
    unit: _Unit
    label: str  # how the message names it
    literal: bool


@dataclass
class _Loop:
    node: Node
    kind: str  # forever | ticker | tick (range over time.Tick(..))


class BareGoroutine(Rule):
    code = "GF101"
    name = "bare-goroutine"
    summary = "a goroutine runs an unbounded loop with no way out (no ctx.Done(), no done channel, no return/break)"
    fix_class = FixClass.UNSAFE
    requires = (b"go",)  # the keyword; applies_to asks for a go statement

    def applies_to(self, data: bytes) -> bool:
        # every finding is on a go statement of this file (the function it starts may be
        # declared in another file of the package, but the statement is here)
        return lexical.may_have_go_statement(data)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        found = lexical.go_statements(ctx.root, ctx.data)
        if not found:
            return
        unit = _Unit(ctx.data, ctx.root, ctx.imports, ctx.source.path)
        state = _FileState(ctx, unit)
        for g in found:
            finding = self._check_go(ctx, state, g)
            if finding is not None:
                yield finding

    # -- one go statement ----------------------------------------------------------------------

    def _check_go(self, ctx: FileContext, state: _FileState, g: Node) -> Finding | None:
        top = syntax.top_function(g)
        if top is None or _lives_with_process(top, ctx):
            return None
        call = next((c for c in g.named_children if c.type == "call_expression"), None)
        if call is None:
            return None
        fn = _unparen(call.child_by_field_name("function"))
        if fn is None:
            return None
        if fn.type == "func_literal":
            target = _Target(fn, state.unit, "the goroutine", True)
        else:
            if _passes_context(call, top, ctx, state):
                return None  # it takes a context: no need to look it up (see _takes_context)
            target = state.resolve(fn, top)
            if target is None:
                return None
            cpkg = target.unit.import_name("context")
            if _takes_context(target.func, target.unit.data, cpkg):
                return None
        loop = _unbounded_loop(target, state)
        if loop is None:
            return None

        where = ""
        if target.unit.path != ctx.source.path:
            where = f" of {os.path.basename(target.unit.path)}"
        line = _line_number(target.unit.data, loop.node.start_byte)
        what = {"forever": "loop", "ticker": "range over a ticker's channel", "tick": "range over time.Tick"}[loop.kind]
        message = (
            f"{target.label}'s {what} at line {line}{where} never ends: "
            "nothing stops it (no <-ctx.Done(), no done channel, no return or break), so the goroutine leaks"
        )
        if not target.literal:
            fix, why_not = None, f"{target.label.removeprefix('the goroutine ')} would have to be given a context to stop on"
        else:
            cname = _context_in_scope(ctx, state, g, loop.node)
            if cname is None:
                fix, why_not = None, "no context.Context in scope to stop it"
            else:
                fix, why_not = _make_fix(ctx, loop, cname)
        if why_not:
            message = f"{message}; no fix: {why_not}"
        # the anchor is the go line only, not the whole literal
        src = ctx.source
        end = min(g.end_byte, src.line_end(src.line_of(g.start_byte)))
        return Finding(self.code, self.name, g.start_byte, end, message, fix)


def _line_number(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _lives_with_process(top: Node, ctx: FileContext) -> bool:
    """``main.main`` and ``init``: a goroutine started there lives as long as the process."""
    if top.type != "function_declaration":
        return False
    name = top.child_by_field_name("name")
    if name is None:
        return False
    text = ctx.btext(name)
    if text == b"init":
        return True
    return text == b"main" and package_name(ctx.data) == "main"


def _is_context_type(t: Node | None, data: bytes, cpkg: str | None) -> bool:
    if t is None or cpkg is None:
        return False
    if t.type == "qualified_type":
        pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
        return (
            pkg is not None
            and name is not None
            and data[pkg.start_byte : pkg.end_byte] == cpkg.encode()
            and data[name.start_byte : name.end_byte] == b"Context"
        )
    if t.type == "type_identifier" and cpkg == ".":
        return data[t.start_byte : t.end_byte] == b"Context"
    return False


def _passes_context(call: Node, top: Node, ctx: FileContext, state: _FileState) -> bool:
    """Is an argument of the call evidently a context (``ctx``, ``r.Context()``,
    ``context.Background()``)? Then the function takes one, and is not reported."""
    data = ctx.data
    cpkg = ctx.import_name("context")
    for arg in _named(call.child_by_field_name("arguments")):
        arg = _unparen(arg)
        if arg is None:
            continue
        if arg.type == "identifier":
            decls = state.declarations(top, data[arg.start_byte : arg.end_byte], data)
            if decls and all(_cancellable(d, data, cpkg) for d in decls):
                return True
        elif arg.type == "call_expression":
            operand, name = _call_name(arg, data)
            if cpkg is not None and operand == cpkg.encode():
                return True
            if name == b"Context" and operand is not None and not _named(arg.child_by_field_name("arguments")):
                return True
    return False


def _takes_context(func: Node, data: bytes, cpkg: str | None) -> bool:
    """Does a named function have a parameter of type context.Context?"""
    plist = func.child_by_field_name("parameters")
    return any(
        _is_context_type(p.child_by_field_name("type"), data, cpkg)
        for p in _named(plist)
        if p.type in ("parameter_declaration", "variadic_parameter_declaration")
    )


# ---------------------------------------------------------------------------------------------
# resolving named functions and methods across the package
# ---------------------------------------------------------------------------------------------


class _FileState:
    """Per file: this file and, on demand, the other files of its package."""

    def __init__(self, ctx: FileContext, unit: _Unit):
        self.ctx = ctx
        self.unit = unit
        self._siblings: list[Sibling] | None = None
        self._units: dict[str, _Unit | None] = {}
        self._decls: dict[tuple[int, int, int], dict[bytes, list[_Decl]]] = {}

    def index(self, func: Node, data: bytes) -> dict[bytes, list[_Decl]]:
        """The declarations inside ``func`` by name, built once per function while checking
        this file (``data`` tells this file's functions from its siblings')."""
        key = (id(data), func.start_byte, func.end_byte)
        found = self._decls.get(key)
        if found is None:
            found = self._decls[key] = _all_declarations(func, data)
        return found

    def declarations(self, func: Node, name: bytes, data: bytes) -> list[_Decl]:
        return self.index(func, data).get(name, [])

    def other_units(self, name: bytes) -> list[_Unit]:
        """The package's other files (same package clause; test files only when this is one)
        that spell ``name``: only they can declare it, so only they are parsed (on first use)."""
        spelling = [s for s in self._package_siblings() if name in s.source.data]
        return [u for u in map(self._unit_of, spelling) if u is not None]

    def _package_siblings(self) -> list[Sibling]:
        if self._siblings is None:
            own = package_name(self.ctx.data)
            is_test = self.ctx.source.path.endswith("_test.go")
            try:
                siblings = self.ctx.package.siblings()
            except Exception:  # pragma: no cover - an unreadable directory means no siblings
                siblings = ()
            self._siblings = [
                s for s in siblings if package_name(s.source.data) == own and (is_test or not s.is_test)
            ]
        return self._siblings

    def _unit_of(self, s: Sibling) -> _Unit | None:
        """The sibling as a unit, None when it does not parse cleanly."""
        if s.path not in self._units:
            root, data = s.tree.root_node, s.source.data
            self._units[s.path] = None if root.has_error else _Unit(data, root, files.import_names(root, data), s.path)
        return self._units[s.path]

    def resolve(self, fn: Node, top: Node) -> _Target | None:
        data = self.unit.data
        if fn.type == "identifier":
            name = data[fn.start_byte : fn.end_byte]
            if syntax.declares_locally(top, name.decode("utf-8", "replace"), data) or name in self.unit.imports.values():
                return None
            funcs = self._top_level("function_declaration", name, None)
            if len(funcs) != 1:
                return None
            func, unit = funcs[0]
            return _Target(func, unit, f"the goroutine {name.decode('utf-8', 'replace')}", False)
        if fn.type == "selector_expression":
            operand, field = _unparen(fn.child_by_field_name("operand")), fn.child_by_field_name("field")
            if operand is None or field is None or operand.type != "identifier":
                return None
            recv = data[operand.start_byte : operand.end_byte]
            if recv.decode("utf-8", "replace") in self.unit.imports.values():
                return None  # a function of another package
            tname = _type_of(self, top, recv, fn, data)
            if tname is None:
                return None
            method = data[field.start_byte : field.end_byte]
            funcs = self._top_level("method_declaration", method, tname)
            if len(funcs) != 1:
                return None
            func, unit = funcs[0]
            label = f"the goroutine {tname.decode('utf-8', 'replace')}.{method.decode('utf-8', 'replace')}"
            return _Target(func, unit, label, False)
        return None

    def _top_level(self, kind: str, name: bytes, receiver: bytes | None) -> list[tuple[Node, _Unit]]:
        """The package's functions (or methods of ``receiver``) called ``name`` that have a body.
        This file is searched first and the package's other files (parsed on demand, which is
        costly) only when it has none: a name declared here is the one this file's build uses."""
        for units in ([self.unit], None):
            found = []
            for unit in units if units is not None else self.other_units(name):
                for d in unit.root.named_children:
                    if d.type != kind:
                        continue
                    nm = d.child_by_field_name("name")
                    if nm is None or unit.data[nm.start_byte : nm.end_byte] != name:
                        continue
                    if receiver is not None and _receiver_type(d, unit.data) != receiver:
                        continue
                    found.append((d, unit))
            if found:
                return [(d, u) for d, u in found if d.child_by_field_name("body") is not None] if len(found) == 1 else found
        return []

    def struct_fields(self, name: bytes) -> list[tuple[Node | None, _Unit]]:
        """Types of the struct fields called ``name`` in this file, else in the package."""
        return _fields_named([self.unit], name) or _fields_named(self.other_units(name), name)


def _fields_named(units: list[_Unit], name: bytes) -> list[tuple[Node | None, _Unit]]:
    """(type, unit) of every struct field called ``name`` in ``units``."""
    out = []
    for unit in units:
        for n in syntax.walk(unit.root):
            if n.type != "field_declaration":
                continue
            for nm in n.children_by_field_name("name"):
                if unit.data[nm.start_byte : nm.end_byte] == name:
                    out.append((n.child_by_field_name("type"), unit))
    return out


def _base_type_name(t: Node | None, data: bytes) -> bytes | None:
    """``T`` of ``T``, ``*T``, ``T[X]``, ``*T[X]``: a type declared in this package."""
    if t is not None and t.type == "pointer_type":
        t = _named(t)[0] if _named(t) else None
    if t is not None and t.type == "generic_type":
        t = t.child_by_field_name("type")
    if t is not None and t.type == "type_identifier":
        return data[t.start_byte : t.end_byte]
    return None


def _receiver_type(method: Node, data: bytes) -> bytes | None:
    recv = _named(method.child_by_field_name("receiver"))
    if len(recv) != 1:
        return None
    return _base_type_name(recv[0].child_by_field_name("type"), data)


def _type_of(state: _FileState, top: Node, name: bytes, at: Node, data: bytes) -> bytes | None:
    """The package type a local name has, when every declaration of it in ``top`` says so:
    a receiver or parameter ``T``/``*T``, ``x := &T{…}``, ``x := T{…}``, ``x := new(T)``,
    ``var x T``."""
    decls = state.declarations(top, name, data)
    if not any(d.visible_at(at) for d in decls):
        return None
    names = set()
    for d in decls:
        tname = None
        if d.type is not None:
            tname = _base_type_name(d.type, data)
        elif d.value is not None:
            v = _unparen(d.value)
            if v is not None and v.type == "unary_expression":
                op = v.child_by_field_name("operator")
                if op is not None and op.type == "&":
                    v = _unparen(v.child_by_field_name("operand"))
            if v is not None and v.type == "composite_literal":
                tname = _base_type_name(v.child_by_field_name("type"), data)
            elif v is not None and v.type == "call_expression":
                _, callee = _call_name(v, data)
                args = _named(v.child_by_field_name("arguments"))
                if callee == b"new" and len(args) == 1:
                    tname = _base_type_name(args[0], data)
        if tname is None:
            return None
        names.add(tname)
    return names.pop() if len(names) == 1 else None


# ---------------------------------------------------------------------------------------------
# the loop
# ---------------------------------------------------------------------------------------------


def _unbounded_loop(target: _Target, state: _FileState) -> _Loop | None:
    """The first loop of the goroutine's function (not of functions nested in it) that runs
    forever with no way out."""
    body = target.func.child_by_field_name("body")
    if body is None:
        return None
    unit = target.unit
    for n in syntax.walk_same_function(body):
        if n.type != "for_statement":
            continue
        kind = _loop_kind(n, target, state)
        if kind is None:
            continue
        if not _has_way_out(n, unit):
            return _Loop(n, kind)
    return None


def _loop_kind(loop: Node, target: _Target, state: _FileState) -> str | None:
    data = target.unit.data
    body = loop.child_by_field_name("body")
    header = [c for c in _named(loop) if body is None or c.id != body.id]
    if not header:
        return "forever"
    h = header[0]
    if h.type == "for_clause":
        return "forever" if h.child_by_field_name("condition") is None else None
    if h.type == "true":
        return "forever"
    if h.type == "range_clause":
        right = _unparen(h.child_by_field_name("right"))
        tname = target.unit.import_name("time")
        if right is not None and _is_pkg_call(right, data, tname, frozenset({"Tick"})):
            return "tick"
        if right is not None and _is_ticker_channel(right, loop, target, state):
            return "ticker"
    return None


def _is_time_type(t: Node | None, data: bytes, tname: str | None) -> bool:
    """``*time.Ticker``, ``*time.Timer`` (or the values)."""
    if t is not None and t.type == "pointer_type":
        inner = _named(t)
        t = inner[0] if inner else None
    if t is None or tname is None or t.type != "qualified_type":
        return False
    pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
    return (
        pkg is not None
        and name is not None
        and data[pkg.start_byte : pkg.end_byte] == tname.encode()
        and data[name.start_byte : name.end_byte] in _TIME_TYPES
    )


def _is_ticker_channel(expr: Node, loop: Node, target: _Target, state: _FileState) -> bool:
    """``t.C`` of a ``time.Ticker``/``time.Timer``: a local or parameter declared as one, or a
    struct field of the package whose every declaration has that type."""
    if expr.type != "selector_expression":
        return False
    field = expr.child_by_field_name("field")
    operand = _unparen(expr.child_by_field_name("operand"))
    unit = target.unit
    data = unit.data
    if field is None or operand is None or data[field.start_byte : field.end_byte] != b"C":
        return False
    tname = unit.import_name("time")
    if operand.type == "identifier":
        if tname is None:
            return False
        name = data[operand.start_byte : operand.end_byte]
        scope = syntax.top_function(loop) or target.func
        if target.func.type != "func_literal":
            scope = target.func
        decls = state.declarations(scope, name, data)
        if not decls or not any(d.visible_at(loop) for d in decls):
            return False
        for d in decls:
            if d.type is not None:
                if not _is_time_type(d.type, data, tname):
                    return False
            elif d.value is None or not _is_pkg_call(d.value, data, tname, _TIME_MAKERS):
                return False
        return True
    if operand.type == "selector_expression":
        fname = operand.child_by_field_name("field")
        if fname is None:
            return False
        fields = state.struct_fields(data[fname.start_byte : fname.end_byte])
        return bool(fields) and all(
            _is_time_type(t, u.data, u.import_name("time")) for t, u in fields
        )
    return False


def _has_way_out(loop: Node, unit: _Unit) -> bool:
    """Can control leave the loop from inside it, or is the loop evidently coordinated (a
    done-channel receive, a ``.Wait()``, a call that ends the goroutine or the process)?
    Conservative: anything not understood (``goto``) counts as a way out."""
    data = unit.data
    body = loop.child_by_field_name("body")
    if body is None:
        return False
    inner_labels = {
        data[lab.start_byte : lab.end_byte]
        for n in syntax.walk_same_function(body)
        if n.type == "labeled_statement" and (lab := n.child_by_field_name("label")) is not None
    }
    own = label_of(loop, data)
    for n in syntax.walk_same_function(body):
        t = n.type
        if t in ("return_statement", "goto_statement"):
            return True
        if t == "break_statement":
            lab = _label(n, data)
            if lab is not None:
                if lab not in inner_labels:
                    return True
            elif not _inside_breakable(n, loop):
                return True
        elif t == "continue_statement":
            lab = _label(n, data)
            if lab is not None and lab not in inner_labels and lab != own:
                return True
        elif t == "unary_expression":
            if _receive_expr(n) is not None and _done_like(n.child_by_field_name("operand"), data):
                return True
        elif t == "call_expression":
            _, name = _call_name(n, data)
            if name is None:
                continue
            args = _named(n.child_by_field_name("arguments"))
            if name == b"Wait" and not args:
                return True  # wg.Wait(), cond.Wait(): something else coordinates the loop
            if name == b"Done" and not args and (n.parent is None or n.parent.type != "expression_statement"):
                return True  # ctx.Done() used as a value (handed on, stored); wg.Done() is no exit
            if name in _ENDING_CALLS:
                return True
    return False


def _inside_breakable(node: Node, loop: Node) -> bool:
    p = node.parent
    while p is not None and p.id != loop.id:
        if p.type in _BREAKABLE:
            return True
        p = p.parent
    return False


# ---------------------------------------------------------------------------------------------
# a context to stop on
# ---------------------------------------------------------------------------------------------


def _cancellable(d: _Decl, data: bytes, cpkg: str | None) -> bool:
    """Is this declaration one of a context that can be cancelled?"""
    if d.kind == "param":
        return _is_context_type(d.type, data, cpkg)
    if d.kind not in ("define", "var") or d.value is None:
        return False
    if d.type is not None and not _is_context_type(d.type, data, cpkg):
        return False
    v = _unparen(d.value)
    if v is None or v.type != "call_expression":
        return False
    if d.index == 0 and _is_pkg_call(v, data, cpkg, _CTX_MAKERS):
        return True
    operand, name = _call_name(v, data)
    if d.index == 0 and name == b"NotifyContext" and operand is not None:
        return True  # signal.NotifyContext
    # r.Context(), c.Request.Context(): a request's (or similar) context
    return name == b"Context" and operand is not None and not _named(v.child_by_field_name("arguments"))


def _context_in_scope(ctx: FileContext, state: _FileState, g: Node, loop: Node) -> bytes | None:
    """The name of a cancellable context visible at the loop, when every declaration of that
    name in the enclosing function is one (so whichever is in scope, it is a context)."""
    data = ctx.data
    cpkg = ctx.import_name("context")
    top = syntax.top_function(g)
    if top is None:
        return None
    # prefer the conventional name, then the one declared nearest the loop
    best: tuple[tuple[int, int], bytes] | None = None
    for name, decls in state.index(top, data).items():
        if name == b"_" or not all(_cancellable(d, data, cpkg) for d in decls):
            continue
        visible = [d for d in decls if d.visible_at(loop)]
        if not visible:
            continue
        rank = (0 if name == b"ctx" else 1, -max(d.pos for d in visible))
        if best is None or rank < best[0]:
            best = (rank, name)
    return None if best is None else best[1]


# ---------------------------------------------------------------------------------------------
# the fix
# ---------------------------------------------------------------------------------------------


def _rest_blank(src: SourceFile, data: bytes, pos: int) -> bool:
    """Only blanks or a line comment from ``pos`` to the end of its line."""
    rest = data[pos : src.line_end(src.line_of(pos))].strip(b" \t")
    return not rest or rest.startswith(b"//")


def _starts_line(src: SourceFile, data: bytes, pos: int) -> bool:
    return not data[src.line_start(src.line_of(pos)) : pos].strip(b" \t")


def _indent_lines(src: SourceFile, data: bytes, first: int, last: int, within: Node) -> list[Edit]:
    """One more tab at the start of lines ``first..last`` (0-based, inclusive): blank lines and
    lines inside a raw string literal are left alone (gofmt re-indents block comments)."""
    raws = [n for n in syntax.walk(within) if n.type == "raw_string_literal" and b"\n" in data[n.start_byte : n.end_byte]]
    edits = []
    for line in range(first, last + 1):
        start, end = src.line_start(line), src.line_end(line)
        if not data[start:end].strip(b" \t\r"):
            continue
        if any(r.start_byte < start < r.end_byte for r in raws):
            continue
        edits.append(Edit(start, start, b"\t"))
    return edits


def _as_select_case(stmt: Node) -> bool:
    """``x := <-ch``, ``x, ok := <-ch``, ``x = <-ch``, ``<-ch``, ``ch <- v``: usable as a select
    case (a send's operands are evaluated on entering the select, as the statement's are)."""
    if stmt.type == "send_statement":
        return True
    if stmt.type == "expression_statement":
        inner = _named(stmt)
        return len(inner) == 1 and _receive_expr(inner[0]) is not None and inner[0].type == "unary_expression"
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        if stmt.type == "assignment_statement":
            op = stmt.child_by_field_name("operator")
            if op is None or op.type != "=":
                return False
        left, right = _named(stmt.child_by_field_name("left")), _named(stmt.child_by_field_name("right"))
        return 1 <= len(left) <= 2 and len(right) == 1 and _receive_expr(right[0]) is not None
    return False


def _blocking_select(stmt: Node) -> bool:
    return stmt.type == "select_statement" and not any(c.type == "default_case" for c in stmt.named_children)


def _receives(node: Node) -> bool:
    """Does ``node`` block on a receive (outside a select with a default case)?"""
    for n in syntax.walk_same_function(node):
        if n.type == "select_statement" and _blocking_select(n):
            return True
        if n.type == "unary_expression" and _receive_expr(n) is not None:
            case = n.parent
            while case is not None and case.type not in ("communication_case", "statement_list", "block"):
                case = case.parent
            sel = case.parent if case is not None and case.type == "communication_case" else None
            if sel is None or _blocking_select(sel):
                return True
    return False


def _make_fix(ctx: FileContext, loop: _Loop, cname: bytes) -> tuple[Fix | None, str | None]:
    src, data = ctx.source, ctx.data
    node = loop.node
    if loop.kind == "tick":
        return None, "the time.Tick channel would have to be hoisted out of the loop"
    body = node.child_by_field_name("body")
    if body is None:
        return None, "the loop has no body"
    indent = src.indent_of_line(node.start_byte)
    if indent.strip(b"\t"):
        return None, "the loop is not indented with tabs (run gofmt)"
    open_b, close_b = body.start_byte, body.end_byte - 1
    open_line, close_line = src.line_of(open_b), src.line_of(close_b)
    if open_line == close_line or not _rest_blank(src, data, open_b + 1) or not _starts_line(src, data, close_b):
        return None, "the loop is not laid out one statement per line (run gofmt)"
    nl = src.newline_at(node.start_byte)
    inner = indent + b"\t"
    done = b"case <-" + cname + b".Done():"
    name = cname.decode("utf-8", "replace")

    def select_head(s: bytes) -> bytes:
        return s + b"select {" + nl + s + done + nl + s + b"\treturn" + nl

    if loop.kind == "ticker":
        clause = next(c for c in _named(node) if c.type == "range_clause")
        if src.line_of(node.start_byte) != open_line:
            return None, "the range clause spans several lines"
        left = clause.child_by_field_name("left")
        right = clause.child_by_field_name("right")
        recv = b"<-" + data[right.start_byte : right.end_byte]
        if left is not None:
            op = next((c for c in clause.children if c.type in (":=", "=")), None)
            if op is None:
                return None, "the range clause is not understood"
            recv = data[left.start_byte : left.end_byte] + b" " + op.type.encode() + b" " + recv
        edits = [Edit(node.start_byte, open_b + 1, b"for {" + nl + select_head(inner) + inner + b"case " + recv + b":")]
        edits += _indent_lines(src, data, open_line + 1, close_line - 1, body)
        at = src.line_start(close_line)
        edits.append(Edit(at, at, inner + b"}" + nl))
        shown = recv.decode("utf-8", "replace")
        return Fix(
            f"loop on a select that returns on {name}.Done() (unsafe: the goroutine now stops when {name} is cancelled)"
            f" instead of ranging over the channel ({shown})",
            tuple(edits),
            Applicability.UNSAFE,
        ), None

    stmts = _statements(body)
    for stmt in stmts:
        if _as_select_case(stmt):
            what = "send" if stmt.type == "send_statement" else "receive"
            line = src.line_of(stmt.start_byte)
            if src.line_of(stmt.end_byte) != line or not _starts_line(src, data, stmt.start_byte):
                return None, f"the {what} in the loop is not on a line of its own"
            if not _rest_blank(src, data, stmt.end_byte):
                return None, f"another statement follows the {what} on its line"
            s = src.indent_of_line(stmt.start_byte)
            if s.strip(b"\t"):
                return None, "the loop is not indented with tabs (run gofmt)"
            text = data[stmt.start_byte : stmt.end_byte]
            edits = [Edit(src.line_start(line), stmt.end_byte, select_head(s) + s + b"case " + text + b":")]
            edits += _indent_lines(src, data, line + 1, close_line - 1, body)
            at = src.line_start(close_line)
            edits.append(Edit(at, at, s + b"}" + nl))
            return Fix(
                f"turn the {what} into a select that returns on {name}.Done()"
                f" (unsafe: the goroutine now stops when {name} is cancelled)",
                tuple(edits),
                Applicability.UNSAFE,
            ), None
        if _blocking_select(stmt):
            brace = next((c for c in stmt.children if c.type == "{"), None)
            if brace is None or not _rest_blank(src, data, brace.end_byte):
                return None, "the select is not laid out one case per line (run gofmt)"
            s = src.indent_of_line(stmt.start_byte)
            if s.strip(b"\t") or not _starts_line(src, data, stmt.start_byte):
                return None, "the select is not laid out one case per line (run gofmt)"
            at = src.line_start(src.line_of(brace.end_byte) + 1)
            edits = (Edit(at, at, s + done + nl + s + b"\treturn" + nl),)
            return Fix(
                f"add a case <-{name}.Done() that returns to the select"
                f" (unsafe: the goroutine now stops when {name} is cancelled)",
                edits,
                Applicability.UNSAFE,
            ), None
    if _receives(body):
        return None, "the loop blocks on a receive inside an expression; receive into a variable at the loop head first"
    at = src.line_start(open_line + 1)
    check = select_head(inner) + inner + b"default:" + nl + inner + b"}" + nl
    return Fix(
        f"check {name}.Done() at the top of the loop and return once it is closed"
        f" (unsafe: the goroutine now stops when {name} is cancelled)",
        (Edit(at, at, check),),
        Applicability.UNSAFE,
    ), None
