"""What the rules know about net/http: how the file names the package, its types and values
as they appear in the syntax (``http.Server{…}``, ``&http.Client{…}``, ``http.DefaultClient``,
handler signatures), the server and client timeouts and their configured values, and where a
server or client built by a literal goes (configured later, returned, passed on).

Names, literals and signatures are read as the file spells net/http (an alias, a dot import),
and a name a local declaration hides is not net/http's; the types of expressions come from the
package model (:mod:`gofixer.analysis.types`, with net/http's part of its table in
:mod:`gofixer.analysis.stdlib`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tree_sitter import Node

from .durations import duration_expr, duration_unit
from .files import FileIndex, import_names
from .model import PackageModel
from .siblings import PackageView
from .spelling import Declares, member_qualifier
from .syntax import declares_locally, is_call_to, is_test_path, named, top_function, unparen, walk
from .types import deref

PATH = "net/http"

# (field, configuration key), in the order a fix adds them
TIMEOUT_FIELDS = (
    ("ReadHeaderTimeout", "read_header_timeout"),
    ("ReadTimeout", "read_timeout"),
    ("WriteTimeout", "write_timeout"),
    ("IdleTimeout", "idle_timeout"),
)
# either one bounds the time a server waits for a request's headers (ReadTimeout bounds the
# headers and the body)
HEADER_FIELDS = frozenset({"ReadHeaderTimeout", "ReadTimeout"})

CLIENT = ("ext", PATH, "Client")  # the model's notation for the type http.Client


# -- names -------------------------------------------------------------------------------------


def local_name(imports: dict[str, str]) -> str | None:
    """The name the file uses net/http by (``"."`` for a dot import), or None when it does not
    import it, or imports it only for its effects."""
    name = imports.get(PATH)
    return None if name in (None, "_") else name


def qualifier(node: Node, data: bytes, imports: dict[str, str], member: str, names: Declares | None = None) -> str | None:
    """How ``net/http.<member>`` is spelled at ``node`` (``"http."``, or ``""`` for a dot
    import), or None when net/http is not imported or a local declaration of the enclosing
    function hides the name (see :func:`gofixer.analysis.spelling.member_qualifier`)."""
    return member_qualifier(node, data, local_name(imports), member, names)


def is_type(t: Node | None, data: bytes, http: str | None, name: str) -> bool:
    """Is the type node ``t`` net/http's type ``name`` (``http.Client``, or ``Client`` under a
    dot import), net/http imported as ``http``?"""
    if t is None or http is None:
        return False
    if t.type == "qualified_type":
        p, n = t.child_by_field_name("package"), t.child_by_field_name("name")
        return (
            http != "."
            and p is not None
            and n is not None
            and data[p.start_byte : p.end_byte] == http.encode()
            and data[n.start_byte : n.end_byte] == name.encode()
        )
    if t.type == "type_identifier":
        return http == "." and data[t.start_byte : t.end_byte] == name.encode()
    return False


def is_pointer_to(t: Node | None, data: bytes, http: str | None, name: str) -> bool:
    """Is ``t`` ``*http.<name>``?"""
    if t is None or t.type != "pointer_type":
        return False
    inner = named(t)
    return len(inner) == 1 and is_type(inner[0], data, http, name)


def is_client_type(t: Node | None, data: bytes, http: str | None) -> bool:
    """``*http.Client`` or ``http.Client``."""
    if t is not None and t.type == "pointer_type":
        inner = named(t)
        t = inner[0] if len(inner) == 1 else None
    return is_type(t, data, http, "Client")


def client_value(v: Node | None, data: bytes, http: str | None) -> bool:
    """``&http.Client{…}``, ``http.Client{…}`` or ``http.DefaultClient``, as spelled (whether
    a local declaration hides ``http`` is the caller's question)."""
    v = unparen(v)
    if v is None or http is None:
        return False
    if v.type == "unary_expression":
        op = v.child_by_field_name("operator")
        if op is None or op.type != "&":
            return False
        v = unparen(v.child_by_field_name("operand"))
        if v is None or v.type != "composite_literal":
            return False
    if v.type == "composite_literal":
        return is_client_type(v.child_by_field_name("type"), data, http)
    if v.type == "selector_expression" and http != ".":
        op, f = v.child_by_field_name("operand"), v.child_by_field_name("field")
        return (
            op is not None
            and f is not None
            and op.type == "identifier"
            and data[op.start_byte : op.end_byte] == http.encode()
            and data[f.start_byte : f.end_byte] == b"DefaultClient"
        )
    if v.type == "identifier" and http == ".":
        return data[v.start_byte : v.end_byte] == b"DefaultClient"
    return False


def is_client(rep: tuple | None) -> bool:
    """Is a type in the model's notation ``http.Client`` or a pointer to it?"""
    while rep is not None and rep[0] == "ptr":
        rep = rep[1]
    return rep == CLIENT


def client_verdict(model: PackageModel, f: FileIndex, e: Node) -> bool | None:
    """Is the expression ``e`` of the file ``f`` an http.Client or a pointer to one, by the
    model's types (as the build of ``f`` sees them)? None when the model cannot tell: a
    model of the file alone (:func:`gofixer.analysis.model.file_model`) says None where
    another file's declarations would decide, and the package's model says None for what it
    does not know.

    The model reads the type names of a dot-imported package as unknown; where ``f``
    dot-imports net/http (as net/http's own external tests do), the declaration that a name
    or field resolves to is read as spelled: ``c := &Client{…}``, ``var c *Client``, a field
    ``hc *Client``."""
    rep = model.typeof_in_build(f, e)
    if rep is not None:
        return is_client(rep)
    if f.imports.get(PATH) != ".":
        return None
    e = unparen(e)
    if e is None:
        return None
    if e.type == "identifier":
        binding, _fn = model.lookup(f, e)
        if binding is not None:
            if binding.type_node is not None:
                return is_client_type(binding.type_node, f.data, ".")
            return binding.index is None and client_value(binding.init, f.data, ".")
        pv = model.pkg_vars.get(f.text(e))
        if pv is None:
            return None
        spec, vf, i = pv
        if vf.is_test and not f.is_test:
            return False
        if spec.child_by_field_name("type") is not None:
            return is_client_type(spec.child_by_field_name("type"), vf.data, local_name(vf.imports))
        values = named(spec.child_by_field_name("value"))
        return len(values) == len(spec.children_by_field_name("name")) and client_value(values[i], vf.data, local_name(vf.imports))
    if e.type == "selector_expression":
        op, field = e.child_by_field_name("operand"), e.child_by_field_name("field")
        base = deref(model.typeof_in_build(f, op)) if op is not None and field is not None else None
        decl = model.types.get(base[1]) if base is not None and base[0] == "named" else None
        if decl is None or decl.ambiguous:
            return None
        fd = decl.field_nodes.get(f.text(field))
        return fd is not None and is_client_type(fd.child_by_field_name("type"), decl.file.data, local_name(decl.file.imports))
    return None


# -- handlers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandlerParams:
    """The parameters that make a function an HTTP handler."""

    writer: Node | None  # the identifier of the http.ResponseWriter parameter (None: unnamed or _)
    request: Node | None  # the identifier of the *http.Request parameter (None: unnamed, _, or two)
    exact: bool  # the parameters are exactly (http.ResponseWriter, *http.Request): a HandlerFunc


def handler_params(fn: Node, data: bytes, http: str | None) -> HandlerParams | None:
    """The ``http.ResponseWriter`` and ``*http.Request`` parameters of a function declaration,
    method or literal that has both (in any order, among others: a handler with extra
    parameters, such as a router's ``func(w, r, params)``, serves requests all the same), or
    None. net/http is imported as ``http`` (``"."`` for a dot import); results are not looked
    at."""
    writer = request = None
    has_writer = has_request = False
    shapes: list[str] = []
    for decl in named(fn.child_by_field_name("parameters")):
        if decl.type != "parameter_declaration":
            shapes.append("other")
            continue
        typ = decl.child_by_field_name("type")
        names = decl.children_by_field_name("name")
        usable = names[0] if len(names) == 1 and data[names[0].start_byte : names[0].end_byte] != b"_" else None
        if is_type(typ, data, http, "ResponseWriter"):
            shapes.extend(["writer"] * max(1, len(names)))
            if not has_writer:
                writer = usable
            has_writer = True
        elif is_pointer_to(typ, data, http, "Request"):
            shapes.extend(["request"] * max(1, len(names)))
            request = None if has_request else usable  # two requests: which one?
            has_request = True
        else:
            shapes.extend(["other"] * max(1, len(names)))
    if not (has_writer and has_request):
        return None
    return HandlerParams(writer, request, shapes == ["writer", "request"])


def is_handler(fn: Node, data: bytes, http: str | None) -> bool:
    """Does ``fn`` have the signature of an ``http.HandlerFunc``, exactly
    ``(http.ResponseWriter, *http.Request)``? Such a function serves requests concurrently
    once registered (``ServeHTTP``, or a function passed to ``HandleFunc``)."""
    p = handler_params(fn, data, http)
    return p is not None and p.exact


# -- timeouts ----------------------------------------------------------------------------------


def timeout_values(http_timeout: Callable[[str], str], fields: list[str], qual: str) -> list[tuple[str, str]]:
    """(field, Go expression) for each of ``fields`` whose configured duration is not zero;
    ``http_timeout`` reads the configuration (``Settings.http_timeout``), ``qual`` is how
    ``time.`` is spelled where the expressions go."""
    keys = dict(TIMEOUT_FIELDS)
    out = []
    for f in fields:
        expr = duration_expr(http_timeout(keys[f]), qual)
        if expr is not None:
            out.append((f, expr))
    return out


def timeout_units(http_timeout: Callable[[str], str], fields: list[str]) -> tuple[str, ...]:
    """The time constants (``Second``…) the configured values of ``fields`` are written with."""
    keys = dict(TIMEOUT_FIELDS)
    return tuple(u for u in (duration_unit(http_timeout(keys[f])) for f in fields) if u is not None)


# -- where a server or client literal goes -----------------------------------------------------


def literal_outer(node: Node) -> Node:
    """The expression a literal's value flows out of: through ``&`` and parentheses."""
    while node.parent is not None:
        p = node.parent
        if p.type == "parenthesized_expression":
            node = p
        elif p.type == "unary_expression" and _operator(p) == "&":
            node = p
        else:
            break
    return node


def _operator(node: Node) -> str | None:
    op = node.child_by_field_name("operator")
    return None if op is None else op.type


def _unparen(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def literal_destination(expr: Node) -> tuple[str, Node | None]:
    """Where the value of ``expr`` (see :func:`literal_outer`) goes: ("var", lhs) for an
    assignment or declaration, ("config", None) for httptest's ``Config`` field (a test
    server), ("other", None) for anything else."""
    p = expr.parent
    if p is None:
        return "other", None
    if p.type == "expression_list":
        stmt = p.parent
        values = list(p.named_children)
        idx = next((i for i, v in enumerate(values) if v.id == expr.id), None)
        if stmt is None or idx is None:
            return "other", None
        if stmt.type in ("short_var_declaration", "assignment_statement") and stmt.child_by_field_name("right") == p:
            left = stmt.child_by_field_name("left")
            lhs = [c for c in left.named_children if c.type != "comment"] if left is not None else []
            if len(lhs) == len(values):
                target = _unparen(lhs[idx])
                if target.type == "selector_expression":
                    field = target.child_by_field_name("field")
                    if field is not None and field.text == b"Config":
                        return "config", None
                return "var", target
        if stmt.type == "var_spec" and stmt.child_by_field_name("value") == p:
            names = stmt.children_by_field_name("name")
            if len(names) == len(values):
                return "var", names[idx]
        return "other", None
    if p.type == "literal_element" and p.parent is not None and p.parent.type == "keyed_element":
        kv = p.parent
        if kv.child_by_field_name("value") == p:
            key = kv.child_by_field_name("key")
            if key is not None and key.text.strip() == b"Config":
                return "config", None
    return "other", None


def assigns_field(root: Node, data: bytes, operand: bytes | None, fields: frozenset[str]) -> bool:
    """Is ``<operand>.F = …`` assigned in ``root`` for one of ``fields`` (on any operand when
    ``operand`` is None)?"""
    span = data[root.start_byte : root.end_byte]
    if not any(f.encode() in span for f in fields):
        return False
    wanted = {f.encode() for f in fields}
    for n in walk(root):
        if n.type != "assignment_statement":
            continue
        left = n.child_by_field_name("left")
        for lhs in left.named_children if left is not None else ():
            lhs = _unparen(lhs)
            if lhs.type != "selector_expression":
                continue
            field = lhs.child_by_field_name("field")
            obj = lhs.child_by_field_name("operand")
            if field is None or obj is None or data[field.start_byte : field.end_byte] not in wanted:
                continue
            if operand is None or data[obj.start_byte : obj.end_byte] == operand:
                return True
    return False


# -- where a server or client literal's value goes, by value flow ---------------------------------


@dataclass(frozen=True)
class Use:
    """An expression of the package that holds the literal's value (``srv`` in ``srv.Serve(l)``,
    ``c.hc`` in ``c.hc.Do(req)``), with the bytes of its file and its top-level function."""

    expr: Node
    data: bytes
    func: Node | None


@dataclass
class Flow:
    """Every expression of the package found to hold the value (``uses``, each the operand of
    a field or method selection), and whether the value also went where it is not followed
    (``lost``: handed to another package's function, put in a map or a slice, sent on a
    channel, converted to an interface…)."""

    uses: list[Use]
    lost: bool
    package: "_Package | None" = None  # the files it was followed through, for further questions


_MAX_HOLDERS = 64


class _Package:
    """The package's files as (root, data, is_test), this file first; a test file sees its
    package's test files too, a non-test file only the package's non-test files."""

    def __init__(self, root: Node, data: bytes, view: PackageView, path: str | None):
        self.here = (root, data)
        self.view = view
        self.is_test = is_test_path(path)
        self._files: list[tuple[Node, bytes]] | None = None

    def files(self, word: bytes | None = None) -> list[tuple[Node, bytes]]:
        """This file and the siblings whose bytes spell ``word`` (all of them for None)."""
        out = [self.here]
        for s in self.view.siblings():
            if s.is_test and not self.is_test:
                continue
            if word is None or word in s.source.data:
                out.append((s.tree.root_node, s.source.data))
        return out

    def functions(self, name: bytes) -> list[tuple[Node, bytes]]:
        """The package's functions and methods named ``name``."""
        found = []
        for root, data in self.files(name):
            for d in root.named_children:
                if d.type in ("function_declaration", "method_declaration"):
                    n = d.child_by_field_name("name")
                    if n is not None and data[n.start_byte : n.end_byte] == name:
                        found.append((d, data))
        return found


def _top(node: Node) -> Node | None:
    return top_function(node)


def literal_flow(lit: Node, data: bytes, root: Node, view: PackageView, path: str | None) -> Flow:
    """Follow the value a composite literal builds (``&http.Server{…}``) through the package:
    locals it is assigned to, struct fields it is stored in (any expression selecting that
    field), package variables, the results of the function that returns it (its calls), and
    the parameters of the package's functions it is passed to. Each expression found to hold
    it and used as the operand of a selector (``srv.ReadHeaderTimeout = …``, ``c.Do(req)``) is
    a use."""
    pkg = _Package(root, data, view, path)
    uses: list[Use] = []
    lost = False
    todo: list[tuple[Node, bytes]] = [(literal_outer(lit), data)]
    holders: set[tuple] = set()

    def hold(key: tuple, exprs) -> None:
        nonlocal lost
        if key in holders:
            return
        if len(holders) >= _MAX_HOLDERS:
            lost = True
            return
        holders.add(key)
        todo.extend(exprs())

    def local_refs(func: Node, name: bytes, after: int, fdata: bytes):
        return [
            (n, fdata)
            for n in walk(func)
            if n.type == "identifier" and n.start_byte > after and fdata[n.start_byte : n.end_byte] == name
        ]

    def field_refs(name: bytes):
        out = []
        for r, d in pkg.files(name):
            for n in walk(r):
                if n.type == "selector_expression":
                    f = n.child_by_field_name("field")
                    if f is not None and d[f.start_byte : f.end_byte] == name:
                        out.append((n, d))
        return out

    def name_refs(name: bytes):
        out = []
        for r, d in pkg.files(name):
            for n in walk(r):
                if n.type == "identifier" and d[n.start_byte : n.end_byte] == name:
                    t = _top(n)
                    if t is None or not declares_locally(t, name.decode("utf-8", "replace"), d):
                        out.append((n, d))
        return out

    while todo:
        e, d = todo.pop()
        p = e.parent
        while p is not None and (p.type == "parenthesized_expression" or (p.type == "unary_expression" and _operator(p) in ("&", "*"))):
            e, p = p, p.parent
        if p is None:
            continue
        t = p.type
        if t == "selector_expression" and p.child_by_field_name("operand") == e:
            uses.append(Use(e, d, _top(e)))
            continue
        if t == "expression_list" and p.parent is not None:
            stmt = p.parent
            if stmt.type in ("short_var_declaration", "assignment_statement") and stmt.child_by_field_name("left") == p:
                continue  # the holder gets another value
            values = list(p.named_children)
            idx = next((i for i, v in enumerate(values) if v.id == e.id), None)
            if stmt.type in ("short_var_declaration", "assignment_statement") and stmt.child_by_field_name("right") == p:
                left = [c for c in stmt.child_by_field_name("left").named_children if c.type != "comment"]
                target = _unparen(left[idx]) if idx is not None and len(left) == len(values) else None
            elif stmt.type == "var_spec" and stmt.child_by_field_name("value") == p:
                names = stmt.children_by_field_name("name")
                target = names[idx] if idx is not None and len(names) == len(values) else None
            elif stmt.type == "return_statement":
                func = _top(e)
                inner = enclosing_function_of(e)
                if func is None or inner is None or inner.id != func.id:
                    lost = True
                    continue
                n = func.child_by_field_name("name")
                if n is not None:
                    fname = d[n.start_byte : n.end_byte]
                    hold(("result", fname), lambda fname=fname: _calls_named(pkg, fname))
                continue
            else:
                # an argument list is not an expression_list in tree-sitter-go; anything else
                # (a multi-value return, a range) is not followed
                lost = True
                continue
            if target is None:
                lost = True
                continue
            if target.type == "identifier":
                name = d[target.start_byte : target.end_byte]
                if name == b"_":
                    continue
                func = _top(target)
                if func is not None and declares_locally(func, name.decode("utf-8", "replace"), d):
                    hold(("local", func.id, name), lambda func=func, name=name, at=target.start_byte, d=d: local_refs(func, name, at, d))
                else:
                    hold(("global", name), lambda name=name: name_refs(name))
            elif target.type == "selector_expression":
                f = target.child_by_field_name("field")
                fname = d[f.start_byte : f.end_byte]
                hold(("field", fname), lambda fname=fname: field_refs(fname))
            else:
                lost = True
            continue
        if t == "literal_element" and p.parent is not None and p.parent.type == "keyed_element":
            kv = p.parent
            key = kv.named_children[0] if kv.named_children else None
            if key is not None and key.id != p.id:
                k = key.named_children[0] if key.type == "literal_element" and key.named_children else key
                if k.type in ("identifier", "field_identifier"):
                    fname = d[k.start_byte : k.end_byte]
                    hold(("field", fname), lambda fname=fname: field_refs(fname))
                    continue
            lost = True
            continue
        if t == "argument_list" and p.parent is not None and p.parent.type == "call_expression":
            call = p.parent
            idx = next((i for i, a in enumerate(named(p)) if a.id == e.id), None)
            fn = unparen(call.child_by_field_name("function"))
            callee = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else fn
            decls = [] if callee is None or callee.type not in ("identifier", "field_identifier") else pkg.functions(
                d[callee.start_byte : callee.end_byte]
            )
            if not decls or idx is None:
                lost = True  # another package's function, a function value: not followed
                continue
            for decl, dd in decls:
                params = [
                    (c, n)
                    for c in named(decl.child_by_field_name("parameters"))
                    if c.type == "parameter_declaration"
                    for n in (c.children_by_field_name("name") or [None])
                ]
                if idx >= len(params) or params[idx][1] is None:
                    lost = True
                    continue
                pname = dd[params[idx][1].start_byte : params[idx][1].end_byte]
                hold(("local", decl.id, pname), lambda decl=decl, pname=pname, dd=dd: local_refs(decl, pname, decl.start_byte, dd))
            continue
        if t in ("expression_statement", "go_statement", "defer_statement"):
            continue
        lost = True
    return Flow(uses, lost, pkg)


def enclosing_function_of(node: Node) -> Node | None:
    """The innermost function declaration, method or literal around ``node``."""
    p = node.parent
    while p is not None and p.type not in ("function_declaration", "method_declaration", "func_literal"):
        p = p.parent
    return p


def assigned_fields(flow: Flow, fields: frozenset[str]) -> bool:
    """Is one of ``fields`` assigned on a use of the flow (``srv.ReadHeaderTimeout = …``)?"""
    wanted = {f.encode() for f in fields}
    for u in flow.uses:
        sel = u.expr.parent
        while sel is not None and sel.type == "parenthesized_expression":
            sel = sel.parent
        if sel is None or sel.type != "selector_expression":
            continue
        f = sel.child_by_field_name("field")
        if f is None or u.data[f.start_byte : f.end_byte] not in wanted:
            continue
        lst = sel.parent
        if lst is not None and lst.type == "expression_list" and lst.parent is not None:
            stmt = lst.parent
            if stmt.type == "assignment_statement" and stmt.child_by_field_name("left") == lst:
                return True
    return False


# -- what a client's requests look like ----------------------------------------------------------

REQUEST_METHODS = frozenset({"Do", "Get", "Head", "Post", "PostForm"})


def _root_of(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


def request_calls(flow: Flow) -> list[tuple[Node, Use]]:
    """The requests made through the flow's uses: ``c.Do(req)``, ``c.Get(u)``… (call, use)."""
    out = []
    for u in flow.uses:
        sel = u.expr.parent
        call = sel.parent if sel is not None else None
        if sel is None or sel.type != "selector_expression" or call is None or call.type != "call_expression":
            continue
        f = sel.child_by_field_name("field")
        if f is not None and u.data[f.start_byte : f.end_byte].decode("utf-8", "replace") in REQUEST_METHODS:
            out.append((call, u))
    return out


def _without_deadline(expr: Node | None, data: bytes, context_name: str | None) -> bool:
    """``context.Background()`` or ``context.TODO()``: a context nothing bounds."""
    expr = unparen(expr)
    if expr is None or expr.type != "call_expression" or context_name is None:
        return False
    return is_call_to(expr, data, context_name, frozenset({"Background", "TODO"})) is not None


def carries_context(call: Node, use: Use, flow: Flow | None = None) -> bool:
    """Does the request ``call`` (``c.Do(req)``) send a request to which a context that may
    carry a deadline was attached: ``req`` made by ``http.NewRequestWithContext(ctx, …)``, or
    re-made by ``req.WithContext(ctx)`` / ``req.Clone(ctx)``, with a context other than
    ``context.Background()``/``TODO()``, in the same function, or, for a request the function
    takes as a parameter, by every caller of that function in the package (``flow``'s files,
    two calls deep)? ``Get``, ``Post``… cannot carry one."""
    data = use.data
    sel = call.child_by_field_name("function")
    f = sel.child_by_field_name("field") if sel is not None else None
    if f is None or data[f.start_byte : f.end_byte] != b"Do":
        return False
    args = named(call.child_by_field_name("arguments"))
    if len(args) != 1:
        return False
    return _request_has_context(args[0], call, data, None if flow is None else flow.package, 2)


def _request_has_context(arg: Node, at: Node, data: bytes, pkg: "_Package | None", depth: int) -> bool:
    imports = import_names(_root_of(at), data)
    http, cname = local_name(imports), imports.get("context")
    arg = unparen(arg)
    origins: list[Node] = []
    func = enclosing_function_of(at)
    if arg is not None and arg.type == "call_expression":
        origins.append(arg)
    elif arg is not None and arg.type == "identifier" and func is not None:
        name = data[arg.start_byte : arg.end_byte]
        for n in walk(func):
            if n.type not in ("short_var_declaration", "assignment_statement"):
                continue
            left = named(n.child_by_field_name("left"))
            right = named(n.child_by_field_name("right"))
            if left and left[0].type == "identifier" and data[left[0].start_byte : left[0].end_byte] == name and right:
                origins.append(right[0])
        index = _parameter_index(func, name, data)
        if not origins and index is not None and pkg is not None and depth > 0 and func.type != "func_literal":
            fname = func.child_by_field_name("name")
            callers = [] if fname is None else _calls_named(pkg, data[fname.start_byte : fname.end_byte])
            return bool(callers) and all(
                index < len(cargs) and _request_has_context(cargs[index], c, d, pkg, depth - 1)
                for c, d in callers
                for cargs in [named(c.child_by_field_name("arguments"))]
            )
    for o in origins:
        o = unparen(o)
        if o is None or o.type != "call_expression":
            continue
        fn = o.child_by_field_name("function")
        cargs = named(o.child_by_field_name("arguments"))
        if fn is None or fn.type != "selector_expression" or not cargs:
            continue
        field = fn.child_by_field_name("field")
        operand = fn.child_by_field_name("operand")
        fname = data[field.start_byte : field.end_byte] if field is not None else b""
        is_ctor = (
            fname == b"NewRequestWithContext"
            and operand is not None
            and http not in (None, ".")
            and data[operand.start_byte : operand.end_byte] == (http or "").encode()
        )
        if (is_ctor or fname in (b"WithContext", b"Clone")) and not _without_deadline(cargs[0], data, cname):
            return True
    return False


def hands_out_responses(calls: list[tuple[Node, Use]]) -> bool:
    """Does one of the requests hand its response, or the response's Body, to its function's
    caller or to a longer-lived place (returned, stored in a field or a composite literal)?
    Then the caller reads the body at its own pace: a download, a stream."""
    for call, use in calls:
        data = use.data
        p = call.parent
        if p is not None and p.type == "expression_list" and p.parent is not None and p.parent.type == "return_statement":
            return True
        if p is None or p.type != "expression_list" or p.parent is None:
            continue
        stmt = p.parent
        if stmt.type not in ("short_var_declaration", "assignment_statement") or stmt.child_by_field_name("right") != p:
            continue
        left = named(stmt.child_by_field_name("left"))
        if not left:
            continue
        if left[0].type != "identifier":
            return True  # stored in a field or an element
        name = data[left[0].start_byte : left[0].end_byte]
        func = enclosing_function_of(call)
        for n in walk(func) if func is not None else ():
            if n.type != "identifier" or n.start_byte <= stmt.end_byte or data[n.start_byte : n.end_byte] != name:
                continue
            e = n
            if e.parent is not None and e.parent.type == "selector_expression":
                f = e.parent.child_by_field_name("field")
                if f is None or data[f.start_byte : f.end_byte] != b"Body":
                    continue
                e = e.parent
            q = e.parent
            while q is not None and q.type in ("parenthesized_expression", "literal_element", "keyed_element", "literal_value", "composite_literal", "unary_expression"):
                if q.type in ("literal_element",):
                    return True  # built into a value (a reader type, a result struct)
                q = q.parent
            if q is not None and q.type == "expression_list" and q.parent is not None:
                if q.parent.type == "return_statement":
                    return True
                if q.parent.type == "assignment_statement" and q.parent.child_by_field_name("right") == q:
                    lhs = named(q.parent.child_by_field_name("left"))
                    if any(x.type != "identifier" for x in lhs):
                        return True
    return False


def transport_bounds_headers(value: Node | None, data: bytes, func: Node | None) -> bool:
    """Is a client's ``Transport:`` value an ``http.Transport`` that sets a non-zero
    ``ResponseHeaderTimeout`` (in the literal, or on the local holding it in the same
    function)? A server that never answers is then given up on; only a slow body is not."""
    if value is not None and value.type == "literal_element" and value.named_child_count == 1:
        value = value.named_children[0]
    value = unparen(value)
    if value is not None and value.type == "unary_expression" and _operator(value) == "&":
        value = unparen(value.child_by_field_name("operand"))
    if value is None:
        return False
    if value.type == "composite_literal":
        body = value.child_by_field_name("body")
        for el in named(body):
            if el.type != "keyed_element":
                continue
            k = el.named_children[0] if el.named_children else None
            v = el.named_children[1] if len(el.named_children) > 1 else None
            if k is not None and data[k.start_byte : k.end_byte].strip() == b"ResponseHeaderTimeout":
                return v is not None and data[v.start_byte : v.end_byte].strip() != b"0"
        return False
    if value.type == "identifier" and func is not None:
        name = data[value.start_byte : value.end_byte]
        if assigns_field(func, data, name, frozenset({"ResponseHeaderTimeout"})):
            return True
        for n in walk(func):
            if n.type == "short_var_declaration":
                left, right = named(n.child_by_field_name("left")), named(n.child_by_field_name("right"))
                if len(left) == 1 and len(right) == 1 and data[left[0].start_byte : left[0].end_byte] == name:
                    return transport_bounds_headers(right[0], data, None)
    return False


def own_round_tripper(value: Node | None, data: bytes) -> bool:
    """Is a client's ``Transport:`` value a composite literal of a type this package declares
    (``&RoundTripper{Client: c}``, a fake transport of a test harness)? That type decides how a
    request is made, and how long it may take."""
    if value is not None and value.type == "literal_element" and value.named_child_count == 1:
        value = value.named_children[0]
    value = unparen(value)
    if value is not None and value.type == "unary_expression" and _operator(value) == "&":
        value = unparen(value.child_by_field_name("operand"))
    if value is None or value.type != "composite_literal":
        return False
    t = value.child_by_field_name("type")
    return t is not None and t.type == "type_identifier"


def _parameter_index(func: Node, name: bytes, data: bytes) -> int | None:
    """The position of the parameter ``name`` among ``func``'s parameters, or None."""
    i = 0
    for decl in named(func.child_by_field_name("parameters")):
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        names = decl.children_by_field_name("name") or [None]
        for n in names:
            if n is not None and data[n.start_byte : n.end_byte] == name:
                return i
            i += 1
    return None


def _calls_named(pkg: "_Package", name: bytes) -> list[tuple[Node, bytes]]:
    """The package's calls of a function or method named ``name`` (``f(…)``, ``x.f(…)``)."""
    out = []
    for r, d in pkg.files(name):
        for n in walk(r):
            if n.type != "call_expression":
                continue
            fn = unparen(n.child_by_field_name("function"))
            if fn is not None and fn.type == "selector_expression":
                fn = fn.child_by_field_name("field")
            if fn is not None and d[fn.start_byte : fn.end_byte] == name:
                out.append((n, d))
    return out


# -- which handlers answer a test's requests ----------------------------------------------------

HTTPTEST = "net/http/httptest"
_TEST_SERVERS = frozenset({"NewServer", "NewTLSServer", "NewUnstartedServer"})
_REGISTER = frozenset({"HandleFunc", "Handle"})


class ServedHandlers:
    """The handlers that answer a request, found by value through one function: the URL or the
    client of the request names a variable made by ``httptest.NewServer(h)`` (or
    ``NewTLSServer``, ``NewUnstartedServer``, or a function of the package that hands one of its
    parameters to them), and ``h`` is a handler literal (``http.HandlerFunc(func(w, r) {…})``)
    or a ``ServeMux`` whose ``HandleFunc``/``Handle`` registrations in the function are all
    literals. The server is net/http's, so the exchange is HTTP/1 or HTTP/2."""

    def __init__(self, root: Node, data: bytes, imports: dict[str, str], view: PackageView, path: str | None):
        self.data = data
        self.imports = imports
        self.http = local_name(imports)
        self.httptest = imports.get(HTTPTEST)
        self.pkg = _Package(root, data, view, path)
        self._imported = {v for v in imports.values() if v not in ("_", ".")}

    def of(self, exprs: list[Node], func: Node) -> list[Node] | None:
        """The handler literals answering a request whose URL, request or client are ``exprs``
        (in ``func``, the top-level function); None when no test server is found, or one whose
        handlers are not all known."""
        found: list[Node] = []
        servers = 0
        seen: set[bytes] = set()
        todo = [(e, 0) for e in exprs if e is not None]
        while todo:
            e, depth = todo.pop()
            for ident in self._roots(e):
                name = self.data[ident.start_byte : ident.end_byte]
                if name in seen:
                    continue
                seen.add(name)
                value = self._definition(func, name)
                if value is None:
                    continue
                handlers = self._server_handlers(value)
                if handlers is None:
                    if depth < 3:
                        todo.append((value, depth + 1))  # u, _ := url.Parse(ts.URL); req := NewRequest(…, u…)
                    continue
                servers += 1
                for h in handlers:
                    lits = self._handler_literals(h, func)
                    if lits is None:
                        return None
                    found.extend(lits)
        return found if servers else None

    def _roots(self, e: Node) -> list[Node]:
        """The variables an expression is made from (``srv`` of ``srv.URL + "/x"``)."""
        out = []
        for n in walk(e):
            if n.type != "identifier":
                continue
            p = n.parent
            if p is not None and p.type == "call_expression" and p.child_by_field_name("function") == n:
                continue
            if self.data[n.start_byte : n.end_byte].decode("utf-8", "replace") in self._imported:
                continue
            out.append(n)
        return out

    def _definition(self, func: Node, name: bytes) -> Node | None:
        """The value a variable of ``func`` is given where it is declared (the first result of a
        call for ``a, b := f()``), when it is given one value only."""
        values = []
        for n in walk(func):
            if n.type in ("short_var_declaration", "assignment_statement"):
                left, right = named(n.child_by_field_name("left")), named(n.child_by_field_name("right"))
            elif n.type == "var_spec":
                left, right = n.children_by_field_name("name"), named(n.child_by_field_name("value"))
            else:
                continue
            for i, lhs in enumerate(left):
                if lhs.type == "identifier" and self.data[lhs.start_byte : lhs.end_byte] == name:
                    values.append(right[i] if len(right) == len(left) else (right[0] if len(right) == 1 and i == 0 else None))
        return values[0] if len(values) == 1 else None

    def _server_handlers(self, value: Node) -> list[Node] | None:
        """The handler arguments of a test server made by ``value``, or None."""
        value = unparen(value)
        if value is None or value.type != "call_expression":
            return None
        args = named(value.child_by_field_name("arguments"))
        if self.httptest and is_call_to(value, self.data, self.httptest, _TEST_SERVERS):
            return args[:1]
        fn = unparen(value.child_by_field_name("function"))
        if fn is None or fn.type != "identifier":
            return None
        out = []
        for decl, d in self.pkg.functions(self.data[fn.start_byte : fn.end_byte]):
            index = self._param_served(decl, d)
            if index is None or index >= len(args):
                return None
            out.append(args[index])
        return out or None

    @staticmethod
    def _param_served(decl: Node, data: bytes) -> int | None:
        """Which parameter of a package function serves requests: handed to an httptest server
        constructor, or made the ``Handler`` of a net/http ``Server`` literal (as httptest's
        own ``NewUnstartedServer`` does)."""
        imports = import_names(_root_of(decl), data)
        ht, http = imports.get(HTTPTEST), local_name(imports)
        for n in walk(decl):
            arg: Node | None = None
            if ht and n.type == "call_expression" and is_call_to(n, data, ht, _TEST_SERVERS):
                args = named(n.child_by_field_name("arguments"))
                arg = args[0] if args else None
            elif n.type == "composite_literal" and is_type(n.child_by_field_name("type"), data, http, "Server"):
                for el in named(n.child_by_field_name("body")):
                    kids = named(el) if el.type == "keyed_element" else []
                    if len(kids) == 2 and data[kids[0].start_byte : kids[0].end_byte].strip() == b"Handler":
                        v = kids[1].named_children[0] if kids[1].type == "literal_element" and kids[1].named_children else kids[1]
                        arg = v
            if arg is not None and arg.type == "identifier":
                index = _parameter_index(decl, data[arg.start_byte : arg.end_byte], data)
                if index is not None:
                    return index
        return None

    def _handler_literals(self, h: Node, func: Node) -> list[Node] | None:
        """The handler literals behind a handler expression, or None when one is not a literal."""
        h = unparen(h)
        if h is None:
            return None
        if h.type == "func_literal":
            return [h] if handler_params(h, self.data, self.http) is not None else None
        if h.type == "call_expression":  # http.HandlerFunc(func(w, r) {…})
            fn = unparen(h.child_by_field_name("function"))
            field = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else fn
            args = named(h.child_by_field_name("arguments"))
            if field is not None and self.data[field.start_byte : field.end_byte] == b"HandlerFunc" and len(args) == 1:
                return self._handler_literals(args[0], func)
            return None
        if h.type != "identifier":
            return None
        name = self.data[h.start_byte : h.end_byte]
        value = self._definition(func, name)
        if value is not None and unparen(value) is not None and unparen(value).type == "func_literal":
            return self._handler_literals(value, func)
        out: list[Node] = []
        for n in walk(func):  # mux.HandleFunc("/x", func(w, r) {…})
            if n.type != "call_expression":
                continue
            fn = n.child_by_field_name("function")
            if fn is None or fn.type != "selector_expression":
                continue
            op, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
            if op is None or op.type != "identifier" or self.data[op.start_byte : op.end_byte] != name:
                continue
            if field is None or self.data[field.start_byte : field.end_byte] not in {f.encode() for f in _REGISTER}:
                return None  # another use of the mux (a router's GET, Use…): not known
            args = named(n.child_by_field_name("arguments"))
            lits = self._handler_literals(args[-1], func) if args else None
            if lits is None:
                return None
            out.extend(lits)
        return out or None


def served_with_no_body(call: Node, root: Node, data: bytes, imports: dict[str, str], view: PackageView, path: str | None) -> bool:
    """Is the request ``call`` makes answered by a test server of its function (by value: its
    URL, its request or its client lead to ``httptest.NewServer(h)``) whose handlers are all
    literals that write no body? net/http's server then answers with an empty body."""
    top = top_function(call)
    if top is None:
        return False
    fn = call.child_by_field_name("function")
    exprs = named(call.child_by_field_name("arguments"))[:1]
    if fn is not None and fn.type == "selector_expression":
        exprs.append(fn.child_by_field_name("operand"))  # cst.c.Get(…), ts.Client().Do(…)
    served = ServedHandlers(root, data, imports, view, path).of(exprs, top)
    http = local_name(imports)
    return bool(served) and all(writes_no_body(h, data, http) for h in served)


def writes_no_body(handler: Node, data: bytes, http: str | None) -> bool:
    """Does the handler literal leave the body empty: its ``http.ResponseWriter`` used only for
    ``w.Header()`` and ``w.WriteHeader(…)``?"""
    params = handler_params(handler, data, http)
    if params is None:
        return False
    if params.writer is None:
        return True  # unnamed or _: nothing can write through it
    w = data[params.writer.start_byte : params.writer.end_byte]
    body = handler.child_by_field_name("body")
    for ref in walk(body) if body is not None else ():
        if ref.type != "identifier" or data[ref.start_byte : ref.end_byte] != w:
            continue
        sel = ref.parent
        f = sel.child_by_field_name("field") if sel is not None and sel.type == "selector_expression" else None
        if f is not None and data[f.start_byte : f.end_byte] in (b"Header", b"WriteHeader"):
            continue
        if sel is not None and sel.type == "argument_list" and _sets_header_only(sel.parent, data, http):
            continue
        return False
    return True


def _sets_header_only(call: Node | None, data: bytes, http: str | None) -> bool:
    """``http.SetCookie(w, c)``: adds a header, writes no body."""
    return call is not None and call.type == "call_expression" and http is not None and (
        is_call_to(call, data, http, frozenset({"SetCookie"})) is not None
    )


def request_context(call: Node, data: bytes, imports: dict[str, str]) -> Node | None:
    """The context ``c.Do(req)`` sends its request with, when the same function made ``req``
    once with ``http.NewRequestWithContext(ctx, …)`` or ``r.WithContext(ctx)``: ``ctx``."""
    fn = call.child_by_field_name("function")
    field = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
    args = named(call.child_by_field_name("arguments"))
    if field is None or data[field.start_byte : field.end_byte] != b"Do" or len(args) != 1:
        return None
    arg = unparen(args[0])
    origin: Node | None = arg if arg is not None and arg.type == "call_expression" else None
    func = enclosing_function_of(call)
    if arg is not None and arg.type == "identifier" and func is not None:
        name = data[arg.start_byte : arg.end_byte]
        values = []
        for n in walk(func):
            if n.type in ("short_var_declaration", "assignment_statement"):
                left, right = named(n.child_by_field_name("left")), named(n.child_by_field_name("right"))
                if left and left[0].type == "identifier" and data[left[0].start_byte : left[0].end_byte] == name:
                    values.append(right[0] if right else None)
        origin = values[0] if len(values) == 1 else None
    origin = unparen(origin)
    if origin is None or origin.type != "call_expression":
        return None
    f = origin.child_by_field_name("function")
    fld = f.child_by_field_name("field") if f is not None and f.type == "selector_expression" else None
    cargs = named(origin.child_by_field_name("arguments"))
    if fld is None or not cargs:
        return None
    name = data[fld.start_byte : fld.end_byte]
    http = local_name(imports)
    op = f.child_by_field_name("operand")
    if name == b"NewRequestWithContext" and op is not None and http not in (None, ".") and data[op.start_byte : op.end_byte] == http.encode():
        return cargs[0]
    if name == b"WithContext":
        return cargs[0]
    return None
