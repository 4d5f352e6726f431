"""generator/runtime/_responses.py: JSON bodies, raw responses and the raw
clients' methods."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.runtime._responses import (
    AsyncRawCall,
    AsyncRawResponse,
    RawMethod,
    RawResponse,
    async_raw,
    decode_json,
    raw,
)
from generator.runtime._exceptions import APIError, ResponseValidationError, SDKError
from generator.runtime._runtime import DecodeError

REQUEST = httpx.Request("GET", "https://api.example.test/v1/x")


def _response(content: Any = b'{"n": 1}', status: int = 200) -> httpx.Response:
    return httpx.Response(
        status, content=content, headers={"X-Id": "7"}, request=REQUEST
    )


def test_decode_json() -> None:
    assert decode_json(_response(), lambda data: data["n"] + 1) == 2
    with pytest.raises(ResponseValidationError) as caught:
        decode_json(_response(b"<html>oops</html>", 502), lambda data: data)
    assert str(caught.value) == (
        "HTTP 502 Bad Gateway: the body does not match the spec at $:"
        " the body is not JSON: '<html>oops</html>'"
    )
    assert caught.value.body is None and caught.value.text == "<html>oops</html>"


def test_a_body_off_the_spec_is_an_api_error_with_the_response() -> None:
    # Before, a bare DecodeError (a ValueError outside SDKError), with no response.
    def refuse(data: Any) -> Any:
        raise DecodeError("expected a string, got number", ("items", 2, "n"))

    with pytest.raises(APIError) as caught:
        decode_json(_response(b'{"items": [1, 2, {"n": 3}]}'), refuse)
    error = caught.value
    assert isinstance(error, ResponseValidationError)
    assert (error.status_code, error.headers["x-id"]) == (200, "7")
    assert error.content == b'{"items": [1, 2, {"n": 3}]}'
    assert error.body == {"items": [1, 2, {"n": 3}]}
    assert error.path == ("items", 2, "n") and error.json_path == "$.items[2].n"
    assert error.message == "expected a string, got number"
    assert str(error) == (
        "HTTP 200 OK: the body does not match the spec at $.items[2].n:"
        " expected a string, got number"
    )
    # Still what it was, for code that caught it as such.
    assert isinstance(error, DecodeError) and isinstance(error, ValueError)
    assert isinstance(error, SDKError)


def test_a_raw_response_shows_the_response() -> None:
    response = _response()
    response.read()
    raw_response = RawResponse(response, lambda r: r.json())
    assert raw_response.status_code == 200 and raw_response.reason_phrase == "OK"
    assert raw_response.headers["x-id"] == "7"
    assert raw_response.http_version == "HTTP/1.1"
    assert raw_response.url == REQUEST.url and raw_response.request is REQUEST
    assert raw_response.content == b'{"n": 1}' and raw_response.text == '{"n": 1}'
    assert raw_response.json() == {"n": 1}
    assert repr(raw_response) == "<RawResponse [200 OK]>"


def test_parse_decodes_once() -> None:
    calls: list[int] = []

    def parse(response: httpx.Response) -> Any:
        calls.append(1)
        return response.json()["n"]

    raw_response = RawResponse(_response(), parse)
    assert raw_response.parse() == 1 and raw_response.parse() == 1
    assert calls == [1]


def test_then_parses_into_something_else() -> None:
    raw_response = RawResponse(_response(), lambda r: r.json()["n"])
    assert raw_response.then(lambda n: n * 10).parse() == 10
    assert raw_response.parse() == 1


def _streamed() -> tuple[httpx.Response, list[bool]]:
    closed: list[bool] = []

    def chunks() -> Iterator[bytes]:
        try:
            yield b"part 1,"
            yield b" part 2"
        finally:
            closed.append(True)

    return httpx.Response(200, content=chunks(), request=REQUEST), closed


def test_a_streamed_body_is_read_as_it_arrives(tmp_path: Path) -> None:
    response, _ = _streamed()
    with RawResponse(response, lambda r: r.text, reads=False) as streamed:
        assert list(streamed.iter_bytes()) == [b"part 1,", b" part 2"]
    assert streamed.is_closed
    response, _ = _streamed()
    target = tmp_path / "download.bin"
    assert RawResponse(response, len).write_to(target) == 14
    assert target.read_bytes() == b"part 1, part 2"


def test_parse_reads_the_body_first_unless_told_not_to() -> None:
    response, _ = _streamed()
    assert RawResponse(response, lambda r: r.content).parse() == b"part 1, part 2"
    response, _ = _streamed()
    unread = RawResponse(response, lambda r: r.is_stream_consumed, reads=False)
    assert unread.parse() is False


def test_closing_releases_the_connection() -> None:
    response, _ = _streamed()
    raw_response = RawResponse(response, len, reads=False)
    raw_response.close()
    assert raw_response.is_closed
    with pytest.raises(httpx.StreamClosed):
        raw_response.read()


def test_the_async_raw_response(tmp_path: Path) -> None:
    async def chunks() -> Any:
        yield b"a"
        yield b"b"

    def response() -> httpx.Response:
        return httpx.Response(200, content=chunks(), request=REQUEST)

    async def main() -> tuple[Any, ...]:
        first = AsyncRawResponse(response(), lambda r: r.content)
        parsed = await first.parse()
        second = AsyncRawResponse(response(), len, reads=False)
        pieces = [piece async for piece in second.aiter_bytes()]
        async with AsyncRawResponse(response(), len) as third:
            written = await third.awrite_to(tmp_path / "f")
        fourth = AsyncRawResponse(httpx.Response(200, json=[1], request=REQUEST), len)
        return parsed, pieces, written, third.is_closed, await fourth.json()

    assert asyncio.run(main()) == (b"ab", [b"a", b"b"], 2, True, [1])
    assert (tmp_path / "f").read_bytes() == b"ab"


def test_an_async_raw_call_is_awaited_or_entered() -> None:
    async def body() -> Any:
        yield b"{}"

    async def pending() -> AsyncRawResponse[int]:
        response = httpx.Response(200, content=body(), request=REQUEST)
        return AsyncRawResponse(response, lambda r: 5)

    async def main() -> tuple[int, bool]:
        awaited = await AsyncRawCall[int](pending())
        async with AsyncRawCall[int](pending()) as entered:
            assert not entered.is_closed
        return await awaited.parse(), entered.is_closed

    assert asyncio.run(main()) == (5, True)


class Operations:
    """A group of operations, as ``client.py`` writes one."""

    def __init__(self, transport: str) -> None:
        self.transport = transport

    def get(self, *, n: int) -> str:
        """Get n."""
        return f"{self.transport}:{n}"

    async def aget(self, *, n: int) -> str:
        """Get n, awaited."""
        return f"{self.transport}:{n}"


class RawOperations:
    """A raw class: each method is the group's, bound to its operations."""

    get = raw(Operations.get)
    aget = async_raw(Operations.aget)

    def __init__(self, operations: Operations) -> None:
        self._operations = operations


def test_raw_methods_are_the_groups_methods_bound_to_its_operations() -> None:
    group = RawOperations(Operations("raw-transport"))
    assert isinstance(RawOperations.__dict__["get"], RawMethod)
    assert RawOperations.get is RawOperations.__dict__["get"]
    assert group.get(n=3) == "raw-transport:3"
    assert group.aget.__doc__ == "Get n, awaited."

    async def main() -> Any:
        call = group.aget(n=4)
        assert isinstance(call, AsyncRawCall)
        return await call

    assert asyncio.run(main()) == "raw-transport:4"
