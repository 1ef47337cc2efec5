"""``--verify leak`` and ``gofixer leaks`` end to end, on tests/data/leakmod (see its README).

The packages there cover the cases of the proof: a leak the tests trigger, with parallel
external tests (fetch) and with a TestMain (fetchmain), both ``proven``; tests that never take
the leaking path (quiet) and no tests at all (untested), ``not-reproduced``; a fix of this
file's own rule that unbuffers a correct channel (worse), ``made-worse`` and withheld; and a
leak no rule explains (orphan). A ``go`` that reports Go 1.25, or refuses the experiment, makes
the proof ``unavailable`` with vet still proving the fix.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gofixer import registry, runner
from gofixer.model import Edit, Finding, Fix, FixClass
from gofixer.rule import Rule

from .conftest import ROOT, require_go

LEAKMOD = ROOT / "tests" / "data" / "leakmod"


def gofixer(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600
    )


@pytest.fixture
def module(tmp_path: Path) -> Path:
    require_go()
    dst = tmp_path / "leakmod"
    shutil.copytree(LEAKMOD, dst)
    return dst


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _by_path(doc: dict) -> dict[str, dict]:
    return {f["path"]: f for f in doc["findings"]}


def test_check_verify_leak_proves_each_fix_and_writes_nothing(module: Path) -> None:
    before = _snapshot(module)
    out = gofixer("check", "--format", "json", "--verify", "leak", "./...", cwd=module)
    assert out.returncode == 1, out.stderr
    assert _snapshot(module) == before
    found = _by_path(json.loads(out.stdout))
    assert set(found) == {"fetch/fetch.go", "fetchmain/fetchmain.go", "quiet/quiet.go", "untested/untested.go"}
    for path, f in found.items():
        assert f["rule"] == "GF201" and f["fix"] is not None, path
        assert f["fix"]["proof"]["level"] == "leak"
        assert f["fix"]["edits"][0]["new_text"] == ", 1"
    # parallel external tests with subtests, and a TestMain in the package's own tests
    fetch = found["fetch/fetch.go"]["fix"]["proof"]
    assert fetch["result"] == "proven", fetch
    assert re.search(r"fetch\.Price\.func1 blocked on send at fetch/fetch\.go:23 \(started at fetch/fetch\.go:22\)", fetch["detail"])
    assert "no goroutine leaks in Price in 3 runs" in fetch["detail"]
    main = found["fetchmain/fetchmain.go"]["fix"]["proof"]
    assert main["result"] == "proven", main
    assert "fetchmain/fetchmain.go:11" in main["detail"]
    quiet = found["quiet/quiet.go"]["fix"]["proof"]
    assert quiet["result"] == "not-reproduced" and "no goroutine leaked in Upper blocked on send in 3 runs" in quiet["detail"], quiet
    untested = found["untested/untested.go"]["fix"]["proof"]
    assert untested["result"] == "not-reproduced" and "has no tests" in untested["detail"], untested
    assert json.loads(out.stdout)["summary"]["fixable"] == 4


class Unbuffer(Rule):
    """Turns the correct ``make(chan bool, 1)`` of package worse into an unbuffered channel:
    it vets clean and strands the late sender, which only the run time can show."""

    code = "GF990"
    name = "unbuffer-test"
    fix_class = FixClass.SAFE
    summary = "test rule"

    def check(self, ctx):
        i = ctx.data.find(b"make(chan bool, 1)")
        if i >= 0:
            comma = i + len(b"make(chan bool")
            yield Finding(self.code, self.name, i, i + 18, "unbuffer", Fix("drop the buffer", (Edit(comma, comma + 3, b""),)))


def test_fix_that_makes_a_leak_is_withheld_and_the_good_one_written(module: Path) -> None:
    worse = (module / "worse" / "worse.go").read_bytes()
    rep = runner.run(["./fetch", "./worse"], [registry.find("GF201"), Unbuffer], runner.Options(verify="leak"), cwd=module)
    assert (module / "worse" / "worse.go").read_bytes() == worse
    assert b"make(chan quote, 1)" in (module / "fetch" / "fetch.go").read_bytes()
    assert rep.written == ["fetch/fetch.go"]
    proofs = {(display, key[0]): p for (display, key), p in rep.proofs.items()}
    bad = proofs[("worse/worse.go", "GF990")]
    assert bad.result == "made-worse", bad
    assert re.search(r"worse\.Wait\.func1 blocked on send at worse/worse\.go:12", bad.detail), bad.detail
    withheld = [w for w in rep.outcome.withheld if w.fix is not None]
    assert [(w.display, w.fix.rule) for w in withheld] == [("worse/worse.go", "GF990")]
    assert withheld[0].reason.startswith("made worse at run time: ")
    assert proofs[("fetch/fetch.go", "GF201")].result == "proven"


def test_leaks_reports_blocked_goroutines_with_the_rule_that_explains_them(module: Path) -> None:
    out = gofixer("leaks", "--format", "json", "./fetch", "./orphan", "./quiet", cwd=module)
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    found = _by_path(doc)
    assert set(found) == {"fetch/fetch.go", "orphan/orphan.go"}  # quiet's tests leak nothing
    fetch = found["fetch/fetch.go"]
    assert (fetch["rule"], fetch["line"], fetch["column"]) == ("GF201", 23, 3)  # the send
    leak = fetch["leak"]
    assert leak["kind"] == "send" and leak["wait_reason"] == "chan send"
    assert leak["created_by"] == {"function": "example.com/leakmod/fetch.Price", "path": "fetch/fetch.go", "line": 22}
    assert leak["goroutines"] == 2  # one per timed-out subtest
    assert leak["static"] == {"rule": "GF201", "path": "fetch/fetch.go", "line": 21}
    assert fetch["fix"]["edits"][0]["start"]["line"] == 21 and fetch["fix"]["edits"][0]["new_text"] == ", 1"
    orphan = found["orphan/orphan.go"]
    assert orphan["rule"] == "leak" and orphan["fix"] is None and orphan["line"] == 8
    assert orphan["leak"]["kind"] == "send" and orphan["leak"]["static"] is None
    assert "no gofixer rule explains it" in orphan["message"]
    assert doc["summary"] == {"files": 6, "findings": 2, "fixable": 1}

    text = gofixer("leaks", "./quiet", cwd=module)
    assert (text.returncode, text.stdout) == (0, "")


FAKE_GO = """#!/bin/sh
# Go 1.25 as gofixer sees it: the real go for everything but the version
if [ "$1" = "env" ] && [ "$2" = "GOVERSION" ]; then
  echo go1.25.4
  exit 0
fi
exec {go} "$@"
"""


def test_toolchain_without_the_profile_falls_back_to_vet(module: Path, tmp_path: Path) -> None:
    reason = "go1.25.4 has no goroutine-leak profile (it needs Go 1.26 or later)"
    real = shutil.which("go")
    fake_dir = tmp_path / "fakego"
    fake_dir.mkdir()
    fake = fake_dir / "go"
    fake.write_text(FAKE_GO.format(go=real))
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = dict(os.environ, PATH=f"{fake_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    out = gofixer("check", "--format", "json", "--verify", "leak", "./fetch", cwd=module, env=env)
    assert out.returncode == 1, out.stderr
    f = json.loads(out.stdout)["findings"][0]
    assert f["fix"] is not None  # vet still proves it
    assert f["fix"]["proof"] == {"level": "leak", "result": "unavailable", "detail": f"{reason}; verified with vet only"}
    assert out.stderr.count("goroutine-leak proof unavailable") == 1

    leaks = gofixer("leaks", "./fetch", cwd=module, env=env)
    assert leaks.returncode == 2
    assert leaks.stderr == f"gofixer: goroutine-leak profile unavailable: {reason}\n"
