"""The language server's input framing alone (gofixer.lsp_stream): any split of the input gives
the same messages, a malformed frame is reported and the next message found, and nothing over
the limit is held. (tests/test_lsp_wire.py speaks to the running server.)"""

from __future__ import annotations

import pytest

from gofixer.lsp_stream import Bad, Framer, Message
from tests.test_lsp_wire import MALFORMED, frame


def _replay(stream: bytes, cuts: list[int]) -> list:
    f, out, last = Framer(), [], 0
    for c in sorted(cuts) + [len(stream)]:
        out += f.feed(stream[last:c])
        last = c
    return [("message", o.value) if isinstance(o, Message) else ("bad", o.code) for o in out]


def test_the_framer_reads_the_same_messages_however_the_input_is_cut():
    good = [{"jsonrpc": "2.0", "id": i, "method": "m", "params": {"text": "Content-Length: 5 in a string\r\n" * i}} for i in range(4)]
    stream = b"".join(frame(g) for g in good)
    whole = _replay(stream, [])
    assert whole == [("message", g) for g in good]
    for step in (1, 2, 3, 7, 64):
        assert _replay(stream, list(range(step, len(stream), step))) == whole


@pytest.mark.parametrize("bad", list(MALFORMED), ids=list(MALFORMED))
def test_the_framer_finds_the_next_message_after_a_malformed_one(bad):
    after = {"jsonrpc": "2.0", "id": 99, "method": "shutdown"}
    stream = MALFORMED[bad] + frame(after)
    for cuts in ([], list(range(1, len(stream)))):
        got = _replay(stream, cuts)
        assert got[-1] == ("message", after)
        assert all(kind == "bad" for kind, _ in got[:-1]) and len(got) >= 2


def test_the_framer_holds_no_more_than_the_limit():
    f = Framer(limit=1000)
    out = f.feed(b"Content-Length: 5000\r\n\r\n")
    assert isinstance(out[0], Bad)
    for _ in range(100):
        f.feed(b"x" * 1000)
    assert len(f._buf) < 5000
    assert [o.value for o in f.feed(frame({"jsonrpc": "2.0", "method": "exit"})) if isinstance(o, Message)] == [
        {"jsonrpc": "2.0", "method": "exit"}
    ]
