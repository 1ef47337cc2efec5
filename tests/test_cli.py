"""The command-line contract of cli.md: commands, exit statuses, JSON shape, end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gofixer import registry

from .conftest import EXAMPLES, require_go

LEAK = """package p

import (
	"context"
	"time"
)

func Load(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}

func use(ctx context.Context) error { return ctx.Err() }
"""


def gofixer(*args: str, cwd: Path, check: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True, text=True)


def _module(tmp_path: Path, text: str = LEAK) -> Path:
    (tmp_path / "p").mkdir(parents=True)
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "p" / "load.go").write_text(text)
    return tmp_path


def test_rules_lists_every_rule(tmp_path):
    out = gofixer("rules", cwd=tmp_path)
    assert out.returncode == 0
    for r in registry.all_rules():
        line = next(l for l in out.stdout.splitlines() if l.startswith(r.code))
        assert r.name in line and r.fix_class.value in line and r.summary in line


@pytest.mark.parametrize("token", ["GF301", "lost-cancel", "gf201"])
def test_explain(token, tmp_path):
    out = gofixer("explain", token, cwd=tmp_path)
    assert out.returncode == 0
    for section in ("What it finds", "Why it is bad", "Example", "Fixed", "Fix safety"):
        assert section in out.stdout


def test_explain_unknown_rule_is_usage_error(tmp_path):
    out = gofixer("explain", "GF999", cwd=tmp_path)
    assert out.returncode == 2 and "unknown rule" in out.stderr


@pytest.mark.parametrize(
    "args",
    [["--verify", "bogus"], ["--select", "GF9"], ["check", "--format", "xml"], ["does-not-exist/..."]],
)
def test_bad_input_exits_2_with_one_line_and_no_traceback(args, tmp_path):
    out = gofixer(*args, cwd=tmp_path)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert out.stdout == ""


def test_missing_path_message(tmp_path):
    out = gofixer("check", "nope.go", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == ["gofixer: nope.go: no such file or directory"]


def test_check_exit_status_and_json_contract(tmp_path):
    mod = _module(tmp_path)
    out = gofixer("check", "--format", "json", cwd=mod)
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    assert doc["version"] == 1
    assert doc["summary"] == {"files": 1, "findings": 1, "fixable": 1}
    f = doc["findings"][0]
    assert set(f) == {"rule", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "fix", "tier"}
    assert f["tier"] == "default"
    assert (f["rule"], f["name"], f["path"], f["line"], f["column"]) == ("GF301", "lost-cancel", "p/load.go", 9, 12)
    assert f["severity"] == "warning"
    assert f["fix"]["applicability"] == "safe"
    edits = f["fix"]["edits"]
    assert edits[0] == {"path": "p/load.go", "start": {"line": 9, "column": 7}, "end": {"line": 9, "column": 8}, "new_text": "cancel"}
    assert edits[1]["new_text"] == "\tdefer cancel()\n"
    assert edits[1]["start"] == edits[1]["end"] == {"line": 10, "column": 1}


def test_check_clean_exits_0_and_text_format(tmp_path):
    mod = _module(tmp_path, "package p\n\nfunc F() {}\n")
    out = gofixer("check", cwd=mod)
    assert (out.returncode, out.stdout) == (0, "")
    mod2 = _module(tmp_path / "two")
    out = gofixer("check", cwd=mod2)
    assert out.returncode == 1
    assert out.stdout.splitlines()[0].startswith("p/load.go:9:12: GF301 [*] ")


def test_fix_writes_and_second_run_is_clean(tmp_path):
    require_go()
    mod = _module(tmp_path)
    out = gofixer(cwd=mod)
    assert out.returncode == 0, out.stderr
    text = (mod / "p" / "load.go").read_text()
    assert "ctx, cancel := context.WithTimeout(parent, time.Second)\n\tdefer cancel()\n" in text
    again = gofixer("--dry-run", cwd=mod)
    assert (again.returncode, again.stdout) == (0, "")


def test_select_and_ignore(tmp_path):
    mod = _module(tmp_path)
    assert gofixer("check", "--select", "GF2", cwd=mod).returncode == 0
    assert gofixer("check", "--ignore", "lost-cancel", cwd=mod).returncode == 0
    assert gofixer("check", "--select", "GF3", cwd=mod).returncode == 1


def test_examples_end_to_end(tmp_path):
    """The README's promise: dry-run shows a diff (exit 1) and writes nothing; fix writes the safe
    fixes (exit 1 while findings that need --unsafe-fixes remain), --unsafe-fixes the rest; the
    result builds and vets after each step, and a second dry-run prints nothing (exit 0)."""
    go = require_go()
    work = tmp_path / "examples"
    shutil.copytree(EXAMPLES, work)
    before = {p: p.read_bytes() for p in work.rglob("*.go")}
    dry = gofixer("--dry-run", "./...", cwd=work)
    assert dry.returncode == 1, dry.stderr
    assert dry.stdout.startswith("--- a/")
    assert {p: p.read_bytes() for p in work.rglob("*.go")} == before

    safe = gofixer(cwd=work)
    assert safe.returncode == 1, safe.stdout + safe.stderr
    left = [l for l in safe.stdout.splitlines() if ": GF" in l]
    assert left and all(" [-] " in l for l in left), safe.stdout  # only unsafe-fixable ones remain
    assert {p: p.read_bytes() for p in work.rglob("*.go")} != before
    subprocess.run([go, "build", "./..."], cwd=work, check=True)
    subprocess.run([go, "vet", "./..."], cwd=work, check=True)

    unsafe = gofixer("--unsafe-fixes", cwd=work)
    assert unsafe.returncode == 0, unsafe.stdout + unsafe.stderr
    subprocess.run([go, "build", "./..."], cwd=work, check=True)
    subprocess.run([go, "vet", "./..."], cwd=work, check=True)
    for args in (["--dry-run", "./..."], ["--dry-run", "--unsafe-fixes", "./..."]):
        again = gofixer(*args, cwd=work)
        assert (again.returncode, again.stdout, again.stderr) == (0, "", ""), args
    check = gofixer("check", "--format", "json", cwd=work)
    assert (check.returncode, json.loads(check.stdout)["findings"]) == (0, [])


def test_check_verify_offers_only_fixes_that_verified(tmp_path):
    """`check --verify vet` keeps a fix in the report only when it passed; an unverifiable one is null."""
    require_go()
    mod = _module(tmp_path)
    (mod / "gen.go").write_text("//go:build ignore\n\n" + LEAK.replace("package p", "package main"))
    # (an ignore file is not walked: it is named, so it is checked)
    plain = json.loads(gofixer("check", "--format", "json", ".", "gen.go", cwd=mod).stdout)
    assert [f["fix"] is not None for f in plain["findings"]] == [True, True]
    proc = gofixer("check", "--format", "json", "--verify", "vet", ".", "gen.go", cwd=mod)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    by_path = {f["path"]: f for f in doc["findings"]}
    assert by_path["gen.go"]["fix"] is None
    assert by_path["p/load.go"]["fix"] is not None
    assert "gen.go: fixes withheld: excluded from the build" in proc.stderr
    assert (mod / "p/load.go").read_text() == LEAK  # check never writes
