"""GF401 undeferred-wg-done: a goroutine calls ``wg.Done()`` directly instead of deferring it.

What it finds
    A goroutine (a function literal started with ``go``, or a function or method of the same
    file started with ``go f(..)`` / ``go s.f(..)``) that calls ``Done`` on a ``sync.WaitGroup``
    as a plain statement at the end of its work, instead of ``defer wg.Done()``. The finding is
    on the ``Done`` call. It is reported when a path can leave the goroutine without calling
    ``Done`` (an early ``return``), or when every ``Done`` ends its path (the last statement, or
    followed only by ``return``), so that a panic before it is the only way to miss it.

    ``wg`` must be a WaitGroup: a variable declared ``var wg sync.WaitGroup``, ``wg :=
    &sync.WaitGroup{}``, ``wg := new(sync.WaitGroup)``, a parameter ``wg *sync.WaitGroup``, a
    package-level variable, or a field ``s.wg`` when the structs of the package that have a
    field of that name all declare it as ``sync.WaitGroup`` / ``*sync.WaitGroup``. Failing
    that, a name that looks like one (``wg``, ``…Wg``, ``…WG``, ``…WaitGroup``) in a file that
    imports ``sync``, used with both ``.Add(`` and ``.Done(``/``.Wait(`` in the same function.

    Not reported: ``defer wg.Done()`` (also inside a deferred closure); a goroutine that also
    calls ``wg.Add`` for itself (GF402's business); a ``Done`` that a path can reach twice, in a
    loop for instance (the goroutine then holds several counts, as a worker that calls ``Done``
    per job does); a ``Done`` that is the goroutine's first statement, or that is followed by
    more work when no return skips it (a "started" latch); a goroutine that passes the
    WaitGroup on, or leaves ``Done`` to a closure or another goroutine (a hand-off); ``goto``.

Why it is bad
    ``wg.Wait()`` returns when every counted goroutine has called ``Done``. A goroutine that
    panics (and recovers further up, in a deferred handler) or takes an early ``return`` before
    its ``Done`` never calls it, and ``Wait`` blocks forever: the caller hangs with everything it
    holds. ``defer`` runs on every way out of the function.

Example
    for _, id := range ids {
        wg.Add(1)
        go func() {
            if err := fulfil(ctx, id); err != nil {
                log.Print(err)
                return // wg.Done() is skipped: Wait hangs
            }
            wg.Done()
        }()
    }
    wg.Wait()

Fixed
    for _, id := range ids {
        wg.Add(1)
        go func() {
            defer wg.Done()
            if err := fulfil(ctx, id); err != nil {
                log.Print(err)
                return
            }
        }()
    }
    wg.Wait()

Fix safety
    Safe when the goroutine calls ``Done`` once, as its last statement, and defers nothing else:
    the call is removed and ``defer wg.Done()`` becomes its first statement. Only paths that
    skipped ``Done`` (a panic, an early return) change, and they are the defect.
    Unsafe when ``Done`` is called in several places, each ending its path, or once but not as
    the last statement (inside a branch or a select case, followed by ``return``): every call is
    removed and one ``defer`` added, so the paths that returned without it now call it, and it
    runs after the statements that followed it. Unsafe too when the goroutine defers other calls
    (``Done`` now runs after them, which matters if one of them waits for something that happens
    only after ``Wait`` returns).
    No fix when ``Done`` is followed by more work on its path (deferring it would make ``Wait``
    wait for that work too, which deadlocks a goroutine that sends to the waiter after it), or
    when the body is written on one line.
    With ``go 1.25`` or later in go.mod, the safe case becomes ``wg.Go`` when the goroutine is
    started as ``go func() { … }()`` (no parameters, arguments or results) right after
    ``wg.Add(1)`` on the same WaitGroup, in the same block, and the goroutine uses the WaitGroup
    for nothing but that ``Done``: the ``Add`` line and the ``Done`` line are removed and
    ``go func() {`` … ``}()`` becomes ``wg.Go(func() {`` … ``})`` (the body keeps its
    indentation). ``wg.Go`` adds 1, then defers ``Done`` around the function, as the classic
    fix does; still safe. ``wg`` must be a WaitGroup by its declaration, not only by its name.
    Everything else keeps the classic fix, with a note on ``wg.Go`` in its description: one
    ``Add(n)`` for a loop or for several goroutines, other code between the ``Add`` and the
    ``go``, a literal with parameters (``go func(i int) { … }(i)``; converting is sound only
    when nothing reassigns the variable, which is left to the reader), a named function, and
    the unsafe shapes (several ``Done`` calls, ``Done`` not last, other defers: ``wg.Go`` would
    change the same things, and the classic fix shows them more plainly). Older and unknown
    Go versions always get the classic fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixer.analysis import files, flow, lexical, syntax
from gofixer.analysis.flow import NORMAL, ReleasePaths
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule
from gofixer.source import SourceFile

# ---------------------------------------------------------------------------------------------
# Shared with GF402: small syntax helpers
# ---------------------------------------------------------------------------------------------

_CASES = ("expression_case", "type_case", "default_case", "communication_case")
_SWITCHES = ("expression_switch_statement", "type_switch_statement")
_WG_METHODS = (b"Add", b"Done", b"Wait")
# wg, wg2, wgWorkers, workerWG, workersWg, doneWaitGroup, waitGroup…
_WG_NAME = re.compile(r"^(?:[wW][gG]|wg[A-Z_][0-9A-Za-z_]*|[0-9A-Za-z_]*(?:wg|Wg|WG|[wW]ait[gG]roup))[0-9]*$")


# -- the prefilters: byte-level evidence of a ``W.Done()`` / ``W.Add(n)`` statement ---------------

# The method's name, blanks or a comment, then ``(`` (a newline would end the statement).
DONE_CALL = re.compile(rb"Done[ \t]*[(/]")
ADD_CALL = re.compile(rb"Add[ \t]*[(/]")
# what a receiver written as a chain of names (``wg``, ``s.wg``) can be made of, with the blanks
# around its dots and the dot before the method
_CHAIN_BYTES = frozenset(b" \t\r._0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") | frozenset(
    range(0x80, 0x100)
)
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


def named(n: Node | None) -> list[Node]:
    return [] if n is None else [c for c in n.named_children if c.type != "comment"]


def statements(node: Node | None) -> list[Node]:
    """The statements of a block or case clause (comments left out)."""
    if node is None:
        return []
    if node.type != "statement_list":
        node = next((c for c in node.named_children if c.type == "statement_list"), None)
        if node is None:
            return []
    return named(node)


def is_field(parent: Node | None, name: str, child: Node) -> bool:
    if parent is None:
        return False
    f = parent.child_by_field_name(name)
    return f is not None and f.id == child.id


def inside(node: Node, outer: Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


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
    while recv.type == "selector_expression":
        recv = recv.child_by_field_name("operand")
    return data[recv.start_byte : recv.end_byte]


def ends_path(n: Node, data: bytes, imports: dict[str, str]) -> bool:
    """``panic(..)``, ``os.Exit``, ``log.Fatal``, ``t.Fatal``…: the path ends without returning."""
    return n.type == "expression_statement" and flow.no_return_call(n, data, imports)


def leaves_goroutine(n: Node, data: bytes) -> bool:
    """``runtime.Goexit()`` (any receiver): the goroutine ends, running its deferred calls."""
    if n.type != "expression_statement" or n.named_child_count != 1:
        return False
    call = n.named_children[0]
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    fld = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
    return fld is not None and data[fld.start_byte : fld.end_byte] == b"Goexit"


# -- edits --------------------------------------------------------------------------------------


def delete_statement(src: SourceFile, stmt: Node, floor: int = 0) -> Edit | None:
    """An edit removing ``stmt`` with its line; None when it shares the line with other code.

    A trailing ``//`` comment, which is about the statement, goes with it. A blank line left
    between the previous code and a closing brace is removed too (unless it starts before
    ``floor``, where another edit of the same fix inserts).
    """
    data = src.data
    l0, l1 = src.line_of(stmt.start_byte), src.line_of(stmt.end_byte)
    if data[src.line_start(l0) : stmt.start_byte].strip(b" \t"):
        return None
    rest = data[stmt.end_byte : src.line_end(l1)].strip(b" \t")
    if rest and not rest.startswith(b"//"):
        return None
    start = src.line_start(l0)
    end = src.line_start(l1 + 1) if l1 + 1 < src.line_count else len(data)
    if l0 > 0 and l1 + 1 < src.line_count:
        prev = data[src.line_start(l0 - 1) : src.line_end(l0 - 1)]
        nxt = data[src.line_start(l1 + 1) : src.line_end(l1 + 1)].strip(b" \t")
        if not prev.strip(b" \t") and nxt.startswith(b"}") and src.line_start(l0 - 1) >= floor:
            start = src.line_start(l0 - 1)
    return Edit(start, end, b"")


def statement_line_insertion(src: SourceFile, stmt: Node, text: bytes) -> Edit | None:
    """Insert ``text`` as a statement on its own line just before ``stmt`` (same indentation)."""
    line0 = src.line_of(stmt.start_byte)
    start = src.line_start(line0)
    if src.data[start : stmt.start_byte].strip(b" \t"):
        return None
    indent = src.indent_of_line(stmt.start_byte)
    return Edit(start, start, indent + text + src.newline_at(stmt.start_byte))


def body_top_insertion(src: SourceFile, body: Node, text: bytes) -> Edit | None:
    """Insert ``text`` as the first statement of a block written over several lines."""
    data = src.data
    if body.type != "block" or data[body.start_byte : body.start_byte + 1] != b"{":
        return None
    brace_line = src.line_of(body.start_byte)
    rest = data[body.start_byte + 1 : src.line_end(brace_line)].strip(b" \t")
    if rest and not rest.startswith(b"//"):
        return None
    lst = next((c for c in body.named_children if c.type == "statement_list"), None)
    first = lst.named_children[0] if lst is not None and lst.named_children else None
    if first is None or src.line_of(first.start_byte) <= brace_line:
        return None
    if data[src.line_start(src.line_of(first.start_byte)) : first.start_byte].strip(b" \t"):
        return None
    at = src.line_start(brace_line + 1)
    return Edit(at, at, src.indent_of_line(first.start_byte) + text + src.newline_at(body.start_byte))


# -- sync.WaitGroup.Go (Go 1.25) ------------------------------------------------------------


def go_literal(go: Node | None, func: Node) -> bool:
    """Is ``go`` exactly ``go func() { … }()``: the literal itself (not parenthesised) called with
    no arguments, with no parameters and no results, so that it can become ``W.Go(func() { … })``?"""
    if go is None or func.type != "func_literal":
        return False
    call = func.parent
    if call is None or call.type != "call_expression" or call.parent is None or call.parent.id != go.id:
        return False
    if not is_field(call, "function", func) or func.child_by_field_name("result") is not None:
        return False
    if named(func.child_by_field_name("parameters")):
        return False
    args = call.child_by_field_name("arguments")
    return args is not None and args.start_byte == func.end_byte and args.text == b"()"


def mentions(func: Node, w: bytes, data: bytes) -> int:
    """How many times the WaitGroup expression ``w`` appears in F's body (closures included)."""
    body = func.child_by_field_name("body")
    if body is None:
        return 0
    kind = "identifier" if b"." not in w else "selector_expression"
    return sum(1 for n in syntax.walk(body) if n.type == kind and data[n.start_byte : n.end_byte] == w)


def wg_go_edits(src: SourceFile, go: Node, func: Node, w: bytes, drop: list[Node]) -> list[Edit] | None:
    """The edits turning ``go func() { … }()`` into ``W.Go(func() { … })`` and removing the
    statements ``drop`` (the Add and the Done), or None when the layout does not allow it.

    Only the ``go `` before the literal and the ``()`` after it change, so the body keeps its
    indentation and the result stays gofmt-clean.
    """
    data = src.data
    call = func.parent
    args = call.child_by_field_name("arguments") if call is not None else None
    head = data[go.start_byte : func.start_byte]
    if args is None or head[:2] != b"go" or head[2:].strip(b" \t"):
        return None
    edits = [Edit(go.start_byte, func.start_byte, w + b".Go("), Edit(args.start_byte, args.end_byte, b")")]
    for stmt in sorted(drop, key=lambda n: n.start_byte):
        e = delete_statement(src, stmt)
        if e is None:
            return None
        edits.append(e)
    edits.sort(key=lambda e: (e.start, e.end))
    if any(a.end > b.start for a, b in zip(edits, edits[1:])):
        return None
    return edits


def wg_go_description(w: bytes, what: str) -> str:
    name = w.decode("utf-8", "replace")
    return (
        f"use `{name}.Go` (Go 1.25): replace {what} with `{name}.Go(func() {{ … }})`,"
        " which counts the goroutine and defers Done"
    )


# -- which function bodies run as goroutines ----------------------------------------------------


@dataclass(frozen=True)
class Goroutine:
    func: Node  # func_literal, function_declaration or method_declaration
    go: Node | None  # the go statement, for a literal


def goroutines(ctx: FileContext, literals_only: bool = False) -> list[Goroutine]:
    """Function literals started by ``go`` and, unless ``literals_only``, the functions and
    methods of this file that a ``go`` statement of the file starts (resolved by name: a unique
    top-level function not hidden by a local, or a unique method of that name)."""
    data = ctx.data
    funcs: dict[bytes, list[Node]] = {}
    methods: dict[bytes, list[Node]] = {}
    if not literals_only:
        for d in ctx.root.named_children:
            nm = d.child_by_field_name("name")
            if nm is None:
                continue
            if d.type == "function_declaration":
                funcs.setdefault(ctx.btext(nm), []).append(d)
            elif d.type == "method_declaration":
                methods.setdefault(ctx.btext(nm), []).append(d)
    packages = {v for v in ctx.imports.values() if v not in ("_", ".")}
    out: list[Goroutine] = []
    seen: set[int] = set()
    for g in lexical.go_statements(ctx.root, ctx.data):
        call = next((c for c in g.named_children if c.type == "call_expression"), None)
        fn = call.child_by_field_name("function") if call is not None else None
        while fn is not None and fn.type == "parenthesized_expression" and len(named(fn)) == 1:
            fn = named(fn)[0]
        if fn is None:
            continue
        target: Node | None = None
        if fn.type == "func_literal":
            out.append(Goroutine(fn, g))
            continue
        if literals_only:
            continue
        if fn.type == "identifier":
            found = funcs.get(ctx.btext(fn), [])
            top = syntax.top_function(g)
            if len(found) == 1 and not (top is not None and syntax.declares_locally(top, fn.text.decode(), data)):
                target = found[0]
        elif fn.type == "selector_expression":
            fld = fn.child_by_field_name("field")
            operand = fn.child_by_field_name("operand")
            if operand is not None and operand.type == "identifier" and ctx.btext(operand).decode() in packages:
                continue  # pkg.F(): a function of another package
            found = methods.get(ctx.btext(fld), []) if fld is not None else []
            if len(found) == 1 and not funcs.get(ctx.btext(fld)):
                target = found[0]
        if target is not None and target.id not in seen and target.child_by_field_name("body") is not None:
            seen.add(target.id)
            out.append(Goroutine(target, None))
    return out


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
    """Answers "is this receiver a sync.WaitGroup?" for one file (see the module docstring)."""

    def __init__(self, ctx: FileContext):
        self.ctx = ctx
        self.sync = ctx.import_name("sync")
        self._fields: dict[bytes, bool | None] = {}
        self._globals: dict[bytes, bool | None] = {}

    def is_wg(self, recv: Node) -> bool:
        data = self.ctx.data
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
        data = self.ctx.data
        if recv.type == "identifier":
            return self._ident(recv, data[recv.start_byte : recv.end_byte]) is True
        if recv.type == "selector_expression":
            fld = recv.child_by_field_name("field")
            return fld is not None and self._field(data[fld.start_byte : fld.end_byte]) is True
        return False

    # a name: parameters and declarations of the enclosing functions, then the package

    def _ident(self, use: Node, name: bytes) -> bool | None:
        data = self.ctx.data
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
                for n in syntax.walk(root):
                    if n.type != "field_declaration":
                        continue
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
        yield self.ctx.root, self.ctx.data, self.sync
        for sib in self.ctx.package.siblings():
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
        data = self.ctx.data
        w = data[recv.start_byte : recv.end_byte]
        seen: set[bytes] = set()
        for n in syntax.walk(top):
            if n.type == "call_expression" and receiver_text(n, data) == w:
                fn = n.child_by_field_name("function")
                fld = fn.child_by_field_name("field")
                seen.add(data[fld.start_byte : fld.end_byte])
        return b"Add" in seen and (b"Done" in seen or b"Wait" in seen)


# ---------------------------------------------------------------------------------------------
# Paths through a goroutine
# ---------------------------------------------------------------------------------------------


def _in_tail(stmt: Node, body: Node) -> bool:
    """Does ``stmt`` end its path: nothing but a plain ``return`` follows it on the way out of
    the function (no loop around it goes round again)?"""
    lst = stmt.parent
    if lst is None or lst.type != "statement_list":
        return False
    rest = [s for s in named(lst) if s.start_byte >= stmt.end_byte]
    if rest:
        return len(rest) == 1 and rest[0].type == "return_statement" and not any(
            n.type == "call_expression" for n in syntax.walk(rest[0])
        )
    owner = lst.parent
    if owner is None:
        return False
    if owner.id == body.id:
        return True
    if owner.type in _CASES:
        sw = owner.parent
        return sw is not None and (sw.type in _SWITCHES or sw.type == "select_statement") and _in_tail_stmt(sw, body)
    if owner.type == "block":
        return _in_tail_stmt(owner, body)
    return False


def _in_tail_stmt(n: Node, body: Node) -> bool:
    """Is the compound statement (or block) ``n`` the end of its path?"""
    p = n.parent
    while p is not None and (p.type == "if_statement" or p.type == "labeled_statement"):
        n, p = p, p.parent
    if n.type == "block" and (p is None or p.type != "statement_list"):
        return False  # a for body, a function body of a closure…
    return _in_tail(n, body)


@dataclass
class PathFacts:
    unknown: bool = False
    twice: bool = False  # a path calls Done more than once (a loop, or two calls in a row)
    skipping: list[Node] = field(default_factory=list)  # returns reached without Done
    falls_off: bool = False  # the end of the body is reached without Done


def path_facts(ctx: FileContext, func: Node, dones: list[Node]) -> PathFacts:
    data = ctx.data
    facts = PathFacts()
    body = func.child_by_field_name("body")
    if body is None or any(n.type == "goto_statement" for n in syntax.walk_same_function(body)):
        facts.unknown = True
        return facts
    ids = {d.id for d in dones}

    def ends(n: Node) -> bool:
        return ends_path(n, data, ctx.imports)

    never: Callable[[Node], bool] = lambda n: False  # noqa: E731
    entry = ReleasePaths(data, func, lambda n: n.id in ids, never, ends).exits(statements(body))
    for e in entry:
        if e == NORMAL:
            facts.falls_off = True
        elif e[0] == "return":
            facts.skipping.append(e[1])
        else:
            facts.unknown = True
            return facts
    facts.skipping.sort(key=lambda n: n.start_byte)
    for d in dones:
        hit: list[Node] = []

        def releases(n: Node) -> bool:
            if n.id in ids:
                hit.append(n)
                return True
            return False

        verdict = ReleasePaths(data, func, releases, never, ends).after(d)
        if verdict.unknown:
            facts.unknown = True
            return facts
        if hit:
            facts.twice = True
    return facts


# ---------------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------------


class UndeferredWgDone(Rule):
    code = "GF401"
    name = "undeferred-wg-done"
    summary = "a goroutine calls wg.Done() directly instead of deferring it: a panic or early return skips it and Wait hangs"
    fix_class = FixClass.SAFE_OR_UNSAFE
    requires = (b"Done",)  # the method's name; applies_to asks for more

    def applies_to(self, data: bytes) -> bool:
        # A finding is a statement ``W.Done()`` (W a name or a chain of field selections) in a
        # goroutine started by a go statement of this file (a literal, or a function or method
        # of this file: a worker declared here but started elsewhere is not looked at).
        return b"Done" in data and may_have_method_statement(data, DONE_CALL) and lexical.may_have_go_statement(data)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        if b"go " not in data and b"go\t" not in data:
            return
        wgs: WaitGroups | None = None
        for gr in goroutines(ctx):
            by_recv: dict[bytes, Node] = {}
            for w, call in receivers(gr.func, data, b"Done"):
                by_recv.setdefault(w, call)
            for w in by_recv:
                if wgs is None:
                    wgs = WaitGroups(ctx)
                finding = self._check(ctx, wgs, gr.func, gr.go, w)
                if finding is not None:
                    yield finding

    def _check(self, ctx: FileContext, wgs: WaitGroups, func: Node, go: Node | None, w: bytes) -> Finding | None:
        data, src = ctx.data, ctx.source
        u = usage(func, w, data)
        if not u.ok or not u.dones or u.deferred or u.self_adds:
            return None
        if any(d.parent is None or d.parent.type != "statement_list" for d in u.dones):
            return None
        dones = sorted(u.dones, key=lambda d: d.start_byte)
        recv = dones[0].named_children[0].child_by_field_name("function").child_by_field_name("operand")
        if not wgs.is_wg(recv):
            return None
        body = func.child_by_field_name("body")
        top = statements(body)
        if len(dones) == 1 and top and top[0].id == dones[0].id:
            return None  # nothing before it can skip it
        facts = path_facts(ctx, func, dones)
        if facts.unknown or facts.twice:
            return None
        tail = all(_in_tail(d, body) for d in dones)
        if not tail and not (facts.skipping or facts.falls_off):
            return None  # signals part-way through on purpose (a "started" latch)

        name = w.decode("utf-8", "replace")
        if facts.skipping:
            line = src.position(facts.skipping[0].start_byte).line
            why = f"the return at line {line} skips it"
        elif facts.falls_off:
            why = "a path reaches the end of the goroutine without it"
        elif len(dones) > 1:
            why = "a panic skips them"
        else:
            why = "a panic before it skips it"
        more = f" (and {len(dones) - 1} more)" if len(dones) > 1 else ""
        message = f"`{name}.Done()`{more} is called directly instead of deferred: {why} and `{name}.Wait()` blocks forever"

        fix, why_not = self._fix(src, body, dones, w, u, tail, top)
        if why_not:
            message += f" (no fix: {why_not})"
        anchor = dones[0].named_children[0]
        if fix is not None and ctx.go_at_least(1, 25):
            converted = self._wg_go(ctx, wgs, func, go, w, u, recv) if fix.applicability == Applicability.SAFE else None
            if converted is not None:
                fix = converted
            else:
                note = f"; with Go 1.25+, {name}.Go(func() {{ … }}) does the Add and the deferred Done"
                fix = Fix(fix.description + note, fix.edits, fix.applicability, fix.imports)
        return self.finding(anchor, message, fix)

    def _wg_go(
        self, ctx: FileContext, wgs: WaitGroups, func: Node, go: Node | None, w: bytes, u: Usage, recv: Node
    ) -> Fix | None:
        """``W.Add(1)`` right before ``go func() { …; W.Done() }()`` becomes ``W.Go(func() { … })``.

        Called only for the safe shape (one Done, the last statement, no other defers): ``W.Go``
        then does exactly what ``defer W.Done()`` as the first statement would.
        """
        data = ctx.data
        if go is None or not go_literal(go, func) or u.adds or mentions(func, w, data) != 1:
            return None
        lst = go.parent
        if lst is None or lst.type != "statement_list" or not wgs.declared(recv):
            return None
        siblings = named(lst)
        i = next(k for k, s in enumerate(siblings) if s.id == go.id)
        add = siblings[i - 1] if i > 0 else None
        if add is None or add.type != "expression_statement" or add.named_child_count != 1:
            return None
        call = add.named_children[0]
        fn = call.child_by_field_name("function") if call.type == "call_expression" else None
        fld = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
        if fld is None or data[fld.start_byte : fld.end_byte] != b"Add" or receiver_text(call, data) != w:
            return None
        args = named(call.child_by_field_name("arguments"))
        if len(args) != 1 or args[0].type != "int_literal" or data[args[0].start_byte : args[0].end_byte] != b"1":
            return None
        edits = wg_go_edits(ctx.source, go, func, w, [add, u.dones[0]])
        if edits is None:
            return None
        name = w.decode("utf-8", "replace")
        what = f"`{name}.Add(1)`, the go statement and `{name}.Done()`"
        return Fix(wg_go_description(w, what), tuple(edits), Applicability.SAFE)

    def _fix(
        self, src: SourceFile, body: Node, dones: list[Node], w: bytes, u: Usage, tail: bool, top: list[Node]
    ) -> tuple[Fix | None, str | None]:
        name = w.decode("utf-8", "replace")
        if not tail:
            return None, f"more work follows `{name}.Done()`, and deferring it would make `Wait` wait for that too"
        insert = body_top_insertion(src, body, b"defer " + w + b".Done()")
        if insert is None:
            return None, "the goroutine's body is not laid out one statement per line"
        edits = [insert]
        for d in dones:
            e = delete_statement(src, d, floor=insert.start + 1)
            if e is None:
                return None, f"`{name}.Done()` shares its line with other code"
            edits.append(e)
        description = f"defer {name}.Done() at the start of the goroutine"
        applicability = Applicability.SAFE
        if len(dones) > 1:
            applicability = Applicability.UNSAFE
            description += (
                " (unsafe: Done is called in several places; the paths that returned without it now"
                " call it, and it runs after the statements that followed it)"
            )
        elif top[-1].id != dones[0].id:
            applicability = Applicability.UNSAFE
            description += (
                " (unsafe: Done is not the goroutine's last statement; every way out now calls it,"
                " after the statements that followed it)"
            )
        elif u.other_defers > 0:
            applicability = Applicability.UNSAFE
            description += " (unsafe: Done now runs after the goroutine's other deferred calls)"
        return Fix(description, tuple(edits), applicability), None
