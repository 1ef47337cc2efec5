"""The committed catalogue (docs/rules.md) matches the rules' own docs; the README links only to
files that exist."""

from __future__ import annotations

from gofixer import registry
from gofixer.render import docs

from .conftest import ROOT


def test_docs_rules_md_is_current():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == docs.rules_markdown(), (
        "run `python -m gofixer.render.docs` to regenerate"
    )


def test_readme_links_only_to_files_that_exist():
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", readme)
    local = [l for l in links if not l.startswith(("http://", "https://", "mailto:"))]
    assert "docs/rules.md" in local and "docs/architecture.md" in local
    assert [l for l in local if not (ROOT / l).exists()] == []


def test_catalogue_lists_every_rule_with_its_tier():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for r in registry.all_rules():
        assert f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.fix_class.value} | {r.tier} |" in text


def test_every_rule_doc_has_the_sections():
    for r in registry.all_rules():
        doc = r.doc()
        for section in ("What it finds", "Why it is bad", "Example", "Fixed", "Fix safety"):
            assert f"\n{section}\n" in doc, (r.code, section)
