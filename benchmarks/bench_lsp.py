#!/usr/bin/env python3
"""LSP latency benchmark: didOpen, then didChange on a 2,000-line file, time to publishDiagnostics.

    python benchmarks/bench_lsp.py [--file F.go] [--lines 2000] [--changes 30] [--siblings 8]

Starts ``python -m gofixer lsp`` over stdio with pygls's client. Without ``--file`` it generates
a module in a temporary directory: one package with a ``--lines``-line file (plain code, a
mutex-guarded type, and every tenth block anti-patterns of GF301, GF403 and GF502) and
``--siblings`` other files of about 500 lines, so rules that read the package (GF101, GF403,
GF5xx) have a package to read. With ``--file`` the given file is opened where it is (its own
package and .gofixer.toml apply).

Each didChange sends the whole text with one line edited at a different place and waits for
the diagnostics of that version before the next. Prints the didOpen latency (includes reading
and parsing the package's other files) and the median, p95 and max of the didChange latencies,
and the number of diagnostics. The target (issue 6): under 100 ms for a 2,000-line file.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

HEADER = """package svc

import (
	"context"
	"net/http"
	"sync"
	"time"
)

"""

# plain code, ~25 lines a block; {i} makes each name unique
BLOCK = """// Sum{i} adds up item {i}.
func Sum{i}(values []int, limit int) (int, error) {{
	total := 0
	for k, v := range values {{
		if k >= limit {{
			break
		}}
		total += v * {i}
	}}
	return total, nil
}}

func (s *Store) Get{i}(key string) (int, bool) {{
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.items[key]
	return v + {i}, ok
}}

func label{i}(name string) string {{
	if name == "" {{
		return "item-{i}"
	}}
	return name
}}
"""

# every tenth block: anti-patterns of several rules (GF301, GF403 via a goroutine, GF502)
DEFECTS = """func Load{i}(parent context.Context, id int) error {{
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx.Err()
}}

func (c *Counter) Inc{i}() {{
	c.n += {i}
}}

func spawn{i}(c *Counter) {{
	go c.Inc{i}()
}}

func serve{i}(addr string) error {{
	return http.ListenAndServe(addr, nil)
}}
"""

TYPES = """type Store struct {
	mu    sync.Mutex
	items map[string]int
}

type Counter struct {
	n int
}

"""


def _generate(root: Path, lines: int, siblings: int) -> Path:
    (root / "go.mod").write_text("module example.com/bench\n\ngo 1.22\n")
    pkg = root / "svc"
    pkg.mkdir()

    def body(n_lines: int, start: int, with_types: bool) -> str:
        out = [HEADER, TYPES if with_types else ""]
        i = start
        while sum(s.count("\n") for s in out) < n_lines:
            out.append(BLOCK.format(i=i))
            if i % 10 == 0:
                out.append(DEFECTS.format(i=i))
            i += 1
        return "".join(out)

    main = pkg / "main.go"
    main.write_text(body(lines, 0, True))
    for k in range(siblings):
        (pkg / f"part{k}.go").write_text(body(500, 10_000 * (k + 1), False))
    return main


async def _run(path: Path, changes: int) -> tuple[float, list[float], int, int]:
    client = LanguageClient("gofixer-bench", "1")
    published: dict[int | None, list[types.Diagnostic]] = {}
    arrived = asyncio.Event()
    publishes: dict[int | None, int] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        published[params.version] = list(params.diagnostics)
        publishes[params.version] = publishes.get(params.version, 0) + 1
        arrived.set()

    await client.start_io(sys.executable, "-m", "gofixer", "lsp")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=from_fs_path(str(path.parent)),
        )
    )
    client.initialized(types.InitializedParams())
    uri = from_fs_path(str(path))
    text = path.read_text(encoding="utf-8")

    async def wait_for(version: int) -> None:
        while version not in published:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 60)

    t0 = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="go", version=1, text=text))
    )
    await wait_for(1)
    opened = time.perf_counter() - t0
    lines = text.split("\n")
    latencies = []
    for v in range(2, changes + 2):
        # edit one line at a different place each time (a comment at the end of a line)
        k = (v * 37) % max(1, len(lines) - 1)
        edited = list(lines)
        edited[k] = edited[k] + f" // edit {v}" if not edited[k].endswith("`") else edited[k]
        t0 = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=v),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text="\n".join(edited))],
            )
        )
        await wait_for(v)
        latencies.append(time.perf_counter() - t0)
    # once typing stops, the server runs the package-wide rules (GF403) and publishes again
    last = changes + 1
    while publishes.get(last, 0) < 2:
        arrived.clear()
        try:
            await asyncio.wait_for(arrived.wait(), 10)
        except asyncio.TimeoutError:
            break
    settled = time.perf_counter() - t0
    n_diags = len(published[last])
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return opened, latencies, n_diags, len(lines), settled


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, help="open this Go file instead of a generated one")
    ap.add_argument("--lines", type=int, default=2000)
    ap.add_argument("--changes", type=int, default=30)
    ap.add_argument("--siblings", type=int, default=8, help="other files in the generated package")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gofixer-bench-lsp-") as tmp:
        path = args.file.resolve() if args.file else _generate(Path(tmp), args.lines, args.siblings)
        opened, lat, n_diags, n_lines, settled = asyncio.run(_run(path, args.changes))
    ms = sorted(x * 1000 for x in lat)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"file: {path if args.file else 'generated'} ({n_lines} lines), diagnostics: {n_diags}")
    print("| event | n | median ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    print(f"| didOpen -> publishDiagnostics | 1 | {opened * 1000:.0f} | {opened * 1000:.0f} | {opened * 1000:.0f} |")
    print(f"| didChange -> publishDiagnostics | {len(ms)} | {statistics.median(ms):.0f} | {p95:.0f} | {ms[-1]:.0f} |")
    s = settled * 1000
    print(f"| last didChange -> full diagnostics (incl. the 300 ms rest) | 1 | {s:.0f} | {s:.0f} | {s:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
