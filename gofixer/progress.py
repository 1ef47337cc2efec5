"""Terminal niceties: colour for diffs and a progress bar for long scans.

Both are for people watching a terminal and must never leak into output a program reads:
colour is decided on stdout (``--color auto`` = a terminal, ``NO_COLOR`` unset, ``TERM`` not
``dumb``), the progress bar on stderr, and neither is used for the json/sarif/github formats.
"""

from __future__ import annotations

import os
import re
import sys
from typing import IO

import click

COLOR_CHOICES = ("auto", "always", "never")
PROGRESS_MIN_FILES = 200
MACHINE_FORMATS = ("json", "sarif", "github")

# git's default diff colours: meta bold, frag cyan, old red, new green
_META = b"\x1b[1m"
_FRAG = b"\x1b[36m"
_OLD = b"\x1b[31m"
_NEW = b"\x1b[32m"
_RESET = b"\x1b[m"
_HUNK = re.compile(rb"^(@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@)(.*)$", re.S)


def _isatty(stream: IO | None) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False


def use_color(mode: str, stream: IO | None = None, environ: dict | None = None) -> bool:
    """Whether to colour output written to ``stream`` (default: stdout) for ``--color mode``."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR", "") != "" or env.get("TERM") == "dumb":
        return False
    return _isatty(sys.stdout if stream is None else stream)


def color_diff(diff: bytes) -> bytes:
    """A unified diff with git's colours; line endings (LF or CRLF) stay outside the codes."""
    out = []
    for line in diff.splitlines(keepends=True):
        body = line.rstrip(b"\r\n")
        end = line[len(body) :]
        if body.startswith((b"--- ", b"+++ ")):
            body = _META + body + _RESET
        elif body.startswith(b"@@"):
            m = _HUNK.match(body)
            body = (_FRAG + m.group(1) + _RESET + m.group(2)) if m else _FRAG + body + _RESET
        elif body.startswith(b"-"):
            body = _OLD + body + _RESET
        elif body.startswith(b"+"):
            body = _NEW + body + _RESET
        out.append(body + end)
    return b"".join(out)


def show_progress(total: int, fmt: str = "text", stream: IO | None = None) -> bool:
    """The progress bar's rule: a long run (more than PROGRESS_MIN_FILES files), stderr a
    terminal, and a human format."""
    if fmt in MACHINE_FORMATS or total <= PROGRESS_MIN_FILES:
        return False
    return _isatty(sys.stderr if stream is None else stream)


class Progress:
    """The runner's progress callback: ``progress(done, total)``; draws a bar on stderr when
    :func:`show_progress` says so. Use as a context manager so the bar is finished."""

    def __init__(self, fmt: str = "text", label: str = "Scanning", stream: IO | None = None):
        self.fmt = fmt
        self.label = label
        self.stream = stream
        self._bar = None
        self._decided = False
        self._done = 0

    def __call__(self, done: int, total: int) -> None:
        if not self._decided:
            self._decided = True
            stream = self.stream if self.stream is not None else sys.stderr
            if show_progress(total, self.fmt, stream):
                self._bar = click.progressbar(
                    length=total, label=self.label, file=stream, show_pos=True, update_min_steps=max(1, total // 200)
                )
                self._bar.__enter__()
        if self._bar is not None and done > self._done:
            self._bar.update(done - self._done)
        self._done = max(self._done, done)

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
