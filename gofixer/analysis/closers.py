"""Values of the standard library that the function making them must release: database/sql's
rows, statements, connections and transactions, net's connections and listeners.

A ``*sql.Rows`` holds a connection of the pool until it is closed or iterated to its end, a
``*sql.Tx`` until it commits or rolls back, a ``net.Conn`` or ``net.Listener`` a file
descriptor (and the peer's side of the connection) until it is closed. Go has no destructor:
the function that makes one must release it on every path, or hand it on (return it, store it,
pass it to a function, capture it in a closure) to code that will.

For a call that makes one, this module answers which resource it is (the model's types and
:data:`gofixer.analysis.stdlib.RELEASED_BY`), where the result goes (:func:`assignment_site`),
what each later mention of its variable does (:func:`follow`), and which ways out of the
function a path reaches without a release (:func:`unreleased`). Anything not understood is a
hand-off, so that a rule asking stays silent rather than wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from . import errcheck, lexical, testfail
from .closures import runs_synchronously
from .files import FileIndex
from .flow import ReleasePaths, Verdict
from .model import PackageModel
from .stdlib import READS_TO_EOF, READS_WITHOUT_CLOSING, RELEASED_BY, WRITES_WITHOUT_CLOSING
from .syntax import call_parts, declares_locally, inside, is_field, in_loop, jump_target, named, pair_assignment, same_node, scope_end, statements, top_function, unparen, walk, walk_same_function

Rep = tuple

# the packages whose functions and methods make the resources
PATHS = ("database/sql", "net", "crypto/tls")

# the names of the calls that may make one (each checked against the model's types)
MAKERS = (
    "Query", "QueryContext", "Prepare", "PrepareContext", "Begin", "BeginTx", "Conn", "Dial",
    "DialTimeout", "DialContext", "DialTCP", "DialUnix", "DialWithDialer", "Listen", "ListenTCP",
    "ListenUnix", "Accept", "AcceptTCP", "AcceptUnix", "FileConn",
)  # fmt: skip
MAKER_WORD = re.compile(rb"(?:" + b"|".join(m.encode() for m in MAKERS) + rb")(?![A-Za-z0-9_])")
# a call of one of them in the bytes: the name, blanks or a comment, the parenthesis (a superset)
MAKER_CALL = re.compile(rb"(?:" + b"|".join(m.encode() for m in MAKERS) + rb")\s*[(/]")
_MAKER_QUERY = (
    "(call_expression function: [(identifier) @_n (selector_expression field: (field_identifier) @_n)]"
    ' (#match? @_n "^(' + "|".join(MAKERS) + ')$")) @call'
)

_SHORT = {"database/sql": "sql", "net": "net", "crypto/tls": "tls"}


@dataclass(frozen=True)
class Resource:
    """A type of value that must be released, and how."""

    type: Rep
    releases: frozenset[str]  # the methods that release it (Close; Commit and Rollback)
    fix: str  # the method a fix defers

    @property
    def shown(self) -> str:
        """``*sql.Rows``, ``net.Conn``…"""
        t, star = self.type, ""
        while t[0] == "ptr":
            t, star = t[1], star + "*"
        return f"{star}{_SHORT.get(t[1], t[1])}.{t[2]}"

    @property
    def is_rows(self) -> bool:
        return self.type == ("ptr", ("ext", "database/sql", "Rows"))

    @property
    def is_net(self) -> bool:
        """A connection or a listener of net or crypto/tls (not database/sql)."""
        t = self.type[1] if self.type[0] == "ptr" else self.type
        return t[0] == "ext" and t[1] in ("net", "crypto/tls")

    @property
    def is_conn(self) -> bool:
        t = self.type[1] if self.type[0] == "ptr" else self.type
        return self.is_net and not t[2].endswith("Listener")


def resource_of(rep: Rep | None) -> Resource | None:
    """The resource a value of the type ``rep`` is, or None."""
    got = RELEASED_BY.get(rep) if rep is not None else None
    return None if got is None else Resource(rep, got[0], got[1])


def maker_calls(root: Node, data: bytes) -> list[Node]:
    """The calls of the file named like one that makes a resource (see :data:`MAKERS`)."""
    return lexical.calls_named(root, data, MAKER_WORD, _MAKER_QUERY)


def made_by(model: PackageModel, f: FileIndex, call: Node) -> Resource | None:
    """The resource the call returns first, by the model's types (``db.Query(…)`` on a
    ``*sql.DB``, ``net.Dial(…)``, ``ln.Accept()`` on a ``net.Listener``), or None."""
    results = model.results_of(f, call)
    return resource_of(results[0]) if results else None


# -- where the result goes ---------------------------------------------------------------------


@dataclass
class Site:
    """A call whose two results (the resource and an error) are assigned to names."""

    call: Node
    stmt: Node  # the statement holding the call
    form: str  # ":=", "=" or "var"
    var: Node  # the resource's left-hand side (an identifier, maybe ``_``)
    err: Node | None  # the error's identifier, None when discarded

    def err_name(self, data: bytes) -> bytes | None:
        return None if self.err is None else data[self.err.start_byte : self.err.end_byte]


def discarded(call: Node) -> Node | None:
    """The statement, when the call's results are not assigned at all (``db.Query(q)``)."""
    p = call.parent
    return p if p is not None and p.type in ("expression_statement", "defer_statement", "go_statement") else None


def assignment_site(call: Node, data: bytes) -> Site | None:
    """Where ``v, err := call`` (or ``=``, or ``var v, err = call``) puts the results; None for
    any other use of the call (returned, passed on, a field or an index on the left)."""
    pa = pair_assignment(call)
    if pa is None or not pa.lone or pa.first.type != "identifier" or pa.second.type != "identifier":
        return None
    err = None if data[pa.second.start_byte : pa.second.end_byte] == b"_" else pa.second
    return Site(call, pa.stmt, pa.form, pa.first, err)


def following_check(site: Site, data: bytes, imports: dict[str, str], func: Node) -> Node | None:
    """The error check right after the call's statement (``if err != nil { return … }`` whose
    block leaves on every path, or ``require.NoError(t, err)``), or None."""
    err = site.err_name(data)
    stmt = site.stmt
    if err is None or stmt.parent is None or stmt.parent.type != "statement_list":
        return None
    n = stmt.next_named_sibling
    while n is not None and n.type == "comment":
        n = n.next_named_sibling
    if n is None or not errcheck.error_check(n, data, imports, err, func):
        return None
    return n


# -- what the variable's mentions do -------------------------------------------------------------


@dataclass
class Uses:
    """The mentions of a resource's variable after the call, each classified."""

    refs: list[Node] = field(default_factory=list)
    releases: list[Node] = field(default_factory=list)  # ``v.Close()`` (or a method value of it)
    escapes: list[Node] = field(default_factory=list)  # returned, stored, passed on, captured…
    assigns: list[Node] = field(default_factory=list)  # the variable gets another value
    methods: dict[str, list[Node]] = field(default_factory=dict)  # other methods called: name -> calls
    later: list[Node] = field(default_factory=list)  # mentions in a closure that may run after the function returns

    @property
    def points(self) -> list[Node]:
        """Mentions after which the value is no longer this function's to release."""
        return self.releases + self.escapes


def follow(model: PackageModel, f: FileIndex, site: Site, res: Resource, func: Node) -> Uses | None:
    """What each mention of the site's variable does, from the call to the end of its scope;
    None when the variable cannot be followed (a named result, a package variable, a
    variable captured from an enclosing function, or assigned with ``=`` inside a loop)."""
    data = f.data
    binding, owner = model.lookup(f, site.var)
    if binding is None or owner is None or owner.id != func.id:
        return None
    if site.form == "=":
        if binding.kind != "local" or in_loop(site.stmt, func):
            return None
        lo, hi = site.stmt.end_byte, binding.end
    else:
        lo, hi = site.stmt.end_byte, scope_end(site.stmt, func)
    name = data[site.var.start_byte : site.var.end_byte]
    uses = Uses()
    top = top_function(site.stmt) or func
    for ref in walk(func):
        if ref.type != "identifier" or not lo <= ref.start_byte < hi or data[ref.start_byte : ref.end_byte] != name:
            continue
        b, _fn = model.lookup(f, ref)
        if b is None or b.name_at != binding.name_at:
            continue
        uses.refs.append(ref)
        kind, method = mention(ref, data, res, f.imports, top)
        if _later(ref, func, data):
            uses.later.append(ref)  # a goroutine or a stored closure may use it after the function returns
        if kind == "release":
            uses.releases.append(ref)
        elif kind == "assign":
            uses.assigns.append(ref)
        elif kind == "method":
            uses.methods.setdefault(method, []).append(ref)
        elif kind == "escape":
            uses.escapes.append(ref)
    return uses


def _later(ref: Node, func: Node, data: bytes) -> bool:
    """Is ``ref`` inside a function literal of ``func`` that may run after ``func`` returns (a
    goroutine, a callback handed on, a closure stored), not one run in place or deferred?"""
    p = ref.parent
    while p is not None and p.id != func.id:
        if p.type == "func_literal":
            call = p.parent
            if call is not None and call.type == "call_expression" and call.parent is not None and call.parent.type == "go_statement":
                return True
            if not runs_synchronously(p, data):
                return True
        p = p.parent
    return False


def mention(ref: Node, data: bytes, res: Resource, imports: dict[str, str], top: Node) -> tuple[str, str]:
    """What one mention of a resource's variable does: ("release" | "method" | "assign" | "ok"
    | "escape", the method's name); "escape" is anything that hands the value on (returned,
    stored, sent, passed to a function that is not a standard reader or writer), or is not
    understood."""
    p = ref.parent
    if p is None:
        return "escape", ""
    if p.type == "selector_expression" and is_field(p, "operand", ref):
        fl = p.child_by_field_name("field")
        name = "" if fl is None else data[fl.start_byte : fl.end_byte].decode("utf-8", "replace")
        call = p.parent
        called = call is not None and call.type == "call_expression" and is_field(call, "function", p)
        if name in res.releases:
            return "release", name  # called, or a method value handed to a closer (``defer check(c.Close)``)
        return ("method", name) if called else ("escape", name)
    if errcheck.nil_comparison(p, ref):
        return "ok", ""
    if p.type == "expression_list" and p.parent is not None:
        a = p.parent
        if a.type in ("assignment_statement", "short_var_declaration") and is_field(a, "left", p):
            return "assign", ""
    if p.type == "argument_list" and p.parent is not None and p.parent.type == "call_expression":
        if plain_reader(p.parent, data, imports, top):
            return "ok", ""
    return "escape", ""


def plain_reader(call: Node, data: bytes, imports: dict[str, str], top: Node) -> bool:
    """``io.ReadFull(c, …)``, ``fmt.Fprintf(c, …)``, ``bufio.NewReader(c)``…: a standard
    function that reads or writes the value without closing it or keeping it."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    op, fl = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if op is None or fl is None or op.type != "identifier":
        return False
    qual = data[op.start_byte : op.end_byte].decode("utf-8", "replace")
    member = data[fl.start_byte : fl.end_byte].decode("utf-8", "replace")
    for table in (READS_WITHOUT_CLOSING, WRITES_WITHOUT_CLOSING):
        for path, funcs in table.items():
            if imports.get(path) == qual and member in funcs:
                return not declares_locally(top, qual, data)
    return False


# -- paths ---------------------------------------------------------------------------------------


def next_loops(uses: Uses) -> list[Node]:
    """The ``for v.Next() { … }`` loops of the variable's mentions: a ``*sql.Rows`` iterated to
    its end is closed by the ``Next`` that returns false."""
    out = []
    for ref in uses.methods.get("Next", ()):
        call = ref.parent.parent if ref.parent is not None else None
        loop = call.parent if call is not None else None
        head = named(loop)[0] if loop is not None and loop.type == "for_statement" and named(loop) else None
        if head is not None and same_node(unparen(head), call):
            out.append(loop)
    return out


def _leaves(loop: Node, data: bytes) -> bool:
    """Can the loop's body leave it other than by its condition: a ``break`` aimed at it, a
    ``continue`` or ``break`` aimed at an outer statement, a ``goto``?"""
    body = loop.child_by_field_name("body")
    if body is None:
        return True
    for n in walk_same_function(body):
        if n.type == "goto_statement":
            return True
        if n.type in ("break_statement", "continue_statement"):
            target = jump_target(n, data)
            if target is None or not inside(target, loop) or (n.type == "break_statement" and target.id == loop.id):
                return True
    return False


# the parts of a compound statement that run whenever the statement does
_HEADS = {
    "if_statement": ("initializer", "condition"),
    "expression_switch_statement": ("initializer", "value"),
    "type_switch_statement": ("initializer", "value"),
}
_COMPOUND = ("block", "labeled_statement", "select_statement", "for_statement", *_HEADS)


@dataclass
class Leaks:
    """Where paths leave the function (or start the next iteration) still holding the value."""

    returns: list[Node] = field(default_factory=list)
    falls_off: bool = False
    next_iteration: list[Node] = field(default_factory=list)  # ``continue`` statements, or the loop body's end
    by_next: bool = False  # a ``for rows.Next()`` loop closes the rows when it ends

    def __bool__(self) -> bool:
        return bool(self.returns or self.falls_off or self.next_iteration)


def unreleased(
    data: bytes, imports: dict[str, str], func: Node, site: Site, start: Node, uses: Uses, res: Resource, test: bool = False
) -> Leaks | None:
    """The exits reached from just after ``start`` (the call's statement, or its error check)
    on a path that neither releases nor hands on the value; None when the paths cannot be
    followed (a ``goto``, a statement not understood). A ``for rows.Next()`` loop that nothing
    leaves early releases a ``*sql.Rows`` when it ends; the returns inside its body do not. In
    a test (``test``), a path ends where it fails the test: ``t.Error``, or an error sent to the
    test on a channel (:func:`sends_failure`)."""
    points = uses.points
    assigns = uses.assigns
    loops = [lp for lp in next_loops(uses) if not _leaves(lp, data)] if res.is_rows else []
    loop_ids = {lp.id for lp in loops}

    def holds(n: Node, nodes: list[Node]) -> bool:
        if n.type in _COMPOUND:
            parts = [n.child_by_field_name(p) for p in _HEADS.get(n.type, ())]
            if n.type == "for_statement":
                h = n.named_children[0] if n.named_children else None
                if h is not None and h.type == "for_clause":
                    parts = [h.child_by_field_name("initializer"), h.child_by_field_name("condition")]
                elif h is not None and h.type == "range_clause":
                    parts = [h.child_by_field_name("right")]
                elif h is not None and h.type != "block":
                    parts = [h]
            return any(q is not None and any(inside(m, q) for m in nodes) for q in parts)
        return any(inside(m, n) for m in nodes)

    reached: set[int] = set()  # the Next loops a path reaches unreleased

    def releases(n: Node) -> bool:
        if n.id in loop_ids:
            reached.add(n.id)
            return True
        return holds(n, points)

    def stops(n: Node) -> bool:
        # the call's own statement again (a loop's next round) or another assignment: a new value
        if same_node(n, site.stmt):
            return True
        return n.type in ("assignment_statement", "short_var_declaration") and holds(n, assigns)

    def ends(n: Node) -> bool:
        return errcheck.ends_path(n, data, imports) or testfail.fails_test(n, data, imports) or (test and sends_failure(n, data, imports))

    def per_iteration(loop: Node) -> bool:
        body = loop.child_by_field_name("body")
        return body is not None and inside(site.stmt, body)

    paths = ReleasePaths(data, func, releases, stops, ends, per_iteration)
    verdict: Verdict = paths.after(start)
    if verdict.unknown:
        return None
    out = Leaks(list(verdict.returns), verdict.falls_off is not None, list(verdict.back_edges), bool(loops))
    for lp in loops:
        if lp.id not in reached:
            continue
        inner = ReleasePaths(data, func, lambda n: holds(n, points), stops, ends).exits(statements(lp.child_by_field_name("body")))
        for e in inner:
            if e[0] == "return":
                out.returns.append(e[1])
            elif e[0] == "unknown":
                return None
    out.returns.sort(key=lambda n: n.start_byte)
    return out


def expects_failure(site: Site, data: bytes, imports: dict[str, str], func: Node) -> bool:
    """Is the call's error checked right after it by ``if err == nil { … }`` whose block ends
    the path (``t.Fatal``, ``panic``): a call made to see it fail?"""
    err = site.err_name(data)
    stmt = site.stmt
    if err is None or stmt.parent is None or stmt.parent.type != "statement_list":
        return False
    n = stmt.next_named_sibling
    while n is not None and n.type == "comment":
        n = n.next_named_sibling
    if n is None:
        return False
    return errcheck.error_check(n, data, imports, err, func, op="==", allow_return=False) or _asserts_error(n, data, imports, err)


# testify's functions that assert an error happened
_ERROR_ASSERTIONS = frozenset({b"Error", b"ErrorIs", b"ErrorAs", b"ErrorContains", b"EqualError"})


def _asserts_error(stmt: Node, data: bytes, imports: dict[str, str], err: bytes) -> bool:
    """``require.Error(t, err)`` (or ``assert.ErrorIs``…): the test wants the call to fail."""
    if stmt.type != "expression_statement" or stmt.named_child_count != 1:
        return False
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return False
    operand, name = call_parts(call, data)
    names = {imports.get(p) for p in (errcheck.TESTIFY_REQUIRE, "github.com/stretchr/testify/assert")} - {None, "_", "."}
    args = named(call.child_by_field_name("arguments"))
    return (
        operand is not None
        and operand.decode("utf-8", "replace") in names
        and name in _ERROR_ASSERTIONS
        and len(args) >= 2
        and data[args[1].start_byte : args[1].end_byte] == err
    )


def sends_failure(stmt: Node, data: bytes, imports: dict[str, str]) -> bool:
    """``errc <- fmt.Errorf(…)`` (or ``errors.New(…)``, or ``err``): in a test's helper
    goroutine, the way it reports a failure to the test, which then fails."""
    if stmt.type != "send_statement":
        return False
    value = unparen(stmt.child_by_field_name("value"))
    if value is None:
        return False
    if value.type == "identifier":
        return data[value.start_byte : value.end_byte] == b"err"
    if value.type != "call_expression":
        return False
    operand, name = call_parts(value, data)
    fmt, errors = imports.get("fmt"), imports.get("errors")
    return (fmt is not None and operand == fmt.encode() and name == b"Errorf") or (
        errors is not None and operand == errors.encode() and name == b"New"
    )


def read_to_end(uses: Uses, data: bytes, imports: dict[str, str]) -> bool:
    """Is the value read until its end: given to ``io.ReadAll`` or as the source of
    ``io.Copy``, or wrapped in a ``bufio.Scanner`` whose ``Scan`` is a loop's condition? Then
    the peer closed the connection, and only the local descriptor is left, which the runtime
    closes when the connection is collected."""
    for ref in uses.refs:
        args = ref.parent
        call = args.parent if args is not None and args.type == "argument_list" else None
        if call is None or call.type != "call_expression":
            continue
        operand, name = call_parts(call, data)
        position = [a.id for a in named(args)].index(ref.id) if ref.id in [a.id for a in named(args)] else -1
        for path, funcs in READS_TO_EOF.items():
            local = imports.get(path)
            if local is not None and operand == local.encode() and funcs.get(name.decode("utf-8", "replace") if name else "") == position:
                return True
        bufio = imports.get("bufio")
        if bufio is not None and operand == bufio.encode() and name == b"NewScanner" and position == 0:
            p = call.parent
            target = named(p)[0] if p is not None and p.type == "expression_list" else None
            decl = p.parent if p is not None else None
            if decl is not None and decl.type == "short_var_declaration":
                left = named(decl.child_by_field_name("left"))
                target = left[0] if len(left) == 1 else None
                if target is not None:
                    scan = data[target.start_byte : target.end_byte] + b".Scan()"
                    scope = decl.parent
                    for n in walk(scope) if scope is not None else ():
                        if n.type == "for_statement" and named(n) and data[named(n)[0].start_byte : named(n)[0].end_byte] == scan:
                            return True
    return False
