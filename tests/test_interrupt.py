"""Killing gofixer at any moment leaves every file old or new, never partial, and no temp file."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SRC = b"""package p%d

import (
\t"context"
\t"time"
)

func Load(parent context.Context) error {
\tctx, _ := context.WithTimeout(parent, time.Second)
\treturn ctx.Err()
}
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_kill_mid_run_leaves_files_whole(tmp_path: Path, sig):
    for round_, delay in enumerate((0.4, 0.8, 1.2, 1.6, 2.0, 2.6)):
        root = tmp_path / f"r{round_}"
        root.mkdir()
        (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
        originals = {}
        for i in range(400):
            d = root / f"p{i}"
            d.mkdir()
            data = SRC % i
            (d / "load.go").write_bytes(data)
            originals[d / "load.go"] = data
        proc = subprocess.Popen(
            [sys.executable, "-m", "gofixer", "--verify", "none", "--jobs", "1"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        assert b"Traceback" not in err
        for path, old in originals.items():
            now = path.read_bytes()
            assert now == old or (now.startswith(old[:60]) and b"defer cancel()\n" in now and now.endswith(b"}\n"))
        leftovers = [p for p in root.rglob("*") if p.name.endswith(".gofixer-tmp")]
        assert leftovers == []
