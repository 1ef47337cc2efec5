"""A real editor end to end: headless Neovim runs tests/nvim/quickfix.lua against ``gofixer lsp``.

The script starts the client, waits for the GF301 diagnostic, asks for code actions at it,
applies the quick fix's WorkspaceEdit, writes the buffer and quits (nonzero on any failure);
here we check the file on disk. Neovim must be installed in CI (``.ci/run`` installs Debian's
``neovim``); elsewhere the test is skipped when ``nvim`` is missing. ``GOFIXER_TEST_NVIM`` picks
another binary (e.g. a newer Neovim, which negotiates UTF-8 positions instead of UTF-16).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_lsp import FIXED, LEAK

SCRIPT = Path(__file__).resolve().parent / "nvim" / "quickfix.lua"
MIN_VERSION = (0, 7)  # the script uses vim.lsp.start_client before 0.8 and vim.lsp.start after


def require_nvim() -> str:
    nvim = os.environ.get("GOFIXER_TEST_NVIM") or shutil.which("nvim")
    if nvim is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Neovim is required in CI but `nvim` is not on PATH (.ci/run installs it)")
        pytest.skip("`nvim` is not on PATH")
    out = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=60)
    m = re.search(r"NVIM v(\d+)\.(\d+)", out.stdout)
    assert m, f"cannot tell the Neovim version from: {out.stdout[:200]!r}"
    version = (int(m.group(1)), int(m.group(2)))
    if version < MIN_VERSION:
        pytest.fail(f"Neovim {version[0]}.{version[1]} is too old for the LSP client (need >= 0.7)")
    return nvim


def run_script(nvim: str, file: Path, timeout_ms: int = 60000) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["GOFIXER_LSP_CMD"] = json.dumps([sys.executable, "-m", "gofixer", "lsp"])
    env["GOFIXER_NVIM_TIMEOUT"] = str(timeout_ms)
    env.pop("VIMINIT", None)
    return subprocess.run(
        [nvim, "--headless", "--clean", "-u", "NONE", "-c", f"luafile {SCRIPT}", str(file)],
        cwd=file.parent,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout_ms / 1000 + 60,
    )


def _module(tmp_path: Path, text: str) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "p").mkdir()
    path = tmp_path / "p" / "load.go"
    path.write_text(text, encoding="utf-8")
    return path


def test_neovim_applies_the_quick_fix_and_writes_the_file(tmp_path):
    nvim = require_nvim()
    path = _module(tmp_path, LEAK)  # the defect's line starts with é and 😀: columns differ per encoding
    out = run_script(nvim, path)
    assert out.returncode == 0, out.stderr
    assert "diagnostic GF301 at 9:30" in out.stderr  # Neovim's own (byte) column of the finding
    assert path.read_text(encoding="utf-8") == FIXED


def test_neovim_script_fails_when_there_is_nothing_to_fix(tmp_path):
    """The script's failure path works, so a green run above means something."""
    nvim = require_nvim()
    path = _module(tmp_path, FIXED)
    out = run_script(nvim, path, timeout_ms=15000)
    assert out.returncode == 3
    assert "timed out waiting for a gofixer diagnostic" in out.stderr
    assert path.read_text(encoding="utf-8") == FIXED
