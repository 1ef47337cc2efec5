"""analysis.waitgroups: statements on a WaitGroup, what a goroutine does with one, and whether a
receiver is a sync.WaitGroup."""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixer.analysis import siblings, waitgroups
from gofixer.analysis.files import import_names
from gofixer.analysis.syntax import walk
from gofixer.source import parse


@pytest.mark.parametrize(
    "src,done,add",
    [
        (b"\twg.Done()\n", True, False),
        (b"\ts.wg.\n\t\tDone()\n", True, False),
        (b"\tx; wg.Add (1)\n", False, True),
        (b"\t<-ctx.Done()\n", False, False),
        (b"\tn := s.Add(1)\n", False, False),
        (b"\tf(wg.Done())\n", False, False),
    ],
)
def test_statement_byte_tests(src: bytes, done: bool, add: bool) -> None:
    assert waitgroups.may_have_done_statement(src) is done
    assert waitgroups.may_have_add_statement(src) is add


def _parsed(src: str):
    data = src.encode()
    return parse(data).root_node, data


def _literals(root):
    return [n for n in walk(root) if n.type == "func_literal"]


def test_receivers_and_usage() -> None:
    src = """package p

func run(wg *sync.WaitGroup, s *S) {
	go func() {
		defer wg.Done()
		s.wg.Done()
		wg.Add(1)
		go func() { defer wg.Done() }()
		wg.Wait()
	}()
}
"""
    root, data = _parsed(src)
    outer = _literals(root)[0]
    assert [w for w, _ in waitgroups.receivers(outer, data, b"Done")] == [b"wg", b"s.wg"]
    u = waitgroups.usage(outer, b"wg", data)
    # the Add counts the goroutine started right after it: a hand-off, not its own count
    assert u.ok and len(u.deferred) == 1 and not u.dones and len(u.adds) == 1 and not u.self_adds
    assert waitgroups.usage(outer, b"s.wg", data).dones  # a chain is followed as text


@pytest.mark.parametrize(
    "body",
    [
        "go func() { worker(wg) }()",  # passed on
        "go func() { defer func() { wg.Done() }() }()",  # in a closure
        "go func() { wg := new(sync.WaitGroup); wg.Done() }()",  # declared again
    ],
)
def test_usage_not_followed(body: str) -> None:
    root, data = _parsed(f"package p\n\nfunc run(wg *sync.WaitGroup) {{\n\t{body}\n}}\n")
    assert not waitgroups.usage(_literals(root)[0], b"wg", data).ok


def _receivers_of(root, data, text: str):
    return [n for n in walk(root) if n.type in ("identifier", "selector_expression") and data[n.start_byte : n.end_byte] == text.encode()]


def test_is_wg_by_declaration_and_by_name(tmp_path: Path) -> None:
    siblings.clear()
    (tmp_path / "types.go").write_text(
        "package p\n\nimport \"sync\"\n\ntype S struct {\n\twg sync.WaitGroup\n\tgroup *sync.WaitGroup\n\tmixed sync.WaitGroup\n}\n\n"
        "type T struct {\n\tmixed int\n}\n\nvar global sync.WaitGroup\n"
    )
    src = """package p

import "sync"

func run(s *S, t *T, fake *Fake) {
	var local sync.WaitGroup
	made := &sync.WaitGroup{}
	wg := newGroup()
	wg.Add(1)
	wg.Done()
	_, _ = local, made
	_, _, _, _, _ = s.wg, s.group, s.mixed, global, fake
}
"""
    path = tmp_path / "run.go"
    path.write_text(src)
    data = src.encode()
    root = parse(data).root_node
    wgs = waitgroups.WaitGroups(data, root, import_names(root, data), siblings.PackageView(str(path), data))

    def verdict(text: str) -> tuple[bool, bool]:
        n = _receivers_of(root, data, text)[-1]
        return wgs.is_wg(n), wgs.declared(n)

    assert verdict("local") == (True, True)
    assert verdict("made") == (True, True)
    assert verdict("s.wg") == (True, True)  # every struct field of that name is one
    assert verdict("s.group") == (True, True)
    assert verdict("global") == (True, True)  # a package variable of another file
    assert verdict("s.mixed") == (False, False)  # T.mixed is an int
    assert verdict("fake") == (False, False)  # declared as something else
    assert verdict("wg") == (True, False)  # by its name and its use only: no wg.Go for it
