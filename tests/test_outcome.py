"""The outcome of a run is computed below the front ends: the same report gives the same
findings, fixes and exit status whichever front end renders it."""

from __future__ import annotations

from pathlib import Path

from gofixer import outcome, runner

LEAK = """package p

import (
	"context"
	"time"
)

func Load(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx.Err()
}
"""


def _module(tmp_path: Path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "load.go").write_text(LEAK)
    return tmp_path


def test_check_outcome_reports_and_fails(tmp_path: Path) -> None:
    mod = _module(tmp_path)
    report = runner.run(["."], None, runner.Options(fix=False, use_cache=False, jobs=1), cwd=mod)
    done = outcome.of_check(report, verified=False)
    assert [l.finding.rule for l in done.findings] == ["GF301"] and done.findings[0].finding.fix is not None
    assert done.status == 1 and done.errors == [] and done.notes == []


def test_fix_outcome_of_a_dry_run_shows_the_diff_and_what_it_fixes(tmp_path: Path) -> None:
    mod = _module(tmp_path)
    opts = runner.Options(fix=True, dry_run=True, verify="none", use_cache=False, jobs=1)
    report = runner.run(["."], None, opts, cwd=mod)
    done = outcome.of_fix(report, dry_run=True)
    assert [d[0] for d in done.diffs] == ["load.go"] and b"defer cancel()" in done.diffs[0][2]
    assert (done.fixed, done.changed, done.written, done.unfixed) == (1, 1, 0, [])
    assert done.status == 1  # a diff was shown
    assert (mod / "load.go").read_text() == LEAK


def test_a_file_that_could_not_be_analysed_fails_the_run(tmp_path: Path) -> None:
    mod = _module(tmp_path)
    # a lost cancel the rules would report, in a function nested too deep to analyse
    deep = "\tif true {\n" * 450 + "\tctx, _ := context.WithTimeout(parent, time.Second)\n\t_ = ctx\n" + "\t}\n" * 450
    (mod / "load.go").write_text(LEAK + "\nfunc Deep(parent context.Context) {\n" + deep + "}\n")
    report = runner.run(["."], None, runner.Options(fix=False, use_cache=False, jobs=1), cwd=mod)
    done = outcome.of_check(report, verified=False)
    assert done.findings == [] and done.status == 1
    assert done.errors and "too deeply nested" in done.errors[0]


def test_verified_check_offers_only_fixes_that_passed(tmp_path: Path) -> None:
    mod = _module(tmp_path)
    opts = runner.Options(fix=True, dry_run=True, verify="none", use_cache=False, jobs=1)
    report = runner.run(["."], None, opts, cwd=mod)
    report.final.clear()  # as if verification had rejected every fix
    done = outcome.of_check(report, verified=True)
    assert [l.finding.fix for l in done.findings] == [None] and done.status == 1
