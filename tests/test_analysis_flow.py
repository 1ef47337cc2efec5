"""analysis.flow: ReleasePaths' options for a resource that a send reaches (select cases'
communications, range clauses, which loops go round again, functions with results), and the
loop facts."""

from __future__ import annotations

from gofixer.analysis import flow
from gofixer.analysis.syntax import walk
from gofixer.source import parse


def _func(src: str):
    data = f"package p\n\n{src}\n".encode()
    root = parse(data).root_node
    func = next(n for n in walk(root) if n.type == "function_declaration")
    return func, data


def _text(data: bytes, n) -> str:
    return data[n.start_byte : n.end_byte].decode()


def _start(func, data, text: str):
    return next(n for n in walk(func) if n.type == "expression_statement" and _text(data, n) == text)


def _send_to(data: bytes, key: str):
    return lambda n: n.type == "send_statement" and _text(data, n.child_by_field_name("channel")) == key


def _never(n) -> bool:
    return False


SELECT = """func f(ch, other chan int, chs chan chan int) {
	close(ch)
	select {
	case ch <- 1:
		return
	case ch = <-chs:
		return
	case <-other:
	}
}"""


def test_clauses_ask_of_select_communications() -> None:
    func, data = _func(SELECT)
    start = _start(func, data, "close(ch)")
    hits, stops = [], []

    def releases(n) -> bool:
        if _send_to(data, "ch")(n):
            hits.append(n)
            return True
        return False

    def assigns(n) -> bool:
        found = n.type == "receive_statement" and _text(data, n).startswith("ch =")
        if found:
            stops.append(n)
        return found

    plain = flow.ReleasePaths(data, func, releases, assigns, _never).after(start)
    # without the option the cases' bodies are followed whatever their communication does
    assert len(plain.returns) == 2 and not hits
    asked = flow.ReleasePaths(data, func, releases, assigns, _never, clauses=True).after(start)
    assert not asked.returns and asked.falls_off is not None  # only the <-other case goes on
    assert len(hits) == 1 and len(stops) == 1


def test_clauses_ask_of_a_range_clause() -> None:
    func, data = _func("func f(ch chan int, chans []chan int) {\n\tclose(ch)\n\tfor _, ch = range chans {\n\t\tch <- 1\n\t}\n}")
    start = _start(func, data, "close(ch)")
    ranged = lambda n: n.type == "range_clause"  # noqa: E731
    releases = _send_to(data, "ch")
    hit: list = []
    v = flow.ReleasePaths(data, func, lambda n: releases(n) and not hit.append(n), ranged, _never).after(start)
    assert hit and not v.unknown  # without the option the range clause is not asked
    hit.clear()
    v = flow.ReleasePaths(data, func, lambda n: releases(n) and not hit.append(n), ranged, _never, clauses=True).after(start)
    assert not hit and v.falls_off is None


LOOP = """func f(ch chan int, n int) {
	for i := 0; i < n; i++ {
		ch <- i
		if i == n-1 {
			close(ch)
		}
	}
}"""


def test_next_iteration_decides_which_loops_go_round_again() -> None:
    func, data = _func(LOOP)
    start = _start(func, data, "close(ch)")
    hits: list = []
    releases = lambda n: _send_to(data, "ch")(n) and not hits.append(n)  # noqa: E731
    flow.ReleasePaths(data, func, releases, _never, _never).after(start)
    assert len(hits) == 1  # the send of the next iteration
    hits.clear()
    v = flow.ReleasePaths(data, func, releases, _never, _never, next_iteration=flow.is_infinite_loop).after(start)
    assert not hits and v.falls_off is not None  # the loop may end at its head instead


def test_rounds_are_loops_that_come_round_again_unreleased() -> None:
    func, data = _func("func f(ch chan int, x bool) {\n\tfor {\n\t\tclose(ch)\n\t\tif x {\n\t\t\tch <- 1\n\t\t}\n\t}\n}")
    start = _start(func, data, "close(ch)")
    v = flow.ReleasePaths(data, func, _send_to(data, "ch"), _never, _never).after(start)
    loop = next(n for n in walk(func) if n.type == "for_statement")
    assert [r.id for r in v.rounds] == [loop.id]


def test_strict_end() -> None:
    func, data = _func("func f(ch chan int) error {\n\tclose(ch)\n\tlog.Fatal(1)\n}")
    start = _start(func, data, "close(ch)")
    assert flow.ReleasePaths(data, func, _never, _never, _never).after(start).unknown
    v = flow.ReleasePaths(data, func, _never, _never, _never, strict_end=False).after(start)
    assert not v.unknown and v.falls_off is not None


def test_loop_facts() -> None:
    func, data = _func(
        "func f(n int) {\n\tfor {\n\t\tfor i := 0; i < 3; i++ {\n\t\t\tfor range 2 {\n\t\t\t\tfor ; ; n++ {\n"
        "\t\t\t\t\tgo func() {\n\t\t\t\t\t\tfor n > 0 {\n\t\t\t\t\t\t\tx()\n\t\t\t\t\t\t}\n\t\t\t\t\t}()\n"
        "\t\t\t\t}\n\t\t\t}\n\t\t}\n\t}\n}"
    )
    loops = [n for n in walk(func) if n.type == "for_statement"]
    assert [flow.is_infinite_loop(lp) for lp in loops] == [True, False, False, True, False]
    assert [flow.is_counted_loop(lp) for lp in loops] == [False, True, True, False, False]
    assert [flow.loop_header(lp) is None for lp in loops] == [True, False, False, False, False]
    call = next(n for n in walk(func) if n.type == "call_expression" and _text(data, n) == "x()")
    literal = next(n for n in walk(func) if n.type == "func_literal")
    assert [lp.id for lp in flow.enclosing_loops(call, literal)] == [loops[4].id]
    go = next(n for n in walk(func) if n.type == "go_statement")
    assert [lp.id for lp in flow.enclosing_loops(go, func)] == [lp.id for lp in reversed(loops[:4])]


def test_conditional_below() -> None:
    func, data = _func(
        "func f(ch chan int, x bool) {\n\tif x {\n\t\tclose(ch)\n\t}\n\tfor {\n\t\tclose(ch)\n\t}\n\tclose(ch)\n}"
    )
    closes = [n for n in walk(func) if n.type == "expression_statement"]
    body = func.child_by_field_name("body")
    assert [flow.conditional_below(c, body) for c in closes] == [True, False, False]


def test_no_return_statement() -> None:
    func, data = _func("func f() {\n\tpanic(1)\n\tos.Exit(1)\n\tfmt.Println()\n}")
    stmts = [n for n in walk(func) if n.type == "expression_statement"]
    assert [flow.no_return_statement(s, data, {"os": "os", "fmt": "fmt"}) for s in stmts] == [True, True, False]

