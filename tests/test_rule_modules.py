"""The layout the design asks of rule modules: one rule per file, and no rule importing another
(what two rules need lives in gofixer.analysis)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CODEMODS = Path(__file__).resolve().parent.parent / "codemods"
MODULES = sorted(CODEMODS.glob("gf[0-9][0-9][0-9]_*.py"))


def test_there_are_rule_modules() -> None:
    assert len(MODULES) >= 30


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_a_rule_module_imports_no_other_rule(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            imported += [base] + [f"{base}.{a.name}" for a in node.names]
    others = [m for m in imported if "codemods" in m or m.startswith(".") or m.split(".")[-1].startswith("gf")]
    assert others == [], f"{path.name} imports {others}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_a_rule_module_holds_one_rule(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rules = [n.name for n in tree.body if isinstance(n, ast.ClassDef) and any(getattr(b, "id", None) == "Rule" for b in n.bases)]
    assert len(rules) == 1, f"{path.name} defines {rules}"
    code = path.stem[2:5]
    assert f'code = "GF{code}"' in path.read_text(encoding="utf-8")
