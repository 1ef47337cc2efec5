"""Suppression comments: ``//gofixer:ignore GF301 -- reason`` on the finding's line or the line
above, ``//gofixer:file-ignore GF403`` anywhere in the file, and golangci-lint's
``//nolint:gofixer`` on the line.

Comments written for other tools are honoured where they mean the same defect, so a team that
already silenced a finding for its linter does not annotate the line twice. ``PEER_CHECKS`` is
that mapping, in one place (the README shows it): gosec's ``#nosec`` and ``//gosec:disable``
(bare, or naming a check), golangci-lint's ``//nolint:<linter>`` and staticcheck's
``//lint:ignore <check> reason`` / ``//lint:file-ignore``. A bare ``//nolint`` or
``//nolint:all`` silences everything, as it does in golangci-lint.

Read from the bytes with a regular expression before anything else, so a file without the word
``gofixer`` in a comment costs one substring search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Finding
from .source import SourceFile

_DIRECTIVE = re.compile(
    rb"//\s*(?:gofixer:(?P<kind>ignore|file-ignore)(?P<codes>[ \t]+[A-Za-z0-9_,\- \t]*?)?(?:[ \t]+--.*)?|nolint:(?P<nolint>[A-Za-z0-9_,\-]+)(?:[ \t]*//.*?)?)[ \t]*\r?$",
    re.M,
)
# gosec annotations: `// #nosec`, `//#nosec G112 G114 -- reason`, `//gosec:disable G112`;
# golangci-lint's bare `//nolint` (optionally followed by an explanation comment); staticcheck's
# `//lint:ignore SA2000,SA1015 reason` and `//lint:file-ignore SA1015 reason`.
_NOSEC = re.compile(rb"//[ \t]*(?:#nosec|gosec:disable)\b(?P<codes>(?:[ \t,]+G[0-9]+)*)", re.M)
_BARE_NOLINT = re.compile(rb"//nolint(?:[ \t]*(?://.*)?)?\r?$", re.M)
_LINT_IGNORE = re.compile(rb"//lint:(?P<kind>ignore|file-ignore)[ \t]+(?P<checks>[A-Za-z0-9,*]+)", re.M)

# (tool, check) -> the gofixer rules that report the same defect. A check of "*" stands for the
# tool (or linter) named without a check: every defect of it that gofixer reports.
PEER_CHECKS: dict[tuple[str, str], tuple[str, ...]] = {
    ("gosec", "G112"): ("GF501",),  # http.Server without ReadHeaderTimeout (Slowloris)
    ("gosec", "G114"): ("GF502",),  # net/http serve functions without timeouts
    ("govet", "lostcancel"): ("GF301",),
    ("govet", "copylocks"): ("GF405",),
    ("govet", "waitgroup"): ("GF402",),  # WaitGroup.Add inside the goroutine (vet, Go 1.25)
    ("staticcheck", "SA1015"): ("GF601",),  # time.Tick leaks the ticker
    ("staticcheck", "SA2000"): ("GF402",),  # WaitGroup.Add inside the goroutine
    ("bodyclose", "*"): ("GF504",),
    ("contextcheck", "*"): ("GF302", "GF304", "GF306"),  # a context not inherited from the caller
    ("noctx", "*"): ("GF303",),  # net/http, net, database/sql and os/exec calls without a context
}


def peer_codes(tool: str, check: str = "*") -> tuple[str, ...]:
    """The gofixer rules a peer tool's suppression of ``check`` silences (``*``: every check of
    the tool that gofixer also reports)."""
    if check == "*":
        return tuple(sorted({c for (t, _k), codes in PEER_CHECKS.items() if t == tool for c in codes}))
    return PEER_CHECKS.get((tool, check), ())


@dataclass
class Directive:
    """One ``//gofixer:ignore`` or ``//gofixer:file-ignore`` comment, and which of its codes
    silenced something (for GF001 unused-ignore). Other tools' comments are not tracked: they
    serve those tools too."""

    line0: int
    start: int  # the comment's bytes
    end: int
    codes: frozenset[str]  # "" means every rule
    file_wide: bool
    used: set[str] = field(default_factory=set)


@dataclass
class Suppressions:
    file_codes: set[str] = field(default_factory=set)  # "" means every rule
    line_codes: dict[int, set[str]] = field(default_factory=dict)  # 0-based line -> codes
    directives: list[Directive] = field(default_factory=list)

    def silences(self, f: Finding, src: SourceFile) -> bool:
        line0 = src.line_of(f.start)
        for d in self.directives:
            if d.file_wide or d.line0 in (line0, line0 - 1):
                d.used.update(c for c in d.codes if _match({c}, f))
        if _match(self.file_codes, f):
            return True
        return any(_match(self.line_codes.get(l, set()), f) for l in (line0, line0 - 1))


def _match(codes: set[str], f: Finding) -> bool:
    for c in codes:
        if c == "" or c == f.name or (c.upper().startswith("GF") and f.rule.startswith(c.upper())):
            return True
    return False


def parse(src: SourceFile) -> Suppressions | None:
    """The file's suppressions, or None when it has none (the common case, checked cheaply)."""
    data = src.data
    if b"gofixer" not in data and b"nosec" not in data and b"nolint" not in data and b"lint:" not in data and b"gosec:" not in data:
        return None
    sup = Suppressions()
    for m in _NOSEC.finditer(data):
        named = re.findall(rb"G[0-9]+", m.group("codes"))
        codes = [c for g in named for c in peer_codes("gosec", g.decode())] if named else peer_codes("gosec")
        if codes:
            sup.line_codes.setdefault(src.line_of(m.start()), set()).update(codes)
    for m in _LINT_IGNORE.finditer(data):
        checks = m.group("checks").decode().split(",")
        codes = {c for k in checks for c in (peer_codes("staticcheck") if k == "*" else peer_codes("staticcheck", k))}
        if not codes:
            continue
        if m.group("kind") == b"file-ignore":
            sup.file_codes |= codes
        else:
            # staticcheck puts it on the line above the code: the line above counts, as for ours
            sup.line_codes.setdefault(src.line_of(m.start()), set()).update(codes)
    for m in _BARE_NOLINT.finditer(data):
        sup.line_codes.setdefault(src.line_of(m.start()), set()).add("")
    for m in _DIRECTIVE.finditer(data):
        if m.group("nolint") is not None:
            linters = m.group("nolint").decode().split(",")
            if "gofixer" in linters or "all" in linters:
                sup.line_codes.setdefault(src.line_of(m.start()), set()).add("")
            else:
                codes = {c for linter in linters for c in peer_codes(linter)}
                if codes:
                    sup.line_codes.setdefault(src.line_of(m.start()), set()).update(codes)
            continue
        raw = (m.group("codes") or b"").decode("utf-8", "replace")
        codes = {c.strip() for c in re.split(r"[,\s]+", raw) if c.strip()} or {""}
        end = m.end()
        while end > m.start() and data[end - 1 : end] in (b"\r", b" ", b"\t"):
            end -= 1
        sup.directives.append(
            Directive(src.line_of(m.start()), m.start(), end, frozenset(codes), m.group("kind") == b"file-ignore")
        )
        if m.group("kind") == b"file-ignore":
            sup.file_codes |= codes
        else:
            sup.line_codes.setdefault(src.line_of(m.start()), set()).update(codes)
    if not sup.file_codes and not sup.line_codes:
        return None
    return sup
