"""Which files some build compiles: the constraint evaluator and discovery's use of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixer import discover
from gofixer.analysis.build import has_constraint, in_some_build


@pytest.mark.parametrize(
    "name, header, built",
    [
        ("a.go", "", True),
        ("a.go", "//go:build ignore\n", False),
        ("a.go", "// +build ignore\n", False),
        ("a.go", "//go:build !ignore\n", True),
        ("a.go", "//go:build linux && windows\n", False),
        ("a.go", "//go:build linux || windows\n", True),
        ("a.go", "//go:build integration\n", True),  # a custom tag some build may set
        ("a.go", "//go:build ignore || integration\n", True),
        ("a.go", "//go:build (linux && amd64) || (darwin && !cgo)\n", True),
        ("a.go", "//go:build unix && windows\n", False),
        ("a.go", "//go:build unix && !linux\n", True),
        ("a.go", "//go:build android && !linux\n", False),  # android implies linux
        ("a_windows.go", "//go:build linux\n", False),  # the name says windows
        ("a_windows.go", "//go:build !linux\n", True),
        ("a_linux_arm64.go", "//go:build amd64\n", False),
        ("a_linux_test.go", "//go:build !linux\n", False),
        ("a.go", "// +build linux,windows\n", False),  # old form: commas AND
        ("a.go", "// +build linux windows\n", True),  # spaces OR
        ("a.go", "// +build linux\n// +build windows\n", False),  # lines AND
        ("a.go", "//go:build ((\n", True),  # unreadable: kept
        ("a.go", "// Package a does things.\n// It is built everywhere.\n", True),
    ],
)
def test_in_some_build(name: str, header: str, built: bool) -> None:
    assert in_some_build(name, (header + "\npackage a\n").encode()) is built


def test_a_constraint_after_the_package_clause_is_no_constraint() -> None:
    assert in_some_build("a.go", b"package a\n\n//go:build ignore\n")
    assert not has_constraint("a.go", b"package a\n\n//go:build ignore\n")
    assert has_constraint("a_linux.go", b"package a\n") and has_constraint("a.go", b"//go:build x\n\npackage a\n")


def test_discovery_skips_unbuildable_files_unless_named(tmp_path: Path) -> None:
    (tmp_path / "main.go").write_text("package main\n\nfunc main() {}\n")
    (tmp_path / "gen.go").write_text("//go:build ignore\n\npackage main\n\nfunc main() {}\n")
    (tmp_path / "never_windows.go").write_text("//go:build linux\n\npackage main\n")
    walked = [f.display for f in discover.expand(["./..."], tmp_path)]
    assert walked == ["main.go"]
    named = [f.display for f in discover.expand(["gen.go"], tmp_path)]
    assert named == ["gen.go"]
