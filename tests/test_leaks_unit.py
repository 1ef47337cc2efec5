"""The leak profile's parts that need no Go toolchain: reading the dump, naming declarations the
way the runtime does, the -exec program's runs, and the judgement of the proof (a stand-in
runner plays the test runs, so each branch is decided by data, not by scheduling)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gofixer import leakexec, leaks, proof
from gofixer.leaks import Frame, Goroutine, Package, Run
from gofixer.model import Applicability, AppliedFix
from gofixer.verify import Candidate, Outcome

DUMP = """goroutine 1 [running]:
runtime/pprof.writeGoroutineStacks({0x597a88, 0x266867d7c040})
\t/usr/local/go/src/runtime/pprof/pprof.go:819 +0x6b
example.com/m/p.Example_gofixerLeakProfile()
\t/src/m/p/zz_gofixer_leakprofile_test.go:32 +0x1a6
main.main()
\t_testmain.go:52 +0xa5

goroutine 8 [chan send (leaked)]:
example.com/m/p.Get.func1()
\t/src/m/p/get.go:15 +0x3d
created by example.com/m/p.Get in goroutine 7
\t/src/m/p/get.go:14 +0x85

goroutine 21 [sync.Mutex.Lock (leaked), 3 minutes]:
sync.runtime_SemacquireMutex(0x0?, 0x0?, 0x0?)
\t/usr/local/go/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(...)
\t/usr/local/go/src/sync/mutex.go:46
example.com/m/p.(*Cache[...]).Put(0xc000010000, {0x5, 0x1})
\t/src/m/p/cache.go:30 +0x45
example.com/m/p.(*Cache[...]).Fill.gowrap1()
\t/src/m/p/cache.go:41 +0x25
created by example.com/m/p.(*Cache[...]).Fill in goroutine 20
\t/src/m/p/cache.go:41 +0x99

goroutine 30 [select]:
example.com/m/p.loop()
\t/src/m/p/loop.go:9 +0x45
...additional frames elided...
created by example.com/m/p.Start in goroutine 1
\t/src/m/p/loop.go:4 +0x1a
"""


def test_parse_profile_reads_leaks_frames_and_creators() -> None:
    gs = {g.id: g for g in leaks.parse_profile(DUMP)}
    assert set(gs) == {1, 8, 21, 30}
    assert [g.id for g in gs.values() if g.leaked] == [8, 21]
    get = gs[8]
    assert (get.wait, get.kind) == ("chan send", "send")
    assert get.frames == (Frame("example.com/m/p.Get.func1", "/src/m/p/get.go", 15),)
    assert get.created_by == Frame("example.com/m/p.Get", "/src/m/p/get.go", 14)
    put = gs[21]
    assert (put.wait, put.kind) == ("sync.Mutex.Lock", "lock")
    assert [f.line for f in put.frames] == [95, 46, 30, 41]
    assert put.frames[2].function == "example.com/m/p.(*Cache[...]).Put"
    assert gs[30].kind == "select" and not gs[30].leaked and gs[30].created_by.line == 4


@pytest.mark.parametrize(
    "function, decl",
    [
        ("example.com/m/p.Get.func1", "Get"),
        ("example.com/m/p.Get.func2.1", "Get"),
        ("example.com/m/p.(*Cache[...]).Put", "(*Cache).Put"),
        ("example.com/m/p.(*Cache[...]).Fill.gowrap1", "(*Cache).Fill"),
        ("example.com/m/p.Server.Run.func3", "Server.Run"),
        ("main.main", "main"),
        ("example.com/m/p.init.0", "init"),
        ("gopkg.in/yaml%2ev3.Unmarshal", "Unmarshal"),
        ("example.com/m/p.Map[...].func1", "Map"),
    ],
)
def test_decl_of_names_the_top_level_declaration(function: str, decl: str) -> None:
    assert leaks.decl_of(function) == decl


SRC = b"""package p

type Cache[K comparable] struct{}

func Get() {
	ch := make(chan int)
	_ = ch
}

func (c *Cache[K]) Put(k K) {}

func (s Server) Run() {}

var x = 1
"""


@pytest.mark.parametrize(
    "needle, want",
    [(b"make(chan", ("Get", None)), (b"Put(k K)", ("(*Cache).Put", "Cache")), (b"Run()", ("Server.Run", "Server")), (b"x = 1", (None, None))],
)
def test_site_of_spells_declarations_as_the_runtime_does(needle: bytes, want) -> None:
    assert proof.site_of(SRC, SRC.index(needle)) == want


@pytest.mark.parametrize(
    "wait, kind",
    [("chan receive (nil chan)", "receive"), ("select (no cases)", "select"), ("sync.RWMutex.RLock", "lock"), ("sync.Cond.Wait", "wait"), ("IO wait", "IO wait")],
)
def test_kind_of(wait: str, kind: str) -> None:
    assert leaks.kind_of(wait) == kind


def test_profile_source_is_a_go_example_for_the_package() -> None:
    src = leaks.profile_source("fetch_test").decode()
    assert src.startswith("// Added by gofixer") and "\npackage fetch_test\n" in src
    assert "func Example_gofixerLeakProfile() {" in src and src.rstrip().endswith("// Output:\n}")
    assert 'Lookup("goroutineleak")' in src and "WriteTo(&buf, 2)" in src


def test_experiment_env_keeps_the_users_experiments() -> None:
    assert leaks.experiment_env({"GOEXPERIMENT": "jsonv2"})["GOEXPERIMENT"] == "jsonv2,goroutineleakprofile"
    assert leaks.experiment_env({})["GOEXPERIMENT"] == "goroutineleakprofile"
    assert leaks.experiment_env({"GOEXPERIMENT": "goroutineleakprofile"})["GOEXPERIMENT"] == "goroutineleakprofile"


FAKE_TEST_BINARY = """#!{python}
import os, sys
with open(os.environ["GOFIXER_LEAK_PROFILE"], "w") as f:
    f.write("goroutine 1 [running]:\\nmain.main()\\n\\t/x.go:1 +0x1\\n")
with open(os.path.join(os.environ["GOFIXER_LEAK_DIR"], "seen"), "a") as f:
    f.write(os.environ.get("GOMAXPROCS", "-") + " " + " ".join(sys.argv[1:]) + "\\n")
sys.exit(int(os.environ.get("FAKE_EXIT", "0")))
"""


@pytest.mark.parametrize("exit_code", [0, 1])
def test_leakexec_runs_the_binary_each_time_with_its_own_profile(tmp_path: Path, monkeypatch, exit_code: int) -> None:
    binary = tmp_path / "p.test"
    binary.write_text(FAKE_TEST_BINARY.format(python=sys.executable))
    binary.chmod(binary.stat().st_mode | stat.S_IEXEC)
    records = tmp_path / "records"
    records.mkdir()
    env = dict(os.environ, GOFIXER_LEAK_DIR=str(records), GOFIXER_LEAK_RUNS="3", FAKE_EXIT=str(exit_code))
    env.pop("GOMAXPROCS", None)
    done = subprocess.run(
        [sys.executable, leakexec.__file__, str(binary), "-test.count=1"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == exit_code
    assert (records / "seen").read_text().splitlines() == ["- -test.count=1", "1 -test.count=1", "- -test.count=1"]
    rec = json.loads((records / f"{leakexec.package_tag(os.path.realpath(tmp_path))}.json").read_text())
    assert rec["dir"] == os.path.realpath(tmp_path)
    assert [r["exit"] for r in rec["runs"]] == [exit_code] * 3
    profiles = [r["profile"] for r in rec["runs"]]
    assert len(set(profiles)) == 3 and all(Path(p).exists() for p in profiles)


# -- the judgement, with a stand-in for the test runs ----------------------------------------

A_GO = b"""package p

func A() {
	ch := make(chan int)
	go func() { ch <- 1 }()
}

func B() {
	ch := make(chan int)
	go func() { ch <- 1 }()
}

func C() {}
"""


def _leak(root: Path, decl: str, line: int) -> Goroutine:
    path = str(root / "p" / "a.go")
    return Goroutine(7, "chan send", True, (Frame(f"example.com/m/p.{decl}.func1", path, line),), Frame(f"example.com/m/p.{decl}", path, line))


class StandIn:
    """Plays go test: which goroutines leak depends on the bytes of the overlay."""

    def __init__(
        self, root: Path, c_leaks_unfixed_on_second_look: bool, a_fixed_makes_c_leak: bool = True, a_shows: int = 3, a_fixed_fails: bool = False
    ):
        self.root = root
        self.a_fails = a_fixed_fails
        self.c_second = c_leaks_unfixed_on_second_look
        self.c_from_a = a_fixed_makes_c_leak
        self.a_shows = a_shows  # of the 3 runs of a batch without fix A, how many show A's leak
        self.before_calls = 0
        self.runs = 3
        self.overlays: list[bytes] = []

    def packages(self, root, dirs):
        d = leaks._real(root / "p")
        return {d: Package(d, "example.com/m/p", "p", True, False)}

    def run(self, root, pkgs, overlay):
        data = next(iter(overlay.values()), A_GO)
        self.overlays.append(data)
        if not overlay:
            self.before_calls += 1
        p = pkgs[0]
        out = Package(p.dir, p.import_path, p.name, p.has_tests, p.xtest)
        for i in range(self.runs):
            leaked = []
            if b"/*fixA*/" not in data and i < self.a_shows:
                leaked.append(_leak(self.root, "A", 5))
            if (b"/*fixA*/" in data and self.c_from_a) or (self.before_calls == 2 and not overlay and self.c_second):
                leaked.append(_leak(self.root, "C", 13))  # fix A strands a goroutine in C
            if b"/*fixA*/" in data and self.a_fails:
                out.runs.append(Run(1, leaked, "=== RUN   TestA\n--- FAIL: TestA (0.00s)\n    a_test.go:9: got 2, want 1\nFAIL\n"))
            else:
                out.runs.append(Run(0, leaked))
        return {leaks._real(p.dir): out}


def _judge(tmp_path: Path, c_second: bool, **stand_in):
    (tmp_path / "p").mkdir()
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "p" / "a.go").write_bytes(A_GO)
    fa = AppliedFix(("GF201", A_GO.index(b"make")), "GF201", "leaky-result-channel", "buffer", Applicability.SAFE, 4)
    fb = AppliedFix(("GF201", A_GO.rindex(b"make")), "GF201", "leaky-result-channel", "buffer", Applicability.SAFE, 9)

    def refix(c, allowed):
        out = A_GO
        if fa.key in allowed:
            out = out.replace(b"func A() {", b"func A() { /*fixA*/", 1)
        if fb.key in allowed:
            out = out.replace(b"func B() {", b"func B() { /*fixB*/", 1)
        return out

    path = tmp_path / "p" / "a.go"
    cand = Candidate(path, "p/a.go", A_GO, refix(None, {fa.key, fb.key}), [fa, fb])
    outcome = Outcome(accepted={path: cand.fixed})
    stand_in = StandIn(tmp_path, c_second, **stand_in)
    report = proof.ProofReport()
    fixes = [proof._Fix(cand, fx, proof.Site(leaks._real(path), proof.site_of(A_GO, fx.key[1])[0], frozenset({"send"}))) for fx in (fa, fb)]
    proof._ModuleProof(stand_in, tmp_path, fixes, outcome, refix, report, tmp_path).run()
    results = {key[1][1]: p for key, p in report.proofs.items()}
    return results[fa.key[1]], results[fb.key[1]], outcome, stand_in


def test_a_new_leak_elsewhere_is_pinned_on_the_fix_that_causes_it_alone(tmp_path: Path) -> None:
    a, b, outcome, stand_in = _judge(tmp_path, c_second=False)
    assert a.result == "made-worse", a
    assert "p.C.func1 blocked on send at p/a.go:13" in a.detail
    assert b.result == "not-reproduced" and "no goroutine leaked in B blocked on send in 6 runs" in b.detail
    assert [(w.fix.key[1], w.reason.split(":")[0]) for w in outcome.withheld] == [(a_key(), "made worse at run time")]
    # what is left to write: fix B alone; the last run checked exactly that
    left = outcome.accepted[tmp_path / "p" / "a.go"]
    assert b"/*fixB*/" in left and b"/*fixA*/" not in left
    assert stand_in.overlays[-1] == left
    assert stand_in.before_calls == 2  # the unfixed tests were looked at again before blaming


def a_key() -> int:
    return A_GO.index(b"make")


def test_a_leak_the_unfixed_tests_show_on_a_second_look_is_nobodys_fault(tmp_path: Path) -> None:
    a, b, outcome, stand_in = _judge(tmp_path, c_second=True)
    # C's leak shows without the fixes too: not new. A's own leak is gone: proven
    assert a.result == "proven", a
    assert "p.A.func1 blocked on send at p/a.go:5" in a.detail and "in 6 of 6 runs" in a.detail
    assert b.result == "not-reproduced"
    assert outcome.withheld == []


def test_a_leak_seen_once_in_three_runs_needs_twelve_clean_runs_after(tmp_path: Path) -> None:
    """(2/3)^12 < 1%: had fix A changed nothing, twelve runs would almost surely show its leak."""
    a, b, outcome, stand_in = _judge(tmp_path, c_second=False, a_fixed_makes_c_leak=False, a_shows=1)
    assert a.result == "proven", a
    assert "in 1 of 3 runs of the tests; with it no goroutine leaks in A in 12 runs" in a.detail
    assert len(stand_in.overlays) == 5  # before, then four batches of three runs after
    assert outcome.withheld == []


def test_a_fix_that_makes_tests_fail_is_withheld_with_the_failure(tmp_path: Path) -> None:
    a, b, outcome, stand_in = _judge(tmp_path, c_second=False, a_fixed_makes_c_leak=False, a_fixed_fails=True)
    assert a.result == "made-worse", a
    assert a.detail == "the tests fail with the fix: --- FAIL: TestA (0.00s) a_test.go:9: got 2, want 1"
    assert b.result == "not-reproduced"
    assert [w.fix.key[1] for w in outcome.withheld] == [a_key()]


def test_pr_body_and_commit_message_show_each_fixs_leak_proof() -> None:
    from gofixer import pr
    from gofixer.model import Proof

    proven = Proof("leak", "proven", "before the fix q.Get.func1 blocked on send at q/q.go:9, in 3 of 3 runs")
    quiet = Proof("leak", "not-reproduced", "no goroutine leaked in Put in 3 runs of the tests before the fix")
    commit = pr.RuleCommit(
        "GF201", "leaky-result-channel", [pr.Place("q/q.go", 7, "send blocks", proven), pr.Place("r/r.go", 4, "m", quiet)], [Applicability.SAFE] * 2
    )
    res = pr.PrResult(branch="b", base_sha="0123456789abcdef", verify_level="leak", go_runs=8, commits=[commit])
    text = pr.body(res)
    assert "**Verification:** go vet, then the tests under Go's goroutine-leak profile before and after the fixes, 8 go processes" in text
    assert "Leak proofs of the committed fixes: 1 proven, 1 not-reproduced." in text
    assert "- `q/q.go:7`: send blocks (leak proof: **proven**: before the fix q.Get.func1 blocked on send at q/q.go:9, in 3 of 3 runs)" in text
    assert commit.message().splitlines()[2:] == ["q/q.go:7: send blocks (leak proof: proven)", "r/r.go:4: m (leak proof: not-reproduced)"]


REFUSING_GO = """#!/bin/sh
if [ "$GOEXPERIMENT" = "goroutineleakprofile" ]; then
  echo "go: unknown GOEXPERIMENT goroutineleakprofile" >&2
  exit 2
fi
echo go1.26.0
"""


def test_a_go_that_refuses_the_experiment_is_unavailable_in_one_line(tmp_path: Path, monkeypatch) -> None:
    from gofixer.verify import Toolchain

    fake = tmp_path / "go"
    fake.write_text(REFUSING_GO)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.delenv("GOEXPERIMENT", raising=False)
    runner = leaks.LeakRunner(Toolchain("vet", go=str(fake)))
    with pytest.raises(leaks.Unavailable) as e:
        runner.check_available(tmp_path)
    assert str(e.value) == "the Go toolchain cannot build GOEXPERIMENT=goroutineleakprofile: go: unknown GOEXPERIMENT goroutineleakprofile"


def test_sarif_of_leaks_lists_the_leak_rule_and_validates(tmp_path: Path) -> None:
    import jsonschema

    from gofixer import leakreport, registry
    from gofixer.model import Finding, Located, Position
    from gofixer.render import sarif

    src = b"package p\n\nfunc F() {\n\tch <- 1\n}\n"
    loc = Located("p/p.go", Finding("leak", "goroutine-leak", 22, 29, "1 goroutine blocked forever on send"), Position(4, 2), Position(4, 9))
    doc = json.loads(sarif.document([loc], [*registry.all_rules(), leakreport.LeakRule], {"p/p.go": src}, tmp_path))
    schema = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(doc)
    run = doc["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules[-1] == "leak" and run["results"][0]["ruleIndex"] == len(rules) - 1
    assert "fixes" not in run["results"][0]


def test_trimpath_frames_of_the_module_become_absolute(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text('module "example.com/m"\n\ngo 1.22\n')
    g = leaks.parse_profile(DUMP.replace("/src/m/", "example.com/m/"))[1]
    got = leaks._absolute(g, tmp_path, leaks._module_path(tmp_path))
    assert got.frames[0].path == str(tmp_path / "p" / "get.go") and got.created_by.path == str(tmp_path / "p" / "get.go")
    runtime = leaks._absolute(leaks.parse_profile(DUMP)[2], tmp_path, "example.com/m")
    assert runtime.frames[0].path == "/usr/local/go/src/runtime/sema.go"


def test_a_double_lock_fix_owns_the_goroutine_its_callee_strands_and_its_receivers_lockers(tmp_path: Path) -> None:
    """GF406's fix in ``(*Mapping).clear`` (release the mutex around ``m.notify()``): the goroutine
    stuck in ``notify``'s ``RLock`` has ``clear`` on its stack, and one stuck in another method
    of ``Mapping`` waits for the lock ``clear`` kept; a send leak in ``clear`` is not its kind,
    and a lock leak in another type's method is not its site."""
    path = str(tmp_path / "m.go")
    src = b"package p\n\ntype Mapping struct{}\n\nfunc (m *Mapping) clear() {\n}\n"
    decl, recv = proof.site_of(src, src.index(b"{\n}"))
    assert (decl, recv) == ("(*Mapping).clear", "Mapping")
    site = proof.Site(leaks._real(Path(path)), decl, proof.LEAK_KINDS["GF406"], recv, wide="GF406" in proof.WIDE_SITE_RULES)

    def stuck(wait: str, *functions: str) -> Goroutine:
        return Goroutine(9, wait, True, tuple(Frame(f"example.com/m/p.{fn}", path, 7) for fn in functions))

    assert proof.proof_level("GF406") == "leak" and proof.proof_level("GF206") == "leak"
    assert proof.at_site(stuck("sync.RWMutex.RLock", "(*Mapping).notify", "(*Mapping).clear"), site)
    assert proof.at_site(stuck("sync.Mutex.Lock", "(*Mapping).Add"), site)
    assert not proof.at_site(stuck("chan send", "(*Mapping).clear"), site)
    assert not proof.at_site(stuck("sync.Mutex.Lock", "(*Index).Add"), site)
