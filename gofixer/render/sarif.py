"""``check --format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

One run; ``tool.driver.rules`` lists every registered rule (not only those that fired), so a
consumer can show the catalogue. Locations are relative to ``%SRCROOT%``: the root of the git
work tree the current directory is in (GitHub resolves artifact URIs against the repository
root, whatever directory gofixer ran in), else the current directory. ``originalUriBaseIds``
says where that is.

Columns: SARIF counts UTF-16 code units by default and GitHub code scanning expects exactly
that, so ``run.columnKind`` is ``utf16CodeUnits`` and gofixer's byte columns are converted
through :class:`~gofixer.source.SourceFile` (the same conversion the LSP server uses). Fixes
(``fixes[].artifactChanges[].replacements``) carry the same edits as the JSON report, in those
converted positions.

Rule help links follow :data:`HELP_URI_TEMPLATE`; set ``GOFIXER_RULE_DOCS_URL`` to a template
of your own (``{code}``, ``{code_lower}`` and ``{name}`` are filled in) to point them at docs
you host.
"""

from __future__ import annotations

import hashlib
import json as _json
import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..model import Located, Position
from ..rule import Rule
from ..source import SourceFile
from .text import offers_fix

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/gofixer/gofixer"
HELP_URI_TEMPLATE = "https://github.com/gofixer/gofixer/blob/main/docs/rules.md#{code_lower}"
HELP_URI_ENV = "GOFIXER_RULE_DOCS_URL"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "gofixer/v1"
LEVEL = "warning"


# -- paths ----------------------------------------------------------------------------------


def source_root(cwd: Path) -> Path:
    """The git work tree containing ``cwd`` (a ``.git`` directory or file), else ``cwd``."""
    cwd = cwd.resolve()
    for d in (cwd, *cwd.parents):
        if (d / ".git").exists():
            return d
    return cwd


def root_relative(display: str, cwd: Path, root: Path) -> str:
    """A display path (relative to ``cwd``) as a POSIX path relative to ``root``."""
    p = Path(os.path.normpath(cwd / display))
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(p, root)).as_posix()


def uri(rel: str) -> str:
    return quote(rel, safe="/-._~")


# -- columns --------------------------------------------------------------------------------


class Columns:
    """Byte positions (1-based line and byte column) to 1-based UTF-16 columns, per file."""

    def __init__(self, sources: dict[str, bytes]):
        self._data = sources
        self._files: dict[str, SourceFile] = {}

    def utf16(self, path: str, pos: Position) -> int:
        data = self._data.get(path)
        if data is None:
            return pos.column
        src = self._files.get(path)
        if src is None:
            src = self._files[path] = SourceFile(path, data)
        if pos.line > src.line_count:
            return pos.column
        offset = min(src.offset(pos.line, pos.column), len(data))
        return src.utf16_column(offset) + 1

    def line_text(self, path: str, line: int) -> bytes:
        data = self._data.get(path)
        if data is None:
            return b""
        src = self._files.get(path) or SourceFile(path, data)
        self._files[path] = src
        if not 1 <= line <= src.line_count:
            return b""
        return data[src.line_start(line - 1) : src.line_end(line - 1)]


# -- rules ----------------------------------------------------------------------------------


def help_uri(rule: type[Rule] | Rule, template: str | None = None) -> str:
    """The documentation link of a rule (also usable by the LSP's codeDescription)."""
    t = template or os.environ.get(HELP_URI_ENV) or HELP_URI_TEMPLATE
    try:
        return t.format(code=rule.code, code_lower=rule.code.lower(), name=rule.name)
    except (KeyError, IndexError, ValueError):
        return t  # a template with other braces: use it as written


def _first_paragraph(doc: str) -> str:
    para = doc.strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in para.splitlines())


_SECTION = re.compile(r"^[A-Z][A-Za-z ]+$")
_CODE_SECTIONS = ("Example", "Fixed")


def doc_markdown(doc: str) -> str:
    """A rule docstring (title paragraph, then unindented section names over indented bodies)
    as Markdown: sections become headings, Example/Fixed bodies Go code blocks."""
    lines = doc.strip().splitlines()
    out: list[str] = []
    i = 0
    # the title paragraph
    while i < len(lines) and lines[i].strip():
        out.append(lines[i].strip())
        i += 1
    while i < len(lines):
        line = lines[i]
        if line and not line[0].isspace() and _SECTION.match(line.strip()):
            title = line.strip()
            j = i + 1
            body: list[str] = []
            while j < len(lines) and (not lines[j] or lines[j][0].isspace()):
                body.append(lines[j])
                j += 1
            while body and not body[-1].strip():
                body.pop()
            text = textwrap.dedent("\n".join(body))
            if out and out[-1]:
                out.append("")
            out.append(f"## {title}")
            out.append("")
            if title in _CODE_SECTIONS:
                out.extend(["```go", text, "```"])
            else:
                out.append(text.replace("``", "`"))
            i = j
        else:
            if line.strip() or (out and out[-1]):
                out.append(line.rstrip())
            i += 1
    return "\n".join(out).strip() + "\n"


def rule_descriptor(rule: type[Rule]) -> dict:
    doc = rule.doc()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": _first_paragraph(doc)},
        "help": {"text": doc, "markdown": doc_markdown(doc)},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": LEVEL},
        "properties": {"fixClass": rule.fix_class.value, "tags": ["go", "concurrency"]},
    }


# -- results --------------------------------------------------------------------------------


def _region(cols: Columns, path: str, start: Position, end: Position) -> dict:
    return {
        "startLine": start.line,
        "startColumn": cols.utf16(path, start),
        "endLine": end.line,
        "endColumn": cols.utf16(path, end),
    }


def fingerprint(rule: str, rel: str, line_text: bytes) -> str:
    """Stable across pushes: rule, path and the anchor line's text without its indentation (so
    edits elsewhere in the file, which move the line, keep the result matched)."""
    h = hashlib.sha256()
    for part in (rule.encode(), rel.encode("utf-8", "surrogateescape"), line_text.strip()):
        h.update(part)
        h.update(b"\0")
    return h.hexdigest()[:32]


def _fix(loc: Located, cols: Columns, location: dict) -> dict:
    f = loc.finding.fix
    assert f is not None
    fix = {
        "description": {"text": f.description},
        "artifactChanges": [
            {
                "artifactLocation": location,
                "replacements": [
                    {
                        "deletedRegion": _region(cols, loc.path, s, e),
                        "insertedContent": {"text": new.decode("utf-8", "replace")},
                    }
                    for s, e, new in loc.edit_spans
                ],
            }
        ],
        "properties": {"applicability": f.applicability.value},
    }
    if f.imports:
        fix["properties"]["imports"] = list(f.imports)
    return fix


def document(
    locs: Sequence[Located],
    rules: Iterable[type[Rule]],
    sources: dict[str, bytes],
    cwd: Path,
    errors: Sequence[str] = (),
) -> str:
    """The SARIF log. ``sources``: display path -> the bytes the findings were made on."""
    cwd = cwd.resolve()
    root = source_root(cwd)
    rules = list(rules)
    index = {r.code: i for i, r in enumerate(rules)}
    cols = Columns(sources)
    seen: dict[tuple[str, str], int] = {}
    results = []
    for loc in locs:
        f = loc.finding
        rel = root_relative(loc.path, cwd, root)
        location = {"uri": uri(rel), "uriBaseId": SRCROOT}
        fp = fingerprint(f.rule, rel, cols.line_text(loc.path, loc.start.line))
        n = seen.get((rel, fp), 0) + 1
        seen[(rel, fp)] = n
        result = {
            "ruleId": f.rule,
            "level": LEVEL,
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": _region(cols, loc.path, loc.start, loc.end),
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: f"{fp}:{n}"},
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        if f.fix is not None and offers_fix(loc):
            result["fixes"] = [_fix(loc, cols, location)]
        if loc.proof is not None:
            # --verify leak: the fix's run-time proof (a made-worse fix is withheld: no `fixes`)
            result["properties"] = {"proof": {"level": loc.proof.level, "result": loc.proof.result, "detail": loc.proof.detail}}
        results.append(result)
    invocation: dict = {"executionSuccessful": True}
    if errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": e}} for e in errors
        ]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "gofixer",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [rule_descriptor(r) for r in rules],
                    }
                },
                "invocations": [invocation],
                "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
                "columnKind": "utf16CodeUnits",
                "results": results,
            }
        ],
    }
    return _json.dumps(log, indent=1, ensure_ascii=False) + "\n"
