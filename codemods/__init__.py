"""The rules, one module each (``gfNNN_<name>.py``), installed as ``gofixer.codemods``.

Every module of this package whose name starts with ``gf`` and a digit defines exactly one
rule (a subclass of :class:`gofixer.rule.Rule`); they are found by listing the package, so a new
rule needs no registration. A module defining none or two is an error at start-up, not a rule
silently left out.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from gofixer.rule import Rule

_RULE_MODULE = re.compile(r"gf[0-9]{3}_[a-z0-9_]+")


def _discover() -> tuple[type[Rule], ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not _RULE_MODULE.fullmatch(info.name):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rules = [
            obj
            for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, Rule) and obj is not Rule and obj.__module__ == module.__name__
        ]
        if len(rules) != 1:
            raise ImportError(f"{module.__name__} must define exactly one rule, found {len(rules)}")
        found.append(rules[0])
    return tuple(found)


ALL_RULES = _discover()
