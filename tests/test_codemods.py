"""Golden tests for every rule, in the manner of analysistest.RunWithSuggestedFixes.

testdata/<CODE>/<case>.go marks each line that must be reported with
``// want "GFnnn: <message regex>"`` (several markers for several findings); every other line
must stay silent, and each finding's message must match its marker's regular expression
(``re.search``). A case whose findings have fixes has <case>.go.golden, the file after all
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

from .conftest import TESTDATA, require_go

WANT = re.compile(rb'//\s*want\s+((?:"[^"]*"\s*)+)')
CASES = sorted(TESTDATA.glob("GF*/**/*.go"))
# A rule's directory holds its cases; a subdirectory with its own go.mod holds cases for another
# Go version (testdata/GF401/go125/ for sync.WaitGroup.Go), since the go directive picks fixes.
MODULE_DIRS = sorted({p.parent for p in TESTDATA.glob("GF*/**/go.mod")})


PREVIEW = re.compile(rb"^// gofixer-test: preview\r?$", re.M)


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
        hit = next((f for f in left if f.rule == code and re.search(regex, f.message)), None)
        if hit is None:
            missing.append(f"no {code} finding matching {regex!r}")
        else:
            left.remove(hit)
    return missing + [f"unexpected {f.rule}: {f.message}" for f in left]


def _run(case: Path, data: bytes):
    rule = _rule_for(case)
    version = discover.module_go_version(case.parent / "go.mod")
    # a rule about suppression comments (GF001) judges them against every other rule's findings
    rules = [r() for r in registry.all_rules() if not r.opt_in] + [rule()] if rule.opt_in else [rule()]
    # a rule of the preview tier, or a default rule's preview variants, report only when asked
    # for: a preview rule's cases ask, as naming it exactly in the selection does, and so does a
    # case with the line `// gofixer-test: preview`
    asked = rule.tier == "preview" or PREVIEW.search(data) is not None
    preview = frozenset({rule.code}) if asked else frozenset()
    return engine.process(str(case), data, rules, Settings(unsafe_fixes=True, preview=preview), go_version=version)


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(TESTDATA)))
def test_findings_match_want_markers(case: Path) -> None:
    data = case.read_bytes()
    result = _run(case, data)
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


def test_every_rule_has_three_positive_and_three_negative_cases() -> None:
    for rule in registry.all_rules():
        cases = sorted((TESTDATA / rule.code).glob("*.go"))
        positive = [c for c in cases if _wants(c.read_bytes())]
        negative = [c for c in cases if not _wants(c.read_bytes())]
        assert len(positive) >= 3, f"{rule.code} has {len(positive)} positive golden cases, fewer than 3"
        assert len(negative) >= 3, f"{rule.code} has {len(negative)} negative golden cases, fewer than 3"


def test_every_rule_directory_is_a_module() -> None:
    for d in sorted(p for p in TESTDATA.glob("GF*") if p.is_dir()):
        assert (d / "go.mod").exists(), f"{d.name} needs a go.mod (its go directive picks version-dependent fixes)"


@pytest.mark.parametrize("code_dir", MODULE_DIRS, ids=lambda p: str(p.relative_to(TESTDATA)))
def test_golden_outputs_vet_clean(code_dir: Path, tmp_path: Path) -> None:
    """Each case in its final form (its golden file, or the case itself when it has no fix),
    alone in its own package, must pass `go vet` (one go run per rule)."""
    require_go()
    gomod = code_dir / "go.mod"
    assert gomod.exists(), f"{code_dir.name} needs a go.mod (its go directive picks version-dependent fixes)"
    shutil.copy(gomod, tmp_path / "go.mod")
    cases = sorted(code_dir.glob("*.go"))  # subdirectories are modules of their own
    assert cases
    for c in cases:
        golden = c.with_name(c.name + ".golden")
        d = tmp_path / c.name.removesuffix(".go")
        d.mkdir()
        (d / c.name).write_bytes(golden.read_bytes() if golden.exists() else c.read_bytes())
    proc = subprocess.run(["go", "vet", "./..."], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
