"""GF202 send-after-close: PLACEHOLDER (being written).

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


class SendAfterClose(Rule):
    code = "GF202"
    name = "send-after-close"
    summary = "a send on a channel after close(ch) on the same path, or close by a receiver while others send: both panic"
    fix_class = FixClass.NONE
    requires = (b"close(",)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return iter(())
