"""``http.ResponseWriter`` as middleware and handlers use it: the package's types that wrap one
(to record the status, count bytes, compress), what they override and what they hide, and the
calls of a handler that send the status line or the body.

net/http sends the status line once: the first ``WriteHeader``, or the first ``Write`` (as
``WriteHeader(http.StatusOK)``); a later ``WriteHeader`` is ignored with the log line
"superfluous response.WriteHeader call". A wrapper that records the status in its own
``WriteHeader`` therefore never sees the implicit 200 unless it overrides ``Write`` too, and a
wrapper hides the optional interfaces of the writer it wraps (``http.Flusher``,
``http.Hijacker``) unless it forwards them or offers ``Unwrap`` to ``http.ResponseController``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from .decls import MethodDecl, TypeDecl
from .flow import ReleasePaths
from .model import PackageModel
from .syntax import call_parts, inside, is_field, named, unparen, walk, walk_same_function

RESPONSE_WRITER = ("ext", "net/http", "ResponseWriter")
# the optional interfaces of net/http's own writer a wrapper hides, by the method each needs
OPTIONAL = (("Flush", "http.Flusher"), ("Hijack", "http.Hijacker"))


@dataclass
class Wrapper:
    """A struct type of the package with a field of type ``http.ResponseWriter``."""

    decl: TypeDecl
    inner: str  # the field holding the wrapped writer (``ResponseWriter`` when embedded)
    embedded: bool
    opaque: bool  # another embedded field of a type the model does not see into (it may promote methods)


def wrappers(model: PackageModel) -> list[Wrapper]:
    """The package's types that hold an ``http.ResponseWriter`` in a field (one such field)."""
    return model.memo(("respwriters", "wrappers"), lambda: _wrappers(model))


def _wrappers(model: PackageModel) -> list[Wrapper]:
    out = []
    for t in model.types.values():
        if t.struct is None or t.ambiguous:
            continue
        holders = [name for name, rep in t.fields.items() if rep == RESPONSE_WRITER]
        if len(holders) != 1:
            continue
        inner = holders[0]
        embedded = inner in t.embedded
        opaque = any(
            name != inner and (rep is None or rep[0] == "ext" or (rep[0] == "ptr" and rep[1][0] == "ext"))
            for name, rep in t.embedded.items()
        )
        out.append(Wrapper(t, inner, embedded, opaque))
    return out


def method(model: PackageModel, w: Wrapper, name: str) -> MethodDecl | None:
    """The wrapper's method ``name``, declared on it or promoted from an embedded type of the
    package (a method the embedded ``http.ResponseWriter`` promotes is not the wrapper's)."""
    return model.method(("named", w.decl.name), name)


def status_recorder(model: PackageModel, w: Wrapper) -> tuple[MethodDecl, str] | None:
    """The wrapper's ``WriteHeader`` (on a pointer receiver) and the field it records its
    argument in (``w.status = code``), or None."""
    m = w.decl.methods.get("WriteHeader")
    if m is None or not m.pointer or m.recv is None:
        return None
    params = [p for p in named(m.decl.child_by_field_name("parameters")) if p.type == "parameter_declaration"]
    names = params[0].children_by_field_name("name") if len(params) == 1 else []
    if len(names) != 1:
        return None
    data = m.file.data
    code = data[names[0].start_byte : names[0].end_byte]
    recv = m.recv.encode()
    body = m.decl.child_by_field_name("body")
    for n in walk_same_function(body) if body is not None else ():
        if n.type != "assignment_statement":
            continue
        op = n.child_by_field_name("operator")
        left, right = named(n.child_by_field_name("left")), named(n.child_by_field_name("right"))
        if op is None or op.type != "=" or len(left) != 1 or len(right) != 1:
            continue
        target, value = unparen(left[0]), unparen(right[0])
        if target is None or value is None or target.type != "selector_expression" or value.type != "identifier":
            continue
        obj, fl = target.child_by_field_name("operand"), target.child_by_field_name("field")
        if obj is None or fl is None or data[obj.start_byte : obj.end_byte] != recv or data[value.start_byte : value.end_byte] != code:
            continue
        name = data[fl.start_byte : fl.end_byte].decode("utf-8", "replace")
        if w.decl.fields.get(name) == ("builtin", "int"):
            return m, name
    return None


def status_given_elsewhere(model: PackageModel, w: Wrapper, status: str, recorder: MethodDecl) -> bool:
    """Does the package give the status field a value other than in ``WriteHeader``, or read a
    zero as "not written": a keyed literal of the type that sets it (or a literal without
    keys), an assignment to a field of that name elsewhere, a comparison of it with ``0`` (or a
    ``case 0`` of a switch on it)? A field handed to a function outside the standard library
    counts too: that code may read 0 as 200, as Prometheus-style sanitizers do."""
    bname, tname = status.encode(), w.decl.name.encode()
    for f in model.files:
        data = f.data
        if bname not in data:
            continue
        for n in walk(f.root):
            t = n.type
            if t == "composite_literal":
                ty = n.child_by_field_name("type")
                if ty is None or data[ty.start_byte : ty.end_byte] != tname:
                    continue
                elems = named(n.child_by_field_name("body"))
                if elems and any(e.type != "keyed_element" for e in elems):
                    return True
                for e in elems:
                    key = named(e)[0] if named(e) else None
                    if key is not None and data[key.start_byte : key.end_byte].strip() == bname:
                        return True
            elif t == "assignment_statement" or t == "inc_statement":
                if f is recorder.file and inside(n, recorder.decl):
                    continue
                left = named(n.child_by_field_name("left")) if t == "assignment_statement" else named(n)
                for lhs in left:
                    lhs = unparen(lhs)
                    if lhs is not None and lhs.type == "selector_expression":
                        fl = lhs.child_by_field_name("field")
                        if fl is not None and data[fl.start_byte : fl.end_byte] == bname:
                            return True
            elif t == "argument_list" and _passes_field(n, data, bname, f.imports):
                return True
            elif t == "expression_case" and _case_zero(n, data, bname):
                return True
            elif t == "binary_expression":
                sides = [unparen(n.child_by_field_name("left")), unparen(n.child_by_field_name("right"))]
                if any(s is not None and s.type == "int_literal" and data[s.start_byte : s.end_byte] == b"0" for s in sides) and any(
                    s is not None
                    and s.type == "selector_expression"
                    and data[s.child_by_field_name("field").start_byte : s.child_by_field_name("field").end_byte] == bname
                    for s in sides
                ):
                    return True
    return False


def _field_named(n: Node | None, data: bytes, name: bytes) -> bool:
    n = unparen(n)
    if n is None or n.type != "selector_expression":
        return False
    fl = n.child_by_field_name("field")
    return fl is not None and data[fl.start_byte : fl.end_byte] == name


def _passes_field(args: Node, data: bytes, name: bytes, imports: dict[str, str]) -> bool:
    """Is ``x.<name>`` an argument of a call that is not a standard library function's?"""
    if not any(_field_named(a, data, name) for a in named(args)):
        return False
    call = args.parent
    if call is None or call.type != "call_expression":
        return False
    operand, _name = call_parts(call, data)
    if operand is not None:
        path = next((p for p, local in imports.items() if local.encode() == operand), None)
        if path is not None and "." not in path.split("/")[0]:
            return False  # fmt.Sprintf, log.Printf, strconv.Itoa…: a 0 stays a 0
    return True


def _case_zero(case: Node, data: bytes, name: bytes) -> bool:
    """Is ``case`` a ``case 0`` (among others) of a switch on ``x.<name>``?"""
    switch = case.parent
    if switch is None or switch.type != "expression_switch_statement" or not _field_named(switch.child_by_field_name("value"), data, name):
        return False
    values = case.child_by_field_name("value")
    return any(v.type == "int_literal" and data[v.start_byte : v.end_byte] == b"0" for v in named(values))


# -- what a handler sends --------------------------------------------------------------------------

# net/http's functions that send a status line on the writer they are given first
_HEADER_FUNCS = frozenset({b"Error", b"Redirect", b"NotFound"})
_BODY_FUNCS = {"fmt": frozenset({b"Fprint", b"Fprintf", b"Fprintln"}), "io": frozenset({b"WriteString", b"Copy", b"CopyN", b"CopyBuffer"})}


def sends(call: Node, data: bytes, writer: bytes, imports: dict[str, str]) -> str | None:
    """"header" when the call sends the status line on ``writer`` (``w.WriteHeader``,
    ``http.Error(w, …)``, ``http.Redirect``, ``http.NotFound``), "body" when it writes the body
    (``w.Write``, ``fmt.Fprintf(w, …)``, ``io.WriteString``, ``io.Copy``,
    ``json.NewEncoder(w).Encode``), which sends the status line first; None otherwise."""
    operand, name = call_parts(call, data)
    if name is None:
        return None
    if operand == writer:
        if name == b"WriteHeader":
            return None if _informational(call, data) else "header"
        return "body" if name == b"Write" else None
    args = named(call.child_by_field_name("arguments"))
    first = data[args[0].start_byte : args[0].end_byte] if args else None
    http = imports.get("net/http")
    if operand is not None and http not in (None, "_", ".") and operand == http.encode() and name in _HEADER_FUNCS:
        return "header" if first == writer else None
    for path, funcs in _BODY_FUNCS.items():
        local = imports.get(path)
        if local not in (None, "_", ".") and operand == local.encode() and name in funcs:
            return "body" if first == writer else None
    if name == b"Encode":
        fn = unparen(call.child_by_field_name("function"))
        inner = unparen(fn.child_by_field_name("operand")) if fn is not None and fn.type == "selector_expression" else None
        if inner is not None and inner.type == "call_expression":
            op2, name2 = call_parts(inner, data)
            json = imports.get("encoding/json")
            args2 = named(inner.child_by_field_name("arguments"))
            if json not in (None, "_", ".") and op2 == json.encode() and name2 == b"NewEncoder" and args2:
                return "body" if data[args2[0].start_byte : args2[0].end_byte] == writer else None
    return None


# 1xx statuses other than 101 Switching Protocols are sent at once and may be followed by the
# final status (Go 1.19)
_INFORMATIONAL_NAMES = frozenset({b"StatusContinue", b"StatusProcessing", b"StatusEarlyHints"})


def _informational(call: Node, data: bytes) -> bool:
    args = named(call.child_by_field_name("arguments"))
    a = unparen(args[0]) if len(args) == 1 else None
    if a is None:
        return False
    if a.type == "int_literal":
        text = data[a.start_byte : a.end_byte]
        return text.isdigit() and 100 <= int(text) <= 199 and int(text) != 101
    if a.type == "selector_expression":
        fl = a.child_by_field_name("field")
        return fl is not None and data[fl.start_byte : fl.end_byte] in _INFORMATIONAL_NAMES
    return False


_HEADS = {
    "if_statement": ("initializer", "condition"),
    "expression_switch_statement": ("initializer", "value"),
    "type_switch_statement": ("initializer", "value"),
}
_COMPOUND = ("block", "labeled_statement", "select_statement", "for_statement", *_HEADS)


def late_headers(func: Node, data: bytes, writer: bytes, imports: dict[str, str]) -> list[tuple[Node, Node]]:
    """(header call, an earlier send) for the first call of ``func``'s own body that sends the
    status line on ``writer`` after each send, on some path. A send whose own error check
    holds the header call (``if err := enc.Encode(v); err != nil { http.Error(…) }``: an
    encoder that failed may have written nothing) does not count."""
    body = func.child_by_field_name("body")
    if body is None:
        return []
    calls = [(n, kind) for n in walk_same_function(body) if n.type == "call_expression" and (kind := sends(n, data, writer, imports))]
    headers = [n for n, kind in calls if kind == "header"]
    if not headers or len(calls) < 2:
        return []
    found: dict[int, tuple[Node, Node]] = {}
    for send, _kind in calls:
        start = _statement_of(send, body)
        if start is None:
            continue
        start = _past_own_check(start, data)
        hit: list[Node] = []

        def ends(n: Node, hit: list[Node] = hit) -> bool:
            parts = [n] if n.type not in _COMPOUND else [n.child_by_field_name(p) for p in _HEADS.get(n.type, ())]
            for h in headers:
                if any(q is not None and inside(h, q) for q in parts) and h.id != send.id:
                    hit.append(h)
                    return True
            return False

        never = lambda n: False  # noqa: E731
        verdict = ReleasePaths(data, func, never, never, ends).after(start)
        if verdict.unknown:
            continue
        if hit:
            first = min(hit, key=lambda h: h.start_byte)  # the others are the same mistake again
            found.setdefault(first.start_byte, (first, send))
    return [found[k] for k in sorted(found)]


def _statement_of(n: Node, body: Node) -> Node | None:
    """The statement holding ``n`` that ReleasePaths can start after: one of a statement list,
    or an if/switch/for header's initializer."""
    child, p = n, n.parent
    while p is not None and p.id != body.id:
        if p.type == "statement_list":
            return child
        if p.type in ("if_statement", "expression_switch_statement", "type_switch_statement") and is_field(p, "initializer", child):
            return child
        if p.type == "for_clause" and is_field(p, "initializer", child):
            return child
        if p.type in ("if_statement", "expression_switch_statement", "type_switch_statement", "for_statement", "for_clause", "range_clause"):
            return None  # a condition or a header: not a statement to start after
        child, p = p, p.parent
    return None


def _past_own_check(stmt: Node, data: bytes) -> Node:
    """Where the paths after a send start: after the ``if err != nil`` that checks the send's
    own error (the if whose initializer it is, or the statement right after it)."""
    p = stmt.parent
    if p is not None and p.type == "if_statement" and is_field(p, "initializer", stmt) and _err_condition(p, stmt, data):
        return p if p.parent is not None and p.parent.type == "statement_list" else stmt
    if p is not None and p.type == "statement_list":
        n = stmt.next_named_sibling
        while n is not None and n.type == "comment":
            n = n.next_named_sibling
        if n is not None and n.type == "if_statement" and n.child_by_field_name("initializer") is None and _err_condition(n, stmt, data):
            return n
    return stmt


def _err_condition(ifs: Node, stmt: Node, data: bytes) -> bool:
    """Is the if's condition ``err != nil`` for an ``err`` that ``stmt`` assigns?"""
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return False
    assigned = {data[c.start_byte : c.end_byte] for c in named(stmt.child_by_field_name("left")) if c.type == "identifier"}
    cond = unparen(ifs.child_by_field_name("condition"))
    if cond is None or cond.type != "binary_expression":
        return False
    op = cond.child_by_field_name("operator")
    sides = [unparen(cond.child_by_field_name("left")), unparen(cond.child_by_field_name("right"))]
    return (
        op is not None
        and op.type == "!="
        and any(s is not None and s.type == "nil" for s in sides)
        and any(s is not None and s.type == "identifier" and data[s.start_byte : s.end_byte] in assigned for s in sides)
    )


def writer_params(fn: Node, data: bytes, imports: dict[str, str]) -> list[Node]:
    """The named parameters of type ``http.ResponseWriter`` of a function (as spelled)."""
    http = imports.get("net/http")
    if http in (None, "_"):
        return []
    out = []
    for decl in named(fn.child_by_field_name("parameters")):
        if decl.type != "parameter_declaration":
            continue
        ty = decl.child_by_field_name("type")
        if ty is None:
            continue
        text = data[ty.start_byte : ty.end_byte]
        if text == (b"ResponseWriter" if http == "." else http.encode() + b".ResponseWriter"):
            out.extend(n for n in decl.children_by_field_name("name") if data[n.start_byte : n.end_byte] != b"_")
    return out


def reassigned(func: Node, data: bytes, name: bytes) -> bool:
    """Is ``name`` assigned anywhere in ``func`` (a wrapper put in its place)?"""
    for n in walk(func):
        if n.type in ("assignment_statement", "short_var_declaration"):
            if any(c.type == "identifier" and data[c.start_byte : c.end_byte] == name for c in named(n.child_by_field_name("left"))):
                return True
    return False
