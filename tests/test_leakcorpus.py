"""The leak-corpus benchmark's own reading: the profile, the kernels' regions, the runtime's
expectations and the verdicts. Go is not needed: the inputs are written here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "leakcorpus.py"
_spec = importlib.util.spec_from_file_location("leakcorpus", _PATH)
lc = importlib.util.module_from_spec(_spec)
sys.modules["leakcorpus"] = lc  # dataclasses look their module up by name
_spec.loader.exec_module(lc)

PROFILE = """\
goroutine 1 [running]:
runtime/pprof.writeGoroutineStacks({0x1, 0x2})
\t/go/src/runtime/pprof/pprof.go:819 +0x6b
main.main()
\t/w/prog/main.go:38 +0x133

goroutine 7 [chan send (leaked)]:
main.(*pump_k1).feed(0xc000010000, {0x5, 0x6})
\t/w/prog/k1.go:21 +0x53
main.K1.func1()
\t/w/prog/k1.go:40 +0x20
created by main.K1 in goroutine 1
\t/w/prog/k1.go:39 +0x66

goroutine 9 [sync.Mutex.Lock (leaked), 3 minutes]:
sync.runtime_SemacquireMutex(0x1?, 0x0?, 0x1?)
\t/go/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(...)
\t/go/src/sync/mutex.go:90
main.K2.func1()
\t/w/prog/k2.go:12 +0x44
created by main.K2 in goroutine 1
\t/w/prog/k2.go:10 +0x66

goroutine 11 [chan receive (nil chan) (leaked)]:
main.deep()
\t/w/prog/other.go:5 +0x1d
...additional frames elided...
main.K1.func2()
\t/w/prog/k1.go:50 +0x1d
created by main.K1 in goroutine 1
\t/w/prog/k1.go:49 +0x66
"""


def test_profile_reading_keeps_only_leaked_goroutines_with_their_frames():
    leaked = lc.leaked_goroutines(PROFILE)
    assert [g.wait for g in leaked] == ["chan send", "sync.Mutex.Lock", "chan receive (nil chan)"]
    assert leaked[0].frames[0] == ("main.(*pump_k1).feed(0xc000010000, {0x5, 0x6})", "/w/prog/k1.go", 21)
    assert leaked[0].created_by == ("main.K1", "/w/prog/k1.go", 39)
    assert ("sync.(*Mutex).Lock(...)", "/go/src/sync/mutex.go", 90) in leaked[1].frames
    assert leaked[2].frames == (("main.deep()", "/w/prog/other.go", 5), ("main.K1.func2()", "/w/prog/k1.go", 50))


def test_output_without_a_profile_is_told_apart_from_a_profile_without_leaks():
    assert lc.leaked_goroutines("unknown function: Nope\n") is None
    assert lc.leaked_goroutines(PROFILE.split("\n\n")[0]) == []


def test_a_leak_belongs_to_the_kernel_whose_file_has_one_of_its_frames():
    leaked = lc.leaked_goroutines(PROFILE)
    at_k1 = lc.leaks_at(leaked, "/w/prog/k1.go")
    assert len(at_k1) == 2
    assert [lc.leak_site(g, "/w/prog/k1.go") for g in at_k1] == [
        "(*pump_k1).feed [chan send]", "K1.func2 [chan receive (nil chan)]"]
    assert [lc.leak_site(g, "/w/prog/k2.go") for g in lc.leaks_at(leaked, "/w/prog/k2.go")] == [
        "K2.func1 [sync.Mutex.Lock]"]
    assert lc.leaks_at(leaked, "/w/other/k1.go") == []


SHARED_FILE = """\
package main

func init() {
\tregister("First", First)
\tregister("Second", Second)
}

func helper() {
}

func First() {
\thelper()
}

type box struct{}

func Second() {
}

func trailing() {}
"""


def test_kernels_sharing_a_file_own_the_helpers_written_before_them():
    spans = lc.regions(SHARED_FILE, {"First": "First", "Second": "Second"})
    assert spans == {"First": (1, 13), "Second": (14, 20)}
    assert lc.regions(SHARED_FILE, {"Only": "First"}) == {"Only": (1, 20)}


RUNTIME_TEST = """\
\tmicro := []testCase{
\t\tmakeTest("Quiet"),
\t\tmakeTest("Steady",
\t\t\t// a comment (with parentheses) between the name and the leak
\t\t\t`steady\\.func1\\(.* \\[chan send\\]`,
\t\t),
\t\tmakeFlakyTest("Wobbly",
\t\t\t`wobbly\\(.* \\[select\\]`, `other\\(.*`),
\t\t// makeTest(testCase{name: "Gone"},
\t\t// \t`gone\\(.*`),
\t}
"""


def test_the_runtime_tests_expectations_are_read_past_comments(tmp_path):
    test_file = tmp_path / "src/runtime/goroutineleakprofile_test.go"
    test_file.parent.mkdir(parents=True)
    test_file.write_text(RUNTIME_TEST, encoding="utf-8")
    cases = lc.runtime_cases(tmp_path)
    assert set(cases) == {"Quiet", "Steady", "Wobbly"}
    assert cases["Quiet"] == lc.RuntimeCase(flaky=False, leaks=[])
    assert cases["Steady"].leaks == [r"steady\.func1\(.* \[chan send\]"]
    assert cases["Wobbly"].flaky and len(cases["Wobbly"].leaks) == 2


def _side(*leaks, status="ok"):
    return lc.Side(runs=[lc.Run(status, n, {}) for n in leaks])


def test_verdicts():
    k = lc.Kernel("K", "goker", "k.go", "K")
    cases = [
        (_side(1, 0, 2), _side(0, 0, 0), "repaired"),
        (_side(1, 1, 1), _side(0, 1, 0), "still leaks"),
        (_side(0, 0, 0), _side(0, 2, 0), "worse: leaks"),
        (_side(1, 1, 1), _side(0, 0, 0, status="crash"), "worse: crash"),
        (_side(1, 1, 1), lc.Side(build_error="undefined: x"), "worse: build"),
        (_side(0, 0, 0), _side(0, 0, 0), "no change"),
    ]
    for before, after, verdict in cases:
        assert lc.Account(k, before=before, after=after).verdict() == verdict
    assert lc.Account(k, before=_side(1, 1, 1)).verdict() == ""
