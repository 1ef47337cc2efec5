"""Keep a gofmt-clean file gofmt-clean.

Rules write gofmt-style edits, but an edit can change what gofmt aligns around it (a renamed
variable in an aligned ``var`` block, a longer key in a composite literal). For every file that
gofmt accepted before fixing, the fixed bytes go through gofmt once more, which touches only
that alignment; a file that was not gofmt-clean (CRLF endings among them) is left as the rules
wrote it. Two gofmt processes per run, whatever the number of files.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT = 120


def _find_gofmt() -> str | None:
    """gofmt on PATH, else the one beside `go` (a Go distribution ships both in GOROOT/bin)."""
    found = shutil.which("gofmt")
    if found:
        return found
    go = shutil.which("go")
    if go:
        beside = Path(go).resolve().parent / "gofmt"
        if beside.is_file():
            return str(beside)
    return None


def _unformatted(gofmt: str, files: list[Path]) -> set[Path] | None:
    try:
        proc = subprocess.run([gofmt, "-l", *map(str, files)], capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    listed = {Path(line) for line in proc.stdout.decode("utf-8", "replace").splitlines() if line}
    if proc.returncode != 0:
        # files gofmt cannot parse are reported on stderr: treat them as not clean
        for f in files:
            if str(f) in proc.stderr.decode("utf-8", "replace"):
                listed.add(f)
    return listed


def normalize(pairs: list[tuple[bytes, bytes]], gofmt: str | None = None) -> list[bytes]:
    """For each (original, fixed): gofmt's version of ``fixed`` when ``original`` was
    gofmt-clean and ``fixed`` is not; else ``fixed`` unchanged. Without gofmt, unchanged."""
    gofmt = gofmt or _find_gofmt()
    out = [fixed for _, fixed in pairs]
    if gofmt is None or not pairs:
        return out
    with tempfile.TemporaryDirectory(prefix="gofixer-gofmt-") as tmp:
        d = Path(tmp)
        origs, fixes = [], []
        for i, (original, fixed) in enumerate(pairs):
            o, f = d / f"o{i}.go", d / f"f{i}.go"
            o.write_bytes(original)
            f.write_bytes(fixed)
            origs.append(o)
            fixes.append(f)
        unclean = _unformatted(gofmt, origs + fixes)
        if unclean is None:
            return out
        todo = [i for i in range(len(pairs)) if origs[i] not in unclean and fixes[i] in unclean]
        if not todo:
            return out
        try:
            proc = subprocess.run([gofmt, "-w", *(str(fixes[i]) for i in todo)], capture_output=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired):
            return out
        if proc.returncode != 0:
            return out
        for i in todo:
            out[i] = fixes[i].read_bytes()
    return out


def syntax_errors(files: list[Path]) -> dict[Path, str | None] | None:
    """For each file, Go's own first syntax error (``line:col: message``), or None when Go
    parses it: tree-sitter-go lags the language (``new(expr)`` of Go 1.26 is an error to it), so
    a file it cannot parse is a real error only when gofmt says so too. None when gofmt cannot
    be run."""
    gofmt = _find_gofmt()
    if gofmt is None or not files:
        return None
    try:
        proc = subprocess.run([gofmt, "-l", "-e", *map(str, files)], capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    out: dict[Path, str | None] = {f: None for f in files}
    by_name = {str(f): f for f in files}
    for line in proc.stderr.decode("utf-8", "replace").splitlines():
        name, sep, rest = line.partition(".go:")
        f = by_name.get(name + ".go") if sep else None
        if f is not None and out[f] is None:
            out[f] = rest
    return out
