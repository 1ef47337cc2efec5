"""GF404 cases that need a package directory: a conversion to a type declared in a sibling
file is not a call that may panic."""

from __future__ import annotations

from pathlib import Path

from gofixer import engine
from gofixer.codemods.gf404_unlock_not_deferred import UnlockNotDeferred
from gofixer.rule import Settings

MAIN = """package p

import "sync"

var (
	mu   sync.Mutex
	temp celsius
)

func set(x float64) {
	mu.Lock()
	temp = celsius(x)
	mu.Unlock()
}
"""


def _run(tmp_path: Path, siblings: dict[str, str]):
    for name, text in siblings.items():
        (tmp_path / name).write_text(text)
    p = tmp_path / "main.go"
    p.write_text(MAIN)
    r = engine.process(str(p), MAIN.encode(), [UnlockNotDeferred()], Settings(), go_version=(1, 22), abspath=str(p))
    assert r.error is None, r.error
    return [loc.start.line for loc in r.findings]


def test_conversion_to_a_sibling_type_is_quiet(tmp_path: Path) -> None:
    assert _run(tmp_path, {"types.go": "package p\n\ntype (\n\tcelsius float64\n)\n"}) == []


def test_call_of_a_sibling_function_counts(tmp_path: Path) -> None:
    assert _run(tmp_path, {"types.go": "package p\n\nfunc celsius(x float64) float64 { return x }\n"}) == [11]
