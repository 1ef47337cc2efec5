"""The results cache: unchanged files are served from it; any change to the file, the rules'
settings or the selection is a miss; the directory is private; a broken cache is only a miss."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from gofixer import cache, runner
from gofixer.runner import Options

LEAK = """package p

import (
	"context"
	"time"
)

func Load(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx.Err()
}
"""


def _mod(tmp_path: Path) -> Path:
    (tmp_path / "p").mkdir(parents=True)
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    (tmp_path / "p" / "a.go").write_text(LEAK)
    return tmp_path


def _check(root: Path, cache_dir: Path, **kw):
    return runner.run(["."], None, Options(fix=False, cache_dir=cache_dir, **kw), cwd=root)


def test_second_run_is_served_from_cache(tmp_path, monkeypatch):
    root = _mod(tmp_path / "m")
    cdir = tmp_path / "cache"
    first = _check(root, cdir)
    calls = []
    real = runner.engine.process
    monkeypatch.setattr(runner.engine, "process", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    second = _check(root, cdir)
    assert calls == []
    assert [l.finding for l in second.findings] == [l.finding for l in first.findings]
    assert second.files[0].original == (root / "p" / "a.go").read_bytes()
    # a changed file, another selection, no cache: the engine runs again
    (root / "p" / "a.go").write_text(LEAK + "\n// changed\n")
    _check(root, cdir)
    _check(root, cdir, select=("GF3",))
    _check(root, cdir, use_cache=False)
    assert calls == ["p/a.go"] * 3


def test_cache_directory_is_private(tmp_path):
    root = _mod(tmp_path / "m")
    cdir = tmp_path / "cache"
    _check(root, cdir)
    assert stat.S_IMODE(os.stat(cdir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cdir / "results.sqlite3").st_mode) == 0o600


def test_broken_cache_is_a_miss(tmp_path):
    root = _mod(tmp_path / "m")
    cdir = tmp_path / "cache"
    cdir.mkdir()
    (cdir / "results.sqlite3").write_bytes(b"this is not a database")
    rep = _check(root, cdir)
    assert len(rep.findings) == 1


def test_key_depends_on_content_context_and_path():
    k = cache.key("a.go", b"x", "ctx")
    assert k != cache.key("a.go", b"y", "ctx")
    assert k != cache.key("a.go", b"x", "ctx2")
    assert k != cache.key("b.go", b"x", "ctx")


def test_a_changed_sibling_file_is_a_miss(tmp_path, monkeypatch):
    """Rules read the package's other files (GF403's goroutine evidence may live there)."""
    root = _mod(tmp_path / "m")
    cdir = tmp_path / "cache"
    _check(root, cdir)
    calls = []
    real = runner.engine.process
    monkeypatch.setattr(runner.engine, "process", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    (root / "p" / "b.go").write_text("package p\n")
    _check(root, cdir)
    assert "p/a.go" in calls
