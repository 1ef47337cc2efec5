#!/usr/bin/env python3
"""Did a speed change change what gofixer says? Compare two `check --format json` outputs.

    python benchmarks/same_findings.py BEFORE.json AFTER.json [--select GF101,GF403]

A faster prefilter or a cached model must leave every finding, message and fix exactly as it
was: this prints the findings (rule, place, message, fix) present in one output and not in the
other, and the difference in per-file errors, and exits 1 when there is any. Produce the
outputs with the same arguments, e.g.

    gofixer check --no-cache --unsafe-fixes --format json . > before.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter


def _load(path: str, select: set[str]) -> tuple[Counter, Counter]:
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    findings: Counter = Counter()
    for f in doc["findings"]:
        if select and f["rule"] not in select:
            continue
        fix = json.dumps(f["fix"], sort_keys=True) if f["fix"] else None
        findings[(f["path"], f["line"], f["column"], f["end_line"], f["end_column"], f["rule"], f["message"], fix)] += 1
    return findings, Counter(doc.get("errors", []))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--select", default="", help="compare only these rule codes (comma-separated)")
    args = ap.parse_args()
    select = {s for s in args.select.split(",") if s}
    b, be = _load(args.before, select)
    a, ae = _load(args.after, select)
    lost, new = b - a, a - b
    for label, diff in (("only before", lost), ("only after", new)):
        for k in sorted(diff):
            path, line, col, _el, _ec, rule, message, fix = k
            print(f"{label}: {rule} {path}:{line}:{col} {message}" + (" [fix differs or new]" if fix else ""))
    for label, diff in (("error only before", be - ae), ("error only after", ae - be)):
        for e in sorted(diff):
            print(f"{label}: {e}")
    per_rule = Counter(k[5] for k in a.elements())
    print(f"before {sum(b.values())} findings, after {sum(a.values())}; "
          f"{sum(lost.values())} lost, {sum(new.values())} new; per rule after: {dict(sorted(per_rule.items()))}")
    # a file that no selected rule can match is no longer parsed, so its syntax warning goes
    # away with a tighter prefilter: shown above, but not a difference in what gofixer finds
    serious = [e for e in (be - ae) + (ae - be) if "syntax error" not in e]
    return 1 if lost or new or serious else 0


if __name__ == "__main__":
    sys.exit(main())
