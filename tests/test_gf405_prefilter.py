"""GF405's prefilter (``lock_holders.may_pass_a_lock_by_value``) must never turn away a file the
rule reports on.

It says no to a file that names neither a lock type of sync or sync/atomic nor a type of the
package that may hold a lock, worked out from the bytes of the package's files. Each case here is
a package whose lock holder is hard to see from bytes (declared in another file that does not
mention sync itself, in a ``type ( ... )`` group, as a defined type of a sync type, through a
``func (*T) Lock()``…) and whose checked file mentions neither sync nor ``Lock``: the finding
must be reported, and the prefilter must let the file through.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gofixer import engine
from gofixer.analysis import siblings
from gofixer.analysis.lock_holders import _TypeReader
from gofixer.codemods.gf405_lock_copied import LockCopied
from gofixer.analysis.siblings import PackageView
from gofixer.rule import Settings


def _write(tmp_path: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))


def _check(tmp_path: Path, name: str, data: bytes | None = None) -> list[tuple[int, str]]:
    """GF405's findings in ``name`` (its bytes on disk, or ``data``), as (line, message)."""
    path = str(tmp_path / name)
    data = (tmp_path / name).read_bytes() if data is None else data
    r = engine.process(path, data, [LockCopied()], Settings(unsafe_fixes=True), abspath=path)
    assert r.error is None, r.error
    return [(loc.start.line, loc.finding.message) for loc in r.findings]


def _applies(tmp_path: Path, name: str, data: bytes | None = None) -> bool:
    path = str(tmp_path / name)
    data = (tmp_path / name).read_bytes() if data is None else data
    return bool(engine.applicable([LockCopied()], data, PackageView(path, data)))


@pytest.fixture(autouse=True)
def _fresh_packages():
    siblings.clear()
    yield
    siblings.clear()


# name -> (files of the package, the file checked, its expected finding lines). The checked
# file mentions neither sync nor Lock: only the other files say that its type holds a lock.
CASES = {
    "holder_in_a_sibling_that_does_not_mention_sync": (
        {
            "lock.go": """\
                package p

                import "sync"

                type inner struct {
                	mu sync.Mutex
                }
                """,
            "outer.go": """\
                package p

                type outer struct {
                	name string
                	in   inner
                }
                """,
            "use.go": """\
                package p

                func (o outer) get() string { return o.name }
                """,
        },
        "use.go",
        [3],
    ),
    "type_group": (
        {
            "types.go": """\
                package p

                import "sync"

                type (
                	id      int
                	guarded struct {
                		mu sync.RWMutex
                		n  int
                	}
                	list []guarded
                )
                """,
            "use.go": """\
                package p

                func total(g guarded) int { return g.n }
                """,
        },
        "use.go",
        [3],
    ),
    "defined_type_of_a_sync_type": (
        {
            "mu.go": """\
                package p

                import "sync"

                type myMu sync.Mutex
                """,
            "box.go": """\
                package p

                type box struct {
                	m myMu
                	v int
                }
                """,
            "use.go": """\
                package p

                func (b box) value() int { return b.v }
                """,
        },
        "use.go",
        [3],
    ),
    "pointer_lock_method": (
        {
            "nocopy.go": """\
                package p

                // noCopy may be embedded into structs which must not be copied
                type noCopy struct{}

                func (*noCopy) Lock()   {}
                func (*noCopy) Unlock() {}
                """,
            "conn.go": """\
                package p

                type conn struct {
                	_  noCopy
                	fd int
                }
                """,
            "use.go": """\
                package p

                func (c conn) handle() int { return c.fd }
                """,
        },
        "use.go",
        [3],
    ),
    "atomic_value_through_an_array_and_embedding": (
        {
            "stats.go": """\
                package p

                import (
                	"fmt"
                	at "sync/atomic"
                )

                var _ = fmt.Sprint

                type counters [4]at.Int64

                type Stats struct {
                	counters
                	name string
                }
                """,
            "use.go": """\
                package p

                func report(s Stats) string { return s.name }
                """,
        },
        "use.go",
        [3],
    ),
    "generic_holder": (
        {
            "cache.go": """\
                package p

                import "sync"

                type Cache[K comparable, V any] struct {
                	mu sync.Mutex
                	m  map[K]V
                }
                """,
            "use.go": """\
                package p

                func size[K comparable, V any](c Cache[K, V]) int { return len(c.m) }
                """,
        },
        "use.go",
        [3],
    ),
    "comments_and_tags_inside_the_declaration": (
        {
            "types.go": """\
                package p

                import "sync"

                type tagged struct {
                	// the type of the lock: ) } ] type (
                	name string `json:"name"`
                	/* a comment
                	type x struct{}
                	*/ mu sync.Mutex `json:"-"`
                }
                """,
            "use.go": """\
                package p

                func show(t tagged) string { return t.name }
                """,
        },
        "use.go",
        [3],
    ),
    "unformatted_declarations": (
        {
            "types.go": """\
                package p
                import "sync"
                type a struct { mu sync.Mutex; n int }
                type b struct{ x, y int; z a }
                type c = b
                type d struct {
                e, f
                c }
                """,
            "use.go": """\
                package p

                func (v d) f() {}
                """,
        },
        "use.go",
        [3],
    ),
    "dot_import": (
        {
            "types.go": """\
                package p

                import . "sync"

                type w struct{ wg WaitGroup }
                """,
            "use.go": """\
                package p

                func wait(x w) {}
                """,
        },
        "use.go",
        [3],
    ),
    "external_test_package": (
        {
            "p.go": """\
                package p
                """,
            "helper_test.go": """\
                package p_test

                import "sync"

                type fixture struct{ mu sync.Mutex }
                """,
            "use_test.go": """\
                package p_test

                func (f fixture) name() string { return "f" }
                """,
        },
        "use_test.go",
        [3],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_finding_through_other_files(tmp_path: Path, case: str) -> None:
    files, checked, lines = CASES[case]
    _write(tmp_path, files)
    assert _applies(tmp_path, checked)
    siblings.clear()
    assert [line for line, _ in _check(tmp_path, checked)] == lines


@pytest.mark.parametrize("case", sorted(CASES))
def test_finding_when_another_file_was_checked_first(tmp_path: Path, case: str) -> None:
    """The package's holders are worked out once and shared: the answer must not depend on
    which file was checked first."""
    files, checked, lines = CASES[case]
    _write(tmp_path, files)
    for name in sorted(files):
        _check(tmp_path, name)
    assert [line for line, _ in _check(tmp_path, checked)] == lines


def test_a_file_naming_no_holder_is_turned_away(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "types.go": """\
                package p

                import "sync"

                type guarded struct{ mu sync.Mutex }

                type handle struct {
                	g    *guarded
                	all  []guarded
                	byID map[int]guarded
                	ch   chan guarded
                	f    func(guarded) guarded
                	i    interface{ get() guarded }
                }
                """,
            "use.go": """\
                package p

                func (h handle) ok() bool { return h.g != nil }
                """,
        },
    )
    assert not _applies(tmp_path, "use.go")
    assert _check(tmp_path, "use.go") == []
    assert _applies(tmp_path, "types.go")  # it imports sync and names its Mutex


def test_edited_buffer_that_declares_the_holder(tmp_path: Path) -> None:
    """The language server checks a buffer that differs from the file on disk: the holders
    shared by the package (read from disk) must not be used for it."""
    _write(
        tmp_path,
        {
            "a.go": """\
                package p

                import "sync"

                var mu sync.Mutex
                """,
            "use.go": """\
                package p

                func f() {}
                """,
        },
    )
    _check(tmp_path, "a.go")
    _check(tmp_path, "use.go")
    edited = textwrap.dedent(
        """\
        package p

        type nc struct{}

        func (*nc) Lock() {}

        type g struct{ n nc }

        func (x g) f() {}
        """
    ).encode()
    assert [line for line, _ in _check(tmp_path, "use.go", edited)] == [9]


def test_first_file_checked_from_an_edited_buffer(tmp_path: Path) -> None:
    """The first file checked works the holders out from its own bytes; a file checked next
    must see the first one as it is on disk."""
    _write(
        tmp_path,
        {
            "a.go": """\
                package p

                import "sync"

                type h struct{ mu sync.Mutex }
                """,
            "use.go": """\
                package p

                func (x h) f() {}
                """,
        },
    )
    _check(tmp_path, "a.go", b"package p\n\nfunc f() {}\n")
    assert [line for line, _ in _check(tmp_path, "use.go")] == [3]


@pytest.mark.parametrize(
    "source, held",
    [
        (b"type T struct{ a A; b *B; c []C; d [2]D; E; *F; g map[G]H; i func(I) J; k chan K }", {b"A", b"D", b"E"}),
        (b"type T struct{ a, b A\n c interface{ M() N }\n d struct{ e E } }", {b"A", b"E"}),
        (b"type T[P any] struct{ p P; g G[P]; q pkg.Q; r pkg.R[S] }", {b"P", b"G"}),
        (b"type T [N]([2]A)", {b"A"}),
        (b"type T = G[A]", {b"G"}),
        (b"type T []A", set()),
        (b"type T struct{ f func() int\n A }", {b"A"}),
    ],
)
def test_type_reader_keeps_what_is_held_by_value(source: bytes, held: set[bytes]) -> None:
    [(name, words, _)] = _TypeReader(source).read()
    assert name == b"T"
    assert words == held


def test_type_reader_reads_groups_and_skips_type_switches() -> None:
    source = b"""type (
	A struct{ x X }
	B []Y; C = [3]Z
)

func f(v any) {
	switch v.(type) {
	}
	type local struct{ w W }
}
"""
    got = {name: words for name, words, _ in _TypeReader(source).read()}
    assert got == {b"A": {b"X"}, b"B": set(), b"C": {b"Z"}, b"local": {b"W"}}


# -- the file's signatures: a holder named only behind a ``*`` or outside any signature -------------

_GUARDED = """\
    package p

    import "sync"

    type guarded struct {
    	mu sync.Mutex
    	n  int
    }
    """

# shapes of a receiver or parameter list that the byte-level signature reader must still see
# through; each is reported by the rule, so the prefilter must let the file through
SIGNATURE_SHAPES = {
    "multi_line_with_parens_in_comments": """\
        package p

        func total(
        	a int, // (an unclosed parenthesis
        	g guarded, /* ) */
        ) int {
        	return a + g.n
        }
        """,
    "brackets_in_type_parameters": """\
        package p

        func pick[S ~[]E, E any](s S, g guarded) int { return len(s) + g.n }
        """,
    "function_typed_parameter_first": """\
        package p

        func run(cb func(int) (int, error), g guarded) { _, _ = cb(g.n) }
        """,
    "parenthesized_receiver": """\
        package p

        func (g (guarded)) get() int { return g.n }
        """,
    "generic_receiver": """\
        package p

        type box[T any] struct {
        	g guarded
        	v T
        }

        func (b box[T]) get() T { return b.v }
        """,
    "array_of_holders": """\
        package p

        func first(a [2]guarded) int { return a[0].n }
        """,
    "function_literal": """\
        package p

        var get = func(g guarded) int { return g.n }
        """,
    "several_names_then_the_holder": """\
        package p

        func add(a, b int, g guarded) int { return a + b + g.n }
        """,
    "string_with_parentheses_before": """\
        package p

        var s = "func (x *guarded) (("

        func n(g guarded) int { return g.n }
        """,
    "sync_type_under_another_name": """\
        package p

        import s "sync"

        func wait(wg s.WaitGroup) { wg.Wait() }
        """,
    "sync_type_in_an_inline_struct": """\
        package p

        import "sync"

        func use(v struct{ mu sync.Mutex }) { _ = &v }
        """,
    "alias_of_a_holder": """\
        package p

        type same = guarded

        func n2(g same) int { return g.n }
        """,
    "func_keyword_on_its_own_line": """\
        package p

        var f = func
        (cb func(func(int)), g guarded) int { cb(nil); return g.n }
        """,
}


@pytest.mark.parametrize("shape", sorted(SIGNATURE_SHAPES))
def test_signature_shapes_reach_the_rule(tmp_path: Path, shape: str) -> None:
    _write(tmp_path, {"types.go": _GUARDED, "use.go": SIGNATURE_SHAPES[shape]})
    assert _check(tmp_path, "use.go"), "the case must be one the rule reports"
    siblings.clear()
    assert _applies(tmp_path, "use.go")


@pytest.mark.parametrize(
    "use",
    [
        "func (g *guarded) inc() { g.n++ }\n\nfunc get(g *guarded) int { return g.n }\n",
        "func lock(m *sync.Mutex) { m.Lock() }\n\nfunc lock2(m * sync.\n\tMutex) { m.Lock() }\n",
        "var spare guarded\n\nfunc count() int { return spare.n }\n",
        "type holder struct{ g guarded }\n\nfunc (h *holder) n() int { return h.g.n }\n",
        "// never pass a guarded by value\nfunc f(g *guarded) string { return \"a guarded (value)\" }\n",
    ],
)
def test_holder_only_behind_a_pointer_or_outside_signatures(tmp_path: Path, use: str) -> None:
    _write(tmp_path, {"types.go": _GUARDED, "use.go": 'package p\n\nimport "sync"\n\nvar _ sync.Locker\n\n' + use})
    assert _check(tmp_path, "use.go") == []
    siblings.clear()
    assert not _applies(tmp_path, "use.go")
