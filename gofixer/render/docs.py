"""The rule catalogue as Markdown: docs/rules.md and the README's table, made from the rules.

The rules' docstrings are the single source (``gofixer explain`` prints them); this renders them
for the web so that SARIF help links (``docs/rules.md#gf301``) land on real text. A test keeps
the committed files equal to what this produces: run ``python -m gofixer.render.docs`` after
changing a rule.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .. import registry

TABLE_START = "<!-- rules-table: generated from `gofixer rules` -->"
TABLE_END = "<!-- /rules-table -->"


def rules_table() -> str:
    rows = ["| code | name | fix | finds |", "|---|---|---|---|"]
    for r in registry.all_rules():
        rows.append(f"| [{r.code}](docs/rules.md#{r.code.lower()}) | `{r.name}` | {r.fix_class.value} | {r.summary} |")
    return "\n".join(rows)


def rules_markdown() -> str:
    out = [
        "# gofixer rules",
        "",
        "Generated from the rules' own documentation (`gofixer explain CODE` prints the same text);",
        "regenerate with `python -m gofixer.render.docs`.",
        "",
        rules_table().replace("(docs/rules.md#", "(#"),
        "",
    ]
    for r in registry.all_rules():
        out += [f"## {r.code}", "", f"**{r.name}** — fix: {r.fix_class.value}", "", "```text", r.doc(), "```", ""]
    return "\n".join(out)


def readme_with_table(readme: str) -> str:
    pattern = re.compile(re.escape(TABLE_START) + r".*?" + re.escape(TABLE_END), re.S)
    return pattern.sub(lambda m: f"{TABLE_START}\n{rules_table()}\n{TABLE_END}", readme)


def main(root: Path) -> int:
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "rules.md").write_text(rules_markdown(), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
