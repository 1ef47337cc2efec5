"""Validate, merge and apply byte edits.

A fix is all-or-nothing. Merging follows ruff: fixes sorted by position (then rule code, so the
result does not depend on rule order), identical edits coalesced, and a fix that overlaps one
already taken is skipped; the engine re-runs the rules on the result, so a skipped fix gets its
turn in the next pass against text that still means what it saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Edit, Finding, Fix


class InvalidFix(ValueError):
    """A rule produced edits that cannot be applied (out of range, or overlapping each other)."""


def validate(fix: Fix, size: int) -> tuple[Edit, ...]:
    """Return the fix's edits sorted and de-duplicated, or raise InvalidFix."""
    if not fix.edits:
        raise InvalidFix(f"fix {fix.description!r} has no edits")
    edits = sorted(set(fix.edits))
    prev: Edit | None = None
    for e in edits:
        if e.end > size:
            raise InvalidFix(f"edit {e.start}..{e.end} past end of file ({size} bytes)")
        if prev is not None and _overlap(prev, e):
            raise InvalidFix(f"edits {prev.start}..{prev.end} and {e.start}..{e.end} overlap")
        prev = e
    return tuple(edits)


def _overlap(a: Edit, b: Edit) -> bool:
    """Do two edits conflict? Two insertions at one point conflict unless identical (order would
    be arbitrary); an insertion touching a replacement's boundary does not."""
    if a == b:
        return False
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True)
class Merged:
    edits: tuple[Edit, ...]
    taken: tuple[Finding, ...]
    skipped: tuple[Finding, ...]


def merge(findings: Iterable[Finding], size: int) -> Merged:
    """Pick a non-overlapping subset of the findings' fixes and return their union of edits."""
    with_fix = [f for f in findings if f.fix is not None]
    with_fix.sort(key=lambda f: (f.fix.start, f.rule, f.start))
    chosen: list[Edit] = []
    seen: set[Edit] = set()
    taken: list[Finding] = []
    skipped: list[Finding] = []
    for f in with_fix:
        try:
            edits = validate(f.fix, size)
        except InvalidFix:
            skipped.append(f)
            continue
        new = [e for e in edits if e not in seen]
        if any(_overlap(e, c) for e in new for c in chosen):
            skipped.append(f)
            continue
        chosen.extend(new)
        seen.update(new)
        taken.append(f)
    return Merged(tuple(sorted(chosen)), tuple(taken), tuple(skipped))


def apply(data: bytes, edits: Sequence[Edit]) -> bytes:
    """Apply sorted, non-overlapping edits to ``data``."""
    out: list[bytes] = []
    pos = 0
    for e in sorted(edits):
        if e.start < pos:
            raise InvalidFix(f"overlapping edits at {e.start}")
        out.append(data[pos : e.start])
        out.append(e.new)
        pos = e.end
    out.append(data[pos:])
    return b"".join(out)


class OffsetMap:
    """Maps offsets in an edited text back to the text before the edits.

    An offset inside replaced text maps to the start of the replaced span; everything else maps
    exactly. Chaining one map per fixpoint pass maps any later finding back to the original file.
    """

    def __init__(self, edits: Sequence[Edit]):
        self._edits = sorted(edits)

    def to_old(self, new_offset: int) -> int:
        delta = 0
        for e in self._edits:
            new_start = e.start + delta
            new_end = new_start + len(e.new)
            if new_offset < new_start:
                break
            if new_offset < new_end or (e.start == e.end and new_offset == new_start and e.new):
                return e.start
            delta += len(e.new) - (e.end - e.start)
        return new_offset - delta
