"""GF401's variants and their tiers: a Done that an early return, a FailNow or a recovered panic
skips is a defect (default); one that only an unrecovered panic could skip is hygiene (preview).
"""

from __future__ import annotations

import re

import pytest

from gofixer import engine
from gofixer.codemods.gf401_undeferred_wg_done import UndeferredWgDone
from gofixer.rule import Settings

from .test_gf40x_cases import _goroutine


def _findings(src: str, path: str = "case.go", preview: bool = False):
    settings = Settings(unsafe_fixes=True, preview=frozenset({"GF401"}) if preview else frozenset())
    result = engine.process(path, src.encode(), [UndeferredWgDone()], settings)
    assert result.error is None, result.error
    return [loc.finding for loc in result.findings]


def _tier(src: str, path: str = "case.go") -> tuple[str | None, str]:
    """("default" or "preview" or None, the message)."""
    default = _findings(src, path)
    if default:
        [f] = default
        return "default", f.message
    every = _findings(src, path, preview=True)
    if not every:
        return None, ""
    [f] = every
    assert f.preview
    return "preview", f.message


BODIES = {
    "only a panic could skip it": ("work()\nwg.Done()", "preview", r"only a panic would skip it, and nothing in the goroutine recovers one"),
    "a path that panics": ("if work() != nil {\n\tpanic(1)\n}\nwg.Done()", "preview", r"only a panic"),
    "an early return": ("if work() != nil {\n\treturn\n}\nwg.Done()", "default", r"the return at line 16 skips it"),
    "runtime.Goexit": ("if work() != nil {\n\truntime.Goexit()\n}\nwg.Done()", "default", r"`runtime.Goexit` at line 16 ends the goroutine"),
    "a deferred recover": (
        "defer func() {\n\tif r := recover(); r != nil {\n\t\t_ = r\n\t}\n}()\nwork()\nwg.Done()",
        "default",
        r"a panic that the deferred recover\(\) at line 16 catches skips it",
    ),
    # recover() in a closure the deferred function calls returns nil: the panic goes on
    "recover one call too deep": (
        "defer func() {\n\tfunc() { _ = recover() }()\n}()\nwork()\nwg.Done()",
        "preview",
        r"only a panic",
    ),
    "a recover that is not deferred": ("_ = recover()\nwork()\nwg.Done()", "preview", r"only a panic"),
}


@pytest.mark.parametrize("name", list(BODIES))
def test_tier_of_each_variant(name: str) -> None:
    body, tier, pattern = BODIES[name]
    got, message = _tier(_goroutine(body))
    assert got == tier
    assert re.search(pattern, message), message


TEST_FILE = """package p

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

func load(string) error { return nil }

func TestLoad(t *testing.T) {
	var wg sync.WaitGroup
	for _, name := range []string{"a", "b"} {
		wg.Add(1)
		go func() {
%s
			wg.Done()
		}()
	}
	wg.Wait()
}
"""


@pytest.mark.parametrize(
    "lines,tier,pattern",
    [
        ("\t\t\trequire.NoError(t, load(name))", "default", r"`require.NoError` at line 17 ends the goroutine when the test fails"),
        ("\t\t\tif err := load(name); err != nil {\n\t\t\t\tt.Fatal(err)\n\t\t\t}", "default", r"`t.Fatal` at line 18"),
        ("\t\t\tif err := load(name); err != nil {\n\t\t\t\tt.Skip(err)\n\t\t\t}", "default", r"`t.Skip` at line 18"),
        # t.Error marks the test failed but the goroutine goes on to Done
        ("\t\t\tif err := load(name); err != nil {\n\t\t\t\tt.Error(err)\n\t\t\t}", "preview", r"only a panic"),
        # a Fatal of something that is not a testing value is no FailNow
        ("\t\t\tvar t fataler\n\t\t\tif err := load(name); err != nil {\n\t\t\t\tt.Fatal(err)\n\t\t\t}", "preview", r"only a panic"),
    ],
    ids=["require", "t.Fatal", "t.Skip", "t.Error", "not a testing value"],
)
def test_failnow_in_a_test_goroutine(lines: str, tier: str, pattern: str) -> None:
    src = TEST_FILE % lines + "\ntype fataler struct{}\n\nfunc (fataler) Fatal(...any) {}\n"
    got, message = _tier(src, "load_test.go")
    assert got == tier
    assert re.search(pattern, message), message
    if tier == "default":
        assert "skips it: the failing test hangs in `wg.Wait()` instead of reporting" in message
        assert "panic" not in message


def test_failnow_through_a_closure_of_the_test() -> None:
    src = TEST_FILE % "\t\t\tmustLoad(name)"
    src = src.replace("\tvar wg sync.WaitGroup\n", "\tmustLoad := func(n string) {\n\t\trequire.NoError(t, load(n))\n\t}\n\tvar wg sync.WaitGroup\n", 1)
    got, message = _tier(src, "load_test.go")
    assert got == "default"
    assert "`mustLoad` at line 20 calls `require.NoError`, which ends the goroutine" in message


def test_a_ticker_loop_does_not_fall_off_the_end() -> None:
    body = (
        "for range time.NewTicker(time.Second).C {\n\tselect {\n\tcase <-quit:\n\t\twg.Done()\n\t\treturn\n"
        "\tdefault:\n\t}\n\t_ = work()\n}"
    )
    src = _goroutine(body).replace('import (\n', 'import (\n\t"time"\n', 1)
    # before the loop was known to be endless, its end was "a path to the end without Done"
    got, message = _tier(src)
    assert got == "preview" and "only a panic" in message
    # a loop that can end does fall off the end
    got, message = _tier(src.replace("time.NewTicker(time.Second).C", "quit"))
    assert got == "default" and "a path reaches the end of the goroutine without it" in message


def test_one_count_for_many_goroutines_is_by_design() -> None:
    src = """package p

import "sync"

func F(n int, pick int) {
	var first sync.WaitGroup
	first.Add(1)
	for i := range n {
		go func() {
			if i == pick {
				first.Done()
			}
		}()
	}
	first.Wait()
}
"""
    assert _tier(src) == (None, "")
    per_goroutine = src.replace("\tfirst.Add(1)\n\tfor i := range n {\n", "\tfor i := range n {\n\t\tfirst.Add(1)\n")
    got, message = _tier(per_goroutine)
    assert got == "default" and "a path reaches the end of the goroutine without it" in message
