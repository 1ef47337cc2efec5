"""Run a module's tests under Go 1.26's goroutine-leak profile and read what leaked.

Go 1.26, built with ``GOEXPERIMENT=goroutineleakprofile``, offers the pprof profile
``goroutineleak``: asking for it runs a GC cycle that marks every goroutine blocked on a
channel, mutex, WaitGroup or Cond that no runnable goroutine can reach any more. Such a goroutine
can never run again: the detector reports no false positives, only leaks the run has reached.

Collection, without the user changing code: every package gets one extra ``_test.go`` file
through ``-overlay`` (nothing is written to the user's tree) that declares an example,
``Example_gofixerLeakProfile``, with an empty ``// Output:``. The testing package runs examples
after every test has finished, parallel tests and their subtests included, and whether the
tests pass or fail; a ``TestMain`` runs them inside ``m.Run()``, so a package that has one needs
no second ``TestMain`` (which would not compile); a package without tests runs the example
alone. The file joins the external test package (``<name>_test``) when the package has one,
since its examples run last, else the package itself; its name sorts after the package's own
files, its identifiers cannot meet theirs (imports are file-scoped and aliased). A ``TestMain``
that never calls ``m.Run()`` runs no example: the run then has no profile and says so.

The example waits for the package's goroutines to settle before it trusts a profile: a
goroutine still sleeping or runnable may be about to block, and one that blocks between the
detection cycle and the dump would be missed. It takes profiles (each one a detection cycle)
until two in a row show no goroutine sleeping, runnable or running besides itself, or until the
settle budget (``GOFIXER_LEAK_SETTLE``, default 1s) is spent.

Leaks depend on scheduling, so each package's binary runs several times (``GOFIXER_LEAK_RUNS``,
default 3; see :mod:`gofixer.leakexec`), every other run with ``GOMAXPROCS=1``. Since the
detector has no false positives, a leak seen in any run is a leak; three runs make one that
shows half the time show at least once with probability 7/8. How many runs after a fix "gone"
takes is :mod:`gofixer.proof`'s business (more when the leak showed in only some runs).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import leakexec
from .verify import Toolchain, first_error, json_stream

EXPERIMENT = "goroutineleakprofile"
PROFILE_FILE = "zz_gofixer_leakprofile_test.go"
DEFAULT_RUNS = 3
DEFAULT_SETTLE = "1s"
MIN_GO = (1, 26)

_PROFILE_SOURCE = """\
// Added by gofixer through -overlay, never written to disk: writes Go's goroutine-leak
// profile once every test of the package has finished (examples run after all tests).

package %(name)s

import (
	gofixerbytes "bytes"
	gofixeros "os"
	gofixerruntime "runtime"
	gofixerpprof "runtime/pprof"
	gofixertime "time"
)

func Example_gofixerLeakProfile() {
	out := gofixeros.Getenv("GOFIXER_LEAK_PROFILE")
	if out == "" {
		return
	}
	prof := gofixerpprof.Lookup("goroutineleak")
	if prof == nil {
		gofixeros.WriteFile(out, []byte("gofixer: no goroutineleak profile in this build\\n"), 0600)
		return
	}
	settle, _ := gofixertime.ParseDuration(gofixeros.Getenv("GOFIXER_LEAK_SETTLE"))
	deadline := gofixertime.Now().Add(settle)
	var buf gofixerbytes.Buffer
	calm := 0
	for pause := gofixertime.Millisecond; ; pause *= 2 {
		for i := 0; i < 10; i++ {
			gofixerruntime.Gosched()
		}
		buf.Reset()
		prof.WriteTo(&buf, 2)
		busy := gofixerbytes.Count(buf.Bytes(), []byte(" [running]:")) > 1 ||
			gofixerbytes.Contains(buf.Bytes(), []byte(" [runnable]:")) ||
			gofixerbytes.Contains(buf.Bytes(), []byte(" [sleep"))
		if busy {
			calm = 0
		} else {
			calm++
		}
		if calm == 2 || !gofixertime.Now().Before(deadline) {
			break
		}
		if busy {
			gofixertime.Sleep(pause)
		}
	}
	gofixeros.WriteFile(out, buf.Bytes(), 0600)
	// Output:
}
"""

NO_PROFILE_MARK = "gofixer: no goroutineleak profile"

# wait reasons (runtime/runtime2.go) -> the blocking kinds gofixer reports
_KINDS = (
    ("chan send", "send"),
    ("chan receive", "receive"),
    ("select", "select"),
    ("sync.Mutex.Lock", "lock"),
    ("sync.RWMutex.Lock", "lock"),
    ("sync.RWMutex.RLock", "lock"),
    ("sync.WaitGroup.Wait", "wait"),
    ("sync.Cond.Wait", "wait"),
)


class Unavailable(RuntimeError):
    """The toolchain cannot build the goroutine-leak profile (one line: why)."""


def kind_of(wait: str) -> str:
    """send, receive, select, lock or wait (the blocking kinds of the profile); else the reason."""
    for reason, kind in _KINDS:
        if wait == reason or wait.startswith(reason + " "):
            return kind
    return wait


@dataclass(frozen=True)
class Frame:
    function: str  # as the runtime names it: example.com/m/p.(*T).Run.func1
    path: str  # absolute (or module-relative under -trimpath), as the traceback gives it
    line: int

    @property
    def decl(self) -> str:
        """The top-level declaration the code belongs to, spelt as :func:`decl_name` spells it."""
        return decl_of(self.function)


@dataclass(frozen=True)
class Goroutine:
    id: int
    wait: str  # the wait reason, without "(leaked)"
    leaked: bool
    frames: tuple[Frame, ...]
    created_by: Frame | None = None

    @property
    def kind(self) -> str:
        return kind_of(self.wait)


_HEADER = re.compile(r"^goroutine (\d+)(?: [^\[]*)? \[([^\]]*)\]:$")
_FILE_LINE = re.compile(r"^\t(.+?):(\d+)(?: \+0x[0-9a-f]+)?$")
_CLOSURE = re.compile(r"^(?:func|gowrap|deferwrap)\d+$|^\d+$")
_TYPE_ARGS = re.compile(r"\[[^\[\]]*\]")


def decl_of(function: str) -> str:
    """``example.com/m/p.(*T).Run.func1`` -> ``(*T).Run``; ``p.Get.func2.1`` -> ``Get``.

    The runtime escapes dots in the last element of an import path (``yaml%2ev3``), so the
    package ends at the first dot after the last slash.
    """
    name = function.rsplit("/", 1)[-1]
    name = name.split(".", 1)[1] if "." in name else name
    while True:  # generic instantiations: Map[...] and nested brackets
        stripped = _TYPE_ARGS.sub("", name)
        if stripped == name:
            break
        name = stripped
    if name.startswith("("):
        close = name.find(")")
        rest = name[close + 2 :].split(".", 1)[0] if close > 0 else ""
        return f"{name[: close + 1]}.{rest}" if rest else name
    parts = name.split(".")
    if len(parts) >= 2 and not _CLOSURE.match(parts[1]):
        return f"{parts[0]}.{parts[1]}"  # a method with a value receiver: T.Run
    return parts[0]


def parse_profile(text: str) -> list[Goroutine]:
    """The goroutines of a debug=2 dump (``WriteTo(w, 2)``), leaked or not."""
    out: list[Goroutine] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip("\n").splitlines()
        if not lines:
            continue
        m = _HEADER.match(lines[0])
        if not m:
            continue
        status = m.group(2).split(",", 1)[0].strip()
        leaked = status.endswith("(leaked)")
        wait = status.removesuffix("(leaked)").strip()
        frames: list[Frame] = []
        created: Frame | None = None
        i = 1
        while i < len(lines):
            call = lines[i]
            loc = _FILE_LINE.match(lines[i + 1]) if i + 1 < len(lines) else None
            if loc is None:
                i += 1  # "...additional frames elided..." and the like
                continue
            i += 2
            if call.startswith("created by "):
                fn = call[len("created by ") :].split(" in goroutine ", 1)[0]
                created = Frame(fn, loc.group(1), int(loc.group(2)))
                continue
            paren = call.rfind("(")
            fn = call[:paren] if paren > 0 else call
            frames.append(Frame(fn, loc.group(1), int(loc.group(2))))
        out.append(Goroutine(int(m.group(1)), wait, leaked, tuple(frames), created))
    return out


@dataclass
class Run:
    """One run of a package's test binary."""

    exit: int
    goroutines: list[Goroutine] | None  # None: the run wrote no profile
    output: str = ""

    @property
    def leaked(self) -> list[Goroutine]:
        return [g for g in self.goroutines or () if g.leaked]

    @property
    def failed(self) -> bool:
        return self.exit != 0

    def failure(self) -> str:
        """The run's first error: the first failing test and its message, or a panic."""
        lines = self.output.splitlines()
        for i, ln in enumerate(lines):
            if ln.startswith("--- FAIL"):
                more = next((x.strip() for x in lines[i + 1 : i + 3] if x.strip() and not x.startswith("---")), "")
                return f"{ln.strip()} {more}".strip()
        for ln in lines:
            if ln.startswith(("panic:", "fatal error:")):
                return ln.strip()
        return f"the test binary exited with status {self.exit}"


@dataclass
class Package:
    """A package as ``go list`` sees it, and what its leak runs showed."""

    dir: Path
    import_path: str
    name: str
    has_tests: bool
    xtest: bool
    runs: list[Run] = field(default_factory=list)
    error: str | None = None  # the tests could not be built or run at all

    @property
    def profiled(self) -> list[Run]:
        return [r for r in self.runs if r.goroutines is not None]

    @property
    def failing(self) -> list[Run]:
        return [r for r in self.runs if r.failed]


def profile_source(package_name: str) -> bytes:
    return (_PROFILE_SOURCE % {"name": package_name}).encode()


def parse_version(text: str) -> tuple[int, int] | None:
    m = re.search(r"go(\d+)\.(\d+)", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def experiment_env(base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    have = [x for x in env.get("GOEXPERIMENT", "").split(",") if x.strip()]
    if EXPERIMENT not in have:
        have.append(EXPERIMENT)
    env["GOEXPERIMENT"] = ",".join(have)
    return env


def runs_wanted() -> int:
    try:
        return max(1, int(os.environ.get("GOFIXER_LEAK_RUNS", DEFAULT_RUNS)))
    except ValueError:
        return DEFAULT_RUNS


class LeakRunner:
    """Runs packages' tests under the leak profile; shares its process count with ``tc``."""

    def __init__(self, tc: Toolchain, runs: int | None = None, settle: str | None = None):
        self.tc = tc
        self.runs = runs or runs_wanted()
        self.settle = settle or os.environ.get("GOFIXER_LEAK_SETTLE") or DEFAULT_SETTLE
        self.version: str | None = None

    def check_available(self, cwd: Path) -> None:
        """Raise Unavailable unless ``go`` is at least 1.26 and accepts the experiment."""
        try:
            done = self.tc._go([self.tc.go, "env", "GOVERSION"], cwd, env=experiment_env())
        except OSError as e:
            raise Unavailable(f"cannot run {self.tc.go}: {e.strerror}") from None
        if done is None:
            raise Unavailable("`go env GOVERSION` timed out")
        code, out, err = done
        text = out.decode("utf-8", "replace").strip()
        if code != 0:
            msg = (err.decode("utf-8", "replace").strip().splitlines() or ["go env failed"])[0]
            raise Unavailable(f"the Go toolchain cannot build GOEXPERIMENT={EXPERIMENT}: {msg}")
        version = parse_version(text)
        if version is None or version < MIN_GO:
            raise Unavailable(f"{text or 'this Go'} has no goroutine-leak profile (it needs Go 1.26 or later)")
        self.version = text

    def packages(self, module_root: Path, dirs: Iterable[Path]) -> dict[Path, Package]:
        """``go list`` of the directories: names, import paths, whether they have tests."""
        rels = sorted({_rel_pkg(module_root, d) for d in dirs})
        if not rels:
            return {}
        argv = [self.tc.go, "list", "-e", "-json=Dir,ImportPath,Name,TestGoFiles,XTestGoFiles,GoFiles,Error", *rels]
        try:
            done = self.tc._go(argv, module_root)
        except OSError as e:
            raise Unavailable(f"cannot run {self.tc.go}: {e.strerror}") from None
        out: dict[Path, Package] = {}
        if done is None:
            return out
        for obj in json_stream(done[1])[0]:  # what go list printed before any break
            d = Path(obj.get("Dir") or "")
            if not obj.get("Name"):
                continue
            pkg = Package(
                d,
                obj.get("ImportPath", ""),
                obj["Name"],
                bool(obj.get("TestGoFiles") or obj.get("XTestGoFiles")),
                bool(obj.get("XTestGoFiles")),
            )
            if obj.get("Error"):
                pkg.error = str(obj["Error"].get("Err", "")).splitlines()[0] if isinstance(obj["Error"], dict) else "go list failed"
            out[_real(d)] = pkg
        return out

    def run(self, module_root: Path, pkgs: list[Package], overlay: dict[Path, bytes]) -> dict[Path, Package]:
        """Fresh copies of ``pkgs`` with their runs, the user's files replaced by ``overlay``."""
        result = {_real(p.dir): Package(p.dir, p.import_path, p.name, p.has_tests, p.xtest, error=p.error) for p in pkgs}
        runnable = [p for p in result.values() if p.error is None]
        if not runnable:
            return result
        with tempfile.TemporaryDirectory(prefix="gofixer-leaks-") as tmp:
            tmpd = Path(tmp)
            records = tmpd / "records"
            records.mkdir()
            replace: dict[str, str] = {}
            for i, (path, data) in enumerate(sorted(overlay.items())):
                f = tmpd / f"{i}-{path.name}"
                f.write_bytes(data)
                replace[str(path)] = str(f)
            for i, p in enumerate(runnable):
                name = p.name + "_test" if p.xtest else p.name
                f = tmpd / f"profile-{i}.go"
                f.write_bytes(profile_source(name))
                replace[str(p.dir / _profile_name(p.dir))] = str(f)
            ov = tmpd / "overlay.json"
            ov.write_text(json.dumps({"Replace": replace}))
            exec_cmd = " ".join(shlex.quote(x) for x in (sys.executable, "-I", leakexec.__file__))
            per_run = max(1.0, self.tc.timeout / self.runs)
            argv = [
                self.tc.go,
                "test",
                "-count=1",
                "-vet=off",
                f"-overlay={ov}",
                f"-exec={exec_cmd}",
                f"-timeout={per_run:.0f}s",
                *sorted(_rel_pkg(module_root, p.dir) for p in runnable),
            ]
            env = experiment_env()
            env.update(GOFIXER_LEAK_DIR=str(records), GOFIXER_LEAK_RUNS=str(self.runs), GOFIXER_LEAK_SETTLE=self.settle)
            try:
                done = self.tc._go(argv, module_root, env=env)
            except OSError as e:
                raise Unavailable(f"cannot run {self.tc.go}: {e.strerror}") from None
            output = ""
            if done is None:
                output = f"`go test` timed out after {self.tc.timeout:g}s"
            else:
                output = (done[2] + b"\n" + done[1]).decode("utf-8", "replace")
            for key, p in result.items():
                if p.error is not None:
                    continue
                rec = records / f"{leakexec.package_tag(str(key))}.json"
                try:
                    data = json.loads(rec.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    p.error = _package_error(output, p, module_root) if done is not None else output
                    continue
                for r in data.get("runs", []):
                    p.runs.append(_read_run(r, module_root))
        return result


def _module_path(module_root: Path) -> str | None:
    try:
        text = (module_root / "go.mod").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    m = re.search(r"^module\s+\"?([^\s\"]+)", text, re.M)
    return m.group(1) if m else None


def _absolute(g: Goroutine, module_root: Path, module_path: str | None) -> Goroutine:
    """Frames of the module under ``-trimpath`` (``example.com/m/p/f.go``) as absolute paths."""
    if not module_path:
        return g

    def fix(f: Frame | None) -> Frame | None:
        if f is None or os.path.isabs(f.path) or not f.path.startswith(module_path + "/"):
            return f
        return Frame(f.function, str(module_root / f.path[len(module_path) + 1 :]), f.line)

    return Goroutine(g.id, g.wait, g.leaked, tuple(fix(f) for f in g.frames), fix(g.created_by))


def _read_run(r: dict, module_root: Path | None = None) -> Run:
    goroutines = None
    prof = r.get("profile")
    if prof:
        try:
            text = Path(prof).read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = None
        if text is not None and not text.startswith(NO_PROFILE_MARK):
            goroutines = parse_profile(text)
            if module_root is not None:
                modpath = _module_path(module_root)
                goroutines = [_absolute(g, module_root, modpath) for g in goroutines]
        elif text is not None:
            raise Unavailable("the test binary was built without the goroutine-leak profile")
    return Run(int(r.get("exit", 1)), goroutines, str(r.get("output", "")))


def _profile_name(d: Path) -> str:
    name = PROFILE_FILE
    n = 1
    while (d / name).exists():
        n += 1
        name = PROFILE_FILE.replace("_test.go", f"{n}_test.go")
    return name


def _rel_pkg(module_root: Path, d: Path) -> str:
    try:
        rel = _real(d).relative_to(_real(module_root)).as_posix()
    except ValueError:
        return str(d)
    return "./" + rel if rel != "." else "."


_REAL: dict[str, Path] = {}


def _real(p: Path | str) -> Path:
    key = str(p)
    got = _REAL.get(key)
    if got is None:
        got = _REAL[key] = Path(os.path.realpath(key))
    return got


def _package_error(output: str, p: Package, module_root: Path) -> str:
    """The go tool's first error about this package (``# import/path`` opens its block)."""
    lines = output.splitlines()
    block: list[str] = []
    inside = False
    for ln in lines:
        if ln.startswith("# "):
            inside = ln[2:].split(" ", 1)[0] == p.import_path
            continue
        if inside:
            block.append(ln)
    if block:
        return first_error("\n".join(block), module_root, Path.cwd())
    for ln in lines:
        if p.import_path in ln and ("failed]" in ln or "FAIL" in ln):
            return ln.strip()
    return "no test run was recorded for the package"


def in_tree(path: str, root: Path) -> bool:
    """Is ``path`` (from a traceback) inside the directory ``root``?"""
    try:
        _real(path).relative_to(_real(root))
    except ValueError:
        return False
    return True


def resolve_frame_path(path: str, pkgs: Iterable[Package]) -> Path:
    """An absolute path for a traceback path (``-trimpath`` gives ``import/path/file.go``)."""
    if os.path.isabs(path):
        return Path(path)
    pkg_path, _, name = path.rpartition("/")
    for p in pkgs:
        if p.import_path == pkg_path:
            return p.dir / name
    return Path(path)
