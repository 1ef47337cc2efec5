"""GF302 request-context-dropped: PLACEHOLDER (being written).

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


class RequestContextDropped(Rule):
    code = "GF302"
    name = "request-context-dropped"
    summary = "context.Background()/TODO() inside an HTTP handler: the work outlives the client that asked for it"
    fix_class = FixClass.UNSAFE
    requires = (b"context",)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return iter(())
