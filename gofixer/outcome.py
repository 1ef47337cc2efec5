"""What a run comes to: found, fixed, withheld and why, skipped, and the exit status.

Computed once from the runner's report, below the front ends, so that ``fix``, ``check`` and
the PR bot tell the same story and choose the exit status by the same contract (docs/cli.md):
0 nothing to report or change, 1 findings reported, a diff shown, findings left unfixed or a
file that could not be analysed or written. The front ends only render it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .model import Located
from .runner import Report


@dataclass
class FixOutcome:
    """``gofixer [fix]``: what was (or, with --dry-run, would be) written, and what is left."""

    problems: list[str] = field(default_factory=list)  # one-line notes before the diff
    diffs: list[tuple[str, bytes, bytes]] = field(default_factory=list)  # (path, original, verified new)
    unfixed: list[Located] = field(default_factory=list)
    fixed: int = 0  # findings fixed by what is written (or would be)
    changed: int = 0  # files whose verified bytes differ
    written: int = 0
    write_errors: list[str] = field(default_factory=list)
    proofs: list[str] = field(default_factory=list)  # --verify leak: one line per fix
    status: int = 0


@dataclass
class CheckOutcome:
    """``gofixer check``: the findings as reported, each offering a fix only where one is known
    to pass (with ``--verify``: where it passed), and the notes about what could not be done."""

    findings: list[Located] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # per file: not analysed, syntax (in the report)
    notes: list[str] = field(default_factory=list)  # verification: what could not be proven (stderr)
    status: int = 0


def _order(locs: list[Located]) -> list[Located]:
    return sorted(locs, key=lambda l: (l.path, l.start.line, l.start.column, l.finding.rule))


def _verification_notes(report: Report, broken_says: str) -> list[str]:
    notes = []
    if report.verify_skipped:
        notes.append(f"gofixer: {report.verify_skipped}")
    outcome = report.outcome
    if outcome is not None:
        for pkg, err in outcome.broken:
            notes.append(f"{pkg}: does not build before fixing, {broken_says}: {err}")
        for w in outcome.withheld:
            what = f"{w.fix.rule} fix at line {w.fix.line}" if w.fix else "fixes"
            notes.append(f"{w.display}: {what} withheld: {w.reason}")
    return notes


def of_fix(report: Report, dry_run: bool) -> FixOutcome:
    out = FixOutcome()
    out.problems.extend(report.errors)
    if report.removed_temps:
        n = len(report.removed_temps)
        out.problems.append(f"gofixer: removed {n} stale temporary file{'s' if n != 1 else ''} of an interrupted run")
    out.problems.extend(_verification_notes(report, "left unchanged"))
    withheld = report.outcome.withheld if report.outcome else []
    for r in report.files:
        new = report.final.get(r.path)
        if new is not None and new != r.original:
            out.changed += 1
            if dry_run:
                out.diffs.append((r.path, r.original, new))
    # what is left: everything in files whose fixes were not accepted, else what fixing left
    for r in report.files:
        if r.path in report.final:
            out.unfixed.extend(r.remaining)
            mine = [w for w in withheld if w.display == r.path and w.fix]
            out.fixed += len(r.applied) - len(mine)
            keys = {w.fix.key for w in mine}
            out.unfixed.extend(l for l in r.findings if (l.finding.rule, l.finding.start) in keys)
        else:
            out.unfixed.extend(r.findings)
    out.unfixed = _order(out.unfixed)
    out.written = len(report.written)
    out.write_errors = list(report.write_errors)
    out.proofs = _proof_lines(report)
    out.status = 1 if (out.unfixed or out.diffs or report.unanalysed or out.write_errors) else 0
    return out


def _proof_lines(report: Report) -> list[str]:
    """--verify leak: each fix's run-time proof, one line each (made-worse ones were reported
    as withheld with their reason)."""
    lines = []
    if report.proof_note:
        lines.append(f"gofixer: {report.proof_note}")
    at = {a.key: a.line for r in report.files for a in r.applied}
    for (display, key), p in sorted(report.proofs.items(), key=lambda kv: (kv[0][0], at.get(kv[0][1], 0))):
        if p.result not in ("made-worse", "unavailable"):
            lines.append(f"{display}:{at.get(key, '?')}: {key[0]} fix, leak proof: {p.result}: {p.detail}")
    return lines


def of_check(report: Report, verified: bool) -> CheckOutcome:
    """With ``verified`` (``check --verify``), a fix stays in the report only when it was applied
    and passed: a report must not offer a fix gofixer would not write. A fix the toolchain
    rejected, or one in a file or package that could not be verified, is reported as null."""
    out = CheckOutcome(errors=list(report.errors))
    if not verified:
        out.findings = _order(report.findings)
    else:
        out.notes.extend(_verification_notes(report, "fixes not offered"))
        if report.proof_note:
            out.notes.append(f"gofixer: {report.proof_note}")
        out.findings = _order(_verified_findings(report))
    out.status = 1 if (out.findings or report.unanalysed) else 0
    return out


def _verified_findings(report: Report) -> list[Located]:
    withheld = report.outcome.withheld if report.outcome else []
    found = []
    for r in report.files:
        verified = r.path in report.final and report.final[r.path] != r.original and not report.verify_skipped
        kept = {f.key for f in r.applied} if verified else set()
        kept -= {w.fix.key for w in withheld if w.display == r.path and w.fix is not None}
        for loc in r.findings:
            f = loc.finding
            proof = report.proofs.get((r.path, (f.rule, f.start))) if f.fix is not None else None
            if proof is not None and proof.result == "made-worse":
                # withheld, but shown with the proof that says why (text and JSON mark it)
                loc = dataclasses.replace(loc, proof=proof)
            elif f.fix is not None and (f.rule, f.start) not in kept:
                loc = dataclasses.replace(loc, finding=dataclasses.replace(f, fix=None), edit_spans=())
            elif proof is not None:
                loc = dataclasses.replace(loc, proof=proof)
            found.append(loc)
    return found
