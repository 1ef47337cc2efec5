"""GF602 time-after-in-loop: PLACEHOLDER (being written).

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


class TimeAfterInLoop(Rule):
    code = "GF602"
    name = "time-after-in-loop"
    summary = "time.After in a select inside a loop: before Go 1.23 every iteration leaks a timer until it fires"
    fix_class = FixClass.NONE
    requires = (b".After(",)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return iter(())
