"""The byte prefilters of GF404, GF501..GF504, GF601, GF602 and GF701 against shapes they must accept.

Each prefilter asks for more than an import: a ``Server``/``Client`` literal, a ``Serve``-like or
``Get``-like call, a loop, a ``sync.Pool`` somewhere in the package… Each case below is a file
the rule reports in a shape that a tighter test of the bytes would miss: an aliased or dot
import, blanks or a comment between a name and its brace or parenthesis, a pool or a client
declared only in another file of the package. A prefilter that turned such a file away would
make the rule silent, and the test fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codemods.gf404_unlock_not_deferred import UnlockNotDeferred
from codemods.gf501_server_without_timeouts import ServerWithoutTimeouts
from codemods.gf502_serve_without_timeouts import ServeWithoutTimeouts
from codemods.gf503_client_without_timeout import ClientWithoutTimeout
from codemods.gf504_response_body_not_closed import ResponseBodyNotClosed
from codemods.gf601_time_tick_leak import TimeTickLeak
from codemods.gf602_time_after_in_loop import TimeAfterInLoop
from codemods.gf701_pool_non_pointer import PoolNonPointer
from gofixer import engine
from gofixer.analysis import siblings as sibling_files
from gofixer.rule import Rule, Settings

from .conftest import TESTDATA

PRE_123 = (1, 22)  # GF601 and GF602 report only below Go 1.23


def _reported(tmp_path: Path, rule: Rule, source: str, siblings: dict[str, str] | None = None, go=None) -> list[str]:
    """The rule's codes reported on ``main.go`` (with ``siblings`` beside it), run as the engine
    runs it: prefilters first."""
    sibling_files.clear()
    for name, text in (siblings or {}).items():
        (tmp_path / name).write_text(text)
    path = tmp_path / "main.go"
    data = source.encode()
    path.write_bytes(data)
    # preview variants on: what is asked is whether the prefilter lets the shape through
    settings = Settings(unsafe_fixes=True, preview=frozenset({rule.code}))
    result = engine.process(str(path), data, [rule], settings, go_version=go, abspath=str(path))
    assert result.error is None
    return [f.finding.rule for f in result.findings]


# -- GF404 ---------------------------------------------------------------------------------------

RLOCK_SPACED = """package p

import "sync"

type Config struct {
	mu   sync.RWMutex
	vals map[string]string
}

func (c *Config) Get(k string) string {
	c.mu.RLock ()
	if c.vals == nil {
		return ""
	}
	v := c.vals[k]
	c.mu.RUnlock()
	return v
}
"""


def test_gf404_rlock_written_with_a_blank(tmp_path: Path) -> None:
    # the acquire is found as the word RLock, not as ".RLock()"
    assert _reported(tmp_path, UnlockNotDeferred(), RLOCK_SPACED) == ["GF404"]


# the release is a statement of its own after a ``defer`` of something else, or after a
# ``defer`` of the same unlock elsewhere in the file
UNLOCK_BESIDE_A_DEFER = {
    "after a defer on its line": "c.mu.Lock()\n\tdefer trace(); if c.vals == nil {\n\t\treturn \"\"\n\t}\n\tv := c.vals[k]\n\tc.mu.Unlock()",
    "after a deferred unlock elsewhere": "c.mu.Lock()\n\tif c.vals == nil {\n\t\treturn \"\"\n\t}\n\tv := c.vals[k]\n\tc.mu.Unlock()",
    "after a semicolon": "c.mu.Lock()\n\tif c.vals == nil {\n\t\treturn \"\"\n\t}\n\tv := c.vals[k]; c.mu.Unlock()",
    "in a variable named like the keyword": "deferred := &c.mu\n\tdeferred.Lock()\n\tif c.vals == nil {\n\t\treturn \"\"\n\t}\n\tv := c.vals[k]\n\tdeferred.Unlock()",
}


@pytest.mark.parametrize("body", UNLOCK_BESIDE_A_DEFER.values(), ids=UNLOCK_BESIDE_A_DEFER.keys())
def test_gf404_unlock_statement_beside_a_defer(tmp_path: Path, body: str) -> None:
    source = RLOCK_SPACED.replace("RWMutex", "Mutex").split("func (c *Config) Get")[0] + (
        "func trace() {}\n\nfunc (c *Config) Close() {\n\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n\tc.vals = nil\n}\n\n"
        f"func (c *Config) Get(k string) string {{\n\t{body}\n\treturn v\n}}\n"
    )
    assert _reported(tmp_path, UnlockNotDeferred(), source) == ["GF404"]


def test_gf404_only_deferred_unlocks_turned_away() -> None:
    source = RLOCK_SPACED.split("func (c *Config) Get")[0] + (
        "func (c *Config) Get(k string) string {\n\tc.mu.RLock()\n\tdefer c.mu.RUnlock()\n\treturn c.vals[k]\n}\n\n"
        "func (c *Config) Set(k, v string) {\n\tc.mu.Lock()\n\tdefer  c.mu.Unlock()\n\tc.vals[k] = v\n}\n"
    )
    assert not UnlockNotDeferred().wants(source.encode(), sibling_files.PackageView(None, source.encode()))


# -- GF501 ---------------------------------------------------------------------------------------

SERVER_ALIASED = """package p

import nethttp "net/http"

func Run(h nethttp.Handler) error {
	srv := &nethttp.Server /* plain */ {Addr: ":8080", Handler: h}
	return srv.ListenAndServe()
}
"""

SERVER_DOT = """package p

import . "net/http"

func Run(h Handler) error {
	srv := &Server{Addr: ":8080", Handler: h}
	return srv.ListenAndServe()
}
"""


@pytest.mark.parametrize("source", [SERVER_ALIASED, SERVER_DOT], ids=["aliased-comment", "dot-import"])
def test_gf501_server_literal(tmp_path: Path, source: str) -> None:
    assert _reported(tmp_path, ServerWithoutTimeouts(), source) == ["GF501"]


# -- GF502 ---------------------------------------------------------------------------------------

SERVE_ALIASED = """package p

import (
	"log"

	nethttp "net/http"
)

func Run(h nethttp.Handler) {
	log.Fatal(nethttp.ListenAndServeTLS (":8443", "cert.pem", "key.pem", h))
}
"""

SERVE_DOT = """package p

import (
	"net"
	. "net/http"
)

func Run(ln net.Listener, h Handler) error {
	return Serve(ln, h)
}
"""


@pytest.mark.parametrize("source", [SERVE_ALIASED, SERVE_DOT], ids=["aliased-blank", "dot-import"])
def test_gf502_serving_helper(tmp_path: Path, source: str) -> None:
    assert _reported(tmp_path, ServeWithoutTimeouts(), source) == ["GF502"]


# -- GF503 ---------------------------------------------------------------------------------------

CLIENT_ALIASED = """package p

import web "net/http"

func New() *web.Client {
	return &web.Client /* no timeout */ {}
}
"""

CLIENT_DOT = """package p

import . "net/http"

func New(t RoundTripper) *Client {
	return &Client{Transport: t}
}
"""


@pytest.mark.parametrize("source", [CLIENT_ALIASED, CLIENT_DOT], ids=["aliased-comment", "dot-import"])
def test_gf503_client_literal(tmp_path: Path, source: str) -> None:
    assert _reported(tmp_path, ClientWithoutTimeout(), source) == ["GF503"]


# -- GF504 ---------------------------------------------------------------------------------------

GET_ALIASED = """package p

import (
	"io"

	web "net/http"
)

func Fetch(u string) ([]byte, error) {
	resp, err := web.Get /* once */ (u)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
"""

GET_DOT = """package p

import (
	"io"
	. "net/http"
)

func Fetch(u string) ([]byte, error) {
	resp, err := Head(u)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
"""

# the receiver is a struct field declared in another file: this one never says "Client"
DO_ON_SIBLING_FIELD = """package p

import (
	"io"
	"net/http"
)

func (f *fetcher) body(req *http.Request) ([]byte, error) {
	resp, err := f.conn.Do(req)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
"""

FETCHER = """package p

import "net/http"

type fetcher struct {
	conn *http.Client
}
"""


@pytest.mark.parametrize("source", [GET_ALIASED, GET_DOT], ids=["aliased-comment", "dot-import"])
def test_gf504_package_function(tmp_path: Path, source: str) -> None:
    assert _reported(tmp_path, ResponseBodyNotClosed(), source) == ["GF504"]


def test_gf504_client_declared_in_a_sibling(tmp_path: Path) -> None:
    assert b"Client" not in DO_ON_SIBLING_FIELD.encode()
    got = _reported(tmp_path, ResponseBodyNotClosed(), DO_ON_SIBLING_FIELD, {"fetcher.go": FETCHER})
    assert got == ["GF504"]


# -- GF601 ---------------------------------------------------------------------------------------

# the aliased import of ``time`` is testdata/GF601/alias.go (its golden case), read as it is
TICK_ALIASED = (TESTDATA / "GF601" / "alias.go").read_text()

TICK_DOT = """package p

import (
	"context"
	. "time"
)

func Beat(ctx context.Context, out chan<- Time) {
	for t := range Tick(Second) {
		select {
		case out <- t:
		case <-ctx.Done():
			return
		}
	}
}
"""


@pytest.mark.parametrize("source", [TICK_ALIASED, TICK_DOT], ids=["aliased", "dot-import"])
def test_gf601_tick(tmp_path: Path, source: str) -> None:
    assert _reported(tmp_path, TimeTickLeak(), source, go=PRE_123) == ["GF601"]


# -- GF602 ---------------------------------------------------------------------------------------

# the aliased import of ``time`` is testdata/GF602/alias.go (its golden case), read as it is
AFTER_ALIASED = (TESTDATA / "GF602" / "alias.go").read_text()

AFTER_DOT_RANGE = """package p

import . "time"

func Drain(in <-chan string, out chan<- string, d Duration) int {
	dropped := 0
	for msg := range in {
		select {
		case out <- msg:
		case <-After(d):
			dropped++
		}
	}
	return dropped
}
"""


@pytest.mark.parametrize("source", [AFTER_ALIASED, AFTER_DOT_RANGE], ids=["aliased", "dot-import-range"])
def test_gf602_after_in_loop(tmp_path: Path, source: str) -> None:
    assert _reported(tmp_path, TimeAfterInLoop(), source, go=PRE_123) == ["GF602"]


# -- GF701 ---------------------------------------------------------------------------------------

# the pools are declared in another file: this one has neither "sync" nor "Pool" in it
PUT_ON_SIBLING_POOLS = """package p

func Use(r *reader) {
	b := bufs.Get().([]byte)
	defer bufs.Put(b)
	r.frames.Put(make([]byte, 8))
}
"""

POOLS = """package p

import syncpkg "sync"

var bufs = syncpkg.Pool{New: func() any { return make([]byte, 512) }}

type reader struct {
	frames *syncpkg.Pool
}
"""


def test_gf701_pools_declared_in_a_sibling(tmp_path: Path) -> None:
    assert b"sync" not in PUT_ON_SIBLING_POOLS.encode() and b"Pool" not in PUT_ON_SIBLING_POOLS.encode()
    got = _reported(tmp_path, PoolNonPointer(), PUT_ON_SIBLING_POOLS, {"pools.go": POOLS})
    assert got == ["GF701", "GF701"]


def test_gf701_sync_imported_as_a_raw_string(tmp_path: Path) -> None:
    source = POOLS.replace('"sync"', "`sync`") + "\nfunc Release(b []byte) {\n\tbufs.Put(b)\n}\n"
    assert b'"sync"' not in source.encode()
    assert _reported(tmp_path, PoolNonPointer(), source) == ["GF701"]


# -- GF501..GF504: net/http imported as a raw string ----------------------------------------------

RAW_IMPORTS = {
    "GF501": (ServerWithoutTimeouts(), SERVER_ALIASED),
    "GF502": (ServeWithoutTimeouts(), SERVE_ALIASED),
    "GF503": (ClientWithoutTimeout(), CLIENT_ALIASED),
    "GF504": (ResponseBodyNotClosed(), GET_ALIASED),
}


@pytest.mark.parametrize("code", sorted(RAW_IMPORTS))
def test_gf50x_net_http_imported_as_a_raw_string(tmp_path: Path, code: str) -> None:
    rule, source = RAW_IMPORTS[code]
    source = source.replace('"net/http"', "`net/http`")
    assert b'"net/http"' not in source.encode()
    assert _reported(tmp_path, rule, source) == [code]
