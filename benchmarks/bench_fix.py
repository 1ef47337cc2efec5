#!/usr/bin/env python3
"""Fix benchmark: `gofixer fix` on a generated module of N packages, each with several
anti-patterns, reporting scan, fix and verify time separately and the go processes started.

    python benchmarks/bench_fix.py [N]          (default N = 50)

It also times one `go vet ./...` of the fixed module for comparison, from the same Go build cache
state (the imported standard library cached, the module not): verification should cost at most
twice that (a baseline run plus one -overlay run over the fixed packages).
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
        root = Path(tmp) / "mod"
        root.mkdir()
        generate(root, n)
        # Like for like: gofixer and the comparison `go vet ./...` each get their own copy of a
        # Go build cache that holds the standard library the module imports (vetted once by a
        # throwaway module) and nothing of the module itself.
        warm = Path(tmp) / "warm"
        warm.mkdir()
        (warm / "go.mod").write_text("module example.com/warm\n\ngo 1.22\n")
        imports = PACKAGE[PACKAGE.index("import (") : PACKAGE.index(")") + 1]
        (warm / "w.go").write_text("package w\n\n" + imports + "\n\nvar _ = []any{context.Background, errors.New, time.Now}\n")
        base_cache = Path(tmp) / "gocache"
        env = dict(os.environ, GOFIXER_CACHE_DIR=str(Path(tmp) / ".gofixer-cache"), GOCACHE=str(base_cache))
        # both output modes: `go vet -json` (gofixer's) keeps its own facts for the dependencies
        subprocess.run([go, "vet", "./..."], cwd=warm, check=True, env=env)
        subprocess.run([go, "vet", "-json", "./..."], cwd=warm, check=True, env=env, capture_output=True)
        cache_a, cache_b = Path(tmp) / "gocache-a", Path(tmp) / "gocache-b"
        shutil.copytree(base_cache, cache_a)
        shutil.copytree(base_cache, cache_b)
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "gofixer", "--verbose", "--no-cache"],
            cwd=root,
            env=dict(env, GOCACHE=str(cache_a)),
            capture_output=True,
            text=True,
        )
        total = time.perf_counter() - t0
        t1 = time.perf_counter()
        vet = subprocess.run([go, "vet", "./..."], cwd=root, env=dict(env, GOCACHE=str(cache_b)), capture_output=True, text=True)
        vet_s = time.perf_counter() - t1
        verify_s = next(
            (float(w.split("verify wall ")[1].split()[0].rstrip("s")) for w in out.stderr.split(", ") if w.startswith("verify wall ")), None
        )
        print(f"packages: {n}, exit: {out.returncode}, go vet of the fixed module: exit {vet.returncode}")
        print(out.stderr.strip())
        print(f"gofixer total wall: {total:.2f} s; one `go vet ./...` of the fixed module (same cache state): {vet_s:.2f} s")
        if verify_s is not None:
            print(f"verify / go vet = {verify_s / vet_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
