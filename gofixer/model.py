"""The plain data that flows between the engine's stages.

Everything here is frozen and picklable so that worker processes can hand results back to the
runner without sharing trees or parsers. Offsets are byte offsets into the file's bytes, the same
unit tree-sitter uses, so no text is ever decoded to locate an edit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Applicability(str, enum.Enum):
    """How far a fix can be trusted (ruff's classes).

    SAFE fixes keep behaviour apart from removing the defect and are applied by default; UNSAFE
    fixes change behaviour a reviewer should see and need ``--unsafe-fixes``.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"


class FixClass(str, enum.Enum):
    """What a rule can offer, as listed in the catalogue (``gofixer rules``)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    SAFE_OR_UNSAFE = "safe/unsafe"
    NONE = "none"


@dataclass(frozen=True, order=True)
class Edit:
    """Replace bytes ``[start, end)`` of the file with ``new``; an insertion has start == end."""

    start: int
    end: int
    new: bytes

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad edit span {self.start}..{self.end}")
        if not isinstance(self.new, bytes):
            raise TypeError("Edit.new must be bytes")


@dataclass(frozen=True)
class Fix:
    """All-or-nothing set of edits for one finding, plus the imports it needs.

    Imports are named, not spelled as edits, so that two fixes needing ``time`` add it once and
    the import helper can place it the way gofmt would.
    """

    description: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    imports: tuple[str, ...] = ()

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass(frozen=True)
class Finding:
    """One reported defect: where it is (byte span of the anchor) and the fix, if any."""

    rule: str
    name: str
    start: int
    end: int
    message: str
    fix: Fix | None = None
    # a variant of the rule in the preview tier: reported only where preview is on for the rule
    preview: bool = False


@dataclass(frozen=True)
class Position:
    """1-based line, 1-based byte column (go vet's convention)."""

    line: int
    column: int


@dataclass(frozen=True)
class Proof:
    """How far a fix was proven beyond compiling and vetting clean (``--verify leak``).

    ``result`` is one of ``proven`` (a goroutine leaked at the fix's site in the tests before it,
    none after), ``not-reproduced`` (no leak there to remove: proven by vet only),
    ``made-worse`` (new leaks or failing tests with it: withheld) or ``unavailable`` (no
    toolchain with the goroutine-leak profile: proven by vet only).
    """

    level: str
    result: str
    detail: str


@dataclass(frozen=True)
class Located:
    """A finding made printable: path and line/column resolved against the file it came from."""

    path: str
    finding: Finding
    start: Position
    end: Position
    # the fix's edits resolved to line/column too, for JSON/SARIF/LSP
    edit_spans: tuple[tuple[Position, Position, bytes], ...] = ()
    suppressed: bool = False
    proof: Proof | None = None  # the fix's run-time proof, with --verify leak


@dataclass(frozen=True)
class AppliedFix:
    """A fix the engine applied, identified so verification can withhold exactly this one.

    ``key`` is (rule code, byte offset of the finding's anchor in the *original* file): stable
    across fixpoint passes because edits never move text in front of an anchor they do not touch.
    """

    key: tuple[str, int]
    rule: str
    name: str
    description: str
    applicability: Applicability
    line: int


@dataclass
class FileResult:
    """What the engine learned about one file; small and picklable."""

    path: str
    original: bytes
    fixed: bytes
    findings: list[Located] = field(default_factory=list)  # on the original file
    remaining: list[Located] = field(default_factory=list)  # still present after fixing
    applied: list[AppliedFix] = field(default_factory=list)
    error: str | None = None  # a one-line reason the file could not be processed
    warning: str | None = None  # processed, with a caveat the user should hear about
    syntax_at: str | None = None  # line:col of the first syntax error tree-sitter reports
    passes: int = 0
    scan_seconds: float = 0.0  # parsing and rules on the original (pass 1)
    fix_seconds: float = 0.0  # applying fixes and the later passes

    @property
    def changed(self) -> bool:
        return self.fixed != self.original
