"""Resources a function must release (gofixer.analysis.closers), on their own: which calls make
them, where their results go, what each mention of the variable does, and the paths that leave
the function still holding one."""

from __future__ import annotations

from gofixer.analysis import closers
from gofixer.analysis.files import FileIndex
from gofixer.analysis.model import PackageModel
from gofixer.analysis.syntax import walk
from gofixer.source import parse
from tests.gopackage import func_named as _func

SRC = """package p

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"testing"
)

type Repo struct{ db *sql.DB }

func (r *Repo) rows(ctx context.Context) error {
	rows, err := r.db.QueryContext(ctx, "q")
	if err != nil {
		return err
	}
	for rows.Next() {
		if err := rows.Scan(); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (r *Repo) closed(ctx context.Context) error {
	rows, err := r.db.QueryContext(ctx, "q")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return nil
	}
	return rows.Err()
}

func dial(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(c, "HELLO\\r\\n")
	if _, err := c.Write(nil); err != nil {
		return nil, err
	}
	return c, nil
}

func tx(db *sql.DB, t *testing.T) {
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("x"); err != nil {
		t.Errorf("exec: %v", err)
		return
	}
	tx.Commit()
}

func loop(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		if c.RemoteAddr() == nil {
			continue
		}
		go serve(c)
	}
}

func serve(c net.Conn) {}

type Other struct{}

func (Other) Query(q string) (*Other, error) { return nil, nil }

func other(o Other) {
	x, err := o.Query("q")
	_, _ = x, err
}
"""


def _model():
    data = SRC.encode()
    root = parse(data).root_node
    f = FileIndex(0, "p.go", data, root, False)
    return PackageModel([f]), f, data, root


def _analyse(name: str):
    model, f, data, root = _model()
    func = _func(root, data, name)
    call = next(c for c in closers.maker_calls(root, data) if func.start_byte <= c.start_byte < func.end_byte)
    res = closers.made_by(model, f, call)
    site = closers.assignment_site(call, data)
    assert site is not None
    uses = closers.follow(model, f, site, res, func) if res is not None else None
    check = closers.following_check(site, data, f.imports, func)
    leaks = None
    if uses is not None and check is not None:
        leaks = closers.unreleased(data, f.imports, func, site, check, uses, res)
    return res, uses, leaks, data


def test_the_model_types_what_each_call_makes() -> None:
    model, f, data, root = _model()
    shown = {}
    for call in closers.maker_calls(root, data):
        res = closers.made_by(model, f, call)
        shown[data[call.start_byte : call.end_byte].split(b"(")[0].decode()] = None if res is None else res.shown
    assert shown == {
        "r.db.QueryContext": "*sql.Rows",
        "net.Dial": "net.Conn",
        "db.Begin": "*sql.Tx",
        "ln.Accept": "net.Conn",
        "o.Query": None,  # another type's Query
    }


def test_rows_closed_by_next_leak_only_on_the_early_return() -> None:
    res, uses, leaks, data = _analyse("rows")
    assert res is not None and res.is_rows and uses is not None and not uses.points
    assert leaks is not None and leaks.by_next
    assert [data[r.start_byte : r.end_byte] for r in leaks.returns] == [b"return err"]


def test_a_deferred_close_releases_every_path() -> None:
    _res, uses, leaks, _data = _analyse("closed")
    assert uses is not None and len(uses.releases) == 1
    assert leaks is not None and not leaks


def test_a_conn_returned_on_success_leaks_on_the_error_return() -> None:
    _res, uses, leaks, data = _analyse("dial")
    assert uses is not None and uses.escapes  # ``return c, nil``
    assert "Write" in uses.methods  # a method call uses the conn, fmt.Fprintf writes to it
    assert leaks is not None and [data[r.start_byte : r.end_byte] for r in leaks.returns] == [b"return nil, err"]


def test_a_path_after_a_failed_test_check_is_not_a_leak() -> None:
    res, _uses, leaks, _data = _analyse("tx")
    assert res is not None and res.fix == "Rollback" and res.releases == frozenset({"Commit", "Rollback"})
    assert leaks is not None and not leaks  # t.Errorf then return: the test already failed


def test_the_next_iteration_loses_a_connection_made_in_the_loop() -> None:
    _res, _uses, leaks, data = _analyse("loop")
    assert leaks is not None and not leaks.returns
    assert [data[n.start_byte : n.end_byte] for n in leaks.next_iteration] == [b"continue"]


def test_expects_failure_and_discarded_results() -> None:
    src = b"""package p

import "net"

func f(addr string) {
	_, err := net.Dial("tcp", addr)
	if err == nil {
		panic("dialled")
	}
	net.Dial("tcp", addr)
}
"""
    root = parse(src).root_node
    calls = closers.maker_calls(root, src)
    func = next(n for n in walk(root) if n.type == "function_declaration")
    site = closers.assignment_site(calls[0], src)
    assert site is not None and closers.expects_failure(site, src, {"net": "net"}, func)
    assert closers.assignment_site(calls[1], src) is None and closers.discarded(calls[1]) is not None


def test_testify_error_assertions_expect_a_failure() -> None:
    src = b"""package p

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBad(t *testing.T, db *sql.DB) {
	_, err := db.Query("select 'x")
	require.Error(t, err)
	_, err = db.Query("select 1")
	require.NoError(t, err)
}
"""
    root = parse(src).root_node
    imports = {"database/sql": "sql", "testing": "testing", "github.com/stretchr/testify/require": "require"}
    func = next(n for n in walk(root) if n.type == "function_declaration")
    first, second = (closers.assignment_site(c, src) for c in closers.maker_calls(root, src))
    assert first is not None and closers.expects_failure(first, src, imports, func)
    assert second is not None and not closers.expects_failure(second, src, imports, func)
