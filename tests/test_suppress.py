"""Suppression comments silence exactly what they name."""

from __future__ import annotations

from gofixer import engine, registry
from gofixer.rule import Settings

SRC = """package p

import (
	"context"
	"time"
)

func A(p context.Context) {
	ctx, _ := context.WithTimeout(p, time.Second) //gofixer:ignore GF301 -- bounded by the timeout
	_ = ctx
}

func B(p context.Context) {
	//gofixer:ignore lost-cancel
	ctx, _ := context.WithTimeout(p, time.Second)
	_ = ctx
}

func C(p context.Context) {
	ctx, _ := context.WithTimeout(p, time.Second) //nolint:gofixer
	_ = ctx
}

func D(p context.Context) {
	ctx, _ := context.WithTimeout(p, time.Second) //gofixer:ignore GF201 -- another rule
	_ = ctx
}

func E(p context.Context) {
	ctx, _ := context.WithTimeout(p, time.Second) //nolint:errcheck
	_ = ctx
}

func F(p context.Context) {
	ctx, _ := context.WithTimeout(p, time.Second) //gofixer:ignore GF3
	_ = ctx
}
"""


def _lines(src: str) -> list[int]:
    res = engine.process("x.go", src.encode(), [r() for r in registry.select()], Settings(), fix=False)
    return [l.start.line for l in res.findings]


def test_line_and_line_above_and_nolint():
    lines = _lines(SRC)
    text = SRC.splitlines()
    reported = {text[l - 1].split("//")[-1].strip() for l in lines}
    assert reported == {"gofixer:ignore GF201 -- another rule", "nolint:errcheck"}
    assert len(lines) == 2


def test_file_ignore():
    assert _lines(SRC.replace("package p\n", "//gofixer:file-ignore GF301 -- legacy\npackage p\n", 1)) == []
    assert len(_lines(SRC.replace("package p\n", "//gofixer:file-ignore GF201\npackage p\n", 1))) == 2


def test_suppressed_findings_are_not_fixed():
    res = engine.process("x.go", SRC.encode(), [r() for r in registry.select()], Settings(), fix=True)
    fixed = res.fixed.decode()
    assert fixed.count("defer cancel()") == 2


GOSEC_SRC = """package p

import (
	"net/http"
	"time"
)

func a(h http.Handler) {
	_ = http.ListenAndServe(":1", h) // #nosec G114 -- internal port
}

func b(h http.Handler) {
	// #nosec G112
	_ = &http.Server{Addr: ":2", Handler: h}
}

func c(h http.Handler) {
	_ = http.ListenAndServe(":3", h) //nolint:gosec // behind a proxy with timeouts
}

func d(h http.Handler) {
	_ = http.ListenAndServe(":4", h) // #nosec G112 -- names another check
}

func e(h http.Handler) {
	_ = http.ListenAndServe(":5", h) //#nosec
}

func f(h http.Handler) {
	_ = http.ListenAndServe(":6", h) //nolint
	_ = time.Second
}

func g(h http.Handler) {
	_ = http.ListenAndServe(":7", h) // a comment that mentions nosec and nolint in prose
}
"""


def test_gosec_and_bare_nolint_annotations_silence_the_same_defect():
    lines = _lines(GOSEC_SRC)
    text = GOSEC_SRC.splitlines()
    reported = sorted(text[l - 1].split('"')[1] for l in lines)
    # d names a gosec check of another defect; g only mentions the words
    assert reported == [":4", ":7"]


def test_nosec_does_not_silence_concurrency_rules():
    src = SRC.replace("//nolint:errcheck", "// #nosec")
    assert len(_lines(src)) == 2


def test_unused_ignore_is_opt_in_and_judges_only_rules_that_ran(tmp_path):
    """GF001 is chosen by --report-unused-ignores or by name, never by ALL; a comment naming a
    rule that did not run is not judged; a partly used comment is reported without a fix."""
    import subprocess
    import sys

    src = (
        "package p\n\nimport \"net/http\"\n\n"
        "func serve(h http.Handler) error {\n"
        "\treturn http.ListenAndServe(\":1\", h) //gofixer:ignore GF502,GF401 -- behind a proxy\n"
        "}\n\n"
        "func f() int {\n\treturn 1 //gofixer:ignore GF301 -- stale\n}\n"
    )
    (tmp_path / "p.go").write_text(src)

    def run(*args):
        proc = subprocess.run([sys.executable, "-m", "gofixer", "check", *args, "."], cwd=tmp_path, capture_output=True, text=True)
        return [l for l in proc.stdout.splitlines() if ": GF" in l]

    assert run() == [] and run("--select", "ALL") == []
    both = run("--report-unused-ignores")
    assert [l.split()[1] for l in both] == ["GF001", "GF001"]
    assert "GF401 silences nothing here" in both[0] and "[*]" not in both[0]
    assert both[1].startswith("p.go:10:11: GF001 [*]")
    # only GF5 ran: the GF301 comment and the GF401 code are not judged, GF502 was used
    assert run("--select", "GF5", "--report-unused-ignores") == []
    assert len(run("--select", "unused-ignore,GF3")) == 1
