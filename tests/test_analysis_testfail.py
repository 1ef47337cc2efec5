"""analysis.testfail and analysis.recovery: which calls fail a test or end its goroutine, whether
a path is taken only after the test has failed, and which deferred recover catches a panic."""

from __future__ import annotations

import pytest

from gofixer.analysis import recovery, testfail
from gofixer.analysis.files import import_names
from gofixer.analysis.flow import no_return_statement
from gofixer.analysis.syntax import walk
from gofixer.source import parse

HEAD = 'package p\n\nimport (\n\t"runtime"\n\t"testing"\n\n\t"github.com/stretchr/testify/require"\n)\n\n'


def _tree(src: str):
    data = (HEAD + src).encode()
    root = parse(data).root_node
    return root, data, import_names(root, data)


def _stmts(root, data: bytes, text: str):
    return [n for n in walk(root) if n.type == "expression_statement" and data[n.start_byte : n.end_byte].decode().startswith(text)]


@pytest.mark.parametrize(
    "src,call,goexit,fails",
    [
        ("func f(t *testing.T) { t.Fatal(1) }", "t.Fatal", "t.Fatal", True),
        ("func f(b *testing.B) { b.Skipf(\"\") }", "b.Skipf", "b.Skipf", False),
        ("func f(tb testing.TB) { tb.FailNow() }", "tb.FailNow", "tb.FailNow", True),
        ("func f(t *testing.T) { t.Errorf(\"x\") }", "t.Errorf", None, True),
        ("func f(t *testing.T) { t.Log(1) }", "t.Log", None, False),
        # a closure uses the test's t
        ("func f(t *testing.T) { go func() { t.Fatal(1) }() }", "t.Fatal", "t.Fatal", True),
        # a local of the same name hides the parameter
        ("func f(t *testing.T) { t := fake{}; t.Fatal(1) }", "t.Fatal", None, False),
        # not a testing value
        ("func f(t *fake) { t.Fatal(1) }", "t.Fatal", None, False),
        ("func f(t *testing.T) { require.NoError(t, nil) }", "require.NoError", "require.NoError", False),
        ("func f(t *testing.T) { require.Fail(t, \"x\") }", "require.Fail", "require.Fail", True),
        ("func f() { runtime.Goexit() }", "runtime.Goexit", "runtime.Goexit", False),
    ],
)
def test_calls_that_end_a_test_goroutine_or_fail_the_test(src: str, call: str, goexit, fails: bool) -> None:
    root, data, imports = _tree(src + "\n\ntype fake struct{}\n\nfunc (fake) Fatal(...any) {}\n")
    [stmt] = _stmts(root, data, call)
    assert testfail.goexit_call(stmt, data, imports) == goexit
    assert testfail.fails_test(stmt, data, imports) is fails


SELECT = """func f(t *testing.T, ch, timeout chan int) {
	select {
	case <-ch:
	case <-timeout:
%s
	}
%s
}
"""


@pytest.mark.parametrize(
    "in_case,after,failed",
    [
        ("\t\tt.Fatal(\"timeout\")", "", True),
        ("\t\tt.Errorf(\"timeout\")\n\t\treturn", "", True),
        ("\t\tt.Log(\"slow\")", "", False),
        ("\t\tt.Log(\"slow\")\n\t\treturn", "\tt.Error(\"after\")", False),
        # the failure comes after the select, on every path
        ("\t\tt.Log(\"slow\")", "\tt.Error(\"after\")", True),
        # only on some paths
        ("\t\tif len(ch) > 0 {\n\t\t\tt.Fatal(1)\n\t\t}", "", False),
        ("\t\tpanic(\"timeout\")", "", True),
    ],
)
def test_failed_before_leaving(in_case: str, after: str, failed: bool) -> None:
    root, data, imports = _tree(SELECT % (in_case, after))
    case = [n for n in walk(root) if n.type == "communication_case"][1]
    func = next(n for n in walk(root) if n.type == "function_declaration")
    ends = lambda s: no_return_statement(s, data, imports)  # noqa: E731
    assert testfail.failed_before_leaving(case, func, data, imports, ends) is failed


def test_goexits_in_leaves_out_deferred_calls_and_closures() -> None:
    root, data, imports = _tree(
        "func f(t *testing.T) {\n\tdefer t.FailNow()\n\tcheck := func() { t.Fatal(1) }\n\t_ = check\n\tt.SkipNow()\n}\n"
    )
    func = next(n for n in walk(root) if n.type == "function_declaration")
    assert [text for _n, text in testfail.goexits_in(func, data, imports)] == ["t.SkipNow"]


def test_has_testing_parameter() -> None:
    root, data, _ = _tree("func a(t *testing.T) {}\n\nfunc b(tb testing.TB, n int) {}\n\nfunc c(m *testing.M) {}\n\nfunc d(t testing.T) {}\n")
    funcs = [n for n in walk(root) if n.type == "function_declaration"]
    assert [testfail.has_testing_parameter(f, data, "testing") for f in funcs] == [True, True, False, False]


# -- panics ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body,line",
    [
        ("defer func() {\n\t\tif r := recover(); r != nil {\n\t\t\tlog(r)\n\t\t}\n\t}()\n\twork()", 12),
        ("defer handle()\n\twork()", 22),  # a function of the file that recovers
        ("defer func() {\n\t\tfunc() { recover() }()\n\t}()\n\twork()", None),  # one call too deep
        ("recover()\n\twork()", None),  # not deferred
        ("defer log(recover())\n\twork()", None),  # recover evaluated at the defer statement
        ("defer cleanup()\n\twork()", None),
    ],
)
def test_deferred_recover(body: str, line) -> None:
    src = (
        "func f() {\n\t" + body + "\n}\n\nfunc work() {}\n\nfunc log(any) {}\n\nfunc cleanup() {}\n\n"
        "func handle() {\n\t_ = recover()\n}\n"
    )
    root, data, _ = _tree(src)
    funcs = {data[n.child_by_field_name("name").start_byte : n.child_by_field_name("name").end_byte]: n for n in walk(root) if n.type == "function_declaration"}

    def resolve(call):
        fn = call.child_by_field_name("function")
        return funcs.get(data[fn.start_byte : fn.end_byte]) if fn is not None and fn.type == "identifier" else None

    found = recovery.deferred_recover(funcs[b"f"], data, resolve)
    got = None if found is None else data.count(b"\n", 0, found.start_byte) + 1
    assert got == line
