"""Command line: parse options, call the runner, render, choose the exit status. Nothing else.

Exit status (cli.md): 0 nothing to report or change; 1 findings reported, a diff shown, or
findings left unfixed; 2 usage error, bad configuration or internal error (one line on stderr;
``--debug`` shows the traceback).
"""

from __future__ import annotations

import signal
import sys
import traceback
from pathlib import Path

import click

from . import __version__, registry, runner, verify
from . import progress as term
from .config import ConfigError
from .discover import PathError
from .render import diff as diff_render
from .render import json as json_render
from .render import text as text_render



class DefaultFixGroup(click.Group):
    """A group whose default command is ``fix``, so ``gofixer --dry-run ./...`` works as written."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["fix", *args]
        return super().parse_args(ctx, args)


def _fail(message: str, debug: bool = False) -> None:
    if debug:
        traceback.print_exc()
    click.echo(f"gofixer: {message}", err=True)
    sys.exit(2)


def _options(select, ignore, config_file, **kw) -> runner.Options:
    """Options with --select/--ignore checked up front (a typo is a usage error, exit 2)."""
    sel = tuple(registry.split_codes(select))
    ign = tuple(registry.split_codes(ignore))
    try:
        registry.select(sel, ign)
    except registry.UnknownRule as e:
        raise click.UsageError(str(e)) from None
    ctx = click.get_current_context(silent=True)
    use_cache = not (ctx is not None and ctx.meta.get("gofixer.no_cache"))
    extend = ("GF001",) if ctx is not None and ctx.meta.get("gofixer.unused_ignores") else ()
    preview = True if ctx is not None and ctx.meta.get("gofixer.preview") else None
    return runner.Options(
        select=sel,
        ignore=ign,
        extend_select=extend,
        preview=preview,
        config=Path(config_file) if config_file else None,
        use_cache=use_cache,
        **kw,
    )


def _run(paths, opts: runner.Options, debug: bool, progress=None) -> runner.Report:
    """The runner, with every expected failure turned into one line and exit status 2."""
    try:
        return runner.run(paths, None, opts, progress=progress)
    except (PathError, ConfigError, registry.UnknownRule) as e:
        _fail(str(e), debug)
    except KeyboardInterrupt:
        _fail("interrupted: every file is either fully fixed or unchanged")
    except Exception as e:  # noqa: BLE001 - the contract is one line, never a traceback
        _fail(f"internal error: {type(e).__name__}: {e}", debug)
    raise AssertionError("unreachable")


def common_options(f):
    f = click.option("--select", multiple=True, help="Only these rules: codes, families (GF3) or names, comma-separated.")(f)
    f = click.option("--ignore", multiple=True, help="Skip these rules (same forms as --select).")(f)
    f = click.option("--jobs", "-j", type=click.IntRange(0), default=0, help="Parallel workers (default: number of CPUs).")(f)
    f = click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this .gofixer.toml for every file (default: the nearest one upward from each file).")(f)
    f = click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")(f)
    f = click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported or a diff is shown (2 still means an error).")(f)
    f = _meta_flag(
        "--report-unused-ignores",
        "gofixer.unused_ignores",
        "Also report //gofixer:ignore comments that silence nothing (GF001), with a fix that removes them.",
    )(f)
    f = _meta_flag("--preview", "gofixer.preview", "Also run the rules and variants of the preview tier (below the default tier's precision on real code; see docs/precision.md).")(f)
    f = _meta_flag("--no-cache", "gofixer.no_cache", "Do not read or write the results cache (default: cache unchanged files' results).")(f)
    return f


def _meta_flag(flag: str, key: str, help: str):
    """A flag of every command that is read where the runner's options are made (``ctx.meta``)
    rather than passed to each command function."""
    return click.option(
        flag, is_flag=True, expose_value=False, callback=lambda ctx, _param, value: ctx.meta.__setitem__(key, value), help=help
    )


def _terminate(signum, frame) -> None:
    """SIGTERM unwinds like Ctrl-C, so a write in progress removes its temporary file."""
    raise KeyboardInterrupt


@click.group(cls=DefaultFixGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gofixer")
def main() -> None:
    """Find Go concurrency and net/http anti-patterns and fix them, verified by the Go toolchain.

    Without a command, gofixer runs `fix`: `gofixer --dry-run ./...` shows the verified fixes as
    a unified diff and writes nothing.
    """
    signal.signal(signal.SIGTERM, _terminate)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Print the unified diff of the verified fixes; write nothing.")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None, help="Also apply fixes classed unsafe (default: `unsafe_fixes` in .gofixer.toml, else no).")
@click.option(
    "--verify",
    "verify_level",
    type=click.Choice(verify.LEVELS),
    default=None,
    help="How fixes are proven before writing: go build, go vet, go test -race, vet and then the tests under Go 1.26's goroutine-leak profile before and after (leak), or not at all (default: vet, or `verify` in .gofixer.toml).",
)
@click.option("--go-timeout", type=click.FloatRange(min=1), default=verify.DEFAULT_TIMEOUT, show_default=True, help="Seconds before a hanging go command is killed.")
@click.option("--verbose", "-v", is_flag=True, help="Also report verification details (go processes started).")
@click.option("--color", type=click.Choice(term.COLOR_CHOICES), default="auto", show_default=True, help="Colour the --dry-run diff (auto: when stdout is a terminal and NO_COLOR is unset).")
@common_options
def fix(paths, dry_run, unsafe_fixes, verify_level, go_timeout, verbose, color, select, ignore, jobs, config_file, debug, exit_zero) -> None:
    """Apply verified fixes in place (PATHS default: ./...)."""
    opts = _options(
        select,
        ignore,
        config_file,
        fix=True,
        dry_run=dry_run,
        verify=verify_level,
        jobs=jobs,
        go_timeout=go_timeout,
        unsafe_fixes=unsafe_fixes,
    )
    with term.Progress("text") as bar:
        report = _run(paths, opts, debug, bar)
    status = _report_fix(report, opts, verbose, term.use_color(color))
    sys.exit(0 if exit_zero else status)


def _report_fix(report: runner.Report, opts: runner.Options, verbose: bool, color: bool = False) -> int:
    out = sys.stdout.buffer
    note = lambda s: click.echo(s, err=True)  # noqa: E731
    status = 0
    for err in report.errors:
        note(err)
    if report.verify_skipped:
        note(f"gofixer: {report.verify_skipped}")
    outcome = report.outcome
    if outcome:
        for pkg, err in outcome.broken:
            note(f"{pkg}: does not build before fixing, left unchanged: {err}")
        for w in outcome.withheld:
            what = f"{w.fix.rule} fix at line {w.fix.line}" if w.fix else "fixes"
            note(f"{w.display}: {what} withheld: {w.reason}")
    shown_diff = False
    if opts.dry_run:
        for r in report.files:
            new = report.final.get(r.path)
            if new is not None and new != r.original:
                d = diff_render.unified(r.path, r.original, new)
                out.write(term.color_diff(d) if color else d)
                shown_diff = True
        out.flush()
    # what is left: everything in files whose fixes were not accepted, else what fixing left
    unfixed = []
    fixed_count = 0
    for r in report.files:
        if r.path in report.final:
            unfixed.extend(r.remaining)
            withheld = sum(1 for w in (outcome.withheld if outcome else []) if w.display == r.path and w.fix)
            fixed_count += len(r.applied) - withheld
            unfixed.extend(l for l in r.findings if outcome and any(
                w.display == r.path and w.fix and w.fix.key == (l.finding.rule, l.finding.start) for w in outcome.withheld))
        else:
            unfixed.extend(r.findings)
    unfixed.sort(key=lambda l: (l.path, l.start.line, l.start.column, l.finding.rule))
    echo = note if opts.dry_run else click.echo
    for loc in unfixed:
        echo(text_render.line(loc, bool(opts.unsafe_fixes)))
    if unfixed or shown_diff:
        status = 1
    if report.written:
        note(f"Fixed {fixed_count} finding{'s' if fixed_count != 1 else ''} in {len(report.written)} file{'s' if len(report.written) != 1 else ''}.")
    elif opts.dry_run and shown_diff:
        changed = sum(1 for r in report.files if r.path in report.final and report.final[r.path] != r.original)
        note(f"Would fix {fixed_count} finding{'s' if fixed_count != 1 else ''} in {changed} file{'s' if changed != 1 else ''} (verified: {report.verify_level}).")
    if unfixed:
        note(text_render.summary(unfixed, bool(opts.unsafe_fixes)))
    for err in report.write_errors:
        note(err)
        status = 1
    _note_proofs(report, note)
    if verbose and outcome is not None:
        how = "vet and the tests under the goroutine-leak profile" if report.verify_level == "leak" else report.verify_level
        note(f"verification: go {how}, {outcome.go_runs} go process{'es' if outcome.go_runs != 1 else ''} started")
    if verbose and report.timings:
        note("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in report.timings.items()))
    return status


def _note_proofs(report: runner.Report, note) -> None:
    """--verify leak: each fix's run-time proof, one line each (made-worse ones were reported
    as withheld with their reason)."""
    if report.proof_note:
        note(f"gofixer: {report.proof_note}")
    lines = {a.key: a.line for r in report.files for a in r.applied}
    for (display, key), p in sorted(report.proofs.items(), key=lambda kv: (kv[0][0], lines.get(kv[0][1], 0))):
        if p.result in ("made-worse", "unavailable"):
            continue
        note(f"{display}:{lines.get(key, '?')}: {key[0]} fix, leak proof: {p.result}: {p.detail}")


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text", show_default=True, help="github: workflow-command annotations for GitHub Actions.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE instead of stdout.")
@click.option("--unsafe-fixes", is_flag=True, help="Mark unsafe fixes as applicable in text output.")
@click.option(
    "--verify",
    "verify_level",
    type=click.Choice(verify.LEVELS),
    default="none",
    show_default=True,
    help="Prove the fixes the report offers (all of them, unsafe too); a fix that fails is reported as null. leak: also each fix's run-time proof (proven, not-reproduced, made-worse, unavailable).",
)
@click.option("--go-timeout", type=click.FloatRange(min=1), default=verify.DEFAULT_TIMEOUT, show_default=True, help="Seconds before a hanging go command is killed.")
@common_options
def check(paths, fmt, output, unsafe_fixes, verify_level, go_timeout, select, ignore, jobs, config_file, debug, exit_zero) -> None:
    """Report findings only; never writes a Go file."""
    if verify_level == "none":
        opts = _options(select, ignore, config_file, fix=False, jobs=jobs, unsafe_fixes=unsafe_fixes or None)
    else:
        opts = _options(
            select, ignore, config_file, fix=True, dry_run=True, verify=verify_level, go_timeout=go_timeout, jobs=jobs, unsafe_fixes=True
        )
    with term.Progress(fmt) as bar:
        report = _run(paths, opts, debug, bar)
    locs = report.findings if verify_level == "none" else _verified_findings(report)
    locs = sorted(locs, key=lambda l: (l.path, l.start.line, l.start.column, l.finding.rule))
    if fmt == "json":
        text = json_render.document(locs, len(report.files), report.errors)
    elif fmt in ("sarif", "github"):
        from .render import github as github_render
        from .render import sarif as sarif_render

        sources = {r.path: r.original for r in report.files}
        if fmt == "sarif":
            text = sarif_render.document(locs, registry.all_rules(), sources, Path.cwd(), report.errors)
        else:
            text = github_render.document(locs, sources, Path.cwd(), report.errors)
    else:
        lines = [text_render.line(l, unsafe_fixes) for l in locs]
        if locs:
            lines.append(text_render.summary(locs, unsafe_fixes))
        text = "".join(l + "\n" for l in lines)
        for err in report.errors:
            click.echo(err, err=True)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as e:
            _fail(f"{output}: cannot write: {e.strerror or e}", debug)
    else:
        click.echo(text, nl=False)
    sys.exit(1 if locs and not exit_zero else 0)


def _verified_findings(report: runner.Report) -> list:
    """The findings, each keeping its fix only when that fix was applied and passed verification.

    A fix the toolchain rejected, or one in a file or package that could not be verified, is
    reported as null, with the reason on stderr: a report must not offer a fix gofixer would not
    write.
    """
    import dataclasses

    if report.verify_skipped:
        click.echo(f"gofixer: {report.verify_skipped}", err=True)
    outcome = report.outcome
    withheld = outcome.withheld if outcome else []
    for pkg, err in outcome.broken if outcome else []:
        click.echo(f"{pkg}: does not build before fixing, fixes not offered: {err}", err=True)
    for w in withheld:
        what = f"{w.fix.rule} fix at line {w.fix.line}" if w.fix else "fixes"
        click.echo(f"{w.display}: {what} withheld: {w.reason}", err=True)
    if report.proof_note:
        click.echo(f"gofixer: {report.proof_note}", err=True)
    out = []
    for r in report.files:
        verified = r.path in report.final and report.final[r.path] != r.original and not report.verify_skipped
        kept = {f.key for f in r.applied} if verified else set()
        kept -= {w.fix.key for w in withheld if w.display == r.path and w.fix is not None}
        for loc in r.findings:
            f = loc.finding
            proof = report.proofs.get((r.path, (f.rule, f.start))) if f.fix is not None else None
            if proof is not None and proof.result == "made-worse":
                # withheld, but shown with the proof that says why (text and JSON mark it)
                loc = dataclasses.replace(loc, proof=proof)
            elif f.fix is not None and (f.rule, f.start) not in kept:
                loc = dataclasses.replace(loc, finding=dataclasses.replace(f, fix=None), edit_spans=())
            elif proof is not None:
                loc = dataclasses.replace(loc, proof=proof)
            out.append(loc)
    return out


@main.command("leaks")
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text", show_default=True, help="github: workflow-command annotations for GitHub Actions.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE instead of stdout.")
@click.option("--go-timeout", type=click.FloatRange(min=1), default=verify.DEFAULT_TIMEOUT, show_default=True, help="Seconds before a hanging go command is killed.")
@common_options
def leaks_cmd(paths, fmt, output, go_timeout, select, ignore, jobs, config_file, debug, exit_zero) -> None:
    """Run the packages' tests under Go 1.26's goroutine-leak profile and report each leaked
    goroutine: where it blocks, the go statement that started it, and the rule (and fix) that
    explains it, or `leak` when none does. Never writes a Go file.

    Each test binary runs GOFIXER_LEAK_RUNS times (default 3); a leak seen in any run is reported.
    """
    from . import leakreport, leaks

    opts = _options(select, ignore, config_file, fix=False, jobs=jobs, go_timeout=go_timeout)
    try:
        report = leakreport.run(paths, opts)
    except leaks.Unavailable as e:
        _fail(f"goroutine-leak profile unavailable: {e}", debug)
    except (PathError, ConfigError, registry.UnknownRule) as e:
        _fail(str(e), debug)
    except KeyboardInterrupt:
        _fail("interrupted")
    except Exception as e:  # noqa: BLE001 - one line, never a traceback
        _fail(f"internal error: {type(e).__name__}: {e}", debug)
    for err in report.errors + report.notes:
        click.echo(err, err=True)
    locs = [f.loc for f in report.findings]
    if fmt == "json":
        text = leakreport.json_document(report)
    elif fmt == "sarif":
        from .render import sarif as sarif_render

        rules = [*registry.all_rules(), leakreport.LeakRule]
        text = sarif_render.document(locs, rules, report.sources, Path.cwd(), report.errors)
    elif fmt == "github":
        from .render import github as github_render

        text = github_render.document(locs, report.sources, Path.cwd(), report.errors)
    else:
        lines = [text_render.line(l) for l in locs]
        if locs:
            lines.append(f"Found {len(locs)} leak{'s' if len(locs) != 1 else ''}.")
        text = "".join(l + "\n" for l in lines)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as e:
            _fail(f"{output}: cannot write: {e.strerror or e}", debug)
    else:
        click.echo(text, nl=False)
    sys.exit(1 if locs and not exit_zero else 0)


@main.command("rules")
def rules_cmd() -> None:
    """The catalogue: code, name, fix class, one-line summary."""
    rows = [(r.code, r.name, r.fix_class.value, r.tier, r.summary) for r in registry.all_rules()]
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    w3 = max(len(r[3]) for r in rows)
    for code, name, fc, tier, summary in rows:
        click.echo(f"{code}  {name:<{w1}}  {fc:<{w2}}  {tier:<{w3}}  {summary}")


_PROOF_TEXT = {
    "vet": "vet: the fix is proven to build and vet clean (`--verify vet`, the default); its defect shows at run "
    "neither as a race nor as a leaked goroutine, so no stronger proof applies.",
    "race": "race: beyond vet, `--verify test` runs the package's tests with the race detector, which reports the "
    "defect's data race when a test reaches it.",
    "leak": "leak: beyond vet, `--verify leak` runs the package's tests under Go 1.26's goroutine-leak profile before "
    "and after the fix: `proven` when a goroutine leaked at the fix's site before and none does after.",
}


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show a rule's documentation, with an example and its fix."""
    try:
        r = registry.find(rule)
    except registry.UnknownRule as e:
        raise click.UsageError(str(e)) from None
    from .proof import proof_level

    click.echo(f"{r.code} {r.name} (fix: {r.fix_class.value}; tier: {r.tier}; proof: {proof_level(r.code)})\n")
    click.echo(r.doc())
    import textwrap

    text = textwrap.fill(_PROOF_TEXT[proof_level(r.code)], width=96, initial_indent="    ", subsequent_indent="    ")
    click.echo(f"\nProof\n{text}")


@main.command("pr")
@click.argument("paths", nargs=-1)
@click.option("--branch", required=True, help="Name of the new branch (must not exist yet).")
@click.option("--base", default=None, help="Start the branch here (default: the current HEAD).")
@click.option("--push", "push_remote", default=None, metavar="REMOTE", help="Push the branch: git push REMOTE NAME.")
@click.option("--body-file", type=click.Path(dir_okay=False, writable=True), default=None, help="Write the Markdown PR description here (default: stdout).")
@click.option("--unsafe-fixes/--no-unsafe-fixes", default=None, help="Also apply fixes classed unsafe (default: `unsafe_fixes` in .gofixer.toml, else no).")
@click.option("--verify", "verify_level", type=click.Choice(verify.LEVELS), default=None, help="How fixes are proven before they are committed (default: vet).")
@click.option("--go-timeout", type=click.FloatRange(min=1), default=verify.DEFAULT_TIMEOUT, show_default=True, help="Seconds before a hanging go command is killed.")
@click.option("--select", multiple=True, help="Only these rules: codes, families (GF3) or names, comma-separated.")
@click.option("--ignore", multiple=True, help="Skip these rules (same forms as --select).")
@click.option("--jobs", "-j", type=click.IntRange(0), default=0, help="Parallel workers (default: number of CPUs).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this .gofixer.toml for every file.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@_meta_flag("--preview", "gofixer.preview", "Also run the rules and variants of the preview tier.")
def pr_cmd(paths, branch, base, push_remote, body_file, unsafe_fixes, verify_level, go_timeout, select, ignore, jobs, config_file, debug) -> None:
    """Commit verified fixes on a new branch, one commit per rule, and write a PR description.

    Works in a temporary git worktree: your checkout, index and work tree are never touched.
    """
    from . import pr

    if config_file:
        config_file = str(Path(config_file).resolve())
    opts = _options(
        select, ignore, config_file, fix=True, verify=verify_level, jobs=jobs, go_timeout=go_timeout, unsafe_fixes=unsafe_fixes
    )
    pr_opts = pr.PrOptions(branch=branch, base=base, push=push_remote, paths=tuple(paths), run=opts)
    try:
        result = pr.run_pr(pr_opts)
    except (pr.PrError, PathError, ConfigError, registry.UnknownRule) as e:
        _fail(str(e), debug)
    except KeyboardInterrupt:
        _fail("interrupted; the temporary worktree was removed and no branch was created")
    except Exception as e:  # noqa: BLE001 - one line, never a traceback
        _fail(f"internal error: {type(e).__name__}: {e}", debug)
    for err in result.errors:
        click.echo(err, err=True)
    if not result.created:
        click.echo("gofixer: nothing to fix; no branch created", err=True)
        sys.exit(0)
    if body_file:
        try:
            Path(body_file).write_text(result.body, encoding="utf-8")
        except OSError as e:
            _fail(f"{body_file}: cannot write: {e.strerror} (the branch {branch!r} was created)")
    else:
        click.echo(result.body, nl=False)
    for c in result.commits:
        click.echo(f"{c.sha[:12]} {c.subject}", err=True)
    click.echo(f"Created branch {branch} from {result.base_sha[:12]} with {len(result.commits)} commit{'s' if len(result.commits) != 1 else ''}.", err=True)
    if push_remote:
        try:
            pr.push(pr_opts, result)
        except pr.PrError as e:
            _fail(str(e), debug)
        except KeyboardInterrupt:
            _fail(f"interrupted while pushing (the branch {branch!r} is kept locally)")
        click.echo(f"Pushed {branch} to {push_remote}.", err=True)
    sys.exit(0)


@main.command()
@click.option("--stdio", is_flag=True, help="Serve over stdin/stdout (the default and only transport; accepted because editors pass it).")
@click.option("--debug", is_flag=True, help="Show the traceback if the server cannot start.")
def lsp(stdio: bool, debug: bool) -> None:
    """Language server over stdio: diagnostics and quick fixes (not build-verified)."""
    try:
        from . import lsp as lsp_server
    except ImportError as e:
        _fail(f"the language server needs pygls>=2 and lsprotocol ({e}); reinstall gofixer", debug)
    try:
        lsp_server.serve()
    except KeyboardInterrupt:
        sys.exit(0)
    except Exception as e:  # noqa: BLE001 - one line, never a traceback
        _fail(f"language server failed: {type(e).__name__}: {e}", debug)


@main.command("apply")
@click.argument("patch")
@click.option("--dry-run", is_flag=True, help="Print the diff that would be written (verified); write nothing.")
@click.option("--verify", "verify_level", type=click.Choice(verify.LEVELS), default=None, help="How the patched files are proven before writing (default: vet, or `verify` in .gofixer.toml).")
@click.option("--go-timeout", type=click.FloatRange(min=1), default=verify.DEFAULT_TIMEOUT, show_default=True, help="Seconds before a hanging go command is killed.")
@click.option("--color", type=click.Choice(term.COLOR_CHOICES), default="auto", show_default=True, help="Colour the --dry-run diff.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Read `verify` from this .gofixer.toml (default: the nearest one upward from the current directory).")
@click.option("--verbose", "-v", is_flag=True, help="Also report verification details (go processes started).")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def apply_cmd(patch, dry_run, verify_level, go_timeout, color, config_file, verbose, debug) -> None:
    """Apply a reviewed unified diff (PATCH, or - for stdin), verified like fixes.

    Made for `gofixer --dry-run` output trimmed by hand: hunks may be deleted or edited. A hunk
    that no longer matches the file refuses that whole file; other files are still applied.
    Exit 0: everything applied; 1: something was refused or withheld; 2: unusable patch.
    """
    from . import apply as apply_mod
    from .config import Finder

    note = lambda s: click.echo(s, err=True)  # noqa: E731
    try:
        data = sys.stdin.buffer.read() if patch == "-" else Path(patch).read_bytes()
    except OSError as e:
        _fail(f"{patch}: cannot read: {e.strerror or e}", debug)
    try:
        level = verify_level or Finder(Path(config_file) if config_file else None).for_dir(Path.cwd()).verify or "vet"
        if level == "leak":
            note("gofixer: a patch has no findings to prove at run time: --verify leak checks it with vet")
        report = apply_mod.run(data, Path.cwd(), level, dry_run=dry_run, timeout=go_timeout)
    except (apply_mod.PatchError, ConfigError) as e:
        _fail(f"{patch if patch != '-' else '<stdin>'}: {e}", debug)
    except KeyboardInterrupt:
        _fail("interrupted: every file is either fully patched or unchanged")
    except Exception as e:  # noqa: BLE001 - one line, never a traceback
        _fail(f"internal error: {type(e).__name__}: {e}", debug)
    status = 0
    for p in report.refused:
        for problem in p.problems:
            note(problem)
        note(f"{p.display}: not applied")
        status = 1
    if report.verify_skipped:
        note(f"gofixer: {report.verify_skipped}")
        status = 1
    outcome = report.outcome
    if outcome:
        for pkg, err in outcome.broken:
            note(f"{pkg}: does not build before patching, left unchanged: {err}")
            status = 1
        for w in outcome.withheld:
            note(f"{w.display}: patch withheld: {w.reason}")
            status = 1
    for err in report.write_errors:
        note(err)
        status = 1
    if dry_run:
        d = apply_mod.diff_of(report)
        sys.stdout.buffer.write(term.color_diff(d) if term.use_color(color) else d)
        sys.stdout.flush()
    done = report.written if not dry_run else [d for d in report.final if any(p.display == d and p.new != p.original for p in report.plans)]
    hunks = sum(p.hunks for p in report.plans if p.display in done)
    verb = "Would apply" if dry_run else "Applied"
    checked = f"verified: {report.verify_level}" if report.verify_level != "none" else "not verified"
    note(f"{verb} {hunks} hunk{'s' if hunks != 1 else ''} to {len(done)} file{'s' if len(done) != 1 else ''} ({checked}).")
    if verbose and outcome is not None:
        note(f"verification: go {report.verify_level}, {outcome.go_runs} go process{'es' if outcome.go_runs != 1 else ''} started")
    sys.exit(status)


if __name__ == "__main__":  # pragma: no cover
    main()
