"""GF501/GF502 fixes must come out gofmt-clean: gofmt aligns the values of consecutive
``Key: value`` lines, and trailing comments of consecutive lines, and the fixes add fields and
make lines longer.

Two checks: every golden output of both rules, and a few hundred generated literal and call
shapes (gofmt-formatted first, so any diff afterwards is the fix's doing), with safe and unsafe
fixes. gofmt runs once per batch of files.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from gofixer import engine
from gofixer.codemods.gf501_server_without_timeouts import ServerWithoutTimeouts
from gofixer.codemods.gf502_serve_without_timeouts import ServeWithoutTimeouts
from gofixer.rule import Settings

from .conftest import TESTDATA, require_go


def _gofmt() -> str:
    require_go()
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        pytest.skip("`gofmt` is not on PATH")
    return gofmt


def _unformatted(gofmt: str, files: dict[str, bytes], tmp: Path) -> dict[str, str]:
    """name -> gofmt's diff, for each of ``files`` that gofmt would change (CRLF aside: gofmt
    writes LF, the fixes keep the file's own newline)."""
    for name, data in files.items():
        (tmp / name).write_bytes(data.replace(b"\r\n", b"\n"))
    proc = subprocess.run([gofmt, "-l", "."], cwd=tmp, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    out = {}
    for name in proc.stdout.split():
        out[name] = subprocess.run([gofmt, "-d", name], cwd=tmp, capture_output=True, text=True).stdout
    return out


def _format(gofmt: str, files: dict[str, bytes], tmp: Path) -> dict[str, bytes]:
    """The files as gofmt writes them; gofmt is not always idempotent on odd comment placements,
    so it runs twice and a file it would still change is left out."""
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    for _ in range(2):
        proc = subprocess.run([gofmt, "-w", "."], cwd=tmp, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    unstable = set(subprocess.run([gofmt, "-l", "."], cwd=tmp, capture_output=True, text=True).stdout.split())
    return {name: (tmp / name).read_bytes() for name in files if name not in unstable}


@pytest.mark.parametrize("code", ["GF501", "GF502"])
def test_goldens_are_gofmt_clean(code: str, tmp_path: Path) -> None:
    gofmt = _gofmt()
    files = {g.name.removesuffix(".golden"): g.read_bytes() for g in sorted((TESTDATA / code).glob("*.go.golden"))}
    assert files
    bad = _unformatted(gofmt, files, tmp_path)
    assert not bad, "\n".join(bad.values())


# --- generated shapes --------------------------------------------------------------------------

_KEYS = [
    "Addr", "Handler", "TLSConfig", "MaxHeaderBytes", "ErrorLog", "ConnState", "BaseContext",
    "DisableGeneralOptionsHandler", "TLSNextProto", "WriteTimeout", "IdleTimeout", "ConnContext",
    "X", "AnUnusuallyLongFieldNameThatIsLongerThanFortyCharacters", "AnotherVeryLongFieldNameOfMoreThanFortyBytes",
]  # fmt: skip
_VALUES = ["x", '":8080"', "1 << 20", "mux", "cfg.Value", "f(a, b)", "nil", "time.Minute"]
_MULTI = "func(w http.ResponseWriter, r *http.Request) {\n_ = r\n}"


def _literal(rng: random.Random) -> str:
    n = rng.randint(0, 6)
    keys = rng.sample(_KEYS, n)
    shape = rng.choice(["multi", "multi", "multi", "single", "closed_inline", "first_line"])
    parts = []
    for k in keys:
        v = _MULTI if rng.random() < 0.12 and shape == "multi" else rng.choice(_VALUES)
        parts.append(f"{k}: {v}")
    if shape == "single" or not parts:
        return "&http.Server{" + ", ".join(parts) + "}" if shape == "single" or rng.random() < 0.5 else "&http.Server{\n}"
    if shape == "closed_inline":
        return "&http.Server{\n" + ",\n".join(parts) + "}"
    lines = []
    for i, p in enumerate(parts):
        r = rng.random()
        if i and r < 0.1:
            lines.append("")  # blank line
        elif i and r < 0.2:
            lines.append("// a comment line")
        elif i and r < 0.28 and lines and "//" not in lines[-1]:
            lines[-1] += " " + p + ","  # two on one line
            continue
        trail = " // trailing" if rng.random() < 0.2 else ""
        lines.append(p + "," + trail)
    head = "&http.Server{"
    if shape == "first_line":
        first, *rest = lines
        return head + first + "\n" + "\n".join(rest) + "\n}"
    return head + "\n" + "\n".join(lines) + "\n}"


def _context(rng: random.Random, lit: str) -> str:
    ctx = rng.choice(
        [
            "srv := {L}",
            "srv := {L} // the server",
            "a := 1 // one\nsrv := {L} // the server\nb := 2 // two",
            "return {L}",
            "if err := ({L}).ListenAndServe(); err != nil {\npanic(err)\n}",
            "cfg := struct{ S *http.Server; N string }{\nN: \"n\",\nS: {L},\n}",
            "var (\nshort = 1\nsrv = {L}\n)",
            "use({L}, 1)",
            "a := struct{ S *http.Server }{S: {L}}",
            "x, y := {L}, 2",
            "switch {\ncase true:\nsrv := {L}\n_ = srv\n}",
            "servers := []*http.Server{\n{L},\n{L},\n}",
        ]
    )
    return ctx.replace("{L}", lit)


def _calls(rng: random.Random) -> str:
    fn, args = rng.choice(
        [
            ("ListenAndServe", ['":8080"', "mux"]),
            ("ListenAndServe", ["addr", "nil"]),
            ("ListenAndServeTLS", ["addr", '"c.pem"', '"k.pem"', "mux"]),
            ("Serve", ["ln", "mux"]),
            ("ServeTLS", ["ln", "nil", "c", "k"]),
            ("ListenAndServe", ["addr", "http.HandlerFunc(" + _MULTI + ")"]),
        ]
    )
    if rng.random() < 0.3 and "\n" not in "".join(args):
        call = f"http.{fn}(\n" + ",\n".join(args) + ",\n)"
    else:
        call = f"http.{fn}(" + ", ".join(args) + ")"
    return rng.choice(
        [
            "_ = {C}",
            "log.Fatal({C})",
            "go {C}",
            "log.Fatal({C}) // serve\nx := 1 // one",
            "if err := {C}; err != nil {\npanic(err)\n}",
            "return {C}",
        ]
    ).replace("{C}", call)


def _file(body: str) -> bytes:
    return (
        'package p\n\nimport (\n\t"log"\n\t"net/http"\n)\n\nfunc f() error {\n' + body + "\nreturn nil\n}\n"
    ).encode()


def test_generated_shapes_stay_gofmt_clean(tmp_path: Path) -> None:
    gofmt = _gofmt()
    rng = random.Random(501)
    raw = {}
    for i in range(240):
        raw[f"l{i:03}.go"] = _file(_context(rng, _literal(rng)))
    for i in range(80):
        raw[f"c{i:03}.go"] = _file(_calls(rng))
    src_dir = tmp_path / "in"
    src_dir.mkdir()
    inputs = _format(gofmt, raw, src_dir)
    outputs = {}
    fixed = 0
    for name, data in inputs.items():
        rule = ServerWithoutTimeouts() if name.startswith("l") else ServeWithoutTimeouts()
        for unsafe in (False, True):
            result = engine.process(name, data, [rule], Settings(unsafe_fixes=unsafe))
            assert result.error is None, (name, result.error)
            if result.fixed != data:
                fixed += 1
            outputs[f"{'u' if unsafe else 's'}_{name}"] = result.fixed
    assert fixed > 400  # most shapes get a fix
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    bad = _unformatted(gofmt, outputs, out_dir)
    assert not bad, "\n".join(list(bad.values())[:5])
