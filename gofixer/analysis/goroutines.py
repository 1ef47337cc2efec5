"""Goroutines: the go statements of a file, the function each one starts, and the code that lives
as long as the process.

Rules about goroutines start from a ``go`` statement and look into what it runs: a function
literal, or a function or method of the package named by the call. The go statements are found
from the bytes (see :func:`gofixer.analysis.lexical.go_statements`), which are also the cheap
test that a file can hold one at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tree_sitter import Node

from . import lexical
from .syntax import declares_locally, is_field, named, top_function, unparen


def go_call(go: Node) -> Node | None:
    """The call a go statement makes (``f(x)`` of ``go f(x)``)."""
    return next((c for c in go.named_children if c.type == "call_expression"), None)


def started(go: Node) -> Node | None:
    """The function expression a go statement calls, parentheses removed: a ``func_literal``,
    an identifier, a selector (``s.run``), or anything else Go allows there."""
    call = go_call(go)
    return None if call is None else unparen(call.child_by_field_name("function"))


class FileFunctions:
    """The file's top-level functions and methods by name, for the go statements of the file
    that name one (``go worker(ch)``, ``go s.run()``), resolved without types: a rule that
    follows a goroutine into its body only within the file asks here."""

    def __init__(self, root: Node, data: bytes):
        self.data = data
        self.funcs: dict[bytes, list[Node]] = {}
        self.methods: dict[bytes, list[Node]] = {}
        for d in root.named_children:
            nm = d.child_by_field_name("name")
            if nm is None:
                continue
            if d.type == "function_declaration":
                self.funcs.setdefault(data[nm.start_byte : nm.end_byte], []).append(d)
            elif d.type == "method_declaration":
                self.methods.setdefault(data[nm.start_byte : nm.end_byte], []).append(d)

    def function(self, name: bytes, at: Node) -> Node | None:
        """The file's only top-level function ``name``, unless a local of the function around
        ``at`` (where the call is) hides it."""
        found = self.funcs.get(name, [])
        if len(found) != 1:
            return None
        top = top_function(at)
        if top is not None and declares_locally(top, name.decode("utf-8", "replace"), self.data):
            return None
        return found[0]

    def method(self, name: bytes) -> Node | None:
        """The file's only method ``name``, when no function has that name too (whatever the
        receiver's type: a name the file declares once is rarely ambiguous)."""
        found = self.methods.get(name, [])
        return found[0] if len(found) == 1 and not self.funcs.get(name) else None


@dataclass(frozen=True)
class Goroutine:
    func: Node  # func_literal, function_declaration or method_declaration
    go: Node | None  # the go statement, for a literal


def file_goroutines(root: Node, data: bytes, imports: dict[str, str], literals_only: bool = False) -> list[Goroutine]:
    """Function literals started by ``go`` and, unless ``literals_only``, the functions and
    methods of this file that a ``go`` statement of the file starts (see
    :class:`FileFunctions`), each once."""
    funcs = None if literals_only else FileFunctions(root, data)
    packages = {v for v in imports.values() if v not in ("_", ".")}
    out: list[Goroutine] = []
    seen: set[int] = set()
    for g in lexical.go_statements(root, data):
        fn = started(g)
        if fn is None:
            continue
        target: Node | None = None
        if fn.type == "func_literal":
            out.append(Goroutine(fn, g))
            continue
        if funcs is None:
            continue
        if fn.type == "identifier":
            target = funcs.function(data[fn.start_byte : fn.end_byte], g)
        elif fn.type == "selector_expression":
            fld = fn.child_by_field_name("field")
            operand = fn.child_by_field_name("operand")
            op = None if operand is None or operand.type != "identifier" else data[operand.start_byte : operand.end_byte]
            if op is not None and op.decode("utf-8", "replace") in packages:
                continue  # pkg.F(): a function of another package
            target = None if fld is None else funcs.method(data[fld.start_byte : fld.end_byte])
        if target is not None and target.id not in seen and target.child_by_field_name("body") is not None:
            seen.add(target.id)
            out.append(Goroutine(target, None))
    return out


def plain_literal_start(go: Node | None, func: Node) -> bool:
    """Is ``go`` exactly ``go func() { … }()``: the literal itself (not parenthesised) called with
    no arguments, with no parameters and no results? Such a goroutine can be handed to a
    function that starts it instead (``wg.Go(func() { … })``, ``g.Go(…)``)."""
    if go is None or func.type != "func_literal":
        return False
    call = func.parent
    if call is None or call.type != "call_expression" or call.parent is None or call.parent.id != go.id:
        return False
    if not is_field(call, "function", func) or func.child_by_field_name("result") is not None:
        return False
    if named(func.child_by_field_name("parameters")):
        return False
    args = call.child_by_field_name("arguments")
    return args is not None and args.start_byte == func.end_byte and args.text == b"()"


# After ``go``: blanks, parentheses and comments, then a function literal (``go func() {``,
# ``go (func() {…})()``).
_FUNC_LITERAL_NEXT = re.compile(rb"(?:\s|\(|/\*.*?\*/|//[^\n]*\n)*func\b", re.S)


def may_start_literal(data: bytes) -> bool:
    """Can ``data`` hold a go statement that starts a function literal? (A superset, as
    :func:`gofixer.analysis.lexical.go_statement_offsets` is.)"""
    return any(_FUNC_LITERAL_NEXT.match(data, at) for at in lexical.go_statement_offsets(data))


def goexit_statement(n: Node, data: bytes) -> bool:
    """``runtime.Goexit()`` (any receiver) as a statement: the goroutine ends there, running its
    deferred calls, without returning to its caller."""
    if n.type != "expression_statement" or n.named_child_count != 1:
        return False
    call = n.named_children[0]
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    fld = fn.child_by_field_name("field") if fn is not None and fn.type == "selector_expression" else None
    return fld is not None and data[fld.start_byte : fld.end_byte] == b"Goexit"
