"""GF504 response-body-not-closed: PLACEHOLDER (being written).

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


class ResponseBodyNotClosed(Rule):
    code = "GF504"
    name = "response-body-not-closed"
    summary = "an *http.Response whose Body is never closed: the connection is never reused and leaks"
    fix_class = FixClass.SAFE
    requires = (b'"net/http"',)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return iter(())
