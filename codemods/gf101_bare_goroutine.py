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
    Not reported: where the goroutine lives as long as the process, which is what it is for:
    started in ``init``, ``main.main``, ``TestMain``, under ``sync.Once`` (``once.Do``,
    ``sync.OnceFunc``), in a function that only such code calls (followed through the package's
    files; in package main also a command's entry point named in a composite literal, as CLI
    libraries take them), not in a loop that may run without bound, or right before every path
    ends the process (``os.Exit``, ``log.Fatal``); for a named function that takes a
    ``context.Context`` (it presumably hands it to what it waits on), for a ``range`` over any
    other channel (someone can close it), or for a loop that calls ``.Wait()`` (a wait group or
    a condition variable coordinates it) or ends the process (``os.Exit``, ``log.Fatal``). A
    ``panic`` in the loop is not a way out: it is an assertion, not a shutdown path.

    Preview variants (reported with ``--preview`` or when GF101 is selected by name): a loop
    that uses package-level state only (no parameter, receiver or captured local of the call that
    started it): a background worker of the package, which leaks only if the code starting it
    runs again; and, in tests (``_test.go`` files), a goroutine whose loop waits each round (a
    channel operation, a select, a ticker, ``time.Sleep``, a blocking ``Accept``/``Read``/
    ``Recv``/``Wait``): it sits idle until the test binary exits. A test goroutine that spins
    without waiting takes a CPU from every later test and stays in the default tier.

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
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixer.analysis import contexts_at_hand, goroutines, lexical, prefilter, syntax
from gofixer.analysis.channels import as_select_case, blocking_select, blocks_on_receive, done_like
from gofixer.analysis.model import PackageModel, file_model, sibling_model
from gofixer.analysis.statement_edits import indent_lines, rest_blank, starts_line
from gofixer.analysis.syntax import call_parts, jump_label, label_of, named, receive_operand, statements, unparen
from gofixer.analysis.types import deref
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

_BREAKABLE = ("for_statement", "expression_switch_statement", "type_switch_statement", "select_statement")

# Calls after which the goroutine (or the whole process) is gone: a loop that makes one has a way
# out, or at least an owner that decided how it ends. ``panic`` is not one: it is an assertion.
_ENDING_CALLS = frozenset(
    {b"Exit", b"Goexit", b"Fatal", b"Fatalf", b"Fatalln", b"Fatalw", b"FailNow", b"SkipNow", b"Skip", b"Skipf"}
)

_TIMERS = (("ext", "time", "Ticker"), ("ext", "time", "Timer"))
_LOOP_WHAT = {"forever": "loop", "ticker": "range over a ticker's channel", "tick": "range over time.Tick"}


def _is_pkg_call(call: Node | None, data: bytes, pkg: str | None, names: frozenset[str]) -> bool:
    call = unparen(call)
    return call is not None and syntax.is_call_to(call, data, pkg, names) is not None


@dataclass
class _Target:
    func: Node  # func_literal, function_declaration or method_declaration
    data: bytes  # its file's bytes
    path: str  # its file's resolved path
    time: str | None  # its file's name for package time
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
    # every finding is on a go statement of this file (the function it starts may be declared in
    # another file of the package, but the statement is here)
    needs = prefilter.go_statement

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        life: list[goroutines.PackageReach] = []
        for g in lexical.go_statements(ctx.root, ctx.data):
            finding = self._check_go(ctx, g, life)
            if finding is not None:
                yield finding

    # -- one go statement ----------------------------------------------------------------------

    def _check_go(self, ctx: FileContext, g: Node, life: list[goroutines.PackageReach]) -> Finding | None:
        call = goroutines.go_call(g)
        fn = goroutines.started(g)
        if call is None or fn is None:
            return None
        if fn.type == "func_literal":
            target = _Target(fn, ctx.data, ctx.path, ctx.import_name("time"), "the goroutine", True)
        else:
            target = _resolve(ctx, fn, call)
            if target is None:
                return None
        loop = _unbounded_loop(ctx, target)
        if loop is None:
            return None
        if not life:
            life.append(goroutines.PackageReach(ctx.root, ctx.data, ctx.path, ctx.package))
        if life[0].lives_with_process(g):
            return None

        where = ""
        if target.path != ctx.path:
            where = f" of {os.path.basename(target.path)}"
        line = target.data.count(b"\n", 0, loop.node.start_byte) + 1
        head = f"{target.label}'s {_LOOP_WHAT[loop.kind]} at line {line}{where} never ends"
        message = f"{head}: nothing stops it (no <-ctx.Done(), no done channel, no return or break), so the goroutine leaks"
        preview = False
        if _serves_package(ctx, target, loop.node):
            preview = True  # a package's background worker, not a leak of one call's state
            message = (
                f"{head}, and it uses only package-level state: a background worker of the package, not"
                " tied to the call that starts it; each further run of that code starts one more (nothing"
                " such as sync.Once limits it to one)"
            )
        elif syntax.is_test_path(ctx.path) and _waits(loop, target.data):
            preview = True  # idle until the test binary exits: costs no CPU, holds no lock
            message = (
                f"{head}: nothing stops it (no <-ctx.Done(), no done channel, no return or break), so the"
                " goroutine outlives the test, waiting idle until the test binary exits"
            )
        if not target.literal:
            fix, why_not = None, f"{target.label.removeprefix('the goroutine ')} would have to be given a context to stop on"
        else:
            cname = _context_in_scope(ctx, loop.node)
            if cname is None:
                fix, why_not = None, "no context.Context in scope to stop it"
            else:
                fix, why_not = _make_fix(ctx, loop, cname)
        if why_not:
            message = f"{message}; no fix: {why_not}"
        # the anchor is the go line only, not the whole literal
        src = ctx.source
        end = min(g.end_byte, src.line_end(src.line_of(g.start_byte)))
        return Finding(self.code, self.name, g.start_byte, end, message, fix, preview)


# ---------------------------------------------------------------------------------------------
# the function a go statement starts, and contexts
# ---------------------------------------------------------------------------------------------


def _resolve(ctx: FileContext, fn: Node, call: Node) -> _Target | None:
    """The function or method of the package a go statement names (``go f(…)``, ``go x.m(…)``)
    as this file's build sees it, when it may loop forever and takes no context: a function
    not hidden by a local, or a method of the package type ``x`` has. The declarations are
    looked for by name first, so the package is modelled only for a function worth it."""
    if fn.type == "identifier":
        kind, name = "function_declaration", fn
    elif fn.type == "selector_expression":
        operand = unparen(fn.child_by_field_name("operand"))
        kind, name = "method_declaration", fn.child_by_field_name("field")
        if operand is None or name is None or operand.type != "identifier" or ctx.btext(operand).decode() in ctx.imports.values():
            return None  # (a function of another package)
    else:
        return None
    found = goroutines.declarations_named(ctx.package, ctx.path, ctx.root, ctx.data, kind, ctx.btext(name))
    if not any(_first_unbounded(d.node, d.data, None) is not None for d in found):
        return None
    scopes = file_model(ctx.package, ctx.path, ctx.data, ctx.root)
    f = scopes.file(ctx.path)
    if contexts_at_hand.passes_context(scopes, f, call, ctx.import_name("context")):
        return None  # it takes a context: no need to look it up (see contexts_at_hand.takes_context)
    if fn.type == "identifier":
        if scopes.lookup(f, fn)[0] is not None or f.text(fn) in f.imports.values():
            return None
        decl = goroutines.as_built(found, ctx.path)
        label = f"the goroutine {f.text(fn)}"
    else:
        t = deref(ctx.model.typeof(ctx.index, operand))
        if t is None or t[0] != "named":
            return None
        decl = goroutines.as_built(found, ctx.path, t[1].encode())
        label = f"the goroutine {t[1]}.{f.text(name)}"
    if decl is None or contexts_at_hand.takes_context(decl.node, decl.data, decl.import_name("context")):
        return None
    return _Target(decl.node, decl.data, decl.path, decl.import_name("time"), label, False)


def _context_in_scope(ctx: FileContext, loop: Node) -> bytes | None:
    """The name of a cancellable context in scope at the loop: ``ctx`` first, else the one
    declared nearest before it."""
    model = file_model(ctx.package, ctx.path, ctx.data, ctx.root)
    f = model.file(ctx.path)
    cpkg = ctx.import_name("context")
    best: tuple[tuple[int, int], str] | None = None
    seen: set[str] = set()
    for fn in f.enclosing_funcs(loop):  # innermost first: an inner name hides an outer one
        for name, bindings in model.bindings(f, fn).items():
            visible = [b for b in bindings if b.start <= loop.start_byte < b.end]
            if name in seen or not visible:
                continue
            seen.add(name)
            b = max(visible, key=lambda b: b.start)
            if not contexts_at_hand.cancellable_binding(b, f.data, cpkg):
                continue
            rank = (0 if name == "ctx" else 1, -b.start)
            if best is None or rank < best[0]:
                best = (rank, name)
    return None if best is None else best[1].encode()


# ---------------------------------------------------------------------------------------------
# the loop
# ---------------------------------------------------------------------------------------------


def _unbounded_loop(ctx: FileContext, target: _Target) -> _Loop | None:
    """The first loop of the goroutine's function (not of functions nested in it) that runs
    forever with no way out. A range over ``x.C`` counts when ``x`` is a ``time.Ticker`` or
    ``time.Timer``, which only the package model can say."""

    def ticker(operand: Node) -> bool:
        return deref(ctx.model.typeof(ctx.model.file(target.path), operand)) in _TIMERS

    return _first_unbounded(target.func, target.data, target.time, ticker)


def _first_unbounded(func: Node, data: bytes, tname: str | None, ticker=None) -> _Loop | None:
    """The first loop of ``func`` that runs forever with no way out. Without ``ticker`` (an
    answer to "is this operand of ``x.C`` a ticker or a timer?"), by syntax alone: a range over
    ``x.C`` may be one, and ``Tick`` may be ``time.Tick`` (``tname`` is not asked)."""
    body = func.child_by_field_name("body")
    if body is None:
        return None
    for n in syntax.walk_same_function(body):
        if n.type != "for_statement":
            continue
        kind = _loop_kind(n, data, tname, ticker)
        if kind is not None and not _has_way_out(n, data):
            return _Loop(n, kind)
    return None


def _loop_kind(loop: Node, data: bytes, tname: str | None, ticker) -> str | None:
    body = loop.child_by_field_name("body")
    header = [c for c in named(loop) if body is None or c.id != body.id]
    if not header:
        return "forever"
    h = header[0]
    if h.type == "for_clause":
        return "forever" if h.child_by_field_name("condition") is None else None
    if h.type == "true":
        return "forever"
    if h.type == "range_clause":
        right = unparen(h.child_by_field_name("right"))
        if right is None:
            return None
        if ticker is None and right.type == "call_expression" and syntax.callee_name(right, data) == "Tick":
            return "tick"
        if ticker is not None and _is_pkg_call(right, data, tname, frozenset({"Tick"})):
            return "tick"
        operand = _channel_field_c(right, data)
        if operand is not None and (ticker is None or ticker(operand)):
            return "ticker"
    return None


def _channel_field_c(expr: Node, data: bytes) -> Node | None:
    """``x`` of ``x.C`` (``x`` a name or a selector): a ticker's or timer's channel, maybe."""
    if expr.type != "selector_expression":
        return None
    field = expr.child_by_field_name("field")
    operand = unparen(expr.child_by_field_name("operand"))
    if field is None or operand is None or data[field.start_byte : field.end_byte] != b"C":
        return None
    return operand if operand.type in ("identifier", "selector_expression") else None


def _has_way_out(loop: Node, data: bytes) -> bool:
    """Can control leave the loop from inside it, or is the loop evidently coordinated (a
    done-channel receive, a ``.Wait()``, a call that ends the goroutine or the process)?
    Conservative: anything not understood (``goto``) counts as a way out."""
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
            lab = jump_label(n, data)
            if lab is not None:
                if lab not in inner_labels:
                    return True
            elif not _inside_breakable(n, loop):
                return True
        elif t == "continue_statement":
            lab = jump_label(n, data)
            if lab is not None and lab not in inner_labels and lab != own:
                return True
        elif t == "unary_expression":
            if receive_operand(n) is not None and done_like(n.child_by_field_name("operand"), data):
                return True
        elif t == "call_expression":
            _, name = call_parts(n, data)
            if name is None:
                continue
            args = named(n.child_by_field_name("arguments"))
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


_PREDECLARED = frozenset(
    {
        "nil", "true", "false", "iota", "append", "cap", "clear", "close", "complex", "copy", "delete",
        "imag", "len", "make", "max", "min", "new", "panic", "print", "println", "real", "recover",
    }
)  # fmt: skip


def _serves_package(ctx: FileContext, target: _Target, loop: Node) -> bool:
    """Does the loop work on package-level state only: it names package-level variables or
    functions, and nothing of the call that started the goroutine (the goroutine function's
    parameters and receiver, or the locals a literal captures from the functions around it)?
    Such a goroutine is a background worker of the package, meant to run once, rather than a
    helper of one call that outlives it."""
    model = _model_of(ctx, target.path)
    f = None if model is None else model.file(target.path)
    if f is None:
        return False
    package_level = False
    for n in syntax.walk(loop):
        if n.type != "identifier":
            continue
        b, owner = model.lookup(f, n)
        if b is None or owner is None:
            name = f.text(n)
            if name not in f.import_names and name not in _PREDECLARED and name != "_":
                package_level = True
            continue
        if owner.id == target.func.id:
            if b.kind in ("param", "recv"):
                return False
        elif not syntax.inside(owner, target.func):
            return False  # captured from an enclosing function
    return package_level


def _model_of(ctx: FileContext, path: str) -> PackageModel | None:
    """A model of the file at ``path`` alone (this file, or a sibling): names inside functions
    resolve within their file."""
    if path == ctx.path:
        return file_model(ctx.package, ctx.path, ctx.data, ctx.root)
    sib = next((s for s in ctx.package.siblings() if s.realpath == path), None)
    return None if sib is None else sibling_model(ctx.package, sib)


# Calls that wait: time.Sleep, and the standard library's blocking methods (a listener's Accept,
# a reader's Read…, a WaitGroup's or Cond's Wait, a stream's Recv).
_WAITING_CALLS = (b"Sleep", b"Wait", b"Accept", b"Read", b"Recv", b"Receive")


def _waits(loop: _Loop, data: bytes) -> bool:
    """Does each round of the loop wait for something (a channel, a timer, a blocking call), so
    that a goroutine stuck in it sits idle instead of spinning on a CPU?"""
    if loop.kind != "forever":
        return True  # a range over a ticker's channel
    body = loop.node.child_by_field_name("body")
    for n in syntax.walk(body) if body is not None else ():
        if n.type in ("send_statement", "select_statement") or receive_operand(n) is not None:
            return True
        if n.type == "call_expression":
            _, name = call_parts(n, data)
            if name is not None and name.startswith(_WAITING_CALLS):
                return True
    return False


# ---------------------------------------------------------------------------------------------
# the fix
# ---------------------------------------------------------------------------------------------


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
    if open_line == close_line or not rest_blank(src, open_b + 1) or not starts_line(src, close_b):
        return None, "the loop is not laid out one statement per line (run gofmt)"
    nl = src.newline_at(node.start_byte)
    inner = indent + b"\t"
    done = b"case <-" + cname + b".Done():"
    name = cname.decode("utf-8", "replace")

    def select_head(s: bytes) -> bytes:
        return s + b"select {" + nl + s + done + nl + s + b"\treturn" + nl

    if loop.kind == "ticker":
        clause = next(c for c in named(node) if c.type == "range_clause")
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
        edits += indent_lines(src, open_line + 1, close_line - 1, body)
        at = src.line_start(close_line)
        edits.append(Edit(at, at, inner + b"}" + nl))
        shown = recv.decode("utf-8", "replace")
        return Fix(
            f"loop on a select that returns on {name}.Done() (unsafe: the goroutine now stops when {name} is cancelled)"
            f" instead of ranging over the channel ({shown})",
            tuple(edits),
            Applicability.UNSAFE,
        ), None

    stmts = statements(body)
    for stmt in stmts:
        if as_select_case(stmt):
            what = "send" if stmt.type == "send_statement" else "receive"
            line = src.line_of(stmt.start_byte)
            if src.line_of(stmt.end_byte) != line or not starts_line(src, stmt.start_byte):
                return None, f"the {what} in the loop is not on a line of its own"
            if not rest_blank(src, stmt.end_byte):
                return None, f"another statement follows the {what} on its line"
            s = src.indent_of_line(stmt.start_byte)
            if s.strip(b"\t"):
                return None, "the loop is not indented with tabs (run gofmt)"
            text = data[stmt.start_byte : stmt.end_byte]
            edits = [Edit(src.line_start(line), stmt.end_byte, select_head(s) + s + b"case " + text + b":")]
            edits += indent_lines(src, line + 1, close_line - 1, body)
            at = src.line_start(close_line)
            edits.append(Edit(at, at, s + b"}" + nl))
            return Fix(
                f"turn the {what} into a select that returns on {name}.Done()"
                f" (unsafe: the goroutine now stops when {name} is cancelled)",
                tuple(edits),
                Applicability.UNSAFE,
            ), None
        if blocking_select(stmt):
            brace = next((c for c in stmt.children if c.type == "{"), None)
            if brace is None or not rest_blank(src, brace.end_byte):
                return None, "the select is not laid out one case per line (run gofmt)"
            s = src.indent_of_line(stmt.start_byte)
            if s.strip(b"\t") or not starts_line(src, stmt.start_byte):
                return None, "the select is not laid out one case per line (run gofmt)"
            at = src.line_start(src.line_of(brace.end_byte) + 1)
            edits = (Edit(at, at, s + done + nl + s + b"\treturn" + nl),)
            return Fix(
                f"add a case <-{name}.Done() that returns to the select"
                f" (unsafe: the goroutine now stops when {name} is cancelled)",
                edits,
                Applicability.UNSAFE,
            ), None
    if blocks_on_receive(body):
        return None, "the loop blocks on a receive inside an expression; receive into a variable at the loop head first"
    at = src.line_start(open_line + 1)
    check = select_head(inner) + inner + b"default:" + nl + inner + b"}" + nl
    return Fix(
        f"check {name}.Done() at the top of the loop and return once it is closed"
        f" (unsafe: the goroutine now stops when {name} is cancelled)",
        (Edit(at, at, check),),
        Applicability.UNSAFE,
    ), None
