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


PEER_SRC = """package p

import (
	"context"
	"net/http"
	"sync"
	"time"
)

func lost(p context.Context) {
	ctx, _ := context.WithTimeout(p, time.Second) //nolint:govet // lostcancel: bounded by the timeout
	_ = ctx
}

func leaky(p context.Context) error {
	ch := make(chan error) //nolint:govet // vet does not report this, so nor does the comment
	go func() { ch <- nil }()
	select {
	case err := <-ch:
		return err
	case <-p.Done():
		return p.Err()
	}
}

func add(wg *sync.WaitGroup) {
	go func() {
		//lint:ignore SA2000 counted here on purpose
		wg.Add(1)
		defer wg.Done()
	}()
}

func serve(h http.Handler) error {
	srv := &http.Server{Addr: ":1", Handler: h} //gosec:disable G112 -- behind a proxy
	return srv.ListenAndServe()
}

func body(c *http.Client) error {
	resp, err := c.Get("http://x") //nolint:bodyclose
	if err != nil {
		return err
	}
	_ = resp
	return nil
}
"""


def test_peer_linters_comments_silence_the_same_defect_only():
    res = engine.process("x.go", PEER_SRC.encode(), [r() for r in registry.select()], Settings(), fix=False)
    reported = sorted({l.finding.rule for l in res.findings})
    # GF201's leak is not one govet reports: its //nolint:govet must not silence it
    assert reported == ["GF201"], [(l.finding.rule, l.start.line) for l in res.findings]
    bare = PEER_SRC
    for comment in ("//nolint:govet // lostcancel: bounded by the timeout", "//lint:ignore SA2000 counted here on purpose",
                    "//gosec:disable G112 -- behind a proxy", "//nolint:bodyclose"):
        bare = bare.replace(comment, "")
    res = engine.process("x.go", bare.encode(), [r() for r in registry.select()], Settings(), fix=False)
    assert {"GF201", "GF301", "GF402", "GF501", "GF504"} <= {l.finding.rule for l in res.findings}


def test_staticcheck_file_ignore_silences_the_rule_in_the_whole_file():
    src = PEER_SRC.replace("//lint:ignore SA2000 counted here on purpose", "").replace(
        "package p\n", "//lint:file-ignore SA2000 Add is counted inside on purpose\npackage p\n"
    )
    res = engine.process("x.go", src.encode(), [r() for r in registry.select()], Settings(), fix=False)
    assert "GF402" not in {l.finding.rule for l in res.findings}


def test_peer_codes_table():
    from gofixer.suppress import peer_codes

    assert peer_codes("gosec") == ("GF501", "GF502")
    assert peer_codes("gosec", "G114") == ("GF502",)
    assert peer_codes("govet") == ("GF301", "GF402", "GF405")
    assert peer_codes("errcheck") == ()
