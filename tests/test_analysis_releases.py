"""The layer facts behind "a path leaves with the lock held": what a call releases as its caller
names it, who calls a function, whether a function hands its lock to the caller, what a value
read after an unlock may read, and which panics something recovers. Each test builds a small
package and asks what a rule would ask."""

from __future__ import annotations

from pathlib import Path

from gofixer.analysis import flow, locks, reads, recovery, summaries
from gofixer.analysis.files import FileIndex
from gofixer.analysis.syntax import walk
from gofixer.source import parse
from tests.gopackage import model_of as _model


def _func(f: FileIndex, name: str):
    for d in f.root.named_children:
        if d.type in ("function_declaration", "method_declaration") and f.text(d.child_by_field_name("name")) == name:
            return d
    raise KeyError(name)


def _calls(f: FileIndex, fn, text: str):
    return [c for c in f.nodes_within(fn, "call_expression") if f.text(c) == text]


HELPERS = """package p

import "sync"

var global sync.Mutex

type S struct {
	mu    sync.Mutex
	inner *S
}

func (s *S) unlockAll() { s.mu.Unlock() }

func (s *S) relock() {
	s.mu.Unlock()
	s.mu.Lock()
}

func (s *S) withLock(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

func release(m *sync.Mutex) { m.Unlock() }

func releaseGlobal() { global.Unlock() }

func twice(s *S) { s.unlockAll() }

func (s *S) use() {
	fail := func() { s.mu.Unlock() }
	s.inner.unlockAll()
	s.relock()
	s.withLock(func() {})
	release(&s.mu)
	releaseGlobal()
	twice(s.inner)
	fail()
}
"""


def test_what_a_call_releases_as_its_caller_names_it(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": HELPERS})
    f = files["a.go"]
    use = _func(f, "use")

    def released(text: str) -> set[str]:
        (call,) = _calls(f, use, text)
        return set(summaries.call_releases(model, f, call, "unlock"))

    assert released("s.inner.unlockAll()") == {"s.inner.mu"}
    assert released("s.relock()") == set()  # drops and takes the lock again: not the caller's
    assert released("s.withLock(func() {})") == set()  # locks and unlocks its own
    assert released("release(&s.mu)") == {"s.mu"}
    assert released("releaseGlobal()") == {"global"}
    assert released("twice(s.inner)") == {"s.inner.mu"}  # a helper of a helper
    assert released("fail()") == {"s.mu"}  # a closure names what it captures
    assert summaries.released_by(model, f, _func(f, "relock"), "unlock") == frozenset()


def test_callers_across_files(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": HELPERS, "b.go": "package p\n\nfunc more(s *S) {\n\ts.unlockAll()\n\tgo s.unlockAll()\n}\n"})
    f = files["a.go"]
    got = sorted((g.name, g.line(c.start_byte)) for g, c in summaries.callers(model, f, _func(f, "unlockAll")))
    assert got == [("a.go", 29), ("a.go", 33), ("b.go", 4), ("b.go", 5)]


HANDOVER = """package p

import "sync"

type Q struct {
	mu    sync.Mutex
	items []int
}

func (q *Q) lockReady() {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			return
		}
		q.mu.Unlock()
	}
}

func (q *Q) await() {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			return
		}
		q.mu.Unlock()
	}
}

func (q *Q) Pop() int {
	q.await()
	defer q.mu.Unlock()
	return q.items[0]
}

func (q *Q) peek() (*sync.Mutex, int) {
	q.mu.Lock()
	return &q.mu, q.items[0]
}

func (q *Q) leak() {
	q.mu.Lock()
}

func (q *Q) Use() {
	q.leak()
	q.items = nil
}
"""


def test_functions_that_hand_the_lock_to_their_caller(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": HANDOVER})
    f = files["a.go"]
    got = {n: locks.hands_lock_to_caller(model, f, _func(f, n), "q.mu", "unlock") for n in ("lockReady", "await", "peek", "leak")}
    assert got == {"lockReady": True, "await": True, "peek": True, "leak": False}


READS = """package p

import (
	"errors"
	"fmt"
)

var errClosed = errors.New("closed")

var counter int

const limit = 3

type T struct{ n int }

func bump() { counter++ }

func (t *T) f(name string, m map[string]int) (int, error) {
	n := len(name)
	_ = []any{
		nil, 1, "x", errClosed, limit, n, name, &T{n: 1}, fmt.Errorf("bad %s", name), -n,
		counter, t.n, m["a"], fmt.Errorf("%v", m), bump,
	}
	return 0, nil
}
"""


def test_values_that_read_no_shared_state(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": READS})
    f = files["a.go"]
    lit = next(c for c in walk(f.root) if c.type == "composite_literal" and f.text(c).startswith("[]any"))
    elems = [e.named_children[0] for e in lit.child_by_field_name("body").named_children if e.type == "literal_element"]
    got = [reads.reads_only_local(model, f, e) for e in elems]
    # nil 1 "x" errClosed limit n name &T{} Errorf(name) -n | counter t.n m["a"] Errorf(m) bump
    assert got == [True] * 10 + [False, False, False, False, True]
    assert reads.package_var_written(model, "counter") and not reads.package_var_written(model, "errClosed")


PANICS = """package p

import (
	"net/http"
	"regexp"
	"testing"
)

// mustPositive panics on a negative n.
func mustPositive(n int) int {
	if n < 0 {
		panic("negative")
	}
	return n
}

func check(n int) int { return n }

func handler(w http.ResponseWriter, r *http.Request) { work(1) }

func work(n int) { mustPositive(n) }

func alone(n int) { check(n) }

func guarded() {
	defer func() { recover() }()
	alone(1)
}

func requireLen(t testing.TB, got, want int) {
	if got != want {
		t.Fatalf("%d != %d", got, want)
	}
}

func TestX(t *testing.T) {
	requireLen(t, 1, 1)
	t.Logf("x")
	_ = regexp.MustCompile("a")
}
"""


def test_panics_on_purpose_and_who_recovers_them(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": PANICS})
    f = files["a.go"]
    (must,) = _calls(f, _func(f, "work"), "mustPositive(n)")
    (plain,) = _calls(f, _func(f, "alone"), "check(n)")
    (compile_,) = _calls(f, _func(f, "TestX"), 'regexp.MustCompile("a")')
    assert recovery.panics_on_purpose(model, f, must) and recovery.panics_on_purpose(model, f, compile_)
    assert not recovery.panics_on_purpose(model, f, plain)
    assert recovery.documented_panickers(f.data) == frozenset({"mustPositive"})
    assert recovery.spelled_panic(compile_, f.data) and not recovery.spelled_panic(must, f.data)
    assert "net/http" in (recovery.recovered_by(model, f, _func(f, "work")) or "")
    assert recovery.recovered_by(model, f, _func(f, "alone")) == "the deferred recover in guarded"
    assert recovery.recovered_by(model, f, _func(f, "mustPositive")) is not None  # work <- handler
    assert recovery.recovered_by(model, f, _func(f, "requireLen")) is None


def test_calls_that_end_a_test(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a_test.go": PANICS.replace("package p", "package p")})
    f = files["a_test.go"]
    test = _func(f, "TestX")
    (helper,) = _calls(f, test, "requireLen(t, 1, 1)")
    (log,) = _calls(f, test, 't.Logf("x")')
    assert recovery.ends_test(model, f, helper) and recovery.may_fail_test(helper, f.data)
    assert not recovery.ends_test(model, f, log)


def test_evaluated_parts_of_statements() -> None:
    src = b"package p\n\nfunc f(ch chan int, x int) {\n\tif y := g(); y > x {\n\t\tx++\n\t}\n\tgo h(x)\n\tdefer k(ch)\n}\n"
    root = parse(src).root_node
    body = root.named_children[1].child_by_field_name("body")
    stmts = [c for c in body.named_children[0].named_children]
    text = lambda ns: [src[n.start_byte : n.end_byte].decode() for n in ns]  # noqa: E731
    assert text(flow.evaluated_parts(stmts[0])) == ["y := g()", "y > x"]
    assert text(flow.evaluated_parts(stmts[1])) == ["x", "h"]
    assert text(flow.evaluated_parts(stmts[2])) == ["ch", "k"]
