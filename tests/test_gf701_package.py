"""GF701 pool-non-pointer: what the golden harness cannot hold (pools shared by several files of
a package) and the rule's documentation."""

from __future__ import annotations

from pathlib import Path

from gofixer import engine
from gofixer.codemods.gf701_pool_non_pointer import PoolNonPointer
from gofixer.rule import Settings

POOL = b"""package p

import "sync"

var bufPool = sync.Pool{
	New: func() any {
		return make([]byte, 4096)
	},
}

func Handle(fill func([]byte)) {
	buf := bufPool.Get().([]byte)
	fill(buf)
	bufPool.Put(buf)
}
"""


def run(path: Path):
    data = path.read_bytes()
    result = engine.process(path.name, data, [PoolNonPointer()], Settings(unsafe_fixes=True), abspath=str(path))
    assert result.error is None, result.error
    return result


def test_doc_has_the_sections() -> None:
    doc = PoolNonPointer.doc()
    for section in ("What it finds", "Why it is bad", "Example", "Fixed", "Fix safety"):
        assert f"\n{section}\n" in f"\n{doc}\n", section


def test_alone_in_its_package_it_is_fixed(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_bytes(POOL)
    result = run(tmp_path / "a.go")
    assert len(result.findings) == 1
    assert b"bufPool.Get().(*[]byte)" in result.fixed


def test_pool_used_by_another_file_is_not_fixed(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_bytes(POOL)
    (tmp_path / "b.go").write_bytes(
        b"package p\n\nfunc Other() []byte {\n\treturn bufPool.Get().([]byte)\n}\n"
    )
    result = run(tmp_path / "a.go")
    assert len(result.findings) == 1
    f = result.findings[0].finding
    assert f.fix is None
    assert "used in other files of the package" in f.message
    assert result.fixed == POOL


def test_another_package_in_the_directory_does_not_count(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_bytes(POOL)
    (tmp_path / "gen.go").write_bytes(b"//go:build ignore\n\npackage main\n\nvar bufPool int\n")
    result = run(tmp_path / "a.go")
    assert result.findings[0].finding.fix is not None


def test_pool_declared_in_another_file_is_reported_without_fix(tmp_path: Path) -> None:
    (tmp_path / "pool.go").write_bytes(
        b'package p\n\nimport s "sync"\n\nvar bufPool = s.Pool{New: func() any { return make([]byte, 64) }}\n'
    )
    use = b"package p\n\nfunc Use() {\n\tb := bufPool.Get().([]byte)\n\tdefer bufPool.Put(b)\n}\n"
    (tmp_path / "use.go").write_bytes(use)
    result = run(tmp_path / "use.go")
    assert len(result.findings) == 1
    f = result.findings[0].finding
    assert f.fix is None and "declared in another file" in f.message
    assert result.fixed == use


def test_struct_field_declared_in_another_file(tmp_path: Path) -> None:
    (tmp_path / "types.go").write_bytes(
        b'package p\n\nimport "sync"\n\ntype Conn struct {\n\tbufs sync.Pool\n}\n'
    )
    (tmp_path / "use.go").write_bytes(
        b"package p\n\nfunc (c *Conn) Use() {\n\tb := c.bufs.Get().([]byte)\n\tc.bufs.Put(b)\n}\n"
    )
    result = run(tmp_path / "use.go")
    assert [x.finding.rule for x in result.findings] == ["GF701"]


def test_field_of_the_same_name_but_another_type_is_silent(tmp_path: Path) -> None:
    (tmp_path / "types.go").write_bytes(
        b'package p\n\nimport "sync"\n\ntype Conn struct {\n\tbufs sync.Pool\n}\n\n'
        b"type list struct{ bufs *free }\n\ntype free struct{}\n\nfunc (*free) Put([]byte) {}\n"
    )
    (tmp_path / "use.go").write_bytes(b"package p\n\nfunc (l *list) Use(b []byte) {\n\tl.bufs.Put(b)\n}\n")
    result = run(tmp_path / "use.go")
    assert result.findings == []


def _findings(tmp_path: Path, src: bytes):
    (tmp_path / "a.go").write_bytes(src)
    return run(tmp_path / "a.go").findings


def test_pool_type_of_another_package_is_silent(tmp_path: Path) -> None:
    src = b"""package p

import "example.com/x/pool"

var bufPool = pool.Pool{New: func() any { return make([]byte, 64) }}

func Use() {
	b := bufPool.Get().([]byte)
	bufPool.Put(b)
}
"""
    assert _findings(tmp_path, src) == []


def test_another_package_imported_as_sync_is_silent(tmp_path: Path) -> None:
    src = b"""package p

import sync "example.com/x/mysync"

var bufPool = sync.Pool{New: func() any { return make([]byte, 64) }}

func Use() {
	b := bufPool.Get().([]byte)
	bufPool.Put(b)
}
"""
    assert _findings(tmp_path, src) == []


def test_dot_imported_sync_is_not_recognised(tmp_path: Path) -> None:
    src = b"""package p

import . "sync"

var bufPool = Pool{New: func() any { return make([]byte, 64) }}

func Use() {
	b := bufPool.Get().([]byte)
	bufPool.Put(b)
}
"""
    assert _findings(tmp_path, src) == []


def test_without_unsafe_fixes_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_bytes(POOL)
    path = str(tmp_path / "a.go")
    result = engine.process("a.go", POOL, [PoolNonPointer()], Settings(unsafe_fixes=False), abspath=path)
    assert len(result.findings) == 1 and result.findings[0].finding.fix is not None
    assert result.fixed == POOL
