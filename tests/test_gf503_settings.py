"""GF503 behaviour the golden files cannot show: the golden harness always uses the default
settings and unsafe fixes, so configured timeouts and names that cannot be spelled are tested here."""

from __future__ import annotations

import textwrap

from gofixer import engine
from gofixer.codemods.gf503_client_without_timeout import ClientWithoutTimeout
from gofixer.model import Applicability
from gofixer.rule import Settings

SRC = """
package p

import "net/http"

func New() *http.Client {
	return &http.Client{
		Transport: http.DefaultTransport,
	}
}
"""


def _run(text: str, path: str = "case.go", **settings):
    data = textwrap.dedent(text).lstrip("\n").encode()
    # the rule is in the preview tier: it runs when named, as here
    result = engine.process(path, data, [ClientWithoutTimeout()], Settings(preview=frozenset({"GF503"}), **settings))
    assert result.error is None, result.error
    return result


def _only(result):
    assert len(result.findings) == 1, [f.finding.message for f in result.findings]
    return result.findings[0].finding


def test_configured_timeout_is_used() -> None:
    result = _run(SRC, unsafe_fixes=True, http=(("client_timeout", "1m30s"),))
    fix = _only(result).fix
    assert fix is not None and fix.applicability is Applicability.UNSAFE
    assert fix.imports == ("time",)
    assert b"\t\tTimeout:   90 * time.Second,\n" in result.fixed


def test_unsafe_fix_is_not_applied_by_default() -> None:
    result = _run(SRC)
    assert _only(result).fix is not None
    assert result.fixed == result.original


def test_zero_timeout_gives_no_fix() -> None:
    assert _only(_run(SRC, unsafe_fixes=True, http=(("client_timeout", "0s"),))).fix is None


def test_local_time_name_gives_no_fix() -> None:
    src = """
    package p

    import "net/http"

    func New(time int) *http.Client {
    	return &http.Client{Transport: http.DefaultTransport}
    }
    """
    assert _only(_run(src, unsafe_fixes=True)).fix is None


def test_silent_in_test_files() -> None:
    assert _run(SRC, path="client_test.go").findings == []
