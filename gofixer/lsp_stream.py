"""The language server's input: the client's byte stream cut into JSON-RPC messages, whatever
the client sends.

The base protocol frames each message as header lines (``Content-Length: N`` is the one that
matters), an empty line and N bytes of JSON. A client with a bug can send a length that is not
a number, is negative, is shorter or longer than the body, or is absurdly large. pygls's reader
(pygls 2.1) loses the frame boundaries for good after any of these and never answers again,
and allocates whatever length it is told (MemoryError on ``Content-Length: 1000000000000``), so
the server reads its input through this class instead.

What makes recovery possible: a JSON text never contains a raw CR or LF inside a string, so
``Content-Length: <digits>\\r\\n`` can only be the header of the next message, never part of a
body. After a malformed frame the bytes up to the next such header are skipped; a body that
runs into one was given too long a length and ends where the header starts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

MAX_MESSAGE = 64 << 20  # bytes: a longer message is refused, never allocated
_HEADER = re.compile(rb"content-length:[ \t]*(\d+)[ \t]*\r\n", re.I)
_HEADER_LINES = re.compile(rb"(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r\n)*")
_PARTIAL = 64  # longer than a Content-Length line: skipped input keeps this much, in case one starts there
_MAX_HEADER = 4096  # longer header blocks are not headers


@dataclass
class Message:
    """A well-framed message: the decoded JSON (any JSON value)."""

    value: Any


@dataclass
class Bad:
    """Input that is no usable message. ``value`` is what could still be decoded of it (so a
    request's id can be answered with an error), else None; ``code`` the JSON-RPC error code:
    -32700 for a body that is not JSON, -32600 for a broken frame."""

    reason: str
    code: int = -32600
    value: Any = None


class Framer:
    """Feed bytes in, get :class:`Message` and :class:`Bad` out (a sans-IO parser)."""

    def __init__(self, limit: int = MAX_MESSAGE) -> None:
        self.limit = limit
        self._buf = bytearray()
        self._length: int | None = None  # the body length of the frame being read
        self._skipping = False  # inside skipped input (reported once per run of it)

    def feed(self, data: bytes) -> list[Message | Bad]:
        self._buf += data
        out: list[Message | Bad] = []
        while True:
            got = self._body() if self._length is not None else self._header()
            if got is None:
                return out
            if got is not _AGAIN:
                out.append(got)

    def _header(self):
        buf = self._buf
        m = _HEADER.search(buf)
        if m is None:
            if len(buf) > _MAX_HEADER and not _HEADER_LINES.fullmatch(buf):
                return self._skip(len(buf) - _PARTIAL, "input that is not a message")
            return None
        start = m.start()
        # header lines before Content-Length (Content-Type, say) belong to the frame
        lead = _HEADER_LINES.match(buf, 0, start)
        if lead is None or lead.end() != start:
            return self._skip(start, "input that is not a message (a header without a valid Content-Length?)")
        end = buf.find(b"\r\n\r\n", start)
        if end < 0:
            if len(buf) - start > _MAX_HEADER:
                return self._skip(m.end(), "a message header that does not end")
            return None
        if not _HEADER_LINES.fullmatch(buf, m.end(), end + 2):
            return self._skip(m.end(), "a message header with a malformed line")
        length = int(m.group(1))
        del buf[: end + 4]
        self._skipping = False
        if length > self.limit:
            self._skipping = True  # its body is skipped like any input that is not a message
            return Bad(f"a message of {length} bytes, over the limit of {self.limit}: refused")
        self._length = length
        return _AGAIN

    def _body(self):
        buf, n = self._buf, self._length
        assert n is not None
        m = _HEADER.search(buf, 0, min(len(buf), n + _PARTIAL))
        if m is not None and m.start() < n:
            # the next message's header inside the declared body: the length is too long
            value = _decode(bytes(buf[: m.start()]))
            del buf[: m.start()]
            self._length = None
            return Bad("a message whose Content-Length is longer than its body", value=None if value is _NOT_JSON else value)
        if len(buf) < n:
            return None
        value = _decode(bytes(buf[:n]))
        if value is not _NOT_JSON:
            del buf[:n]
            self._length = None
            return Message(value)
        if _header_may_start(buf, n):
            return None  # more input shows whether the next message starts inside this body
        body = bytes(buf[:n])
        del buf[:n]
        self._length = None
        # maybe the length was too short: the rest of the body precedes the next header
        m = _HEADER.search(buf)
        if m is not None:
            value = _decode(body + bytes(buf[: m.start()]))
            if value is not _NOT_JSON:
                del buf[: m.start()]
                return Bad("a message whose Content-Length is shorter than its body", value=value)
        return Bad("a message body that is not JSON", code=-32700)

    def _skip(self, upto: int, reason: str):
        skipped = bytes(self._buf[:upto])
        del self._buf[:upto]
        if self._skipping:
            return _AGAIN
        self._skipping = True
        # a whole request may follow a broken header: decoded, its id can be answered
        blank = skipped.rfind(b"\r\n\r\n")
        value = _decode(skipped[blank + 4 :]) if blank >= 0 else _NOT_JSON
        return Bad(f"skipped {reason}", value=None if value is _NOT_JSON else value)


def _header_may_start(buf: bytearray, n: int) -> bool:
    """Does a header that is not complete yet start inside the first ``n`` bytes? (Then the body
    is not JSON because its length runs into the next message, which has not fully arrived.)"""
    low = bytes(buf[max(0, n - _PARTIAL) : n]).lower()
    i = low.rfind(b"content-length")
    if i >= 0:
        at = max(0, n - _PARTIAL) + i
        return _HEADER.match(buf, at) is None and len(buf) - at < _PARTIAL
    name = b"content-length:"
    return any(low.endswith(name[:k]) for k in range(1, len(name))) and len(buf) - n < _PARTIAL


_AGAIN = object()  # progress without anything to report


_NOT_JSON = object()


def _decode(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return _NOT_JSON
