"""Unified diffs on bytes, in git's a/ b/ form so `git apply` and `gofixer apply` take them.

difflib works on lines of bytes here, so CRLF endings and undecodable bytes come through as
they are in the file.
"""

from __future__ import annotations

import difflib


def unified(display: str, old: bytes, new: bytes, context: int = 3) -> bytes:
    if old == new:
        return b""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    name = display.replace("\\", "/").encode("utf-8", "surrogateescape")
    out = []
    for line in difflib.diff_bytes(
        difflib.unified_diff, a, b, fromfile=b"a/" + name, tofile=b"b/" + name, n=context, lineterm=b"\n"
    ):
        if line.startswith((b"---", b"+++", b"@@")):
            out.append(line if line.endswith(b"\n") else line + b"\n")
            continue
        if not line.endswith(b"\n"):
            # last line without a newline: the same marker diff and git use
            line += b"\n\\ No newline at end of file\n"
        out.append(line)
    return b"".join(out)
