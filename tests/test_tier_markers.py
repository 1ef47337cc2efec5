"""Tiers and messages of the golden cases of the context and net/http rules, with preview on.

tests/test_codemods.py runs each case as a default run sees it: preview variants are not
reported there, so a line they report has no ``// want`` marker. This test runs the same cases
with the rule's preview variants on (as ``--preview`` or naming the rule does) and checks every
finding against the markers of its line:

- ``// want "GF504"`` a default finding (any finding of a rule of the preview tier);
  ``message "regex"`` after it, what its message says;
- ``// preview "GF504: regex"`` a finding of the preview tier, whose message matches the regex.

Every finding must be marked, and every marker found: a finding that moves between the tiers
or says something else fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gofixer import discover, engine, registry
from gofixer.rule import Settings

from .conftest import TESTDATA

RULES = ("GF301", "GF302", "GF501", "GF502", "GF503", "GF504")
CASES = sorted(p for code in RULES for p in (TESTDATA / code).glob("*.go"))

WANT = re.compile(rb'//\s*want\s+"(GF\d+)"(?:\s+message\s+"([^"]*)")?')
PREVIEW = re.compile(rb'//\s*preview\s+"(GF\d+): ([^"]*)"')


def _markers(data: bytes) -> dict[int, tuple[str, bool, str | None]]:
    out = {}
    for i, line in enumerate(data.split(b"\n"), start=1):
        if m := WANT.search(line):
            out[i] = (m.group(1).decode(), False, None if m.group(2) is None else m.group(2).decode())
        elif m := PREVIEW.search(line):
            out[i] = (m.group(1).decode(), True, m.group(2).decode())
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(TESTDATA)))
def test_every_finding_has_its_tier_and_message(case: Path) -> None:
    data = case.read_bytes()
    rule = registry.find(case.relative_to(TESTDATA).parts[0])
    version = discover.module_go_version(case.parent / "go.mod")
    settings = Settings(unsafe_fixes=True, preview=frozenset({rule.code}))
    result = engine.process(str(case), data, [rule()], settings, go_version=version)
    assert result.error is None, result.error
    wanted = _markers(data)
    got = {}
    for loc in result.findings:
        assert loc.start.line not in got, f"two findings on line {loc.start.line}"
        got[loc.start.line] = loc.finding
    assert sorted(got) == sorted(wanted), {n: f.message for n, f in got.items()}
    for line, (code, preview, regex) in wanted.items():
        f = got[line]
        # every finding of a preview-tier rule is preview: ``want`` marks its findings as such
        preview = preview or rule.tier == "preview"
        assert (f.rule, f.preview) == (code, preview), f"line {line}: {f.rule} preview={f.preview}"
        if regex is not None:
            assert re.search(regex, f.message), f"line {line}: {f.message!r} does not match {regex!r}"


def test_markers_are_read() -> None:
    """The marker syntax itself: a typo in a marker must not make a case pass silently."""
    sample = b'x // want "GF504" message "a b"\ny // preview "GF301: c.*d"\nz // want "GF502"\n'
    assert _markers(sample) == {1: ("GF504", False, "a b"), 2: ("GF301", True, "c.*d"), 3: ("GF502", False, None)}
