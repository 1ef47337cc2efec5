"""The layer's timer facts (``analysis.timers``) and the loop and termination questions of
``analysis.flow`` and ``analysis.syntax`` they rest on, each asked of a small file directly."""

from __future__ import annotations

import pytest

from gofixer.analysis import flow, goroutines, syntax, timers
from gofixer.analysis.files import import_names
from tests.gopackage import parsed as _tree, func_named as _func


def _calls(root, data: bytes, spelled: str):
    return [n for n in syntax.walk(root) if n.type == "call_expression" and data[n.start_byte : n.end_byte].startswith(spelled.encode())]


def test_timers_leak_below_go_1_23_only_when_the_version_is_known() -> None:
    assert timers.timers_leak((1, 22))
    assert timers.timers_leak((1, 9))
    assert not timers.timers_leak((1, 23))
    assert not timers.timers_leak((2, 0))
    assert not timers.timers_leak(None)
    assert timers.go_version_text((1, 21)) == "go 1.21"


def test_time_call_follows_the_import_name_and_local_shadowing() -> None:
    data, root = _tree(
        "package p\n\nimport t \"time\"\n\nfunc a() { <-t.Tick(1) }\n\n"
        "func b() { t := fake{}; <-t.Tick(1) }\n\nfunc c() { <-t.After(1) }\n"
    )
    tick_a, tick_b = _calls(root, data, "t.Tick")
    (after,) = _calls(root, data, "t.After")
    assert timers.time_call(tick_a, data, "t", timers.TICK) == "Tick"
    assert timers.time_call(tick_b, data, "t", timers.TICK) is None  # t is a local in b
    assert timers.time_call(after, data, "t", timers.TICK) is None
    assert timers.time_call(after, data, "t", timers.AFTER) == "After"
    assert timers.time_call(tick_a, data, None, timers.TICK) is None  # time not imported
    assert timers.is_tick_call(tick_a, data, "t")


def test_a_dot_imported_tick_is_a_bare_call() -> None:
    data, root = _tree('package p\n\nimport . "time"\n\nfunc a() { <-Tick(Second) }\n')
    (call,) = _calls(root, data, "Tick(")
    assert timers.time_call(call, data, ".", timers.TICK) == "Tick"
    assert timers.time_call(call, data, "time", timers.TICK) is None


def test_a_range_over_a_ticker_never_ends_by_itself() -> None:
    data, root = _tree(
        'package p\n\nimport "time"\n\nfunc a(c chan int) {\n\tt := time.Tick(1)\n'
        "\tfor range time.Tick(1) {\n\t}\n\tfor range t {\n\t}\n\tfor range c {\n\t}\n}\n"
    )
    clauses = [n for n in syntax.walk(root) if n.type == "range_clause"]
    assert [timers.ranges_over_ticks(c, data, "time", frozenset({b"t"})) for c in clauses] == [True, True, False]
    assert [timers.ranges_over_ticks(c, data, "time", frozenset()) for c in clauses] == [True, False, False]


LOOPS = """package p

import "log"

func a(c chan int) {
	for {
		x := <-c
		if x > 0 {
			break
		}
	}
outer:
	for {
		for {
			continue outer
		}
	}
	for {
		switch {
		case true:
			break
		}
	}
	for {
		log.Fatal("x")
	}
}
"""


def test_loops_and_their_ways_out() -> None:
    data, root = _tree(LOOPS)
    fn = _func(root, data, "a")
    loops = [n for n in syntax.walk(fn) if n.type == "for_statement"]
    # the break leaves the first loop; the labeled continue leaves the inner loop and counts
    # as a way out of the outer one too (it is aimed at it); the break in the switch stays in
    # the switch; nothing leaves the last
    assert [flow.loop_can_exit(n, data) for n in loops] == [True, True, True, False, False]
    recv = next(n for n in syntax.walk(fn) if n.type == "short_var_declaration")
    assert syntax.same_node(flow.enclosing_loop(recv, fn), loops[0])
    assert syntax.same_node(flow.innermost_for(recv, fn), loops[0])
    imports = import_names(root, data)
    stmts = syntax.statements(fn.child_by_field_name("body"))
    assert [flow.never_completes(s, data, imports) for s in stmts] == [False, False, True, True]


def test_a_header_is_not_the_loop_body() -> None:
    data, root = _tree("package p\n\nfunc a(n int) {\n\tfor i := 0; i < n; i++ {\n\t}\n}\n")
    fn = _func(root, data, "a")
    init = next(n for n in syntax.walk(fn) if n.type == "short_var_declaration")
    assert flow.enclosing_loop(init, fn) is None  # runs once, before the loop
    assert flow.innermost_for(init, fn) is not None  # but declares a variable of the loop


def test_may_return_after() -> None:
    data, root = _tree(
        'package p\n\nimport "time"\n\n'
        "func forever() {\n\tt := time.Tick(1)\n\tfor range t {\n\t}\n}\n\n"
        "func returns(c chan int) {\n\tt := time.Tick(1)\n\tfor range c {\n\t\t<-t\n\t}\n}\n\n"
        "func jumps() {\n\tt := time.Tick(1)\nL:\n\t<-t\n\tgoto L\n}\n\n"
        "func early(ok bool) {\n\tif ok {\n\t\treturn\n\t}\n\tt := time.Tick(1)\n\tfor range t {\n\t}\n}\n"
    )
    imports = import_names(root, data)

    def answer(name: str):
        fn = _func(root, data, name)
        stmt = next(n for n in syntax.walk(fn) if n.type == "short_var_declaration")  # t := time.Tick(1)
        endless = lambda c: timers.ranges_over_ticks(c, data, "time", frozenset({b"t"}))  # noqa: E731
        return flow.may_return_after(fn, stmt, data, imports, endless)

    assert answer("forever") is False
    assert answer("returns") is True
    assert answer("jumps") is None
    assert answer("early") is False  # the return comes before the ticker starts


def test_functions_that_never_return_are_a_fixpoint() -> None:
    data, root = _tree(
        'package p\n\nimport "os"\n\nfunc die() { os.Exit(1) }\n\nfunc fail() { die() }\n\n'
        "func maybe(ok bool) {\n\tif ok {\n\t\tfail()\n\t}\n}\n\nfunc spin() {\n\tfor {\n\t}\n}\n"
    )
    assert flow.no_return_funcs(root, data, import_names(root, data)) == frozenset({b"die", b"fail", b"spin"})


def test_ends_path_knows_fatal_names_and_the_file_s_own_functions() -> None:
    data, root = _tree("package p\n\nfunc a(l logger) {\n\tl.Fatalf(\"x\")\n\tbail()\n\twork()\n}\n")
    stmts = syntax.statements(_func(root, data, "a").child_by_field_name("body"))
    assert [flow.ends_path(s, data, {}) for s in stmts] == [True, False, False]
    assert [flow.ends_path(s, data, {}, frozenset({b"bail"})) for s in stmts] == [True, True, False]


def test_process_lifetime_functions() -> None:
    main, mroot = _tree("package main\n\nfunc main() {}\n\nfunc init() {}\n\nfunc run() {}\n")
    lib, lroot = _tree("package lib\n\nfunc main() {}\n\nfunc init() {}\n")
    assert syntax.is_main_main(_func(mroot, main, "main"), mroot, main)
    assert not syntax.is_main_main(_func(lroot, lib, "main"), lroot, lib)
    assert [goroutines.lives_with_process(_func(mroot, main, n), mroot, main) for n in ("main", "init", "run")] == [True, True, False]
    assert [goroutines.lives_with_process(_func(lroot, lib, n), lroot, lib) for n in ("main", "init")] == [False, True]


def test_declared_in_body_and_statement_of() -> None:
    data, root = _tree(
        "package p\n\nfunc a(p int) (r int) {\n\tvar v int\n\tw := 1\n\tfunc() { z := 2; _ = z }()\n\treturn v + w + p\n}\n"
    )
    fn = _func(root, data, "a")
    assert [syntax.declared_in_body(fn, n, data) for n in (b"v", b"w", b"p", b"r", b"z")] == [True, True, False, False, False]
    plus = next(n for n in syntax.walk(fn) if n.type == "binary_expression")
    stmt = syntax.statement_of(plus, fn)
    assert stmt is not None and stmt.type == "return_statement"


def test_package_call_sees_a_local_that_shadows_the_package() -> None:
    data, root = _tree(
        'package p\n\nimport "context"\n\nfunc a() {\n\tcontext.WithCancel(nil)\n}\n\n'
        "func b() {\n\tcontext := fake{}\n\tcontext.WithCancel(nil)\n}\n"
    )
    calls = _calls(root, data, "context.WithCancel")
    memo: dict = {}
    assert [syntax.package_call(c, data, "context", {"WithCancel"}, memo) for c in calls] == ["WithCancel", None]
    assert [syntax.package_call(c, data, "context", {"WithCancel"}) for c in calls] == ["WithCancel", None]
    assert not syntax.names_locally(_func(root, data, "a"), "context", data)


@pytest.mark.parametrize(
    "setup,ranged,forever",
    [
        ("", "time.Tick(time.Second)", True),
        ("", "time.NewTicker(time.Second).C", True),
        ("", "time.NewTimer(time.Second).C", True),
        ("\tt := time.NewTicker(time.Second)\n", "t.C", True),
        # assigned again: which ticker is it?
        ("\tt := time.NewTicker(time.Second)\n\tt = other\n", "t.C", False),
        ("", "other.C", False),  # not known to be a ticker
        ("", "jobs", False),
    ],
)
def test_ranges_forever(setup: str, ranged: str, forever: bool) -> None:
    data, root = _tree(f'package p\n\nimport "time"\n\nfunc f(other *time.Ticker, jobs chan int) {{\n{setup}\tfor range {ranged} {{\n\t}}\n}}\n')
    clause = next(n for n in syntax.walk(root) if n.type == "range_clause")
    assert timers.ranges_forever(clause, data, "time") is forever
    assert not timers.ranges_forever(clause, data, None)


def test_release_paths_know_a_range_that_never_ends() -> None:
    src = 'package p\n\nimport "time"\n\nfunc f(quit chan int) {\n\tfor range time.NewTicker(time.Second).C {\n\t\tif len(quit) > 0 {\n\t\t\treturn\n\t\t}\n\t}\n}\n'
    data, root = _tree(src)
    func = _func(root, data, "f")
    never = lambda n: False  # noqa: E731
    body = syntax.statements(func.child_by_field_name("body"))
    assert flow.NORMAL in flow.ReleasePaths(data, func, never, never, never).exits(body)
    endless = lambda c: timers.ranges_forever(c, data, "time")  # noqa: E731
    exits = flow.ReleasePaths(data, func, never, never, never, endless_range=endless).exits(body)
    assert flow.NORMAL not in exits and any(e[0] == "return" for e in exits)
