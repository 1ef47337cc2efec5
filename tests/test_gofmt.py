"""A gofmt-clean file stays gofmt-clean after fixing; other files keep their own layout."""

from __future__ import annotations

import shutil
import subprocess

from gofixer import runner

from .conftest import require_go

SRC = """package a

import (
	"context"
	"time"
)

func F(p context.Context) {
	var (
		c, _ = context.WithTimeout(p, time.Second)
		xx   = 1
	)
	_, _ = c, xx
}
"""


def _fix(tmp_path, data: bytes) -> bytes:
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    (tmp_path / "a.go").write_bytes(data)
    runner.run(["."], None, runner.Options(verify="none"), cwd=tmp_path)
    return (tmp_path / "a.go").read_bytes()


def test_alignment_is_redone_by_gofmt(tmp_path):
    require_go()
    out = _fix(tmp_path, SRC.encode())
    assert b"\t\tc, cancel = context.WithTimeout(p, time.Second)\n\t\txx        = 1\n" in out
    assert b"\tdefer cancel()\n" in out
    proc = subprocess.run([shutil.which("gofmt"), "-l", str(tmp_path / "a.go")], capture_output=True)
    assert proc.stdout == b""


def test_crlf_file_is_not_reformatted(tmp_path):
    require_go()
    out = _fix(tmp_path, SRC.replace("\n", "\r\n").encode())
    assert b"\t\tc, cancel = context.WithTimeout(p, time.Second)\r\n\t\txx   = 1\r\n" in out
    assert b"\n" not in out.replace(b"\r\n", b"")
