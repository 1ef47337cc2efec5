"""The PR bot: verified fixes committed on a new branch, one commit per rule, plus a PR body.

Everything happens in a temporary ``git worktree`` of the new branch, so the user's work tree,
index and checked-out branch are never touched; the worktree is removed at the end, also on
errors and Ctrl-C (and SIGTERM, which CI runners send on cancel). Only ``git`` and ``go`` are
run, always with argument lists.

Steps: refuse a dirty tree or an existing branch; ``git worktree add --no-track -b NAME <tmp>
<base>``; one full verified run (dry run) to learn which rules have accepted fixes and what was
withheld; then for each such rule, sorted by code, a verified run with only that rule selected
on the worktree as it is now, written, ``git add``-ed and committed as ``gofixer: fix GF301
lost-cancel (3)`` with the places in the message body. No commit at all: the branch is deleted.

Paths in commit messages and in the PR body are relative to the repository root (they are read
on the forge, not in the user's shell).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import registry, runner
from .discover import PathError
from .model import Applicability, FileResult, Proof

BOT_NAME = "gofixer"
BOT_EMAIL = "gofixer@users.noreply.github.com"
MAX_LISTED = 50  # places listed per section of the PR body before "... and N more"
# the user's hooks (post-checkout, pre-commit, commit-msg...) are not run in the throwaway worktree
NO_HOOKS = ("-c", f"core.hooksPath={os.devnull}")


class PrError(Exception):
    """The bot cannot go on; one line for the user (exit status 2)."""


@dataclass
class PrOptions:
    branch: str
    base: str | None = None
    push: str | None = None
    paths: tuple[str, ...] = ()
    run: runner.Options = field(default_factory=runner.Options)


@dataclass
class Place:
    path: str  # relative to the repository root
    line: int
    message: str
    proof: Proof | None = None  # --verify leak: the fix's run-time proof


@dataclass
class RuleCommit:
    code: str
    name: str
    places: list[Place]
    applicability: list[Applicability]
    sha: str = ""

    @property
    def count(self) -> int:
        return len(self.places)

    @property
    def subject(self) -> str:
        return f"gofixer: fix {self.code} {self.name} ({self.count})"

    def message(self) -> str:
        lines = [self.subject, ""]
        lines += [f"{p.path}:{p.line}: {p.message}{_proof_suffix(p)}" for p in self.places]
        return "\n".join(lines) + "\n"


def _proof_suffix(p: Place) -> str:
    return f" (leak proof: {p.proof.result})" if p.proof is not None else ""


@dataclass
class Withheld:
    path: str
    line: int | None
    rule: str | None
    reason: str


@dataclass
class PrResult:
    branch: str
    base_sha: str
    commits: list[RuleCommit] = field(default_factory=list)
    verify_level: str = "vet"
    go_runs: int = 0
    withheld: list[Withheld] = field(default_factory=list)
    broken: list[tuple[str, str]] = field(default_factory=list)  # (package dir, first error)
    remaining: list[Place] = field(default_factory=list)  # findings left after the last commit
    remaining_rules: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # files that could not be processed
    pushed: str | None = None
    body: str = ""

    @property
    def created(self) -> bool:
        return bool(self.commits)


# -- git ---------------------------------------------------------------------------------------


class Git:
    """``git`` with argument lists; a failure becomes PrError with git's own first line."""

    def __init__(self, cwd: Path, git: str | None = None):
        self.cwd = cwd
        self.exe = git or shutil.which("git")
        if self.exe is None:
            raise PrError("`git` is not on PATH")

    def run(self, *args: str, cwd: Path | None = None, check: bool = True, pre: Sequence[str] = ()) -> subprocess.CompletedProcess:
        argv = [self.exe, *pre, *args]
        try:
            proc = subprocess.run(argv, cwd=cwd or self.cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        except OSError as e:
            raise PrError(f"cannot run git: {e.strerror}") from None
        if check and proc.returncode != 0:
            raise PrError(f"git {args[0]} failed: {_first_line(proc.stderr or proc.stdout)}")
        return proc

    def out(self, *args: str, cwd: Path | None = None) -> str:
        return self.run(*args, cwd=cwd).stdout.strip()


def _first_line(text: str) -> str:
    for ln in text.splitlines():
        ln = ln.strip()
        if ln and not ln.lower().startswith("hint:"):
            return ln.removeprefix("fatal: ").removeprefix("error: ")
    return "no message"


# -- the bot -----------------------------------------------------------------------------------


def run_pr(opts: PrOptions, cwd: Path | None = None, git: str | None = None) -> PrResult:
    """Create the branch with its commits (or nothing, when there is nothing to fix).

    Raises PrError for every refusal or failure; the branch is then deleted again, unless it was
    complete and only the push failed (the message says so).
    """
    cwd = (cwd or Path.cwd()).resolve()
    g = Git(cwd, git)
    inside = g.run("rev-parse", "--is-inside-work-tree", check=False)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise PrError("not inside a git work tree (gofixer pr commits on a new branch of this repository)")
    top = Path(g.out("rev-parse", "--show-toplevel")).resolve()
    rel_cwd = cwd.relative_to(top) if cwd.is_relative_to(top) else Path(".")

    if g.run("check-ref-format", "--branch", opts.branch, check=False).returncode != 0:
        raise PrError(f"{opts.branch!r} is not a valid branch name")
    if g.run("rev-parse", "--verify", "--quiet", f"refs/heads/{opts.branch}", check=False).returncode == 0:
        raise PrError(f"branch {opts.branch!r} already exists; choose another --branch or delete it (git branch -D {opts.branch})")
    base = opts.base or "HEAD"
    resolved = g.run("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", check=False)
    if resolved.returncode != 0:
        raise PrError(f"--base {base!r}: not a commit in this repository" if opts.base else "the repository has no commit yet")
    base_sha = resolved.stdout.strip()
    dirty = g.out("status", "--porcelain")
    if dirty:
        n = len(dirty.splitlines())
        raise PrError(
            f"the work tree has uncommitted changes ({n} path{'s' if n != 1 else ''}, e.g. {dirty.splitlines()[0][3:]}); "
            "commit or stash them first"
        )
    paths = _map_paths(opts.paths, cwd, top)
    identity = _identity(g)

    result = PrResult(branch=opts.branch, base_sha=base_sha)
    tmp = Path(tempfile.mkdtemp(prefix="gofixer-pr-"))
    wt = tmp / "worktree"
    added = False
    complete = False
    try:
        with _sigterm_as_interrupt():
            added = True  # from here on the branch may exist: clean up even if `add` is interrupted
            g.run("worktree", "add", "--quiet", "--no-track", "-b", opts.branch, str(wt), base_sha, pre=NO_HOOKS)
            wt = wt.resolve()
            run_cwd = wt / rel_cwd
            if not run_cwd.is_dir():
                raise PrError(f"{rel_cwd.as_posix()}: no such directory at {base}")
            _fix_and_commit(g, opts, paths, wt, run_cwd, identity, result)
            complete = True
    finally:
        _cleanup(g, wt if added else None, tmp, opts.branch if added and not (complete and result.created) else None)
    result.body = body(result)
    return result


def push(opts: PrOptions, result: PrResult, cwd: Path | None = None, git: str | None = None) -> None:
    """``git push REMOTE NAME``; on failure the branch stays (complete) for a manual push."""
    g = Git((cwd or Path.cwd()).resolve(), git)
    proc = g.run("push", "--quiet", opts.push, f"refs/heads/{opts.branch}:refs/heads/{opts.branch}", check=False)
    if proc.returncode != 0:
        raise PrError(
            f"push to {opts.push!r} failed: {_first_line(proc.stderr or proc.stdout)} "
            f"(the branch {opts.branch!r} is kept locally)"
        )
    result.pushed = opts.push


def _map_paths(paths: Sequence[str], cwd: Path, top: Path) -> list[str]:
    """Command-line paths, checked to lie inside the repository; relative ones are kept as they
    are (the run's cwd in the worktree mirrors the user's cwd), absolute ones made relative."""
    out = []
    for arg in paths:
        spec = arg[: -len("...")] if arg == "..." or arg.endswith("/...") else arg
        p = Path(os.path.normpath(cwd / (spec or ".")))
        if not p.is_relative_to(top):
            raise PathError(f"{arg}: outside the repository ({top})")
        if Path(arg).is_absolute():
            rel = os.path.relpath(p, cwd)
            arg = rel + ("/..." if arg != spec else "")
        out.append(arg)
    return out


def _identity(g: Git) -> list[str]:
    """``-c`` options giving commits a deterministic author when the user has none configured."""
    email = g.run("config", "user.email", check=False).stdout.strip()
    if not email:
        return ["-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}"]
    if not g.run("config", "user.name", check=False).stdout.strip():
        return ["-c", f"user.name={BOT_NAME}"]
    return []


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """CI cancels a job with SIGTERM: treat it like Ctrl-C so the worktree is removed."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _cleanup(g: Git, wt: Path | None, tmp: Path, branch: str | None) -> None:
    """Remove the worktree (and the branch, when it is not to be kept).

    SIGINT and SIGTERM are ignored meanwhile: a second Ctrl-C must not leave a registered
    worktree or a half-made branch behind.
    """
    old = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            old[sig] = signal.signal(sig, signal.SIG_IGN)
        except ValueError:  # not the main thread
            pass
    try:
        if wt is not None:
            g.run("worktree", "remove", "--force", "--force", str(wt), check=False)
        shutil.rmtree(tmp, ignore_errors=True)
        if wt is not None:
            g.run("worktree", "prune", check=False)
        if branch is not None:
            g.run("branch", "-D", branch, check=False)
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _repo_path(display: str, run_cwd: Path, wt: Path) -> str:
    p = Path(os.path.normpath(run_cwd / display))
    try:
        return p.relative_to(wt).as_posix()
    except ValueError:
        return display


def _fix_and_commit(
    g: Git, opts: PrOptions, paths: list[str], wt: Path, run_cwd: Path, identity: list[str], result: PrResult
) -> None:
    base_opts = opts.run
    full = runner.run(paths, None, _with(base_opts, dry_run=True), cwd=run_cwd)
    result.verify_level = full.verify_level
    result.errors = [f"{e}" for e in full.errors]
    if full.verify_skipped:
        # no toolchain: nothing can be proven, so nothing can be committed
        raise PrError(full.verify_skipped)
    if full.outcome is not None:
        result.go_runs += full.outcome.go_runs
        result.broken = list(full.outcome.broken)
    rules = _accepted_rules(full)
    reported_withheld: set[tuple[str, str | None]] = set()
    for code in rules:
        rep = runner.run(paths, None, _with(base_opts, dry_run=False, select=(code,), ignore=()), cwd=run_cwd)
        if rep.outcome is not None:
            result.go_runs += rep.outcome.go_runs
            for w in rep.outcome.withheld:
                result.withheld.append(_withheld(w, run_cwd, wt))
                reported_withheld.add((_repo_path(w.display, run_cwd, wt), w.fix.rule if w.fix else None))
        if rep.write_errors:
            raise PrError(f"cannot write in the temporary worktree: {rep.write_errors[0]}")
        if not rep.written:
            continue
        commit = _rule_commit(code, rep, run_cwd, wt)
        files = [_repo_path(d, run_cwd, wt) for d in rep.written]
        g.run("add", "--", *files, cwd=wt, pre=["--literal-pathspecs"])
        staged = g.run("diff", "--cached", "--quiet", cwd=wt, check=False)
        if staged.returncode == 0 or commit.count == 0:
            # nothing this rule can be credited with: leave the files as committed
            g.run("reset", "--quiet", "--hard", "HEAD", cwd=wt)
            continue
        _commit(g, wt, identity, commit.message())
        commit.sha = g.out("rev-parse", "HEAD", cwd=wt)
        result.commits.append(commit)
    # withheld fixes of rules that never got a run of their own (all their fixes failed)
    if full.outcome is not None:
        for w in full.outcome.withheld:
            key = (_repo_path(w.display, run_cwd, wt), w.fix.rule if w.fix else None)
            if key in reported_withheld or (w.fix is not None and w.fix.rule in rules):
                continue
            if w.fix is None and any(k[0] == key[0] for k in reported_withheld):
                continue
            result.withheld.append(_withheld(w, run_cwd, wt))
    # what is left for a human, on the branch as committed (no toolchain needed: a scan)
    if result.commits:
        left = runner.run(paths, None, _with(base_opts, fix=False, dry_run=True), cwd=run_cwd)
        locs = left.findings
    else:
        locs = [l for r in full.files for l in r.findings]
    locs = sorted(locs, key=lambda l: (l.path, l.start.line, l.start.column, l.finding.rule))
    result.remaining = [Place(_repo_path(l.path, run_cwd, wt), l.start.line, f"{l.finding.rule} {l.finding.message}") for l in locs]
    result.remaining_rules = sorted({l.finding.rule for l in locs})


def _commit(g: Git, wt: Path, identity: list[str], message: str) -> None:
    msg_file = wt.parent / "COMMIT_MSG"
    msg_file.write_text(message, encoding="utf-8")
    try:
        # --no-verify: the user's hooks are not ours to run in a throwaway worktree
        g.run("commit", "--quiet", "--no-verify", "--cleanup=verbatim", "-F", str(msg_file), cwd=wt, pre=[*NO_HOOKS, *identity])
    finally:
        msg_file.unlink(missing_ok=True)


def _with(o: runner.Options, **changes) -> runner.Options:
    from dataclasses import replace

    return replace(o, **changes)


def _withheld_keys(report: runner.Report) -> dict[str, set]:
    keys: dict[str, set] = {}
    if report.outcome is not None:
        for w in report.outcome.withheld:
            if w.fix is not None:
                keys.setdefault(w.display, set()).add(w.fix.key)
    return keys


def _accepted(report: runner.Report) -> Iterator[tuple[FileResult, list]]:
    """Per file whose verified bytes differ from the original: the fixes that made it in."""
    withheld = _withheld_keys(report)
    for r in report.files:
        new = report.final.get(r.path)
        if new is None or new == r.original:
            continue
        yield r, [a for a in r.applied if a.key not in withheld.get(r.path, set())]


def _accepted_rules(report: runner.Report) -> list[str]:
    return sorted({a.rule for _, applied in _accepted(report) for a in applied})


def _rule_commit(code: str, rep: runner.Report, run_cwd: Path, wt: Path) -> RuleCommit:
    written = set(rep.written)
    places: list[Place] = []
    kinds: list[Applicability] = []
    name = code
    for r, applied in _accepted(rep):
        if r.path not in written:
            continue
        messages = {(l.finding.rule, l.finding.start): l.finding.message for l in r.findings}
        for a in sorted(applied, key=lambda a: (a.line, a.key)):
            if a.rule != code:
                continue
            name = a.name
            proof = rep.proofs.get((r.path, a.key))
            places.append(Place(_repo_path(r.path, run_cwd, wt), a.line, messages.get(a.key, a.description), proof))
            kinds.append(a.applicability)
    if name == code:
        try:
            name = registry.find(code).name
        except registry.UnknownRule:
            pass
    places.sort(key=lambda p: (p.path, p.line))
    return RuleCommit(code, name, places, kinds)


def _withheld(w, run_cwd: Path, wt: Path) -> Withheld:
    return Withheld(_repo_path(w.display, run_cwd, wt), w.fix.line if w.fix else None, w.fix.rule if w.fix else None, w.reason)


# -- the PR description ------------------------------------------------------------------------


def title(result: PrResult) -> str:
    n = sum(c.count for c in result.commits)
    codes = ", ".join(c.code for c in result.commits)
    return f"gofixer: fix {n} finding{'s' if n != 1 else ''} ({codes})"


def _fix_class(kinds: list[Applicability]) -> str:
    safe = sum(1 for k in kinds if k is Applicability.SAFE)
    unsafe = len(kinds) - safe
    if unsafe == 0:
        return "safe"
    if safe == 0:
        return "**unsafe**"
    return f"{safe} safe, **{unsafe} unsafe**"


def _md(text: str) -> str:
    """Text made safe for a Markdown list item: one line; code spans kept when they pair up."""
    text = " ".join(text.split())
    if text.count("`") % 2:
        text = text.replace("`", "'")
    return text


def _limited(items: list[str]) -> list[str]:
    if len(items) <= MAX_LISTED:
        return items
    return items[:MAX_LISTED] + [f"- … and {len(items) - MAX_LISTED} more"]


def verification_line(result: PrResult) -> str:
    if result.verify_level == "none":
        return "none: the fixes were **not** verified with the Go toolchain (`--verify none`)."
    tool = {
        "build": "go build",
        "vet": "go vet",
        "test": "go test -race",
        "leak": "go vet, then the tests under Go's goroutine-leak profile before and after the fixes",
    }[result.verify_level]
    runs = f"{result.go_runs} go process{'es' if result.go_runs != 1 else ''}"
    line = f"{tool}, {runs} (a baseline before and a check after fixing, per module and per rule)."
    proofs = [p.proof.result for c in result.commits for p in c.places if p.proof is not None]
    if proofs:
        counts = ", ".join(f"{proofs.count(r)} {r}" for r in ("proven", "not-reproduced", "unavailable") if proofs.count(r))
        line += f" Leak proofs of the committed fixes: {counts}."
    return line


def _proof_md(p: Place) -> str:
    """The run-time proof of a committed fix: proven (leaked before, not after), or why not."""
    if p.proof is None:
        return ""
    return f" (leak proof: **{p.proof.result}**: {_md(p.proof.detail)})"


def body(result: PrResult) -> str:
    """The Markdown PR description: a title line, a blank line, then the description."""
    if not result.commits:
        return ""
    out = [title(result), ""]
    out.append(
        f"Automated fixes by gofixer on `{result.base_sha[:12]}`, "
        "one commit per rule. Every fix was checked with the Go toolchain before it was committed."
    )
    out += ["", "| Rule | Name | Fixed | Fix class |", "|------|------|------:|-----------|"]
    for c in result.commits:
        out.append(f"| {c.code} | {c.name} | {c.count} | {_fix_class(c.applicability)} |")
    out += ["", f"**Verification:** {verification_line(result)}"]
    if any(Applicability.UNSAFE in c.applicability for c in result.commits):
        out += ["", "> Some fixes are classed **unsafe**: they change behaviour a reviewer should look at."]
    for c in result.commits:
        out += ["", f"<details><summary>{c.code} {c.name}: {c.count} place{'s' if c.count != 1 else ''}</summary>", ""]
        out += _limited([f"- `{_md(p.path)}:{p.line}`: {_md(p.message)}{_proof_md(p)}" for p in c.places])
        out += ["", "</details>"]
    if result.withheld:
        out += ["", "### Withheld", "", "These fixes were not committed because the Go toolchain rejected them:", ""]
        items = []
        for w in result.withheld:
            where = f"`{_md(w.path)}:{w.line}`" if w.line else f"`{_md(w.path)}`"
            what = f"{w.rule} fix" if w.rule else "all fixes in the file"
            items.append(f"- {where}: {what} withheld: {_md(w.reason)}")
        out += _limited(items)
    if result.broken:
        out += ["", "### Packages that did not build before fixing", "", "Left unchanged:", ""]
        out += _limited([f"- `{_md(pkg)}`: {_md(err)}" for pkg, err in result.broken])
    if result.errors:
        out += ["", "### Files that could not be processed", ""]
        out += _limited([f"- {_md(e)}" for e in result.errors])
    if result.remaining:
        n = len(result.remaining)
        out += ["", f"### Left for a human ({n} finding{'s' if n != 1 else ''})", ""]
        out += _limited([f"- `{_md(p.path)}:{p.line}`: {_md(p.message)}" for p in result.remaining])
    return "\n".join(out) + "\n"
