"""The preview tier: rules and variants below the default tier's precision run only when asked.

A rule of the preview tier runs with ``--preview`` (or ``preview = true``) or when named
exactly in the selection, never through a family or ALL; a default rule's findings marked as a
preview variant are reported under the same conditions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gofixer import registry, runner
from gofixer.config import ConfigError, load
from gofixer.model import Finding, FixClass
from gofixer.rule import FileContext, Rule

SRC = "package p\n\nfunc a() {}\n\nfunc b() {}\n"


class _Funcs(Rule):
    """Reports every function; the ones named ``b`` as a preview variant."""

    code = "GF901"
    name = "every-func"
    summary = "a function"
    fix_class = FixClass.NONE

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        for d in ctx.root.named_children:
            if d.type == "function_declaration":
                name = ctx.text(d.child_by_field_name("name"))
                yield self.finding(d, f"func {name}", preview=name == "b")


class _Preview(_Funcs):
    code = "GF902"
    name = "preview-funcs"
    tier = "preview"


RULES = (_Funcs, _Preview)


def _found(tmp_path: Path, **opts) -> list[tuple[str, str]]:
    (tmp_path / "a.go").write_text(SRC)
    report = runner.run(["."], RULES, runner.Options(fix=False, use_cache=False, jobs=1, **opts), cwd=tmp_path)
    return sorted((l.finding.rule, l.finding.message) for l in report.findings)


def test_default_run_has_neither_preview_rules_nor_variants(tmp_path: Path) -> None:
    assert _found(tmp_path) == [("GF901", "func a")]


def test_preview_flag_runs_both(tmp_path: Path) -> None:
    assert _found(tmp_path, preview=True) == [
        ("GF901", "func a"), ("GF901", "func b"), ("GF902", "func a"), ("GF902", "func b"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "select, want",
    [
        (("GF9",), [("GF901", "func a")]),  # a family picks neither the preview rule nor variants
        (("ALL",), [("GF901", "func a")]),
        (("GF902",), [("GF902", "func a"), ("GF902", "func b")]),  # named exactly
        (("preview-funcs",), [("GF902", "func a"), ("GF902", "func b")]),
        (("GF901",), [("GF901", "func a"), ("GF901", "func b")]),  # a default rule named: its variants too
    ],
)
def test_naming_a_rule_exactly_turns_its_preview_on(tmp_path: Path, select, want) -> None:
    assert _found(tmp_path, select=select) == want


def test_configuration_key(tmp_path: Path) -> None:
    (tmp_path / ".gofixer.toml").write_text("preview = true\n")
    assert ("GF902", "func b") in _found(tmp_path)
    (tmp_path / ".gofixer.toml").write_text('preview = "yes"\n')
    with pytest.raises(ConfigError, match="`preview` must be true or false"):
        load(tmp_path / ".gofixer.toml")


def test_registry_picks_preview_rules_only_when_asked() -> None:
    assert registry.select((), (), RULES) == [_Funcs]
    assert registry.select((), (), RULES, preview=True) == [_Funcs, _Preview]
    assert registry.preview_codes([_Funcs], ("GF9",)) == frozenset()
    assert registry.preview_codes([_Funcs], ("every-func",)) == {"GF901"}
