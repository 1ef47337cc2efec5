"""Lock facts on their own: lock calls by name, what runs under a lock, which fields are used
atomically, which types hold a lock by value (over the package model, and from the bytes before
any parse), and the Lock/Unlock statements found from the bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixer.analysis import lock_holders, locks, siblings
from gofixer.analysis.files import FileIndex
from gofixer.analysis.syntax import walk
from gofixer.source import parse
from tests.gopackage import model_of as _model


def _call(f: FileIndex, text: str):
    return next(n for n in walk(f.root) if n.type == "call_expression" and f.text(n) == text)


@pytest.mark.parametrize(
    "name, locking, unlocking",
    [
        ("Lock", True, False),
        ("RLock", True, False),
        ("lockSlow", True, False),
        ("withLock", True, False),
        ("Unlock", False, True),
        ("RUnlock", False, True),
        ("unlockAll", False, True),
        ("Block", False, False),
        ("Clock", False, False),
    ],
)
def test_lock_calls_are_known_by_their_names(name: str, locking: bool, unlocking: bool) -> None:
    assert locks.is_locking_name(name) is locking
    assert locks.is_unlocking_name(name) is unlocking


def test_what_runs_under_a_lock(tmp_path: Path) -> None:
    src = """package p

import "sync"

type S struct {
	mu sync.Mutex
	n  int
}

func (s *S) step(bad bool) {
	s.mu.Lock()
	before()
	if bad {
		s.mu.Unlock()
		return
	}
	still()
	s.mu.Unlock()
	after()
	go s.mu.Lock()
	spawned()
}

func (s *S) deferred() {
	s.mu.Lock()
	defer s.mu.Unlock()
	inside()
}

func before()  {}
func still()   {}
func after()   {}
func spawned() {}
func inside()  {}
"""
    model, files = _model(tmp_path, {"a.go": src})
    f = files["a.go"]
    got = {name: locks.under_lock(model, f, _call(f, f"{name}()")) for name in ("before", "still", "after", "spawned", "inside")}
    # the Unlock on the branch that returns leaves the lock held on the path that goes on; a
    # go statement's call runs elsewhere; a deferred Unlock runs at the end
    assert got == {"before": True, "still": True, "after": False, "spawned": False, "inside": True}
    step = model.types["S"].methods["step"].decl
    assert [d for _p, d in locks.lock_events(model, f, step)] == [1, -1]
    assert locks.called_under_lock(model, "still") and not locks.called_under_lock(model, "nobody")


def test_functions_locked_by_convention(tmp_path: Path) -> None:
    src = """package p

func flushLocked() {}

// drain empties the queue. The caller must hold q.mu.
func drain() {}

// run runs the job.
func run() {}
"""
    model, files = _model(tmp_path, {"a.go": src})
    f = files["a.go"]
    got = {name: locks.locked_by_convention(model, f, model.funcs[name][0]) for name in ("flushLocked", "drain", "run")}
    assert got == {"flushLocked": True, "drain": True, "run": False}


def test_fields_used_atomically(tmp_path: Path) -> None:
    src = 'package p\n\nimport at "sync/atomic"\n\ntype S struct{ n, m int64 }\n\nfunc (s *S) inc() { at.AddInt64(&s.n, 1); s.m++ }\n'
    model, _files = _model(tmp_path, {"a.go": src})
    assert locks.atomic_fields(model) == {"n"}


HOLDERS = {
    "a.go": """package p

import (
	"sync"
	"sync/atomic"
)

type Plain struct{ n int }

type Guarded struct {
	mu sync.Mutex
	n  int
}

type Outer struct {
	inner Guarded
}

type Pointed struct{ g *Guarded }

type Many struct{ locks [2]sync.RWMutex }

type Counter struct{ hits atomic.Int64 }

type Value struct{ v atomic.Value }

type myMu sync.Mutex

type alias = sync.WaitGroup

type Box[T any] struct{ v T }

type Embeds struct {
	Guarded
}
""",
    "b.go": """package p

type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

type Tagged struct{ _ noCopy }
""",
}


def test_which_types_hold_a_lock_by_value(tmp_path: Path) -> None:
    model, files = _model(tmp_path, HOLDERS)
    held = locks.HeldLocks(model, files["a.go"])
    names = "Box Counter Embeds Guarded Many Outer Plain Pointed Tagged Value alias myMu noCopy".split()
    got = {name: held.named_type(name) for name in names}
    assert got == {
        "Box": None,  # a type parameter holds nothing known
        "Counter": "sync/atomic.Int64 (field hits)",
        "Embeds": "sync.Mutex (field Guarded.mu)",
        "Guarded": "sync.Mutex (field mu)",
        "Many": "sync.RWMutex (field locks)",
        "Outer": "sync.Mutex (field inner.mu)",
        "Plain": None,
        "Pointed": None,  # through a pointer
        "Tagged": "noCopy (field _)",  # a pointer Lock method, declared in another file
        "Value": None,  # atomic.Value is no lock
        "alias": "sync.WaitGroup",
        "myMu": "sync.Mutex",
        "noCopy": "noCopy (it has a pointer Lock method)",
    }
    assert locks.pointer_lockers(model) == {"noCopy"}


def test_a_type_declared_twice_holds_a_lock_only_if_both_do(tmp_path: Path) -> None:
    files = {
        "a_linux.go": 'package p\n\nimport "sync"\n\ntype T struct{ mu sync.Mutex }\n\ntype U struct{ mu sync.Mutex }\n',
        "a_other.go": 'package p\n\nimport "sync"\n\ntype T struct{ n int }\n\ntype U struct{ wg sync.WaitGroup }\n',
    }
    model, idx = _model(tmp_path, files)
    assert [f.name for f, _ty in model.type_declarations("T")] == ["a_linux.go", "a_other.go"]
    assert locks.HeldLocks(model, idx["a_linux.go"]).named_type("T") is None
    # both hold one: described by the asking file's declaration first
    assert locks.HeldLocks(model, idx["a_other.go"]).named_type("U") == "sync.WaitGroup (field wg)"
    assert locks.HeldLocks(model, idx["a_linux.go"]).named_type("U") == "sync.Mutex (field mu)"


def _param_type(data: bytes, nth: int = 0):
    root = parse(data).root_node
    return [n.child_by_field_name("type") for n in walk(root) if n.type == "parameter_declaration"][nth]


@pytest.mark.parametrize(
    "param, holds",
    [
        ("m sync.Mutex", True),
        ("m *sync.Mutex", False),
        ("m []sync.Mutex", False),
        ("p unsafe.Pointer", False),  # Pointer of another package
        ("p atomic.Pointer[int]", True),
        ("g Guarded", True),
        ("g *Guarded", False),
        ("g [3]Guarded", True),
        ("s struct{ g Guarded }", True),
        ("b Box[Guarded]", False),  # Box holds no lock of its own
        ("o Other", False),
    ],
)
def test_a_type_may_hold_a_lock_judged_from_the_file(param: str, holds: bool) -> None:
    data = f'package p\n\nimport (\n\t"sync"\n\t"sync/atomic"\n\t"unsafe"\n)\n\nfunc f({param}) {{}}\n'.encode()
    imports = {"sync": "sync", "sync/atomic": "atomic", "unsafe": "unsafe"}
    assert lock_holders.may_hold_a_lock(_param_type(data), data, imports, frozenset({b"Guarded"})) is holds


def test_dot_imported_lock_types() -> None:
    data = b'package p\n\nimport . "sync"\n\nfunc f(m Mutex, n Once) {}\n'
    assert lock_holders.may_hold_a_lock(_param_type(data), data, {"sync": "."}, frozenset())
    assert not lock_holders.may_hold_a_lock(_param_type(data), data, {"sync": "s"}, frozenset())


def test_holders_read_from_the_package_bytes(tmp_path: Path) -> None:
    model, files = _model(tmp_path, HOLDERS)
    f = files["a.go"]
    view = siblings.PackageView(f.path, f.data)
    found = lock_holders.holders(view, "p", f.data, lambda: [s for s in view.siblings() if s.package == "p"])
    # a superset of the names HeldLocks finds a lock in (it reads declarations as text)
    held = locks.HeldLocks(model, f)
    names = "Counter Embeds Guarded Many Outer Tagged alias myMu noCopy".split()
    assert all(held.named_type(n) for n in names)
    assert {n.encode() for n in names} <= found
    assert b"Plain" not in found and b"Pointed" not in found


def test_lock_statements_found_from_the_bytes() -> None:
    data = b"""package p

func f() {
	c.mu.Lock()
	x := y.RLock
	c.mu.Unlock()
	defer c.mu.Unlock()
	Block()
	s.inner.mu.RLock()
}
"""
    root = parse(data).root_node
    got = [data[s.start_byte : s.end_byte] for s in locks.lock_statements(root, data)]
    assert got == [b"c.mu.Lock()", b"s.inner.mu.RLock()"]
    stmts = [n for n in walk(root) if n.type in ("expression_statement", "defer_statement")]
    calls = [locks.mutex_call(s, data) for s in stmts]
    assert [(c[0], c[1]) if c else None for c in calls] == [
        (b"c.mu", b"Lock"),
        (b"c.mu", b"Unlock"),
        (b"c.mu", b"Unlock"),
        None,
        (b"s.inner.mu", b"RLock"),
    ]


@pytest.mark.parametrize(
    "body, may",
    [
        ("mu.Lock()\n\tmu.Unlock()", True),
        ("mu.Lock()\n\tdefer mu.Unlock()", False),
        ("mu.Lock()\n\tdefer  c.mu.Unlock()", False),
        ("mu.RLock()\n\tx(); mu.RUnlock()", True),
        ("mu.Unlock()", False),  # no Lock spelled anywhere
    ],
)
def test_a_release_that_is_not_deferred(body: str, may: bool) -> None:
    data = f"package p\n\nfunc f() {{\n\t{body}\n}}\n".encode()
    assert locks.may_release_without_defer(data) is may
