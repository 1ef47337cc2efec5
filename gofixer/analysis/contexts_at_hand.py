"""The contexts a piece of code could use: the ``context.Context`` variables in scope at a point,
and the request whose ``Context()`` stands in for one in an HTTP handler.

A call that takes no context (``exec.Command``, ``db.Query``) or a goroutine that blocks without
looking at one is a defect only where a context is at hand: the caller was given the means to
stop the work and did not pass it on. Which one to pass is a question of scope (Go's shadowing,
captured variables of enclosing functions) and of types (the model's ``typeof``), answered
here once for every rule. A context that can never be cancelled (``context.Background()``, or
a value derived from it without a deadline) is no means to stop anything and does not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from .files import FileIndex
from .scope import Binding
from .syntax import FUNC_TYPES, call_parts, is_call_to, named, statements, unparen, walk

CONTEXT = ("ext", "context", "Context")
REQUEST = ("ptr", ("ext", "net/http", "Request"))
# constructors whose context is never cancelled, and those that keep their parent's cancellation
NEVER_CANCELLED = frozenset({"Background", "TODO"})
KEEPS_PARENT = frozenset({"WithValue"})
DETACHES = frozenset({"WithoutCancel"})
DERIVES = frozenset({"WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause",
                     "WithDeadlineCause", "WithValue", "WithoutCancel"})  # fmt: skip


@dataclass(frozen=True)
class AtHand:
    """A context the code at some point can use: a variable (``spelled`` is its name), or the
    ``Context()`` of an ``*http.Request`` parameter (``spelled`` is ``r.Context()``)."""

    name: str
    binding: Binding
    func: Node  # the function that declares the variable
    spelled: str
    request: bool = False

    @property
    def key(self) -> int:
        return self.binding.name_at


def visible(model, f: FileIndex, at: Node) -> list[tuple[str, Binding, Node]]:
    """The names the functions around ``at`` declare that are in scope there, innermost function
    first, each with its binding and its function; a name an inner function declares hides the
    outer ones."""
    out: list[tuple[str, Binding, Node]] = []
    seen: set[str] = set()
    pos = at.start_byte
    for fn in f.enclosing_funcs(at):
        for name, bindings in model.bindings(f, fn).items():
            if name in seen:
                continue
            best = None
            for d in bindings:
                if d.start <= pos < d.end and (best is None or d.start >= best.start):
                    best = d
            if best is not None:
                seen.add(name)
                out.append((name, best, fn))
    return out


def is_context(rep) -> bool:
    return rep == CONTEXT


def context_variables(model, f: FileIndex, at: Node) -> list[AtHand]:
    """The variables of type ``context.Context`` in scope at ``at`` (innermost function first)."""
    return [
        AtHand(name, d, fn, name)
        for name, d, fn in visible(model, f, at)
        if is_context(model.binding_type(f, d))
    ]


def request_parameters(model, f: FileIndex, at: Node) -> list[AtHand]:
    """The ``*http.Request`` parameters in scope at ``at``, as the ``r.Context()`` they offer."""
    return [
        AtHand(name, d, fn, f"{name}.Context()", request=True)
        for name, d, fn in visible(model, f, at)
        if d.kind == "param" and model.binding_type(f, d) == REQUEST
    ]


def _context_call(f: FileIndex, call: Node | None, names: frozenset[str]) -> str | None:
    """``F`` when ``call`` is ``context.F(…)`` (context under the file's name for it, or
    dot-imported) and F is one of ``names``."""
    call = unparen(call)
    if call is None or call.type != "call_expression":
        return None
    fn = unparen(call.child_by_field_name("function"))
    local = f.imports.get("context")
    if fn is None or local in (None, "_"):
        return None
    if fn.type == "identifier" and local == ".":
        name = f.text(fn)
        return name if name in names else None
    if fn.type != "selector_expression":
        return None
    op, fld = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if op is None or fld is None or op.type != "identifier" or f.text(op) != local:
        return None
    name = f.text(fld)
    return name if name in names else None


def context_call(f: FileIndex, call: Node | None, names: frozenset[str]) -> str | None:
    """``F`` when ``call`` is ``context.F(…)`` for one of ``names`` (context as this file names
    it, dot import included); whether a local hides the name is the caller's question."""
    return _context_call(f, call, names)


def parent_of(model, f: FileIndex, d: Binding) -> Binding | None:
    """The context variable a variable is derived from (``ctx2, cancel :=
    context.WithTimeout(ctx, d)``: ``ctx``'s binding), or None."""
    init = unparen(d.init)
    if _context_call(f, init, DERIVES) is None:
        return None
    args = named(init.child_by_field_name("arguments"))
    first = unparen(args[0]) if args else None
    if first is None or first.type != "identifier":
        return None
    got, _fn = model.lookup(f, first)
    return got


def never_cancelled(model, f: FileIndex, d: Binding) -> bool:
    """Is the variable initialised with a context nothing can cancel: ``context.Background()``,
    ``context.TODO()``, ``context.WithoutCancel(…)``, or ``context.WithValue`` of one of them
    (directly, or through another variable of the function)? Only its initialiser is read: a
    variable assigned again later is judged by its declaration."""
    for _ in range(8):
        init = unparen(d.init)
        if d.kind != "local" or init is None:
            return False
        if _context_call(f, init, NEVER_CANCELLED | DETACHES) is not None:
            return True
        if _context_call(f, init, KEEPS_PARENT) is None:
            return False
        args = named(init.child_by_field_name("arguments"))
        first = unparen(args[0]) if args else None
        if first is not None and _context_call(f, first, NEVER_CANCELLED | DETACHES) is not None:
            return True
        parent = parent_of(model, f, d)
        if parent is None:
            return False
        d = parent
    return False


def at_hand(model, f: FileIndex, at: Node) -> list[AtHand]:
    """The contexts code at ``at`` can be given: the context variables in scope that something
    can cancel; where there is none, the ``Context()`` of the ``*http.Request`` parameters in
    scope."""
    variables = context_variables(model, f, at)
    found = [c for c in variables if not never_cancelled(model, f, c.binding) and not nil_here(f, at, c.name, c.func)]
    if found:
        return found
    if not any(c.binding.kind == "param" for c in variables):
        return request_parameters(model, f, at)
    return []


def nil_here(f: FileIndex, at: Node, name: str, top: Node) -> bool:
    """Is the variable ``name`` nil at ``at`` by the branch it is in: the body of ``if name ==
    nil`` or the ``else`` of ``if name != nil`` (a function that takes an optional context and
    falls back to a call without one), within ``top``?"""
    def test(stmt: Node) -> str | None:
        cond = unparen(stmt.child_by_field_name("condition"))
        if cond is None or cond.type != "binary_expression" or stmt.child_by_field_name("initializer") is not None:
            return None
        left, right = unparen(cond.child_by_field_name("left")), unparen(cond.child_by_field_name("right"))
        op = cond.child_by_field_name("operator")
        sides = {f.text(left) if left is not None else "", f.text(right) if right is not None else ""}
        return f.text(op) if op is not None and sides == {name, "nil"} else None

    child, p = at, at.parent
    while p is not None and p.id != top.id:
        if p.type == "if_statement" and (op := test(p)) is not None:
            then, other = p.child_by_field_name("consequence"), p.child_by_field_name("alternative")
            if (op == "==" and then is not None and child.id == then.id) or (op == "!=" and other is not None and child.id == other.id):
                return True
        if p.type in ("block", "statement_list"):
            prev = child.prev_named_sibling
            while prev is not None:  # after ``if name != nil { …; return }``, name is nil
                if prev.type == "if_statement" and test(prev) == "!=" and prev.child_by_field_name("alternative") is None:
                    body = statements(prev.child_by_field_name("consequence"))
                    if body and body[-1].type == "return_statement":
                        return True
                prev = prev.prev_named_sibling
        child, p = p, p.parent
    return False


def _ancestors(model, f: FileIndex, d: Binding) -> list[int]:
    out = [d.name_at]
    for _ in range(8):
        p = parent_of(model, f, d)
        if p is None or p.name_at in out:
            break
        out.append(p.name_at)
        d = p
    return out


def family(model, f: FileIndex, chosen: AtHand, d: Binding) -> bool:
    """Is the context variable ``d`` the chosen one, one it is derived from, or one derived
    from it?"""
    mine = _ancestors(model, f, chosen.binding)
    theirs = _ancestors(model, f, d)
    return d.name_at in mine or chosen.binding.name_at in theirs


def other_contexts(model, f: FileIndex, top: Node, chosen: AtHand) -> list[Node]:
    """The places in ``top`` that hand on, or wait on, a context other than ``chosen`` and its
    family: ``context.Background()``/``TODO()`` and ``WithoutCancel``, a context variable of
    another line of descent, a field or call of type ``context.Context`` (``s.ctx``,
    ``req.Context()`` of another request), as call arguments or as ``x.Done()``."""
    out: list[Node] = []
    for n in walk(top):
        if n.type != "call_expression":
            continue
        if _context_call(f, n, NEVER_CANCELLED | DETACHES) is not None:
            out.append(n)
            continue
        fn = unparen(n.child_by_field_name("function"))
        values = list(named(n.child_by_field_name("arguments")))
        if fn is not None and fn.type == "selector_expression":
            fld = fn.child_by_field_name("field")
            if fld is not None and f.text(fld) in ("Done", "Err"):
                values.append(fn.child_by_field_name("operand"))
        for v in values:
            v = unparen(v)
            if v is None or v.type in FUNC_TYPES:
                continue
            if v.type == "identifier":
                d, _fn = model.lookup(f, v)
                if d is not None and d.name_at != chosen.binding.name_at:
                    if is_context(model.binding_type(f, d)) and not family(model, f, chosen, d):
                        out.append(v)
                elif d is None and is_context(model.typeof(f, v)):
                    out.append(v)  # a package variable
            elif v.type == "selector_expression" or (v.type == "call_expression" and _method_named(f, v, "Context")):
                if chosen.request and v.type == "call_expression" and _request_context_of(f, v, chosen.name):
                    continue
                init = unparen(chosen.binding.init)
                if init is not None and f.text(init) == f.text(v):
                    continue  # ctx := r.Context(), and r.Context() again
                if v.type == "selector_expression" and not _may_name_context(f, v):
                    continue
                if is_context(model.typeof(f, v)) or v.type == "call_expression":
                    out.append(v)
    return out


def _method_named(f: FileIndex, call: Node, name: str) -> bool:
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return False
    fld = fn.child_by_field_name("field")
    return fld is not None and f.text(fld) == name and not named(call.child_by_field_name("arguments"))


def _request_context_of(f: FileIndex, call: Node, name: str) -> bool:
    fn = unparen(call.child_by_field_name("function"))
    op = fn.child_by_field_name("operand") if fn is not None else None
    return op is not None and op.type == "identifier" and f.text(op) == name


def _may_name_context(f: FileIndex, sel: Node) -> bool:
    """A selector worth asking the type of: its field's name mentions a context (``s.ctx``,
    ``w.baseContext``); the type decides."""
    fld = sel.child_by_field_name("field")
    return fld is not None and ("ctx" in f.text(fld).lower() or "context" in f.text(fld).lower())


def after_cancellation(f: FileIndex, at: Node, name: str) -> bool:
    """Is ``at`` code that runs once the context ``name`` is done: in a ``select`` case on
    ``<-name.Done()``, or in the branch of an ``if`` (or ``switch`` case) whose condition asks
    ``name.Err()`` or compares with ``context.Canceled``/``DeadlineExceeded``? Such code is
    cleanup that must not be cancelled by the context it cleans up after."""
    done = f"{name}.Done()".encode()
    err = f"{name}.Err()".encode()
    data = f.data
    child, p = at, at.parent
    while p is not None and p.type not in ("function_declaration", "method_declaration"):
        if p.type == "communication_case":
            comm = p.child_by_field_name("communication")
            if comm is not None and comm.id != child.id and done in data[comm.start_byte : comm.end_byte]:
                return True
        elif p.type == "if_statement":
            cond = p.child_by_field_name("condition")
            body = p.child_by_field_name("consequence")
            if cond is not None and body is not None and body.id == child.id:
                init = p.child_by_field_name("initializer")
                text = data[(init or cond).start_byte : cond.end_byte]
                if err in text or b"Canceled" in text or b"DeadlineExceeded" in text:
                    return True
        elif p.type == "expression_case":
            value = p.child_by_field_name("value")
            if value is not None and value.id != child.id:
                text = data[value.start_byte : value.end_byte]
                if err in text or b"Canceled" in text or b"DeadlineExceeded" in text:
                    return True
        child, p = p, p.parent
    return False


def deferred(at: Node) -> bool:
    """Is ``at`` part of a deferred call (``defer db.Exec(…)``, or inside ``defer func() {…}()``)?
    Deferred work is cleanup: it must run whatever became of the context."""
    p = at.parent
    while p is not None and p.type not in ("function_declaration", "method_declaration"):
        if p.type == "defer_statement":
            return True
        p = p.parent
    return False


def blank_use(ident: Node, data: bytes) -> bool:
    """Is ``ident`` the right side of ``_ = x`` (a use that only silences the compiler)?"""
    p = ident.parent
    if p is None or p.type != "expression_list" or p.parent is None:
        return False
    stmt = p.parent
    if stmt.type != "assignment_statement" or stmt.child_by_field_name("right") != p:
        return False
    left = stmt.child_by_field_name("left")
    items = [] if left is None else [c for c in left.named_children if c.type != "comment"]
    return bool(items) and all(c.type == "identifier" and data[c.start_byte : c.end_byte] == b"_" for c in items)


def parameter_used(model, f: FileIndex, param: AtHand) -> bool:
    """Does the function declaring the parameter read it anywhere (``_ = ctx`` aside)?"""
    body = param.func.child_by_field_name("body")
    if body is None or param.name.encode() not in f.data[body.start_byte : body.end_byte]:
        return False
    return bool(_uses_named(model, f, param.binding, body, param.name.encode()))


def _uses_named(model, f: FileIndex, d: Binding, scope: Node, name: bytes) -> list[Node]:
    data = f.data
    out = []
    for n in walk(scope):
        if n.type != "identifier" or n.start_byte == d.name_at or data[n.start_byte : n.end_byte] != name:
            continue
        got, _fn = model.lookup(f, n)
        if got is None or got.name_at != d.name_at or blank_use(n, data):
            continue
        out.append(n)
    return out


def references(model, f: FileIndex, d: Binding, name: str, scope: Node) -> list[Node]:
    """The identifiers in ``scope`` spelled ``name`` that refer to the variable ``d`` (its
    declaration and ``_ = x`` left out)."""
    return _uses_named(model, f, d, scope, name.encode())


# -- contexts as spelled, for code the model does not type --------------------------------------

# constructors whose first result is cancelled when its parent (or its cancel) is
_CANCELLED_WITH_PARENT = frozenset(
    {"WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause", "WithValue"}
)


def spelled_context_type(t: Node | None, data: bytes, cpkg: str | None) -> bool:
    """Is the type node ``context.Context`` as spelled (``cpkg`` is context's local name)?"""
    if t is None or cpkg is None:
        return False
    if t.type == "qualified_type":
        pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
        return (
            pkg is not None
            and name is not None
            and data[pkg.start_byte : pkg.end_byte] == cpkg.encode()
            and data[name.start_byte : name.end_byte] == b"Context"
        )
    if t.type == "type_identifier" and cpkg == ".":
        return data[t.start_byte : t.end_byte] == b"Context"
    return False


def cancellable_binding(b: Binding, data: bytes, cpkg: str | None) -> bool:
    """Is this the binding of a context that can be cancelled?"""
    if b.kind in ("recv", "param", "result"):
        return spelled_context_type(b.type_node, data, cpkg)
    if b.kind != "local" or b.init is None:
        return False
    if b.type_node is not None and not spelled_context_type(b.type_node, data, cpkg):
        return False
    v = unparen(b.init)
    if v is None or v.type != "call_expression":
        return False
    first = b.index in (None, 0)  # the first of the call's results, or its only value
    if first and is_call_to(v, data, cpkg, _CANCELLED_WITH_PARENT) is not None:
        return True
    operand, name = call_parts(v, data)
    if first and name == b"NotifyContext" and operand is not None:
        return True  # signal.NotifyContext
    # r.Context(), c.Request.Context(): a request's (or similar) context
    return name == b"Context" and operand is not None and not named(v.child_by_field_name("arguments"))


def passes_context(model, f: FileIndex, call: Node, cpkg: str | None) -> bool:
    """Is an argument of the call evidently a context (``ctx``, ``r.Context()``,
    ``context.Background()``)? Then the function takes one, and is not reported."""
    data = f.data
    for arg in named(call.child_by_field_name("arguments")):
        arg = unparen(arg)
        if arg is None:
            continue
        if arg.type == "identifier":
            b = model.lookup(f, arg)[0]
            if b is not None and cancellable_binding(b, data, cpkg):
                return True
        elif arg.type == "call_expression":
            operand, name = call_parts(arg, data)
            if cpkg is not None and operand == cpkg.encode():
                return True
            if name == b"Context" and operand is not None and not named(arg.child_by_field_name("arguments")):
                return True
    return False


def takes_context(func: Node, data: bytes, cpkg: str | None) -> bool:
    """Does a named function have a parameter of type context.Context?"""
    plist = func.child_by_field_name("parameters")
    return any(
        spelled_context_type(p.child_by_field_name("type"), data, cpkg)
        for p in named(plist)
        if p.type in ("parameter_declaration", "variadic_parameter_declaration")
    )
