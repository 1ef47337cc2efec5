"""Shared fixtures. Tests that need the Go toolchain fail (not skip) in CI when it is missing."""

from __future__ import annotations

import os
import shutil
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
