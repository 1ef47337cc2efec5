"""Tests that fail: which calls mark a test failed, which end the test's goroutine, and whether a
path can only be taken once the test has already failed.

A leak or a hang that can only happen after the test has failed changes nothing a reviewer
cares about (the run is red already; the test binary exits soon after), so rules about leaks
ask here before they report one in a test. The opposite case matters too: ``t.FailNow`` (and
so ``t.Fatal``, testify's ``require``, ``t.SkipNow``) ends the goroutine that calls it with
``runtime.Goexit``, which skips what that goroutine was still to do, such as ``wg.Done()``.

Testing values are the parameters typed ``*testing.T``, ``*testing.B``, ``*testing.F`` or
``testing.TB`` of the function around a call or of a function around that (a closure in a test
uses the test's ``t``), resolved by their declaration, not by their name.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from .flow import NORMAL, ReleasePaths
from .syntax import FUNC_TYPES, named, shadowed_at, statements, unparen, walk_same_function

TESTING = "testing"
REQUIRE = "github.com/stretchr/testify/require"
ASSERT = "github.com/stretchr/testify/assert"

# methods of testing.TB that end the calling goroutine (runtime.Goexit)
GOEXIT_METHODS = frozenset({b"FailNow", b"Fatal", b"Fatalf", b"SkipNow", b"Skip", b"Skipf"})
# methods of testing.TB that mark the test failed
FAIL_METHODS = frozenset({b"Error", b"Errorf", b"Fail", b"FailNow", b"Fatal", b"Fatalf"})
# testify functions that fail whatever their arguments
_ALWAYS_FAILS = frozenset({b"Fail", b"FailNow"})


def _call_of(stmt: Node) -> Node | None:
    if stmt.type != "expression_statement" or stmt.named_child_count != 1:
        return None
    call = stmt.named_children[0]
    return call if call.type == "call_expression" else None


def _selector(call: Node, data: bytes) -> tuple[Node, bytes] | None:
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return None
    operand, field = unparen(fn.child_by_field_name("operand")), fn.child_by_field_name("field")
    if operand is None or field is None:
        return None
    return operand, data[field.start_byte : field.end_byte]


def is_testing_value(ident: Node, data: bytes, imports: dict[str, str]) -> bool:
    """Is the identifier a parameter of type ``*testing.T``/``B``/``F`` or ``testing.TB`` of a
    function around it (the nearest one declaring that name decides)?"""
    if ident.type != "identifier":
        return False
    pkg = imports.get(TESTING)
    if pkg in (None, "_"):
        return False
    name = data[ident.start_byte : ident.end_byte]
    p = ident.parent
    while p is not None:
        if p.type in FUNC_TYPES:
            for decl in named(p.child_by_field_name("parameters")):
                if any(data[n.start_byte : n.end_byte] == name for n in decl.children_by_field_name("name")):
                    body = p.child_by_field_name("body")
                    if body is not None and shadowed_at(body, name, ident, data):
                        return False  # a local of the same name hides the parameter
                    return _testing_type(decl.child_by_field_name("type"), data, pkg)
            if p.type != "func_literal":
                return False
        p = p.parent
    return False


def _testing_type(t: Node | None, data: bytes, pkg: str) -> bool:
    """``*testing.T``, ``*testing.B``, ``*testing.F`` or ``testing.TB`` (``pkg``: how the file
    names package testing)."""
    if t is None:
        return False
    if t.type == "pointer_type":
        inner = named(t)
        return bool(inner) and _qualified(inner[0], data, pkg) in (b"T", b"B", b"F")
    return _qualified(t, data, pkg) == b"TB"


def _qualified(t: Node, data: bytes, pkg: str) -> bytes | None:
    """``N`` of a type spelled ``pkg.N`` (``N`` alone under a dot import)."""
    if pkg == ".":
        return data[t.start_byte : t.end_byte] if t.type == "type_identifier" else None
    if t.type != "qualified_type":
        return None
    p, n = t.child_by_field_name("package"), t.child_by_field_name("name")
    if p is None or n is None or data[p.start_byte : p.end_byte] != pkg.encode():
        return None
    return data[n.start_byte : n.end_byte]


def _package_function(call: Node, data: bytes, imports: dict[str, str], path: str) -> bytes | None:
    """``F`` of a call ``pkg.F(…)`` of the package imported from ``path``."""
    sel = _selector(call, data)
    pkg = imports.get(path)
    if sel is None or pkg in (None, "_", "."):
        return None
    operand, name = sel
    if operand.type != "identifier" or data[operand.start_byte : operand.end_byte] != pkg.encode():
        return None
    return name


def goexit_call(stmt: Node, data: bytes, imports: dict[str, str]) -> str | None:
    """How the statement is spelled (``t.Fatalf``, ``require.NoError``, ``runtime.Goexit``) when
    it is a call that may end the calling goroutine through ``runtime.Goexit``: a testing
    value's ``FailNow``/``Fatal``/``Skip`` family, any of testify's ``require`` functions (they
    call ``FailNow`` when their check fails), or ``runtime.Goexit`` itself."""
    call = _call_of(stmt)
    if call is None:
        return None
    sel = _selector(call, data)
    if sel is None:
        return None
    operand, name = sel
    text = data[operand.start_byte : operand.end_byte].decode("utf-8", "replace") + "." + name.decode("utf-8", "replace")
    if name in GOEXIT_METHODS and is_testing_value(operand, data, imports):
        return text
    if _package_function(call, data, imports, REQUIRE) is not None:
        return text
    if name == b"Goexit" and _package_function(call, data, imports, "runtime") is not None:
        return text
    return None


def fails_test(stmt: Node, data: bytes, imports: dict[str, str]) -> bool:
    """Does the statement mark the test failed whatever happens: a testing value's ``Error``,
    ``Errorf``, ``Fail``, ``FailNow``, ``Fatal``, ``Fatalf``, or testify's ``Fail``/``FailNow``?"""
    call = _call_of(stmt)
    if call is None:
        return False
    sel = _selector(call, data)
    if sel is None:
        return False
    operand, name = sel
    if name in FAIL_METHODS and is_testing_value(operand, data, imports):
        return True
    for path in (REQUIRE, ASSERT):
        if _package_function(call, data, imports, path) in _ALWAYS_FAILS:
            return True
    return False


def failed_before_leaving(
    case: Node, func: Node, data: bytes, imports: dict[str, str], ends: Callable[[Node], bool] | None = None
) -> bool:
    """Has the test failed on every path that takes the select case ``case`` (or runs the block
    ``case``) and leaves ``func``? Each path must reach a statement that fails the test (see
    :func:`fails_test`) or ends it (``ends``: ``panic``, ``t.Fatal``…) before it returns, or
    before it goes on past the select and out of the function. Paths are followed on the syntax
    (see :class:`gofixer.analysis.flow.ReleasePaths`); anything not understood answers no."""
    never = lambda n: False  # noqa: E731

    def failing(n: Node) -> bool:
        return fails_test(n, data, imports)

    stop = ends or never
    paths = ReleasePaths(data, func, failing, never, stop)
    exits = paths.exits(statements(case))
    if any(e != NORMAL and e != ("break", None) for e in exits):
        return False  # returns, continues or jumps without failing (or unknown)
    if not exits:
        return True
    select = case.parent
    if select is None or select.type not in ("select_statement", "expression_switch_statement", "type_switch_statement"):
        return False
    verdict = ReleasePaths(data, func, failing, never, stop).after(select)
    return not verdict.unknown and not verdict.returns and verdict.falls_off is None and not verdict.back_edges


def goexits_in(func: Node, data: bytes, imports: dict[str, str]) -> list[tuple[Node, str]]:
    """The statements of ``func`` itself (not of closures it does not call on the spot) that may
    end its goroutine through ``runtime.Goexit`` (see :func:`goexit_call`), deferred ones left
    out, with their spelling."""
    body = func.child_by_field_name("body")
    out = []
    for n in walk_same_function(body) if body is not None else ():
        if n.type == "defer_statement":
            continue
        if n.type == "expression_statement" and not _under_defer(n, body):
            text = goexit_call(n, data, imports)
            if text is not None:
                out.append((n, text))
    return out


def _under_defer(n: Node, top: Node) -> bool:
    p = n.parent
    while p is not None and p.id != top.id:
        if p.type == "defer_statement":
            return True
        p = p.parent
    return False


def has_testing_parameter(func: Node, data: bytes, testing: str) -> bool:
    """Does the function take a ``*testing.T``/``B``/``F`` or ``testing.TB`` (``testing``: the
    file's name for the package)? Its code runs under a test."""
    return any(_testing_type(p.child_by_field_name("type"), data, testing) for p in named(func.child_by_field_name("parameters")))
