"""How a server program stops: the calls that serve HTTP until the server is closed, the
signal handling of the process, and the ``Shutdown`` calls that drain a server.

``ListenAndServe`` returns only when the server is closed; a process that handles no signal is
ended by SIGTERM at once, in the middle of every request it is serving. A graceful stop takes a
``signal.Notify``/``signal.NotifyContext`` path that calls ``(*http.Server).Shutdown``, which
waits for the requests in flight (bounded by its context's deadline: with
``context.Background()`` a connection that never goes idle keeps it waiting forever).
"""

from __future__ import annotations

import re

from tree_sitter import Node

from .files import FileIndex
from .model import PackageModel
from .siblings import PackageView
from .syntax import call_parts, named, unparen, walk

SERVER = ("ext", "net/http", "Server")
# net/http's functions that serve until the listener fails, and the server's methods that do
SERVE_FUNCS = frozenset({b"ListenAndServe", b"ListenAndServeTLS", b"Serve", b"ServeTLS"})
SERVE_WORD = re.compile(rb"(?:ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)(?![A-Za-z0-9_])")
SERVE_QUERY = (
    "(call_expression function: [(identifier) @_n (selector_expression field: (field_identifier) @_n)]"
    ' (#match? @_n "^(ListenAndServe|ListenAndServeTLS|Serve|ServeTLS)$")) @call'
)
SIGNAL_WORDS = re.compile(rb"\bNotify(?:Context)?\s*\(")
SHUTDOWN_CALL = re.compile(rb"\.Shutdown\s*\(")


def is_server(rep: tuple | None) -> bool:
    """An ``http.Server`` or a pointer to one, in the model's notation."""
    while rep is not None and rep[0] == "ptr":
        rep = rep[1]
    return rep == SERVER


def serves(model: PackageModel, f: FileIndex, call: Node) -> str | None:
    """How a call that serves HTTP until the server is closed is spelled (``http.ListenAndServe``,
    ``srv.ListenAndServe``), or None: net/http's own function, or the method of a value the
    model types as an ``http.Server``."""
    data = f.data
    operand, name = call_parts(call, data)
    if name not in SERVE_FUNCS:
        return None
    fn = unparen(call.child_by_field_name("function"))
    http = f.import_name("net/http")
    if fn is not None and fn.type == "identifier":
        return name.decode() if http == "." and model.lookup(f, fn)[0] is None else None
    if fn is None or fn.type != "selector_expression" or operand is None:
        return None
    op = fn.child_by_field_name("operand")
    if http not in (None, ".") and operand == http.encode() and op is not None and model.is_import(f, op):
        return f"{http}.{name.decode()}"
    if is_server(model.typeof_in_build(f, op)):
        shown = data[fn.start_byte : fn.end_byte]
        return shown.decode("utf-8", "replace") if b"\n" not in shown else "…." + name.decode()
    return None


def handles_signals(view: PackageView, data: bytes) -> bool:
    """Does the package (its files that are not tests) call ``signal.Notify`` or
    ``signal.NotifyContext`` (read from the bytes: a call of that name where os/signal is
    imported)?"""
    if _notifies(data):
        return True
    return any(not s.is_test and _notifies(s.source.data) for s in view.siblings())


def _notifies(data: bytes) -> bool:
    return b'"os/signal"' in data and SIGNAL_WORDS.search(data) is not None


def shuts_down(view: PackageView, data: bytes) -> bool:
    """Does the package call a method named ``Shutdown`` anywhere outside its tests? Read from
    the bytes: any such call is taken to be the server's."""
    if SHUTDOWN_CALL.search(data):
        return True
    return any(not s.is_test and SHUTDOWN_CALL.search(s.source.data) for s in view.siblings())


def background_context(model: PackageModel, f: FileIndex, arg: Node) -> bool:
    """Is ``arg`` ``context.Background()`` or ``context.TODO()``, or a local that such a call
    initialises and nothing assigns again? A context that never ends."""
    arg = unparen(arg)
    if arg is None:
        return False
    if arg.type == "identifier":
        binding, fn = model.lookup(f, arg)
        if binding is None or binding.kind != "local" or binding.init is None or binding.index is not None or fn is None:
            return False
        name = f.data[arg.start_byte : arg.end_byte]
        body = fn.child_by_field_name("body")
        for n in f.nodes_within(body, "short_var_declaration") if body is not None else ():
            if any(c.start_byte != binding.name_at and f.data[c.start_byte : c.end_byte] == name for c in named(n.child_by_field_name("left"))):
                return False
        if body is not None and _assigned(body, f.data, name):
            return False
        arg = unparen(binding.init)
        if arg is None:
            return False
    if arg.type != "call_expression" or named(arg.child_by_field_name("arguments")):
        return False
    operand, name = call_parts(arg, f.data)
    ctx = f.import_name("context")
    return ctx not in (None, ".") and operand == ctx.encode() and name in (b"Background", b"TODO")


def _assigned(body: Node, data: bytes, name: bytes) -> bool:
    for n in walk(body):
        if n.type == "assignment_statement":
            if any(c.type == "identifier" and data[c.start_byte : c.end_byte] == name for c in named(n.child_by_field_name("left"))):
                return True
    return False
