"""Atomic writes: old or new bytes only, mode and owner kept, a file changed since it was read
is left alone, no temporary file left behind."""

from __future__ import annotations

import os
import stat

import pytest

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
