"""Write fixed files so that a file is always either its old bytes or its new bytes, and an edit
someone else makes meanwhile is never overwritten.

The fix was computed for the bytes gofixer read, so the file it replaces must hold exactly those
bytes. On Linux this is exact: the new file (a temporary file beside the target, fsynced, mode
and owner copied) is swapped in with ``renameat2(RENAME_EXCHANGE)``, and the file that came out
is checked: it must hold what was read, and nobody may have it open for writing (a read lease
asks the kernel). Otherwise the two are swapped back and the user is told. An editor saving at
any moment around the swap, by renaming or by rewriting the file in place, keeps its edit.

What remains: without leases (a file owned by another user, when gofixer is not root; a
filesystem without them, such as NFS) a program that opened the file before the swap and writes
through that descriptor after the check (microseconds) writes to the file that was replaced.
Where the exchange itself is unavailable (other systems, filesystems without it) the file is
compared right before ``os.replace``, and an edit landing between that comparison and the rename
is lost.

A symlink is written through: its target is replaced (the temporary file lives beside the
target) and the link stays. Which links may be written at all is the runner's decision.

Temporary files are named ``.<name>.<random>.gofixer-tmp`` and held under ``flock`` while they
exist; :func:`remove_stale_temps` removes those of writers that died (SIGKILL, power loss).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # no flock or leases here: temporary files are told apart by age alone
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".gofixer-tmp"
# A temporary file nobody holds a lock on and whose inode has not changed for this long belongs
# to a writer that died: live writers hold their lock, and a write takes milliseconds. The age
# also covers the files of versions that did not lock them.
STALE_AFTER_SECONDS = 300.0

CHANGED = "changed on disk since it was read; left unchanged"
BUSY = "open for writing by another program; left unchanged"
KEPT_SUFFIX = ".gofixer-kept"


class WriteError(OSError):
    """A file could not be written; the message is one line for the user."""


def atomic_write(path: Path, new: bytes, expected: bytes) -> None:
    """Replace the file at ``path`` (through a symlink: its target) by ``new``, provided it still
    holds ``expected``; WriteError with a one-line reason otherwise."""
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except OSError as e:
        raise WriteError(f"cannot stat: {e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise WriteError("not a regular file; left unchanged")
    if st.st_nlink > 1:
        # replacing it gives this name a new file: the other names would keep the old code
        raise WriteError(f"has {st.st_nlink} hard links, which a new file would break apart; left unchanged")
    # root may write anything, but a file without write bits was made read-only on purpose
    if not os.access(target, os.W_OK) or not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteError("file is not writable; left unchanged")
    with _interruptions_held():
        try:
            _replace(target, new, expected, st)
        except WriteError:
            raise
        except OSError as e:
            raise WriteError(f"{e.strerror or e}") from None


def _replace(target: Path, new: bytes, expected: bytes, st: os.stat_result) -> None:
    _check(target, expected)  # the early answer, before any temporary file exists
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    swapped = False
    try:
        # locked from creation to the end through a read-only descriptor: remove_stale_temps
        # leaves a locked file alone, and a read-only holder is no writer to _being_written
        with open(tmp, "rb") as held:
            _flock(held.fileno(), _LOCK_EX)
            with os.fdopen(fd, "wb") as fh:
                fh.write(new)
                fh.flush()
                os.fsync(fh.fileno())
                os.fchmod(fh.fileno(), stat.S_IMODE(st.st_mode))
                try:
                    os.fchown(fh.fileno(), st.st_uid, st.st_gid)
                except PermissionError:
                    pass  # not root and not the owner: the new file keeps our ownership
            # again right before the exchange (the new file took a while to write): the new
            # bytes are then seen in place of the old only if they match, but for microseconds
            _check(target, expected)
            swapped = _swap(tmp, target)
            if swapped:
                _settle(tmp, target, new, expected, held.fileno())
            else:
                if _read(target) != expected:
                    raise WriteError(CHANGED)
                os.replace(tmp, target)
                tmp = ""
        _fsync_dir(target.parent)
    finally:
        if tmp and not swapped:
            _unlink(tmp)


def _check(target: Path, expected: bytes) -> None:
    with open(target, "rb") as current:
        if _being_written(current.fileno()):
            raise WriteError(BUSY)  # a save in progress: the bytes read may be half of it
        if current.read() != expected:
            raise WriteError(CHANGED)


def _settle(tmp: str, target: Path, new: bytes, expected: bytes, ours: int) -> None:
    """After the exchange ``target`` holds the new file (``ours`` reads it) and ``tmp`` the one
    that came out. Keep the exchange if what came out is exactly what was read and nobody has it
    open for writing (a write on its way would land in a file about to be deleted). Otherwise
    exchange back. If meanwhile someone also wrote into the new file (or has it open for
    writing), there are two versions that are not ours: the one written last stays, and the one
    it replaced is kept beside it (it may hold an edit the other does not). An OSError from an
    exchange leaves the files where they are: nothing is deleted."""
    busy = False
    try:
        with open(tmp, "rb") as out:
            busy = _being_written(out.fileno())
            kept = not busy and out.read() == expected
    except OSError:
        kept = False
    if kept:
        _unlink(tmp)
        return
    _swap(tmp, target)
    try:
        theirs = _being_written(ours) or _read(tmp) != new
    except OSError:
        theirs = False
    if not theirs:
        _unlink(tmp)
        raise WriteError(BUSY if busy else CHANGED)
    _swap(tmp, target)
    aside = _keep_aside(tmp, target)
    raise WriteError(f"changed on disk twice while it was written; left as last written, the version before kept as {aside.name}")


def _keep_aside(tmp: str, target: Path) -> Path:
    """Move ``tmp`` to the first free ``<target>.gofixer-kept[.N]`` (not a .go name, so it is
    not compiled into the package)."""
    for n in range(1, 1000):
        aside = target.with_name(target.name + KEPT_SUFFIX + (f".{n}" if n > 1 else ""))
        try:
            os.link(tmp, aside)
        except FileExistsError:
            continue
        _unlink(tmp)
        return aside
    return Path(tmp)  # a thousand kept versions: leave this one under its temporary name


def _being_written(fd: int) -> bool:
    """Does anyone else have this file open for writing? Asked with a read lease, which the
    kernel grants only when nobody does, and given back at once. False where leases are not to
    be had (not the file's owner, a filesystem without them): then the bytes alone decide."""
    setlease = getattr(fcntl, "F_SETLEASE", None)
    if setlease is None:
        return False
    try:
        # a lease broken while it is held is signalled with SIGIO, whose default ends the
        # process: SIGURG instead, which is ignored unless handled
        fcntl.fcntl(fd, getattr(fcntl, "F_SETSIG", 10), signal.SIGURG)
        fcntl.fcntl(fd, setlease, fcntl.F_RDLCK)
    except OSError as e:
        return e.errno in (errno.EAGAIN, errno.EBUSY)
    try:
        fcntl.fcntl(fd, setlease, fcntl.F_UNLCK)
    except OSError:
        pass
    return False


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# errors that mean "this system or filesystem cannot exchange": compare, then rename
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


@functools.cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a libc without it (glibc before 2.28)
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def _swap(a: str | Path, b: str | Path) -> bool:
    """Exchange two directory entries atomically. False when this system cannot (nothing moved);
    OSError for any other failure."""
    fn = _renameat2()
    if fn is None:
        return False
    import ctypes

    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in _NO_EXCHANGE:
        return False
    raise OSError(err, os.strerror(err))


def remove_stale_temps(directories: Iterable[Path], older_than: float | None = None) -> list[Path]:
    """Remove the temporary files of gofixer writers that died, in these directories.

    Stale means: nobody holds a lock on it (a writer locks its file from creation to the end)
    and its inode has not changed for ``older_than`` seconds (default STALE_AFTER_SECONDS).
    Returns the files removed."""
    limit = STALE_AFTER_SECONDS if older_than is None else older_than
    now = time.time()
    removed = []
    for directory in directories:
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for e in entries:
            if not (e.name.startswith(".") and e.name.endswith(TEMP_SUFFIX)):
                continue
            try:
                if not e.is_file(follow_symlinks=False) or now - e.stat(follow_symlinks=False).st_ctime < limit:
                    continue
                if _remove_unlocked(e.path):
                    removed.append(Path(e.path))
            except OSError:
                continue
    return removed


def _remove_unlocked(path: str) -> bool:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        if fcntl is not None and not _flock(fd, _LOCK_EX | _LOCK_NB):
            return False  # a live writer's
        os.unlink(path)
        return True
    finally:
        os.close(fd)


_LOCK_EX = getattr(fcntl, "LOCK_EX", 0)
_LOCK_NB = getattr(fcntl, "LOCK_NB", 0)


def _flock(fd: int, operation: int) -> bool:
    """flock, or False when it is refused (or there is no flock here)."""
    if fcntl is None:
        return False
    try:
        fcntl.flock(fd, operation)
        return True
    except OSError:
        return False


def _read(path: str | Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


@contextlib.contextmanager
def _interruptions_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while a temporary file exists, and arrive as soon as it has been
    renamed over the target or removed: arriving between its creation and the ``try`` that
    removes it (or inside ``mkstemp``), they would leave it behind.

    A signal mask holds them for this thread only; a signal sent to the process can still be
    taken by another thread (a thread pool's, a test runner's), whose Python handler then runs
    here. So, in the main thread, the handlers are also swapped for ones that only remember the
    signal, and a remembered signal is raised again once the old handlers are back."""
    pending: list[int] = []
    installed: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in _INTERRUPTIONS:
            try:
                installed[sig] = signal.signal(sig, lambda signum, _frame: pending.append(signum))
            except (OSError, ValueError):
                pass
    try:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTIONS)
    except (AttributeError, OSError, ValueError):  # no signal masks here
        held = None
    try:
        yield
    finally:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        for sig, old in installed.items():
            signal.signal(sig, old)
        for sig in dict.fromkeys(pending):
            signal.raise_signal(sig)


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
