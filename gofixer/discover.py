"""Turn command-line paths into the Go files to look at, the way Go tools do.

``./...`` and a plain directory both mean "this tree"; while walking we skip what the go tool
skips (vendor/, testdata/, directories starting with ``.`` or ``_``), generated files and files
no build compiles (``//go:build ignore``), but a file named explicitly is always taken: the user
asked for it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .analysis.build import in_some_build

_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$", re.M)
_PACKAGE = re.compile(rb"^package[ \t]", re.M)


class PathError(ValueError):
    """A path on the command line that cannot be used (one line, shown to the user)."""


@dataclass(frozen=True)
class GoFile:
    path: Path  # absolute
    display: str  # as shown to the user: relative to the current directory when below it
    explicit: bool = False


def is_generated(data: bytes) -> bool:
    """The Go convention (go.dev/s/generatedcode): the marker on a line before the package clause."""
    m = _PACKAGE.search(data)
    head = data[: m.start()] if m else data[:4096]
    return _GENERATED.search(head) is not None


def _skip_dir(name: str) -> bool:
    return name in ("vendor", "testdata") or name.startswith((".", "_"))


def display_path(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def expand(args: list[str] | tuple[str, ...], cwd: Path | None = None) -> list[GoFile]:
    """All Go files the arguments name, sorted and without duplicates."""
    cwd = (cwd or Path.cwd()).resolve()
    seen: set[str] = set()
    out: list[GoFile] = []
    for arg in args or ("./...",):
        spec = arg
        if spec == "..." or spec.endswith("/..."):
            spec = spec[: -len("...")] or "."
        p = Path(spec)
        if not p.is_absolute():
            p = cwd / p
        if not p.exists():
            raise PathError(f"{arg}: no such file or directory")
        if p.is_file():
            if p.suffix != ".go":
                raise PathError(f"{arg}: not a .go file")
            ap = p.resolve() if not p.is_symlink() else p.absolute()
            if str(ap) not in seen:
                seen.add(str(ap))
                out.append(GoFile(ap, display_path(ap, cwd), explicit=True))
            continue
        root = p.resolve()
        prefix = _display_prefix(root, cwd)
        below = len(os.path.join(str(root), ""))  # where a walked path's part below root starts
        for f in _walk(str(root)):
            if f not in seen:
                seen.add(f)
                path = Path(f)
                out.append(GoFile(path, prefix + f[below:] if prefix is not None else display_path(path, cwd)))
    out.sort(key=lambda g: g.display)
    return out


def _display_prefix(root: Path, cwd: Path) -> str | None:
    """What a walked file's path below ``root`` is shown after (its display is then a string
    join, not a pathlib computation per file), or None when ``root`` is not below ``cwd``."""
    try:
        rel = root.relative_to(cwd)
    except ValueError:
        return None
    return "" if str(rel) == "." else str(rel) + os.sep


def _walk(root: str) -> list[str]:
    """The Go files below ``root`` that are not generated, with os calls and str paths: this runs
    in the one main process before any worker starts, once per file of the tree."""
    found: list[str] = []
    todo = [root]
    while todo:
        directory = todo.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for e in entries:
            name = e.name
            try:
                # follow_symlinks=False: like the go tool, a symlinked directory is not entered
                # (so a link loop cannot make us walk forever)
                if e.is_dir(follow_symlinks=False):
                    if not _skip_dir(name):
                        subdirs.append(e.path)
                    continue
                if not name.endswith(".go") or name.startswith((".", "_")) or not e.is_file():
                    continue
            except OSError:
                continue
            path = e.path
            try:
                fd = os.open(path, os.O_RDONLY)
                try:
                    head = os.read(fd, 8192)
                finally:
                    os.close(fd)
            except OSError:
                found.append(path)  # reported when the engine fails to read it
                continue
            if not is_generated(head) and in_some_build(name, head):
                found.append(path)
        todo.extend(reversed(subdirs))
    return found


def find_module_root(directory: Path, memo: dict[Path, Path | None] | None = None) -> Path | None:
    """Nearest directory at or above ``directory`` holding a go.mod.

    With ``memo`` (kept by the caller across calls), the answer for every directory passed on
    the way up is remembered, so a whole tree costs one stat per directory, not one per level
    up to the root for each."""
    if memo is not None and directory in memo:
        return memo[directory]
    if (directory / "go.mod").is_file():
        root: Path | None = directory
    elif directory.parent == directory:
        root = None
    else:
        root = find_module_root(directory.parent, memo)
    if memo is not None:
        memo[directory] = root
    return root


_GO_DIRECTIVE = re.compile(rb"^go[ \t]+([0-9]+)\.([0-9]+)(?:\.([0-9]+))?", re.M)


def parse_go_version(gomod: bytes) -> tuple[int, int] | None:
    m = _GO_DIRECTIVE.search(gomod)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2))


def module_go_version(gomod_path: str | Path | None) -> tuple[int, int] | None:
    """The ``go`` directive of a go.mod; None when there is no go.mod or no directive."""
    if gomod_path is None:
        return None
    try:
        return parse_go_version(Path(gomod_path).read_bytes())
    except OSError:
        return None
