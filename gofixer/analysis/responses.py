"""Which calls return an ``*http.Response`` (``response_call``), and what code does with one:
whether a mention of it closes or hands on its body, whether its body is read to EOF (the
transport then reuses the connection), whether the request was a HEAD (no body at all).

GF504 asks these of every response it follows; a rule about another resource with a body
(a connection, a file) asks the same shape of question, which is why they live here and not
in the rule.
"""

from __future__ import annotations

from tree_sitter import Node

from . import errcheck, nethttp, syntax
from .flow import is_field
from .spelling import LocalNames
from .stdlib import READS_TO_EOF, READS_WITHOUT_CLOSING

PACKAGE_FUNCS = frozenset({"Get", "Head", "Post", "PostForm"})
CLIENT_METHODS = PACKAGE_FUNCS | {"Do"}


def _text(data: bytes, n: Node) -> str:
    return data[n.start_byte : n.end_byte].decode("utf-8", "replace")


def _btext(data: bytes, n: Node) -> bytes:
    return data[n.start_byte : n.end_byte]


def _import_name(imports: dict[str, str], path: str) -> str | None:
    name = imports.get(path)
    return None if name in (None, "_") else name


def response_call(call: Node, data: bytes, imports: dict[str, str], pkg: str, names: LocalNames) -> tuple[str, Node | None] | None:
    """How the call is spelled (``http.Get``, ``client.Do``) when it may return an
    *http.Response, with the receiver whose type must be an http.Client for it to (None for
    net/http's own functions). ``pkg`` is net/http's local name in the file."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return None
    if fn.type == "identifier":
        if pkg != "." or data[fn.start_byte : fn.end_byte].decode("utf-8", "replace") not in PACKAGE_FUNCS:
            return None
        name = _text(data, fn)
        return (name, None) if nethttp.qualifier(call, data, imports, name, names.declares) is not None else None
    if fn.type != "selector_expression":
        return None
    op, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if op is None or field is None:
        return None
    method = _text(data, field)
    if method not in CLIENT_METHODS:
        return None
    if pkg != "." and op.type == "identifier" and _text(data, op) == pkg:
        if method not in PACKAGE_FUNCS or nethttp.qualifier(call, data, imports, method, names.declares) is None:
            return None
        return f"{pkg}.{method}", None
    if nethttp.qualifier(call, data, imports, "Client", names.declares) is None:
        return None  # `http` names something local here
    if not _fits_client_method(method, syntax.named(call.child_by_field_name("arguments"))):
        return None  # another type's method (``once.Do(func() {…})``)
    return (_text(data, fn) if b"\n" not in _btext(data, fn) else f"….{method}"), op


# the number of arguments each method of http.Client takes
_ARITY = {"Do": 1, "Get": 1, "Head": 1, "Post": 3, "PostForm": 2}


def _fits_client_method(method: str, args: list[Node]) -> bool:
    """Can these arguments be those of http.Client's ``method``? As many as it takes (or one
    call that may return them all), none a function literal (each is a request, a URL, a
    content type, a body or form values)."""
    if any(a.type == "func_literal" for a in args):
        return False
    return len(args) == _ARITY[method] or (len(args) == 1 and args[0].type == "call_expression")


def eof_reads(func: Node, name: bytes, data: bytes, imports: dict[str, str]) -> list[Node]:
    """The calls of ``func`` (its closures included) that read ``<name>.Body`` to EOF."""
    if name + b".Body" not in data[func.start_byte : func.end_byte]:
        return []
    top = syntax.top_function(func) or func
    found = []
    for n in syntax.walk(func):
        if n.type != "call_expression":
            continue
        fn = n.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        op, f = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if op is None or f is None or op.type != "identifier":
            continue
        qual, member = _text(data, op), _text(data, f)
        args = syntax.named(n.child_by_field_name("arguments"))
        for path, funcs in READS_TO_EOF.items():
            i = funcs.get(member)
            if i is None or _import_name(imports, path) != qual or i >= len(args):
                continue
            arg = syntax.unparen(args[i])
            if arg is None or arg.type != "selector_expression":
                continue
            o, fld = arg.child_by_field_name("operand"), arg.child_by_field_name("field")
            if (
                o is not None
                and fld is not None
                and o.type == "identifier"
                and _btext(data, o) == name
                and _btext(data, fld) == b"Body"
                and not syntax.declares_locally(top, qual, data)
            ):
                found.append(n)
    return found


def head_request(call: Node, func: Node, data: bytes, imports: dict[str, str]) -> bool:
    """Does the call make a HEAD request (``http.Head``, ``c.Head``, or ``c.Do(req)`` with
    ``req`` made by ``http.NewRequest(http.MethodHead, …)`` in the same function)? Its
    response has no body: the transport hands back ``http.NoBody`` and reuses the
    connection at once."""
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    method = None if fn is None else _text(data, fn)
    if method == "Head":
        return True
    if method != "Do":
        return False
    args = syntax.named(call.child_by_field_name("arguments"))
    if len(args) != 1 or args[0].type != "identifier":
        return False
    req = _btext(data, args[0])
    http = nethttp.local_name(imports)
    made = []
    for n in syntax.walk(func):
        if n.type != "short_var_declaration" and n.type != "assignment_statement":
            continue
        left = syntax.named(n.child_by_field_name("left"))
        right = syntax.named(n.child_by_field_name("right"))
        if not left or left[0].type != "identifier" or _btext(data, left[0]) != req:
            continue
        made.append(right[0] if len(right) == 1 else None)
    if len(made) != 1 or made[0] is None:
        return False  # assigned more than once, or not from one call
    ctor = syntax.is_call_to(made[0], data, http, frozenset({"NewRequest", "NewRequestWithContext"}))
    if ctor is None:
        return False
    margs = syntax.named(made[0].child_by_field_name("arguments"))
    i = 1 if ctor == "NewRequestWithContext" else 0
    if i >= len(margs):
        return False
    m = margs[i]
    text = _btext(data, m)
    return text in (b'"HEAD"', b"`HEAD`") or (http not in (None, ".") and text == f"{http}.MethodHead".encode()) or (
        http == "." and text == b"MethodHead"
    )


def use(ref: Node, top: Node, data: bytes, imports: dict[str, str]) -> str:
    """What one mention of the response variable does: "ok" (reads a field, compares with
    nil), "assign" (the variable gets another value), "escape" (closes, hands on, or
    something not understood)."""
    p = ref.parent
    if p is None:
        return "escape"
    if p.type == "selector_expression" and is_field(p, "operand", ref):
        f = p.child_by_field_name("field")
        fname = b"" if f is None else data[f.start_byte : f.end_byte]
        if fname == b"Body":
            return _body_use(p, top, data, imports)
        if fname == b"Write":
            return "escape"  # Response.Write closes the body
        return "ok"  # resp.StatusCode, resp.Header.Get(…), resp.Cookies()…
    if errcheck.nil_comparison(p, ref):
        return "ok"
    if p.type == "expression_list" and p.parent is not None:
        a = p.parent
        if a.type in ("assignment_statement", "short_var_declaration") and is_field(a, "left", p):
            return "assign"
        if a.type == "assignment_statement" and is_field(a, "right", p):
            left = syntax.named(a.child_by_field_name("left"))
            if all(c.type == "identifier" and data[c.start_byte : c.end_byte] == b"_" for c in left):
                return "ok"  # `_ = resp`
    if p.type == "var_spec" and any(c.id == ref.id for c in p.children_by_field_name("name")):
        return "assign" if p.child_by_field_name("value") is not None else "ok"
    if p.type in ("parameter_declaration", "variadic_parameter_declaration"):
        return "ok"
    return "escape"

def _body_use(sel: Node, top: Node, data: bytes, imports: dict[str, str]) -> str:
    """A mention of ``resp.Body``."""
    g = sel.parent
    if g is None:
        return "escape"
    if g.type == "selector_expression" and is_field(g, "operand", sel):
        f = g.child_by_field_name("field")
        fname = b"" if f is None else data[f.start_byte : f.end_byte]
        call = g.parent
        called = call is not None and call.type == "call_expression" and is_field(call, "function", g)
        if fname == b"Read" and called:
            return "ok"
        return "escape"  # Close (called or as a value), or something unknown
    if errcheck.nil_comparison(g, sel):
        return "ok"
    if g.type == "argument_list" and g.parent is not None and g.parent.type == "call_expression":
        return "ok" if _consumer(g.parent, top, data, imports) else "escape"
    return "escape"

def _consumer(call: Node, top: Node, data: bytes, imports: dict[str, str]) -> bool:
    """``io.ReadAll(…)``, ``json.NewDecoder(…)``…: a standard function that reads a body
    without closing it."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    op, f = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if op is None or f is None or op.type != "identifier":
        return False
    qual, member = _text(data, op), _text(data, f)
    for path, funcs in READS_WITHOUT_CLOSING.items():
        if _import_name(imports, path) == qual and member in funcs:
            return not syntax.declares_locally(top, qual, data)
    return False
