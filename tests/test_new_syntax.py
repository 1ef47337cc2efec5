"""A file tree-sitter cannot parse whole is a real syntax error only when Go says so: newer
syntax (Go 1.26's ``new(expr)``) is a note and the rest of the file is checked; a real error is
reported like a finding, never shown as clean."""

from __future__ import annotations

from pathlib import Path

from gofixer import gofmt, outcome, runner

from .conftest import require_go

NEWER = """package p

import (
	"context"
	"time"
)

func Ptr() *int {
	p := new(42)
	return p
}

func Load(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx.Err()
}
"""

BROKEN = """package p

import "context"

func Broken( {
	ctx, _ := context.WithCancel(context.Background())
	_ = ctx
}
"""


def _check(mod: Path) -> tuple[runner.Report, outcome.CheckOutcome]:
    report = runner.run(["."], None, runner.Options(fix=False, use_cache=False, jobs=1), cwd=mod)
    return report, outcome.of_check(report, verified=False)


def _module(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.26\n")
    (tmp_path / name).write_text(text)
    return tmp_path


def test_newer_syntax_is_a_note_and_the_rest_is_checked(tmp_path: Path) -> None:
    require_go()
    report, done = _check(_module(tmp_path, "a.go", NEWER))
    assert [l.finding.rule for l in done.findings] == ["GF301"]
    assert done.errors == ["a.go: syntax newer than the parser at 9:11 (Go accepts it): the declaration containing it is not checked"]
    assert report.unanalysed == 0


def test_a_real_syntax_error_counts_even_alone(tmp_path: Path) -> None:
    require_go()
    report, done = _check(_module(tmp_path, "b.go", BROKEN))
    assert done.findings == []
    assert len(done.errors) == 1 and done.errors[0].startswith("b.go: syntax error at 5:")
    assert "expected" in done.errors[0]  # Go's own message
    assert done.status == 1


def test_without_gofmt_a_parse_error_is_not_taken_for_newer_syntax(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(gofmt, "_find_gofmt", lambda: None)
    report, done = _check(_module(tmp_path, "a.go", NEWER))
    assert done.status == 1 and "gofmt is not on PATH" in done.errors[0]
