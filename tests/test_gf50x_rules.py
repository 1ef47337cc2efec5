"""GF501/GF502 behaviour the golden files cannot show: the golden harness always applies unsafe
fixes with default settings, so safe-only fixes, configured timeouts, names that cannot be
spelled, package-wide assignments and the gofmt alignment model are tested here."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gofixer import engine, registry
from gofixer.codemods.gf501_server_without_timeouts import ServerWithoutTimeouts
from gofixer.codemods.gf502_serve_without_timeouts import ServeWithoutTimeouts
from gofixer.model import Applicability
from gofixer.rule import Settings


def _src(text: str) -> bytes:
    return textwrap.dedent(text).lstrip("\n").encode()


def _run(text: str | bytes, rule=None, path: str = "case.go", abspath: str | None = None, **settings):
    data = text if isinstance(text, bytes) else _src(text)
    result = engine.process(path, data, [rule or ServerWithoutTimeouts()], Settings(**settings), abspath=abspath)
    assert result.error is None, result.error
    return result


def _only(result):
    assert len(result.findings) == 1, [f.finding.message for f in result.findings]
    return result.findings[0].finding


MULTI = """
package p

import "net/http"

func New(h http.Handler) *http.Server {
	return &http.Server{
		Addr:    ":8080",
		Handler: h,
	}
}
"""


# --- GF501: safe and unsafe ------------------------------------------------------------------


def test_safe_fix_adds_only_read_header_timeout() -> None:
    result = _run(MULTI)
    fix = _only(result).fix
    assert fix.applicability is Applicability.SAFE
    assert fix.description == "add ReadHeaderTimeout: 10 * time.Second"
    assert fix.imports == ("time",)
    assert b"\t\tAddr:              \":8080\",\n\t\tHandler:           h,\n\t\tReadHeaderTimeout: 10 * time.Second,\n\t}" in result.fixed
    assert b"ReadTimeout:" not in result.fixed
    assert b'import (\n\t"net/http"\n\t"time"\n)' in result.fixed


def test_unsafe_fix_adds_all_four_and_warns_about_streaming() -> None:
    result = _run(MULTI, unsafe_fixes=True)
    fix = _only(result).fix
    assert fix.applicability is Applicability.UNSAFE
    assert "WriteTimeout breaks streaming responses" in fix.description
    for line in (
        b"ReadHeaderTimeout: 10 * time.Second,",
        b"ReadTimeout:       5 * time.Second,",
        b"WriteTimeout:      10 * time.Second,",
        b"IdleTimeout:       120 * time.Second,",
    ):
        assert line in result.fixed


def test_unsafe_fix_adds_only_the_missing_ones() -> None:
    src = MULTI.replace("Handler: h,", "Handler: h,\n\t\tWriteTimeout: 0,")
    fix = _only(_run(src, unsafe_fixes=True)).fix
    assert fix.applicability is Applicability.UNSAFE
    assert fix.description.startswith("add ReadHeaderTimeout, ReadTimeout and IdleTimeout")
    assert "WriteTimeout" not in fix.description


def test_unsafe_that_adds_only_the_header_timeout_is_safe() -> None:
    src = """
    package p

    import (
    	"net/http"
    	"time"
    )

    var S = &http.Server{WriteTimeout: time.Second, IdleTimeout: time.Minute}
    """
    fix = _only(_run(src, unsafe_fixes=True, http=(("read_timeout", "0s"),))).fix
    assert fix.applicability is Applicability.SAFE
    assert fix.description == "add ReadHeaderTimeout: 10 * time.Second"


def test_configured_timeouts() -> None:
    http = (("read_header_timeout", "1m30s"), ("read_timeout", "500ms"), ("write_timeout", "0s"))
    result = _run(MULTI, unsafe_fixes=True, http=http)
    assert b"ReadHeaderTimeout: 90 * time.Second," in result.fixed
    assert b"ReadTimeout:       500 * time.Millisecond," in result.fixed
    assert b"WriteTimeout" not in result.fixed  # configured to zero: not added
    assert b"IdleTimeout:       120 * time.Second," in result.fixed


def test_zero_header_timeout_gives_no_safe_fix() -> None:
    finding = _only(_run(MULTI, http=(("read_header_timeout", "0s"),)))
    assert finding.fix is None


def test_time_alias_is_used_and_not_imported_again() -> None:
    src = MULTI.replace('import "net/http"', 'import (\n\t"net/http"\n\tt "time"\n)\n\nvar _ = t.Now')
    result = _run(src)
    assert _only(result).fix.imports == ()
    assert b"ReadHeaderTimeout: 10 * t.Second," in result.fixed


@pytest.mark.parametrize(
    "change",
    [
        # a parameter hides the time package
        lambda s: s.replace('import "net/http"', 'import (\n\t"net/http"\n\t"time"\n)\n\nvar _ = time.Now').replace(
            "New(h http.Handler)", "New(h http.Handler, time int)"
        ),
        # time is not imported and `time` names something else in the file
        lambda s: s + "\nfunc other() int { time := 1; return time }\n",
        # time imported for its side effects only
        lambda s: s.replace('import "net/http"', 'import (\n\t"net/http"\n\t_ "time"\n)'),
        # another package imported under the name time
        lambda s: s.replace('import "net/http"', 'import (\n\t"net/http"\n\ttime "example.com/clock"\n)\n\nvar _ = time.X'),
    ],
    ids=["shadowed", "identifier", "blank", "other_package"],
)
def test_no_fix_when_time_cannot_be_named(change) -> None:
    assert _only(_run(change(textwrap.dedent(MULTI)).encode())).fix is None


def test_no_fix_when_a_sibling_declares_time(tmp_path: Path) -> None:
    (tmp_path / "clock.go").write_text("package p\n\nvar time = 3\n")
    case = tmp_path / "server.go"
    case.write_bytes(_src(MULTI))
    finding = _only(_run(case.read_bytes(), path=str(case), abspath=str(case)))
    assert finding.fix is None


# --- GF501: what counts as setting the timeout ----------------------------------------------


def test_field_destination_assigned_later_is_silent() -> None:
    src = """
    package p

    import (
    	"net/http"
    	"time"
    )

    type app struct{ srv *http.Server }

    func (a *app) start() error {
    	a.srv = &http.Server{Addr: ":8080"}
    	a.srv.ReadTimeout = time.Second
    	return a.srv.ListenAndServe()
    }
    """
    assert _run(src).findings == []


def test_package_variable_set_in_init_is_silent() -> None:
    src = """
    package p

    import (
    	"net/http"
    	"time"
    )

    var srv = &http.Server{Addr: ":8080"}

    func init() { srv.ReadHeaderTimeout = time.Second }
    """
    assert _run(src).findings == []


def test_returned_server_set_in_a_sibling_file_is_silent(tmp_path: Path) -> None:
    (tmp_path / "main.go").write_text(
        'package p\n\nimport "time"\n\nfunc run() error {\n\ts := newServer()\n'
        "\ts.ReadHeaderTimeout = time.Second\n\treturn s.ListenAndServe()\n}\n"
    )
    case = tmp_path / "server.go"
    case.write_text('package p\n\nimport "net/http"\n\nfunc newServer() *http.Server {\n\treturn &http.Server{Addr: ":1"}\n}\n')
    assert _run(case.read_bytes(), path=str(case), abspath=str(case)).findings == []


def test_local_that_does_not_escape_ignores_assignments_elsewhere() -> None:
    src = """
    package p

    import (
    	"net/http"
    	"time"
    )

    func a() error {
    	srv := &http.Server{Addr: ":1"}
    	return srv.ListenAndServe()
    }

    func b(s *http.Server) { s.ReadTimeout = time.Second }
    """
    assert len(_run(src).findings) == 1


def test_explicit_zero_and_positional_literals_are_silent() -> None:
    src = """
    package p

    import "net/http"

    var a = &http.Server{Addr: ":1", ReadTimeout: 0}
    var b = http.Server{":1", nil}
    """
    assert _run(src).findings == []


def test_test_files_are_silent() -> None:
    src = 'package p\n\nimport "net/http"\n\nvar s = &http.Server{}\n\nfunc f() { _ = http.ListenAndServe(":1", nil) }\n'
    for rule in (ServerWithoutTimeouts(), ServeWithoutTimeouts()):
        assert _run(src.encode(), rule, path="x_test.go").findings == []
        assert len(_run(src.encode(), rule, path="x.go").findings) == 1


# --- GF501: layout -----------------------------------------------------------------------------


def test_no_fix_when_a_longer_line_would_move_aligned_comments() -> None:
    src = """
    package p

    import "net/http"

    func f() {
    	a := 1                          // one
    	srv := &http.Server{Addr: ":1"} // the server
    	_, _ = a, srv
    }
    """
    assert _only(_run(src)).fix is None


def test_single_line_literal_stays_single_line_when_short() -> None:
    result = _run("package p\n\nimport \"net/http\"\n\nvar s = &http.Server{Addr: \":1\"}\n".encode())
    assert b'var s = &http.Server{Addr: ":1", ReadHeaderTimeout: 10 * time.Second}\n' in result.fixed


def test_crlf_is_kept() -> None:
    data = _src(MULTI).replace(b"\n", b"\r\n")
    result = _run(data, unsafe_fixes=True)
    assert b"\n" not in result.fixed.replace(b"\r\n", b"")
    assert b"\t\tIdleTimeout:       120 * time.Second,\r\n" in result.fixed


# --- GF502 ---------------------------------------------------------------------------------------


def test_gf502_dot_import() -> None:
    src = 'package p\n\nimport . "net/http"\n\nfunc f(h Handler) error { return ListenAndServe(":1", h) }\n'
    result = _run(src.encode(), ServeWithoutTimeouts())
    assert b'return (&Server{Addr: ":1", Handler: h, ReadHeaderTimeout: 10 * time.Second}).ListenAndServe() }' in result.fixed


def test_gf502_configured_and_zero_timeout() -> None:
    src = 'package p\n\nimport "net/http"\n\nfunc f() error { return http.ListenAndServe(":1", nil) }\n'.encode()
    result = _run(src, ServeWithoutTimeouts(), http=(("read_header_timeout", "2s"),))
    assert b"(&http.Server{Addr: \":1\", ReadHeaderTimeout: 2 * time.Second}).ListenAndServe()" in result.fixed
    assert _only(_run(src, ServeWithoutTimeouts(), http=(("read_header_timeout", "0s"),))).fix is None


@pytest.mark.parametrize(
    "call",
    [
        # a multi-line argument on a line of its own would keep the indentation of that line
        "http.ListenAndServe(\n\t\t\":1\",\n\t\thttp.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\t}),\n\t)",
        # a comment line among the arguments
        "http.ListenAndServe(\n\t\t// public\n\t\t\":1\",\n\t\tnil,\n\t)",
    ],
)
def test_gf502_shapes_without_fix(call: str) -> None:
    src = f'package p\n\nimport "net/http"\n\nfunc f() error {{\n\treturn {call}\n}}\n'
    assert _only(_run(src.encode(), ServeWithoutTimeouts())).fix is None


def test_gf502_local_name_is_not_the_package() -> None:
    src = """
    package p

    import . "net/http"

    func f(h Handler) error {
    	ListenAndServe := func(string, Handler) error { return nil }
    	return ListenAndServe(":1", h)
    }
    """
    assert _run(src, ServeWithoutTimeouts()).findings == []


def test_gf502_fix_leaves_nothing_for_gf501() -> None:
    src = 'package p\n\nimport "net/http"\n\nfunc f() error { return http.Serve(nil, nil) }\n'.encode()
    rules = [ServerWithoutTimeouts(), ServeWithoutTimeouts()]
    result = engine.process("case.go", src, rules, Settings(unsafe_fixes=True))
    assert [f.finding.rule for f in result.findings] == ["GF502"]
    assert result.remaining == []
    assert b"return (&http.Server{ReadHeaderTimeout: 10 * time.Second}).Serve(nil) }" in result.fixed


@pytest.mark.parametrize("code", ["GF501", "GF502"])
def test_documentation_sections(code: str) -> None:
    doc = registry.find(code).doc()
    for section in ("What it finds", "Why it is bad", "Example", "Fixed", "Fix safety"):
        assert f"\n{section}\n" in f"\n{doc}\n"


# --- GF501: decided by where the server goes, not by a field name elsewhere in the package ------


def _package(tmp_path: Path, files: dict[str, str], case: str, rule=None, preview: bool = False):
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip("\n"))
    path = tmp_path / case
    settings = {"preview": frozenset({(rule or ServerWithoutTimeouts()).code})} if preview else {}
    return _run(path.read_bytes(), rule, path=str(path), abspath=str(path), **settings)


SERVERS = {
    "public.go": """
    package svc

    import "net/http"

    type Public struct{ srv *http.Server }

    func (p *Public) Start(h http.Handler) error {
    	p.srv = &http.Server{Addr: ":8080", Handler: h}
    	return p.srv.ListenAndServe()
    }
    """,
    "admin.go": """
    package svc

    import (
    	"net/http"
    	"time"
    )

    type Admin struct{ server *http.Server }

    func (a *Admin) Start(h http.Handler) error {
    	a.server = &http.Server{Addr: ":9090", Handler: h}
    	a.server.ReadHeaderTimeout = time.Second
    	return a.server.ListenAndServe()
    }
    """,
}


def test_another_servers_timeout_does_not_cover_this_one(tmp_path: Path) -> None:
    # the admin server sets its own timeout; the public one (in a field) still has none
    assert [f.start.line for f in _package(tmp_path, SERVERS, "public.go").findings] == [8]
    assert _package(tmp_path, SERVERS, "admin.go").findings == []


def test_a_setter_of_the_package_configures_the_server(tmp_path: Path) -> None:
    files = {
        "server.go": """
        package svc

        import "net/http"

        func Run(h http.Handler) error {
        	srv := &http.Server{Addr: ":8080", Handler: h}
        	harden(srv, defaults)
        	return srv.ListenAndServe()
        }
        """,
        "harden.go": """
        package svc

        import (
        	"net/http"
        	"time"
        )

        type limits struct{ header time.Duration }

        var defaults = limits{header: 5 * time.Second}

        func harden(s *http.Server, l limits) { s.ReadHeaderTimeout = l.header }
        """,
    }
    assert _package(tmp_path, files, "server.go").findings == []


def test_a_returned_server_is_followed_to_its_callers(tmp_path: Path) -> None:
    files = {
        "new.go": """
        package svc

        import "net/http"

        func newServer(h http.Handler) *http.Server {
        	return &http.Server{Addr: ":8080", Handler: h}
        }

        func NewPlain(h http.Handler) *http.Server {
        	return &http.Server{Addr: ":8081", Handler: h}
        }
        """,
        "run.go": """
        package svc

        import (
        	"net/http"
        	"time"
        )

        func Run(h http.Handler) error {
        	srv := newServer(h)
        	srv.ReadTimeout = 30 * time.Second
        	return srv.ListenAndServe()
        }
        """,
    }
    # newServer's caller sets ReadTimeout; NewPlain hands its server to callers outside the package
    assert [f.start.line for f in _package(tmp_path, files, "new.go").findings] == [10]


def test_servers_no_attacker_reaches_are_preview(tmp_path: Path) -> None:
    files = {
        "examples/hello/main.go": """
        package main

        import (
        	"log"
        	"net/http"
        )

        func main() {
        	srv := &http.Server{Addr: ":8080"}
        	log.Fatal(srv.ListenAndServe())
        	log.Fatal(http.ListenAndServe(":8080", nil))
        }
        """,
    }
    (tmp_path / "examples" / "hello").mkdir(parents=True)
    for rule, line in ((ServerWithoutTimeouts(), 9), (ServeWithoutTimeouts(), 11)):
        assert _package(tmp_path, files, "examples/hello/main.go", rule).findings == []
        shown = _package(tmp_path, files, "examples/hello/main.go", rule, preview=True).findings
        assert [f.start.line for f in shown] == [line]
        assert shown[0].finding.preview and shown[0].finding.message.endswith("this is example code, which nothing deploys")


@pytest.mark.parametrize("rule", [ServerWithoutTimeouts(), ServeWithoutTimeouts()], ids=lambda r: r.code)
def test_test_support_packages_are_silent(tmp_path: Path, rule) -> None:
    server = """
    package harness

    import "net/http"

    func Start(h http.Handler) {
    	srv := &http.Server{Addr: ":0", Handler: h}
    	go srv.ListenAndServe()
    	go http.ListenAndServe(":0", h)
    }
    """
    helper = 'package harness\n\nimport "testing"\n\nfunc Fail(t *testing.T) { t.Helper(); t.FailNow() }\n'
    assert _package(tmp_path, {"server.go": server}, "server.go", rule).findings != []
    assert _package(tmp_path, {"server.go": server, "helper.go": helper}, "server.go", rule).findings == []
    # a footest package beside the foo it helps test (net/http/httptest's convention)
    renamed = server.replace("package harness", "package servertest")
    other = tmp_path / "server" / "servertest"
    other.mkdir(parents=True)
    assert _package(other, {"server.go": renamed}, "server.go", rule).findings == []
    # a name that only ends in "test" is an ordinary package
    latest = tmp_path / "feeds" / "latest"
    latest.mkdir(parents=True)
    assert _package(latest, {"server.go": server.replace("package harness", "package latest")}, "server.go", rule).findings != []
