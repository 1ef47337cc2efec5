"""``gofixer apply PATCH|-``: a reviewed (possibly hand-trimmed) diff applied exactly, verified,
file by file all-or-nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gofixer import apply
from gofixer.render.diff import unified

from .conftest import EXAMPLES, require_go
from .test_cli import LEAK


def gofixer(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True, input=stdin)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.go"))}


def _hunks(diff: bytes) -> list[tuple[int, int]]:
    """(first, end) line indexes of every hunk in a diff (header included)."""
    lines = diff.splitlines(keepends=True)
    starts = [i for i, l in enumerate(lines) if l.startswith(b"@@ ")]
    out = []
    for s in starts:
        e = s + 1
        while e < len(lines) and not lines[e].startswith((b"@@ ", b"--- ")):
            e += 1
        out.append((s, e))
    return out


def _drop_hunk(diff: bytes, n: int) -> bytes:
    lines = diff.splitlines(keepends=True)
    s, e = _hunks(diff)[n]
    return b"".join(lines[:s] + lines[e:])


# -- planning, without the toolchain --------------------------------------------------------

OLD = b"".join(b"line %d\n" % i for i in range(1, 31))


def test_plan_applies_every_hunk_exactly(tmp_path):
    new = OLD.replace(b"line 5\n", b"line five\n").replace(b"line 25\n", b"line 25\nadded\n")
    (tmp_path / "a.go").write_bytes(OLD)
    [p] = apply.plan(unified("a.go", OLD, new), tmp_path)
    assert p.ok and p.new == new and p.hunks == 2


def test_trimmed_patch_applies_the_rest(tmp_path):
    new = OLD.replace(b"line 5\n", b"line five\n").replace(b"line 25\n", b"line 25\nadded\n")
    (tmp_path / "a.go").write_bytes(OLD)
    diff = _drop_hunk(unified("a.go", OLD, new), 0)
    [p] = apply.plan(diff, tmp_path)
    assert p.ok and p.new == OLD.replace(b"line 25\n", b"line 25\nadded\n")


def test_hand_edited_hunk_counts_are_recounted(tmp_path):
    """A reviewer deletes one added line without fixing the @@ counts (git apply --recount)."""
    new = OLD.replace(b"line 5\n", b"line 5\nkeep\ndrop\n")
    (tmp_path / "a.go").write_bytes(OLD)
    diff = unified("a.go", OLD, new).replace(b"+drop\n", b"")
    assert b"@@ -3,6 +3,8 @@" in diff  # the header still claims two added lines
    [p] = apply.plan(diff, tmp_path)
    assert p.ok and p.new == OLD.replace(b"line 5\n", b"line 5\nkeep\n")
    # an added line that was not counted is applied too, not silently dropped
    diff2 = unified("a.go", OLD, new).replace(b"+drop\n", b"+drop\n+extra\n")
    [p2] = apply.plan(diff2, tmp_path)
    assert p2.new == OLD.replace(b"line 5\n", b"line 5\nkeep\ndrop\nextra\n")


def test_deleting_a_header_but_not_its_lines_is_an_error(tmp_path):
    """Diff lines left without their @@ header would otherwise be ignored silently."""
    new = OLD.replace(b"line 5\n", b"line five\n").replace(b"line 25\n", b"line 25\nadded\n")
    (tmp_path / "a.go").write_bytes(OLD)
    diff = unified("a.go", OLD, new)
    first = _hunks(diff)[0][0]
    lines = diff.splitlines(keepends=True)
    with pytest.raises(apply.PatchError, match=r"line 3: a diff line outside any hunk"):
        apply.plan(b"".join(lines[:first] + lines[first + 1 :]), tmp_path)


def test_a_file_whose_hunks_were_all_deleted_is_left_alone(tmp_path):
    (tmp_path / "a.go").write_bytes(OLD)
    (tmp_path / "b.go").write_bytes(OLD)
    new = OLD.replace(b"line 5\n", b"line five\n")
    diff = unified("a.go", OLD, new) + unified("b.go", OLD, new)
    trimmed = _drop_hunk(diff, 0)
    assert trimmed.startswith(b"--- a/a.go\n+++ b/a.go\n--- a/b.go\n")
    a, b = apply.plan(trimmed, tmp_path)
    assert a.ok and a.new == OLD and a.hunks == 0
    assert b.ok and b.new == new


def test_format_patch_signature_is_not_a_removed_line(tmp_path):
    (tmp_path / "a.go").write_bytes(OLD)
    new = OLD.replace(b"line 30\n", b"line thirty\n")
    mail = b"From 123 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n---\n" + unified("a.go", OLD, new) + b"-- \n2.43.0\n\n"
    [p] = apply.plan(mail, tmp_path)
    assert p.new == new


def test_shifted_hunk_is_found_by_exact_content(tmp_path):
    new = OLD.replace(b"line 20\n", b"line twenty\n")
    diff = unified("a.go", OLD, new)
    moved = b"header 1\nheader 2\n" + OLD
    (tmp_path / "a.go").write_bytes(moved)
    [p] = apply.plan(diff, tmp_path)
    assert p.ok and p.new == moved.replace(b"line 20\n", b"line twenty\n")


def test_stale_file_is_refused_whole(tmp_path):
    new = OLD.replace(b"line 5\n", b"line five\n").replace(b"line 25\n", b"line twenty-five\n")
    diff = unified("a.go", OLD, new)
    (tmp_path / "a.go").write_bytes(OLD.replace(b"line 24\n", b"line 24 edited\n"))
    [p] = apply.plan(diff, tmp_path)
    assert p.new is None
    assert p.problems == [
        "a.go: @@ -22,7 +22,7 @@: does not match the file: "
        "line 24 is 'line 24 edited', the patch expects 'line 24'"
    ]


def test_no_newline_at_end_of_file(tmp_path):
    old = b"a\nb\nc"
    new = b"a\nb\nc\nd"
    (tmp_path / "a.go").write_bytes(old)
    diff = unified("a.go", old, new)
    assert b"\\ No newline at end of file" in diff
    [p] = apply.plan(diff, tmp_path)
    assert p.new == new


def test_crlf_bytes_round_trip(tmp_path):
    old = OLD.replace(b"\n", b"\r\n")
    new = old.replace(b"line 7\r\n", b"line 7\r\n\tdefer cancel()\r\n")
    (tmp_path / "a.go").write_bytes(old)
    [p] = apply.plan(unified("a.go", old, new), tmp_path)
    assert p.new == new
    # a patch whose line endings were converted by an editor does not match a CRLF file
    lf_diff = unified("a.go", old, new).replace(b"\r\n", b"\n")
    [q] = apply.plan(lf_diff, tmp_path)
    assert q.new is None and "does not match the file" in q.problems[0]


def test_invalid_utf8_bytes_survive(tmp_path):
    old = b"package p\n\n// caf\xe9 latin-1\nvar x = 1\n"
    new = old.replace(b"var x = 1\n", b"var x = 2\n")
    (tmp_path / "a.go").write_bytes(old)
    [p] = apply.plan(unified("a.go", old, new), tmp_path)
    assert p.new == new


@pytest.mark.parametrize(
    "name",
    ["a/../../etc/passwd", "a/../outside.go", "/etc/passwd", "a//etc/passwd"],
)
def test_paths_leaving_the_directory_refuse_the_patch(tmp_path, name):
    work = tmp_path / "work"
    work.mkdir()
    diff = f"--- {name}\n+++ {name}\n@@ -1 +1 @@\n-x\n+y\n".encode()
    with pytest.raises(apply.PatchError) as e:
        apply.plan(diff, work)
    assert "refusing" in str(e.value)


def test_symlink_out_of_the_tree_is_refused(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "secret.go").write_bytes(b"x\n")
    (work / "link.go").symlink_to(tmp_path / "secret.go")
    with pytest.raises(apply.PatchError):
        apply.plan(b"--- a/link.go\n+++ b/link.go\n@@ -1 +1 @@\n-x\n+y\n", work)


@pytest.mark.parametrize(
    "diff, reason",
    [
        (b"--- /dev/null\n+++ b/new.go\n@@ -0,0 +1 @@\n+package p\n", "creates a new file"),
        (b"--- a/a.go\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n", "deletes the file"),
        (b"diff --git a/a.go b/c.go\nsimilarity index 90%\nrename from a.go\nrename to c.go\n--- a/a.go\n+++ b/c.go\n@@ -1 +1 @@\n-x\n+y\n", "renames a.go to c.go"),
        (b"diff --git a/a.go b/a.go\nold mode 100644\nnew mode 100755\n--- a/a.go\n+++ b/a.go\n@@ -1 +1 @@\n-x\n+y\n", "changes the file mode"),
        (b"--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n-x\n+y\n", "not a Go file"),
        (b"--- a/missing.go\n+++ b/missing.go\n@@ -1 +1 @@\n-x\n+y\n", "no such file"),
    ],
)
def test_only_edits_of_existing_go_files(tmp_path, diff, reason):
    (tmp_path / "a.go").write_bytes(b"x\n")
    (tmp_path / "README.md").write_bytes(b"x\n")
    plans = apply.plan(diff, tmp_path)
    assert len(plans) == 1 and plans[0].new is None
    assert reason in plans[0].problems[0]
    assert (tmp_path / "a.go").read_bytes() == b"x\n"


def test_git_quoted_path(tmp_path):
    (tmp_path / "café.go").write_bytes(b"x\n")
    diff = b'--- "a/caf\\303\\251.go"\n+++ "b/caf\\303\\251.go"\n@@ -1 +1 @@\n-x\n+y\n'
    [p] = apply.plan(diff, tmp_path)
    assert p.display == "café.go" and p.new == b"y\n"


def test_not_a_diff_is_an_error_and_empty_is_nothing(tmp_path):
    with pytest.raises(apply.PatchError):
        apply.plan(b"hello, this is not a patch\n", tmp_path)
    assert apply.plan(b"", tmp_path) == []


def test_syntax_breaking_patch_is_refused_even_unverified(tmp_path):
    old = b"package p\n\nfunc F() {}\n"
    (tmp_path / "a.go").write_bytes(old)
    [p] = apply.plan(unified("a.go", old, old.replace(b"{}", b"{")), tmp_path)
    assert p.new is None and "not valid Go" in p.problems[0]


# -- the command, end to end ----------------------------------------------------------------


def _module(root: Path, text: str = LEAK, newline: str = "\n") -> Path:
    (root / "p").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (root / "p" / "load.go").write_bytes(text.replace("\n", newline).encode())
    return root


def test_dry_run_patch_applies_to_the_same_files_as_fix(tmp_path):
    require_go()
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(EXAMPLES, a)
    shutil.copytree(EXAMPLES, b)
    dry = gofixer("--dry-run", cwd=a)
    assert dry.returncode == 1 and dry.stdout.startswith(b"--- a/")
    (tmp_path / "p.diff").write_bytes(dry.stdout)
    out = gofixer("apply", str(tmp_path / "p.diff"), cwd=a)
    assert out.returncode == 0, out.stderr
    assert re.search(rb"Applied \d+ hunks to \d+ files \(verified: vet\)\.", out.stderr)
    assert gofixer(cwd=b).returncode in (0, 1)
    assert _tree(a) == _tree(b)
    assert _tree(a) != _tree(EXAMPLES)


TWO_FIXES = """package p

import (
	"context"
	"time"
)

type result struct{ n int }

func fetch() result { return result{} }

func Get(ctx context.Context) (result, error) {
	ch := make(chan result)
	go func() { ch <- fetch() }()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

func Load(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}

func use(ctx context.Context) error { return ctx.Err() }
"""


def test_trimmed_patch_applies_only_the_rest(tmp_path):
    """Two fixes in one file, two hunks; the reviewer deletes the first hunk."""
    require_go()
    work = _module(tmp_path / "w", TWO_FIXES)
    diff = gofixer("--dry-run", cwd=work).stdout
    assert len(_hunks(diff)) == 2
    assert b"+\tch := make(chan result, 1)" in diff
    out = gofixer("apply", "-", cwd=work, stdin=_drop_hunk(diff, 0))
    assert out.returncode == 0, out.stderr
    assert b"Applied 1 hunk to 1 file (verified: vet)." in out.stderr
    text = (work / "p" / "load.go").read_text()
    assert "ch := make(chan result)\n" in text  # the dropped hunk: untouched
    assert "ctx, cancel := context.WithTimeout(parent, time.Second)\n\tdefer cancel()\n" in text
    # what is left to fix is exactly the dropped hunk
    rest = gofixer("--dry-run", cwd=work).stdout
    assert len(_hunks(rest)) == 1 and b"+\tch := make(chan result, 1)" in rest


def test_stale_file_is_refused_and_other_files_still_apply(tmp_path):
    require_go()
    work = _module(tmp_path / "w")
    (work / "q").mkdir()
    (work / "q" / "load.go").write_text(LEAK.replace("package p", "package q"))
    diff = gofixer("--dry-run", cwd=work).stdout
    assert re.findall(rb"^\+\+\+ b/(\S+)", diff, re.M) == [b"p/load.go", b"q/load.go"]
    stale = work / "p" / "load.go"
    changed = stale.read_bytes().replace(b"return use(ctx)", b"return use(ctx) // edited since")
    stale.write_bytes(changed)
    out = gofixer("apply", "-", cwd=work, stdin=diff)
    assert out.returncode == 1
    err = out.stderr.decode()
    assert (
        r"p/load.go: @@ -6,7 +6,8 @@: does not match the file: line 10 is '\treturn use(ctx) // edited since', "
        r"the patch expects '\treturn use(ctx)'" + "\n" in err
    ), err
    assert "p/load.go: not applied" in err
    assert "Applied 1 hunk to 1 file" in err
    assert stale.read_bytes() == changed
    assert b"defer cancel()" in (work / "q" / "load.go").read_bytes()


def test_path_traversal_is_refused_with_one_line(tmp_path):
    work = _module(tmp_path / "w")
    (tmp_path / "victim.go").write_bytes(b"x\n")
    before = _tree(tmp_path)
    diff = b"--- a/../victim.go\n+++ b/../victim.go\n@@ -1 +1 @@\n-x\n+y\n"
    out = gofixer("apply", "-", cwd=work, stdin=diff)
    assert out.returncode == 2
    assert out.stderr.decode().splitlines() == [
        "gofixer: <stdin>: ../victim.go: path leaves the current directory; refusing to apply the patch"
    ]
    assert _tree(tmp_path) == before


def test_crlf_file_round_trips_through_dry_run_and_apply(tmp_path):
    require_go()
    a = _module(tmp_path / "a", newline="\r\n")
    b = _module(tmp_path / "b", newline="\r\n")
    diff = gofixer("--dry-run", cwd=a).stdout
    assert b"\r\n" in diff
    out = gofixer("apply", "-", cwd=a, stdin=diff)
    assert out.returncode == 0, out.stderr
    assert gofixer(cwd=b).returncode == 0
    fixed = (a / "p" / "load.go").read_bytes()
    assert fixed == (b / "p" / "load.go").read_bytes()
    assert b"\tdefer cancel()\r\n" in fixed and b"\n" not in fixed.replace(b"\r\n", b"")


def test_a_patch_that_breaks_the_build_is_withheld(tmp_path):
    require_go()
    work = _module(tmp_path / "w")
    diff = gofixer("--dry-run", cwd=work).stdout
    broken = diff.replace(b"+\tdefer cancel()", b"+\tdefer cancelled()")
    before = _tree(work)
    out = gofixer("apply", "-", cwd=work, stdin=broken)
    assert out.returncode == 1
    assert "p/load.go: patch withheld: " in out.stderr.decode() and "cancelled" in out.stderr.decode()
    assert _tree(work) == before
    # unverified, it is written as asked
    out = gofixer("apply", "--verify", "none", "-", cwd=work, stdin=broken)
    assert out.returncode == 0
    assert b"defer cancelled()" in (work / "p" / "load.go").read_bytes()


def test_dry_run_writes_nothing_and_prints_the_diff(tmp_path):
    require_go()
    work = _module(tmp_path / "w")
    diff = gofixer("--dry-run", cwd=work).stdout
    before = _tree(work)
    out = gofixer("apply", "--dry-run", "-", cwd=work, stdin=diff)
    assert out.returncode == 0, out.stderr
    assert out.stdout == diff
    assert b"Would apply 1 hunk to 1 file (verified: vet)." in out.stderr
    assert _tree(work) == before


def test_unreadable_patch_exits_2(tmp_path):
    out = gofixer("apply", "nope.diff", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.decode().strip() == "gofixer: nope.diff: cannot read: No such file or directory"
    out = gofixer("apply", "-", cwd=tmp_path, stdin=b"garbage\n")
    assert out.returncode == 2 and b"Traceback" not in out.stderr
    assert out.stderr.decode().startswith("gofixer: <stdin>: no file changes found")


@pytest.mark.parametrize("kind", ["empty", "context only", "removes and adds the same line"])
def test_a_patch_that_changes_nothing_says_so_and_exits_0(tmp_path, kind):
    """"No change" in the exit-status contract: 0, with "nothing to apply" rather than a report
    of zero hunks applied that reads like success."""
    (tmp_path / "a.go").write_bytes(b"package a\n\nvar x = 1\n")
    patch = {
        "empty": b"",
        "context only": b"--- a/a.go\n+++ b/a.go\n@@ -1,3 +1,3 @@\n package a\n \n var x = 1\n",
        "removes and adds the same line": b"--- a/a.go\n+++ b/a.go\n@@ -3 +3 @@\n-var x = 1\n+var x = 1\n",
    }[kind]
    out = gofixer("apply", "-", "--verify", "none", cwd=tmp_path, stdin=patch)
    assert (out.returncode, out.stderr.decode()) == (0, "gofixer: nothing to apply: the patch changes no lines\n")
    assert (tmp_path / "a.go").read_bytes() == b"package a\n\nvar x = 1\n"
