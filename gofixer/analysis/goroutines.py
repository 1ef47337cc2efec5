"""Goroutines: the go statements of a file, the function each one starts, and the code that lives
as long as the process.

Rules about goroutines start from a ``go`` statement and look into what it runs: a function
literal, or a function or method of the package named by the call. The go statements are found
from the bytes (see :func:`gofixer.analysis.lexical.go_statements`), which are also the cheap
test that a file can hold one at all.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tree_sitter import Node

from . import lexical
from .files import import_names
from .siblings import PackageView, package_name
from .syntax import declares_locally, is_field, is_test_path, named, top_function, unparen


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


# -- code that lives as long as the process -------------------------------------------------------


def is_main_main(func: Node, root: Node, data: bytes) -> bool:
    """Is ``func`` the ``main`` function of package ``main``?"""
    if func.type != "function_declaration":
        return False
    name = func.child_by_field_name("name")
    if name is None or data[name.start_byte : name.end_byte] != b"main":
        return False
    pkg = next((c for c in root.named_children if c.type == "package_clause"), None)
    ident = None if pkg is None else next((c for c in pkg.named_children if c.type == "package_identifier"), None)
    return ident is not None and data[ident.start_byte : ident.end_byte] == b"main"


def lives_with_process(func: Node, root: Node, data: bytes) -> bool:
    """``main.main`` and any ``init``: a goroutine started there runs for as long as the
    process does, which is what it is for (``func`` is a top-level function of the file)."""
    if func.type != "function_declaration":
        return False
    name = func.child_by_field_name("name")
    if name is not None and data[name.start_byte : name.end_byte] == b"init":
        return True
    return is_main_main(func, root, data)


# -- the function a go statement names, across the package -----------------------------------------


@dataclass(frozen=True)
class Declared:
    """A top-level function or method declaration of the package, with its file."""

    node: Node
    data: bytes  # the file's bytes
    path: str  # the file's path, resolved (as the package model names it)
    is_test: bool  # a ``_test.go`` file
    parses: bool  # the file's tree has no syntax error
    root: Node  # the file's tree

    def import_name(self, path: str) -> str | None:
        """The name the file uses for ``path`` (``"."`` for a dot import); None when it does not
        import it, or only for its effects."""
        name = import_names(self.root, self.data).get(path)
        return None if name in (None, "_") else name


def declarations_named(
    view: PackageView,
    path: str,
    root: Node,
    data: bytes,
    kind: str,
    name: bytes,
) -> list[Declared]:
    """The top-level declarations of ``kind`` (``function_declaration`` or
    ``method_declaration``) called ``name`` in this file (at ``path``, with ``root`` and
    ``data``) and in the other files of its package, without a model of the package.

    Only the files whose bytes may declare it (:func:`may_declare`) are parsed: a go statement
    names a function of the package far more often than it needs the rest of the package. A
    function this file declares is the one its build uses (see :func:`as_built`): the other
    files are not looked at then."""
    out: list[Declared] = []

    def add(root: Node, data: bytes, path: str, is_test: bool) -> None:
        out.extend(Declared(d, data, path, is_test, not root.has_error, root) for d in _top_level(root, data, kind, name))

    add(root, data, path, is_test_path(path))
    if out and kind == "function_declaration":
        return out
    own = package_name(data)
    method = kind == "method_declaration"

    def spelling(files) -> list:
        # the package's files (of this package clause) that spell the name, asked once per
        # package and name: every file of the package may start the same function
        return [s for s in files if s.package == own and name in s.source.data]

    for s in view.package_memo(("goroutines", "spelling", own, name), spelling):
        if s.path != view.path and name in view.sibling_fact(_NAMES, s, _declared_names)[method]:
            add(s.tree.root_node, s.source.data, s.realpath, s.is_test)
    return out


def as_built(found: list[Declared], path: str, receiver: bytes | None = None) -> Declared | None:
    """The declaration among ``found`` (see :func:`declarations_named`) that the file at
    ``path`` uses, a method on the type ``receiver`` when given: the file's own when it
    declares one (the build-tagged variants of a file, ``conn_linux.go`` and
    ``conn_windows.go``, declare it again, and the package model calls such a name ambiguous),
    else the only one in the package's other files (its ``_test.go`` files only for a test
    file; a file that does not parse is left out). None when there is none with a body, or
    several."""
    if receiver is not None:
        found = [d for d in found if receiver_type_name(d.node, d.data) == receiver]
    own = [d for d in found if d.path == path]
    if not own:
        test = is_test_path(path)
        own = [d for d in found if d.path != path and (test or not d.is_test) and d.parses]
    if len(own) != 1 or own[0].node.child_by_field_name("body") is None:
        return None
    return own[0]


# blanks and comments where Go allows them between tokens
_GAP = rb"(?:\s|/\*.*?\*/|//[^\n]*\n)*"
# a receiver's parameter list, with up to two levels of parentheses inside (``(s (*T))``)
_RECEIVER = rb"\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)"
# ``func``, maybe a receiver, then the name being declared (or, after a function literal's
# parameters, a result type: names to spare do no harm). A look-ahead, so that each ``func`` is
# read on its own: a parenthesis left open in a comment cannot hide the declarations after it.
_DECLARED = re.compile(
    rb"\bfunc\b(?=" + _GAP + rb"(" + _RECEIVER + _GAP + rb")?([A-Za-z_\x80-\xff][0-9A-Za-z_\x80-\xff]*))", re.S
)
_NAMES = ("goroutines", "declared names")


def _declared_names(s) -> tuple[frozenset[bytes], frozenset[bytes]]:
    return declared_names(s.source.data)


def declared_names(data: bytes) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """The names ``data`` may declare as functions, and as methods, read from the bytes
    (``func``, a receiver for a method, then a name): supersets, as a test before a parse must
    give, read once per file of a package (see :meth:`PackageView.sibling_fact`)."""
    funcs, methods = set(), set()
    for m in _DECLARED.finditer(data):
        (methods if m.group(1) is not None else funcs).add(m.group(2))
    return frozenset(funcs), frozenset(methods)


def may_declare(data: bytes, kind: str, name: bytes) -> bool:
    """Can ``data`` declare a function (``kind`` ``function_declaration``) or a method
    (``method_declaration``) called ``name``?"""
    return name in data and name in declared_names(data)[kind == "method_declaration"]


_DOT = ord(".")


def _top_level(root: Node, data: bytes, kind: str, name: bytes) -> list[Node]:
    """The file's top-level declarations of ``kind`` called ``name``, in document order: looked
    up where the bytes spell the name (a file declares many functions, and names few)."""
    out = []
    for m in _word(name).finditer(data):
        i = j = m.start()
        if i > 0 and data[i - 1] in lexical.WORD_BYTES:
            continue  # the end of a longer name
        while j > 0 and data[j - 1] in b" \t":
            j -= 1
        if j > 0 and data[j - 1] == _DOT:
            continue  # a selector's field (x.name)
        n = root.descendant_for_byte_range(i, m.end())
        d = None if n is None or n.start_byte != i or n.end_byte != m.end() else n.parent
        if d is not None and d.type == kind and d.parent is not None and d.parent.id == root.id and is_field(d, "name", n):
            out.append(d)
    return out


@functools.lru_cache(maxsize=256)
def _word(name: bytes) -> re.Pattern[bytes]:
    """``name`` not followed by more of an identifier (a literal prefix, which ``re`` finds fast)."""
    return re.compile(re.escape(name) + rb"(?![0-9A-Za-z_\x80-\xff])")


def receiver_type_name(method: Node, data: bytes) -> bytes | None:
    """``T`` of a method declared on ``T``, ``*T``, ``T[X]`` or ``*T[X]``."""
    recv = named(method.child_by_field_name("receiver"))
    if len(recv) != 1:
        return None
    t = recv[0].child_by_field_name("type")
    if t is not None and t.type == "pointer_type":
        t = named(t)[0] if named(t) else None
    if t is not None and t.type == "generic_type":
        t = t.child_by_field_name("type")
    if t is not None and t.type == "type_identifier":
        return data[t.start_byte : t.end_byte]
    return None
