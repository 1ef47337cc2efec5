"""Run gofixer over real Go code and report a Markdown table (issue 7 item 5).

    python benchmarks/corpus.py [--modules FILE] [--workdir DIR] [--skip-stdlib]

1. `gofixer check --format json --unsafe-fixes --no-cache` over $(go env GOROOT)/src
   (counts only; `check` never writes a Go file and --no-cache writes no cache).
2. For each module@version (default list below, or FILE: one `module@version` a line,
   `#` comments allowed): `go mod download -json` (module cache), copy the module
   directory to a writable scratch copy, make it build (`go mod download`, then
   `go mod tidy` only if needed, recorded), `go build ./...` before, `gofixer check
   --format json --unsafe-fixes --no-cache ./...` (findings per rule), `gofixer fix
   --unsafe-fixes --verbose --no-cache ./...` (writes only go-vet-verified fixes), then
   `go build ./... && go vet ./...` on the fixed copy.

Crashes: exit status 2, or "internal error"/"Traceback" in gofixer's output. Must be 0.
GOFLAGS=-mod=mod is never set.
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
GOFIXER = str(ROOT / ".venv" / "bin" / "gofixer")

DEFAULT_MODULES = [
    "github.com/gin-gonic/gin@v1.12.0",
    "github.com/labstack/echo/v4@v4.16.0",
    "github.com/go-chi/chi/v5@v5.5.0",
    "github.com/gorilla/mux@v1.8.1",
    "github.com/gorilla/websocket@v1.5.3",
    "github.com/nats-io/nats.go@v1.55.0",
    "github.com/redis/go-redis/v9@v9.23.0",
    "go.etcd.io/bbolt@v1.5.0",
    "github.com/prometheus/client_golang@v1.25.0",
    "github.com/spf13/cobra@v1.10.2",
    "google.golang.org/grpc@v1.85.0",
    "github.com/hashicorp/golang-lru/v2@v2.0.7",
]

WITHHELD_RE = re.compile(r"^(?P<path>.+?): (?P<what>GF\d+ fix at line \d+|fixes|patch) withheld: (?P<reason>.*)$")
FIXED_RE = re.compile(r"^Fixed (\d+) findings? in (\d+) files?\.$")
BROKEN_RE = re.compile(r"^(?P<pkg>.+?): does not build before fixing, left unchanged: ")


def run(cmd, cwd=None, env=None, timeout=3600):
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return p, time.monotonic() - t0


def crashed(p) -> bool:
    out = p.stdout + p.stderr
    return p.returncode == 2 or "internal error" in out or "Traceback" in out


def crash_text(p) -> str:
    lines = [l for l in (p.stderr + p.stdout).splitlines() if "internal error" in l or "Traceback" in l or "Error" in l]
    return "\n".join(lines[-5:]) or f"exit {p.returncode}: {p.stderr.strip()[-500:]}"


def go_env() -> dict:
    env = dict(os.environ)
    env.pop("GOFLAGS", None)  # never force -mod=mod; the module's own go.mod decides
    return env


def check_json(paths, cwd, env):
    """Findings per rule and file count from `gofixer check --format json`."""
    p, dt = run([GOFIXER, "check", "--format", "json", "--unsafe-fixes", "--no-cache", *paths], cwd=cwd, env=env)
    res = {"exit": p.returncode, "seconds": dt, "crash": crashed(p), "proc": p, "rules": collections.Counter(), "files": 0}
    if res["crash"]:
        return res
    try:
        d = json.loads(p.stdout)
    except json.JSONDecodeError:
        res["crash"] = True
        return res
    res["files"] = d.get("summary", {}).get("files", 0)
    res["fixable"] = d.get("summary", {}).get("fixable", 0)
    for f in d.get("findings", []):
        res["rules"][f["rule"]] += 1
    return res


def fmt_rules(c: collections.Counter) -> str:
    return ", ".join(f"{r} {n}" for r, n in sorted(c.items())) or "none"


def writable_copy(src: Path, dst: Path):
    if dst.exists():
        shutil.rmtree(dst, onerror=lambda f, p, e: (os.chmod(p, 0o700), f(p)))
    shutil.copytree(src, dst, symlinks=True)
    for dirpath, dirnames, filenames in os.walk(dst):
        os.chmod(dirpath, os.stat(dirpath).st_mode | stat.S_IWUSR | stat.S_IRUSR | stat.S_IXUSR)
        for f in filenames:
            fp = os.path.join(dirpath, f)
            if not os.path.islink(fp):
                os.chmod(fp, os.stat(fp).st_mode | stat.S_IWUSR | stat.S_IRUSR)


def stdlib(env) -> dict:
    goroot = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
    src = os.path.join(goroot, "src")
    r = check_json([src], cwd=src, env=env)
    ver = subprocess.run(["go", "env", "GOVERSION"], capture_output=True, text=True).stdout.strip()
    return {"name": f"std ({ver}, $GOROOT/src, check only)", **r}


def module(spec: str, workdir: Path, env) -> dict:
    row = {"name": spec, "notes": [], "crash": False, "crash_detail": [], "files": 0, "rules": collections.Counter(),
           "applied": 0, "withheld": [], "build_after": "-", "broken": []}
    p, _ = run(["go", "mod", "download", "-json", spec], env=env)
    if p.returncode != 0:
        row["notes"].append(f"download failed: {p.stdout.strip()[-300:]} {p.stderr.strip()[-300:]}")
        return row
    info = json.loads(p.stdout)
    copy = workdir / spec.replace("/", "_").replace("@", "@")
    writable_copy(Path(info["Dir"]), copy)
    row["dir"] = str(copy)

    # make it build, in the scratch copy only
    if (copy / "go.mod").exists():
        p, _ = run(["go", "mod", "download"], cwd=copy, env=env)
        if p.returncode != 0:
            row["notes"].append("go mod download failed")
    b, _ = run(["go", "build", "./..."], cwd=copy, env=env)
    if b.returncode != 0:
        t, _ = run(["go", "mod", "tidy"], cwd=copy, env=env)
        row["notes"].append("needed go mod tidy" + ("" if t.returncode == 0 else " (tidy failed)"))
        b, _ = run(["go", "build", "./..."], cwd=copy, env=env)
    row["build_before"] = b.returncode == 0
    if b.returncode != 0:
        row["notes"].append("does not build before fixing: " + b.stderr.strip().splitlines()[-1][:200])

    c = check_json(["./..."], cwd=copy, env=env)
    row["files"], row["rules"], row["check_seconds"] = c["files"], c["rules"], c["seconds"]
    if c["crash"]:
        row["crash"] = True
        row["crash_detail"].append("check: " + crash_text(c["proc"]))

    f, dt = run([GOFIXER, "fix", "--unsafe-fixes", "--verbose", "--no-cache", "./..."], cwd=copy, env=env)
    row["fix_seconds"] = dt
    row["fix_exit"] = f.returncode
    row["fix_stderr"] = f.stderr
    if crashed(f):
        row["crash"] = True
        row["crash_detail"].append("fix: " + crash_text(f))
    for line in f.stderr.splitlines():
        m = WITHHELD_RE.match(line)
        if m:
            row["withheld"].append((m["path"], m["what"], m["reason"]))
        m = FIXED_RE.match(line)
        if m:
            row["applied"] = int(m.group(1))
        m = BROKEN_RE.match(line)
        if m:
            row["broken"].append(m["pkg"])

    b2, _ = run(["go", "build", "./..."], cwd=copy, env=env)
    v2, _ = run(["go", "vet", "./..."], cwd=copy, env=env)
    if b2.returncode == 0 and v2.returncode == 0:
        row["build_after"] = "ok (build+vet)"
    elif b2.returncode == 0:
        # vet may already fail before fixing; check the pristine module too
        row["build_after"] = "build ok, vet FAIL"
        row["vet_after"] = v2.stderr.strip()[-2000:]
    else:
        row["build_after"] = "BUILD FAIL"
        row["build_after_err"] = b2.stderr.strip()[-2000:]
    if b2.returncode == 0 and v2.returncode != 0:
        # was vet failing already before the fix? vet the pristine module-cache dir.
        pv, _ = run(["go", "vet", "./..."], cwd=info["Dir"], env=env)
        row["vet_before_ok"] = pv.returncode == 0
        if pv.returncode != 0:
            row["build_after"] = "build ok, vet fails (as before fix)"
    if b.returncode != 0 and b2.returncode != 0:
        row["build_after"] += " (also before)"
    return row


def reasons(withheld) -> str:
    if not withheld:
        return "0"
    c = collections.Counter()
    for _, what, reason in withheld:
        key = re.sub(r"\s+", " ", reason)
        key = re.sub(r"[\w./-]+\.go:\d+(:\d+)?", "FILE", key)[:90]
        c[key] += 1
    return f"{len(withheld)}: " + "; ".join(f"{n}× {k}" for k, n in c.most_common()).replace("|", "\\|")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--modules", help="file of module@version lines (default: built-in list)")
    ap.add_argument("--workdir", help="scratch dir for the module copies (default: a new temp dir)")
    ap.add_argument("--skip-stdlib", action="store_true")
    ap.add_argument("--json", help="also write the raw rows to this file")
    a = ap.parse_args(argv)
    mods = DEFAULT_MODULES
    if a.modules:
        mods = [l.split("#")[0].strip() for l in Path(a.modules).read_text().splitlines()]
        mods = [m for m in mods if m]
    workdir = Path(a.workdir or tempfile.mkdtemp(prefix="gofixer-corpus-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = go_env()
    rows = []
    if not a.skip_stdlib:
        print("std ...", file=sys.stderr, flush=True)
        rows.append(stdlib(env))
        print(f"  {rows[-1]['seconds']:.0f}s", file=sys.stderr, flush=True)
    for m in mods:
        print(f"{m} ...", file=sys.stderr, flush=True)
        t0 = time.monotonic()
        rows.append(module(m, workdir, env))
        print(f"  {time.monotonic() - t0:.0f}s", file=sys.stderr, flush=True)

    print("| module@version | files | findings per rule | fixes applied | withheld (reasons) | crashes | build after fix |")
    print("|---|---:|---|---:|---|---:|---|")
    total_crash = 0
    for r in rows:
        crash = 1 if r.get("crash") else 0
        total_crash += crash
        if "fix_exit" in r or "build_after" in r:
            name = r["name"] + (f" ({'; '.join(r['notes'])})" if r.get("notes") else "")
            applied = r.get("applied", 0)
            wh = reasons(r.get("withheld", []))
            after = r.get("build_after", "-")
        else:
            name, applied, wh, after = r["name"], "- (check only)", "-", "-"
        print(f"| {name} | {r.get('files', 0)} | {fmt_rules(r.get('rules', collections.Counter()))} | {applied} | {wh} | {crash} | {after} |")
    print()
    print(f"crashes: {total_crash}; workdir: {workdir}")
    for r in rows:
        for d in r.get("crash_detail", []) or ([crash_text(r["proc"])] if r.get("crash") and "proc" in r else []):
            print(f"CRASH {r['name']}: {d}")
        if r.get("build_after_err"):
            print(f"BUILD FAIL {r['name']}:\n{r['build_after_err']}")
        if r.get("vet_after") and r.get("vet_before_ok"):
            print(f"VET FAIL (new) {r['name']}:\n{r['vet_after']}")
        for pkg in r.get("broken", []):
            print(f"note {r['name']}: gofixer left {pkg} unchanged (does not build before fixing)")
        for line in r.get("fix_stderr", "").splitlines():
            if "syntax error" in line:  # gofixer could not parse valid Go: that declaration went unchecked
                print(f"parse {r['name']}: {line}")
        for path, what, reason in r.get("withheld", []):
            print(f"withheld {r['name']}: {path}: {what}: {reason}")
    if a.json:
        Path(a.json).write_text(json.dumps([{k: (dict(v) if isinstance(v, collections.Counter) else v)
                                             for k, v in r.items() if k != "proc"} for r in rows], indent=1))
    return 1 if total_crash else 0


if __name__ == "__main__":
    sys.exit(main())
