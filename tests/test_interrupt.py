"""Interrupting gofixer (Ctrl-C, SIGTERM) at any moment after start-up: one line, "gofixer:
interrupted", and status 130 or 143; every file old or new, never partial, no temporary file
left; the ``go`` processes it started are ended so that they remove their work directories.

Each child gets SIGINT and SIGTERM at their defaults (conftest.default_signals), whatever this
test run inherited (a background job inherits SIGINT ignored), and every signal is sent only
once gofixer's own handlers are in place, seen in /proc/PID/status: before that the interpreter
is still starting, which no program can speak for (the README gives the window).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import default_signals, require_go

SRC = b"""package p%d

import (
\t"context"
\t"time"
)

func Load(parent context.Context) error {
\tctx, _ := context.WithTimeout(parent, time.Second)
\treturn ctx.Err()
}
"""


def handlers_ready(pid: int) -> bool:
    """Has the process installed a handler for SIGTERM (gofixer's, which comes first)?"""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(int(l.split()[1], 16) for l in status.splitlines() if l.startswith("SigCgt:"))
    return bool(caught >> (signal.SIGTERM - 1) & 1)


def start(args: list[str], cwd: Path, env: dict | None = None, group: bool = False) -> subprocess.Popen:
    """gofixer, started as a terminal would (and in a process group of its own with ``group``)."""

    def setup() -> None:
        default_signals()
        if group:
            os.setpgid(0, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "gofixer", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=setup,
    )
    deadline = time.monotonic() + 30
    while not handlers_ready(proc.pid):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "gofixer never installed its signal handlers"
        time.sleep(0.001)
    return proc


def interrupted_in_one_line(proc: subprocess.Popen, sig: int, err: bytes) -> None:
    assert b"Traceback" not in err and b"Aborted" not in err, err
    lines = err.decode().splitlines()
    assert sum("interrupted" in l for l in lines) == 1 and lines[-1].startswith("gofixer: interrupted"), err
    assert proc.returncode == 128 + sig, (proc.returncode, err)


def _module(root: Path, packages: int) -> dict[Path, bytes]:
    root.mkdir()
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    originals = {}
    for i in range(packages):
        d = root / f"p{i}"
        d.mkdir()
        (d / "load.go").write_bytes(SRC % i)
        originals[d / "load.go"] = SRC % i
    return originals


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_kill_mid_run_leaves_files_whole(tmp_path: Path, sig):
    for round_, delay in enumerate((0.0, 0.3, 0.6, 1.0, 1.5, 2.2)):
        root = tmp_path / f"r{round_}"
        originals = _module(root, 400)
        proc = start(["--verify", "none", "--jobs", "1"], root)
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
        if finished or (proc.returncode == 0 and b"Fixed 400 findings in 400 files." in err):
            assert proc.returncode == 0, err  # (the signal came after the last write)
        else:
            interrupted_in_one_line(proc, sig, err)
        for path, old in originals.items():
            now = path.read_bytes()
            assert now == old or (now.startswith(old[:60]) and b"defer cancel()\n" in now and now.endswith(b"}\n"))
        assert [p for p in root.rglob("*") if p.name.endswith(".gofixer-tmp")] == []


@pytest.mark.parametrize(
    "sig, command", [(signal.SIGINT, ["--dry-run", "--verify", "none"]), (signal.SIGTERM, ["check"])], ids=["SIGINT-fix", "SIGTERM-check"]
)
def test_an_interrupt_at_any_moment_after_start_up_is_one_line_and_its_status(tmp_path, sig, command):
    """While the modules load, while click parses, while files are checked, while the report is
    written: never click's "Aborted!" (status 1, which means findings) and never a traceback."""
    root = tmp_path / "m"
    _module(root, 30)
    for delay in (0.0, 0.005, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45):
        proc = start(command, root)
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        if finished or (proc.returncode == 1 and b"interrupted" not in err):
            continue  # done before the signal came
        interrupted_in_one_line(proc, sig, err)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_to_the_whole_process_group_still_gives_one_line(tmp_path, sig):
    """A terminal sends Ctrl-C to the whole process group, worker processes included (and a
    service manager may send SIGTERM so): they leave the interrupt to the main process (no
    traceback of theirs, no broken pool), which ends them."""
    root = tmp_path / "m"
    _module(root, 300)
    for delay in (0.0, 0.1, 0.3):
        proc = start(["check", "--no-cache", "--jobs", "2"], root, group=True)
        try:
            deadline = time.monotonic() + 30
            while len(Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()) < 2:
                assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
                time.sleep(0.002)
            time.sleep(delay)
            if proc.poll() is not None:
                continue
            os.killpg(proc.pid, sig)
            _, err = proc.communicate(timeout=30)
            if proc.returncode == 1 and b"interrupted" not in err:
                continue  # done before the signal came
            interrupted_in_one_line(proc, sig, err)
            left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True).stdout.split()
            assert left == []
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # whatever a failure left behind
            except OSError:
                pass
            proc.wait()


FAKE_GO = """#!/bin/sh
# stands in for the go command: like it, it removes its work directory when interrupted (and
# unlike it, keeps it in $TMPDIR whatever GOTMPDIR says: only its own cleanup can remove it)
work="$TMPDIR/go-build-fake-$$"
trap 'rm -rf "$work"; exit 2' INT
mkdir "$work"
sleep 120 &
wait
"""


def test_an_interrupt_during_verification_lets_go_clean_up(tmp_path):
    """The go processes run in their own process group (so a timeout can end all of them); an
    interrupt must end them as Ctrl-C would, with SIGINT, so that they remove their work
    directories, rather than with SIGKILL, which leaves them in $TMPDIR."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "go").write_text(FAKE_GO)
    (fake / "go").chmod(0o755)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    root = tmp_path / "m"
    _module(root, 2)
    env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "TMPDIR": str(tmp)}
    proc = start(["--verify", "vet"], root, env)
    deadline = time.monotonic() + 60
    while not list(tmp.glob("go-build-fake-*")):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert sorted(p.name for p in tmp.iterdir()) == []
    interrupted_in_one_line(proc, signal.SIGINT, err)


def _go_build_directory_under(tmp: Path) -> bool:
    """Is go compiling yet? os.walk, unlike Path.rglob, lets a directory vanish while it looks
    (gofixer's own temporary directories come and go during the run)."""
    return any(name.startswith("go-build") for _, dirs, _ in os.walk(tmp) for name in dirs)


def test_an_interrupt_during_go_vet_leaves_no_go_build_directory(tmp_path):
    """The same with the real toolchain: go vet on a cold build cache (so that it is still
    compiling when the interrupt comes) leaves no go-build directory in $TMPDIR."""
    require_go()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    root = tmp_path / "m"
    _module(root, 2)
    env = {**os.environ, "TMPDIR": str(tmp), "GOCACHE": str(tmp_path / "gocache"), "GOFLAGS": ""}
    proc = start(["--verify", "vet"], root, env)
    deadline = time.monotonic() + 120
    while not _go_build_directory_under(tmp):
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert sorted(p.name for p in tmp.iterdir()) == []
    interrupted_in_one_line(proc, signal.SIGINT, err)


class _Woken(Exception):
    pass


def test_a_signal_that_lands_in_a_go_thread_still_reaches_the_main_thread():
    """The kernel may hand a process's signal to a thread that runs a go process rather than to
    the main thread, which waits for that thread's result: the wait must wake up for Python's
    handler (it runs in the main thread) instead of sleeping until the go process ends. The
    signal here is SIGUSR1 sent to the helper thread itself (pytest keeps SIGINT)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from gofixer import verify

    def handler(signum, frame):
        raise _Woken()

    old = signal.signal(signal.SIGUSR1, handler)
    release = threading.Event()
    started: list[int] = []
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        fut = pool.submit(lambda: (started.append(threading.get_ident()), release.wait(30)))
        while not started:
            time.sleep(0.01)
        threading.Timer(0.2, lambda: signal.pthread_kill(started[0], signal.SIGUSR1)).start()
        t0 = time.monotonic()
        with pytest.raises(_Woken):
            verify._result(fut)
        assert time.monotonic() - t0 < 5
    finally:
        release.set()
        pool.shutdown(wait=True)
        signal.signal(signal.SIGUSR1, old)
