"""The committed catalogue (docs/rules.md, the README's table) matches the rules' own docs."""

from __future__ import annotations

from gofixer import registry
from gofixer.render import docs

from .conftest import ROOT


def test_docs_rules_md_is_current():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == docs.rules_markdown(), (
        "run `python -m gofixer.render.docs` to regenerate"
    )


def test_readme_table_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.readme_with_table(readme) == readme, "run `python -m gofixer.render.docs` to regenerate"
    for r in registry.all_rules():
        assert f"| [{r.code}](docs/rules.md#{r.code.lower()}) | `{r.name}` |" in readme


def test_every_rule_doc_has_the_sections():
    for r in registry.all_rules():
        doc = r.doc()
        for section in ("What it finds", "Why it is bad", "Example", "Fixed", "Fix safety"):
            assert f"\n{section}\n" in doc, (r.code, section)
