"""analysis.model.file_model: the names in scope inside one file's functions, answered without
parsing the package's other files."""

from __future__ import annotations

from pathlib import Path

from gofixer.analysis import siblings
from gofixer.analysis.model import file_model
from gofixer.analysis.syntax import walk
from gofixer.source import parse


def test_file_model_resolves_locals_and_reads_no_other_file(tmp_path: Path) -> None:
    siblings.clear()
    (tmp_path / "b.go").write_text("package p\n\ntype Server struct{}\n\nfunc helper() {}\n")
    src = "package p\n\nfunc f(ctx int) {\n\tgo func() {\n\t\tctx := 2\n\t\t_ = ctx\n\t}()\n\t_ = ctx\n\thelper()\n}\n"
    path = tmp_path / "a.go"
    path.write_text(src)
    data = src.encode()
    root = parse(data).root_node
    view = siblings.PackageView(str(path), data)
    model = file_model(view, view.path, data, root)
    f = model.file(view.path)
    uses = [n for n in walk(root) if n.type == "identifier" and f.text(n) == "ctx"]
    kinds = [model.lookup(f, n)[0].kind for n in uses]
    assert kinds == ["param", "local", "local", "param"]
    assert [g.path for g in model.files] == [view.path]
    assert "helper" not in model.funcs and "Server" not in model.types  # other files are unknown
    assert all(s._tree is None for s in view.siblings())  # and not parsed
    assert file_model(view, view.path, data, root) is model  # built once per file state
