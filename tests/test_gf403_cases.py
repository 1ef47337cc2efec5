"""GF403 unguarded-shared-field: what the golden harness cannot hold (packages of several files,
CRLF, aliases, reasons for withholding the fix) and the gofmt cleanliness of every golden."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from gofixer import engine
from gofixer.codemods.gf403_unguarded_shared_field import UnguardedSharedField
from gofixer.analysis.siblings import PackageView
from gofixer.rule import Settings

from .conftest import TESTDATA, require_go

COUNTER = b"""package p

import "sync"

type Counter struct {
	n int
}

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
"""


def run(data: bytes, path: str = "x.go", abspath: str | None = None):
    result = engine.process(path, data, [UnguardedSharedField()], Settings(unsafe_fixes=True), abspath=abspath)
    assert result.error is None, result.error
    return result


def only(data: bytes, **kw):
    result = run(data, **kw)
    assert len(result.findings) == 1, [f.finding.message for f in result.findings]
    return result.findings[0].finding, result


def test_doc_has_the_sections() -> None:
    doc = UnguardedSharedField.doc()
    for section in ("What it finds", "Why it is bad", "Example", "Fixed", "Fix safety"):
        assert f"\n{section}\n" in f"\n{doc}\n", section


def test_counter_fixed_and_message_names_the_goroutine() -> None:
    f, result = only(COUNTER)
    assert f.fix is not None and f.fix.applicability.value == "unsafe"
    assert "`Counter.n`" in f.message and "goroutine started at x.go:17 in a loop" in f.message
    assert "\n" not in f.message
    assert b"type Counter struct {\n\tmu sync.Mutex\n\n\tn int\n}" in result.fixed
    assert b"func (c *Counter) Inc() {\n\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n\tc.n++\n}" in result.fixed


def test_crlf_file_keeps_crlf() -> None:
    data = COUNTER.replace(b"\n", b"\r\n")
    f, result = only(data)
    assert f.fix is not None
    assert b"\r\n\tmu sync.Mutex\r\n\r\n\tn int" in result.fixed
    assert b"\n" not in result.fixed.replace(b"\r\n", b"")


def test_sync_alias_and_taken_name() -> None:
    data = COUNTER.replace(b'import "sync"', b'import gosync "sync"').replace(b"sync.WaitGroup", b"gosync.WaitGroup")
    data = data.replace(b"\tn int\n", b"\tn  int\n\tmu string\n")
    f, result = only(data)
    assert f.fix is not None
    assert b"\tmu2 gosync.Mutex\n\n" in result.fixed
    assert b"c.mu2.Lock()" in result.fixed
    assert f.fix.imports == ()


def test_sync_import_added_when_missing() -> None:
    data = b"""package p

import "net/http"

type H struct {
	n int
}

func (h *H) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.n++
}
"""
    f, result = only(data)
    assert f.fix is not None and f.fix.imports == ("sync",)
    assert b'import (\n\t"net/http"\n\t"sync"\n)' in result.fixed
    assert "serves HTTP requests" in f.message


def test_copied_by_value_no_fix() -> None:
    data = COUNTER + b"\nfunc Snapshot(c *Counter) int {\n\tcopy := *c\n\treturn copy.n\n}\n"
    f, result = only(data)
    assert f.fix is None
    assert "no fix" in f.message and "copied" in f.message
    assert result.fixed == data


def test_dereference_of_a_pointer_field_copies() -> None:
    # Counter is written only as *Counter: its values come from dereferencing one
    data = COUNTER + b"\ntype Box struct {\n\tc *Counter\n}\n\nfunc keep(v interface{}) {}\n\nfunc (b *Box) Save() { keep(*b.c) }\n"
    f, _ = only(data)
    assert f.fix is None and "copied" in f.message


def test_new_is_a_pointer_not_a_copy() -> None:
    data = COUNTER + b"\nfunc Make() *Counter { return new(Counter) }\n"
    f, _ = only(data)
    assert f.fix is not None


def test_passed_by_value_no_fix() -> None:
    data = COUNTER + b"\nfunc show(c Counter) int { return c.n }\n\nvar _ = show\n"
    f, _ = only(data)
    assert f.fix is None and "by value" in f.message


def test_unkeyed_literal_no_fix() -> None:
    data = COUNTER + b"\nvar zero = &Counter{0}\n"
    f, _ = only(data)
    assert f.fix is None and "unkeyed" in f.message


def test_slice_of_values_no_fix() -> None:
    data = COUNTER + b"\nvar all []Counter\n"
    f, _ = only(data)
    assert f.fix is None and "by value" in f.message


def test_container_copied_no_fix() -> None:
    data = COUNTER + b"\ntype Holder struct {\n\tc Counter\n}\n\nfunc (h Holder) Get() int { return 0 }\n"
    f, _ = only(data)
    assert f.fix is None
    assert "Holder contains a Counter" in f.message


def test_blocking_method_no_fix() -> None:
    data = COUNTER.replace(
        b"func (c *Counter) Value() int { return c.n }",
        b"func (c *Counter) Value(ch chan int) { ch <- c.n }",
    ).replace(b"\n\nfunc Run", b"\n\nvar _ = (*Counter).Value\n\nfunc Run")
    f, _ = only(data)
    assert f.fix is None and "blocks on a channel" in f.message


def test_outside_use_named_in_description() -> None:
    data = COUNTER + b"\nfunc Peek(c *Counter) int { return c.n }\n"
    f, _ = only(data)
    assert f.fix is not None
    assert "c.n in Peek" in f.fix.description


def test_no_goroutine_no_finding() -> None:
    data = COUNTER.replace(b"go func() {", b"func() {")
    assert run(data).findings == []


def test_receiver_not_shared_in_goroutine() -> None:
    data = COUNTER.replace(b"\t\t\tc.Inc()\n", b"\t\t\tmine := &Counter{}\n\t\t\tmine.Inc()\n")
    assert run(data).findings == []


# -- packages of several files ------------------------------------------------------------------


def _package(tmp_path: Path, files: dict[str, bytes]) -> Path:
    d = tmp_path / "p"
    d.mkdir()
    for name, data in files.items():
        (d / name).write_bytes(data)
    return d


TYPE_GO = b"""package p

type Counter struct {
	n int
}
"""

METHODS_GO = b"""package p

func (c *Counter) Inc() { c.n++ }

func (c *Counter) Value() int { return c.n }
"""

GO_GO = b"""package p

func Start(c *Counter) {
	go c.Inc()
	go c.Inc()
}
"""


def test_struct_in_another_file_reported_without_fix(tmp_path: Path) -> None:
    d = _package(tmp_path, {"type.go": TYPE_GO, "methods.go": METHODS_GO, "start.go": GO_GO})
    f, _ = only(METHODS_GO, path="methods.go", abspath=str(d / "methods.go"))
    assert f.fix is None
    assert "declared in type.go" in f.message
    assert "goroutine started at start.go:4" in f.message
    for other in ("type.go", "start.go"):
        assert run((d / other).read_bytes(), path=other, abspath=str(d / other)).findings == []


def test_method_in_another_file_reported_without_fix(tmp_path: Path) -> None:
    inc = TYPE_GO + b"\nfunc (c *Counter) Inc() { c.n++ }\n"
    value = b"package p\n\nfunc (c *Counter) Value() int { return c.n }\n"
    d = _package(tmp_path, {"counter.go": inc, "value.go": value, "start.go": GO_GO})
    f, _ = only(inc, path="counter.go", abspath=str(d / "counter.go"))
    assert f.fix is None
    assert "(*Counter).Value in value.go" in f.message


def test_everything_in_one_file_evidence_in_another(tmp_path: Path) -> None:
    inc = TYPE_GO + b"\nfunc (c *Counter) Inc() { c.n++ }\n\nfunc (c *Counter) Value() int { return c.n }\n"
    d = _package(tmp_path, {"counter.go": inc, "start.go": GO_GO})
    f, result = only(inc, path="counter.go", abspath=str(d / "counter.go"))
    assert f.fix is not None and f.fix.imports == ("sync",)
    assert b"c.mu.Lock()" in result.fixed


def test_goroutines_in_tests_are_not_evidence(tmp_path: Path) -> None:
    inc = TYPE_GO + b"\nfunc (c *Counter) Inc() { c.n++ }\n"
    test = b'package p\n\nimport "testing"\n\nfunc TestInc(t *testing.T) {\n\tc := &Counter{}\n\tgo c.Inc()\n\tgo c.Inc()\n}\n'
    d = _package(tmp_path, {"counter.go": inc, "counter_test.go": test})
    assert run(inc, path="counter.go", abspath=str(d / "counter.go")).findings == []


def test_other_package_in_directory_ignored(tmp_path: Path) -> None:
    inc = TYPE_GO + b"\nfunc (c *Counter) Inc() { c.n++ }\n"
    other = GO_GO.replace(b"package p", b"package q")
    d = _package(tmp_path, {"counter.go": inc, "gen.go": other})
    assert run(inc, path="counter.go", abspath=str(d / "counter.go")).findings == []


# The only goroutine or handler of the package is in a shape the old byte test (a ``go`` first on
# its line, or the string "net/http") did not see: the model was then taken for quiet, and the
# file was not even parsed for the rule.
HIDDEN_EVIDENCE = {
    "go_after_a_brace": b"package p\n\nfunc Start(c *Counter) {\n\tfunc() { go c.Inc(); go c.Inc() }()\n}\n",
    "go_after_a_semicolon": b"package p\n\nfunc Start(c *Counter) {\n\tc.Inc(); go c.Inc(); go c.Inc()\n}\n",
    "go_after_a_case": b"package p\n\nfunc Start(c *Counter, n int) {\n\tswitch n {\n\tcase 1: go c.Inc(); go c.Inc()\n\t}\n}\n",
    "go_after_a_label": (
        b"package p\n\nfunc Start(c *Counter) {\n\tfor i := 0; i < 4; i++ {\n\tL: go c.Inc()\n"
        b"\t\tif i < 0 {\n\t\t\tgoto L\n\t\t}\n\t}\n}\n"
    ),
    "handler_with_a_raw_string_import": (
        b"package p\n\nimport `net/http`\n\nvar c = &Counter{}\n\n"
        b"func Serve(w http.ResponseWriter, r *http.Request) { c.Inc() }\n"
    ),
}


@pytest.mark.parametrize("case", sorted(HIDDEN_EVIDENCE))
def test_evidence_the_old_byte_test_missed(tmp_path: Path, case: str) -> None:
    inc = TYPE_GO + b"\nfunc (c *Counter) Inc() { c.n++ }\n"
    d = _package(tmp_path, {"counter.go": inc, "start.go": HIDDEN_EVIDENCE[case]})
    rule = UnguardedSharedField()
    assert rule.wants(inc, PackageView(str(d / "counter.go"), inc))
    f, _ = only(inc, path="counter.go", abspath=str(d / "counter.go"))
    assert "`Counter.n` is written without a lock" in f.message


def test_net_http_without_a_handler_is_no_evidence(tmp_path: Path) -> None:
    """Importing net/http (a client, say) starts nothing concurrent: the file is not parsed for
    the rule at all."""
    inc = TYPE_GO + b"\nfunc (c *Counter) Inc() { c.n++ }\n"
    client = b'package p\n\nimport "net/http"\n\nfunc Get(c *Counter) { c.Inc(); _, _ = http.Get("x") }\n'
    d = _package(tmp_path, {"counter.go": inc, "client.go": client})
    assert not UnguardedSharedField().wants(inc, PackageView(str(d / "counter.go"), inc))
    assert run(inc, path="counter.go", abspath=str(d / "counter.go")).findings == []


# -- goldens ------------------------------------------------------------------------------------


def test_goldens_are_gofmt_clean(tmp_path: Path) -> None:
    require_go()
    gofmt = shutil.which("gofmt")
    assert gofmt is not None
    for g in sorted((TESTDATA / "GF403").glob("*.go.golden")):
        (tmp_path / g.name.removesuffix(".golden")).write_bytes(g.read_bytes())
    proc = subprocess.run([gofmt, "-l", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout + proc.stderr


def test_entries_found_from_the_bytes_are_the_query_s() -> None:
    """The model looks for its entries (go statements and function literals) in every file from
    the bytes, not with the file's query pass: over every Go file of the tests and the examples,
    exactly the nodes the query finds, in the same order."""
    from gofixer.analysis.files import FileIndex as _File
    from gofixer.source import parse

    from .conftest import EXAMPLES

    compared = 0
    for path in [*sorted(TESTDATA.rglob("*.go")), *sorted(EXAMPLES.rglob("*.go"))]:
        data = path.read_bytes()
        root = parse(data).root_node
        if root.has_error:
            continue
        fast = [(n.type, n.start_byte, n.end_byte) for n in _File(0, str(path), data, root, False).go_statements_and_literals()]
        slow = _File(0, str(path), data, root, False).nodes_of("go_statement", "func_literal")
        assert fast == [(n.type, n.start_byte, n.end_byte) for n in slow], path
        compared += bool(fast)
    assert compared >= 50


def test_names_written_as_values_found_where_they_are_spelled() -> None:
    """``copies.written_as_value`` looks at the places the bytes spell the name, not at every type name
    and call of the file: for every name of every Go file of the tests and the examples (and a
    file of the shapes that count or not), the answer a walk of all such nodes gives."""
    from gofixer.analysis.files import FileIndex as _File
    from gofixer.analysis.syntax import callee_name as _callee_name
    from gofixer.analysis.syntax import is_field as _is_field
    from gofixer.analysis.syntax import unparen as _unparen
    from gofixer.analysis.copies import written_as_value as _written_as_value
    from gofixer.source import captures, compile_query, parse

    from .conftest import EXAMPLES

    shapes = b"""package p

type T struct{ n int }
type U struct{ n int }
type V struct{ n int }
type W struct{ n int }

var a = new(T)
var b *U
var c = (V)(struct{ n int }{})
var d = []W{}

func f(t *T) *U { return nil }
"""
    query = compile_query("(type_identifier) @t (call_expression) @c")
    compared = 0
    for data in [shapes, *(p.read_bytes() for d in (TESTDATA, EXAMPLES) for p in sorted(d.rglob("*.go")))]:
        root = parse(data).root_node
        f = _File(0, "x.go", data, root, False)
        found = captures(query, root)
        want: set[str] = set()
        for n in found.get("t", []):
            p = n.parent
            if p is None or p.type == "pointer_type" or (p.type == "type_spec" and _is_field(p, "name", n)):
                continue
            if p.type == "argument_list" and p.parent is not None and _callee_name(p.parent, data) == "new":
                continue
            want.add(f.text(n))
        for call in found.get("c", []):
            fn = _unparen(call.child_by_field_name("function"))
            if fn is not None and fn.type == "identifier":
                want.add(f.text(fn))
        names = {f.text(n) for n in found.get("t", [])} | {"T", "U", "V", "W"}
        assert {n for n in names if _written_as_value(f, n)} == want & names, data[:60]
        compared += 1
    assert compared >= 100


GETTER = b"""package p

import "time"

// Poller polls in the background.
type Poller struct {
	polls int
}

// Start polls every d until stop is closed.
func (p *Poller) Start(d time.Duration, stop <-chan struct{}) {
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.polls++
			case <-stop:
				return
			}
		}
	}()
}

// Polls reports how many polls ran.
func (p *Poller) Polls() int { return p.polls }
"""


def test_a_goroutine_against_the_exported_api_only_is_a_preview_variant() -> None:
    # one goroutine writes, only the package's API reads: the single-owner run loop of a
    # connection looks the same, so this is reported with --preview only
    assert run(GETTER).findings == []
    result = engine.process("x.go", GETTER, [UnguardedSharedField()], Settings(unsafe_fixes=True, preview=frozenset({"GF403"})))
    assert [(loc.start.line, loc.finding.preview) for loc in result.findings] == [(18, True)]
    assert "also used outside it, by the package's API or the code that starts it" in result.findings[0].finding.message
