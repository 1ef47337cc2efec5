"""Atomic writes: old or new bytes only, mode and owner kept, a file changed since it was read
is left alone, no temporary file left behind."""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from pathlib import Path

import pytest

from gofixer import write
from gofixer.write import WriteError, atomic_write


def test_replaces_and_keeps_mode_and_owner(tmp_path):
    p = tmp_path / "a.go"
    p.write_bytes(b"old\n")
    os.chmod(p, 0o640)
    if os.geteuid() == 0:
        os.chown(p, 65534, 65534)
    atomic_write(p, b"new\n", b"old\n")
    st = p.stat()
    assert p.read_bytes() == b"new\n"
    assert stat.S_IMODE(st.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (st.st_uid, st.st_gid) == (65534, 65534)
    assert [x.name for x in tmp_path.iterdir()] == ["a.go"]


def test_file_changed_since_read_is_left_alone(tmp_path):
    p = tmp_path / "a.go"
    p.write_bytes(b"edited by someone else\n")
    with pytest.raises(WriteError, match="changed on disk since it was read"):
        atomic_write(p, b"new\n", b"old\n")
    assert p.read_bytes() == b"edited by someone else\n"
    assert [x.name for x in tmp_path.iterdir()] == ["a.go"]


def test_read_only_file_is_refused(tmp_path):
    p = tmp_path / "a.go"
    p.write_bytes(b"old\n")
    os.chmod(p, 0o444)
    with pytest.raises(WriteError, match="not writable"):
        atomic_write(p, b"new\n", b"old\n")
    assert p.read_bytes() == b"old\n"


def test_interrupt_while_the_temporary_file_exists_leaves_none(tmp_path, monkeypatch, sigint_raises):
    """Ctrl-C arriving right after the temporary file is made (before any ``try`` could remove
    it) waits until the target is replaced, then interrupts: no temporary file is left."""
    target = tmp_path / "a.go"
    target.write_bytes(b"package a\n")
    real = tempfile.mkstemp

    def mkstemp_then_interrupted(*a, **k):
        made = real(*a, **k)
        os.kill(os.getpid(), signal.SIGINT)  # delivered at once when signals are not held
        return made

    monkeypatch.setattr(write.tempfile, "mkstemp", mkstemp_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        write.atomic_write(target, b"package a\n\nvar x = 1\n", b"package a\n")
    assert target.read_bytes() == b"package a\n\nvar x = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.go"]


# -- compare-and-swap: an edit landing at the moment of the write is never overwritten -----------


def _edit_in_place(p, data):
    with open(p, "wb") as f:  # truncate and rewrite, as most editors and tools do
        f.write(data)


def _edit_by_rename(p, data):
    tmp = p.with_name(p.name + ".editor-save")
    tmp.write_bytes(data)
    os.replace(tmp, p)


EDITS = {"in place": _edit_in_place, "by rename": _edit_by_rename}


@pytest.mark.parametrize("how", list(EDITS))
def test_an_edit_landing_right_before_the_swap_is_kept(tmp_path, monkeypatch, how):
    """The user saves between gofixer's last comparison and its swap: what comes out of the
    swap is not what was read, so it goes back and the user is told."""
    p = tmp_path / "a.go"
    real = write._swap
    for n in range(20):
        p.write_bytes(b"package a\n")
        calls = []

        def swap_after_an_edit(a, b):
            if not calls:
                EDITS[how](p, b"package a\n\n// saved by the user %d\n" % n)
            calls.append((a, b))
            return real(a, b)

        monkeypatch.setattr(write, "_swap", swap_after_an_edit)
        with pytest.raises(WriteError, match="changed on disk since it was read"):
            atomic_write(p, b"package a\n\nvar fixed = 1\n", b"package a\n")
        assert p.read_bytes() == b"package a\n\n// saved by the user %d\n" % n
        assert len(calls) == 2  # swapped in, swapped back
        assert sorted(x.name for x in tmp_path.iterdir()) == ["a.go"]


def test_a_program_holding_the_file_open_for_writing_keeps_its_write(tmp_path, monkeypatch):
    """A program opened the file for writing before the swap and has not written yet: what
    comes out of the swap still matches, but a write through that descriptor would land in a
    file about to be deleted. The swap goes back, so the write lands in a.go."""
    p = tmp_path / "a.go"
    p.write_bytes(b"package a\n")
    real = write._swap
    held = []

    def swap_while_someone_holds_it(a, b):
        if not held:
            held.append(open(p, "r+b"))
        return real(a, b)

    monkeypatch.setattr(write, "_swap", swap_while_someone_holds_it)
    with pytest.raises(WriteError, match="open for writing by another program"):
        atomic_write(p, b"package a\n\nvar fixed = 1\n", b"package a\n")
    with held[0] as f:
        f.write(b"package a\n\n// written late\n")
    assert p.read_bytes() == b"package a\n\n// written late\n"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.go"]


@pytest.mark.parametrize("how", list(EDITS))
def test_an_edit_landing_right_after_the_swap_stays(tmp_path, monkeypatch, how):
    """The user saves just after the new file went in: that save is the latest word."""
    p = tmp_path / "a.go"
    p.write_bytes(b"package a\n")
    real = write._swap

    def swap_then_edit(a, b):
        done = real(a, b)
        EDITS[how](p, b"package a\n\n// saved by the user\n")
        return done

    monkeypatch.setattr(write, "_swap", swap_then_edit)
    atomic_write(p, b"package a\n\nvar fixed = 1\n", b"package a\n")
    assert p.read_bytes() == b"package a\n\n// saved by the user\n"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.go"]


def test_two_edits_around_the_swap_keep_both_versions(tmp_path, monkeypatch):
    """One save lands before the swap and another one, into the new file, after it: the later
    stays in a.go and the earlier is kept beside it, so neither is lost."""
    p = tmp_path / "a.go"
    p.write_bytes(b"package a\n")
    real = write._swap
    calls = []

    def swap_between_two_edits(a, b):
        if not calls:
            _edit_by_rename(p, b"package a\n\n// first save\n")
        done = real(a, b)
        if not calls:
            _edit_in_place(p, b"package a\n\n// second save\n")
        calls.append(1)
        return done

    monkeypatch.setattr(write, "_swap", swap_between_two_edits)
    with pytest.raises(WriteError, match="kept as a.go.gofixer-kept"):
        atomic_write(p, b"package a\n\nvar fixed = 1\n", b"package a\n")
    assert p.read_bytes() == b"package a\n\n// second save\n"
    assert (tmp_path / "a.go.gofixer-kept").read_bytes() == b"package a\n\n// first save\n"


def _writer(path: str, stop, in_write, counts) -> None:
    """Another program saving the file over and over, each save adding a line ``uN``: in place
    or by rename, at random moments."""
    import random
    import time

    rnd = random.Random(os.getpid())
    k = 0
    while not stop.is_set():
        time.sleep(rnd.random() * 0.004)
        with open(path, "rb") as f:
            data = f.read()
        k += 1
        EDITS["in place" if rnd.random() < 0.5 else "by rename"](Path(path), data + b"// u%d\n" % k)
        with counts.get_lock():
            counts[0] = k
            counts[1] += bool(in_write.value)


def test_a_program_saving_the_file_during_writes_loses_no_edit(tmp_path):
    """Hundreds of writes while another process saves the file at random moments: every one of
    its saves is still in the file at the end (or, when two landed around one swap, in the
    version kept beside it)."""
    import multiprocessing
    import random
    import time

    p = tmp_path / "a.go"
    p.write_bytes(b"package a\n")
    ctx = multiprocessing.get_context("fork")
    stop, in_write, counts = ctx.Event(), ctx.Value("i", 0), ctx.Array("i", 2)
    other = ctx.Process(target=_writer, args=(str(p), stop, in_write, counts))
    other.start()
    rnd = random.Random(0)
    written = 0
    try:
        for i in range(400):
            time.sleep(rnd.random() * 0.004)
            data = p.read_bytes()
            in_write.value = 1
            try:
                atomic_write(p, data + b"// f%d\n" % i, data)
                written += 1
            except WriteError:
                pass
            finally:
                in_write.value = 0
    finally:
        stop.set()
        other.join()
    saves, during = counts[0], counts[1]
    kept = b"".join(q.read_bytes() for q in tmp_path.glob("a.go.gofixer-kept*"))
    final = p.read_bytes()
    lost = [k for k in range(1, saves + 1) if b"// u%d\n" % k not in final and b"// u%d\n" % k not in kept]
    assert lost == [], f"{len(lost)} of {saves} saves lost ({during} made during a write)"
    # the test only means something if saves did land during writes, and writes did happen
    assert during >= 20 and written >= 20, (during, written)
    assert [x.name for x in tmp_path.iterdir() if x.name.endswith(write.TEMP_SUFFIX)] == []


def test_without_the_exchange_the_comparison_is_right_before_the_rename(tmp_path, monkeypatch):
    monkeypatch.setattr(write, "_renameat2", lambda: None)
    p = tmp_path / "a.go"
    p.write_bytes(b"old\n")
    atomic_write(p, b"new\n", b"old\n")
    assert p.read_bytes() == b"new\n"
    with pytest.raises(WriteError, match="changed on disk"):
        atomic_write(p, b"newer\n", b"old\n")
    assert p.read_bytes() == b"new\n" and [x.name for x in tmp_path.iterdir()] == ["a.go"]


# -- links ------------------------------------------------------------------------------------


def test_writing_through_a_symlink_changes_its_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.go").write_bytes(b"old\n")
    os.chmod(real / "a.go", 0o640)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "a.go").symlink_to(real / "a.go")
    atomic_write(tree / "a.go", b"new\n", b"old\n")
    assert (tree / "a.go").is_symlink() and os.readlink(tree / "a.go") == str(real / "a.go")
    assert (real / "a.go").read_bytes() == b"new\n"
    assert stat.S_IMODE((real / "a.go").stat().st_mode) == 0o640
    assert [x.name for x in tree.iterdir()] == ["a.go"] and [x.name for x in real.iterdir()] == ["a.go"]


def test_a_file_with_hard_links_is_left_alone(tmp_path):
    """Replacing it would give this name a new file and leave the other names the old code."""
    (tmp_path / "a.go").write_bytes(b"old\n")
    os.link(tmp_path / "a.go", tmp_path / "b.go")
    with pytest.raises(WriteError, match="2 hard links"):
        atomic_write(tmp_path / "a.go", b"new\n", b"old\n")
    assert (tmp_path / "a.go").read_bytes() == (tmp_path / "b.go").read_bytes() == b"old\n"


# -- temporary files of writers that died -----------------------------------------------------


def test_stale_temporary_files_are_removed_and_live_ones_kept(tmp_path):
    import fcntl

    old_style = tmp_path / ".a.go.k2j3h4.gofixer-tmp"  # left by a version that did not lock
    old_style.write_bytes(b"package a\n")
    live = tmp_path / ".b.go.x9y8z7.gofixer-tmp"
    live.write_bytes(b"package b\n")
    other = tmp_path / ".c.go.notours"
    other.write_bytes(b"")
    with open(live, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # a writer at work
        assert write.remove_stale_temps([tmp_path]) == []  # nothing is old enough yet
        assert write.remove_stale_temps([tmp_path], older_than=0) == [old_style]
    assert sorted(x.name for x in tmp_path.iterdir()) == [".b.go.x9y8z7.gofixer-tmp", ".c.go.notours"]


def test_a_writer_killed_mid_write_leaves_a_file_the_next_run_removes(tmp_path, monkeypatch):
    """SIGKILL while the temporary file exists (the one thing no handler can clean up after):
    the file stays, and the next run over the directory removes it."""
    import subprocess
    import sys
    import time

    from gofixer import runner

    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    target = tmp_path / "a.go"
    target.write_bytes(b"package a\n")
    script = (
        "import time, sys\n"
        "from pathlib import Path\n"
        "from gofixer import write\n"
        "write._swap = lambda a, b: time.sleep(60)\n"
        f"write.atomic_write(Path({str(target)!r}), b'package a\\n\\nvar x = 1\\n', b'package a\\n')\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(f"*{write.TEMP_SUFFIX}")):
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    left = list(tmp_path.glob(f"*{write.TEMP_SUFFIX}"))
    assert len(left) == 1 and target.read_bytes() == b"package a\n"
    monkeypatch.setattr(write, "STALE_AFTER_SECONDS", 0.0)  # its inode changed a moment ago
    report = runner.run([str(tmp_path)], None, runner.Options(verify="none", use_cache=False), cwd=tmp_path)
    assert report.removed_temps == left
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.go", "go.mod"]
