"""``check --format github``: one workflow command per finding, escaped as the Actions runner
expects, with paths relative to the repository root."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gofixer.model import Finding, Located
from gofixer.render import github
from gofixer.render.sarif import Columns
from gofixer.source import SourceFile

from .test_cli import LEAK


def gofixer(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True, text=True)


def _module(root: Path, text: str = LEAK) -> Path:
    (root / "p").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (root / "p" / "load.go").write_text(text, encoding="utf-8")
    return root


def test_one_annotation_per_finding_matching_the_json_report(tmp_path):
    mod = _module(tmp_path)
    out = gofixer("check", "--format", "github", cwd=mod)
    assert out.returncode == 1, out.stderr
    f = json.loads(gofixer("check", "--format", "json", cwd=mod).stdout)["findings"][0]
    assert out.stdout == (
        f"::warning file=p/load.go,line=9,col=12,endLine=9,endColumn={f['end_column']},"
        f"title=GF301 lost-cancel::{f['message']}\n"
    )
    assert f["end_column"] == 52


def test_clean_tree_prints_nothing_and_exits_0(tmp_path):
    mod = _module(tmp_path, "package p\n\nfunc F() {}\n")
    out = gofixer("check", "--format", "github", cwd=mod)
    assert (out.returncode, out.stdout) == (0, "")


def test_escaping_rules():
    assert github.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    # data keeps : and , (only properties need them escaped)
    assert github.escape_data("a:b,c") == "a:b,c"
    line = github.command("warning", "50% of\nlines", file="dir,x/a:b.go", line=3, col=None, title="GF1 x")
    assert line == "::warning file=dir%2Cx/a%3Ab.go,line=3,title=GF1 x::50%25 of%0Alines"


def test_multiline_finding_has_no_columns_and_columns_are_utf16():
    data = "package p\n\nvar s = \"é𝄞\"; var t = f(\n\tx)\n".encode()
    start = data.index(b"f(")
    end = data.index(b"x)") + 2
    src_cols = Columns({"a.go": data})
    src = SourceFile("a.go", data)
    multi = Located("a.go", Finding("GF999", "demo", start, end, "msg"), src.position(start), src.position(end))
    line = github.annotation(multi, "a.go", src_cols)
    assert line == "::warning file=a.go,line=3,endLine=4,title=GF999 demo::msg"
    one = Located("a.go", Finding("GF999", "demo", start, start + 2, "msg"), src.position(start), src.position(start + 2))
    line = github.annotation(one, "a.go", src_cols)
    # byte column 27 (é = 2 bytes, 𝄞 = 4) is UTF-16 column 24 (é = 1 unit, 𝄞 = 2)
    assert src.position(start).column == 27
    assert line == "::warning file=a.go,line=3,col=24,endLine=3,endColumn=26,title=GF999 demo::msg"


def test_paths_are_relative_to_the_repository_root(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    mod = _module(repo / "services" / "a")
    out = gofixer("check", "--format", "github", cwd=mod / "p")
    assert out.returncode == 1
    assert out.stdout.startswith("::warning file=services/a/p/load.go,line=9,")


def test_file_errors_become_error_commands(tmp_path):
    mod = _module(tmp_path)
    # a file some rule looks at (a file no rule can match is never parsed, so never reported)
    (mod / "p" / "bad.go").write_text('package p\n\nimport "context"\n\nfunc { context.WithCancel(\n')
    out = gofixer("check", "--format", "github", cwd=mod)
    lines = out.stdout.splitlines()
    assert lines[0].startswith("::warning file=p/load.go,")
    assert lines[-1].startswith("::error title=gofixer::p/bad.go: syntax error at ")
