"""The rule catalogue as Markdown (docs/rules.md), made from the rules.

The rules' docstrings are the single source (``gofixer explain`` prints them); this renders them
for the web so that SARIF help links (``docs/rules.md#gf301``) land on real text. A test keeps
the committed files equal to what this produces: run ``python -m gofixer.render.docs`` after
changing a rule.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import registry

def rules_table() -> str:
    rows = ["| code | name | fix | tier | finds |", "|---|---|---|---|---|"]
    for r in registry.all_rules():
        rows.append(f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.fix_class.value} | {r.tier} | {r.summary} |")
    return "\n".join(rows)


def rules_markdown() -> str:
    out = [
        "# gofixer rules",
        "",
        "Generated from the rules' own documentation (`gofixer explain CODE` prints the same text);",
        "regenerate with `python -m gofixer.render.docs`.",
        "",
        rules_table(),
        "",
    ]
    for r in registry.all_rules():
        out += [f"## {r.code}", "", f"**{r.name}** — fix: {r.fix_class.value}; tier: {r.tier}", "", "```text", r.doc(), "```", ""]
    return "\n".join(out)


def main(root: Path) -> int:
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "rules.md").write_text(rules_markdown(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
