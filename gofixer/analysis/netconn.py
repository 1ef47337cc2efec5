"""Blocking network I/O as the rules see it: dials that have no bound, reads of a connection in
a loop, the deadlines set on a connection, and whether a context is at hand where a call is made.

A TCP dial without a timeout waits as long as the operating system retries the handshake (about
two minutes on Linux) and a read without a deadline waits forever for a peer that stopped
sending: a goroutine stuck there holds its connection and everything it references. A context
at hand is the better bound (``DialContext``), which is another rule's business; here is what
both ask: which values are connections (the model's types), which calls read them, and where a
deadline is set on them.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from .files import FileIndex
from .model import PackageModel
from .closers import Resource, mention
from .flow import enclosing_loops
from .syntax import call_parts, named, top_function, unparen, walk

Rep = tuple

CONTEXT = ("ext", "context", "Context")
REQUEST = ("ptr", ("ext", "net/http", "Request"))

# the types whose values are stream or packet connections a read blocks on
CONN_TYPES = frozenset(
    {
        ("ext", "net", "Conn"),
        ("ext", "net", "PacketConn"),
        ("ptr", ("ext", "net", "TCPConn")),
        ("ptr", ("ext", "net", "UDPConn")),
        ("ptr", ("ext", "net", "UnixConn")),
        ("ptr", ("ext", "net", "IPConn")),
        ("ptr", ("ext", "crypto/tls", "Conn")),
    }
)
# the methods of a connection that block until the peer sends
READ_METHODS = frozenset({"Read", "ReadFrom", "ReadFromUDP", "ReadFromUDPAddrPort", "ReadMsgUDP", "ReadMsgUnix", "ReadFromUnix"})
# the methods of a bufio reader or scanner wrapping a connection that read from it
BUFFERED_READS = frozenset(
    {"Read", "ReadByte", "ReadBytes", "ReadLine", "ReadRune", "ReadSlice", "ReadString", "Peek", "Discard", "Scan"}
)
# io functions that read their first argument until they have enough
IO_READS = frozenset({"ReadFull", "ReadAtLeast"})
DEADLINES = (b"SetReadDeadline", b"SetDeadline")
# the networks whose dial never waits for a peer: a Unix socket connects or fails at once, a
# datagram socket does not connect at all
UNBLOCKING_NETWORKS = frozenset({"unix", "unixgram", "unixpacket", "udp", "udp4", "udp6", "ip", "ip4", "ip6"})

DEADLINE_WORDS = re.compile(rb"Set(?:Read)?Deadline\s*\(")


def is_conn(rep: Rep | None) -> bool:
    return rep in CONN_TYPES


def string_literal(n: Node | None, data: bytes) -> str | None:
    """The value of an interpreted or raw string literal without escapes, or None."""
    n = unparen(n)
    if n is None or n.type not in ("interpreted_string_literal", "raw_string_literal"):
        return None
    text = data[n.start_byte : n.end_byte]
    inner = text[1:-1]
    if b"\\" in inner and n.type == "interpreted_string_literal":
        return None
    return inner.decode("utf-8", "replace")


def dial_blocks(model: PackageModel, f: FileIndex, call: Node) -> bool:
    """Can a ``net.Dial(network, address)`` call wait for a peer: its network is TCP, or not
    known (a literal, a local initialised with one, or a range over a literal list of them are
    read)?"""
    args = named(call.child_by_field_name("arguments"))
    if not args:
        return False
    networks = _strings(model, f, args[0])
    return networks is None or not networks <= UNBLOCKING_NETWORKS


def _strings(model: PackageModel, f: FileIndex, e: Node, depth: int = 0) -> set[str] | None:
    """The string values ``e`` can have: a literal, a local initialised with one and never
    assigned again (not followed), the range variable of a literal slice of them; None when
    unknown."""
    e = unparen(e)
    if e is None or depth > 3:
        return None
    lit = string_literal(e, f.data)
    if lit is not None:
        return {lit}
    if e.type != "identifier":
        return None
    binding, _fn = model.lookup(f, e)
    if binding is None or binding.init is None:
        return None
    init = unparen(binding.init)
    if binding.kind == "range" and binding.index == 1 and init is not None:
        if init.type == "identifier":
            b2, _ = model.lookup(f, init)
            init = unparen(b2.init) if b2 is not None and b2.kind == "local" and b2.index is None else None
        if init is None or init.type != "composite_literal":
            return None
        out: set[str] = set()
        for el in named(init.child_by_field_name("body")):
            inner = named(el)
            v = string_literal(inner[0] if len(inner) == 1 else None, f.data)
            if v is None:
                return None
            out.add(v)
        return out
    return None


# -- a context at hand -------------------------------------------------------------------------


def context_at_hand(model: PackageModel, f: FileIndex, node: Node) -> str | None:
    """The name of a ``context.Context`` (or of an ``*http.Request``, whose ``Context()`` is one)
    that a parameter, receiver or local of the functions around ``node`` declares and that is
    in scope there, or None."""
    pos = node.start_byte
    for fn in f.enclosing_funcs(node):
        for name, bindings in model.bindings(f, fn).items():
            for b in bindings:
                if not (b.start <= pos < b.end) or b.name_at < 0:
                    continue
                ident = f.root.descendant_for_byte_range(b.name_at, b.name_at + len(name.encode()))
                if ident is None or ident.type != "identifier":
                    continue
                rep = model.typeof(f, ident)
                if rep in (CONTEXT, REQUEST):
                    return name
    return None


# -- reads of a connection ---------------------------------------------------------------------


def conn_reads(model: PackageModel, f: FileIndex, func: Node) -> list[tuple[Node, Node]]:
    """(read call, the connection expression it reads) for each read of a connection in
    ``func`` (its own body, function literals left out) that runs in a loop of ``func``:
    ``c.Read(buf)`` and the other read methods, ``io.ReadFull(c, buf)``, and the reads of a
    ``bufio`` reader or scanner made on ``c`` in ``func`` (``r := bufio.NewReader(c)``,
    ``for r.Scan()``)."""
    data = f.data
    body = func.child_by_field_name("body")
    if body is None:
        return []
    bufio = f.import_name("bufio")
    io = f.import_name("io")
    wrappers: dict[bytes, Node] = {}  # a local bufio reader's name -> the connection it reads
    calls = [n for n in walk(body) if n.type == "call_expression" and _own(n, func)]
    for call in calls:
        operand, name = call_parts(call, data)
        if bufio is not None and operand == bufio.encode() and name in (b"NewReader", b"NewReaderSize", b"NewScanner"):
            args = named(call.child_by_field_name("arguments"))
            target = _assigned_name(call, data)
            if args and target is not None and is_conn(model.typeof(f, args[0])):
                wrappers[target] = args[0]
    out = []
    for call in calls:
        if not enclosing_loops(call, func):
            continue
        fn = unparen(call.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            continue
        op, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if op is None or field is None:
            continue
        method = f.text(field)
        if io is not None and op.type == "identifier" and f.text(op) == io and method in IO_READS:
            args = named(call.child_by_field_name("arguments"))
            if args and is_conn(model.typeof(f, args[0])):
                out.append((call, args[0]))
            continue
        if op.type == "identifier" and data[op.start_byte : op.end_byte] in wrappers and method in BUFFERED_READS:
            out.append((call, wrappers[data[op.start_byte : op.end_byte]]))
            continue
        if method in READ_METHODS and is_conn(model.typeof(f, op)):
            out.append((call, op))
    return out


def _own(n: Node, func: Node) -> bool:
    """Is ``n`` in ``func``'s own body, not in a function literal inside it?"""
    p = n.parent
    while p is not None and p.id != func.id:
        if p.type == "func_literal":
            return False
        p = p.parent
    return True


def _assigned_name(call: Node, data: bytes) -> bytes | None:
    """The variable ``x := call`` (or ``x = call``, ``var x = call``) assigns, or None."""
    p = call.parent
    if p is None or p.type != "expression_list" or len(named(p)) != 1 or p.parent is None:
        return None
    a = p.parent
    if a.type in ("short_var_declaration", "assignment_statement"):
        left = named(a.child_by_field_name("left"))
    elif a.type == "var_spec":
        left = a.children_by_field_name("name")
    else:
        return None
    if len(left) != 1 or left[0].type != "identifier":
        return None
    return data[left[0].start_byte : left[0].end_byte]


def deadline_set(scope: Node, data: bytes, conn: bytes) -> bool:
    """Is ``<conn>.SetReadDeadline(…)`` or ``<conn>.SetDeadline(…)`` called in ``scope`` (the
    connection spelled as ``conn``: ``c``, ``s.conn``)?"""
    span = data[scope.start_byte : scope.end_byte]
    if not any(d in span for d in DEADLINES):
        return False
    for n in walk(scope):
        if n.type != "call_expression":
            continue
        operand, name = call_parts(n, data)
        if name in DEADLINES and operand is not None and operand.replace(b" ", b"") == conn.replace(b" ", b""):
            return True
    return False


def handed_on(func: Node, data: bytes, imports: dict[str, str], name: bytes) -> bool:
    """Is the local ``name`` handed on in ``func`` (passed to a function other than the
    standard readers and writers such as ``bufio.NewReader`` or ``io.ReadFull``, stored,
    returned, assigned to something else) or mentioned in a function literal: some other code
    may set its deadlines?"""
    top = top_function(func) or func
    conn = Resource(("conn",), frozenset(), "")
    for n in walk(func):
        if n.type != "identifier" or data[n.start_byte : n.end_byte] != name:
            continue
        if not _own(n, func):
            return True
        kind, _m = mention(n, data, conn, imports, top)
        if kind == "escape":
            return True
    return False


def passes_through(model: PackageModel, f: FileIndex, call: Node) -> bool:
    """Is the dial's address a parameter of the function around it, which returns something
    (``func Dial(addr string) (*Client, error)``): a thin constructor over ``net.Dial`` whose
    callers chose what to dial, and whose bound belongs to its API?"""
    args = named(call.child_by_field_name("arguments"))
    addr = unparen(args[1]) if len(args) == 2 else None
    if addr is None or addr.type != "identifier":
        return False
    binding, fn = model.lookup(f, addr)
    return binding is not None and binding.kind == "param" and fn is not None and fn.child_by_field_name("result") is not None
