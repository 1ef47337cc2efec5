"""GF503 client-without-timeout: PLACEHOLDER (being written).

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


class ClientWithoutTimeout(Rule):
    code = "GF503"
    name = "client-without-timeout"
    summary = "an http.Client literal without Timeout: a stalled server hangs the caller forever"
    fix_class = FixClass.UNSAFE
    requires = (b'"net/http"',)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return iter(())
