"""Lock paths on their own: the classes of mutexes, channels and WaitGroups, held regions,
what a function locks on entry and anywhere, the package's lock order, and the channel and
WaitGroup operations by class.
"""

from __future__ import annotations

from pathlib import Path

from gofixer.analysis import chansites, lockclasses, lockpaths
from gofixer.analysis.files import FileIndex
from gofixer.analysis.syntax import walk
from tests.gopackage import model_of as _model

SRC = """package p

import "sync"

type Replica struct {
	raftMu sync.Mutex
	store  *Store
}

type Store struct {
	mu struct {
		sync.RWMutex
		replicas map[int]*Replica
	}
	coalesced struct {
		sync.Mutex
		n int
	}
	updates chan int
	wg      sync.WaitGroup
}

type embeds struct {
	sync.Mutex
	n int
}

func (r *Replica) unreachable() {
	r.raftMu.Lock()
	defer r.raftMu.Unlock()
}

func (s *Store) send() {
	s.coalesced.Lock()
	defer s.coalesced.Unlock()
	r := s.mu.replicas[0]
	r.unreachable()
}

func (r *Replica) tick() {
	r.raftMu.Lock()
	r.store.coalesced.Lock()
	r.store.coalesced.Unlock()
	r.raftMu.Unlock()
}

func (e *embeds) get() int {
	e.Lock()
	defer e.Unlock()
	return e.n
}

func (e *embeds) maybe(held bool) {
	if !held {
		e.Lock()
		defer e.Unlock()
	}
}

func (e *embeds) waitAndRetake() {
	e.Unlock()
	e.Lock()
}

func (e *embeds) twice() int {
	e.Lock()
	if e.n > 0 {
		e.Unlock()
		return 0
	}
	x := e.get()
	e.Unlock()
	return x
}

func local() {
	var mu sync.Mutex
	ch := make(chan int)
	c := ch
	mu.Lock()
	c <- 1
	mu.Unlock()
	buffered := make(chan int, 4)
	_ = buffered
}

func NewStore() *Store {
	return &Store{updates: make(chan int)}
}
"""


def _node(f: FileIndex, kind: str, text: str):
    return next(n for n in walk(f.root) if n.type == kind and f.text(n) == text)


def _func(f: FileIndex, name: str):
    return next(
        n
        for n in walk(f.root)
        if n.type in ("function_declaration", "method_declaration") and f.text(n.child_by_field_name("name")) == name
    )


def _lock(f: FileIndex, fn, text: str) -> lockpaths.LockCall:
    return next(lc for lc in lockpaths.lock_calls(f, fn) if f.text(lc.call) == text)


def test_classes_by_type_and_field(tmp_path: Path) -> None:
    model, fs = _model(tmp_path, {"a.go": SRC})
    f = fs["a.go"]
    cls = lambda text: lockclasses.value_class(model, f, _node(f, "selector_expression", text))  # noqa: E731
    raft = cls("r.raftMu")
    assert raft is not None and (raft.owner, raft.path, raft.what) == (("type", "Replica"), "raftMu", "Mutex")
    # a mutex embedded in an anonymous struct field, reached through another type's field
    via_store = cls("r.store.coalesced")
    assert via_store is not None and via_store.shown == "Store.coalesced" and via_store.what == "Mutex"
    assert cls("s.coalesced") == via_store
    # a channel field, and a WaitGroup
    ch = lockclasses.value_class(model, f, _node(f, "selector_expression", "s.mu.replicas"))
    assert ch is None  # a map: not a mutex, channel or WaitGroup
    # a type embedding its mutex is the mutex
    e = lockclasses.value_class(model, f, _lock(f, _func(f, "get"), "e.Lock()").operand)
    assert e is not None and e.shown == "embeds" and e.path == ""


def test_local_classes_follow_aliases(tmp_path: Path) -> None:
    model, fs = _model(tmp_path, {"a.go": SRC})
    f = fs["a.go"]
    fn = _func(f, "local")
    mu = lockclasses.value_class(model, f, _lock(f, fn, "mu.Lock()").operand)
    assert mu is not None and mu.is_local and mu.what == "Mutex"
    send = next(n for n in walk(fn) if n.type == "send_statement")
    c = lockclasses.value_class(model, f, send.child_by_field_name("channel"))
    ch = lockclasses.value_class(model, f, _node(f, "identifier", "ch"))
    assert c is not None and c == ch and c.what == "chan"


def test_held_region_runs_to_the_end_with_a_deferred_unlock(tmp_path: Path) -> None:
    model, fs = _model(tmp_path, {"a.go": SRC})
    f = fs["a.go"]
    fn = _func(f, "send")
    region = lockpaths.held_region(model, f, fn, _lock(f, fn, "s.coalesced.Lock()"))
    assert region is not None
    calls = [f.text(c) for c in lockpaths.region_calls(region)]
    assert "r.unreachable()" in calls
    # an unlock on a branch that leaves ends the path there; the call after it is still held
    fn = _func(f, "twice")
    region = lockpaths.held_region(model, f, fn, _lock(f, fn, "e.Lock()"))
    assert region is not None
    assert "e.get()" in [f.text(c) for c in lockpaths.region_calls(region)]
    assert [f.text(r) for r in region.returns] == []  # the early return unlocked first


def test_entry_effects_are_top_level_locks_not_released_first(tmp_path: Path) -> None:
    model, fs = _model(tmp_path, {"a.go": SRC})
    f = fs["a.go"]
    effects = lockpaths.entry_effects(model, f, _func(f, "get"))
    assert [(e.base, e.suffix, e.method) for e in effects] == [("recv", "", "lock")]
    # a lock in a branch depends on the caller: left out
    assert lockpaths.entry_effects(model, f, _func(f, "maybe")) == []
    # unlock then lock takes the caller's lock back: not a second lock
    assert lockpaths.entry_effects(model, f, _func(f, "waitAndRetake")) == []
    # and such a function releases the caller's lock
    assert [u.method for u in lockpaths.unlock_effects(model, f, _func(f, "waitAndRetake"))] == ["unlock"]
    twice = _func(f, "twice")
    call = _node(f, "call_expression", "e.get()")
    assert [a for a, _e in lockpaths.call_effects(model, f, call)] == ["e"]
    assert twice is not None


def test_acquires_follow_calls_through_anonymous_struct_fields(tmp_path: Path) -> None:
    model, fs = _model(tmp_path, {"a.go": SRC})
    f = fs["a.go"]
    got = {(a.cls.shown, a.via) for a in lockpaths.acquires(model, f, _func(f, "send"))}
    assert ("Store.coalesced", ("send",)) in got
    assert ("Replica.raftMu", ("send", "unreachable")) in got


def test_lock_order_finds_both_directions(tmp_path: Path) -> None:
    model, fs = _model(tmp_path, {"a.go": SRC})
    order = lockpaths.lock_order(model)
    pairs = {(a.shown, b.shown) for a, b in order}
    assert ("Store.coalesced", "Replica.raftMu") in pairs
    assert ("Replica.raftMu", "Store.coalesced") in pairs
    edge = order[next(k for k in order if (k[0].shown, k[1].shown) == ("Store.coalesced", "Replica.raftMu"))][0]
    assert edge.via == ("unreachable",)


def test_channel_sites_and_makes(tmp_path: Path) -> None:
    model, fs = _model(tmp_path, {"a.go": SRC, "b.go": "package p\n\nfunc (s *Store) pump() {\n\tfor v := range s.updates {\n\t\t_ = v\n\t}\n\ts.wg.Wait()\n}\n"})
    f = fs["b.go"]
    updates = lockclasses.value_class(model, f, _node(f, "selector_expression", "s.updates"))
    assert updates is not None and updates.shown == "Store.updates"
    kinds = [s.kind for s in chansites.sites(model)[updates]]
    assert kinds == ["recv"]
    assert chansites.channel_makes(model, updates) == [True]
    wg = lockclasses.value_class(model, f, _node(f, "selector_expression", "s.wg"))
    assert wg is not None and [s.kind for s in chansites.sites(model)[wg]] == ["wait"]
    a = fs["a.go"]
    buffered = lockclasses.value_class(model, a, _node(a, "identifier", "buffered"))
    assert buffered is not None and chansites.channel_makes(model, buffered) == [False]


LATCH = """package p

import "sync"

type srv struct{ started func() }

func latch(s *srv) {
	var mu sync.Mutex
	mu.Lock()
	s.started = mu.Unlock
	mu.Lock()
}

func byGoroutine() {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		mu.Unlock()
	}()
	mu.Lock()
}

func parentUnlocks() {
	var mu sync.Mutex
	go func() {
		mu.Lock()
		mu.Lock()
	}()
	mu.Unlock()
}

func worker() {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		mu.Lock()
		mu.Unlock()
	}()
	mu.Unlock()
}
"""


def test_a_mutex_another_goroutine_unlocks_has_no_held_region(tmp_path: Path) -> None:
    _model_, fs = _model(tmp_path, {"a.go": LATCH})
    f = fs["a.go"]
    assert lockpaths.handed_off(f, _func(f, "latch"), "mu")  # its Unlock is a function value
    assert lockpaths.handed_off(f, _func(f, "byGoroutine"), "mu")  # a goroutine unlocks it first
    lit = next(n for n in walk(_func(f, "parentUnlocks")) if n.type == "func_literal")
    assert lockpaths.handed_off(f, lit, "mu")  # the function starting the goroutine unlocks it
    # a goroutine that locks before it unlocks is a worker, not a latch
    assert not lockpaths.handed_off(f, _func(f, "worker"), "mu")


GUARDS = """package p

import "sync"

type S struct {
	mu    sync.Mutex
	other sync.Mutex
	q     chan int
}

func (s *S) helper(needLock bool) {
	if needLock {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
}

func (s *S) always() {
	s.other.Lock()
	s.other.Unlock()
}

func (s *S) drain() {
	for len(s.q) > 0 {
		<-s.q
	}
}

func (s *S) release() {
	s.mu.Unlock()
}

func (s *S) handsBack() {
	s.release()
	s.other.Lock()
	s.other.Unlock()
	s.mu.Lock()
}

func (s *S) cond(ok bool) {
	if ok {
		s.mu.Lock()
		s.q <- 1
	}
}
"""


def test_branch_parameter_and_len_guards(tmp_path: Path) -> None:
    model, fs = _model(tmp_path, {"a.go": GUARDS})
    f = fs["a.go"]
    # a lock in a branch on a parameter is the caller's choice
    assert lockpaths.acquires(model, f, _func(f, "helper")) == []
    assert [a.cls.shown for a in lockpaths.acquires(model, f, _func(f, "always"))] == ["S.other"]
    # a receive under len(ch) > 0 does not wait
    recv = next(n for n in walk(_func(f, "drain")) if n.type == "unary_expression")
    assert chansites.len_guarded(recv, _func(f, "drain"), f.data)
    # a conditional lock's questions stay in its branch
    fn = _func(f, "cond")
    lc = _lock(f, fn, "s.mu.Lock()")
    branch = lockpaths.lock_branch(lc.stmt, fn)
    assert branch is not None and branch.type == "block"


def test_unlock_effects_go_through_calls(tmp_path: Path) -> None:
    model, fs = _model(tmp_path, {"a.go": GUARDS})
    f = fs["a.go"]
    got = lockpaths.unlock_effects(model, f, _func(f, "handsBack"))
    assert [(e.base, e.suffix, e.via) for e in got] == [("recv", ".mu", ("handsBack", "release"))]
    # it takes s.mu back only after the caller's lock was released: not a second lock
    entry = [(e.suffix, e.method) for e in lockpaths.entry_effects(model, f, _func(f, "handsBack"))]
    assert entry == [(".other", "lock")]


def test_a_receive_inside_a_select_case_expression_waits_alone():
    """``case out <- <-in:`` evaluates ``<-in`` before the select chooses: that receive waits
    alone, while the case's send is one choice among the select's."""
    from tests.gopackage import parsed

    data, root = parsed(
        "package p\n\nfunc relay(in, out chan int, quit chan struct{}) {\n\tselect {\n"
        "\tcase out <- <-in:\n\tcase <-quit:\n\t}\n}\n"
    )
    recvs = [n for n in walk(root) if n.type == "unary_expression"]
    inner = next(n for n in recvs if data[n.start_byte : n.end_byte] == b"<-in")
    quit_ = next(n for n in recvs if data[n.start_byte : n.end_byte] == b"<-quit")
    send = next(n for n in walk(root) if n.type == "send_statement")
    assert chansites.blocks(inner)
    assert not chansites.blocks(quit_) and not chansites.blocks(send)
