"""HTTP handlers: functions with an ``http.ResponseWriter`` and an ``*http.Request`` parameter.

A handler's work belongs to one request: the request's context is cancelled when the client
goes away or the handler returns, and what the handler starts should stop with it. Recognised
by the parameter types as written (net/http under any import name, or dot-imported), whatever
the function's name or receiver: ``ServeHTTP``, a method value, a func literal handed to
``HandleFunc``. Look-alikes (``func(w http.ResponseWriter, r *MyRequest)``, gin's ``func(c
*gin.Context)``) are not handlers.
"""

from __future__ import annotations

from tree_sitter import Node

from .syntax import named


def _is_http_type(node: Node | None, data: bytes, http_name: str, name: bytes) -> bool:
    """Is ``node`` the type ``http.<name>`` (net/http imported as ``http_name``)?"""
    if node is None:
        return False
    if http_name == ".":
        return node.type == "type_identifier" and data[node.start_byte : node.end_byte] == name
    if node.type != "qualified_type":
        return False
    p, n = node.child_by_field_name("package"), node.child_by_field_name("name")
    return (
        p is not None
        and n is not None
        and data[p.start_byte : p.end_byte] == http_name.encode()
        and data[n.start_byte : n.end_byte] == name
    )


def handler_request(func: Node, data: bytes, http_name: str) -> tuple[bool, Node | None]:
    """(is ``func`` an HTTP handler, the identifier of its ``*http.Request`` parameter, or None
    when it has no usable name: unnamed, ``_``, or two request parameters)."""
    params = func.child_by_field_name("parameters")
    writer = request = False
    name: Node | None = None
    for decl in named(params):
        if decl.type != "parameter_declaration":
            continue
        typ = decl.child_by_field_name("type")
        names = decl.children_by_field_name("name")
        if _is_http_type(typ, data, http_name, b"ResponseWriter"):
            writer = True
        elif typ is not None and typ.type == "pointer_type":
            inner = named(typ)
            if len(inner) == 1 and _is_http_type(inner[0], data, http_name, b"Request"):
                if request:
                    name = None  # two requests: which one?
                    continue
                request = True
                if len(names) == 1 and data[names[0].start_byte : names[0].end_byte] != b"_":
                    name = names[0]
    return writer and request, name if writer and request else None


def is_handler(func: Node, data: bytes, http_name: str) -> bool:
    """Does ``func`` (a declaration, method or func literal) take an ``http.ResponseWriter`` and
    an ``*http.Request``? ``http_name``: net/http's import name in the file ("." if dot-imported)."""
    return handler_request(func, data, http_name)[0]
