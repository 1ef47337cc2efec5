"""Results cache: an unchanged file is not parsed again on the next run.

Keyed by the file's content hash, its display path, the engine's own code (a hash of gofixer's
and the rules' sources, so a changed rule never serves stale findings), the rules and settings
in force, the module's Go version and the names, sizes and mtimes of the package's other files.
One SQLite database under the user cache directory, made with user-only permissions; SQLite's
locking makes concurrent runs safe, and any cache failure just means a miss.

A second table maps a *stat key* (the same context plus the file's size, mtime, ctime, inode
and device) to the content key, so a warm run over an unchanged tree reads and hashes no file
that has nothing to report: ``stat`` and one query per 500 files. A file whose cached result
has findings is read anyway (the report shows its text) and its content hash checked.
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

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS stats (key TEXT PRIMARY KEY, content TEXT NOT NULL)",
)
_CHUNK = 500  # SQLite's default limit on host parameters is 999


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


def _stamp(directory: str) -> str:
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
            h.update(os.fsencode(e.name) + f"\0{st.st_size}\0{st.st_mtime_ns}\0".encode())  # a name is bytes
    return h.hexdigest()


def directory_stamp(directory: str) -> str:
    """Names, sizes and modification times of the directory's Go files (the package a rule may
    look at through the package view), as a short hash. Not memoized: a sibling edited in place
    leaves the directory's own mtime alone."""
    return _stamp(directory)


def key(display: str, data: bytes, context: str) -> str:
    h = hashlib.sha256()
    for part in (code_fingerprint().encode(), context.encode(), display.encode(), data):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def stat_key(display: str, st: os.stat_result, context: str) -> str:
    """The key of a file's metadata: equal only while the file is (almost certainly) unchanged."""
    meta = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"
    return "stat:" + key(display, meta.encode(), context)


def read_keyed(path: str, display: str, context: str) -> tuple[bytes, str, str]:
    """The file's bytes with their content key and the stat key of the very file read."""
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        data = fh.read()
    return data, key(display, data, context), stat_key(display, st, context)


def _needs_bytes(r: FileResult, keep_bytes: bool) -> bool:
    return keep_bytes or bool(r.findings or r.fixed or r.error or r.warning)


# (path, display, go version, fix): a file to look up; the context is completed per directory
Item = tuple[str, str, object, bool]


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
                for stmt in _SCHEMA:
                    db.execute(stmt)
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

    def put_many(self, items: dict[str, FileResult], stats: dict[str, str] | None = None) -> None:
        """Store results by content key and, in the same transaction, stat key -> content key."""
        db = self._conn()
        if db is None or not (items or stats):
            return
        try:
            with db:
                db.execute("BEGIN")
                db.executemany(
                    "INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)",
                    [(k, pickle.dumps(_slim(v), protocol=pickle.HIGHEST_PROTOCOL)) for k, v in items.items()],
                )
                if stats:
                    db.executemany("INSERT OR REPLACE INTO stats (key, content) VALUES (?, ?)", list(stats.items()))
        except sqlite3.Error:
            pass

    def _empty(self) -> bool:
        """No result stored (or no usable database)."""
        db = self._conn()
        if db is None:
            return True
        try:
            return db.execute("SELECT 1 FROM results LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return True

    def _by_stat(self, keys: list[str]) -> dict[str, tuple[str, bytes]]:
        db = self._conn()
        out: dict[str, tuple[str, bytes]] = {}
        if db is None:
            return out
        try:
            for i in range(0, len(keys), _CHUNK):
                chunk = keys[i : i + _CHUNK]
                q = (
                    "SELECT s.key, s.content, r.value FROM stats s JOIN results r ON r.key = s.content "
                    f"WHERE s.key IN ({','.join('?' * len(chunk))})"
                )
                for k, c, v in db.execute(q, chunk):
                    out[k] = (c, v)
        except sqlite3.Error:
            return {}
        return out

    def lookup(self, items: list[Item], context: str, keep_bytes: bool = True) -> tuple[list[FileResult], list[tuple]]:
        """Split files into cached results and work for the engine.

        Work items are ``(path, display, version, fix, context)``: the worker reads the file and
        makes both keys from the bytes it read. With ``keep_bytes`` false (a check), a cached
        result with nothing to report comes back without the file's bytes, and the file is not
        read at all.
        """
        stamps: dict[str, str] = {}
        full: list[str] = []
        skeys: list[str | None] = []
        for path, display, version, fix in items:
            d = os.path.dirname(path)
            if d not in stamps:
                stamps[d] = directory_stamp(d)
            ctx = f"{context}|{version}|{fix}|{stamps[d]}"
            full.append(ctx)
            try:
                skeys.append(stat_key(display, os.stat(path), ctx))
            except OSError:
                skeys.append(None)
        by_stat = self._by_stat([k for k in skeys if k is not None])
        if not by_stat and self._empty():
            # nothing stored at all (a first run, a CI machine without a kept cache): reading and
            # hashing every file here, in the one main process, only to miss, would delay the
            # workers; they read each file and make its keys themselves
            self.misses += len(items)
            return [], [(path, display, version, fix, full[i]) for i, (path, display, version, fix) in enumerate(items)]
        hits: list[FileResult] = []
        work: list[tuple] = []
        pending: list[tuple[int, bytes, str, str]] = []  # index, data, content key, stat key
        for i, (path, display, version, fix) in enumerate(items):
            got = by_stat.get(skeys[i]) if skeys[i] is not None else None
            r = None
            if got is not None:
                try:
                    r = pickle.loads(got[1])
                except Exception:  # noqa: BLE001 - a damaged entry is a miss
                    r = None
            if r is not None and not _needs_bytes(r, keep_bytes):
                r.original = r.fixed = b""
                hits.append(r)
                continue
            try:
                data, ckey, skey = read_keyed(path, display, full[i])
            except OSError:
                work.append((path, display, version, fix, full[i]))
                continue
            if r is not None and ckey == got[0]:
                hits.append(restore(r, data))
                continue
            pending.append((i, data, ckey, skey))
        self.hits += len(hits)
        self.misses += len(work)  # unreadable: the worker reports it
        found = self.get_many([c for _i, _d, c, _s in pending]) if pending else {}
        learned: dict[str, str] = {}
        for i, data, ckey, skey in pending:
            path, display, version, fix = items[i]
            r = found.get(ckey)
            if r is None:
                work.append((path, display, version, fix, full[i]))
                continue
            learned[skey] = ckey  # touched but unchanged: next time the stat answers
            if not _needs_bytes(r, keep_bytes):
                r.original = r.fixed = b""
                hits.append(r)
            else:
                hits.append(restore(r, data))
        if learned:
            self.put_many({}, learned)
        return hits, work


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
