"""GF202 send-after-close: a send after close(ch) on the same path, or a close by the receiver while goroutines send.

What it finds
    1. ``close(ch)`` followed on the same path by a send ``ch <- v`` or a ``case ch <- v`` of a
       ``select``; the finding is on the send. The channel is an identifier or a selector
       (``s.ch``) spelled the same at both places. The close is a statement calling the builtin:
       ``defer close(ch)`` runs at return and does not count, and a ``close`` declared in the
       function or the package (shadowing the builtin) makes the rule silent.
       Paths are followed on the syntax of the function: sequence, if/else, switch and select
       cases, fallthrough, labelled break/continue, ``return``; ``panic``, ``os.Exit``,
       ``log.Fatal`` and ``t.Fatal`` end a path. A path stops where the channel may get a new
       value: ``ch = ..``, ``ch := ..`` (also in a nested scope, a range or select header), for
       ``s.ch`` an assignment to ``s``, a method call on ``s`` or a call given ``s``/``&s``; for a
       channel that is not a local or parameter of the function, any call except builtins and
       imported packages' functions. Nothing is reported for a local that a function literal
       assigns or whose address is taken. Sends inside function literals (goroutines,
       callbacks, deferred calls) are not on the path.
       Loops: a ``for cond``/``range`` loop may stop at its head, so its next iteration is not
       followed (``if i == n-1 { close(ch) }`` in the last iteration is fine); a ``for {`` loop
       surely runs again, so the path continues at the start of its body.
       Conditions are not evaluated, so a send is reported only when the close is unconditional
       where the two meet (not in a branch, case or loop body the send is outside of), or when
       every path from the close reaches a send, without returning, leaving or coming round a
       ``for {`` again: ``if a { close(ch) }`` then ``if !a { ch <- v }``, or a ``closed`` flag
       set with the close and tested before the send, stay silent.
       Silent too when the function defers a ``recover()``, and in ``_test.go`` files for a
       parameterless function literal passed to a call or kept in a table (a
       ``shouldPanic(func() {..})`` that expects the panic).

    2. ``close(ch)`` or ``defer close(ch)`` in a function that itself receives from ``ch``
       (``<-ch``, ``range ch``) and has started, before the close, a goroutine that sends on
       ``ch``: a ``go`` statement with a function literal (capturing ``ch`` or given it) or a
       function of the file given ``ch``. The finding is on the ``close``. Reported only when the
       senders may not be done: the receive is a ``select`` case beside others (a timeout or
       cancel case can win before the goroutine has sent); or the goroutine may send more than
       once (it sends in a loop, or several goroutines are started in a loop; loops counted by
       a literal excepted) and either the close is inside the loop that receives (closing
       mid-stream) or the receives are a fixed number outside any loop. Silent when, between
       the ``go`` statement and the close, anything may wait for the senders: a ``Wait()``
       (``sync.WaitGroup``, errgroup), a ``Do(..)`` (``sync.Once``), a ``time.Sleep``, a receive
       from another channel outside the ``select`` that receives ``ch``, a range over another
       channel; when the receives are in a loop with a condition and the close is after it
       (it may count them); or when the goroutine sends under a lock or recovers. Goroutines
       started with ``go s.method()``, ``errgroup.Go`` and the like are not followed. The
       correct fan-in ``go func() { wg.Wait(); close(out) }()`` and a sender that closes after
       its last send are never reported.

Why it is bad
    A send on a closed channel panics ("send on closed channel"), and so does a goroutine that
    is blocked in a send when the channel is closed. Only the sender knows when it has sent its
    last value, so the rule of thumb is that the sender closes; a receiver that closes races with
    every send still in flight, and the program crashes under load rather than in tests.

Example
    ch := make(chan int, 1)
    close(ch)
    ch <- 5 // panic: send on closed channel

    results := make(chan string)
    for _, s := range servers {
        go func(s string) { results <- query(s) }(s)
    }
    r := <-results
    close(results) // the other goroutines panic when they send

Fixed
    ch := make(chan int, 1)
    ch <- 5
    close(ch)

    results := make(chan string, len(servers)) // the others send into the buffer and exit
    for _, s := range servers {
        go func(s string) { results <- query(s) }(s)
    }
    r := <-results // no close: the channel is garbage once nobody uses it

Fix safety
    None. Where the close belongs depends on who owns the channel: move it after the last send,
    let the senders' side close it after a ``sync.WaitGroup`` wait, or signal the senders to
    stop with a separate done channel or context instead of closing theirs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixer.analysis import flow, syntax
from gofixer.model import Finding, FixClass
from gofixer.rule import FileContext, Rule

_CASES = ("expression_case", "type_case", "default_case", "communication_case")
_SWITCHES = ("expression_switch_statement", "type_switch_statement")
_SIMPLE = frozenset(
    {
        "expression_statement", "short_var_declaration", "assignment_statement", "var_declaration",
        "const_declaration", "type_declaration", "inc_statement", "dec_statement",
        "empty_statement", "go_statement", "defer_statement",
    }
)  # fmt: skip
NORMAL = ("normal",)
UNKNOWN = ("unknown",)
FALLTHROUGH = ("fallthrough",)
RETURN = ("return",)

# builtins that cannot reassign anything
_PURE_BUILTINS = frozenset(
    b"len cap append make new copy print println min max complex real imag delete clear".split()
)

# A package-level declaration of `close` as gofmt lays it out (a func, a var/const/type, or a
# name in a grouped declaration); only a sibling that has one is parsed to make sure. Matched as
# ``(?m)^(?:func[ \t]+close\b|(?:var|const|type)[ \t]+close\b|\tclose\b(?![ \t]*\())`` would,
# but from each ``close`` back to its line's start: that regex tries every line start of every
# sibling, and is slower by far.
_CLOSE_WORD = re.compile(rb"close\b")
_DECLARING_LINE_START = re.compile(rb"(?:func|var|const|type)[ \t]+")
_CALL_NEXT = re.compile(rb"[ \t]*\(")


def _may_declare_close(data: bytes) -> bool:
    """Does a line of ``data`` declare ``close`` at package level, as gofmt lays it out?"""
    for m in _CLOSE_WORD.finditer(data):
        start = data.rfind(b"\n", 0, m.start()) + 1
        before = data[start : m.start()]
        if _DECLARING_LINE_START.fullmatch(before):
            return True
        if before == b"\t" and not _CALL_NEXT.match(data, m.end()):
            return True
    return False


def _close_calls(root: Node, data: bytes) -> list[Node]:
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
_NAME_OR_DOT = frozenset(b"._0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") | frozenset(
    range(0x80, 0x100)
)


def _may_call_close(data: bytes) -> bool:
    """Can ``data`` call the builtin ``close`` (the identifier ``close`` called)?"""
    for m in _CLOSE_CALL.finditer(data):
        if m.start() == 0 or data[m.start() - 1] not in _NAME_OR_DOT:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# channel expressions
# ---------------------------------------------------------------------------------------------


def _key(n: Node | None, data: bytes) -> bytes | None:
    """``ch`` or ``a.b.ch`` as a normalised spelling; None for anything else."""
    n = syntax.unparen(n)
    if n is None:
        return None
    if n.type == "identifier":
        return data[n.start_byte : n.end_byte]
    if n.type == "selector_expression":
        op = _key(n.child_by_field_name("operand"), data)
        fld = n.child_by_field_name("field")
        if op is None or fld is None:
            return None
        return op + b"." + data[fld.start_byte : fld.end_byte]
    return None


def _prefixes(key: bytes) -> list[bytes]:
    """``a.b.c`` -> [a, a.b] (the expressions whose change may change the channel)."""
    parts = key.split(b".")
    return [b".".join(parts[:i]) for i in range(1, len(parts))]


def _is_field(parent: Node, name: str, child: Node) -> bool:
    f = parent.child_by_field_name(name)
    return f is not None and f.id == child.id


def _statements(node: Node | None) -> list[Node]:
    if node is None:
        return []
    if node.type != "statement_list":
        lst = next((c for c in node.named_children if c.type == "statement_list"), None)
        if lst is None:
            return []
        node = lst
    return [c for c in node.named_children if not c.is_extra and c.type != "comment"]


def _label_of(stmt: Node, data: bytes) -> bytes | None:
    p = stmt.parent
    if p is not None and p.type == "labeled_statement":
        lab = p.child_by_field_name("label")
        if lab is not None:
            return data[lab.start_byte : lab.end_byte]
    return None


def _loop_header(loop: Node) -> Node | None:
    body = loop.child_by_field_name("body")
    for c in loop.named_children:
        if c.type == "comment" or (body is not None and c.id == body.id):
            continue
        return c
    return None


def _infinite(loop: Node) -> bool:
    """``for {`` or ``for init; ; post {``: nothing at the head can end the loop."""
    h = _loop_header(loop)
    if h is None:
        return True
    return h.type == "for_clause" and h.child_by_field_name("condition") is None


def _is_close_call(call: Node, data: bytes) -> Node | None:
    """The argument of ``close(x)``, when ``call`` is one."""
    if call.type != "call_expression":
        return None
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "identifier" or data[fn.start_byte : fn.end_byte] != b"close":
        return None
    args = syntax.named(call.child_by_field_name("arguments"))
    return args[0] if len(args) == 1 else None


def _deferred_recover(func: Node, data: bytes) -> bool:
    for n in syntax.walk_same_function(func):
        if n.type == "defer_statement":
            for m in syntax.walk(n):
                if m.type == "call_expression":
                    fn = m.child_by_field_name("function")
                    if fn is not None and data[fn.start_byte : fn.end_byte] == b"recover":
                        return True
    return False


def _declared_in(func: Node, name: bytes, data: bytes) -> bool:
    """Is ``name`` a parameter, receiver or local of ``func`` (nested literals included)?"""
    for fld in ("receiver", "parameters", "result"):
        plist = func.child_by_field_name(fld)
        if plist is None:
            continue
        for decl in plist.named_children:
            for n in decl.children_by_field_name("name"):
                if data[n.start_byte : n.end_byte] == name:
                    return True
    body = func.child_by_field_name("body")
    return body is not None and syntax.declares_locally(body, name.decode("utf-8", "replace"), data)


# ---------------------------------------------------------------------------------------------
# shape 1: a send after close on the same path
# ---------------------------------------------------------------------------------------------


@dataclass
class _Walk:
    """Forward paths from a close, over the structured control flow of one function."""

    data: bytes
    func: Node
    key: bytes
    prefixes: list[bytes]
    local: bool  # the channel's root is a local or parameter of the function
    imports: frozenset[bytes] = frozenset()  # names of imported packages
    hits: dict[int, Node] = field(default_factory=dict)  # sends reached
    escaped: bool = False  # some path leaves without a send (return, end, reassignment)

    # -- what a simple statement does ----------------------------------------------------------

    def _assigns(self, n: Node) -> bool:
        """Does ``n`` (a simple statement, header or communication) assign the channel?"""
        targets = (self.key, *self.prefixes)
        for m in syntax.walk(n):
            t = m.type
            lefts: list[Node] = []
            if t in ("assignment_statement", "short_var_declaration", "receive_statement"):
                left = m.child_by_field_name("left")
                lefts = syntax.named(left)
            elif t == "var_spec":
                lefts = list(m.children_by_field_name("name"))
            elif t == "range_clause":
                lefts = syntax.named(m.child_by_field_name("left"))
            elif t in ("inc_statement", "dec_statement"):
                continue
            elif t == "unary_expression":
                op = m.child_by_field_name("operator")
                if op is not None and op.type == "&" and _key(m.child_by_field_name("operand"), self.data) in targets:
                    return True
            elif t == "call_expression" and self._call_may_reassign(m):
                return True
            if any(_key(x, self.data) in targets for x in lefts):
                return True
        return False

    def _call_may_reassign(self, call: Node) -> bool:
        fn = syntax.unparen(call.child_by_field_name("function"))
        if fn is None or fn.type == "func_literal":
            return True
        if fn.type == "identifier":
            name = self.data[fn.start_byte : fn.end_byte]
            if name in _PURE_BUILTINS or name in (b"close", b"panic", b"recover"):
                return False
        if fn.type == "parenthesized_expression" or fn.type in ("array_type", "slice_type", "map_type"):
            return False  # a conversion
        if self.prefixes:
            if fn.type == "selector_expression" and _key(fn.child_by_field_name("operand"), self.data) in self.prefixes:
                return True  # s.reset()
            for a in syntax.named(call.child_by_field_name("arguments")):
                inner = syntax.unparen(a)
                if inner is not None and inner.type == "unary_expression":
                    inner = inner.child_by_field_name("operand")
                if _key(inner, self.data) in self.prefixes:
                    return True  # reset(s), reset(&s)
        if self.local:
            return False
        # the channel lives outside the function: a function of the package may assign it
        if fn.type == "selector_expression":
            op = syntax.unparen(fn.child_by_field_name("operand"))
            if op is not None and op.type == "identifier" and self.data[op.start_byte : op.end_byte] in self.imports:
                return False  # fmt.Println, log.Printf…
        return True

    def assigns_anywhere(self, n: Node) -> bool:
        """Is the channel (or a prefix) assigned anywhere in ``n``?"""
        targets = (self.key, *self.prefixes)
        for m in syntax.walk(n):
            lefts: list[Node] = []
            if m.type in ("assignment_statement", "short_var_declaration", "receive_statement"):
                lefts = syntax.named(m.child_by_field_name("left"))
            elif m.type == "var_spec":
                lefts = list(m.children_by_field_name("name"))
            if any(_key(x, self.data) in targets for x in lefts):
                return True
        return False

    def _send_here(self, n: Node) -> bool:
        return n.type == "send_statement" and _key(n.child_by_field_name("channel"), self.data) == self.key

    # -- statements ----------------------------------------------------------------------------

    def seq(self, stmts: list[Node]) -> set:
        out: set = set()
        for s in stmts:
            r = self.stmt(s)
            out |= r - {NORMAL}
            if NORMAL not in r:
                return out
        out.add(NORMAL)
        return out

    def stmt(self, n: Node, label: bytes | None = None) -> set:
        t = n.type
        if t == "send_statement":
            if self._send_here(n):
                self.hits[n.id] = n
                return set()
            if self._assigns(n):
                self.escaped = True
                return set()
            return {NORMAL}
        if t in _SIMPLE:
            if t == "expression_statement" and flow.no_return_call(n, self.data, {}):
                return set()
            if t in ("go_statement", "defer_statement"):
                return {NORMAL}  # runs elsewhere or later: not on this path
            if self._assigns(n):
                self.escaped = True
                return set()
            return {NORMAL}
        if t == "return_statement":
            return {RETURN}
        if t in ("break_statement", "continue_statement"):
            lab = next((c for c in n.named_children if c.type == "label_name"), None)
            kind = "break" if t == "break_statement" else "continue"
            return {(kind, None if lab is None else self.data[lab.start_byte : lab.end_byte])}
        if t == "fallthrough_statement":
            return {FALLTHROUGH}
        if t == "block":
            return self.seq(_statements(n))
        if t == "labeled_statement":
            inner = [c for c in n.named_children if c.type not in ("label_name", "comment")]
            if not inner:
                return {NORMAL}
            lab = n.child_by_field_name("label")
            name = None if lab is None else self.data[lab.start_byte : lab.end_byte]
            return _map_breaks(self.stmt(inner[0], name), name, unlabeled=False)
        if t == "if_statement":
            return self.if_(n)
        if t == "for_statement":
            return self.loop(n, label)
        if t in _SWITCHES:
            return self.switch(n, label)
        if t == "select_statement":
            return self.select(n, label)
        return {UNKNOWN}  # goto and anything else

    def _header_stops(self, n: Node) -> bool:
        init = n.child_by_field_name("initializer")
        if init is not None and self._assigns(init):
            self.escaped = True
            return True
        return False

    def if_(self, n: Node, skip_init: bool = False) -> set:
        if not skip_init and self._header_stops(n):
            return set()
        cons = n.child_by_field_name("consequence")
        alt = n.child_by_field_name("alternative")
        out = self.stmt(cons) if cons is not None else {NORMAL}
        return out | (self.stmt(alt) if alt is not None else {NORMAL})

    def loop(self, n: Node, label: bytes | None) -> set:
        """A loop entered from before it: its body runs zero or more times (once at least for
        ``for {``); the next iterations add nothing a first one did not reach."""
        h = _loop_header(n)
        if h is not None and h.type in ("for_clause", "range_clause") and self._assigns(h):
            if h.type == "range_clause":
                self.escaped = True
                return set()
            init = h.child_by_field_name("initializer")
            if init is not None and self._assigns(init):
                self.escaped = True
                return set()
        body = n.child_by_field_name("body")
        inner = self.stmt(body) if body is not None else {NORMAL}
        return _loop_exits(inner, label, not _infinite(n))

    def switch(self, n: Node, label: bytes | None, skip_init: bool = False) -> set:
        if not skip_init and self._header_stops(n):
            return set()
        cases = [c for c in n.named_children if c.type in _CASES]
        out: set = set()
        for i, c in enumerate(cases):
            r = self.seq(_statements(c))
            j = i
            while FALLTHROUGH in r and j + 1 < len(cases):
                j += 1
                r = (r - {FALLTHROUGH}) | self.seq(_statements(cases[j]))
            out |= r - {FALLTHROUGH}
            if FALLTHROUGH in r:
                out.add(UNKNOWN)
        if not any(c.type == "default_case" for c in cases):
            out.add(NORMAL)
        return _map_breaks(out, label)

    def select(self, n: Node, label: bytes | None) -> set:
        out: set = set()
        for c in n.named_children:
            if c.type != "communication_case" and c.type != "default_case":
                continue
            comm = c.child_by_field_name("communication")
            if comm is not None:
                if self._send_here(comm):
                    self.hits[comm.id] = comm
                    continue
                if self._assigns(comm):
                    self.escaped = True
                    continue
            out |= self.seq(_statements(c))
        if FALLTHROUGH in out:
            out = (out - {FALLTHROUGH}) | {UNKNOWN}
        return _map_breaks(out, label)

    # -- from a statement outwards -------------------------------------------------------------

    def after(self, start: Node) -> bool:
        """Follow every path from just after ``start``; False when something is not understood."""
        body = self.func.child_by_field_name("body")
        if body is None:
            return False
        x, exits = start, {NORMAL}
        while True:
            if UNKNOWN in exits:
                return False
            if not exits:
                return True
            p = x.parent
            if p is None:
                return False
            t = p.type
            if t == "statement_list":
                if NORMAL in exits:
                    rest = [c for c in _statements(p) if c.start_byte >= x.end_byte]
                    exits = (exits - {NORMAL}) | self.seq(rest)
            elif t == "block":
                if p.id == body.id:
                    if exits - {NORMAL, RETURN}:
                        return False  # a break or continue that leaves nothing: not understood
                    self.escaped = True
                    return True
            elif t in _CASES:
                if FALLTHROUGH in exits:
                    exits = exits - {FALLTHROUGH}
                    nxt = p.next_named_sibling
                    while nxt is not None and nxt.type not in _CASES:
                        nxt = nxt.next_named_sibling
                    if nxt is None:
                        return False
                    x = nxt  # continue as if leaving the next case
                    exits = exits | self.seq(_statements(nxt))
                    continue
            elif t in _SWITCHES or t == "select_statement":
                exits = _map_breaks(exits, _label_of(p, self.data))
            elif t == "if_statement":
                if not (_is_field(p, "consequence", x) or _is_field(p, "alternative", x)):
                    return False
            elif t == "for_statement":
                if not _is_field(p, "body", x):
                    return False
                label = _label_of(p, self.data)
                out: set = set()
                back = False
                for e in exits:
                    if e in (NORMAL, ("continue", None), ("continue", label)):
                        back = True
                    elif e in (("break", None), ("break", label)):
                        out.add(NORMAL)
                    elif e == FALLTHROUGH:
                        out.add(UNKNOWN)
                    else:
                        out.add(e)
                if back:
                    if _infinite(p):
                        h = _loop_header(p)
                        post = None if h is None else h.child_by_field_name("update")
                        if post is not None and self._assigns(post):
                            self.escaped = True
                        else:
                            # the next iteration surely runs: follow it from the body's start;
                            # a path that comes round again without a send avoided it (a flag
                            # set with the close may guard the send)
                            again = self.stmt(x)
                            if again & {NORMAL, ("continue", None), ("continue", label)}:
                                self.escaped = True
                            out |= _loop_exits(again, label, False)
                    else:
                        out.add(NORMAL)  # the loop may stop here: its next iteration is not followed
                exits = out
            elif t == "labeled_statement":
                lab = p.child_by_field_name("label")
                if lab is not None:
                    exits = _map_breaks(exits, self.data[lab.start_byte : lab.end_byte], unlabeled=False)
            else:
                return False
            x = p


def _loop_exits(body_exits: set, label: bytes | None, has_exit: bool) -> set:
    out: set = set()
    for e in body_exits:
        if e in (NORMAL, ("continue", None), ("continue", label)):
            continue
        if e in (("break", None), ("break", label)):
            out.add(NORMAL)
        elif e == FALLTHROUGH:
            out.add(UNKNOWN)
        else:
            out.add(e)
    if has_exit:
        out.add(NORMAL)
    return out


def _map_breaks(exits: set, label: bytes | None, unlabeled: bool = True) -> set:
    out: set = set()
    for e in exits:
        if (unlabeled and e == ("break", None)) or (label is not None and e == ("break", label)):
            out.add(NORMAL)
        else:
            out.add(e)
    return out


def _ancestors(n: Node) -> list[Node]:
    out = []
    p = n.parent
    while p is not None:
        out.append(p)
        p = p.parent
    return out


def _conditional_below(n: Node, top: Node) -> bool:
    """Is ``n`` inside a branch, case or loop body (that may not run) between itself and ``top``?"""
    child, p = n, n.parent
    while p is not None:
        if p.type == "if_statement" and (_is_field(p, "consequence", child) or _is_field(p, "alternative", child)):
            return True
        if p.type in _CASES:
            return True
        if p.type == "for_statement" and _is_field(p, "body", child) and not _infinite(p):
            return True
        if p.id == top.id:
            return False
        child, p = p, p.parent
    return False


def _lca(a: Node, b: Node) -> Node | None:
    ids = {p.id for p in _ancestors(a)}
    for p in _ancestors(b):
        if p.id in ids:
            return p
    return None


# ---------------------------------------------------------------------------------------------
# shape 2: the receiver closes while goroutines it started send
# ---------------------------------------------------------------------------------------------


def _receives(scope: Node, key: bytes, data: bytes) -> list[Node]:
    """``<-key`` expressions and ``range key`` clauses in ``scope`` (not in nested literals)."""
    out = []
    for n in syntax.walk_same_function(scope):
        if n.type == "unary_expression":
            op = n.child_by_field_name("operator")
            if op is not None and op.type == "<-" and _key(n.child_by_field_name("operand"), data) == key:
                out.append(n)
        elif n.type == "range_clause" and _key(n.child_by_field_name("right"), data) == key:
            out.append(n)
    return out


def _counted(loop: Node, data: bytes) -> bool:
    """A loop whose number of iterations is a literal: ``for i := 0; i < 3; i++``, ``for range 3``."""
    h = _loop_header(loop)
    if h is None:
        return False
    if h.type == "range_clause":
        r = syntax.unparen(h.child_by_field_name("right"))
        return r is not None and r.type == "int_literal"
    if h.type == "for_clause":
        cond = syntax.unparen(h.child_by_field_name("condition"))
        if cond is not None and cond.type == "binary_expression":
            r = syntax.unparen(cond.child_by_field_name("right"))
            return r is not None and r.type == "int_literal"
    return False


def _loops_between(n: Node, top: Node) -> list[Node]:
    out = []
    p = n.parent
    while p is not None and p.id != top.id:
        if p.type == "for_statement":
            out.append(p)
        p = p.parent
    return out


class SendAfterClose(Rule):
    code = "GF202"
    name = "send-after-close"
    summary = "a send on a channel after close(ch) on the same path, or close by a receiver while others send: both panic"
    fix_class = FixClass.NONE
    requires = (b"close",)  # the builtin's name; applies_to asks for more

    def applies_to(self, data: bytes) -> bool:
        # Both shapes need a call of the builtin close and a send statement (``ch <- v``, in
        # the path after the close or in the goroutine that the receiver's close races with;
        # a goroutine's function is a literal or a function of this file). The cheap test first.
        return b"<-" in data and _may_call_close(data)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if self._close_declared_in_package(ctx):
            return
        funcs: dict[bytes, Node] = {}
        for d in ctx.root.named_children:
            if d.type == "function_declaration":
                nm = d.child_by_field_name("name")
                if nm is not None:
                    funcs[ctx.btext(nm)] = d
        reported: set[int] = set()
        shadowed: dict[int, bool] = {}  # per top-level function: does it declare its own close?
        for fn in _close_calls(ctx.root, data):
            n = fn.parent
            arg = _is_close_call(n, data)
            if arg is None:
                continue
            key = _key(arg, data)
            if key is None:
                continue
            func = syntax.enclosing_function(n)
            if func is None or func.child_by_field_name("body") is None:
                continue
            top = syntax.top_function(n)
            if top is not None and self._shadows_close(top, data, shadowed):
                continue
            stmt = n.parent
            if stmt is None:
                continue
            if stmt.type == "expression_statement":
                for send, msg in self._sends_after(ctx, func, stmt, key):
                    if send.id not in reported:
                        reported.add(send.id)
                        yield self.finding(send, msg)
            if stmt.type in ("expression_statement", "defer_statement"):
                f = self._receiver_closes(ctx, func, n, stmt, key, funcs)
                if f is not None:
                    yield f

    @staticmethod
    def _shadows_close(top: Node, data: bytes, memo: dict[int, bool]) -> bool:
        """Does the function declare a local ``close``? Its declaration would be a second
        ``close`` in its bytes besides the call's, so a function with one is not walked."""
        if top.id not in memo:
            memo[top.id] = data.count(b"close", top.start_byte, top.end_byte) > 1 and syntax.declares_locally(
                top, "close", data
            )
        return memo[top.id]

    @staticmethod
    def _close_declared_in_package(ctx: FileContext) -> bool:
        def declares(root: Node, data: bytes) -> bool:
            for d in root.named_children:
                if d.type == "function_declaration":
                    nm = d.child_by_field_name("name")
                    if nm is not None and data[nm.start_byte : nm.end_byte] == b"close":
                        return True
                elif d.type in ("var_declaration", "const_declaration", "type_declaration"):
                    for m in syntax.walk(d):
                        if m.type in ("var_spec", "const_spec", "type_spec"):
                            for nm in m.children_by_field_name("name"):
                                if data[nm.start_byte : nm.end_byte] == b"close":
                                    return True
            return False

        # a declaration in this file is a second ``close`` besides a call's (with one, nothing
        # is found anyway): a file that spells it once is not walked
        if ctx.data.count(b"close") > 1 and declares(ctx.root, ctx.data):
            return True
        return any(
            ctx.package.sibling_fact(
                "GF202 declares close",
                sib,
                lambda s: _may_declare_close(s.source.data) and declares(s.tree.root_node, s.source.data),
            )
            for sib in ctx.package.siblings()
        )

    # -- shape 1 -------------------------------------------------------------------------------

    def _sends_after(self, ctx: FileContext, func: Node, stmt: Node, key: bytes) -> list[tuple[Node, str]]:
        data = ctx.data
        if b"<-" not in data[stmt.end_byte : func.end_byte] and not _infinite_loop_around(stmt, func):
            return []
        root = key.split(b".")[0]
        local = _declared_in(func, root, data)
        if local and not key.count(b"."):
            # assigned in a closure, or its address taken: a call may give it a new channel
            for n in syntax.walk(func.child_by_field_name("body")):
                if n.type == "unary_expression":
                    op = n.child_by_field_name("operator")
                    if op is not None and op.type == "&" and _key(n.child_by_field_name("operand"), data) == key:
                        return []
                if n.type == "func_literal" and _Walk(data, func, key, [], True).assigns_anywhere(n):
                    return []
        imports = frozenset(v.encode() for v in ctx.imports.values())
        w = _Walk(data, func, key, _prefixes(key), local, imports)
        if not w.after(stmt) or not w.hits:
            return []
        if _deferred_recover(func, data) or (_is_test_file(ctx) and _handed_over(func)):
            return []
        out = []
        line = ctx.source.position(stmt.start_byte).line
        for send in sorted(w.hits.values(), key=lambda s: s.start_byte):
            lca = _lca(stmt, send)
            if lca is None:
                continue
            if _conditional_below(stmt, lca) and w.escaped:
                continue  # a conditional close and a send not reached on every path: may be exclusive
            name = key.decode("utf-8", "replace")
            out.append(
                (send, f"send on {name} after close({name}) at line {line} on the same path: a send on a closed channel panics")
            )
        return out

    # -- shape 2 -------------------------------------------------------------------------------

    def _receiver_closes(
        self, ctx: FileContext, func: Node, call: Node, stmt: Node, key: bytes, funcs: dict[bytes, Node]
    ) -> Finding | None:
        data = ctx.data
        body = func.child_by_field_name("body")
        if body is None:
            return None
        # where the close happens: a deferred one when the function returns
        at = body.end_byte if stmt.type == "defer_statement" else call.start_byte
        if b"go " not in data[body.start_byte : at]:
            return None
        recvs = _receives(body, key, data)
        if not recvs:
            return None
        root = key.split(b".")[0]
        senders: list[tuple[Node, bool]] = []  # go statement, may send more than once
        for g in syntax.walk_same_function(body):
            if g.type != "go_statement" or g.start_byte >= at:
                continue
            info = self._goroutine_sends(g, key, root, data, funcs)
            if info is None:
                continue
            many = info or any(not _counted(lp, data) for lp in _loops_between(g, func))
            senders.append((g, many))
        if not senders:
            return None
        first = min(g.start_byte for g, _ in senders)
        # anything between the first sender and the close that may wait for the senders
        for n in syntax.walk_same_function(body):
            if not (first <= n.start_byte and n.end_byte <= at):
                continue
            if any(syntax.inside(n, g) for g, _ in senders):
                continue
            if n.type == "call_expression":
                fn = n.child_by_field_name("function")
                if fn is not None and fn.type == "selector_expression":
                    fld = fn.child_by_field_name("field")
                    if fld is not None and data[fld.start_byte : fld.end_byte] in (b"Wait", b"Do", b"Sleep"):
                        return None
                elif fn is not None and fn.type == "identifier" and data[fn.start_byte : fn.end_byte] in (b"wait",):
                    return None
            elif n.type == "unary_expression":
                op = n.child_by_field_name("operator")
                if op is not None and op.type == "<-" and _key(n.child_by_field_name("operand"), data) != key:
                    if not _in_select_with(n, key, data):
                        return None
            elif n.type == "range_clause" and _key(n.child_by_field_name("right"), data) != key:
                r = syntax.unparen(n.child_by_field_name("right"))
                if r is not None and r.type in ("identifier", "selector_expression", "call_expression"):
                    return None  # may range over another channel until the senders are done
        # a select case beside others: the goroutine may not have sent yet
        racy = any(_in_select_with_other(r, data) and r.end_byte <= at for r in recvs)
        reason = "a timeout or cancel case may win before it has sent"
        if not racy and any(m for _, m in senders):
            enclosing_loops = {lp.id for lp in _loops_between(call, func)}
            recv_loops = [lp for r in recvs for lp in _loops_between(r, func)]
            if any(lp.id in enclosing_loops for lp in recv_loops):
                inner = [lp for lp in recv_loops if lp.id in enclosing_loops]
                if not any(_counted(lp, data) or _counts(lp, data) for lp in inner):
                    racy, reason = True, "it closes while receiving, and the goroutine may send again"
            elif not recv_loops and all(r.end_byte <= at for r in recvs):
                racy, reason = True, "a fixed number of receives may not have taken every send"
        if not racy:
            return None
        g = senders[0][0]
        line = ctx.source.position(g.start_byte).line
        name = key.decode("utf-8", "replace")
        return self.finding(
            call,
            f"close({name}) by its receiver while the goroutine started at line {line} sends on it: "
            f"{reason}, and a send on a closed channel panics",
        )

    def _goroutine_sends(
        self, g: Node, key: bytes, root: bytes, data: bytes, funcs: dict[bytes, Node]
    ) -> bool | None:
        """Does the goroutine of ``g`` send on ``key``? None: no (or not known); True: in a loop
        or more than once; False: once."""
        call = next((c for c in g.named_children if c.type == "call_expression"), None)
        if call is None:
            return None
        fn = syntax.unparen(call.child_by_field_name("function"))
        args = syntax.named(call.child_by_field_name("arguments"))
        target: Node | None = None
        names: list[bytes] = []
        if fn is not None and fn.type == "func_literal":
            target = fn
            if not _declared_in(fn, root, data):
                names.append(key)
        elif fn is not None and fn.type == "identifier":
            target = funcs.get(data[fn.start_byte : fn.end_byte])
        if target is None:
            return None
        # a channel passed as an argument: the parameter it becomes
        params = []
        plist = target.child_by_field_name("parameters")
        for decl in syntax.named(plist):
            ps = list(decl.children_by_field_name("name")) or [None]
            if decl.type == "variadic_parameter_declaration":
                break
            params.extend(ps)
        for i, a in enumerate(args):
            if _key(a, data) == key and i < len(params) and params[i] is not None:
                names.append(data[params[i].start_byte : params[i].end_byte])
        if not names:
            return None
        return self._sends(target, names, data)

    @staticmethod
    def _sends(target: Node, names: list[bytes], data: bytes) -> bool | None:
        tbody = target.child_by_field_name("body")
        if tbody is None:
            return None
        text = data[tbody.start_byte : tbody.end_byte]
        if b"recover()" in text or b".Lock()" in text or b".RLock()" in text:
            return None
        sends = [
            s
            for s in syntax.walk_same_function(tbody)
            if s.type == "send_statement" and _key(s.child_by_field_name("channel"), data) in names
        ]
        if not sends:
            return None
        many = len(sends) > 1 or any(not _counted(lp, data) for s in sends for lp in _loops_between(s, target))
        return many


def _counts(loop: Node, data: bytes) -> bool:
    """A ``for`` with a condition (``i < n``): it may count the receives, so a close in it may
    come after the last one."""
    h = _loop_header(loop)
    return h is not None and h.type in ("for_clause", "binary_expression", "identifier", "unary_expression") and not _infinite(loop)


def _select_case_of(n: Node) -> Node | None:
    p = n.parent
    while p is not None and p.type not in ("communication_case", "block", "func_literal"):
        p = p.parent
    if p is None or p.type != "communication_case":
        return None
    comm = p.child_by_field_name("communication")
    if comm is None or not syntax.inside(n, comm):
        return None
    return p


def _in_select_with(n: Node, key: bytes, data: bytes) -> bool:
    """Is the receive ``n`` a case of a select that also receives from ``key``?"""
    case = _select_case_of(n)
    if case is None or case.parent is None:
        return False
    for c in case.parent.named_children:
        comm = c.child_by_field_name("communication") if c.type == "communication_case" else None
        if comm is not None and c.id != case.id and _receives(comm, key, data):
            return True
    return False


def _in_select_with_other(n: Node, data: bytes) -> bool:
    """Is the receive ``n`` a case of a select with other cases (that may win instead)?"""
    case = _select_case_of(n)
    if case is None or case.parent is None:
        return False
    return any(c.id != case.id and c.type in ("communication_case", "default_case") for c in case.parent.named_children)


def _is_test_file(ctx: FileContext) -> bool:
    return bool(ctx.source.path) and str(ctx.source.path).endswith("_test.go")


def _handed_over(func: Node) -> bool:
    """A parameterless function literal passed to a call or kept in a composite literal: in a
    test, the body of a ``shouldPanic(func() {..})`` or of a table of panicking cases."""
    if func.type != "func_literal":
        return False
    params = func.child_by_field_name("parameters")
    if syntax.named(params):
        return False
    p = func.parent
    return p is not None and p.type in ("argument_list", "literal_element", "keyed_element")


def _infinite_loop_around(stmt: Node, func: Node) -> bool:
    return any(_infinite(lp) for lp in _loops_between(stmt, func))
