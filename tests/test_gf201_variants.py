"""GF201's variants and their tiers: a sender stranded in production code when the select gives
up is a defect (default); in test code, or when the goroutine sends only on some paths, a
preview variant; a case the sender sends on instead strands nothing."""

from __future__ import annotations

from pathlib import Path

from gofixer import engine
from gofixer.codemods.gf201_leaky_result_channel import LeakyResultChannel
from gofixer.rule import Settings

from .conftest import TESTDATA


def _findings(src: str, path: str = "case.go", preview: bool = False):
    settings = Settings(preview=frozenset({"GF201"}) if preview else frozenset())
    result = engine.process(path, src.encode(), [LeakyResultChannel()], settings)
    assert result.error is None, result.error
    return [(loc.start.line, loc.finding) for loc in result.findings]


# the shape of the runtime's Kubernetes5316 kernel: a result or an error, or a timeout
RESULT_OR_ERROR = """package p

import "time"

func finish(timeout time.Duration, fn func() error) {
	ch := make(chan bool)
	errCh := make(chan error)
	go func() {
		if err := fn(); err != nil {
			errCh <- err
		} else {
			ch <- true
		}
	}()
	select {
	case <-ch:
	case <-errCh:
	case <-time.After(timeout):
	}
}
"""


def test_a_sender_on_two_channels_is_stranded_by_the_timeout_only() -> None:
    found = _findings(RESULT_OR_ERROR)
    assert [line for line, _f in found] == [6, 7]
    assert all("`<-time.After(timeout)` case" in f.message and not f.preview for _l, f in found)
    # without the timeout whichever case the select takes, the sender is done
    assert _findings(RESULT_OR_ERROR.replace("\tcase <-time.After(timeout):\n", ""), preview=True) == []


def test_test_code_is_a_preview_variant() -> None:
    src = RESULT_OR_ERROR.replace('import "time"', 'import (\n\t"testing"\n\t"time"\n)')
    src = src.replace("func finish(timeout time.Duration, fn func() error) {", "func finish(t *testing.T, timeout time.Duration, fn func() error) {")
    assert _findings(src) == []
    found = _findings(src, preview=True)
    assert len(found) == 2 and all(f.preview and "until the test binary exits" in f.message for _l, f in found)
    # the same in a _test.go file
    assert _findings(RESULT_OR_ERROR, "finish_test.go") == []


def test_a_sender_that_reports_only_failures_is_a_preview_variant() -> None:
    src = (TESTDATA / "GF201" / "error_only_sender.go").read_text()
    assert _findings(src) == []
    [(line, f)] = _findings(src, preview=True)
    assert line == 18 and f.preview and "sends only on some of its paths" in f.message
    assert f.fix is not None  # the fix is the same capacity 1


def test_a_helper_only_tests_call_is_test_code(tmp_path: Path) -> None:
    src = (TESTDATA / "GF201" / "neg_test_helper.go").read_text()
    assert _findings(src) == []
    [(_line, f)] = _findings(src, preview=True)
    assert "until the test binary exits" in f.message
    # called from production code as well: default
    prod = src + "\nfunc Ready(path string) bool { return statWithin(path, time.Second) }\n"
    [(_line, f)] = _findings(prod)
    assert not f.preview
