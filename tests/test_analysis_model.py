"""The semantic model on its own: resolution and shadowing, declarations, types, summaries.

Each test builds a small package in a temporary directory and asks the model what a rule would
ask; the answers are checked against what the Go spec says of that code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixer.analysis.files import FileIndex
from gofixer.analysis.syntax import walk
from tests.gopackage import model_of as _model


def _ident(f: FileIndex, text: str, nth: int = 0):
    """The ``nth`` identifier spelled ``text`` in the file, in document order."""
    found = [n for n in walk(f.root) if n.type == "identifier" and f.text(n) == text]
    return found[nth]


def test_resolution_follows_go_shadowing(tmp_path: Path) -> None:
    model, files = _model(
        tmp_path,
        {
            "a.go": "package p\n\nvar x = 1\n\nfunc f(x int) int {\n\tif x := x + 1; x > 2 {\n\t\treturn x\n\t}\n\treturn x\n}\n\nfunc g() int { return x }\n",
        },
    )
    f = files["a.go"]
    # f's parameter, the if-header's x (whose initialiser reads the parameter), the if's body
    uses = [n for n in walk(f.root) if n.type == "identifier" and f.text(n) == "x"]
    kinds = [(f.line(n.start_byte), model.lookup(f, n)[0].kind if model.lookup(f, n)[0] else None) for n in uses]
    # line 3: package var (no binding); line 5: the parameter itself; line 6: x := x + 1 -> the
    # right x is the parameter; line 7: the if's x (a local); line 9: the parameter again;
    # line 12: the package variable
    assert kinds == [(3, None), (5, "param"), (6, "local"), (6, "param"), (6, "local"), (7, "local"), (9, "param"), (12, None)]
    assert "x" in model.pkg_vars


def test_declarations_span_the_package_files(tmp_path: Path) -> None:
    model, files = _model(
        tmp_path,
        {
            "a.go": "package p\n\nimport \"sync\"\n\ntype T struct {\n\tmu sync.Mutex\n\tn  int\n\tEmbedded\n}\n",
            "b.go": "package p\n\ntype Embedded struct{ m map[string]int }\n\nfunc (t *T) Inc() { t.n++ }\nfunc (e Embedded) Get() int { return 0 }\n",
            "b_test.go": "package p\n\nfunc helper() {}\n",
        },
    )
    t = model.types["T"]
    assert t.mutexes == ["mu"] and "mu" in t.skipped
    assert set(t.fields) == {"mu", "n", "Embedded"} and set(t.embedded) == {"Embedded"}
    assert t.methods["Inc"].pointer and t.methods["Inc"].file.name == "b.go"
    assert model.method(("ptr", ("named", "T")), "Get").owner == "Embedded"  # promoted
    assert "helper" in model.funcs and files["b_test.go"].is_test


def test_types_from_declarations_and_the_standard_library(tmp_path: Path) -> None:
    src = """package p

import (
	"context"
	nethttp "net/http"
	"time"
)

type S struct{ c *nethttp.Client }

func f(parent context.Context, s *S) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	resp, err := nethttp.Get("u")
	r2, _ := s.c.Do(nil)
	ch := make(chan int, 1)
	var out <-chan string
	n := 3
	_, _, _, _, _, _, _, _ = ctx, cancel, resp, err, r2, ch, out, n
}
"""
    model, files = _model(tmp_path, {"a.go": src})
    f = files["a.go"]

    def t(name: str):
        return model.typeof(f, _ident(f, name))

    assert t("ctx") == ("ext", "context", "Context")
    assert t("cancel") == ("ext", "context", "CancelFunc")
    assert t("resp") == ("ptr", ("ext", "net/http", "Response"))  # through an aliased import
    assert t("err") == ("builtin", "error")
    assert t("r2") == ("ptr", ("ext", "net/http", "Response"))  # a method of a field's type
    assert t("ch") == ("chan", ("builtin", "int"), "both")
    assert t("out") == ("chan", ("builtin", "string"), "recv")
    assert t("n") is None  # an untyped constant's default type is not modelled: unknown


def test_an_unknown_name_has_no_type(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": "package p\n\nimport \"example.com/x\"\n\nfunc f() { v := x.Make(); _ = v }\n"})
    f = files["a.go"]
    assert model.typeof(f, _ident(f, "v")) is None


def test_summaries_see_helpers_that_act_on_their_arguments(tmp_path: Path) -> None:
    src = """package p

import "sync"

func closeAll(ch chan int) { close(ch) }

func finish(ch chan int, wg *sync.WaitGroup) {
	defer wg.Done()
	closeAll(ch)
}

func worker(mu *sync.Mutex, stop func()) {
	mu.Lock()
	defer func() {
		if recover() != nil {
			stop()
		}
		mu.Unlock()
	}()
	select {}
}
"""
    model, files = _model(tmp_path, {"a.go": src})
    f = files["a.go"]
    fin = model.funcs["finish"][0]
    assert model.param_effects(f, fin, 0) == {"close"}  # through closeAll
    assert model.param_effects(f, fin, 1) == {"done"}
    w = model.summary(f, model.funcs["worker"][0])
    assert [e.deferred for e in w.of("lock", "mu")] == [False]
    assert [e.deferred for e in w.of("unlock", "mu")] == [True]
    assert w.recovers and w.blocks_forever
    assert model.param_effects(f, model.funcs["worker"][0], 1) == {"call"}


@pytest.mark.parametrize(
    "body, recovers",
    [
        ("defer func() { recover() }()", True),
        ("defer func() { _ = recover() }()", True),
        ("go func() { defer func() { recover() }() }()", False),  # another goroutine's
        ("f := func() { recover() }\n\tf()", False),  # not deferred: recover returns nil
    ],
)
def test_recover_counts_only_when_deferred_in_this_function(tmp_path: Path, body: str, recovers: bool) -> None:
    model, files = _model(tmp_path, {"a.go": f"package p\n\nfunc g() {{\n\t{body}\n}}\n"})
    f = files["a.go"]
    assert model.summary(f, model.funcs["g"][0]).recovers is recovers
