"""Sending requests: the client's options, one operation's request (:class:`Call`),
and the transports that send it with credentials, hooks, retries and logging.

``client.py`` describes each operation's request as a :class:`Call` and hands it to
a transport, with the function that turns a response into the operation's value.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import time
from collections.abc import Callable, Coroutine, Mapping, Sequence
from typing import Any, Final, TypeVar, cast

import httpx

from ._auth import Credential, OAuth2ClientCredentials, apply_security
from ._exceptions import ClientClosedError, MissingCredentialsError, connection_error
from ._pagination import AsyncPager, Pager, Pagination
from ._params import add_query, form_fields, header_value
from ._responses import AsyncRawCall, AsyncRawResponse, RawResponse
from ._retries import IDEMPOTENT_METHODS, Attempts, RetryConfig
from ._runtime import UNSET, Unset, encode_any
from ._servers import Server
from ._streams import AsyncStream, ServerSentEvent, Stream, StreamLimits

__all__ = [
    "LOGGER",
    "RequestHook",
    "ResponseHook",
    "Options",
    "Call",
    "Mode",
    "SyncTransport",
    "AsyncTransport",
    "awaitable",
    "switch_logging_from_environment",
]

T = TypeVar("T")
P = TypeVar("P")

RequestHook = Callable[[httpx.Request], None]
"""Called with each request just before it is sent (every attempt)."""
ResponseHook = Callable[[httpx.Response], None]
"""Called with each response as soon as its headers arrive (every attempt)."""


# -- logging ----------------------------------------------------------------------------

LOGGER: Final = logging.getLogger(__name__.rpartition(".")[0] or __name__)
"""The package's logger (named after the package): debug records for each request,
response, retry and token fetch, with credentials redacted.  Nothing is built when
it is not enabled for debug."""

_DEBUG: Final = logging.DEBUG
_REDACTED: Final = "[redacted]"
_SECRET_HEADERS: Final = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie"}
)
_switched_on = False


def switch_logging_from_environment() -> None:
    """Send the package's debug records to stderr when ``<PACKAGE>_LOG=debug``.

    ``PACKAGE`` is the package's name in capitals (``PETSTORE_LOG`` for
    ``petstore``).  Checked whenever a client is created, so the variable may be
    set by the program itself; a handler is added once.
    """
    global _switched_on
    if _switched_on:
        return
    variable = LOGGER.name.rpartition(".")[2].upper() + "_LOG"
    if os.environ.get(variable, "").strip().lower() != "debug":
        return
    _switched_on = True
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
    )
    LOGGER.addHandler(handler)
    LOGGER.setLevel(_DEBUG)


def _shown_headers(headers: httpx.Headers, secret: frozenset[str]) -> str:
    shown = []
    for raw_name, raw_value in headers.raw:
        name = raw_name.decode("latin-1")
        lower = name.lower()
        if lower in _SECRET_HEADERS or lower in secret:
            value = _REDACTED
        else:
            value = raw_value.decode("latin-1")
        shown.append(f"{name}: {value}")
    return "{" + ", ".join(shown) + "}"


def _shown_url(url: httpx.URL, secret: frozenset[str]) -> str:
    for name in secret:
        if name in url.params:
            url = url.copy_set_param(name, _REDACTED)
    return str(url)


def _log_request(request: httpx.Request, options: Options) -> None:
    LOGGER.debug(
        "request: %s %s headers=%s",
        request.method,
        _shown_url(request.url, options.secret_params),
        _shown_headers(request.headers, options.secret_headers),
    )


def _log_response(
    request: httpx.Request, response: httpx.Response, started: float
) -> None:
    LOGGER.debug(
        "response: %s %s -> %d %s in %.3f s",
        request.method,
        request.url.copy_with(query=None),
        response.status_code,
        response.reason_phrase,
        time.monotonic() - started,
    )


def _log_retry(request: httpx.Request, attempt: int, wait: float, why: str) -> None:
    LOGGER.debug(
        "retry %d of %s %s in %.2f s, after %s",
        attempt,
        request.method,
        request.url.copy_with(query=None),
        wait,
        why,
    )


# -- options ---------------------------------------------------------------------------


def _set_header(headers: dict[str, str], name: str, value: str) -> None:
    """``headers[name] = value``, replacing a header of the same name in any case."""
    if name not in headers:
        lower = name.lower()
        for key in headers:
            if key.lower() == lower:
                del headers[key]
                break
    headers[name] = value


class Options:
    """What a client was configured with; shared by its operation groups."""

    __slots__ = (
        "base_url",
        "headers",
        "credentials",
        "timeout",
        "retries",
        "retries_given",
        "on_request",
        "on_response",
        "stream_limits",
        "server_variables",
        "secret_headers",
        "secret_params",
        "_bases",
    )

    def __init__(
        self,
        *,
        base_url: str,
        headers: Mapping[str, str] | None,
        user_agent: str,
        credentials: Mapping[str, Credential],
        timeout: float | httpx.Timeout | None,
        retries: RetryConfig | None,
        retries_given: bool,
        on_request: Sequence[RequestHook],
        on_response: Sequence[ResponseHook],
        stream_limits: StreamLimits,
        server_variables: Mapping[str, str] | None = None,
    ) -> None:
        switch_logging_from_environment()
        self.base_url = base_url.rstrip("/")
        self.headers = {"User-Agent": user_agent}
        for name, value in (headers or {}).items():
            _set_header(self.headers, name, value)
        self.credentials = dict(credentials)
        self.timeout = timeout
        self.retries = retries
        self.retries_given = retries_given
        self.on_request = tuple(on_request)
        self.on_response = tuple(on_response)
        self.stream_limits = stream_limits
        self.server_variables = dict(server_variables or {})
        self.secret_headers = frozenset(
            c.name.lower() for c in self.credentials.values() if c.location == "header"
        )
        self.secret_params = frozenset(
            c.name for c in self.credentials.values() if c.location == "query"
        )
        self._bases: dict[tuple[Server, ...], str] = {}

    def replace(
        self,
        headers: Mapping[str, str] | None,
        timeout: float | httpx.Timeout | None | Unset,
        retries: RetryConfig | None | Unset,
        stream_limits: StreamLimits | None = None,
    ) -> Options:
        """These options with some replaced (``UNSET``: keep)."""
        copy = Options.__new__(Options)
        for name in Options.__slots__:
            setattr(copy, name, getattr(self, name))
        copy.headers = dict(self.headers)
        for name, value in (headers or {}).items():
            _set_header(copy.headers, name, value)
        if not isinstance(timeout, Unset):
            copy.timeout = timeout
        if not isinstance(retries, Unset):
            copy.retries = retries
            copy.retries_given = True
        copy.stream_limits = stream_limits or self.stream_limits
        return copy

    def base_for(self, servers: tuple[Server, ...]) -> str:
        """The base URL of an operation with its own servers: the first, with the
        client's server variables; a relative one is read against the client's URL."""
        found = self._bases.get(servers)
        if found is None:
            url = servers[0].resolve(self.server_variables)
            if "://" not in url:
                url = str(httpx.URL(self.base_url + "/").join(url))
            found = self._bases[servers] = url.rstrip("/")
        return found

    def policy(self, call: Call) -> RetryConfig | None:
        """The retries of one call: its own, the client's if the caller chose them,
        else the operation's (``x-speakeasy-retries``), else the client's default."""
        if not isinstance(call.retries, Unset):
            return call.retries
        if self.retries_given or isinstance(call.default_retries, Unset):
            return self.retries
        return call.default_retries


# -- requests --------------------------------------------------------------------------


class Call:
    """One request of an operation, as its generated method describes it.

    ``headers``, ``params`` and the body are the operation's own; ``timeout``,
    ``retries``, ``extra_headers``, ``extra_query``, ``extra_body`` and
    ``server_url`` are the caller's per-call options (``UNSET`` or None: the
    client's).  A transport builds the request from it and the client's options;
    a pager builds the next page's from a copy with another input.
    """

    __slots__ = (
        "method",
        "path",
        "params",
        "headers",
        "cookies",
        "security",
        "json_body",
        "content",
        "data",
        "files",
        "accept",
        "stream",
        "default_retries",
        "timeout",
        "retries",
        "extra_headers",
        "extra_query",
        "extra_body",
        "servers",
        "server_url",
        "url",
    )

    def __init__(
        self,
        method: str,
        path: str,
        *,
        params: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        cookies: dict[str, str] | None = None,
        security: tuple[tuple[str, ...], ...] = (),
        json_body: Any = None,
        content: bytes | str | None = None,
        data: Mapping[str, Any] | None = None,
        files: list[tuple[str, Any]] | None = None,
        accept: str | None = None,
        stream: bool = False,
        default_retries: RetryConfig | None | Unset = UNSET,
        timeout: float | httpx.Timeout | None | Unset = UNSET,
        retries: RetryConfig | None | Unset = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        servers: tuple[Server, ...] = (),
        server_url: str | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.params = params
        self.headers = headers
        self.cookies = cookies
        self.security = security
        self.json_body = json_body
        self.content = content
        self.data = data
        self.files = files
        self.accept = accept
        self.stream = stream
        self.default_retries = default_retries
        self.timeout = timeout
        self.retries = retries
        self.extra_headers = extra_headers
        self.extra_query = extra_query
        self.extra_body = extra_body
        self.servers = servers
        self.server_url = server_url
        self.url: str | None = None
        """A whole URL that replaces the path and query (a page's next URL)."""

    def _copy(self) -> Call:
        copy = Call.__new__(Call)
        for name in Call.__slots__:
            setattr(copy, name, getattr(self, name))
        return copy

    def with_input(self, location: str, name: str, value: Any) -> Call:
        """This call with a query or header parameter, or a body property, set."""
        copy = self._copy()
        if location == "query":
            copy.params = [item for item in self.params or () if item[0] != name]
            add_query(copy.params, name, value, True)
        elif location == "header":
            copy.headers = {**(self.headers or {}), name: header_value(value)}
        elif self.data is not None:
            copy.data = {**self.data, **form_fields({name: value})}
        else:
            body = self.json_body if isinstance(self.json_body, Mapping) else {}
            copy.json_body = {**body, name: encode_any(value)}
        return copy

    def with_url(self, url: str) -> Call:
        """This call sent to ``url`` (relative to the last request's) instead."""
        copy = self._copy()
        copy.url = url
        copy.params = None
        copy.extra_query = None
        return copy

    def build(
        self, http: httpx.Client | httpx.AsyncClient, options: Options
    ) -> tuple[httpx.Request, OAuth2ClientCredentials | None]:
        """The request, and the token source whose token it still needs."""
        headers = dict(options.headers)
        if self.headers:
            for name, value in self.headers.items():
                _set_header(headers, name, value)
        if self.accept is not None:
            _set_header(headers, "Accept", self.accept)
        query: list[Any] = list(self.params) if self.params else []
        jar = dict(self.cookies) if self.cookies else {}
        source = None
        if self.security:
            try:
                source = apply_security(
                    options.credentials, self.security, headers, query, jar
                )
            except MissingCredentialsError as error:
                if not _authorized_elsewhere(http, headers, self.extra_headers):
                    raise MissingCredentialsError(
                        f"{self.method} {self.path} {error}", error.security
                    ) from None
        if jar:
            _set_header(
                headers, "Cookie", "; ".join(f"{k}={v}" for k, v in jar.items())
            )
        if self.extra_query:
            for name, value in self.extra_query.items():
                add_query(query, name, value, True)
        content, data, body = self.content, self.data, self.json_body
        if self.extra_body:
            if data is not None:
                data = {**data, **form_fields(self.extra_body)}
            elif body is None or isinstance(body, Mapping):
                body = {**(body or {}), **encode_any(self.extra_body)}
            else:
                raise TypeError(
                    "extra_body adds properties to an object body;"
                    f" this operation sends {type(body).__name__}"
                )
        if body is not None:
            content = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
            _set_header(headers, "Content-Type", "application/json")
        if self.extra_headers:
            for name, value in self.extra_headers.items():
                _set_header(headers, name, value)
            if source is not None and "authorization" in map(
                str.lower, self.extra_headers
            ):
                source = None  # the caller's own Authorization wins
        if self.url is not None:
            url = self.url
        elif self.server_url is not None:
            url = self.server_url.rstrip("/") + self.path
        elif self.servers:
            url = options.base_for(self.servers) + self.path
        else:
            url = options.base_url + self.path
        request = http.build_request(
            self.method,
            url,
            params=query or None,
            headers=headers,
            content=content.encode() if isinstance(content, str) else content,
            data=data,
            files=self.files,
            timeout=(
                options.timeout if isinstance(self.timeout, Unset) else self.timeout
            ),
        )
        return request, source


def _authorized_elsewhere(
    http: httpx.Client | httpx.AsyncClient,
    headers: Mapping[str, str],
    extra_headers: Mapping[str, str] | None,
) -> bool:
    """Whether the caller authorizes requests themselves: an ``Authorization`` header
    of their own, or an httpx client with ``auth``."""
    given = [*headers, *(extra_headers or ())]
    return http.auth is not None or "authorization" in map(str.lower, given)


def _check_open(http: httpx.Client | httpx.AsyncClient) -> None:
    if http.is_closed:
        raise ClientClosedError(
            "the client is closed: make a new one (a client closes when its"
            " with block ends, or on close())"
        )


# -- sending ---------------------------------------------------------------------------


Mode = str | None
"""How a transport returns: None, the operation's value; ``"raw"``, a RawResponse
with the body read; ``"stream"``, a RawResponse before the body is read."""


class SyncTransport:
    """Sends requests for a :class:`Client`: auth, hooks, retries, logging."""

    __slots__ = ("http", "options", "mode", "plain")

    def __init__(
        self,
        http: httpx.Client,
        options: Options,
        mode: Mode = None,
        plain: SyncTransport | None = None,
    ) -> None:
        self.http = http
        self.options = options
        self.mode = mode
        self.plain: SyncTransport = plain or self
        """The transport of the same client that returns values (pages need it)."""

    def with_mode(self, mode: Mode) -> SyncTransport:
        return SyncTransport(self.http, self.options, mode, self.plain)

    def call(self, call: Call, parse: Callable[[httpx.Response], T]) -> T:
        """Send ``call`` and give ``parse``'s value (raising for an error status),
        or, in a raw mode, a RawResponse whose ``parse()`` gives it."""
        mode = self.mode
        streamed = call.stream or mode == "stream"
        response = self.send(call, streamed)
        if not response.is_success:
            if streamed:
                response.read()
                response.close()
            return parse(response)
        if mode is None:
            return parse(response)
        return cast(T, RawResponse(response, parse, not call.stream))

    def stream(
        self,
        response: httpx.Response,
        decode: Callable[[ServerSentEvent], T],
        sentinel: str | None,
        lines: bool = False,
    ) -> Stream[T]:
        """The events of a successful ``text/event-stream`` response (with ``lines``,
        the lines of a JSON-lines one), as a Stream."""
        return Stream(
            response,
            decode,
            sentinel,
            limits=self.options.stream_limits,
            lines=lines,
        )

    def paginate(
        self,
        call: Call,
        parse: Callable[[httpx.Response], P],
        pagination: Pagination,
    ) -> Pager[Any, P]:
        """The items of every page from ``call`` on, fetched as iteration needs them;
        in a raw mode, the first page's RawResponse, whose ``parse()`` gives them."""
        pager: Pager[Any, P] = Pager(self.plain, call, parse, pagination)
        if self.mode is None:
            return pager
        first = cast(RawResponse[P], self.call(call, parse))
        where = first.url
        return cast(
            Pager[Any, P], first.then(lambda page: pager.starting_with(page, where))
        )

    def send(self, call: Call, stream: bool = False) -> httpx.Response:
        """The response to ``call``, after retries; its status is not checked."""
        _check_open(self.http)
        options = self.options
        request, source = call.build(self.http, options)
        token = None
        if source is not None:
            token = source.get(self.http, options.base_url)
            request.headers["Authorization"] = f"Bearer {token}"
        policy = options.policy(call)
        attempts = Attempts(policy, request.method in IDEMPOTENT_METHODS)
        debug = LOGGER.isEnabledFor(_DEBUG)
        while True:
            for hook in options.on_request:
                hook(request)
            if debug:
                _log_request(request, options)
            started = time.monotonic()
            try:
                response = self.http.send(request, stream=stream)
            except httpx.TransportError as error:
                wait = attempts.after_error(error)
                if wait is None:
                    raise connection_error(error, request) from error
                if debug:
                    _log_retry(request, attempts.count, wait, type(error).__name__)
                time.sleep(wait)
                continue
            if debug:
                _log_response(request, response, started)
            for response_hook in options.on_response:
                response_hook(response)
            status = response.status_code
            if status < 400:
                return response
            if status == 401 and source is not None and token is not None:
                # The token was refused (revoked, or expired early): renew it once.
                source.invalidate(token)
                token = None
                response.close()
                renewed = source.get(self.http, options.base_url)
                request.headers["Authorization"] = f"Bearer {renewed}"
                continue
            if policy is None:
                return response
            wait = attempts.after_response(response)
            if wait is None:
                return response
            if debug:
                _log_retry(request, attempts.count, wait, f"HTTP {status}")
            response.close()
            time.sleep(wait)


class AsyncTransport:
    """Sends requests for an :class:`AsyncClient`: auth, hooks, retries, logging."""

    __slots__ = ("http", "options", "mode", "plain")

    def __init__(
        self,
        http: httpx.AsyncClient,
        options: Options,
        mode: Mode = None,
        plain: AsyncTransport | None = None,
    ) -> None:
        self.http = http
        self.options = options
        self.mode = mode
        self.plain: AsyncTransport = plain or self

    def with_mode(self, mode: Mode) -> AsyncTransport:
        return AsyncTransport(self.http, self.options, mode, self.plain)

    async def call(self, call: Call, parse: Callable[[httpx.Response], T]) -> T:
        """:meth:`SyncTransport.call`, giving an AsyncRawResponse in a raw mode."""
        mode = self.mode
        streamed = call.stream or mode == "stream"
        response = await self.send(call, streamed)
        if not response.is_success:
            if streamed:
                await response.aread()
                await response.aclose()
            return parse(response)
        if mode is None:
            return parse(response)
        return cast(T, AsyncRawResponse(response, parse, not call.stream))

    def stream(
        self,
        response: httpx.Response,
        decode: Callable[[ServerSentEvent], T],
        sentinel: str | None,
        lines: bool = False,
    ) -> AsyncStream[T]:
        """:meth:`SyncTransport.stream`, as an AsyncStream."""
        return AsyncStream(
            response,
            decode,
            sentinel,
            limits=self.options.stream_limits,
            lines=lines,
        )

    def paginate(
        self,
        call: Call,
        parse: Callable[[httpx.Response], P],
        pagination: Pagination,
    ) -> AsyncPager[Any, P]:
        """:meth:`SyncTransport.paginate`: in a raw mode, an AsyncRawCall."""
        pager: AsyncPager[Any, P] = AsyncPager(self.plain, call, parse, pagination)
        if self.mode is None:
            return pager
        return cast(AsyncPager[Any, P], AsyncRawCall(self._first(call, parse, pager)))

    async def _first(
        self,
        call: Call,
        parse: Callable[[httpx.Response], P],
        pager: AsyncPager[Any, P],
    ) -> AsyncRawResponse[AsyncPager[Any, P]]:
        first = cast(AsyncRawResponse[P], await self.call(call, parse))
        where = first.url
        return first.then(lambda page: pager.starting_with(page, where))

    async def send(self, call: Call, stream: bool = False) -> httpx.Response:
        """:meth:`SyncTransport.send`, awaited."""
        _check_open(self.http)
        options = self.options
        request, source = call.build(self.http, options)
        token = None
        if source is not None:
            token = await source.aget(self.http, options.base_url)
            request.headers["Authorization"] = f"Bearer {token}"
        policy = options.policy(call)
        attempts = Attempts(policy, request.method in IDEMPOTENT_METHODS)
        debug = LOGGER.isEnabledFor(_DEBUG)
        while True:
            for hook in options.on_request:
                hook(request)
            if debug:
                _log_request(request, options)
            started = time.monotonic()
            try:
                response = await self.http.send(request, stream=stream)
            except httpx.TransportError as error:
                wait = attempts.after_error(error)
                if wait is None:
                    raise connection_error(error, request) from error
                if debug:
                    _log_retry(request, attempts.count, wait, type(error).__name__)
                await asyncio.sleep(wait)
                continue
            if debug:
                _log_response(request, response, started)
            for response_hook in options.on_response:
                response_hook(response)
            status = response.status_code
            if status < 400:
                return response
            if status == 401 and source is not None and token is not None:
                source.invalidate(token)
                token = None
                await response.aclose()
                renewed = await source.aget(self.http, options.base_url)
                request.headers["Authorization"] = f"Bearer {renewed}"
                continue
            if policy is None:
                return response
            wait = attempts.after_response(response)
            if wait is None:
                return response
            if debug:
                _log_retry(request, attempts.count, wait, f"HTTP {status}")
            await response.aclose()
            await asyncio.sleep(wait)


def awaitable(method: Callable[..., Any]) -> Callable[..., Coroutine[Any, Any, Any]]:
    """An AsyncClient group's method from its blocking twin's: the same code, run with
    the group's AsyncTransport, whose ``call`` returns a coroutine (and ``stream`` an
    AsyncStream), which the method awaits.

    So an operation's request is built by one function for both clients; the async
    class declares each method's own signature for type checkers.
    """

    @functools.wraps(method)
    async def operation(*args: Any, **kwargs: Any) -> Any:
        return await method(*args, **kwargs)

    return operation
