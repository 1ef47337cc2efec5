"""GF001 unused-ignore: a ``//gofixer:ignore`` comment that silences nothing.

What it finds
    A ``//gofixer:ignore …`` or ``//gofixer:file-ignore …`` comment none of whose codes silenced
    a finding in this run. The finding is on the comment. A comment is judged only when every
    rule it names ran (a code, a family such as ``GF3``, a rule name; a bare ``//gofixer:ignore``
    names every rule), so ``--select GF5`` never calls a ``GF301`` comment unused. When some of
    a comment's codes were used and others were not, the unused ones are named, without a fix.
    Comments written for other tools (``//nolint``, ``#nosec``) are not judged: those tools may
    still need them.
    This rule is opt-in: ``--report-unused-ignores`` (``fix`` and ``check``) or naming it
    exactly (``--select GF001`` / ``unused-ignore``); ``ALL`` and families do not choose it.

Why it is bad
    A suppression outlives the code it was written for: after a refactor or a fix it silences
    nothing today and hides the next real finding on that line tomorrow, and a reader takes it
    as a statement about the code that is no longer true.

Example
    ctx, cancel := context.WithTimeout(parent, time.Second) //gofixer:ignore GF301 -- legacy
    defer cancel()

Fixed
    ctx, cancel := context.WithTimeout(parent, time.Second)
    defer cancel()

Fix safety
    Safe: only a comment is removed (the whole line when the comment is alone on it, with its
    line ending); no code changes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from gofixer import registry
from gofixer.analysis import prefilter
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule
from gofixer.suppress import Directive, Suppressions


class UnusedIgnore(Rule):
    code = "GF001"
    name = "unused-ignore"
    summary = "a //gofixer:ignore comment silences nothing (opt-in: --report-unused-ignores)"
    fix_class = FixClass.SAFE
    # every suppression comment spells ``gofixer:`` (``//gofixer:ignore``, ``//gofixer:file-ignore``)
    needs = prefilter.contains(b"gofixer:")
    opt_in = True

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return iter(())  # everything happens once the other rules' findings are known

    def check_suppressions(self, ctx: FileContext, sup: Suppressions, rules: Sequence[Rule]) -> Iterator[Finding]:
        ran = {type(r) for r in rules if not r.opt_in}
        known = [r for r in registry.all_rules() if not r.opt_in]
        for d in sup.directives:
            judged = [c for c in sorted(d.codes) if _covered(c, ran, known)]
            unused = [c for c in judged if c not in d.used]
            if not unused:
                continue
            comment = ctx.data[d.start : d.end].decode("utf-8", "replace")
            if len(unused) == len(d.codes) and not d.used:
                what = "a finding on this line or the next" if not d.file_wide else "any finding in this file"
                message = f"`{comment}` silences nothing: no rule it names reports {what}"
                yield Finding(self.code, self.name, d.start, d.end, message, _removal(ctx.data, d))
            else:
                names = ", ".join(c or "(all rules)" for c in unused)
                verb, obj = ("silences", "it") if len(unused) == 1 else ("silence", "them")
                yield Finding(self.code, self.name, d.start, d.end, f"`{comment}`: {names} {verb} nothing here; drop {obj}")


def _covered(code: str, ran: set, known: list) -> bool:
    """Did every rule that ``code`` names run? (An unknown code names none: never judged.)"""
    named = [r for r in known if _names(code, r)]
    return bool(named) and all(r in ran for r in named)


def _names(code: str, rule) -> bool:
    if code == "":
        return True
    if code.upper().startswith("GF"):
        return rule.code.startswith(code.upper())
    return rule.name == code.lower()


def _removal(data: bytes, d: Directive) -> Fix:
    line_start = data.rfind(b"\n", 0, d.start) + 1
    nl = data.find(b"\n", d.end)
    line_end = len(data) if nl == -1 else nl + 1
    before = data[line_start : d.start]
    after = data[d.end : line_end].strip(b"\r\n \t")
    if not before.strip(b" \t") and not after:
        edit = Edit(line_start, line_end, b"")  # the comment is the whole line
    else:
        start = d.start
        while start > line_start and data[start - 1 : start] in (b" ", b"\t"):
            start -= 1
        edit = Edit(start, d.end, b"")
    return Fix("remove the unused suppression comment", (edit,), Applicability.SAFE)
