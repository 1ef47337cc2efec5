#!/usr/bin/env python3
"""Does gofixer find, and do its verified fixes repair, the leaks of Go's own leak corpus?

    python benchmarks/leakcorpus.py [--gofixer PATH] [--runs 3] [--confirm 8] [--jobs 2]
        [--select RULES] [--unsafe-fixes] [--preview] [--only NAME,GLOB...] [--json FILE] [--keep]

Go 1.26 ships real goroutine leaks with every installation:
`$GOROOT/src/runtime/testdata/testgoroutineleakprofile/` holds the GoBench kernels (`goker/`)
and the common leak patterns (`simple.go`, `commonpatterns.go`, `stresstests.go`), each kernel a
function registered by name in a `main` program that ends by writing the goroutine-leak profile.
The kernels are read from there and copied to scratch modules only (they never enter this
repository). For each kernel:

- flagged: `gofixer check --format json` reports a finding in the kernel's code;
- fixed: gofixer's verified fix (`gofixer fix` on the kernel's file, in a scratch copy of the
  program) removes a finding there;
- proven repaired: the kernel leaked before (in at least one run) and leaks in no run after;
- made worse: after the fix the program no longer builds, the kernel crashes or hangs where it
  did not before, or it leaks where it never did before.

Both sides are built the way `runtime/goroutineleakprofile_test.go` builds them
(GOEXPERIMENT=goroutineleakprofile) and run the way it runs them (GODEBUG=asyncpreemptoff=1,
and GOMAXPROCS=1 for the cases it does not mark flaky). Each program is built once unmodified,
and once more for each file gofixer changes; a build runs once per kernel and repetition. A leak
at a kernel is a leaked goroutine with a frame in the kernel's file. Leaks come and go with
scheduling: each side runs `--runs` times, and a kernel that leaked in some runs only, or in none
though the runtime's test expects it to, `--confirm` times more on both sides (the runtime's own
test runs its flaky cases 11 times).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

CORPUS = Path("src/runtime/testdata/testgoroutineleakprofile")
PROGRAMS = {"patterns": Path("."), "goker": Path("goker")}
BUILD_ENV = {"GOEXPERIMENT": "goroutineleakprofile", "GOTOOLCHAIN": "local"}
RUN_ENV = {"GODEBUG": "asyncpreemptoff=1"}


# --- the corpus -------------------------------------------------------------------------------

@dataclass
class Kernel:
    name: str
    program: str  # a key of PROGRAMS
    file: str  # the file's name in its program's directory
    func: str  # the registered function
    cases: str = "untested"  # the runtime's test: "leaks", "flaky", "no leak", "untested"
    gomaxprocs1: bool = False


@dataclass
class RuntimeCase:
    flaky: bool
    leaks: list[str]


_REGISTER = re.compile(rb'\bregister\("(\w+)",\s*(\w+)\)')
_CASE = re.compile(r'^\s*make(Flaky)?Test\("(\w+)"((?:\s|,|//[^\n]*|`[^`]*`)*)\)', re.M)
_CASE_TOKEN = re.compile(r"//[^\n]*|`([^`]*)`")


def runtime_cases(goroot: Path) -> dict[str, RuntimeCase]:
    """The runtime's own test says which kernels leak, which only sometimes (run without
    GOMAXPROCS=1), and which must not; its list is read rather than copied so that a newer Go
    brings its own."""
    text = (goroot / "src/runtime/goroutineleakprofile_test.go").read_text(encoding="utf-8")
    cases = {}
    for m in _CASE.finditer(text):
        leaks = [t.group(1) for t in _CASE_TOKEN.finditer(m.group(3)) if t.group(1) is not None]
        cases[m.group(2)] = RuntimeCase(flaky=bool(m.group(1)), leaks=leaks)
    return cases


def discover(corpus: Path, cases: dict[str, RuntimeCase]) -> list[Kernel]:
    kernels = []
    for program, sub in PROGRAMS.items():
        for path in sorted((corpus / sub).glob("*.go")):
            for m in _REGISTER.finditer(path.read_bytes()):
                k = Kernel(m.group(1).decode(), program, path.name, m.group(2).decode())
                case = cases.get(k.name)
                if case is not None:
                    k.cases = "flaky" if case.flaky else ("leaks" if case.leaks else "no leak")
                    k.gomaxprocs1 = not case.flaky
                kernels.append(k)
    return kernels


def regions(text: str, funcs: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Lines (1-based, inclusive) of each kernel in a file that holds several.

    Such files put a kernel's helpers (types, methods, lower-case functions) just before the
    registered function, so a kernel's region runs from the line after the previous kernel's
    function to the closing brace of its own; the last one keeps the rest of the file. A file
    with one kernel is all that kernel's. `funcs` maps kernel name to registered function."""
    lines = text.splitlines()
    if len(funcs) == 1:
        return {name: (1, max(1, len(lines))) for name in funcs}
    ends = []
    for name, func in funcs.items():
        start = next((i for i, ln in enumerate(lines) if re.match(rf"func {re.escape(func)}\(", ln)), None)
        if start is None:
            continue
        end = next((i for i in range(start, len(lines)) if lines[i] == "}"), len(lines) - 1)
        ends.append((end + 1, name))
    ends.sort()
    out, first = {}, 1
    for i, (end, name) in enumerate(ends):
        out[name] = (first, len(lines) if i == len(ends) - 1 else end)
        first = end + 1
    return out


# --- the leak profile -------------------------------------------------------------------------

@dataclass(frozen=True)
class Goroutine:
    wait: str  # the wait reason, "(leaked)" removed: "chan send", "sync.Mutex.Lock"
    frames: tuple[tuple[str, str, int], ...]  # (function, file, line), innermost first
    created_by: tuple[str, str, int] | None


_HEADER = re.compile(r"^goroutine \d+ \[(.*)\]:$")
_LOCATION = re.compile(r"^\t(.+?):(\d+)(?: \+0x[0-9a-f]+)?$")


def leaked_goroutines(profile: str) -> list[Goroutine] | None:
    """The leaked goroutines of a `goroutineleak` profile written with debug=2 (the traceback
    format: a `goroutine N [reason (leaked)]:` header, then function and `\\tfile:line` pairs,
    then `created by`). None when the output holds no profile at all.

    The one place that reads the profile: gofixer's own leak-profile reader can replace it."""
    seen_profile = False
    leaked = []
    for block in re.split(r"\n\s*\n", profile):
        lines = block.strip("\n").splitlines()
        m = _HEADER.match(lines[0]) if lines else None
        if not m:
            continue
        seen_profile = True
        if "(leaked" not in m.group(1):
            continue
        wait = re.sub(r"\s*\(leaked\)", "", m.group(1)).split(",")[0].strip()
        frames, created_by, func = [], None, None
        for line in lines[1:]:
            where = _LOCATION.match(line)
            if where is None:  # a function, or a note such as "...additional frames elided..."
                func = None if line.startswith("...") else line
                continue
            if func is None:
                continue
            frame = (func, where.group(1), int(where.group(2)))
            if func.startswith("created by "):
                created_by = (func.removeprefix("created by ").split(" in goroutine ")[0], *frame[1:])
            else:
                frames.append(frame)
            func = None
        leaked.append(Goroutine(wait, tuple(frames), created_by))
    return leaked if seen_profile else None


def leaks_at(goroutines: list[Goroutine], path: str) -> list[Goroutine]:
    return [g for g in goroutines if any(f == path for _, f, _ in g.frames)]


def leak_site(g: Goroutine, path: str) -> str:
    """`function [wait reason]` at the innermost frame in the kernel's file, like the runtime
    test's own summary of a leak."""
    func = next(fn for fn, f, _ in g.frames if f == path)
    return f"{re.sub(r'[(][^()]*[)]$', '', func.removeprefix('main.'))} [{g.wait}]"


# --- running things ---------------------------------------------------------------------------

def _env(extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


def scratch_module(src: Path, dest: Path, go_version: str) -> None:
    """A copy of a program's Go files (not its subdirectories) as its own module."""
    dest.mkdir(parents=True)
    for path in src.glob("*.go"):
        shutil.copy2(path, dest / path.name)
    (dest / "go.mod").write_text(f"module leakcorpus\n\ngo {go_version}\n", encoding="utf-8")


def build(go: str, directory: Path, exe: Path) -> str | None:
    """None when the program builds; otherwise the compiler's first lines."""
    p = subprocess.run([go, "build", "-o", str(exe), "."], cwd=directory, env=_env(BUILD_ENV),
                       capture_output=True, text=True)
    return None if p.returncode == 0 else (p.stderr.strip() or f"exit {p.returncode}")[:500]


class GofixerFailed(Exception):
    """gofixer could not check a program: nothing it says about the corpus can be counted."""


def gofixer_check(gofixer: list[str], directory: Path, opts: list[str]) -> tuple[list[dict], list[str]]:
    """The findings, and the per-file errors gofixer reported alongside them."""
    p = subprocess.run([*gofixer, "check", "--format", "json", "--no-cache", "--exit-zero", *opts, "."],
                       cwd=directory, capture_output=True, text=True)
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or [""])[-1]
        raise GofixerFailed(f"gofixer check exits {p.returncode} in {directory.name}: {last[:300]}")
    doc = json.loads(p.stdout)
    return doc["findings"], doc.get("errors", [])


def gofixer_fix(gofixer: list[str], directory: Path, file: str, opts: list[str]) -> str | None:
    """Let gofixer write its verified fixes to one file of the scratch copy."""
    p = subprocess.run([*gofixer, "fix", "--no-cache", "--exit-zero", *opts, file],
                       cwd=directory, capture_output=True, text=True)
    return None if p.returncode == 0 else f"gofixer fix: exit {p.returncode}: {p.stderr.strip()[:300]}"


@dataclass
class Run:
    status: str  # "ok", "crash", "timeout", "no profile"
    leaks: int  # leaked goroutines at the kernel
    sites: dict[str, int]  # leak site -> goroutines
    detail: str = ""


def run_kernel(exe: Path, kernel: Kernel, path: str, timeout: float) -> Run:
    env = dict(RUN_ENV, GOMAXPROCS="1") if kernel.gomaxprocs1 else dict(RUN_ENV)
    try:
        p = subprocess.run([str(exe), kernel.name], env=_env(env), capture_output=True, text=True,
                           timeout=timeout, errors="replace")
    except subprocess.TimeoutExpired:
        return Run("timeout", 0, {}, f"no exit within {timeout:g} s")
    goroutines = leaked_goroutines(p.stdout)
    at = leaks_at(goroutines or [], path)
    sites = dict(Counter(leak_site(g, path) for g in at))
    if p.returncode != 0:
        tail = (p.stderr.strip().splitlines() or [""])[0]
        return Run("crash", len(at), sites, f"exit {p.returncode}: {tail[:200]}")
    if goroutines is None:
        return Run("no profile", 0, {}, (p.stdout + p.stderr).strip()[:200])
    return Run("ok", len(at), sites)


# --- one kernel's account ---------------------------------------------------------------------

@dataclass
class Side:
    runs: list[Run] = field(default_factory=list)
    build_error: str | None = None

    @property
    def leaking_runs(self) -> int:
        return sum(1 for r in self.runs if r.leaks)

    @property
    def failed_runs(self) -> int:
        return sum(1 for r in self.runs if r.status != "ok")

    def summary(self) -> str:
        if self.build_error:
            return "build fails"
        if not self.runs:
            return ""
        text = f"{self.leaking_runs}/{len(self.runs)}"
        if self.leaking_runs:
            text += f" ({max(r.leaks for r in self.runs)})"
        if self.failed_runs:
            text += f" {self.failed_runs} {'/'.join(sorted({r.status for r in self.runs if r.status != 'ok'}))}"
        return text


@dataclass
class Account:
    kernel: Kernel
    findings: list[dict] = field(default_factory=list)  # {rule, line, fix}
    fixed: dict[str, int] = field(default_factory=dict)  # rule -> findings the fix removed
    new_findings: dict[str, int] = field(default_factory=dict)  # rule -> findings only after
    gofixer_error: str | None = None
    before: Side = field(default_factory=Side)
    after: Side | None = None  # None: gofixer changed nothing in the kernel's file

    @property
    def leaks(self) -> bool:
        return self.before.leaking_runs > 0

    def verdict(self) -> str:
        a, b = self.after, self.before
        if a is None:
            return ""
        if a.build_error:
            return "worse: build"
        if a.failed_runs and not b.failed_runs:
            return f"worse: {'/'.join(sorted({r.status for r in a.runs if r.status != 'ok'}))}"
        if a.leaking_runs and not b.leaking_runs:
            return "worse: leaks"
        if b.leaking_runs and not a.leaking_runs and not a.failed_runs:
            return "repaired"
        if b.leaking_runs:
            return "still leaks"
        return "no change"


def _in(findings: list[dict], file: str, span: tuple[int, int]) -> list[dict]:
    return [f for f in findings if f["path"] == file and span[0] <= f["line"] <= span[1]]


def _by_rule(findings: list[dict]) -> Counter:
    return Counter(f["rule"] for f in findings)


# --- the benchmark ----------------------------------------------------------------------------

def _check_opts(args: argparse.Namespace) -> list[str]:
    opts = []
    if args.select:
        opts += ["--select", args.select]
    if args.preview:
        opts.append("--preview")
    return opts


def _go_version(go: str) -> tuple[str, Path]:
    out = subprocess.run([go, "env", "GOVERSION", "GOROOT"], capture_output=True, text=True, check=True).stdout
    version, goroot = out.split("\n")[:2]
    m = re.match(r"go(\d+)\.(\d+)", version)
    if not m or (int(m.group(1)), int(m.group(2))) < (1, 26):
        raise SystemExit(f"leakcorpus: needs Go 1.26 or later (the leak profile and its corpus), found {version}")
    return f"{m.group(1)}.{m.group(2)}", Path(goroot)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gofixer", help="the gofixer executable to measure (default: this checkout's, "
                    "`python -m gofixer`)")
    ap.add_argument("--go", default="go", help="the go command (default: go on PATH)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each kernel on each side (default 3)")
    ap.add_argument("--confirm", type=int, default=8,
                    help="extra runs on both sides of a kernel that leaked in some runs but not all, "
                    "or in none where the runtime's test expects a leak (default 8; 0: none)")
    ap.add_argument("--jobs", type=int, default=2, help="kernels run at once, builds and fixes too (default 2)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds before a kernel's run counts as hung")
    ap.add_argument("--select", help="only these rules (passed to gofixer)")
    ap.add_argument("--unsafe-fixes", action="store_true", help="passed to gofixer fix")
    ap.add_argument("--preview", action="store_true", help="passed to gofixer check and fix")
    ap.add_argument("--only", action="append", default=[],
                    help="only kernels matching these names or globs (comma-separated, repeatable)")
    ap.add_argument("--json", metavar="FILE", help="also write every account as JSON to FILE (- for stdout)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory and print its path")
    args = ap.parse_args(argv)
    if args.runs < 1 or args.jobs < 1 or args.confirm < 0:
        ap.error("--runs and --jobs must be at least 1, --confirm at least 0")
    if shutil.which(args.go) is None:
        ap.error(f"no go command: {args.go}")
    if args.gofixer and shutil.which(args.gofixer) is None:
        ap.error(f"no gofixer at {args.gofixer}")
    gofixer = [args.gofixer] if args.gofixer else [sys.executable, "-m", "gofixer"]
    go_version, goroot = _go_version(args.go)
    corpus = goroot / CORPUS
    if not (corpus / "goker").is_dir():
        raise SystemExit(f"leakcorpus: no leak corpus at {corpus}")

    kernels = discover(corpus, runtime_cases(goroot))
    only = [p for arg in args.only for p in arg.split(",") if p]
    if only:
        kernels = [k for k in kernels if any(fnmatch.fnmatchcase(k.name, p) for p in only)]
        if not kernels:
            ap.error("--only matches no kernel")
    accounts = {k.name: Account(k) for k in kernels}
    opts = _check_opts(args)
    fix_opts = opts + (["--unsafe-fixes"] if args.unsafe_fixes else [])

    by_file: dict[tuple[str, str], list[Account]] = {}
    for acc in accounts.values():
        by_file.setdefault((acc.kernel.program, acc.kernel.file), []).append(acc)
    work = Path(tempfile.mkdtemp(prefix="leakcorpus-")).resolve()
    bench = Bench(args, gofixer, go_version, corpus, work, by_file, opts, fix_opts)
    try:
        if _measure(bench):
            return 2
    except GofixerFailed as e:
        print(f"leakcorpus: {e}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"scratch directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    report(list(accounts.values()), args)
    if args.json:
        _write_json(list(accounts.values()), args, fix_opts)
    return 0


@dataclass
class Bench:
    """What one measurement works with: its options, the scratch directory and the accounts of
    the selected kernels, by the program file that holds them."""
    args: argparse.Namespace
    gofixer: list[str]
    go_version: str
    corpus: Path
    work: Path
    by_file: dict[tuple[str, str], list[Account]]
    check_opts: list[str]
    fix_opts: list[str]

    def funcs(self, key: tuple[str, str]) -> dict[str, str]:
        """Kernel name -> registered function of every kernel in a file, selected or not."""
        text = (self.corpus / PROGRAMS[key[0]] / key[1]).read_bytes()
        return {m.group(1).decode(): m.group(2).decode() for m in _REGISTER.finditer(text)}

    def findings_in(self, findings: list[dict], directory: Path, key: tuple[str, str]) -> dict[str, list[dict]]:
        spans = regions((directory / key[1]).read_text(encoding="utf-8"), self.funcs(key))
        return {acc.kernel.name: _in(findings, key[1], spans.get(acc.kernel.name, (0, -1)))
                for acc in self.by_file[key]}


def _measure(bench: Bench) -> int:
    exes = _before(bench)
    if exes is None:
        return 2
    to_fix = [key for key, accs in bench.by_file.items() if any(f["fix"] for a in accs for f in a.findings)]
    with concurrent.futures.ThreadPoolExecutor(bench.args.jobs) as pool:
        after_exes = {key: exe for key, exe in zip(to_fix, pool.map(lambda key: _after(bench, key), to_fix))
                      if exe is not None}
    _run_sides(bench, exes, after_exes)
    return 0


def _before(bench: Bench) -> dict[str, Path] | None:
    """One scratch module, one gofixer check and one build per program."""
    exes = {}
    for program in sorted({key[0] for key in bench.by_file}):
        d = bench.work / "before" / program
        scratch_module(bench.corpus / PROGRAMS[program], d, bench.go_version)
        findings, errors = gofixer_check(bench.gofixer, d, bench.check_opts)
        for key in [key for key in bench.by_file if key[0] == program]:
            found = bench.findings_in(findings, d, key)
            for acc in bench.by_file[key]:
                acc.findings = [{"rule": f["rule"], "line": f["line"], "message": f["message"],
                                 "fix": (f["fix"] or {}).get("applicability")} for f in found[acc.kernel.name]]
                acc.gofixer_error = "; ".join(e for e in errors if key[1] in e) or None
        exes[program] = bench.work / "before" / f"{program}.exe"
        err = build(bench.args.go, d, exes[program])
        if err:
            print(f"leakcorpus: the unmodified {program} program does not build: {err}", file=sys.stderr)
            return None
    return exes


def _after(bench: Bench, key: tuple[str, str]) -> Path | None:
    """A scratch copy of the program where gofixer fixes one file; its build, or None when
    gofixer changed nothing."""
    program, file = key
    d = bench.work / "after" / f"{program}-{file.removesuffix('.go')}"
    scratch_module(bench.corpus / PROGRAMS[program], d, bench.go_version)
    original = (d / file).read_bytes()
    err = gofixer_fix(bench.gofixer, d, file, bench.fix_opts)
    accounts = bench.by_file[key]
    for acc in accounts:
        acc.gofixer_error = acc.gofixer_error or err
    if (d / file).read_bytes() == original:
        return None
    try:
        found = bench.findings_in(gofixer_check(bench.gofixer, d, bench.check_opts)[0], d, key)
    except GofixerFailed as e:  # what was fixed stays unknown; the runs still count
        found = None
        for acc in accounts:
            acc.gofixer_error = acc.gofixer_error or str(e)
    exe = d.with_suffix(".exe")
    build_error = build(bench.args.go, d, exe)
    for acc in accounts:
        if found is not None:
            after, before = _by_rule(found[acc.kernel.name]), _by_rule(acc.findings)
            acc.fixed, acc.new_findings = dict(before - after), dict(after - before)
        acc.after = Side(build_error=build_error)
    return exe


def _run_sides(bench: Bench, exes: dict[str, Path], after_exes: dict[tuple[str, str], Path]) -> None:
    """Every kernel before; after, the kernels of every file gofixer changed. A verdict that
    rests on a run without a leak is only as good as the number of runs: where a kernel leaked
    in some runs but not all, or in none though the runtime's test expects it to, both of its
    sides run --confirm times more."""
    args = bench.args
    jobs = []
    for (program, file), accounts in bench.by_file.items():
        for acc in accounts:
            jobs += [(acc.before, exes[program], acc.kernel, str(bench.work / "before" / program / file))] * args.runs
            exe = after_exes.get((program, file))
            if exe is not None and acc.after and not acc.after.build_error:
                jobs += [(acc.after, exe, acc.kernel, str(exe.with_suffix("") / file))] * args.runs
    _run_all(jobs, args)
    again = []
    for accounts in bench.by_file.values():
        for acc in accounts:
            if args.confirm and acc.before.leaking_runs < args.runs and (
                    acc.kernel.cases in ("leaks", "flaky") or acc.after is not None):
                again += [job for job in jobs if job[0] is acc.before][:1] * args.confirm
                again += [job for job in jobs if job[0] is acc.after][:1] * args.confirm
    _run_all(again, args)


def _run_all(jobs: list, args: argparse.Namespace) -> None:
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = pool.map(lambda j: (j[0], run_kernel(j[1], j[2], j[3], args.timeout)), jobs)
        for side, run in results:
            side.runs.append(run)


def _write_json(accounts: list[Account], args: argparse.Namespace, fix_opts: list[str]) -> None:
    doc = {"runs": args.runs, "confirm": args.confirm, "options": fix_opts,
           "kernels": [dict(asdict(a), leaks=a.leaks, verdict=a.verdict()) for a in accounts]}
    text = json.dumps(doc, indent=1)
    if args.json == "-":
        print(text)
    else:
        Path(args.json).write_text(text + "\n", encoding="utf-8")


# --- the report -------------------------------------------------------------------------------

def _rules(counts: dict[str, int] | Counter) -> str:
    return " ".join(f"{r}x{n}" if n > 1 else r for r, n in sorted(counts.items()))


def report(accounts: list[Account], args: argparse.Namespace, out=sys.stdout) -> None:
    def w(line=""):
        print(line, file=out)

    w(f"runs per side: {args.runs}, {args.runs + args.confirm} where a kernel leaked in some runs only; "
      "before/after: leaking runs/runs (most leaked goroutines at the kernel)")
    w()
    w("| kernel | runtime test | flagged | fixed | before | after | verdict |")
    w("|---|---|---|---|---|---|---|")
    for a in accounts:
        flagged = _by_rule(a.findings)
        fixed = _rules(a.fixed)
        if a.new_findings:
            fixed += f" (new: {_rules(a.new_findings)})"
        if a.gofixer_error:
            fixed += " (gofixer error)"
        after = a.after.summary() if a.after else ""
        w(f"| {a.kernel.name} | {a.kernel.cases} | {_rules(flagged)} | {fixed} | {a.before.summary()} "
          f"| {after} | {a.verdict()} |")

    rules = sorted({f["rule"] for a in accounts for f in a.findings})
    w()
    w("| rule | kernels flagged | of them leaking | fixed | proven repaired | made worse |")
    w("|---|---:|---:|---:|---:|---:|")
    for rule in rules:
        flagged = [a for a in accounts if any(f["rule"] == rule for f in a.findings)]
        fixed = [a for a in flagged if a.fixed.get(rule)]
        w(f"| {rule} | {len(flagged)} | {sum(a.leaks for a in flagged)} | {len(fixed)} "
          f"| {sum(a.verdict() == 'repaired' for a in fixed)} "
          f"| {sum(a.verdict().startswith('worse') for a in fixed)} |")

    leaking = [a for a in accounts if a.leaks]
    flagged = [a for a in accounts if a.findings]
    w()
    w(f"kernels: {len(accounts)}, leaking before: {len(leaking)}; flagged: {len(flagged)} "
      f"(leaking: {sum(a.leaks for a in flagged)}); fixed: {sum(bool(a.fixed) for a in accounts)}; "
      f"proven repaired: {sum(a.verdict() == 'repaired' for a in accounts)}; "
      f"made worse: {sum(a.verdict().startswith('worse') for a in accounts)}; "
      f"failed runs before: {sum(a.before.failed_runs for a in accounts)}")
    quiet = [a.kernel.name for a in accounts if not a.leaks and a.kernel.cases in ("leaks", "flaky")]
    if quiet:
        w(f"no leak seen in any run although the runtime's test expects one: {', '.join(quiet)}")
    errors = sorted({a.gofixer_error for a in accounts if a.gofixer_error})
    for e in errors:
        w(f"gofixer: {e}")


if __name__ == "__main__":
    sys.exit(main())
