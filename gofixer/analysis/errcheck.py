"""The error check that follows a call: ``if err != nil { return … }``, testify's
``require.NoError(t, err)``, and the statements after which a path does not go on.

A rule that adds code after a call (``defer resp.Body.Close()``) or judges what the call's
results are used for must know whether the code below the check runs only when the call
succeeded: the check's block must leave (return, break, continue, panic, exit, end the test)
on every path.
"""

from __future__ import annotations

from tree_sitter import Node

from .flow import NORMAL, UNKNOWN, ReleasePaths, no_return_call, statements
from .syntax import declares_locally, named, top_function, unparen

TESTIFY_REQUIRE = "github.com/stretchr/testify/require"
_NO_ERROR = frozenset({b"NoError"})

# Method names after which a path does not go on, besides the calls flow.no_return_call knows:
# testing's Fatal family, FailNow and Skip (they end the test's goroutine), runtime.Goexit.
NO_RETURN_METHODS = frozenset({b"Fatal", b"Fatalf", b"Fatalln", b"FailNow", b"SkipNow", b"Skip", b"Skipf", b"Goexit"})


def is_nil(n: Node | None) -> bool:
    """Is ``n`` (inside any parentheses) the predeclared ``nil``?"""
    n = unparen(n)
    return n is not None and n.type == "nil"


def nil_comparison(node: Node, child: Node) -> bool:
    """Is ``node`` ``child == nil`` or ``child != nil`` (either way round)?"""
    if node.type != "binary_expression":
        return False
    op = node.child_by_field_name("operator")
    if op is None or op.type not in ("==", "!="):
        return False
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    other = right if left is not None and left.id == child.id else left
    return is_nil(other)


def ends_path(s: Node, data: bytes, imports: dict[str, str]) -> bool:
    """Is the statement a call after which its path does not go on (``panic``, ``os.Exit``,
    ``log.Fatal``, ``t.Fatalf``, ``t.SkipNow``…)?"""
    if s.type != "expression_statement":
        return False
    if no_return_call(s, data, imports):
        return True
    c = s.named_children[0] if s.named_child_count == 1 else None
    if c is None or c.type != "call_expression":
        return False
    fn = c.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    f = fn.child_by_field_name("field")
    return f is not None and data[f.start_byte : f.end_byte] in NO_RETURN_METHODS


def require_no_error(stmt: Node, data: bytes, imports: dict[str, str], err: bytes, func: Node) -> bool:
    """Is ``stmt`` ``require.NoError(t, err)`` (testify's require, which stops the test on an
    error), with ``require`` not hidden by a local declaration?"""
    return _require_on(stmt, data, imports, err, func, _NO_ERROR)


def _require_on(stmt: Node, data: bytes, imports: dict[str, str], err: bytes, func: Node, methods: frozenset[bytes]) -> bool:
    """Is ``stmt`` ``require.M(t, err, …)`` for one of ``methods``, with testify's require
    imported and not hidden by a local declaration?"""
    req = imports.get(TESTIFY_REQUIRE)
    if req in (None, "_", ".") or stmt.type != "expression_statement" or stmt.named_child_count != 1:
        return False
    call = stmt.named_children[0]
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    if fn is None or fn.type != "selector_expression":
        return False
    op, f = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if op is None or f is None or data[op.start_byte : op.end_byte] != req.encode() or data[f.start_byte : f.end_byte] not in methods:
        return False
    args = named(call.child_by_field_name("arguments"))
    top = top_function(stmt) or func
    return (
        len(args) >= 2
        and args[1].type == "identifier"
        and data[args[1].start_byte : args[1].end_byte] == err
        and not declares_locally(top, req, data)
    )


def error_check(
    stmt: Node,
    data: bytes,
    imports: dict[str, str],
    err: bytes,
    func: Node,
    op: str = "!=",
    allow_init: bool = False,
    allow_return: bool = True,
) -> bool:
    """Is ``stmt`` (in the function ``func``) ``if err != nil { … }`` with no else (and no
    initializer, unless ``allow_init``) whose block never falls through, or (for ``!=``)
    ``require.NoError(t, err)``? With ``op`` "==" it is ``if err == nil { … }``; with
    ``allow_return`` false the block must not return either: it ends in a panic, a Fatal or
    an exit on every path."""
    if op == "!=" and require_no_error(stmt, data, imports, err, func):
        return True
    if stmt.type != "if_statement" or (not allow_init and stmt.child_by_field_name("initializer") is not None):
        return False
    if stmt.child_by_field_name("alternative") is not None:
        return False
    cond = unparen(stmt.child_by_field_name("condition"))
    if cond is None or cond.type != "binary_expression":
        return False
    operator = cond.child_by_field_name("operator")
    if operator is None or operator.type != op:
        return False
    sides = [unparen(cond.child_by_field_name("left")), unparen(cond.child_by_field_name("right"))]
    idents = [s for s in sides if s is not None and s.type == "identifier" and data[s.start_byte : s.end_byte] == err]
    if len(idents) != 1 or not any(s is not None and s.type == "nil" for s in sides):
        return False
    cons = stmt.child_by_field_name("consequence")
    if cons is None:
        return False

    def never(s: Node) -> bool:
        return False

    exits = ReleasePaths(data, func, never, never, lambda s: ends_path(s, data, imports)).exits(statements(cons))
    if not allow_return:
        return not exits
    return NORMAL not in exits and UNKNOWN not in exits


# testing's methods that mark the test failed and let it go on
FAIL_METHODS = frozenset({b"Error", b"Errorf", b"Fail"})


def _testing_param(func: Node, name: bytes, data: bytes, testing: str) -> bool:
    """Does ``func`` declare a parameter ``name`` of type ``*testing.T``, ``*testing.B``,
    ``*testing.F`` or ``testing.TB`` (testing imported as ``testing``)?"""
    for decl in named(func.child_by_field_name("parameters")):
        if decl.type != "parameter_declaration":
            continue
        if not any(data[n.start_byte : n.end_byte] == name for n in decl.children_by_field_name("name")):
            continue
        typ = decl.child_by_field_name("type")
        want = (b"T", b"B", b"F")
        if typ is not None and typ.type == "pointer_type" and typ.named_child_count == 1:
            typ = typ.named_children[0]
        elif typ is not None:
            want = (b"TB",)
        if typ is None or typ.type != "qualified_type":
            return False
        pkg, tname = typ.child_by_field_name("package"), typ.child_by_field_name("name")
        return (
            pkg is not None
            and tname is not None
            and data[pkg.start_byte : pkg.end_byte] == testing.encode()
            and data[tname.start_byte : tname.end_byte] in want
        )
    return False


def fails_test(stmt: Node, data: bytes, imports: dict[str, str]) -> bool:
    """Is ``stmt`` ``t.Error(…)``, ``t.Errorf(…)`` or ``t.Fail()`` on the ``*testing.T`` (``B``,
    ``F``, ``TB``) parameter of an enclosing function? From there on the test has failed: what
    it leaks afterwards is not what its author needs to hear about."""
    testing = imports.get("testing")
    if testing in (None, "_", ".") or stmt.type != "expression_statement" or stmt.named_child_count != 1:
        return False
    call = stmt.named_children[0]
    fn = call.child_by_field_name("function") if call.type == "call_expression" else None
    if fn is None or fn.type != "selector_expression":
        return False
    op, f = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
    if op is None or f is None or op.type != "identifier" or data[f.start_byte : f.end_byte] not in FAIL_METHODS:
        return False
    name = data[op.start_byte : op.end_byte]
    p = stmt.parent
    while p is not None:
        if p.type in ("function_declaration", "method_declaration", "func_literal"):
            if _testing_param(p, name, data, testing):
                return True
            if declares_locally(p, name.decode("utf-8", "replace"), data):
                return False  # another variable of that name
        p = p.parent
    return False


# testify's assertions that an error is not nil (require's stop the test when it is nil)
REQUIRE_ERROR = frozenset({b"Error", b"ErrorIs", b"ErrorAs", b"ErrorContains", b"EqualError", b"Errorf"})


def requires_error(stmt: Node, data: bytes, imports: dict[str, str], err: bytes, func: Node) -> bool:
    """Is ``stmt`` ``require.Error(t, err)`` (or ``ErrorIs``, ``ErrorAs``, ``ErrorContains``,
    ``EqualError``) on ``err``, testify's require not hidden by a local? Past it the call that
    returned ``err`` failed, so its other results are zero: a nil response, say."""
    return _require_on(stmt, data, imports, err, func, REQUIRE_ERROR)
