"""``gofixer lsp`` spoken to in raw bytes, as a client with a bug would: every malformed message
gets an error reply or is skipped, the next well-formed one is answered, and ``exit`` ends the
process at once (even while a check runs).

A client that sends nothing after a bad message must still get an answer to its next request,
so every test ends with a request that has to be answered and an ``exit`` that has to end the
process, with the server's stdin still open.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time

import pytest


class Client:
    """A raw-bytes LSP client: writes whatever it is told, reads the server's framed replies."""

    def __init__(self, cwd) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gofixer", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
        )
        self.replies: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.replies.put(None)
                    return
                if line == b"\r\n":
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            self.replies.put(json.loads(out.read(length)))

    def raw(self, data: bytes) -> None:
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, obj) -> None:
        self.raw(frame(obj))

    def reply(self, msg_id, timeout: float = 20.0):
        """The response to ``msg_id`` (other messages are passed over)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                m = self.replies.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no reply to {msg_id!r} within {timeout}s") from None
            if m is None:
                raise AssertionError(f"the server ended before answering {msg_id!r}: {self.proc.stderr.read()!r}")
            if "method" not in m and m.get("id") == msg_id:
                return m

    def initialize(self) -> None:
        self.send({"jsonrpc": "2.0", "id": "init", "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
        assert "result" in self.reply("init")
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def still_serves(self) -> None:
        """A well-formed request is answered, and shutdown + exit end the process with 0."""
        self.send({"jsonrpc": "2.0", "id": "last", "method": "shutdown"})
        assert self.reply("last") == {"jsonrpc": "2.0", "id": "last", "result": None}
        self.send({"jsonrpc": "2.0", "method": "exit"})
        assert self.proc.wait(timeout=10) == 0


def frame(obj, length: int | None = None) -> bytes:
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


REQUEST = {"jsonrpc": "2.0", "id": 7, "method": "shutdown"}
BODY = json.dumps(REQUEST).encode()


@pytest.fixture
def client(tmp_path):
    c = Client(tmp_path)
    yield c
    if c.proc.poll() is None:
        c.proc.kill()
        c.proc.wait()


MALFORMED = {
    "length not a number": b"Content-Length: abc\r\n\r\n" + BODY,
    "negative length": b"Content-Length: -5\r\n\r\n" + BODY,
    "length shorter than the body": b"Content-Length: %d\r\n\r\n" % (len(BODY) - 5) + BODY,
    "length longer than the body": b"Content-Length: %d\r\n\r\n" % (len(BODY) + 5) + BODY,
    "length far longer than the body": b"Content-Length: %d\r\n\r\n" % (len(BODY) + 10_000) + BODY,
    "no Content-Length": b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + BODY,
    "a header line that is not a header": b"Content-Length: %d\r\nnonsense\r\n\r\n" % len(BODY) + BODY,
}


def test_after_every_malformed_message_the_next_one_is_answered(client):
    """One session, one abuse after another, each followed by a request that must be answered;
    a request in a broken frame is not carried out, and its id gets an error where it can still
    be read."""
    client.initialize()
    for n, (what, bad) in enumerate(MALFORMED.items()):
        client.raw(bad)
        client.send({"jsonrpc": "2.0", "id": n, "method": "workspace/executeCommand", "params": {"command": "none"}})
        assert "error" in client.reply(n), what  # answered (the command does not exist)
    # a length over the limit is refused without allocating it (its id cannot be known: null)
    client.raw(b"Content-Length: 1000000000000\r\n\r\n" + BODY)
    assert client.reply(None)["error"]["code"] == -32600
    # a body that is not JSON: a parse error (JSON-RPC answers those to id null)
    client.raw(b"Content-Length: 5\r\n\r\n{abc}")
    assert client.reply(None)["error"]["code"] == -32700
    # JSON that is no JSON-RPC request: invalid request
    client.raw(frame([1, 2, 3]))
    assert client.reply(None)["error"]["code"] == -32600
    client.send({"id": "no-version", "method": "shutdown"})
    assert client.reply("no-version")["error"]["code"] == -32600
    client.still_serves()
    errors = []
    while not client.replies.empty():
        m = client.replies.get()
        if m and "error" in m:
            errors.append(m)
    assert all(e["error"]["code"] in (-32600, -32700) and e["id"] in (7, None) for e in errors), errors
    assert b"MemoryError" not in client.proc.stderr.read()


def test_a_request_with_invalid_params_gets_minus_32602(client):
    client.initialize()
    client.send({"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction", "params": {"textDocument": 5}})
    assert client.reply(3)["error"]["code"] == -32602
    client.send({"jsonrpc": "2.0", "id": 4, "method": "textDocument/codeAction", "params": "nonsense"})
    assert client.reply(4)["error"]["code"] == -32602
    client.still_serves()


def test_exit_ends_the_server_at_once_while_a_check_runs(client):
    """A buffer that takes seconds to check, then ``exit`` (without shutdown: status 1), with
    stdin left open: the process ends at once, not when the check is done or stdin closes."""
    client.initialize()
    text = "package p\n\nimport (\n\t\"context\"\n\t\"sync\"\n\t\"time\"\n)\n\ntype S struct {\n\tmu sync.Mutex\n\tn  int\n}\n" + "".join(
        f"""
func (s *S) F{i}(parent context.Context) error {{
\tctx, _ := context.WithTimeout(parent, time.Second)
\ts.mu.Lock()
\tif s.n > {i} {{
\t\treturn ctx.Err()
\t}}
\tgo func() {{ s.n++ }}()
\ts.mu.Unlock()
\treturn nil
}}
"""
        for i in range(5000)
    )
    uri = "file:///nowhere/p/big.go"
    client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}}})
    time.sleep(0.5)
    client.send({"jsonrpc": "2.0", "method": "exit"})
    started = time.monotonic()
    status = client.proc.wait(timeout=30)
    took = time.monotonic() - started
    published = []
    while not client.replies.empty():
        m = client.replies.get()
        if m and m.get("method") == "textDocument/publishDiagnostics" and m["params"]["diagnostics"]:
            published.append(m)
    assert not published, "the check finished before exit: the test needs a slower buffer"
    assert status == 1  # exit without shutdown
    assert took < 3, f"exit took {took:.1f}s"
