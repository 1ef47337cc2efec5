"""Edit validation and merging: overlaps skipped, identical edits coalesced, order stable."""

from __future__ import annotations

import pytest

from gofixer import edits
from gofixer.model import Applicability, Edit, Finding, Fix


def _f(rule: str, *es: Edit, start: int | None = None) -> Finding:
    fix = Fix("d", tuple(es), Applicability.SAFE)
    return Finding(rule, "n", start if start is not None else es[0].start, es[0].end, "m", fix)


def test_apply_replaces_and_inserts():
    data = b"abcdef"
    assert edits.apply(data, [Edit(1, 2, b"X"), Edit(4, 4, b"--")]) == b"aXcd--ef"


def test_validate_rejects_out_of_range_and_self_overlap():
    with pytest.raises(edits.InvalidFix):
        edits.validate(Fix("d", (Edit(0, 10, b""),)), 5)
    with pytest.raises(edits.InvalidFix):
        edits.validate(Fix("d", (Edit(0, 3, b""), Edit(2, 4, b""))), 5)
    with pytest.raises(edits.InvalidFix):
        edits.validate(Fix("d", ()), 5)


def test_overlapping_fix_is_skipped_not_merged():
    a = _f("GF1", Edit(0, 3, b"x"))
    b = _f("GF2", Edit(2, 5, b"y"))
    m = edits.merge([b, a], 10)
    assert m.taken == (a,)
    assert m.skipped == (b,)
    assert m.edits == (Edit(0, 3, b"x"),)


def test_identical_edits_are_coalesced():
    imp = Edit(5, 5, b'"time"\n')
    a = _f("GF1", Edit(0, 1, b"x"), imp)
    b = _f("GF2", Edit(8, 9, b"y"), imp)
    m = edits.merge([a, b], 10)
    assert m.taken == (a, b)
    assert m.edits.count(imp) == 1
    assert edits.apply(b"0123456789", m.edits) == b'x1234"time"\n567y9'


def test_two_different_insertions_at_one_point_conflict():
    a = _f("GF1", Edit(4, 4, b"a"))
    b = _f("GF2", Edit(4, 4, b"b"))
    m = edits.merge([a, b], 10)
    assert len(m.taken) == 1 and len(m.skipped) == 1


def test_insertion_at_boundary_of_replacement_is_fine():
    a = _f("GF1", Edit(2, 4, b"zz"))
    b = _f("GF2", Edit(4, 4, b"+"))
    m = edits.merge([a, b], 10)
    assert len(m.taken) == 2
    assert edits.apply(b"0123456789", m.edits) == b"01zz+456789"


def test_merge_order_is_deterministic_by_position_then_rule():
    a = _f("GF3", Edit(0, 2, b"a"))
    b = _f("GF1", Edit(0, 2, b"b"))
    assert edits.merge([a, b], 10).taken == (b,)
    assert edits.merge([b, a], 10).taken == (b,)


def test_offset_map_back_to_original():
    es = [Edit(2, 2, b"XXX"), Edit(5, 7, b"")]
    m = edits.OffsetMap(es)
    new = edits.apply(b"0123456789", es)
    assert new == b"01XXX234789"
    assert m.to_old(0) == 0
    assert m.to_old(3) == 2  # inside the insertion
    assert m.to_old(5) == 2  # the "2" after the insertion
    assert m.to_old(new.index(b"8")) == 8
