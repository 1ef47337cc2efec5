"""The other files of a file's package, for rules that must look past one file.

A type's methods and the goroutines that use it are often spread over a package's files
(GF403 needs both). Siblings are read from disk and parsed lazily, once per worker process, and
only by the rules that ask.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import tree_sitter

from .source import SourceFile, parse

_PACKAGE = re.compile(rb"^package[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.M)


class Sibling:
    """One other file of the package. Its tree is parsed on first use, so a rule can rule a
    package out by a byte search of the files before paying for any parse."""

    __slots__ = ("path", "source", "is_test", "_tree")

    def __init__(self, path: str, source: SourceFile, is_test: bool):
        self.path = path
        self.source = source
        self.is_test = is_test
        self._tree: tree_sitter.Tree | None = None

    @property
    def tree(self) -> tree_sitter.Tree:
        if self._tree is None:
            self._tree = parse(self.source.data)
        return self._tree


def package_name(data: bytes) -> str | None:
    m = _PACKAGE.search(data)
    return m.group(1).decode() if m else None


@functools.lru_cache(maxsize=4)
def _load(directory: str, stamp: tuple) -> tuple[Sibling, ...]:
    out = []
    for name, _mtime, _size in stamp:
        p = os.path.join(directory, name)
        try:
            with open(p, "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        if b"\x00" in data:
            continue
        out.append(Sibling(p, SourceFile(p, data), name.endswith("_test.go")))
    return tuple(out)


class PackageView:
    """Sibling files of the same package (same directory and package clause), current file excluded."""

    def __init__(self, path: str | None, data: bytes):
        self._path = Path(path).resolve() if path else None
        self._name = package_name(data)
        self._files: tuple[Sibling, ...] | None = None

    def siblings(self) -> tuple[Sibling, ...]:
        if self._files is None:
            self._files = self._read()
        return self._files

    def _read(self) -> tuple[Sibling, ...]:
        if self._path is None or self._name is None:
            return ()
        directory = self._path.parent
        stamp = []
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            return ()
        for e in entries:
            # the current file is loaded too and dropped below: one cache entry serves every
            # file of the directory
            if not e.name.endswith(".go") or e.name.startswith((".", "_")):
                continue
            try:
                st = e.stat()
            except OSError:
                continue
            if e.is_file():
                stamp.append((e.name, st.st_mtime_ns, st.st_size))
        own = self._name.removesuffix("_test")
        me = str(self._path)
        return tuple(
            s
            for s in _load(str(directory), tuple(stamp))
            if s.path != me and package_name(s.source.data) in (own, own + "_test")
        )
