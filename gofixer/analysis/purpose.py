"""What a file's code is for: a test, test support, an example program, a debugging endpoint.

Hardening rules (timeouts a deployed server or client should have) are about code that runs in
production. A ``_test.go`` file never does; neither does a package whose only reason to exist is
to help tests (``httptest``, a test harness that imports ``testing``), and an example program is
a demonstration whose reader copies the idea, not the binary. These answers come from Go's
conventions as written in the code and the tree, never from a module's name:

- test support: a non-test file of the package imports ``testing`` (helpers that take a
  ``*testing.T``), or the package's name says so: the standard library's convention for test
  helper packages, a ``footest`` package beside or below the ``foo`` it helps test
  (``net/http/httptest``) or in a ``testing`` directory (``testing/iotest``, ``testing/fstest``),
  or one of the usual names of test code (``testutil``, ``testutils``, ``testhelpers``,
  ``tests``, ``e2e``); a name merely ending in ``test`` (``latest``, ``contest``) is not enough;
- example code: a directory between the module's root (its ``go.mod``) and the file is named
  ``example`` or ``examples`` (the ``_example`` form is never walked at all);
- a debugging endpoint: the package imports ``net/http/pprof`` for its side effect, which
  registers the profiling handlers on ``http.DefaultServeMux``.
"""

from __future__ import annotations

import functools
import os
import re

from .siblings import PackageView, package_name
from .syntax import is_test_path

_TESTING_IMPORT = re.compile(rb'(?m)^\s*(?:import\s+)?(?:[\w.]+\s+)?["`]testing["`]')
_EXAMPLE_DIRS = frozenset({"example", "examples"})
_TEST_PACKAGES = frozenset({"testutil", "testutils", "testhelper", "testhelpers", "testing", "tests", "e2e"})


def _imports_testing(data: bytes) -> bool:
    """Does the file import package testing (by the bytes: an import line naming it)?"""
    return b"testing" in data and _TESTING_IMPORT.search(data) is not None


def test_support(path: str | None, data: bytes, view: PackageView) -> bool:
    """Is the file's package there to help tests: its name ends in ``test`` (``httptest``),
    or a non-test file of it imports ``testing``? (A ``_test.go`` file is a test, not support:
    ask :func:`gofixer.analysis.syntax.is_test_path`.)"""
    name = package_name(data)
    if name is None or name == "main":
        return False
    if name in _TEST_PACKAGES or _helper_of_tests(path, name):
        return True
    if not is_test_path(path) and _imports_testing(data):
        return True
    return view.package_memo(
        "imports testing", lambda files: any(not s.is_test and _imports_testing(s.source.data) for s in files)
    )


def _helper_of_tests(path: str | None, name: str) -> bool:
    """``footest`` in a directory ``foo/footest`` (or ``foo/.../footest``) or ``testing/footest``."""
    if not name.endswith("test") or name.endswith("_test") or len(name) <= 4 or not path:
        return False
    stem = name[: -len("test")]
    parts = os.path.normpath(os.path.dirname(path)).split(os.sep)
    return len(parts) >= 2 and parts[-1] == name and (stem in parts[:-1] or parts[-2] == "testing")


@functools.lru_cache(maxsize=4096)
def _module_root(directory: str) -> str | None:
    """The nearest directory at or above ``directory`` that holds a ``go.mod``."""
    d = directory
    while True:
        if os.path.isfile(os.path.join(d, "go.mod")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def example_code(path: str | None) -> bool:
    """Is the file under a directory named ``example`` or ``examples`` inside its module: a
    program or package written to show how something is used? (Directories above the
    module's root are the user's, not the module's.)"""
    if not path:
        return False
    full = os.path.abspath(str(path))
    root = _module_root(os.path.dirname(full))
    rel = os.path.relpath(os.path.dirname(full), root) if root else os.path.dirname(str(path))
    parts = rel.replace("\\", "/").split("/")
    return any(p in _EXAMPLE_DIRS for p in parts)


def serves_profiles(imports: dict[str, str]) -> bool:
    """Does the file import ``net/http/pprof`` (for its side effect or by name)? Then
    ``http.DefaultServeMux`` carries the profiling handlers, and a server of it is a debugging
    endpoint."""
    return "net/http/pprof" in imports
