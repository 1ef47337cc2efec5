"""Imports are added where goimports would put them; the result is gofmt-clean."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from gofixer import edits
from gofixer.imports import add_imports
from gofixer.source import SourceFile, parse

from .conftest import require_go


def _add(src: bytes, *paths: str) -> bytes:
    s = SourceFile("x.go", src)
    return edits.apply(src, add_imports(s, parse(src).root_node, list(paths)))


CASES = {
    "no imports": (b"package p\n\nfunc f() {}\n", ("time",), b'package p\n\nimport "time"\n\nfunc f() {}\n'),
    "single becomes block": (
        b'package p\n\nimport "context"\n\nfunc f() {}\n',
        ("time",),
        b'package p\n\nimport (\n\t"context"\n\t"time"\n)\n\nfunc f() {}\n',
    ),
    "sorted into std group": (
        b'package p\n\nimport (\n\t"context"\n\t"net/http"\n\n\t"example.com/x"\n)\n',
        ("fmt", "time"),
        b'package p\n\nimport (\n\t"context"\n\t"fmt"\n\t"net/http"\n\t"time"\n\n\t"example.com/x"\n)\n',
    ),
    "before the first": (
        b'package p\n\nimport (\n\t"net/http"\n)\n',
        ("context",),
        b'package p\n\nimport (\n\t"context"\n\t"net/http"\n)\n',
    ),
    "no std group": (
        b'package p\n\nimport (\n\t"example.com/x"\n)\n',
        ("time",),
        b'package p\n\nimport (\n\t"time"\n\n\t"example.com/x"\n)\n',
    ),
    "already imported with alias": (
        b'package p\n\nimport t "time"\n',
        ("time",),
        b'package p\n\nimport t "time"\n',
    ),
    "crlf file": (
        b'package p\r\n\r\nimport (\r\n\t"net/http"\r\n)\r\n',
        ("time",),
        b'package p\r\n\r\nimport (\r\n\t"net/http"\r\n\t"time"\r\n)\r\n',
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_add_imports(name: str):
    src, paths, want = CASES[name]
    assert _add(src, *paths) == want


@pytest.mark.parametrize("name", sorted(CASES))
def test_result_is_gofmt_clean(name: str, tmp_path):
    require_go()
    gofmt = shutil.which("gofmt")
    assert gofmt, "gofmt comes with go"
    src, paths, want = CASES[name]
    if b"\r\n" in want:
        return  # gofmt rewrites CRLF by design; the test above pins the bytes
    f = tmp_path / "x.go"
    f.write_bytes(want)
    out = subprocess.run([gofmt, "-l", str(f)], capture_output=True, text=True)
    assert out.stdout == "" and out.returncode == 0, out.stderr
