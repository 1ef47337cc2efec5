"""GF504 cases that cannot be golden files: testify's require (not in the testdata module)."""

from __future__ import annotations

from gofixer import engine, registry
from gofixer.rule import Settings

RULE = registry.find("GF504")


def _run(src: str, path: str = "x_test.go"):
    return engine.process(path, src.encode(), [RULE()], Settings(unsafe_fixes=True), go_version=(1, 22))


REQUIRE = """package x

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGet(t *testing.T) {
	resp, err := http.Get("http://127.0.0.1:1/")
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode)
}

func TestDiscarded(t *testing.T) {
	_, err := http.Get("http://127.0.0.1:1/")
	require.NoError(t, err, "server up")
}

func TestExpectError(t *testing.T) {
	_, err := http.Get("http://127.0.0.1:1/")
	require.Error(t, err)
}
"""


def test_require_no_error_is_an_error_check() -> None:
    result = _run(REQUIRE)
    assert [f.start.line for f in result.findings] == [11, 17]
    assert all(f.finding.fix is not None for f in result.findings)
    fixed = result.fixed.decode()
    assert "\trequire.NoError(t, err)\n\tdefer resp.Body.Close()\n\trequire.Equal" in fixed
    assert "\tresp, err := http.Get" in fixed.split("func TestDiscarded")[1]
    assert '\trequire.NoError(t, err, "server up")\n\tdefer resp.Body.Close()\n' in fixed


def test_require_shadowed_or_not_imported() -> None:
    src = REQUIRE.replace('\n\t"github.com/stretchr/testify/require"\n', "\n")
    src = src.replace("import (", 'import (\n\trequire "example.com/myrequire"', 1)
    result = _run(src)
    # the response is reported, but a require that is not testify's is no error check
    assert [f.start.line for f in result.findings] == [11]
    assert result.findings[0].finding.fix is None


def test_bare_call_reported_outside_tests_only() -> None:
    src = 'package x\n\nimport "net/http"\n\nfunc ping(u string) {\n\tgo http.Get(u)\n}\n'
    assert [f.start.line for f in _run(src, "ping.go").findings] == [6]
    assert _run(src, "ping_test.go").findings == []


FIELDS = """package x

import (
	"net/http"

	"example.com/api"
)

type local struct {
	Client *http.Client
}

func viaLocal(l *local, req *http.Request) int {
	resp, err := l.Client.Do(req)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func viaForeign(cfg *api.Config, req *http.Request) int {
	resp, err := cfg.Client.Do(req) // api.Config's Client field may be anything
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func viaPackage(req *http.Request) int {
	resp, err := api.Client.Do(req) // a variable of another package
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
"""


def test_fields_resolved_only_for_this_package() -> None:
    result = _run(FIELDS, "x.go")
    assert [f.start.line for f in result.findings] == [14]


def test_clients_declared_in_sibling_files(tmp_path) -> None:
    (tmp_path / "a.go").write_text(
        'package p\n\nimport h "net/http"\n\nvar client = &h.Client{}\n\n'
        "type svc struct {\n\thc *h.Client\n}\n"
    )
    (tmp_path / "a_test.go").write_text('package p\n\nimport "net/http"\n\nvar testClient = http.DefaultClient\n')
    src = """package p

import "net/http"

func (s *svc) ping(u string) int {
	resp, err := s.hc.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func ping(u string) int {
	resp, err := client.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func pingTest(u string) int {
	resp, err := testClient.Get(u) // a package file does not see the tests' declarations
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
"""
    path = tmp_path / "b.go"
    path.write_text(src)
    result = engine.process(
        str(path), src.encode(), [RULE()], Settings(unsafe_fixes=True), go_version=(1, 22), abspath=str(path)
    )
    assert [f.start.line for f in result.findings] == [6, 14]


EXPECTED_FAILURE = """package x

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRetry(t *testing.T, url string, retry bool) {
	resp, err := http.Get(url)
	if !retry {
		require.ErrorContains(t, err, "connection refused")
		return
	}
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, "ok", string(body))
}

func TestStatus(t *testing.T, url string) {
	resp, err := http.Get(url)
	require.NoError(t, err)
	if resp.StatusCode != http.StatusOK {
		return
	}
	_, err = io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
}
"""


def test_a_path_that_requires_an_error_has_no_response_to_read() -> None:
    settings = Settings(unsafe_fixes=True, preview=frozenset({"GF504"}))
    result = engine.process("x_test.go", EXPECTED_FAILURE.encode(), [RULE()], settings, go_version=(1, 22))
    found = {f.start.line: f.finding for f in result.findings}
    assert sorted(found) == [12, 24]
    # past require.ErrorContains the request failed: the read below covers every other path
    assert found[12].preview and "read to EOF on every path" in found[12].message
    # a status check that returns first leaves the body unread, with its connection
    assert not found[24].preview
    assert "read to EOF only on some paths: the return at line 27 leaves with it unread" in found[24].message
    # without the require.Error fact the first one would be a default finding too
    src = EXPECTED_FAILURE.replace("require.ErrorContains(t, err, \"connection refused\")", "t.Log(err)")
    again = {f.start.line: f.finding for f in engine.process("x_test.go", src.encode(), [RULE()], settings, go_version=(1, 22)).findings}
    assert not again[12].preview
