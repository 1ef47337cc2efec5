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
from .files import FileIndex
from .model import PackageModel
from .siblings import PackageView
from .spelling import Declares, member_qualifier
from .syntax import declares_locally, named, top_function, unparen, walk
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


def escapes_locally(top: Node, name: bytes, data: bytes, decl: Node) -> bool:
    """Is the local ``name`` (declared at ``decl``) used in ``top`` other than as
    ``name.Field`` / ``name.Method(…)`` or by being assigned: returned, stored, passed on?"""
    for n in walk(top):
        if n.type != "identifier" or data[n.start_byte : n.end_byte] != name or n.id == decl.id:
            continue
        p = n.parent
        if p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == n:
            continue
        if p is not None and p.type == "expression_list" and p.parent is not None:
            stmt = p.parent
            if stmt.type in ("assignment_statement", "short_var_declaration") and stmt.child_by_field_name("left") == p:
                continue  # assigned (another server, or nil)
        return True
    return False


def set_later(lit: Node, data: bytes, root: Node, view: PackageView, fields: frozenset[str]) -> bool:
    """Is one of ``fields`` of the server or client that the literal ``lit`` builds assigned
    after the literal: on the variable that holds it, in the same function, or, when the value
    leaves the function (returned, stored, passed on, or held by a package variable), anywhere
    in the package (``root`` and ``data``: the literal's file; ``view``: its package)? A local
    variable that nothing hands on is followed no further than its function."""
    kind, target = literal_destination(literal_outer(lit))
    top = top_function(lit)
    if kind == "var" and target is not None and top is not None:
        name = data[target.start_byte : target.end_byte]
        if target.type == "identifier":
            if name == b"_":
                return False
            if not declares_locally(top, name.decode("utf-8", "replace"), data):
                return set_in_package(data, root, view, fields)  # a package variable: any function may set it
            if assigns_field(top, data, name, fields):
                return True
            if not escapes_locally(top, name, data, target):
                return False
        elif assigns_field(top, data, name, fields):
            return True
    return set_in_package(data, root, view, fields)


def set_in_package(data: bytes, root: Node, view: PackageView, fields: frozenset[str]) -> bool:
    """Does any code of the package (the file ``root``/``data`` and its siblings in ``view``)
    assign one of ``fields`` on anything? Siblings that do not spell one are not parsed."""
    if assigns_field(root, data, None, fields):
        return True
    return any(
        any(f.encode() in s.source.data for f in fields) and assigns_field(s.tree.root_node, s.source.data, None, fields)
        for s in view.siblings()
    )
