"""GF301 lost-cancel (stub, being written)."""

from __future__ import annotations

from gofixer.model import FixClass
from gofixer.rule import Rule


class LostCancel(Rule):
    code = "GF301"
    name = "lost-cancel"
    summary = "stub"
    fix_class = FixClass.SAFE
    requires = (b'"context"',)

    def check(self, ctx):
        return iter(())
