"""GF401/GF402 corner cases that would bloat the golden files.

Each GF401 case is a goroutine body dropped into a template; the expectation is "safe"/"unsafe"
(reported with a fix of that class), "nofix" (reported without a fix) or None (silent). The
WaitGroup resolution cases use whole files, some with a sibling file of the same package.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from gofixer import engine
from gofixer.codemods.gf401_undeferred_wg_done import UndeferredWgDone
from gofixer.codemods.gf402_wg_add_in_goroutine import WgAddInGoroutine
from gofixer.rule import Settings

TEMPLATE = """package p

import (
	"errors"
	"runtime"
	"sync"
)

func work() error { return errors.New("x") }

func F(xs []int, quit chan struct{}) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
%s
	}()
	wg.Wait()
	_ = runtime.NumCPU
}
"""


def _run(
    src: str,
    rule,
    go_version=None,
    path: str = "case.go",
    abspath: str | None = None,
    unsafe: bool = True,
    preview: bool = True,
):
    """The rule's findings on ``src``, its preview variants included unless ``preview`` is off
    (these cases are about what is matched and how it is fixed; which variant is in which tier
    is tested apart)."""
    settings = Settings(unsafe_fixes=unsafe, preview=frozenset({rule.code}) if preview else frozenset())
    result = engine.process(path, src.encode(), [rule], settings, go_version=go_version, abspath=abspath)
    assert result.error is None, result.error
    return result


def _verdict(src: str, rule) -> str | None:
    findings = _run(src, rule).findings
    if not findings:
        return None
    assert len(findings) == 1, [f.finding.message for f in findings]
    fix = findings[0].finding.fix
    return "nofix" if fix is None else fix.applicability.value


def _goroutine(body: str) -> str:
    return TEMPLATE % textwrap.indent(textwrap.dedent(body).strip("\n"), "\t\t")


def _gofmt_clean(data: bytes) -> None:
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        pytest.skip("gofmt is not on PATH")
    proc = subprocess.run([gofmt], input=data, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == data, "fix output is not gofmt-clean"


GF401_CASES = {
    "last statement": ("work()\nwg.Done()", "safe"),
    "early return then last": ("if work() != nil {\n\treturn\n}\nwg.Done()", "safe"),
    "return inside a loop": ("for _, x := range xs {\n\tif x < 0 {\n\t\treturn\n\t}\n}\nwg.Done()", "safe"),
    "other defers": ("defer close(quit)\nwork()\nwg.Done()", "unsafe"),
    "conditional at the end": ("if work() == nil {\n\twg.Done()\n}", "unsafe"),
    "each branch ends": ("if work() != nil {\n\twg.Done()\n\treturn\n}\nwork()\nwg.Done()", "unsafe"),
    "switch cases": (
        "switch len(xs) {\ncase 0:\n\twg.Done()\ndefault:\n\twork()\n\twg.Done()\n}",
        "unsafe",
    ),
    "select in a loop, then return": (
        "for {\n\tselect {\n\tcase <-quit:\n\t\twg.Done()\n\t\treturn\n\tdefault:\n\t\twork()\n\t}\n}",
        "unsafe",
    ),
    "followed by work after a skipping return": ("if work() != nil {\n\treturn\n}\nwg.Done()\nwork()", "nofix"),
    "followed by work, nothing skips it": ("work()\nwg.Done()\nwork()", None),
    "first statement": ("wg.Done()\nwork()", None),
    "the only statement": ("wg.Done()", None),
    "deferred": ("defer wg.Done()\nwork()", None),
    "deferred closure": ("defer func() {\n\twg.Done()\n}()\nwork()", None),
    "deferred and direct": ("defer wg.Done()\nwork()\nwg.Done()", None),
    "per item in a loop": ("for range xs {\n\twork()\n\twg.Done()\n}", None),
    "twice in a row": ("work()\nwg.Done()\nwork()\nwg.Done()", None),
    "goto": ("if work() != nil {\n\tgoto end\n}\nwork()\nend:\n\twg.Done()", None),
    "passed on": ("helper := &wg\n_ = helper\nwork()\nwg.Done()", None),
    "method value": ("f := wg.Done\nwork()\nf()", None),
    "self add after a guard": ("if work() != nil {\n\treturn\n}\nwg.Add(1)\nwork()\nwg.Done()", None),
    "shadowed": ("var wg sync.WaitGroup\nwg.Add(1)\nwork()\nwg.Done()", None),
    "goexit before it": ("if work() != nil {\n\truntime.Goexit()\n}\nwg.Done()", "safe"),
    "panic path": ("if work() != nil {\n\tpanic(1)\n}\nwg.Done()", "safe"),
    "spawns and counts children": (
        "for range xs {\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t}()\n}\nwork()\nwg.Done()",
        "safe",
    ),
}


@pytest.mark.parametrize("name", list(GF401_CASES))
def test_gf401_cases(name: str) -> None:
    body, want = GF401_CASES[name]
    assert _verdict(_goroutine(body), UndeferredWgDone()) == want


@pytest.mark.parametrize("name", [n for n, (_, want) in GF401_CASES.items() if want in ("safe", "unsafe")])
def test_gf401_fixes_are_gofmt_clean_and_final(name: str) -> None:
    result = _run(_goroutine(GF401_CASES[name][0]), UndeferredWgDone())
    assert result.changed
    assert b"\t\tdefer wg.Done()\n" in result.fixed
    assert all(line.strip().startswith(b"defer ") for line in result.fixed.splitlines() if b"wg.Done()" in line)
    assert not _run(result.fixed.decode(), UndeferredWgDone()).findings
    _gofmt_clean(result.fixed)


def test_gf401_mentions_waitgroup_go_from_go_1_25() -> None:
    src = _goroutine("work()\nwg.Done()")
    [old] = _run(src, UndeferredWgDone(), go_version=(1, 22)).findings
    [new] = _run(src, UndeferredWgDone(), go_version=(1, 25)).findings
    assert "wg.Go" not in old.finding.fix.description
    assert "wg.Go(func()" in new.finding.fix.description
    assert old.finding.fix.edits != new.finding.fix.edits  # converted to wg.Go: tests/test_gf401_go125.py


def test_gf401_one_line_body_is_reported_without_fix() -> None:
    src = TEMPLATE.replace("\tgo func() {\n%s\n\t}()", "\tgo func() { _ = work(); wg.Done() }()")
    findings = _run(src, UndeferredWgDone()).findings
    assert len(findings) == 1 and findings[0].finding.fix is None
    assert "no fix" in findings[0].finding.message


def test_gf401_anchor_and_message() -> None:
    src = _goroutine("if work() != nil {\n\treturn\n}\nwg.Done()")
    [loc] = _run(src, UndeferredWgDone()).findings
    assert src.encode()[loc.finding.start : loc.finding.end] == b"wg.Done()"
    assert "the return at line 16" in loc.finding.message
    assert "\n" not in loc.finding.message


def test_gf401_safe_only_without_unsafe_flag() -> None:
    src = _goroutine("defer close(quit)\nwork()\nwg.Done()")
    assert not _run(src, UndeferredWgDone(), unsafe=False).changed
    assert _run(_goroutine("work()\nwg.Done()"), UndeferredWgDone(), unsafe=False).changed


def test_gf401_comment_first_and_blank_lines() -> None:
    src = _goroutine("// the work\nwork()\n\nwg.Done() // finished")
    fixed = _run(src, UndeferredWgDone()).fixed.decode()
    assert "go func() {\n\t\tdefer wg.Done()\n\t\t// the work\n\t\twork()\n\t}()" in fixed
    _gofmt_clean(fixed.encode())


# -- which receivers are WaitGroups -----------------------------------------------------------

FILE = """package p

import (
	"fmt"
	%s
)

%s
"""


def _file(decls: str, sync_import: str = '"sync"') -> str:
    return FILE % (sync_import, textwrap.dedent(decls).strip("\n"))


def _count(src: str, rule=None, **kw) -> int:
    return len(_run(src, rule or UndeferredWgDone(), **kw).findings)


def test_parameter_by_pointer_and_value() -> None:
    src = _file(
        """
        func a(wg *sync.WaitGroup) {
        	go func() {
        		fmt.Println()
        		wg.Done()
        	}()
        }

        func b(wg fmt.Stringer) {
        	go func() {
        		fmt.Println()
        		wg.Done()
        	}()
        }
        """
    )
    assert _count(src) == 1


def test_alias_and_dot_import() -> None:
    body = """
        func a() {
        	var wg %s
        	wg.Add(1)
        	go func() {
        		fmt.Println()
        		wg.Done()
        	}()
        	wg.Wait()
        }
        """
    assert _count(_file(body % "gs.WaitGroup", 'gs "sync"')) == 1
    assert _count(_file(body % "WaitGroup", '. "sync"')) == 1
    # `sync` not imported under that name: a type of another package
    assert _count(_file(body % "sync.WaitGroup", 'gs "sync"').replace("var wg sync.WaitGroup", "var wg gs.Mutex")) == 0


def test_package_variable_and_field_in_sibling_file(tmp_path: Path) -> None:
    (tmp_path / "types.go").write_text(
        "package p\n\nimport gs \"sync\"\n\nvar all gs.WaitGroup\n\ntype S struct {\n\tgroup *gs.WaitGroup\n\tn int\n}\n"
    )
    src = _file(
        """
        func (s *S) run() {
        	go func() {
        		fmt.Println(s.n)
        		s.group.Done()
        	}()
        	go func() {
        		fmt.Println(s.n)
        		all.Done()
        	}()
        	go func() {
        		fmt.Println(s.n)
        		s.n.Done()
        	}()
        }
        """
    )
    main = tmp_path / "main.go"
    main.write_text(src)
    result = _run(src, UndeferredWgDone(), path=str(main), abspath=str(main))
    assert [loc.start.line for loc in result.findings] == [11, 15]


def test_field_with_conflicting_types_is_not_resolved() -> None:
    src = _file(
        """
        type A struct{ wg sync.WaitGroup }

        type B struct{ wg fmt.Stringer }

        func (a *A) run() {
        	go func() {
        		fmt.Println()
        		a.wg.Done()
        	}()
        }
        """
    )
    assert _count(src) == 0


def test_embedded_waitgroup_selected_by_type_name() -> None:
    src = _file(
        """
        type A struct {
        	sync.WaitGroup
        }

        func (a *A) run() {
        	go func() {
        		fmt.Println()
        		a.WaitGroup.Done()
        	}()
        }
        """
    )
    assert _count(src) == 1


def test_named_goroutine_function_of_another_package_is_not_resolved() -> None:
    src = _file(
        """
        type T struct{}

        func (T) Println(wg *sync.WaitGroup) {
        	fmt.Print()
        	wg.Done()
        }

        func a(wg *sync.WaitGroup) {
        	go fmt.Println(wg)
        }
        """
    )
    assert _count(src) == 0


# -- GF402 ------------------------------------------------------------------------------------

GF402_TEMPLATE = """package p

import (
	"fmt"
	"runtime"
	"sync"
)

func get() int { return 1 }

func F(xs []int, n int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		go func() {
%s
		}()
	}
	wg.Wait()
	_ = runtime.NumCPU
}
"""


def _g402(body: str) -> str:
    return GF402_TEMPLATE % textwrap.indent(textwrap.dedent(body).strip("\n"), "\t\t\t")


GF402_CASES = {
    "first statement": ("wg.Add(1)\ndefer wg.Done()\nfmt.Println(x)", "safe"),
    "after work, direct done": ("fmt.Println(x)\nwg.Add(1)\nfmt.Println(x)\nwg.Done()", "safe"),
    "deferred before the add": ("defer wg.Done()\nfmt.Println(x)\nwg.Add(1)\nfmt.Println(x)", "safe"),
    "len argument": ("wg.Add(len(xs))\ndefer wg.Done()", "safe"),
    "outer variable": ("wg.Add(n)\ndefer wg.Done()", "safe"),
    "guard and defer": ("if x < 0 {\n\treturn\n}\nwg.Add(1)\ndefer wg.Done()\nfmt.Println(x)", "unsafe"),
    "goexit guard": ("if x < 0 {\n\truntime.Goexit()\n}\nwg.Add(1)\ndefer wg.Done()", "unsafe"),
    "panic guard": ("if x < 0 {\n\tpanic(x)\n}\nwg.Add(1)\ndefer wg.Done()", "unsafe"),
    "call argument": ("wg.Add(get())\ndefer wg.Done()", "nofix"),
    "argument assigned in the goroutine": ("n = 2\nwg.Add(n)\ndefer wg.Done()", "nofix"),
    "guard and done in a branch": (
        "if x < 0 {\n\treturn\n}\nwg.Add(1)\nif x > 0 {\n\twg.Done()\n\treturn\n}\nwg.Done()",
        "nofix",
    ),
    "add in a loop": ("for range xs {\n\twg.Add(1)\n}\ndefer wg.Done()", None),
    "add in a branch": ("if x > 0 {\n\twg.Add(1)\n}\ndefer wg.Done()", None),
    "no done of its own": ("wg.Add(1)\nfmt.Println(x)", None),
    "done before add": ("wg.Done()\nwg.Add(1)\nfmt.Println(x)", None),
    "add for a child": ("defer wg.Done()\nwg.Add(1)\ngo func() {\n\tdefer wg.Done()\n}()", None),
    "two self adds": ("wg.Add(1)\nwg.Add(1)\ndefer wg.Done()", None),
    "passed on": ("wg.Add(1)\ndefer wg.Done()\nfmt.Println(&wg)", None),
}


@pytest.mark.parametrize("name", list(GF402_CASES))
def test_gf402_cases(name: str) -> None:
    body, want = GF402_CASES[name]
    assert _verdict(_g402(body), WgAddInGoroutine()) == want


@pytest.mark.parametrize("name", [n for n, (_, want) in GF402_CASES.items() if want in ("safe", "unsafe")])
def test_gf402_fixes_are_gofmt_clean_and_final(name: str) -> None:
    result = _run(_g402(GF402_CASES[name][0]), WgAddInGoroutine())
    assert result.changed
    assert b"\t\twg.Add(" in result.fixed.split(b"go func() {")[0]
    assert not _run(result.fixed.decode(), WgAddInGoroutine()).findings
    _gofmt_clean(result.fixed)


def test_gf402_mentions_waitgroup_go_from_go_1_25() -> None:
    src = _g402("wg.Add(1)\ndefer wg.Done()")
    [old] = _run(src, WgAddInGoroutine(), go_version=(1, 24)).findings
    [new] = _run(src, WgAddInGoroutine(), go_version=(1, 25)).findings
    assert "wg.Go" not in old.finding.fix.description
    assert "wg.Go(func()" in new.finding.fix.description
    assert old.finding.fix.edits != new.finding.fix.edits  # converted to wg.Go: tests/test_gf401_go125.py


def test_gf402_go_statement_sharing_its_line() -> None:
    src = GF402_TEMPLATE.replace(
        "\t\tgo func() {\n%s\n\t\t}()", "\t\tif x > 0 { go func() {\n\t\t\twg.Add(1)\n\t\t\tdefer wg.Done()\n\t\t}() }"
    )
    [loc] = _run(src, WgAddInGoroutine()).findings
    assert loc.finding.fix is None


def test_gf402_named_function_goroutine_is_not_reported() -> None:
    src = _file(
        """
        func worker(wg *sync.WaitGroup) {
        	wg.Add(1)
        	defer wg.Done()
        	fmt.Println()
        }

        func run() {
        	var wg sync.WaitGroup
        	go worker(&wg)
        	wg.Wait()
        }
        """
    )
    assert _count(src, WgAddInGoroutine()) == 0


def test_both_rules_together_reach_a_clean_fixpoint() -> None:
    """The examples/ shape: GF402 moves the Add (and the Done), GF401 then has nothing left, or
    defers a direct Done once GF402 has moved the Add out."""
    src = _g402("fmt.Println(x)\nwg.Add(1)\nfmt.Println(x)\nwg.Done()")
    rules = [UndeferredWgDone(), WgAddInGoroutine()]
    # with GF401's preview variant on: the Done left last after GF402's move is deferred too
    result = engine.process("case.go", src.encode(), rules, Settings(unsafe_fixes=False, preview=frozenset({"GF401"})))
    fixed = result.fixed.decode()
    assert "\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tfmt.Println(x)\n\t\t\tfmt.Println(x)\n\t\t}()" in fixed
    assert sorted(a.rule for a in result.applied) == ["GF401", "GF402"]
    _gofmt_clean(result.fixed)
    # by default only GF402 applies: a Done that only an unrecovered panic could skip is preview
    result = engine.process("case.go", src.encode(), rules, Settings(unsafe_fixes=False))
    assert "\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tfmt.Println(x)\n\t\t\tfmt.Println(x)\n\t\t\twg.Done()\n\t\t}()" in result.fixed.decode()
    assert [a.rule for a in result.applied] == ["GF402"]
    _gofmt_clean(result.fixed)
