"""The byte prefilters of GF101, GF201, GF202, GF301, GF302, GF401 and GF402 are not too tight.

Each prefilter looks for what its rule always needs in the file's bytes (a go statement, a call
of ``close``, the context import…). These are sources the rule reports, written in the shapes a
byte test could miss: a statement after ``{``, ``;`` or ``case x:`` on one line, ``go`` followed
by a newline, a parenthesis or a comment, a call with a blank before its ``(``, aliased, dot and
raw-string imports. If a prefilter turned one of them away, the finding would be lost.
"""

from __future__ import annotations

import pytest

from gofixer import engine
from gofixer.analysis.siblings import PackageView
from gofixer.codemods.gf101_bare_goroutine import BareGoroutine
from gofixer.codemods.gf201_leaky_result_channel import LeakyResultChannel
from gofixer.codemods.gf202_send_after_close import SendAfterClose
from gofixer.codemods.gf301_lost_cancel import LostCancel
from gofixer.codemods.gf302_request_context_dropped import RequestContextDropped
from gofixer.codemods.gf401_undeferred_wg_done import UndeferredWgDone
from gofixer.codemods.gf402_wg_add_in_goroutine import WgAddInGoroutine
from gofixer.rule import Rule, Settings


def _reported(rule: Rule, src: str) -> list[str]:
    """The codes of what the rule reports in ``src``, its preview variants included (a prefilter
    must let through every file the rule can report), run as the engine runs it (prefilter
    first)."""
    settings = Settings(unsafe_fixes=True, preview=frozenset({rule.code}))
    result = engine.process("case.go", src.encode(), [rule], settings)
    assert result.error is None, result.error
    return [loc.finding.rule for loc in result.findings]


def _wants(rule: Rule, src: str) -> bool:
    """The rule's prefilter, as the engine asks it of a file's bytes before the parse."""
    data = src.encode()
    return rule.wants(data, PackageView(None, data))


def _assert_reports(rule: Rule, src: str) -> None:
    assert _wants(rule, src), f"{rule.code}'s prefilter turns away a file it reports"
    assert rule.code in _reported(rule, src)


GF101_LOOP = "for { work() }"
GF101 = {
    "one-line literal": f"func start() {{ go func() {{ {GF101_LOOP} }}() }}\n",
    "after a semicolon": f"func start() {{\n\twork(); go func() {{ {GF101_LOOP} }}()\n}}\n",
    "after a case clause": f"func start(x int) {{\n\tswitch x {{\n\tcase 1: go func() {{ {GF101_LOOP} }}()\n\t}}\n}}\n",
    "after a label": f"func start() {{\nL: go func() {{ {GF101_LOOP} }}()\n\tgoto L\n}}\n",
    "after a case of strings with colons and quotes": (
        f"func start(s string) {{\n\tswitch s {{\n\tcase \"a: b\", \"\\\"\", `c`: go func() {{ {GF101_LOOP} }}()\n\t}}\n}}\n"
    ),
    "after a case of a quote rune": (
        f"func start(r rune) {{\n\tswitch r {{\n\tcase '\"', '\\'': go func() {{ {GF101_LOOP} }}()\n\t}}\n}}\n"
    ),
    "after a label, a block comment with a quote in it": (
        f"func start() {{\n\t/* say\n\t\"hi */ L: go func() {{ {GF101_LOOP} }}()\n\tgoto L\n}}\n"
    ),
    "after a label, a raw string ending on its line": (
        f"func start() {{\n\t_ = `a\nb \"`; L: go func() {{ {GF101_LOOP} }}()\n\tgoto L\n}}\n"
    ),
    "newline after go": f"func start() {{\n\tgo\n\tfunc() {{ {GF101_LOOP} }}()\n}}\n",
    "parenthesized": f"func start() {{\n\tgo(func() {{ {GF101_LOOP} }})()\n}}\n",
    "after a comment": f"func start() {{\n\t/* spin */ go func() {{ {GF101_LOOP} }}()\n}}\n",
    "comment after go": f"func start() {{\n\tgo /* spin */ func() {{ {GF101_LOOP} }}()\n}}\n",
    "named function": "func start() { go spin() }\n\nfunc spin() {\n\tfor {\n\t\twork()\n\t}\n}\n",
    "CRLF": f"func start() {{\r\n\tgo func() {{ {GF101_LOOP} }}()\r\n}}\r\n",
}


@pytest.mark.parametrize("body", GF101.values(), ids=GF101.keys())
def test_gf101(body: str) -> None:
    _assert_reports(BareGoroutine(), f"package p\n\nfunc work() {{}}\n\n{body}")


GF201 = {
    "after a semicolon": "ch := make(chan int); go func() { ch <- 1 }()",
    "one-line block": "ch := make(chan int)\n\tif true { go func() { ch <- 1 }() }",
    "parenthesized": "ch := make(chan int)\n\tgo (func() { ch <- 1 })()",
    "after a comment": "ch := make(chan int)\n\t/* send */ go func() { ch <- 1 }()",
}


@pytest.mark.parametrize("start", GF201.values(), ids=GF201.keys())
def test_gf201(start: str) -> None:
    src = (
        "package p\n\nimport (\n\tc \"context\"\n)\n\n"
        "func get(ctx c.Context) (int, error) {\n"
        f"\t{start}\n"
        "\tselect {\n\tcase v := <-ch:\n\t\treturn v, nil\n\tcase <-ctx.Done():\n\t\treturn 0, ctx.Err()\n\t}\n}\n"
    )
    _assert_reports(LeakyResultChannel(), src)


GF202 = {
    "gofmt": "close(ch)",
    "blank before the parenthesis": "close (ch)",
    "comment before the parenthesis": "close/* done */(ch)",
    "after a semicolon": "_ = 0;close(ch)",
}


@pytest.mark.parametrize("close", GF202.values(), ids=GF202.keys())
def test_gf202(close: str) -> None:
    src = f"package p\n\nfunc f() {{\n\tch := make(chan int, 1)\n\t{close}\n\tch <- 5\n}}\n"
    _assert_reports(SendAfterClose(), src)


GF301 = {
    "aliased import": ('stdctx "context"', "stdctx.WithTimeout", "stdctx.Context"),
    "dot import": ('. "context"', "WithTimeout", "Context"),
    "raw string import": ("`context`", "context.WithTimeout", "context.Context"),
    "cause variant": ('"context"', "context.WithTimeoutCause", "context.Context"),
}


@pytest.mark.parametrize("spec,call,ctype", GF301.values(), ids=GF301.keys())
def test_gf301(spec: str, call: str, ctype: str) -> None:
    cause = ", nil" if call.endswith("Cause") else ""
    src = (
        f'package p\n\nimport (\n\t{spec}\n\t"time"\n)\n\n'
        f"func f(parent {ctype}) error {{\n"
        f"\tctx, _ := {call}(parent, time.Second{cause})\n"
        "\treturn use(ctx)\n}\n\n"
        f"func use(ctx {ctype}) error {{ return nil }}\n"
    )
    _assert_reports(LostCancel(), src)


GF302 = {
    "aliased imports": ('stdctx "context"', 'nethttp "net/http"', "stdctx.Background()", "nethttp."),
    "dot imports": ('. "context"', '. "net/http"', "TODO()", ""),
    "raw string imports": ("`context`", "`net/http`", "context.Background()", "http."),
    "blank before the call": ('"context"', '"net/http"', "context.Background ()", "http."),
}


@pytest.mark.parametrize("cspec,hspec,call,http", GF302.values(), ids=GF302.keys())
def test_gf302(cspec: str, hspec: str, call: str, http: str) -> None:
    src = (
        f"package p\n\nimport (\n\t{cspec}\n\t{hspec}\n)\n\n"
        f"func handle(w {http}ResponseWriter, r *{http}Request) {{\n\tif load({call}) != nil {{\n\t\treturn\n\t}}\n}}\n\n"
        "func load(ctx interface{ Done() <-chan struct{} }) error { return nil }\n"
    )
    _assert_reports(RequestContextDropped(), src)


GF401_GOROUTINE = "if err := work(); err != nil { return }; wg.Done()"
GF401_GUARD = "go func() {\n\t\tif err := work(); err != nil {\n\t\t\treturn\n\t\t}\n\t\t"
GF401 = {
    "one-line literal": f"go func() {{ {GF401_GOROUTINE} }}()",
    "parenthesized": f"go (func() {{ {GF401_GOROUTINE} }})()",
    "after a case clause": f"switch {{\n\tcase true: go func() {{ {GF401_GOROUTINE} }}()\n\t}}",
    "dot on its own line": GF401_GUARD + "wg.\n\t\t\tDone()\n\t}()",
    "blank before the parenthesis": GF401_GUARD + "wg.Done ()\n\t}()",
}


@pytest.mark.parametrize("start", GF401.values(), ids=GF401.keys())
def test_gf401(start: str) -> None:
    src = (
        'package p\n\nimport s "sync"\n\nfunc work() error { return nil }\n\n'
        f"func run() {{\n\tvar wg s.WaitGroup\n\twg.Add(1)\n\t{start}\n\twg.Wait()\n}}\n"
    )
    _assert_reports(UndeferredWgDone(), src)


def test_gf401_named_worker() -> None:
    # the worker is declared here, and started by a go statement of this file
    src = (
        'package p\n\nimport "sync"\n\nfunc work() error { return nil }\n\n'
        "func worker(wg *sync.WaitGroup) {\n\tif err := work(); err != nil {\n\t\treturn\n\t}\n\twg.Done()\n}\n\n"
        "func run() {\n\tvar wg sync.WaitGroup\n\twg.Add(1); go worker(&wg)\n\twg.Wait()\n}\n"
    )
    _assert_reports(UndeferredWgDone(), src)


GF402 = {
    "one-line literal": "go func() { wg.Add(1); defer wg.Done(); work() }()",
    "parenthesized": "go (func() { wg.Add(1); defer wg.Done(); work() })()",
    "comment after go": "go /* counted */ func() {\n\t\twg.Add(1)\n\t\tdefer wg.Done()\n\t\twork()\n\t}()",
    "newline after go": "go\n\tfunc() {\n\t\twg.Add(1)\n\t\tdefer wg.Done()\n\t\twork()\n\t}()",
    "blank before the parenthesis": "go func() {\n\t\twg.Add (1)\n\t\tdefer wg.Done()\n\t\twork()\n\t}()",
    "after a case clause": "switch {\n\tcase true: go func() { wg.Add(1); defer wg.Done(); work() }()\n\t}",
}


@pytest.mark.parametrize("start", GF402.values(), ids=GF402.keys())
def test_gf402(start: str) -> None:
    src = (
        'package p\n\nimport . "sync"\n\nfunc work() {}\n\n'
        f"func run() {{\n\tvar wg WaitGroup\n\t{start}\n\twg.Wait()\n}}\n"
    )
    _assert_reports(WgAddInGoroutine(), src)


TURNED_AWAY = {
    # "go" only in comments and strings, as most files that contain "go " have it
    "GF101": 'package p\n\n// Run does what go vet says, go to the next one.\nvar s = "go run ."\n',
    # after a colon, but in a string, a comment or a block comment
    "GF101 colon": (
        'package p\n\n// usage: go test -run X\nvar u = "usage: go run x.go"\n'
        'var v = "say \\"hi\\": go on"\n\nfunc f() { /* note: go */ }\n'
        "var help = `\nusage: go run x.go\n\tthen; go on\n`\n"
    ),
    # ctx.Done() is no statement of its own
    "GF401": "package p\n\nfunc f(c *ctx) {\n\tgo f(c)\n\t<-c.Done()\n}\n",
    # close is a method here, not the builtin
    "GF202": "package p\n\nfunc f(c *conn, ch chan int) {\n\tc.close()\n\tch <- 1\n}\n",
    # a WithCancel of another package: context is not imported
    "GF301": 'package p\n\nimport "example.com/ctx"\n\nfunc f() {\n\t_, _ = ctx.WithCancel(nil)\n}\n',
    # a handler that never calls Background or TODO
    "GF302": (
        'package p\n\nimport (\n\t"context"\n\t"net/http"\n)\n\n'
        "func h(w http.ResponseWriter, r *http.Request) {\n\tvar _ context.Context = r.Context()\n}\n"
    ),
}


@pytest.mark.parametrize("code", TURNED_AWAY.keys())
def test_prefilter_turns_away(code: str) -> None:
    rule = {
        "GF101": BareGoroutine,
        "GF101 colon": BareGoroutine,
        "GF401": UndeferredWgDone,
        "GF202": SendAfterClose,
        "GF301": LostCancel,
        "GF302": RequestContextDropped,
    }[code]()
    assert not _wants(rule, TURNED_AWAY[code])
