"""Ctrl-C and SIGTERM: one line on stderr, ``gofixer: interrupted``, and exit status 130 or 143.

The status is what shells report for a process a signal ended, 128 + the signal's number (130
for SIGINT, 143 for SIGTERM), so scripts and CI tell an interrupted run from findings (1) and
errors (2). Both signals unwind the program as KeyboardInterrupt, so every ``finally`` runs: a
write in progress finishes or leaves the file as it was, ``go`` processes are ended, temporary
files and worktrees are removed. A second signal while that happens is ignored: the cleanup is
short and must not be cut in half.

This module is imported first by the entry point, before anything slow: the handler is in
place a few milliseconds after the interpreter starts. It imports nothing but ``os``,
``signal`` and ``sys``. At the other end, :func:`end` makes the status decided final.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_received: int | None = None


def on_signal(signum, frame) -> None:
    """The handler of both signals: the first one unwinds, later ones wait for that to end."""
    global _received
    if _received is not None:
        return
    _received = signum
    raise KeyboardInterrupt


def install() -> None:
    """Handle SIGINT and SIGTERM, except one that is ignored: a shell runs background jobs with
    SIGINT ignored (and ``nohup``-like wrappers ignore signals) so they outlive a Ctrl-C."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            if signal.getsignal(sig) is not signal.SIG_IGN:
                signal.signal(sig, on_signal)
        except ValueError:  # not the main thread: the signals are not ours to handle
            pass


def status() -> int:
    return 128 + int(_received if _received is not None else signal.SIGINT)


def say(detail: str = "") -> int:
    """Say so in one line; the interrupt's exit status."""
    global _received
    if _received is None:
        _received = signal.SIGINT  # a KeyboardInterrupt no handler of ours raised; later signals wait too
    try:
        print("gofixer: interrupted" + (f"; {detail}" if detail else ""), file=sys.stderr, flush=True)
    except OSError:
        pass
    return status()


def leave(detail: str = "") -> None:
    """Say so in one line and exit with the interrupt's status (SystemExit)."""
    sys.exit(say(detail))


@contextmanager
def held() -> Iterator[None]:
    """SIGINT and SIGTERM wait (blocked in this thread) until the block ends. A process forked
    meanwhile starts with them blocked, so it cannot run this process's handler before it has
    set up its own."""
    try:
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    except (AttributeError, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def release_in_child(sigint=signal.SIG_IGN, sigterm=signal.SIG_DFL) -> None:
    """In a worker forked under :func:`held`: its own dispositions, then the signals unblocked
    (one that came meanwhile is then handled that way)."""
    signal.signal(signal.SIGINT, sigint)
    signal.signal(signal.SIGTERM, sigterm)
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    except (AttributeError, OSError, ValueError):
        pass


_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def leaving() -> Iterator[None]:
    """A KeyboardInterrupt inside becomes :func:`leave`."""
    try:
        yield
    except KeyboardInterrupt:
        leave()


def end(status) -> None:
    """Exit with ``status`` (what ``sys.exit`` takes). From here on a signal is too late to
    change anything and is held off: during the interpreter's shutdown Python restores the
    default handlers, and a Ctrl-C there would end the process by the signal instead. After an
    interrupt the shutdown is skipped altogether (everything that cleans up has run): CPython
    3.11 can take a KeyboardInterrupt that was caught for an unhandled one and end the process
    by SIGINT instead of with the status."""
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    except (AttributeError, OSError, ValueError):
        pass
    if _received is not None and isinstance(status, int):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(status)
    sys.exit(status)
