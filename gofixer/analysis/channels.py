"""Channels: who closes, sends on and receives from a channel, and the shapes around them
(``select`` cases, unbuffered ``make``) that goroutine rules share.

A channel is followed by its spelling: ``ch`` or a chain of field selections ``s.ch``, compared
as a normalised key (:func:`channel_key`); aliases are not followed, and a rule treats what it
cannot follow as unknown. The byte tests (``may_…``) tell before a parse whether a file can
hold the construct at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from . import lexical
from .flow import no_return_call
from .syntax import CASES as _CASES
from .syntax import SWITCHES as _SWITCHES
from .syntax import declares_locally, inside, named, receive_operand, statements, unparen, walk, walk_same_function

# -- the builtin close ----------------------------------------------------------------------------

# A package-level declaration of `close` as gofmt lays it out (a func, a var/const/type, or a
# name in a grouped declaration); only a sibling that has one is parsed to make sure. Matched as
# ``(?m)^(?:func[ \t]+close\b|(?:var|const|type)[ \t]+close\b|\tclose\b(?![ \t]*\())`` would,
# but from each ``close`` back to its line's start: that regex tries every line start of every
# sibling, and is slower by far.
_CLOSE_WORD = re.compile(rb"close\b")
_DECLARING_LINE_START = re.compile(rb"(?:func|var|const|type)[ \t]+")
_CALL_NEXT = re.compile(rb"[ \t]*\(")


def may_declare_close(data: bytes) -> bool:
    """Does a line of ``data`` declare ``close`` at package level, as gofmt lays it out?"""
    for m in _CLOSE_WORD.finditer(data):
        start = data.rfind(b"\n", 0, m.start()) + 1
        before = data[start : m.start()]
        if _DECLARING_LINE_START.fullmatch(before):
            return True
        if before == b"\t" and not _CALL_NEXT.match(data, m.end()):
            return True
    return False


def close_calls(root: Node, data: bytes) -> list[Node]:
    """The identifiers ``close`` that are the function of a call, in document order: looked up
    where the bytes spell ``close`` rather than by a query over every call of the file."""
    out = []
    at = data.find(b"close")
    while at != -1:
        n = root.descendant_for_byte_range(at, at + 5)
        if n is not None and n.type == "identifier" and n.start_byte == at and n.end_byte == at + 5:
            call = n.parent
            if call is not None and call.type == "call_expression":
                fn = call.child_by_field_name("function")
                if fn is not None and fn.id == n.id:
                    out.append(n)
        at = data.find(b"close", at + 5)
    return out


# The prefilter's call of the builtin: ``close``, blanks or a comment, then ``(`` (a newline
# would end the statement). Whether the name stands alone is checked by hand: a look-behind
# would cost the scan its fast literal prefix.
_CLOSE_CALL = re.compile(rb"close[ \t]*[(/]")
# bytes that, right before ``close``, make it part of a longer name or a method (``c.close()``)
_NAME_OR_DOT = lexical.WORD_BYTES | frozenset(b".")


def may_call_close(data: bytes) -> bool:
    """Can ``data`` call the builtin ``close`` (the identifier ``close`` called)?"""
    for m in _CLOSE_CALL.finditer(data):
        if m.start() == 0 or data[m.start() - 1] not in _NAME_OR_DOT:
            return True
    return False


def close_argument(call: Node, data: bytes) -> Node | None:
    """The argument of ``close(x)``, when ``call`` is one (of the name ``close``: whether a
    declaration shadows the builtin is the caller's question)."""
    if call.type != "call_expression":
        return None
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier" or data[fn.start_byte : fn.end_byte] != b"close":
        return None
    args = named(call.child_by_field_name("arguments"))
    return args[0] if len(args) == 1 else None


# -- channel expressions --------------------------------------------------------------------------


def channel_key(n: Node | None, data: bytes) -> bytes | None:
    """``ch`` or ``a.b.ch`` as a normalised spelling; None for anything else."""
    n = unparen(n)
    if n is None:
        return None
    if n.type == "identifier":
        return data[n.start_byte : n.end_byte]
    if n.type == "selector_expression":
        op = channel_key(n.child_by_field_name("operand"), data)
        fld = n.child_by_field_name("field")
        if op is None or fld is None:
            return None
        return op + b"." + data[fld.start_byte : fld.end_byte]
    return None


def key_prefixes(key: bytes) -> list[bytes]:
    """``a.b.c`` -> [a, a.b] (the expressions whose change may change the channel)."""
    parts = key.split(b".")
    return [b".".join(parts[:i]) for i in range(1, len(parts))]



# -- receives and select cases ----------------------------------------------------------------------


def receives(scope: Node, key: bytes, data: bytes) -> list[Node]:
    """``<-key`` expressions and ``range key`` clauses in ``scope`` (not in nested literals)."""
    out = []
    for n in walk_same_function(scope):
        if n.type == "unary_expression":
            op = n.child_by_field_name("operator")
            if op is not None and op.type == "<-" and channel_key(n.child_by_field_name("operand"), data) == key:
                out.append(n)
        elif n.type == "range_clause" and channel_key(n.child_by_field_name("right"), data) == key:
            out.append(n)
    return out


def select_case_of(n: Node) -> Node | None:
    """The ``select`` case whose communication ``n`` is part of (``case v := <-ch:``), or None."""
    p = n.parent
    while p is not None and p.type not in ("communication_case", "block", "func_literal"):
        p = p.parent
    if p is None or p.type != "communication_case":
        return None
    comm = p.child_by_field_name("communication")
    if comm is None or not (comm.start_byte <= n.start_byte and n.end_byte <= comm.end_byte):
        return None
    return p


def in_select_with(n: Node, key: bytes, data: bytes) -> bool:
    """Is the receive ``n`` a case of a select that also receives from ``key``?"""
    case = select_case_of(n)
    if case is None or case.parent is None:
        return False
    for c in case.parent.named_children:
        comm = c.child_by_field_name("communication") if c.type == "communication_case" else None
        if comm is not None and c.id != case.id and receives(comm, key, data):
            return True
    return False


def in_select_with_other(n: Node) -> bool:
    """Is the receive ``n`` a case of a select with other cases (that may win instead: a
    timeout, a cancellation, a default)?"""
    case = select_case_of(n)
    if case is None or case.parent is None:
        return False
    return any(c.id != case.id and c.type in ("communication_case", "default_case") for c in case.parent.named_children)


# -- making a channel -------------------------------------------------------------------------------

# every ``make`` call with a channel type among its arguments; the rule checks the rest (first
# argument, bidirectional, no capacity or a literal 0, assigned to a single local name)
MAKE_WORD = re.compile(rb"make(?<![\w\x80-\xff]make)(?![\w\x80-\xff])")
MAKE_CALLS = '(call_expression function: (identifier) @_fn (#eq? @_fn "make")) @call'


def makes_a_channel(call: Node) -> bool:
    args = call.child_by_field_name("arguments")
    return args is not None and any(a.type == "channel_type" for a in args.named_children)


def channel_makes(root: Node, data: bytes) -> list[Node]:
    """Every ``make`` call with a channel type among its arguments, in document order, found
    from the bytes (see :func:`gofixer.analysis.lexical.calls_named`)."""
    return [c for c in lexical.calls_named(root, data, MAKE_WORD, MAKE_CALLS) if makes_a_channel(c)]


@dataclass
class UnbufferedMake:
    """``make(chan T)`` or ``make(chan T, 0)``: the call, its channel type and its literal 0."""

    call: Node
    chan_type: Node
    zero: Node | None  # the literal 0 of make(chan T, 0)


def unbuffered_make(n: Node | None, data: bytes) -> UnbufferedMake | None:
    """``make(chan T)`` or ``make(chan T, 0)`` with a bidirectional channel type."""
    n = unparen(n)
    if n is None or n.type != "call_expression":
        return None
    fn = n.child_by_field_name("function")
    if fn is None or fn.type != "identifier" or data[fn.start_byte : fn.end_byte] != b"make":
        return None
    args = named(n.child_by_field_name("arguments"))
    if not args or args[0].type != "channel_type":
        return None
    tokens = [c.type for c in args[0].children if c.type != "comment"]
    if len(tokens) < 2 or tokens[0] != "chan" or tokens[1] == "<-":
        return None
    if len(args) == 1:
        return UnbufferedMake(n, args[0], None)
    if len(args) == 2 and args[1].type == "int_literal" and data[args[1].start_byte : args[1].end_byte] == b"0":
        return UnbufferedMake(n, args[0], args[1])
    return None


# -- select cases -----------------------------------------------------------------------------------


def assigned_name(call: Node, data: bytes) -> tuple[Node, str] | None:
    """The local name a call (a ``make(chan T)``) is assigned to, and how: "define" for ``x :=
    make(..)`` and ``var x = make(..)``, "assign" for ``x = make(..)`` (also positionally in a
    multi-assignment); None otherwise."""
    values = call.parent
    if values is None or values.type != "expression_list":
        return None
    stmt = values.parent
    if stmt is None:
        return None
    if stmt.type == "short_var_declaration" and stmt.child_by_field_name("right") == values:
        left, kind = named(stmt.child_by_field_name("left")), "define"
    elif stmt.type == "assignment_statement" and stmt.child_by_field_name("right") == values:
        op = stmt.child_by_field_name("operator")
        if op is None or op.type != "=":
            return None
        left, kind = named(stmt.child_by_field_name("left")), "assign"
    elif stmt.type == "var_spec" and stmt.child_by_field_name("value") == values:
        left, kind = stmt.children_by_field_name("name"), "define"
    else:
        return None
    right = named(values)
    if len(left) != len(right):
        return None
    lhs = next((lv for lv, rv in zip(left, right) if (rv.start_byte, rv.end_byte) == (call.start_byte, call.end_byte)), None)
    if lhs is None or lhs.type != "identifier" or data[lhs.start_byte : lhs.end_byte] == b"_":
        return None
    return lhs, kind


def case_receive_operand(comm: Node | None) -> Node | None:
    """The channel expression of a select case's receive (``case v := <-ch:``, ``case <-ch:``)."""
    if comm is None:
        return None
    expr = comm.child_by_field_name("right") if comm.type == "receive_statement" else comm
    expr = unparen(expr)
    if expr is None or expr.type != "unary_expression":
        return None
    op = expr.child_by_field_name("operator")
    if op is None or op.type != "<-":
        return None
    return expr.child_by_field_name("operand")


# -- sends per path ---------------------------------------------------------------------------------

MANY = 2  # send counts saturate here: "more than once"


def sends_per_path(body: Node, data: bytes, name: bytes, sends: list[Node], imports: dict[str, str]) -> tuple[int, bool] | None:
    """How many times a path through ``body`` sends on the channel named ``name`` at most
    (saturating at ``MANY``), and whether one of those sends is a case of a ``select`` with other
    cases (the sender can give up too); None when the control flow is beyond the count (``goto``,
    a send in a loop's header or an unexpected place). ``sends`` are the body's sends on it.

    A send that can happen at most once per path is what a buffer of one absorbs: sequences
    add, branches take the maximum, and a send on a path that goes round a loop again counts as
    many."""
    counter = _SendCounter(data, name, sends, imports)
    try:
        return counter.run(body), counter.selects
    except _Unsure:
        return None


class _Unsure(Exception):
    """The goroutine's control flow is beyond this analysis (goto, odd placement of a send)."""


def _span(n: Node) -> tuple[int, int]:
    return (n.start_byte, n.end_byte)


def _add(a: int | None, b: int | None) -> int | None:
    if a is None or b is None:
        return None
    return min(a + b, MANY)


def _mx(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _label_text(stmt: Node, data: bytes) -> str | None:
    lab = stmt.child_by_field_name("label")
    if lab is None:
        lab = next((c for c in stmt.named_children if c.type == "label_name"), None)
    return None if lab is None else data[lab.start_byte : lab.end_byte].decode("utf-8", "replace")


@dataclass
class _Flow:
    out: int | None  # most sends on a path that falls through (None: no path does)
    term: int | None = None  # most sends on a path that ends the goroutine (return, panic)
    jumps: dict[tuple[str, tuple[int, int]], int] = field(default_factory=dict)  # break/continue/fallthrough


@dataclass
class _Frame:
    node: Node
    kind: str  # loop | switch | select
    label: str | None


class _SendCounter:
    """Most sends on ``name`` along any path through a body: sequences add, branches take the
    maximum, a send on a path that loops again counts as MANY. ``selects`` notes a send that is
    one case of a select with other cases (the sender can give up too)."""

    def __init__(self, data: bytes, name: bytes, sends: list[Node], imports: dict[str, str]):
        self.data = data
        self.name = name
        self.sends = sends
        self.imports = imports
        self.selects = False

    def run(self, body: Node) -> int:
        f = self.stmt(body, 0, [])
        if f.jumps:
            raise _Unsure
        return _mx(f.out, f.term) or 0

    def _is_ours(self, send: Node) -> bool:
        ch = unparen(send.child_by_field_name("channel"))
        return ch is not None and ch.type == "identifier" and self.data[ch.start_byte : ch.end_byte] == self.name

    def _has_send(self, n: Node) -> bool:
        return any(inside(s, n) for s in self.sends)

    def seq(self, stmts: list[Node], c: int, env: list[_Frame]) -> _Flow:
        flow = _Flow(c)
        for s in stmts:
            if flow.out is None:
                break
            f = self.stmt(s, flow.out, env)
            flow.term = _mx(flow.term, f.term)
            _merge(flow.jumps, f.jumps)
            flow.out = f.out
        return flow

    def stmt(self, n: Node, c: int, env: list[_Frame], label: str | None = None) -> _Flow:
        t = n.type
        if t in ("block", "statement_list"):
            return self.seq(named(n), c, env)
        if t == "send_statement":
            return _Flow(_add(c, 1) if self._is_ours(n) else c)
        if t == "return_statement":
            return _Flow(None, c)
        if t == "expression_statement" and no_return_call(n, self.data, self.imports):
            return _Flow(None, c)
        if t == "labeled_statement":
            inner = [x for x in named(n) if x.type != "label_name"]
            return self.stmt(inner[0], c, env, _label_text(n, self.data)) if inner else _Flow(c)
        if t in ("break_statement", "continue_statement"):
            return self._jump(n, c, env)
        if t == "fallthrough_statement":
            sw = next((f for f in reversed(env) if f.kind == "switch"), None)
            if sw is None:
                raise _Unsure
            return _Flow(None, None, {("fallthrough", _span(sw.node)): c})
        if t == "goto_statement":
            raise _Unsure
        if t == "if_statement":
            return self._if(n, c, env)
        if t == "for_statement":
            return self._for(n, c, env, label)
        if t in _SWITCHES:
            return self._switch(n, c, env, label)
        if t == "select_statement":
            return self._select(n, c, env, label)
        if self._has_send(n):
            raise _Unsure
        return _Flow(c)

    def _jump(self, n: Node, c: int, env: list[_Frame]) -> _Flow:
        kind = "break" if n.type == "break_statement" else "continue"
        label = _label_text(n, self.data)
        target = None
        for f in reversed(env):
            if label is not None:
                if f.label == label:
                    target = f
                    break
            elif kind == "break" or f.kind == "loop":
                target = f
                break
        if target is None:
            raise _Unsure
        return _Flow(None, None, {(kind, _span(target.node)): c})

    def _init(self, n: Node, c: int, env: list[_Frame]) -> int:
        init = n.child_by_field_name("initializer")
        if init is None:
            return c
        f = self.stmt(init, c, env)
        if f.out is None:
            raise _Unsure
        return f.out

    def _if(self, n: Node, c: int, env: list[_Frame]) -> _Flow:
        c0 = self._init(n, c, env)
        cons = n.child_by_field_name("consequence")
        alt = n.child_by_field_name("alternative")
        a = self.stmt(cons, c0, env) if cons is not None else _Flow(c0)
        b = self.stmt(alt, c0, env) if alt is not None else _Flow(c0)
        _merge(a.jumps, b.jumps)
        return _Flow(_mx(a.out, b.out), _mx(a.term, b.term), a.jumps)

    def _for(self, n: Node, c: int, env: list[_Frame], label: str | None) -> _Flow:
        body = n.child_by_field_name("body")
        header = [x for x in named(n) if x != body]
        if any(self._has_send(x) for x in header):
            raise _Unsure
        infinite = not header or (
            header[0].type == "for_clause" and header[0].child_by_field_name("condition") is None
        )
        me = _span(n)
        f = self.stmt(body, 0, env + [_Frame(n, "loop", label)]) if body is not None else _Flow(0)
        brk = f.jumps.pop(("break", me), None)
        again = _mx(f.out, f.jumps.pop(("continue", me), None))
        if again is not None and again > 0:
            # a send on a path that goes round again: as many sends as iterations
            out = None if infinite and brk is None else MANY
            term = MANY if f.term is not None else None
            return _Flow(out, term, {k: MANY for k in f.jumps})
        out = _add(c, brk)
        if not infinite:
            out = _mx(out, c)
        return _Flow(out, _add(c, f.term), {k: _add(c, v) for k, v in f.jumps.items()})

    def _cases(self, n: Node, c: int, env: list[_Frame], kind: str, label: str | None, select: bool) -> _Flow:
        cases = [x for x in n.named_children if x.type in _CASES]
        frame = _Frame(n, kind, label)
        me = _span(n)
        flow = _Flow(None)
        carry: int | None = None
        for case in cases:
            cin = _mx(c, carry)
            if select and case.type == "communication_case":
                comm = case.child_by_field_name("communication")
                if comm is not None and comm.type == "send_statement" and self._is_ours(comm):
                    if len(cases) > 1:
                        self.selects = True
                    cin = _add(cin, 1)
                elif comm is not None and self._has_send(comm):
                    raise _Unsure
            f = self.seq(statements(case), cin, env + [frame])
            carry = f.jumps.pop(("fallthrough", me), None)
            flow.out = _mx(flow.out, _mx(f.out, f.jumps.pop(("break", me), None)))
            flow.term = _mx(flow.term, f.term)
            _merge(flow.jumps, f.jumps)
        if not select and not any(x.type == "default_case" for x in cases):
            flow.out = _mx(flow.out, c)
        return flow

    def _switch(self, n: Node, c: int, env: list[_Frame], label: str | None) -> _Flow:
        c0 = self._init(n, c, env)
        return self._cases(n, c0, env, "switch", label, select=False)

    def _select(self, n: Node, c: int, env: list[_Frame], label: str | None) -> _Flow:
        return self._cases(n, c, env, "select", label, select=True)


def _merge(into: dict, more: dict) -> None:
    for k, v in more.items():
        into[k] = _mx(into.get(k), v)


# -- channels that say "stop", and blocking on a channel ------------------------------------------

# Words that make a channel a done/quit channel: a loop that receives from one is meant to stop.
_DONE_WORDS = frozenset(
    {
        "done", "quit", "stop", "stopped", "stopping", "exit", "close", "closed", "closing", "shutdown",
        "cancel", "canceled", "cancelled", "term", "terminate", "kill", "die", "dying", "finish",
        "finished", "abort", "halt", "end", "ctx", "context",
    }
)  # fmt: skip
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _words(name: str) -> list[str]:
    return [w.lower() for part in name.split("_") for w in _WORD.findall(part)]


def done_like(expr: Node | None, data: bytes) -> bool:
    """``ctx.Done()`` (any ``.Done()``), or a channel named like a done/quit/stop signal
    (``done``, ``stopCh``, ``s.quit``, ``closing[i]``): a receive from one is a way to stop."""
    expr = unparen(expr)
    if expr is None:
        return False
    if expr.type == "call_expression":
        fn = expr.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            fld = fn.child_by_field_name("field")
            return fld is not None and data[fld.start_byte : fld.end_byte] == b"Done"
        return False
    if expr.type == "selector_expression":
        expr = expr.child_by_field_name("field")
    elif expr.type == "index_expression":
        return done_like(expr.child_by_field_name("operand"), data)
    if expr is None or expr.type not in ("identifier", "field_identifier"):
        return False
    for w in _words(data[expr.start_byte : expr.end_byte].decode("utf-8", "replace")):
        if w in _DONE_WORDS or (w.endswith("c") and w[:-1] in _DONE_WORDS) or (w.endswith("ch") and w[:-2] in _DONE_WORDS):
            return True
    return False


def blocking_select(stmt: Node) -> bool:
    """A ``select`` without a ``default`` case: it waits until one of its cases can go on."""
    return stmt.type == "select_statement" and not any(c.type == "default_case" for c in stmt.named_children)


def as_select_case(stmt: Node) -> bool:
    """``x := <-ch``, ``x, ok := <-ch``, ``x = <-ch``, ``<-ch``, ``ch <- v``: a statement that
    waits on one channel and can become a ``select`` case as it is (a send's operands are
    evaluated on entering the select, as the statement's are)."""
    if stmt.type == "send_statement":
        return True
    if stmt.type == "expression_statement":
        inner = named(stmt)
        return len(inner) == 1 and receive_operand(inner[0]) is not None and inner[0].type == "unary_expression"
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        if stmt.type == "assignment_statement":
            op = stmt.child_by_field_name("operator")
            if op is None or op.type != "=":
                return False
        left, right = named(stmt.child_by_field_name("left")), named(stmt.child_by_field_name("right"))
        return 1 <= len(left) <= 2 and len(right) == 1 and receive_operand(right[0]) is not None
    return False


def blocks_on_receive(node: Node) -> bool:
    """Does ``node`` (not counting nested function literals) wait on a receive: a ``select``
    without ``default``, or a ``<-ch`` outside a select that has one?"""
    for n in walk_same_function(node):
        if n.type == "select_statement" and blocking_select(n):
            return True
        if n.type == "unary_expression" and receive_operand(n) is not None:
            case = n.parent
            while case is not None and case.type not in ("communication_case", "statement_list", "block"):
                case = case.parent
            sel = case.parent if case is not None and case.type == "communication_case" else None
            if sel is None or blocking_select(sel):
                return True
    return False


def sends_per_path_any(
    body: Node, data: bytes, names: tuple[bytes, ...], sends: list[Node], imports: dict[str, str]
) -> tuple[int, bool] | None:
    """:func:`sends_per_path` over several channels at once, a ``close`` of one counted as a send
    (it is the sender's last word on it): how many sends on any of ``names`` a path through
    ``body`` makes at most. One means each path sends on one of them, once: a goroutine that
    hands back either a result or an error, or closes a done channel, never two of those.
    ``sends`` are the body's sends and closes of them."""
    counter = _AnySendCounter(data, names[0], sends, imports)
    counter.names = frozenset(names)
    try:
        return counter.run(body), counter.selects
    except _Unsure:
        return None


class _AnySendCounter(_SendCounter):
    names: frozenset[bytes] = frozenset()

    def stmt(self, n: Node, c: int, env: list[_Frame], label: str | None = None) -> _Flow:
        if closed_name(n, self.data) in self.names:
            return _Flow(_add(c, 1))
        return super().stmt(n, c, env, label)

    def _is_ours(self, send: Node) -> bool:
        ch = unparen(send.child_by_field_name("channel"))
        return ch is not None and ch.type == "identifier" and self.data[ch.start_byte : ch.end_byte] in self.names


def closed_name(stmt: Node, data: bytes) -> bytes | None:
    """``x`` of a statement ``close(x)`` (``x`` a name)."""
    call = stmt.named_children[0] if stmt.type == "expression_statement" and stmt.named_child_count == 1 else None
    arg = None if call is None else unparen(close_argument(call, data))
    return None if arg is None or arg.type != "identifier" else data[arg.start_byte : arg.end_byte]


def sends_instead(func: Node, sender: Node, chan: bytes, other: bytes, data: bytes, imports: dict[str, str]) -> bool:
    """Does the goroutine ``sender`` (a function literal started in ``func``, sending on its
    channel ``chan``) send on ``other`` or close it *instead of* sending on ``chan``: on every
    path at most one send on either or close of ``other``, at least one of those on ``other``,
    and nothing else in ``func`` sends on ``other`` or closes it? A receiver that hears from
    ``other`` then knows the sender is done: it will not send on ``chan`` any more (a
    goroutine handing back a result or an error, or closing a done channel when it has
    nothing to report)."""
    body = sender.child_by_field_name("body")
    if body is None or other == chan or declares_locally(sender, other.decode("utf-8", "replace"), data):
        return False
    sends, theirs = [], 0
    for n in walk(func):
        if n.type == "send_statement":
            ch = unparen(n.child_by_field_name("channel"))
            spelled = None if ch is None or ch.type != "identifier" else data[ch.start_byte : ch.end_byte]
        elif n.type == "expression_statement":
            spelled = closed_name(n, data)
        else:
            continue
        if spelled not in (other, chan):
            continue
        if not inside(n, body):
            if spelled == other:
                return False  # someone else sends on it or closes it too
            continue
        sends.append(n)
        theirs += spelled == other
    if not theirs:
        return False  # the sender never sends there
    counted = sends_per_path_any(body, data, (chan, other), sends, imports)
    return counted is not None and counted[0] <= 1 and not counted[1]
