"""The go command as gofixer runs it: killed when it hangs, a too-old toolchain reported
clearly, the user's GOFLAGS/GOTOOLCHAIN/GOPROXY passed through and -mod=mod never forced."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

from gofixer import runner

from .conftest import require_go

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


def _module(root: Path, go_directive: str = "1.22") -> Path:
    (root / "p").mkdir(parents=True)
    (root / "go.mod").write_text(f"module example.com/m\n\ngo {go_directive}\n")
    (root / "p" / "load.go").write_text(LEAK)
    return root


def _fake_go(bindir: Path, body: str) -> None:
    bindir.mkdir()
    script = bindir / "go"
    script.write_text(f"#!{sys.executable}\n{body}")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def test_hanging_go_is_killed_after_the_timeout(tmp_path, monkeypatch):
    mod = _module(tmp_path / "m")
    _fake_go(tmp_path / "bin", "import time\ntime.sleep(120)\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    t0 = time.monotonic()
    rep = runner.run(["."], None, runner.Options(verify="vet", go_timeout=2), cwd=mod)
    assert time.monotonic() - t0 < 60
    assert rep.outcome.broken and "timed out after 2s" in rep.outcome.broken[0][1]
    assert (mod / "p" / "load.go").read_text() == LEAK


def test_environment_is_passed_through_and_mod_mod_never_forced(tmp_path, monkeypatch):
    mod = _module(tmp_path / "m")
    record = tmp_path / "calls.jsonl"
    _fake_go(
        tmp_path / "bin",
        "import json, os, sys\n"
        f"open({str(record)!r}, 'a').write(json.dumps({{'argv': sys.argv[1:], "
        "'env': {k: os.environ.get(k) for k in ('GOFLAGS', 'GOTOOLCHAIN', 'GOPROXY')}}) + '\\n')\n"
        "print('{}')\n",
    )
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("GOFLAGS", "-tags=integration")
    monkeypatch.setenv("GOTOOLCHAIN", "local")
    monkeypatch.setenv("GOPROXY", "off")
    runner.run(["."], None, runner.Options(verify="vet"), cwd=mod)
    calls = [json.loads(l) for l in record.read_text().splitlines()]
    assert len(calls) == 2  # baseline and check
    for c in calls:
        assert c["env"] == {"GOFLAGS": "-tags=integration", "GOTOOLCHAIN": "local", "GOPROXY": "off"}
        assert not any(a.startswith("-mod") for a in c["argv"])
    # baseline and check run at the same time: either may be recorded first
    assert sorted(any(a.startswith("-overlay=") for a in c["argv"]) for c in calls) == [False, True]


def test_go_too_old_for_the_module_is_reported(tmp_path, monkeypatch):
    require_go()
    mod = _module(tmp_path / "m", go_directive="1.99")
    monkeypatch.setenv("GOTOOLCHAIN", "local")
    rep = runner.run(["."], None, runner.Options(verify="vet"), cwd=mod)
    assert rep.outcome.broken
    pkg, error = rep.outcome.broken[0]
    assert "requires go >= 1.99" in error
    assert (mod / "p" / "load.go").read_text() == LEAK
