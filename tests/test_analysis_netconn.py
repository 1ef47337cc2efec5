"""Blocking network I/O (gofixer.analysis.netconn), on its own: which dials can wait for a peer,
whether a context is at hand, the reads of a connection in a loop and the deadlines set on it."""

from __future__ import annotations

from gofixer.analysis import netconn
from gofixer.analysis.files import FileIndex
from gofixer.analysis.model import PackageModel
from gofixer.analysis.syntax import walk
from gofixer.source import parse

SRC = """package p

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"time"
)

func dials(network, addr string) {
	net.Dial("tcp", addr)
	net.Dial("unix", addr)
	net.Dial(network, addr)
	for _, n := range []string{"udp", "unixgram"} {
		net.Dial(n, addr)
	}
	kinds := []string{"tcp4", "unix"}
	for _, n := range kinds {
		net.Dial(n, addr)
	}
}

func withCtx(ctx context.Context) { net.Dial("tcp", "a:1") }

func withReq(w http.ResponseWriter, r *http.Request) { net.Dial("tcp", "a:1") }

func wrapper(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }

func reads(addr string, c net.Conn) {
	conn, _ := net.Dial("tcp", addr)
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
	}
	buf := make([]byte, 8)
	for {
		io.ReadFull(c, buf)
		c.Read(buf)
	}
}

func armed(c net.Conn) {
	for {
		c.SetReadDeadline(time.Now().Add(time.Second))
		c.Read(nil)
	}
}
"""


def _setup():
    data = SRC.encode()
    root = parse(data).root_node
    f = FileIndex(0, "p.go", data, root, False)
    return PackageModel([f]), f, data, root


def _func(root, data, name):
    return next(
        n
        for n in walk(root)
        if n.type == "function_declaration" and data[n.child_by_field_name("name").start_byte : n.child_by_field_name("name").end_byte] == name
    )


def _dials(root, data, name):
    fn = _func(root, data, name.encode())
    return [n for n in walk(fn) if n.type == "call_expression" and data[n.start_byte : n.end_byte].startswith(b"net.Dial(")]


def test_which_dials_can_wait_for_a_peer() -> None:
    model, f, data, root = _setup()
    got = [netconn.dial_blocks(model, f, c) for c in _dials(root, data, "dials")]
    # tcp; unix; a parameter (unknown); a range over datagram and unix networks; a range over
    # a local slice holding tcp4
    assert got == [True, False, True, False, True]


def test_a_context_or_a_request_is_at_hand() -> None:
    model, f, data, root = _setup()
    assert netconn.context_at_hand(model, f, _dials(root, data, "withCtx")[0]) == "ctx"
    assert netconn.context_at_hand(model, f, _dials(root, data, "withReq")[0]) == "r"
    assert netconn.context_at_hand(model, f, _dials(root, data, "dials")[0]) is None


def test_a_constructor_that_passes_its_address_through() -> None:
    model, f, data, root = _setup()
    assert netconn.passes_through(model, f, _dials(root, data, "wrapper")[0])
    assert not netconn.passes_through(model, f, _dials(root, data, "dials")[0])  # no results


def test_reads_in_loops_and_deadlines() -> None:
    model, f, data, root = _setup()
    reads = netconn.conn_reads(model, f, _func(root, data, b"reads"))
    shown = [(data[c.start_byte : c.end_byte].split(b"(")[0], data[x.start_byte : x.end_byte]) for c, x in reads]
    assert shown == [(b"sc.Scan", b"conn"), (b"io.ReadFull", b"c"), (b"c.Read", b"c")]
    armed = _func(root, data, b"armed")
    assert netconn.deadline_set(armed, data, b"c")
    assert not netconn.deadline_set(_func(root, data, b"reads"), data, b"c")
    assert not netconn.handed_on(_func(root, data, b"reads"), data, f.imports, b"conn")  # bufio reads it
