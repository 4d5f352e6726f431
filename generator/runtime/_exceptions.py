"""The exceptions the client raises, but for the classes of the statuses the spec
declares (``errors.py`` defines those, and re-exports these).

:class:`APIError` is a response with an error status: it carries the status code,
the headers, the raw body and, when the spec declares one for that status, the
decoded error model.  Its subclasses are chosen by status: one per status the spec
declares (``errors.py`` registers them here), else :class:`ClientError` (4XX) or
:class:`ServerError` (5XX).  A request that got no response raises
:class:`APIConnectionError`, or :class:`APITimeoutError` when a timeout expired; a
stream of events that cannot be read on raises :class:`StreamError`.

A successful response whose body is not what the spec says raises
:class:`ResponseValidationError`, an :class:`APIError` too (and a ``DecodeError``).
A call on a closed client raises :class:`ClientClosedError`; an operation that
requires credentials the client was not given raises
:class:`MissingCredentialsError` before anything is sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

import httpx

from ._runtime import DecodeError

__all__ = [
    "SDKError",
    "APIError",
    "ClientError",
    "ServerError",
    "APIConnectionError",
    "APITimeoutError",
    "StreamError",
    "ResponseValidationError",
    "ClientClosedError",
    "MissingCredentialsError",
    "error_class",
    "register_status_classes",
    "connection_error",
    "raise_error",
]


class SDKError(Exception):
    """Base of every exception this client raises on purpose."""


class APIError(SDKError):
    """The server answered with a status the operation does not treat as success
    (or, as :class:`ResponseValidationError`, with a body it cannot decode)."""

    def __init__(
        self, response: httpx.Response, body: Any = None, message: str | None = None
    ) -> None:
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.content = response.content
        self.body = body
        """The decoded error model when the spec declares one for the status and it
        decodes; else the body as JSON if it parses, else as text; None if empty."""
        if message is None:
            text = response.text
            message = f"HTTP {response.status_code} {response.reason_phrase}" + (
                f": {text[:500]}" if text else ""
            )
        super().__init__(message)

    @property
    def text(self) -> str:
        """The raw body as text."""
        return self.response.text


class ClientError(APIError):
    """A 4XX response."""


class ServerError(APIError):
    """A 5XX response."""


class ResponseValidationError(APIError, DecodeError):
    """A response whose body does not match the spec: not JSON, or a value of the
    wrong type, a required field missing, a null where none is allowed.

    An :class:`APIError` (``status_code``, ``headers``, ``content``, ``text``;
    ``body`` is the JSON as parsed, None when it is not JSON), so a caller catches
    one tree; and a ``DecodeError`` (a ``ValueError``) as the decoders' errors were
    before, with ``path``, :attr:`json_path` (``$.items[2].id``, ``$`` for the whole
    body) and ``message`` of the first bad value.
    """

    def __init__(
        self,
        response: httpx.Response,
        message: str,
        path: tuple[str | int, ...] = (),
        body: Any = None,
    ) -> None:
        self.message = message
        self.path = path
        self._summary = (
            f"HTTP {response.status_code} {response.reason_phrase}: the body does not"
            f" match the spec at {self.json_path}: {message}"
        )
        APIError.__init__(self, response, body, self._summary)
        # APIError's super().__init__ reached DecodeError's: set these again.
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self._summary


class ClientClosedError(SDKError):
    """A call on a client that was closed (``close()``, or its ``with`` block ended)."""


class MissingCredentialsError(SDKError):
    """An operation requires credentials the client was not given (none of its
    security alternatives has them all); raised before any request is sent."""

    def __init__(self, message: str, security: tuple[tuple[str, ...], ...]) -> None:
        super().__init__(message)
        self.security = security
        """The operation's alternatives: each a tuple of security scheme names."""


class APIConnectionError(SDKError):
    """The request got no response: the connection failed or broke."""

    def __init__(self, message: str, request: httpx.Request) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """A timeout (connect, read, write or pool) expired before the response arrived."""


class StreamError(SDKError):
    """An event stream the client stops reading: a line or an event over its size
    limit, or a body that cannot be decompressed.  The connection is closed.

    A stream whose connection breaks or goes silent raises :class:`APIConnectionError`
    or :class:`APITimeoutError` instead, as a request does.
    """

    def __init__(self, message: str, response: httpx.Response) -> None:
        super().__init__(message)
        self.response = response


_BY_STATUS: dict[int, type[APIError]] = {}


def register_status_classes(classes: Mapping[int, type[APIError]]) -> None:
    """Raise these classes for these statuses (``errors.py`` calls it when imported,
    and ``client.py`` imports ``errors.py``)."""
    _BY_STATUS.update(classes)


def error_class(status: int) -> type[APIError]:
    """The exception class for a response status."""
    found = _BY_STATUS.get(status)
    if found is not None:
        return found
    if 400 <= status < 500:
        return ClientError
    if status >= 500:
        return ServerError
    return APIError


def connection_error(error: httpx.TransportError, request: httpx.Request) -> Exception:
    """The package's exception for a request that got no response."""
    what = f"{request.method} {request.url}"
    if isinstance(error, httpx.TimeoutException):
        kind = type(error).__name__
        return APITimeoutError(f"{kind}: no response in time for {what}", request)
    return APIConnectionError(f"{type(error).__name__} for {what}: {error}", request)


def raise_error(
    response: httpx.Response, decoders: Mapping[str, Callable[[Any], Any]]
) -> NoReturn:
    """Raise the exception for an error response, with its error model when one
    decodes, else the body as JSON, or as text when it is not JSON.

    ``decoders`` maps a status (``"404"``), a class of statuses (``"4XX"``) or
    ``"default"`` to the decoder of the error model the spec declares for it.
    """
    status = response.status_code
    decode = (
        decoders.get(str(status))
        or decoders.get(f"{str(status)[0]}XX")
        or decoders.get("default")
    )
    body: Any = None
    if response.content:
        try:
            body = json.loads(response.content)
        except ValueError:
            body = response.text
        else:
            if decode is not None:
                try:
                    body = decode(body)
                except (ValueError, DecodeError):
                    pass  # the JSON as it came
    raise error_class(status)(response, body)
