"""net/http facts, Go durations and the spelling of package members at a place
(gofixer.analysis.nethttp, durations, spelling), and the model's answers GF504 relies on
(Types.typeof_in_build, model.file_model), on their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixer.analysis import nethttp, siblings
from gofixer.analysis.durations import duration_expr, duration_unit
from gofixer.analysis.files import import_names
from gofixer.analysis.model import PackageModel, file_model, package_model
from gofixer.analysis.spelling import LocalNames, declared_names, import_qualifier, member_qualifier
from gofixer.analysis.syntax import declares_locally, walk
from gofixer.source import parse
from tests.gopackage import parsed as _tree


def _first(root, data: bytes, type_: str, text: str | None = None, nth: int = 0):
    found = [n for n in walk(root) if n.type == type_ and (text is None or data[n.start_byte : n.end_byte] == text.encode())]
    return found[nth]


def _package(tmp_path: Path, files: dict[str, str], which: str):
    """A package on disk: (view, path, data, root) of the file ``which``."""
    siblings.clear()
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    path = tmp_path / which
    data = path.read_bytes()
    view = siblings.PackageView(str(path), data)
    return view, view.path, data, parse(data).root_node


# -- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expr",
    [
        ("10s", "10 * time.Second"),
        ("1s", "time.Second"),
        ("1m30s", "90 * time.Second"),
        ("2m", "2 * time.Minute"),
        ("120s", "120 * time.Second"),
        ("1h0m0s", "time.Hour"),
        ("1.5h", "90 * time.Minute"),
        ("500ms", "500 * time.Millisecond"),
        ("1.5s", "1500 * time.Millisecond"),
        ("250us", "250 * time.Microsecond"),
        ("250µs", "250 * time.Microsecond"),
        ("0s", None),
        ("10", None),
        ("-1s", None),
    ],
)
def test_duration_expr(value: str, expr: str | None) -> None:
    assert duration_expr(value, "time.") == expr


def test_duration_unit_is_the_constant_the_expression_uses() -> None:
    assert [duration_unit(v) for v in ("10s", "1h", "1.5s", "0s", "x")] == ["Second", "Hour", "Millisecond", None, None]


# -- spelling ----------------------------------------------------------------------------------

SHADOWS = """package p

import (
	"net/http"
	t "time"
)

type Server struct{}

func f(w http.ResponseWriter, x int) {
	var a, b = 1, 2
	c := 3
	for i, v := range []int{} {
		_, _ = i, v
	}
	for j := range 3 {
		_ = j
	}
	const k = 1
	type T int
	_, _, _, _ = a, b, c, k
	srv := &http.Server{}
	_ = srv
}
"""


def test_declared_names_are_what_a_walk_finds() -> None:
    data, root = _tree(SHADOWS)
    fn = _first(root, data, "function_declaration")
    names = declared_names(fn, data)
    assert names == {"f", "w", "x", "a", "b", "c", "i", "v", "j", "k", "T", "srv"}
    # every variable, constant and parameter declares_locally sees, plus types and functions
    for name in ("w", "x", "a", "b", "c", "i", "v", "j", "k", "srv"):
        assert declares_locally(fn, name, data)
    assert not declares_locally(fn, "T", data) and "T" in names


def test_member_qualifier_follows_the_import_and_local_names() -> None:
    data, root = _tree(SHADOWS)
    lit = _first(root, data, "composite_literal")
    names = LocalNames()
    assert member_qualifier(lit, data, "http", "Server", names.declares) == "http."
    assert member_qualifier(lit, data, "srv", "Server") is None  # a local of the function
    assert member_qualifier(lit, data, ".", "Server") == ""  # the type Server is package-level
    assert member_qualifier(lit, data, ".", "T") is None  # a local type hides the member
    assert member_qualifier(lit, data, "_", "Server") is None and member_qualifier(lit, data, None, "Server") is None


def test_import_qualifier_names_or_adds_an_import(tmp_path: Path) -> None:
    view, path, data, root = _package(tmp_path, {"a.go": SHADOWS}, "a.go")
    lit = _first(root, data, "composite_literal")
    imports = import_names(root, data)
    assert import_qualifier("time", "time", lit, data, root, imports, view) == ("t.", ())
    # not imported yet: spelled by its package name, which the fix imports
    assert import_qualifier("context", "context", lit, data, root, imports, view) == ("context.", ("context",))
    # a local declaration hides the alias
    assert import_qualifier("time", "time", lit, data, root, {"time": "c"}, view) is None


def test_import_qualifier_refuses_a_name_the_file_or_package_uses(tmp_path: Path) -> None:
    files = {
        "a.go": "package p\n\nfunc f() { x := []int{}; _ = x }\n",
        "b.go": "package p\n\nvar time = 3\n",
        "c.go": "package p\n\nfunc g() { var context int; _ = context }\n",
    }
    view, path, data, root = _package(tmp_path, files, "a.go")
    lit = _first(root, data, "composite_literal")
    # another file of the package declares time: an import would clash with it
    assert import_qualifier("time", "time", lit, data, root, {}, view) is None
    assert import_qualifier("sync", "sync", lit, data, root, {}, view) == ("sync.", ("sync",))
    view, path, data, root = _package(tmp_path, files, "c.go")
    lit = _first(root, data, "var_declaration")
    # spelled in the file itself as something else
    assert import_qualifier("context", "context", lit, data, root, {}, view) is None


# -- net/http names, types and values ------------------------------------------------------------

VALUES = """package p

import web "net/http"

var a = &web.Client{}
var b = web.Client{}
var c = web.DefaultClient
var d = &web.Server{}
var e = (&web.Client{})
var f *web.Client
"""


def test_client_values_and_types_as_spelled() -> None:
    data, root = _tree(VALUES)
    http = nethttp.local_name(import_names(root, data))
    assert http == "web"
    values = [s.child_by_field_name("value") for s in walk(root) if s.type == "var_spec" and s.child_by_field_name("value")]
    got = [nethttp.client_value(v.named_children[0], data, http) for v in values]
    assert got == [True, True, True, False, True]
    spec = [s for s in walk(root) if s.type == "var_spec"][-1]
    typ = spec.child_by_field_name("type")
    assert nethttp.is_client_type(typ, data, http) and nethttp.is_pointer_to(typ, data, http, "Client")
    assert not nethttp.is_client_type(typ, data, "http") and not nethttp.is_client_type(typ, data, ".")
    assert nethttp.is_client(("ptr", nethttp.CLIENT)) and not nethttp.is_client(("ext", "net/http", "Server"))
    assert nethttp.local_name({"net/http": "_"}) is None and nethttp.local_name({}) is None


HANDLERS = """package p

import (
	"net/http"
	. "net/http"
)

func plain(w http.ResponseWriter, r *http.Request) {}

func router(w http.ResponseWriter, r *http.Request, params map[string]string) {}

func swapped(r *http.Request, w http.ResponseWriter) {}

func unnamed(http.ResponseWriter, *http.Request) {}

func blank(w http.ResponseWriter, _ *http.Request) {}

func two(w http.ResponseWriter, r1, r2 *http.Request) {}

func dot(w ResponseWriter, r *Request) {}

func notRequest(w http.ResponseWriter, r http.Request) {}

func writerOnly(w http.ResponseWriter) {}

func variadic(w http.ResponseWriter, r *http.Request, rest ...int) {}
"""


def test_handler_params_and_the_handler_func_signature() -> None:
    data, root = _tree(HANDLERS)
    funcs = {data[f.child_by_field_name("name").start_byte : f.child_by_field_name("name").end_byte].decode(): f for f in walk(root) if f.type == "function_declaration"}

    def params(name: str, http: str = "http"):
        p = nethttp.handler_params(funcs[name], data, http)
        if p is None:
            return None
        text = lambda n: None if n is None else data[n.start_byte : n.end_byte].decode()  # noqa: E731
        return text(p.writer), text(p.request), p.exact

    assert params("plain") == ("w", "r", True)
    assert params("router") == ("w", "r", False)  # serves requests, but is no HandlerFunc
    assert params("swapped") == ("w", "r", False)
    assert params("unnamed") == (None, None, True)
    assert params("blank") == ("w", None, True)
    assert params("two") == ("w", None, False)  # two requests: which one is the handler's?
    assert params("dot", ".") == ("w", "r", True) and params("dot") is None
    assert params("notRequest") is None and params("writerOnly") is None
    assert params("variadic") == ("w", "r", False)
    assert [n for n in funcs if nethttp.is_handler(funcs[n], data, "http")] == ["plain", "unnamed", "blank"]
    assert not nethttp.is_handler(funcs["plain"], data, None)


# -- where a server or client goes ---------------------------------------------------------------

FLOW = """package p

import (
	"net/http"
	"net/http/httptest"
	"time"
)

func local() {
	srv := &http.Server{}
	srv.ReadHeaderTimeout = time.Second
	_ = srv.ListenAndServe()
}

func escapes() *http.Server {
	srv := &http.Server{}
	return srv
}

func test() {
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = &http.Server{}
}

func keyed() *httptest.Server {
	return &httptest.Server{Config: &http.Server{}}
}

func unset() {
	srv := http.Server{}
	_ = srv.ListenAndServe()
}
"""


def _servers(root, data: bytes) -> list:
    def typed(n) -> bytes:
        t = n.child_by_field_name("type")
        return data[t.start_byte : t.end_byte]

    return [n for n in walk(root) if n.type == "composite_literal" and typed(n) == b"http.Server"]


def test_literal_destination() -> None:
    data, root = _tree(FLOW)
    lits = _servers(root, data)
    got = []
    for lit in lits:
        kind, target = nethttp.literal_destination(nethttp.literal_outer(lit))
        got.append((kind, None if target is None else data[target.start_byte : target.end_byte].decode()))
    assert got == [("var", "srv"), ("var", "srv"), ("config", None), ("config", None), ("var", "srv")]
    assert nethttp.literal_outer(lits[-1]).type == "composite_literal"
    assert nethttp.literal_outer(lits[0]).type == "unary_expression"


def test_fields_set_later_on_the_value_itself(tmp_path: Path) -> None:
    files = {
        "a.go": FLOW,
        "b.go": "package p\n\nfunc configure(s *http.Server) { s.ReadTimeout = 0 }\n\nfunc run() { configure(escapes()) }\n",
    }
    view, path, data, root = _package(tmp_path, files, "a.go")
    lits = _servers(root, data)
    header = nethttp.HEADER_FIELDS
    read = frozenset({"ReadTimeout"})
    flow = lambda lit: nethttp.literal_flow(lit, data, root, view, path)  # noqa: E731
    # assigned on the variable in its function
    assert nethttp.assigned_fields(flow(lits[0]), header)
    assert nethttp.assigns_field(root, data, b"srv", header) and not nethttp.assigns_field(root, data, b"ts", header)
    # returned: its caller in b.go hands it to a setter that assigns ReadTimeout
    assert nethttp.assigned_fields(flow(lits[1]), read)
    # a local that nothing hands on is followed no further than its function
    assert not nethttp.assigned_fields(flow(lits[4]), read)
    # no caller configures the returned server: a ReadTimeout set on another value does not count
    view, path, data, root = _package(
        tmp_path, {"a.go": FLOW, "b.go": "package p\n\nfunc configure(s *http.Server) { s.ReadTimeout = 0 }\n"}, "a.go"
    )
    assert not nethttp.assigned_fields(nethttp.literal_flow(_servers(root, data)[1], data, root, view, path), read)


# -- GF504's client receivers: the model's types ---------------------------------------------------

CLIENTS = """package p

import "net/http"

type api struct{ hc *http.Client }

func newClient() *http.Client { return &http.Client{} }

func use(a *api, o *other) {
	c := newClient()
	d := &http.Client{}
	_, _ = a.hc.Get("u")
	_, _ = c.Get("u")
	_, _ = d.Get("u")
	_, _ = o.hc.Get("u")
	_, _ = shared.Get("u")
	_, _ = fromTests.Get("u")
}
"""

OTHER = """package p

import "net/http"

type other struct{ hc *http.Client }

var shared = http.DefaultClient
"""

TESTS = """package p

import "net/http"

var fromTests = &http.Client{}
"""


def _receivers(model: PackageModel, path: str) -> dict[str, bool | None]:
    f = model.file(path)
    assert f is not None
    out = {}
    for sel in walk(f.root):
        if sel.type == "selector_expression" and f.text(sel.child_by_field_name("field")) == "Get":
            op = sel.child_by_field_name("operand")
            out[f.text(op)] = nethttp.client_verdict(model, f, op)
    return out


def test_client_verdict_from_the_file_alone_and_from_the_package(tmp_path: Path) -> None:
    view, path, data, root = _package(tmp_path, {"a.go": CLIENTS, "b.go": OTHER, "b_test.go": TESTS}, "a.go")
    alone = file_model(view, path, data, root)
    assert alone is not None and [f.name for f in alone.files] == ["a.go"]
    # another file's declarations decide o.hc and shared: the file's model cannot tell
    assert _receivers(alone, path) == {"a.hc": True, "c": True, "d": True, "o.hc": None, "shared": None, "fromTests": None}
    whole = package_model(view, path, data, root, PackageModel, "model")
    assert whole is not None and [f.name for f in whole.files] == ["a.go", "b.go", "b_test.go"]
    # a package file is built without its tests: their declarations are not its to use
    assert _receivers(whole, path) == {"a.hc": True, "c": True, "d": True, "o.hc": True, "shared": True, "fromTests": None}
    f = whole.file(path)
    assert whole.typeof(f, _first(root, data, "identifier", "fromTests")) == ("ptr", nethttp.CLIENT)
    assert whole.typeof_in_build(f, _first(root, data, "identifier", "fromTests")) is None


DOT_CLIENTS = """package p

import . "net/http"

type poller struct{ hc *Client }

var shared *Client

func use(p *poller, n int) {
	c := &Client{}
	var d *Client
	_, _ = c.Get("u")
	_, _ = d.Get("u")
	_, _ = p.hc.Get("u")
	_, _ = shared.Get("u")
	_, _ = n.Get("u")
}
"""


def test_client_verdict_reads_a_dot_import_as_spelled(tmp_path: Path) -> None:
    view, path, data, root = _package(tmp_path, {"a.go": DOT_CLIENTS}, "a.go")
    model = package_model(view, path, data, root, PackageModel, "model")
    assert model is not None
    f = model.file(path)
    # the model alone cannot name a dot-imported type
    assert model.typeof(f, _first(root, data, "identifier", "c")) is None
    assert _receivers(model, path) == {"c": True, "d": True, "p.hc": True, "shared": True, "n": False}
