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
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from . import lexical
from .files import import_names
from .flow import ReleasePaths
from .siblings import PackageView, package_name
from .testfail import has_testing_parameter
from .syntax import (
    declares_locally,
    enclosing_function,
    inside,
    is_field,
    is_test_path,
    named,
    package_clause_name,
    top_function,
    unparen,
)


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


def lives_with_process(
    node: Node, root: Node, data: bytes, view: PackageView | None = None, path: str | None = None
) -> bool:
    """Does the code at ``node`` (a statement, or a whole function) run at most once per process,
    so that a goroutine or ticker it starts and never stops lives as long as the process would
    anyway? See :class:`PackageReach`; without ``view`` only this file is looked at."""
    return PackageReach(root, data, path, view).lives_with_process(node)


def only_tests_reach(node: Node, root: Node, data: bytes, view: PackageView | None = None, path: str | None = None) -> bool:
    """Is the code at ``node`` test code: in a ``_test.go`` file, or reached only from one (see
    :class:`PackageReach`)?"""
    return PackageReach(root, data, path, view).only_tests_reach(node)


# the process ends at these calls (a panic may be recovered, ``t.Fatal`` ends a test only)
_PROCESS_ENDS = {"os": frozenset({"Exit"}), "log": frozenset({"Fatal", "Fatalf", "Fatalln"}), "syscall": frozenset({"Exit"})}
# constructors whose function argument runs at most once however often the result is called
_ONCE_FUNCS = frozenset({"OnceFunc", "OnceValue", "OnceValues"})
# the fields of a cobra.Command that hold what the command runs; cobra runs one command per
# process (``Execute``), so a function set there is a command's entry point in any package
_COBRA = "github.com/spf13/cobra"
_COBRA_RUN_FIELDS = frozenset(f"{when}Run{e}" for when in ("", "Pre", "Post", "PersistentPre", "PersistentPost") for e in ("", "E"))


@dataclass(frozen=True)
class _File:
    root: Node
    data: bytes
    path: str | None
    is_test: bool
    package: bytes | None


class PackageReach:
    """Who reaches a piece of code, followed through the package's files by name: code that
    runs at most once per process, and code that only tests run.

    **Once per process** (:meth:`lives_with_process`): what a goroutine started there does for
    ever is what the program wants, not a leak. Runs once: ``init``; ``main`` of package main;
    ``TestMain`` (the test binary's main); a function literal or function value given to
    ``sync.Once.Do`` or to ``sync.OnceFunc`` / ``OnceValue`` / ``OnceValues``; in package main, a
    function literal or function named as a field of a composite literal (a command's entry
    point, as CLI libraries take them: ``&cobra.Command{Run: runScan}``); in any package, what
    a ``cobra.Command`` runs (its ``Run``/``RunE`` or a hook, set in its literal or assigned, also
    through a wrapper: ``cmd.RunE = wrap(runScan)``; cobra runs one command per process); and a
    function of the
    package every use of which is a call from code that runs once. Exported functions and
    methods outside package main are called from other packages: not once. Code inside such a
    function runs once when it is not in a loop that may run without bound (``for {``, ``for
    cond {``: an accept loop; counted and range loops start a fixed set) and not in a function
    literal that runs later (a handler, a callback). Code after which every path ends the
    process (``os.Exit``, ``log.Fatal``) lives as long as the process too, wherever it is.

    **Only tests** (:meth:`only_tests_reach`): code in a ``_test.go`` file, in a function with a
    ``*testing.T``/``B``/``F`` or ``testing.TB`` parameter, or in an unexported function every
    use of which is in such code (a helper of a test package's non-test files). What it leaks
    lasts until the test binary exits.
    """

    def __init__(self, root: Node, data: bytes, path: str | None = None, view: PackageView | None = None):
        self.view = view
        self.home = _File(root, data, path, is_test_path(path), package_clause_name(root, data))
        self._memo: dict[tuple, bool] = {}
        self._once_names: dict[bytes, bool] = {}

    def lives_with_process(self, node: Node) -> bool:
        return self._at(node, self.home, frozenset())

    def only_tests_reach(self, node: Node) -> bool:
        return self._tests_at(node, self.home, frozenset())

    # -- once per process ----------------------------------------------------------------------

    def _at(self, node: Node, f: _File, seen: frozenset) -> bool:
        n = node
        while True:
            if n.type in ("function_declaration", "method_declaration"):
                return self._runs_once(n, f, seen)
            fn = enclosing_function(n)
            if fn is None:
                return False
            if self._unbounded_loop_between(n, fn):
                return False
            if self._process_ends_after(n, fn, f):
                return True
            if fn.type != "func_literal":
                return self._runs_once(fn, f, seen)
            use = self._literal_use(fn, f)
            if use == "once":
                return True
            if use != "here":
                return False
            n = fn

    @staticmethod
    def _unbounded_loop_between(n: Node, fn: Node) -> bool:
        child, p = n, n.parent
        while p is not None and p.id != fn.id:
            if p.type == "for_statement" and is_field(p, "body", child):
                header = next((c for c in p.named_children if c.type != "comment" and c.id != child.id), None)
                if header is None or header.type not in ("for_clause", "range_clause"):
                    return True  # for { … } or for cond { … }
                if header.type == "for_clause" and header.child_by_field_name("condition") is None:
                    return True
            child, p = p, p.parent
        return False

    def _process_ends_after(self, n: Node, fn: Node, f: _File) -> bool:
        """Does every path from the statement of ``fn`` holding ``n`` end the process?"""
        stmt = n
        while stmt.parent is not None and stmt.parent.type != "statement_list":
            if stmt.parent.id == fn.id:
                return False
            stmt = stmt.parent
        if stmt.parent is None or not inside(stmt, fn):
            return False
        imports = import_names(f.root, f.data)
        ended: list[Node] = []

        def ends(s: Node) -> bool:
            if _ends_process(s, f.data, imports):
                ended.append(s)
                return True
            return False

        never = lambda s: False  # noqa: E731
        v = ReleasePaths(f.data, fn, never, never, ends).after(stmt)
        return bool(ended) and not v.unknown and not v.returns and v.falls_off is None and not v.back_edges

    def _literal_use(self, lit: Node, f: _File) -> str | None:
        """``here`` when the literal runs where it stands (called on the spot, deferred, started
        by ``go``), ``once`` when it runs at most once per process, None otherwise."""
        p = lit.parent
        if p is not None and p.type == "call_expression" and is_field(p, "function", lit):
            return "here"
        if p is not None and p.type == "parenthesized_expression":
            q = p.parent
            if q is not None and q.type == "call_expression" and is_field(q, "function", p):
                return "here"
        return "once" if self._once_value(lit, f) else None

    def _once_value(self, value: Node, f: _File) -> bool:
        """Is the function value ``value`` (a literal or a function's name) handed to something
        that calls it at most once per process?"""
        if self._cobra_run(value, f):
            return True
        p = value.parent
        if p is not None and p.type == "argument_list" and len(named(p)) == 1:
            call = p.parent
            fn = call.child_by_field_name("function") if call is not None else None
            if fn is not None and fn.type == "selector_expression":
                field = fn.child_by_field_name("field")
                operand = unparen(fn.child_by_field_name("operand"))
                name = None if field is None else f.data[field.start_byte : field.end_byte]
                if name == b"Do" and operand is not None and self._is_once(operand, f):
                    return True
                if name is not None and name.decode() in _ONCE_FUNCS and operand is not None and operand.type == "identifier":
                    sync = import_names(f.root, f.data).get("sync")
                    return sync is not None and f.data[operand.start_byte : operand.end_byte] == sync.encode()
            return False
        if p is not None and p.type == "literal_element" and f.package == b"main" and not f.is_test:
            kv = p.parent
            if kv is not None and kv.type == "keyed_element" and kv.named_children and kv.named_children[-1].id == p.id:
                key = kv.named_children[0]
                return len(key.named_children) == 1 and key.named_children[0].type == "identifier"
        return False

    @staticmethod
    def _cobra_run(value: Node, f: _File) -> bool:
        """Is the function value what a ``cobra.Command`` runs: set as its ``Run``/``RunE`` (or
        a pre/post hook), in a ``cobra.Command{…}`` literal or by assignment to a field of a
        value, in a file that imports cobra; directly or as the one argument of a wrapper call
        (``cmd.RunE = wrap(run)``)? Outside ``_test.go`` files."""
        if f.is_test:
            return False
        cobra = import_names(f.root, f.data).get(_COBRA)
        if cobra in (None, "_", "."):
            return False
        v = value
        p = v.parent
        if p is not None and p.type == "argument_list" and len(named(p)) == 1 and p.parent is not None:
            v, p = p.parent, p.parent.parent  # a wrapper's result stands for the function
        if p is None:
            return False
        if p.type == "literal_element":
            kv = p.parent
            if kv is None or kv.type != "keyed_element" or kv.named_children[-1].id != p.id:
                return False
            key = kv.named_children[0]
            name = f.data[key.start_byte : key.end_byte]
            lit = kv.parent
            while lit is not None and lit.type != "composite_literal":
                lit = lit.parent  # an element of []*cobra.Command{{…}} has its type elided
            typ = lit.child_by_field_name("type") if lit is not None else None
            shown = b"" if typ is None else f.data[typ.start_byte : typ.end_byte]
            return name.decode() in _COBRA_RUN_FIELDS and re.search(rb"(^|[\]*])" + re.escape(f"{cobra}.Command".encode()) + rb"$", shown) is not None
        if p.type == "expression_list" and p.parent is not None and p.parent.type == "assignment_statement":
            stmt = p.parent
            right, left = named(stmt.child_by_field_name("right")), named(stmt.child_by_field_name("left"))
            if len(right) != 1 or len(left) != 1 or right[0].id != v.id or left[0].type != "selector_expression":
                return False
            field = left[0].child_by_field_name("field")
            return field is not None and f.data[field.start_byte : field.end_byte].decode() in _COBRA_RUN_FIELDS
        return False

    def _is_once(self, operand: Node, f: _File) -> bool:
        """Is ``x`` of ``x.Do(…)`` a ``sync.Once``: its name (the last of a selector chain) is
        declared with that type in a file of the package?"""
        last = operand
        if last.type == "selector_expression":
            last = last.child_by_field_name("field")
        if last is None or last.type not in ("identifier", "field_identifier"):
            return False
        name = f.data[last.start_byte : last.end_byte]
        if name not in self._once_names:
            pattern = re.compile(rb"\b" + re.escape(name) + rb"(?:\s+\*?|\s*:?=\s*(?:&|new\()?)sync\.Once\b")
            self._once_names[name] = any(pattern.search(d) for _r, d, _p, _t in self._files_spelling(b"sync.Once"))
        return self._once_names[name]

    def _runs_once(self, decl: Node, f: _File, seen: frozenset) -> bool:
        def entry(name: bytes, method: bool) -> bool | None:
            if not method and (name == b"init" or (name == b"main" and f.package == b"main")):
                return True
            if not method and name == b"TestMain" and f.is_test:
                return True
            return None

        def use_ok(ref: Node, value: Node, g: _File, seen: frozenset) -> bool:
            call = value.parent
            if call is not None and call.type == "call_expression" and is_field(call, "function", value):
                return self._at(call, g, seen)
            return self._once_value(value, g)

        return self._every_use("once", decl, f, seen, entry, use_ok)

    # -- only tests ----------------------------------------------------------------------------

    def _tests_at(self, node: Node, f: _File, seen: frozenset) -> bool:
        if f.is_test:
            return True
        decl = node if node.type in ("function_declaration", "method_declaration") else None
        p = node
        while decl is None and p is not None:
            if p.type in ("function_declaration", "method_declaration"):
                decl = p
            p = p.parent
        if decl is None:
            return False
        testing = import_names(f.root, f.data).get("testing")
        if testing not in (None, "_") and has_testing_parameter(decl, f.data, testing):
            return True

        def use_ok(ref: Node, value: Node, g: _File, seen: frozenset) -> bool:
            return self._tests_at(ref, g, seen)

        return self._every_use("tests", decl, f, seen, lambda name, method: None, use_ok)

    # -- uses across the package -----------------------------------------------------------------

    def _every_use(self, fact: str, decl: Node, f: _File, seen: frozenset, entry, use_ok) -> bool:
        """Does ``fact`` hold of the declared function: ``entry(name, is_method)`` decides for an
        entry point (True/False, None: look at the uses), else every use of its name in the
        package must satisfy ``use_ok(ref, value, file, seen)`` (``value``: the function value
        at the use, the selector for a method). Unexported outside package main, with a use."""
        key = (fact, f.path, decl.start_byte)
        if key in self._memo:
            return self._memo[key]
        if key in seen:
            return False  # recursion: called again from itself
        nm = decl.child_by_field_name("name")
        if nm is None:
            return False
        name = f.data[nm.start_byte : nm.end_byte]
        method = decl.type == "method_declaration"
        got = entry(name, method)
        if got is None:
            got = False
            if f.package == b"main" or not name[:1].isupper():  # else other packages may use it
                uses = list(self._uses(name, method, decl, f))
                inner = seen | {key}
                got = bool(uses) and all(use_ok(ref, ref if not method else ref.parent, g, inner) for ref, g in uses)
        self._memo[key] = got
        return got

    def _uses(self, name: bytes, method: bool, decl: Node, f: _File) -> Iterator[tuple[Node, _File]]:
        """Where the package spells ``name`` as a function (an identifier) or a method (a
        selector's field), the declaration itself left out."""
        for root, data, path, is_test in self._files_spelling(name):
            g = _File(root, data, path, is_test, self.home.package) if root.id != self.home.root.id else self.home
            for m in _word(name).finditer(data):
                i = m.start()
                if i > 0 and data[i - 1] in lexical.WORD_BYTES:
                    continue
                n = root.descendant_for_byte_range(i, m.end())
                if n is None or n.start_byte != i or n.end_byte != m.end():
                    continue
                if n.parent is not None and n.parent.type in ("function_declaration", "method_declaration"):
                    continue  # a declared name
                if method:
                    if n.type == "field_identifier" and n.parent is not None and n.parent.type == "selector_expression":
                        yield n, g
                elif n.type == "identifier":
                    yield n, g

    def _files_spelling(self, word: bytes) -> Iterator[tuple[Node, bytes, str | None, bool]]:
        """This file and the files of its package whose bytes hold ``word`` (parsed only then)."""
        if word in self.home.data:
            yield self.home.root, self.home.data, self.home.path, self.home.is_test
        if self.view is None:
            return
        own = None if self.home.package is None else self.home.package.decode()
        for s in self.view.siblings():
            if s.package == own and word in s.source.data:
                yield s.tree.root_node, s.source.data, s.realpath, s.is_test


def _ends_process(stmt: Node, data: bytes, imports: dict[str, str]) -> bool:
    """``os.Exit(…)``, ``log.Fatal(…)``… as a statement: the process is gone after it."""
    if stmt.type != "expression_statement" or stmt.named_child_count != 1:
        return False
    call = stmt.named_children[0]
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    if fn is None or fn.type != "selector_expression":
        return False
    op, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if op is None or field is None or op.type != "identifier":
        return False
    local = data[op.start_byte : op.end_byte].decode("utf-8", "replace")
    name = data[field.start_byte : field.end_byte].decode("utf-8", "replace")
    return any(imports.get(path) == local and name in names for path, names in _PROCESS_ENDS.items())


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
