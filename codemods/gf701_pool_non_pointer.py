"""GF701 pool-non-pointer: PLACEHOLDER (being written).

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


class PoolNonPointer(Rule):
    code = "GF701"
    name = "pool-non-pointer"
    summary = "sync.Pool.Put of a non-pointer value (slice, struct, number): every Put allocates"
    fix_class = FixClass.UNSAFE
    requires = (b".Put(",)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return iter(())
