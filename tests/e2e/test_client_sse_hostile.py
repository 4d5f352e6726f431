"""Generated event-stream clients against servers that misbehave.

A 10 MB line, a body that ends without a line end or mid-event, bytes that are not
UTF-8, a connection dropped mid-body, a server that goes silent, keep-alive comments
and a stream that never ends: each case runs the generated sync and async clients
against a real server on 127.0.0.1 (``tests/server/hostile.py``).  The line splitter
and event decoder of the generated ``_streams`` module are also checked with hypothesis:
chunk boundaries anywhere give the same lines and events as the whole body.
"""

from __future__ import annotations

import asyncio
import base64
import re
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests.server import hostile, running_server  # noqa: E402
from tests.server.packages import spec_package  # noqa: E402

PACKAGE = "sse_hostile_client_under_test"
TIMEOUT = 0.5
"""The clients' timeout in seconds: short, so that a silent server fails fast."""
MODES = ["sync", "async"]


def _operation(operation_id: str, *params: tuple[str, str]) -> dict[str, Any]:
    return {
        "get": {
            "tags": ["Hostile"],
            "operationId": operation_id,
            "parameters": [
                {"name": name, "in": "query", "schema": {"type": kind}}
                for name, kind in params
            ],
            "responses": {
                "200": {
                    "description": "events whose data is text",
                    "content": {"text/event-stream": {"schema": {"type": "string"}}},
                }
            },
        }
    }


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Hostile", "version": "1"},
    "paths": {
        "/sse/replay": _operation(
            "replay", ("body", "string"), ("cuts", "string"), ("then", "string")
        ),
        "/sse/long-line": _operation("longLine", ("size", "integer")),
        "/sse/keepalive": _operation(
            "keepalive", ("interval", "number"), ("count", "integer"), ("key", "string")
        ),
        "/sse/forever": _operation(
            "forever", ("interval", "number"), ("key", "string")
        ),
    },
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with spec_package(tmp_path_factory.mktemp("sse_hostile"), SPEC, PACKAGE) as module:
        yield module


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server(application=hostile.app) as url:
        yield url


def _b64(body: bytes) -> str:
    return base64.urlsafe_b64encode(body).decode("ascii")


def _read(
    pkg: ModuleType,
    base_url: str,
    mode: str,
    operation: str,
    received: list[str] | None = None,
    **arguments: Any,
) -> list[str]:
    """Every event of one call, read with the sync or the async client.

    Events arrive in ``received`` as they are read, so that a test can see what came
    before an exception.
    """
    events = [] if received is None else received
    if mode == "sync":
        with pkg.Client(base_url, timeout=TIMEOUT, retries=None) as client:
            with getattr(client.hostile, operation)(**arguments) as stream:
                events.extend(stream)
        return events

    async def main() -> None:
        async with pkg.AsyncClient(base_url, timeout=TIMEOUT, retries=None) as client:
            async with await getattr(client.hostile, operation)(**arguments) as stream:
                async for event in stream:
                    events.append(event)

    asyncio.run(asyncio.wait_for(main(), 30))
    return events


def _replay(
    pkg: ModuleType,
    base_url: str,
    mode: str,
    body: bytes,
    cuts: tuple[int, ...] = (),
    then: str = "end",
    received: list[str] | None = None,
) -> list[str]:
    """The events of ``body`` sent in pieces cut at ``cuts``, then ended as ``then`` says."""
    return _read(
        pkg,
        base_url,
        mode,
        "replay",
        received,
        body=_b64(body),
        cuts=",".join(map(str, cuts)),
        then=then,
    )


def _wait_for_disconnect(key: str) -> bool:
    deadline = time.monotonic() + 10
    while key not in hostile.DISCONNECTED and time.monotonic() < deadline:
        time.sleep(0.01)
    return key in hostile.DISCONNECTED


# -- against the server ----------------------------------------------------------------


class _Traced:
    """Reads a stream with tracemalloc on: the most memory Python held meanwhile.

    Both the client and the server run in this process, so the peak counts both.
    """

    def __init__(self) -> None:
        self.peak = 0
        self.error: BaseException | None = None

    def __enter__(self) -> _Traced:
        tracemalloc.start()
        return self

    def __exit__(self, kind: object, error: BaseException | None, tb: object) -> bool:
        self.peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        self.error = error
        return True


@pytest.mark.parametrize("mode", MODES)
def test_a_10_mb_line_stops_at_the_line_limit(
    pkg: ModuleType, base_url: str, mode: str
) -> None:
    size = 10_000_000
    traced = _Traced()
    if mode == "sync":
        with pkg.Client(base_url, timeout=TIMEOUT) as client:
            with client.hostile.long_line(size=size) as stream, traced:
                list(stream)
    else:

        async def main() -> None:
            async with pkg.AsyncClient(base_url, timeout=TIMEOUT) as client:
                async with await client.hostile.long_line(size=size) as stream:
                    with traced:
                        [event async for event in stream]

        asyncio.run(asyncio.wait_for(main(), 30))
    limit = pkg._http.StreamLimits().max_line_size
    error = traced.error
    assert isinstance(error, pkg.StreamError), error
    message = str(error)
    assert f"longer than max_line_size ({limit} bytes) starting at byte 0" in message
    assert f"/sse/long-line?size={size}" in message
    assert error.response.is_closed and error.__cause__ is None
    # The line is ten times the limit; the reader held the limit and a few reads.
    assert traced.peak < 2 * limit


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("where", ["constructor", "with_options"])
def test_a_client_sets_its_own_stream_limits(
    pkg: ModuleType, base_url: str, mode: str, where: str
) -> None:
    limits = pkg.StreamLimits(max_line_size=1024, max_event_size=4096)
    chosen = {"stream_limits": limits} if where == "constructor" else {}

    def configured(client: Any) -> Any:
        return client if chosen else client.with_options(stream_limits=limits)

    errors: list[BaseException] = []
    if mode == "sync":
        with pkg.Client(base_url, timeout=TIMEOUT, **chosen) as client:
            with configured(client).hostile.long_line(size=5000) as stream:
                with pytest.raises(pkg.StreamError) as caught:
                    list(stream)
                errors.append(caught.value)
    else:

        async def main() -> None:
            async with pkg.AsyncClient(base_url, timeout=TIMEOUT, **chosen) as client:
                call = configured(client).hostile.long_line(size=5000)
                async with await call as stream:
                    with pytest.raises(pkg.StreamError) as caught:
                        [event async for event in stream]
                    errors.append(caught.value)

        asyncio.run(asyncio.wait_for(main(), 30))
    assert "longer than max_line_size (1024 bytes)" in str(errors[0])


@pytest.mark.parametrize("mode", MODES)
def test_crlf_split_between_reads_is_one_line_end(
    pkg: ModuleType, base_url: str, mode: str
) -> None:
    body = b"data: 1\r\ndata: 2\r\n\r\ndata: 3\r\rdata: 4\n\n"
    # Cut after each CR: a CRLF read as two line ends would end the first event early.
    cuts = tuple(m.end() for m in re.finditer(b"\r", body))
    assert _replay(pkg, base_url, mode, body, cuts) == ["1\n2", "3", "4"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"data: 1\n\ndata: 2\n\ndata: 3", ["1", "2"]),
        (b"data: 1\n\ndata: 2\n", ["1"]),
        (b"data: 1\r\n\r\ndata: 2\r", ["1"]),
        (b"data: 1\n\n: a comment", ["1"]),
        (b"data: 1\n\n\n", ["1"]),
    ],
)
def test_an_unfinished_last_event_is_discarded(
    pkg: ModuleType, base_url: str, mode: str, body: bytes, expected: list[str]
) -> None:
    """As the SSE spec says: only a blank line dispatches an event."""
    assert _replay(pkg, base_url, mode, body) == expected


@pytest.mark.parametrize("mode", MODES)
def test_bytes_that_are_not_utf8_become_replacement_characters(
    pkg: ModuleType, base_url: str, mode: str
) -> None:
    body = "\ufeffdata: é\n\n".encode() + b"data: a\xffb\xe2\x82\n\ndata: \xc3\n\n"
    # Cut inside the BOM and inside "é": a character split between reads is whole.
    events = _replay(pkg, base_url, mode, body, cuts=(1, 10))
    assert events == ["é", "a\ufffdb\ufffd", "\ufffd"]


@pytest.mark.parametrize("mode", MODES)
def test_a_connection_dropped_mid_event_is_an_api_connection_error(
    pkg: ModuleType, base_url: str, mode: str
) -> None:
    received: list[str] = []
    with pytest.raises(pkg.APIConnectionError) as caught:
        _replay(
            pkg,
            base_url,
            mode,
            b"data: 1\n\ndata: 2\n",
            then="close",
            received=received,
        )
    assert received == ["1"]
    error = caught.value
    assert not isinstance(error, (pkg.APITimeoutError, httpx.HTTPError))
    assert "while reading the event stream of GET" in str(error)
    assert isinstance(error.__cause__, httpx.RemoteProtocolError)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("body", "expected"),
    [(b"", []), (b"data: 1\n\n", ["1"]), (b"data: 1\n\ndata: 2", ["1"])],
)
def test_a_silent_server_is_a_timeout(
    pkg: ModuleType, base_url: str, mode: str, body: bytes, expected: list[str]
) -> None:
    """Silent from the start, after an event, or in the middle of a line."""
    received: list[str] = []
    with pytest.raises(pkg.APITimeoutError) as caught:
        _replay(pkg, base_url, mode, body, then="hang", received=received)
    assert received == expected
    assert f"no data for {TIMEOUT} s while reading the event stream" in str(
        caught.value
    )
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)


@pytest.mark.parametrize("mode", MODES)
def test_keepalive_comments_are_not_silence(
    pkg: ModuleType, base_url: str, mode: str
) -> None:
    """Comments more often than the timeout keep a stream alive past it, by design."""
    events = _read(pkg, base_url, mode, "keepalive", interval=TIMEOUT / 10, count=15)
    assert events == ["done"]


def test_a_never_ending_stream_is_released_by_break(
    pkg: ModuleType, base_url: str
) -> None:
    key = str(uuid.uuid4())
    with pkg.Client(base_url, timeout=TIMEOUT) as client:
        with client.hostile.forever(interval=0.02, key=key) as stream:
            events = []
            for event in stream:
                events.append(event)
                if len(events) == 3:
                    break
    assert events == ["0", "1", "2"]
    assert _wait_for_disconnect(key)


def test_a_never_ending_async_stream_is_released_by_aclose(
    pkg: ModuleType, base_url: str
) -> None:
    key = str(uuid.uuid4())

    async def main() -> list[str]:
        async with pkg.AsyncClient(base_url, timeout=TIMEOUT) as client:
            stream = await client.hostile.forever(interval=0.02, key=key)
            events = [await anext(stream) for _ in range(3)]
            await stream.aclose()
            return events

    assert asyncio.run(asyncio.wait_for(main(), 30)) == ["0", "1", "2"]
    assert _wait_for_disconnect(key)


def test_an_async_keepalive_stream_can_be_bounded_by_the_caller(
    pkg: ModuleType, base_url: str
) -> None:
    """The documented way to stop a stream that sends only comments: asyncio timeouts."""
    key = str(uuid.uuid4())

    async def main() -> None:
        async with pkg.AsyncClient(base_url, timeout=TIMEOUT) as client:
            stream = await client.hostile.keepalive(
                interval=TIMEOUT / 10, count=1000, key=key
            )
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(anext(stream), 2 * TIMEOUT)
            await stream.aclose()

    asyncio.run(asyncio.wait_for(main(), 30))
    assert _wait_for_disconnect(key)


# -- the reader on its own ---------------------------------------------------------------


def _request() -> httpx.Request:
    return httpx.Request("GET", "http://127.0.0.1/sse")


def _event_of(pkg: ModuleType, lines: int) -> Any:
    """A stream of one event of ``lines`` data lines of 99 bytes: 100 bytes of data each."""
    limits = pkg._http.StreamLimits(max_line_size=200, max_event_size=1000)
    body = [b"data: " + b"x" * 99 + b"\n"] * lines + [b"\n"]
    response = httpx.Response(200, content=iter(body), request=_request())
    return pkg._http.Stream(response, lambda event: event.data, limits=limits)


def test_an_event_at_the_event_limit_passes(pkg: ModuleType) -> None:
    assert list(_event_of(pkg, 10)) == ["\n".join(["x" * 99] * 10)]


def test_an_event_over_the_event_limit_is_a_stream_error(pkg: ModuleType) -> None:
    stream = _event_of(pkg, 11)
    with pytest.raises(pkg.StreamError, match=r"max_event_size \(1000 bytes\)"):
        list(stream)
    assert stream.response.is_closed


def test_an_async_stream_over_the_line_limit_is_a_stream_error(pkg: ModuleType) -> None:
    limits = pkg._http.StreamLimits(max_line_size=100)

    async def chunks() -> Any:
        yield b"data: ok\n\n"
        while True:
            yield b"y" * 30

    async def main() -> list[str]:
        response = httpx.Response(200, content=chunks(), request=_request())
        stream = pkg._http.AsyncStream(response, lambda e: e.data, limits=limits)
        received: list[str] = []
        with pytest.raises(pkg.StreamError, match="starting at byte 10 "):
            async for event in stream:
                received.append(event)
        assert response.is_closed
        return received

    assert asyncio.run(main()) == ["ok"]


def test_a_body_that_does_not_decompress_is_a_stream_error(pkg: ModuleType) -> None:
    response = httpx.Response(
        200,
        headers={"content-encoding": "gzip"},
        content=iter([b"data: not gzip\n\n"]),
        request=_request(),
    )
    stream = pkg._http.Stream(response, lambda event: event.data)
    with pytest.raises(pkg.StreamError, match="DecodingError while reading"):
        list(stream)
    assert isinstance(stream.response, httpx.Response) and response.is_closed


TOKENS = [
    b"data",
    b"event",
    b"id",
    b"retry",
    b":",
    b" ",
    b"\r",
    b"\n",
    b"\r\n",
    b"x",
    b"7",
    b"\xc3",
    b"\xa9",
    b"\xff",
    b"\x00",
    b"\xef\xbb\xbf",
]
bodies = st.lists(st.sampled_from(TOKENS), max_size=60).map(b"".join)


def _cut(body: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(body), *(c % (len(body) + 1) for c in cuts)})
    return [body[a:b] for a, b in zip(points, points[1:])]


def _reference_lines(body: bytes) -> list[bytes]:
    """Lines by the spec's grammar, from the whole body: the last piece is unfinished."""
    return re.split(rb"\r\n|\r|\n", body)


def _split(
    pkg: ModuleType, pieces: list[bytes], max_line: int = 1 << 20
) -> list[bytes]:
    splitter = pkg._streams._LineSplitter(max_line)
    return [line for piece in pieces for line in splitter.feed(piece)]


@settings(max_examples=300, deadline=None)
@given(body=bodies, cuts=st.lists(st.integers(min_value=0), max_size=8))
def test_lines_do_not_depend_on_where_reads_end(
    pkg: ModuleType, body: bytes, cuts: list[int]
) -> None:
    expected = _reference_lines(body)[:-1]
    if expected and expected[0].startswith(b"\xef\xbb\xbf"):
        expected[0] = expected[0][3:]
    assert _split(pkg, _cut(body, cuts)) == expected


@settings(max_examples=300, deadline=None)
@given(body=bodies, cuts=st.lists(st.integers(min_value=0), max_size=8))
def test_events_do_not_depend_on_where_reads_end(
    pkg: ModuleType, body: bytes, cuts: list[int]
) -> None:
    whole = list(pkg._streams.iter_events([body]))
    assert list(pkg._streams.iter_events(_cut(body, cuts))) == whole
    one_byte_reads = [body[i : i + 1] for i in range(len(body))]
    assert list(pkg._streams.iter_events(one_byte_reads)) == whole


@settings(max_examples=300, deadline=None)
@given(
    body=bodies,
    cuts=st.lists(st.integers(min_value=0), max_size=8),
    max_line=st.integers(min_value=0, max_value=12),
)
def test_the_line_buffer_never_passes_the_limit(
    pkg: ModuleType, body: bytes, cuts: list[int], max_line: int
) -> None:
    """A line over the limit fails as soon as it is known, never after being held whole."""
    splitter = pkg._streams._LineSplitter(max_line)
    too_long = any(len(line) > max_line for line in _reference_lines(body))
    try:
        for piece in _cut(body, cuts):
            for line in splitter.feed(piece):
                assert len(line) <= max_line
            assert len(splitter._partial) <= max_line
    except pkg._streams._Overflow as error:
        assert too_long, error
        assert f"max_line_size ({max_line} bytes)" in str(error)
    else:
        assert not too_long


def test_stream_error_is_exported_with_the_other_errors(pkg: ModuleType) -> None:
    """Callers catch it from the package, and ``SDKError`` still catches everything."""
    assert issubclass(pkg.StreamError, pkg.SDKError)
    assert not issubclass(pkg.StreamError, pkg.APIConnectionError)
    assert pkg.StreamError is pkg.errors.StreamError
    assert "StreamError" in pkg.__all__
