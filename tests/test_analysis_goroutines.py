"""analysis.goroutines: what a go statement runs, within the file and across the package, and
which code lives as long as the process."""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixer.analysis import goroutines, lexical, siblings
from gofixer.analysis.syntax import walk
from gofixer.source import parse


def _tree(src: str):
    data = src.encode()
    return parse(data).root_node, data


def _gos(root, data):
    return lexical.go_statements(root, data)


def _text(data: bytes, n) -> str:
    return data[n.start_byte : n.end_byte].decode()


def _func(root, data, name: str):
    return next(
        n
        for n in walk(root)
        if n.type in ("function_declaration", "method_declaration") and _text(data, n.child_by_field_name("name")) == name
    )


def test_started_removes_parentheses_and_go_call_is_the_call() -> None:
    root, data = _tree("package p\n\nfunc f() {\n\tgo (run)(1)\n\tgo func() {}()\n\tgo s.loop()\n}\n")
    g1, g2, g3 = _gos(root, data)
    assert _text(data, goroutines.go_call(g1)) == "(run)(1)"
    assert [goroutines.started(g).type for g in (g1, g2, g3)] == ["identifier", "func_literal", "selector_expression"]
    assert _text(data, goroutines.started(g1)) == "run"


def test_file_goroutines_resolve_by_name_within_the_file() -> None:
    src = """package p

import "fmt"

func worker() {}
func (s *S) loop() {}
func twice() {}
func twice2() {}

func start(s *S) {
	go worker()
	go worker()
	go s.loop()
	go fmt.Println()
	go func() {}()
	go missing()
}

func shadowed() {
	worker := func() {}
	go worker()
}
"""
    root, data = _tree(src)
    found = goroutines.file_goroutines(root, data, {"fmt": "fmt"})
    names = [
        "literal" if g.func.type == "func_literal" else _text(data, g.func.child_by_field_name("name")) for g in found
    ]
    # worker once (its body is one goroutine's body, however often it is started), the
    # method, the literal; not fmt.Println, not an undeclared name, not the shadowed worker
    assert names == ["worker", "loop", "literal"]
    assert found[2].go is not None and found[0].go is None
    only = goroutines.file_goroutines(root, data, {"fmt": "fmt"}, literals_only=True)
    assert [g.func.type for g in only] == ["func_literal"]


def test_file_functions_refuse_ambiguous_names() -> None:
    src = "package p\n\nfunc run() {}\nfunc (a A) run() {}\nfunc (a A) only() {}\nfunc (b B) two() {}\nfunc (c C) two() {}\n\nfunc f() { go run() }\n"
    root, data = _tree(src)
    funcs = goroutines.FileFunctions(root, data)
    (g,) = _gos(root, data)
    assert funcs.function(b"run", g) is not None
    assert funcs.method(b"run") is None  # a function has the name too
    assert funcs.method(b"only") is not None
    assert funcs.method(b"two") is None  # two methods of that name


def test_plain_literal_start() -> None:
    root, data = _tree(
        "package p\n\nfunc f(i int) {\n\tgo func() {}()\n\tgo func(i int) {}(i)\n\tgo (func() {})()\n\tgo func() int { return 1 }()\n}\n"
    )
    shapes = [goroutines.plain_literal_start(g, goroutines.started(g)) for g in _gos(root, data)]
    assert shapes == [True, False, False, False]


def test_may_start_literal() -> None:
    assert goroutines.may_start_literal(b"package p\nfunc f() {\n\tgo func() {}()\n}\n")
    assert goroutines.may_start_literal(b"package p\nfunc f() {\n\tgo /* why */ (func() {})()\n}\n")
    assert not goroutines.may_start_literal(b"package p\nfunc f() {\n\tgo run(func() {})\n}\n")


def test_goexit_statement() -> None:
    root, data = _tree("package p\n\nfunc f() {\n\truntime.Goexit()\n\truntime.Gosched()\n}\n")
    stmts = [n for n in walk(root) if n.type == "expression_statement"]
    assert [goroutines.goexit_statement(s, data) for s in stmts] == [True, False]


def test_lives_with_process() -> None:
    root, data = _tree("package main\n\nfunc main() {}\nfunc init() {}\nfunc serve() {}\n")
    verdicts = [goroutines.lives_with_process(_func(root, data, n), root, data) for n in ("main", "init", "serve")]
    assert verdicts == [True, True, False]
    root, data = _tree("package tool\n\nfunc main() {}\nfunc init() {}\n")
    assert not goroutines.is_main_main(_func(root, data, "main"), root, data)
    assert goroutines.lives_with_process(_func(root, data, "init"), root, data)


def _package(tmp_path: Path, files: dict[str, str], current: str):
    siblings.clear()
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    path = str(tmp_path / current)
    data = (tmp_path / current).read_bytes()
    view = siblings.PackageView(path, data)
    root = parse(data).root_node
    return view, root, data


def test_declarations_named_parses_only_the_package_files_that_may_declare_the_name(tmp_path: Path) -> None:
    files = {
        "a.go": "package p\n\nfunc start(s *S) {\n\tgo run()\n\tgo s.run()\n}\n\nfunc (s *S) run() {}\n",
        "b.go": "package p\n\nfunc run() {}\n",
        "c.go": "package p\n\nfunc other() { run() }\n",
        "d_test.go": "package p_test\n\nfunc run() {}\n",
        "e.go": "package p\n\nfunc (t *T) run() {\n\tfor {\n\t}\n}\n",
    }
    view, root, data = _package(tmp_path, files, "a.go")
    found = goroutines.declarations_named(view, view.path, root, data, "function_declaration", b"run")
    assert [d.path.rsplit("/", 1)[-1] for d in found] == ["b.go"]
    parsed = {s.path.rsplit("/", 1)[-1] for s in view.siblings() if s._tree is not None}
    assert parsed == {"b.go"}  # c.go only calls it, d_test.go is another package, e.go has a method
    methods = goroutines.declarations_named(view, view.path, root, data, "method_declaration", b"run")
    assert [d.path.rsplit("/", 1)[-1] for d in methods] == ["a.go", "e.go"]


def test_declarations_named_stops_at_the_files_own_function(tmp_path: Path) -> None:
    files = {"a.go": "package p\n\nfunc start() { go run() }\n\nfunc run() {}\n", "b_other.go": "package p\n\nfunc run() {}\n"}
    view, root, data = _package(tmp_path, files, "a.go")
    found = goroutines.declarations_named(view, view.path, root, data, "function_declaration", b"run")
    assert [d.path for d in found] == [view.path]
    assert all(s._tree is None for s in view.siblings())


@pytest.mark.parametrize(
    "src,kind,declares",
    [
        (b"func run() {}", "function_declaration", True),
        (b"func /* x */ run[T any]() {}", "function_declaration", True),
        (b"func (s *S) run() {}", "method_declaration", True),
        (b"func (s (*S)) run() {}", "method_declaration", True),
        (b"func (s *S[T])\n\trun () {}", "method_declaration", True),
        (b"// a parenthesis left open: func (\nfunc run() {}", "function_declaration", True),
        (b"func (s *S) run() {}", "function_declaration", False),
        (b"func run() {}", "method_declaration", False),
        (b"func runner() {}", "function_declaration", False),
        (b"go run()", "function_declaration", False),
        (b"var run = func() {}", "function_declaration", False),
    ],
)
def test_may_declare(src: bytes, kind: str, declares: bool) -> None:
    assert goroutines.may_declare(src, kind, b"run") is declares


def _declared(tmp_path: Path, files: dict[str, str], current: str, kind: str, name: bytes):
    view, root, data = _package(tmp_path, files, current)
    return view, goroutines.declarations_named(view, view.path, root, data, kind, name)


def test_as_built_prefers_the_files_own_declaration(tmp_path: Path) -> None:
    files = {
        "conn_linux.go": "package p\n\nfunc start() { go run() }\n\nfunc run() { for {} }\n",
        "conn_windows.go": "package p\n\nfunc run() {}\n",
        "other.go": "package p\n\nfunc start2() { go run() }\n",
    }
    view, found = _declared(tmp_path, files, "conn_linux.go", "function_declaration", b"run")
    got = goroutines.as_built(found, view.path)
    assert got is not None and got.path == view.path and b"for" in got.data[got.node.start_byte : got.node.end_byte]
    # from a file that does not declare it, two declarations elsewhere are ambiguous
    view, found = _declared(tmp_path, files, "other.go", "function_declaration", b"run")
    assert goroutines.as_built(found, view.path) is None


def test_as_built_methods_tests_and_broken_files(tmp_path: Path) -> None:
    files = {
        "a.go": "package p\n\nfunc start(s *S) { go s.loop() }\n",
        "s.go": "package p\n\ntype S struct{}\n\nfunc (s *S) loop() {}\n\nfunc (t T) loop() {}\n",
        "h_test.go": "package p\n\nfunc helper() {}\n",
        "broken.go": "package p\n\nfunc broken() { for {\n",
    }
    view, found = _declared(tmp_path, files, "a.go", "method_declaration", b"loop")
    assert goroutines.as_built(found, view.path, b"S").path.endswith("s.go")
    assert goroutines.as_built(found, view.path, b"U") is None
    assert goroutines.as_built(found, view.path) is None  # two methods of that name
    view, found = _declared(tmp_path, files, "a.go", "function_declaration", b"helper")
    assert found and goroutines.as_built(found, view.path) is None  # only in a test file
    view, found = _declared(tmp_path, files, "a.go", "function_declaration", b"broken")
    assert found and goroutines.as_built(found, view.path) is None  # its file does not parse
