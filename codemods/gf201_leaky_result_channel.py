"""GF201 leaky-result-channel: a goroutine's only send on an unbuffered channel whose receiver
may give up.

What it finds
    A channel made unbuffered (``make(chan T)`` or ``make(chan T, 0)``) in a function, that a
    goroutine started there sends on at most once per path, and that the function receives from
    only in a ``select`` which also receives from something else: ``<-ctx.Done()``,
    ``<-time.After(..)``, ``<-timer.C``, any other ``<-done``. The goroutine is a function
    literal, or a function declared in the same file that gets the channel as an argument.

Why it is bad
    A send on an unbuffered channel waits for a receiver. When the select takes the other case,
    nobody will ever receive: the goroutine blocks on its send forever, with everything it
    references (a goroutine leak, one per timed-out call).

Example
    ch := make(chan result)
    go func() { ch <- fetch(url) }()
    select {
    case r := <-ch:
        return r, nil
    case <-ctx.Done():
        return result{}, ctx.Err()
    }

Fixed
    ch := make(chan result, 1)

Fix safety
    Safe: with room for one value the single send completes whether or not anyone receives, and
    the abandoned value is garbage collected with the channel. (The send no longer waits for the
    receiver, which only matters to a goroutine that relies on that handshake, not to one
    handing back its result.) Only reported, without a fix,
    when capacity 1 cannot absorb every send: a path that sends more than once, several
    goroutines sending, or the ``go`` statement in a loop. Not reported when the sender itself
    selects on cancellation, the producer closes the channel, the consumer ranges over it, the
    other case drains it, the select sits in a loop that keeps receiving, or the channel is used
    in any other way (passed on, stored, returned, received elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixer.analysis import flow, lexical, syntax
from gofixer.analysis.syntax import inside as _inside
from gofixer.analysis.syntax import named as _named
from gofixer.analysis.syntax import unparen as _unparen
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

MANY = 2  # send counts saturate here: "more than once"

_SWITCHES = ("expression_switch_statement", "type_switch_statement")
_CASES = ("expression_case", "type_case", "default_case", "communication_case")
_RECEIVE_WRAPPERS = ("unary_expression", "parenthesized_expression", "receive_statement")


class _Unsure(Exception):
    """The goroutine's control flow is beyond this analysis (goto, odd placement of a send)."""


def _key(n: Node) -> tuple[int, int]:
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


# -- recognising the pieces ---------------------------------------------------------------------


@dataclass
class _Make:
    call: Node
    chan_type: Node
    zero: Node | None  # the literal 0 of make(chan T, 0)


def _unbuffered_make(n: Node | None, data: bytes) -> _Make | None:
    """``make(chan T)`` or ``make(chan T, 0)`` with a bidirectional channel type."""
    n = _unparen(n)
    if n is None or n.type != "call_expression":
        return None
    fn = n.child_by_field_name("function")
    if fn is None or fn.type != "identifier" or data[fn.start_byte : fn.end_byte] != b"make":
        return None
    args = _named(n.child_by_field_name("arguments"))
    if not args or args[0].type != "channel_type":
        return None
    tokens = [c.type for c in args[0].children if c.type != "comment"]
    if len(tokens) < 2 or tokens[0] != "chan" or tokens[1] == "<-":
        return None
    if len(args) == 1:
        return _Make(n, args[0], None)
    if len(args) == 2 and args[1].type == "int_literal" and data[args[1].start_byte : args[1].end_byte] == b"0":
        return _Make(n, args[0], args[1])
    return None


def _receive_operand(comm: Node | None) -> Node | None:
    """The channel expression of a select case's receive (``case v := <-ch:``, ``case <-ch:``)."""
    if comm is None:
        return None
    expr = comm.child_by_field_name("right") if comm.type == "receive_statement" else comm
    expr = _unparen(expr)
    if expr is None or expr.type != "unary_expression":
        return None
    op = expr.child_by_field_name("operator")
    if op is None or op.type != "<-":
        return None
    return expr.child_by_field_name("operand")


def _case_body(case: Node) -> list[Node]:
    for c in case.named_children:
        if c.type == "statement_list":
            return _named(c)
    return []


def _label_of(stmt: Node, data: bytes) -> str | None:
    lab = stmt.child_by_field_name("label")
    if lab is None:
        lab = next((c for c in stmt.named_children if c.type == "label_name"), None)
    return None if lab is None else data[lab.start_byte : lab.end_byte].decode("utf-8", "replace")


def _params(func: Node, data: bytes) -> list[tuple[str | None, Node | None]] | None:
    """Parameter names by position (None for an unnamed one); None when variadic."""
    plist = func.child_by_field_name("parameters")
    out: list[tuple[str | None, Node | None]] = []
    for p in _named(plist):
        if p.type != "parameter_declaration":
            return None
        names = p.children_by_field_name("name")
        if not names:
            out.append((None, None))
        for nm in names:
            out.append((data[nm.start_byte : nm.end_byte].decode("utf-8", "replace"), nm))
    return out


# -- counting a goroutine's sends per path ------------------------------------------------------


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
        ch = _unparen(send.child_by_field_name("channel"))
        return ch is not None and ch.type == "identifier" and self.data[ch.start_byte : ch.end_byte] == self.name

    def _has_send(self, n: Node) -> bool:
        return any(_inside(s, n) for s in self.sends)

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
            return self.seq(_named(n), c, env)
        if t == "send_statement":
            return _Flow(_add(c, 1) if self._is_ours(n) else c)
        if t == "return_statement":
            return _Flow(None, c)
        if t == "expression_statement" and flow.no_return_call(n, self.data, self.imports):
            return _Flow(None, c)
        if t == "labeled_statement":
            inner = [x for x in _named(n) if x.type != "label_name"]
            return self.stmt(inner[0], c, env, _label_of(n, self.data)) if inner else _Flow(c)
        if t in ("break_statement", "continue_statement"):
            return self._jump(n, c, env)
        if t == "fallthrough_statement":
            sw = next((f for f in reversed(env) if f.kind == "switch"), None)
            if sw is None:
                raise _Unsure
            return _Flow(None, None, {("fallthrough", _key(sw.node)): c})
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
        label = _label_of(n, self.data)
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
        return _Flow(None, None, {(kind, _key(target.node)): c})

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
        header = [x for x in _named(n) if x != body]
        if any(self._has_send(x) for x in header):
            raise _Unsure
        infinite = not header or (
            header[0].type == "for_clause" and header[0].child_by_field_name("condition") is None
        )
        me = _key(n)
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
        me = _key(n)
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
            f = self.seq(_case_body(case), cin, env + [frame])
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


# -- the rule -----------------------------------------------------------------------------------


@dataclass
class _Sender:
    count: int
    selects: bool


# every ``make`` call with a channel type among its arguments; the rule checks the rest (first
# argument, bidirectional, no capacity or a literal 0, assigned to a single local name)
_MAKE = re.compile(rb"make(?<![\w\x80-\xff]make)(?![\w\x80-\xff])")
_MAKE_CALLS = '(call_expression function: (identifier) @_fn (#eq? @_fn "make")) @call'


def _makes_a_channel(call: Node) -> bool:
    args = call.child_by_field_name("arguments")
    return args is not None and any(a.type == "channel_type" for a in args.named_children)


class LeakyResultChannel(Rule):
    code = "GF201"
    name = "leaky-result-channel"
    summary = "a goroutine's send on an unbuffered channel blocks forever once the receiving select times out"
    fix_class = FixClass.SAFE
    # every positive has a select statement; rarer in files than "chan" or "make("
    requires = (b"select",)

    def applies_to(self, data: bytes) -> bool:
        # A finding needs, in this file: the select that receives (``<-``) from the channel,
        # its ``make(chan T)`` (check() stops without "make" and "chan") and a go statement of
        # the same function that sends on it (``<-`` again). The cheap tests go first.
        return (
            b"select" in data
            and b"<-" in data
            and b"make" in data
            and b"chan" in data
            and lexical.may_have_go_statement(data)
        )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if b"make" not in data or b"chan" not in data:
            return
        decls: dict[bytes, list[Node]] = {}
        for d in ctx.root.named_children:
            nm = d.child_by_field_name("name") if d.type == "function_declaration" else None
            if nm is not None:
                decls.setdefault(ctx.btext(nm), []).append(d)
        calls = [c for c in lexical.calls_named(ctx.root, data, _MAKE, _MAKE_CALLS) if _makes_a_channel(c)]
        for call in calls:
            mk = _unbuffered_make(call, data)
            site = self._make_site(call, data) if mk is not None else None
            func = syntax.enclosing_function(call)
            if mk is None or site is None or func is None or func.child_by_field_name("body") is None:
                continue
            name_node, kind = site
            finding = self._analyse(ctx, decls, func, name_node, mk, kind)
            if finding is not None:
                yield finding

    # where the channels are made

    @staticmethod
    def _make_site(call: Node, data: bytes) -> tuple[Node, str] | None:
        """The local name a make call is assigned to: ``x := make(..)``, ``var x = make(..)``,
        ``x = make(..)`` (also positionally in a multi-assignment); None otherwise."""
        values = call.parent
        if values is None or values.type != "expression_list":
            return None
        stmt = values.parent
        if stmt is None:
            return None
        if stmt.type == "short_var_declaration" and stmt.child_by_field_name("right") == values:
            left, kind = _named(stmt.child_by_field_name("left")), "define"
        elif stmt.type == "assignment_statement" and stmt.child_by_field_name("right") == values:
            op = stmt.child_by_field_name("operator")
            if op is None or op.type != "=":
                return None
            left, kind = _named(stmt.child_by_field_name("left")), "assign"
        elif stmt.type == "var_spec" and stmt.child_by_field_name("value") == values:
            left, kind = stmt.children_by_field_name("name"), "define"
        else:
            return None
        right = _named(values)
        if len(left) != len(right):
            return None
        lhs = next((lv for lv, rv in zip(left, right) if _key(rv) == _key(call)), None)
        if lhs is None or lhs.type != "identifier" or data[lhs.start_byte : lhs.end_byte] == b"_":
            return None
        return lhs, kind

    # one channel

    def _analyse(
        self, ctx: FileContext, decls: dict[bytes, list[Node]], func: Node, name_node: Node, mk: _Make, kind: str
    ) -> Finding | None:
        data = ctx.data
        name = data[name_node.start_byte : name_node.end_byte]
        occurrences = [
            n for n in syntax.walk(func) if n.type == "identifier" and data[n.start_byte : n.end_byte] == name
        ]
        accounted = {_key(name_node)}
        if kind == "assign":
            decl = self._var_declaration(func, name, data)
            if decl is None or decl.start_byte > name_node.start_byte:
                return None
            accounted.add(_key(decl))

        senders: list[_Sender] = []
        go_stmts: list[Node] = []
        for g in syntax.walk(func):
            if g.type != "go_statement" or syntax.enclosing_function(g) != func:
                continue
            sender = self._sender(ctx, decls, func, g, name, occurrences, accounted)
            if sender is False:
                return None
            if sender is not None:
                senders.append(sender)
                go_stmts.append(g)
        if not senders:
            return None

        select, _case, others = self._receiver(func, name, occurrences, accounted, data)
        if select is None or not others:
            return None
        if any(_key(o) not in accounted for o in occurrences):
            return None  # used in some other way: passed on, closed, ranged over, drained...
        if any(g.start_byte < mk.call.end_byte or g.start_byte > select.start_byte for g in go_stmts):
            return None

        plain = [s for s in senders if not s.selects]
        if not plain:
            return None  # every sender can give up on its own

        # a select in a loop only loses the value when the other case leaves that loop
        loops = [
            lp
            for lp in self._loops(select, func)
            if not _inside(mk.call, lp) and not any(_inside(g, lp) for g in go_stmts)
        ]
        if loops:
            others = [o for o in others if self._leaves(o, loops[-1], func, ctx)]
            if not others:
                return None

        chan = name.decode("utf-8", "replace")
        other = self._case_text(others[0], data)
        message = (
            f"the goroutine's send on unbuffered channel `{chan}` blocks forever once the select takes "
            f"the {other} case (goroutine leak)"
        )
        if any(not _inside(mk.call, lp) for g in go_stmts for lp in self._loops(g, func)):
            reason = "the `go` statement runs in a loop"
        elif len(senders) > 1:
            reason = f"{len(senders)} goroutines send on it"
        elif any(s.count >= MANY for s in senders):
            reason = "a path sends on it more than once"
        else:
            return self.finding(mk.call, message, self._fix(mk))
        return self.finding(mk.call, f"{message}; no fix: {reason}, so capacity 1 cannot absorb every send")

    def _fix(self, mk: _Make) -> Fix:
        if mk.zero is not None:
            edit = Edit(mk.zero.start_byte, mk.zero.end_byte, b"1")
        else:
            edit = Edit(mk.chan_type.end_byte, mk.chan_type.end_byte, b", 1")
        return Fix("buffer the channel (capacity 1) so the send never blocks", (edit,), Applicability.SAFE)

    @staticmethod
    def _var_declaration(func: Node, name: bytes, data: bytes) -> Node | None:
        """The one ``var name chan T`` (without a value) in ``func`` itself."""
        found = []
        for n in syntax.walk_same_function(func):
            if n.type == "var_spec":
                for nm in n.children_by_field_name("name"):
                    if data[nm.start_byte : nm.end_byte] == name:
                        found.append((nm, n.child_by_field_name("value")))
        if len(found) != 1 or found[0][1] is not None:
            return None
        return found[0][0]

    @staticmethod
    def _loops(node: Node, func: Node) -> list[Node]:
        """Loops of ``func`` around ``node``, innermost first."""
        out = []
        p = node.parent
        while p is not None and p != func:
            if p.type in syntax.FUNC_TYPES:
                break
            if p.type in syntax.LOOP_TYPES:
                out.append(p)
            p = p.parent
        return out

    # the goroutines

    def _sender(
        self,
        ctx: FileContext,
        decls: dict[bytes, list[Node]],
        func: Node,
        g: Node,
        name: bytes,
        occurrences: list[Node],
        accounted: set,
    ) -> _Sender | None | bool:
        """What goroutine ``g`` does with the channel: None when it does not touch it, False when
        it is beyond this analysis (the whole finding is then dropped)."""
        data = ctx.data
        call = next((c for c in g.named_children if c.type == "call_expression"), None)
        if call is None:
            return None
        fn = _unparen(call.child_by_field_name("function"))
        args = _named(call.child_by_field_name("arguments"))
        passed = [i for i, a in enumerate(args) if a.type == "identifier" and data[a.start_byte : a.end_byte] == name]
        if fn is not None and fn.type == "func_literal":
            target, body_owner = fn, fn
            if passed:
                if len(passed) != 1:
                    return False
                params = _params(fn, data)
                if params is None or passed[0] >= len(params) or params[passed[0]][0] is None:
                    return False
                pname, pnode = params[passed[0]]
                chan = pname.encode()
                accounted.add(_key(args[passed[0]]))
                if chan == name and pnode is not None:
                    accounted.add(_key(pnode))
            else:
                if not any(_inside(o, fn) for o in occurrences):
                    return None
                chan = name
        elif fn is not None and fn.type == "identifier" and passed:
            if len(passed) != 1:
                return False
            target = self._declared_function(ctx, decls, func, ctx.btext(fn))
            if target is None:
                return False
            params = _params(target, data)
            if params is None or passed[0] >= len(params) or params[passed[0]][0] in (None, "_"):
                return False
            chan = params[passed[0]][0].encode()
            accounted.add(_key(args[passed[0]]))
            body_owner = target
        else:
            return None
        body = target.child_by_field_name("body")
        if body is None:
            return False
        sends = []
        for n in syntax.walk(body):
            if n.type != "identifier" or data[n.start_byte : n.end_byte] != chan:
                continue
            p = n.parent
            if (
                p is None
                or p.type != "send_statement"
                or p.child_by_field_name("channel") != n
                or syntax.enclosing_function(n) != body_owner
            ):
                return False  # closed, received, passed on, sent from a nested closure...
            sends.append(p)
            if body_owner == fn:
                accounted.add(_key(n))
        if not sends:
            return False
        counter = _SendCounter(data, chan, sends, ctx.imports)
        try:
            count = counter.run(body)
        except _Unsure:
            return False
        if count == 0:
            return False
        return _Sender(count, counter.selects)

    @staticmethod
    def _declared_function(ctx: FileContext, decls: dict[bytes, list[Node]], func: Node, name: bytes) -> Node | None:
        """The file's one top-level ``func name(...)``, unless a local of that name hides it."""
        found = decls.get(name, [])
        if len(found) != 1:
            return None
        scope = syntax.top_function(func) or func
        if syntax.declares_locally(scope, name.decode("utf-8", "replace"), ctx.data):
            return None
        return found[0]

    # the receiver

    def _receiver(
        self, func: Node, name: bytes, occurrences: list[Node], accounted: set, data: bytes
    ) -> tuple[Node | None, Node | None, list[Node]]:
        """The one select of ``func`` that receives from the channel, that case, and the select's
        other receiving cases."""
        found = []
        for o in occurrences:
            if _key(o) in accounted:
                continue
            case = o.parent
            while case is not None and case.type in _RECEIVE_WRAPPERS:
                case = case.parent
            if case is None or case.type != "communication_case":
                continue
            operand = _unparen(_receive_operand(case.child_by_field_name("communication")))
            if operand is None or _key(operand) != _key(o):
                continue
            select = case.parent
            if select is None or select.type != "select_statement" or syntax.enclosing_function(select) != func:
                continue
            found.append((o, case, select))
        if len(found) != 1:
            return None, None, []
        o, case, select = found[0]
        accounted.add(_key(o))
        others = [
            c
            for c in select.named_children
            if c.type == "communication_case" and c != case and _receive_operand(c.child_by_field_name("communication"))
        ]
        return select, case, others

    def _leaves(self, case: Node, loop: Node, func: Node, ctx: FileContext) -> bool:
        """Can the body of select case ``case`` leave ``loop`` (return, panic, break/continue to a
        label outside it, goto out of it)?"""
        data = ctx.data
        for stmt in _case_body(case):
            for n in syntax.walk_same_function(stmt):
                if n.type == "return_statement":
                    return True
                if n.type == "expression_statement" and flow.no_return_call(n, data, ctx.imports):
                    return True
                if n.type not in ("break_statement", "continue_statement", "goto_statement"):
                    continue
                label = _label_of(n, data)
                if label is None:
                    continue
                target = self._labeled(func, label, data)
                if target is None:
                    continue
                if n.type == "goto_statement":
                    if not _inside(target, loop):
                        return True
                elif n.type == "break_statement":
                    if _inside(loop, target):
                        return True
                elif _inside(loop, target) and _key(target) != _key(loop):
                    inner = [x for x in _named(target) if x.type != "label_name"]
                    if not inner or _key(inner[0]) != _key(loop):
                        return True
        return False

    @staticmethod
    def _labeled(func: Node, label: str, data: bytes) -> Node | None:
        for n in syntax.walk_same_function(func):
            if n.type == "labeled_statement" and _label_of(n, data) == label:
                return n
        return None

    @staticmethod
    def _case_text(case: Node, data: bytes) -> str:
        comm = case.child_by_field_name("communication")
        operand = _receive_operand(comm)
        if operand is None:
            return "other"
        text = data[operand.start_byte : operand.end_byte]
        if len(text) > 40 or b"\n" in text:
            return "other"
        return "`<-" + text.decode("utf-8", "replace") + "`"
