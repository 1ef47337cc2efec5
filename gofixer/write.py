"""Write fixed files so that a file is always either its old bytes or its new bytes.

A temporary file in the same directory (so the rename stays on one filesystem), fsync, mode and
ownership copied, then ``os.replace``. Right before the rename the target is read again: a file
someone changed since gofixer read it is left alone, because our fix was computed for bytes that
no longer exist.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


class WriteError(OSError):
    """A file could not be written; the message is one line for the user."""


def atomic_write(path: Path, new: bytes, expected: bytes) -> None:
    path = Path(path)
    try:
        st = path.stat()
    except OSError as e:
        raise WriteError(f"cannot stat: {e.strerror}") from None
    # root may write anything, but a file without write bits was made read-only on purpose
    if not os.access(path, os.W_OK) or not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteError("file is not writable; left unchanged")
    with _interruptions_held():
        _replace(path, new, expected, st)


def _replace(path: Path, new: bytes, expected: bytes, st: os.stat_result) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".gofixer-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(new)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except (PermissionError, AttributeError):
            pass  # not root and not the owner: the new file keeps our ownership
        if path.read_bytes() != expected:
            raise WriteError("changed on disk since it was read; left unchanged")
        os.replace(tmp, path)
        tmp = ""
        _fsync_dir(path.parent)
    except OSError as e:
        if isinstance(e, WriteError):
            raise
        raise WriteError(f"{e.strerror or e}") from None
    finally:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


@contextlib.contextmanager
def _interruptions_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while a temporary file exists, and arrive as soon as it has been
    renamed over the target or removed. Arriving between its creation and the ``try`` that
    removes it (or inside ``mkstemp``), they left it behind: a test that kills a run at random
    moments found one."""
    try:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTIONS)
    except (AttributeError, OSError, ValueError):  # no signal masks here: write unprotected
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


_INTERRUPTIONS = {signal.SIGINT, signal.SIGTERM}


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
