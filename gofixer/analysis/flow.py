"""Structured path analysis over Go syntax, for rules that must know what happens on every path.

tree-sitter gives syntax, not a control-flow graph; Go's control flow is structured enough
(sequence, if/else, for/range, switch, select, labels, break/continue, fallthrough, return) to
follow it on the syntax directly. ``ReleasePaths`` answers the question several rules ask: from
a statement, on paths where a resource is not released yet, which ways out are reachable?
GF301 asks it of a cancel function, GF401 of ``wg.Done()``, GF202 of a closed channel (a send
ends a path there); ``goto`` and anything not understood make the answer "unknown", and the
rules then stay silent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tree_sitter import Node

from .syntax import CASES as _CASES
from .syntax import FUNC_TYPES, SWITCHES, inside, is_field, jump_label, jump_target, label_of, statements, unparen, walk_same_function

# Statements that end a path without returning normally: a leak on such a path does not matter.
_NO_RETURN_CALLS = {
    ("", "panic"),
    ("os", "Exit"),
    ("log", "Fatal"),
    ("log", "Fatalf"),
    ("log", "Fatalln"),
    ("log", "Panic"),
    ("log", "Panicf"),
    ("log", "Panicln"),
}
_SIMPLE = frozenset(
    {
        "expression_statement", "short_var_declaration", "assignment_statement", "var_declaration",
        "const_declaration", "type_declaration", "inc_statement", "dec_statement", "send_statement",
        "empty_statement", "go_statement", "defer_statement",
    }
)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Path analysis
# ---------------------------------------------------------------------------------------------

NORMAL = ("normal",)  # the statement completes and control goes on after it
UNKNOWN = ("unknown",)  # something the analysis does not follow: stay silent
FALLTHROUGH = ("fallthrough",)
Exit = tuple  # NORMAL, UNKNOWN, FALLTHROUGH, ("break", label), ("continue", label), ("return", node)


@dataclass
class Verdict:
    """Where a path that has not released the resource leaves the function."""

    unknown: bool = False
    returns: list[Node] = field(default_factory=list)  # return statements reached unreleased
    falls_off: Node | None = None  # the function's closing brace, when the end is reached unreleased
    # with ``per_iteration``: the ``continue`` statements, and the loop body (its end), from
    # which the next iteration starts unreleased: the resource of this iteration is lost there
    back_edges: list[Node] = field(default_factory=list)
    # ``break`` statements reached unreleased that leave a per-iteration loop
    loop_breaks: list[Node] = field(default_factory=list)
    # loops around the start whose next iteration, followed from the start of their body, can
    # come round to their head again still unreleased
    rounds: list[Node] = field(default_factory=list)

    @property
    def leaks(self) -> bool:
        return not self.unknown and (bool(self.returns) or self.falls_off is not None or bool(self.back_edges))


def _has_results(func: Node) -> bool:
    return func.child_by_field_name("result") is not None


class ReleasePaths:
    """A may-analysis over Go's structured control flow, for one function and one resource.

    It answers: from just after a statement, on a path where the resource is not released yet,
    which ways out of the function can be reached still unreleased? There is no CFG: statements
    are followed by their syntax (sequence, if/else, for/range, switch, type switch, select,
    labels, break/continue, fallthrough, return). Since only unreleased paths are followed, each
    statement is entered in one state and analysed once; a loop body is analysed again from its
    head only when the start lies inside it.

    ``releases(stmt)`` says a simple statement releases the resource (``cancel()``,
    ``defer cancel()``); ``stops(stmt)`` that the path is no longer followed there (the resource
    is defined again); ``ends(stmt)`` that the path ends without returning (``panic``,
    ``os.Exit``…). ``goto`` and any statement not understood make the verdict unknown.

    Options for resources other than a variable that a call releases (a channel that a send
    reaches, say), each off by default: ``clauses`` asks ``stops`` and ``releases`` also of a
    select case's communication (the case's body is not followed when either holds) and
    ``stops`` of a range clause; ``next_iteration(loop)`` says whether a path that comes round
    a loop around the start again is followed into its body once more (the default: always),
    else the loop is left at its head when it can be; ``strict_end=False`` reports a function
    with results whose end is reached as falling off, instead of "unknown" (the analysis may
    not know every call that never returns); ``endless_range(clause)`` says a ``for range`` never
    ends at its head (a range over a ticker's channel, which is never closed).
    """

    def __init__(
        self,
        data: bytes,
        func: Node,
        releases: Callable[[Node], bool],
        stops: Callable[[Node], bool],
        ends: Callable[[Node], bool],
        per_iteration: Callable[[Node], bool] | None = None,
        *,
        clauses: bool = False,
        next_iteration: Callable[[Node], bool] | None = None,
        strict_end: bool = True,
        endless_range: Callable[[Node], bool] | None = None,
    ):
        self.data = data
        self.func = func
        self.releases = releases
        self.stops = stops
        self.ends = ends
        # per_iteration(loop): the resource belongs to one iteration of ``loop`` (defined in its
        # body), so going round the loop again unreleased loses it
        self.per_iteration = per_iteration
        self.clauses = clauses
        self.next_iteration = next_iteration
        self.strict_end = strict_end
        self.endless_range = endless_range
        self.body = func.child_by_field_name("body")
        self._jumps: list[Node] = []
        self._back: list[Node] = []
        self._breaks: list[Node] = []
        self._rounds: list[Node] = []

    # -- entry point --------------------------------------------------------------------------

    def after(self, start: Node) -> Verdict:
        """Follow every path from just after ``start`` (a statement, or an if/switch/for header's
        initializer) to the function's exits."""
        if self.body is None:
            return Verdict(unknown=True)
        parent = start.parent
        if parent is None:
            return Verdict(unknown=True)
        if parent.type == "statement_list":
            x, exits = start, {NORMAL}
        elif parent.type == "if_statement" and is_field(parent, "initializer", start):
            x, exits = parent, self._if(parent, skip_init=True)
        elif parent.type in SWITCHES and is_field(parent, "initializer", start):
            x, exits = parent, self._switch(parent, label_of(parent, self.data), skip_init=True)
        elif parent.type == "for_clause" and is_field(parent, "initializer", start) and parent.parent is not None:
            loop = parent.parent
            x, exits = loop, self._loop(loop, label_of(loop, self.data), skip_init=True)
        else:
            return Verdict(unknown=True)
        verdict = self._climb(x, set(exits))
        if not verdict.unknown:
            verdict.back_edges = self._back
            verdict.loop_breaks = self._breaks
            verdict.rounds = self._rounds
        return verdict

    def _climb(self, x: Node, exits: set[Exit]) -> Verdict:
        """Carry the exits of ``x`` outwards through the statements enclosing it."""
        while True:
            if UNKNOWN in exits:
                return Verdict(unknown=True)
            if not exits:
                return Verdict()
            p = x.parent
            if p is None:
                return Verdict(unknown=True)
            t = p.type
            if t == "statement_list":
                if NORMAL in exits:
                    rest = [c for c in statements(p) if c.start_byte >= x.end_byte]
                    exits = (exits - {NORMAL}) | self._seq(rest)
            elif t == "block":
                if p.id == self.body.id:
                    return self._finish(exits)
            elif t in _CASES:
                exits = self._fall_through_after(p, exits)
            elif t in SWITCHES or t == "select_statement":
                exits = self._map_breaks(exits, label_of(p, self.data))
            elif t == "if_statement":
                if not (is_field(p, "consequence", x) or is_field(p, "alternative", x)):
                    return Verdict(unknown=True)
            elif t == "for_statement":
                if not is_field(p, "body", x):
                    return Verdict(unknown=True)
                label = label_of(p, self.data)
                if self.per_iteration is not None and self.per_iteration(p):
                    jumps = [j for j in self._jumps if jump_target(j, self.data) is not None and jump_target(j, self.data).id == p.id]
                    self._back += [j for j in jumps if j.type == "continue_statement"]
                    self._breaks += [j for j in jumps if j.type == "break_statement"]
                    if NORMAL in exits:
                        self._back.append(x)
                self._jumps = []
                out: set[Exit] = set()
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
                    # at the loop head again: leave it, or run the body once more from its start
                    if self.next_iteration is None or self.next_iteration(p):
                        again = self._stmt(x)
                        if again & {NORMAL, ("continue", None), ("continue", label)}:
                            self._rounds.append(p)
                        out |= self._loop_exits(again, label, self._has_exit(p))
                    elif self._has_exit(p):
                        out.add(NORMAL)
                exits = out
            elif t == "labeled_statement":
                lab = p.child_by_field_name("label")
                if lab is not None:
                    exits = self._map_breaks(exits, self.data[lab.start_byte : lab.end_byte], unlabeled=False)
            else:
                return Verdict(unknown=True)
            x = p

    def _finish(self, exits: set[Exit]) -> Verdict:
        v = Verdict()
        for e in exits:
            if e[0] == "return":
                v.returns.append(e[1])
            elif e == NORMAL:
                if _has_results(self.func) and self.strict_end:
                    # Go would not compile a function with results that can fall off its end:
                    # the analysis was imprecise somewhere, so say nothing.
                    return Verdict(unknown=True)
                v.falls_off = self.body
            else:
                return Verdict(unknown=True)
        v.returns.sort(key=lambda n: n.start_byte)
        return v

    def end_reachable(self) -> bool:
        """Can control fall off the end of the function from its entry? (Conditions are not
        evaluated, as in go vet's control flow graph.)"""
        if self.body is None:
            return False
        never = lambda n: False  # noqa: E731
        return NORMAL in ReleasePaths(self.data, self.func, never, never, self.ends).exits(statements(self.body))

    def exits(self, stmts: list[Node]) -> set[Exit]:
        """The unreleased exits of a statement sequence entered unreleased (empty: it never
        completes and never returns)."""
        return self._seq(stmts)

    # -- statements ---------------------------------------------------------------------------

    def _seq(self, stmts: list[Node]) -> set[Exit]:
        out: set[Exit] = set()
        for s in stmts:
            r = self._stmt(s)
            out |= r - {NORMAL}
            if NORMAL not in r:
                return out
        out.add(NORMAL)
        return out

    def _stmt(self, n: Node, label: bytes | None = None) -> set[Exit]:
        t = n.type
        if self.stops(n) or self.releases(n) or self.ends(n):
            return set()
        if t in _SIMPLE:
            return {NORMAL}
        if t == "return_statement":
            return {("return", n)}
        if t in ("break_statement", "continue_statement"):
            lab = next((c for c in n.named_children if c.type == "label_name"), None)
            kind = "break" if t == "break_statement" else "continue"
            self._jumps.append(n)
            return {(kind, None if lab is None else self.data[lab.start_byte : lab.end_byte])}
        if t == "fallthrough_statement":
            return {FALLTHROUGH}
        if t == "block":
            return self._seq(statements(n))
        if t == "labeled_statement":
            inner = [c for c in n.named_children if c.type not in ("label_name", "comment")]
            if not inner:
                return {NORMAL}
            lab = n.child_by_field_name("label")
            name = None if lab is None else self.data[lab.start_byte : lab.end_byte]
            return self._map_breaks(self._stmt(inner[0], name), name, unlabeled=False)
        if t == "if_statement":
            return self._if(n)
        if t == "for_statement":
            return self._loop(n, label)
        if t in SWITCHES:
            return self._switch(n, label)
        if t == "select_statement":
            return self._select(n, label)
        return {UNKNOWN}  # goto, and anything this analysis does not know

    def _if(self, n: Node, skip_init: bool = False) -> set[Exit]:
        init = n.child_by_field_name("initializer")
        if init is not None and not skip_init and (self.stops(init) or self.ends(init)):
            return set()
        cons = n.child_by_field_name("consequence")
        alt = n.child_by_field_name("alternative")
        out = self._stmt(cons) if cons is not None else {NORMAL}
        return out | (self._stmt(alt) if alt is not None else {NORMAL})

    def _has_exit(self, n: Node) -> bool:
        """Can the loop end at its head, given what ``endless_range`` knows?"""
        if not self._loop_has_exit(n):
            return False
        if self.endless_range is not None:
            clause = next((c for c in n.named_children if c.type == "range_clause"), None)
            if clause is not None and self.endless_range(clause):
                return False
        return True

    @staticmethod
    def _loop_has_exit(n: Node) -> bool:
        """Can the loop end at its head (a condition, or a range clause)?"""
        body = n.child_by_field_name("body")
        for c in n.named_children:
            if (body is not None and c.id == body.id) or c.type == "comment":
                continue
            if c.type == "for_clause":
                return c.child_by_field_name("condition") is not None
            return True  # range clause or plain condition
        return False

    def _loop(self, n: Node, label: bytes | None, skip_init: bool = False) -> set[Exit]:
        clause = next((c for c in n.named_children if c.type == "for_clause"), None)
        if clause is not None and not skip_init:
            init = clause.child_by_field_name("initializer")
            if init is not None and self.stops(init):
                return set()
        if self.clauses:
            ranged = next((c for c in n.named_children if c.type == "range_clause"), None)
            if ranged is not None and self.stops(ranged):
                return set()
        body = n.child_by_field_name("body")
        inner = self._stmt(body) if body is not None else {NORMAL}
        return self._loop_exits(inner, label, self._has_exit(n))

    @staticmethod
    def _loop_exits(body_exits: set[Exit], label: bytes | None, has_exit: bool) -> set[Exit]:
        out: set[Exit] = set()
        for e in body_exits:
            if e in (NORMAL, ("continue", None), ("continue", label)):
                continue  # back to the head, which was already reached unreleased
            if e in (("break", None), ("break", label)):
                out.add(NORMAL)
            elif e == FALLTHROUGH:
                out.add(UNKNOWN)
            else:
                out.add(e)
        if has_exit:
            out.add(NORMAL)
        return out

    def _switch(self, n: Node, label: bytes | None, skip_init: bool = False) -> set[Exit]:
        init = n.child_by_field_name("initializer")
        if init is not None and not skip_init and (self.stops(init) or self.ends(init)):
            return set()
        cases = [c for c in n.named_children if c.type in _CASES]
        out: set[Exit] = set()
        for c in cases:
            # a fallthrough reaches the next case's body, which is analysed from an unreleased
            # entry anyway: nothing more to carry
            out |= self._seq(statements(c)) - {FALLTHROUGH}
        if not any(c.type == "default_case" for c in cases):
            out.add(NORMAL)
        return self._map_breaks(out, label)

    def _select(self, n: Node, label: bytes | None) -> set[Exit]:
        out: set[Exit] = set()
        for c in n.named_children:
            if c.type in _CASES:
                comm = c.child_by_field_name("communication") if self.clauses else None
                if comm is not None and (self.stops(comm) or self.releases(comm)):
                    continue
                out |= self._seq(statements(c))
        if FALLTHROUGH in out:
            out = (out - {FALLTHROUGH}) | {UNKNOWN}
        return self._map_breaks(out, label)  # select {} blocks forever: no exit at all

    def _fall_through_after(self, case: Node, exits: set[Exit]) -> set[Exit]:
        """Leaving a case clause: a fallthrough runs the following cases' bodies."""
        nxt = case.next_named_sibling
        while FALLTHROUGH in exits:
            while nxt is not None and nxt.type not in _CASES:
                nxt = nxt.next_named_sibling
            if nxt is None:
                return (exits - {FALLTHROUGH}) | {UNKNOWN}
            exits = (exits - {FALLTHROUGH}) | self._seq(statements(nxt))
            nxt = nxt.next_named_sibling
        return exits

    @staticmethod
    def _map_breaks(exits: set[Exit], label: bytes | None, unlabeled: bool = True) -> set[Exit]:
        out: set[Exit] = set()
        for e in exits:
            if (unlabeled and e == ("break", None)) or (label is not None and e == ("break", label)):
                out.add(NORMAL)
            else:
                out.add(e)
        return out


def no_return_call(node: Node, data: bytes, imports: dict[str, str]) -> bool:
    """``panic(..)``, ``os.Exit(..)``, ``log.Fatal(..)``…: a call after which the path ends."""
    if node.type == "expression_statement" and node.named_child_count == 1:
        node = node.named_children[0]
    if node.type != "call_expression":
        return False
    fn = node.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "identifier":
        return data[fn.start_byte : fn.end_byte] == b"panic"
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        field = fn.child_by_field_name("field")
        if operand is None or field is None:
            return False
        op = data[operand.start_byte : operand.end_byte].decode("utf-8", "replace")
        name = data[field.start_byte : field.end_byte].decode("utf-8", "replace")
        if name in ("Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow") and op in ("t", "b", "f", "tb"):
            return True
        for path, local in imports.items():
            if local == op and (path, name) in _NO_RETURN_CALLS:
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Loops, statements that never complete, functions that never return
# ---------------------------------------------------------------------------------------------

_BREAKABLE = ("for_statement", *SWITCHES, "select_statement")


def enclosing_loop(node: Node, func: Node) -> Node | None:
    """The innermost ``for`` of ``func`` whose body (not its header) contains ``node``: what
    runs there runs once per iteration."""
    child, p = node, node.parent
    while p is not None and p.id != func.id:
        if p.type == "for_statement":
            body = p.child_by_field_name("body")
            if body is not None and body.id == child.id:
                return p
        if p.type in FUNC_TYPES:
            return None
        child, p = p, p.parent
    return None


def innermost_for(stmt: Node, func: Node) -> Node | None:
    """The innermost ``for`` statement of ``func`` around ``stmt``, its header included (a
    variable declared there is made anew, or assigned again, on every iteration)."""
    p = stmt.parent
    while p is not None and p.id != func.id:
        if p.type == "for_statement":
            return p
        p = p.parent
    return None


def loop_can_exit(loop: Node, data: bytes) -> bool:
    """Can control leave ``loop`` other than by its range running out: a ``break`` or labeled
    ``continue`` aimed at it or beyond it, a ``return`` or a ``goto`` inside its body?"""
    body = loop.child_by_field_name("body")
    if body is None:
        return True
    inner_labels = {label_of(n, data) for n in walk_same_function(body) if n.type in _BREAKABLE}
    inner_labels.discard(None)
    for n in walk_same_function(body):
        if n.type in ("return_statement", "goto_statement"):
            return True
        if n.type not in ("break_statement", "continue_statement"):
            continue
        label = jump_label(n, data)
        if label is not None:
            if label not in inner_labels:
                return True  # aimed at this loop (a break) or at an outer statement
            continue
        if n.type == "continue_statement":
            continue  # an unlabeled continue stays in this loop or an inner one
        # an unlabeled break leaves the innermost for/switch/select: is that this loop?
        p = n.parent
        while p is not None and p.id != loop.id and p.type not in _BREAKABLE:
            p = p.parent
        if p is not None and p.id == loop.id:
            return True
    return False


def _never(_n: Node) -> bool:
    return False


def never_completes(
    stmt: Node, data: bytes, imports: dict[str, str], endless_range: Callable[[Node], bool] = _never
) -> bool:
    """Is ``stmt`` sure never to complete normally, so that what follows it is unreachable: a
    ``for`` without condition and without a way out, ``select {}``, ``panic``, ``log.Fatal``…,
    an ``if`` both of whose branches never complete? A ``for range`` never ends only when
    ``endless_range(clause)`` says its channel is never closed (a ticker's)."""
    if stmt.type == "labeled_statement":
        inner = [c for c in stmt.named_children if c.type != "comment"]
        return bool(inner) and never_completes(inner[-1], data, imports, endless_range)
    if stmt.type == "block":
        stmts = statements(stmt)
        return bool(stmts) and never_completes(stmts[-1], data, imports, endless_range)
    if stmt.type == "for_statement":
        header = [c for c in stmt.named_children if c.type not in ("comment", "block")]
        if header:
            h = header[0]
            if h.type == "for_clause" and h.child_by_field_name("condition") is not None:
                return False
            if h.type == "range_clause" and not endless_range(h):
                return False  # a range over a ticker's channel never ends; others may
            if h.type not in ("for_clause", "range_clause"):
                return False  # `for cond {`
        return not loop_can_exit(stmt, data)
    if stmt.type == "select_statement":
        return not any(c.type in ("communication_case", "default_case") for c in stmt.named_children)
    if stmt.type == "if_statement":
        cons, alt = stmt.child_by_field_name("consequence"), stmt.child_by_field_name("alternative")
        return (
            cons is not None
            and alt is not None
            and never_completes(cons, data, imports, endless_range)
            and never_completes(alt, data, imports, endless_range)
        )
    if stmt.type == "expression_statement":
        return no_return_call(stmt, data, imports)
    return False


def may_return_after(
    func: Node, stmt: Node, data: bytes, imports: dict[str, str], endless_range: Callable[[Node], bool] = _never
) -> bool | None:
    """Can ``func`` return once ``stmt`` has run: a ``return`` after it (or anywhere in a loop
    around it, reached on a later iteration), or an end of the body that can be reached? None
    when the function has a ``goto`` (not followed)."""
    body = func.child_by_field_name("body")
    if body is None:
        return None
    outer = stmt
    while (loop := enclosing_loop(outer, func)) is not None:
        outer = loop  # a return anywhere in an enclosing loop may come after a later iteration
    for n in walk_same_function(body):
        if n.type == "goto_statement":
            return None
        if n.type == "return_statement" and (n.end_byte > stmt.start_byte or inside(n, outer)):
            return True
    stmts = statements(body)
    return not stmts or not never_completes(stmts[-1], data, imports, endless_range)


# Names of calls after which a path ends (beyond :func:`no_return_call`), lower-cased: an
# unknown logger's ``Fatalf`` taken for the end of a path can only make a rule quieter.
NO_RETURN_NAMES = frozenset(
    {
        "fatal", "fatalf", "fatalln", "fatalw", "exit", "panic", "panicf", "panicln", "panicw",
        "goexit", "failnow", "skipnow", "skip", "skipf", "die", "dief",
    }
)  # fmt: skip


def ends_path(stmt: Node, data: bytes, imports: dict[str, str], extra: frozenset[bytes] | set[bytes] = frozenset()) -> bool:
    """Does the expression statement end its path: ``panic``, ``os.Exit``, ``t.Fatal``, a call
    of any function or method named like one (:data:`NO_RETURN_NAMES`), or of a function named
    in ``extra`` (see :func:`no_return_funcs`)?"""
    if no_return_call(stmt, data, imports):
        return True
    call = stmt.named_children[0] if stmt.named_child_count == 1 else None
    if call is None or call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    if fn is None or fn.type not in ("identifier", "field_identifier"):
        return False
    name = data[fn.start_byte : fn.end_byte]
    return name in extra or name.decode("utf-8", "replace").lower() in NO_RETURN_NAMES


def no_return_funcs(root: Node, data: bytes, imports: dict[str, str]) -> frozenset[bytes]:
    """Names of the file's functions and methods that never return (``func fail() { panic(…) }``,
    or one that only calls such a function), so that a path through a call of one ends there,
    as it does in go vet's control flow graph. A fixpoint: a function that calls a name just
    found is looked at again. Resolved by name only: a method of another type with the same
    name counts too, which can only make a rule quieter."""
    funcs = []
    for d in root.named_children:
        if d.type in ("function_declaration", "method_declaration"):
            name, body = d.child_by_field_name("name"), d.child_by_field_name("body")
            if name is not None and body is not None:
                funcs.append((data[name.start_byte : name.end_byte], d, body))
    known: set[bytes] = set()
    ends = lambda n: n.type == "expression_statement" and ends_path(n, data, imports, known)  # noqa: E731
    todo = funcs
    while todo:
        added = []
        for name, func, body in todo:
            if name not in known and not ReleasePaths(data, func, _never, _never, ends).exits(statements(body)):
                known.add(name)
                added.append(name)
        # only a function that calls a name just found can change its answer
        todo = [
            (name, func, body)
            for name, func, body in funcs
            if name not in known and any(a in data[body.start_byte : body.end_byte] for a in added)
        ]
    return frozenset(known)


def no_return_statement(stmt: Node, data: bytes, imports: dict[str, str]) -> bool:
    """A statement that is a call after which the path ends (see :func:`no_return_call`)."""
    return stmt.type == "expression_statement" and no_return_call(stmt, data, imports)


# ---------------------------------------------------------------------------------------------
# Loops
# ---------------------------------------------------------------------------------------------


def loop_header(loop: Node) -> Node | None:
    """What comes between ``for`` and the body: a for clause, a range clause, a condition, or
    None (``for {``)."""
    body = loop.child_by_field_name("body")
    for c in loop.named_children:
        if c.type == "comment" or (body is not None and c.id == body.id):
            continue
        return c
    return None


def is_infinite_loop(loop: Node) -> bool:
    """``for {`` or ``for init; ; post {``: nothing at the head can end the loop."""
    h = loop_header(loop)
    if h is None:
        return True
    return h.type == "for_clause" and h.child_by_field_name("condition") is None


def is_counted_loop(loop: Node) -> bool:
    """A loop whose number of iterations is a literal: ``for i := 0; i < 3; i++``, ``for range 3``."""
    h = loop_header(loop)
    if h is None:
        return False
    if h.type == "range_clause":
        r = unparen(h.child_by_field_name("right"))
        return r is not None and r.type == "int_literal"
    if h.type == "for_clause":
        cond = unparen(h.child_by_field_name("condition"))
        if cond is not None and cond.type == "binary_expression":
            r = unparen(cond.child_by_field_name("right"))
            return r is not None and r.type == "int_literal"
    return False


def enclosing_loops(node: Node, func: Node) -> list[Node]:
    """The loops of ``func`` around ``node``, innermost first (a function literal between them
    ends the search: its loops are not ``func``'s)."""
    out = []
    p = node.parent
    while p is not None and p.id != func.id:
        if p.type in FUNC_TYPES:
            break
        if p.type == "for_statement":
            out.append(p)
        p = p.parent
    return out


def conditional_below(n: Node, top: Node) -> bool:
    """Is ``n`` inside a branch, a case or the body of a loop that may not run, below ``top``?
    (The body of ``for {`` surely runs.)"""
    child, p = n, n.parent
    while p is not None:
        if p.type == "if_statement" and (is_field(p, "consequence", child) or is_field(p, "alternative", child)):
            return True
        if p.type in _CASES:
            return True
        if p.type == "for_statement" and is_field(p, "body", child) and not is_infinite_loop(p):
            return True
        if p.id == top.id:
            return False
        child, p = p, p.parent
    return False


_EVALUATED_WHOLE = frozenset(
    {
        "expression_statement", "short_var_declaration", "assignment_statement", "var_declaration",
        "const_declaration", "inc_statement", "dec_statement", "send_statement", "return_statement",
    }
)  # fmt: skip


def evaluated_parts(stmt: Node) -> list[Node]:
    """The parts of a statement that run when control reaches it: a simple statement whole,
    a compound statement's header (its blocks are reached as statements of their own), a
    ``go``/``defer`` statement's function value and arguments (the call itself runs later, or
    elsewhere)."""
    t = stmt.type
    if t in ("go_statement", "defer_statement"):
        call = next((c for c in stmt.named_children if c.type == "call_expression"), None)
        if call is None:
            return []
        fn = call.child_by_field_name("function")
        parts = list(call.child_by_field_name("arguments").named_children) if call.child_by_field_name("arguments") is not None else []
        if fn is not None and fn.type != "func_literal":
            parts.append(fn.child_by_field_name("operand") if fn.type == "selector_expression" else fn)
        return [p for p in parts if p is not None and p.type != "comment"]
    if t in _EVALUATED_WHOLE:
        return [stmt]
    if t == "if_statement":
        return [c for c in (stmt.child_by_field_name("initializer"), stmt.child_by_field_name("condition")) if c]
    if t == "for_statement":
        body = stmt.child_by_field_name("body")
        return [c for c in stmt.named_children if c.type != "comment" and (body is None or c.id != body.id)]
    if t in SWITCHES:
        out = [c for c in stmt.named_children if c.type not in ("expression_case", "type_case", "default_case", "comment")]
        for case in stmt.named_children:
            if case.type == "expression_case":
                out += case.children_by_field_name("value")
        return out
    if t == "select_statement":
        return [c.child_by_field_name("communication") for c in stmt.named_children if c.type == "communication_case" and c.child_by_field_name("communication")]
    return []
