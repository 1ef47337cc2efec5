"""GF404 unlock-not-deferred: PLACEHOLDER (being written).

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


class UnlockNotDeferred(Rule):
    code = "GF404"
    name = "unlock-not-deferred"
    summary = "mu.Lock() ... mu.Unlock() with a return or a call that may panic between: the lock stays held"
    fix_class = FixClass.SAFE
    requires = (b".Unlock()",)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return iter(())
