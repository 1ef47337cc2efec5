"""Channel and WaitGroup operations by class (see :mod:`gofixer.analysis.lockclasses`): every
send, receive, range, close and assignment of a channel and every ``Add``, ``Done`` and ``Wait``
of a WaitGroup in a package, whether an operation waits alone or as one case of a ``select``,
how the package makes a channel (buffered or not), and whether a receive is guarded by the
channel's length. A rule asking "who completes this operation?" looks here.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from .counterparts import select_of
from .files import FileIndex, nodes_below
from .lockclasses import Class, value_class
from .model import PackageModel
from .summaries import operand_key
from .syntax import named, unparen, walk
from .types import deref


@dataclass(frozen=True)
class Site:
    """An operation on a channel or WaitGroup: ``kind`` is send, recv (a receive or a range),
    close, assign (the field or variable is given another channel), add, done or wait; ``blocking``
    is False for a case of a ``select`` with a ``default`` or with other cases."""

    kind: str
    node: Node
    file: FileIndex
    func: Node | None
    blocking: bool


def blocks(n: Node) -> bool:
    """Does the channel operation ``n`` wait alone: not a case of a ``select`` with a
    ``default`` or another case? (A receive inside a case's expression, ``case out <- <-in:``,
    is evaluated before the select chooses: it waits alone.)"""
    sel = select_of(n)
    if sel is None:
        return True
    cases = [c for c in sel.named_children if c.type in ("communication_case", "default_case")]
    return len(cases) == 1 and cases[0].type == "communication_case"


def sites(model: PackageModel) -> dict[Class, list[Site]]:
    """Every send, receive, range, close and assignment of a channel, and every ``Done`` and
    ``Wait`` of a WaitGroup, in the package, by the class of its operand. Made once per model."""

    def find() -> dict[Class, list[Site]]:
        out: dict[Class, list[Site]] = {}

        def add(kind: str, f: FileIndex, n: Node, operand: Node | None, what: tuple[str, ...], blocking: bool) -> None:
            cls = value_class(model, f, operand)
            if cls is not None and cls.what in what:
                out.setdefault(cls, []).append(Site(kind, n, f, f.enclosing_func(n), blocking))

        for f in model.files:
            data = f.data
            has_chan = b"<-" in data or b"close(" in data or b"range" in data or b"chan" in data
            has_wg = b".Done()" in data or b".Wait()" in data or b".Add(" in data
            if has_chan:
                for n in nodes_below(f.root, "send_statement", "unary_expression", "range_clause", "assignment_statement"):
                    t = n.type
                    if t == "send_statement":
                        add("send", f, n, n.child_by_field_name("channel"), ("chan",), blocks(n))
                    elif t == "unary_expression":
                        op = n.child_by_field_name("operator")
                        if op is not None and op.type == "<-":
                            add("recv", f, n, n.child_by_field_name("operand"), ("chan",), blocks(n))
                    elif t == "range_clause":
                        add("recv", f, n, n.child_by_field_name("right"), ("chan",), True)
                    else:
                        for left in named(n.child_by_field_name("left")):
                            if left.type == "selector_expression" or left.type == "identifier":
                                add("assign", f, n, left, ("chan",), True)
            if not (has_chan or has_wg):
                continue
            for n in f.nodes_of("call_expression"):
                fnode = n.child_by_field_name("function")
                if fnode is None:
                    continue
                if fnode.type == "identifier" and has_chan and f.text(fnode) == "close":
                    args = named(n.child_by_field_name("arguments"))
                    if len(args) == 1:
                        add("close", f, n, args[0], ("chan",), True)
                elif fnode.type == "selector_expression" and has_wg:
                    fl = fnode.child_by_field_name("field")
                    name = f.text(fl) if fl is not None else ""
                    nargs = len(named(n.child_by_field_name("arguments")))
                    if (name in ("Done", "Wait") and nargs == 0) or (name == "Add" and nargs == 1):
                        add(name.lower(), f, n, fnode.child_by_field_name("operand"), ("WaitGroup",), True)
        return out

    return model.memo("lockpaths: sites", find)


def _make_kind(model: PackageModel, f: FileIndex, value: Node | None) -> bool | None:
    """True for ``make(chan T)`` (or capacity 0), False for a buffered ``make``, None for any
    other value (a channel made elsewhere: unknown)."""
    value = unparen(value)
    if value is None or value.type != "call_expression":
        return None
    fnode = value.child_by_field_name("function")
    if fnode is None or fnode.type != "identifier" or f.text(fnode) != "make" or model.lookup(f, fnode)[0] is not None:
        return None
    args = named(value.child_by_field_name("arguments"))
    if not args or args[0].type != "channel_type":
        return None
    if len(args) == 1:
        return True
    return args[1].type == "int_literal" and f.text(args[1]) == "0"


def channel_makes(model: PackageModel, cls: Class) -> list[bool | None]:
    """How the package makes the channels of a class, one entry per place that gives one a
    value: True for an unbuffered ``make``, False for a buffered one, None for any other value
    (``nil`` is left out: it makes no channel). Places: assignments to it, ``key: value`` in
    composite literals of its owner type (a field path of one field), a local's initialiser."""
    memo = model.memo("lockpaths: channel makes", dict)
    if cls in memo:
        return memo[cls]
    out: list[bool | None] = []
    if cls.is_local:
        _kind, idx, at = cls.owner
        f = model.files[idx]
        for n in nodes_below(f.root, "short_var_declaration", "var_spec"):
            names = n.children_by_field_name("name") if n.type == "var_spec" else named(n.child_by_field_name("left"))
            values = named(n.child_by_field_name("value" if n.type == "var_spec" else "right"))
            for i, nm in enumerate(names):
                if nm.start_byte == at and i < len(values) and len(values) == len(names):
                    out.append(_make_kind(model, f, values[i]))
    elif cls.owner[0] == "type" and "." not in cls.path:
        owner = cls.owner[1]
        word = cls.path.encode()
        for f in model.files:
            if word not in f.data:
                continue
            for lit in nodes_below(f.root, "composite_literal"):
                base = deref(model.rep(f, lit.child_by_field_name("type")))
                if base != ("named", owner):
                    continue
                body = lit.child_by_field_name("body")
                for el in named(body):
                    if el.type != "keyed_element":
                        continue
                    k = el.child_by_field_name("key")
                    v = el.child_by_field_name("value")
                    if k is not None and f.text(k) == cls.path and v is not None:
                        inner = named(v)
                        out.append(_make_kind(model, f, inner[0] if inner else None))
    for s in sites(model).get(cls, []):
        if s.kind != "assign":
            continue
        left = named(s.node.child_by_field_name("left"))
        right = named(s.node.child_by_field_name("right"))
        if len(left) != len(right):
            out.append(None)
            continue
        for le, ri in zip(left, right):
            if value_class(model, s.file, le) == cls and s.file.text(ri) != "nil":
                out.append(_make_kind(model, s.file, ri))
    memo[cls] = out
    return out


def len_guarded(op: Node, fn: Node, data: bytes) -> bool:
    """Is the receive ``op`` inside an ``if`` or ``for`` of ``fn`` whose condition tests that
    the channel holds something (``len(ch) > 0``, ``len(ch) != 0``)? Under a lock that every
    receiver takes, such a receive does not wait."""
    operand = op.child_by_field_name("operand")
    key = operand_key(data, operand)
    p = op.parent
    while p is not None and p.id != fn.id:
        if p.type in ("if_statement", "for_statement"):
            cond = p.child_by_field_name("condition")
            if cond is None and p.type == "for_statement":
                cond = next((c for c in named(p) if c.type not in ("block", "for_clause", "range_clause", "comment")), None)
                clause = next((c for c in named(p) if c.type == "for_clause"), None)
                if clause is not None:
                    cond = clause.child_by_field_name("condition")
            if cond is not None and _tests_len(cond, key, data):
                return True
        p = p.parent
    return False


def _tests_len(cond: Node, key: str | None, data: bytes) -> bool:
    for n in walk(cond):
        if n.type != "binary_expression":
            continue
        op = n.child_by_field_name("operator")
        left = unparen(n.child_by_field_name("left"))
        right = unparen(n.child_by_field_name("right"))
        if op is None or left is None or right is None or left.type != "call_expression":
            continue
        fnode = left.child_by_field_name("function")
        args = named(left.child_by_field_name("arguments"))
        if fnode is None or data[fnode.start_byte : fnode.end_byte] != b"len" or len(args) != 1:
            continue
        if operand_key(data, args[0]) != key:
            continue
        r = data[right.start_byte : right.end_byte]
        if (op.type in (">", "!=") and r == b"0") or (op.type == ">=" and r == b"1"):
            return True
    return False
