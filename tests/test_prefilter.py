"""The byte-level prefilters (``Rule.needs``, asked through ``Rule.wants``) only save work.

A file a rule's prefilter turns away is never parsed for that rule, so a prefilter that says
no to a file the rule would report loses findings silently. Every rule is run here over every
Go file the tests and the example hold, once as the engine runs it and once with both prefilters
forced to yes: the findings and the fixed bytes must be the same. (Over real code the same
comparison is `benchmarks/same_findings.py`.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixer import discover, engine, registry
from gofixer.analysis import siblings
from gofixer.rule import Rule, Settings

from .conftest import TESTDATA

ROOT = TESTDATA.parent
FILES = sorted(
    p
    for p in [*TESTDATA.glob("**/*.go"), *(ROOT / "examples").glob("**/*.go"), *(ROOT / "tests").glob("**/*.go")]
    if p.is_file()
)


def _outcome(path: Path, rule: Rule) -> tuple:
    data = path.read_bytes()
    root = path.parent
    while root != root.parent and not (root / "go.mod").exists():
        root = root.parent
    version = discover.module_go_version(root / "go.mod") if (root / "go.mod").exists() else None
    siblings.clear()
    # preview variants too: a prefilter must not hide them either
    settings = Settings(unsafe_fixes=True, preview=frozenset({rule.code}))
    r = engine.process(str(path), data, [rule], settings, go_version=version, abspath=str(path))
    return [(l.finding.rule, l.start.line, l.start.column, l.finding.message) for l in r.findings], r.fixed, r.error


def _always(rule_type: type[Rule]) -> Rule:
    """The rule as it is, except that its prefilters always say yes."""
    return type(f"Always{rule_type.code}", (rule_type,), {"__module__": rule_type.__module__, "wants": lambda self, data, view: True})()


def test_the_corpus_is_not_empty() -> None:
    assert len(FILES) > 200


@pytest.mark.parametrize("code", [r.code for r in registry.all_rules()])
def test_prefilter_never_hides_a_finding(code: str) -> None:
    rule_type = registry.find(code)
    rule = rule_type()
    differ = []
    turned_away = 0
    for path in FILES:
        got = _outcome(path, rule)
        want = _outcome(path, _always(rule_type))
        if got != want:
            differ.append(str(path.relative_to(ROOT)))
        data = path.read_bytes()
        if not engine.applicable([rule], data, siblings.PackageView(str(path), data)):
            turned_away += 1
    assert not differ, f"{code}'s prefilter changes the outcome of {differ}"
    # the comparison means something only if the prefilter turned some files away
    assert turned_away > 0, f"{code}'s prefilter turned no file away"
