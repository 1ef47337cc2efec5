"""The other files of a file's package, for rules that must look past one file.

A type's methods and the goroutines that use it are often spread over a package's files
(GF403 needs both). Siblings are read from disk and parsed lazily, once per worker process, and
only by the rules that ask; a file the engine has parsed itself keeps its tree here when a rule
says it will read the whole package (:func:`offer_tree`), so no file is parsed twice.

Memory is bounded: the loaded state of at most ``_KEEP`` directories is kept (their files, the
trees parsed so far and what rules derived from them with :meth:`PackageView.memo`); a tree
costs about 20 bytes per source byte, so the runner hands each worker whole directories, one
after the other, and the previous directory's trees are freed when the next one is loaded.

In a batch run (``snapshot(True)``, set by the runner) the files do not change while they are
checked, so a directory is listed and stat'ed once, not once per file; the language server
leaves it off and re-lists on every check (cheap), re-reading only files whose size or mtime
changed since the last check.
"""

from __future__ import annotations

import functools
import os
import re
from collections import OrderedDict
from typing import Any, Callable

import tree_sitter

from ..source import SourceFile, parse

_PACKAGE = re.compile(rb"^package[ \t]+([A-Za-z_][A-Za-z0-9_]*)", re.M)
_KEEP = 2  # directories whose files (and trees) are kept loaded


class Sibling:
    """One other file of the package. Its tree is parsed on first use, so a rule can rule a
    package out by a byte search of the files before paying for any parse."""

    __slots__ = ("path", "source", "is_test", "_tree", "_package", "_realpath")

    def __init__(self, path: str, source: SourceFile, is_test: bool):
        self.path = path
        self.source = source
        self.is_test = is_test
        self._tree: tree_sitter.Tree | None = None
        self._package: str | None | bool = False
        self._realpath: str | None = None

    @property
    def tree(self) -> tree_sitter.Tree:
        if self._tree is None:
            self._tree = parse(self.source.data)
        return self._tree

    @property
    def package(self) -> str | None:
        """The name in the file's package clause (computed once)."""
        if self._package is False:
            self._package = package_name(self.source.data)
        return self._package  # type: ignore[return-value]

    @property
    def realpath(self) -> str:
        """``os.path.realpath`` of the file (computed once)."""
        if self._realpath is None:
            self._realpath = os.path.realpath(self.path)
        return self._realpath


def package_name(data: bytes) -> str | None:
    m = _PACKAGE.search(data)
    return m.group(1).decode() if m else None


class _Dir:
    """One directory's Go files as loaded for one state of the directory (its stamp)."""

    __slots__ = ("stamp", "files", "by_entry", "memo", "_by_package")

    def __init__(self, stamp: tuple, by_entry: dict[tuple, Sibling]):
        self.stamp = stamp
        self.by_entry = by_entry  # (name, mtime_ns, size) -> the file as read
        self.files = tuple(by_entry.values())
        self.memo: dict[Any, Any] = {}
        self._by_package: dict[str, tuple[Sibling, ...]] = {}

    def package_files(self, name: str) -> tuple[Sibling, ...]:
        """The files of package ``name`` (a ``_test`` suffix ignored) and of its external test
        package, computed once per directory state instead of once per file's view."""
        own = name.removesuffix("_test")
        got = self._by_package.get(own)
        if got is None:
            got = self._by_package[own] = tuple(s for s in self.files if s.package in (own, own + "_test"))
        return got


_dirs: OrderedDict[str, _Dir] = OrderedDict()
_snapshot = False
_listings: dict[str, tuple] = {}


def snapshot(on: bool) -> None:
    """Treat the files on disk as unchanging (a batch run) or not (the language server).

    Either way every loaded directory is forgotten, so a new run never sees an old one's files.
    """
    global _snapshot
    _snapshot = on
    _real_dir.cache_clear()
    clear()


def clear() -> None:
    """Forget every loaded directory (their trees are freed) and every cached listing."""
    _dirs.clear()
    _listings.clear()


def _stamp(directory: str) -> tuple | None:
    """(name, mtime_ns, size) of the directory's Go files, sorted by name."""
    if _snapshot:
        got = _listings.get(directory)
        if got is not None:
            return got
    stamp = []
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return None
    for e in entries:
        # the current file is loaded too and dropped by the view: one entry serves every file
        if not e.name.endswith(".go") or e.name.startswith((".", "_")):
            continue
        try:
            st = e.stat()
        except OSError:
            continue
        if e.is_file():
            stamp.append((e.name, st.st_mtime_ns, st.st_size))
    out = tuple(stamp)
    if _snapshot:
        _listings[directory] = out
    return out


def _read(path: str, name: str) -> Sibling | None:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    if b"\x00" in data:
        return None
    return Sibling(path, SourceFile(path, data), name.endswith("_test.go"))


def _load(directory: str, stamp: tuple) -> _Dir:
    d = _dirs.get(directory)
    if d is not None and d.stamp == stamp:
        _dirs.move_to_end(directory)
        return d
    # files whose name, mtime and size are unchanged are not read again (an editor saving one
    # file of a package re-reads that file only)
    old = d.by_entry if d is not None else {}
    by_entry: dict[tuple, Sibling] = {}
    for entry in stamp:
        s = old.get(entry) or _read(os.path.join(directory, entry[0]), entry[0])
        if s is not None:
            by_entry[entry] = s
    d = _Dir(stamp, by_entry)
    _dirs[directory] = d
    _dirs.move_to_end(directory)
    while len(_dirs) > _KEEP:
        _dirs.popitem(last=False)
    return d


def loaded_tree(path: str | None, data: bytes) -> tree_sitter.Tree | None:
    """The tree already parsed for the file at ``path`` as a sibling, if its bytes are ``data``
    (the engine then does not parse the same file twice)."""
    s = _loaded_sibling(path, data)
    return None if s is None else s._tree


def offer_tree(path: str | None, data: bytes, tree: tree_sitter.Tree) -> None:
    """Keep the engine's tree of the file at ``path`` (whose bytes are ``data``) as its sibling's,
    so that a rule that later reads the whole package does not parse it again. The engine offers
    only what a package-wide rule may ask for: the tree then lives as long as the directory stays
    loaded."""
    s = _loaded_sibling(path, data)
    if s is not None and s._tree is None:
        s._tree = tree


def _loaded_sibling(path: str | None, data: bytes) -> Sibling | None:
    """The loaded sibling entry of the file at ``path``, if its bytes are ``data``."""
    if not path or not _dirs:
        return None
    try:
        p = _realpath(path)
    except OSError:
        return None
    d = _dirs.get(os.path.dirname(p))
    if d is None:
        return None
    for s in d.files:
        if s.path == p:
            return s if s.source.data == data else None
    return None


@functools.lru_cache(maxsize=1024)
def _real_dir(directory: str) -> str:
    return os.path.realpath(directory)


def _realpath(path: str) -> str:
    """``os.path.realpath(path)`` with the directory's resolution remembered: the engine makes a
    view for every file it checks, and resolving each path component anew cost more than the
    rest of the view. Only in a batch run (:func:`snapshot`), whose files do not move; the
    language server resolves every path anew."""
    if not _snapshot:
        return os.path.realpath(path)
    path = os.path.abspath(path)
    full = os.path.join(_real_dir(os.path.dirname(path)), os.path.basename(path))
    return os.path.realpath(full) if os.path.islink(full) else full


class PackageView:
    """Sibling files of the same package (same directory and package clause), current file excluded."""

    def __init__(self, path: str | None, data: bytes):
        self._path = _realpath(path) if path else None  # a str: pathlib costs more than the view
        self._name = package_name(data)
        self._files: tuple[Sibling, ...] | None = None
        self._dir: _Dir | None = None

    @property
    def path(self) -> str | None:
        """The file's resolved path (None for a buffer without one)."""
        return self._path

    def siblings(self) -> tuple[Sibling, ...]:
        if self._files is None:
            self._files = self._siblings()
        return self._files

    def memo(self, key: Any, make: Callable[[], Any]) -> Any:
        """A value derived from the package's files, kept as long as the directory stays loaded
        (and dropped with its trees): ``make()`` runs once per key and directory state. The key
        must identify everything the value depends on besides the siblings on disk (the current
        file's bytes, usually)."""
        d = self._directory()
        if d is None:
            return make()
        memo = d.memo
        if key not in memo:
            memo[key] = make()
        return memo[key]

    def sibling_fact(self, key: Any, sibling: Sibling, compute: Callable[[Sibling], Any]) -> Any:
        """``compute(sibling)``, once per key, sibling and directory state. Every file of a
        package sees the others as siblings, so a rule that asks each file's siblings the same
        question would otherwise answer it once per file of the package (quadratic)."""
        facts = self.memo(("sibling fact", key), dict)
        if sibling.path not in facts:
            facts[sibling.path] = compute(sibling)
        return facts[sibling.path]

    def package_memo(self, key: Any, make: Callable[[tuple[Sibling, ...]], Any]) -> Any:
        """``make(files)`` over every file of the package as on disk, the current one included,
        once per key and directory state: a fact about the whole package that every file of it
        shares (for a per-file question the siblings alone would give each file a different
        answer, computed anew). Subtract the current file's own part with :attr:`path`."""
        d = self._directory()
        if d is None or self._name is None:
            return make(self.siblings())
        own = self._name.removesuffix("_test")
        return self.memo(("package", own, key), lambda: make(d.package_files(own)))

    def _directory(self) -> _Dir | None:
        """The loaded directory this view answers from, loaded on first use without listing
        the siblings (a per-package question does not need this file's own sibling list)."""
        if self._dir is None and self._files is None:
            self._dir = self._loaded()
        return self._dir

    def _loaded(self) -> _Dir | None:
        """The directory's files as loaded for its current state (None without a path)."""
        if self._path is None or self._name is None:
            return None
        directory = os.path.dirname(self._path)
        stamp = _stamp(directory)
        return None if stamp is None else _load(directory, stamp)

    def _siblings(self) -> tuple[Sibling, ...]:
        d = self._loaded()
        if d is None:
            return ()
        self._dir = d
        me = self._path
        return tuple(s for s in d.package_files(self._name) if s.path != me)
