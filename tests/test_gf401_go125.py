"""GF401/GF402 with ``go 1.25`` or later: the fix uses ``sync.WaitGroup.Go`` when the shape allows.

The golden cases are in testdata/GF401/go125/ and testdata/GF402/go125/; these pin the version
boundary (older and unknown versions keep the classic fix, byte for byte) and the shapes that
fall back to the classic fix.
"""

from __future__ import annotations

import pytest

from gofixer.codemods.gf401_undeferred_wg_done import UndeferredWgDone
from gofixer.codemods.gf402_wg_add_in_goroutine import WgAddInGoroutine
from gofixer.model import Applicability

from .test_gf40x_cases import GF401_CASES, GF402_CASES, _g402, _gofmt_clean, _goroutine, _run

OLD = [None, (1, 22), (1, 24)]
NEW = [(1, 25), (1, 26), (2, 0)]


def _fix(src: str, rule, version):
    [loc] = _run(src, rule, go_version=version).findings
    return loc.finding.fix


def _converted(src: str, rule, version=(1, 25)) -> bool:
    fix = _fix(src, rule, version)
    assert fix is not None
    return fix.description.startswith("use `")


@pytest.mark.parametrize(
    "rule,src",
    [
        (UndeferredWgDone, _goroutine("work()\nwg.Done()")),
        (WgAddInGoroutine, _g402("wg.Add(1)\ndefer wg.Done()\nfmt.Println(x)")),
    ],
    ids=["GF401", "GF402"],
)
def test_version_boundary(rule, src: str) -> None:
    old = [_fix(src, rule(), v) for v in OLD]
    assert all(f.edits == old[0].edits and f.applicability is Applicability.SAFE for f in old)
    assert all("wg.Go" not in f.description for f in old)
    for v in NEW:
        fix = _fix(src, rule(), v)
        assert fix.applicability is Applicability.SAFE
        assert fix.description.startswith("use `wg.Go` (Go 1.25): ")
        assert "wg.Go(func() {" in fix.description
        result = _run(src, rule(), go_version=v)
        assert b"wg.Go(func() {\n" in result.fixed
        assert b"wg.Add(" not in result.fixed and b"wg.Done()" not in result.fixed
        assert b"go func" not in result.fixed
        _gofmt_clean(result.fixed)
        assert not _run(result.fixed.decode(), rule(), go_version=v).findings


GF401_AT_125 = {
    "last statement": True,
    "early return then last": True,
    "return inside a loop": True,
    "other defers": False,  # unsafe: the classic fix, with its note
    "conditional at the end": False,
    "each branch ends": False,
}


@pytest.mark.parametrize("name", sorted(GF401_AT_125))
def test_gf401_shapes(name: str) -> None:
    body, klass = GF401_CASES[name]
    src = _goroutine(body)
    fix = _fix(src, UndeferredWgDone(), (1, 25))
    assert fix.applicability.value == klass
    assert _converted(src, UndeferredWgDone()) == GF401_AT_125[name]
    if not GF401_AT_125[name]:
        old = _fix(src, UndeferredWgDone(), (1, 22))
        assert fix.edits == old.edits
        assert fix.description.startswith(old.description)


@pytest.mark.parametrize(
    "before,go,after",
    [
        ("wg.Add(2)", "go func() {", "}()"),  # not Add(1)
        ("wg.Add(1)\n\t_ = xs", "go func() {", "}()"),  # something between
        ("wg.Add(1)", "go (func() {", "})()"),  # parenthesised literal
        ("wg.Add(1)", "go func(q chan struct{}) {", "}(quit)"),  # parameters
        ("wg.Add(1)", "go func() int {", "\treturn 0\n\t}()"),  # a result
    ],
)
def test_gf401_go_statement_shapes_keep_the_classic_fix(before: str, go: str, after: str) -> None:
    src = _goroutine("work()\nwg.Done()").replace("\twg.Add(1)\n\tgo func() {", f"\t{before}\n\t{go}", 1)
    if after != "}()":
        src = src.replace("\t}()\n\twg.Wait()", f"\t{after}\n\twg.Wait()", 1)
    assert not _converted(src, UndeferredWgDone())


def test_gf401_waitgroup_known_only_by_its_name_keeps_the_classic_fix() -> None:
    # wg comes from a call: a WaitGroup by its name only, which may not have a Go method
    src = _goroutine("work()\nwg.Done()").replace(
        "\tvar wg sync.WaitGroup", "\twg := newGroup()", 1
    ) + "\nfunc newGroup() *sync.WaitGroup { return new(sync.WaitGroup) }\n"
    fix = _fix(src, UndeferredWgDone(), (1, 25))
    assert fix is not None and not fix.description.startswith("use `")


def test_gf401_second_use_in_the_goroutine_keeps_the_classic_fix() -> None:
    src = _goroutine("wg.Add(1)\ngo func() {\n\tdefer wg.Done()\n}()\nwork()\nwg.Done()")
    assert not _converted(src, UndeferredWgDone())


def test_gf401_crlf_and_comments() -> None:
    src = _goroutine("// comment\nwork()\n\nwg.Done() // done").replace("\n", "\r\n")
    result = _run(src, UndeferredWgDone(), go_version=(1, 25))
    assert b"\twg.Go(func() {\r\n\t\t// comment\r\n\t\twork()\r\n\t})\r\n" in result.fixed
    assert b"\n" not in result.fixed.replace(b"\r\n", b"")


GF402_AT_125 = {
    "first statement": True,
    "after work, direct done": True,
    "deferred before the add": True,
    "len argument": False,  # not Add(1)
    "outer variable": False,
    "guard and defer": False,  # unsafe: the classic fix
    "goexit guard": False,
    "panic guard": False,
}


@pytest.mark.parametrize("name", sorted(GF402_AT_125))
def test_gf402_shapes(name: str) -> None:
    body, klass = GF402_CASES[name]
    src = _g402(body)
    fix = _fix(src, WgAddInGoroutine(), (1, 25))
    assert fix.applicability.value == klass
    assert _converted(src, WgAddInGoroutine()) == GF402_AT_125[name]
    if not GF402_AT_125[name]:
        old = _fix(src, WgAddInGoroutine(), (1, 22))
        assert fix.edits == old.edits
    else:
        result = _run(src, WgAddInGoroutine(), go_version=(1, 25))
        _gofmt_clean(result.fixed)


@pytest.mark.parametrize(
    "body",
    [
        "defer fmt.Println(x)\nwg.Add(1)\ndefer wg.Done()",  # a defer before Done's: order would change
        "wg.Add(1)\ndefer fmt.Println(x)\nfmt.Println(x)\nwg.Done()",  # direct Done with a defer
        "wg.Add(1)\nif x > 0 {\n\twg.Done()\n\treturn\n}\nwg.Done()",  # two Dones
        "wg.Add(1)\ndefer wg.Done()\nwg.Add(1)\ngo func() {\n\tdefer wg.Done()\n}()",  # counts another goroutine
    ],
)
def test_gf402_done_shapes_keep_the_classic_fix(body: str) -> None:
    src = _g402(body)
    fix = _fix(src, WgAddInGoroutine(), (1, 25))
    if fix is not None:
        assert not fix.description.startswith("use `")


def test_gf402_goroutine_with_arguments_keeps_the_classic_fix() -> None:
    src = _g402("wg.Add(1)\ndefer wg.Done()\nfmt.Println(x)").replace(
        "\t\tgo func() {", "\t\tgo func(x int) {", 1
    ).replace("\t\t}()\n\t}\n\twg.Wait()", "\t\t}(x)\n\t}\n\twg.Wait()", 1)
    assert not _converted(src, WgAddInGoroutine())
