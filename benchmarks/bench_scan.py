#!/usr/bin/env python3
"""Scan benchmark: gofixer check (cold and warm cache) against gofmt -l on the same tree.

Measured side by side in one run, because timings move from run to run: compare the ratios.

    python benchmarks/bench_scan.py [DIR] [--vet] [--jobs N] [--select RULES] [--repeat N]

DIR defaults to $(go env GOROOT)/src. Prints files, lines, wall seconds, lines/s and peak RSS
(of the largest process, children included) for each command, and the ratios gofixer/gofmt.
With ``--repeat N`` each command runs N times (gofmt first every other time: the machine's speed
drifts), and the ratios are taken per run, then their median.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _count(root: Path) -> tuple[int, int]:
    files = lines = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in ("testdata", "vendor") and not d.startswith((".", "_"))]
        for f in filenames:
            if f.endswith(".go"):
                files += 1
                with open(os.path.join(dirpath, f), "rb") as fh:
                    lines += fh.read().count(b"\n")
    return files, lines


def _timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB (the largest of the command and its descendants), exit status."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss // 1024, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", help="directory to scan (default: GOROOT/src)")
    ap.add_argument("--vet", action="store_true", help="also time `go vet` on the packages (slow when cold)")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--select", help="only these rules (passed to gofixer check --select)")
    ap.add_argument(
        "--repeat", type=int, default=1, help="measure N times (gofmt first every other time), print each and the medians"
    )
    args = ap.parse_args()
    go = shutil.which("go")
    root = Path(args.root) if args.root else Path(subprocess.check_output([go, "env", "GOROOT"], text=True).strip()) / "src"
    root = root.resolve()
    files, lines = _count(root)
    gofixer = [sys.executable, "-m", "gofixer"]
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    select = ["--select", args.select] if args.select else []
    cmd = [*gofixer, "check", "--format", "json", *jobs, *select, "."]
    gofmt_cmd = [shutil.which("gofmt") or "gofmt", "-l", "."]
    runs: list[dict[str, tuple[float, int, int]]] = []
    for i in range(max(1, args.repeat)):
        with tempfile.TemporaryDirectory(prefix="gofixer-bench-cache-") as cache:
            env = dict(os.environ, GOFIXER_CACHE_DIR=cache)
            # an installed gofixer has its bytecode compiled; without it every start compiles ~70
            # modules (about 0.5 s), which would be measured as part of the warm run
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            subprocess.run([*gofixer, "rules"], env=env, stdout=subprocess.DEVNULL, check=False)
            row: dict[str, tuple[float, int, int]] = {}
            if i % 2:  # the machine's speed drifts: alternate which side goes first
                row["gofmt -l"] = _timed(gofmt_cmd, root, env)
            row["gofixer check (cold cache)"] = _timed(cmd, root, env)
            row["gofixer check (warm cache)"] = _timed(cmd, root, env)
            if not i % 2:
                row["gofmt -l"] = _timed(gofmt_cmd, root, env)
            if args.vet and i == 0:
                row["go vet ./..."] = _timed([go, "vet", "./..."], root, env)
            runs.append(row)
    print(f"corpus: {root}\nfiles: {files}, lines: {lines}\n")
    names = ["gofixer check (cold cache)", "gofixer check (warm cache)", "gofmt -l"] + (["go vet ./..."] if args.vet else [])
    print("| command | wall s | lines/s | peak RSS MB | exit |")
    print("|---|---:|---:|---:|---:|")
    for name in names:
        wall = statistics.median(r[name][0] for r in runs if name in r)
        rss = max(r[name][1] for r in runs if name in r)
        rc = runs[0][name][2]
        print(f"| {name} | {wall:.2f} | {lines / wall:,.0f} | {rss} | {rc} |")
    cold = [r["gofixer check (cold cache)"][0] / r["gofmt -l"][0] for r in runs]
    warm = [r["gofixer check (warm cache)"][0] / r["gofmt -l"][0] for r in runs]
    rss = [r["gofixer check (cold cache)"][1] / max(1, r["gofmt -l"][1]) for r in runs]
    print()
    if len(runs) > 1:
        print(f"({len(runs)} runs: wall s and peak RSS are medians and maxima; ratios per run, then their median)")
        for i, r in enumerate(runs, 1):
            print(
                f"run {i}: cold {r['gofixer check (cold cache)'][0]:.2f}, warm {r['gofixer check (warm cache)'][0]:.2f}, "
                f"gofmt {r['gofmt -l'][0]:.2f}: cold / gofmt = {cold[i - 1]:.2f}"
            )
    print(
        f"cold / gofmt = {statistics.median(cold):.2f}; warm / gofmt = {statistics.median(warm):.2f}; "
        f"cold peak RSS / gofmt = {statistics.median(rss):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
