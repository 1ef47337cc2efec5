"""Human-readable findings, one per line, in the file:line:col form editors and go vet use."""

from __future__ import annotations

from ..model import Applicability, Located


def offers_fix(loc: Located) -> bool:
    """A fix gofixer would write: present, and not found to make things worse at run time."""
    return loc.finding.fix is not None and not (loc.proof is not None and loc.proof.result == "made-worse")


def marker(loc: Located, unsafe_enabled: bool) -> str:
    """ruff's convention: [*] fixable by default, [-] fixable with --unsafe-fixes."""
    fix = loc.finding.fix
    if fix is None or not offers_fix(loc):
        return ""
    if fix.applicability is Applicability.SAFE or unsafe_enabled:
        return "[*] "
    return "[-] "


def proof_suffix(loc: Located) -> str:
    """`` (leak proof: proven)``: the fix's run-time proof, when --verify leak gave it one."""
    if loc.proof is None:
        return ""
    if loc.proof.result == "made-worse":
        return f" (fix withheld, leak proof: made-worse: {loc.proof.detail})"
    return f" (leak proof: {loc.proof.result})"


def line(loc: Located, unsafe_enabled: bool = False) -> str:
    f = loc.finding
    return f"{loc.path}:{loc.start.line}:{loc.start.column}: {f.rule} {marker(loc, unsafe_enabled)}{f.message}{proof_suffix(loc)}"


def summary(locs: list[Located], unsafe_enabled: bool = False) -> str:
    n = len(locs)
    fixable = [l for l in locs if offers_fix(l)]
    safe = sum(1 for l in fixable if l.finding.fix.applicability is Applicability.SAFE or unsafe_enabled)
    unsafe = sum(1 for l in fixable if l.finding.fix.applicability is Applicability.UNSAFE) if not unsafe_enabled else 0
    parts = [f"Found {n} finding{'s' if n != 1 else ''}"]
    if safe:
        parts.append(f"{safe} fixable with `gofixer` ([*])")
    if unsafe:
        parts.append(f"{unsafe} more with `gofixer --unsafe-fixes` ([-])")
    return "; ".join(parts) + "."
