"""GF201 leaky-result-channel (stub, being written)."""

from __future__ import annotations

from gofixer.model import FixClass
from gofixer.rule import Rule


class LeakyResultChannel(Rule):
    code = "GF201"
    name = "leaky-result-channel"
    summary = "stub"
    fix_class = FixClass.SAFE
    requires = (b'"context"',)

    def check(self, ctx):
        return iter(())
