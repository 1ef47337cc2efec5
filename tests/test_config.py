""".gofixer.toml: found upward, validated with errors that name the key, applied per file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gofixer import config, runner

LEAK = """package p

import (
	"context"
	"time"
)

func Load(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx.Err()
}
"""


def _tree(tmp_path: Path, conf: str | None, where: str = "") -> Path:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    for d in ("a", "legacy", "cmd/tool"):
        (tmp_path / d).mkdir(parents=True, exist_ok=True)
        (tmp_path / d / "x.go").write_text(LEAK)
    if conf is not None:
        (tmp_path / where / config.NAME).write_text(conf)
    return tmp_path


def _found(root: Path, **kw) -> list[str]:
    rep = runner.run(["."], None, runner.Options(fix=False, **kw), cwd=root)
    return sorted(f"{l.path}:{l.finding.rule}" for l in rep.findings)


def test_no_config_reports_everything(tmp_path):
    assert _found(_tree(tmp_path, None)) == ["a/x.go:GF301", "cmd/tool/x.go:GF301", "legacy/x.go:GF301"]


def test_exclude_and_per_file_ignores(tmp_path):
    root = _tree(tmp_path, 'exclude = ["legacy"]\n[per-file-ignores]\n"cmd/*" = ["GF3"]\n')
    assert _found(root) == ["a/x.go:GF301"]


def test_explicit_file_ignores_exclude(tmp_path):
    root = _tree(tmp_path, 'exclude = ["legacy"]\n')
    rep = runner.run(["legacy/x.go"], None, runner.Options(fix=False), cwd=root)
    assert len(rep.findings) == 1


def test_select_from_config_and_cli_override(tmp_path):
    root = _tree(tmp_path, 'select = ["GF2"]\n')
    assert _found(root) == []
    assert len(_found(root, select=("GF3",))) == 3


def test_nearest_config_wins(tmp_path):
    root = _tree(tmp_path, 'ignore = ["lost-cancel"]\n', where="a")
    assert _found(root) == ["cmd/tool/x.go:GF301", "legacy/x.go:GF301"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("slect = []", "unknown key `slect`"),
        ('verify = "always"', "`verify` must be one of"),
        ("[http]\nread_header_timeout = 10", "`http.read_header_timeout` must be a Go duration"),
        ('[http]\nheader = "1s"', "unknown key `http.header`"),
        ("select = [1]", "`select` must be a list of strings"),
        ("select = [", "invalid TOML"),
    ],
)
def test_errors_name_the_key(tmp_path, text, message):
    (tmp_path / config.NAME).write_text(text)
    with pytest.raises(config.ConfigError, match=message.replace("[", r"\[").replace("`", "`")):
        config.load(tmp_path / config.NAME)


def test_bad_config_is_exit_2_one_line(tmp_path):
    root = _tree(tmp_path, "slect = []\n")
    out = subprocess.run([sys.executable, "-m", "gofixer", "check"], cwd=root, capture_output=True, text=True)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "unknown key `slect`" in out.stderr


def test_http_timeouts_default_and_override(tmp_path):
    (tmp_path / config.NAME).write_text('[http]\nread_header_timeout = "3s"\n')
    c = config.load(tmp_path / config.NAME)
    assert c.http_timeouts()["read_header_timeout"] == "3s"
    assert c.http_timeouts()["idle_timeout"] == "120s"
