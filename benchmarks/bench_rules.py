#!/usr/bin/env python3
"""Where the scan's CPU goes: parse time and each rule's check time, in one process.

    python benchmarks/bench_rules.py [DIR] [--select RULES] [--top N]

DIR defaults to $(go env GOROOT)/src. Files are taken as `gofixer check` takes them (discover,
the registry's default selection, one directory after the other with siblings shared), but in
this one process and without the cache, so that the CPU seconds add up. Prints CPU seconds for
parsing (the engine's own parse and the siblings rules parse, which are not counted again in the rule's
time), each rule, and
the directories where the slowest rule spent most. The scan benchmark's wall time on 2 cores is
roughly this total divided by 2.
"""

from __future__ import annotations

import argparse
import subprocess
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gofixer import discover, engine, registry, runner, source  # noqa: E402
from gofixer.analysis import siblings  # noqa: E402
from gofixer.rule import Settings  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?")
    ap.add_argument("--select", default="")
    ap.add_argument("--top", type=int, default=8)
    args = ap.parse_args()
    go = shutil.which("go") or "go"
    root = Path(args.root) if args.root else Path(subprocess.check_output([go, "env", "GOROOT"], text=True).strip()) / "src"
    root = root.resolve()
    files = discover.expand(["./..."], root)
    versions = runner._versions(files)
    chosen = registry.select(tuple(args.select.split(",")) if args.select else (), ())
    rules = [t() for t in chosen]
    per_rule: Counter[str] = Counter()
    per_dir: dict[str, Counter[str]] = {}
    parse_s = [0.0]

    real_parse = source.parse

    current: list[str] = []  # the rule whose check is running (siblings it parses count as parse)
    parsed_in: Counter[str] = Counter()

    def timed_parse(data: bytes):
        t = time.process_time()
        try:
            return real_parse(data)
        finally:
            dt = time.process_time() - t
            parse_s[0] += dt
            if current:
                parsed_in[current[-1]] += dt

    # engine and package imported `parse` by name
    engine.parse = siblings.parse = timed_parse
    for rule in rules:
        real = rule.check

        def check(ctx, _real=real, _code=rule.code):
            t = time.process_time()
            before = parsed_in[_code]
            current.append(_code)
            try:
                out = list(_real(ctx))
            finally:
                current.pop()
            dt = time.process_time() - t - (parsed_in[_code] - before)
            per_rule[_code] += dt
            per_dir.setdefault(_code, Counter())[str(Path(ctx.abspath).parent.relative_to(root))] += dt
            return out

        rule.check = check
    siblings.snapshot(True)
    by_dir: dict[Path, list] = {}
    for f in files:
        by_dir.setdefault(f.path.parent, []).append(f)
    t0 = time.process_time()
    wall = time.perf_counter()
    n = 0
    for d, members in by_dir.items():
        for f in members:
            data = f.path.read_bytes()
            engine.process(f.display, data, rules, Settings(), versions[f.path], fix=False, abspath=str(f.path))
            n += 1
        siblings.clear()
    total = time.process_time() - t0
    print(f"{n} files, {total:.1f} CPU s in all ({time.perf_counter() - wall:.1f} s wall)")
    print(f"parse {parse_s[0]:.1f} (of which siblings parsed by rules: {sum(parsed_in.values()):.1f}: " + ", ".join(f"{c} {s:.1f}" for c, s in parsed_in.most_common() if s >= 0.05) + ")")
    for code, s in per_rule.most_common():
        print(f"{code} {s:.2f}")
    other = total - parse_s[0] - sum(per_rule.values())
    print(f"rest (reading, queries' shared pass, suppression, engine) {other:.1f}")
    if per_rule:
        top = per_rule.most_common(1)[0][0]
        print(f"\n{top}: slowest directories")
        for d, s in per_dir[top].most_common(args.top):
            print(f"  {s:6.2f} {d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
