"""net/http facts, Go durations and the spelling of package members at a place
(gofixer.analysis.nethttp, durations, spelling), on their own."""

from __future__ import annotations

import pytest

from gofixer.analysis.durations import duration_expr


@pytest.mark.parametrize(
    "value, expr",
    [
        ("10s", "10 * time.Second"),
        ("1s", "time.Second"),
        ("1m30s", "90 * time.Second"),
        ("2m", "2 * time.Minute"),
        ("120s", "120 * time.Second"),
        ("1h0m0s", "time.Hour"),
        ("1.5h", "90 * time.Minute"),
        ("500ms", "500 * time.Millisecond"),
        ("1.5s", "1500 * time.Millisecond"),
        ("250us", "250 * time.Microsecond"),
        ("250µs", "250 * time.Microsecond"),
        ("0s", None),
        ("10", None),
        ("-1s", None),
    ],
)
def test_duration_expr(value: str, expr: str | None) -> None:
    assert duration_expr(value, "time.") == expr
