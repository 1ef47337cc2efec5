"""Blocking channel operations and the cancel signals code could wait on beside them.

A goroutine that blocks on a send or a receive can be stopped only by what it waits on. Where
the code at hand has a way to stop (a context, a done channel, a stop channel it polls) and the
operation does not wait on it as well, the goroutine outlives that signal: the receiver that
gave up on ``ctx.Done()`` is gone, and the sender waits forever. This module finds the
operations (a statement that waits on one channel) and the signals the code around them shows
it knows: one it polls and then ignores, one it waits on elsewhere in the same function, a
context it was given, the done channel the loop on the other side closes when it exits. It also
spells the zero values a ``return`` needs, for a fix that leaves the function on the signal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from .channels import case_receive_operand, channel_key, close_argument, done_like
from .files import FileIndex
from .syntax import FUNC_TYPES, named, receive_operand, statements, unparen, walk_same_function
from .types import deref

CONTEXT = ("ext", "context", "Context")


@dataclass
class Blocking:
    """A statement that waits on one channel: ``ch <- v``, ``<-ch``, ``v = <-ch`` or ``v :=
    <-ch`` (``defines``: the last, whose names a ``select`` case would scope to itself)."""

    stmt: Node
    kind: str  # send | receive
    channel: Node
    defines: bool = False


def blocking_statement(stmt: Node) -> Blocking | None:
    """The channel operation a statement of a block waits on, or None (a select case's
    communication is not a statement of a block)."""
    if stmt.parent is None or stmt.parent.type != "statement_list":
        return None
    if stmt.type == "send_statement":
        ch = stmt.child_by_field_name("channel")
        return None if ch is None else Blocking(stmt, "send", ch)
    if stmt.type == "expression_statement":
        inner = named(stmt)
        op = receive_operand(inner[0]) if len(inner) == 1 else None
        if op is not None and inner[0].type == "unary_expression":
            return Blocking(stmt, "receive", op.child_by_field_name("operand"))
        return None
    if stmt.type in ("assignment_statement", "short_var_declaration"):
        if stmt.type == "assignment_statement":
            operator = stmt.child_by_field_name("operator")
            if operator is None or operator.type != "=":
                return None
        left, right = named(stmt.child_by_field_name("left")), named(stmt.child_by_field_name("right"))
        if len(left) != 1 or len(right) != 1:
            return None  # `v, ok := <-ch` watches for a close: it is how the loop ends
        op = receive_operand(right[0])
        if op is None:
            return None
        return Blocking(stmt, "receive", op.child_by_field_name("operand"), stmt.type == "short_var_declaration")
    return None


def blocking_statements(func: Node) -> list[Blocking]:
    """The statements of ``func`` (not of nested function literals) that wait on one channel."""
    body = func.child_by_field_name("body")
    if body is None:
        return []
    out = []
    for n in walk_same_function(body):
        if n.type in ("send_statement", "expression_statement", "assignment_statement", "short_var_declaration"):
            b = blocking_statement(n)
            if b is not None:
                out.append(b)
    return sorted(out, key=lambda b: b.stmt.start_byte)


def leaves(body: Node | None, data: bytes) -> bool:
    """Does a case body leave the function (a ``return``, not in a nested literal) or jump out
    through a label (``break loop``, ``goto``)?"""
    if body is None:
        return False
    for n in walk_same_function(body):
        if n.type == "return_statement" or n.type == "goto_statement":
            return True
        if n.type == "break_statement" and any(c.type == "label_name" for c in n.named_children):
            return True
    return False


def _case_body(case: Node) -> Node | None:
    return next((c for c in case.named_children if c.type == "statement_list"), None)


def _last_of_function(stmt: Node) -> bool:
    """Is ``stmt`` the last statement of its function's body (what follows it is the end)?"""
    lst = stmt.parent
    body = lst.parent if lst is not None else None
    if lst is None or lst.type != "statement_list" or body is None or body.type != "block":
        return False
    if body.parent is None or body.parent.type not in FUNC_TYPES:
        return False
    rest = [c for c in lst.named_children if c.type != "comment" and c.start_byte > stmt.start_byte]
    return not rest


def escape_cases(select: Node, data: bytes) -> list[tuple[Node, Node]]:
    """The receive cases of a ``select`` whose body leaves (or that ends the function, the
    select being its last statement): (the case, what it receives from)."""
    out = []
    tail = _last_of_function(select)
    for case in select.named_children:
        if case.type != "communication_case":
            continue
        ch = case_receive_operand(case.child_by_field_name("communication"))
        if ch is not None and (tail or leaves(_case_body(case), data)):
            out.append((case, ch))
    return out


@dataclass
class Poll:
    """A ``select`` that polls a signal and then blocks regardless: the blocking statement is
    the first of its ``default`` (``in_default``) or the statement right after it."""

    select: Node
    default: Node
    signal: Node  # the channel expression the escape case receives from
    in_default: bool


def polled_then_ignored(b: Blocking, data: bytes) -> Poll | None:
    """``select { case <-stop: return; default: ch <- v }``, or the same select with an empty
    ``default`` followed by ``ch <- v``: the code looks at the signal, then waits without it."""
    lst = b.stmt.parent
    holder = lst.parent if lst is not None else None
    if holder is not None and holder.type == "default_case":
        first = statements(holder)
        select = holder.parent
        if first and first[0].id == b.stmt.id and select is not None and select.type == "select_statement":
            esc = [e for e in escape_cases(select, data) if stop_signal(e[1], data)]
            if esc:
                return Poll(select, holder, esc[0][1], True)
        return None
    prev = b.stmt.prev_named_sibling
    while prev is not None and prev.type == "comment":
        prev = prev.prev_named_sibling
    if prev is None or prev.type != "select_statement":
        return None
    default = next((c for c in prev.named_children if c.type == "default_case"), None)
    if default is None or statements(default):
        return None
    esc = [e for e in escape_cases(prev, data) if stop_signal(e[1], data)]
    return Poll(prev, default, esc[0][1], False) if esc else None


def done_calls(func: Node, data: bytes) -> list[tuple[Node, Node]]:
    """``X.Done()`` and ``X.Err()`` calls in ``func`` (nested literals excluded): (call, X)."""
    out = []
    body = func.child_by_field_name("body")
    if body is None:
        return out
    for n in walk_same_function(body):
        if n.type != "call_expression" or named(n.child_by_field_name("arguments")):
            continue
        fn = unparen(n.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            continue
        fld = fn.child_by_field_name("field")
        if fld is not None and data[fld.start_byte : fld.end_byte] in (b"Done", b"Err"):
            out.append((n, fn.child_by_field_name("operand")))
    return out


def waits_elsewhere(model, f: FileIndex, func: Node, b: Blocking) -> tuple[str, Node, Node] | None:
    """A signal the function waits on in a ``select`` elsewhere, with a case that leaves: a
    context (``<-ctx.Done()``, ``<-s.ctx.Done()``) or a channel named as a stop signal
    (``<-done``, ``<-s.quit``: see :func:`channels.done_like`). (What the
    operation should receive from, as the code spells it; the case where it does.) Only a
    signal whose spelling means the same thing at the operation (a parameter, a receiver's
    field, a variable in scope there)."""
    data = f.data
    body = func.child_by_field_name("body")
    if body is None:
        return None
    for sel in walk_same_function(body):
        if sel.type != "select_statement":
            continue
        for case, ch in escape_cases(sel, data):
            ch = unparen(ch)
            if ch is None or case.start_byte <= b.stmt.start_byte < case.end_byte:
                continue  # the operation runs once the signal has fired: cleanup, not a wait
            if ch.type == "call_expression":
                fn = unparen(ch.child_by_field_name("function"))
                if fn is None or fn.type != "selector_expression":
                    continue
                fld = fn.child_by_field_name("field")
                if fld is None or f.text(fld) != "Done":
                    continue
                if deref(model.typeof(f, fn.child_by_field_name("operand"))) != CONTEXT:
                    continue
            elif channel_key(ch, data) is None or not done_like(ch, data):
                continue  # a channel named like a stop signal (done, quit, stopCh…), not any channel
            if _means_the_same_at(model, f, ch, b.stmt):
                if channel_key(b.channel, data) == channel_key(ch, data):
                    continue
                return f.text(ch), case, ch
    return None


def _root(n: Node | None) -> Node | None:
    while n is not None and n.type in ("selector_expression", "call_expression", "parenthesized_expression"):
        if n.type == "selector_expression":
            n = n.child_by_field_name("operand")
        elif n.type == "call_expression":
            n = n.child_by_field_name("function")
        else:
            inner = named(n)
            n = inner[0] if len(inner) == 1 else None
    return n if n is not None and n.type == "identifier" else None


def _means_the_same_at(model, f: FileIndex, expr: Node, at: Node) -> bool:
    """Is the variable ``expr`` goes through in scope, as the same variable, at ``at``?"""
    root = _root(expr)
    if root is None:
        return False
    d, fn = model.lookup(f, root)
    if d is None:
        return f.text(root) not in f.import_names and model.pkg_vars.get(f.text(root)) is not None
    if fn is None or not (fn.start_byte <= at.start_byte < fn.end_byte):
        return False
    return d.start <= at.start_byte < d.end


def closed_on_exit(model, f: FileIndex, b: Blocking) -> tuple[str, str] | None:
    """For a send on a field channel ``x.F`` of a type of the package: a method of that type
    whose loop receives from ``F`` in a ``select`` and, in a case that leaves, closes another
    field channel ``D`` (or defers ``close(D)``): once that loop has gone, nobody receives, and
    ``<-x.D`` says so. (``x.D`` as spelled at the send, the method's name.)"""
    if b.kind != "send":
        return None
    ch = unparen(b.channel)
    if ch is None or ch.type != "selector_expression":
        return None
    op, fld = ch.child_by_field_name("operand"), ch.child_by_field_name("field")
    base = deref(model.typeof(f, op)) if op is not None else None
    if fld is None or base is None or base[0] != "named":
        return None
    t = model.types.get(base[1])
    if t is None or t.ambiguous:
        return None
    field = f.text(fld)
    for m in t.methods.values():
        mf, decl = m.file, m.decl
        if m.recv is None:
            continue
        want = f"{m.recv}.{field}".encode()
        deferred_close = _deferred_closes(decl, mf.data, m.recv)
        body = decl.child_by_field_name("body")
        if body is None:
            continue
        for sel in walk_same_function(body):
            if sel.type != "select_statement":
                continue
            cases = [c for c in sel.named_children if c.type == "communication_case"]
            if not any(_receives_key(c, mf.data) == want for c in cases):
                continue
            for case, _sig in escape_cases(sel, mf.data):
                closes = _closes_fields(_case_body(case), mf.data, m.recv) or deferred_close
                for done in closes:
                    if done != field and done in t.fields:
                        return f"{f.text(op)}.{done}", f"{base[1]}.{m.name}"
    return None


def _receives_key(case: Node, data: bytes) -> bytes | None:
    return channel_key(case_receive_operand(case.child_by_field_name("communication")), data)


def _closes_fields(body: Node | None, data: bytes, recv: str) -> list[str]:
    out = []
    if body is None:
        return out
    prefix = recv.encode() + b"."
    for n in walk_same_function(body):
        arg = close_argument(n, data) if n.type == "call_expression" else None
        key = channel_key(arg, data) if arg is not None else None
        if key is not None and key.startswith(prefix) and key.count(b".") == 1:
            out.append(key[len(prefix) :].decode("utf-8", "replace"))
    return out


def _deferred_closes(decl: Node, data: bytes, recv: str) -> list[str]:
    body = decl.child_by_field_name("body")
    out = []
    for s in statements(body):
        if s.type == "defer_statement":
            out.extend(_closes_fields(s, data, recv))
    return out


# -- zero values for a return -----------------------------------------------------------------

_NUMERIC = frozenset(
    "int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr float32 float64 complex64 complex128 byte rune".split()
)
_NIL_TYPES = ("pointer_type", "slice_type", "map_type", "channel_type", "function_type", "interface_type")


def zero_value(model, f: FileIndex, ty: Node | None) -> str | None:
    """How the zero value of a type is written (``0``, ``""``, ``nil``, ``T{}``), or None."""
    if ty is None:
        return None
    t = ty.type
    if t in _NIL_TYPES:
        return "nil"
    if t in ("struct_type", "array_type"):
        return f.text(ty) + "{}"
    if t == "parenthesized_type":
        inner = named(ty)
        return zero_value(model, f, inner[0]) if len(inner) == 1 else None
    if t == "qualified_type":
        return None
    if t != "type_identifier":
        return None
    name = f.text(ty)
    if name in _NUMERIC:
        return "0"
    if name == "string":
        return '""'
    if name == "bool":
        return "false"
    if name in ("error", "any"):
        return "nil"
    decl = model.types.get(name)
    if decl is None or decl.ambiguous:
        return None
    if decl.struct is not None:
        return name + "{}"
    under = model.underlying(("named", name))
    if under is None:
        return None
    if under[0] == "builtin":
        return {"string": '""', "bool": "false", "error": "nil", "any": "nil"}.get(under[1], "0" if under[1] in _NUMERIC else None)
    if under[0] in ("ptr", "slice", "map", "chan"):
        return "nil"
    return None


def return_statement(model, f: FileIndex, func: Node, err: str | None = None) -> str | None:
    """``return`` with the zero values of the function's results (a bare ``return`` for none or
    named results; ``err`` in place of a last result of type ``error``), or None when one
    cannot be written."""
    res = func.child_by_field_name("result")
    if res is None:
        return "return"
    if res.type != "parameter_list":
        z = zero_value(model, f, res)
        return None if z is None else f"return {z}"
    decls = [p for p in named(res) if p.type == "parameter_declaration"]
    if any(p.children_by_field_name("name") for p in decls):
        return "return"
    zeros = [zero_value(model, f, p.child_by_field_name("type")) for p in decls]
    if not zeros or any(z is None for z in zeros):
        return None
    last = decls[-1].child_by_field_name("type")
    if err is not None and last is not None and f.text(last) == "error":
        zeros[-1] = err
    return "return " + ", ".join(zeros)  # type: ignore[arg-type]


def innermost_function(n: Node) -> Node | None:
    p = n.parent
    while p is not None and p.type not in FUNC_TYPES:
        p = p.parent
    return p


def reply_channel(b: Blocking, data: bytes) -> bool:
    """Is the operation's channel one the enclosing ``select`` case just received (``case c :=
    <-requests: c <- answer``)? The requester sent it to wait on it: a reply, not a wait."""
    ch = unparen(b.channel)
    if ch is None or ch.type != "identifier":
        return False
    name = data[ch.start_byte : ch.end_byte]
    p = b.stmt.parent
    while p is not None and p.type not in FUNC_TYPES:
        if p.type == "communication_case":
            comm = p.child_by_field_name("communication")
            left = comm.child_by_field_name("left") if comm is not None and comm.type == "receive_statement" else None
            if any(data[n.start_byte : n.end_byte] == name for n in named(left)):
                return True
        p = p.parent
    return False


def case_return(model, f: FileIndex, case: Node, func: Node) -> str | None:
    """The escape case's way out, when it is only that: "" for an empty case that ends the
    function, the text of a lone ``return`` whose names mean the same anywhere in ``func`` (its
    parameters, receiver, results, package names), None for a case that does more (closing a
    channel, logging: a copy would be a second place to keep in step)."""
    body = _case_body(case)
    stmts = statements(body) if body is not None else []
    if not stmts:
        return ""
    if len(stmts) != 1 or stmts[0].type != "return_statement":
        return None
    for n in walk_same_function(stmts[0]):
        if n.type != "identifier":
            continue
        d, fn = model.lookup(f, n)
        if d is not None and (fn is None or fn.id != func.id or d.kind not in ("param", "recv", "result")):
            return None
    return f.text(stmts[0])


def after_a_signal(b: Blocking, func: Node, data: bytes) -> bool:
    """Is the operation in a ``select`` case that runs once a cancel signal has fired (``case
    <-ctx.Done():``, ``case <-abort:``)? What it does there is cleanup or a drain, which the
    signal it waits after cannot end."""
    p = b.stmt.parent
    while p is not None and p.id != func.id:
        if p.type == "communication_case":
            if done_like(case_receive_operand(p.child_by_field_name("communication")), data):
                return True
        p = p.parent
    return False


_STOP_WORDS = re.compile(r"(?i)(stop|done|quit|cancel|clos|shutdown|exit|abort|halt|die|dying|kill|term)")


def stop_signal(expr: Node | None, data: bytes) -> bool:
    """Does a receive from ``expr`` mean "stop": ``ctx.Done()``, a channel named like a stop
    signal (:func:`channels.done_like`), or a method that hands one out (``s.ShouldStop()``,
    ``w.Closing()``)? An error or result channel polled in a ``select`` is not one."""
    expr = unparen(expr)
    if expr is None:
        return False
    if done_like(expr, data):
        return True
    if expr.type == "call_expression" and not named(expr.child_by_field_name("arguments")):
        fn = unparen(expr.child_by_field_name("function"))
        name = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else fn
        return name is not None and bool(_STOP_WORDS.search(data[name.start_byte : name.end_byte].decode("utf-8", "replace")))
    return False


def room_for_it(b: Blocking, func: Node, data: bytes) -> bool:
    """A send on a channel the same function made with a buffer (``make(chan T, n)``, n not a
    literal 0), outside any loop: sends that come one per goroutine or one per path fit in it
    (GF201's question, when they do not), and the sender does not wait on anyone."""
    if b.kind != "send":
        return False
    key = channel_key(b.channel, data)
    if key is None or b"." in key:
        return False
    p = b.stmt.parent
    while p is not None and p.type not in FUNC_TYPES:
        if p.type == "for_statement":
            return False
        p = p.parent
    top = b.stmt
    while top.parent is not None:
        top = top.parent
        if top.type in ("function_declaration", "method_declaration"):
            break
    for n in walk_same_function_and_literals(top):
        if n.type != "call_expression":
            continue
        args = named(n.child_by_field_name("arguments"))
        fn = n.child_by_field_name("function")
        if fn is None or data[fn.start_byte : fn.end_byte] != b"make" or len(args) != 2 or args[0].type != "channel_type":
            continue
        if args[1].type == "int_literal" and data[args[1].start_byte : args[1].end_byte] == b"0":
            continue
        target = _assigned_name(n, data)
        if target == key:
            return True
    return False


def _assigned_name(call: Node, data: bytes) -> bytes | None:
    p = call.parent
    if p is None or p.type != "expression_list" or p.parent is None:
        return None
    stmt = p.parent
    values = named(p)
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        left = named(stmt.child_by_field_name("left"))
    elif stmt.type == "var_spec":
        left = stmt.children_by_field_name("name")
    else:
        return None
    idx = next((i for i, v in enumerate(values) if v.id == call.id), None)
    if idx is None or idx >= len(left) or left[idx].type != "identifier":
        return None
    return data[left[idx].start_byte : left[idx].end_byte]


def walk_same_function_and_literals(node: Node):
    """Every node under ``node``, function literals included."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.named_children))


def waits_for_completion(b: Blocking, data: bytes) -> bool:
    """A receive that waits for something to finish or to fire, not on a peer that may give
    up: from a channel a call hands out (``<-q.Idle()``, ``<-time.After(d)``), from a stop
    signal itself (``<-ctx.Done()``, ``<-done``), or the answer right after a ``select`` case
    handed the peer a request (``case p.wrTx <- b: n := <-p.wrRx``: a handshake)."""
    if b.kind != "receive":
        return False
    ch = unparen(b.channel)
    if ch is not None and (ch.type == "call_expression" or stop_signal(ch, data)):
        return True
    lst = b.stmt.parent
    case = lst.parent if lst is not None else None
    if case is not None and case.type == "communication_case":
        comm = case.child_by_field_name("communication")
        first = statements(case)
        return comm is not None and comm.type == "send_statement" and bool(first) and first[0].id == b.stmt.id
    return False


def buffered_field(model, f: FileIndex, b: Blocking) -> bool:
    """Is the operation's channel a field ``x.F`` that the package makes with a buffer
    (``F: make(chan T, n)`` or ``x.F = make(chan T, n)``)?"""
    ch = unparen(b.channel)
    if ch is None or ch.type != "selector_expression":
        return False
    fld = ch.child_by_field_name("field")
    if fld is None:
        return False
    name = f.text(fld).encode()
    for g in model.files:
        data = g.data
        if name not in data:
            continue
        for n in g.nodes_of("call_expression"):
            fn = n.child_by_field_name("function")
            args = named(n.child_by_field_name("arguments"))
            if fn is None or data[fn.start_byte : fn.end_byte] != b"make" or len(args) != 2 or args[0].type != "channel_type":
                continue
            if args[1].type == "int_literal" and data[args[1].start_byte : args[1].end_byte] == b"0":
                continue
            p = n.parent
            if p is not None and p.type == "literal_element" and p.parent is not None and p.parent.type == "keyed_element":
                key = named(p.parent)[0]
                if data[key.start_byte : key.end_byte] == name:
                    return True
            if p is not None and p.type == "expression_list" and p.parent is not None:
                left = named(p.parent.child_by_field_name("left")) if p.parent.type == "assignment_statement" else []
                if any(x.type == "selector_expression" and data[x.child_by_field_name("field").start_byte : x.child_by_field_name("field").end_byte] == name for x in left):
                    return True
    return False
