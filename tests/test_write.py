"""Atomic writes: old or new bytes only, mode and owner kept, a file changed since it was read
is left alone, no temporary file left behind."""

from __future__ import annotations

import os
import signal
import stat
import tempfile

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


def test_interrupt_while_the_temporary_file_exists_leaves_none(tmp_path, monkeypatch):
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
