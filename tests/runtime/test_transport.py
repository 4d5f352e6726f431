"""generator/runtime/_transport.py: options, requests, and sending them with
hooks, retries and logging, against ``httpx.MockTransport``."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from typing import Any

import httpx
import pytest

from generator.runtime import _transport
from generator.runtime._auth import api_key, bearer
from generator.runtime._exceptions import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    MissingCredentialsError,
    SDKError,
)
from generator.runtime._responses import AsyncRawResponse, RawResponse
from generator.runtime._retries import RetryConfig
from generator.runtime._runtime import UNSET
from generator.runtime._servers import Server
from generator.runtime._transport import Call, awaitable
from tests.runtime.support import (
    BASE,
    FakeClock,
    async_transport,
    no_wait,
    options,
    sync_transport,
)


def _ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"ok": True})


def _sent(call: Call, **kwargs: Any) -> httpx.Request:
    """The request ``call`` sends (the first attempt)."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    sync_transport(handler, **kwargs).send(call)
    return seen[0]


# -- building the request ------------------------------------------------------------


def test_the_url_and_the_default_headers() -> None:
    request = _sent(Call("GET", "/things/1", params=[("a", "1"), ("a", "2")]))
    assert request.method == "GET"
    assert str(request.url) == f"{BASE}/things/1?a=1&a=2"
    assert request.headers["user-agent"] == "runtime-tests/1"


def test_the_base_url_loses_its_trailing_slash() -> None:
    request = _sent(Call("GET", "/x"), base_url="https://api.example.test/v2/")
    assert str(request.url) == "https://api.example.test/v2/x"


def test_client_headers_replace_defaults_in_any_case() -> None:
    request = _sent(
        Call("GET", "/x", headers={"x-trace": "op"}),
        headers={"USER-AGENT": "mine/2", "X-Trace": "client"},
    )
    assert request.headers.get_list("user-agent") == ["mine/2"]
    assert request.headers.get_list("x-trace") == ["op"]


def test_accept_and_json_bodies() -> None:
    request = _sent(
        Call("POST", "/x", json_body={"é": [1, None]}, accept="application/json")
    )
    assert request.headers["accept"] == "application/json"
    assert request.headers["content-type"] == "application/json"
    assert request.content == '{"é":[1,null]}'.encode()


def test_raw_content_and_form_data() -> None:
    assert _sent(Call("PUT", "/x", content="text")).content == b"text"
    form = _sent(Call("POST", "/x", data={"a": "1", "b": ["2", "3"]}))
    assert form.content == b"a=1&b=2&b=3"


def test_cookies_are_one_header() -> None:
    request = _sent(Call("GET", "/x", cookies={"a": "1", "b": "two"}))
    assert request.headers["cookie"] == "a=1; b=two"


def test_the_callers_extras() -> None:
    call = Call(
        "POST",
        "/x",
        params=[("q", "1")],
        json_body={"a": 1},
        extra_headers={"X-Extra": "yes", "user-agent": "override/1"},
        extra_query={"debug": True, "ids": [1, 2]},
        extra_body={"b": {"c": dt.date(2024, 1, 2)}},
    )
    request = _sent(call)
    assert request.headers["x-extra"] == "yes"
    assert request.headers.get_list("user-agent") == ["override/1"]
    assert request.url.params.multi_items() == [
        ("q", "1"),
        ("debug", "true"),
        ("ids", "1"),
        ("ids", "2"),
    ]
    assert json.loads(request.content) == {"a": 1, "b": {"c": "2024-01-02"}}


def test_extra_body_adds_form_fields() -> None:
    request = _sent(Call("POST", "/x", data={"a": "1"}, extra_body={"b": True}))
    assert request.content == b"a=1&b=true"


def test_extra_body_needs_an_object_body() -> None:
    with pytest.raises(TypeError, match="this operation sends list"):
        _sent(Call("POST", "/x", json_body=[1], extra_body={"b": 1}))


def test_server_url_and_the_operations_own_servers() -> None:
    own = (Server("https://{zone}.files.example.test", (("zone", "a", ()),)),)
    request = _sent(Call("GET", "/f", servers=own), server_variables={"zone": "b"})
    assert str(request.url) == "https://b.files.example.test/f"
    relative = (Server("/uploads"),)
    assert str(_sent(Call("GET", "/f", servers=relative)).url) == (
        "https://api.example.test/uploads/f"
    )
    chosen = Call("GET", "/f", servers=own, server_url="https://other.test/")
    assert str(_sent(chosen).url) == "https://other.test/f"


def test_the_timeout_per_call_and_the_clients() -> None:
    request = _sent(Call("GET", "/x"), timeout=7.0)
    assert request.extensions["timeout"]["read"] == 7.0
    request = _sent(Call("GET", "/x", timeout=1.5), timeout=7.0)
    assert request.extensions["timeout"]["read"] == 1.5
    request = _sent(Call("GET", "/x", timeout=None), timeout=7.0)
    assert request.extensions["timeout"]["read"] is None


def test_credentials_by_location() -> None:
    credentials = {
        "token": bearer("t0k"),
        "key": api_key("query", "api_key", "k3y"),
        "sid": api_key("cookie", "sid", "s1d"),
    }
    call = Call("GET", "/x", cookies={"a": "1"}, security=(("token", "key", "sid"),))
    request = _sent(call, credentials=credentials)
    assert request.headers["authorization"] == "Bearer t0k"
    assert request.url.params["api_key"] == "k3y"
    assert request.headers["cookie"] == "a=1; sid=s1d"


def test_the_first_alternative_with_every_credential_is_used() -> None:
    credentials = {"key": api_key("header", "X-Key", "k"), "token": bearer("t")}
    call = Call("GET", "/x", security=(("missing", "key"), ("token",), ("key",)))
    request = _sent(call, credentials=credentials)
    assert request.headers["authorization"] == "Bearer t"
    assert "x-key" not in request.headers


def test_missing_credentials_raise_before_anything_is_sent() -> None:
    # Before, the request went out unauthenticated without a word.
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    call = Call("GET", "/pets/1", security=(("token",), ("key", "sid")))
    transport = sync_transport(
        handler, credentials={"sid": api_key("cookie", "s", "1")}
    )
    with pytest.raises(MissingCredentialsError) as caught:
        transport.send(call)
    assert isinstance(caught.value, SDKError)
    assert str(caught.value) == (
        "GET /pets/1 requires credentials the client was not given: token or key and sid"
    )
    assert caught.value.security == (("token",), ("key", "sid"))
    with pytest.raises(MissingCredentialsError):
        asyncio.run(async_transport(handler).send(call))
    assert sent == []


def test_an_empty_alternative_makes_credentials_optional() -> None:
    call = Call("GET", "/x", security=(("token",), ()))
    assert "authorization" not in _sent(call).headers
    request = _sent(call, credentials={"token": bearer("t")})
    assert request.headers["authorization"] == "Bearer t"


def test_an_authorization_of_the_callers_own_needs_no_credentials() -> None:
    call = Call("GET", "/x", security=(("token",),))
    request = _sent(call, headers={"Authorization": "Bearer mine"})
    assert request.headers["authorization"] == "Bearer mine"
    extra = Call(
        "GET", "/x", security=(("token",),), extra_headers={"authorization": "B"}
    )
    assert _sent(extra).headers["authorization"] == "B"
    http = httpx.Client(transport=httpx.MockTransport(_ok), auth=("u", "p"))
    with http:
        response = _transport.SyncTransport(http, options()).send(call)
    assert response.request.headers["authorization"].startswith("Basic ")


def test_a_closed_client_raises_the_packages_error() -> None:
    # Before, httpx's own RuntimeError came out.
    transport = sync_transport(_ok)
    transport.http.close()
    with pytest.raises(ClientClosedError, match="the client is closed"):
        transport.send(Call("GET", "/x"))

    async def closed() -> None:
        transport = async_transport(_ok)
        await transport.http.aclose()
        await transport.send(Call("GET", "/x"))

    with pytest.raises(ClientClosedError):
        asyncio.run(closed())
    assert issubclass(ClientClosedError, SDKError)


def test_with_input_and_with_url_copy_the_call() -> None:
    call = Call("GET", "/x", params=[("page", "1"), ("size", "2")], headers={"A": "1"})
    assert call.with_input("query", "page", 2).params == [("size", "2"), ("page", "2")]
    assert call.with_input("header", "Cursor", ["a", "b"]).headers == {
        "A": "1",
        "Cursor": "a,b",
    }
    assert call.params == [("page", "1"), ("size", "2")]
    body = Call("POST", "/x", json_body={"limit": 5})
    assert body.with_input("body", "cursor", "c1").json_body == {
        "limit": 5,
        "cursor": "c1",
    }
    form = Call("POST", "/x", data={"a": "1"})
    assert form.with_input("body", "page", 3).data == {"a": "1", "page": "3"}
    moved = call.with_url("https://api.example.test/v1/x?page=9")
    assert moved.url == "https://api.example.test/v1/x?page=9" and moved.params is None
    assert str(_sent(moved).url) == "https://api.example.test/v1/x?page=9"


# -- options -------------------------------------------------------------------------


def test_replace_keeps_what_is_unset() -> None:
    base = options(headers={"A": "1"}, timeout=3.0, retries=RetryConfig())
    copy = base.replace({"a": "2", "B": "3"}, UNSET, UNSET)
    assert copy.headers == {"User-Agent": "runtime-tests/1", "a": "2", "B": "3"}
    assert copy.timeout == 3.0 and copy.retries is base.retries
    assert not copy.retries_given
    assert base.headers == {"User-Agent": "runtime-tests/1", "A": "1"}
    other = base.replace(None, None, None)
    assert other.timeout is None and other.retries is None and other.retries_given


def test_which_retry_policy_a_call_uses() -> None:
    client, operation, own = RetryConfig(), RetryConfig(max_retries=5), no_wait()
    defaulted = options(retries=client)
    assert defaulted.policy(Call("GET", "/x")) is client
    assert defaulted.policy(Call("GET", "/x", default_retries=operation)) is operation
    chosen = options(retries=client, retries_given=True)
    assert chosen.policy(Call("GET", "/x", default_retries=operation)) is client
    call = Call("GET", "/x", default_retries=operation, retries=own)
    assert chosen.policy(call) is own
    assert chosen.policy(Call("GET", "/x", retries=None)) is None


def test_secret_headers_and_params_are_known() -> None:
    made = options(
        credentials={
            "a": api_key("header", "X-Key", "k"),
            "q": api_key("query", "k", "v"),
        }
    )
    assert made.secret_headers == {"x-key"} and made.secret_params == {"k"}


# -- sending: retries ----------------------------------------------------------------


def test_a_retried_status_is_sent_again(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock().install(monkeypatch)
    statuses = iter([503, 429, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        status = next(statuses)
        headers = {"Retry-After": "2"} if status == 429 else {}
        return httpx.Response(status, headers=headers)

    policy = RetryConfig(initial_interval=0.5, jitter=0, max_retries=3)
    response = sync_transport(handler, retries=policy).send(Call("GET", "/x"))
    assert response.status_code == 200
    assert clock.slept == [0.5, 2.0]


def test_the_last_response_is_kept_when_retries_run_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock().install(monkeypatch)
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503, text=f"attempt {len(calls)}")

    policy = RetryConfig(initial_interval=1.0, exponent=3.0, jitter=0, max_retries=2)
    response = sync_transport(handler, retries=policy).send(Call("GET", "/x"))
    assert response.status_code == 503 and response.text == "attempt 3"
    assert len(calls) == 3 and clock.slept == [1.0, 3.0]


def test_post_is_not_retried_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeClock().install(monkeypatch)
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        return httpx.Response(503)

    sync_transport(handler, retries=no_wait()).send(Call("POST", "/x"))
    assert calls == ["POST"]
    sync_transport(handler, retries=no_wait(non_idempotent=True)).send(
        Call("POST", "/x")
    )
    assert calls == ["POST"] * 4


def test_no_policy_sends_once() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(500)

    assert sync_transport(handler).send(Call("GET", "/x")).status_code == 500
    assert calls == [1]


def test_a_refused_connection_is_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FakeClock().install(monkeypatch)
    outcomes: list[Exception | None] = [httpx.ConnectError("refused"), None]

    def handler(request: httpx.Request) -> httpx.Response:
        error = outcomes.pop(0)
        if error is not None:
            raise error
        return httpx.Response(200)

    transport = sync_transport(handler, retries=no_wait(initial_interval=0.25))
    assert transport.send(Call("POST", "/x")).status_code == 200
    assert clock.slept == [0.25]


def test_connection_errors_after_the_retries_raise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    FakeClock().install(monkeypatch)
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ConnectError("refused")

    transport = sync_transport(handler, retries=no_wait(max_retries=2))
    with pytest.raises(APIConnectionError) as caught:
        transport.send(Call("GET", "/x"))
    assert type(caught.value) is APIConnectionError
    assert caught.value.request.url == f"{BASE}/x"
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert len(calls) == 3


def test_a_read_timeout_raises_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeClock().install(monkeypatch)
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ReadTimeout("no answer")

    with pytest.raises(APITimeoutError, match="ReadTimeout: no response in time"):
        sync_transport(handler, retries=no_wait()).send(Call("GET", "/x"))
    assert calls == [1]


def test_hooks_see_every_attempt(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeClock().install(monkeypatch)
    statuses = iter([502, 200])
    requests: list[str] = []
    responses: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(statuses))

    transport = sync_transport(
        handler,
        retries=no_wait(),
        on_request=(lambda r: requests.append(r.method),),
        on_response=(lambda r: responses.append(r.status_code),),
    )
    transport.send(Call("DELETE", "/x"))
    assert requests == ["DELETE", "DELETE"] and responses == [502, 200]


def test_a_hook_may_change_the_request() -> None:
    def sign(request: httpx.Request) -> None:
        request.headers["X-Signature"] = "s1"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=request.headers.get("x-signature", ""))

    transport = sync_transport(handler, on_request=(sign,))
    assert transport.send(Call("GET", "/x")).text == "s1"


# -- sending: what a call returns -------------------------------------------------------


def test_call_gives_the_parsed_value() -> None:
    transport = sync_transport(_ok)
    assert transport.call(Call("GET", "/x"), lambda r: r.json()["ok"]) is True


def test_call_parses_an_error_status_too() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, text="gone")

    def parse(response: httpx.Response) -> str:
        return f"{response.status_code} {response.text}"

    assert sync_transport(handler).call(Call("GET", "/x"), parse) == "404 gone"
    raw = sync_transport(handler).with_mode("stream")
    assert raw.call(Call("GET", "/x"), parse) == "404 gone"


def test_raw_and_stream_modes_give_raw_responses() -> None:
    parsed: list[int] = []

    def parse(response: httpx.Response) -> Any:
        parsed.append(1)
        return response.json()

    transport = sync_transport(_ok)
    raw = transport.with_mode("raw").call(Call("GET", "/x"), parse)
    assert isinstance(raw, RawResponse) and parsed == []
    assert raw.parse() == {"ok": True} and raw.parse() == {"ok": True}
    assert parsed == [1]
    assert transport.with_mode("raw").plain is transport


def test_the_stream_mode_leaves_the_body_unread() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"chunk 1,", b" chunk 2"]))

    transport = sync_transport(handler).with_mode("stream")
    streamed = transport.call(Call("GET", "/x"), lambda r: r.text)
    assert isinstance(streamed, RawResponse)
    assert not streamed.http_response.is_stream_consumed
    assert list(streamed.iter_bytes()) == [b"chunk 1,", b" chunk 2"]
    streamed.close()
    assert streamed.is_closed
    whole = sync_transport(handler).with_mode("raw").call(Call("GET", "/x"), len)
    assert (
        whole.http_response.is_stream_consumed and whole.content == b"chunk 1, chunk 2"
    )


def test_async_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    statuses = iter([503, 200])
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(next(statuses), json={"n": len(sent)})

    async def main() -> tuple[Any, Any]:
        transport = async_transport(handler, retries=no_wait())
        value = await transport.call(Call("GET", "/x"), lambda r: r.json())
        raw = (
            await async_transport(_ok)
            .with_mode("raw")
            .call(Call("GET", "/y"), lambda r: r.json())
        )
        assert isinstance(raw, AsyncRawResponse)
        return value, await raw.parse()

    assert asyncio.run(main()) == ({"n": 2}, {"ok": True})
    assert sent == [f"{BASE}/x", f"{BASE}/x"]


def test_async_timeouts_and_connection_errors() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.WriteTimeout("stuck")

    def broken(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("closed")

    async def main() -> None:
        with pytest.raises(APITimeoutError):
            await async_transport(timeout).send(Call("GET", "/x"))
        with pytest.raises(APIConnectionError, match="RemoteProtocolError"):
            await async_transport(broken).send(Call("POST", "/x"))

    asyncio.run(main())


def test_awaitable_awaits_what_the_method_returns() -> None:
    class Group:
        def __init__(self, transport: Any) -> None:
            self._t = transport

        def get(self, *, n: int) -> Any:
            """Get n."""
            return self._t.call(Call("GET", f"/n/{n}"), lambda r: r.url.path)

    method = awaitable(Group.get)
    assert method.__name__ == "get" and method.__doc__ == "Get n."
    group = Group(async_transport(_ok))
    assert asyncio.run(method(group, n=4)) == "/v1/n/4"


# -- logging -----------------------------------------------------------------------------


def test_debug_records_redact_credentials(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=_transport.LOGGER.name)
    credentials = {
        "token": bearer("s3cret"),
        "key": api_key("query", "api_key", "k3y"),
        "header": api_key("header", "X-Key", "h3ader"),
    }
    call = Call(
        "GET",
        "/x",
        params=[("page", "2")],
        cookies={"session": "c00kie"},
        security=(("token", "key", "header"),),
    )
    sync_transport(_ok, credentials=credentials).send(call)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert f"request: GET {BASE}/x?page=2&api_key=%5Bredacted%5D" in text
    assert "Authorization: [redacted]" in text and "X-Key: [redacted]" in text
    assert "Cookie: [redacted]" in text
    assert f"response: GET {BASE}/x -> 200 OK in" in text
    for secret in ("s3cret", "k3y", "h3ader", "c00kie"):
        assert secret not in text


def test_retries_are_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    FakeClock().install(monkeypatch)
    caplog.set_level(logging.DEBUG, logger=_transport.LOGGER.name)
    statuses = iter([503, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(statuses))

    sync_transport(handler, retries=no_wait(initial_interval=0.5)).send(
        Call("GET", "/x?secret=1")
    )
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert f"retry 1 of GET {BASE}/x in 0.50 s, after HTTP 503" in text


def test_nothing_is_built_when_debug_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError("a log message was built while debug was off")

    monkeypatch.setattr(_transport, "_log_request", refuse)
    monkeypatch.setattr(_transport, "_log_response", refuse)
    monkeypatch.setattr(_transport.LOGGER, "level", logging.WARNING)
    assert sync_transport(_ok).send(Call("GET", "/x")).status_code == 200


def test_the_environment_switches_logging_on(monkeypatch: pytest.MonkeyPatch) -> None:
    logger = _transport.LOGGER
    variable = logger.name.rpartition(".")[2].upper() + "_LOG"
    monkeypatch.setattr(_transport, "_switched_on", False)
    monkeypatch.setattr(logger, "handlers", [])
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    monkeypatch.delenv(variable, raising=False)
    options()
    assert logger.handlers == []
    monkeypatch.setenv(variable, " Debug ")
    options()
    options()
    assert len(logger.handlers) == 1 and logger.level == logging.DEBUG
