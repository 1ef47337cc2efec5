"""GF201 corner cases that would bloat the golden files: per-path send counting and select loops.

Each case is a goroutine body (or a whole function) dropped into a template; the expectation is
"fix" (reported with the capacity-1 fix), "nofix" (reported without it: no fix, or only the
sends that wait on ``ctx.Done()`` where no capacity is sure to be enough) or None (silent).
"""

from __future__ import annotations

import textwrap

import pytest

from gofixer import engine
from gofixer.codemods.gf201_leaky_result_channel import LeakyResultChannel
from gofixer.rule import Settings

TEMPLATE = """package p

import (
	"context"
	"time"
)

func v() int { return 1 }

func cond() bool { return true }

func F(ctx context.Context, quit, tick <-chan struct{}) int {
	ch := make(chan int)
	go func() {
%s
	}()
	select {
	case x := <-ch:
		return x
	case <-ctx.Done():
		return 0
	}
}

var _ = time.Second
"""


def _run(src: str, preview: bool = True):
    """The rule's findings, its preview variants included unless ``preview`` is off (these
    cases are about what is matched and fixed; tests/test_gf201_variants.py is about tiers)."""
    data = src.encode()
    settings = Settings(preview=frozenset({"GF201"}) if preview else frozenset())
    result = engine.process("case.go", data, [LeakyResultChannel()], settings)
    assert result.error is None, result.error
    return result


def _verdict(src: str) -> str | None:
    findings = _run(src).findings
    if not findings:
        return None
    assert len(findings) == 1
    fix = findings[0].finding.fix
    return "fix" if fix is not None and fix.description.startswith("buffer the channel") else "nofix"


def _goroutine(body: str) -> str:
    return TEMPLATE % textwrap.indent(textwrap.dedent(body).strip("\n"), "\t\t")


GOROUTINES = {
    "plain": ("ch <- v()", "fix"),
    "send_then_return_in_loop": (
        """
        for {
            if cond() {
                ch <- v()
                return
            }
        }
        """,
        "fix",
    ),
    "send_then_break_in_loop": (
        """
        for i := 0; i < 3; i++ {
            if cond() {
                ch <- v()
                break
            }
        }
        """,
        "fix",
    ),
    "send_in_loop_case_then_return": (
        """
        for {
            select {
            case <-tick:
            case <-quit:
                ch <- v()
                return
            }
        }
        """,
        "fix",
    ),
    "send_then_continue": (
        """
        for i := 0; i < 3; i++ {
            ch <- v()
            continue
        }
        """,
        "nofix",
    ),
    "labeled_continue_outer": (
        """
        outer:
        for i := 0; i < 3; i++ {
            for {
                ch <- v()
                continue outer
            }
        }
        """,
        "nofix",
    ),
    "labeled_break_outer": (
        """
        outer:
        for {
            for {
                ch <- v()
                break outer
            }
        }
        """,
        "fix",
    ),
    "switch_fallthrough": (
        """
        switch v() {
        case 1:
            ch <- 1
            fallthrough
        case 2:
            ch <- 2
        }
        """,
        "nofix",
    ),
    "switch_break_skips_second_send": (
        """
        switch v() {
        case 1:
            ch <- 1
            if cond() {
                break
            }
            panic("unreachable")
        default:
            ch <- 2
        }
        """,
        "fix",
    ),
    "send_before_panic_path": (
        """
        if cond() {
            ch <- 1
            panic("boom")
        }
        ch <- 2
        """,
        "fix",
    ),
    "if_without_else_then_send": (
        """
        if cond() {
            ch <- 1
        }
        ch <- 2
        """,
        "nofix",
    ),
    "single_case_select_send": (
        """
        select {
        case ch <- v():
        }
        """,
        "fix",
    ),
    "select_send_with_default": (
        """
        select {
        case ch <- v():
        default:
        }
        """,
        None,
    ),
    "select_send_with_cancel": (
        """
        select {
        case ch <- v():
        case <-quit:
        }
        """,
        None,
    ),
    "goto_is_beyond_the_analysis": (
        """
        again:
        if cond() {
            goto again
        }
        ch <- v()
        """,
        None,
    ),
    "send_in_for_header": (
        """
        for ch <- v(); cond(); {
        }
        """,
        None,
    ),
    "closes_too": (
        """
        defer close(ch)
        ch <- v()
        """,
        None,
    ),
    "receives_too": (
        """
        ch <- v()
        <-ch
        """,
        None,
    ),
    "nested_goroutine_sends": (
        """
        go func() { ch <- v() }()
        """,
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(GOROUTINES))
def test_goroutine_bodies(name: str) -> None:
    body, want = GOROUTINES[name]
    assert _verdict(_goroutine(body)) == want


@pytest.mark.parametrize("name", ["send_then_continue", "if_without_else_then_send", "switch_fallthrough"])
def test_no_capacity_holds_every_send_so_the_sends_wait_on_the_select_context(name: str) -> None:
    """The template's select gives up on ``<-ctx.Done()``, which the goroutine sees too: each
    send becomes a select on it, and nothing is buffered."""
    findings = _run(_goroutine(GOROUTINES[name][0])).findings
    fix = findings[0].finding.fix
    assert fix is not None and fix.applicability.name == "UNSAFE" and "ctx.Done()" in fix.description
    texts = [e.new for e in fix.edits]
    assert texts and all(t.startswith(b"select {") and b"case <-ctx.Done():" in t for t in texts)


FUNCTIONS = {
    "mixed_plain_and_selecting_senders": (
        """
        func F(ctx context.Context) int {
            ch := make(chan int)
            go func() { ch <- 1 }()
            go func() {
                select {
                case ch <- 2:
                case <-ctx.Done():
                }
            }()
            select {
            case x := <-ch:
                return x
            case <-ctx.Done():
                return 0
            }
        }
        """,
        "nofix",
    ),
    "select_in_nested_loops_breaks_inner_only": (
        """
        func F(ctx context.Context) int {
            ch := make(chan int)
            go func() { ch <- 1 }()
            for {
            inner:
                for {
                    select {
                    case x := <-ch:
                        return x
                    case <-ctx.Done():
                        break inner
                    }
                }
            }
        }
        """,
        None,
    ),
    "select_in_loop_continue_outer_label": (
        """
        func F(ctx context.Context, jobs []int) int {
            n := 0
        outer:
            for range jobs {
                ch := make(chan int)
                go func() { ch <- 1 }()
                for {
                    select {
                    case x := <-ch:
                        n += x
                        continue outer
                    case <-ctx.Done():
                        continue outer
                    }
                }
            }
            return n
        }
        """,
        "fix",
    ),
    "select_in_loop_goto_out": (
        """
        func F(ctx context.Context) int {
            ch := make(chan int)
            go func() { ch <- 1 }()
            for {
                select {
                case x := <-ch:
                    return x
                case <-ctx.Done():
                    goto out
                }
            }
        out:
            return 0
        }
        """,
        "fix",
    ),
    "select_before_go": (
        """
        func F(ctx context.Context) int {
            ch := make(chan int)
            for i := 0; i < 2; i++ {
                if i == 1 {
                    select {
                    case x := <-ch:
                        return x
                    case <-ctx.Done():
                        return 0
                    }
                }
                go func() { ch <- 1 }()
            }
            return 0
        }
        """,
        None,
    ),
    "main_sends_too": (
        """
        func F(ctx context.Context) int {
            ch := make(chan int)
            go func() { ch <- 1 }()
            ch <- 2
            select {
            case x := <-ch:
                return x
            case <-ctx.Done():
                return 0
            }
        }
        """,
        None,
    ),
    "worker_not_in_file": (
        """
        func F(ctx context.Context, w func(chan int)) int {
            ch := make(chan int)
            go w(ch)
            select {
            case x := <-ch:
                return x
            case <-ctx.Done():
                return 0
            }
        }
        """,
        None,
    ),
    "variadic_worker": (
        """
        func worker(chs ...chan int) { chs[0] <- 1 }

        func F(ctx context.Context) int {
            ch := make(chan int)
            go worker(ch)
            select {
            case x := <-ch:
                return x
            case <-ctx.Done():
                return 0
            }
        }
        """,
        None,
    ),
    "worker_shadowed_by_local": (
        """
        func worker(ch chan int) { ch <- 1 }

        func F(ctx context.Context) int {
            worker := func(ch chan int) { close(ch) }
            ch := make(chan int)
            go worker(ch)
            select {
            case x := <-ch:
                return x
            case <-ctx.Done():
                return 0
            }
        }
        """,
        None,
    ),
    "worker_sends_twice": (
        """
        func worker(out chan<- int) {
            out <- 1
            out <- 2
        }

        func F(ctx context.Context) int {
            ch := make(chan int)
            go worker(ch)
            select {
            case x := <-ch:
                return x
            case <-ctx.Done():
                return 0
            }
        }
        """,
        "nofix",
    ),
    "send_only_make_is_not_considered": (
        """
        func F(ctx context.Context) int {
            ch := make(chan<- int)
            go func() { ch <- 1 }()
            <-ctx.Done()
            return 0
        }
        """,
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_functions(name: str) -> None:
    text, want = FUNCTIONS[name]
    src = 'package p\n\nimport "context"\n\n' + textwrap.dedent(text).strip("\n") + "\n"
    assert _verdict(src) == want


def test_fix_inserts_capacity_after_the_type() -> None:
    src = _goroutine("ch <- v()")
    fixed = _run(src).fixed.decode()
    assert "ch := make(chan int, 1)" in fixed
    assert _run(fixed).findings == []


def test_documentation_sections() -> None:
    doc = LeakyResultChannel.doc()
    for section in ("What it finds", "Why it is bad", "Example", "Fixed", "Fix safety"):
        assert section in doc
