"""The rule contract and the context a rule runs in.

Modelled on go/analysis (Analyzer/Pass/Diagnostic) and ruff (one rule per module, its docstring
is its documentation): a rule is a pure function from a parsed file to findings. It never reads or
writes files, never runs ``go`` and keeps no state between files; the engine owns all of that, so
rules can run in any worker process and in any order.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import tree_sitter

from .analysis import concurrency, files, prefilter
from .analysis.files import FileIndex
from .analysis.model import PackageModel, package_model
from .analysis.prefilter import Need
from .analysis.siblings import PackageView
from .model import Finding, Fix, FixClass
from .source import SourceFile, load_query


@dataclass(frozen=True)
class Settings:
    """Options a rule may read, from the command line and the file's .gofixer.toml.

    Frozen and hashable: the runner groups files by their settings and hands each group to the
    worker processes once.
    """

    unsafe_fixes: bool = False
    http: tuple[tuple[str, str], ...] = ()
    # rules whose preview variants are reported (all selected rules with --preview, else those
    # named exactly in the selection)
    preview: frozenset[str] = frozenset()

    def http_timeout(self, name: str) -> str:
        """A configured Go duration (``read_header_timeout``…), or the built-in default."""
        from .config import HTTP_DEFAULTS

        return dict(self.http).get(name, HTTP_DEFAULTS[name])


@dataclass
class FileContext:
    """Everything a rule may look at for one file (the ``Pass`` of go/analysis)."""

    source: SourceFile
    tree: tree_sitter.Tree
    go_version: tuple[int, int] | None = None
    settings: Settings = field(default_factory=Settings)
    abspath: str | None = None  # where the file lives, so rules can see its package
    _imports: dict[str, str] | None = field(default=None, init=False, repr=False)
    _package: PackageView | None = field(default=None, init=False, repr=False)
    _model: PackageModel | None = field(default=None, init=False, repr=False)
    _concurrency_model: PackageModel | None = field(default=None, init=False, repr=False)

    @property
    def package(self) -> PackageView:
        """The other files of this package, parsed on first use (see gofixer.package)."""
        if self._package is None:
            self._package = PackageView(self.abspath, self.data)
        return self._package

    @property
    def path(self) -> str:
        """The file's resolved path (as the package view resolved it), or its display path."""
        return self.package.path or self.source.path

    @property
    def model(self) -> PackageModel:
        """The semantic model of the file's package (every file of it, tests included), built
        on first use and shared by every rule and every file of the package in this state."""
        if self._model is None:
            self._model = package_model(self.package, self.path, self.data, self.root, PackageModel, "model")
        return self._model

    @property
    def index(self) -> FileIndex:
        """This file in the package model."""
        f = self.model.file(self.path)
        assert f is not None
        return f

    @property
    def concurrency_model(self) -> PackageModel:
        """The package's model for questions of concurrency (see
        :func:`gofixer.analysis.concurrency.package_model`: generated files that show no
        concurrency left out), shared by the rules about goroutines sharing data and locks."""
        if self._concurrency_model is None:
            self._concurrency_model = concurrency.package_model(self.package, self.path, self.data, self.root)
        return self._concurrency_model

    @property
    def concurrency_index(self) -> FileIndex:
        """This file in the concurrency model."""
        f = self.concurrency_model.file(self.path)
        assert f is not None
        return f

    def share_package(self, view: PackageView) -> None:
        """Use a package view already made for this file's bytes (the engine's prefilter
        made one), so the siblings it listed are not listed again."""
        self._package = view

    def go_at_least(self, major: int, minor: int) -> bool:
        """Does the module's go directive allow a feature of Go major.minor? Unknown: no."""
        return self.go_version is not None and self.go_version >= (major, minor)

    @property
    def data(self) -> bytes:
        return self.source.data

    @property
    def root(self) -> tree_sitter.Node:
        return self.tree.root_node

    @property
    def imports(self) -> dict[str, str]:
        """Import path -> local name, computed once per file."""
        if self._imports is None:
            self._imports = files.import_names(self.root, self.data)
        return self._imports

    def import_name(self, path: str) -> str | None:
        """The name ``path`` is used by here, or None when it is not imported (or only for effect)."""
        name = self.imports.get(path)
        return None if name in (None, "_") else name

    def text(self, node: tree_sitter.Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def btext(self, node: tree_sitter.Node) -> bytes:
        return self.data[node.start_byte : node.end_byte]


@functools.cache
def _query_path(module: str, name: str) -> str:
    return str(Path(inspect.getfile(sys.modules[module])).with_name(name))


class Rule:
    """Base class of every codemod: a rule declares data and one entry point, ``check``.

    The data: ``code``, ``name``, ``summary``, ``fix_class``, its documentation (the module's
    docstring), its ``tier``, and what its prefilter needs (``needs``, declared with the
    vocabulary of :mod:`gofixer.analysis.prefilter`). The per-file index, the package model and
    every performance hook are the engine's and the layer's (see CONTRIBUTING.md).
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    fix_class: ClassVar[FixClass]
    # what a file must show in its bytes for the rule to find anything (see
    # gofixer.analysis.prefilter): a file no selected rule needs is never parsed
    needs: ClassVar[Need] = prefilter.always
    # the rule models the whole package when this holds: the engine keeps the file's tree with
    # the package's files, rather than have the model parse the same bytes again
    package_trees: ClassVar[Need | None] = None
    # chosen only when named exactly (by code or name), never by ALL or a family
    opt_in: ClassVar[bool] = False
    # "preview": below the default tier's precision on real code (docs/precision.md), so run
    # only with --preview or when named exactly in the selection; a default rule may still mark
    # single findings as preview variants (``self.finding(..., preview=True)``)
    tier: ClassVar[str] = "default"
    # its findings depend on a model of the whole package, costly to rebuild: the language
    # server answers a keystroke without it first, then runs it (see gofixer.lsp)
    package_wide: ClassVar[bool] = False
    query_file: ClassVar[str | None] = None

    def check(self, ctx: FileContext) -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def check_suppressions(self, ctx: FileContext, sup, rules: Sequence["Rule"]) -> Iterator[Finding]:
        """Findings about the file's suppression comments, once every rule's findings have gone
        through them (``sup`` records which comment silenced what). Only GF001 has any."""
        return iter(())

    # helpers for subclasses -------------------------------------------------------------------

    def query(self) -> tree_sitter.Query:
        """The rule's .scm query, which lives beside its module.

        ``captures(self.query(), ctx.root)`` is served from one combined pass over the file for
        all the file's rules that have a query (see :func:`gofixer.source.shared_captures`).
        """
        path = self.query_path()
        assert path is not None
        return load_query(path)

    @classmethod
    def query_path(cls) -> str | None:
        """Where the rule's .scm file is, or None for a rule without one."""
        if cls.query_file is None:
            return None
        return _query_path(cls.__module__, cls.query_file)

    def finding(self, node: tree_sitter.Node, message: str, fix: Fix | None = None, preview: bool = False) -> Finding:
        return Finding(self.code, self.name, node.start_byte, node.end_byte, message, fix, preview)

    @classmethod
    def doc(cls) -> str:
        """The rule's documentation: its module docstring."""
        return inspect.cleandoc(sys.modules[cls.__module__].__doc__ or cls.summary)

    def wants(self, data: bytes, view: PackageView) -> bool:
        """The prefilter, asked of the file's bytes before it is parsed: a file no selected rule
        wants is never parsed. It must never say no to a file the rule would report on (a test
        runs every rule with and without it)."""
        return self.needs.holds(data, view)

    def keeps_package_trees(self, data: bytes, view: PackageView) -> bool:
        return self.package_trees is not None and self.package_trees.holds(data, view)
