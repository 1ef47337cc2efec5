"""The layer's context, closure and handler facts (``analysis.contexts``, ``analysis.closures``,
``analysis.nethttp``) and the syntax-only scope questions they rest on, each asked of a small
file directly."""

from __future__ import annotations

from gofixer.analysis import closures, contexts, files, nethttp, syntax
from tests.gopackage import parsed as _tree, func_named as _func


def _site(root, data: bytes, func: str) -> contexts.CancelSite:
    fn = _func(root, data, func)
    (call,) = [c for c in contexts.with_cancel_calls(root, data) if syntax.inside(c, fn)]
    site = contexts.cancel_site(call, syntax.callee_name(call, data))
    assert site is not None
    return site


HEADER = 'package p\n\nimport (\n\t"context"\n\t"time"\n)\n\n'


def test_with_cancel_calls_and_their_sites() -> None:
    data, root = _tree(
        HEADER
        + "var base, stop = context.WithCancel(context.Background())\n\n"
        + "func a(p context.Context) {\n\tctx, cancel := context.WithTimeout(p, time.Second)\n\tdefer cancel()\n\t_ = ctx\n}\n\n"
        + "func b(p context.Context) {\n\tvar ctx, cancel = context.WithCancelCause(p)\n\tcancel(nil)\n\t_ = ctx\n}\n\n"
        + "func c(p context.Context) {\n\tuse(context.WithDeadline(p, time.Now()))\n}\n"
    )
    calls = contexts.with_cancel_calls(root, data)
    names = [syntax.callee_name(c, data) for c in calls]
    assert names == ["WithCancel", "WithTimeout", "WithCancelCause", "WithDeadline"]
    sites = [contexts.cancel_site(c, n) for c, n in zip(calls, names)]
    assert sites[0] is None  # package level: lives as long as the program
    assert sites[1].form == ":=" and data[sites[1].cancel_node.start_byte : sites[1].cancel_node.end_byte] == b"cancel"
    assert sites[2].form == "var" and sites[2].stmt.type == "var_declaration"
    assert sites[3] is None  # not assigned
    assert contexts.cancel_call(b"cancel", "WithCancelCause") == b"cancel(nil)"
    assert contexts.cancel_call(b"stop", "WithTimeoutCause") == b"stop()"
    assert contexts.cancel_type("WithCancelCause") == b"CancelCauseFunc"
    assert contexts.cancel_type("WithDeadline") == b"CancelFunc"


def test_where_a_cancel_function_escapes() -> None:
    data, root = _tree(
        HEADER
        + "func called(p context.Context) {\n\tctx, cancel := context.WithCancel(p)\n\tdefer cancel()\n\t_ = cancel\n\t_ = ctx\n}\n\n"
        + "func returned(p context.Context) context.CancelFunc {\n\t_, cancel := context.WithCancel(p)\n\treturn cancel\n}\n\n"
        + "func captured(p context.Context) {\n\t_, cancel := context.WithCancel(p)\n\tgo func() { cancel() }()\n}\n\n"
        + "func stored(p context.Context, s *S) {\n\t_, cancel := context.WithCancel(p)\n\ts.stop = cancel\n}\n\n"
        + "func again(p context.Context) {\n\t_, cancel := context.WithCancel(p)\n\tcancel()\n\t_, cancel = context.WithCancel(p)\n\tcancel()\n}\n"
    )
    escapes = {f: contexts.cancel_escapes(_site(root, data, f), b"cancel", data) for f in ("called", "returned", "captured", "stored")}
    assert escapes == {"called": False, "returned": True, "captured": True, "stored": True}
    again = _func(root, data, "again")
    second = [n for n in syntax.walk(again) if n.type == "assignment_statement"][0]
    assert contexts.redefines_cancel(second, b"cancel", data)
    assert not contexts.redefines_cancel(second, b"stop", data)


def test_where_a_derived_context_goes() -> None:
    data, root = _tree(
        HEADER
        + "func own(p context.Context) error {\n\tctx, cancel := context.WithCancel(p)\n\tdefer cancel()\n\treturn work(ctx)\n}\n\n"
        + "func back(p context.Context) context.Context {\n\tctx, cancel := context.WithCancel(p)\n\t_ = cancel\n\treturn ctx\n}\n\n"
        + "func later(p context.Context) {\n\tctx, cancel := context.WithCancel(p)\n\t_ = cancel\n\tgo work(ctx)\n}\n\n"
        + "func kept(p context.Context, s *S) {\n\tctx, cancel := context.WithCancel(p)\n\t_ = cancel\n\treq := s.With(ctx)\n\ts.req = req\n}\n\n"
        + "func plain(p context.Context) time.Duration {\n\tctx, cancel := context.WithCancel(p)\n\t_ = cancel\n\treturn until(ctx)\n}\n"
    )
    levels = {f: contexts.derived_context_escape(_site(root, data, f), data, None) for f in ("own", "back", "later", "kept", "plain")}
    assert levels["own"] == (0, "")  # the call uses it before it returns; an error holds no context
    assert levels["back"] == (2, "is returned")
    assert levels["later"] == (1, "used by a goroutine")
    assert levels["kept"] == (2, "is stored in s.req (through req)")
    assert levels["plain"] == (0, "")  # a Duration cannot hold a context
    assert not contexts.results_can_carry(_func(root, data, "plain"), data)
    assert contexts.results_can_carry(_func(root, data, "back"), data)


HANDLERS = """package p

import (
	"context"
	web "net/http"
)

func (s *S) ServeHTTP(w web.ResponseWriter, r *web.Request) {
	work(context.Background())
	go work(context.Background())
	ctx := context.TODO()
	s.ctx = ctx
	func() { work(context.TODO()) }()
	run := func() { work(context.Background()) }
	run()
	later(func() { work(context.Background()) })
}

func notHandler(w web.ResponseWriter, r *MyRequest) {}

func twoRequests(w web.ResponseWriter, a, b *web.Request) {}

func unnamed(web.ResponseWriter, *web.Request) {}
"""


def test_handlers_by_their_parameter_types() -> None:
    data, root = _tree(HANDLERS)
    serve = _func(root, data, "ServeHTTP")
    params = nethttp.handler_params(serve, data, "web")
    assert params is not None and data[params.request.start_byte : params.request.end_byte] == b"r"
    assert nethttp.handler_params(serve, data, "http") is None  # net/http goes by "web" here
    assert nethttp.handler_params(_func(root, data, "notHandler"), data, "web") is None
    two = nethttp.handler_params(_func(root, data, "twoRequests"), data, "web")
    assert two is not None and two.request is None
    unnamed = nethttp.handler_params(_func(root, data, "unnamed"), data, "web")
    assert unnamed is not None and unnamed.request is None and unnamed.exact


def test_literals_that_run_before_their_function_returns() -> None:
    data, root = _tree(HANDLERS)
    lits = [n for n in syntax.walk(root) if n.type == "func_literal"]
    # called where it stands; kept in a local only ever called; handed to a call
    assert [closures.runs_synchronously(l, data) for l in lits] == [True, True, False]
    assert [closures.invoked_in_place(l) for l in lits] == [True, False, False]


def test_context_values_that_outlive_the_handler() -> None:
    data, root = _tree(HANDLERS)
    serve = _func(root, data, "ServeHTTP")
    calls = [n for n in syntax.walk(serve) if n.type == "call_expression" and syntax.package_call(n, data, "context", {"Background", "TODO"})]
    outlives = [contexts.context_outlives(c, serve, data, "context") for c in calls]
    # work(…); go work(…); ctx stored in a field; in a literal run here; in a local run here;
    # in a literal handed to a call
    assert outlives == [False, True, True, False, False, True]


def test_an_import_still_used_after_replacements() -> None:
    data, root = _tree(
        'package p\n\nimport "context"\n\nfunc a() {\n\twork(context.Background())\n}\n\nfunc b(ctx context.Context) {}\n'
    )
    call = next(n for n in syntax.walk(root) if n.type == "call_expression" and data[n.start_byte : n.end_byte] == b"context.Background()")
    spans = [(call.start_byte, call.end_byte)]
    assert files.import_used_outside(root, data, "context", contexts.NAMES, spans)  # b's parameter type
    only, oroot = _tree('package p\n\nimport "context"\n\nfunc a() {\n\twork(context.Background())\n}\n')
    call = next(n for n in syntax.walk(oroot) if n.type == "call_expression" and only[n.start_byte : n.end_byte] == b"context.Background()")
    assert not files.import_used_outside(oroot, only, "context", contexts.NAMES, [(call.start_byte, call.end_byte)])
    dot, droot = _tree('package p\n\nimport . "context"\n\nfunc a() {\n\twork(TODO())\n}\n\nvar _ Context\n')
    assert files.import_used_outside(droot, dot, ".", contexts.NAMES, [])


def test_scopes_without_the_model() -> None:
    data, root = _tree(
        "package p\n\nfunc a(p int) (r int) {\n\tx := 1\n\tif y := 2; y > x {\n\t\tz := 3\n\t\tuse(z)\n\t}\n\tuse(x)\n\treturn\n}\n"
    )
    fn = _func(root, data, "a")
    uses = [n for n in syntax.walk(fn) if n.type == "call_expression"]
    inner, outer = uses
    assert syntax.local_kind(fn, b"x", outer, data) == "local"
    assert syntax.local_kind(fn, b"p", outer, data) == "local"
    assert syntax.local_kind(fn, b"r", outer, data) == "result"
    assert syntax.local_kind(fn, b"z", outer, data) is None  # its block has ended
    assert syntax.local_kind(fn, b"z", inner, data) == "local"
    y = next(n for n in syntax.walk(fn) if n.type == "short_var_declaration" and data[n.start_byte : n.end_byte].startswith(b"y"))
    assert syntax.declaration_scope(y).type == "if_statement"
    body = fn.child_by_field_name("body")
    assert syntax.shadowed_at(body, b"z", inner, data)
    assert not syntax.shadowed_at(body, b"z", outer, data)
    assert not syntax.shadowed_at(body, b"p", outer, data)  # a parameter is not declared in the body
