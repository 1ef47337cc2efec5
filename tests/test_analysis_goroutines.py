"""analysis.goroutines: what a go statement runs, within the file and across the package, and
which code lives as long as the process."""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixer.analysis import goroutines, lexical, siblings, syntax
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
    assert not syntax.is_main_main(_func(root, data, "main"), root, data)
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


# -- who reaches a piece of code --------------------------------------------------------------------


def _go(root, data, nth: int = 0):
    return _gos(root, data)[nth]


@pytest.mark.parametrize(
    "src,expected",
    [
        # a literal given to sync.Once.Do, a package variable or a struct field of that type
        ("var once sync.Once\n\nfunc Get() {\n\tonce.Do(func() {\n\t\tgo loop()\n\t})\n}\n", True),
        ("type C struct{ start sync.Once }\n\nfunc (c *C) Get() {\n\tc.start.Do(func() { go loop() })\n}\n", True),
        # Do of something that is not a sync.Once
        ("type G struct{}\n\nfunc (G) Do(f func()) { f() }\n\nvar g G\n\nfunc Get() {\n\tg.Do(func() { go loop() })\n}\n", False),
        # sync.OnceFunc and its kin
        ("var start = sync.OnceFunc(func() { go loop() })\n", True),
        # a method value handed to Once.Do, and the method it names
        ("type C struct{ once sync.Once }\n\nfunc (c *C) Use() { c.once.Do(c.boot) }\n\nfunc (c *C) boot() { go loop() }\n", True),
        # an unexported function called only from init, through another one
        ("func init() { setup() }\n\nfunc setup() { start() }\n\nfunc start() { go loop() }\n", True),
        # ... but also from a function other packages call
        ("func init() { start() }\n\nfunc Reset() { start() }\n\nfunc start() { go loop() }\n", False),
        # exported: other packages may call it
        ("func init() { Start() }\n\nfunc Start() { go loop() }\n", False),
        # called from init, but in a loop that may run without bound
        ("func init() {\n\tfor more() {\n\t\tstart()\n\t}\n}\n\nfunc start() { go loop() }\n", False),
        # a counted loop starts a fixed set
        ("func init() {\n\tfor i := 0; i < 4; i++ {\n\t\tgo loop()\n\t}\n}\n", True),
        # a literal that runs later (a callback) is not the code that runs once
        ("func init() {\n\tregister(func() { go loop() })\n}\n", False),
        # called on the spot and deferred literals run where they stand
        ("func init() {\n\tfunc() {\n\t\tdefer func() { go loop() }()\n\t}()\n}\n", True),
        # every path after it ends the process
        ("func Serve() {\n\tgo loop()\n\twork()\n\tos.Exit(1)\n}\n", True),
        ("func Serve() {\n\tgo loop()\n\tif more() {\n\t\treturn\n\t}\n\tos.Exit(1)\n}\n", False),
        ("func Serve() {\n\tgo loop()\n\tlog.Fatal(listen())\n}\n", True),
    ],
)
def test_lives_with_process_of_a_go_statement(src: str, expected: bool) -> None:
    head = 'package p\n\nimport (\n\t"log"\n\t"os"\n\t"sync"\n)\n\nvar _, _ = log.Print, os.Exit\n\n'
    root, data = _tree(head + src)
    assert goroutines.lives_with_process(_go(root, data), root, data) is expected


def test_lives_with_process_in_package_main(tmp_path: Path) -> None:
    files = {
        "main.go": (
            "package main\n\nvar cmds = []command{\n\t{name: \"serve\", run: serve},\n\t{name: \"sync\", run: func() { go loop() }},\n}\n\n"
            "func main() {\n\tfor _, c := range cmds {\n\t\tc.run()\n\t}\n\tstartMetrics()\n}\n"
        ),
        "serve.go": "package main\n\nfunc serve() {\n\tgo loop()\n\tfor {\n\t\tc := accept()\n\t\tgo handle(c)\n\t}\n}\n\nfunc handle(c int) { go loop() }\n",
        "metrics.go": "package main\n\nfunc startMetrics() { go loop() }\n\nfunc Exported() { go loop() }\n",
    }
    for name, want in (("main.go", [True]), ("serve.go", [True, False, False]), ("metrics.go", [True, False])):
        view, root, data = _package(tmp_path, files, name)
        reach = goroutines.PackageReach(root, data, view.path, view)
        assert [reach.lives_with_process(g) for g in _gos(root, data)] == want, name
    # without the package's other files only this file's uses are known
    view, root, data = _package(tmp_path, files, "metrics.go")
    assert not goroutines.lives_with_process(_go(root, data), root, data)


def test_test_main_lives_with_the_test_binary() -> None:
    src = "package p\n\nimport \"testing\"\n\nfunc TestMain(m *testing.M) {\n\tgo loop()\n\tm.Run()\n}\n"
    root, data = _tree(src)
    assert goroutines.lives_with_process(_go(root, data), root, data, path="p_test.go")
    # TestMain outside a _test.go file is an ordinary function
    assert not goroutines.lives_with_process(_go(root, data), root, data, path="p.go")


def test_only_tests_reach(tmp_path: Path) -> None:
    files = {
        "helper.go": (
            "package p\n\nimport \"testing\"\n\nfunc waitFor() bool { go loop(); return true }\n\n"
            "func check(t *testing.T) {\n\tif !waitFor() {\n\t\tt.Error(\"x\")\n\t}\n}\n\n"
            "func shared() { go loop() }\n\nfunc Prod() { shared() }\n\nfunc unused() { go loop() }\n"
        ),
        "helper_test.go": "package p\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {\n\tcheck(t)\n\tshared()\n\tgo loop()\n}\n",
    }
    view, root, data = _package(tmp_path, files, "helper.go")
    reach = goroutines.PackageReach(root, data, view.path, view)
    assert [reach.only_tests_reach(g) for g in _gos(root, data)] == [True, False, False]
    view, root, data = _package(tmp_path, files, "helper_test.go")
    assert goroutines.only_tests_reach(_go(root, data), root, data, view, view.path)


def test_what_a_cobra_command_runs_lives_with_the_process() -> None:
    src = (
        'package cli\n\nimport "github.com/spf13/cobra"\n\n'
        "func wrap(f func() error) func(*cobra.Command, []string) error { return nil }\n\n"
        "func runStart() error { go loop(); return nil }\n\n"
        "func runServe() error { go loop(); return nil }\n\n"
        "func runHook() { go loop() }\n\n"
        "func helper() { go loop() }\n\n"
        "func Commands(cmd *cobra.Command) []*cobra.Command {\n"
        "\tcmd.RunE = wrap(runStart)\n"
        "\thelper()\n"
        "\treturn []*cobra.Command{\n"
        "\t\t{Use: \"serve\", RunE: wrap(runServe)},\n"
        "\t\t{Use: \"x\", PersistentPreRun: func(*cobra.Command, []string) { runHook() }},\n"
        "\t}\n}\n"
    )
    root, data = _tree(src)
    reach = goroutines.PackageReach(root, data, "cli.go")
    # runStart, runServe: set as a command's RunE through a wrapper; runHook: called from a
    # hook literal; helper: called from an exported function other packages may call often
    assert [reach.lives_with_process(g) for g in _gos(root, data)] == [True, True, True, False]
    # without cobra's import, a field named RunE is nobody's entry point
    plain = src.replace('import "github.com/spf13/cobra"', 'import cobra "example.com/commands"')
    root, data = _tree(plain)
    reach = goroutines.PackageReach(root, data, "cli.go")
    assert [reach.lives_with_process(g) for g in _gos(root, data)] == [False, False, False, False]
