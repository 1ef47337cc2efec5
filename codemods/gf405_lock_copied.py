"""GF405 lock-copied: PLACEHOLDER (being written).

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


class LockCopied(Rule):
    code = "GF405"
    name = "lock-copied"
    summary = "a value receiver or parameter of a type that contains a sync.Mutex, RWMutex, WaitGroup, Once or Cond: the lock is copied"
    fix_class = FixClass.UNSAFE
    requires = (b"sync",)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return iter(())
