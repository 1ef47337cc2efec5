"""``check --format github``: GitHub Actions workflow commands, one annotation per finding.

    ::warning file=p/load.go,line=9,col=12,endLine=9,endColumn=53,title=GF301 lost-cancel::message

Escaping follows the Actions runner (and @actions/core): in the message ``%``, CR and LF
become ``%25``, ``%0D`` and ``%0A``; in property values ``:`` and ``,`` are escaped too
(``%3A``, ``%2C``), since they separate properties.

``file=`` is relative to the repository root (the runner resolves it against the checkout,
whatever directory gofixer ran in), as in the SARIF report. Columns count UTF-16 code units,
as GitHub's UI does, and are left out for a finding spanning several lines: GitHub's
annotations accept columns only when the start and end lines are the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Located
from .sarif import Columns, root_relative, source_root
from .text import proof_suffix


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: object) -> str:
    """One workflow command line (no newline); properties whose value is None are left out."""
    shown = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + shown if shown else ''}::{escape_data(message)}"


def annotation(loc: Located, rel: str, cols: Columns) -> str:
    f = loc.finding
    one_line = loc.start.line == loc.end.line
    return command(
        "warning",
        f.message + proof_suffix(loc),
        file=rel,
        line=loc.start.line,
        col=cols.utf16(loc.path, loc.start) if one_line else None,
        endLine=loc.end.line,
        endColumn=cols.utf16(loc.path, loc.end) if one_line else None,
        title=f"{f.rule} {f.name}",
    )


def document(locs: Sequence[Located], sources: dict[str, bytes], cwd: Path, errors: Sequence[str] = ()) -> str:
    cwd = cwd.resolve()
    root = source_root(cwd)
    cols = Columns(sources)
    lines = [annotation(loc, root_relative(loc.path, cwd, root), cols) for loc in locs]
    lines.extend(command("error", e, title="gofixer") for e in errors)
    return "".join(line + "\n" for line in lines)
