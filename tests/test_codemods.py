"""Golden tests for every rule, in the manner of analysistest.RunWithSuggestedFixes.

testdata/<CODE>/<case>.go marks each line that must be reported with
``// want "GFnnn: <message regex>"`` (several markers for several findings); every other line
must stay silent, and each finding's message must match its marker's regular expression
(``re.search``). A finding of a preview variant is marked ``// want "GFnnn (preview): <message
regex>"``: every case is also run with the rule's preview variants on, where every finding must
be marked with its tier. The golden run has them off, unless the case has a line
``// gofixer-test: preview`` (or the rule is of the preview tier, run as when it is named). A case whose findings have fixes has <case>.go.golden, the file after all
fixes (unsafe ones included), which must itself be a fixpoint; a case without a fix has none.
Every case builds and vets clean in its final form.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gofixer import discover, engine, registry
from gofixer.rule import Settings
from gofixer.source import parse

from .conftest import TESTDATA, require_go

WANT = re.compile(rb'//\s*want\s+((?:"[^"]*"\s*)+)')
CASES = sorted(TESTDATA.glob("GF*/**/*.go"))
# A rule's directory holds its cases; a subdirectory with its own go.mod holds cases for another
# Go version (testdata/GF401/go125/ for sync.WaitGroup.Go), since the go directive picks fixes.
# testdata/go.mod is every rule directory's module unless the directory has its own (a
# subdirectory for another Go version: its go directive picks version-dependent fixes).
DEFAULT_GOMOD = TESTDATA / "go.mod"
MODULE_DIRS = sorted({p for p in TESTDATA.glob("GF*") if p.is_dir()} | {p.parent for p in TESTDATA.glob("GF*/**/go.mod")})


def _gomod(directory: Path) -> Path:
    own = directory / "go.mod"
    return own if own.exists() else DEFAULT_GOMOD


def _rule_for(case: Path):
    return registry.find(case.relative_to(TESTDATA).parts[0])


def _wants(data: bytes) -> dict[int, list[tuple[str, str]]]:
    """Line -> the (code, message regex) of each marker on it."""
    out: dict[int, list[tuple[str, str]]] = {}
    for i, line in enumerate(data.split(b"\n"), start=1):
        m = WANT.search(line)
        if m:
            marks = []
            for x in re.findall(rb'"([^"]*)"', m.group(1)):
                code, sep, regex = x.decode().partition(": ")
                assert sep and regex, f'line {i}: a marker is "GFnnn: <message regex>", not {x.decode()!r}'
                marks.append((code, regex))
            out[i] = sorted(marks)
    return out


def _unmatched(findings: list, marks: list[tuple[str, str]]) -> list[str]:
    """What of one line's findings and markers do not pair up (each marker with one finding of
    its code whose message its regex matches)."""
    left = list(findings)
    missing = []
    for code, regex in marks:
        hit = next((f for f in left if _reported(f) == code and re.search(regex, f.message)), None)
        if hit is None:
            missing.append(f"no {code} finding matching {regex!r}")
        else:
            left.remove(hit)
    return missing + [f"unexpected {_reported(f)}: {f.message}" for f in left]


PREVIEW = re.compile(rb"^// gofixer-test: preview\r?$", re.M)


def _run(case: Path, data: bytes, with_preview: bool = False):
    rule = _rule_for(case)
    version = discover.module_go_version(_gomod(case.parent))
    # a rule about suppression comments (GF001) judges them against every other rule's findings
    rules = [r() for r in registry.all_rules() if not r.opt_in] + [rule()] if rule.opt_in else [rule()]
    # a case's preview line, or a rule of the preview tier (run as when it is named), turns the
    # rule's preview variants on
    on = with_preview or rule.tier == "preview" or PREVIEW.search(data) is not None
    preview = frozenset({rule.code}) if on else frozenset()
    return engine.process(str(case), data, rules, Settings(unsafe_fixes=True, preview=preview), go_version=version)


def _reported(f) -> str:
    """How a marker names a finding: its rule, and ``(preview)`` for a preview variant."""
    return f.rule + (" (preview)" if f.preview else "")


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(TESTDATA)))
def test_findings_match_want_markers(case: Path) -> None:
    data = case.read_bytes()
    result = _run(case, data)
    assert result.error is None, result.error
    got: dict[int, list] = {}
    for loc in result.findings:
        got.setdefault(loc.start.line, []).append(loc.finding)
    wants = _wants(data)
    if not any(f.preview for fs in got.values() for f in fs):
        # a run without the rule's preview variants: their markers only document them
        wants = {line: k for line, ks in wants.items() if (k := [m for m in ks if not m[0].endswith("(preview)")])}
    problems = {line: p for line in sorted(set(got) | set(wants)) if (p := _unmatched(got.get(line, []), wants.get(line, [])))}
    assert problems == {}


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(TESTDATA)))
def test_with_preview_every_finding_has_its_tier(case: Path) -> None:
    """With the rule's preview variants on (``--preview``, or the rule named), every finding is
    marked with its tier: a finding that moves between the tiers, or says something else, fails."""
    data = case.read_bytes()
    result = _run(case, data, with_preview=True)
    assert result.error is None, result.error
    got: dict[int, list] = {}
    for loc in result.findings:
        got.setdefault(loc.start.line, []).append(loc.finding)
    wants = _wants(data)
    problems = {line: p for line in sorted(set(got) | set(wants)) if (p := _unmatched(got.get(line, []), wants.get(line, [])))}
    assert problems == {}


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(TESTDATA)))
def test_fix_matches_golden_and_is_a_fixpoint(case: Path) -> None:
    golden_path = case.with_name(case.name + ".golden")
    data = case.read_bytes()
    result = _run(case, data)
    if result.fixed == data:
        assert not golden_path.exists(), f"{golden_path.name}: the case has no fix, so no golden file"
        return
    assert golden_path.exists(), f"missing {golden_path.name}: the case has fixes"
    golden = golden_path.read_bytes()
    assert result.fixed == golden
    again = _run(case, golden)
    assert again.fixed == golden, "a second run changed the golden output"


def _case_counts(data: bytes) -> tuple[int, int]:
    """(positive, negative) cases of a file: its top-level declarations with a marker, and its
    functions and methods without one (a case is a declaration; one file may hold several)."""
    wants = _wants(data)
    positive = negative = 0
    for d in parse(data).root_node.named_children:
        marked = any(line in wants for line in range(d.start_point.row + 1, d.end_point.row + 2))
        if marked:
            positive += 1
        elif d.type in ("function_declaration", "method_declaration"):
            negative += 1
    return positive, negative


def test_every_rule_has_three_positive_and_three_negative_cases() -> None:
    for rule in registry.all_rules():
        counts = [_case_counts(c.read_bytes()) for c in sorted((TESTDATA / rule.code).rglob("*.go"))]
        positive, negative = sum(p for p, _n in counts), sum(n for _p, n in counts)
        assert positive >= 3, f"{rule.code} has {positive} positive cases, fewer than 3"
        assert negative >= 3, f"{rule.code} has {negative} negative cases, fewer than 3"


@pytest.mark.parametrize("code_dir", MODULE_DIRS, ids=lambda p: str(p.relative_to(TESTDATA)))
def test_golden_outputs_vet_clean(code_dir: Path, tmp_path: Path) -> None:
    """Each case in its final form (its golden file, or the case itself when it has no fix),
    alone in its own package, must pass `go vet` (one go run per rule)."""
    require_go()
    shutil.copy(_gomod(code_dir), tmp_path / "go.mod")
    cases = sorted(code_dir.glob("*.go"))  # subdirectories are modules of their own
    assert cases
    for c in cases:
        golden = c.with_name(c.name + ".golden")
        d = tmp_path / c.name.removesuffix(".go")
        d.mkdir()
        (d / c.name).write_bytes(golden.read_bytes() if golden.exists() else c.read_bytes())
    proc = subprocess.run(["go", "vet", "./..."], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
