"""GF301 lost-cancel: cases the golden harness cannot hold (no-fix findings that go vet would flag in
a golden, a local named ``context``), plus the path analysis on its own."""

from __future__ import annotations

import pytest

from gofixer import engine
from gofixer.codemods.gf301_lost_cancel import LostCancel
from gofixer.analysis.flow import ReleasePaths
from gofixer.model import Applicability
from gofixer.rule import Settings
from gofixer.source import parse

HEADER = b'package p\n\nimport (\n\t"context"\n\t"errors"\n\t"time"\n)\n\nvar _ = errors.New\nvar _ = time.Second\n\n'


def run(body: bytes, header: bytes = HEADER):
    data = header + body
    result = engine.process("x.go", data, [LostCancel()], Settings(unsafe_fixes=True))
    assert result.error is None, result.error
    return result


def only(body: bytes, header: bytes = HEADER):
    result = run(body, header)
    assert len(result.findings) == 1, [f.finding.message for f in result.findings]
    return result.findings[0].finding, result


def test_doc_has_the_sections() -> None:
    doc = LostCancel.doc()
    for section in ("What it finds", "Why it is bad", "Example", "Fixed", "Fix safety"):
        assert f"\n{section}\n" in f"\n{doc}\n", section


def test_local_named_context_is_not_the_package() -> None:
    body = b"""var _ = context.Background

type fake struct{}

func (fake) WithCancel(n int) (int, func()) { return n, func() {} }

func f(fail bool) error {
\tcontext := fake{}
\tn, _ := context.WithCancel(1)
\tm, stop := context.WithCancel(2)
\tif fail {
\t\treturn errors.New("fail")
\t}
\tstop()
\t_, _ = n, m
\treturn nil
}
"""
    assert run(body).findings == []


def test_context_returned_is_reported_without_fix() -> None:
    body = b"""func f(p context.Context) context.Context {
\tctx, _ := context.WithTimeout(p, time.Second)
\treturn ctx
}
"""
    finding, result = only(body)
    assert finding.fix is None
    assert "never called" in finding.message and "no fix" in finding.message and "returned" in finding.message
    assert result.fixed == HEADER + body


def test_value_made_from_context_returned_on_leaking_path_has_no_fix() -> None:
    body = b"""type req struct{ ctx context.Context }

func wrap(ctx context.Context) *req { return &req{ctx} }

func f(p context.Context, fast bool) (*req, error) {
\tctx, cancel := context.WithTimeout(p, time.Second)
\tr := wrap(ctx)
\tif fast {
\t\treturn r, nil
\t}
\tcancel()
\treturn nil, errors.New("slow")
}
"""
    finding, _ = only(body)
    assert "the return at line 20" in finding.message
    assert finding.fix is None and "returned" in finding.message


def test_returns_reached_after_cancel_do_not_block_the_fix() -> None:
    # the only leaking return carries an error: deferring cancel changes nothing the caller sees
    body = b"""func f(p context.Context, bad bool) (context.Context, error) {
\tctx, cancel := context.WithTimeout(p, time.Second)
\tif bad {
\t\treturn nil, ctx.Err()
\t}
\tcancel()
\treturn ctx, nil
}
"""
    finding, result = only(body)
    assert finding.fix is not None and finding.fix.applicability is Applicability.SAFE
    assert b"time.Second)\n\tdefer cancel()\n\tif bad" in result.fixed


def test_context_stored_in_field_has_no_fix() -> None:
    body = b"""type s struct{ ctx context.Context }

func (x *s) f(p context.Context) {
\tctx, _ := context.WithCancel(p)
\tx.ctx = ctx
}
"""
    finding, _ = only(body)
    assert finding.fix is None and "stored in x.ctx" in finding.message


def test_context_sent_on_channel_has_no_fix() -> None:
    body = b"""func f(p context.Context, out chan context.Context) {
\tctx, _ := context.WithCancel(p)
\tout <- ctx
}
"""
    finding, _ = only(body)
    assert finding.fix is None and "sent on a channel" in finding.message


def test_header_init_is_reported_without_fix() -> None:
    body = b"""func f(p context.Context, fail bool) error {
\tif ctx, cancel := context.WithCancel(p); fail {
\t\treturn ctx.Err()
\t} else {
\t\tcancel()
\t}
\treturn nil
}
"""
    finding, _ = only(body)
    assert finding.fix is None
    assert "the return at line 14" in finding.message and "header" in finding.message


def test_statement_followed_on_its_line_gets_no_fix() -> None:
    body = b"""func f(p context.Context) error {
\tctx, _ := context.WithCancel(p); _ = ctx
\treturn nil
}
"""
    finding, _ = only(body)
    assert finding.fix is None and "same line" in finding.message


def test_trailing_block_comment_gets_no_fix_but_line_comment_does() -> None:
    body = b"""func f(p context.Context) error {
\tctx, _ := context.WithCancel(p) /* x */
\treturn ctx.Err()
}

func g(p context.Context) error {
\tctx, _ := context.WithCancel(p) // keep me
\treturn ctx.Err()
}
"""
    result = run(body)
    assert [f.finding.fix is None for f in result.findings] == [True, False]
    assert b"context.WithCancel(p) // keep me\n\tdefer cancel()\n" in result.fixed


def test_goroutine_use_makes_the_fix_unsafe_and_safe_mode_skips_it() -> None:
    body = b"""func f(p context.Context) {
\tctx, _ := context.WithCancel(p)
\tgo func() { <-ctx.Done() }()
}
"""
    finding, _ = only(body)
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert "goroutine" in finding.fix.description
    safe_only = engine.process("x.go", HEADER + body, [LostCancel()], Settings(unsafe_fixes=False))
    assert safe_only.fixed == HEADER + body


def test_loop_body_fix_releases_per_iteration() -> None:
    body = b"""func f(p context.Context, n int) {
\tfor i := 0; i < n; i++ {
\t\tctx, _ := context.WithCancel(p)
\t\t_ = ctx
\t}
}
"""
    finding, result = only(body)
    assert finding.fix.applicability is Applicability.SAFE
    assert b"\t\tctx, cancel := context.WithCancel(p)\n\t\t_ = ctx\n\t\tcancel()\n\t}\n" in result.fixed


def test_infinite_loop_continue_leak_is_found_and_released_before_continue() -> None:
    """go vet misses this one: the loop never returns, the continue drops this iteration's cancel."""
    body = b"""func f(p context.Context, ch chan int) {
\tfor {
\t\tv := <-ch
\t\tctx, cancel := context.WithCancel(p)
\t\tif v < 0 {
\t\t\tcontinue
\t\t}
\t\t_ = ctx
\t\tcancel()
\t}
}
"""
    finding, result = only(body)
    assert "the continue at line" in finding.message
    assert finding.fix.applicability is Applicability.SAFE
    assert b"\t\tif v < 0 {\n\t\t\tcancel()\n\t\t\tcontinue\n" in result.fixed


def test_loop_exit_without_room_for_a_statement_falls_back_to_unsafe_defer() -> None:
    body = b"""func f(p context.Context, ch chan int) {
\tfor v := range ch {
\t\tctx, cancel := context.WithCancel(p)
\t\tif v < 0 { continue }
\t\t_ = ctx
\t\tcancel()
\t}
}
"""
    finding, result = only(body)
    assert finding.fix.applicability is Applicability.UNSAFE
    assert b"context.WithCancel(p)\n\t\tdefer cancel()\n" in result.fixed


def test_main_main_paths_are_not_reported_but_discards_are() -> None:
    header = b'package main\n\nimport "context"\n\n'
    body = b"""func main() {
\tctx, cancel := context.WithCancel(context.Background())
\tif ctx == nil {
\t\treturn
\t}
\tcancel()
\tc2, _ := context.WithCancel(ctx)
\t_ = c2
}
"""
    result = run(body, header)
    assert [f.start.line for f in result.findings] == [11]


def test_package_level_var_is_silent() -> None:
    body = b"var bg, stop = context.WithCancel(context.Background())\n"
    assert run(body).findings == []


def test_two_discards_in_one_function_get_distinct_names() -> None:
    body = b"""func f(p context.Context) error {
\tctx, _ := context.WithCancel(p)
\tctx, _ = context.WithTimeout(ctx, time.Second)
\treturn ctx.Err()
}
"""
    result = run(body)
    assert len(result.findings) == 2 and result.passes == 1
    assert b"ctx, cancel := context.WithCancel(p)\n\tdefer cancel()\n" in result.fixed
    assert b"\tvar cancel2 context.CancelFunc\n\tctx, cancel2 = context.WithTimeout(ctx, time.Second)\n\tdefer cancel2()\n" in result.fixed


def test_blank_assignment_of_cancel_is_not_a_call() -> None:
    # go vet's own test case: `_ = cancel` keeps the compiler quiet but releases nothing
    body = b"""func f(p context.Context) {
\t_, cancel := context.WithDeadline(p, time.Time{})
\tif false {
\t\t_ = cancel
\t}
}
"""
    finding, _ = only(body)
    assert "reaching the end of the function at line 17" in finding.message


def test_fallthrough_into_a_returning_case() -> None:
    body = b"""func f(p context.Context, n int) error {
\tctx, cancel := context.WithCancel(p)
\tswitch n {
\tcase 0:
\t\tcancel()
\tcase 1:
\t\tfallthrough
\tcase 2:
\t\treturn errors.New("two")
\tdefault:
\t\tcancel()
\t}
\treturn ctx.Err()
}
"""
    finding, _ = only(body)
    assert "the return at line 20" in finding.message


def test_labeled_continue_and_infinite_loop() -> None:
    body = b"""func f(p context.Context, rows [][]int) error {
\tctx, cancel := context.WithCancel(p)
outer:
\tfor {
\t\tfor _, r := range rows {
\t\t\tif len(r) == 0 {
\t\t\t\tcontinue outer
\t\t\t}
\t\t\tif r[0] < 0 {
\t\t\t\tcancel()
\t\t\t\treturn ctx.Err()
\t\t\t}
\t\t}
\t}
}

func g(p context.Context, rows [][]int) error {
\tctx, cancel := context.WithCancel(p)
outer:
\tfor {
\t\tfor _, r := range rows {
\t\t\tif len(r) == 0 {
\t\t\t\tbreak outer
\t\t\t}
\t\t\tif r[0] < 0 {
\t\t\t\tcancel()
\t\t\t\treturn ctx.Err()
\t\t\t}
\t\t}
\t}
\treturn nil
}
"""
    result = run(body)  # f leaves only through its return after cancel(); g breaks out
    assert [f.start.line for f in result.findings] == [29]
    assert "the return at line 42" in result.findings[0].finding.message


def test_blocking_select_and_loop_back_to_the_assignment() -> None:
    body = b"""func f(p context.Context, ch chan int) {
\tctx, cancel := context.WithCancel(p)
\t_ = ctx
\tselect {
\tcase <-ch:
\t\tcancel()
\t}
}

func g(p context.Context, ch chan int) error {
\tfor {
\t\tif <-ch < 0 {
\t\t\treturn errors.New("negative")
\t\t}
\t\tctx, cancel := context.WithCancel(p)
\t\t_ = ctx.Err()
\t\tif <-ch == 0 {
\t\t\tcancel()
\t\t}
\t}
}
"""
    finding, _ = only(body)
    # g: an iteration that does not cancel goes round again, and its context is lost there
    assert "the next iteration starts at line 31" in finding.message
    assert finding.fix is not None and finding.fix.applicability.value == "safe"
    assert "call cancel() where each iteration's context is left behind" in finding.fix.description


def test_alias_import_message_names_context() -> None:
    header = b'package p\n\nimport stdctx "context"\n\n'
    body = b"func f(p stdctx.Context) error {\n\tctx, _ := stdctx.WithTimeoutCause(p, 1, nil)\n\treturn ctx.Err()\n}\n"
    finding, _ = only(body, header)
    assert finding.message.startswith("the cancel function returned by context.WithTimeoutCause ")


def test_bom_and_crlf_file() -> None:
    data = b'\xef\xbb\xbfpackage p\r\n\r\nimport "context"\r\n\r\nfunc f(p context.Context) error {\r\n\tctx, _ := context.WithCancel(p)\r\n\treturn ctx.Err()\r\n}\r\n'
    result = engine.process("x.go", data, [LostCancel()], Settings())
    assert result.findings[0].start.line == 6
    assert result.fixed == data.replace(b"ctx, _ :=", b"ctx, cancel :=").replace(
        b"(p)\r\n", b"(p)\r\n\tdefer cancel()\r\n"
    )


@pytest.mark.parametrize(
    "stmts, leaks",
    [
        (b"mu.Lock()\n\tif x {\n\t\treturn\n\t}\n\tmu.Unlock()", [3]),
        (b"mu.Lock()\n\tif x {\n\t\tmu.Unlock()\n\t\treturn\n\t}\n\tmu.Unlock()", []),
        (b"mu.Lock()\n\tfor {\n\t\tif x {\n\t\t\tbreak\n\t\t}\n\t}\n\tmu.Unlock()", []),
        (b"mu.Lock()\n\tswitch {\n\tcase x:\n\t\treturn\n\t}\n\tmu.Unlock()", [4]),
        (b"mu.Lock()\n\tgoto end\nend:\n\tmu.Unlock()", None),
    ],
)
def test_release_paths_is_reusable_for_other_resources(stmts: bytes, leaks: list[int] | None) -> None:
    """The path analysis knows nothing about contexts: here it checks a mutex is unlocked."""
    data = b"package p\n\nfunc f(x bool) {\n\t" + stmts + b"\n}\n"
    tree = parse(data)
    func = tree.root_node.named_children[1]
    body_list = func.child_by_field_name("body").named_children[0]
    lock = body_list.named_children[0]

    def text(n) -> bytes:
        return data[n.start_byte : n.end_byte]

    verdict = ReleasePaths(
        data,
        func,
        releases=lambda n: text(n) == b"mu.Unlock()",
        stops=lambda n: False,
        ends=lambda n: False,
    ).after(lock)
    if leaks is None:
        assert verdict.unknown
    else:
        got = [data[: r.start_byte].count(b"\n") - 2 for r in verdict.returns]  # line within stmts
        assert got == leaks
        assert verdict.falls_off is None


def test_named_result_cancel_is_silent_even_with_short_declaration() -> None:
    # a naked return uses the named result (go vet agrees), so this is not a leak
    body = b"""func f(p context.Context, fail bool) (err error, cancel context.CancelFunc) {
\tctx, cancel := context.WithCancel(p) // ctx is new, cancel is the result
\tif fail {
\t\treturn
\t}
\treturn ctx.Err(), cancel
}
"""
    assert run(body).findings == []


def test_statement_under_a_label_is_reported_without_fix() -> None:
    body = b"""func f(p context.Context) error {
L:
\tctx, _ := context.WithCancel(p)
\tif ctx == nil {
\t\tgoto L
\t}
\treturn ctx.Err()
}
"""
    finding, _ = only(body)
    assert finding.fix is None and "not directly in a block" in finding.message



LEAK_ENDING_IN = b"""func f(ctx context.Context, bad bool) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	if bad {
		%s
		return errors.New("bad")
	}
	defer cancel()
	_ = ctx
	return nil
}
"""
# each declared before the one it calls, so each pass over the file finds one more
NEVER_RETURN = b"""func third() { second() }

func second() { first() }

func first() { panic("stop") }

func maybe(b bool) {
	if b {
		first()
	}
}

"""


@pytest.mark.parametrize("call", [b"first()", b"second()", b"third()"])
def test_a_path_ending_in_a_function_that_never_returns_leaks_nothing(call: bytes) -> None:
    """``third`` never returns because ``second`` does not, because ``first`` does not (names
    that do not say so): found to a fixpoint, no path on which the cancel is lost goes on to
    the return."""
    assert run(NEVER_RETURN + LEAK_ENDING_IN % call).findings == []


def test_a_path_through_a_function_that_may_return_leaks() -> None:
    f, _ = only(NEVER_RETURN + LEAK_ENDING_IN % b"maybe(bad)")
    assert "cancel" in f.message


# -- a context whose Done channel has been received from has released itself -------------------
# (go vet's lostcancel reports these shapes, so they cannot be golden files, which must vet)

DONE_RECEIVED = b"""type prober interface{ Probe(ctx context.Context) error }

var errUnavailable = errors.New("unavailable")

// an attempt that fails waits for its own deadline before the next one starts
func retryUntilReady(ctx context.Context, p prober, ready <-chan struct{}) error {
\tfor {
\t\tif err := ctx.Err(); err != nil {
\t\t\treturn err
\t\t}
\t\tattempt, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
\t\tif err := p.Probe(attempt); err == nil {
\t\t\tcancel()
\t\t\treturn nil
\t\t}
\t\tselect {
\t\tcase <-attempt.Done():
\t\tcase <-ready:
\t\t\tcancel()
\t\t\treturn nil
\t\t}
\t}
}

func waitFailed(ctx context.Context, p prober) error {
\tfor {
\t\tattempt, cancel := context.WithTimeout(ctx, time.Second)
\t\tif err := p.Probe(attempt); !errors.Is(err, errUnavailable) {
\t\t\tcancel()
\t\t\treturn err
\t\t}
\t\t<-attempt.Done()
\t}
}

// the child is done when its parent is: it went with it
func stopped(parent context.Context, work <-chan func()) {
\tctx, _ := context.WithCancel(parent)
\tfor {
\t\tselect {
\t\tcase f := <-work:
\t\t\tf()
\t\tcase <-ctx.Done():
\t\t\treturn
\t\t}
\t}
}
"""


def test_a_received_done_releases_the_context() -> None:
    assert run(DONE_RECEIVED).findings == []


def test_done_of_another_context_or_a_default_case_releases_nothing() -> None:
    body = b"""func other(ctx context.Context, p interface{ Probe(context.Context) error }) error {
\tfor {
\t\tattempt, cancel := context.WithTimeout(ctx, time.Second)
\t\tif err := p.Probe(attempt); err == nil {
\t\t\tcancel()
\t\t\treturn nil
\t\t}
\t\t<-ctx.Done()
\t}
}

func polled(parent context.Context) {
\tctx, _ := context.WithCancel(parent)
\tselect {
\tcase <-ctx.Done():
\tdefault:
\t}
}
"""
    result = run(body)
    assert [f.start.line for f in result.findings] == [14, 24]
    assert "next iteration" in result.findings[0].finding.message
    assert "never called" in result.findings[1].finding.message


# -- in a test: a preview variant unless a goroutine waits on the context -----------------------

IN_TEST = b"""package p

import (
\t"context"
\t"testing"
\t"time"
)

type group struct{}

func (group) Go(f func() error) {}

func work(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }

func TestDeadline(t *testing.T) {
\tctx, _ := context.WithTimeout(context.Background(), time.Second)
\tif err := work(ctx); err == nil {
\t\tt.Fatal("no error")
\t}
}

func TestValueOnly(t *testing.T) {
\tparent, cancelParent := context.WithCancel(context.Background())
\tdefer cancelParent()
\tctx, _ := context.WithCancel(parent)
\tif ctx.Err() != nil {
\t\tt.Fatal(ctx.Err())
\t}
}

func TestWorkerGroup(t *testing.T) {
\tvar g group
\tctx, _ := context.WithCancel(context.Background())
\tg.Go(func() error { return work(ctx) })
}

func TestDerivedToGoroutine(t *testing.T) {
\tctx, _ := context.WithCancel(context.Background())
\tinner, stop := context.WithTimeout(ctx, time.Minute)
\tdefer stop()
\tgo work(inner)
}
"""


def _in_test(path: str, preview: bool):
    settings = Settings(unsafe_fixes=True, preview=frozenset({"GF301"}) if preview else frozenset())
    result = engine.process(path, IN_TEST, [LostCancel()], settings)
    assert result.error is None, result.error
    return {f.start.line: f.finding for f in result.findings}


def test_a_lost_cancel_in_a_test_is_preview_unless_a_goroutine_waits() -> None:
    shown = _in_test("x_test.go", preview=True)
    assert sorted(shown) == [16, 25, 33, 38]
    assert shown[16].preview and shown[16].message.endswith("in a test this holds little: the context's deadline releases it")
    assert shown[25].preview and "no goroutine waits on the context" in shown[25].message
    assert not shown[33].preview and not shown[38].preview  # g.Go(func…), go work(inner)
    assert sorted(_in_test("x_test.go", preview=False)) == [33, 38]


def test_outside_tests_every_lost_cancel_is_default() -> None:
    shown = _in_test("x.go", preview=False)
    assert sorted(shown) == [16, 25, 33, 38]
    assert not any(f.preview for f in shown.values())
