"""GF405 cases that golden files cannot hold: a finding without a fix leaves a copylocks error
that ``go vet`` reports in the golden, and types declared in a sibling file of the package.

Each case is a package written to a temporary directory; the expectation maps the 1-based line
of each finding to "fix" (reported with the unsafe fix) or "nofix".
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gofixer import engine
from gofixer.codemods.gf405_lock_copied import LockCopied
from gofixer.rule import Settings

TYPES = """package p

import "sync"

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Inc() { c.mu.Lock(); c.n++; c.mu.Unlock() }
"""


def _run(tmp_path: Path, main: str, siblings: dict[str, str] | None = None):
    for name, text in (siblings or {"types.go": TYPES}).items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    p = tmp_path / "main.go"
    data = textwrap.dedent(main).encode()
    p.write_bytes(data)
    r = engine.process(str(p), data, [LockCopied()], Settings(unsafe_fixes=True), go_version=(1, 22), abspath=str(p))
    assert r.error is None, r.error
    return r


def _got(r) -> dict[int, str]:
    return {loc.start.line: ("fix" if loc.finding.fix else "nofix") for loc in r.findings}


CASES = {
    # the type is declared in a sibling file that imports sync; this one does not
    "sibling_type": (
        """\
        package p

        func (c Counter) get() int { return c.n }
        """,
        {3: "fix"},
    ),
    # an exported method of an exported type: importers may call it on non-addressable values
    "exported_method_of_exported_type": (
        """\
        package p

        func (c Counter) Get() int { return c.n }
        """,
        {3: "nofix"},
    ),
    "string_method": (
        """\
        package p

        import "fmt"

        func (c Counter) String() string { return fmt.Sprint(c.n) }
        """,
        {5: "nofix"},
    ),
    "driver_valuer": (
        """\
        package p

        func (c Counter) Value() (any, error) { return c.n, nil }
        """,
        {3: "nofix"},
    ),
    "writes_receiver": (
        """\
        package p

        func (c Counter) Reset() int { c.n = 0; return c.n }
        """,
        {3: "nofix"},
    ),
    "receiver_escapes": (
        """\
        package p

        func keep(c Counter) {}

        func (c Counter) Keep() { _ = &c.n }
        """,
        {3: "fix", 5: "nofix"},
    ),
    "map_elements": (
        """\
        package p

        var byName map[string]Counter

        func (c Counter) Get() int { return c.n }

        func get(k string) int { return byName[k].Get() }
        """,
        {5: "nofix"},
    ),
    "composite_literal_call": (
        """\
        package p

        func (c Counter) Get() int { return c.n }

        var zero = Counter{}.Get()
        """,
        {3: "nofix"},
    ),
    "exported_function": (
        """\
        package p

        func Show(c Counter) int { return c.n }
        """,
        {3: "nofix"},
    ),
    "function_value": (
        """\
        package p

        func show(c Counter) int { return c.n }

        var f = show
        """,
        {3: "nofix"},
    ),
    "not_addressable_argument": (
        """\
        package p

        func show(c Counter) int { return c.n }
        func newCounter() Counter { return Counter{} }

        func use() int { return show(newCounter()) }
        """,
        {3: "nofix"},
    ),
    "two_names": (
        """\
        package p

        func both(a, b Counter) int { return a.n + b.n }
        """,
        {3: "nofix"},
    ),
    "func_literal_param": (
        """\
        package p

        import "sync"

        var f = func(wg sync.WaitGroup) { wg.Wait() }
        """,
        {5: "nofix"},
    ),
    "method_param": (
        """\
        package p

        type Pool struct{}

        func (p *Pool) Put(c Counter) { _ = c.n }
        """,
        {5: "nofix"},
    ),
    "blank_receiver": (
        """\
        package p

        func (_ Counter) kind() string { return "counter" }
        """,
        {3: "fix"},
    ),
    "unnamed_parameters": (
        """\
        package p

        import "sync"

        func hook(sync.Mutex, int) {}

        var f = func(Counter) {}
        """,
        {5: "nofix", 7: "nofix"},
    ),
    "pointer_receiver": (
        """\
        package p

        func (c *Counter) Get() int { return c.n }

        func show(c *Counter) int { return c.n }
        """,
        {},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(tmp_path: Path, name: str) -> None:
    main, want = CASES[name]
    assert _got(_run(tmp_path, main)) == want


def test_call_site_in_sibling_file_withholds_the_fix(tmp_path: Path) -> None:
    siblings = {"types.go": TYPES, "other.go": "package p\n\nfunc other(c *Counter) int { return show(*c) }\n"}
    r = _run(tmp_path, "package p\n\nfunc show(c Counter) int { return c.n }\n", siblings)
    assert _got(r) == {3: "nofix"}


def test_other_package_in_the_directory_is_not_read(tmp_path: Path) -> None:
    # an external test package's types are not this package's
    siblings = {"x_test.go": TYPES.replace("package p", "package p_test")}
    r = _run(tmp_path, "package p\n\nfunc (c Counter) Get() int { return c.n }\n\ntype Counter struct{ n int }\n", siblings)
    assert _got(r) == {}


def test_sibling_fix_rewrites_receiver(tmp_path: Path) -> None:
    r = _run(tmp_path, "package p\n\nfunc (c Counter) get() int { return c.n }\n")
    assert r.fixed == b"package p\n\nfunc (c *Counter) get() int { return c.n }\n"
