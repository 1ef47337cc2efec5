"""Hostile and unusual input: one-line messages, no traceback, files never damaged."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from gofixer import engine, registry
from gofixer.rule import Settings

from .conftest import require_go

LEAK = b"""func Load(parent context.Context) error {
\tctx, _ := context.WithTimeout(parent, time.Second)
\treturn ctx.Err()
}
"""
HEADER = b'package p\n\nimport (\n\t"context"\n\t"time"\n)\n\n'


def _process(data: bytes, fix: bool = True):
    return engine.process("x.go", data, [r() for r in registry.all_rules()], Settings(unsafe_fixes=True), fix=fix)


def gofixer(*args: str, cwd: Path):
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True)


def _module(tmp_path: Path, files: dict[str, bytes]) -> Path:
    (tmp_path / "go.mod").write_bytes(b"module example.com/m\n\ngo 1.22\n")
    for name, data in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return tmp_path


def test_random_bytes_and_nul_bytes_never_crash():
    rnd = random.Random(1234)
    for _ in range(200):
        blob = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 400)))
        res = _process(HEADER + blob)
        assert res.fixed == res.original or res.error is None
    res = _process(HEADER + b"\x00" + LEAK)
    assert res.error and "NUL" in res.error and res.fixed == res.original


def test_syntax_error_elsewhere_still_fixes_clean_declarations():
    broken = b"func Broken() {\n\ts := new(int(3)) +\n}\n\n"
    res = _process(HEADER + broken + LEAK)
    assert res.warning and res.warning.startswith("syntax error at 9:")
    assert b"defer cancel()" in res.fixed
    assert broken in res.fixed  # the declaration with the error is byte-for-byte as it was


def test_syntax_error_in_the_finding_declaration_is_left_alone():
    data = HEADER + LEAK.replace(b"return ctx.Err()", b"return ctx.Err( +")
    res = _process(data)
    assert res.findings == [] and res.fixed == data


def test_crlf_bom_and_non_utf8_bytes_survive(tmp_path):
    data = b"\xef\xbb\xbf" + (HEADER + b"// caf\xe9 \xff\n" + LEAK).replace(b"\n", b"\r\n")
    res = _process(data)
    assert b"\tdefer cancel()\r\n" in res.fixed
    assert res.fixed.startswith(b"\xef\xbb\xbf")
    assert b"// caf\xe9 \xff\r\n" in res.fixed
    assert b"\n" not in res.fixed.replace(b"\r\n", b"")


def test_mixed_line_endings_use_the_line_own():
    data = HEADER + LEAK.replace(b"time.Second)\n", b"time.Second)\r\n")
    res = _process(data)
    assert b"time.Second)\r\n\tdefer cancel()\r\n" in res.fixed


def test_huge_single_line_and_long_file():
    res = _process(HEADER + b"var x = `" + b"a" * (2 * 1024 * 1024) + b"`\n\n" + LEAK)
    assert b"defer cancel()" in res.fixed
    body = b"".join(LEAK.replace(b"Load", b"Load%d" % i) for i in range(50000 // 4))
    res = _process(HEADER + body, fix=False)
    assert len(res.findings) == 50000 // 4


def test_newer_syntax_generics_and_range_over_func():
    src = HEADER + b"""type List[T any] struct{ items []T }

func (l *List[T]) All() func(func(int, T) bool) {
\treturn func(yield func(int, T) bool) {
\t\tfor i, v := range l.items {
\t\t\tif !yield(i, v) {
\t\t\t\treturn
\t\t\t}
\t\t}
\t}
}

func Sum(n int) (s int) {
\tfor i := range n {
\t\ts += i
\t}
\treturn
}

""" + LEAK
    res = _process(src)
    assert res.error is None and res.warning is None
    assert b"defer cancel()" in res.fixed


def test_cli_on_hostile_tree(tmp_path):
    require_go()
    mod = _module(
        tmp_path,
        {
            "a/ok.go": HEADER + LEAK,
            "b/nul.go": b"package b\n\x00\x01",
            "c/empty/.keep": b"",
        },
    )
    ro = mod / "d" / "ro.go"
    ro.parent.mkdir()
    ro.write_bytes(HEADER.replace(b"package p", b"package d") + LEAK)
    os.chmod(ro, 0o444)
    out = gofixer("--verify", "none", cwd=mod)
    err = out.stderr.decode()
    assert b"Traceback" not in out.stderr
    assert out.returncode == 1  # the read-only file is left unfixed
    assert "b/nul.go: contains NUL bytes" in err
    assert "d/ro.go: file is not writable; left unchanged" in err
    assert b"defer cancel()" in (mod / "a/ok.go").read_bytes()
    assert b"defer cancel()" not in ro.read_bytes()
    assert (mod / "b/nul.go").read_bytes() == b"package b\n\x00\x01"


def test_empty_directory_and_module_without_go_mod(tmp_path):
    (tmp_path / "empty").mkdir()
    out = gofixer("check", "empty", cwd=tmp_path)
    assert (out.returncode, out.stdout, out.stderr) == (0, b"", b"")
    (tmp_path / "nomod").mkdir()
    (tmp_path / "nomod" / "x.go").write_bytes(HEADER + LEAK)
    out = gofixer("nomod", cwd=tmp_path)
    assert out.returncode == 1
    assert b"no go.mod" in out.stderr or b"not on PATH" in out.stderr
    assert b"Traceback" not in out.stderr
    assert (tmp_path / "nomod" / "x.go").read_bytes() == HEADER + LEAK


def test_a_file_without_final_newline_after_a_var_group_is_checked_whole():
    """tree-sitter-go flags such a tree as having an error without any declaration holding one:
    the whole file is checked, with no warning about a skipped declaration."""
    src = (
        b"package p\n\nimport (\n\t\"context\"\n\t\"time\"\n)\n\n"
        b"func Load(parent context.Context) error {\n"
        b"\tctx, _ := context.WithTimeout(parent, time.Second)\n\treturn ctx.Err()\n}\n\n"
        b"var (\n\ta = 1\n)"
    )
    res = _process(src)
    assert res.error is None and res.warning is None
    assert [l.finding.rule for l in res.findings] == ["GF301"]
    assert b"defer cancel()" in res.fixed and res.fixed.endswith(b"var (\n\ta = 1\n)")


def test_syntax_error_elsewhere_still_finds_go_statements_and_channels():
    """In a tree with errors, go statements, ``make(chan …)`` and function literals are found by
    the queries these lookups otherwise skip (the bytes alone may not show every such node)."""
    header = b'package p\n\nimport (\n\t"context"\n\t"time"\n)\n\n'
    broken = b"func Broken() {\n\ts := new(int(3)) +\n}\n\n"
    spin = b"func Spin() {\n\tgo func() {\n\t\tfor {\n\t\t\ttime.Sleep(time.Second)\n\t\t}\n\t}()\n}\n\n"
    leak = (
        b"func Get(ctx context.Context) (int, error) {\n\tch := make(chan int)\n"
        b"\tgo func() { ch <- 1 }()\n\tselect {\n\tcase v := <-ch:\n\t\treturn v, nil\n"
        b"\tcase <-ctx.Done():\n\t\treturn 0, ctx.Err()\n\t}\n}\n"
    )
    res = _process(header + broken + spin + leak, fix=False)
    assert res.warning and res.warning.startswith("syntax error at 9:")
    assert {"GF101", "GF201"} <= {loc.finding.rule for loc in res.findings}


# -- files that cannot be analysed are reported like findings ------------------------------------


def _nested(levels: int, shape: str = "if true {\n") -> bytes:
    """A function whose statements nest ``levels`` deep, plus a lost cancel that must be found."""
    body = "\t" + shape * levels + "\t_ = 1\n" + "}\n" * levels
    return HEADER + LEAK + b"\nfunc Deep() {\n" + body.encode() + b"}\n"


def test_a_file_nested_too_deep_is_reported_and_the_run_is_not_a_success(tmp_path):
    """450 nested blocks ran the path analysis out of recursion: the run said "internal error",
    skipped the file's findings and exited 0. Now the file is reported as too deeply nested to
    analyse, which counts like a finding; the other files are analysed as usual."""
    mod = _module(tmp_path, {"a/deep.go": _nested(450), "b/ok.go": HEADER.replace(b"package p", b"package b") + LEAK})
    out = gofixer("check", cwd=mod)
    err = out.stderr.decode()
    assert out.returncode == 1, err
    assert "a/deep.go: too deeply nested to analyse" in err and "internal error" not in err and "Traceback" not in err
    assert "b/ok.go:9:12: GF301" in out.stdout.decode()
    # and with nothing else to report, the exit status still says something is wrong
    (mod / "b" / "ok.go").unlink()
    out = gofixer("check", "--format", "json", cwd=mod)
    assert out.returncode == 1
    assert [e for e in json.loads(out.stdout)["errors"] if "too deeply nested" in e]
    out = gofixer("--verify", "none", cwd=mod)
    assert out.returncode == 1 and b"too deeply nested" in out.stderr


@pytest.mark.parametrize(
    "shape, levels",
    [("if true {\n", 199), ("for {\n", 199), ("{\n", 199), ("switch {\ncase true:\n", 199), ("select {\ndefault:\n", 199)],
)
def test_nesting_below_the_limit_is_analysed(shape, levels):
    """The rule of thumb (nesting.MAX_NESTING, 200 levels of blocks and case clauses) leaves
    room under the recursion limit for every statement shape that nests."""
    res = _process(_nested(levels, shape), fix=False)
    assert res.error is None
    assert [l.finding.rule for l in res.findings] == ["GF301"]


@pytest.mark.parametrize("shape", ["if true {\n", "{\n", "switch {\ncase true:\n"])
def test_nesting_over_the_limit_is_too_deep(shape):
    res = _process(_nested(201, shape), fix=False)
    assert res.error is not None and res.error.startswith("too deeply nested to analyse")
    assert res.findings == []


def test_a_recursion_error_anywhere_is_reported_as_too_deep_not_as_an_internal_error():
    """Nesting the limit does not count (here: a 3000-deep expression) can still exhaust the
    recursion of some rule: the file is reported the same way."""
    from gofixer.rule import Rule

    class Recursive(Rule):
        code, name, summary = "GF999", "recursive", "walks the tree by recursion"

        def check(self, ctx):
            def depth(node):
                return 1 + max((depth(c) for c in node.children), default=0)

            depth(ctx.root)
            return []

    data = HEADER + b"var x = " + b"(" * 3000 + b"1" + b")" * 3000 + b"\n"
    res = engine.process("x.go", data, [Recursive()], Settings())
    assert res.error is not None and res.error.startswith("too deeply nested to analyse")


# -- file names are bytes -------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_analysed_and_shown_escaped(tmp_path):
    """One such name anywhere in the tree aborted the whole run (UnicodeEncodeError, exit 2)."""
    mod = _module(tmp_path, {"ok.go": HEADER + LEAK})
    odd = os.path.join(os.fsencode(mod), b"caf\xe9.go")
    with open(odd, "wb") as f:
        f.write(HEADER + LEAK.replace(b"Load", b"Load2"))
    for args in (["check"], ["check", "--no-cache"]):
        out = gofixer(*args, cwd=mod)
        assert out.returncode == 1, out.stderr
        assert out.stdout.decode("ascii").splitlines()[:2] == [
            "caf\\xe9.go:9:12: GF301 [*] the cancel function returned by context.WithTimeout is never called",
            "ok.go:9:12: GF301 [*] the cancel function returned by context.WithTimeout is never called",
        ]
    out = gofixer("check", "--format", "json", cwd=mod)
    paths = [f["path"] for f in json.loads(out.stdout.decode("utf-8"))["findings"]]
    assert paths == ["caf\\xe9.go", "ok.go"]
    out = gofixer("--verify", "none", cwd=mod)
    assert b"Traceback" not in out.stderr and out.returncode == 0, out.stderr
    with open(odd, "rb") as f:
        assert b"defer cancel()" in f.read()


# -- symlinks -------------------------------------------------------------------------------


def test_a_symlink_inside_the_tree_is_written_through_and_kept(tmp_path):
    """A link to a file of the same tree: that file is fixed once, under its own name, and the
    link stays a link."""
    mod = _module(tmp_path, {"real/a.go": HEADER.replace(b"package p", b"package real") + LEAK})
    (mod / "alias").mkdir()
    (mod / "alias" / "a.go").symlink_to(mod / "real" / "a.go")
    out = gofixer("--verify", "none", cwd=mod)
    assert out.returncode == 0, out.stderr
    assert (mod / "alias" / "a.go").is_symlink()
    assert (mod / "real" / "a.go").read_bytes().count(b"defer cancel()") == 1
    assert b"Fixed 1 finding in 1 file." in out.stderr


def test_a_symlink_to_a_file_outside_the_tree_is_left_alone_unless_named(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "shared.go").write_bytes(HEADER + LEAK)
    (tmp_path / "mod").mkdir()
    mod = _module(tmp_path / "mod", {"ok.go": HEADER + LEAK.replace(b"Load", b"Load2")})
    (mod / "shared.go").symlink_to(outside / "shared.go")
    out = gofixer("--verify", "none", cwd=mod)
    err = out.stderr.decode()
    assert out.returncode == 1, err
    assert f"shared.go: a symlink to {outside / 'shared.go'}, outside the tree being fixed: left unchanged" in err
    assert "shared.go:9:12: GF301" in out.stdout.decode()  # still reported, as unfixed
    assert (outside / "shared.go").read_bytes() == HEADER + LEAK
    assert b"defer cancel()" in (mod / "ok.go").read_bytes()
    # named on the command line, the link is the user's choice: fixed through, kept a link
    out = gofixer("--verify", "none", "shared.go", cwd=mod)
    assert out.returncode == 0, out.stderr
    assert (mod / "shared.go").is_symlink() and b"defer cancel()" in (outside / "shared.go").read_bytes()
    assert sorted(p.name for p in outside.iterdir()) == ["shared.go"]
