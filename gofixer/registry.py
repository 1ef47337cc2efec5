"""Rule lookup and selection (``--select``/``--ignore`` take codes, families and names)."""

from __future__ import annotations

from collections.abc import Iterable

from .rule import Rule


class UnknownRule(ValueError):
    pass


def all_rules() -> tuple[type[Rule], ...]:
    from .codemods import ALL_RULES

    return tuple(sorted(ALL_RULES, key=lambda r: r.code))


def _named(rule: type[Rule], token: str) -> bool:
    t = token.strip()
    return t.upper() == rule.code or t.lower() == rule.name


def _matches(rule: type[Rule], token: str) -> bool:
    t = token.strip()
    if rule.opt_in:
        # a rule about gofixer's own comments, not about Go: only chosen by its exact code or name
        return t.upper() == rule.code or t.lower() == rule.name
    if t.upper() == "ALL":
        return True
    if t.upper().startswith("GF"):
        return rule.code.startswith(t.upper())
    return rule.name == t.lower()


def find(token: str, rules: Iterable[type[Rule]] | None = None) -> type[Rule]:
    """The rule named exactly by a code or a name (for ``explain``)."""
    for r in rules if rules is not None else all_rules():
        if r.code == token.strip().upper() or r.name == token.strip().lower():
            return r
    raise UnknownRule(f"unknown rule {token!r} (see `gofixer rules`)")


def select(
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    rules: Iterable[type[Rule]] | None = None,
    extend: Iterable[str] = (),
    preview: bool = False,
) -> list[type[Rule]]:
    """Rules picked by ``select`` (all when empty) minus those matched by ``ignore``.

    Every token must match at least one rule: a typo in ``--select`` would otherwise silently
    disable everything. A rule of the preview tier is picked only with ``preview`` or when
    named exactly (by code or name; a family or ALL does not pick it).
    """
    pool = list(rules) if rules is not None else list(all_rules())
    sel = [t for t in select if t.strip()]
    ign = [t for t in ignore if t.strip()]
    extend = [t for t in extend if t.strip()]  # added to the selection (--report-unused-ignores)
    for token in sel + ign + extend:
        if not any(_matches(r, token) for r in pool):
            raise UnknownRule(f"unknown rule, family or name {token!r} (see `gofixer rules`)")
    chosen = [r for r in pool if (not sel and not r.opt_in) or any(_matches(r, t) for t in sel)]
    chosen = [r for r in chosen if r.tier != "preview" or preview or any(_named(r, t) for t in sel)]
    chosen += [r for r in pool if r not in chosen and any(_matches(r, t) for t in extend)]
    return [r for r in chosen if not any(_matches(r, t) for t in ign)]


def preview_codes(chosen: Iterable[type[Rule]], select: Iterable[str] = (), preview: bool = False) -> frozenset[str]:
    """The chosen rules whose preview variants are reported: all of them with ``preview``, else
    those named exactly in ``select``."""
    sel = [t for t in select if t.strip()]
    return frozenset(r.code for r in chosen if preview or any(_named(r, t) for t in sel))


def split_codes(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x for x in v.split(",") if x.strip())
    return out
