"""Counterparts on their own: which value an operand names, every use of it across the
package, and when it escapes.

Each test builds a small package in a temporary directory and asks what GF203-GF205 ask; the
answers are checked against what the code does.
"""

from __future__ import annotations

from pathlib import Path

from gofixer.analysis import counterparts as cp
from gofixer.analysis.files import FileIndex
from gofixer.analysis.syntax import walk
from tests.gopackage import model_of as _model


def _operand(f: FileIndex, text: str, nth: int = 0):
    """The ``nth`` expression spelled ``text`` that is a channel operation's operand or a
    ``Wait`` call's receiver."""
    found = [n for n in walk(f.root) if n.type in ("identifier", "selector_expression", "call_expression") and f.text(n) == text]
    return found[nth]


def _kinds(u: cp.Uses) -> list[str]:
    return sorted({x.kind for x in u.uses})


def test_a_local_is_followed_into_goroutines_copies_and_parameters(tmp_path: Path) -> None:
    model, files = _model(
        tmp_path,
        {
            "a.go": """package p

func sink(c chan int) {
	for v := range c {
		_ = v
	}
}

func f() {
	ch := make(chan int)
	alias := ch
	go sink(alias)
	go func() { ch <- 1 }()
	close(ch)
}
""",
        },
    )
    f = files["a.go"]
    v = cp.value_of(model, f, _operand(f, "ch", 2))
    assert v is not None and v.kind == "local" and v.name == "ch"
    u = cp.uses(model, v, package_main=False)
    assert u.confined, u.escape
    assert _kinds(u) == ["close", "make", "range", "send"]
    # the range runs in the goroutine ``go sink(alias)`` starts; the close in f itself
    assert {x.kind: x.elsewhere for x in u.uses if x.kind in ("range", "close", "send")} == {
        "range": True,
        "close": False,
        "send": True,
    }
    assert not u.same_goroutine()


def test_a_value_escapes_where_the_package_cannot_see_its_uses(tmp_path: Path) -> None:
    model, files = _model(
        tmp_path,
        {
            "a.go": """package p

import "os/signal"

var registry []chan int

func stored() {
	a := make(chan int)
	registry = append(registry, a)
	<-a
}

func handed() {
	b := make(chan os.Signal, 1)
	signal.Notify(b)
	<-b
}

func address() {
	var c chan int
	reset(&c)
	<-c
}

func reset(p *chan int) { *p = make(chan int) }
""",
        },
    )
    f = files["a.go"]
    for name, why in (("a", "passed to append"), ("b", "passed to signal.Notify"), ("c", "its address is taken")):
        v = cp.value_of(model, f, _operand(f, name))
        u = cp.uses(model, v, package_main=False)
        assert u.escape == why, (name, u.escape)
    # an address taken means the channel may be assigned: it is not known to be nil
    c = cp.uses(model, cp.value_of(model, f, _operand(f, "c")), package_main=False)
    assert not c.never_made


def test_a_field_is_followed_through_every_selector_of_its_type_and_keyed_literals(tmp_path: Path) -> None:
    model, files = _model(
        tmp_path,
        {
            "a.go": """package p

type stopper struct{ quit chan struct{} }

func newStopper() *stopper { return &stopper{quit: make(chan struct{})} }

func (s *stopper) done() <-chan struct{} { return s.quit }

func wait(s *stopper) { <-s.done() }
""",
            "b.go": """package p

// another type's field of the same name: not the stopper's
type other struct{ quit chan struct{} }

func (o *other) stop() { close(o.quit) }
""",
        },
    )
    f = files["a.go"]
    v = cp.value_of(model, f, _operand(f, "s.done()"))
    assert v == cp.Value("field", "quit", ("stopper",))
    u = cp.uses(model, v, package_main=False)
    assert u.confined
    # the make of the literal and the receive through the accessor; b.go's close is other's
    assert _kinds(u) == ["make", "recv"]


def test_exported_fields_escape_outside_package_main_only(tmp_path: Path) -> None:
    src = """package %s

type Hub struct{ Ready chan struct{} }

func (h *Hub) wait() { <-h.Ready }
"""
    model, files = _model(tmp_path, {"a.go": src % "hub"})
    f = files["a.go"]
    v = cp.value_of(model, f, _operand(f, "h.Ready"))
    assert cp.uses(model, v, package_main=False).escape == "Ready is exported"
    assert cp.uses(model, v, package_main=True).confined  # nothing imports a command


def test_a_positional_literal_sets_the_field(tmp_path: Path) -> None:
    model, files = _model(
        tmp_path,
        {"a.go": "package p\n\ntype pipe struct{ in chan int }\n\nfunc mk() *pipe { return &pipe{make(chan int)} }\n\nfunc (p *pipe) take() int { return <-p.in }\n"},
    )
    f = files["a.go"]
    u = cp.uses(model, cp.value_of(model, f, _operand(f, "p.in")), package_main=False)
    assert not u.confined and u.assigned and not u.never_made


def test_a_nil_channel_and_an_unshared_one(tmp_path: Path) -> None:
    model, files = _model(
        tmp_path,
        {
            "a.go": """package p

func f() {
	var never chan int
	<-never
	own := make(chan int)
	defer func() { <-own }()
	own <- 1
}
""",
        },
    )
    f = files["a.go"]
    never = cp.uses(model, cp.value_of(model, f, _operand(f, "never", 1)), package_main=False)
    assert never.confined and never.never_made
    own = cp.uses(model, cp.value_of(model, f, _operand(f, "own", 1)), package_main=False)
    # the deferred literal runs on f's goroutine: nobody else can reach own
    assert own.confined and own.same_goroutine() and not own.never_made


def test_a_waitgroup_is_followed_through_its_address(tmp_path: Path) -> None:
    model, files = _model(
        tmp_path,
        {
            "a.go": """package p

import "sync"

func worker(wg *sync.WaitGroup) { defer wg.Done() }

func run() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(&wg)
	wg.Wait()
}
""",
        },
    )
    f = files["a.go"]
    u = cp.uses(model, cp.value_of(model, f, _operand(f, "wg", 3)), package_main=False, channel=False)
    assert u.confined
    # the Done is in worker, which gets the WaitGroup's address
    assert sorted(x.kind for x in u.calls("Add", "Done", "Wait")) == ["call:Add", "call:Done", "call:Wait"]


def test_spelled_counterparts_are_read_from_the_bytes() -> None:
    got = cp.spelled_counterparts(
        b"""package p
func f() {
	s.out <- 1
	v := <-s.in
	for x := range jobs {}
	close(d.done)
	c.cond.Broadcast()
	defer wg.Done()
	r := make(chan int)
	var w <-chan bool
}
func (s *S) Stopped() <-chan struct{} { return nil }
"""
    )
    assert {b"out", b"done"} <= got["sent or closed"]
    assert got["closed"] == {b"done"}
    assert {b"in", b"jobs"} <= got["received"]
    assert got["signalled"] == {b"cond"}
    assert got["done"] == {b"wg"}
    assert {b"r", b"w", b"Stopped"} <= got["channel"]


def test_local_channel_declarations_from_the_bytes() -> None:
    assert cp.may_declare_local_channel(b"var quit chan struct{}", b"quit") == "nil"
    assert cp.may_declare_local_channel(b"ack := make(chan bool)", b"ack") == "unbuffered"
    assert cp.may_declare_local_channel(b"ack := make(chan bool, 0)", b"ack") == "unbuffered"
    assert cp.may_declare_local_channel(b"ack := make(chan bool, 1)", b"ack") is None
    assert cp.may_declare_local_channel(b"ack := make(chan func(int) (int, error), n)", b"ack") is None
    assert cp.may_declare_local(b"a, err := f()", b"err")
    assert not cp.may_declare_local(b"err = f()", b"err")
