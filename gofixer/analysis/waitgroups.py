"""WaitGroups: statements that call ``Add``, ``Done`` or ``Wait`` on one, what a goroutine does
with one, and whether a receiver is a ``sync.WaitGroup``.

A WaitGroup's count is right only when every goroutine it counts calls ``Done`` exactly once,
on every way out, and the ``Add`` that counts it runs before ``Wait`` can. Rules that check
either half (a ``Done`` that a return skips, an ``Add`` inside the goroutine it counts) ask the
same questions of a goroutine's body, answered here: which receivers it calls the methods on
(``wg``, ``s.wg``: a name or a chain of field selections, compared as text), where (a
statement, deferred, in a closure or a goroutine of its own) and whether the receiver is a
WaitGroup at all, by its declaration or, failing that, by its name and use.

The byte tests say whether a file can hold such a statement at all, before it is parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from . import files, goroutines, lexical, syntax
from .siblings import PackageView
from .syntax import inside, is_field, named

_WG_METHODS = (b"Add", b"Done", b"Wait")
# wg, wg2, wgWorkers, workerWG, workersWg, doneWaitGroup, waitGroup…
_WG_NAME = re.compile(r"^(?:[wW][gG]|wg[A-Z_][0-9A-Za-z_]*|[0-9A-Za-z_]*(?:wg|Wg|WG|[wW]ait[gG]roup))[0-9]*$")


# -- byte-level evidence of a ``W.Done()`` / ``W.Add(n)`` statement --------------------------------

# The method's name, blanks or a comment, then ``(`` (a newline would end the statement).
DONE_CALL = re.compile(rb"Done[ \t]*[(/]")
ADD_CALL = re.compile(rb"Add[ \t]*[(/]")
# what a receiver written as a chain of names (``wg``, ``s.wg``) can be made of, with the blanks
# around its dots and the dot before the method
_CHAIN_BYTES = lexical.WORD_BYTES | frozenset(b" \t\r.")
# where going back over the chain may stop: before a statement (``{``, ``;``, ``:``, the end of a
# ``*/`` comment), or at a newline, where the statement starts or the chain goes on from the line
# before (``wg.`` then ``Done()``)
_BEFORE_STATEMENT = frozenset(b"\n{;:/")


def may_have_method_statement(data: bytes, call: re.Pattern[bytes]) -> bool:
    """Can ``data`` hold a statement ``W.M(..)``, with W a chain of names and ``call`` matching
    ``M(``? Going back from the method over the chain must reach the start of a statement or a
    line: a ``<-ctx.Done()``, ``x := s.Add(1)`` or ``f(wg.Done())`` does not. A superset: every
    such statement of valid Go, gofmt'd or not, passes."""
    for m in call.finditer(data):
        j = m.start()
        while j > 0 and data[j - 1] in _CHAIN_BYTES:
            j -= 1
        if j == 0 or data[j - 1] in _BEFORE_STATEMENT:
            return True
    return False


def may_have_done_statement(data: bytes) -> bool:
    """Can ``data`` hold a statement ``W.Done()`` (see :func:`may_have_method_statement`)?"""
    return may_have_method_statement(data, DONE_CALL)


def may_have_add_statement(data: bytes) -> bool:
    """Can ``data`` hold a statement ``W.Add(n)`` (see :func:`may_have_method_statement`)?"""
    return may_have_method_statement(data, ADD_CALL)


# -- receivers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MethodCall:
    """``W.M(args)``: the receiver expression W, the method name, the call and its statement."""

    recv: Node
    method: bytes
    call: Node


def method_call(ref: Node, data: bytes) -> MethodCall | None:
    """If ``ref`` is the receiver of a call ``ref.Add(..)``/``.Done()``/``.Wait()``, that call."""
    sel = ref.parent
    if sel is None or sel.type != "selector_expression" or not is_field(sel, "operand", ref):
        return None
    fld = sel.child_by_field_name("field")
    call = sel.parent
    if fld is None or call is None or call.type != "call_expression" or not is_field(call, "function", sel):
        return None
    name = data[fld.start_byte : fld.end_byte]
    if name not in _WG_METHODS:
        return None
    return MethodCall(ref, name, call)


def receiver_text(call: Node, data: bytes) -> bytes | None:
    """The receiver of ``W.M(..)`` when it is a name or a chain of field selections (``s.wg``)."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    recv = fn.child_by_field_name("operand")
    if recv is None or not _plain_chain(recv):
        return None
    return data[recv.start_byte : recv.end_byte]


def _plain_chain(n: Node) -> bool:
    while n.type == "selector_expression":
        if b"\n" in n.text or any(c.type == "comment" for c in n.children):
            return False
        n = n.child_by_field_name("operand")
        if n is None:
            return False
    return n.type == "identifier"


def root_name(recv: Node, data: bytes) -> bytes:
    """The name a receiver chain starts from (``s`` of ``s.wg``)."""
    while recv.type == "selector_expression":
        recv = recv.child_by_field_name("operand")
    return data[recv.start_byte : recv.end_byte]


def mentions(func: Node, w: bytes, data: bytes) -> int:
    """How many times the receiver ``w`` (as text) is spelled in F's body, closures included:
    a goroutine that uses its WaitGroup for nothing but one ``Done`` mentions it once."""
    body = func.child_by_field_name("body")
    if body is None:
        return 0
    kind = "identifier" if b"." not in w else "selector_expression"
    return sum(1 for n in syntax.walk(body) if n.type == kind and data[n.start_byte : n.end_byte] == w)


def wg_go_description(w: bytes, what: str) -> str:
    """How a fix that hands a goroutine to ``W.Go`` (Go 1.25) describes itself; ``what`` names
    the statements it replaces."""
    name = w.decode("utf-8", "replace")
    return (
        f"use `{name}.Go` (Go 1.25): replace {what} with `{name}.Go(func() {{ … }})`,"
        " which counts the goroutine and defers Done"
    )


# -- what a goroutine does with one WaitGroup ---------------------------------------------------


@dataclass
class Usage:
    """The uses of one WaitGroup expression ``W`` in one goroutine body ``F``.

    ``ok`` is False when ``W`` is used in a way the rules do not follow: passed on, assigned,
    used in a closure (a deferred ``func() { wg.Done() }()`` included) or in a goroutine that
    was not counted with its own ``Add`` first (a hand-off), or declared again inside ``F``.
    """

    ok: bool = True
    dones: list[Node] = field(default_factory=list)  # expression statements W.Done()
    deferred: list[Node] = field(default_factory=list)  # defer W.Done()
    adds: list[Node] = field(default_factory=list)  # expression statements W.Add(n)
    self_adds: list[Node] = field(default_factory=list)  # adds not followed by a go statement
    other_defers: int = 0  # defer statements of F other than defer W.Done()


def usage(func: Node, w: bytes, data: bytes) -> Usage:
    """What the goroutine body ``func`` does with the WaitGroup spelled ``w`` (see :class:`Usage`)."""
    body = func.child_by_field_name("body")
    u = Usage()
    if body is None:
        u.ok = False
        return u
    refs: list[Node] = []
    go_stmts: list[Node] = []
    is_ident = b"." not in w
    for n in syntax.walk(body):
        if n.type == "go_statement" and syntax.enclosing_function(n) == func:
            go_stmts.append(n)
        elif n.type == "defer_statement" and syntax.enclosing_function(n) == func:
            u.other_defers += 1
        if is_ident:
            if n.type == "identifier" and data[n.start_byte : n.end_byte] == w:
                refs.append(n)
        elif n.type == "selector_expression" and data[n.start_byte : n.end_byte] == w:
            refs.append(n)
    if is_ident and _declared_in_body(body, w, data):
        u.ok = False
        return u
    later: list[tuple[Node, Node]] = []  # refs inside go statements of F, judged once the adds are known
    for ref in refs:
        go = _own_go(ref, func)
        if go is not None:
            later.append((ref, go))
            continue
        if syntax.enclosing_function(ref) != func:
            u.ok = False  # a closure
            return u
        mc = method_call(ref, data)
        stmt = mc.call.parent if mc is not None else None
        if mc is None or stmt is None:
            u.ok = False
            return u
        if mc.method == b"Wait" and stmt.type == "expression_statement":
            continue
        if mc.method == b"Done" and stmt.type == "expression_statement":
            u.dones.append(stmt)
        elif mc.method == b"Done" and stmt.type == "defer_statement":
            u.deferred.append(stmt)
            u.other_defers -= 1
        elif mc.method == b"Add" and stmt.type == "expression_statement":
            u.adds.append(stmt)
        else:
            u.ok = False
            return u
    marks = sorted(u.dones + u.deferred, key=lambda s: s.start_byte)
    for a in u.adds:
        nxt_done = next((m.start_byte for m in marks if m.start_byte > a.end_byte), None)
        spawned = any(
            g.start_byte > a.end_byte and (nxt_done is None or g.start_byte < nxt_done) for g in go_stmts
        )
        if not spawned:
            u.self_adds.append(a)
    for _ref, go in later:
        # a goroutine F starts may use W only when F counted it first (an Add before that go
        # statement with no Done of F's own in between)
        counted = any(
            a.end_byte < go.start_byte and not any(a.end_byte < m.start_byte < go.start_byte for m in marks)
            for a in u.adds
        )
        if not counted:
            u.ok = False
            return u
    return u


def _own_go(ref: Node, func: Node) -> Node | None:
    """The go statement of F itself (not of a closure inside F) that contains ``ref``."""
    p = ref.parent
    while p is not None and p.id != func.id:
        if p.type == "go_statement" and syntax.enclosing_function(p) == func:
            return p
        p = p.parent
    return None


def _declared_in_body(body: Node, name: bytes, data: bytes) -> bool:
    s = name.decode("utf-8", "replace")
    return syntax.declares_locally(body, s, data)


def receivers(func: Node, data: bytes, method: bytes) -> list[tuple[bytes, Node]]:
    """(W, call) for every ``W.method(..)`` call at F's own level with a plain receiver."""
    out = []
    body = func.child_by_field_name("body")
    if body is None:
        return out
    for n in syntax.walk_same_function(body):
        if n.type != "call_expression":
            continue
        fn = n.child_by_field_name("function")
        fld = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
        if fld is None or data[fld.start_byte : fld.end_byte] != method:
            continue
        w = receiver_text(n, data)
        if w is not None:
            out.append((w, n))
    return out


# -- is W a sync.WaitGroup? ---------------------------------------------------------------------


def _is_wg_type(t: Node | None, data: bytes, sync: str | None) -> bool:
    if t is None or sync is None:
        return False
    if t.type == "pointer_type":
        inner = named(t)
        return len(inner) == 1 and _is_wg_type(inner[0], data, sync)
    if t.type == "parenthesized_type":
        inner = named(t)
        return len(inner) == 1 and _is_wg_type(inner[0], data, sync)
    if sync == ".":
        return t.type == "type_identifier" and data[t.start_byte : t.end_byte] == b"WaitGroup"
    if t.type == "qualified_type":
        pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
    elif t.type == "selector_expression":  # new(sync.WaitGroup) may parse as an expression
        pkg, name = t.child_by_field_name("operand"), t.child_by_field_name("field")
    else:
        return False
    return (
        pkg is not None
        and name is not None
        and data[pkg.start_byte : pkg.end_byte] == sync.encode()
        and data[name.start_byte : name.end_byte] == b"WaitGroup"
    )


def _wg_value(v: Node | None, data: bytes, sync: str | None) -> bool | None:
    """Is the value a WaitGroup (``sync.WaitGroup{}``, ``&sync.WaitGroup{}``,
    ``new(sync.WaitGroup)``)? None when it cannot be told (a call, a field, a conversion…)."""
    if v is None:
        return None
    if v.type == "unary_expression":
        op = v.child_by_field_name("operator")
        if op is not None and op.type == "&":
            v = v.child_by_field_name("operand")
            if v is None:
                return None
    if v.type == "composite_literal":
        return _is_wg_type(v.child_by_field_name("type"), data, sync)
    if v.type == "call_expression":
        fn = v.child_by_field_name("function")
        if fn is not None and fn.type == "identifier" and data[fn.start_byte : fn.end_byte] == b"new":
            args = named(v.child_by_field_name("arguments"))
            return len(args) == 1 and _is_wg_type(args[0], data, sync)
        return None
    if v.type in ("int_literal", "interpreted_string_literal", "raw_string_literal", "func_literal", "float_literal"):
        return False
    return None


def _classify_spec(spec: Node, name: bytes, data: bytes, sync: str | None) -> bool | None:
    """What a declaration says about ``name``: WaitGroup (True), something else (False) or
    cannot tell (None). ``spec``: var_spec, short_var_declaration, parameter or field decl."""
    if spec.type in ("var_spec", "parameter_declaration", "variadic_parameter_declaration", "field_declaration"):
        t = spec.child_by_field_name("type")
        if t is not None:
            if spec.type == "variadic_parameter_declaration":
                return False
            return _is_wg_type(t, data, sync) or (None if t.type == "generic_type" else False)
        if spec.type != "var_spec":
            return None
        names = spec.children_by_field_name("name")
        values = named(spec.child_by_field_name("value"))
    elif spec.type == "short_var_declaration":
        names = named(spec.child_by_field_name("left"))
        values = named(spec.child_by_field_name("right"))
    else:
        return None
    if len(names) != len(values):
        return None
    for nm, v in zip(names, values):
        if data[nm.start_byte : nm.end_byte] == name:
            return _wg_value(v, data, sync)
    return None


def _scope_node(decl: Node) -> Node | None:
    """The node that bounds the scope of a name a statement declares."""
    p = decl.parent
    if p is not None and p.type == "var_spec_list":
        p = p.parent
    if decl.type == "var_spec" and p is not None and p.type == "var_declaration":
        p = p.parent
    if p is None:
        return None
    if p.type == "for_clause" or p.type == "range_clause":
        return p.parent
    return p


class WaitGroups:
    """Answers "is this receiver a sync.WaitGroup?" for one file.

    A name is one when its declaration says so: a parameter ``wg *sync.WaitGroup``, ``var wg
    sync.WaitGroup``, ``wg := &sync.WaitGroup{}``, ``new(sync.WaitGroup)``, in the enclosing
    functions or at package level; a field ``s.wg`` when every struct of the package that has a
    field of that name declares it a WaitGroup. Failing that (a declaration that does not say,
    such as a call's result), a WaitGroup-like name (``wg``, ``…Wg``, ``…WG``, ``…WaitGroup``) in
    a file that imports ``sync``, used with both ``.Add(`` and ``.Done(``/``.Wait(`` in the same
    function. Only the package's files that spell a name are parsed to look for its
    declaration (``view`` lists them).
    """

    def __init__(self, data: bytes, root: Node, imports: dict[str, str], view: PackageView):
        self.data = data
        self.root = root
        self.view = view
        sync = imports.get("sync")
        self.sync = None if sync == "_" else sync
        self._fields: dict[bytes, bool | None] = {}
        self._globals: dict[bytes, bool | None] = {}

    def is_wg(self, recv: Node) -> bool:
        data = self.data
        if recv.type == "identifier":
            verdict = self._ident(recv, data[recv.start_byte : recv.end_byte])
            last = recv
        elif recv.type == "selector_expression":
            fld = recv.child_by_field_name("field")
            if fld is None:
                return False
            verdict = self._field(data[fld.start_byte : fld.end_byte])
            last = fld
        else:
            return False
        if verdict is not None:
            return verdict
        return self._looks_like_one(recv, data[last.start_byte : last.end_byte])

    def declared(self, recv: Node) -> bool:
        """Is the receiver a WaitGroup by its declaration (not only by its name)? ``W.Go`` is
        offered only then: a look-alike type may have ``Add`` and ``Done`` but no ``Go``."""
        data = self.data
        if recv.type == "identifier":
            return self._ident(recv, data[recv.start_byte : recv.end_byte]) is True
        if recv.type == "selector_expression":
            fld = recv.child_by_field_name("field")
            return fld is not None and self._field(data[fld.start_byte : fld.end_byte]) is True
        return False

    # a name: parameters and declarations of the enclosing functions, then the package

    def _ident(self, use: Node, name: bytes) -> bool | None:
        data = self.data
        f = syntax.enclosing_function(use)
        while f is not None:
            for fname in ("receiver", "parameters"):
                plist = f.child_by_field_name(fname)
                for decl in named(plist):
                    if any(data[n.start_byte : n.end_byte] == name for n in decl.children_by_field_name("name")):
                        return _classify_spec(decl, name, data, self.sync)
            body = f.child_by_field_name("body")
            if body is not None:
                best = None
                for n in syntax.walk_same_function(body):
                    if n.start_byte >= use.start_byte:
                        continue
                    decl = self._declares(n, name, data)
                    if decl is None:
                        continue
                    scope = _scope_node(n)
                    if scope is not None and inside(use, scope):
                        best = n
                if best is not None:
                    if best.type == "range_clause":
                        return None
                    return _classify_spec(best, name, data, self.sync)
            f = syntax.enclosing_function(f)
        return self._global(name)

    @staticmethod
    def _declares(n: Node, name: bytes, data: bytes) -> Node | None:
        if n.type == "var_spec":
            ids = n.children_by_field_name("name")
        elif n.type == "short_var_declaration" or (n.type == "range_clause" and any(c.type == ":=" for c in n.children)):
            ids = [c for c in named(n.child_by_field_name("left")) if c.type == "identifier"]
        else:
            return None
        return n if any(data[i.start_byte : i.end_byte] == name for i in ids) else None

    def _global(self, name: bytes) -> bool | None:
        if name not in self._globals:
            verdict: bool | None = None
            for root, data, sync in self._files(name):
                for d in root.named_children:
                    if d.type != "var_declaration":
                        continue
                    for spec in syntax.walk(d):
                        if spec.type == "var_spec" and any(
                            data[n.start_byte : n.end_byte] == name for n in spec.children_by_field_name("name")
                        ):
                            verdict = _classify_spec(spec, name, data, sync)
            self._globals[name] = verdict
        return self._globals[name]

    # a field: every struct of the package that has a field of that name

    def _field(self, name: bytes) -> bool | None:
        if name not in self._fields:
            kinds: set[bool] = set()
            for root, data, sync in self._files(name):
                for n in _field_declarations_spelling(root, data, name):
                    names = n.children_by_field_name("name")
                    t = n.child_by_field_name("type")
                    if names:
                        if any(data[x.start_byte : x.end_byte] == name for x in names):
                            kinds.add(_is_wg_type(t, data, sync))
                    elif t is not None and name == b"WaitGroup" and _is_wg_type(t, data, sync):
                        kinds.add(True)  # embedded sync.WaitGroup, selected as s.WaitGroup
            self._fields[name] = None if not kinds else (kinds == {True})
        return self._fields[name]

    def _files(self, name: bytes) -> Iterator[tuple[Node, bytes, str | None]]:
        """This file and the other files of the package that spell ``name``: only those can
        declare it (a variable, a field, an embedded ``WaitGroup``), so the others are not parsed."""
        yield self.root, self.data, self.sync
        for sib in self.view.siblings():
            if name not in sib.source.data:
                continue
            imports = files.import_names(sib.tree.root_node, sib.source.data)
            sync = imports.get("sync")
            yield sib.tree.root_node, sib.source.data, (None if sync == "_" else sync)

    # the fallback: a WaitGroup-like name used like one

    def _looks_like_one(self, recv: Node, last: bytes) -> bool:
        if self.sync is None or not _WG_NAME.match(last.decode("utf-8", "replace")):
            return False
        top = syntax.top_function(recv)
        if top is None:
            return False
        data = self.data
        w = data[recv.start_byte : recv.end_byte]
        seen: set[bytes] = set()
        for n in syntax.walk(top):
            if n.type == "call_expression" and receiver_text(n, data) == w:
                fn = n.child_by_field_name("function")
                fld = fn.child_by_field_name("field")
                seen.add(data[fld.start_byte : fld.end_byte])
        return b"Add" in seen and (b"Done" in seen or b"Wait" in seen)




def _field_declarations_spelling(root: Node, data: bytes, name: bytes) -> Iterator[Node]:
    """The field declarations whose bytes spell ``name`` in a field's name or in its type (an
    embedded ``sync.WaitGroup``), looked up where the bytes spell it rather than by walking
    every node of the file (whole files of function bodies hold no field declaration)."""
    seen: set[int] = set()
    for at in lexical.word_offsets(data, name):
        n = root.descendant_for_byte_range(at, at + len(name))
        while n is not None and n.type in _FIELD_PARTS:
            n = n.parent
        if n is not None and n.type == "field_declaration" and n.id not in seen:
            seen.add(n.id)
            yield n


# the nodes between a name's bytes and its field declaration: the field's name, or the parts
# of an embedded type (``sync.WaitGroup``, ``*sync.WaitGroup``)
_FIELD_PARTS = frozenset({"field_identifier", "type_identifier", "package_identifier", "qualified_type", "pointer_type"})


def counted_by(go: Node, w: bytes, data: bytes) -> bool:
    """Does the goroutine the go statement starts call ``W.Done`` without adding to ``W``
    itself, or get ``W`` handed over as an argument (``go worker(&wg)``)?"""
    func = goroutines.started(go)
    if func is not None and func.type == "func_literal":
        u = usage(func, w, data)
        return u.ok and bool(u.dones or u.deferred) and not u.adds
    call = goroutines.go_call(go)
    if call is None:
        return False
    for a in named(call.child_by_field_name("arguments")):
        a = syntax.unparen(a)
        if a is not None and a.type == "unary_expression":
            a = a.child_by_field_name("operand")
        if a is not None and data[a.start_byte : a.end_byte] == w:
            return True
    return False
