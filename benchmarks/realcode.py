"""Run gofixer over the real-code corpus and count, per rule, what it reports and what it proves.

    python benchmarks/realcode.py [--gofixer PATH] [--corpus FILE] [--out results.json]
                                  [--select RULES] [--no-preview] [--no-verify] [--apply]
                                  [--only TEXT] [--skip-stdlib] [--jobs N] [--go-p N] [--workdir DIR]
    python benchmarks/realcode.py --report results.json      # the tables again, no run

For $(go env GOROOT)/src and every `module@version` of the corpus (benchmarks/corpus.txt):
1. `go mod download -json` puts the module in the module cache (never in this repository); the
   lines of its non-generated .go files are counted, `_test.go` apart, over the files gofixer
   walks (no vendor/, testdata/, `.`/`_` directories).
2. A writable scratch copy is made and its dependencies downloaded (`go mod download`; `go mod
   tidy` only when `go list -test -deps ./...` fails, recorded in the notes). GOROOT/src is
   used in place (only `check` runs there, which never writes).
3. `gofixer check --format json --no-cache --unsafe-fixes ./...`: the findings and the fixes
   offered (with `--preview` when that gofixer has it, unless --no-preview; --select passes
   through).
4. Unless --no-verify: `gofixer check --format json --no-cache --verify vet ./...`, which keeps a
   fix only when it was applied and passed `go vet -overlay`. A fix offered in 3 and null here
   is withheld; its reason comes from the `withheld` lines on stderr.
5. With --apply: `gofixer fix --unsafe-fixes` in the scratch copy, then `go build ./...` and
   `go vet ./...` of the fixed copy (vet's state before the fix is recorded to compare).

A crash is exit status 2, "internal error" or "Traceback" in gofixer's output, or JSON that does
not parse; there must be none. A gofixer command that outlives --timeout is killed and recorded.

The results file (JSON) holds every finding with its target (`module@version`, or
`std@goX.Y.Z`), path relative to the module root, rule, line, message, whether it is in a
`_test.go` file, its fix class, and whether the fix was verified or withheld (and why); and per
target the lines, files, seconds and notes. benchmarks/sample.py draws the labelled sample from it.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOFIXER = ROOT / ".venv" / "bin" / "gofixer"
DEFAULT_CORPUS = Path(__file__).resolve().parent / "corpus.txt"

WITHHELD_RE = re.compile(r"^(?P<path>.+?): (?:(?P<rule>GF\d+) fix at line (?P<line>\d+)|fixes|patch) withheld: (?P<reason>.*)$")
BROKEN_RE = re.compile(r"^(?P<pkg>.+?): does not build before fixing, (?:fixes not offered|left unchanged): (?P<err>.*)$")
FIXED_RE = re.compile(r"^(?:Fixed|Would fix) (\d+) findings? in (\d+) files?")
GENERATED_RE = re.compile(rb"^// Code generated .* DO NOT EDIT\.$", re.M)
PACKAGE_RE = re.compile(rb"^package\s", re.M)


def run(cmd, cwd=None, env=None, timeout=None):
    """(returncode, stdout, stderr, seconds); returncode None when the command outlived timeout."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr, time.monotonic() - t0
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        return None, out, err, time.monotonic() - t0


def go_env(go_p: int | None = None) -> dict:
    """The caller's environment, less any -mod= flag (the module's own go.mod decides) and with
    the local toolchain only (a module asking for a newer Go fails visibly instead of fetching one).
    go_p: the go command's -p (builds run in parallel), for a shared machine."""
    env = dict(os.environ)
    flags = [f for f in env.get("GOFLAGS", "").split() if not f.startswith("-mod=")]
    if go_p:
        flags = [f for f in flags if not f.startswith("-p=")] + [f"-p={go_p}"]
    if flags:
        env["GOFLAGS"] = " ".join(flags)
    else:
        env.pop("GOFLAGS", None)
    env["GOTOOLCHAIN"] = "local"
    return env


def read_corpus(path: Path) -> list[str]:
    mods = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            mods.append(line)
    return mods


def count_lines(root: Path) -> dict:
    """Lines and files of the .go files gofixer walks below root, generated files left out."""
    out = {"lines_test": 0, "lines_non_test": 0, "go_files": 0, "generated_files": 0}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in ("vendor", "testdata") and not d.startswith((".", "_"))]
        for name in filenames:
            if not name.endswith(".go"):
                continue
            try:
                data = Path(dirpath, name).read_bytes()
            except OSError:
                continue
            pkg = PACKAGE_RE.search(data)
            head = data[: pkg.start()] if pkg else data
            if GENERATED_RE.search(head):
                out["generated_files"] += 1
                continue
            out["go_files"] += 1
            n = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
            out["lines_test" if name.endswith("_test.go") else "lines_non_test"] += n
    out["lines"] = out["lines_test"] + out["lines_non_test"]
    return out


def writable_copy(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst, onerror=lambda f, p, e: (os.chmod(p, 0o700), f(p)))
    shutil.copytree(src, dst, symlinks=True)
    for dirpath, _, filenames in os.walk(dst):
        os.chmod(dirpath, os.stat(dirpath).st_mode | stat.S_IRWXU)
        for f in filenames:
            fp = os.path.join(dirpath, f)
            if not os.path.islink(fp):
                os.chmod(fp, os.stat(fp).st_mode | stat.S_IWUSR | stat.S_IRUSR)


def drop_missing_replacements(cwd: Path, env: dict) -> list[str]:
    """A module of a multi-module repository (etcd's client/v3) replaces its siblings by relative
    directories, which the module zip does not hold: drop those directives so the published
    versions are used, as they are for any user of the module."""
    rc, out, _, _ = run(["go", "mod", "edit", "-json"], cwd=cwd, env=env, timeout=600)
    if rc != 0:
        return []
    dropped = []
    for r in json.loads(out).get("Replace") or []:
        new = r["New"]["Path"]
        if new.startswith((".", "/")) and not (cwd / new).resolve().is_dir():
            old = r["Old"]["Path"] + (f"@{r['Old']['Version']}" if r["Old"].get("Version") else "")
            if run(["go", "mod", "edit", f"-dropreplace={old}"], cwd=cwd, env=env, timeout=600)[0] == 0:
                dropped.append(old)
    return dropped


def crash_of(rc, out: str, err: str) -> str | None:
    if rc == 2 or "internal error" in out + err or "Traceback" in out + err:
        lines = [l for l in (err + out).splitlines() if l.strip()]
        return f"exit {rc}: " + " | ".join(lines[-3:])[:600]
    return None


class Gofixer:
    def __init__(self, path: str, select: str | None, preview: bool | None, jobs: int, timeout: float, env: dict):
        self.path, self.select, self.jobs, self.timeout, self.env = path, select, jobs, timeout, env
        rc, out, err, _ = run([path, "--version"], env=env, timeout=120)
        if rc != 0:
            sys.exit(f"realcode: {path} --version failed: {(err or out).strip()[:300]}")
        self.version = out.strip()
        rc, out, _, _ = run([path, "check", "--help"], env=env, timeout=120)
        has_preview = "--preview" in out
        if preview and not has_preview:
            sys.exit(f"realcode: {path} has no --preview option")
        self.preview = has_preview if preview is None else preview

    def options(self) -> list[str]:
        opts = ["--no-cache", "--jobs", str(self.jobs)]
        if self.select:
            opts += ["--select", self.select]
        if self.preview:
            opts.append("--preview")
        return opts

    def check(self, cwd: Path, verify: str | None = None) -> dict:
        cmd = [self.path, "check", "--format", "json", *self.options()]
        cmd += ["--verify", verify] if verify else ["--unsafe-fixes"]
        rc, out, err, dt = run([*cmd, "./..."], cwd=cwd, env=self.env, timeout=self.timeout)
        res = {"exit": rc, "seconds": round(dt, 1), "stderr": err, "crash": None, "timeout": rc is None, "doc": None}
        if rc is None:
            return res
        res["crash"] = crash_of(rc, out, err)
        if res["crash"] is None:
            try:
                res["doc"] = json.loads(out)
            except json.JSONDecodeError as e:
                res["crash"] = f"exit {rc}: output is not JSON ({e})"
        return res

    def fix(self, cwd: Path) -> dict:
        cmd = [self.path, "fix", "--unsafe-fixes", "--verbose", *self.options(), "./..."]
        rc, out, err, dt = run(cmd, cwd=cwd, env=self.env, timeout=self.timeout)
        applied = 0
        for line in err.splitlines():
            m = FIXED_RE.match(line)
            if m:
                applied = int(m.group(1))
        return {"exit": rc, "seconds": round(dt, 1), "crash": crash_of(rc, out, err), "timeout": rc is None, "applied": applied}


def finding_key(f: dict) -> tuple:
    return (f["path"], f["line"], f["column"], f["rule"])


def withheld_reasons(stderr: str) -> tuple[dict, dict, list, str | None]:
    """From a verifying run's stderr: reasons by (path, rule, line), by path, broken packages, skip note."""
    by_fix, by_path, broken, skipped = {}, {}, [], None
    last = None  # (dict, key) of the reason a continuation line (indented) belongs to
    for line in stderr.splitlines():
        if last and line[:1] in (" ", "\t") and line.strip():
            d, k = last
            d[k] = (d[k] + " " + line.strip())[:600]
            continue
        last = None
        m = WITHHELD_RE.match(line)
        if m:
            if m["rule"]:
                k = (m["path"], m["rule"], int(m["line"]))
                by_fix[k] = m["reason"]
                last = (by_fix, k)
            else:
                by_path[m["path"]] = m["reason"]
                last = (by_path, m["path"])
            continue
        m = BROKEN_RE.match(line)
        if m:
            broken.append((m["pkg"], m["err"][:300]))
            continue
        if line.startswith("gofixer: ") and skipped is None:
            skipped = line[len("gofixer: "):]
    return by_fix, by_path, broken, skipped


def reason_for(f: dict, by_fix, by_path, broken, skipped) -> str:
    r = by_fix.get((f["path"], f["rule"], f["line"])) or by_path.get(f["path"])
    if r:
        return r
    d = os.path.dirname(f["path"])
    for pkg, err in broken:
        p = pkg.removeprefix("./")
        if p in (d, "." if not d else d) or pkg.endswith("/" + d) or (not d and pkg in (".", "./")):
            return "package does not build before fixing: " + err
    if skipped:
        return "verification skipped: " + skipped
    return "not applied or not verified (no reason printed)"


def scan_target(name: str, moddir: Path, workdir: Path | None, g: Gofixer, verify: bool, apply: bool, env: dict) -> tuple[dict, list]:
    """One module (copied to workdir) or GOROOT/src (workdir None): its row and its findings."""
    row = {"name": name, "module_dir": str(moddir), "notes": [], "crash": [], "timeouts": []}
    row.update(count_lines(moddir))
    cwd = moddir
    if workdir is not None:
        cwd = workdir / name.replace("/", "_")
        writable_copy(moddir, cwd)
        row["scratch_dir"] = str(cwd)
        if (cwd / "go.mod").exists():
            dropped = drop_missing_replacements(cwd, env)
            if dropped:
                row["notes"].append("dropped replace directives to directories outside the module: " + ", ".join(dropped))
            rc, _, err, dt = run(["go", "mod", "download"], cwd=cwd, env=env, timeout=3600)
            if rc != 0:
                row["notes"].append("go mod download failed: " + (err.strip().splitlines() or ["?"])[-1][:200])
            rc, _, err, _ = run(["go", "list", "-e=false", "-test", "-deps", "./..."], cwd=cwd, env=env, timeout=3600)
            if rc != 0:
                rc2, _, err2, _ = run(["go", "mod", "tidy"], cwd=cwd, env=env, timeout=3600)
                row["notes"].append("needed go mod tidy" + ("" if rc2 == 0 else " (tidy failed: " + err2.strip()[-200:] + ")"))
        else:
            row["notes"].append("no go.mod")

    a = g.check(cwd)
    row["check_seconds"] = a["seconds"]
    if a["timeout"]:
        row["timeouts"].append(f"check after {a['seconds']}s")
        return row, []
    if a["crash"]:
        row["crash"].append("check: " + a["crash"])
        return row, []
    doc = a["doc"]
    row["files_checked"] = doc.get("summary", {}).get("files", 0)
    row["errors"] = doc.get("errors", [])
    findings = []
    for f in doc.get("findings", []):
        fix = f.get("fix")
        findings.append({
            "target": name, "path": f["path"], "rule": f["rule"], "name": f.get("name"),
            "line": f["line"], "column": f["column"], "end_line": f.get("end_line"), "message": f["message"],
            "test": f["path"].endswith("_test.go"), "tier": f.get("tier", "default"),
            "fix": fix["applicability"] if fix else None,
            "fix_description": fix["description"] if fix else None,
            "verified": None, "withheld_reason": None,
        })

    if verify and any(f["fix"] for f in findings):
        b = g.check(cwd, verify="vet")
        row["verify_seconds"] = b["seconds"]
        if b["timeout"]:
            row["timeouts"].append(f"verify after {b['seconds']}s")
        elif b["crash"]:
            row["crash"].append("verify: " + b["crash"])
        else:
            kept = {finding_key(f): f.get("fix") is not None for f in b["doc"].get("findings", [])}
            row["verify_stderr"] = b["stderr"][-20000:]
            by_fix, by_path, broken, skipped = withheld_reasons(b["stderr"])
            row["broken_packages"] = broken
            if skipped:
                row["notes"].append("verification: " + skipped)
            for f in findings:
                if not f["fix"]:
                    continue
                k = finding_key(f)
                if k not in kept:
                    f["verified"] = False
                    f["withheld_reason"] = "finding missing from the verifying run"
                elif kept[k]:
                    f["verified"] = True
                else:
                    f["verified"] = False
                    f["withheld_reason"] = reason_for(f, by_fix, by_path, broken, skipped)

    if apply and workdir is not None and any(f["fix"] for f in findings):
        rc, _, _, _ = run(["go", "vet", "./..."], cwd=cwd, env=env, timeout=3600)
        row["vet_before"] = rc == 0
        fx = g.fix(cwd)
        row["fix_seconds"], row["applied"] = fx["seconds"], fx["applied"]
        if fx["timeout"]:
            row["timeouts"].append(f"fix after {fx['seconds']}s")
        if fx["crash"]:
            row["crash"].append("fix: " + fx["crash"])
        rcb, _, errb, _ = run(["go", "build", "./..."], cwd=cwd, env=env, timeout=3600)
        rcv, _, errv, _ = run(["go", "vet", "./..."], cwd=cwd, env=env, timeout=3600)
        row["build_after"] = rcb == 0
        row["vet_after"] = rcv == 0
        if rcb != 0:
            row["notes"].append("BUILD FAILS after fix: " + errb.strip()[-300:])
        elif rcv != 0 and row["vet_before"]:
            row["notes"].append("VET FAILS after fix (passed before): " + errv.strip()[-300:])
    return row, findings


def ok_or_fail(passed) -> str:
    return "ok" if passed else "FAIL"


def per10k(n: int, lines: int) -> str:
    return f"{10000 * n / lines:.2f}" if lines else "-"


def tables(res: dict) -> str:
    rows, findings = res["targets"], res["findings"]
    lines = sum(r.get("lines", 0) for r in rows)
    lt = sum(r.get("lines_test", 0) for r in rows)
    ln = sum(r.get("lines_non_test", 0) for r in rows)
    out = []
    out.append(f"gofixer: {res['gofixer']} ({res['gofixer_version']}), {res['go_version']}, "
               f"select: {res['select'] or 'default'}, preview: {res['preview']}, verified: {res['verify']}")
    out.append(f"targets: {len(rows)}, lines: {lines:,} (non-test {ln:,}, test {lt:,}), findings: {len(findings)}, "
               f"wall: {res.get('seconds', 0):.0f}s")
    out.append("")
    out.append("| rule | findings | non-test | _test.go | per 10k lines | non-test per 10k | test per 10k | fixes offered | verified | withheld |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    by_rule = collections.defaultdict(list)
    for f in findings:
        by_rule[f["rule"]].append(f)
    tot = collections.Counter()
    for rule in sorted(by_rule):
        fs = by_rule[rule]
        c = {
            "n": len(fs), "nt": sum(not f["test"] for f in fs), "t": sum(f["test"] for f in fs),
            "fix": sum(bool(f["fix"]) for f in fs), "ok": sum(f["verified"] is True for f in fs),
            "wh": sum(f["verified"] is False for f in fs),
        }
        tot.update(c)
        out.append(f"| {rule} | {c['n']} | {c['nt']} | {c['t']} | {per10k(c['n'], lines)} | {per10k(c['nt'], ln)} | "
                   f"{per10k(c['t'], lt)} | {c['fix']} | {c['ok'] if res['verify'] else '-'} | {c['wh'] if res['verify'] else '-'} |")
    out.append(f"| all | {tot['n']} | {tot['nt']} | {tot['t']} | {per10k(tot['n'], lines)} | {per10k(tot['nt'], ln)} | "
               f"{per10k(tot['t'], lt)} | {tot['fix']} | {tot['ok'] if res['verify'] else '-'} | {tot['wh'] if res['verify'] else '-'} |")
    crashes = sum(len(r.get("crash", [])) for r in rows)
    out.append("")
    out.append(f"crashes: {crashes}; timeouts: {sum(len(r.get('timeouts', [])) for r in rows)}")
    out.append("")
    out.append("| target | lines | findings | per 10k | findings per rule | withheld | check s | verify s | notes |")
    out.append("|---|---:|---:|---:|---|---:|---:|---:|---|")
    by_target = collections.defaultdict(list)
    for f in findings:
        by_target[f["target"]].append(f)
    for r in rows:
        fs = by_target.get(r["name"], [])
        pr = collections.Counter(f["rule"] for f in fs)
        applied = []
        if "applied" in r:
            applied = [f"--apply: {r['applied']} fixes written, build {ok_or_fail(r.get('build_after'))}, "
                       f"vet {ok_or_fail(r.get('vet_after'))} (before: {ok_or_fail(r.get('vet_before'))})"]
        notes = "; ".join(r.get("notes", []) + applied + ["CRASH " + c for c in r.get("crash", [])]
                          + ["TIMEOUT " + t for t in r.get("timeouts", [])])
        out.append(f"| {r['name']} | {r.get('lines', 0):,} | {len(fs)} | {per10k(len(fs), r.get('lines', 0))} | "
                   f"{', '.join(f'{k} {v}' for k, v in sorted(pr.items())) or 'none'} | "
                   f"{sum(f['verified'] is False for f in fs)} | {r.get('check_seconds', '-')} | {r.get('verify_seconds', '-')} | "
                   f"{notes.replace('|', '/')} |")
    wh = collections.Counter()
    for f in findings:
        if f["verified"] is False:
            reason = re.sub(r"[\w./-]+\.go:\d+(:\d+)?", "FILE", f["withheld_reason"] or "")[:120]
            wh[(f["rule"], reason)] += 1
    if wh:
        out.append("")
        out.append("withheld fixes by rule and reason:")
        for (rule, reason), n in sorted(wh.items()):
            out.append(f"  {rule} {n}x {reason}")
    for r in rows:
        for c in r.get("crash", []):
            out.append(f"CRASH {r['name']}: {c}")
        for e in r.get("errors", []):
            out.append(f"error {r['name']}: {e}")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gofixer", default=str(DEFAULT_GOFIXER), help="the gofixer to run (default: this worktree's .venv)")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="file of module@version lines")
    ap.add_argument("--out", default="realcode-results.json", help="results file (JSON), written after every target")
    ap.add_argument("--select", help="rules to run (passed to --select; default: gofixer's default set)")
    ap.add_argument("--preview", dest="preview", action="store_true", default=None, help="pass --preview (default: when gofixer has it)")
    ap.add_argument("--no-preview", dest="preview", action="store_false")
    ap.add_argument("--no-verify", action="store_true", help="skip the verifying run (no withheld counts)")
    ap.add_argument("--apply", action="store_true", help="also write the fixes in the scratch copy, then go build and go vet it")
    ap.add_argument("--only", action="append", help="only targets whose name contains this text (repeatable; 'std' for GOROOT/src)")
    ap.add_argument("--skip-stdlib", action="store_true")
    ap.add_argument("--jobs", type=int, default=1, help="gofixer --jobs (default 1: the machine is shared)")
    ap.add_argument("--go-p", type=int, help="the go command's -p for every go process (e.g. 1 on a shared machine)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds before one gofixer command is killed")
    ap.add_argument("--workdir", help="scratch directory for the module copies (default: a new temporary directory)")
    ap.add_argument("--update", action="store_true",
                    help="read --out and replace only the targets run now (with --only: re-run a few targets)")
    ap.add_argument("--report", metavar="RESULTS", help="print the tables of an existing results file and exit")
    a = ap.parse_args(argv)

    if a.report:
        print(tables(json.loads(Path(a.report).read_text())))
        return 0

    env = go_env(a.go_p)
    g = Gofixer(a.gofixer, a.select, a.preview, a.jobs, a.timeout, env)
    goversion = subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True, env=env).stdout.strip()
    goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, env=env).stdout.strip()
    targets = [] if a.skip_stdlib else [(f"std@{goversion}", None)]
    targets += [(m, m) for m in read_corpus(Path(a.corpus))]
    order = {n: i for i, (n, _) in enumerate(targets)}
    if a.only:
        targets = [t for t in targets if any(o in t[0] for o in a.only)]
    workdir = Path(a.workdir or tempfile.mkdtemp(prefix="gofixer-realcode-"))
    workdir.mkdir(parents=True, exist_ok=True)
    res = {"gofixer": a.gofixer, "gofixer_version": g.version, "go_version": goversion, "select": a.select,
           "preview": g.preview, "verify": not a.no_verify, "corpus": a.corpus, "workdir": str(workdir),
           "started": time.strftime("%Y-%m-%dT%H:%M:%S"), "seconds": 0, "targets": [], "findings": []}
    if a.update and Path(a.out).exists():
        old = json.loads(Path(a.out).read_text())
        names = {n for n, _ in targets}
        res["targets"] = [r for r in old["targets"] if r["name"] not in names]
        res["findings"] = [f for f in old["findings"] if f["target"] not in names]
        res["started"] = old.get("started", res["started"])
        res["updated"] = sorted(names)
    t_all = time.monotonic()
    base_seconds = sum(r.get("seconds", 0) for r in res["targets"])
    for name, spec in targets:
        t0 = time.monotonic()
        print(f"{name} ...", file=sys.stderr, flush=True)
        if spec is None:
            row, fs = scan_target(name, Path(goroot) / "src", None, g, not a.no_verify, False, env)
        else:
            rc, out, err, _ = run(["go", "mod", "download", "-json", spec], env=env, timeout=3600)
            if rc != 0:
                res["targets"].append({"name": name, "notes": [f"download failed: {(out + err).strip()[-300:]}"], "crash": [], "timeouts": []})
                continue
            row, fs = scan_target(name, Path(json.loads(out)["Dir"]), workdir, g, not a.no_verify, a.apply, env)
        row["seconds"] = round(time.monotonic() - t0, 1)
        res["targets"].append(row)
        res["targets"].sort(key=lambda r: order.get(r["name"], len(order)))
        res["findings"].extend(fs)
        res["seconds"] = round(base_seconds + time.monotonic() - t_all, 1)
        Path(a.out).write_text(json.dumps(res, indent=1) + "\n")
        print(f"  {row['seconds']:.0f}s, {len(fs)} findings" + (f", CRASH {row['crash']}" if row["crash"] else ""), file=sys.stderr, flush=True)
    print(tables(res))
    print(f"\nresults: {a.out}; scratch copies: {workdir}")
    return 1 if any(r.get("crash") for r in res["targets"]) else 0


if __name__ == "__main__":
    sys.exit(main())
