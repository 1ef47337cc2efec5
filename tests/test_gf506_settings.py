"""GF506 behaviour the golden files cannot show: the configured dial timeout, a timeout
configured to zero, and the configuration key itself."""

from __future__ import annotations

import textwrap
from pathlib import Path

from gofixer import config, engine
from gofixer.codemods.gf506_io_without_deadline import IOWithoutDeadline
from gofixer.model import Applicability
from gofixer.rule import Settings

SRC = """
package p

import "net"

func connect(host string) (net.Conn, error) {
	c, err := net.Dial("tcp", host+":6379")
	return c, err
}
"""


def _run(**settings):
    data = textwrap.dedent(SRC).lstrip("\n").encode()
    result = engine.process("case.go", data, [IOWithoutDeadline()], Settings(preview=frozenset({"GF506"}), **settings))
    assert result.error is None, result.error
    assert len(result.findings) == 1, [f.finding.message for f in result.findings]
    return result, result.findings[0].finding


def test_configured_dial_timeout_is_used() -> None:
    result, finding = _run(unsafe_fixes=True, http=(("dial_timeout", "1m30s"),))
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    assert finding.fix.imports == ("time",)
    assert b'net.DialTimeout("tcp", host+":6379", 90*time.Second)' in result.fixed


def test_default_dial_timeout_and_zero() -> None:
    result, _finding = _run(unsafe_fixes=True)
    assert b"30*time.Second)" in result.fixed
    assert _run(unsafe_fixes=True, http=(("dial_timeout", "0s"),))[1].fix is None


def test_dial_timeout_is_a_known_key(tmp_path: Path) -> None:
    p = tmp_path / ".gofixer.toml"
    p.write_text('[http]\ndial_timeout = "5s"\n')
    assert config.load(p).http_timeouts()["dial_timeout"] == "5s"
