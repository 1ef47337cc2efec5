"""``gofixer leaks``: the goroutines a project's own tests leak, as findings.

Every package named runs its tests under the goroutine-leak profile (:mod:`gofixer.leaks`,
the same runs as ``--verify leak``). Each distinct leak (blocking site, creating ``go``
statement, blocking kind) becomes one finding at the blocking operation: the first frame of the
goroutine's stack in the module, the user's code that waits. The static rules then run over the
same paths (``check``), and a finding of a leak rule at the same site (the same function, the
blocking kinds the rule's defect causes: see :mod:`gofixer.proof`) names the rule and brings its
fix; a leak that no rule explains is reported under the rule code ``leak``, which is what the
next rule should be written for.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import discover, leaks, runner
from .render import json as json_render
from .leaks import Goroutine, LeakRunner
from .model import Finding, FixClass, Located, Position
from .proof import LEAK_KINDS, WIDE_SITE_RULES, Site, at_site, blocking_frame, site_of
from .source import SourceFile
from .verify import Toolchain

RULE = "leak"
NAME = "goroutine-leak"
SUMMARY = "a goroutine the tests leave blocked forever (found at run time by Go's goroutine-leak profile)"


class LeakRule:
    """The catalogue entry of run-time leaks in SARIF (``tool.driver.rules``); not a static rule."""

    code = RULE
    name = NAME
    summary = SUMMARY
    fix_class = FixClass.NONE

    @classmethod
    def doc(cls) -> str:
        return (
            f"{RULE} {NAME}: {SUMMARY}.\n\n"
            "What it finds\n"
            "    A goroutine blocked on a channel, a mutex, a WaitGroup or a Cond that no other goroutine can\n"
            "    reach any more, after the package's tests have run (`gofixer leaks`). It can never run again.\n\n"
            "Why it is bad\n"
            "    It holds its stack and everything it references for the life of the process.\n"
        )


@dataclass
class LeakFinding:
    loc: Located
    info: dict  # the "leak" object of the JSON report
    fix_json: dict | None = None  # the static finding's fix, with its own path


@dataclass
class LeakReport:
    findings: list[LeakFinding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # failing tests: reported, not errors
    files: int = 0
    sources: dict[str, bytes] = field(default_factory=dict)
    go_runs: int = 0


@dataclass
class _Group:
    sample: Goroutine
    pkg: leaks.Package
    root: Path
    runs: int = 0
    most: int = 0


def _display(path: Path, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:
        return str(path)


def run(paths: Sequence[str], opts: runner.Options, cwd: Path | None = None) -> LeakReport:
    """Raises leaks.Unavailable when the toolchain has no leak profile, discover.PathError for a
    bad path."""
    cwd = (cwd or Path.cwd()).resolve()
    files = discover.expand(list(paths), cwd)
    report = LeakReport(files=len(files))
    tc = Toolchain("vet", timeout=opts.go_timeout, cwd=cwd)
    lr = LeakRunner(tc)
    lr.check_available(cwd)
    modules: dict[Path, set[Path]] = {}
    for f in files:
        root = discover.find_module_root(f.path.parent)
        if root is None:
            report.errors.append(f"{f.display}: not inside a Go module (no go.mod): its tests cannot run")
            continue
        modules.setdefault(root, set()).add(f.path.parent)
    groups: dict[tuple, _Group] = {}
    for root in sorted(modules):
        infos = lr.packages(root, modules[root])
        results = lr.run(root, list(infos.values()), {})
        for d in sorted(results):
            pkg = results[d]
            shown = _display(pkg.dir, cwd)
            if pkg.error:
                report.errors.append(f"{shown}: the tests could not run under the leak profile: {pkg.error}")
                continue
            if not pkg.profiled:
                why = pkg.failing[0].failure() if pkg.failing else "no profile was written"
                report.errors.append(f"{shown}: the tests wrote no leak profile ({why})")
                continue
            if pkg.failing:
                report.notes.append(f"{shown}: tests fail ({pkg.failing[0].failure()}); their leaks are reported")
            for r in pkg.profiled:
                counts: dict[tuple, int] = {}
                for g in r.leaked:
                    k = _group_key(g, root)
                    counts[k] = counts.get(k, 0) + 1
                    groups.setdefault(k, _Group(g, pkg, root))
                for k, n in counts.items():
                    groups[k].runs += 1
                    groups[k].most = max(groups[k].most, n)
    report.go_runs = tc.runs
    static = runner.run(paths, None, opts, cwd=cwd) if groups else None
    candidates = _static_sites(static, cwd) if static else []
    for k in sorted(groups, key=lambda k: (k[0], k[1], k[4])):
        report.findings.append(_finding(groups[k], candidates, cwd, lr.runs, report.sources))
    report.findings.sort(key=lambda f: (f.loc.path, f.loc.start.line, f.loc.finding.rule))
    return report


def _group_key(g: Goroutine, root: Path) -> tuple:
    f = blocking_frame(g, root)
    c = g.created_by
    return (f.path if f else "", f.line if f else 0, c.path if c else "", c.line if c else 0, g.kind)


def _static_sites(static: runner.Report, cwd: Path) -> list[tuple[Site, Located]]:
    out = []
    for r in static.files:
        for loc in r.findings:
            kinds = LEAK_KINDS.get(loc.finding.rule)
            if not kinds or not r.original:
                continue
            decl, recv = site_of(r.original, loc.finding.start)
            site = Site(leaks._real(cwd / r.path), decl, kinds, recv, wide=loc.finding.rule in WIDE_SITE_RULES)
            out.append((site, loc))
    return out


def _finding(group: _Group, candidates, cwd: Path, runs: int, sources: dict[str, bytes]) -> LeakFinding:
    g, root = group.sample, group.root
    frame = blocking_frame(g, root)
    path = leaks.resolve_frame_path(frame.path, [group.pkg]) if frame else Path("?")
    display = _display(path, cwd)
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    sources[display] = data
    src = SourceFile(display, data)
    line = frame.line if frame else 1
    if data and 1 <= line <= src.line_count:
        start_off = src.line_start(line - 1)
        end_off = src.line_end(line - 1)
        text = data[start_off:end_off]
        indent = len(text) - len(text.lstrip(b" \t"))
        start = Position(line, indent + 1)
        end = Position(line, len(text.rstrip()) + 1)
        start_off += indent
    else:
        start_off = end_off = 0
        start = end = Position(max(line, 1), 1)
    matches = [loc for site, loc in candidates if at_site(g, site)]
    matches.sort(key=lambda l: (l.finding.fix is None, l.path != display, abs(l.start.line - line)))
    static = matches[0] if matches else None
    who = f"{_plural(group.most, 'goroutine')} blocked forever on {g.kind}"
    fn = frame.function.rsplit("/", 1)[-1] if frame else "?"
    creator = g.created_by
    made = ""
    if creator is not None:
        made = f", started by the go statement at {_display(leaks.resolve_frame_path(creator.path, [group.pkg]), cwd)}:{creator.line}"
    seen = f" (in {group.runs} of {runs} runs of the tests)"
    if static is not None:
        f = static.finding
        fix_text = f"; fix: {f.fix.description}" if f.fix else ""
        message = f"{who} in {fn}{made}{seen}; {f.rule} {f.name} at {static.path}:{static.start.line} explains it{fix_text}"
        rule, name = f.rule, f.name
        same_file = static.path == display
        finding = Finding(rule, name, start_off, max(end_off, start_off), message, f.fix if same_file else None)
        loc = Located(display, finding, start, end, static.edit_spans if same_file else ())
        fix_json = json_render.finding(static)["fix"]
    else:
        message = f"{who} in {fn}{made}{seen}; no gofixer rule explains it"
        finding = Finding(RULE, NAME, start_off, max(end_off, start_off), message, None)
        loc = Located(display, finding, start, end)
        fix_json = None
    info = {
        "kind": g.kind,
        "wait_reason": g.wait,
        "goroutines": group.most,
        "runs": group.runs,
        "of_runs": runs,
        "package": group.pkg.import_path,
        "function": frame.function if frame else None,
        "created_by": _frame_json(creator, group.pkg, cwd) if creator else None,
        "stack": [_frame_json(f, group.pkg, cwd) for f in g.frames],
        "static": {"rule": static.finding.rule, "path": static.path, "line": static.start.line} if static else None,
    }
    return LeakFinding(loc, info, fix_json)


def _frame_json(f, pkg, cwd: Path) -> dict:
    return {"function": f.function, "path": _display(leaks.resolve_frame_path(f.path, [pkg]), cwd), "line": f.line}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def json_document(report: LeakReport) -> str:
    """The JSON of ``check`` (version 1), each finding with a ``leak`` object."""
    import json as _json

    out = []
    for lf in report.findings:
        d = json_render.finding(lf.loc)
        d["fix"] = lf.fix_json
        d["leak"] = lf.info
        out.append(d)
    doc = {
        "version": 1,
        "findings": out,
        "summary": {"files": report.files, "findings": len(out), "fixable": sum(1 for d in out if d["fix"])},
    }
    if report.errors:
        doc["errors"] = report.errors
    return _json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
