"""Add imports the way goimports would place them.

goimports keeps the standard library in the first group of the import block, sorted, and puts a
single import into a parenthesised block once there are two. We do the same with byte edits, so
the output is gofmt-clean without running gofmt and nothing else in the file moves.
"""

from __future__ import annotations

from tree_sitter import Node

from .analysis import files
from .model import Edit
from .source import SourceFile


def is_std(path: str) -> bool:
    """The go tool's own test: a standard-library path has no dot in its first element."""
    return "." not in path.split("/")[0]


def add_imports(src: SourceFile, root: Node, paths: list[str] | tuple[str, ...]) -> list[Edit]:
    """Edits that import each of ``paths`` not already imported (aliases count as imported)."""
    present = files.import_names(root, src.data)
    wanted = sorted({p for p in paths if p not in present})
    if not wanted:
        return []
    nl = src.dominant_newline()
    decls = [c for c in root.children if c.type == "import_declaration"]
    if not decls:
        return [_new_decl_after_package(src, root, wanted, nl)]
    # a parenthesised block is where goimports adds; else the first single import becomes one
    for decl in decls:
        spec_list = next((c for c in decl.named_children if c.type == "import_spec_list"), None)
        if spec_list is not None:
            return _into_block(src, spec_list, wanted, nl)
    return _single_to_block(src, decls[0], wanted, nl)


def _spec_path(src: SourceFile, spec: Node) -> str:
    p = spec.child_by_field_name("path")
    return src.data[p.start_byte : p.end_byte].strip(b"\"`").decode("utf-8", "replace") if p else ""


def _new_decl_after_package(src: SourceFile, root: Node, wanted: list[str], nl: bytes) -> Edit:
    pkg = next(c for c in root.children if c.type == "package_clause")
    line0 = src.line_of(pkg.end_byte)
    at = src.line_end(line0)
    if len(wanted) == 1:
        text = nl + nl + b'import "' + wanted[0].encode() + b'"'
    else:
        body = b"".join(b'\t"' + w.encode() + b'"' + nl for w in wanted)
        text = nl + nl + b"import (" + nl + body + b")"
    return Edit(at, at, text)


def _single_to_block(src: SourceFile, decl: Node, wanted: list[str], nl: bytes) -> list[Edit]:
    spec = next(c for c in decl.named_children if c.type == "import_spec")
    existing = src.text(spec)
    entries = [(_spec_path(src, spec), existing)] + [(w, b'"' + w.encode() + b'"') for w in wanted]
    std = sorted((e for e in entries if is_std(e[0])), key=lambda e: e[0])
    other = sorted((e for e in entries if not is_std(e[0])), key=lambda e: e[0])
    lines = [b"\t" + e[1] + nl for e in std]
    if std and other:
        lines.append(nl)
    lines += [b"\t" + e[1] + nl for e in other]
    return [Edit(decl.start_byte, decl.end_byte, b"import (" + nl + b"".join(lines) + b")")]


def _into_block(src: SourceFile, spec_list: Node, wanted: list[str], nl: bytes) -> list[Edit]:
    specs = [c for c in spec_list.named_children if c.type == "import_spec"]
    if not specs:
        at = spec_list.start_byte + 1  # just after "("
        body = b"".join(b'\t"' + w.encode() + b'"' + nl for w in wanted)
        return [Edit(at, at, nl + body)]
    groups = _groups(src, specs)
    std_group = next((g for g in groups if all(is_std(_spec_path(src, s)) for s in g)), None)
    edits: list[Edit] = []
    if std_group is None:
        # no standard-library group yet: a new first group, then a blank line
        first = groups[0][0]
        at = src.line_start(src.line_of(first.start_byte))
        body = b"".join(b'\t"' + w.encode() + b'"' + nl for w in wanted)
        return [Edit(at, at, body + nl)]
    for w in wanted:
        # before the first spec of the group that sorts after it, else after the group's last spec
        after = next((s for s in std_group if _spec_path(src, s) > w), None)
        if after is not None:
            line0 = src.line_of(after.start_byte)
            at = src.line_start(line0)
            indent = src.indent_of_line(after.start_byte)
            edits.append(Edit(at, at, indent + b'"' + w.encode() + b'"' + nl))
        else:
            last = std_group[-1]
            line0 = src.line_of(last.end_byte)
            at = src.line_end(line0)
            indent = src.indent_of_line(last.start_byte)
            edits.append(Edit(at, at, nl + indent + b'"' + w.encode() + b'"'))
    return _join_same_point(edits)


def _join_same_point(edits: list[Edit]) -> list[Edit]:
    """Two new imports at the same place become one insertion (edits at one point must not clash)."""
    out: dict[tuple[int, int], bytes] = {}
    for e in edits:
        out[(e.start, e.end)] = out.get((e.start, e.end), b"") + e.new
    return [Edit(s, t, new) for (s, t), new in sorted(out.items())]


def _groups(src: SourceFile, specs: list[Node]) -> list[list[Node]]:
    """Specs split where a blank line (or a comment-only line) separates them, as gofmt sorts them."""
    groups: list[list[Node]] = [[specs[0]]]
    for prev, cur in zip(specs, specs[1:]):
        gap = src.data[prev.end_byte : cur.start_byte]
        lines = gap.split(b"\n")
        blank = any(not ln.strip(b" \t\r") for ln in lines[1:-1])
        if blank:
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups
