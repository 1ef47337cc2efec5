"""One gofixer run: files in, report out. Owns I/O, worker processes and the toolchain.

Rules and the engine are pure; everything that touches the filesystem or other processes is
here (LibCST's codemod/runner split), so the CLI, the PR bot and the LSP server share one path.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, config, discover, engine, gofmt, interrupt, plan, proof
from .analysis import siblings
from . import verify as verification
from .model import FileResult, Proof
from .rule import Rule, Settings
from .write import WriteError, atomic_write, remove_stale_temps

# below this many files a process pool costs more than it saves
_POOL_MIN_FILES = 48


@dataclass
class Options:
    """A run's options as the command line gave them; None means "as configured"."""

    fix: bool = True
    dry_run: bool = False
    verify: str | None = None
    jobs: int = 0
    go_timeout: float = verification.DEFAULT_TIMEOUT
    unsafe_fixes: bool | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()  # added to the selection (--report-unused-ignores)
    preview: bool | None = None  # also the rules and variants of the preview tier
    config: Path | None = None
    use_cache: bool = True
    cache_dir: Path | None = None  # default: cache.cache_dir()


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)
    outcome: verification.Outcome | None = None
    final: dict[str, bytes] = field(default_factory=dict)  # display path -> bytes verified to write
    written: list[str] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # per-file one-liners (unreadable, syntax)
    unanalysed: int = 0  # files that could not be analysed at all (their errors are in ``errors``)
    removed_temps: list[Path] = field(default_factory=list)  # stale temporary files of dead writers
    verify_skipped: str | None = None
    verify_level: str = "vet"
    # --verify leak: each fix's run-time proof, by (display path, fix key); a line for the user
    proofs: dict[tuple[str, tuple[str, int]], Proof] = field(default_factory=dict)
    proof_note: str | None = None
    timings: dict[str, float] = field(default_factory=dict)  # seconds, for --verbose

    @property
    def findings(self):
        return [loc for f in self.files for loc in f.findings]


# -- worker side -----------------------------------------------------------------------------

_worker_rules: list[Rule] = []
_worker_settings = Settings()
_worker_context = ""

# path, display, go version, fix, and the cache context (None: no cache)
Work = tuple[str, str, "tuple[int, int] | None", bool, "str | None"]
Keys = "tuple[str, str] | None"  # (content key, stat key) to store a fresh result under


def _init_worker(rule_types: Sequence[type[Rule]], settings: Settings, context: str = "") -> None:
    global _worker_rules, _worker_settings, _worker_context
    _worker_rules = [r() for r in rule_types]
    _worker_settings = settings
    _worker_context = context
    # the files do not change while this run checks them: list each package directory once
    siblings.snapshot(True)


def _init_pool_worker(*args) -> None:
    # the main process decides what an interrupt means, and ends the workers: a Ctrl-C or
    # SIGTERM sent to the whole process group must neither print a worker's traceback nor
    # break the pool before the main process hears of it (a worker starts with the signals
    # held: see scan)
    interrupt.release_in_child(sigint=signal.SIG_IGN, sigterm=signal.SIG_IGN)
    _init_worker(*args)


@contextlib.contextmanager
def _ended_on_interrupt(pool: ProcessPoolExecutor):
    """Leaving a pool waits for all the work queued in it: on an interrupt (or any error) that
    work is dropped and the workers are ended instead."""
    try:
        yield
    except BaseException:
        workers = list((getattr(pool, "_processes", None) or {}).values())  # shutdown forgets them
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in workers:
            proc.kill()  # they ignore SIGINT and SIGTERM, and hold nothing to clean up
        for proc in workers:
            proc.join(timeout=5)
        raise


def _slim(r: FileResult, fix: bool) -> FileResult:
    """What goes back to the runner: a check of a file with nothing to say carries no bytes
    (the runner has no use for them), so the source of a whole tree never crosses a pipe."""
    if not fix and not r.findings and r.error is None and r.warning is None:
        r.original = r.fixed = b""
    return r


def _work(args: Work) -> tuple[FileResult, Keys]:
    """One file through the engine. Returns the result and the cache keys to store it under,
    made from the very bytes checked (None: do not store)."""
    path, display, version, fix, context = args
    keys = None
    try:
        if context is None:
            data = Path(path).read_bytes()
        else:
            data, ckey, skey = cache.read_keyed(path, display, context)
            keys = (ckey, skey)
    except OSError as e:
        return FileResult(display, b"", b"", error=f"cannot read: {e.strerror}"), None
    try:
        r = engine.process(display, data, _worker_rules, _worker_settings, version, fix=fix, abspath=path)
    except Exception as e:  # a rule bug must not take the run down; report it on the file
        return FileResult(display, data, data, error=f"internal error: {type(e).__name__}: {e}"), None
    return _slim(r, fix), keys


def _work_dir(batch: list[Work]) -> list[tuple[FileResult, Keys]]:
    """The files of one directory, one after the other: the package's siblings (and any model a
    rule derives from them) are loaded once for all of them, and freed when the batch is done."""
    try:
        return [_work(a) for a in batch]
    finally:
        siblings.clear()


# -- runner side -----------------------------------------------------------------------------


def _versions(files: list[discover.GoFile]) -> dict[Path, tuple[int, int] | None]:
    """Each file's module Go version (one stat per directory, one go.mod read per module)."""
    roots: dict[Path, Path | None] = {}
    versions: dict[Path | None, tuple[int, int] | None] = {None: None}
    out = {}
    for f in files:
        root = discover.find_module_root(f.path.parent, roots)
        if root not in versions:
            versions[root] = discover.module_go_version(root / "go.mod")
        out[f.path] = versions[root]
    return out


Group = plan.Group
Progress = Callable[[int, int], None]


def _by_directory(work: list[Work]) -> list[list[Work]]:
    """Work batches, one per directory, the largest first (so the longest one starts first and
    the pool stays busy to the end)."""
    dirs: dict[str, list[Work]] = {}
    for w in work:
        dirs.setdefault(os.path.dirname(w[0]), []).append(w)

    def size(batch: list[Work]) -> int:
        total = 0
        for w in batch:
            try:
                total += os.stat(w[0]).st_size
            except OSError:
                pass
        return total

    return sorted(dirs.values(), key=size, reverse=True)


def scan(
    files: list[discover.GoFile],
    groups: dict[Path, Group],
    opts: Options,
    versions: dict[Path, tuple[int, int] | None],
    progress: Progress | None = None,
) -> list[FileResult]:
    """Run the engine over every file; files sharing rules and settings share worker set-up.

    Cached results are looked up here first, in one query; only the files that miss go to the
    workers (no pool at all when nothing misses), a directory at a time.
    ``progress(done, total)`` is called once before the first file and after each one.
    """
    by_group: dict[Group, list[discover.GoFile]] = {}
    for f in files:
        by_group.setdefault(groups[f.path], []).append(f)
    results: dict[str, FileResult] = {}
    jobs = opts.jobs or os.cpu_count() or 1
    tick = progress or (lambda done, total: None)
    tick(0, len(files))
    store = cache.Cache(opts.cache_dir) if opts.use_cache else None
    done = 0
    for (rule_types, settings), members in by_group.items():
        # what the results depend on besides the file: the rules and their settings
        context = repr((sorted(r.code for r in rule_types), settings))
        work: list[Work] = []
        if store is not None:
            hits, work = store.lookup(
                [(str(f.path), f.display, versions[f.path], opts.fix) for f in members], context, keep_bytes=opts.fix
            )
            for r in hits:
                results[r.path] = r
                done += 1
            if hits:
                tick(done, len(files))
        else:
            work = [(str(f.path), f.display, versions[f.path], opts.fix, None) for f in members]
        if not work:
            continue
        init = (rule_types, settings, context)
        fresh: dict[str, FileResult] = {}
        stats: dict[str, str] = {}
        batches = _by_directory(work)
        if 1 < len(batches) < jobs or (len(batches) == 1 and len(work) >= _POOL_MIN_FILES):
            # fewer directories than workers: split them (each part loads its package's files)
            parts = -(-jobs // len(batches))
            batches = [b[i::parts] for b in batches for i in range(parts) if b[i::parts]]

        def take(out: list[tuple[FileResult, Keys]]) -> None:
            nonlocal done
            for r, keys in out:
                results[r.path] = r
                if keys is not None:
                    fresh[keys[0]] = r
                    stats[keys[1]] = keys[0]
                done += 1
                tick(done, len(files))

        if jobs <= 1 or len(work) < _POOL_MIN_FILES or len(batches) == 1:
            _init_worker(*init)
            try:
                for batch in batches:
                    take(_work_dir(batch))
            finally:
                siblings.snapshot(False)
        else:
            with ProcessPoolExecutor(min(jobs, len(batches)), initializer=_init_pool_worker, initargs=init) as pool, _ended_on_interrupt(pool):
                with interrupt.held():  # the workers are forked here
                    futures = [pool.submit(_work_dir, b) for b in batches]
                for fut in as_completed(futures):
                    take(fut.result())
        if store is not None:
            store.put_many(fresh, stats)
    return [results[f.display] for f in files]


def _plan(
    files: list[discover.GoFile], rule_types: Sequence[type[Rule]] | None, opts: Options, finder: config.Finder
) -> tuple[list[discover.GoFile], dict[Path, Group]]:
    """Each file's rules and settings (see gofixer.plan); excluded files are dropped."""
    kept: list[discover.GoFile] = []
    groups: dict[Path, Group] = {}
    memo: dict[tuple, Group] = {}
    for f in files:
        group = plan.for_file(finder.for_dir(f.path.parent), f.path, opts, rule_types, f.explicit, memo)
        if group is not None:
            groups[f.path] = group
            kept.append(f)
    return kept, groups


def _judge_syntax(results: list[FileResult], by_display: dict[str, discover.GoFile]) -> None:
    """Tell a real syntax error from syntax newer than the parser, by asking gofmt (one process
    for every file tree-sitter could not parse whole). A file Go accepts is said to use newer
    syntax: the declaration tree-sitter cannot read is skipped, which is a note, unless the
    whole file was; a file Go rejects has a syntax error, which counts like a finding."""
    broken = [r for r in results if r.syntax_at is not None and (r.error or r.warning)]
    if not broken:
        return
    verdicts = gofmt.syntax_errors([by_display[r.path].path for r in broken]) or {}
    for r in broken:
        path = by_display[r.path].path
        if path not in verdicts:
            tail = "(gofmt is not on PATH to tell it from syntax newer than the parser)"
            if r.warning:
                r.error, r.warning = f"{r.warning} {tail}", None
            else:
                r.error = f"{r.error} {tail}"
        elif verdicts[path] is None:
            what = "file not checked" if r.error else "the declaration containing it is not checked"
            newer = f"syntax newer than the parser at {r.syntax_at} (Go accepts it): {what}"
            r.error, r.warning = (newer, None) if r.error else (None, newer)
        else:
            r.error, r.warning = f"syntax error at {verdicts[path]}", None


def run(
    paths: Sequence[str],
    rule_types: Sequence[type[Rule]] | None,
    opts: Options,
    cwd: Path | None = None,
    progress: Progress | None = None,
) -> Report:
    """One whole run. ``rule_types`` None means the registry (tests pass their own rules).

    ``progress(done, total)`` is told how many files have been scanned (see :func:`scan`).
    """
    cwd = (cwd or Path.cwd()).resolve()
    finder = config.Finder(opts.config)
    files = discover.expand(list(paths), cwd)
    files, groups = _plan(files, rule_types, opts, finder)
    level = opts.verify or finder.for_dir(cwd).verify or "vet"
    report = Report()
    report.verify_level = level
    versions = _versions(files)
    t0 = time.perf_counter()
    report.files = scan(files, groups, opts, versions, progress)
    report.timings["scan+fix wall"] = time.perf_counter() - t0
    report.timings["scan cpu"] = sum(r.scan_seconds for r in report.files)
    report.timings["fix cpu"] = sum(r.fix_seconds for r in report.files)
    by_display = {f.display: f for f in files}
    _judge_syntax(report.files, by_display)
    for r in report.files:
        if r.error:
            report.errors.append(f"{r.path}: {r.error}")
            report.unanalysed += 1
        elif r.warning:
            report.errors.append(f"{r.path}: {r.warning}")
    if not opts.fix:
        return report
    if not opts.dry_run:
        report.removed_temps = remove_stale_temps(sorted({f.path.parent for f in files}))
    changed = []
    for r in report.files:
        if not r.changed or r.error is not None:
            continue
        outside = by_display[r.path].outside
        if outside is not None:
            # fixing it would change a file outside the trees being fixed
            report.errors.append(
                f"{r.path}: a symlink to {outside}, outside the tree being fixed: left unchanged (name the link on the command line to fix it)"
            )
            continue
        changed.append(r)
    if not changed:
        return report
    for r, fixed in zip(changed, gofmt.normalize([(r.original, r.fixed) for r in changed])):
        r.fixed = fixed
    cands = [
        verification.Candidate(by_display[r.path].path, r.path, r.original, r.fixed, list(r.applied)) for r in changed
    ]
    if level == "none":
        report.final = {c.display: c.fixed for c in cands}
    else:
        def refix(c: verification.Candidate, allowed: frozenset) -> bytes:
            rule_types, settings = groups[c.path]
            res = engine.process(
                c.display,
                c.original,
                [t() for t in rule_types],
                settings,
                versions[c.path],
                fix=True,
                allow=allowed.__contains__,
                abspath=str(c.path),
            )
            return gofmt.normalize([(c.original, res.fixed)])[0] if res.fixed != c.original else res.fixed

        try:
            t0 = time.perf_counter()
            outcome = verification.verify(cands, level, refix, timeout=opts.go_timeout, cwd=cwd)
            report.timings["verify wall"] = time.perf_counter() - t0
        except verification.GoMissing:
            report.verify_skipped = (
                "`go` is not on PATH: fixes cannot be verified, so none were applied "
                "(install Go, or pass --verify none to apply unverified fixes)"
            )
            return report
        report.outcome = outcome
        if level == "leak":
            t0 = time.perf_counter()
            proved = proof.prove(cands, outcome, refix, timeout=opts.go_timeout, cwd=cwd)
            report.timings["leak proof wall"] = time.perf_counter() - t0
            report.proofs, report.proof_note = proved.proofs, proved.note
            outcome.go_runs += proved.go_runs
        path_to_display = {c.path: c.display for c in cands}
        report.final = {path_to_display[p]: data for p, data in outcome.accepted.items()}
    if opts.dry_run:
        return report
    originals = {c.display: (c.path, c.original) for c in cands}
    for display in sorted(report.final):
        path, original = originals[display]
        try:
            atomic_write(path, report.final[display], original)
            report.written.append(display)
        except WriteError as e:
            report.write_errors.append(f"{display}: {e}")
    return report
