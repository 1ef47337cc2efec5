#!/usr/bin/env python3
"""`--verify leak` on the runtime's goroutine-leak corpus: the proof each of gofixer's fixes gets,
and what the proof costs per package.

    python benchmarks/leakproof_corpus.py [--repeat N] [--json FILE] [--unsafe-fixes] [--preview]

The kernels are read from the installed GOROOT
(``src/runtime/testdata/testgoroutineleakprofile``; never copied into this repository). Every
kernel file that ``gofixer check`` offers a fix for becomes one package of a temporary module:
the file itself, a few lines of our own standing in for the corpus' ``main.go`` (``register``,
``yieldCount``), and a test that calls the kernels the file registers. Then, per kernel package
on its own: ``gofixer check --format json --verify vet`` and ``--verify leak``, timed N times
(default 1) in alternating order; the table shows each fix's proof result and the medians, and
the time ``leak`` adds to ``vet`` for that package. A last run proves all kernels together in one
module (one ``go test`` before and one after), for the time per package at scale.

Two things to know when reading it: the first ``leak`` run of a Go build cache compiles the
standard library with the experiment (tens of seconds, once), so run the script twice or look
at the per-kernel medians; and the kernels are written to leak on purpose, under a test harness
the corpus did not have, so a ``not-reproduced`` can mean the kernel's schedule did not leak in
these runs (the runtime's own test repeats its flaky kernels ten times).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HARNESS = """package main

// Stand-ins for the corpus' main.go, so that the kernels compile as a package of their own.

const yieldCount = 10

var cmds = map[string]func(){}

func register(name string, f func()) { cmds[name] = f }

func registerInit(name string, f func()) {}

func main() {}
"""

TEST = """package main

import "testing"

func TestKernels(t *testing.T) {{
	for _, name := range []string{{{names}}} {{
		cmds[name]()
	}}
}}
"""

_REGISTER = re.compile(r'\bregister\("([^"]+)"')


def goroot() -> Path:
    return Path(subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip())


def gofixer(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True, text=True)
    return done, time.perf_counter() - t0


def kernels_with_fixes(corpus: Path, extra: list[str]) -> list[Path]:
    files = sorted(corpus.glob("*.go")) + sorted((corpus / "goker").glob("*.go"))
    files = [f for f in files if f.name != "main.go"]
    done = subprocess.run(
        [sys.executable, "-m", "gofixer", "check", "--no-cache", "--format", "json", *extra, *map(str, files)],
        cwd=corpus,
        capture_output=True,
        text=True,
    )
    fixed = {f["path"] for f in json.loads(done.stdout)["findings"] if f["fix"]}
    return [corpus / p for p in sorted(fixed)]


def build_module(root: Path, kernels: list[Path]) -> dict[str, Path]:
    (root / "go.mod").write_text("module example.com/leakcorpus\n\ngo 1.26\n")
    pkgs = {}
    for k in kernels:
        name = k.stem if k.parent.name == "goker" else f"patterns_{k.stem}"
        d = root / name
        d.mkdir()
        src = k.read_text()
        shutil.copyfile(k, d / k.name)
        (d / "harness.go").write_text(HARNESS)
        names = ", ".join(f'"{n}"' for n in _REGISTER.findall(src))
        (d / "kernels_test.go").write_text(TEST.format(names=names))
        pkgs[name] = d
    return pkgs


def proofs(stdout: str) -> list[dict]:
    out = []
    for f in json.loads(stdout)["findings"]:
        if f["fix"] is None:
            continue
        p = f["fix"].get("proof") or {}
        out.append({"path": f["path"], "line": f["line"], "rule": f["rule"], "result": p.get("result", "(vet rejected)"), "detail": p.get("detail", "")})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--unsafe-fixes", action="store_true", help="pass --unsafe-fixes to every check (unsafe fixes proven too)")
    ap.add_argument("--preview", action="store_true", help="pass --preview to every check (the preview rules' fixes too)")
    args = ap.parse_args()
    extra = [*(["--unsafe-fixes"] if args.unsafe_fixes else []), *(["--preview"] if args.preview else [])]
    corpus = goroot() / "src" / "runtime" / "testdata" / "testgoroutineleakprofile"
    kernels = kernels_with_fixes(corpus, extra)
    rows = []
    with tempfile.TemporaryDirectory(prefix="gofixer-leakproof-") as tmp:
        pkgs = build_module(Path(tmp), kernels)
        gofixer("check", "--format", "json", *extra, "--verify", "leak", f"./{next(iter(pkgs))}", cwd=Path(tmp))  # warm-up
        for name, d in pkgs.items():
            times: dict[str, list[float]] = {"vet": [], "leak": []}
            result: list[dict] = []
            for i in range(args.repeat):
                order = ("vet", "leak") if i % 2 == 0 else ("leak", "vet")
                for level in order:
                    done, secs = gofixer("check", "--format", "json", *extra, "--verify", level, f"./{name}", cwd=Path(tmp))
                    if done.returncode not in (0, 1):
                        print(f"{name}: gofixer failed: {done.stderr.strip()}", file=sys.stderr)
                        continue
                    times[level].append(secs)
                    if level == "leak":
                        result = proofs(done.stdout)
            vet, leak = statistics.median(times["vet"]), statistics.median(times["leak"])
            rows.append({"kernel": name, "fixes": result, "vet_s": vet, "leak_s": leak})
            for p in result:
                print(f"{name:24} {p['rule']} line {p['line']:>4}  {p['result']:15} +{leak - vet:5.2f}s  {p['detail']}", flush=True)
        all_vet = gofixer("check", "--format", "json", *extra, "--verify", "vet", "./...", cwd=Path(tmp))[1]
        done, all_leak = gofixer("check", "--format", "json", *extra, "--verify", "leak", "./...", cwd=Path(tmp))
        together = proofs(done.stdout)
    print()
    print("| kernel | rule | line | proof | vet s | leak s | added s |")
    print("|---|---|---:|---|---:|---:|---:|")
    for r in rows:
        for p in r["fixes"]:
            print(f"| {r['kernel']} | {p['rule']} | {p['line']} | {p['result']} | {r['vet_s']:.2f} | {r['leak_s']:.2f} | {r['leak_s'] - r['vet_s']:.2f} |")
    n = len(rows)
    added = [r["leak_s"] - r["vet_s"] for r in rows]
    print()
    print(f"per package alone: median {statistics.median(added):.2f} s added by --verify leak (min {min(added):.2f}, max {max(added):.2f})")
    print(f"all {n} packages in one module: vet {all_vet:.2f} s, leak {all_leak:.2f} s: {(all_leak - all_vet) / n:.2f} s added per package")
    counts = {}
    for p in together:
        counts[p["result"]] = counts.get(p["result"], 0) + 1
    print("results, all together: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    if args.json:
        args.json.write_text(json.dumps({"kernels": rows, "together": together, "vet_s": all_vet, "leak_s": all_leak}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
