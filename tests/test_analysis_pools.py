"""The layer's sync.Pool facts (``analysis.pools``), the declarations the model lists by name
(``Declarations.package_level``, ``type_declarations``, ``field_declarations``) and the
one-file models they are asked of (``model.file_model``, ``model.sibling_model``)."""

from __future__ import annotations

from pathlib import Path

from gofixer import engine
from gofixer.analysis import pools, siblings, syntax
from gofixer.analysis.model import PackageModel, file_model, sibling_model
from gofixer.analysis.siblings import PackageView
from gofixer.codemods.gf701_pool_non_pointer import PoolNonPointer
from gofixer.rule import Settings
from gofixer.source import parse

from .conftest import EXAMPLES, TESTDATA


def _package(tmp_path: Path, files: dict[str, str], first: str):
    """The facts as the file ``first`` of the package asks them, with the views and models the
    rule uses."""
    siblings.clear()
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    path = tmp_path / first
    data = path.read_bytes()
    view = PackageView(str(path), data)
    root = parse(data).root_node
    own = file_model(view, view.path, data, root)
    same = [s for s in view.siblings() if s.package == siblings.package_name(data)]

    def others(word: bytes, also: bytes):
        return [sibling_model(view, s) for s in same if word in s.source.data and also in s.source.data]

    return pools.PoolFacts(own, view.path, others), view, root, data


def _ident(root, data: bytes, text: str, nth: int = 0):
    return [n for n in syntax.walk(root) if n.type == "identifier" and data[n.start_byte : n.end_byte] == text.encode()][nth]


DECLS = {
    "a.go": (
        'package p\n\nimport "sync"\n\nconst size = 4\n\nvar pool = sync.Pool{}\n\n'
        "type buf []byte\n\ntype alias = [4]byte\n\nfunc use() {\n\tvar x struct{ data []byte }\n\t_ = x\n}\n"
    ),
    "b.go": "package p\n\nvar pool int\n\ntype conn struct {\n\tdata *buf\n\tn, m int\n}\n\nfunc pool2() {}\n",
}


def test_declarations_by_name_file_by_file(tmp_path: Path) -> None:
    for name, text in DECLS.items():
        (tmp_path / name).write_text(text)
    siblings.clear()
    data = (tmp_path / "a.go").read_bytes()
    view = PackageView(str(tmp_path / "a.go"), data)
    model = PackageModel([f for f in [file_model(view, view.path, data, parse(data).root_node).files[0]]] + [
        sibling_model(view, s).files[0] for s in view.siblings()
    ])
    pool = model.package_level("pool")
    assert [(f.name, kind) for f, kind, *_ in pool] == [("a.go", "var"), ("b.go", "var")]  # one per file
    assert [kind for _f, kind, *_ in model.package_level("size")] == ["const"]
    assert [kind for _f, kind, *_ in model.package_level("pool2")] == ["func"]
    types = {n: [(f.name, t.type) for f, t in model.type_declarations(n)] for n in ("buf", "alias", "conn")}
    assert types == {"buf": [("a.go", "slice_type")], "alias": [("a.go", "array_type")], "conn": [("b.go", "struct_type")]}
    # fields of an anonymous struct in a function count as well as those of named types
    assert [(f.name, f.text(t)) for f, t in model.field_declarations("data")] == [("a.go", "[]byte"), ("b.go", "*buf")]
    assert [f.text(t) for f, t in model.field_declarations("m")] == ["int"]


def test_file_and_sibling_models_are_made_once(tmp_path: Path) -> None:
    for name, text in DECLS.items():
        (tmp_path / name).write_text(text)
    siblings.clear()
    data = (tmp_path / "a.go").read_bytes()
    view = PackageView(str(tmp_path / "a.go"), data)
    root = parse(data).root_node
    own = file_model(view, view.path, data, root)
    assert [f.name for f in own.files] == ["a.go"]
    assert file_model(view, view.path, data, root) is own
    (b,) = view.siblings()
    assert sibling_model(view, b) is sibling_model(view, b)
    assert [f.name for f in sibling_model(view, b).files] == ["b.go"]


def test_names_resolve_in_their_own_file_first(tmp_path: Path) -> None:
    facts, _view, root, data = _package(tmp_path, DECLS, "a.go")
    use = _ident(root, data, "pool")  # the declaration itself, at package level
    d = facts.resolve(facts.me, use)
    assert d is not None and d.kind == "var" and d.file is facts.me  # a.go's, not b.go's
    assert facts.toplevel("pool2", facts.me).file.name == "b.go"
    assert facts.toplevel("nothing", facts.me) is None
    assert [f.name for f, _t in facts.field_types("data")] == ["a.go", "b.go"]


POOL_FILE = """package p

import (
	"sync"
	"unsafe"
)

var bufs = sync.Pool{New: func() any { return make([]byte, 64) }}

type ptrOnly struct{ p *int }

type one [1]*int

type pair struct{ a, b int }

type name = string

func f(b []byte, s pair, q ptrOnly, o one, u unsafe.Pointer, n name, k int, flag bool, vs ...int) {
	bufs.Put(b)
	bufs.Put(s)
	bufs.Put(q)
	bufs.Put(o)
	bufs.Put(u)
	bufs.Put(n)
	bufs.Put(k)
	bufs.Put(flag)
	bufs.Put(vs)
	bufs.Put(b[:0])
	bufs.Put(append(b, 1))
	bufs.Put(&s)
	bufs.Put(42)
}
"""


def test_the_shape_of_what_is_put(tmp_path: Path) -> None:
    facts, _view, root, data = _package(tmp_path, {"a.go": POOL_FILE}, "a.go")
    calls = pools.put_calls(root, data)
    shapes = []
    for call, sel in calls:
        (arg,) = syntax.named(call.child_by_field_name("arguments"))
        shapes.append(facts.expr_type(facts.me, arg)[0])
        assert facts.pool_of(sel.child_by_field_name("operand")) is not None
    assert shapes == [
        pools.SLICE, pools.STRUCT, None, None, pools.POINTER, pools.STRING, pools.NUMBER, pools.SMALL,
        pools.SLICE, pools.SLICE, pools.SLICE, pools.POINTER, pools.CONST,
    ]  # fmt: skip


def test_pools_and_their_uses(tmp_path: Path) -> None:
    src = (
        'package p\n\nimport "sync"\n\nvar bufs = sync.Pool{New: func() any { return make([]byte, 64) }}\n\n'
        "func f() {\n\tb := bufs.Get().([]byte)\n\tbufs.Put(b)\n}\n\nfunc g(p *sync.Pool, q *Other) {\n\tp.Put(1)\n\tq.Put(1)\n}\n"
    )
    facts, _view, root, data = _package(tmp_path, {"a.go": src}, "a.go")
    operands = [sel.child_by_field_name("operand") for _c, sel in pools.put_calls(root, data)]
    found = [facts.pool_of(o) for o in operands]
    assert found[0].literal is not None and found[1].decl.kind == "param" and found[2] is None
    kind, expr = pools.new_return(found[0].literal, facts.me, facts)
    assert kind == "make" and facts.me.text(expr) == "make([]byte, 64)"
    gets, puts = pools.references(found[0].decl, facts)
    assert [facts.me.text(c) for c in gets] == ["bufs.Get()"] and [facts.me.text(c) for c in puts] == ["bufs.Put(b)"]
    assert facts.me.text(pools.assert_type(gets[0])) == "[]byte"


SURE = """package p

func f(b *buf, bs []byte, vs ...*buf) {
	var v *buf
	w := &buf{}
	t := &buf{}
	x := pool.Get().(*buf)
	y, ok := pool.Get().(*buf)
	z := pool.Get().([]byte)
	pool.Put(b)
	pool.Put(v)
	pool.Put(w)
	pool.Put(x)
	pool.Put(y)
	pool.Put(&bs)
	pool.Put((*[4]byte)(bs))
	pool.Put("s")
	pool.Put(z)
	pool.Put(bs)
	pool.Put(vs)
	pool.Put(global)
	pool.Put(t)
	if t := bs; ok {
		pool.Put(t)
	}
}
"""


def test_surely_pointer_is_told_by_the_function_alone() -> None:
    data = SURE.encode()
    root = parse(data).root_node
    args = [syntax.named(c.child_by_field_name("arguments"))[0] for c, _s in pools.put_calls(root, data)]
    assert [pools.surely_pointer(a, data) for a in args] == [
        True, True, True, True, True, True, True, True,  # b v w x y &bs conversion literal
        False, False, False, False,  # z bs vs (variadic) global
        False, False,  # t is declared twice in f: left to the model
    ]  # fmt: skip


def test_surely_pointer_never_hides_what_the_model_reports() -> None:
    """Over every Go file of the tests and the examples: whenever the screen says "pointer", the
    package model's answer is not a shape that allocates."""
    checked = 0
    for path in sorted([*TESTDATA.rglob("*.go"), *EXAMPLES.rglob("*.go")]):
        data = path.read_bytes()
        if b".Put(" not in data:
            continue
        siblings.clear()
        view = PackageView(str(path), data)
        root = parse(data).root_node
        facts = pools.PoolFacts(file_model(view, view.path, data, root), view.path, lambda w, a: [])
        for call, _sel in pools.put_calls(root, data):
            args = syntax.named(call.child_by_field_name("arguments"))
            if len(args) == 1 and pools.surely_pointer(args[0], data):
                assert facts.expr_type(facts.me, args[0])[0] not in pools.ALLOCATES, (path, facts.me.text(call))
                checked += 1
    assert checked >= 8


def test_a_value_declared_through_a_third_file_is_resolved(tmp_path: Path) -> None:
    # use.go puts ``scratch``, declared in vars.go from a function of make.go: each name is
    # looked up in the whole package, not only in the file that spells it
    files = {
        "pool.go": 'package p\n\nimport "sync"\n\nvar bufs sync.Pool\n',
        "vars.go": "package p\n\nvar scratch = newScratch()\n",
        "make.go": "package p\n\nfunc newScratch() []byte { return make([]byte, 8) }\n",
        "use.go": "package p\n\nfunc Reset() {\n\tbufs.Put(scratch)\n}\n",
    }
    siblings.clear()
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    path = tmp_path / "use.go"
    data = path.read_bytes()
    result = engine.process(path.name, data, [PoolNonPointer()], Settings(unsafe_fixes=True), abspath=str(path))
    assert [f.finding.message.split(":")[0] for f in result.findings] == ["bufs.Put stores a slice ([]byte) in a sync.Pool"]
