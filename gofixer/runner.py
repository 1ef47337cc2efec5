"""One gofixer run: files in, report out. Owns I/O, worker processes and the toolchain.

Rules and the engine are pure; everything that touches the filesystem or other processes is
here (LibCST's codemod/runner split), so the CLI, the PR bot and the LSP server share one path.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import cache, config, discover, engine, gofmt, goscope, registry
from . import verify as verification
from .model import FileResult
from .rule import Rule, Settings
from .write import WriteError, atomic_write

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
    verify_skipped: str | None = None
    verify_level: str = "vet"
    timings: dict[str, float] = field(default_factory=dict)  # seconds, for --verbose

    @property
    def findings(self):
        return [loc for f in self.files for loc in f.findings]


# -- worker side -----------------------------------------------------------------------------

_worker_rules: list[Rule] = []
_worker_settings = Settings()
_worker_cache: cache.Cache | None = None
_worker_context = ""


def _init_worker(
    rule_types: Sequence[type[Rule]], settings: Settings, cache_dir: Path | None = None, context: str = ""
) -> None:
    global _worker_rules, _worker_settings, _worker_cache, _worker_context
    _worker_rules = [r() for r in rule_types]
    _worker_settings = settings
    _worker_cache = cache.Cache(cache_dir) if cache_dir is not None else None
    _worker_context = context


def _work(args: tuple[str, str, tuple[int, int] | None, bool]) -> tuple[FileResult, str | None]:
    """One file: from the cache when its bytes were seen before, else through the engine.
    Returns the result and, for a fresh one, the cache key to store it under."""
    path, display, version, fix = args
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return FileResult(display, b"", b"", error=f"cannot read: {e.strerror}"), None
    key = None
    if _worker_cache is not None:
        # rules may read the package's other files: any change there is a miss too
        siblings = cache.directory_stamp(os.path.dirname(path))
        key = cache.key(display, data, f"{_worker_context}|{version}|{fix}|{siblings}")
        hit = _worker_cache.get_many([key]).get(key)
        if hit is not None:
            return cache.restore(hit, data), None
    try:
        return engine.process(display, data, _worker_rules, _worker_settings, version, fix=fix, abspath=path), key
    except Exception as e:  # a rule bug must not take the run down; report it on the file
        return FileResult(display, data, data, error=f"internal error: {type(e).__name__}: {e}"), None


# -- runner side -----------------------------------------------------------------------------


def _versions(files: list[discover.GoFile]) -> dict[Path, tuple[int, int] | None]:
    cache: dict[Path, tuple[int, int] | None] = {}
    out = {}
    for f in files:
        d = f.path.parent
        if d not in cache:
            root = discover.find_module_root(d)
            cache[d] = goscope.module_go_version(root / "go.mod") if root else None
        out[f.path] = cache[d]
    return out


Group = tuple[tuple[type[Rule], ...], Settings]
Progress = Callable[[int, int], None]


def scan(
    files: list[discover.GoFile],
    groups: dict[Path, Group],
    opts: Options,
    versions: dict[Path, tuple[int, int] | None],
    progress: Progress | None = None,
) -> list[FileResult]:
    """Run the engine over every file; files sharing rules and settings share worker set-up.

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
    for (rule_types, settings), members in by_group.items():
        work = [(str(f.path), f.display, versions[f.path], opts.fix) for f in members]
        # what the results depend on besides the file: the rules and their settings
        context = repr((sorted(r.code for r in rule_types), settings))
        init = (rule_types, settings, store.directory if store else None, context)
        out: list[FileResult] = []
        fresh: dict[str, FileResult] = {}
        if jobs <= 1 or len(work) < _POOL_MIN_FILES:
            _init_worker(*init)
            produced = map(_work, work)
            for r, key in produced:
                out.append(r)
                if key is not None:
                    fresh[key] = r
                tick(len(results) + len(out), len(files))
        else:
            with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=init) as pool:
                for r, key in pool.map(_work, work, chunksize=max(1, len(work) // (jobs * 8))):
                    out.append(r)
                    if key is not None:
                        fresh[key] = r
                    tick(len(results) + len(out), len(files))
        if store is not None:
            store.put_many(fresh)
        results.update((r.path, r) for r in out)
    return [results[f.display] for f in files]


def _plan(
    files: list[discover.GoFile], rule_types: Sequence[type[Rule]] | None, opts: Options, finder: config.Finder
) -> tuple[list[discover.GoFile], dict[Path, Group]]:
    """Each file's rules and settings from its nearest .gofixer.toml and the command line.

    Command-line --select replaces the configured one; --ignore adds to it. Excluded files are
    dropped unless named explicitly.
    """
    kept: list[discover.GoFile] = []
    groups: dict[Path, Group] = {}
    memo: dict[tuple, Group] = {}
    for f in files:
        cfg = finder.for_dir(f.path.parent)
        if not f.explicit and cfg.excludes(f.path):
            continue
        select = opts.select or cfg.select
        ignore = cfg.ignore + cfg.ignored_for(f.path) + opts.ignore
        unsafe = opts.unsafe_fixes if opts.unsafe_fixes is not None else bool(cfg.unsafe_fixes)
        key = (select, ignore, unsafe, cfg.http)
        if key not in memo:
            chosen = registry.select(select, ignore, rule_types)
            memo[key] = (tuple(chosen), Settings(unsafe_fixes=unsafe, http=cfg.http))
        groups[f.path] = memo[key]
        kept.append(f)
    return kept, groups


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
    for r in report.files:
        if r.error:
            report.errors.append(f"{r.path}: {r.error}")
        elif r.warning:
            report.errors.append(f"{r.path}: {r.warning}")
    if not opts.fix:
        return report
    changed = [r for r in report.files if r.changed and r.error is None]
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
