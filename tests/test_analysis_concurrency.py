"""The concurrency layer on its own: roots (go statements, errgroup callbacks, HTTP handlers),
their propagation through the package's calls, sharing, field accesses and the evidence read
from the bytes. Each test builds a small package and asks what a rule would ask.
"""

from __future__ import annotations

from pathlib import Path

from gofixer.analysis import concurrency, siblings
from gofixer.analysis.concurrency import PLAIN
from gofixer.analysis.files import FileIndex
from gofixer.analysis.model import PackageModel
from gofixer.analysis.syntax import walk
from gofixer.source import parse


def _model(tmp_path: Path, files: dict[str, str], first: str | None = None) -> tuple[PackageModel, dict[str, FileIndex]]:
    siblings.clear()
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    first = first or sorted(files)[0]
    path = str(tmp_path / first)
    data = (tmp_path / first).read_bytes()
    view = siblings.PackageView(path, data)
    model = concurrency.package_model(view, view.path, data, parse(data).root_node)
    return model, {f.name: f for f in model.files}


def _unit(model: PackageModel, type_name: str, method: str) -> tuple:
    m = model.types[type_name].methods[method]
    return (m.file.idx, m.decl.start_byte, m.decl.end_byte)


COUNTER = """package p

import "sync"

type Counter struct{ n int }

func (c *Counter) Inc() { c.n++ }

func (c *Counter) Value() int { return c.n }

func Run(c *Counter) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc()
		}()
	}
	wg.Wait()
}

func Report(c *Counter) int { return c.Value() }
"""

OWN = """package p

type Worker struct{ n int }

func (w *Worker) Step() { w.n++ }

func Start() {
	for i := 0; i < 4; i++ {
		w := &Worker{}
		go w.Step()
	}
}

func Shared(w *Worker) {
	for i := 0; i < 4; i++ {
		go w.Step()
	}
}
"""


def test_a_goroutine_in_a_loop_reaches_the_method_it_calls(tmp_path: Path) -> None:
    model, _files = _model(tmp_path, {"a.go": COUNTER})
    conc = concurrency.facts(model)
    assert conc is not None and not conc.quiet
    roots = conc.unit_roots[_unit(model, "Counter", "Inc")]
    assert len(roots) == 1
    (root,) = roots
    assert root[0] == "go" and conc.many[root]  # started in a loop: many at once
    assert conc.root_desc[root] == "the goroutine started at a.go:15 in a loop"
    # the call site on the way is the evidence a finding names
    _root, (f, call) = conc.evidence[_unit(model, "Counter", "Inc")]
    assert f.where(call) == "a.go:17"
    # Value is called only by the sequential program, followed on request
    assert _unit(model, "Counter", "Value") not in conc.unit_roots
    assert conc.follow_sequential_flow()
    assert conc.unit_roots[_unit(model, "Counter", "Value")] == {PLAIN}
    # an exported method of an exported type is also the package's API: called from anywhere
    assert conc.unit_roots[_unit(model, "Counter", "Inc")] == {root, PLAIN}


def test_a_value_made_for_the_goroutine_alone_is_not_shared(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": OWN})
    conc = concurrency.facts(model)
    assert conc is not None
    roots = conc.unit_roots[_unit(model, "Worker", "Step")]
    # ``go w.Step()`` on a fresh &Worker{} of the iteration does not share the receiver; the
    # same statement on Shared's parameter does
    assert [conc.root_desc[r] for r in roots] == ["the goroutine started at a.go:16 in a loop"]
    f = files["a.go"]
    fresh = next(n for n in walk(f.root) if n.type == "unary_expression" and f.text(n) == "&Worker{}")
    assert conc.fresh(f, fresh)


def test_a_package_without_goroutines_or_handlers_is_quiet(tmp_path: Path) -> None:
    model, _files = _model(tmp_path, {"a.go": "package p\n\ntype T struct{ n int }\n\nfunc (t *T) Inc() { t.n++ }\n"})
    conc = concurrency.facts(model)
    assert conc is not None and conc.quiet and conc.unit_roots == {}


def test_handlers_and_errgroup_callbacks_are_roots(tmp_path: Path) -> None:
    src = """package p

import "net/http"

type Stats struct{ hits int }

func (s *Stats) Observe() { s.hits++ }

type Handler struct{ stats *Stats }

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.stats.Observe() }

type group interface{ Go(func() error) }

func Fan(g group, s *Stats) {
	g.Go(func() error {
		s.Observe()
		return nil
	})
}
"""
    model, files = _model(tmp_path, {"a.go": src})
    conc = concurrency.facts(model)
    assert conc is not None
    descs = sorted(conc.root_desc[r] for r in conc.unit_roots[_unit(model, "Stats", "Observe")])
    assert descs == ["the HTTP handler (*Handler).ServeHTTP", "the goroutine started at a.go:16"]
    f = files["a.go"]
    serve = model.types["Handler"].methods["ServeHTTP"].decl
    assert concurrency.is_handler_sig(f, serve)
    lit = next(n for n in walk(f.root) if n.type == "func_literal")
    assert concurrency.root_literal_kind(f, lit) == "go"
    assert f.text(concurrency.go_boundary(f, lit)).startswith("g.Go(")


def test_field_accesses_say_what_each_method_writes_and_where_it_runs(tmp_path: Path) -> None:
    src = COUNTER.replace(
        "func Report", "func (c *Counter) Spawn() {\n\tgo func() { c.n = 0 }()\n\tf := func() { c.n++ }\n\t_ = f\n}\n\nfunc Report"
    )
    model, _files = _model(tmp_path, {"a.go": src})
    got = [
        (a.method.name, a.field, a.write, a.in_literal, a.escaping)
        for a in concurrency.field_accesses(model, model.types["Counter"])
    ]
    assert sorted(got) == [
        ("Inc", "n", True, False, False),
        ("Spawn", "n", True, False, True),  # in a literal that may run later
        ("Spawn", "n", True, True, False),  # in the goroutine it starts
        ("Value", "n", False, False, False),
    ]


def test_a_write_handed_over_by_close_is_published(tmp_path: Path) -> None:
    src = """package p

type Cmd struct {
	err  error
	done chan struct{}
}

func (c *Cmd) wait(run func() error) {
	c.err = run()
	close(c.done)
}

func (c *Cmd) loop(run func() error) {
	for {
		c.err = run()
		close(c.done)
	}
}
"""
    model, files = _model(tmp_path, {"a.go": src})
    f = files["a.go"]
    writes = [n for n in walk(f.root) if n.type == "selector_expression" and f.text(n) == "c.err"]
    assert [concurrency.published(f, w) for w in writes] == [True, False]  # not in a loop


def test_evidence_in_the_bytes() -> None:
    assert concurrency.shows_concurrency(b"package p\n\nfunc f() { go g() }\n")
    assert concurrency.shows_concurrency(b"package p\n\nfunc f(g *errgroup.Group) { g.Go(h) }\n")
    assert concurrency.shows_concurrency(
        b'package p\n\nimport "net/http"\n\nfunc h(w http.ResponseWriter, r *http.Request) {}\n'
    )
    # a ResponseWriter without the import, and "go" in a comment, start nothing
    assert not concurrency.shows_concurrency(b"package p\n\n// go on\nfunc h(w ResponseWriter) {}\n")
    assert concurrency.may_take_part(b"package p\n\nfunc h(w ResponseWriter) {}\n")


def test_the_concurrency_model_leaves_out_generated_bystanders(tmp_path: Path) -> None:
    generated = "// Code generated by stringer. DO NOT EDIT.\n\npackage p\n\nvar names = []string{\"a\"}\n"
    starter = "// Code generated by hand. DO NOT EDIT.\n\npackage p\n\nfunc init() { go run() }\n\nfunc run() {}\n"
    model, _files = _model(tmp_path, {"a.go": COUNTER, "z_string.go": generated, "z_start.go": starter}, first="a.go")
    assert sorted(f.name for f in model.files) == ["a.go", "z_start.go"]
    view = siblings.PackageView(str(tmp_path / "a.go"), (tmp_path / "a.go").read_bytes())
    quiet = b"package p\n\ntype T struct{}\n"
    # the package shows concurrency through a sibling
    assert concurrency.package_shows_concurrency(quiet, view)


def test_a_model_with_its_facts_is_freed_without_the_cycle_collector(tmp_path: Path) -> None:
    """The model keeps its concurrency facts, which refer back to it weakly: a model left behind
    (a directory unloaded, a package state replaced) is freed at once, not at the next full
    collection (which, with a heap of trees and bindings, costs seconds over GOROOT)."""
    import gc
    import weakref

    model, _files = _model(tmp_path, {"a.go": COUNTER})
    conc = concurrency.facts(model)
    assert conc is not None and conc.follow_sequential_flow()
    siblings.clear()  # the directory's memos (which hold the model) go
    gone = weakref.ref(model)
    gc.disable()
    try:
        del model, _files, conc
        assert gone() is None
    finally:
        gc.enable()


# -- who may touch a value --------------------------------------------------------------------


def test_types_documented_for_one_goroutine_and_the_types_they_hold(tmp_path: Path) -> None:
    src = """package p

// Reader reads frames. A Reader MUST NOT be used from concurrently running goroutines.
type Reader struct {
	hdr  header
	body *body
}

type header struct{ n int }

type body struct{ b []byte }

// Pool is safe for concurrent use.
type Pool struct{ free []*Reader }

type other struct {
	// seq is owned by the sender; it does not support concurrent use.
	seq  int
	hits int
}
"""
    model, _ = _model(tmp_path, {"a.go": src})
    got = {n: concurrency.documented_single_goroutine(model, model.types[n]) for n in ("Reader", "header", "body", "Pool", "other")}
    assert got == {"Reader": "Reader", "header": "Reader", "body": "Reader", "Pool": None, "other": None}
    assert concurrency.documented_field(model.types["other"], "seq")
    assert not concurrency.documented_field(model.types["other"], "hits")


def test_runtime_directives_mark_runtime_code(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    model, _ = _model(tmp_path / "a", {"a.go": "package p\n\nfunc f() {}\n"})
    assert not concurrency.runtime_internal(model)
    model, _ = _model(tmp_path / "b", {"a.go": "package p\n\n//go:systemstack\nfunc f() {}\n"})
    assert concurrency.runtime_internal(model)


HANDOFF = """package p

type T struct{ n int }

func (t *T) fill(ch chan int) {
	t.n++
	close(ch)
}

// Start hands t to the goroutine: it only returns the channel afterwards.
func (t *T) Start() chan int {
	ch := make(chan int)
	go t.fill(ch)
	return ch
}

// Keep goes on using t after starting the goroutine.
func (t *T) Keep() int {
	ch := make(chan int)
	go t.fill(ch)
	return t.n
}

// Wait uses t again only once the goroutine is done.
func (t *T) Wait() int {
	ch := make(chan int)
	go t.fill(ch)
	<-ch
	return t.n
}

// Branch starts one of two goroutines; the other case does not run after the first.
func (t *T) Branch(k int) chan int {
	ch := make(chan int)
	switch k {
	case 0:
		go t.fill(ch)
	default:
		go t.fill(ch)
	}
	return ch
}
"""


def test_a_goroutine_handed_its_values_by_a_starter_that_lets_go(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": HANDOFF})
    conc = concurrency.facts(model)
    f = files["a.go"]
    got = {}
    for root in conc.root_desc:
        start = root[2]
        fn = f.enclosing_func(f.root.descendant_for_byte_range(start, start + 1))
        got.setdefault(f.text(fn.child_by_field_name("name")), []).append(concurrency.hands_off(conc, root))
    assert got == {"Start": [True], "Keep": [False], "Wait": [True], "Branch": [True, True]}


ONCE = """package p

import (
	"sync"
	"sync/atomic"
)

type C struct {
	first atomic.Bool
	once  sync.Once
	v     int
}

func (c *C) set(v int) { c.v = v }

func (c *C) guarded(v int) {
	if !c.first.CompareAndSwap(false, true) {
		return
	}
	c.set(v)
}

func (c *C) viaOnce(v int) { c.once.Do(func() { c.set(v) }) }

func (c *C) plain(v int) { c.set(v) }

func (c *C) Run(vs []int) {
	for _, v := range vs {
		go c.guarded(v)
		go c.viaOnce(v)
		go c.plain(v)
	}
}
"""


def test_first_one_wins_guards(tmp_path: Path) -> None:
    model, files = _model(tmp_path, {"a.go": ONCE})
    conc = concurrency.facts(model)
    unit = _unit(model, "C", "set")
    f = files["a.go"]
    got = {}
    for root in conc.unit_roots[unit]:
        if root == PLAIN:
            continue
        call = f.root.descendant_for_byte_range(root[2], root[2] + 1).parent
        got[f.text(call)] = concurrency.once_guarded(conc, unit, root)
    assert got == {"go c.guarded(v)": True, "go c.viaOnce(v)": True, "go c.plain(v)": False}
