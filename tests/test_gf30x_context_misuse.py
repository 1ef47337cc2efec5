"""The context-misuse rules (GF303-GF308) as a user meets them: GF303 by default outside tests,
the others (and GF303's variants) only when asked, and peer linters' suppressions of the same
defect."""

from __future__ import annotations

from gofixer import engine, registry
from gofixer.rule import Settings

SRC = """package p

import (
	"context"
	"os/exec"
)

func Run(ctx context.Context, name string) error {
	return exec.Command(name).Run()
}

func Quiet(ctx context.Context, name string) error {
	return exec.Command(name).Run() //nolint:noctx // the tool must finish even when ctx ends
}

func Fresh(ctx context.Context, f func(context.Context) error) error {
	return f(context.Background()) //nolint:contextcheck
}
"""


def _found(settings: Settings, codes: tuple[str, ...] = ("GF303", "GF306")) -> list[tuple[int, str]]:
    rules = [registry.find(c)() for c in codes]
    res = engine.process("p.go", SRC.encode(), rules, settings, fix=False)
    return sorted((l.start.line, l.finding.rule) for l in res.findings)


def test_preview_rules_report_only_when_asked() -> None:
    # GF303 with a context at hand outside tests is in the default tier; GF306 is preview
    assert _found(Settings()) == [(9, "GF303")]
    assert _found(Settings(preview=frozenset({"GF303", "GF306"}))) == [(9, "GF303")]
    # in a test file the same call is GF303's preview variant
    rules = [registry.find("GF303")()]
    res = engine.process("p_test.go", SRC.encode(), rules, Settings(), fix=False)
    assert res.findings == []
    res = engine.process("p_test.go", SRC.encode(), rules, Settings(preview=frozenset({"GF303"})), fix=False)
    assert [(l.start.line, l.finding.preview) for l in res.findings] == [(9, True)]


def test_peer_suppressions_silence_the_same_defect() -> None:
    # noctx's comment silences GF303 on its line, contextcheck's GF306: only the plain call is left
    got = _found(Settings(preview=frozenset({"GF303", "GF306"})))
    assert (13, "GF303") not in got and (17, "GF306") not in got
    unsuppressed = SRC.replace("//nolint:noctx", "//").replace("//nolint:contextcheck", "")
    rules = [registry.find(c)() for c in ("GF303", "GF306")]
    res = engine.process("p.go", unsuppressed.encode(), rules, Settings(preview=frozenset({"GF303", "GF306"})), fix=False)
    assert sorted((l.start.line, l.finding.rule) for l in res.findings) == [(9, "GF303"), (13, "GF303"), (17, "GF306")]


def test_the_rules_are_preview_and_in_the_context_family() -> None:
    assert registry.find("GF303").tier == "default"
    for code in ("GF303", "GF304", "GF305", "GF306", "GF307", "GF308"):
        rule = registry.find(code)
        assert rule.tier == ("default" if code == "GF303" else "preview"), code
        assert code in [r.code for r in registry.select(("GF3",), (), registry.all_rules(), (), True)]
