"""Values with a lifecycle: a type whose method (or a function that makes one) starts a goroutine
that ends only when another method of the type closes a channel field or cancels a context
field, and which methods those are.

``w.Start()`` starts a loop that runs until ``w.Stop()`` closes ``w.done``; ``db.begin(ctx)``
returns a transaction whose goroutine waits on ``tx.ctx.Done()`` until ``Rollback`` calls the
cancel function it keeps. Whoever starts such a value owns the goroutine: if the value is a
local that nothing stops and nothing takes over, the goroutine leaks when the function returns.
The facts are the package's, computed once per model (``PackageModel.memo``); a goroutine with
another way to end (a return outside the signal's case, a loop that runs out) is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from . import lexical
from .channels import case_receive_operand, close_argument
from .files import FileIndex
from .flow import is_infinite_loop
from .syntax import named, receive_operand, statements, unparen, walk, walk_same_function
from .types import deref

CONTEXT = ("ext", "context", "Context")
CANCELS = (("ext", "context", "CancelFunc"), ("ext", "context", "CancelCauseFunc"))


@dataclass
class Lifecycle:
    """What starts and what stops the goroutines of values of one type."""

    type_name: str
    signal: str  # the field the goroutine waits on
    kind: str  # "chan" (closed) or "ctx" (its cancel function called)
    goroutine: str  # the method the goroutine runs ("" for a func literal), for messages
    starters: set[str] = field(default_factory=set)  # methods that start it on their receiver
    makers: set[tuple[int, int, int]] = field(default_factory=set)  # functions returning it started: (file idx, start, end)
    releasers: set[str] = field(default_factory=set)  # methods that end it, directly or through another
    outermost: list[str] = field(default_factory=list)  # releasers no other releaser calls


def _recv_name(f: FileIndex, decl: Node) -> str | None:
    recv = decl.child_by_field_name("receiver")
    for p in named(recv):
        names = p.children_by_field_name("name")
        if names:
            return f.text(names[0])
    return None


def _field_of(expr: Node | None, f: FileIndex, recv: str) -> str | None:
    """``recv.F`` -> F."""
    expr = unparen(expr)
    if expr is None or expr.type != "selector_expression":
        return None
    op, fld = expr.child_by_field_name("operand"), expr.child_by_field_name("field")
    if op is None or fld is None or op.type != "identifier" or f.text(op) != recv:
        return None
    return f.text(fld)


def _signal_of(ch: Node | None, f: FileIndex, recv: str) -> tuple[str, str] | None:
    """What a receive waits on: ``recv.done`` -> (done, chan), ``recv.ctx.Done()`` -> (ctx, ctx)."""
    ch = unparen(ch)
    if ch is None:
        return None
    if ch.type == "call_expression" and not named(ch.child_by_field_name("arguments")):
        fn = unparen(ch.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression" and f.text(fn.child_by_field_name("field")) == "Done":
            got = _field_of(fn.child_by_field_name("operand"), f, recv)
            return None if got is None else (got, "ctx")
        return None
    got = _field_of(ch, f, recv)
    return None if got is None else (got, "chan")


def waits_only_on(f: FileIndex, goroutine: Node, recv: str) -> tuple[str, str] | None:
    """The field signal a goroutine's function can end on, when it is the only way it ends:
    its body starts by waiting on it (``<-recv.ctx.Done()``), or is a ``for {}`` loop around a
    ``select`` whose only way out is a case on it. (field, "chan" or "ctx"), or None."""
    body = goroutine.child_by_field_name("body")
    stmts = statements(body)
    if not stmts:
        return None
    first = stmts[0]
    if first.type == "expression_statement" and len(named(first)) == 1:
        op = receive_operand(named(first)[0])
        if op is not None:
            return _signal_of(op.child_by_field_name("operand"), f, recv)
    if len(stmts) != 1 or first.type != "for_statement" or not is_infinite_loop(first):
        return None
    loop_body = first.child_by_field_name("body")
    found = None
    for n in walk_same_function(loop_body):
        if n.type in ("return_statement", "goto_statement") or (
            n.type == "break_statement" and _leaves_loop(n, first)
        ):
            case = n.parent
            while case is not None and case.type != "communication_case" and case.id != first.id:
                case = case.parent
            if case is None or case.type != "communication_case":
                return None  # another way out
            got = _signal_of(case_receive_operand(case.child_by_field_name("communication")), f, recv)
            if got is None or (found is not None and got != found):
                return None
            found = got
    return found


def _leaves_loop(brk: Node, loop: Node) -> bool:
    """Does a ``break`` leave ``loop`` (labeled, or not inside a select/switch/for in between)?"""
    if any(c.type == "label_name" for c in brk.named_children):
        return True
    p = brk.parent
    while p is not None and p.id != loop.id:
        if p.type in ("select_statement", "expression_switch_statement", "type_switch_statement", "for_statement"):
            return False
        p = p.parent
    return True


def _releases_directly(model, f: FileIndex, decl: Node, recv: str, t, signal: str, kind: str) -> bool:
    body = decl.child_by_field_name("body")
    if body is None:
        return False
    for n in walk(body):
        if n.type != "call_expression":
            continue
        if kind == "chan":
            arg = close_argument(n, f.data)
            if arg is not None and _field_of(arg, f, recv) == signal:
                return True
        else:
            fld = _field_of(n.child_by_field_name("function"), f, recv)
            if fld is not None and t.fields.get(fld) in CANCELS:
                return True
    return False


def _calls_method(f: FileIndex, decl: Node, recv: str, names: set[str]) -> set[str]:
    body = decl.child_by_field_name("body")
    out: set[str] = set()
    if body is None:
        return out
    for n in walk(body):
        if n.type == "call_expression":
            fld = _field_of(n.child_by_field_name("function"), f, recv)
            if fld in names:
                out.add(fld)
    return out


def _goroutine_target(model, f: FileIndex, go: Node) -> tuple[Node, FileIndex, str, Node | None] | None:
    """What a ``go`` statement runs, when it is a method of a package type or a literal: (the
    function, its file, the name its receiver has inside, the operand the go statement names
    it through, or None for a literal)."""
    call = next((c for c in named(go) if c.type == "call_expression"), None)
    if call is None:
        return None
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return None
    if fn.type == "func_literal":
        return fn, f, "", None
    if fn.type != "selector_expression":
        return None
    op = fn.child_by_field_name("operand")
    m = model.method(model.typeof(f, op), f.text(fn.child_by_field_name("field")))
    if m is None or m.recv is None:
        return None
    return m.decl, m.file, m.recv, op


def lifecycles(model) -> dict[str, Lifecycle]:
    """The package's types with a lifecycle, by name (memoized on the model)."""
    return model.memo(("lifecycles", "lifecycles"), lambda: _lifecycles(model))


def _lifecycles(model) -> dict[str, Lifecycle]:
    out: dict[str, Lifecycle] = {}
    for f in model.files:
        for go in lexical.go_statements(f.root, f.data):
            target = _goroutine_target(model, f, go)
            if target is None:
                continue
            gfn, gf, grecv, operand = target
            owner = _owner(model, f, go)
            if owner is None:
                continue
            odecl, of, orecv, tname = owner
            if operand is None:
                if orecv is None or tname is None:
                    continue  # a literal: it names the value through the method's receiver
                got = waits_only_on(gf, gfn, orecv)
                how = "starter"
                name = ""
            else:
                base = deref(model.typeof(f, operand))
                if base is None or base[0] != "named":
                    continue
                got = waits_only_on(gf, gfn, grecv)
                if operand.type == "identifier" and orecv is not None and f.text(operand) == orecv and tname == base[1]:
                    how = "starter"
                elif operand.type == "identifier" and _returns(f, odecl, f.text(operand)):
                    how = "maker"
                else:
                    continue
                tname = base[1]
                name = f.text(gfn.child_by_field_name("name")) if gfn.child_by_field_name("name") else ""
            if got is None or tname is None:
                continue
            signal, kind = got
            t = model.types.get(tname)
            if t is None or t.ambiguous or signal not in t.fields:
                continue
            lc = out.get(tname)
            if lc is None:
                lc = out[tname] = Lifecycle(tname, signal, kind, name)
            elif (lc.signal, lc.kind) != (signal, kind):
                continue
            if how == "starter":
                lc.starters.add(f.text(odecl.child_by_field_name("name")))
            else:
                lc.makers.add((of.idx, odecl.start_byte, odecl.end_byte))
    for tname, lc in list(out.items()):
        t = model.types[tname]
        direct = {
            name for name, m in t.methods.items()
            if m.recv is not None and _releases_directly(model, m.file, m.decl, m.recv, t, lc.signal, lc.kind)
        }  # fmt: skip
        releasers = set(direct)
        changed = True
        while changed:
            changed = False
            for name, m in t.methods.items():
                if name in releasers or m.recv is None:
                    continue
                if _calls_method(m.file, m.decl, m.recv, releasers):
                    releasers.add(name)
                    changed = True
        releasers -= lc.starters
        if not releasers:
            del out[tname]  # nothing stops it: another check's business (a goroutine that never ends)
            continue
        lc.releasers = releasers
        called = set()
        for name in releasers:
            m = t.methods[name]
            called |= _calls_method(m.file, m.decl, m.recv, releasers - {name})
        lc.outermost = sorted(releasers - called, key=lambda n: (not n[:1].isupper(), n))
    return out


def _owner(model, f: FileIndex, go: Node) -> tuple[Node, FileIndex, str | None, str | None] | None:
    """The function declaration or method a ``go`` statement is in (literals looked through):
    (its node, its file, its receiver's name, its receiver's type name)."""
    p = go.parent
    while p is not None and p.type not in ("function_declaration", "method_declaration"):
        p = p.parent
    if p is None:
        return None
    if p.type == "function_declaration":
        return p, f, None, None
    m = model.method_decl(f, p)
    if m is None:
        return p, f, None, None
    return p, f, m.recv, m.owner


def _returns(f: FileIndex, decl: Node, name: str) -> bool:
    """Does the function return the variable ``name`` (``return tx`` or ``return tx, nil``)?"""
    for n in walk_same_function(decl):
        if n.type == "return_statement":
            vals = named(named(n)[0]) if named(n) and named(n)[0].type == "expression_list" else named(n)
            if vals and unparen(vals[0]) is not None and f.text(unparen(vals[0])) == name:
                return True
    return False


def called_names(found: dict[str, Lifecycle], model) -> frozenset[str]:
    """The names a call must have to start a goroutine of one of ``found``: the starters, and
    the functions and methods that make the values."""
    names: set[str] = set()
    for lc in found.values():
        names |= lc.starters
        for idx, start, end in lc.makers:
            f = model.files[idx]
            decl = f.root.descendant_for_byte_range(start, end)
            while decl is not None and not (decl.start_byte == start and decl.end_byte == end):
                decl = decl.parent
            name = decl.child_by_field_name("name") if decl is not None else None
            if name is not None:
                names.add(f.text(name))
    return frozenset(names)
