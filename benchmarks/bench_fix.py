#!/usr/bin/env python3
"""Fix benchmark: `gofixer fix` on a generated module of N packages, each with several
anti-patterns, reporting scan, fix and verify time separately and the go processes started.

    python benchmarks/bench_fix.py [N]          (default N = 50)

It also times one `go vet ./...` of the fixed module for comparison: verification should cost
about that much (a baseline run plus one -overlay run over the fixed packages).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PACKAGE = '''package {name}

import (
	"context"
	"errors"
	"time"
)

var errEmpty = errors.New("empty")

// Load discards the cancel function (GF301).
func Load(parent context.Context, key string) (string, error) {{
	ctx, _ := context.WithTimeout(parent, time.Second)
	if key == "" {{
		return "", errEmpty
	}}
	return lookup(ctx, key)
}}

// Fetch leaks the sender when the timeout wins (GF201).
func Fetch(ctx context.Context, key string) (string, error) {{
	ch := make(chan string)
	go func() {{
		v, _ := lookup(ctx, key)
		ch <- v
	}}()
	select {{
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}}
}}

// Retry drops the iteration's cancel function on continue (GF301, per iteration).
func Retry(parent context.Context, keys []string) int {{
	n := 0
	for _, k := range keys {{
		ctx, cancel := context.WithTimeout(parent, time.Second)
		if _, err := lookup(ctx, k); err != nil {{
			continue
		}}
		cancel()
		n++
	}}
	return n
}}

func lookup(ctx context.Context, key string) (string, error) {{
	if err := ctx.Err(); err != nil {{
		return "", err
	}}
	return key, nil
}}
'''


def generate(root: Path, n: int) -> None:
    (root / "go.mod").write_text("module example.com/bench\n\ngo 1.22\n")
    for i in range(n):
        d = root / f"pkg{i:03d}"
        d.mkdir()
        (d / "svc.go").write_text(PACKAGE.format(name=f"pkg{i:03d}"))


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    go = shutil.which("go")
    if go is None:
        print("go is not on PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="gofixer-bench-fix-") as tmp:
        root = Path(tmp)
        generate(root, n)
        env = dict(os.environ, GOFIXER_CACHE_DIR=str(root / ".cache"))
        subprocess.run([go, "build", "./..."], cwd=root, check=True, env=env)  # warm the build cache
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "gofixer", "--verbose", "--no-cache"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        total = time.perf_counter() - t0
        t1 = time.perf_counter()
        vet = subprocess.run([go, "vet", "./..."], cwd=root, env=env, capture_output=True, text=True)
        vet_s = time.perf_counter() - t1
        print(f"packages: {n}, exit: {out.returncode}, go vet of the fixed module: exit {vet.returncode}")
        print(out.stderr.strip())
        print(f"gofixer total wall: {total:.2f} s; one `go vet ./...` of the fixed module: {vet_s:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
