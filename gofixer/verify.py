"""Prove fixes with the real Go toolchain before anything is written.

Per module: a baseline run over the unmodified packages that have fixes and, at the same time,
one run with every fix supplied through ``-overlay`` (the go tool reads the fixed bytes from temporary files; the
user's files are never touched). Two ``go`` processes per module when all is well. Only when the
check fails do we bisect (package, then file, then single fix) to withhold exactly the culprits,
each with the toolchain's first error, and confirm the rest once more.

A file the build does not include (``//go:build ignore``, ``_windows.go`` on Linux, a tag not
set) is not checked by that run at all, so a "pass" would prove nothing about it. Files with a
build constraint or a GOOS/GOARCH file-name suffix are therefore looked up with ``go list``
first (a third process, only in that case); those the current configuration excludes are
withheld with a message that says how to verify them (GOOS/GOARCH, ``-tags`` in GOFLAGS).

With ``--verify vet`` the baseline is allowed to have vet diagnostics (our fixes remove some of
them: go vet's lostcancel reports what GF301 fixes); a fix fails when the code no longer
type-checks or vet reports something it did not report before. A package that does not compile
before fixing is reported and left byte-for-byte alone.

With ``--verify test`` the check is ``go test -race`` of the affected packages, but the baseline
is only a compilation of the package and its tests (``go vet -json``, whose findings are
ignored): a package is "broken, left alone" when it does not compile, not when its tests fail.
Failing tests before fixing are often exactly what a fix repairs (GF403's unguarded counter
makes ``go test -race`` report a data race; the mutex makes it pass), so a fix is accepted when
the tests pass with it. The price: in a package whose tests fail for a reason no fix touches,
every fix fails the check and is withheld (after the usual bisection) with the test's first
error, instead of the package being skipped up front.

``--verify leak`` is ``vet`` here; the run-time proof that follows it is :mod:`gofixer.proof`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from .analysis.build import has_constraint
from .discover import find_module_root
from .model import AppliedFix

LEVELS = ("none", "build", "vet", "test", "leak")
DEFAULT_TIMEOUT = 900.0
# How long a go process group may take to end after SIGINT before SIGKILL. On SIGINT the go
# command stops, removes its work directory (go-build*) and exits; SIGKILL would leave that
# directory behind (see also _go_work_dir).
END_GRACE_SECONDS = 5.0

Key = tuple[str, int]


@dataclass
class Candidate:
    """One file with fixes, as the engine produced it."""

    path: Path  # absolute
    display: str
    original: bytes
    fixed: bytes
    applied: list[AppliedFix]


@dataclass
class Withheld:
    display: str
    fix: AppliedFix | None  # None: every fix of the file or package
    reason: str


@dataclass
class Outcome:
    accepted: dict[Path, bytes] = field(default_factory=dict)
    withheld: list[Withheld] = field(default_factory=list)
    broken: list[tuple[str, str]] = field(default_factory=list)  # (package dir, first error)
    go_runs: int = 0


Refix = Callable[[Candidate, frozenset], bytes]


class GoMissing(RuntimeError):
    pass


@dataclass
class _Result:
    ok: bool
    error: str  # first error line, or "" when ok
    diagnostics: Counter = field(default_factory=Counter)


_ERROR_LINE = re.compile(r"^(?:vet: )?(\S+?\.go):(\d+)(?::(\d+))?: (.+)$")
_NUMBERS = re.compile(r"\d+")


def first_error(output: str, module_root: Path, cwd: Path, renames: dict[Path, Path] | None = None) -> str:
    """The toolchain's first error line, with the path made relative to the current directory.

    ``renames`` maps overlay temp files back to the user's files the compiler was really reading.
    """
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    for ln in lines:
        m = _ERROR_LINE.match(ln)
        if m:
            p = Path(m.group(1))
            if not p.is_absolute():
                p = module_root / p
            p = Path(os.path.normpath(p))
            p = (renames or {}).get(p, p)
            try:
                shown = os.path.relpath(p, cwd)
            except ValueError:
                shown = str(p)
            col = f":{m.group(3)}" if m.group(3) else ""
            return f"{shown}:{m.group(2)}{col}: {m.group(4)}"
    for ln in lines:
        if not ln.startswith("#"):
            return ln
    return "the go command failed without a message"


class Toolchain:
    """Runs ``go`` for one verification level; counts the processes it starts."""

    def __init__(self, level: str, go: str | None = None, timeout: float = DEFAULT_TIMEOUT, cwd: Path | None = None):
        if level not in LEVELS or level == "none":
            raise ValueError(f"bad verification level {level!r}")
        self.level = level
        self.go = go or shutil.which("go")
        if self.go is None:
            raise GoMissing("`go` is not on PATH")
        self.timeout = timeout
        self.cwd = cwd or Path.cwd()
        self.runs = 0
        self._lock = threading.Lock()
        self._live: set[subprocess.Popen] = set()  # running go processes (two may run at once)
        self._stopping = False  # kill_all was called: a go process starting now is ended at once

    def _argv(self, pkgs: list[str], overlay: Path | None, baseline: bool = False) -> list[str]:
        flags = [f"-overlay={overlay}"] if overlay else []
        if baseline and self.level == "test":
            # compile the packages and their tests, run nothing: failing tests are no reason to
            # leave a package alone (see the module docstring)
            return [self.go, "vet", "-json", *pkgs]
        if self.level == "build":
            # several packages: go build compiles and discards; one package: -o /dev/null keeps
            # a main package's binary out of the user's tree
            out = ["-o", os.devnull] if len(pkgs) == 1 else []
            return [self.go, "build", *flags, *out, *pkgs]
        if self.level == "vet":
            return [self.go, "vet", *flags, "-json", *pkgs]
        return [self.go, "test", *flags, "-race", "-count=1", *pkgs]

    def run(
        self, module_root: Path, pkgs: list[str], overlay: dict[Path, bytes] | None = None, baseline: bool = False
    ) -> _Result:
        with tempfile.TemporaryDirectory(prefix="gofixer-verify-") as tmp:
            tmpd = Path(tmp)
            overlay_file = None
            renames: dict[Path, Path] = {}
            if overlay:
                replace = {}
                for i, (path, data) in enumerate(sorted(overlay.items())):
                    f = tmpd / f"{i}-{path.name}"
                    f.write_bytes(data)
                    replace[str(path)] = str(f)
                    renames[Path(os.path.normpath(f))] = path
                    renames[f.resolve()] = path
                overlay_file = tmpd / "overlay.json"
                overlay_file.write_text(json.dumps({"Replace": replace}))
            try:
                with _go_work_dir() as work:
                    done = self._go(self._argv(pkgs, overlay_file, baseline), module_root, work)
            except OSError as e:
                return _Result(False, f"cannot run {self.go}: {e.strerror}")
            if done is None:
                return _Result(False, f"`go {self.level}` timed out after {self.timeout:g}s")
        returncode, out, err = done
        stdout = out.decode("utf-8", "replace")
        stderr = err.decode("utf-8", "replace")
        if returncode != 0:
            return _Result(False, first_error(stderr + "\n" + stdout, module_root, self.cwd, renames))
        diags = _vet_diagnostics(stdout, renames) if self.level == "vet" else Counter()
        return _Result(True, "", diags)


    def _go(self, argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, bytes, bytes] | None:
        """Run one go process in its own session: (exit status, stdout, stderr), or None when it
        timed out (or kill_all came first) and was ended. Counted, and ended by kill_all while it
        runs; Ctrl-C or SIGTERM here ends its whole process group too. OSError when it cannot
        start."""
        with self._lock:
            self.runs += 1
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        with self._lock:
            self._live.add(proc)
            stopping = self._stopping
        if stopping:  # kill_all ran while this one was starting
            _end_groups([proc])
            proc.communicate()
            with self._lock:
                self._live.discard(proc)
            return None
        try:
            out, err = proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _end_groups([proc])
            proc.communicate()
            return None
        except BaseException:
            _end_groups([proc])
            proc.communicate()
            raise
        finally:
            with self._lock:
                self._live.discard(proc)
        return proc.returncode, out, err

    def run_both(
        self, module_root: Path, pkgs: list[str], overlay: dict[Path, bytes]
    ) -> tuple[_Result, _Result]:
        """The baseline and the check over the fixed bytes, as two go processes at once: they do
        not depend on each other, and each spends part of its time on one core (starting up,
        loading packages), so together they take less than one after the other."""
        pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="gofixer-go")
        try:
            base = pool.submit(self.run, module_root, pkgs, None, True)
            check = pool.submit(self.run, module_root, pkgs, overlay)
            return _result(base), _result(check)
        except BaseException:
            self.kill_all()  # Ctrl-C arrives in this thread: take both go process groups down
            raise
        finally:
            pool.shutdown(wait=True)

    def kill_all(self) -> None:
        """End every running go process group (see _end_groups); their threads then return."""
        with self._lock:
            self._stopping = True
            live = list(self._live)
        _end_groups(live)

    def compiled_files(self, module_root: Path, pkgs: list[str]) -> set[Path] | None:
        """The files ``go vet``/``go test`` compile in these packages (tests included), or None."""
        argv = [self.go, "list", "-e", "-json=Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles", *pkgs]
        try:
            done = self._go(argv, module_root)
        except OSError:
            return None
        if done is None or done[0] != 0:
            return None
        objects, whole = json_stream(done[1])
        if not whole:
            return None
        files: set[Path] = set()
        for obj in objects:
            d = Path(obj.get("Dir", ""))
            for key in ("GoFiles", "CgoFiles", "TestGoFiles", "XTestGoFiles"):
                files.update(Path(os.path.normpath(d / f)) for f in obj.get(key) or ())
        return files


# How often the main thread wakes while it waits for the go processes' threads (see _result).
_WAKE_SECONDS = 0.2


def _result(fut: Future):
    """``fut.result()``, waited for in short slices. The kernel hands a Ctrl-C to any thread
    that does not block it; one that lands in a go process's thread leaves the main thread
    asleep in an untimed wait, and Python's handler, which runs there, would wait with it until
    the go processes ended by themselves (up to the timeout). Waking every slice lets the
    handler run. (Blocking the signals in those threads instead would make the go processes
    they start inherit the block, and miss the SIGINT that lets go clean up.)"""
    while True:
        try:
            return fut.result(timeout=_WAKE_SECONDS)
        except FutureTimeout:
            continue


def json_stream(out: bytes) -> tuple[list, bool]:
    """The JSON values of ``go list -json`` output (one after another, not an array), and
    whether it was read to its end (False: it broke off at something that is not JSON)."""
    text, dec, i, values = out.decode("utf-8", "replace"), json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return values, True
        try:
            obj, i = dec.raw_decode(text, i)
        except ValueError:
            return values, False
        values.append(obj)


@contextlib.contextmanager
def _go_work_dir():
    """The environment of a go command whose work directories (GOTMPDIR) land in a directory of
    ours, removed when it has ended: go removes its own on SIGINT, but not when a signal reaches
    it before its handler is set up, nor after SIGKILL. Inside the user's GOTMPDIR when set (it
    is set where $TMPDIR cannot hold executables)."""
    work = tempfile.mkdtemp(prefix="gofixer-go-", dir=os.environ.get("GOTMPDIR") or None)
    try:
        yield {**os.environ, "GOTMPDIR": work}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _end_groups(procs: list[subprocess.Popen]) -> None:
    """SIGINT to each go process's group, as Ctrl-C in a terminal would send it, so that go
    removes its work directory; SIGKILL for a group still there after END_GRACE_SECONDS."""
    for proc in procs:
        _signal_group(proc, signal.SIGINT)
    deadline = time.monotonic() + END_GRACE_SECONDS
    for proc in procs:
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        # the group also holds go's own children (compile, vet, a test binary)
        _signal_group(proc, signal.SIGKILL)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except OSError:
        pass


def _vet_diagnostics(stdout: str, renames: dict[Path, Path] | None = None) -> Counter:
    """``go vet -json`` output -> multiset of (file, analyzer, message with numbers blanked).

    Numbers are blanked because fixes move lines ("defined on line 9" becomes line 10); the
    comparison is per file, so a new diagnostic still shows as one more of its kind.
    """
    found: Counter = Counter()
    dec = json.JSONDecoder()
    i = 0
    while True:
        j = stdout.find("{", i)
        if j == -1:
            break
        try:
            obj, end = dec.raw_decode(stdout, j)
        except json.JSONDecodeError:
            i = j + 1
            continue
        i = end
        if not isinstance(obj, dict):
            continue
        for analyzers in obj.values():
            if not isinstance(analyzers, dict):
                continue
            for analyzer, diags in analyzers.items():
                if not isinstance(diags, list):
                    continue
                for d in diags:
                    posn = str(d.get("posn", ""))
                    file = posn.rsplit(":", 2)[0] if posn.count(":") >= 2 else posn
                    if renames and file:
                        # vet names the overlay's temporary file: count it as the user's file
                        file = str(renames.get(Path(os.path.normpath(file)), file))
                    found[(file, analyzer, _NUMBERS.sub("N", str(d.get("message", ""))))] += 1
    return found


def _new_diagnostics(before: Counter, after: Counter) -> list[tuple[str, str, str]]:
    return sorted((after - before).keys())


class _ModuleCheck:
    """Verification of the candidates of one module."""

    def __init__(self, tc: Toolchain, root: Path, cands: list[Candidate], refix: Refix, out: Outcome):
        self.tc, self.root, self.refix, self.out = tc, root, refix, out
        self.by_pkg: dict[str, list[Candidate]] = {}
        for c in cands:
            self.by_pkg.setdefault(self._pkg(c), []).append(c)
        self.baseline = Counter()

    def _pkg(self, c: Candidate) -> str:
        rel = c.path.parent.relative_to(self.root).as_posix()
        return "./" + rel if rel != "." else "."

    def _check(self, pkgs: list[str], overlay: dict[Path, bytes], res: _Result | None = None) -> _Result:
        """The check run over ``overlay`` (or its result ``res``, run already), judged against
        the baseline's vet diagnostics."""
        if res is None:
            res = self.tc.run(self.root, pkgs, overlay)
        if res.ok and self.tc.level == "vet":
            new = _new_diagnostics(self.baseline, res.diagnostics)
            if new:
                file, analyzer, msg = new[0]
                shown = os.path.relpath(file, self.tc.cwd) if file else "?"
                return _Result(False, f"{shown}: vet ({analyzer}) reports after the fix: {msg}")
        return res

    def _drop_excluded_files(self) -> None:
        """Withhold files the build leaves out: no run of go can vouch for them."""
        maybe = [c for cs in self.by_pkg.values() for c in cs if has_constraint(c.path.name, c.original)]
        if not maybe:
            return
        compiled = self.tc.compiled_files(self.root, sorted({self._pkg(c) for c in maybe}))
        for c in maybe:
            if compiled is not None and Path(os.path.normpath(c.path)) in compiled:
                continue
            why = (
                "excluded from the build by its build constraints or file name for this GOOS/GOARCH and tags, "
                "so it cannot be verified (set GOOS/GOARCH, or -tags in GOFLAGS, to verify it)"
                if compiled is not None
                else "`go list` could not tell whether the build includes it, so it cannot be verified"
            )
            self.out.withheld.append(Withheld(c.display, None, why))
            self.by_pkg[self._pkg(c)].remove(c)
        self.by_pkg = {p: cs for p, cs in self.by_pkg.items() if cs}

    def run(self) -> None:
        self._drop_excluded_files()
        pkgs = sorted(self.by_pkg)
        if not pkgs:
            return
        overlay = {c.path: c.fixed for p in pkgs for c in self.by_pkg[p]}
        base, first = self.tc.run_both(self.root, pkgs, overlay)
        if not base.ok:
            first = None  # some package was broken before fixing: check again without it
            good = []
            for p in pkgs:  # find which packages were already broken (only when some are)
                r = self.tc.run(self.root, [p], baseline=True) if len(pkgs) > 1 else base
                if r.ok:
                    good.append(p)
                    self.baseline.update(r.diagnostics)
                else:
                    self._mark_broken(p, r.error)
            pkgs = good
            overlay = {c.path: c.fixed for p in pkgs for c in self.by_pkg[p]}
        else:
            self.baseline = base.diagnostics
        if not pkgs:
            return
        res = self._check(pkgs, overlay, first)
        if res.ok:
            self.out.accepted.update(overlay)
            return
        accepted: dict[Path, bytes] = {}
        for p in pkgs:
            accepted.update(self._bisect_package(p, res if len(pkgs) == 1 else None))
        if not accepted:
            return
        accepted_pkgs = sorted({self._pkg(c) for p in pkgs for c in self.by_pkg[p] if c.path in accepted})
        final = self._check(accepted_pkgs, accepted)
        if final.ok:
            self.out.accepted.update(accepted)
        else:
            for path in accepted:
                c = next(c for p in pkgs for c in self.by_pkg[p] if c.path == path)
                self.out.withheld.append(Withheld(c.display, None, f"fixes pass alone but fail together: {final.error}"))

    def _mark_broken(self, pkg: str, error: str) -> None:
        shown = os.path.relpath(self.root / pkg, self.tc.cwd)
        self.out.broken.append((shown, error))

    def _bisect_package(self, pkg: str, known: _Result | None) -> dict[Path, bytes]:
        cands = self.by_pkg[pkg]
        overlay = {c.path: c.fixed for c in cands}
        res = known or self._check([pkg], overlay)
        if res.ok:
            return overlay
        accepted: dict[Path, bytes] = {}
        for c in cands:
            data = self._bisect_file(pkg, c, res if len(cands) == 1 else None)
            if data is not None:
                accepted[c.path] = data
        return accepted

    def _bisect_file(self, pkg: str, c: Candidate, known: _Result | None) -> bytes | None:
        res = known or self._check([pkg], {c.path: c.fixed})
        if res.ok:
            return c.fixed
        good: list[Key] = []
        for fx in c.applied:
            alone = self.refix(c, frozenset([fx.key]))
            if alone == c.original:
                continue  # this fix only exists on top of another one
            r = self._check([pkg], {c.path: alone})
            if r.ok:
                good.append(fx.key)
            else:
                self.out.withheld.append(Withheld(c.display, fx, r.error))
        if not good:
            if all(w.fix is None or w.display != c.display for w in self.out.withheld):
                self.out.withheld.append(Withheld(c.display, None, res.error))
            return None
        data = self.refix(c, frozenset(good))
        if data == c.original:
            return None
        r = self._check([pkg], {c.path: data})
        if r.ok:
            return data
        self.out.withheld.append(Withheld(c.display, None, f"fixes pass alone but fail together: {r.error}"))
        return None


def verify(
    cands: Iterable[Candidate],
    level: str,
    refix: Refix,
    go: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    cwd: Path | None = None,
) -> Outcome:
    """Verify every candidate; raises GoMissing when no toolchain can be found."""
    out = Outcome()
    cands = list(cands)
    if not cands:
        return out
    tc = Toolchain("vet" if level == "leak" else level, go=go, timeout=timeout, cwd=cwd)
    modules: dict[Path, list[Candidate]] = {}
    for c in cands:
        root = find_module_root(c.path.parent)
        if root is None:
            out.withheld.append(Withheld(c.display, None, "not inside a Go module (no go.mod): cannot be verified"))
            continue
        modules.setdefault(root, []).append(c)
    for root in sorted(modules):
        _ModuleCheck(tc, root, modules[root], refix, out).run()
    out.go_runs = tc.runs
    return out
