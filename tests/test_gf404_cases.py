"""GF404 cases that need a package directory or the preview tier: helpers, callers and
recovers declared in sibling files, and the preview variants (a panic nothing recovers, a
failing test assertion under the lock)."""

from __future__ import annotations

from pathlib import Path

from gofixer import engine
from gofixer.codemods.gf404_unlock_not_deferred import UnlockNotDeferred
from gofixer.rule import Settings

EARLY_RETURN = """package p

import "sync"

type Stream struct {
	mu     sync.Mutex
	closed bool
	n      int
}

func (s *Stream) Send() {
	s.mu.Lock()
	if s.closed {
		s.failAndUnlock()
		return
	}
	s.n++
	s.mu.Unlock()
	s.n--
}
"""

POLL = """package p

import (
	"sync"
	"time"
)

type W struct {
	mu   sync.Mutex
	done bool
}

func (w *W) wait() {
	for {
		w.mu.Lock()
		if w.done {
			break
		}
		w.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}
"""

REGISTER = """package p

import "sync"

var (
	mu    sync.Mutex
	names = map[string]bool{}
)

func register(name string) {
	mu.Lock()
	if names[name] {
		panic("twice: " + name)
	}
	names[name] = true
	mu.Unlock()
}
"""


def _run(tmp_path: Path, main: str, siblings: dict[str, str], name: str = "main.go", preview: bool = False):
    for n, text in siblings.items():
        (tmp_path / n).write_text(text)
    p = tmp_path / name
    p.write_text(main)
    settings = Settings(unsafe_fixes=True, preview=frozenset({"GF404"}) if preview else frozenset())
    r = engine.process(str(p), main.encode(), [UnlockNotDeferred()], settings, go_version=(1, 22), abspath=str(p))
    assert r.error is None, r.error
    return [(loc.start.line, loc.finding.message, loc.finding.preview) for loc in r.findings]


def test_unlock_helper_in_a_sibling_file_releases_the_lock(tmp_path: Path) -> None:
    helper = "package p\n\nfunc (s *Stream) failAndUnlock() {\n\ts.closed = true\n\ts.mu.Unlock()\n}\n"
    assert _run(tmp_path, EARLY_RETURN, {"helper.go": helper}) == []


def test_helper_that_locks_itself_does_not_release_the_callers_lock(tmp_path: Path) -> None:
    helper = "package p\n\nfunc (s *Stream) failAndUnlock() {\n\ts.mu.Lock()\n\ts.closed = true\n\ts.mu.Unlock()\n}\n"
    got = _run(tmp_path, EARLY_RETURN, {"helper.go": helper})
    assert [(line, msg.split(":")[0]) for line, msg, _p in got] == [(12, "the return at line 15 leaves with the lock held")]


def test_break_held_is_reported_when_no_caller_unlocks(tmp_path: Path) -> None:
    caller = "package p\n\nfunc (w *W) run() {\n\tw.wait()\n\tw.done = false\n}\n"
    got = _run(tmp_path, POLL, {"run.go": caller})
    assert [line for line, _m, _p in got] == [15]
    assert "the break at line 17 leaves the loop with the lock held" in got[0][1]


def test_break_held_for_a_caller_in_a_sibling_file_that_unlocks(tmp_path: Path) -> None:
    caller = "package p\n\nfunc (w *W) run() {\n\tw.wait()\n\tw.done = false\n\tw.mu.Unlock()\n}\n"
    assert _run(tmp_path, POLL, {"run.go": caller}) == []


def test_panic_recovered_by_a_caller_in_a_sibling_file_is_default(tmp_path: Path) -> None:
    caller = (
        "package p\n\nfunc load(name string) (ok bool) {\n\tdefer func() {\n\t\tif recover() != nil {\n\t\t\tok = false\n"
        "\t\t}\n\t}()\n\tregister(name)\n\treturn true\n}\n"
    )
    got = _run(tmp_path, REGISTER, {"load.go": caller})
    assert [(line, p) for line, _m, p in got] == [(11, False)]
    assert "is recovered by the deferred recover in load" in got[0][1]


def test_a_test_that_recovers_the_panic_asserts_it(tmp_path: Path) -> None:
    test = (
        "package p\n\nimport \"testing\"\n\nfunc TestTwice(t *testing.T) {\n\tdefer func() {\n\t\tif recover() == nil {\n"
        "\t\t\tt.Fatal(\"no panic\")\n\t\t}\n\t}()\n\tregister(\"a\")\n\tregister(\"a\")\n}\n"
    )
    assert _run(tmp_path, REGISTER, {"register_test.go": test}) == []


def test_panic_nobody_recovers_is_a_preview_variant(tmp_path: Path) -> None:
    caller = "package p\n\nfunc load(name string) {\n\tgo register(name)\n}\n"  # a goroutine: load cannot recover it
    assert _run(tmp_path, REGISTER, {"load.go": caller}) == []
    got = _run(tmp_path, REGISTER, {"load.go": caller}, preview=True)
    assert [(line, p) for line, _m, p in got] == [(11, True)]
    assert "none in this package does" in got[0][1]


def test_documented_panic_of_a_package_function_counts(tmp_path: Path) -> None:
    main = REGISTER.replace('panic("twice: " + name)', "fail(name)")
    helper = 'package p\n\n// fail panics with the name it is given.\nfunc fail(name string) { panic(name) }\n'
    got = _run(tmp_path, main, {"fail.go": helper}, preview=True)
    assert [(line, p) for line, _m, p in got] == [(11, True)]
    assert "a panic in fail() at line 13" in got[0][1]
    quiet = helper.replace("// fail panics with the name it is given.\n", "")
    assert _run(tmp_path, main, {"fail.go": quiet}, preview=True) == []


TEST_HELPER = """package p

import (
	"sync"
	"testing"
)

type store struct {
	sync.Mutex
	items map[string]int
}

func requireLen(t testing.TB, got, want int) {
	t.Helper()
	if got != want {
		t.Fatalf("len %d, want %d", got, want)
	}
}

func assertSize(t *testing.T, s *store, n int) {
	s.Lock()
	requireLen(t, len(s.items), n)
	s.Unlock()
}

func TestSize(t *testing.T) {
	s := &store{items: map[string]int{}}
	assertSize(t, s, 0)
}
"""


def test_failing_assertion_under_the_lock_is_a_preview_variant(tmp_path: Path) -> None:
    assert _run(tmp_path, TEST_HELPER, {}, name="store_test.go") == []
    got = _run(tmp_path, TEST_HELPER, {}, name="store_test.go", preview=True)
    assert [(line, p) for line, _m, p in got] == [(21, True)]
    assert got[0][1].startswith("requireLen() at line 22 can end the test's goroutine (FailNow)")


def test_ordinary_calls_in_a_test_are_not_assertions(tmp_path: Path) -> None:
    main = TEST_HELPER.replace("requireLen(t, len(s.items), n)", "t.Logf(\"len %d\", len(s.items))")
    assert _run(tmp_path, main, {}, name="store_test.go", preview=True) == []


DIAL = """package p

import (
	"net"
	"sync"
)

type Dialer struct {
	mu    sync.Mutex
	tries int
}

func (d *Dialer) dial(addrs []string) net.Conn {
	var conn net.Conn
	for _, a := range addrs {
		d.mu.Lock()
		d.tries++
		c, err := net.Dial("tcp", a)
		if err != nil {
			d.mu.Unlock()
			continue
		}
		conn = c
		break
	}
	d.mu.Unlock()
	return conn
}
"""


def test_unlock_where_the_lock_is_no_longer_held_is_a_preview_variant(tmp_path: Path) -> None:
    assert _run(tmp_path, DIAL, {}) == []
    got = _run(tmp_path, DIAL, {}, preview=True)
    assert [(line, p) for line, _m, p in got] == [(26, True)]
    assert got[0][1].startswith("d.mu.Unlock() runs on a path where the lock is no longer held: d.mu.Unlock() at line 20 released it")


def test_an_unlock_a_flag_tracks_is_left_alone(tmp_path: Path) -> None:
    flagged = DIAL.replace("\t\t\td.mu.Unlock()\n\t\t\tcontinue", "\t\t\tunlocked = true\n\t\t\td.mu.Unlock()\n\t\t\tcontinue")
    flagged = flagged.replace("\td.mu.Unlock()\n\treturn conn", "\tif !unlocked {\n\t\td.mu.Unlock()\n\t}\n\treturn conn")
    flagged = flagged.replace("\tvar conn net.Conn\n", "\tvar conn net.Conn\n\tunlocked := false\n")
    assert "if !unlocked" in flagged
    assert _run(tmp_path, flagged, {}, preview=True) == []
