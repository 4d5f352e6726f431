"""What a response becomes: the operation's value decoded from JSON, or, through
``client.with_raw_response`` and ``client.with_streaming_response``, the response
as it came (:class:`RawResponse`), with ``parse()`` for that value.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Final,
    Generic,
    ParamSpec,
    TypeVar,
    cast,
    overload,
)

import httpx

from ._exceptions import ResponseValidationError
from ._runtime import DecodeError

if TYPE_CHECKING:
    from ._pagination import AsyncPager

__all__ = [
    "decode_json",
    "RawResponse",
    "AsyncRawResponse",
    "AsyncRawCall",
    "RawMethod",
    "raw",
    "async_raw",
    "async_raw_pager",
]

T = TypeVar("T")
R = TypeVar("R")
P = TypeVar("P")
I = TypeVar("I")
Params = ParamSpec("Params")


def decode_json(response: httpx.Response, decode: Callable[[Any], T]) -> T:
    """The body as JSON, decoded; a body that is not what the spec says raises
    :class:`ResponseValidationError` with the path of the first bad value."""
    try:
        data = json.loads(response.content)
    except ValueError:
        message = f"the body is not JSON: {response.text[:200]!r}"
        raise ResponseValidationError(response, message) from None
    try:
        return decode(data)
    except DecodeError as error:
        raise ResponseValidationError(
            response, error.message, error.path, data
        ) from error


class _Raw(Generic[T]):
    """What a raw response of either client is: the httpx response, and how to
    parse it into the operation's value."""

    __slots__ = ("http_response", "_parse", "_reads", "_value")

    def __init__(
        self,
        response: httpx.Response,
        parse: Callable[[httpx.Response], T],
        reads: bool = True,
    ) -> None:
        self.http_response = response
        """The httpx response."""
        self._parse = parse
        self._reads = reads
        self._value: Any = _NOT_PARSED

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def reason_phrase(self) -> str:
        return self.http_response.reason_phrase

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_version(self) -> str:
        return self.http_response.http_version

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    def _then(self, after: Callable[[T], Any]) -> Callable[[httpx.Response], Any]:
        parse = self._parse
        return lambda response: after(parse(response))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code} {self.reason_phrase}]>"


class RawResponse(_Raw[T]):
    """A response as it came: status, headers, body, and :meth:`parse` for the value
    the operation returns.

    ``client.with_raw_response.<group>.<method>(...)`` gives one with the body read
    (but for an event stream, which :meth:`parse` gives as the Stream, unread);
    ``client.with_streaming_response...`` gives one before the body is read, to
    stream it (:meth:`iter_bytes`, :meth:`write_to`): use it in a ``with`` block,
    which closes the connection.  An error status raises as the method does.
    """

    __slots__ = ()

    def parse(self) -> T:
        """The operation's value (decoded once; for an event stream, the Stream)."""
        if self._value is _NOT_PARSED:
            if self._reads:
                self.http_response.read()
            self._value = self._parse(self.http_response)
        return cast(T, self._value)

    def then(self, after: Callable[[T], Any]) -> RawResponse[Any]:
        """This response, parsed into ``after`` of what it parses into."""
        return RawResponse(self.http_response, self._then(after), self._reads)

    def read(self) -> bytes:
        """The whole body (read now, if it was not)."""
        return self.http_response.read()

    @property
    def content(self) -> bytes:
        return self.read()

    @property
    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        return json.loads(self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in pieces, as it arrives (decompressed)."""
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def write_to(self, path: str | os.PathLike[str]) -> int:
        """Write the body to a file as it arrives; the number of bytes written."""
        written = 0
        with open(path, "wb") as file:
            for chunk in self.http_response.iter_bytes():
                file.write(chunk)
                written += len(chunk)
        return written

    def close(self) -> None:
        """Release the connection (the body is not read any further)."""
        self.http_response.close()

    def __enter__(self) -> RawResponse[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncRawResponse(_Raw[T]):
    """:class:`RawResponse` of an AsyncClient: ``await parse()``, ``aread()``,
    ``aiter_bytes()``, ``await awrite_to(path)``, ``async with``."""

    __slots__ = ()

    async def parse(self) -> T:
        """The operation's value (decoded once; for an event stream, the AsyncStream)."""
        if self._value is _NOT_PARSED:
            if self._reads:
                await self.http_response.aread()
            self._value = self._parse(self.http_response)
        return cast(T, self._value)

    def then(self, after: Callable[[T], Any]) -> AsyncRawResponse[Any]:
        return AsyncRawResponse(self.http_response, self._then(after), self._reads)

    async def aread(self) -> bytes:
        return await self.http_response.aread()

    async def json(self) -> Any:
        return json.loads(await self.aread())

    def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    async def awrite_to(self, path: str | os.PathLike[str]) -> int:
        """Write the body to a file as it arrives; the number of bytes written."""
        written = 0
        with open(path, "wb") as file:
            async for chunk in self.http_response.aiter_bytes():
                file.write(chunk)
                written += len(chunk)
        return written

    async def aclose(self) -> None:
        await self.http_response.aclose()

    async def __aenter__(self) -> AsyncRawResponse[T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


_NOT_PARSED: Final = object()


class AsyncRawCall(Generic[T]):
    """A call of an AsyncClient's ``with_raw_response`` or ``with_streaming_response``:
    ``await`` it for the :class:`AsyncRawResponse`, or enter it with ``async with``,
    which closes the response on leaving."""

    __slots__ = ("_pending", "_response")

    def __init__(self, pending: Awaitable[Any]) -> None:
        self._pending = pending
        self._response: AsyncRawResponse[T] | None = None

    async def _get(self) -> AsyncRawResponse[T]:
        if self._response is None:
            self._response = cast(AsyncRawResponse[T], await self._pending)
        return self._response

    def __await__(self) -> Generator[Any, None, AsyncRawResponse[T]]:
        return self._get().__await__()

    async def __aenter__(self) -> AsyncRawResponse[T]:
        return await self._get()

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await self._response.aclose()


class RawMethod(Generic[Params, R]):
    """A method of an operation group as its raw class has it (``client.with_raw_response
    .chat.create``): the group's own method, bound to the raw class's operations (whose
    transport returns responses instead of values), and typed as returning ``R``.

    A class attribute, one per method, so that a raw class repeats no operation's code
    and each of its lines stands alone.
    """

    __slots__ = ("_method", "_wrap")

    def __init__(
        self,
        method: Callable[..., Any],
        wrap: Callable[[Callable[..., Any]], Callable[..., Any]] | None = None,
    ) -> None:
        self._method = method
        self._wrap = wrap

    @overload
    def __get__(self, owner: None, cls: type[Any]) -> RawMethod[Params, R]: ...

    @overload
    def __get__(self, owner: object, cls: type[Any]) -> Callable[Params, R]: ...

    def __get__(self, owner: object | None, cls: type[Any]) -> Any:
        if owner is None:
            return self
        bound = self._method.__get__(getattr(owner, "_operations"))
        return bound if self._wrap is None else self._wrap(bound)


def raw(
    method: Callable[Concatenate[Any, Params], T],
) -> RawMethod[Params, RawResponse[T]]:
    """A group's method in its raw class (the transport there returns RawResponse)."""
    return RawMethod(method)


def async_raw(
    method: Callable[Concatenate[Any, Params], Awaitable[T]],
) -> RawMethod[Params, AsyncRawCall[T]]:
    """:func:`raw` for an AsyncClient's methods: a call gives an AsyncRawCall."""
    return RawMethod(method, _pending)


def _pending(bound: Callable[..., Awaitable[Any]]) -> Callable[..., AsyncRawCall[Any]]:
    def call(*args: Any, **kwargs: Any) -> AsyncRawCall[Any]:
        return AsyncRawCall(bound(*args, **kwargs))

    call.__doc__ = bound.__doc__
    return call


def async_raw_pager(
    method: Callable[Concatenate[Any, Params], AsyncPager[I, P]],
) -> RawMethod[Params, AsyncRawCall[AsyncPager[I, P]]]:
    """:func:`raw` for an AsyncClient's paginated methods (in a raw mode their
    transport returns an AsyncRawCall itself)."""
    return RawMethod(method)
