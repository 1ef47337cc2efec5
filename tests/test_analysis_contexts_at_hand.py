"""The contexts code can use at a point (``analysis.contexts_at_hand``) and the cancel functions a
package keeps (``analysis.stored_cancels``), each asked of a small package in a temporary
directory, as a rule would ask them."""

from __future__ import annotations

from pathlib import Path

from gofixer.analysis import contexts_at_hand, stored_cancels
from gofixer.analysis.files import FileIndex
from gofixer.analysis.syntax import walk
from tests.gopackage import model_of as _model


def _call(f: FileIndex, text: str, nth: int = 0):
    found = [n for n in walk(f.root) if n.type == "call_expression" and f.text(n).startswith(text)]
    return found[nth]


SRC = """package p

import (
	"context"
	"net/http"
	"time"
)

type S struct{ ctx context.Context }

func use(args ...any) {}

func plain(ctx context.Context) {
	use(1)
}

func shadowed(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	use(2)
}

func two(ctx context.Context) {
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	use(3, short)
}

func background() {
	ctx := context.WithValue(context.Background(), "k", 1)
	use(4, ctx)
}

func captured(ctx context.Context) {
	go func() {
		use(5)
	}()
}

func handler(w http.ResponseWriter, r *http.Request) {
	use(6)
}

func (s *S) mixed(ctx context.Context) {
	use(7, s.ctx)
	use(8, context.TODO())
}
"""


def test_the_contexts_in_scope_follow_go_scoping(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": SRC})
    f = files["a.go"]
    names = lambda call: [h.spelled for h in contexts_at_hand.at_hand(model, f, _call(f, call))]  # noqa: E731
    assert names("use(1)") == ["ctx"]
    # the derived ctx hides the parameter: one context at hand, the derived one
    (one,) = contexts_at_hand.at_hand(model, f, _call(f, "use(2)"))
    assert one.binding.kind == "local"
    assert sorted(names("use(3")) == ["ctx", "short"]
    assert names("use(4") == []  # derived from Background without a deadline: nothing cancels it
    assert names("use(5)") == ["ctx"]  # captured by the goroutine's literal
    assert names("use(6)") == ["r.Context()"]  # a handler without a context variable


def test_never_cancelled_and_other_contexts(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": SRC})
    f = files["a.go"]
    (local,) = [c for c in contexts_at_hand.context_variables(model, f, _call(f, "use(4")) if c.name == "ctx"]
    assert contexts_at_hand.never_cancelled(model, f, local.binding)
    (param,) = contexts_at_hand.context_variables(model, f, _call(f, "use(7"))
    assert not contexts_at_hand.never_cancelled(model, f, param.binding)
    mixed = next(n for n in walk(f.root) if n.type == "method_declaration")
    others = [f.text(n) for n in contexts_at_hand.other_contexts(model, f, mixed, param)]
    assert others == ["s.ctx", "context.TODO()"]
    two = next(n for n in walk(f.root) if n.type == "function_declaration" and f.text(n.child_by_field_name("name")) == "two")
    (tparam,) = [c for c in contexts_at_hand.context_variables(model, f, _call(f, "use(3")) if c.name == "ctx"]
    assert contexts_at_hand.other_contexts(model, f, two, tparam) == []  # short is derived from ctx: one family
    assert contexts_at_hand.parameter_used(model, f, tparam)
    assert not contexts_at_hand.parameter_used(model, f, contexts_at_hand.context_variables(model, f, _call(f, "use(1)"))[0])


def test_cleanup_after_cancellation_and_deferred_calls(tmp_path: Path) -> None:
    src = """package p

import (
	"context"
	"errors"
)

func use(args ...any) {}

func f(ctx context.Context, ch chan int) error {
	defer use(1)
	select {
	case <-ch:
		use(2)
	case <-ctx.Done():
		use(3)
	}
	if err := ctx.Err(); err != nil {
		use(4)
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		use(5)
	}
	use(6)
	return nil
}
"""
    model, files = _model(tmp_path, {"a.go": src})
    f = files["a.go"]
    assert contexts_at_hand.deferred(_call(f, "use(1)"))
    assert not contexts_at_hand.deferred(_call(f, "use(6)"))
    after = [n for n in (2, 3, 4, 5, 6) if contexts_at_hand.after_cancellation(f, _call(f, f"use({n})"), "ctx")]
    assert after == [3, 4, 5]


def test_stored_cancel_functions_and_who_reads_them(tmp_path: Path) -> None:
    a = """package p

import "context"

type T struct {
	cancel context.CancelFunc
	stop   context.CancelFunc
	Public context.CancelFunc
	n      int
}

var quit context.CancelFunc
var root, rootCancel = context.WithCancel(context.Background())

func New(p context.Context) *T {
	t := &T{}
	_, t.cancel = context.WithCancel(p)
	_, c := context.WithCancel(p)
	t.stop = c
	_, quit = context.WithCancel(p)
	return t
}
"""
    b = """package p

func (t *T) Close() { t.stop() }
"""
    model, files = _model(tmp_path, {"a.go": a, "b.go": b})
    assert stored_cancels.cancel_fields(model) == {"T": ["cancel", "stop"]}  # exported fields left out
    assert sorted(stored_cancels.cancel_variables(model)) == ["quit", "rootCancel"]
    cancel = stored_cancels.field_uses(model, "T", "cancel")
    assert [u.kind for u in cancel] == ["write"]
    stop = stored_cancels.field_uses(model, "T", "stop")
    assert sorted(u.kind for u in stop) == ["read", "write"]
    assert [u.kind for u in stored_cancels.variable_uses(model, "quit")] == ["declare", "write"]
