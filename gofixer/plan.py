"""Which rules check a file, and with which settings: the run plan every front end shares.

The command line, the PR bot and the language server must agree on what a file is checked
for, or an editor would show findings the CI run does not (or hide ones it fails on). Each
file's plan comes from its nearest ``.gofixer.toml`` and the command line's choices:
``--select`` replaces the configured selection, ``--ignore`` adds to it, ``--unsafe-fixes`` and
``--preview`` override the configured ones, and an excluded file is not checked unless it was
named explicitly.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from . import registry
from .config import Config
from .rule import Rule, Settings

Group = tuple[tuple[type[Rule], ...], Settings]


class Choices(Protocol):
    """What the command line chose (``runner.Options`` is one); None means "as configured"."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    extend_select: tuple[str, ...]
    unsafe_fixes: bool | None
    preview: bool | None


def for_file(
    cfg: Config,
    path: Path | None,
    choices: Choices,
    rule_types: Sequence[type[Rule]] | None = None,
    explicit: bool = False,
    memo: dict | None = None,
) -> Group | None:
    """The rules and settings for the file at ``path`` (None for a buffer without one), or None
    when its configuration excludes it. ``memo`` (kept by the caller) shares one group between
    the files whose choices are the same. Raises ``registry.UnknownRule`` for a bad selection."""
    if path is not None and not explicit and cfg.excludes(path):
        return None
    select = choices.select or cfg.select
    ignore = cfg.ignore + (cfg.ignored_for(path) if path is not None else ()) + choices.ignore
    unsafe = choices.unsafe_fixes if choices.unsafe_fixes is not None else bool(cfg.unsafe_fixes)
    preview = choices.preview if choices.preview is not None else bool(cfg.preview)
    key = (select, ignore, unsafe, preview, cfg.http)
    if memo is not None and key in memo:
        return memo[key]
    chosen = registry.select(select, ignore, rule_types, choices.extend_select, preview)
    shown = registry.preview_codes(chosen, select, preview)
    group = (tuple(chosen), Settings(unsafe_fixes=unsafe, http=cfg.http, preview=shown))
    if memo is not None:
        memo[key] = group
    return group
