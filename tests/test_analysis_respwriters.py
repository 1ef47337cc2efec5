"""http.ResponseWriter wrappers and the sends of a handler (gofixer.analysis.respwriters), on
their own."""

from __future__ import annotations

from gofixer.analysis import respwriters, shutdown
from gofixer.analysis.files import FileIndex
from gofixer.analysis.model import PackageModel
from gofixer.analysis.syntax import walk
from gofixer.source import parse

SRC = """package p

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"myorg/metrics"
)

type rec struct {
	http.ResponseWriter
	status int
}

func (r *rec) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

type named struct {
	w    http.ResponseWriter
	code int
}

func (n *named) WriteHeader(c int) { n.code = c; n.w.WriteHeader(c) }
func (n *named) Header() http.Header { return n.w.Header() }
func (n *named) Write(b []byte) (int, error) { return n.w.Write(b) }

type sanitized struct {
	http.ResponseWriter
	code int
}

func (s *sanitized) WriteHeader(c int) { s.code = c; s.ResponseWriter.WriteHeader(c) }

func report(s *sanitized) { metrics.Observe(s.code) }

type notAWriter struct {
	w http.ResponseWriter
	n int
}

func h(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "a")
	if r == nil {
		w.WriteHeader(500)
		return
	}
}

func encodes(w http.ResponseWriter, r *http.Request) {
	if err := json.NewEncoder(w).Encode(1); err != nil {
		http.Error(w, "x", 500)
	}
}

func hints(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(103)
	w.WriteHeader(200)
	w.WriteHeader(204)
}

func stop(srv *http.Server) {
	ctx := context.Background()
	srv.Shutdown(ctx)
	srv.Shutdown(context.TODO())
}
"""


def _setup():
    data = SRC.encode()
    root = parse(data).root_node
    f = FileIndex(0, "p.go", data, root, False)
    return PackageModel([f]), f, data, root


def test_wrappers_and_what_they_record() -> None:
    model, _f, _data, _root = _setup()
    ws = {w.decl.name: w for w in respwriters.wrappers(model)}
    assert set(ws) == {"rec", "named", "sanitized", "notAWriter"}
    assert ws["rec"].embedded and ws["rec"].inner == "ResponseWriter"
    assert not ws["named"].embedded and ws["named"].inner == "w"
    got = respwriters.status_recorder(model, ws["rec"])
    assert got is not None and got[1] == "status"
    assert respwriters.method(model, ws["rec"], "Write") is None  # the embedded writer's is not rec's
    assert respwriters.method(model, ws["named"], "Write") is not None
    assert not respwriters.status_given_elsewhere(model, ws["rec"], "status", got[0])
    s = respwriters.status_recorder(model, ws["sanitized"])
    assert s is not None and respwriters.status_given_elsewhere(model, ws["sanitized"], "code", s[0])  # handed to metrics
    assert respwriters.status_recorder(model, ws["notAWriter"]) is None


def test_late_headers_skip_the_senders_own_error_check_and_informational_codes() -> None:
    _model, f, data, root = _setup()

    def late(name: bytes):
        fn = next(n for n in walk(root) if n.type == "function_declaration" and n.child_by_field_name("name").text == name)
        return [(data[a.start_byte : a.end_byte], data[b.start_byte : b.end_byte]) for a, b in respwriters.late_headers(fn, data, b"w", f.imports)]

    assert late(b"h") == [(b"w.WriteHeader(500)", b'fmt.Fprintln(w, "a")')]
    assert late(b"encodes") == []  # an encoder that failed may have sent nothing
    assert late(b"hints") == [(b"w.WriteHeader(204)", b"w.WriteHeader(200)")]  # 103 is not the final status
    h = next(n for n in walk(root) if n.type == "function_declaration" and n.child_by_field_name("name").text == b"h")
    assert respwriters.writer_params(h, data, f.imports)[0].text == b"w"


def test_shutdown_contexts_without_a_deadline() -> None:
    model, f, data, root = _setup()
    calls = [n for n in walk(root) if n.type == "call_expression" and data[n.start_byte : n.end_byte].startswith(b"srv.Shutdown")]
    args = [n.child_by_field_name("arguments").named_children[0] for n in calls]
    assert [shutdown.background_context(model, f, a) for a in args] == [True, True]
    recv = calls[0].child_by_field_name("function").child_by_field_name("operand")
    assert shutdown.is_server(model.typeof(f, recv))
