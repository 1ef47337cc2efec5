"""Facts about package context: the constructors that return a cancel function, where that
function goes, and where a derived context goes.

A derived context holds resources until it is cancelled, so two questions come back in every
rule about contexts: is the cancel function kept somewhere else (then its caller answers for
it), and is the context still in use after the function that made it returns (then cancelling
it there would break that use)? Both are followed by name through one function's syntax;
anything not understood counts as "escapes", which keeps a rule quiet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from . import lexical
from .closures import invoked_in_place, runs_synchronously
from .syntax import (
    all_blank,
    declaration_scope,
    declares_locally,
    enclosing_function,
    is_call_to,
    is_field,
    local_kind,
    named,
    pair_assignment,
    unparen,
    walk,
    walk_same_function,
)

# the constructors whose second result is a cancel function
WITH_CANCEL = frozenset(
    {"WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause"}
)
# The only constructor whose cancel function is a CancelCauseFunc (WithTimeoutCause and
# WithDeadlineCause return a plain CancelFunc).
CAUSE_FUNC = "WithCancelCause"
# context functions whose first result is derived from (and as long-lived as) their first argument
DERIVING = frozenset({*WITH_CANCEL, "WithValue", "WithoutCancel"})
# every exported name of package context, to tell whether a dot import stays used
NAMES = frozenset(
    {
        "AfterFunc", "Background", "CancelCauseFunc", "CancelFunc", "Canceled", "Cause", "Context",
        "DeadlineExceeded", "TODO", "WithCancel", "WithCancelCause", "WithDeadline",
        "WithDeadlineCause", "WithTimeout", "WithTimeoutCause", "WithValue", "WithoutCancel",
    }
)  # fmt: skip

# Candidates: a call whose function is named like one of the With… constructors that return a
# cancel function, bare or as a selector's field; a rule confirms the qualifier is the context
# import (or a dot import).
WITH_CANCEL_NAME = re.compile(rb"With(?<![\w\x80-\xff]With)(?:Cancel|Timeout|Deadline)(?:Cause)?(?![\w\x80-\xff])")
WITH_CANCEL_QUERY = """(call_expression
  function: [(selector_expression field: (field_identifier) @fn) (identifier) @fn]
  (#match? @fn "^With(Cancel|Timeout|Deadline)(Cause)?$")) @call"""


def with_cancel_calls(root: Node, data: bytes) -> list[Node]:
    """The calls named like ``context.WithCancel``/``WithTimeout``/``WithDeadline`` (and their
    ``Cause`` variants), in document order, found from the bytes (see
    :func:`lexical.calls_named`)."""
    return lexical.calls_named(root, data, WITH_CANCEL_NAME, WITH_CANCEL_QUERY)


def cancel_call(name: bytes, constructor: str) -> bytes:
    """The call that cancels: ``cancel(nil)`` for a ``CancelCauseFunc``, else ``cancel()``."""
    return name + (b"(nil)" if constructor == CAUSE_FUNC else b"()")


def cancel_type(constructor: str) -> bytes:
    """The type of the cancel function the constructor returns (without the package)."""
    return b"CancelCauseFunc" if constructor == CAUSE_FUNC else b"CancelFunc"


@dataclass
class CancelSite:
    """Where a derived context and its cancel function are assigned: ``ctx, cancel :=
    context.WithTimeout(…)`` (also ``=`` and ``var``)."""

    call: Node
    fn: str  # the constructor
    form: str  # ":=", "=", "var"
    stmt: Node  # the statement to insert after (var_declaration for a var spec)
    assign: Node  # short_var_declaration, assignment_statement or var_spec
    ctx_node: Node
    cancel_node: Node
    func: Node  # innermost enclosing function


def cancel_site(call: Node, fn: str) -> CancelSite | None:
    """The site when ``call`` (of constructor ``fn``) is the whole right side of a two-name
    assignment, ``:=`` or ``var`` spec inside a function; None otherwise (package level, a
    call used as an argument…)."""
    rhs = call.parent
    if rhs is None or rhs.named_child_count != 1:
        return None  # a comment on the right side counts as a second value: the site is left alone
    pa = pair_assignment(call)
    if pa is None:
        return None
    func = enclosing_function(call)
    if func is None:
        return None
    return CancelSite(call, fn, pa.form, pa.stmt, pa.assign, pa.first, pa.second, func)


def cancel_range(site: CancelSite) -> tuple[int, int]:
    """Byte range in which the name of the cancel variable refers to it: from the declaration to
    the end of its scope for := and var, the whole function for = (declared elsewhere)."""
    func = site.func
    if site.form == "=":
        return func.start_byte, func.end_byte
    scope = declaration_scope(site.stmt)
    return site.stmt.end_byte, (scope.end_byte if scope is not None else func.end_byte)


def redefines_cancel(stmt: Node, name: bytes, data: bytes) -> bool:
    """Is ``stmt`` (or the var spec inside it) an assignment of a With… call whose second
    left-hand name is ``name`` (the cancel variable made anew)?"""
    node = stmt
    if node.type == "var_declaration":
        specs = [c for c in walk_same_function(node) if c.type == "var_spec"]
        return any(redefines_cancel(s, name, data) for s in specs)
    if node.type == "var_spec":
        names = node.children_by_field_name("name")
        value = node.child_by_field_name("value")
        lhs2 = names[1] if len(names) == 2 else None
    elif node.type in ("short_var_declaration", "assignment_statement"):
        left = node.child_by_field_name("left")
        value = node.child_by_field_name("right")
        items = [] if left is None else [c for c in left.named_children if c.type != "comment"]
        lhs2 = items[1] if len(items) == 2 else None
    else:
        return False
    if lhs2 is None or value is None or value.named_child_count != 1:
        return False
    if lhs2.type != "identifier" or data[lhs2.start_byte : lhs2.end_byte] != name:
        return False
    call = value.named_children[0]
    if call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None:
        return False
    if fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    return fn is not None and data[fn.start_byte : fn.end_byte].decode("utf-8", "replace") in WITH_CANCEL


def cancel_escapes(site: CancelSite, name: bytes, data: bytes) -> bool:
    """Is the named cancel function used other than called in a statement of its own: captured
    by a closure or a goroutine, passed, stored, assigned, ``go cancel()``? Then whoever holds
    it answers for calling it. ``_ = cancel`` and a ``var cancel context.CancelFunc`` that
    declares it do not count."""
    func = site.func
    lo, hi = cancel_range(site)
    for ref in walk(func):
        if ref.type != "identifier" or data[ref.start_byte : ref.end_byte] != name:
            continue
        if ref.id == site.cancel_node.id or not (lo <= ref.start_byte < hi):
            continue
        if enclosing_function(ref).id != func.id:
            return True  # captured by a closure or a goroutine
        p = ref.parent
        if p.type == "call_expression" and is_field(p, "function", ref):
            if p.parent is not None and p.parent.type in ("expression_statement", "defer_statement"):
                continue
            return True  # `go cancel()`, or a call used as a value
        if p.type == "expression_list" and p.parent is not None and is_field(p.parent, "left", p):
            if redefines_cancel(p.parent, name, data):
                continue
            return True
        if p.type == "expression_list" and p.parent is not None and is_field(p.parent, "right", p):
            if p.parent.type == "assignment_statement" and all_blank(p.parent.child_by_field_name("left"), data):
                continue  # `_ = cancel` silences the compiler, it neither calls nor keeps it
            return True
        if p.type == "var_spec" and any(c.id == ref.id for c in p.children_by_field_name("name")):
            if redefines_cancel(p, name, data):
                continue
            if p.child_by_field_name("value") is None and ref.start_byte < site.stmt.start_byte:
                continue  # `var cancel context.CancelFunc` declaring it
            return True
        if p.type == "parameter_declaration" and is_field(func, "parameters", p.parent):
            continue
        if p.type == "parameter_declaration" and is_field(func, "receiver", p.parent):
            continue
        return True
    return False


# ---------------------------------------------------------------------------------------------
# Where a derived context goes
# ---------------------------------------------------------------------------------------------


def _is_errlike(name: bytes) -> bool:
    return name in (b"err", b"ok") or name.endswith((b"err", b"Err", b"Error"))


_BASIC_TYPES = frozenset(
    b"bool string error byte rune uintptr int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 "
    b"float32 float64 complex64 complex128".split()
)


def _plain_type(t: Node | None, data: bytes) -> bool:
    """A type whose values cannot hold a context (basic types, time values, slices of them)."""
    if t is None:
        return False
    if t.type == "type_identifier":
        return data[t.start_byte : t.end_byte] in _BASIC_TYPES
    if t.type == "qualified_type":
        pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
        return (
            pkg is not None
            and name is not None
            and data[pkg.start_byte : pkg.end_byte] == b"time"
            and data[name.start_byte : name.end_byte] in (b"Duration", b"Time")
        )
    if t.type in ("slice_type", "array_type"):
        return _plain_type(t.child_by_field_name("element"), data)
    return False


def results_can_carry(func: Node, data: bytes) -> bool:
    """Could a value the function returns hold a context (or something bound to one)? Not
    when every result is of a basic type, ``time.Duration``/``time.Time`` or a slice of them."""
    result = func.child_by_field_name("result")
    if result is None:
        return False
    if result.type != "parameter_list":
        return not _plain_type(result, data)
    return any(
        not _plain_type(p.child_by_field_name("type"), data)
        for p in result.named_children
        if p.type in ("parameter_declaration", "variadic_parameter_declaration")
    )


def _plain_method_result(ref: Node, data: bytes) -> bool:
    """``ctx.Err()``, ``ctx.Value(k)``, ``ctx.Deadline()``: calls whose results outlive a cancel."""
    sel = ref.parent
    if sel is None or sel.type != "selector_expression" or not is_field(sel, "operand", ref):
        return False
    fld = sel.child_by_field_name("field")
    call = sel.parent
    return (
        fld is not None
        and data[fld.start_byte : fld.end_byte] in (b"Err", b"Value", b"Deadline")
        and call is not None
        and call.type == "call_expression"
        and is_field(call, "function", sel)
    )


def derived_context_escape(site: CancelSite, data: bytes, leak_returns: set[int] | None) -> tuple[int, str]:
    """Would cancelling the derived context when the function returns break a use of it?

    0: no sign of it. 1: a goroutine or a closure that may run later uses it. 2: it, or a value
    made from it, is returned (on one of the paths ``leak_returns`` names, by id; None: any
    return), stored in a field, a composite literal or an outer variable, or sent on a channel.
    Values made from the context are followed through assignments by name
    (``req := r.WithContext(ctx)``), errors and ``ok`` flags excepted. The string says why.
    """
    func = site.func
    first = site.ctx_node
    if first.type != "identifier":
        return 2, f"is stored in {data[first.start_byte : first.end_byte].decode('utf-8', 'replace')}"
    cname = data[first.start_byte : first.end_byte]
    if cname == b"_":
        return 0, ""
    kind = local_kind(func, cname, site.stmt, data)
    if kind == "result":
        return 2, "is a named result"
    if site.form == "=" and kind is None:
        return 2, "is assigned to a variable declared outside the function"

    if not results_can_carry(func, data):
        leak_returns = set()  # nothing it returns can hold a context: returns are harmless
    level, reason = 0, ""
    tracked: dict[bytes, int] = {cname: site.stmt.end_byte}  # name -> where tracking starts
    queue = [cname]
    while queue:
        current = queue.pop()
        since = tracked[current]
        via = "" if current == cname else f" (through {current.decode('utf-8', 'replace')})"
        for ref in walk(func):
            if ref.type != "identifier" or ref.start_byte < since:
                continue
            if data[ref.start_byte : ref.end_byte] != current:
                continue
            if _plain_method_result(ref, data):
                continue  # ctx.Err(), ctx.Value(k), ctx.Deadline(): not bound to the context
            child, node = ref, ref.parent
            while node is not None and node.id != func.id:
                t = node.type
                if t == "return_statement" and enclosing_function(node).id == func.id:
                    if leak_returns is None or node.id in leak_returns:
                        return 2, "is returned" + via
                elif t == "go_statement":
                    level, reason = 1, "used by a goroutine" + via
                elif t == "func_literal" and level < 1 and not invoked_in_place(node):
                    level, reason = 1, "used by a closure" + via
                elif t == "composite_literal":
                    return 2, "is stored in a composite literal" + via
                elif t == "send_statement" and is_field(node, "value", child):
                    return 2, "is sent on a channel" + via
                elif t in ("assignment_statement", "short_var_declaration") and is_field(node, "right", child):
                    left = node.child_by_field_name("left")
                    for lhs in [] if left is None else left.named_children:
                        if lhs.type == "comment":
                            continue
                        if lhs.type != "identifier":
                            return 2, f"is stored in {data[lhs.start_byte : lhs.end_byte].decode('utf-8', 'replace')}{via}"
                        lname = data[lhs.start_byte : lhs.end_byte]
                        if lname == b"_" or _is_errlike(lname):
                            continue
                        if t == "assignment_statement" and local_kind(func, lname, node, data) != "local":
                            return 2, "is assigned to a variable declared outside the function" + via
                        if lname not in tracked:
                            tracked[lname] = node.end_byte
                            queue.append(lname)
                elif t == "var_spec" and is_field(node, "value", child):
                    for lhs in node.children_by_field_name("name"):
                        lname = data[lhs.start_byte : lhs.end_byte]
                        if lname != b"_" and not _is_errlike(lname) and lname not in tracked:
                            tracked[lname] = node.end_byte
                            queue.append(lname)
                child, node = node, node.parent
    return level, reason


# expressions that hold a value they contain: it goes where they go
_HOLDERS = ("parenthesized_expression", "literal_element", "keyed_element", "literal_value", "composite_literal")
_ASSIGNS = ("short_var_declaration", "assignment_statement")


def context_outlives(expr: Node, func: Node, data: bytes, cname: str, seen: set[bytes] | None = None) -> bool:
    """Does the context value ``expr`` (or what is derived from it with ``context.With…``, or a
    value built around it) leave ``func``'s synchronous work: sent on a channel, stored in a
    field, an element or a variable declared outside ``func``, returned, handed to a server's
    ``Shutdown``, or used by a goroutine or a func literal that may run later? Followed through
    the local variables it is assigned to (``seen``: their names, each followed once);
    ``cname`` is context's import name in the file."""
    if seen is None:
        seen = set()
    # a use inside a goroutine or a func literal that may run later
    p = expr.parent
    while p is not None and p.id != func.id:
        if p.type == "go_statement":
            return True
        if p.type == "func_literal" and not runs_synchronously(p, data):
            return True
        p = p.parent
    e = expr
    while True:
        p = e.parent
        if p is None:
            return False
        t = p.type
        if t in _HOLDERS:
            e = p
            continue
        if t == "unary_expression":
            op = p.child_by_field_name("operator")
            if op is not None and op.type == "&":
                e = p
                continue
            return False
        if t == "argument_list":
            call = p.parent
            if call is None or call.type != "call_expression":
                return False
            fn = call.child_by_field_name("function")
            if is_call_to(call, data, cname, DERIVING) and named(p)[:1] == [e]:
                e = call  # a derived context lives as long as this one
                continue
            if fn is not None and fn.type == "selector_expression":
                field = fn.child_by_field_name("field")
                if field is not None and data[field.start_byte : field.end_byte] == b"Shutdown":
                    return True  # a server's Shutdown: meant to finish whatever the request does
            return False  # used by the call: the function's own work
        if t == "send_statement":
            return p.child_by_field_name("value") == e
        if t == "return_statement":
            return True
        if t == "expression_list":
            stmt = p.parent
            if stmt is None:
                return False
            if stmt.type == "return_statement":
                return True
            values = named(p)
            if stmt.type in _ASSIGNS:
                if stmt.child_by_field_name("right") != p:
                    return False
                lhs = named(stmt.child_by_field_name("left"))
                idx = next((i for i, v in enumerate(values) if v.id == e.id), None)
                if idx is None:
                    return False
                if len(values) == 1 and len(lhs) > 1:
                    idx = 0  # ctx, cancel := context.WithTimeout(...)
                if idx >= len(lhs):
                    return False
                return _assigned_to(lhs[idx], func, data, cname, seen)
            if stmt.type == "var_spec" and stmt.child_by_field_name("value") == p:
                names = stmt.children_by_field_name("name")
                idx = next((i for i, v in enumerate(values) if v.id == e.id), None)
                if idx is None:
                    return False
                if len(values) == 1 and len(names) > 1:
                    idx = 0
                if idx >= len(names):
                    return False
                return _assigned_to(names[idx], func, data, cname, seen)
            return False
        return False


def _assigned_to(target: Node, func: Node, data: bytes, cname: str, seen: set[bytes]) -> bool:
    """The context is assigned to ``target``: is that a place that outlives ``func``, or a
    local whose uses let it escape?"""
    target = unparen(target)
    if target is None or target.type != "identifier":
        return True  # a field, an element, a pointer's target
    name = data[target.start_byte : target.end_byte]
    if name == b"_" or name in seen:
        return False
    seen.add(name)
    if not declares_locally(func, name.decode("utf-8", "replace"), data):
        return True  # a package variable
    for n in walk(func):
        if n.type != "identifier" or n.id == target.id or data[n.start_byte : n.end_byte] != name:
            continue
        p = n.parent
        if p is not None and p.type == "literal_element" and p.parent is not None:
            kv = p.parent
            if kv.type == "keyed_element" and kv.named_children and kv.named_children[0].id == p.id:
                continue  # a field name in a keyed literal
        if p is not None and p.type == "expression_list" and p.parent is not None:
            stmt = p.parent
            if stmt.type in _ASSIGNS and stmt.child_by_field_name("left") == p:
                continue  # assigned again
        if context_outlives(n, func, data, cname, seen):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# When a derived context has released what it holds
# ---------------------------------------------------------------------------------------------

# the constructors whose context sets a timer: when its deadline passes the context cancels
# itself, stops the timer and leaves its parent, whether or not its cancel function is called
WITH_DEADLINE = frozenset({"WithTimeout", "WithDeadline", "WithTimeoutCause", "WithDeadlineCause"})


def _done_receive(expr: Node | None, ctx_name: bytes, data: bytes) -> bool:
    """Is ``expr`` ``<-ctx.Done()`` (parentheses allowed)?"""
    expr = unparen(expr)
    if expr is None or expr.type != "unary_expression":
        return False
    op = expr.child_by_field_name("operator")
    if op is None or op.type != "<-":
        return False
    call = unparen(expr.child_by_field_name("operand"))
    if call is None or call.type != "call_expression" or named(call.child_by_field_name("arguments")):
        return False
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    return (
        operand is not None
        and field is not None
        and operand.type == "identifier"
        and data[operand.start_byte : operand.end_byte] == ctx_name
        and data[field.start_byte : field.end_byte] == b"Done"
    )


def waits_for_done(stmt: Node, ctx_name: bytes, data: bytes) -> bool:
    """Does ``stmt`` receive from ``ctx.Done()``: ``<-ctx.Done()`` as a statement, or as a
    select case's communication (``case <-ctx.Done():``, ``case v := <-ctx.Done():``)? Past it
    the context is cancelled or expired, which has already released its timer and its place in
    its parent: a cancel function not called after it loses nothing."""
    if stmt.type == "expression_statement" and stmt.named_child_count == 1:
        return _done_receive(stmt.named_children[0], ctx_name, data)
    if stmt.type == "receive_statement":
        return _done_receive(stmt.child_by_field_name("right"), ctx_name, data)
    return False


def used_by_goroutine(site: CancelSite, data: bytes) -> bool:
    """Is the derived context (or a context derived from it and kept in a local) used by a
    goroutine the function starts: inside a ``go`` statement (its call's arguments or its
    function literal), or a function literal handed to a method named ``Go`` (errgroup's,
    ``sync.WaitGroup.Go``)? Such a goroutine typically runs until the context is done."""
    first = site.ctx_node
    if first.type != "identifier" or data[first.start_byte : first.end_byte] == b"_":
        return False
    func = site.func
    names = {data[first.start_byte : first.end_byte]}
    for n in walk(func):  # contexts derived from it with context.With… (ctx2, cancel2 := …(ctx, …))
        if n.type != "short_var_declaration" or n.start_byte < site.stmt.end_byte:
            continue
        right = named(n.child_by_field_name("right"))
        left = named(n.child_by_field_name("left"))
        if len(right) == 1 and right[0].type == "call_expression" and left and left[0].type == "identifier":
            args = named(right[0].child_by_field_name("arguments"))
            fn = right[0].child_by_field_name("function")
            field = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else fn
            if (
                args
                and args[0].type == "identifier"
                and data[args[0].start_byte : args[0].end_byte] in names
                and field is not None
                and data[field.start_byte : field.end_byte].decode("utf-8", "replace") in DERIVING
            ):
                names.add(data[left[0].start_byte : left[0].end_byte])
    for ref in walk(func):
        if ref.type != "identifier" or ref.start_byte < site.stmt.end_byte or data[ref.start_byte : ref.end_byte] not in names:
            continue
        p = ref.parent
        while p is not None and p.id != func.id:
            if p.type == "go_statement":
                return True
            if p.type == "func_literal" and p.parent is not None and p.parent.type == "argument_list":
                call = p.parent.parent
                fn = call.child_by_field_name("function") if call is not None else None
                field = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
                if field is not None and data[field.start_byte : field.end_byte] == b"Go":
                    return True
            p = p.parent
    return False


def _value_used(call: Node, data: bytes) -> bool:
    """Is the value of ``call`` used: not a statement of its own, not assigned only to ``_``?"""
    e = call
    while e.parent is not None and e.parent.type == "parenthesized_expression":
        e = e.parent
    p = e.parent
    if p is None or p.type in ("expression_statement", "go_statement", "defer_statement"):
        return False
    if p.type == "expression_list" and p.parent is not None and is_field(p.parent, "right", p):
        if p.parent.type in ("assignment_statement", "short_var_declaration"):
            return not all_blank(p.parent.child_by_field_name("left"), data)
    return True


def result_depends_on(expr: Node, func: Node, data: bytes, cname: str) -> bool:
    """Does ``func`` use the result of work done under the context value ``expr``: is the
    context (or one derived from it with ``context.With…``, or a local it is assigned to)
    passed to a call whose value is used (assigned to a name, tested, returned, called on:
    ``err := db.Exec(ctx, …)``, ``db.QueryRow(ctx, …).Scan(&v)``)? That is evidence the work
    is part of what the function answers; a call made only for its effects
    (``audit.Record(ctx, …)``, ``exitProcess(ctx)``) may be meant to outlive it."""
    todo: list[Node] = [expr]
    seen: set[bytes] = set()
    while todo:
        e = todo.pop()
        while e.parent is not None and (
            e.parent.type in _HOLDERS or (e.parent.type == "unary_expression" and e.parent.child_by_field_name("operator").type == "&")
        ):
            e = e.parent  # options{Ctx: ctx}, &req{ctx}: the value built around it goes on
        p = e.parent
        if p is None:
            continue
        if p.type == "argument_list" and p.parent is not None and p.parent.type == "call_expression":
            call = p.parent
            if is_call_to(call, data, cname, DERIVING) and named(p)[:1] == [e]:
                todo.append(call)  # a context derived from it: follow that one
                continue
            if _value_used(call, data):
                return True
            continue
        target: Node | None = None
        if p.type == "expression_list" and p.parent is not None:
            stmt = p.parent
            left: list[Node] = []
            if stmt.type in _ASSIGNS and is_field(stmt, "right", p):
                left = named(stmt.child_by_field_name("left"))
            elif stmt.type == "var_spec" and is_field(stmt, "value", p):
                left = stmt.children_by_field_name("name")
            values = named(p)
            idx = next((i for i, v in enumerate(values) if v.id == e.id), None)
            if idx is not None and len(values) == 1 and len(left) > 1:
                idx = 0  # ctx, cancel := context.WithTimeout(…)
            if idx is not None and idx < len(left):
                target = left[idx]
        if target is None or target.type != "identifier":
            continue
        name = data[target.start_byte : target.end_byte]
        if name == b"_" or name in seen:
            continue
        seen.add(name)
        for n in walk(func):
            if n.type == "identifier" and n.start_byte > target.end_byte and data[n.start_byte : n.end_byte] == name:
                todo.append(n)
    return False


def cancels_of(func: Node, ctx_name: bytes, data: bytes, cname: str | None) -> list[Node]:
    """The statements of ``func`` that cancel the context variable ``ctx_name``: its
    ``cancel()`` and ``defer cancel()``, where ``ctx, cancel := context.WithCancel(…)`` (or
    another With… constructor) made both in ``func``. Empty when the variable is assigned more
    than once or its cancel function is discarded."""
    sites = []
    for call in walk(func):
        if call.type != "call_expression":
            continue
        fn = is_call_to(call, data, cname, WITH_CANCEL) if cname else None
        site = cancel_site(call, fn) if fn else None
        if site is not None and site.ctx_node.type == "identifier" and data[site.ctx_node.start_byte : site.ctx_node.end_byte] == ctx_name:
            sites.append(site)
    if len(sites) != 1 or sites[0].cancel_node.type != "identifier":
        return []
    site = sites[0]
    cancel = data[site.cancel_node.start_byte : site.cancel_node.end_byte]
    if cancel == b"_":
        return []
    found = []
    for n in walk(func):
        if n.type not in ("expression_statement", "defer_statement") or n.start_byte < site.stmt.end_byte:
            continue
        call = next((c for c in n.named_children if c.type == "call_expression"), None)
        fn = call.child_by_field_name("function") if call is not None else None
        if fn is not None and fn.type == "identifier" and data[fn.start_byte : fn.end_byte] == cancel:
            found.append(n)
    return found
