"""GF101 corner cases that would bloat the golden files: loop exits, name resolution across the
package's files, which context the fix picks, and layouts the fix refuses.

Most cases are a goroutine body dropped into a template; the expectation is "fix" (reported with
a fix), "nofix" (reported without one) or None (silent).
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from gofixer import engine
from gofixer.codemods.gf101_bare_goroutine import BareGoroutine
from gofixer.rule import Settings

from .conftest import EXAMPLES, TESTDATA, require_go

TEMPLATE = """package p

import (
	"context"
	"log"
	"runtime"
	"time"
)

var _ = runtime.Goexit
var _ = time.Second

func F(ctx context.Context, in chan int, quit chan struct{}, t *time.Ticker) {
	go func() {
%s
	}()
	log.Print(ctx, in, quit, t)
}
"""


def _run(src: str, path: str = "case.go", abspath: str | None = None, unsafe: bool = True, preview: bool = False):
    data = src.encode()
    settings = Settings(unsafe_fixes=unsafe, preview=frozenset({"GF101"} if preview else ()))
    result = engine.process(path, data, [BareGoroutine()], settings, abspath=abspath)
    assert result.error is None, result.error
    return result


def _verdict(src: str) -> str | None:
    findings = _run(src).findings
    if not findings:
        return None
    assert len(findings) == 1, [f.finding.message for f in findings]
    return "fix" if findings[0].finding.fix is not None else "nofix"


def _goroutine(body: str) -> str:
    return TEMPLATE % textwrap.indent(textwrap.dedent(body).strip("\n"), "\t\t")


@pytest.mark.parametrize(
    "body, expected",
    [
        # ways out of the loop
        ("for {\n\tif <-in == 0 {\n\t\treturn\n\t}\n}", None),
        ("for {\n\tif <-in == 0 {\n\t\tbreak\n\t}\n}", None),
        ("outer:\nfor {\n\tselect {\n\tcase <-in:\n\t\tbreak outer\n\t}\n}", None),
        ("for {\n\tif <-in == 0 {\n\t\tgoto end\n\t}\n}\nend:", None),
        ("for {\n\tif <-in == 0 {\n\t\truntime.Goexit()\n\t}\n}", None),
        ("for {\n\tif <-in == 0 {\n\t\tlog.Fatal(\"zero\")\n\t}\n}", None),
        # a continue to an outer, bounded loop leaves this one
        ("outer:\nfor i := 0; i < 3; i++ {\n\tfor {\n\t\tif <-in == 0 {\n\t\t\tcontinue outer\n\t\t}\n\t}\n}", None),
        # ... but a continue of the loop itself does not (no fix: it blocks in the if header)
        ("again:\nfor {\n\tif <-in == 0 {\n\t\tcontinue again\n\t}\n}", "nofix"),
        ("again:\nfor {\n\tv := <-in\n\tif v == 0 {\n\t\tcontinue again\n\t}\n}", "fix"),
        # breaks that only leave an inner statement
        ("for {\n\tswitch <-in {\n\tcase 0:\n\t\tbreak\n\t}\n}", "nofix"),
        ("for {\n\tswitch v := <-in; v {\n\tcase 0:\n\t\tbreak\n\t}\n}", "nofix"),
        ("for {\n\tfor i := 0; i < 3; i++ {\n\t\tbreak\n\t}\n\t<-in\n}", "fix"),
        ("for {\n\tselect {\n\tcase <-in:\n\t\tbreak\n\t}\n}", "fix"),
        # a return inside a nested function literal does not leave the loop
        ("for {\n\tv := <-in\n\tfunc() {\n\t\tif v == 0 {\n\t\t\treturn\n\t\t}\n\t}()\n}", "fix"),
        # done channels and ctx.Done() anywhere in the loop: meant to stop
        ("for {\n\tselect {\n\tcase <-quit:\n\tcase v := <-in:\n\t\tlog.Print(v)\n\t}\n}", None),
        ("done := ctx.Done()\nfor {\n\tselect {\n\tcase <-done:\n\tcase v := <-in:\n\t\tlog.Print(v)\n\t}\n}", None),
        ("for {\n\tv := <-in\n\tlog.Print(v, ctx.Done())\n}", None),
        # a Done() call as a statement (wg.Done()) is no way out
        ("for {\n\tv := <-in\n\tlog.Print(v)\n\tctx.Done()\n}", "fix"),
        # a panic is an assertion, not a way out
        ("for {\n\tv := <-in\n\tif v < 0 {\n\t\tpanic(v)\n\t}\n}", "fix"),
        # loop shapes
        ("for true {\n\t<-in\n}", "fix"),
        ("for ;; {\n\t<-in\n}", "fix"),
        ("for i := 0; i < 10; i++ {\n\t<-in\n}", None),
        ("for v := range in {\n\tlog.Print(v)\n}", None),
        ("for range t.C {\n\tlog.Print(1)\n}", "fix"),
        ("tm := time.NewTimer(time.Second)\nfor range tm.C {\n\tlog.Print(1)\n}", "fix"),
        ("for range time.Tick(time.Second) {\n\tlog.Print(1)\n}", "nofix"),
        # an unbounded loop nested in a bounded one still never ends
        ("for i := 0; i < 3; i++ {\n\tfor {\n\t\t<-in\n\t}\n}", "fix"),
        # layouts the fix does not handle
        ("for { <-in }", "nofix"),
        ("for {\n\tv := <-in; log.Print(v)\n}", "nofix"),
        ("for {\n\tlog.Print(<-in)\n}", "nofix"),
    ],
)
def test_goroutine_bodies(body: str, expected: str | None) -> None:
    assert _verdict(_goroutine(body)) == expected


def test_anchor_is_the_go_line_only() -> None:
    src = _goroutine("for {\n\t<-in\n}")
    [loc] = _run(src).findings
    assert loc.start.line == src.splitlines().index("\tgo func() {") + 1
    assert loc.end.line == loc.start.line


def test_fixed_text_and_fixpoint() -> None:
    src = _goroutine("for {\n\tv := <-in\n\tlog.Print(v)\n}")
    fixed = _run(src).fixed.decode()
    assert "\t\tfor {\n\t\t\tselect {\n\t\t\tcase <-ctx.Done():\n\t\t\t\treturn\n\t\t\tcase v := <-in:\n" in fixed
    assert "\t\t\t\tlog.Print(v)\n\t\t\t}\n\t\t}\n" in fixed
    assert _run(fixed).findings == []


def test_unsafe_fix_needs_the_flag() -> None:
    src = _goroutine("for {\n\t<-in\n}")
    result = _run(src, unsafe=False)
    assert result.findings and result.findings[0].finding.fix.applicability.value == "unsafe"
    assert result.fixed == src.encode()


def test_suppression_comment() -> None:
    src = _goroutine("for {\n\t<-in\n}").replace("\tgo func() {", "\t//gofixer:ignore GF101 -- daemon\n\tgo func() {")
    assert _run(src).findings == []


# -- which context the fix uses ---------------------------------------------------------------

CTX_TEMPLATE = """package p

import (
	"context"
	"net/http"
)

var _ http.Handler

%s
"""


def _fix_text(func: str) -> str | None:
    result = _run(CTX_TEMPLATE % textwrap.dedent(func).strip("\n"))
    [loc] = result.findings
    if loc.finding.fix is None:
        return None
    return result.fixed.decode()


def test_context_from_a_request() -> None:
    fixed = _fix_text(
        """
        func H(w http.ResponseWriter, r *http.Request, in chan int) {
        	rc := r.Context()
        	go func() {
        		for {
        			<-in
        		}
        	}()
        	_ = rc
        }
        """
    )
    assert fixed is not None and "case <-rc.Done():" in fixed


def test_context_prefers_ctx_then_the_nearest() -> None:
    fixed = _fix_text(
        """
        func H(parent context.Context, in chan int) {
        	inner, cancel := context.WithCancel(parent)
        	defer cancel()
        	go func() {
        		for {
        			<-in
        		}
        	}()
        	_ = inner
        }
        """
    )
    assert fixed is not None and "case <-inner.Done():" in fixed
    fixed = _fix_text(
        """
        func H(ctx context.Context, in chan int) {
        	inner, cancel := context.WithCancel(ctx)
        	defer cancel()
        	go func() {
        		for {
        			<-in
        		}
        	}()
        	_ = inner
        }
        """
    )
    assert fixed is not None and "case <-ctx.Done():" in fixed


def test_context_parameter_of_the_literal() -> None:
    fixed = _fix_text(
        """
        func H(parent context.Context, in chan int) {
        	go func(c context.Context) {
        		for {
        			<-in
        		}
        	}(parent)
        }
        """
    )
    assert fixed is not None and "case <-c.Done():" in fixed


@pytest.mark.parametrize(
    "func",
    [
        # ctx also names something that is not a context
        """
        func H(ctx context.Context, in chan int) {
        	go func() {
        		ctx := "not a context"
        		for {
        			<-in
        			_ = ctx
        		}
        	}()
        }
        """,
        # declared after the go statement: not in scope at the loop
        """
        func H(in chan int, r *http.Request) {
        	go func() {
        		for {
        			<-in
        		}
        	}()
        	ctx := r.Context()
        	_ = ctx
        }
        """,
        # context.Background() and TODO() are never cancelled
        """
        func H(in chan int) {
        	ctx := context.TODO()
        	go func() {
        		for {
        			<-in
        		}
        	}()
        	_ = ctx
        }
        """,
        # not indented with tabs
        "func H(ctx context.Context, in chan int) {\n    go func() {\n        for {\n            <-in\n        }\n    }()\n}",
    ],
)
def test_no_fix(func: str) -> None:
    assert _fix_text(func) is None


# -- named functions and methods across the package -------------------------------------------

MAIN = """package p

type Server struct{ jobs chan string }

func Start(in chan int, s *Server) {
	go worker(in)
	go s.run()
}
"""

WORKER = """package p

import "log"

func worker(in chan int) {
	for {
		log.Print(<-in)
	}
}

func (s *Server) run() {
	for {
		log.Print(<-s.jobs)
	}
}
"""


def _package(tmp_path: Path, files: dict[str, str]) -> list:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    main = tmp_path / "main.go"
    return _run(main.read_text(), path=str(main), abspath=str(main)).findings


def test_targets_in_another_file(tmp_path: Path) -> None:
    found = _package(tmp_path, {"main.go": MAIN, "worker.go": WORKER})
    assert [loc.start.line for loc in found] == [6, 7]
    assert all(loc.finding.fix is None for loc in found)
    assert "worker's loop at line 6 of worker.go" in found[0].finding.message
    assert "Server.run's loop at line 12 of worker.go" in found[1].finding.message
    assert "would have to be given a context" in found[0].finding.message


def test_targets_only_in_a_test_file_are_not_used(tmp_path: Path) -> None:
    assert _package(tmp_path, {"main.go": MAIN, "worker_test.go": WORKER}) == []


def test_targets_in_another_package_clause_are_not_used(tmp_path: Path) -> None:
    other = WORKER.replace("package p", "package p_test")
    assert _package(tmp_path, {"main.go": MAIN, "x_test.go": other}) == []


def test_targets_declared_twice_by_build_tags_are_ambiguous(tmp_path: Path) -> None:
    plain = WORKER.replace("func (s *Server) run() {\n\tfor {\n\t\tlog.Print(<-s.jobs)\n\t}\n}\n", "")
    linux = "//go:build linux\n\n" + plain
    other = "//go:build !linux\n\npackage p\n\nfunc worker(in chan int) {\n\tfor v := range in {\n\t\t_ = v\n\t}\n}\n"
    assert _package(tmp_path, {"main.go": MAIN, "w_linux.go": linux, "w_other.go": other}) == []


def test_ticker_field_declared_in_another_file(tmp_path: Path) -> None:
    main = """package p

import "log"

func (f *Flusher) Start() {
	go func() {
		for range f.tick.C {
			log.Print("flush")
		}
	}()
}
"""
    types = 'package p\n\nimport "time"\n\ntype Flusher struct {\n\ttick *time.Ticker\n}\n'
    found = _package(tmp_path, {"main.go": main, "types.go": types})
    assert len(found) == 1 and "ticker's channel" in found[0].finding.message


def test_passing_a_context_skips_the_lookup(tmp_path: Path) -> None:
    main = MAIN.replace("go worker(in)", "go worker(in)\n\tgo worker2(ctx)").replace(
        "func Start(in chan int, s *Server) {", 'func Start(ctx context.Context, in chan int, s *Server) {'
    ).replace("package p\n", 'package p\n\nimport "context"\n')
    found = _package(tmp_path, {"main.go": main, "worker.go": WORKER})
    assert all("worker2" not in loc.finding.message for loc in found)


# -- what the package model resolves -----------------------------------------------------------

SERVER = """package p

import "log"

type Server struct{ jobs chan int }

func newServer() *Server { return &Server{jobs: make(chan int)} }

func (s *Server) run() {
	for {
		log.Print(<-s.jobs)
	}
}
"""


def test_a_method_of_a_value_a_package_function_returns(tmp_path: Path) -> None:
    # the type of s is newServer's result, as the package model says
    main = "package p\n\nfunc Start() {\n\ts := newServer()\n\tgo s.run()\n}\n"
    found = _package(tmp_path, {"main.go": main, "server.go": SERVER})
    assert len(found) == 1 and "Server.run's loop at line 10 of server.go" in found[0].finding.message


def test_a_local_declared_after_the_go_statement_does_not_hide_the_function(tmp_path: Path) -> None:
    main = "package p\n\nfunc Start(in chan int) {\n\tgo worker(in)\n\tworker := 1\n\t_ = worker\n}\n"
    found = _package(tmp_path, {"main.go": main, "worker.go": WORKER})
    assert len(found) == 1 and "worker's loop" in found[0].finding.message


def test_a_ticker_in_a_package_variable() -> None:
    src = (
        'package p\n\nimport (\n\t"log"\n\t"time"\n)\n\nvar ticker = time.NewTicker(time.Second)\n\n'
        "func Start() {\n\tgo func() {\n\t\tfor range ticker.C {\n\t\t\tlog.Print()\n\t\t}\n\t}()\n}\n"
    )
    # the loop touches nothing of Start's call: a package worker, a preview variant
    assert _run(src).findings == []
    [loc] = _run(src, preview=True).findings
    assert loc.finding.preview
    assert "range over a ticker's channel" in loc.finding.message and "package-level state" in loc.finding.message


def test_the_context_is_the_one_in_scope_at_the_loop() -> None:
    # another ctx, in a closure that does not enclose the loop, is no reason to give up
    src = _goroutine("for {\n\t<-in\n}").replace(
        "\tlog.Print(ctx, in, quit, t)", '\tfunc() {\n\t\tctx := "a name"\n\t\t_ = ctx\n\t}()\n\tlog.Print(ctx, in, quit, t)'
    )
    [loc] = _run(src).findings
    assert loc.finding.fix is not None and "ctx.Done()" in loc.finding.fix.description


# -- documentation and layout -----------------------------------------------------------------


def test_docstring_sections() -> None:
    doc = BareGoroutine.doc()
    positions = [doc.index(s) for s in ("What it finds", "Why it is bad", "Example", "Fixed", "Fix safety")]
    assert positions == sorted(positions)


def test_goldens_are_gofmt_clean(tmp_path: Path) -> None:
    require_go()
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        pytest.skip("gofmt is not on PATH")
    for g in sorted((TESTDATA / "GF101").glob("*.go.golden")):
        # gofmt writes \n: judge a CRLF file by its LF form (its CRLF is checked by the golden)
        (tmp_path / g.name.removesuffix(".golden")).write_bytes(g.read_bytes().replace(b"\r\n", b"\n"))
    proc = subprocess.run([gofmt, "-l", "."], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout + proc.stderr


def test_go_statements_from_the_bytes_are_the_query_s() -> None:
    """``go_statements`` looks the go statements up from the bytes (``go_statement_offsets``)
    instead of a query pass over the tree: over every Go file of the tests and the examples,
    and some shapes written for it, it must find exactly what the query finds."""
    from gofixer.analysis.lexical import _GO_STATEMENTS, go_statements
    from gofixer.source import captures, compile_query, parse

    shapes = [
        b"package p\n\nfunc f(c chan int) {\n\tfunc() { go g(); go g() }()\nL: go g()\n\tswitch {\n\tcase true: go g()\n\t}\n"
        b"\t/* x */ go g()\n\tgo\n\tg()\n\tgo (g)()\n\tgo func() { go g() }()\n\tselect {\n\tcase <-c: go g()\n\t}\n\tgoto L\n}\n\nfunc g() {}\n",
        b"package p\n\n// go g() in a comment, usage: go run\nvar s = \"x; go g()\"\n\nfunc f() {}\n",
    ]
    sources = shapes + [p.read_bytes() for d in (TESTDATA, EXAMPLES) for p in sorted(d.rglob("*.go"))]
    compared = 0
    for data in sources:
        tree = parse(data)
        if tree.root_node.has_error:
            continue
        want = [(n.start_byte, n.end_byte) for n in captures(compile_query(_GO_STATEMENTS), tree.root_node).get("go", [])]
        assert [(n.start_byte, n.end_byte) for n in go_statements(tree.root_node, data)] == want
        compared += bool(want)
    assert compared >= 50
