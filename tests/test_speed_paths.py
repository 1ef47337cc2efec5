"""The fast paths of issue 6 give the same answers as the slow ones: the combined query pass, the
stat-keyed cache lookup, the package view's directory memory."""

from __future__ import annotations

import os
from pathlib import Path

from gofixer import cache, registry, runner
from gofixer.analysis import siblings
from gofixer.runner import Options
from gofixer.source import captures, compile_query, parse, shared_captures

ROOT = Path(__file__).resolve().parent.parent

LEAK = """package p

import (
	"context"
	"time"
)

func Load(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx.Err()
}
"""


def _key(found):
    return {k: [(n.start_byte, n.end_byte, n.type) for n in v] for k, v in found.items()}


def test_combined_query_pass_gives_each_rule_its_own_captures():
    rules = [r for r in registry.all_rules() if r.query_path()]
    queries = [(r.query_path(), r().query()) for r in rules]
    assert len(queries) >= 2
    files = sorted((ROOT / "testdata").rglob("*.go"))[:200]
    assert files
    for f in files:
        root = parse(f.read_bytes()).root_node
        alone = [_key(captures(q, root)) for _p, q in queries]
        with shared_captures(root, queries):
            shared = [_key(captures(q, root)) for _p, q in queries]
            # a node other than the root, or another query, is answered directly
            assert _key(captures(queries[0][1], root.children[0])) == _key(captures(queries[0][1], root.children[0]))
        assert shared == alone, f


def _mod(tmp_path: Path) -> Path:
    (tmp_path / "p").mkdir(parents=True)
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22\n")
    (tmp_path / "p" / "a.go").write_text(LEAK)
    (tmp_path / "p" / "b.go").write_text("package p\n\nfunc B() int { return 1 }\n")
    return tmp_path


def test_warm_run_reads_only_files_with_findings(tmp_path, monkeypatch):
    root = _mod(tmp_path / "m")
    cdir = tmp_path / "cache"
    first = runner.run(["."], None, Options(fix=False, cache_dir=cdir), cwd=root)
    calls, reads = [], []
    real, real_read = runner.engine.process, cache.read_keyed
    monkeypatch.setattr(runner.engine, "process", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    monkeypatch.setattr(cache, "read_keyed", lambda p, *a: reads.append(Path(p).name) or real_read(p, *a))
    second = runner.run(["."], None, Options(fix=False, cache_dir=cdir), cwd=root)
    assert calls == [] and reads == ["a.go"]
    assert [l.finding for l in second.findings] == [l.finding for l in first.findings]
    by = {r.path: r for r in second.files}
    assert by["p/a.go"].original == (root / "p" / "a.go").read_bytes()  # reports show its text
    # a changed file (and so its package's context) is checked again
    (root / "p" / "b.go").write_text("package p\n\nfunc B() int { return 2 }\n")
    runner.run(["."], None, Options(fix=False, cache_dir=cdir), cwd=root)
    assert sorted(calls) == ["p/a.go", "p/b.go"]


def test_package_view_sees_a_changed_sibling_and_forgets_directories(tmp_path):
    root = _mod(tmp_path / "m")
    a = str(root / "p" / "a.go")
    siblings.snapshot(False)
    view = siblings.PackageView(a, LEAK.encode())
    assert [Path(s.path).name for s in view.siblings()] == ["b.go"]
    assert view.memo("k", lambda: 1) == 1 and view.memo("k", lambda: 2) == 1
    (root / "p" / "b.go").write_text("package p\n\nfunc B() int { return 22 }\n")
    view2 = siblings.PackageView(a, LEAK.encode())
    assert b"22" in view2.siblings()[0].source.data
    assert view2.memo("k", lambda: 3) == 3  # a new state of the directory: a new memo
    siblings.clear()
    assert not siblings._dirs


def test_stat_key_changes_with_metadata(tmp_path):
    f = tmp_path / "a.go"
    f.write_text("package a\n")
    k1 = cache.stat_key("a.go", f.stat(), "ctx")
    f.write_text("package b\n")
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 5))
    assert cache.stat_key("a.go", f.stat(), "ctx") != k1
    assert cache.stat_key("a.go", f.stat(), "ctx") != cache.stat_key("a.go", f.stat(), "ctx2")


SHARED = {
    "counter.go": "package p\n\ntype Counter struct{ n int }\n\nfunc (c *Counter) Inc() { c.n++ }\n",
    "start.go": "package p\n\nfunc Start(c *Counter) {\n\tgo c.Inc()\n\tgo c.Inc()\n}\n",
    "leak.go": LEAK,  # checked (by GF301) before any file that makes GF403 read the package
    "counter_test.go": "package p\n\nfunc helper(c *Counter) { c.Inc() }\n",
}


def test_each_file_of_a_modelled_package_is_parsed_once(tmp_path, monkeypatch):
    """GF403 reads every file of a package that shows concurrency; files the engine has parsed
    already (for any rule) are not parsed again for its model, nor the other way round."""
    d = tmp_path / "p"
    d.mkdir()
    for name, text in SHARED.items():
        (d / name).write_text(text)
    parsed: list[bytes] = []
    real = siblings.parse

    def counting(data: bytes):
        parsed.append(data)
        return real(data)

    monkeypatch.setattr(siblings, "parse", counting)
    monkeypatch.setattr(runner.engine, "parse", counting)
    report = runner.run(["."], None, Options(fix=False, use_cache=False, jobs=1), cwd=d)
    assert {l.finding.rule for l in report.findings} >= {"GF301", "GF403"}
    assert sorted(parsed) == sorted(set(parsed))
    assert len(parsed) == len(SHARED)


def test_calls_found_from_the_bytes_are_the_query_s():
    """GF201's ``make(chan …)`` and GF301's ``context.With…`` calls are found from the bytes
    (``lexical.calls_named``) instead of a query pass: over every Go file of the tests and the
    examples, and shapes written for it, exactly the calls the query finds."""
    from gofixer.analysis import channels, contexts, lexical

    shapes = [
        b"package p\n\nimport c \"context\"\n\nfunc f(ctx c.Context) {\n\t_, a := c.WithCancel(ctx)\n\t_, b := (c.WithTimeout)(ctx, 1)\n"
        b"\t_, d := c.\n\t\tWithDeadlineCause(ctx, t, nil)\n\tWithCancel := 1\n\t_ = WithCancel\n\t_ = x.WithCancelX(ctx)\n"
        b"\tch := make(chan int)\n\tch2 := make (chan<- int, 0)\n\tm := make(map[int]chan int)\n\tmk := (make)(chan int)\n"
        b"\t_, _, _, _, _, _, _ = a, b, d, ch, ch2, m, mk\n}\n",
    ]
    sources = shapes + [p.read_bytes() for d in (ROOT / "testdata", ROOT / "examples") for p in sorted(d.rglob("*.go"))]
    compared = 0
    for data in sources:
        tree = parse(data)
        if tree.root_node.has_error:
            continue
        root = tree.root_node
        for pattern, query, keep in (
            (channels.MAKE_WORD, channels.MAKE_CALLS, channels.makes_a_channel),
            (contexts.WITH_CANCEL_NAME, contexts.WITH_CANCEL_QUERY, lambda c: True),
        ):
            want = [(n.start_byte, n.end_byte) for n in captures(compile_query(query), root).get("call", []) if keep(n)]
            got = [(n.start_byte, n.end_byte) for n in lexical.calls_named(root, data, pattern, query) if keep(n)]
            assert got == want
            compared += bool(want)
    assert compared >= 40
