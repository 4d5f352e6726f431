"""generator/runtime/_streams.py: server-sent events and JSON lines, read from
chunks of any size, within limits."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from generator.runtime._exceptions import (
    APIConnectionError,
    APITimeoutError,
    StreamError,
)
from generator.runtime._runtime import DecodeError
from generator.runtime._streams import (
    AsyncStream,
    ServerSentEvent,
    Stream,
    StreamLimits,
    _LineSplitter,
    _Overflow,
    aiter_events,
    aiter_json_lines,
    event_decoder,
    iter_events,
    iter_json_lines,
)

E = ServerSentEvent


def _events(body: bytes, limits: StreamLimits = StreamLimits()) -> list[E]:
    """The events of ``body``, read whole, a byte at a time and in uneven chunks:
    all three must agree."""
    whole = list(iter_events([body], limits))
    assert (
        list(iter_events([body[i : i + 1] for i in range(len(body))], limits)) == whole
    )
    assert list(iter_events([body[:3], body[3:7], body[7:]], limits)) == whole
    return whole


def test_data_lines_join_with_newlines() -> None:
    body = b"data: first\ndata: second\ndata:third\n\n"
    assert _events(body) == [E("first\nsecond\nthird")]


def test_one_space_after_the_colon_is_dropped() -> None:
    assert _events(b"data:  two spaces\n\ndata\n\n") == [E(" two spaces"), E("")]


def test_comments_are_skipped() -> None:
    body = b": keep-alive\ndata: a\n: another\n\n:\n\n"
    assert _events(body) == [E("a")]


def test_event_id_and_retry() -> None:
    body = (
        b"event: delta\nid: 7\nretry: 1500\ndata: x\n\n"
        b"data: y\n\n"
        b"id\ndata: z\n\n"
    )
    assert _events(body) == [
        E("x", "delta", "7", 1500),
        E("y", None, "7", None),  # the last event id stays; type and retry do not
        E("z", None, "", None),
    ]


def test_an_id_with_nul_and_a_retry_that_is_not_digits_are_ignored() -> None:
    body = b"id: 1\ndata: a\n\nid: 2\x003\nretry: 10s\ndata: b\n\n"
    assert _events(body) == [E("a", None, "1"), E("b", None, "1")]


def test_unknown_fields_are_ignored() -> None:
    assert _events(b"foo: bar\ndata: a\n\n") == [E("a")]


def test_an_event_without_data_is_not_dispatched() -> None:
    assert _events(b"event: ping\n\nid: 3\n\ndata: a\n\n") == [E("a", None, "3")]


@pytest.mark.parametrize("end", [b"\r\n", b"\r", b"\n"])
def test_every_line_end(end: bytes) -> None:
    body = end.join([b"event: e", b"data: 1", b"data: 2", b"", b"data: 3", b"", b""])
    assert _events(body) == [E("1\n2", "e"), E("3")]


def test_a_crlf_cut_between_two_reads_is_one_line_end() -> None:
    chunks = [b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]
    assert list(iter_events(chunks)) == [E("a\nb")]


def test_a_leading_byte_order_mark_is_ignored() -> None:
    assert _events(b"\xef\xbb\xbfdata: a\n\n") == [E("a")]
    assert _events(b"data: \xef\xbb\xbfa\n\n") == [E("\ufeffa")]


def test_bytes_that_are_not_utf8_become_replacement_characters() -> None:
    assert _events("data: é\n\n".encode() + b"data: \xff\n\n") == [E("é"), E("\ufffd")]


def test_an_unfinished_last_event_is_discarded() -> None:
    assert _events(b"data: a\n\ndata: b\n") == [E("a")]
    assert _events(b"data: a\n\ndata: b") == [E("a")]


def test_a_line_over_the_limit_is_refused() -> None:
    limits = StreamLimits(max_line_size=10, max_event_size=100)
    assert _events(b"data: 1234\n\n", limits) == [E("1234")]
    with pytest.raises(
        _Overflow, match=r"max_line_size \(10 bytes\) starting at byte 0"
    ):
        _events(b"data: 12345\n\n", limits)


def test_a_line_is_refused_before_it_ends() -> None:
    splitter = _LineSplitter(10)
    assert splitter.feed(b"ok\nda") == [b"ok"]
    with pytest.raises(_Overflow, match="starting at byte 3"):
        splitter.feed(b"ta: more than ten")


def test_an_event_over_the_limit_is_refused() -> None:
    limits = StreamLimits(max_line_size=100, max_event_size=8)
    # Counted as the buffer holds it: each data line with a line feed.
    assert _events(b"data: 1234\ndata: 12\n\n", limits) == [E("1234\n12")]
    with pytest.raises(_Overflow, match=r"max_event_size \(8 bytes\)"):
        _events(b"data: 1234\ndata: 123\n\n", limits)


def test_json_lines() -> None:
    body = b'{"a": 1}\n\n  \r\n{"a": 2}\r\n{"a": 3}'
    whole = list(iter_json_lines([body]))
    assert whole == [E('{"a": 1}'), E('{"a": 2}'), E('{"a": 3}')]
    assert list(iter_json_lines([body[i : i + 1] for i in range(len(body))])) == whole
    with pytest.raises(_Overflow):
        list(iter_json_lines([b"1234567\n"], StreamLimits(max_line_size=5)))


async def _chunks(*chunks: bytes) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


def test_the_async_readers_agree() -> None:
    async def main() -> tuple[list[E], list[E]]:
        events = [e async for e in aiter_events(_chunks(b"data: a\r", b"\n\n"))]
        lines = [e async for e in aiter_json_lines(_chunks(b"1\n", b"2"))]
        return events, lines

    assert asyncio.run(main()) == ([E("a")], [E("1"), E("2")])


# -- decoding events ----------------------------------------------------------------------


def test_event_data_is_decoded_from_json() -> None:
    decode = event_decoder(lambda data: ("decoded", data))
    assert decode(E('{"n": 1}', "delta", "4")) == ("decoded", {"n": 1})
    with pytest.raises(DecodeError, match="event data is not JSON: 'oops'"):
        decode(E("oops"))


def test_text_data_is_passed_as_it_is() -> None:
    assert event_decoder(str.upper, json_data=False)(E("not json")) == "NOT JSON"


def test_an_envelope_gathers_the_events_fields() -> None:
    decode = event_decoder(
        lambda fields: fields, envelope=frozenset({"data", "event", "id"})
    )
    assert decode(E('{"n": 1}', "delta", "4", 100)) == {
        "data": {"n": 1},
        "event": "delta",
        "id": "4",
    }
    assert decode(E("[1]")) == {"data": [1]}
    with_retry = event_decoder(lambda f: f, envelope=frozenset({"data", "retry"}))
    assert with_retry(E("1", "e", "2", 30)) == {"data": 1, "retry": 30}
    with pytest.raises(DecodeError):
        decode(E("{"))


# -- streams over responses ------------------------------------------------------------------


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body sent in these chunks, then failing with ``error`` if given."""

    def __init__(self, chunks: list[bytes], error: Exception | None = None) -> None:
        self.chunks = chunks
        self.error = error
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield from self.chunks
        if self.error is not None:
            raise self.error

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self.chunks:
            yield chunk
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


REQUEST = httpx.Request(
    "POST",
    "https://api.example.test/v1/chat",
    extensions={"timeout": {"read": 2.5}},
)


def _response(body: Body, **headers: str) -> httpx.Response:
    return httpx.Response(200, stream=body, headers=headers, request=REQUEST)


def test_a_stream_decodes_each_event_and_closes_at_the_end() -> None:
    body = Body([b'data: {"n": 1}\n\n', b'data: {"n": 2}\n\n'])
    stream = Stream(_response(body), event_decoder(lambda d: d["n"]))
    assert list(stream) == [1, 2]
    assert body.closed and stream.response.is_closed


def test_a_stream_ends_at_the_sentinel() -> None:
    body = Body([b"data: 1\n\ndata: [DONE]\n\ndata: 3\n\n"])
    with Stream(_response(body), event_decoder(int), "[DONE]") as stream:
        assert list(stream) == [1]
    assert body.closed


def test_leaving_the_with_block_closes_the_connection() -> None:
    body = Body([b"data: 1\n\n", b"data: 2\n\n"])
    with Stream(_response(body), event_decoder(int)) as stream:
        assert next(stream) == 1
    assert body.closed
    with pytest.raises(StopIteration):
        next(stream)


def test_a_stream_of_json_lines() -> None:
    body = Body([b'{"n": 1}\n{"n"', b": 2}\n"])
    stream = Stream(_response(body), event_decoder(lambda d: d["n"]), lines=True)
    assert list(stream) == [1, 2]


def test_a_line_over_the_limit_is_a_stream_error() -> None:
    body = Body([b"data: " + b"x" * 100 + b"\n\n"])
    stream = Stream(
        _response(body),
        event_decoder(str, json_data=False),
        limits=StreamLimits(max_line_size=50),
    )
    with pytest.raises(StreamError) as caught:
        list(stream)
    assert str(caught.value) == (
        "a line longer than max_line_size (50 bytes) starting at byte 0"
        " in the event stream of POST https://api.example.test/v1/chat"
    )
    assert caught.value.response is stream.response and body.closed


def test_silence_is_a_timeout_and_a_broken_connection_a_connection_error() -> None:
    quiet = Body([b"data: 1\n\n"], httpx.ReadTimeout("silence"))
    stream = Stream(_response(quiet), event_decoder(int))
    assert next(stream) == 1
    with pytest.raises(APITimeoutError) as caught:
        next(stream)
    assert str(caught.value) == (
        "ReadTimeout: no data for 2.5 s while reading the event stream"
        " of POST https://api.example.test/v1/chat"
    )
    assert caught.value.request is REQUEST and quiet.closed
    broken = Body([], httpx.RemoteProtocolError("peer closed"))
    with pytest.raises(APIConnectionError, match="RemoteProtocolError while reading"):
        list(Stream(_response(broken), event_decoder(int)))


def test_a_body_that_does_not_decompress_is_a_stream_error() -> None:
    body = Body([b"not gzip at all"])
    stream = Stream(_response(body, **{"Content-Encoding": "gzip"}), event_decoder(int))
    with pytest.raises(StreamError, match="DecodingError while reading"):
        list(stream)


def test_the_async_stream() -> None:
    body = Body([b"data: 1\n\n", b"data: 2\n\ndata: [DONE]\n\n"])
    failing = Body([b"data: 1\n\n"], httpx.ReadTimeout("silence"))

    async def main() -> list[int]:
        async with AsyncStream(_response(body), event_decoder(int), "[DONE]") as stream:
            values = [value async for value in stream]
        assert body.closed
        stream = AsyncStream(_response(failing), event_decoder(int))
        assert await stream.__anext__() == 1
        with pytest.raises(APITimeoutError):
            await stream.__anext__()
        return values

    assert asyncio.run(main()) == [1, 2]


def test_async_close_stops_reading() -> None:
    body = Body([b"data: 1\n\n", b"data: 2\n\n"])

    async def main() -> Any:
        stream = AsyncStream(_response(body), event_decoder(lambda d: json.dumps(d)))
        first = await stream.__anext__()
        await stream.aclose()
        return first

    assert asyncio.run(main()) == "1" and body.closed
