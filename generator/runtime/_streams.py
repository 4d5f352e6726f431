"""Streamed responses: server-sent events (``text/event-stream``) and JSON lines
(``application/jsonl``, ``application/x-ndjson``), read as they arrive and decoded
into the operation's event type.

The reader follows the WHATWG event-stream rules: lines end at CR, LF or CRLF (a CR
that ends one network read and an LF that starts the next are one line end); the body
is UTF-8 whatever the Content-Type says, and bytes that are not UTF-8 become U+FFFD
instead of failing the stream; a leading byte order mark is ignored; an event is
dispatched only by the blank line that ends it, so whatever follows the last blank
line when the body ends (an unfinished line or event) is discarded.  It reads raw
byte chunks and splits lines itself so that it can refuse a line or an event over
its limit before holding it: httpx's ``iter_lines`` keeps a line of any length.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Callable,
    Generator,
    Iterable,
    Iterator,
)
from typing import Any, Final, Generic, TypeVar

import httpx

from ._exceptions import APIConnectionError, APITimeoutError, StreamError
from ._runtime import DecodeError

__all__ = [
    "ServerSentEvent",
    "StreamLimits",
    "DEFAULT_STREAM_LIMITS",
    "Stream",
    "AsyncStream",
    "event_decoder",
    "iter_events",
    "aiter_events",
    "iter_json_lines",
    "aiter_json_lines",
]

T = TypeVar("T")


@dataclasses.dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One event of a ``text/event-stream`` response, as sent."""

    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class StreamLimits:
    """The most of an event stream a reader holds at once, in bytes.

    Without limits a server (or a proxy) that sends a line without end would make the
    client buffer it until memory runs out.  ``max_line_size`` bounds one line, such as
    one ``data:`` line: 1 MiB is a thousand times a typical streamed chunk (a chat
    completion delta is well under 1 KiB), so only a broken or hostile stream reaches it.
    ``max_event_size`` bounds the data of one event, its ``data:`` lines together: 8 MiB
    leaves room for an event that carries a whole document.  A reader holds at most one
    line, one event and one network read (httpx reads up to 64 KiB at a time).
    """

    max_line_size: int = 1 << 20
    max_event_size: int = 8 << 20


DEFAULT_STREAM_LIMITS: Final = StreamLimits()


class _Overflow(Exception):
    """A line or event over its limit; the stream turns it into a StreamError."""


_BOM: Final = b"\xef\xbb\xbf"


class _LineSplitter:
    """Cuts a body, fed in chunks of any size, into lines without their line ends.

    A partial line waits in a buffer that never grows past ``max_line`` bytes: a line
    that would is refused as soon as that is known, not once it has ended.
    """

    __slots__ = ("_partial", "_after_cr", "_max_line", "_read", "_line_start", "_first")

    def __init__(self, max_line: int) -> None:
        self._partial = bytearray()
        self._after_cr = False
        self._max_line = max_line
        self._read = 0
        self._line_start = 0
        self._first = True

    def feed(self, chunk: bytes) -> list[bytes]:
        """The lines this chunk completes, in order."""
        if not chunk:
            return []
        start = self._read
        self._read += len(chunk)
        if self._after_cr and chunk[0] == 0x0A:
            chunk = chunk[1:]  # the LF of a CRLF whose CR ended the previous chunk
            start += 1
            if not chunk:
                self._after_cr = False
                return []
        last = chunk[-1]
        self._after_cr = last == 0x0D
        # bytes.splitlines cuts at CR, LF and CRLF only: the event-stream line ends.
        lines = chunk.splitlines()
        tail = lines.pop() if last != 0x0A and last != 0x0D else b""
        if lines:
            if len(self._partial) + max(map(len, lines)) > self._max_line:
                self._refuse(chunk, lines, start)
            if self._partial:
                self._partial += lines[0]
                lines[0] = bytes(self._partial)
                self._partial.clear()
            if self._first:
                self._first = False
                if lines[0].startswith(_BOM):
                    lines[0] = lines[0][len(_BOM) :]
            self._line_start = self._read - len(tail)
        if tail:
            if len(self._partial) + len(tail) > self._max_line:
                raise self._overflow(self._line_start)
            self._partial += tail
        return lines

    def _refuse(self, chunk: bytes, lines: list[bytes], start: int) -> None:
        """Raise for the first line over the limit, if any (the caller's test is coarse)."""
        offset = self._line_start
        before = len(self._partial)
        for piece, line in zip(chunk.splitlines(keepends=True), lines):
            if before + len(line) > self._max_line:
                raise self._overflow(offset)
            before = 0
            start += len(piece)
            offset = start

    def _overflow(self, offset: int) -> _Overflow:
        return _Overflow(
            f"a line longer than max_line_size ({self._max_line} bytes)"
            f" starting at byte {offset}"
        )

    def rest(self) -> bytes:
        """The last line, when the body ended without a line end after it."""
        return bytes(self._partial)


class _SSEDecoder:
    """The event-stream grammar, fed the lines of one chunk at a time (line ends
    already removed).

    An event's data is kept as the bytes received, each ``data:`` line followed by LF
    as the spec builds its data buffer, so that what it holds is what the limit counts
    (a list of one string per line would cost some fifty bytes more per line).  A
    chunk's lines are read in one call, with the state in local variables: a stream
    of small events spends most of its time here.
    """

    __slots__ = ("_data", "_max_event", "_event", "_retry", "_last_id")

    def __init__(self, max_event: int) -> None:
        self._data = bytearray()
        self._max_event = max_event
        self._event: str | None = None
        self._retry: int | None = None
        self._last_id: str | None = None

    def feed(self, lines: list[bytes]) -> list[ServerSentEvent]:
        """The events these lines complete, in order.

        Fields are split on bytes: ``:`` is ASCII, and a UTF-8 decoder never takes an
        ASCII byte into a bad sequence, so this equals decoding the line first.  An
        event without data is not dispatched.
        """
        events: list[ServerSentEvent] = []
        data = self._data
        kind, retry, last_id = self._event, self._retry, self._last_id
        for line in lines:
            if not line:
                if data:
                    del data[-1]
                    text = data.decode("utf-8", "replace")
                    events.append(ServerSentEvent(text, kind, last_id, retry))
                    data.clear()
                kind = retry = None
                continue
            if line[0] == 0x3A:
                continue
            name, _, value = line.partition(b":")
            if value[:1] == b" ":
                value = value[1:]
            if name == b"data":
                if len(data) + len(value) + 1 > self._max_event:
                    raise _Overflow(
                        f"an event whose data is longer than max_event_size"
                        f" ({self._max_event} bytes)"
                    )
                data += value
                data.append(0x0A)
            elif name == b"event":
                kind = value.decode("utf-8", "replace")
            elif name == b"id":
                if b"\0" not in value:
                    last_id = value.decode("utf-8", "replace")
            elif name == b"retry":
                if value.isdigit():
                    retry = int(value)
        self._event, self._retry, self._last_id = kind, retry, last_id
        return events


def iter_events(
    chunks: Iterable[bytes], limits: StreamLimits = DEFAULT_STREAM_LIMITS
) -> Iterator[ServerSentEvent]:
    """The events of a body read in chunks; an unfinished last event is discarded."""
    splitter = _LineSplitter(limits.max_line_size)
    decoder = _SSEDecoder(limits.max_event_size)
    for chunk in chunks:
        yield from decoder.feed(splitter.feed(chunk))


async def aiter_events(
    chunks: AsyncIterable[bytes], limits: StreamLimits = DEFAULT_STREAM_LIMITS
) -> AsyncIterator[ServerSentEvent]:
    """:func:`iter_events` for a body read asynchronously."""
    splitter = _LineSplitter(limits.max_line_size)
    decoder = _SSEDecoder(limits.max_event_size)
    async for chunk in chunks:
        for event in decoder.feed(splitter.feed(chunk)):
            yield event


def iter_json_lines(
    chunks: Iterable[bytes], limits: StreamLimits = DEFAULT_STREAM_LIMITS
) -> Iterator[ServerSentEvent]:
    """Each line of a JSON-lines body (``application/jsonl``, ``application/x-ndjson``)
    as an event whose data is the line, so that a stream decodes it as it decodes an
    event's data; blank lines are skipped, and the last line needs no line end."""
    splitter = _LineSplitter(limits.max_line_size)
    for chunk in chunks:
        yield from _line_events(splitter.feed(chunk))
    yield from _line_events([splitter.rest()])


async def aiter_json_lines(
    chunks: AsyncIterable[bytes], limits: StreamLimits = DEFAULT_STREAM_LIMITS
) -> AsyncIterator[ServerSentEvent]:
    """:func:`iter_json_lines` for a body read asynchronously."""
    splitter = _LineSplitter(limits.max_line_size)
    async for chunk in chunks:
        for event in _line_events(splitter.feed(chunk)):
            yield event
    for event in _line_events([splitter.rest()]):
        yield event


def _line_events(lines: list[bytes]) -> list[ServerSentEvent]:
    """The non-blank lines of a JSON-lines body, each as an event's data."""
    return [
        ServerSentEvent(line.decode("utf-8", "replace"))
        for line in lines
        if line.strip()
    ]


def _stream_error(error: Exception, response: httpx.Response) -> Exception:
    """The package's exception for a failure while reading an event stream."""
    request = response.request
    what = f"the event stream of {request.method} {request.url}"
    if isinstance(error, _Overflow):
        return StreamError(f"{error} in {what}", response)
    if isinstance(error, httpx.TimeoutException):
        timeout = request.extensions.get("timeout", {}).get("read")
        wait = "" if timeout is None else f" for {timeout} s"
        return APITimeoutError(
            f"{type(error).__name__}: no data{wait} while reading {what}", request
        )
    if isinstance(error, httpx.TransportError):
        return APIConnectionError(
            f"{type(error).__name__} while reading {what}: {error}", request
        )
    return StreamError(
        f"{type(error).__name__} while reading {what}: {error}", response
    )


def event_decoder(
    decode: Callable[[Any], T],
    *,
    envelope: frozenset[str] | None = None,
    json_data: bool = True,
) -> Callable[[ServerSentEvent], T]:
    """Turn an event into the operation's event type.

    With ``envelope`` (the fields of a schema that describes the event itself, such as
    ``{data, event, id}``), the event's fields are gathered into that object with
    ``data`` decoded from JSON; otherwise ``data`` alone is the payload.
    """

    loads = json.loads if json_data else _as_text

    def payload(event: ServerSentEvent) -> Any:
        try:
            return loads(event.data)
        except ValueError:
            raise DecodeError(f"event data is not JSON: {event.data[:200]!r}") from None

    if envelope is None:
        return lambda event: decode(payload(event))
    with_event, with_id, with_retry = (k in envelope for k in ("event", "id", "retry"))

    def decode_envelope(event: ServerSentEvent) -> T:
        try:
            fields: dict[str, Any] = {"data": loads(event.data)}
        except ValueError:
            raise DecodeError(f"event data is not JSON: {event.data[:200]!r}") from None
        if with_event and event.event is not None:
            fields["event"] = event.event
        if with_id and event.id is not None:
            fields["id"] = event.id
        if with_retry and event.retry is not None:
            fields["retry"] = event.retry
        return decode(fields)

    return decode_envelope


def _as_text(data: str) -> str:
    return data


class Stream(Generic[T]):
    """The decoded events of a streaming response.

    Iterate it, ideally inside ``with``: leaving the block (or breaking out of the
    loop inside it) closes the connection.  It ends at the end of the body or at the
    sentinel event the spec names (``[DONE]``).  The client's read timeout applies
    to each wait for data: a server that goes silent raises APITimeoutError, a broken
    connection APIConnectionError, a line or event over ``limits`` StreamError.
    Keep-alive comments are not silence, by design: a stream that sends only those
    waits as long as they come, and ends when the caller stops reading (break or
    ``close()`` after an event; AsyncStream can also be bounded by ``asyncio.timeout``).
    """

    def __init__(
        self,
        response: httpx.Response,
        decode: Callable[[ServerSentEvent], T],
        sentinel: str | None = None,
        *,
        limits: StreamLimits = DEFAULT_STREAM_LIMITS,
        lines: bool = False,
    ) -> None:
        self.response = response
        self._decode = decode
        self._sentinel = sentinel
        self._limits = limits
        self._read = iter_json_lines if lines else iter_events
        self._events = self._iterate()

    def _iterate(self) -> Generator[T, None, None]:
        response, decode, sentinel = self.response, self._decode, self._sentinel
        try:
            for event in self._read(response.iter_bytes(), self._limits):
                if event.data == sentinel:  # never, when sentinel is None
                    break
                yield decode(event)
        except _Overflow as error:
            raise _stream_error(error, response) from None
        except (httpx.TransportError, httpx.DecodingError) as error:
            raise _stream_error(error, response) from error
        finally:
            response.close()

    def __iter__(self) -> Iterator[T]:
        return self._events  # a for loop then skips __next__'s Python frame

    def __next__(self) -> T:
        return next(self._events)

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and release the connection."""
        self._events.close()
        self.response.close()


class AsyncStream(Generic[T]):
    """The decoded events of a streaming response, for ``async for`` and ``async with``.

    It fails as :class:`Stream` does.  A stream of keep-alive comments can be bounded
    with ``asyncio.timeout`` around each ``anext``, then ``aclose()``.
    """

    def __init__(
        self,
        response: httpx.Response,
        decode: Callable[[ServerSentEvent], T],
        sentinel: str | None = None,
        *,
        limits: StreamLimits = DEFAULT_STREAM_LIMITS,
        lines: bool = False,
    ) -> None:
        self.response = response
        self._decode = decode
        self._sentinel = sentinel
        self._limits = limits
        self._read = aiter_json_lines if lines else aiter_events
        self._events = self._iterate()

    async def _iterate(self) -> AsyncGenerator[T, None]:
        response, decode, sentinel = self.response, self._decode, self._sentinel
        try:
            async for event in self._read(response.aiter_bytes(), self._limits):
                if event.data == sentinel:  # never, when sentinel is None
                    break
                yield decode(event)
        except _Overflow as error:
            raise _stream_error(error, response) from None
        except (httpx.TransportError, httpx.DecodingError) as error:
            raise _stream_error(error, response) from error
        finally:
            await response.aclose()

    def __aiter__(self) -> AsyncIterator[T]:
        return self._events  # async for then skips __anext__'s Python frame

    async def __anext__(self) -> T:
        return await self._events.__anext__()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Stop reading and release the connection."""
        await self._events.aclose()
        await self.response.aclose()
