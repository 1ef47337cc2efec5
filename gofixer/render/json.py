"""``check --format json``: the machine contract of cli.md (version 1).

With ``--verify leak`` a fix carries its run-time ``proof``; a fix whose proof is ``made-worse``
is shown (what was tried, and why it is withheld) but not counted as fixable: gofixer does not
write it, and a consumer applying fixes must skip it.
"""

from __future__ import annotations

import json as _json

from ..model import Located
from .text import offers_fix

SEVERITY = "warning"


def finding(loc: Located) -> dict:
    f = loc.finding
    fix = None
    if f.fix is not None:
        fix = {
            "applicability": f.fix.applicability.value,
            "description": f.fix.description,
            "edits": [
                {
                    "path": loc.path,
                    "start": {"line": s.line, "column": s.column},
                    "end": {"line": e.line, "column": e.column},
                    "new_text": new.decode("utf-8", "replace"),
                }
                for s, e, new in loc.edit_spans
            ],
        }
        if f.fix.imports:
            fix["imports"] = list(f.fix.imports)
        if loc.proof is not None:
            fix["proof"] = {"level": loc.proof.level, "result": loc.proof.result, "detail": loc.proof.detail}
    return {
        "rule": f.rule,
        "name": f.name,
        "severity": SEVERITY,
        "message": f.message,
        "path": loc.path,
        "line": loc.start.line,
        "column": loc.start.column,
        "end_line": loc.end.line,
        "end_column": loc.end.column,
        "fix": fix,
        "tier": "preview" if f.preview else "default",
    }


def document(locs: list[Located], files: int, errors: list[str] | None = None) -> str:
    doc = {
        "version": 1,
        "findings": [finding(l) for l in locs],
        "summary": {"files": files, "findings": len(locs), "fixable": sum(1 for l in locs if offers_fix(l))},
    }
    if errors:
        doc["errors"] = errors
    return _json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
