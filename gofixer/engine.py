"""Per file: parse, run the rules, apply their fixes to a fixpoint. Pure: bytes in, data out.

The runner owns files, processes and the Go toolchain (LibCST's split between a codemod and its
runner); this module only turns one file's bytes into findings and fixed bytes, so it can run
in any worker and be re-run with some fixes withheld when verification rejects them.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Iterable, Sequence

from . import edits as edit_ops
from . import nesting, suppress
from .analysis import siblings
from .imports import add_imports
from .model import AppliedFix, Applicability, FileResult, Finding, Located
from .rule import FileContext, Rule, Settings
from .source import SourceFile, load_query, parse, shared_captures

MAX_PASSES = 10

Key = tuple[str, int]


def first_syntax_error(tree, src: SourceFile) -> str | None:
    """``line:col`` of the first ERROR or MISSING node, or None for a clean tree."""
    if not tree.root_node.has_error:
        return None
    stack = [tree.root_node]
    while stack:
        n = stack.pop()
        if n.is_error or n.is_missing:
            pos = src.position(n.start_byte)
            return f"{pos.line}:{pos.column}"
        stack.extend(c for c in reversed(n.children) if c.has_error or c.is_missing)
    return "?"


def run_rules(rules: Sequence[Rule], ctx: FileContext, active: Sequence[Rule] | None = None) -> list[Finding]:
    """Every rule's findings on the file, minus those silenced by a suppression comment.

    The queries of the rules that apply are run as one combined query over the file (one tree
    walk instead of one per rule; see :func:`gofixer.source.shared_captures`).
    """
    out: list[Finding] = []
    if active is None:  # (the caller may already have asked the prefilters about these bytes)
        active = applicable(rules, ctx.data, ctx.package)
    queries = [(path, load_query(path)) for path in (rule.query_path() for rule in active) if path is not None]
    with shared_captures(ctx.root, queries):
        for rule in active:
            for f in rule.check(ctx):
                if rule.tier == "preview" and not f.preview:
                    f = dataclasses.replace(f, preview=True)
                if not f.preview or rule.code in ctx.settings.preview:
                    out.append(f)
    about_suppressions = [r for r in rules if type(r).check_suppressions is not Rule.check_suppressions]
    sup = suppress.parse(ctx.source) if out or about_suppressions else None
    if sup is not None:
        out = [f for f in out if not sup.silences(f, ctx.source)]
        for rule in about_suppressions:
            out.extend(rule.check_suppressions(ctx, sup, rules))
    out.sort(key=lambda f: (f.start, f.rule))
    return out


def applicable(rules: Sequence[Rule], data: bytes, view: siblings.PackageView) -> list[Rule]:
    """The rules that may find something in ``data``, asked before any parse (see
    :meth:`Rule.wants`)."""
    return [r for r in rules if r.wants(data, view)]


def locate(src: SourceFile, path: str, f: Finding, at: int | None = None) -> Located:
    """Resolve a finding's byte offsets to lines and columns (at: the anchor in another text)."""
    start = f.start if at is None else at
    end = f.end if at is None else at + (f.end - f.start)
    spans = ()
    if f.fix is not None and at is None:
        spans = tuple((src.position(e.start), src.position(e.end), e.new) for e in f.fix.edits)
    return Located(path, f, src.position(start), src.position(min(end, len(src.data))), spans)


def _wanted(f: Finding, settings: Settings) -> bool:
    return f.fix is not None and (f.fix.applicability is Applicability.SAFE or settings.unsafe_fixes)


def _bounded(process):
    """A file the analysis cannot follow for lack of recursion depth is reported as too deeply
    nested, whatever the rule or pass that ran out (nesting.MAX_NESTING keeps this rare)."""

    @functools.wraps(process)
    def run(path: str, data: bytes, *args, **kwargs) -> FileResult:
        try:
            return process(path, data, *args, **kwargs)
        except RecursionError:
            return FileResult(path=path, original=data, fixed=data, error=nesting.TOO_DEEP)

    return run


@_bounded
def process(
    path: str,
    data: bytes,
    rules: Sequence[Rule],
    settings: Settings,
    go_version: tuple[int, int] | None = None,
    fix: bool = True,
    allow: Callable[[Key], bool] | None = None,
    abspath: str | None = None,
) -> FileResult:
    """Findings on ``data`` and, with ``fix``, the bytes after applying fixes to a fixpoint.

    ``allow`` decides per fix key whether it may be applied (verification uses it to withhold
    exactly the fixes that broke the build).
    """
    result = FileResult(path=path, original=data, fixed=data)
    if b"\x00" in data:
        result.error = "contains NUL bytes: not a Go source file"
        return result
    view = siblings.PackageView(abspath, data)
    first = applicable(rules, data, view)
    if not first:
        return result
    original = SourceFile(path, data)
    tree = siblings.loaded_tree(abspath, data)
    if tree is None:
        tree = parse(data)
        if any(r.keeps_package_trees(data, view) for r in rules):
            siblings.offer_tree(abspath, data, tree)
    if nesting.too_deep(data, tree.root_node):
        result.error = nesting.TOO_DEEP
        return result
    err = first_syntax_error(tree, original)
    result.syntax_at = err
    if err is not None:
        if _header_broken(tree):
            result.error = f"syntax error at {err}: file skipped"
            return result
        # Often newer Go than the grammar knows (`new(expr)` in Go 1.26): the declarations that
        # parse are still checked and fixed, the one with the error is left exactly as it is,
        # and verification decides whether the package builds. (tree-sitter can flag a tree as
        # having an error without any declaration holding one: then everything is checked and
        # there is nothing to warn about.)
        if _broken_declarations(tree):
            result.warning = f"syntax error at {err}: the declaration containing it is not checked"
    bad_before = _broken_declarations(tree)

    maps: list[edit_ops.OffsetMap] = []
    current, src = data, original
    started = time.perf_counter()
    for pass_no in range(MAX_PASSES + 1):
        if pass_no == 1:
            result.scan_seconds = time.perf_counter() - started
        ctx = FileContext(src, tree, go_version=go_version, settings=settings, abspath=abspath)
        if pass_no == 0:
            ctx.share_package(view)
        findings = run_rules(rules, ctx, first if pass_no == 0 else None)
        if tree.root_node.has_error:
            findings = _outside_errors(tree, findings)
        keys = [(f.rule, _to_original(maps, f.start)) for f in findings]
        if pass_no == 0:
            result.findings = [locate(src, path, f) for f in findings]
        if not fix or pass_no == MAX_PASSES:
            result.remaining = _remaining(original, path, findings, keys)
            break
        eligible = [f for f, k in zip(findings, keys) if _wanted(f, settings) and (allow is None or allow(k))]
        merged = edit_ops.merge(eligible, len(current))
        if not merged.edits:
            result.remaining = _remaining(original, path, findings, keys)
            break
        all_edits = _with_imports(src, tree, merged)
        new = edit_ops.apply(current, all_edits)
        new_tree = parse(new)
        if len(_broken_declarations(new_tree)) > len(bad_before):
            # a fix that breaks the syntax is a bug in a rule: keep the last good text
            result.error = f"internal: a fix by {', '.join(sorted({f.rule for f in merged.taken}))} produced invalid Go; fixes withheld"
            result.remaining = _remaining(original, path, findings, keys)
            break
        key_of = {id(f): k for f, k in zip(findings, keys)}
        for f in merged.taken:
            k = key_of[id(f)]
            result.applied.append(
                AppliedFix(k, f.rule, f.name, f.fix.description, f.fix.applicability, original.position(k[1]).line)
            )
        maps.append(edit_ops.OffsetMap(all_edits))
        current, tree = new, new_tree
        src = SourceFile(path, current)
        result.passes = pass_no + 1
    result.fixed = current
    total = time.perf_counter() - started
    if result.scan_seconds == 0.0:
        result.scan_seconds = total
    else:
        result.fix_seconds = total - result.scan_seconds
    return result


def _header_broken(tree) -> bool:
    """A syntax error in the package clause or the imports: nothing can be placed safely."""
    return any(c.has_error for c in tree.root_node.children if c.type in ("package_clause", "import_declaration", "ERROR"))


def _broken_declarations(tree) -> list:
    return [c for c in tree.root_node.children if c.has_error]


def _outside_errors(tree, findings: list[Finding]) -> list[Finding]:
    """Findings whose anchor and edits all lie in top-level declarations that parse cleanly."""
    bad = [(c.start_byte, c.end_byte) for c in _broken_declarations(tree)]

    def clean(a: int, b: int) -> bool:
        return not any(s <= b and a < e for s, e in bad)

    out = []
    for f in findings:
        if not clean(f.start, f.end):
            continue
        if f.fix is not None and not all(clean(e.start, e.end) for e in f.fix.edits):
            continue
        out.append(f)
    return out


def _with_imports(src: SourceFile, tree, merged: edit_ops.Merged) -> list:
    wanted = sorted({imp for f in merged.taken for imp in f.fix.imports})
    if not wanted:
        return list(merged.edits)
    extra = add_imports(src, tree.root_node, wanted)
    combined = sorted(set(merged.edits) | set(extra))
    return combined


def _to_original(maps: list[edit_ops.OffsetMap], offset: int) -> int:
    for m in reversed(maps):
        offset = m.to_old(offset)
    return offset


def _remaining(original: SourceFile, path: str, findings: Iterable[Finding], keys: Iterable[Key]) -> list[Located]:
    """Findings still present after fixing, placed at their anchors in the original file."""
    return [locate(original, path, f, at=k[1]) for f, k in zip(findings, keys)]
