"""One gofixer run: files in, report out. Owns I/O, worker processes and the toolchain.

Rules and the engine are pure; everything that touches the filesystem or other processes is
here (LibCST's codemod/runner split), so the CLI, the PR bot and the LSP server share one path.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import discover, engine, goscope
from . import verify as verification
from .model import FileResult
from .rule import Rule, Settings
from .write import WriteError, atomic_write

# below this many files a process pool costs more than it saves
_POOL_MIN_FILES = 48


@dataclass
class Options:
    fix: bool = True
    dry_run: bool = False
    verify: str = "vet"
    jobs: int = 0
    go_timeout: float = verification.DEFAULT_TIMEOUT
    settings: Settings = field(default_factory=Settings)


@dataclass
class Report:
    files: list[FileResult] = field(default_factory=list)
    outcome: verification.Outcome | None = None
    final: dict[str, bytes] = field(default_factory=dict)  # display path -> bytes verified to write
    written: list[str] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # per-file one-liners (unreadable, syntax)
    verify_skipped: str | None = None

    @property
    def findings(self):
        return [loc for f in self.files for loc in f.findings]


# -- worker side -----------------------------------------------------------------------------

_worker_rules: list[Rule] = []
_worker_settings = Settings()


def _init_worker(rule_types: Sequence[type[Rule]], settings: Settings) -> None:
    global _worker_rules, _worker_settings
    _worker_rules = [r() for r in rule_types]
    _worker_settings = settings


def _work(args: tuple[str, str, tuple[int, int] | None, bool]) -> FileResult:
    path, display, version, fix = args
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return FileResult(display, b"", b"", error=f"cannot read: {e.strerror}")
    try:
        return engine.process(display, data, _worker_rules, _worker_settings, version, fix=fix)
    except Exception as e:  # a rule bug must not take the run down; report it on the file
        return FileResult(display, data, data, error=f"internal error: {type(e).__name__}: {e}")


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


def scan(files: list[discover.GoFile], rule_types: Sequence[type[Rule]], opts: Options) -> list[FileResult]:
    versions = _versions(files)
    work = [(str(f.path), f.display, versions[f.path], opts.fix) for f in files]
    jobs = opts.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(work) < _POOL_MIN_FILES:
        _init_worker(rule_types, opts.settings)
        return [_work(w) for w in work]
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(tuple(rule_types), opts.settings)) as pool:
        return list(pool.map(_work, work, chunksize=max(1, len(work) // (jobs * 8))))


def run(
    paths: Sequence[str],
    rule_types: Sequence[type[Rule]],
    opts: Options,
    cwd: Path | None = None,
) -> Report:
    cwd = (cwd or Path.cwd()).resolve()
    files = discover.expand(list(paths), cwd)
    report = Report()
    report.files = scan(files, rule_types, opts)
    by_display = {f.display: f for f in files}
    versions = _versions(files)
    for r in report.files:
        if r.error:
            report.errors.append(f"{r.path}: {r.error}")
    if not opts.fix:
        return report
    changed = [r for r in report.files if r.changed and r.error is None]
    if not changed:
        return report
    cands = [
        verification.Candidate(by_display[r.path].path, r.path, r.original, r.fixed, list(r.applied)) for r in changed
    ]
    if opts.verify == "none":
        report.final = {c.display: c.fixed for c in cands}
    else:
        rules = [t() for t in rule_types]

        def refix(c: verification.Candidate, allowed: frozenset) -> bytes:
            res = engine.process(
                c.display, c.original, rules, opts.settings, versions[c.path], fix=True, allow=allowed.__contains__
            )
            return res.fixed

        try:
            outcome = verification.verify(cands, opts.verify, refix, timeout=opts.go_timeout, cwd=cwd)
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
            report.write_errors.append(str(e))
    return report
