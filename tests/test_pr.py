"""`gofixer pr` against real git repositories: branch, one commit per rule, body, push, and the
user's checkout left exactly as it was (cli.md "The PR bot")."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from gofixer import pr, runner
from gofixer.model import Applicability

from .conftest import ROOT, TESTDATA, require_go

BRANCH = "gofixer/fixes"

GOMOD = "module example.com/m\n\ngo 1.22\n"

LEAK = """package p

import (
	"context"
	"time"
)

func Load(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}

func Save(parent context.Context) error {
	ctx, _ := context.WithDeadline(parent, time.Now().Add(time.Second))
	return use(ctx)
}

func use(ctx context.Context) error { return ctx.Err() }
"""

BROKEN = """package r

import (
	"context"
	"time"
)

func Load(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return undefinedHelper(ctx)
}
"""

CLEAN = "package p\n\nfunc F() int { return 1 }\n"


@pytest.fixture
def git_env(tmp_path, monkeypatch) -> dict[str, str]:
    """Hermetic git: no global or system configuration, so no identity is configured."""
    cfg = tmp_path / "gitconfig"
    cfg.write_text("")
    env = dict(os.environ, GIT_CONFIG_GLOBAL=str(cfg), GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0")
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
              "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        env.pop(k, None)
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return env


def git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


def gofixer(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, env=env, capture_output=True, text=True)


def gf201_source() -> str:
    return (TESTDATA / "GF201" / "ctx_done.go").read_text().replace("package p", "package q", 1)


def make_repo(tmp_path: Path, env: dict[str, str], files: dict[str, str]) -> Path:
    """A bare remote and a work repository with ``files`` committed on main, remote = origin."""
    git("init", "--quiet", "--bare", "remote.git", cwd=tmp_path, env=env)
    work = tmp_path / "work"
    work.mkdir()
    git("init", "--quiet", "-b", "main", cwd=work, env=env)
    for rel, text in files.items():
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text(text)
    git("add", "-A", cwd=work, env=env)
    git("-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "--quiet", "-m", "initial", cwd=work, env=env)
    git("remote", "add", "origin", "../remote.git", cwd=work, env=env)
    return work


def two_rules() -> dict[str, str]:
    return {
        "go.mod": GOMOD,
        "p/load.go": LEAK,
        "q/get.go": gf201_source(),
        ".gitignore": "*.log\n",
    }


def snapshot(work: Path) -> dict[str, bytes]:
    return {p.relative_to(work).as_posix(): p.read_bytes() for p in work.rglob("*") if p.is_file() and ".git" not in p.parts}


def worktrees(work: Path, env) -> list[str]:
    return [l for l in git("worktree", "list", "--porcelain", cwd=work, env=env).splitlines() if l.startswith("worktree ")]


def branch_exists(work: Path, env, name: str = BRANCH) -> bool:
    return subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{name}"], cwd=work, env=env,
                          capture_output=True).returncode == 0


def assert_untouched(work: Path, env, before: dict[str, bytes], head: str) -> None:
    assert git("symbolic-ref", "--short", "HEAD", cwd=work, env=env).strip() == "main"
    assert git("rev-parse", "HEAD", cwd=work, env=env).strip() == head
    assert git("status", "--porcelain", "--ignored", cwd=work, env=env).strip() in ("", "!! build.log")
    assert snapshot(work) == before
    assert len(worktrees(work, env)) == 1


# -- end to end ------------------------------------------------------------------------------


def test_pr_commits_per_rule_pushes_and_leaves_checkout_alone(tmp_path, git_env):
    go = require_go()
    work = make_repo(tmp_path, git_env, two_rules())
    (work / "build.log").write_text("ignored, untracked: must not count as a dirty tree\n")
    head = git("rev-parse", "HEAD", cwd=work, env=git_env).strip()
    before = snapshot(work)
    body_file = tmp_path / "body.md"

    out = gofixer("pr", "--branch", BRANCH, "--push", "origin", "--body-file", str(body_file), cwd=work, env=git_env)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout == ""  # the body went to the file
    assert f"Pushed {BRANCH} to origin." in out.stderr

    # the branch is in the bare remote: two commits on top of the base, one per rule, in code order
    remote = tmp_path / "remote.git"
    log = git("--git-dir", str(remote), "log", "--format=%H%x00%an <%ae>%x00%B%x01", f"{head}..{BRANCH}", cwd=tmp_path, env=git_env)
    commits = [c.strip("\n").split("\x00") for c in log.split("\x01") if c.strip()]
    commits.reverse()
    assert [c[2].splitlines()[0] for c in commits] == [
        "gofixer: fix GF201 leaky-result-channel (1)",
        "gofixer: fix GF301 lost-cancel (2)",
    ]
    # no identity configured: the deterministic bot identity
    assert {c[1] for c in commits} == {"gofixer <gofixer@users.noreply.github.com>"}
    gf201_body = commits[0][2].splitlines()
    assert gf201_body[1] == "" and gf201_body[2].startswith("q/get.go:15: ") and "unbuffered channel" in gf201_body[2]
    gf301_body = commits[1][2].splitlines()[2:]
    assert [l.split(": ", 1)[0] for l in gf301_body] == ["p/load.go:9", "p/load.go:14"]
    assert "context.WithTimeout" in gf301_body[0] and "context.WithDeadline" in gf301_body[1]
    assert git("--git-dir", str(remote), "rev-parse", f"{BRANCH}~2", cwd=tmp_path, env=git_env).strip() == head

    # each commit touches only its rule's file
    changed = [git("--git-dir", str(remote), "diff-tree", "--no-commit-id", "--name-only", "-r", c[0], cwd=tmp_path, env=git_env).split()
               for c in commits]
    assert changed == [["q/get.go"], ["p/load.go"]]

    # the branch's tree builds and vets, and has the fixes
    check = tmp_path / "check"
    git("clone", "--quiet", "-b", BRANCH, str(remote), str(check), cwd=tmp_path, env=git_env)
    subprocess.run([go, "build", "./..."], cwd=check, check=True)
    subprocess.run([go, "vet", "./..."], cwd=check, check=True)
    assert "ctx, cancel := context.WithTimeout(parent, time.Second)\n\tdefer cancel()\n" in (check / "p/load.go").read_text()
    assert "make(chan result, 1)" in (check / "q/get.go").read_text()
    assert gofixer("check", cwd=check, env=git_env).returncode == 0

    # the user's checkout: same branch, same commit, clean, files byte-identical, no worktree left
    assert_untouched(work, git_env, before, head)

    body = body_file.read_text()
    lines = body.splitlines()
    assert lines[0] == "gofixer: fix 3 findings (GF201, GF301)"
    assert lines[1] == ""
    assert "| Rule | Name | Fixed | Fix class |" in body
    assert "| GF201 | leaky-result-channel | 1 | safe |" in body
    assert "| GF301 | lost-cancel | 2 | safe |" in body
    verification = next(l for l in lines if l.startswith("**Verification:**"))
    assert "go vet, 6 go processes" in verification  # full run + one per rule, 2 each
    assert "`p/load.go:14`" in body
    assert "Withheld" not in body and "did not build" not in body


def test_identity_configured_is_used(tmp_path, git_env):
    require_go()
    work = make_repo(tmp_path, git_env, {"go.mod": GOMOD, "p/load.go": LEAK})
    git("config", "user.name", "Alice", cwd=work, env=git_env)
    git("config", "user.email", "alice@example.com", cwd=work, env=git_env)
    out = gofixer("pr", "--branch", BRANCH, cwd=work, env=git_env)
    assert out.returncode == 0, out.stderr
    assert git("log", "-1", "--format=%an <%ae>|%cn <%ce>", BRANCH, cwd=work, env=git_env).strip() == (
        "Alice <alice@example.com>|Alice <alice@example.com>"
    )
    # without --body-file the description goes to stdout; without --push nothing is pushed
    assert out.stdout.startswith("gofixer: fix 2 findings (GF301)\n\n")
    assert git("--git-dir", str(tmp_path / "remote.git"), "branch", "--list", cwd=tmp_path, env=git_env).strip() == ""


# -- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize("dirt", ["modified", "untracked", "staged"])
def test_dirty_tree_is_refused_and_nothing_created(tmp_path, git_env, dirt):
    work = make_repo(tmp_path, git_env, two_rules())
    head = git("rev-parse", "HEAD", cwd=work, env=git_env).strip()
    if dirt == "modified":
        (work / "p/load.go").write_text(LEAK + "\n// local edit\n")
    elif dirt == "untracked":
        (work / "notes.txt").write_text("wip\n")
    else:
        (work / "q/new.go").write_text("package q\n")
        git("add", "q/new.go", cwd=work, env=git_env)
    before = snapshot(work)
    out = gofixer("pr", "--branch", BRANCH, "--push", "origin", "--body-file", str(tmp_path / "body.md"), cwd=work, env=git_env)
    assert out.returncode == 2
    assert out.stderr.startswith("gofixer: the work tree has uncommitted changes")
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    assert not branch_exists(work, git_env)
    assert not (tmp_path / "body.md").exists()
    assert snapshot(work) == before
    assert git("rev-parse", "HEAD", cwd=work, env=git_env).strip() == head
    assert len(worktrees(work, git_env)) == 1
    assert git("--git-dir", str(tmp_path / "remote.git"), "branch", "--list", cwd=tmp_path, env=git_env).strip() == ""


def test_existing_branch_is_refused(tmp_path, git_env):
    work = make_repo(tmp_path, git_env, two_rules())
    git("branch", BRANCH, cwd=work, env=git_env)
    tip = git("rev-parse", BRANCH, cwd=work, env=git_env).strip()
    out = gofixer("pr", "--branch", BRANCH, cwd=work, env=git_env)
    assert out.returncode == 2
    assert out.stderr.strip() == (
        f"gofixer: branch '{BRANCH}' already exists; choose another --branch or delete it (git branch -D {BRANCH})"
    )
    assert git("rev-parse", BRANCH, cwd=work, env=git_env).strip() == tip
    assert len(worktrees(work, git_env)) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--branch", "bad..name"], "'bad..name' is not a valid branch name"),
        (["--branch", BRANCH, "--base", "no-such-ref"], "--base 'no-such-ref': not a commit in this repository"),
        (["--branch", BRANCH, "../outside"], "../outside: outside the repository"),
        (["--branch", BRANCH, "--select", "GF999"], "unknown rule"),
        ([], "Missing option '--branch'"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, git_env, args, message):
    work = make_repo(tmp_path, git_env, two_rules())
    (tmp_path / "outside").mkdir()
    out = gofixer("pr", *args, cwd=work, env=git_env)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr
    assert out.stdout == ""
    assert not branch_exists(work, git_env)


def test_go_missing_is_an_error_and_nothing_is_created(tmp_path, git_env):
    """Fixes that cannot be verified are not committed: exit 2 (a CI job must notice)."""
    work = make_repo(tmp_path, git_env, two_rules())
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "git").symlink_to(shutil.which("git"))
    out = gofixer("pr", "--branch", BRANCH, cwd=work, env=dict(git_env, PATH=str(bindir)))
    assert out.returncode == 2
    assert out.stderr.startswith("gofixer: `go` is not on PATH") and len(out.stderr.strip().splitlines()) == 1
    assert not branch_exists(work, git_env)
    assert len(worktrees(work, git_env)) == 1


def test_not_a_git_work_tree(tmp_path, git_env):
    (tmp_path / "go.mod").write_text(GOMOD)
    out = gofixer("pr", "--branch", BRANCH, cwd=tmp_path, env=git_env)
    assert out.returncode == 2
    assert out.stderr.strip().startswith("gofixer: not inside a git work tree")


# -- nothing to do ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["clean", "unfixable"])
def test_no_fixes_no_branch_exit_0(tmp_path, git_env, kind):
    files = {"go.mod": GOMOD, "p/clean.go": CLEAN}
    if kind == "unfixable":  # findings, but none with a fix: still no branch
        files["p/many.go"] = (TESTDATA / "GF201" / "nofix_many_sends.go").read_text()
    work = make_repo(tmp_path, git_env, files)
    head = git("rev-parse", "HEAD", cwd=work, env=git_env).strip()
    before = snapshot(work)
    if kind == "unfixable":
        assert gofixer("check", cwd=work, env=git_env).returncode == 1  # there are findings
    out = gofixer("pr", "--branch", BRANCH, "--push", "origin", "--body-file", str(tmp_path / "body.md"), cwd=work, env=git_env)
    assert out.returncode == 0, out.stderr
    assert "nothing to fix; no branch created" in out.stderr
    assert not branch_exists(work, git_env)
    assert not (tmp_path / "body.md").exists()
    assert git("--git-dir", str(tmp_path / "remote.git"), "branch", "--list", cwd=tmp_path, env=git_env).strip() == ""
    assert_untouched(work, git_env, before, head)


# -- options and partial runs ----------------------------------------------------------------


def test_subdirectory_paths_and_base(tmp_path, git_env):
    """Run from a subdirectory on a path below it, based on an older commit: only that part is
    fixed, commit messages name repository-relative paths, and the base is --base."""
    require_go()
    work = make_repo(tmp_path, git_env, two_rules())
    base = git("rev-parse", "HEAD", cwd=work, env=git_env).strip()
    (work / "README").write_text("later commit\n")
    git("add", "README", cwd=work, env=git_env)
    git("-c", "user.name=Dev", "-c", "user.email=dev@example.com", "commit", "--quiet", "-m", "later", cwd=work, env=git_env)
    head = git("rev-parse", "HEAD", cwd=work, env=git_env).strip()
    before = snapshot(work)
    out = gofixer("pr", "--branch", BRANCH, "--base", base, ".", cwd=work / "p", env=git_env)
    assert out.returncode == 0, out.stderr
    log = git("log", "--format=%s", f"{base}..{BRANCH}", cwd=work, env=git_env).splitlines()
    assert log == ["gofixer: fix GF301 lost-cancel (2)"]
    assert git("rev-parse", f"{BRANCH}~1", cwd=work, env=git_env).strip() == base
    msg = git("log", "-1", "--format=%b", BRANCH, cwd=work, env=git_env)
    assert msg.splitlines()[0].startswith("p/load.go:9: ")
    assert "`p/load.go:9`" in out.stdout
    assert_untouched(work, git_env, before, head)


def test_broken_package_is_reported_in_body(tmp_path, git_env):
    require_go()
    files = two_rules()
    files["r/broken.go"] = BROKEN
    work = make_repo(tmp_path, git_env, files)
    out = gofixer("pr", "--branch", BRANCH, "--body-file", str(tmp_path / "body.md"), cwd=work, env=git_env)
    assert out.returncode == 0, out.stderr
    body = (tmp_path / "body.md").read_text()
    assert "### Packages that did not build before fixing" in body
    broken = body.split("### Packages that did not build before fixing", 1)[1]
    assert "`r`" in broken and "undefinedHelper" in broken
    # the broken package is left alone on the branch, and its finding is listed as left over
    assert git("show", f"{BRANCH}:r/broken.go", cwd=work, env=git_env) == BROKEN
    assert "### Left for a human (1 finding)" in body and "`r/broken.go:9`" in body
    assert "| GF301 | lost-cancel | 2 | safe |" in body


def test_push_failure_keeps_complete_branch(tmp_path, git_env):
    require_go()
    work = make_repo(tmp_path, git_env, {"go.mod": GOMOD, "p/load.go": LEAK})
    out = gofixer("pr", "--branch", BRANCH, "--push", "nowhere", cwd=work, env=git_env)
    assert out.returncode == 2
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("gofixer: push to 'nowhere' failed: ") and "kept locally" in last
    assert branch_exists(work, git_env)
    assert len(worktrees(work, git_env)) == 1


# -- in process: cleanup and what is run -----------------------------------------------------


def test_interrupt_removes_worktree_and_branch(tmp_path, git_env, monkeypatch):
    work = make_repo(tmp_path, git_env, two_rules())
    before = snapshot(work)
    head = git("rev-parse", "HEAD", cwd=work, env=git_env).strip()
    seen: list[Path] = []

    def interrupted(paths, rule_types, opts, cwd=None):
        seen.append(cwd)
        assert (cwd / "p" / "load.go").read_text() == LEAK  # we are inside the new worktree
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pr.run_pr(pr.PrOptions(branch=BRANCH), cwd=work)
    assert seen and not seen[0].exists()  # the temporary worktree is gone
    assert not branch_exists(work, git_env)
    assert_untouched(work, git_env, before, head)


def test_only_git_and_the_go_toolchain_are_run_without_a_shell(tmp_path, git_env, monkeypatch):
    require_go()
    work = make_repo(tmp_path, git_env, two_rules())
    real = subprocess.Popen
    calls: list[tuple[str, bool]] = []

    class Recording(real):
        def __init__(self, args, *a, **kw):
            calls.append((os.path.basename(args[0]), kw.get("shell", False), isinstance(args, (list, tuple))))
            super().__init__(args, *a, **kw)

    monkeypatch.setattr(subprocess, "Popen", Recording)
    result = pr.run_pr(pr.PrOptions(branch=BRANCH, run=runner.Options(jobs=1)), cwd=work)
    assert [c.code for c in result.commits] == ["GF201", "GF301"]
    # gofmt (from the Go distribution) keeps gofmt-clean files gofmt-clean; nothing else runs
    assert {c[0] for c in calls} <= {"git", "go", "gofmt"} and {"git", "go"} <= {c[0] for c in calls}
    assert not any(c[1] for c in calls) and all(c[2] for c in calls)


def test_users_hooks_are_not_run_in_the_worktree(tmp_path, git_env):
    require_go()
    work = make_repo(tmp_path, git_env, {"go.mod": GOMOD, "p/load.go": LEAK})
    ran = tmp_path / "hooks-ran"
    for hook in ("post-checkout", "pre-commit", "commit-msg", "post-commit"):
        h = work / ".git" / "hooks" / hook
        h.write_text(f"#!/bin/sh\necho {hook} >> {ran}\nexit 1\n")
        h.chmod(0o755)
    out = gofixer("pr", "--branch", BRANCH, cwd=work, env=git_env)
    assert out.returncode == 0, out.stderr
    assert not ran.exists()
    assert git("log", "-1", "--format=%s", BRANCH, cwd=work, env=git_env).strip() == "gofixer: fix GF301 lost-cancel (2)"


# -- the description -------------------------------------------------------------------------


def test_body_lists_withheld_and_unsafe():
    res = pr.PrResult(branch=BRANCH, base_sha="0123456789abcdef", verify_level="build", go_runs=1)
    res.commits = [
        pr.RuleCommit("GF201", "leaky-result-channel", [pr.Place("a.go", 3, "send on `ch` | blocks")],
                      [Applicability.SAFE]),
        pr.RuleCommit("GF301", "lost-cancel", [pr.Place("b.go", 1, "m"), pr.Place("b.go", 9, "m")],
                      [Applicability.SAFE, Applicability.UNSAFE]),
    ]
    res.withheld = [pr.Withheld("c.go", 7, "GF301", "c.go:8:2: declared and not used: x"),
                    pr.Withheld("d.go", None, None, "fixes pass alone but fail together: boom")]
    text = pr.body(res)
    assert text.splitlines()[0] == "gofixer: fix 3 findings (GF201, GF301)"
    assert "| GF301 | lost-cancel | 2 | 1 safe, **1 unsafe** |" in text
    assert "**Verification:** go build, 1 go process " in text
    assert "- `c.go:7`: GF301 fix withheld: c.go:8:2: declared and not used: x" in text
    assert "- `d.go`: all fixes in the file withheld: fixes pass alone but fail together: boom" in text
    assert "classed **unsafe**" in text
    assert pr.body(pr.PrResult(branch=BRANCH, base_sha="0" * 40)) == ""
    res.verify_level = "none"
    assert "**not** verified" in pr.body(res)


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_signal_during_run_cleans_up(tmp_path, git_env, sig):
    """Ctrl-C (SIGINT) or a CI cancel (SIGTERM) while the toolchain runs: exit 130 or 143, one line, the
    worktree removed, no branch. A stand-in `go` announces itself and waits, so the signal
    arrives at a known point."""
    work = make_repo(tmp_path, git_env, two_rules())
    before = snapshot(work)
    head = git("rev-parse", "HEAD", cwd=work, env=git_env).strip()
    bindir = tmp_path / "bin"
    bindir.mkdir()
    marker = tmp_path / "go-started"
    fake = bindir / "go"
    fake.write_text(f"#!/bin/sh\necho $$ > {marker}.tmp && mv {marker}.tmp {marker}\nexec sleep 60\n")
    fake.chmod(0o755)
    env = dict(git_env, PATH=f"{bindir}{os.pathsep}{git_env.get('PATH', '')}")
    # a shell that starts the test run in the background ignores SIGINT for it, and a child
    # inherits that (Python keeps an ignored SIGINT ignored): give gofixer the default back
    proc = subprocess.Popen([sys.executable, "-m", "gofixer", "pr", "--branch", BRANCH], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the stand-in go was never started"
            time.sleep(0.02)
        assert branch_exists(work, git_env) and len(worktrees(work, git_env)) == 2  # mid-run
        proc.send_signal(getattr(signal, sig))
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        if marker.exists():
            try:
                os.kill(int(marker.read_text()), signal.SIGKILL)
            except (OSError, ValueError):
                pass
    assert proc.returncode == 128 + getattr(signal, sig)  # 130 or 143, as shells report
    assert err.strip() == "gofixer: interrupted; the temporary worktree was removed and no branch was created"
    assert not branch_exists(work, git_env)
    assert_untouched(work, git_env, before, head)


# -- the CI examples -------------------------------------------------------------------------


def _steps(doc: dict) -> list[dict]:
    return doc["runs"]["steps"] if "runs" in doc else [s for job in doc["jobs"].values() for s in job["steps"]]


def test_workflow_glue_opens_pr_with_title_and_body_file(tmp_path, git_env):
    """The example workflow's own shell steps, run for real: the bot step pushes and records
    `pushed=true`; the PR step calls `gh pr create` with the body file's first line as the title
    and the rest as --body-file (`gh` is a stand-in that records its arguments)."""
    require_go()
    wf = yaml.safe_load((ROOT / "examples" / "ci" / "gofixer-pr.yml").read_text())
    steps = {s.get("id") or s.get("name"): s for s in _steps(wf)}
    bot, open_pr = steps["bot"], steps["Open the pull request"]
    assert "gofixer pr --branch" in bot["run"] and "--push origin --body-file" in bot["run"]
    assert "gh pr create" in open_pr["run"] and "--body-file" in open_pr["run"]

    work = make_repo(tmp_path, git_env, two_rules())
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "gh").write_text('#!/bin/sh\nprintf \'%s\\n\' "$@" > "$GH_ARGS"\ncp "${10}" "$GH_BODY"\n')
    (bindir / "gh").chmod(0o755)
    out_file = tmp_path / "github_output"
    out_file.write_text("")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = dict(
        git_env,
        PATH=os.pathsep.join([str(bindir), str(Path(sys.executable).parent), git_env["PATH"]]),
        BRANCH="gofixer/fixes-42",
        BASE="main",
        RUNNER_TEMP=str(runner_temp),
        BODY=str(runner_temp / "gofixer-pr.md"),
        GITHUB_OUTPUT=str(out_file),
        GH_ARGS=str(tmp_path / "gh-args"),
        GH_BODY=str(tmp_path / "gh-body.md"),
    )
    for step in (bot, open_pr):
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=work, env=env,
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    assert "pushed=true" in out_file.read_text()
    assert git("--git-dir", str(tmp_path / "remote.git"), "branch", "--list", cwd=tmp_path, env=git_env).split() == ["gofixer/fixes-42"]
    args = (tmp_path / "gh-args").read_text().splitlines()
    assert args[:8] == ["pr", "create", "--base", "main", "--head", "gofixer/fixes-42", "--title",
                        "gofixer: fix 3 findings (GF201, GF301)"]
    assert args[8] == "--body-file"
    pr_body = (tmp_path / "gh-body.md").read_text()
    assert pr_body.startswith("Automated fixes by gofixer") and "| GF301 | lost-cancel | 2 | safe |" in pr_body


def test_action_is_composite_check_sarif_then_upload():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install gofixer")
    assert "pip install" in install["run"]
    check = next(s for s in steps if s.get("id") == "check")
    assert "gofixer check --format sarif --output" in check["run"]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"
    assert steps.index(check) < steps.index(upload)
    # inputs reach scripts only through env, never spliced into the shell text
    for s in steps:
        assert "${{" not in s.get("run", ""), s.get("name")
        if "run" in s:
            assert s["shell"] == "bash"
