"""The layer facts the context and net/http rules narrow their findings with, each asked of a
small file directly: what code is for (``analysis.purpose``), loopback addresses
(``analysis.addresses``), when a derived context has released itself or feeds the handler's
answer (``analysis.contexts``), the test has failed or the request failed (``analysis.errcheck``),
and where a server or client literal's value goes (``analysis.nethttp``)."""

from __future__ import annotations

from pathlib import Path

from gofixer.analysis import addresses, contexts, errcheck, nethttp, purpose, siblings, syntax
from gofixer.analysis.files import import_names
from gofixer.source import parse
from tests.gopackage import parsed as _tree, func_named as _func


def _statements(func):
    return [n for n in syntax.walk(func) if n.type in ("expression_statement", "receive_statement")]


# -- purpose ---------------------------------------------------------------------------------------


def test_test_support_by_testing_import_or_package_name(tmp_path: Path) -> None:
    (tmp_path / "server.go").write_text('package harness\n\nimport "net/http"\n\nvar _ = http.DefaultClient\n')
    src = (tmp_path / "server.go").read_bytes()
    view = lambda: siblings.PackageView(str(tmp_path / "server.go"), src)  # noqa: E731
    assert not purpose.test_support(str(tmp_path / "server.go"), src, view())
    siblings.clear()
    (tmp_path / "fail.go").write_text('package harness\n\nimport "testing"\n\nfunc F(t *testing.T) { t.FailNow() }\n')
    assert purpose.test_support(str(tmp_path / "server.go"), src, view())
    siblings.clear()
    # a _test.go file importing testing is a test, not support
    (tmp_path / "fail.go").unlink()
    (tmp_path / "x_test.go").write_text('package harness\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n')
    assert not purpose.test_support(str(tmp_path / "server.go"), src, view())
    for name, want in (("testutils", True), ("e2e", True), ("main", False), ("api", False), ("httptest", False)):
        data = f"package {name}\n".encode()
        assert purpose.test_support(None, data, siblings.PackageView(None, data)) is want, name
    # a footest package beside what it helps test, or under testing/; not any name ending in test
    for where, name, want in (
        ("net/http/httptest", "httptest", True),
        ("cmd/go/internal/vcs/vcstest", "vcstest", True),
        ("testing/iotest", "iotest", True),
        ("feeds/latest", "latest", False),
        ("contest", "contest", False),
        ("x/footest", "footest", False),
    ):
        data = f"package {name}\n".encode()
        path = f"/src/{where}/a.go"
        assert purpose.test_support(path, data, siblings.PackageView(None, data)) is want, where


def test_example_code_counts_directories_below_the_module_root(tmp_path: Path) -> None:
    mod = tmp_path / "examples" / "mod"
    (mod / "examples" / "hello").mkdir(parents=True)
    (mod / "server").mkdir()
    (mod / "go.mod").write_text("module example.com/mod\n")
    assert purpose.example_code(str(mod / "examples" / "hello" / "main.go"))
    # the user keeps the module under a directory called examples: not the module's own
    assert not purpose.example_code(str(mod / "server" / "server.go"))


def test_serves_profiles() -> None:
    assert purpose.serves_profiles({"net/http/pprof": "_", "net/http": "http"})
    assert not purpose.serves_profiles({"net/http": "http"})


# -- addresses -------------------------------------------------------------------------------------


def test_loopback_hosts() -> None:
    for host, want in (
        ("localhost:8080", True), ("127.0.0.1:0", True), ("127.4.5.6", True), ("[::1]:80", True), ("::1", True),
        (":8080", False), ("0.0.0.0:80", False), ("example.com:80", False), ("localhost.example.com:80", False),
    ):
        assert addresses.loopback_host(host) is want, host


def test_loopback_addresses_by_value() -> None:
    data, root = _tree(
        'package main\n\nimport (\n\t"flag"\n\t"fmt"\n\t"net"\n)\n\n'
        'var ui = flag.String("ui", "localhost:0", "")\nvar pub = flag.String("addr", ":80", "")\n\n'
        "func f(port int, host string) {\n"
        '\ta := "localhost:" + fmt.Sprint(port)\n'
        '\tb := fmt.Sprintf("127.0.0.1:%d", port)\n'
        '\tc := fmt.Sprintf(":%d", port)\n'
        '\td := net.JoinHostPort("::1", "80")\n'
        '\te := host + ":80"\n'
        '\tln, _ := net.Listen("tcp", *ui)\n'
        '\tln2, _ := net.Listen("tcp", *pub)\n'
        "\t_, _, _, _, _, _, _ = a, b, c, d, e, ln, ln2\n}\n"
    )
    func = _func(root, data, "f")
    a = addresses.Addresses(root, data, import_names(root, data))
    ident = lambda name: next(n for n in syntax.walk(func) if n.type == "identifier" and data[n.start_byte : n.end_byte] == name.encode())  # noqa: E731
    assert [a.loopback(ident(x), func) for x in "abcde"] == [True, True, False, True, False]
    assert a.listener_loopback(ident("ln"), func) and not a.listener_loopback(ident("ln2"), func)


# -- contexts --------------------------------------------------------------------------------------

CTX = 'package p\n\nimport (\n\t"context"\n\t"time"\n)\n\n'


def test_waits_for_done() -> None:
    data, root = _tree(
        CTX + "func f(ctx, other context.Context, ch chan int) {\n\t<-ctx.Done()\n\t<-other.Done()\n"
        "\tselect {\n\tcase v := <-ctx.Done():\n\t\t_ = v\n\tcase <-ch:\n\t}\n\t<-(ctx.Done())\n}\n"
    )
    found = [s for s in _statements(_func(root, data, "f")) if contexts.waits_for_done(s, b"ctx", data)]
    assert [data[s.start_byte : s.end_byte] for s in found] == [b"<-ctx.Done()", b"v := <-ctx.Done()", b"<-(ctx.Done())"]


def test_used_by_goroutine() -> None:
    data, root = _tree(
        CTX + "type g struct{}\n\nfunc (g) Go(f func() error) {}\n\nfunc run(ctx context.Context) error { return nil }\n\n"
        "func a() {\n\tctx, cancel := context.WithCancel(context.Background())\n\t_ = cancel\n\tgo run(ctx)\n}\n\n"
        "func b() {\n\tvar eg g\n\tctx, cancel := context.WithCancel(context.Background())\n\t_ = cancel\n\teg.Go(func() error { return run(ctx) })\n}\n\n"
        "func c() {\n\tctx, cancel := context.WithCancel(context.Background())\n\t_ = cancel\n\tinner, stop := context.WithTimeout(ctx, time.Second)\n\tdefer stop()\n\tgo run(inner)\n}\n\n"
        "func d() {\n\tctx, cancel := context.WithCancel(context.Background())\n\t_ = cancel\n\t_ = run(ctx)\n}\n"
    )
    sites = {}
    for call in contexts.with_cancel_calls(root, data):
        site = contexts.cancel_site(call, syntax.callee_name(call, data))
        f = syntax.top_function(call)
        name = data[f.child_by_field_name("name").start_byte : f.child_by_field_name("name").end_byte].decode()
        sites.setdefault(name, site)
    assert {n: contexts.used_by_goroutine(s, data) for n, s in sites.items()} == {"a": True, "b": True, "c": True, "d": False}


def test_result_depends_on() -> None:
    data, root = _tree(
        CTX + "type db struct{}\n\nfunc (db) Exec(ctx context.Context) error { return nil }\nfunc (db) Row(ctx context.Context) db { return db{} }\n"
        "func (db) Scan() error { return nil }\nfunc record(ctx context.Context) {}\n\ntype opts struct{ Ctx context.Context }\n\n"
        "func used(d db) error {\n\tc, cancel := context.WithTimeout(context.Background(), time.Second)\n\tdefer cancel()\n\treturn d.Exec(c)\n}\n\n"
        "func chained(d db) error { return d.Row(context.Background()).Scan() }\n\n"
        "func wrapped(d db) error { return check(opts{Ctx: context.TODO()}) }\n\nfunc check(o opts) error { return nil }\n\n"
        "func effects() { record(context.Background()) }\n\n"
        "func blank(d db) { _ = d.Exec(context.Background()) }\n"
    )
    got = {}
    for name in ("used", "chained", "wrapped", "effects", "blank"):
        f = _func(root, data, name)
        call = next(n for n in syntax.walk(f) if n.type == "call_expression" and syntax.callee_name(n, data) in ("Background", "TODO"))
        got[name] = contexts.result_depends_on(call, f, data, "context")
    assert got == {"used": True, "chained": True, "wrapped": True, "effects": False, "blank": False}


def test_cancels_of() -> None:
    data, root = _tree(
        CTX + "func f() {\n\tctx, cancel := context.WithCancel(context.Background())\n\tdefer cancel()\n\t_ = ctx\n\tcancel()\n}\n\n"
        "func g() {\n\tctx, _ := context.WithCancel(context.Background())\n\t_ = ctx\n}\n"
    )
    f, g = _func(root, data, "f"), _func(root, data, "g")
    assert [n.type for n in contexts.cancels_of(f, b"ctx", data, "context")] == ["defer_statement", "expression_statement"]
    assert contexts.cancels_of(g, b"ctx", data, "context") == []
    assert contexts.cancels_of(f, b"other", data, "context") == []


# -- errcheck --------------------------------------------------------------------------------------


def test_fails_test_and_requires_error() -> None:
    data, root = _tree(
        'package p\n\nimport (\n\t"testing"\n\n\t"github.com/stretchr/testify/require"\n)\n\n'
        "type logger struct{}\n\nfunc (logger) Error(v ...any) {}\n\n"
        "func TestX(t *testing.T) {\n\tvar err error\n\tvar log logger\n\tt.Errorf(\"x\")\n\tlog.Error(\"y\")\n"
        "\tt.Run(\"sub\", func(t *testing.T) { t.Fail() })\n\trequire.ErrorContains(t, err, \"refused\")\n\trequire.NoError(t, err)\n}\n\n"
        "func helper(tb testing.TB) { tb.Error(\"z\") }\n"
    )
    imports = import_names(root, data)
    f = _func(root, data, "TestX")
    stmts = [s for s in syntax.walk(root) if s.type == "expression_statement"]
    text = {data[s.start_byte : s.end_byte].split(b"(")[0]: s for s in stmts}
    assert errcheck.fails_test(text[b"t.Errorf"], data, imports)
    assert not errcheck.fails_test(text[b"log.Error"], data, imports)
    assert errcheck.fails_test(text[b"t.Fail"], data, imports)
    assert errcheck.fails_test(text[b"tb.Error"], data, imports)
    assert errcheck.requires_error(text[b"require.ErrorContains"], data, imports, b"err", f)
    assert not errcheck.requires_error(text[b"require.NoError"], data, imports, b"err", f)
    assert not errcheck.requires_error(text[b"require.ErrorContains"], data, imports, b"other", f)


# -- nethttp: value flow ---------------------------------------------------------------------------


def _flow(tmp_path: Path, files: dict[str, str], which: str, nth: int = 0):
    siblings.clear()
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    path = tmp_path / which
    data = path.read_bytes()
    root = parse(data).root_node
    lits = [
        n for n in syntax.walk(root)
        if n.type == "composite_literal" and data[n.child_by_field_name("type").start_byte :].startswith(b"http.")
    ]
    view = siblings.PackageView(str(path), data)
    return nethttp.literal_flow(lits[nth], data, root, view, str(path))


def test_literal_flow_follows_fields_setters_and_callers(tmp_path: Path) -> None:
    files = {
        "a.go": 'package p\n\nimport "net/http"\n\ntype app struct{ srv *http.Server }\n\n'
        "func (a *app) init() { a.srv = &http.Server{}; configure(a.srv) }\n\n"
        "func newServer() *http.Server { return &http.Server{} }\n",
        "b.go": 'package p\n\nimport (\n\t"net/http"\n\t"time"\n)\n\n'
        "func configure(s *http.Server) { s.ReadTimeout = time.Second }\n\n"
        "func run() { s := newServer(); s.IdleTimeout = time.Second; _ = s.ListenAndServe() }\n",
    }
    first = _flow(tmp_path, files, "a.go", 0)
    assert nethttp.assigned_fields(first, nethttp.HEADER_FIELDS)  # through the field and the setter's parameter
    second = _flow(tmp_path, files, "a.go", 1)
    assert not nethttp.assigned_fields(second, nethttp.HEADER_FIELDS)  # its caller sets IdleTimeout only
    assert nethttp.assigned_fields(second, frozenset({"IdleTimeout"}))
    assert not second.lost


def test_requests_that_carry_a_context(tmp_path: Path) -> None:
    files = {
        "c.go": 'package p\n\nimport (\n\t"context"\n\t"net/http"\n)\n\n'
        "type C struct{ hc *http.Client }\n\nfunc New() *C { return &C{hc: &http.Client{}} }\n\n"
        "func (c *C) Get(ctx context.Context, u string) error {\n\treq, _ := http.NewRequestWithContext(ctx, \"GET\", u, nil)\n\treturn c.do(req)\n}\n\n"
        "func (c *C) do(req *http.Request) error {\n\tresp, err := c.hc.Do(req)\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn resp.Body.Close()\n}\n",
    }
    flow = _flow(tmp_path, files, "c.go")
    calls = nethttp.request_calls(flow)
    assert len(calls) == 1 and all(nethttp.carries_context(c, u, flow) for c, u in calls)
    assert not nethttp.hands_out_responses(calls)
    # a caller that sends a request made without a context spoils it
    files["d.go"] = 'package p\n\nimport "net/http"\n\nfunc (c *C) Ping(u string) error {\n\treq, _ := http.NewRequest("GET", u, nil)\n\treturn c.do(req)\n}\n'
    flow = _flow(tmp_path, files, "c.go")
    assert not all(nethttp.carries_context(c, u, flow) for c, u in nethttp.request_calls(flow))


def test_served_handlers_and_empty_bodies(tmp_path: Path) -> None:
    src = (
        'package p\n\nimport (\n\t"io"\n\t"net/http"\n\t"net/http/httptest"\n\t"testing"\n)\n\n'
        "func TestA(t *testing.T) {\n"
        "\tsrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))\n"
        "\tmux := http.NewServeMux()\n"
        '\tmux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "a") })\n'
        "\tsrv2 := httptest.NewServer(mux)\n"
        '\t_, _ = http.Get(srv.URL + "/x")\n\t_, _ = http.Get(srv2.URL)\n\t_, _ = http.Get("http://example.com")\n}\n'
    )
    (tmp_path / "a_test.go").write_text(src)
    data = src.encode()
    root = parse(data).root_node
    imports = import_names(root, data)
    served = nethttp.ServedHandlers(root, data, imports, siblings.PackageView(str(tmp_path / "a_test.go"), data), str(tmp_path / "a_test.go"))
    func = _func(root, data, "TestA")
    gets = [n for n in syntax.walk(func) if n.type == "call_expression" and syntax.callee_name(n, data) == "Get"]
    answers = [served.of(syntax.named(g.child_by_field_name("arguments"))[:1], func) for g in gets]
    assert [None if a is None else len(a) for a in answers] == [1, 1, None]
    assert nethttp.writes_no_body(answers[0][0], data, "http")
    assert not nethttp.writes_no_body(answers[1][0], data, "http")
