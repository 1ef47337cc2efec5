"""Blocking channel operations and the cancel signals beside them (``analysis.cancel_signals``),
and values whose goroutine only another method ends (``analysis.lifecycles``), asked of small
packages as the rules ask them."""

from __future__ import annotations

from pathlib import Path

from gofixer.analysis import cancel_signals, lifecycles
from gofixer.analysis.files import FileIndex
from gofixer.analysis.syntax import walk
from tests.gopackage import model_of as _model


def _func(f: FileIndex, name: str):
    for n in walk(f.root):
        if n.type in ("function_declaration", "method_declaration") and f.text(n.child_by_field_name("name")) == name:
            return n
    raise AssertionError(name)


SRC = """package p

import "context"

type Srv struct {
	ctx  context.Context
	in   chan int
	out  chan int
	reqs chan chan int
	stop chan struct{}
	done chan struct{}
}

func (s *Srv) poll() {
	for {
		select {
		case <-s.stop:
			return
		default:
			s.out <- 1
		}
	}
}

func (s *Srv) after() {
	select {
	case <-s.stop:
		return
	default:
	}
	<-s.in
}

func (s *Srv) mixed() (int, error) {
	select {
	case v := <-s.in:
		s.out <- v
	case <-s.ctx.Done():
		return 0, s.ctx.Err()
	}
	return 0, nil
}

func (s *Srv) loop() {
	for {
		select {
		case r := <-s.reqs:
			r <- 1
		case <-s.stop:
			close(s.done)
			return
		}
	}
}

func (s *Srv) ask() int {
	r := make(chan int)
	s.reqs <- r
	v, ok := <-r
	_ = ok
	return v
}
"""


def test_blocking_statements_and_polls(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": SRC})
    f = files["a.go"]
    ops = {name: cancel_signals.blocking_statements(_func(f, name)) for name in ("poll", "after", "ask", "loop")}
    assert [f.text(b.stmt) for b in ops["poll"]] == ["s.out <- 1"]
    assert [f.text(b.stmt) for b in ops["ask"]] == ["s.reqs <- r"]  # `v, ok := <-r` watches for a close
    assert [f.text(b.stmt) for b in ops["loop"]] == ["r <- 1"]  # select cases are not statements of a block
    poll = cancel_signals.polled_then_ignored(ops["poll"][0], f.data)
    assert poll is not None and poll.in_default and f.text(poll.signal) == "s.stop"
    after = cancel_signals.polled_then_ignored(ops["after"][0], f.data)
    assert after is not None and not after.in_default
    assert cancel_signals.reply_channel(ops["loop"][0], f.data)  # a reply on the channel the case received


def test_signals_elsewhere_and_on_the_other_side(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": SRC})
    f = files["a.go"]
    mixed = _func(f, "mixed")
    (send,) = cancel_signals.blocking_statements(mixed)
    signal, case, _expr = cancel_signals.waits_elsewhere(model, f, mixed, send)
    assert signal == "s.ctx.Done()"
    assert cancel_signals.case_return(model, f, case, mixed) == "return 0, s.ctx.Err()"
    (ask,) = cancel_signals.blocking_statements(_func(f, "ask"))
    assert cancel_signals.closed_on_exit(model, f, ask) == ("s.done", "Srv.loop")
    assert cancel_signals.return_statement(model, f, _func(f, "ask")) == "return 0"
    assert cancel_signals.return_statement(model, f, mixed, "s.ctx.Err()") == "return 0, s.ctx.Err()"


def test_zero_values(tmp_path: Path) -> None:
    src = """package p

type Point struct{ X int }
type Level int
type Name string
type List []int

func a() (Point, Level, Name, List, *Point, error, bool, string, [2]int) { panic(0) }
func b() (n int, err error) { return }
func c() (chan int, func(), any, map[string]int) { panic(0) }
"""
    model, files = _model(tmp_path, {"a.go": src})
    f = files["a.go"]
    assert cancel_signals.return_statement(model, f, _func(f, "a")) == 'return Point{}, 0, "", nil, nil, nil, false, "", [2]int{}'
    assert cancel_signals.return_statement(model, f, _func(f, "b")) == "return"
    assert cancel_signals.return_statement(model, f, _func(f, "c")) == "return nil, nil, nil, nil"


def test_lifecycles_of_a_package(tmp_path: Path) -> None:
    a = """package p

import "context"

type W struct {
	jobs chan int
	quit chan struct{}
}

func (w *W) Start() {
	go func() {
		for {
			select {
			case <-w.jobs:
			case <-w.quit:
				return
			}
		}
	}()
}

func (w *W) halt()  { close(w.quit) }
func (w *W) Stop()  { w.halt() }
func (w *W) Close() { w.Stop() }

type Tx struct {
	ctx    context.Context
	cancel context.CancelFunc
}

type DB struct{}

func (db *DB) begin(p context.Context) *Tx {
	ctx, cancel := context.WithCancel(p)
	tx := &Tx{ctx: ctx, cancel: cancel}
	go tx.wait()
	return tx
}

func (tx *Tx) wait()     { <-tx.ctx.Done() }
func (tx *Tx) Rollback() { tx.cancel() }

type E struct {
	items []int
	done  chan struct{}
}

// ends when its items run out: no lifecycle
func (e *E) Run() {
	go func() {
		for range e.items {
			select {
			case <-e.done:
				return
			default:
			}
		}
	}()
}

func (e *E) Stop() { close(e.done) }
"""
    model, _files = _model(tmp_path, {"a.go": a})
    found = lifecycles.lifecycles(model)
    assert sorted(found) == ["Tx", "W"]
    w = found["W"]
    assert (w.signal, w.kind, w.starters) == ("quit", "chan", {"Start"})
    assert w.releasers == {"halt", "Stop", "Close"}
    assert w.outermost == ["Close"]  # nothing else calls it
    tx = found["Tx"]
    assert (tx.signal, tx.kind, tx.goroutine, tx.releasers, tx.outermost) == ("ctx", "ctx", "wait", {"Rollback"}, ["Rollback"])
    assert len(tx.makers) == 1
