"""Network addresses as the code spells them: does a server listen on the loopback interface only?

A server bound to ``localhost``, ``127.0.0.1`` or ``[::1]`` answers only processes of the same
machine: a debugging endpoint, a local tool's UI, a test harness. Slow clients that hold its
connections open are then the machine's own. The address is followed by value through one
function and the package's variables: a string literal, a concatenation that starts with the
host (``"localhost:" + port``), ``fmt.Sprintf("127.0.0.1:%d", …)``, ``net.JoinHostPort``, a
local or package variable or constant holding one, a command-line flag's default
(``flag.String("http", "localhost:0", …)``, dereferenced), and, for a listener, the
``net.Listen`` call that made it. Anything else is not known to be loopback.
"""

from __future__ import annotations

import ipaddress

from tree_sitter import Node

from .syntax import is_call_to, named, unparen, walk

_FLAG_FUNCS = frozenset({"String", "StringVar"})


def loopback_host(text: str) -> bool:
    """Is ``host[:port]`` (``localhost:8080``, ``127.0.0.1``, ``[::1]:0``) a loopback host?"""
    host = text
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _string(node: Node | None, data: bytes) -> str | None:
    """The value of a Go string literal without escapes (interpreted or raw), else None."""
    if node is None or node.type not in ("interpreted_string_literal", "raw_string_literal"):
        return None
    text = data[node.start_byte + 1 : node.end_byte - 1]
    if b"\\" in text and node.type == "interpreted_string_literal":
        return None
    return text.decode("utf-8", "replace")


class Addresses:
    """Answers for one file (``root``/``data``, its imports), with the package's other files
    (``siblings``: (root, data) pairs) for package-level variables and constants."""

    def __init__(self, root: Node, data: bytes, imports: dict[str, str], siblings=()):
        self.root, self.data, self.imports = root, data, imports
        self.siblings = siblings
        self._depth = 0

    def loopback(self, expr: Node | None, func: Node | None) -> bool:
        """Does the address expression ``expr`` (in ``func``) certainly name a loopback host?"""
        if self._depth > 8:
            return False
        self._depth += 1
        try:
            return self._loopback(unparen(expr), func)
        finally:
            self._depth -= 1

    def listener_loopback(self, expr: Node | None, func: Node | None) -> bool:
        """Is the listener ``expr`` made by ``net.Listen(network, addr)`` (``tls.Listen`` too)
        with a loopback ``addr``, as a local variable of ``func`` assigned once?"""
        expr = unparen(expr)
        if expr is None:
            return False
        if expr.type == "call_expression":
            return self._listen_call(expr, func)
        if expr.type != "identifier" or func is None:
            return False
        value = self._only_value(expr, func)
        return value is not None and value.type == "call_expression" and self._listen_call(value, func)

    # -- internals --------------------------------------------------------------------------------

    def _listen_call(self, call: Node, func: Node | None) -> bool:
        for path in ("net", "crypto/tls"):
            name = self.imports.get(path)
            if name and is_call_to(call, self.data, name, frozenset({"Listen"})):
                args = named(call.child_by_field_name("arguments"))
                return len(args) >= 2 and self.loopback(args[1], func)
        return False

    def _loopback(self, e: Node | None, func: Node | None) -> bool:
        data = self.data
        if e is not None and e.type == "literal_element" and e.named_child_count == 1:
            e = unparen(e.named_children[0])  # the value of a keyed element (Addr: "…")
        if e is None:
            return False
        s = _string(e, data)
        if s is not None:
            return loopback_host(s)
        if e.type == "binary_expression":
            op = e.child_by_field_name("operator")
            left = unparen(e.child_by_field_name("left"))
            if op is None or op.type != "+":
                return False
            ls = _string(left, data)
            if ls is not None and ":" not in ls:
                # "localhost" + ":8080": the host ends where the port begins
                rs = _string(unparen(e.child_by_field_name("right")), data)
                return rs is not None and rs.startswith(":") and loopback_host(ls)
            return self._loopback(left, func)
        if e.type == "call_expression":
            fmt = self.imports.get("fmt")
            net = self.imports.get("net")
            args = named(e.child_by_field_name("arguments"))
            if fmt and is_call_to(e, data, fmt, frozenset({"Sprintf"})) and args:
                s = _string(args[0], data)
                return s is not None and (s.split("%", 1)[0].endswith(":") and loopback_host(s.split("%", 1)[0][:-1]))
            if net and is_call_to(e, data, net, frozenset({"JoinHostPort"})) and len(args) == 2:
                s = _string(args[0], data)
                return s is not None and loopback_host(s)
            return False
        if e.type == "unary_expression":
            op = e.child_by_field_name("operator")
            inner = unparen(e.child_by_field_name("operand"))
            if op is not None and op.type == "*" and inner is not None and inner.type == "identifier":
                return self._flag_default(data[inner.start_byte : inner.end_byte])
            return False
        if e.type == "identifier":
            value = self._only_value(e, func) if func is not None else None
            if value is not None:
                return self._loopback(value, func)
            return self._package_value(data[e.start_byte : e.end_byte])
        return False

    def _only_value(self, ident: Node, func: Node) -> Node | None:
        """The value of a local of ``func`` named like ``ident`` when the function assigns it
        exactly once (``x := v``, ``var x = v``, ``x, err := v`` for a call), else None."""
        data = self.data
        name = data[ident.start_byte : ident.end_byte]
        values: list[Node | None] = []
        for n in walk(func):
            if n.type in ("short_var_declaration", "assignment_statement"):
                left = named(n.child_by_field_name("left"))
                right = named(n.child_by_field_name("right"))
            elif n.type == "var_spec":
                left = n.children_by_field_name("name")
                right = named(n.child_by_field_name("value"))
            else:
                continue
            for i, lhs in enumerate(left):
                if lhs.type == "identifier" and data[lhs.start_byte : lhs.end_byte] == name:
                    if len(right) == len(left):
                        values.append(right[i])
                    elif len(right) == 1 and i == 0:
                        values.append(right[0])  # ln, err := net.Listen(…)
                    else:
                        values.append(None)
        if any(p.type == "parameter_declaration" and any(
            data[c.start_byte : c.end_byte] == name for c in p.children_by_field_name("name")
        ) for p in walk(func)):
            return None
        return values[0] if len(values) == 1 else None

    def _package_specs(self, name: bytes):
        for root, data in ((self.root, self.data), *self.siblings):
            for decl in root.named_children:
                if decl.type not in ("var_declaration", "const_declaration"):
                    continue
                for spec in walk(decl):
                    if spec.type not in ("var_spec", "const_spec"):
                        continue
                    names = spec.children_by_field_name("name")
                    values = named(spec.child_by_field_name("value"))
                    for i, n in enumerate(names):
                        if data[n.start_byte : n.end_byte] == name and i < len(values):
                            yield values[i], data

    def _package_value(self, name: bytes) -> bool:
        """A package variable or constant whose value is a loopback address literal."""
        found = list(self._package_specs(name))
        return len(found) == 1 and loopback_host(_string(found[0][0], found[0][1]) or "")

    def _flag_default(self, name: bytes) -> bool:
        """``*name`` where ``name = flag.String("http", "localhost:0", …)`` at package level."""
        found = list(self._package_specs(name))
        if len(found) != 1:
            return False
        value, data = found[0]
        flag = self.imports.get("flag") if data is self.data else "flag"
        if value.type != "call_expression" or not is_call_to(value, data, flag or "flag", _FLAG_FUNCS):
            return False
        args = named(value.child_by_field_name("arguments"))
        return len(args) >= 2 and loopback_host(_string(args[1], data) or "")
