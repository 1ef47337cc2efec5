"""Results cache: an unchanged file is not parsed again on the next run.

Keyed by the file's content hash, its display path, the engine's own code (a hash of gofixer's
and the rules' sources, so a changed rule never serves stale findings), the rules and settings
in force and the module's Go version. One SQLite database under the user cache directory, made
with user-only permissions; SQLite's locking makes concurrent runs safe, and any cache failure
just means a miss.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sqlite3
from pathlib import Path

from . import __version__
from .model import FileResult

_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)"


def cache_dir() -> Path:
    base = os.environ.get("GOFIXER_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "gofixer"


@functools.cache
def code_fingerprint() -> str:
    """Hash of the engine's and the rules' source files."""
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).resolve().parent
    roots = [here]
    try:
        from . import codemods

        roots.append(Path(codemods.__file__).resolve().parent)
    except ImportError:  # pragma: no cover
        pass
    for root in roots:
        for p in sorted(root.rglob("*")):
            if p.suffix in (".py", ".scm") and p.is_file():
                h.update(p.name.encode())
                h.update(p.read_bytes())
    return h.hexdigest()


@functools.lru_cache(maxsize=64)
def _stamp(directory: str, _dir_mtime: int) -> str:
    h = hashlib.sha256()
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return ""
    for e in entries:
        if e.name.endswith(".go"):
            try:
                st = e.stat()
            except OSError:
                continue
            h.update(f"{e.name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def directory_stamp(directory: str) -> str:
    """Names, sizes and modification times of the directory's Go files (the package a rule may
    look at through the package view), as a short hash."""
    try:
        mtime = os.stat(directory).st_mtime_ns
    except OSError:
        return ""
    return _stamp(directory, mtime)


def key(display: str, data: bytes, context: str) -> str:
    h = hashlib.sha256()
    for part in (code_fingerprint().encode(), context.encode(), display.encode(), data):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


class Cache:
    def __init__(self, directory: Path | None = None):
        self.directory = directory or cache_dir()
        self._db: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0

    def _conn(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                os.chmod(self.directory, 0o700)
                path = self.directory / "results.sqlite3"
                db = sqlite3.connect(path, timeout=10, isolation_level=None)
                os.chmod(path, 0o600)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute(_SCHEMA)
                self._db = db
            except (OSError, sqlite3.Error):
                return None
        return self._db

    def get_many(self, keys: list[str]) -> dict[str, FileResult]:
        db = self._conn()
        out: dict[str, FileResult] = {}
        if db is None or not keys:
            self.misses += len(keys)
            return out
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i : i + 500]
                q = f"SELECT key, value FROM results WHERE key IN ({','.join('?' * len(chunk))})"
                for k, v in db.execute(q, chunk):
                    try:
                        out[k] = pickle.loads(v)
                    except Exception:  # noqa: BLE001 - a damaged entry is a miss
                        continue
        except sqlite3.Error:
            return {}
        self.hits += len(out)
        self.misses += len(keys) - len(out)
        return out

    def put_many(self, items: dict[str, FileResult]) -> None:
        db = self._conn()
        if db is None or not items:
            return
        try:
            with db:
                db.execute("BEGIN")
                db.executemany(
                    "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
                    [(k, pickle.dumps(_slim(v), protocol=pickle.HIGHEST_PROTOCOL)) for k, v in items.items()],
                )
        except sqlite3.Error:
            pass


def _slim(r: FileResult) -> FileResult:
    """Store no copy of the source (the caller has it); keep the fixed bytes only if they differ."""
    return FileResult(
        path=r.path,
        original=b"",
        fixed=b"" if r.fixed == r.original else r.fixed,
        findings=r.findings,
        remaining=r.remaining,
        applied=r.applied,
        error=r.error,
        warning=r.warning,
        passes=r.passes,
    )


def restore(r: FileResult, data: bytes) -> FileResult:
    r.original = data
    if not r.fixed:
        r.fixed = data
    return r
