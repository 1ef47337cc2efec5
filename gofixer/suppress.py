"""Suppression comments: ``//gofixer:ignore GF301 -- reason`` on the finding's line or the line
above, ``//gofixer:file-ignore GF403`` anywhere in the file, and golangci-lint's
``//nolint:gofixer`` on the line.

Comments written for other tools are honoured where they mean the same defect, so a team does not
annotate a line twice: gosec's ``#nosec`` (bare, or naming G112 / G114, its Slowloris checks) and
``//nolint:gosec`` silence the server-timeout rules GF501/GF502 on that line; a bare ``//nolint``
or ``//nolint:all`` silences everything, as it does in golangci-lint.

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
# gosec annotations: `// #nosec`, `//#nosec G112 G114 -- reason`; golangci-lint's bare `//nolint`
# (optionally followed by an explanation comment).
_NOSEC = re.compile(rb"//[ \t]*#nosec\b(?P<codes>(?:[ \t,]+G[0-9]+)*)", re.M)
_BARE_NOLINT = re.compile(rb"//nolint(?:[ \t]*(?://.*)?)?\r?$", re.M)
# gosec check -> the gofixer rules that report the same defect
GOSEC_EQUIVALENTS = {"G112": ("GF501",), "G114": ("GF502",)}
_GOSEC_ALL = tuple(sorted({c for codes in GOSEC_EQUIVALENTS.values() for c in codes}))


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
    if b"gofixer" not in data and b"nosec" not in data and b"nolint" not in data:
        return None
    sup = Suppressions()
    for m in _NOSEC.finditer(data):
        named = re.findall(rb"G[0-9]+", m.group("codes"))
        codes = [c for g in named for c in GOSEC_EQUIVALENTS.get(g.decode(), ())] if named else _GOSEC_ALL
        if codes:
            sup.line_codes.setdefault(src.line_of(m.start()), set()).update(codes)
    for m in _BARE_NOLINT.finditer(data):
        sup.line_codes.setdefault(src.line_of(m.start()), set()).add("")
    for m in _DIRECTIVE.finditer(data):
        if m.group("nolint") is not None:
            linters = m.group("nolint").decode().split(",")
            if "gofixer" in linters or "all" in linters:
                sup.line_codes.setdefault(src.line_of(m.start()), set()).add("")
            elif "gosec" in linters:
                sup.line_codes.setdefault(src.line_of(m.start()), set()).update(_GOSEC_ALL)
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
