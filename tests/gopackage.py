"""Go source for the layer tests: one file parsed, or a small package written to a temporary
directory and modelled as a rule would see it (the same PackageModel the engine builds)."""

from __future__ import annotations

from pathlib import Path

from tree_sitter import Node

from gofixer.analysis import siblings, syntax
from gofixer.analysis.files import FileIndex
from gofixer.analysis.model import PackageModel, package_model
from gofixer.source import parse


def model_of(tmp_path: Path, files: dict[str, str], first: str | None = None) -> tuple[PackageModel, dict[str, FileIndex]]:
    """The package model of ``files`` (name -> Go source) as seen from ``first`` (default: the
    first name in order), and its files by name."""
    siblings.clear()
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    first = first or sorted(files)[0]
    data = (tmp_path / first).read_bytes()
    view = siblings.PackageView(str(tmp_path / first), data)
    model = package_model(view, view.path, data, parse(data).root_node, PackageModel, "test")
    return model, {f.name: f for f in model.files}


def parsed(src: str) -> tuple[bytes, Node]:
    """The bytes of ``src`` and the root of its tree."""
    data = src.encode()
    return data, parse(data).root_node


def func_named(root: Node, data: bytes, name: str) -> Node:
    """The function or method declaration called ``name``; fails the test when there is none."""
    for f in syntax.walk(root):
        if f.type in ("function_declaration", "method_declaration"):
            n = f.child_by_field_name("name")
            if data[n.start_byte : n.end_byte] == name.encode():
                return f
    raise AssertionError(name)
