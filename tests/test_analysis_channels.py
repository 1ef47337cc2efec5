"""analysis.channels: the builtin close, channel keys, receives and select cases, unbuffered
make, sends per path, done-like channels and blocking on one."""

from __future__ import annotations

import pytest

from gofixer.analysis import channels
from gofixer.analysis.syntax import walk
from gofixer.source import parse


def _tree(body: str, head: str = ""):
    data = f"package p\n\n{head}func f() {{\n{body}\n}}\n".encode()
    return parse(data).root_node, data


def _nodes(root, kind: str):
    return [n for n in walk(root) if n.type == kind]


def _text(data: bytes, n) -> str:
    return data[n.start_byte : n.end_byte].decode()


def test_close_calls_and_their_argument() -> None:
    root, data = _tree("\tclose(ch)\n\tc.close()\n\tclosed := 1\n\tdefer close(s.out)\n\t_ = closed")
    calls = channels.close_calls(root, data)
    assert [_text(data, channels.close_argument(n.parent, data)) for n in calls] == ["ch", "s.out"]


@pytest.mark.parametrize(
    "src,calls",
    [
        (b"close(ch)", True),
        (b"x; close (ch)", True),
        (b"close/* why */(ch)", True),
        (b"c.close()", False),
        (b"disclose(x)", False),
        (b"// close it\nclosed := true", False),
    ],
)
def test_may_call_close(src: bytes, calls: bool) -> None:
    assert channels.may_call_close(src) is calls


@pytest.mark.parametrize(
    "src,declares",
    [
        (b"func close(c chan int) {}\n", True),
        (b"var close = 1\n", True),
        (b"var (\n\tclose = 1\n)\n", True),
        (b"func f() {\n\tclose(ch)\n}\n", False),
        (b"\tclose(ch)\n", False),
    ],
)
def test_may_declare_close(src: bytes, declares: bool) -> None:
    assert channels.may_declare_close(src) is declares


def test_channel_key_and_prefixes() -> None:
    root, data = _tree("\t_ = ch\n\t_ = (s.a.ch)\n\t_ = chs[0]")
    values = [n.child_by_field_name("right") for n in _nodes(root, "assignment_statement")]
    keys = [channels.channel_key(v.named_children[0], data) for v in values]
    assert keys == [b"ch", b"s.a.ch", None]
    assert channels.key_prefixes(b"s.a.ch") == [b"s", b"s.a"]
    assert channels.key_prefixes(b"ch") == []


def test_receives_and_select_cases() -> None:
    body = """\tv := <-ch
	for x := range ch {
		_ = x
	}
	select {
	case <-ch:
	case <-done:
	}
	select {
	case w := <-other:
		_ = w
	}
	go func() { <-ch }()
	_ = v"""
    root, data = _tree(body)
    func = _nodes(root, "function_declaration")[0]
    got = channels.receives(func.child_by_field_name("body"), b"ch", data)
    # the plain receive, the range, the select case; not the one in the literal
    assert [n.type for n in got] == ["unary_expression", "range_clause", "unary_expression"]
    in_select = got[2]
    assert channels.select_case_of(in_select) is not None and channels.select_case_of(got[0]) is None
    assert channels.in_select_with_other(in_select)
    done = next(n for n in _nodes(root, "unary_expression") if _text(data, n) == "<-done")
    assert channels.in_select_with(done, b"ch", data)
    alone = next(n for n in _nodes(root, "unary_expression") if _text(data, n) == "<-other")
    assert not channels.in_select_with_other(alone) and not channels.in_select_with(alone, b"ch", data)
    comms = [c.child_by_field_name("communication") for c in _nodes(root, "communication_case")]
    assert [_text(data, channels.case_receive_operand(c)) for c in comms] == ["ch", "done", "other"]


def test_unbuffered_make() -> None:
    root, data = _tree(
        "\ta := make(chan int)\n\tb := make(chan int, 0)\n\tc := make(chan int, 1)\n"
        "\td := make(<-chan int)\n\te := make(map[int]chan int)\n\t_, _, _, _, _ = a, b, c, d, e"
    )
    makes = channels.channel_makes(root, data)
    assert [_text(data, m) for m in makes] == ["make(chan int)", "make(chan int, 0)", "make(chan int, 1)", "make(<-chan int)"]
    found = [channels.unbuffered_make(m, data) for m in makes]
    assert [m is not None for m in found] == [True, True, False, False]
    assert found[0].zero is None and _text(data, found[1].zero) == "0"


def _sends(body: str):
    root, data = _tree(body)
    func = _nodes(root, "function_declaration")[0]
    sends = [s for s in _nodes(root, "send_statement") if _text(data, s.child_by_field_name("channel")) == "ch"]
    return channels.sends_per_path(func.child_by_field_name("body"), data, b"ch", sends, {})


@pytest.mark.parametrize(
    "body,expected",
    [
        ("\tch <- 1", (1, False)),
        ("\tif x {\n\t\tch <- 1\n\t} else {\n\t\tch <- 2\n\t}", (1, False)),
        ("\tch <- 1\n\tch <- 2", (channels.MANY, False)),
        ("\tfor _, v := range vs {\n\t\tch <- v\n\t}", (channels.MANY, False)),
        ("\tif x {\n\t\tch <- 1\n\t\treturn\n\t}\n\tch <- 2", (1, False)),
        ("\tselect {\n\tcase ch <- 1:\n\tcase <-done:\n\t}", (1, True)),
        ("\tgoto end\nend:\n\tch <- 1", None),
    ],
)
def test_sends_per_path(body: str, expected) -> None:
    assert _sends(body) == expected


@pytest.mark.parametrize(
    "expr,done",
    [
        ("ctx.Done()", True),
        ("done", True),
        ("stopCh", True),
        ("s.quitC", True),
        ("closing[i]", True),
        ("shutdownChan", True),
        ("jobs", False),
        ("results", False),
        ("s.events", False),
    ],
)
def test_done_like(expr: str, done: bool) -> None:
    root, data = _tree(f"\t<-{expr}")
    (recv,) = [n for n in _nodes(root, "unary_expression") if _text(data, n).startswith("<-")]
    assert channels.done_like(recv.child_by_field_name("operand"), data) is done


def test_select_shapes() -> None:
    body = """\tv := <-in
	v, ok := <-in
	v = <-in
	<-in
	out <- v
	handle(<-in)
	x := 1
	select {
	case <-in:
	default:
	}"""
    root, data = _tree(body)
    stmts = _nodes(root, "statement_list")[0].named_children
    assert [channels.as_select_case(s) for s in stmts] == [True, True, True, True, True, False, False, False]
    sel = stmts[-1]
    assert not channels.blocking_select(sel)
    assert not channels.blocks_on_receive(sel)  # a select with a default does not wait
    assert channels.blocks_on_receive(stmts[5])  # handle(<-in) does


SENDER = """func f(n int) {
	res := make(chan int)
	errc := make(chan error)
	go func() {
%s
	}()
%s
	select {
	case <-res:
	case <-errc:
	}
}
"""


@pytest.mark.parametrize(
    "sender,elsewhere,instead",
    [
        ("\t\tif n < 0 {\n\t\t\terrc <- nil\n\t\t\treturn\n\t\t}\n\t\tres <- n", "", True),
        # a close of the other channel is the sender's last word too
        ("\t\tif n < 0 {\n\t\t\tclose(errc)\n\t\t\treturn\n\t\t}\n\t\tres <- n", "", True),
        # both on one path: the select may take errc while res is still to come
        ("\t\terrc <- nil\n\t\tres <- n", "", False),
        # the sender never uses errc
        ("\t\tres <- n", "", False),
        # someone else sends on errc too
        ("\t\tif n < 0 {\n\t\t\terrc <- nil\n\t\t\treturn\n\t\t}\n\t\tres <- n", "\tgo func() { errc <- nil }()", False),
        # errc inside the goroutine is its own variable
        ("\t\terrc := make(chan error, 1)\n\t\tif n < 0 {\n\t\t\terrc <- nil\n\t\t\treturn\n\t\t}\n\t\tres <- n", "", False),
    ],
)
def test_sends_instead(sender: str, elsewhere: str, instead: bool) -> None:
    data = ("package p\n\n" + SENDER % (sender, elsewhere)).encode()
    root = parse(data).root_node
    func = _nodes(root, "function_declaration")[0]
    literal = _nodes(root, "func_literal")[0]
    assert channels.sends_instead(func, literal, b"res", b"errc", data, {}) is instead


def test_sends_per_path_any_counts_closes() -> None:
    data = b"package p\n\nfunc f(x bool) {\n\tif x {\n\t\tclose(done)\n\t\treturn\n\t}\n\tch <- 1\n\tclose(done)\n}\n"
    root = parse(data).root_node
    body = _nodes(root, "function_declaration")[0].child_by_field_name("body")
    stmts = [n for n in walk(body) if n.type == "send_statement" or channels.closed_name(n, data) is not None]
    assert channels.sends_per_path_any(body, data, (b"ch", b"done"), stmts, {}) == (2, False)
    assert channels.sends_per_path_any(body, data, (b"done",), stmts, {}) == (1, False)
