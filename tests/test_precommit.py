"""The pre-commit hooks of .pre-commit-hooks.yaml, run by the real pre-commit framework.

A snapshot of this checkout (its working tree, so uncommitted work is what gets tested) is
committed to a scratch git repository, and a scratch Go project uses it as a hook repository
at that commit: pre-commit reads our .pre-commit-hooks.yaml from there and pip-installs
gofixer into a hook environment (`language: python`), once for both hooks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, require_go
from .test_cli import LEAK

IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", ".hypothesis", "node_modules"
)


def _git(*args: str, cwd: Path) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        GIT_CONFIG_GLOBAL=os.devnull,
    )
    out = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), GIT_CONFIG_GLOBAL=os.devnull, NO_COLOR="1")
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_hook_definitions():
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"gofixer", "gofixer-fix"}
    assert hooks["gofixer"]["entry"] == "gofixer check"
    assert hooks["gofixer-fix"]["entry"] == "gofixer fix"
    for h in hooks.values():
        assert h["language"] == "python" and h["types"] == ["go"] and h["pass_filenames"] is True


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    snap = tmp_path_factory.mktemp("hook-repo") / "gofixer"
    shutil.copytree(ROOT, snap, ignore=IGNORE)
    _git("init", "-q", "-b", "main", cwd=snap)
    _git("add", "-A", cwd=snap)
    _git("commit", "-q", "-m", "snapshot", cwd=snap)
    return snap, _git("rev-parse", "HEAD", cwd=snap)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _project(root: Path, hook_repo: tuple[Path, str]) -> Path:
    repo, rev = hook_repo
    (root / "p").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (root / "p" / "load.go").write_text(LEAK)
    (root / "vendor" / "x").mkdir(parents=True)
    (root / "vendor" / "x" / "x.go").write_text(LEAK.replace("package p", "package x"))
    config = {"repos": [{"repo": str(repo), "rev": rev, "hooks": [{"id": "gofixer"}, {"id": "gofixer-fix"}]}]}
    (root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    _git("init", "-q", "-b", "main", cwd=root)
    _git("add", "-A", cwd=root)
    _git("commit", "-q", "-m", "project", cwd=root)
    return root


def test_check_hook_fails_on_a_defect_and_fix_hook_rewrites_it(tmp_path, hook_repo, pre_commit_home):
    require_go()
    proj = _project(tmp_path / "proj", hook_repo)
    before = (proj / "p" / "load.go").read_bytes()

    check = _pre_commit("run", "gofixer", "--all-files", cwd=proj, home=pre_commit_home)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "gofixer check" in check.stdout and "Failed" in check.stdout
    assert "p/load.go:9:12: GF301" in check.stdout
    assert "vendor/" not in check.stdout  # the hook's default exclude
    assert (proj / "p" / "load.go").read_bytes() == before

    fix = _pre_commit("run", "gofixer-fix", "--all-files", cwd=proj, home=pre_commit_home)
    # pre-commit fails a hook that modified files, so the user can review and stage them
    assert fix.returncode == 1, fix.stdout + fix.stderr
    assert "files were modified by this hook" in fix.stdout
    fixed = (proj / "p" / "load.go").read_text()
    assert "ctx, cancel := context.WithTimeout(parent, time.Second)\n\tdefer cancel()\n" in fixed
    assert (proj / "vendor" / "x" / "x.go").read_text() == LEAK.replace("package p", "package x")

    again = _pre_commit("run", "gofixer", "--all-files", cwd=proj, home=pre_commit_home)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Passed" in again.stdout
    # both hooks shared one environment: one install of gofixer
    envs = [p for p in pre_commit_home.glob("repo*/py_env-*")]
    assert len(envs) == 1, envs
