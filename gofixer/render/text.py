"""Human-readable findings, one per line, in the file:line:col form editors and go vet use."""

from __future__ import annotations

from ..model import Applicability, Located


def marker(loc: Located, unsafe_enabled: bool) -> str:
    """ruff's convention: [*] fixable by default, [-] fixable with --unsafe-fixes."""
    fix = loc.finding.fix
    if fix is None:
        return ""
    if fix.applicability is Applicability.SAFE or unsafe_enabled:
        return "[*] "
    return "[-] "


def line(loc: Located, unsafe_enabled: bool = False) -> str:
    f = loc.finding
    return f"{loc.path}:{loc.start.line}:{loc.start.column}: {f.rule} {marker(loc, unsafe_enabled)}{f.message}"


def summary(locs: list[Located], unsafe_enabled: bool = False) -> str:
    n = len(locs)
    safe = sum(1 for l in locs if l.finding.fix and (l.finding.fix.applicability is Applicability.SAFE or unsafe_enabled))
    unsafe = sum(1 for l in locs if l.finding.fix and l.finding.fix.applicability is Applicability.UNSAFE) if not unsafe_enabled else 0
    parts = [f"Found {n} finding{'s' if n != 1 else ''}"]
    if safe:
        parts.append(f"{safe} fixable with `gofixer` ([*])")
    if unsafe:
        parts.append(f"{unsafe} more with `gofixer --unsafe-fixes` ([-])")
    return "; ".join(parts) + "."
