"""GF601/GF602 depend on the module's go line: timers became collectable in Go 1.23, but only for
modules whose go.mod says so. End to end through the CLI: the same source is reported in a
go 1.22 module and silent in a go 1.23 one; patch versions and toolchain lines do not confuse the
version; without a go.mod (version unknown) both rules stay silent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gofixer import discover


SOURCE = """package p

import (
	"context"
	"time"
)

func refresh() {}

func Wait(ctx context.Context, in <-chan int) error {
	tick := time.Tick(time.Second)
	for {
		select {
		case <-tick:
			refresh()
		case <-in:
		case <-time.After(time.Minute):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
"""


def _check(root: Path) -> list[tuple[str, int]]:
    out = subprocess.run(
        [sys.executable, "-m", "gofixer", "check", "--format", "json", "--verify", "none"]
        + ["--select", "GF601,GF602", "."],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert out.returncode in (0, 1), out.stderr
    doc = json.loads(out.stdout)
    return sorted((f["rule"], f["line"]) for f in doc["findings"])


def _module(root: Path, gomod: str | None) -> Path:
    (root / "p").mkdir(parents=True)
    if gomod is not None:
        (root / "go.mod").write_text(gomod)
    (root / "p" / "wait.go").write_text(SOURCE)
    return root


REPORTED = [("GF601", 11), ("GF602", 17)]


@pytest.mark.parametrize(
    ("gomod", "expected"),
    [
        ("module example.com/m\n\ngo 1.22\n", REPORTED),
        ("module example.com/m\n\ngo 1.22.5\n\ntoolchain go1.23.4\n", REPORTED),
        ("module example.com/m\n\ngo 1.21\n", REPORTED),
        ("module example.com/m\n\ngo 1.23\n", []),
        ("module example.com/m\n\ngo 1.23.0\n\ntoolchain go1.24.2\n", []),
        ("module example.com/m\n\ngo 1.24\n", []),
    ],
    ids=["go1.22", "go1.22.5+toolchain1.23", "go1.21", "go1.23", "go1.23.0+toolchain", "go1.24"],
)
def test_reported_only_below_go_1_23(tmp_path: Path, gomod: str, expected) -> None:
    assert _check(_module(tmp_path, gomod)) == expected


def test_both_sides_of_the_boundary_in_one_run(tmp_path: Path) -> None:
    old = _module(tmp_path / "old", "module example.com/old\n\ngo 1.22\n")
    _module(tmp_path / "new", "module example.com/new\n\ngo 1.23\n")
    assert _check(old) == REPORTED
    assert _check(tmp_path / "new") == []


def test_no_go_mod_means_unknown_version_and_silence(tmp_path: Path) -> None:
    assert _check(_module(tmp_path / "nomod", None)) == []


@pytest.mark.parametrize(
    ("gomod", "version"),
    [
        (b"module m\n\ngo 1.22\n", (1, 22)),
        (b"module m\n\ngo 1.22.5\n", (1, 22)),
        (b"module m\n\ngo 1.22.5\n\ntoolchain go1.23.4\n", (1, 22)),
        (b"module m\r\n\r\ngo 1.23.0\r\n\r\ntoolchain go1.24.2\r\n", (1, 23)),
        (b"module m\n\ntoolchain go1.23.4\n", None),
        (b"module m\n\ngodebug asynctimerchan=1\n", None),
        (b"// go 1.23 in a comment\nmodule m\n\ngo 1.21\n", (1, 21)),
    ],
)
def test_go_directive_parsing(gomod: bytes, version) -> None:
    assert discover.parse_go_version(gomod) == version
