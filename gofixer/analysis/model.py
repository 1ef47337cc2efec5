"""The semantic model of one package: built once per package state, asked by every rule.

Like ruff's ``SemanticModel`` and go/analysis's ``Pass``, the model resolves what the syntax
alone does not say, once, so that rules ask instead of re-deriving Go: the package's
declarations (``Declarations``), which declaration a name refers to (``Scopes``), the types
of expressions (``Types``) and what each function does (``Summaries``). A model covers every file of a package as it is in one state:
the file being checked with its current bytes, and its siblings as on disk; a fix pass makes a
new state, and so a new model.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from tree_sitter import Node

from .decls import Declarations
from .files import FileIndex
from .scope import Scopes
from .siblings import PackageView, Sibling, package_name
from .summaries import Summaries
from .syntax import is_test_path
from .types import Types

T = TypeVar("T")

_MODELS_PER_DIR = 2  # package states kept per loaded directory (a fix pass makes a new state)


class PackageModel(Declarations, Scopes, Types, Summaries):
    """Declarations, scopes, types and function summaries of one package (its ``_test.go``
    files included)."""

    def __init__(self, files: list[FileIndex]):
        self.files = files
        self._memos: dict = {}
        self._init_scopes()
        self._init_types()
        self._init_summaries()
        self._collect_declarations()

    def file(self, path: str) -> FileIndex | None:
        """The indexed file at ``path`` (resolved, as the package view gives it)."""
        return next((f for f in self.files if f.path == path), None)

    def memo(self, key: object, make: Callable[[], T]) -> T:
        """A fact derived from the model, made by ``make`` once per model and kept with it (the
        results of go/analysis's shared analyzers): every rule and every file of the package
        asks the same questions of one package state, and a new state makes a new model.
        ``key`` names the fact (a module's name first, so two analyses never share one)."""
        try:
            return self._memos[key]
        except KeyError:
            got = self._memos[key] = make()
            return got


def package_model(
    view: PackageView,
    path: str,
    data: bytes,
    root: Node,
    make: Callable[[list[FileIndex]], PackageModel | None],
    name: str,
    leave_out: Callable[[Sibling], bool] | None = None,
) -> PackageModel | None:
    """The model of the package of the file at ``path`` (with bytes ``data`` and tree ``root``),
    built by ``make`` once per package state and kept as long as ``view`` keeps the directory
    loaded: every file of a package shares it. ``name`` keys the model (different ``make`` or
    ``leave_out`` make different models); ``leave_out`` drops siblings the model need not read.

    The siblings are fixed for as long as the memo lives, so the current file's bytes decide
    which model it belongs to. A file as it is on disk (every file, in a batch run) belongs to
    the model of the package as on disk, which all of them share: found without listing the
    package's files again for each one."""
    own = package_name(data)
    dropped = leave_out or (lambda s: False)
    by_file: dict = view.memo((name, "model by file"), dict)
    me = view.package_memo((name, "files by path"), lambda files: {s.path: s for s in files}).get(path)
    as_on_disk = me is not None and me.package == own and me.source.data == data and not dropped(me)
    mine_key = ("as on disk", own) if as_on_disk else (path, len(data), hash(data))
    if mine_key in by_file:
        return by_file[mine_key]
    mine = [s for s in view.siblings() if s.package == own and not dropped(s)]
    entries = [(path, data, None, is_test_path(path))]
    entries.extend((s.realpath, s.source.data, s, s.is_test) for s in mine)
    entries.sort(key=lambda e: e[0])
    key = tuple((p, len(d), hash(d)) for p, d, _r, _t in entries)
    models: OrderedDict = view.memo((name, "models"), OrderedDict)
    if key in models:
        models.move_to_end(key)
        by_file[mine_key] = models[key]
        return models[key]
    files = [FileIndex(i, p, d, root if s is None else s.tree.root_node, t) for i, (p, d, s, t) in enumerate(entries)]
    model = models[key] = by_file[mine_key] = make(files)
    while len(models) > _MODELS_PER_DIR:
        _k, old = models.popitem(last=False)
        for k in [k for k, v in by_file.items() if v is old]:
            del by_file[k]  # an evicted model (and its trees) must not stay reachable
    return model


def file_model(view: PackageView, path: str, data: bytes, root: Node) -> PackageModel:
    """The model of the file at ``path`` (with bytes ``data`` and tree ``root``) alone, its
    package's other files left out: what the file declares and how its names resolve. For a
    rule that asks about a few names, of the files that spell them (see :func:`sibling_model`),
    rather than build the whole package's model, which parses every file of the package. Kept
    like a package's model, once per state of the file."""
    model = package_model(view, path, data, root, PackageModel, "file alone", lambda s: True)
    assert model is not None
    return model


def sibling_model(view: PackageView, sibling: Sibling) -> PackageModel:
    """The model of another file of the package alone (see :func:`file_model`), made once per
    file and directory state and shared by every file of the package that asks."""
    return view.sibling_fact(
        ("model", "file alone"),
        sibling,
        lambda s: PackageModel([FileIndex(0, s.realpath, s.source.data, s.tree.root_node, s.is_test)]),
    )
