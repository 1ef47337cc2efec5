"""Draw, keep and score the labelled sample of real-code findings (issue 15).

    python benchmarks/sample.py RESULTS.json [--labels benchmarks/labels.jsonl] [--draw]
                                [--seed 15] [--size 300] [--min-per-rule 10] [--todo] [--threshold 0.8]

RESULTS.json is what benchmarks/realcode.py wrote. A finding's key is (target, path, rule, line,
message): `target` is `module@version` or `std@goX.Y.Z`, `path` is relative to the module root.

The draw is stratified by rule and reproducible: every finding gets a rank from a hash of the
seed and its key, and a rule's sample is the prefix of its findings in rank order, as long as
the rule's quota (its share of --size, at least --min-per-rule, all of them where it has fewer),
extended over findings that are already labelled. Because the rank depends only on the seed and
the key, a re-draw after the rules change keeps every labelled finding that is still reported
and still inside the prefix, and draws new findings where the old ones went away: the sample
stays a uniform random sample of each rule's current findings, new findings included.

--draw appends a row with empty verdicts for every drawn finding that has none; the judge fills
in `strict` (true: a reviewer of that code base would want the change), `lenient` (true: the
pattern is there, even if harmless here), `reason` (one line) and `class` (a short tag that
groups false findings by cause). Rows are never dropped: a labelled finding that is no longer
reported is listed (a true one that went away is a lost true finding and needs a reason).

The report: precision per rule (strict and lenient, over the judged findings of the current
sample) and the Markdown table for docs/precision.md (default when strict precision >= the
threshold, preview below it).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import sys
from pathlib import Path

DEFAULT_LABELS = Path(__file__).resolve().parent / "labels.jsonl"
FIELDS = ("target", "path", "rule", "line", "message", "test", "tier", "strict", "lenient", "class", "reason")


def key(f: dict) -> tuple:
    return (f["target"], f["path"], f["rule"], int(f["line"]), f["message"])


def variant(f: dict) -> str:
    """The rule, or the rule's preview variant: each has a precision of its own (a variant in
    the preview tier is reported only with --preview, so it does not count against the
    default one)."""
    return f["rule"] + (" (preview)" if f.get("tier") == "preview" else "")


def rank(seed: int, k: tuple) -> int:
    return int.from_bytes(hashlib.sha256((f"{seed}\0" + "\0".join(map(str, k))).encode()).digest()[:8], "big")


def quotas(counts: dict[str, int], size: int, min_per_rule: int) -> dict[str, int]:
    total = sum(counts.values()) or 1
    q = {r: min(n, max(min_per_rule, round(size * n / total))) for r, n in counts.items()}
    spare = sorted((r for r in counts if q[r] < counts[r]), key=lambda r: -counts[r])
    while sum(q.values()) < size and spare:
        for r in list(spare):
            if sum(q.values()) >= size:
                break
            q[r] += 1
            if q[r] >= counts[r]:
                spare.remove(r)
    return q


def load_labels(path: Path) -> list[dict]:
    if not path.exists():
        return []
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                sys.exit(f"sample: {path}:{i}: not JSON: {e}")
    return rows


def save_labels(path: Path, rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda r: (r["rule"], r["target"], r["path"], int(r["line"]), r["message"]))
    text = "".join(json.dumps({k: r.get(k) for k in FIELDS} | {k: v for k, v in r.items() if k not in FIELDS},
                              ensure_ascii=False) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")


def draw(findings: list[dict], labelled: set, seed: int, size: int, min_per_rule: int) -> dict[str, list[dict]]:
    by_rule = collections.defaultdict(list)
    for f in findings:
        by_rule[variant(f)].append(f)
    q = quotas({r: len(fs) for r, fs in by_rule.items()}, size, min_per_rule)
    sample = {}
    for r, fs in by_rule.items():
        fs = sorted(fs, key=lambda f: (rank(seed, key(f)), key(f)))
        n = q[r]
        while n < len(fs) and key(fs[n]) in labelled:
            n += 1
        sample[r] = fs[:n]
    return sample


def precision(t: int, f: int) -> float | None:
    return t / (t + f) if t + f else None


def fmt(p: float | None) -> str:
    return "-" if p is None else f"{p:.2f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results", help="results file of benchmarks/realcode.py")
    ap.add_argument("--labels", default=str(DEFAULT_LABELS))
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--size", type=int, default=300, help="sample size to aim at over all rules")
    ap.add_argument("--min-per-rule", type=int, default=10)
    ap.add_argument("--draw", action="store_true", help="add rows with empty verdicts for drawn findings not yet labelled")
    ap.add_argument("--todo", action="store_true", help="list the drawn findings that have no verdict yet")
    ap.add_argument("--threshold", type=float, default=0.8, help="strict precision a rule needs to be on by default")
    a = ap.parse_args(argv)

    res = json.loads(Path(a.results).read_text())
    findings = res["findings"]
    labels_path = Path(a.labels)
    rows = load_labels(labels_path)
    by_key = {}
    for r in rows:
        k = key(r)
        if k in by_key:
            sys.exit(f"sample: {labels_path}: two rows for {k}")
        by_key[k] = r
    judged = {k for k, r in by_key.items() if r.get("strict") is not None}
    sample = draw(findings, judged, a.seed, a.size, a.min_per_rule)

    if a.draw:
        added = 0
        for fs in sample.values():
            for f in fs:
                if key(f) not in by_key:
                    row = {k: f.get(k) for k in FIELDS}
                    row.update(strict=None, lenient=None, reason=None, **{"class": None})
                    rows.append(row)
                    by_key[key(f)] = row
                    added += 1
        save_labels(labels_path, rows)
        print(f"{added} new rows in {labels_path}")

    current = {key(f) for f in findings}
    in_sample = {key(f) for fs in sample.values() for f in fs}
    counts = collections.Counter(variant(f) for f in findings)
    print(f"results: {a.results} ({res.get('gofixer')}, {len(findings)} findings); labels: {labels_path} ({len(rows)} rows); "
          f"seed {a.seed}")
    print()
    print("| rule | findings | sample | judged | strict true | strict false | strict precision | lenient true | lenient precision | tier |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    tot = collections.Counter()
    table = []
    for rule in sorted(counts):
        rs = [by_key.get(key(f)) for f in sample.get(rule, [])]
        js = [r for r in rs if r is not None and r.get("strict") is not None]
        st = sum(r["strict"] is True for r in js)
        sf = len(js) - st
        lt = sum(r.get("lenient") is True for r in js)
        ps, pl = precision(st, sf), precision(lt, len(js) - lt)
        tier = "-" if ps is None else ("default" if ps >= a.threshold else "preview")
        tot.update(n=counts[rule], s=len(rs), j=len(js), st=st, sf=sf, lt=lt)
        print(f"| {rule} | {counts[rule]} | {len(rs)} | {len(js)} | {st} | {sf} | {fmt(ps)} | {lt} | {fmt(pl)} | {tier} |")
        table.append((rule, counts[rule], st, sf, ps, pl, tier))
    print(f"| all | {tot['n']} | {tot['s']} | {tot['j']} | {tot['st']} | {tot['sf']} | {fmt(precision(tot['st'], tot['sf']))} | "
          f"{tot['lt']} | {fmt(precision(tot['lt'], tot['j'] - tot['lt']))} | |")

    print()
    print(f"docs/precision.md table (strict precision on the sample; default at >= {a.threshold}):")
    print()
    print("| rule | findings | true | false | precision | lenient precision | tier |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for rule, n, st, sf, ps, pl, tier in table:
        print(f"| {rule} | {n} | {st} | {sf} | {fmt(ps)} | {fmt(pl)} | {tier} |")

    gone = [r for k, r in by_key.items() if k not in current]
    outside = [r for k, r in by_key.items() if k in current and k not in in_sample and r.get("strict") is not None]
    if gone:
        print()
        print(f"{len(gone)} labelled findings are no longer reported ({sum(r.get('strict') is True for r in gone)} of them strict true):")
        loose = collections.defaultdict(list)
        for f in findings:
            loose[(f["target"], f["path"], f["rule"], int(f["line"]))].append(f["message"])
        for r in sorted(gone, key=lambda r: (r["rule"], r["target"], r["path"], int(r["line"]))):
            if r.get("strict") is True:
                same_line = loose.get((r["target"], r["path"], r["rule"], int(r["line"])))
                hint = f" (same place, new message: {same_line[0]!r})" if same_line else ""
                print(f"  LOST TRUE {r['rule']} {r['target']} {r['path']}:{r['line']}: {r['reason']}{hint}")
    if outside:
        print(f"\n{len(outside)} judged findings are still reported but outside the current draw (not counted).")
    todo = [by_key.get(key(f)) for fs in sample.values() for f in fs]
    todo = [r for r in todo if r is None or r.get("strict") is None]
    if todo:
        print(f"\n{len(todo)} drawn findings have no verdict yet" + ("" if a.draw else " (--draw adds their rows)"))
        if a.todo:
            for fs in sample.values():
                for f in fs:
                    r = by_key.get(key(f))
                    if r is None or r.get("strict") is None:
                        print(f"  {f['rule']} {f['target']} {f['path']}:{f['line']}: {f['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
