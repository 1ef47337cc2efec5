"""``gofixer apply PATCH|-``: apply a reviewed unified diff, verified like ``gofixer`` fixes.

The diff is usually ``gofixer --dry-run`` output that a person trimmed: whole hunks deleted,
lines edited or dropped. So the hunk headers' line counts are recounted from the hunk bodies
(as ``git apply --recount`` does) and each hunk is located by its exact content: at the line
its header states, shifted by what earlier hunks of the file moved, else at the nearest place
within :data:`MAX_SHIFT` lines. Content is compared as bytes, line endings included, so CRLF
files round-trip and a file that changed since the diff was made is refused.

A file is all-or-nothing: if any of its hunks does not apply, or verification rejects the
result, nothing of that file is written (other files still are). Only edits of existing files
are taken: new files, deletions, renames, mode changes and binary patches are refused, and so
is a path that leaves the current directory (the whole patch is then refused: it was not made
by gofixer for this tree).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import unidiff

from . import engine, source
from . import verify as verification
from .render import diff as diff_render
from .write import WriteError, atomic_write

MAX_SHIFT = 100  # how far (in lines) a hunk may have moved and still be found

_HUNK_HEADER = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$", re.S)
_BODY_PREFIXES = (b" ", b"-", b"+", b"\\")
_NO_NEWLINE = b"\\ No newline at end of file"


class PatchError(ValueError):
    """The patch as a whole cannot be used (one line for the user; exit status 2)."""


@dataclass
class FilePlan:
    """What the patch does to one file: the new bytes, or why nothing of it applies."""

    display: str  # relative to the current directory, as in the patch without its a/ b/ prefix
    path: Path | None = None  # absolute, resolved (symlinks followed)
    original: bytes = b""
    new: bytes | None = None
    hunks: int = 0
    problems: list[str] = field(default_factory=list)  # "display: @@ header @@: reason"

    @property
    def ok(self) -> bool:
        return not self.problems and self.new is not None


@dataclass
class ApplyReport:
    plans: list[FilePlan] = field(default_factory=list)
    outcome: verification.Outcome | None = None
    final: dict[str, bytes] = field(default_factory=dict)  # display -> verified bytes
    written: list[str] = field(default_factory=list)
    write_errors: list[str] = field(default_factory=list)
    verify_skipped: str | None = None
    verify_level: str = "vet"

    @property
    def refused(self) -> list[FilePlan]:
        return [p for p in self.plans if p.problems]


# -- reading the patch ----------------------------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    """Split on LF only (a CR belongs to the line's content; bytes.splitlines would cut there)."""
    parts = data.split(b"\n")
    out = [p + b"\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _is_body(line: bytes) -> bool:
    return line.startswith(_BODY_PREFIXES) or line in (b"\n", b"\r\n")


def _ends_hunk(lines: list[bytes], i: int) -> bool:
    line = lines[i]
    if line.startswith((b"@@ ", b"diff ", b"Index: ")):
        return True
    return line.startswith(b"--- ") and i + 1 < len(lines) and lines[i + 1].startswith(b"+++ ")


def recount(data: bytes) -> tuple[list[bytes], dict[int, str]]:
    """The patch's lines with every hunk header's counts made to agree with its body.

    Returns the lines and, per hunk header (0-based line index), the header as the user wrote
    it, for messages. A header whose counts already fit its body (or its body less trailing
    blank lines, which some editors add) is kept as written.
    """
    lines = _lines(data)
    headers: dict[int, str] = {}
    in_file = False  # after a file's +++ header: diff lines must belong to a hunk
    i = 0
    while i < len(lines):
        m = _HUNK_HEADER.match(lines[i].rstrip(b"\r\n"))
        if not m:
            line = lines[i]
            if line.startswith(b"diff "):
                in_file = False
            elif line.startswith(b"+++ ") and i > 0 and lines[i - 1].startswith(b"--- "):
                in_file = True
            elif line.startswith(b"--- ") and i + 1 < len(lines) and lines[i + 1].startswith(b"+++ "):
                pass
            elif in_file and line.startswith((b" ", b"+", b"-")):
                raise PatchError(f"line {i + 1}: a diff line outside any hunk (was its @@ header deleted?)")
            i += 1
            continue
        h = i
        headers[h] = lines[h].rstrip(b"\r\n").decode("utf-8", "surrogateescape")
        j = h + 1
        while j < len(lines) and _is_body(lines[j]) and not _ends_hunk(lines, j):
            j += 1
        body = lines[h + 1 : j]
        # `git format-patch` ends with a "-- " signature line: not a removed line
        if body and body[-1].rstrip(b"\r\n") == b"--" + b" " and (j == len(lines) or not _is_body(lines[j])):
            body = body[:-1]
            in_file = False
        trimmed = list(body)
        while trimmed and trimmed[-1] in (b"\n", b"\r\n"):
            trimmed.pop()

        def counts(b: list[bytes]) -> tuple[int, int]:
            old = sum(1 for x in b if x[:1] in (b" ", b"-") or x in (b"\n", b"\r\n"))
            new = sum(1 for x in b if x[:1] in (b" ", b"+") or x in (b"\n", b"\r\n"))
            return old, new

        src_start, src_len, tgt_start, tgt_len, rest = m.groups()
        stated = (int(src_len) if src_len is not None else 1, int(tgt_len) if tgt_len is not None else 1)
        if stated not in (counts(body), counts(trimmed)):
            old, new = counts(trimmed)
            lines[h] = b"@@ -%s,%d +%s,%d @@%s" % (src_start, old, tgt_start, new, rest.rstrip(b"\r\n")) + b"\n"
        i = j
    return lines, headers


def parse(data: bytes) -> tuple[unidiff.PatchSet, dict[int, str]]:
    """The patch as a unidiff PatchSet; each line decoded with surrogateescape, so any byte
    (CR, invalid UTF-8) survives and encodes back to exactly what the patch held."""
    lines, headers = recount(data)
    text = [ln.decode("utf-8", "surrogateescape") for ln in lines]
    try:
        return unidiff.PatchSet(text), headers
    except unidiff.UnidiffParseError as e:
        raise PatchError(f"not a valid unified diff: {e}") from None


def _unquote(name: str) -> str:
    """A git-quoted path ("a/caf\\303\\251.go") back to its text."""
    if not (len(name) >= 2 and name.startswith('"') and name.endswith('"')):
        return name
    raw = name[1:-1].encode("utf-8", "surrogateescape")
    out = bytearray()
    i = 0
    simple = {b"n": b"\n", b"t": b"\t", b'"': b'"', b"\\": b"\\", b"a": b"\a", b"b": b"\b", b"f": b"\f", b"r": b"\r", b"v": b"\v"}
    while i < len(raw):
        c = raw[i : i + 1]
        if c == b"\\" and i + 1 < len(raw):
            nxt = raw[i + 1 : i + 2]
            if re.fullmatch(rb"[0-7]{3}", raw[i + 1 : i + 4]):
                out.append(int(raw[i + 1 : i + 4], 8))
                i += 4
                continue
            if nxt in simple:
                out += simple[nxt]
                i += 2
                continue
        out += c
        i += 1
    return bytes(out).decode("utf-8", "surrogateescape")


def _strip_prefix(name: str) -> str:
    """Strip one leading path component, as ``git apply`` (-p1) does with a/ and b/."""
    name = _unquote(name.strip())
    if name == "/dev/null":
        return name
    if name.startswith("/"):
        return name  # absolute: kept so that safe_path refuses it
    return name.split("/", 1)[1] if "/" in name else name


def safe_path(name: str, cwd: Path) -> tuple[str, Path]:
    """(display, absolute resolved path) of a patch path, or PatchError if it leaves ``cwd``."""
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise PatchError(f"{name or '(empty path)'}: absolute path in the patch; refusing to apply it")
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        raise PatchError(f"{name}: path leaves the current directory; refusing to apply the patch")
    display = os.path.normpath(name)
    full = (cwd / display).resolve()
    root = cwd.resolve()
    if full != root and root not in full.parents:
        raise PatchError(f"{name}: path leads outside the current directory (through a symlink); refusing to apply the patch")
    return display, full


# -- applying hunks -------------------------------------------------------------------------


@dataclass
class _Hunk:
    header: str
    start: int  # 0-based line the old text should start at
    old: list[bytes]
    new: list[bytes]


def _hunk_sides(h: unidiff.Hunk) -> tuple[list[bytes], list[bytes]]:
    old: list[bytes] = []
    new: list[bytes] = []
    last: str | None = None
    for ln in h:
        t = ln.line_type
        if t == "\\":  # the line before has no newline at the end of its side(s)
            if last in (" ", "-") and old and old[-1].endswith(b"\n"):
                old[-1] = old[-1][:-1]
            if last in (" ", "+") and new and new[-1].endswith(b"\n"):
                new[-1] = new[-1][:-1]
            continue
        if t not in (" ", "-", "+"):
            continue  # trailing blank lines after a hunk (unidiff's type '')
        value = ln.value.encode("utf-8", "surrogateescape")
        if t in (" ", "-"):
            old.append(value)
        if t in (" ", "+"):
            new.append(value)
        last = t
    return old, new


def _find(lines: list[bytes], old: list[bytes], expected: int, lo: int) -> int | None | str:
    """Where ``old`` occurs exactly: ``expected`` if there, else the nearest within MAX_SHIFT at
    or after ``lo``; "ambiguous" when two places are equally near."""
    n = len(old)

    def at(p: int) -> bool:
        return lo <= p and p + n <= len(lines) and lines[p : p + n] == old

    if at(expected):
        return expected
    for d in range(1, MAX_SHIFT + 1):
        before, after = at(expected - d), at(expected + d)
        if before and after:
            return "ambiguous"
        if before:
            return expected - d
        if after:
            return expected + d
    return None


def _describe_mismatch(lines: list[bytes], old: list[bytes], at: int) -> str:
    for k, want in enumerate(old):
        have = lines[at + k] if at + k < len(lines) else None
        if have != want:
            shown = "end of file" if have is None else repr(have.decode("utf-8", "replace").rstrip("\n"))
            return f"line {at + k + 1} is {shown}, the patch expects {want.decode('utf-8', 'replace').rstrip(chr(10))!r}"
    return "the file does not match"


def apply_hunks(original: bytes, hunks: list[_Hunk]) -> tuple[bytes | None, list[tuple[str, str]]]:
    """The file with every hunk applied, or None and (header, reason) for each that does not."""
    lines = _lines(original)
    out: list[bytes] = []
    pos = 0  # next original line not yet copied
    shift = 0
    problems: list[tuple[str, str]] = []
    for h in hunks:
        if not h.old:
            # a pure insertion (a hunk without context, "-L,0"): it goes after line L, exactly
            at = h.start + 1
            if not pos <= at <= len(lines):
                problems.append((h.header, f"cannot insert after line {at}: the file has {len(lines)} lines"))
                continue
        else:
            expected = max(h.start + shift, 0)
            found = _find(lines, h.old, expected, pos)
            if found == "ambiguous":
                problems.append((h.header, f"its lines were not found at line {expected + 1} but at two places equally near; not guessing"))
                continue
            if found is None:
                if expected < pos and lines[expected : expected + len(h.old)] == h.old:
                    problems.append((h.header, "overlaps the previous hunk"))
                else:
                    where = _describe_mismatch(lines, h.old, min(expected, len(lines)))
                    problems.append((h.header, f"does not match the file: {where}"))
                continue
            at = found
        shift = at - h.start if h.old else shift
        out.extend(lines[pos:at])
        out.extend(h.new)
        pos = at + len(h.old)
    if problems:
        return None, problems
    out.extend(lines[pos:])
    return b"".join(out), []


# -- planning -------------------------------------------------------------------------------


def _refusal(pf: unidiff.PatchedFile) -> str | None:
    src, tgt = pf.source_file or "", pf.target_file or ""
    if pf.is_binary_file:
        return "binary patch; gofixer only edits Go source"
    if src == "/dev/null":
        return "creates a new file; gofixer apply only edits existing files"
    if tgt == "/dev/null":
        return "deletes the file; gofixer apply only edits existing files"
    if _strip_prefix(src) != _strip_prefix(tgt):
        return f"renames {_strip_prefix(src)} to {_strip_prefix(tgt)}; gofixer apply only edits files in place"
    info = [str(x) for x in (pf.patch_info or [])]
    old_mode = getattr(pf, "source_mode", None)
    new_mode = getattr(pf, "target_mode", None)
    if (old_mode and new_mode and old_mode != new_mode) or any(x.startswith("new mode ") for x in info):
        return "changes the file mode; gofixer apply only edits file contents"
    return None


def plan(data: bytes, cwd: Path) -> list[FilePlan]:
    """Every file of the patch with its patched bytes or its problems. Raises PatchError for a
    patch that cannot be used at all (unparsable, or a path leaving ``cwd``)."""
    cwd = cwd.resolve()
    patch, headers = parse(data)
    if not len(patch):
        if data.strip():
            raise PatchError("no file changes found: not a unified diff")
        return []
    # paths first: one bad path refuses the whole patch before anything is read
    named: list[tuple[unidiff.PatchedFile, str, Path | None]] = []
    for pf in patch:
        name = pf.target_file if pf.target_file and pf.target_file != "/dev/null" else pf.source_file
        stripped = _strip_prefix(name or "")
        src_stripped = _strip_prefix(pf.source_file or "")
        for n in {stripped, src_stripped} - {"/dev/null"}:
            safe_path(n, cwd)
        display, full = safe_path(stripped, cwd) if stripped != "/dev/null" else (src_stripped, None)
        named.append((pf, display, full))
    plans: list[FilePlan] = []
    seen: dict[str, FilePlan] = {}
    for pf, display, full in named:
        fp = FilePlan(display, full)
        plans.append(fp)
        if display in seen:
            fp.problems.append(f"{display}: appears twice in the patch; combine its hunks into one section")
            seen[display].problems.append(f"{display}: appears twice in the patch; combine its hunks into one section")
            continue
        seen[display] = fp
        reason = _refusal(pf)
        if reason is None and not display.endswith(".go"):
            reason = "not a Go file; gofixer apply only edits .go files"
        if reason is not None:
            fp.problems.append(f"{display}: {reason}")
            continue
        assert full is not None
        try:
            fp.original = full.read_bytes()
        except FileNotFoundError:
            fp.problems.append(f"{display}: no such file")
            continue
        except IsADirectoryError:
            fp.problems.append(f"{display}: is a directory")
            continue
        except OSError as e:
            fp.problems.append(f"{display}: cannot read: {e.strerror}")
            continue
        hunks = []
        for h in pf:
            old, new = _hunk_sides(h)
            # the header as written (diff_line_no is 1-based; the header is the line before)
            first = h[0].diff_line_no if len(h) else None
            header = headers.get(first - 2) if first else None
            hunks.append(_Hunk((header or str(h).split("\n", 1)[0]).strip(), h.source_start - 1, old, new))
        fp.hunks = len(hunks)
        new_bytes, problems = apply_hunks(fp.original, hunks)
        if problems:
            fp.problems.extend(f"{display}: {header}: {reason}" for header, reason in problems)
            continue
        assert new_bytes is not None
        err = _syntax_error(new_bytes) if _syntax_error(fp.original) is None else None
        if err:
            fp.problems.append(f"{display}: the patched file is not valid Go (syntax error at {err}); not applied")
            continue
        fp.new = new_bytes
    return plans


def _syntax_error(data: bytes) -> str | None:
    return engine.first_syntax_error(source.parse(data), source.SourceFile("", data))


# -- the whole command ----------------------------------------------------------------------


def run(
    data: bytes,
    cwd: Path | None = None,
    level: str = "vet",
    dry_run: bool = False,
    timeout: float = verification.DEFAULT_TIMEOUT,
    go: str | None = None,
) -> ApplyReport:
    """Plan, verify (each file is one unit: it is accepted or withheld whole) and write."""
    cwd = (cwd or Path.cwd()).resolve()
    report = ApplyReport(verify_level=level)
    report.plans = plan(data, cwd)
    ready = [p for p in report.plans if p.ok and p.new != p.original]
    if not ready:
        return report
    cands = [verification.Candidate(p.path, p.display, p.original, p.new, []) for p in ready]
    if level == "none":
        report.final = {c.display: c.fixed for c in cands}
    else:
        refix: Callable[[verification.Candidate, frozenset], bytes] = lambda c, allowed: c.original  # noqa: E731
        try:
            outcome = verification.verify(cands, level, refix, go=go, timeout=timeout, cwd=cwd)
        except verification.GoMissing:
            report.verify_skipped = (
                "`go` is not on PATH: the patch cannot be verified, so nothing was applied "
                "(install Go, or pass --verify none to apply it unverified)"
            )
            return report
        report.outcome = outcome
        by_path = {c.path: c.display for c in cands}
        report.final = {by_path[p]: b for p, b in outcome.accepted.items()}
    if dry_run:
        return report
    by_display = {p.display: p for p in ready}
    for display in sorted(report.final):
        p = by_display[display]
        try:
            atomic_write(p.path, report.final[display], p.original)
            report.written.append(display)
        except WriteError as e:
            report.write_errors.append(f"{display}: {e}")
    return report


def diff_of(report: ApplyReport) -> bytes:
    """What a dry run would write, as a unified diff (files in patch order)."""
    out = []
    for p in report.plans:
        new = report.final.get(p.display)
        if new is not None and new != p.original:
            out.append(diff_render.unified(p.display, p.original, new))
    return b"".join(out)
