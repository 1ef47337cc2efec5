"""Verification against the real go toolchain, with rules registered only here.

GoodFix inserts a harmless statement; BadFix inserts a call to an undefined function. The
runner must withhold exactly the bad fixes (with the compiler's message), write the good ones,
leave a package that was broken before fixing byte-for-byte alone, and start two go processes
per module when everything passes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from gofixer import runner
from gofixer.model import Edit, Fix, FixClass
from gofixer.rule import Rule
from gofixer.verify import json_stream

from .conftest import require_go

_FUNC = re.compile(rb"func (Good|Bad)\w*\(\) \{\n")


class _Marker(Rule):
    """Fixes every function whose name starts with ``prefix``."""

    prefix: bytes = b""
    insert: bytes = b""
    fix_class = FixClass.SAFE
    summary = "test rule"

    def check(self, ctx):
        for m in _FUNC.finditer(ctx.data):
            if m.group(1) != self.prefix:
                continue
            body = m.end()
            if ctx.data[body : body + len(self.insert)] == self.insert:
                continue  # already fixed: a fixpoint
            yield self.finding_at(m.start(), m.end() - 1, Fix("insert", (Edit(body, body, self.insert),)))

    def finding_at(self, start, end, fix):
        from gofixer.model import Finding

        return Finding(self.code, self.name, start, end, f"{self.name} here", fix)


class GoodFix(_Marker):
    code = "GF901"
    name = "good-test-fix"
    prefix = b"Good"
    insert = b"\t_ = 0\n"


class BadFix(_Marker):
    code = "GF902"
    name = "bad-test-fix"
    prefix = b"Bad"
    insert = b"\tundefinedThing()\n"


RULES = [GoodFix, BadFix]


def _module(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return tmp_path


A_GO = "package a\n\nfunc GoodOne() {\n}\n\nfunc BadOne() {\n}\n\nfunc GoodTwo() {\n}\n"


def test_bad_fix_withheld_with_compiler_message_good_fixes_written(tmp_path):
    require_go()
    mod = _module(tmp_path, {"a/a.go": A_GO})
    rep = runner.run(["."], RULES, runner.Options(verify="build"), cwd=mod)
    text = (mod / "a/a.go").read_text()
    assert text.count("_ = 0") == 2
    assert "undefinedThing" not in text
    withheld = rep.outcome.withheld
    assert len(withheld) == 1 and withheld[0].fix.rule == "GF902"
    assert "undefined: undefinedThing" in withheld[0].reason
    assert withheld[0].reason.startswith("a/a.go:")


def test_package_broken_before_fixing_is_left_alone(tmp_path):
    require_go()
    broken = "package b\n\nfunc GoodB() {\n}\n\nvar x int = \"not an int\"\n"
    mod = _module(tmp_path, {"a/a.go": "package a\n\nfunc GoodA() {\n}\n", "b/b.go": broken})
    rep = runner.run(["."], RULES, runner.Options(verify="vet"), cwd=mod)
    assert (mod / "b/b.go").read_text() == broken
    assert "_ = 0" in (mod / "a/a.go").read_text()
    assert [p for p, _ in rep.outcome.broken] == ["b"]
    assert "cannot use" in rep.outcome.broken[0][1]


def test_two_go_processes_per_module_when_all_fixes_pass(tmp_path):
    require_go()
    files = {f"p{i}/f.go": f"package p{i}\n\nfunc GoodF() {{\n}}\n" for i in range(5)}
    mod = _module(tmp_path, files)
    rep = runner.run(["."], [GoodFix], runner.Options(verify="vet"), cwd=mod)
    assert rep.outcome.go_runs == 2
    assert len(rep.written) == 5


def test_dry_run_writes_nothing(tmp_path):
    require_go()
    mod = _module(tmp_path, {"a/a.go": A_GO})
    rep = runner.run(["."], RULES, runner.Options(verify="vet", dry_run=True), cwd=mod)
    assert (mod / "a/a.go").read_text() == A_GO
    assert rep.final["a/a.go"].count(b"_ = 0") == 2


def test_new_vet_diagnostic_withholds_the_fix(tmp_path):
    """A fix that compiles but makes go vet report something new is not accepted."""
    require_go()

    class VetBreaker(GoodFix):
        code = "GF903"
        name = "vet-breaker"
        insert = b'\tprintln("%d")\n\t_ = fmtSprintf\n'

    src = "package a\n\nimport \"fmt\"\n\nvar fmtSprintf = fmt.Sprintf\n\nfunc GoodV() {\n}\n"

    class Printf(GoodFix):
        code = "GF904"
        name = "printf-breaker"
        insert = b'\t_ = fmt.Sprintf("%d", "s")\n'

    mod = _module(tmp_path, {"a/a.go": src})
    rep = runner.run(["."], [Printf], runner.Options(verify="vet"), cwd=mod)
    assert (mod / "a/a.go").read_text() == src
    assert rep.outcome.withheld and "printf" in rep.outcome.withheld[0].reason


def test_without_go_nothing_is_applied_unless_verify_none(tmp_path, monkeypatch):
    mod = _module(tmp_path, {"a/a.go": A_GO})
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    rep = runner.run(["."], [GoodFix], runner.Options(verify="vet"), cwd=mod)
    assert rep.verify_skipped and "not on PATH" in rep.verify_skipped
    assert (mod / "a/a.go").read_text() == A_GO
    rep = runner.run(["."], [GoodFix], runner.Options(verify="none"), cwd=mod)
    assert (mod / "a/a.go").read_text().count("_ = 0") == 2


def test_written_file_keeps_its_mode(tmp_path):
    require_go()
    mod = _module(tmp_path, {"a/a.go": A_GO})
    os.chmod(mod / "a/a.go", 0o640)
    runner.run(["."], [GoodFix], runner.Options(verify="build"), cwd=mod)
    assert (mod / "a/a.go").stat().st_mode & 0o777 == 0o640
    assert not [p for p in (mod / "a").iterdir() if p.name.endswith(".gofixer-tmp")]


def test_vet_diagnostic_left_in_a_fixed_file_is_not_new(tmp_path):
    """A lostcancel warning that was there before, and that the safe fix does not touch, must not
    make vet's report look new: the overlay's temp file is the user's file."""
    require_go()
    from gofixer import registry

    src = """package a

import (
	"context"
	"time"
)

func Safe(p context.Context) error {
	ctx, _ := context.WithTimeout(p, time.Second)
	return ctx.Err()
}

func Unsafe(p context.Context) {
	ctx, _ := context.WithCancel(p)
	go use(ctx)
}

func use(ctx context.Context) { <-ctx.Done() }
"""
    mod = _module(tmp_path, {"a/load.go": src})
    rep = runner.run(["."], [registry.find("GF301")], runner.Options(verify="vet"), cwd=mod)
    assert rep.outcome.withheld == []
    text = (mod / "a/load.go").read_text()
    assert "ctx, cancel := context.WithTimeout(p, time.Second)\n\tdefer cancel()" in text
    assert "ctx, _ := context.WithCancel(p)" in text  # unsafe: not applied


def test_files_the_build_leaves_out_are_withheld_not_passed(tmp_path):
    """A `//go:build ignore` file or a _windows.go file on Linux is never compiled by the check,
    so a passing run proves nothing about it: it must be withheld, never written."""
    require_go()
    gen = "//go:build ignore\n\npackage main\n\nfunc GoodGen() {\n}\n\nfunc main() {}\n"
    other_os = "windows" if os.uname().sysname.lower() != "windows" else "linux"
    mod = _module(
        tmp_path,
        {
            "lib/lib.go": "package lib\n\nfunc GoodLib() {\n}\n",
            "lib/gen.go": gen,
            f"lib/sys_{other_os}.go": "package lib\n\nfunc GoodSys() {\n}\n",
            "tools/gen.go": gen,  # a directory of ignore files only: not "broken before fixing"
        },
    )
    rep = runner.run(["."], [GoodFix], runner.Options(verify="vet"), cwd=mod)
    assert "_ = 0" in (mod / "lib/lib.go").read_text()
    assert (mod / "lib/gen.go").read_text() == gen
    assert (mod / "tools/gen.go").read_text() == gen
    assert "_ = 0" not in (mod / f"lib/sys_{other_os}.go").read_text()
    assert rep.outcome.broken == []
    # an ignore file is not walked at all (no build has it); the other platform's file is
    reasons = {w.display: w.reason for w in rep.outcome.withheld}
    assert set(reasons) == {f"lib/sys_{other_os}.go"}
    assert all("excluded from the build" in r for r in reasons.values())
    # named on the command line, an ignore file is checked, and its fix withheld all the same
    rep = runner.run(["lib/gen.go", "tools/gen.go"], [GoodFix], runner.Options(verify="vet"), cwd=mod)
    assert (mod / "lib/gen.go").read_text() == gen and (mod / "tools/gen.go").read_text() == gen
    reasons = {w.display: w.reason for w in rep.outcome.withheld}
    assert set(reasons) == {"lib/gen.go", "tools/gen.go"}
    assert all("excluded from the build" in r for r in reasons.values())


def test_constrained_file_that_is_built_is_verified_and_written(tmp_path):
    require_go()
    this_os = os.uname().sysname.lower()
    mod = _module(tmp_path, {f"a/a_{this_os}.go": "//go:build !nosuchtag\n\npackage a\n\nfunc GoodA() {\n}\n"})
    rep = runner.run(["."], [GoodFix], runner.Options(verify="vet"), cwd=mod)
    assert "_ = 0" in (mod / f"a/a_{this_os}.go").read_text()
    assert rep.outcome.withheld == []
    assert rep.outcome.go_runs == 3  # go list, baseline, check


def test_goflags_reach_verification(tmp_path, monkeypatch):
    """A module that builds only with the GOFLAGS its developers use (here -modfile, which some
    modules need for their test dependencies) is verified with them, not taken for broken."""
    require_go()
    mod = _module(
        tmp_path,
        {
            "a/a.go": 'package a\n\nimport "example.com/dep"\n\nfunc GoodA() {\n\tdep.D()\n}\n',
            "dep/go.mod": "module example.com/dep\n\ngo 1.22\n",
            "dep/d.go": "package dep\n\nfunc D() {}\n",
            "alt.mod": "module example.com/m\n\ngo 1.22\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ./dep\n",
        },
    )
    monkeypatch.delenv("GOFLAGS", raising=False)
    rep = runner.run(["a"], [GoodFix], runner.Options(verify="vet", dry_run=True), cwd=mod)
    assert [p for p, _err in rep.outcome.broken] == ["a"] and rep.final == {}
    monkeypatch.setenv("GOFLAGS", "-modfile=alt.mod")
    rep = runner.run(["a"], [GoodFix], runner.Options(verify="vet", dry_run=True), cwd=mod)
    assert rep.outcome.broken == [] and b"_ = 0" in rep.final["a/a.go"]


def test_json_stream_reads_go_lists_values_one_after_another() -> None:
    out = b'{"Dir": "/a", "Name": "a"}\n{"Dir": "/b",\n "Name": "b"}\n'
    assert json_stream(out) == ([{"Dir": "/a", "Name": "a"}, {"Dir": "/b", "Name": "b"}], True)
    assert json_stream(b"  \n") == ([], True)
    # broken off: what came before is kept, and the caller is told
    assert json_stream(b'{"Dir": "/a"}\ngo: no Go files\n') == ([{"Dir": "/a"}], False)
