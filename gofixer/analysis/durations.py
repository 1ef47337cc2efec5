"""Go durations, as configuration spells them (``"10s"``, ``"1m30s"``), written as the Go
expressions a fix inserts (``10 * time.Second``).

A fix that sets a timeout reads the value from ``.gofixer.toml`` in ``time.ParseDuration``'s
syntax and must write it exactly and gofmt-clean, in the unit a reader expects: the smallest
unit the value spells, or a smaller one when a fraction needs it.
"""

from __future__ import annotations

import re
from fractions import Fraction

# nanoseconds in each unit time.ParseDuration accepts
_UNIT_NS = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,  # U+00B5 micro sign
    "μs": 1_000,  # U+03BC Greek mu
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
# the time package's constants, largest first
_LADDER = (
    ("Hour", 3_600_000_000_000),
    ("Minute", 60_000_000_000),
    ("Second", 1_000_000_000),
    ("Millisecond", 1_000_000),
    ("Microsecond", 1_000),
    ("Nanosecond", 1),
)
_PART = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)")


def parse_duration(value: str) -> tuple[int, int] | None:
    """A Go duration string as (nanoseconds, nanoseconds of the smallest unit it spells with a
    non-zero amount), or None when it is not one (a sign, a bare number, a fraction of a
    nanosecond)."""
    text = value.strip()
    if not text or text.startswith(("-", "+")):
        return None
    pos, total, smallest = 0, Fraction(0), None
    while pos < len(text):
        m = _PART.match(text, pos)
        if m is None:
            return None
        unit = _UNIT_NS[m.group(2)]
        amount = Fraction(m.group(1))
        total += amount * unit
        if amount:  # "1h0m0s" is spelled in hours
            smallest = unit if smallest is None else min(smallest, unit)
        pos = m.end()
    if total.denominator != 1:
        return None
    return int(total), smallest or 1


def duration_expr(value: str, qualifier: str) -> str | None:
    """``10 * time.Second`` for "10s" (``qualifier`` is how ``time.`` is spelled where the
    expression goes), exactly and gofmt-clean; None for zero or a bad value.

    The unit is the smallest one the value spells ("1m30s" -> ``90 * time.Second``, "2m" ->
    ``2 * time.Minute``), or a smaller one when a fraction needs it ("1.5s" -> ``1500 *
    time.Millisecond``).
    """
    parsed = parse_duration(value)
    if parsed is None or parsed[0] <= 0:
        return None
    ns, smallest = parsed
    for name, unit in _LADDER:
        if unit <= smallest and ns % unit == 0:
            n = ns // unit
            return f"{qualifier}{name}" if n == 1 else f"{n} * {qualifier}{name}"
    return None  # unreachable: a nanosecond divides everything


def duration_unit(value: str) -> str | None:
    """The time constant ``duration_expr`` writes ``value`` with (``Second`` for "10s"), which a
    dot import of time must not find shadowed; None when it writes nothing."""
    expr = duration_expr(value, "")
    return None if expr is None else expr.rsplit(" ", 1)[-1]
