"""``--color auto|always|never`` for diffs and the progress bar for long runs: on a terminal
only, never in output a program reads."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gofixer import progress, runner

from .conftest import require_go
from .test_cli import LEAK

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def gofixer(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True, env=env)


def _module(root: Path, text: str = LEAK) -> Path:
    (root / "p").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (root / "p" / "load.go").write_text(text)
    return root


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


# -- colour ---------------------------------------------------------------------------------


def test_color_always_colours_the_diff_like_git(tmp_path):
    require_go()
    mod = _module(tmp_path)
    out = gofixer("--dry-run", "--color", "always", cwd=mod)
    assert out.returncode == 1, out.stderr
    assert b"\x1b[1m--- a/p/load.go\x1b[m\n" in out.stdout
    assert re.search(rb"\n\x1b\[36m@@ -6,\d+ \+6,\d+ @@\x1b\[m\n", out.stdout)
    assert b"\x1b[31m-\tctx, _ := context.WithTimeout(parent, time.Second)\x1b[m\n" in out.stdout
    assert b"\x1b[32m+\tdefer cancel()\x1b[m\n" in out.stdout
    plain = gofixer("--dry-run", "--color", "never", cwd=mod)
    assert ANSI.sub(b"", out.stdout) == plain.stdout
    assert not ANSI.search(out.stderr)


def test_color_auto_when_piped_is_plain(tmp_path):
    require_go()
    mod = _module(tmp_path)
    out = gofixer("--dry-run", cwd=mod)
    assert out.returncode == 1 and out.stdout.startswith(b"--- a/p/load.go\n")
    assert not ANSI.search(out.stdout)


def test_color_auto_on_a_terminal(tmp_path):
    """stdout is a pseudo-terminal: coloured; with NO_COLOR set: plain."""
    require_go()
    mod = _module(tmp_path)

    def run(env: dict) -> bytes:
        master, slave = pty.openpty()
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "gofixer", "--dry-run"], cwd=mod, stdout=slave, stderr=subprocess.DEVNULL, env=env
            )
            os.close(slave)
            chunks = []
            while True:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    break
                if not data:
                    break
                chunks.append(data)
            assert proc.wait(timeout=300) == 1
        finally:
            os.close(master)
        return b"".join(chunks)

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    assert b"\x1b[32m+" in run(env)
    assert not ANSI.search(run(dict(env, NO_COLOR="1")))


def test_use_color_rules():
    assert progress.use_color("always", io.StringIO(), {"NO_COLOR": "1"})
    assert not progress.use_color("never", Tty(), {})
    assert progress.use_color("auto", Tty(), {"TERM": "xterm"})
    assert not progress.use_color("auto", io.StringIO(), {"TERM": "xterm"})
    assert not progress.use_color("auto", Tty(), {"NO_COLOR": "1"})
    assert progress.use_color("auto", Tty(), {"NO_COLOR": ""})  # the spec: set and not empty
    assert not progress.use_color("auto", Tty(), {"TERM": "dumb"})


def test_color_diff_keeps_crlf_and_content():
    diff = b"--- a/x.go\r\n+++ b/x.go\r\n@@ -1,2 +1,2 @@ func F() {\r\n a\r\n-b\r\n+c\r\n\\ No newline at end of file\n"
    coloured = progress.color_diff(diff)
    assert ANSI.sub(b"", coloured) == diff
    assert b"\x1b[31m-b\x1b[m\r\n" in coloured
    assert b"\x1b[36m@@ -1,2 +1,2 @@\x1b[m func F() {\r\n" in coloured


def test_machine_formats_never_have_colour(tmp_path):
    mod = _module(tmp_path)
    for fmt in ("json", "sarif", "github"):
        out = gofixer("check", "--format", fmt, cwd=mod, env=dict(os.environ, FORCE_COLOR="1", CLICOLOR_FORCE="1"))
        assert out.returncode == 1 and out.stdout
        assert not ANSI.search(out.stdout + out.stderr)


def test_bad_color_value_is_a_usage_error(tmp_path):
    out = gofixer("--color", "sometimes", cwd=tmp_path)
    assert out.returncode == 2 and b"Traceback" not in out.stderr


# -- progress -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "total, fmt, tty, shown",
    [
        (201, "text", True, True),
        (200, "text", True, False),
        (5000, "text", False, False),
        (5000, "json", True, False),
        (5000, "sarif", True, False),
        (5000, "github", True, False),
    ],
)
def test_progress_decision(total, fmt, tty, shown):
    stream = Tty() if tty else io.StringIO()
    assert progress.show_progress(total, fmt, stream) is shown
    bar = progress.Progress(fmt, stream=stream)
    with bar:
        for i in range(total + 1):
            bar(i, total)
        assert bar.shown is shown
    assert ("Scanning" in stream.getvalue()) is shown
    if shown:
        assert f"{total}/{total}" in stream.getvalue()


def test_runner_reports_progress(tmp_path):
    for i in range(5):
        (tmp_path / f"f{i}.go").write_text('package p\n\nimport "context"\n\nvar _ = context.Background\n')
    calls: list[tuple[int, int]] = []
    runner.run(["."], None, runner.Options(fix=False, jobs=1), cwd=tmp_path, progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def _with_stderr_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "gofixer", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        out = proc.stdout.read()
        rc = proc.wait(timeout=300)
    finally:
        os.close(master)
    return rc, out, b"".join(chunks)


def test_progress_bar_on_a_terminal_for_long_runs_only(tmp_path):
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    for i in range(progress.PROGRESS_MIN_FILES + 1):
        (tmp_path / f"f{i:03}.go").write_text('package p\n\nimport "context"\n\nvar _ = context.Background\n')
    rc, out, err = _with_stderr_on_a_terminal(["check"], tmp_path)
    assert rc == 0 and out == b""
    assert b"Scanning" in err and b"201/201" in err
    rc, out, err = _with_stderr_on_a_terminal(["check", "--format", "json"], tmp_path)
    assert rc == 0 and out.startswith(b"{")
    assert b"Scanning" not in err
    (tmp_path / "f000.go").unlink()  # 200 files: not a long run
    rc, out, err = _with_stderr_on_a_terminal(["check"], tmp_path)
    assert rc == 0 and b"Scanning" not in err
