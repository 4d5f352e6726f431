"""generator/runtime/_exceptions.py: the exceptions, chosen by status."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from generator import runtime
from generator.runtime import _exceptions
from generator.runtime._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ClientClosedError,
    ClientError,
    MissingCredentialsError,
    ResponseValidationError,
    SDKError,
    ServerError,
    StreamError,
    connection_error,
    error_class,
    raise_error,
    register_status_classes,
)
from generator.runtime._runtime import DecodeError

REQUEST = httpx.Request("POST", "https://api.example.test/v1/things?x=1")


def _response(status: int, body: bytes = b"", **headers: str) -> httpx.Response:
    return httpx.Response(status, content=body, headers=headers, request=REQUEST)


@pytest.fixture(autouse=True)
def _no_registered_classes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_exceptions, "_BY_STATUS", {})


def test_the_hierarchy() -> None:
    assert issubclass(ClientError, APIError) and issubclass(ServerError, APIError)
    assert issubclass(APITimeoutError, APIConnectionError)
    for cls in (APIError, APIConnectionError, StreamError):
        assert issubclass(cls, SDKError)
    assert not issubclass(APIConnectionError, APIError)
    assert not issubclass(StreamError, APIError)


@pytest.mark.parametrize(
    ("status", "cls"),
    [(400, ClientError), (404, ClientError), (499, ClientError)]
    + [(500, ServerError), (503, ServerError), (302, APIError), (200, APIError)],
)
def test_error_class_by_status(status: int, cls: type[APIError]) -> None:
    assert error_class(status) is cls


def test_registered_classes_win() -> None:
    class NotFoundError(ClientError):
        pass

    class UnavailableError(ServerError):
        pass

    register_status_classes({404: NotFoundError, 503: UnavailableError})
    assert error_class(404) is NotFoundError
    assert error_class(503) is UnavailableError
    assert error_class(410) is ClientError


def test_an_api_error_carries_the_response() -> None:
    response = _response(409, b'{"code": "conflict"}', **{"X-Request-Id": "r1"})
    error = APIError(response, body={"decoded": True})
    assert error.response is response
    assert error.status_code == 409
    assert error.headers["x-request-id"] == "r1"
    assert error.content == b'{"code": "conflict"}'
    assert error.text == '{"code": "conflict"}'
    assert error.body == {"decoded": True}
    assert str(error) == 'HTTP 409 Conflict: {"code": "conflict"}'


def test_the_message_shows_at_most_500_characters_of_the_body() -> None:
    error = APIError(_response(500, b"x" * 2000))
    assert str(error) == "HTTP 500 Internal Server Error: " + "x" * 500
    assert str(APIError(_response(502))) == "HTTP 502 Bad Gateway"


def test_raise_error_decodes_the_model_of_the_exact_status_first() -> None:
    seen: list[str] = []

    def decoder(name: str) -> Any:
        def decode(data: Any) -> Any:
            seen.append(name)
            return (name, data)

        return decode

    decoders = {"404": decoder("404"), "4XX": decoder("4XX"), "default": decoder("d")}
    with pytest.raises(ClientError) as caught:
        raise_error(_response(404, b'{"a": 1}'), decoders)
    assert caught.value.body == ("404", {"a": 1})
    with pytest.raises(ClientError) as caught:
        raise_error(_response(422, b"[1]"), decoders)
    assert caught.value.body == ("4XX", [1])
    with pytest.raises(ServerError) as caught:
        raise_error(_response(500, b"null"), decoders)
    assert caught.value.body == ("d", None)
    assert seen == ["404", "4XX", "d"]


def test_a_body_that_does_not_decode_is_kept_as_it_came() -> None:
    def refuse(data: Any) -> Any:
        raise DecodeError("not the model")

    with pytest.raises(ServerError) as caught:
        raise_error(_response(500, b'{"a": 1}'), {"500": refuse})
    assert caught.value.body == {"a": 1}
    with pytest.raises(ServerError) as caught:
        raise_error(_response(500, b"<html>"), {"500": lambda data: data})
    assert caught.value.body == "<html>" and caught.value.text == "<html>"
    with pytest.raises(ClientError) as caught:
        raise_error(_response(400), {"400": lambda data: pytest.fail("no body")})
    assert caught.value.body is None


def test_an_undeclared_status_gives_the_body() -> None:
    # Before, body=None whenever the spec declared no model for the status.
    with pytest.raises(ClientError) as caught:
        raise_error(_response(422, b'{"detail": [{"loc": ["x"]}]}'), {})
    assert caught.value.body == {"detail": [{"loc": ["x"]}]}
    with pytest.raises(ServerError) as caught:
        raise_error(_response(503, b"try later"), {"404": lambda data: data})
    assert caught.value.body == "try later"


def test_the_new_errors_are_in_the_tree() -> None:
    assert issubclass(ResponseValidationError, APIError)
    assert issubclass(ResponseValidationError, DecodeError)
    assert not issubclass(ResponseValidationError, (ClientError, ServerError))
    for cls in (ClientClosedError, MissingCredentialsError):
        assert issubclass(cls, SDKError) and not issubclass(cls, APIError)


def test_raise_error_uses_the_registered_class() -> None:
    class BadRequestError(ClientError):
        pass

    register_status_classes({400: BadRequestError})
    with pytest.raises(BadRequestError):
        raise_error(_response(400), {})


def test_a_timeout_is_an_api_timeout_error() -> None:
    error = connection_error(httpx.ReadTimeout("timed out", request=REQUEST), REQUEST)
    assert type(error) is APITimeoutError
    assert error.request is REQUEST
    assert str(error) == (
        "ReadTimeout: no response in time for"
        " POST https://api.example.test/v1/things?x=1"
    )


def test_other_transport_errors_are_connection_errors() -> None:
    error = connection_error(httpx.ConnectError("refused", request=REQUEST), REQUEST)
    assert type(error) is APIConnectionError
    assert error.request is REQUEST
    assert str(error) == (
        "ConnectError for POST https://api.example.test/v1/things?x=1: refused"
    )


def test_a_stream_error_carries_the_response() -> None:
    response = _response(200)
    error = StreamError("too long", response)
    assert error.response is response and str(error) == "too long"


def test_the_listed_exceptions_are_the_modules_classes() -> None:
    """``runtime.EXCEPTIONS`` (what ``errors.py`` and the package re-export) names
    every exception class of the module, base classes before their subclasses."""
    classes = {
        name
        for name, value in vars(_exceptions).items()
        if isinstance(value, type)
        and issubclass(value, Exception)
        and value.__module__ == _exceptions.__name__
    }
    assert set(runtime.EXCEPTIONS) == classes
    assert set(runtime.EXCEPTIONS) <= set(_exceptions.__all__)
    for index, name in enumerate(runtime.EXCEPTIONS):
        for base in getattr(_exceptions, name).__mro__[1:]:
            if base.__name__ in runtime.EXCEPTIONS:
                assert runtime.EXCEPTIONS.index(base.__name__) < index, name
