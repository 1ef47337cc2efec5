"""Shared fixtures. Tests that need the Go toolchain fail (not skip) in CI when it is missing."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
EXAMPLES = ROOT / "examples"


def require_go() -> str:
    go = shutil.which("go")
    if go is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the Go toolchain is required in CI but `go` is not on PATH")
        pytest.skip("`go` is not on PATH")
    return go


@pytest.fixture
def go() -> str:
    return require_go()


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own results cache (subprocesses inherit it), never the user's."""
    monkeypatch.setenv("GOFIXER_CACHE_DIR", str(tmp_path_factory.mktemp("gofixer-cache")))


# Signals as a terminal delivers them. A test run started in the background (``pytest &``) has
# SIGINT ignored, which Python keeps and which children inherit: a test that counts on Ctrl-C
# sets up what it needs instead of relying on what it inherited.
_INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


@pytest.fixture
def sigint_raises():
    """In this process, SIGINT raises KeyboardInterrupt (Python's own handler) and is not blocked."""
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    mask = signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPTS)
    yield
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    signal.signal(signal.SIGINT, old)


def default_signals() -> None:
    """``preexec_fn`` for a child that must be interruptible: SIGINT and SIGTERM at their
    defaults and unblocked (the child's Python then installs its handlers as in a terminal)."""
    for sig in _INTERRUPTS:
        signal.signal(sig, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _INTERRUPTS)
