"""What a file must show in its bytes, before it is parsed, for a rule to find anything in it.

A rule declares its prefilter as data built from this small vocabulary (``Needs``); the engine
asks it of every file, and a file no selected rule needs is never parsed (most files of a
tree: parsing is most of a scan's cost). A prefilter must never turn away a file the rule would
report on: ``tests/test_prefilter.py`` runs every rule with and without it over every Go file
of the tests and examples.

Every need is a necessary condition: ``contains(b"Tick(")`` says that each finding spells
``Tick(``; ``in_package(n)`` that the file or another file of its package satisfies ``n`` (the
siblings' bytes are read, never parsed, and each sibling's answer is kept for the whole
package: every file of a package asks the same question about the others).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import lexical
from .siblings import PackageView
from .syntax import is_test_path


class Need:
    """A test of a file's bytes (and, for some, of its package's other files' bytes)."""

    def holds(self, data: bytes, view: PackageView) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def __and__(self, other: "Need") -> "Need":
        return AllOf((*_parts(self, AllOf), *_parts(other, AllOf)))

    def __or__(self, other: "Need") -> "Need":
        return AnyOf((*_parts(self, AnyOf), *_parts(other, AnyOf)))


def _parts(n: Need, kind: type) -> tuple[Need, ...]:
    return n.needs if isinstance(n, kind) else (n,)


@dataclass(frozen=True)
class AllOf(Need):
    needs: tuple[Need, ...]

    def holds(self, data: bytes, view: PackageView) -> bool:
        return all(n.holds(data, view) for n in self.needs)


@dataclass(frozen=True)
class AnyOf(Need):
    needs: tuple[Need, ...]

    def holds(self, data: bytes, view: PackageView) -> bool:
        return any(n.holds(data, view) for n in self.needs)


@dataclass(frozen=True)
class Contains(Need):
    """All of these byte strings are in the file."""

    words: tuple[bytes, ...]

    def holds(self, data: bytes, view: PackageView) -> bool:
        return all(w in data for w in self.words)


@dataclass(frozen=True)
class Matches(Need):
    """A regular expression finds a match in the file."""

    pattern: re.Pattern[bytes]

    def holds(self, data: bytes, view: PackageView) -> bool:
        return self.pattern.search(data) is not None


@dataclass(frozen=True)
class CallsNamed(Need):
    """A call of one of ``names`` as a whole word (not the end of a longer name), its ``(``
    after blanks only. The word's start is checked by hand: a look-behind in the pattern would
    cost the regular expression its fast scan for the names' bytes (1.1 CPU s over GOROOT/src
    for GF303's eleven names)."""

    names: tuple[bytes, ...]
    pattern: re.Pattern[bytes]

    def holds(self, data: bytes, view: PackageView) -> bool:
        for m in self.pattern.finditer(data):
            at = m.start()
            if at == 0 or data[at - 1] not in lexical.WORD_BYTES:
                return True
        return False


@dataclass(frozen=True)
class Imports(Need):
    """The file may import ``path`` (see :func:`lexical.may_import`)."""

    path: str

    def holds(self, data: bytes, view: PackageView) -> bool:
        return lexical.may_import(data, self.path)


@dataclass(frozen=True)
class Test(Need):
    """A named test of the file's bytes, for what the vocabulary cannot spell (the name shows in
    reprs and test failures)."""

    name: str
    test: Callable[[bytes], bool]

    def holds(self, data: bytes, view: PackageView) -> bool:
        return self.test(data)


@dataclass(frozen=True)
class PackageTest(Need):
    """A named test of the file's bytes and its package's other files (read, not parsed)."""

    name: str
    test: Callable[[bytes, PackageView], bool]

    def holds(self, data: bytes, view: PackageView) -> bool:
        return self.test(data, view)


@dataclass(frozen=True)
class InPackage(Need):
    """The file, or another file of its package, satisfies ``need`` (a bytes-only need)."""

    need: Need
    key: str  # names the question for the per-sibling memo

    def holds(self, data: bytes, view: PackageView) -> bool:
        if self.need.holds(data, view):
            return True
        return any(
            view.sibling_fact(("prefilter", self.key), s, lambda s: self.need.holds(s.source.data, view))
            for s in view.siblings()
        )


@dataclass(frozen=True)
class NotTestFile(Need):
    """The file is not a ``_test.go`` file (the rule never reports in tests)."""

    def holds(self, data: bytes, view: PackageView) -> bool:
        return not is_test_path(view.path)


class _GoStatement(Need):
    def holds(self, data: bytes, view: PackageView) -> bool:
        return lexical.may_have_go_statement(data)

    def __repr__(self) -> str:
        return "go_statement"


class _Always(Need):
    def holds(self, data: bytes, view: PackageView) -> bool:
        return True

    def __repr__(self) -> str:
        return "always"


def contains(*words: bytes) -> Need:
    return Contains(words)


def any_word(*words: bytes) -> Need:
    """At least one of these byte strings is in the file."""
    return AnyOf(tuple(Contains((w,)) for w in words))


def matches(pattern: re.Pattern[bytes] | bytes) -> Need:
    return Matches(re.compile(pattern) if isinstance(pattern, bytes) else pattern)


def calls_named(*names: bytes) -> Need:
    return CallsNamed(names, re.compile(rb"(?:" + b"|".join(re.escape(n) for n in names) + rb")(?=[ \t]*\()"))


def imports(path: str) -> Need:
    return Imports(path)


go_statement: Need = _GoStatement()
always: Need = _Always()
not_test_file: Need = NotTestFile()


def test(name: str, fn: Callable[[bytes], bool]) -> Need:
    return Test(name, fn)


def package_test(name: str, fn: Callable[[bytes, PackageView], bool]) -> Need:
    return PackageTest(name, fn)


def in_package(need: Need, key: str) -> Need:
    return InPackage(need, key)
