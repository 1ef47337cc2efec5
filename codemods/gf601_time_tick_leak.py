"""GF601 time-tick-leak: PLACEHOLDER (being written).

What it finds
    TODO

Why it is bad
    TODO

Example
    TODO

Fixed
    TODO

Fix safety
    TODO
"""

from __future__ import annotations

from collections.abc import Iterator

from gofixer.model import Finding, FixClass
from gofixer.rule import FileContext, Rule


class TimeTickLeak(Rule):
    code = "GF601"
    name = "time-tick-leak"
    summary = "time.Tick in a function that returns: before Go 1.23 its ticker is never collected"
    fix_class = FixClass.UNSAFE
    requires = (b"time.Tick(",)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return iter(())
