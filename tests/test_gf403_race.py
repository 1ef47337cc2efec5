"""GF403 end to end with the race detector: the fix is what makes ``go test -race`` pass.

tests/race/counter is the seed article's counter without a mutex, incremented from goroutines.
Before fixing, ``go test -race`` fails with a data race; ``gofixer --unsafe-fixes --verify test``
must still apply the fix (a failing test is no reason to leave a package alone at that level,
only a compile error is) and afterwards the race detector is quiet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, require_go

COUNTER = ROOT / "tests" / "race" / "counter"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["CGO_ENABLED"] = "1"  # the race detector needs cgo
    return env


def _race(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["go", "test", "-race", "-count=1", "./..."], cwd=cwd, capture_output=True, text=True, env=_env(), timeout=600
    )


@pytest.fixture
def module(tmp_path: Path) -> Path:
    require_go()
    if shutil.which(os.environ.get("CC", "gcc")) is None and shutil.which("cc") is None and shutil.which("clang") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the race detector needs a C compiler (cgo) in CI")
        pytest.skip("the race detector needs a C compiler (cgo)")
    dst = tmp_path / "counter"
    shutil.copytree(COUNTER, dst)
    return dst


def test_race_before_fix_and_clean_after(module: Path) -> None:
    before = _race(module)
    assert before.returncode != 0, before.stdout + before.stderr
    assert "DATA RACE" in before.stdout + before.stderr or "race detected" in before.stdout + before.stderr
    original = (module / "counter.go").read_bytes()

    fixed = subprocess.run(
        [sys.executable, "-m", "gofixer", "--unsafe-fixes", "--verify", "test", "--select", "GF403"],
        cwd=module,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=900,
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    text = (module / "counter.go").read_bytes()
    assert text != original
    assert b"mu sync.Mutex" in text
    assert b"c.mu.Lock()\n\tdefer c.mu.Unlock()\n\tc.n++" in text
    assert b"c.mu.Lock()\n\tdefer c.mu.Unlock()\n\treturn c.n" in text
    assert (module / "counter_test.go").read_bytes() == (COUNTER / "counter_test.go").read_bytes()

    after = _race(module)
    assert after.returncode == 0, after.stdout + after.stderr


def test_without_unsafe_fixes_nothing_is_written(module: Path) -> None:
    original = (module / "counter.go").read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "gofixer", "--verify", "test", "--select", "GF403"],
        cwd=module,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=900,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr  # a finding left unfixed
    assert "GF403" in proc.stdout + proc.stderr
    assert (module / "counter.go").read_bytes() == original


def test_package_that_does_not_compile_is_still_left_alone(module: Path) -> None:
    """--verify test only forgives failing tests: a compile error before fixing still means
    "broken, left alone", with the compiler's message."""
    (module / "broken.go").write_text("package racecounter\n\nvar _ = undefinedThing\n")
    original = (module / "counter.go").read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "gofixer", "--unsafe-fixes", "--verify", "test", "--select", "GF403"],
        cwd=module,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=900,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "undefinedThing" in proc.stdout + proc.stderr
    assert (module / "counter.go").read_bytes() == original
