"""generator/runtime/_auth.py: credentials, and OAuth2 tokens fetched with the
client credentials grant, against ``httpx.MockTransport``."""

from __future__ import annotations

import asyncio
import base64
import threading
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from generator.runtime import _exceptions
from generator.runtime._auth import (
    OAuth2ClientCredentials,
    api_key,
    apply_security,
    basic,
    bearer,
    oauth2,
)
from generator.runtime._exceptions import (
    APIConnectionError,
    ClientError,
    MissingCredentialsError,
    ServerError,
)
from generator.runtime._runtime import DecodeError
from generator.runtime._transport import Call, SyncTransport
from tests.runtime.support import (
    BASE,
    FakeClock,
    Handler,
    async_transport,
    sync_transport,
)

TOKEN_URL = "https://auth.example.test/oauth/token"


def test_bearer_adds_the_scheme_once() -> None:
    assert bearer("abc").value == "Bearer abc"
    assert bearer("bearer abc").value == "bearer abc"
    assert (bearer("x").location, bearer("x").name) == ("header", "Authorization")


def test_basic_encodes_user_and_password() -> None:
    credential = basic(("alice", "pä:ss"))
    assert credential.value == "Basic " + base64.b64encode(
        "alice:pä:ss".encode()
    ).decode("ascii")


def test_api_keys_keep_their_place() -> None:
    key = api_key("query", "api_key", "k")
    assert (key.location, key.name, key.value, key.token) == (
        "query",
        "api_key",
        "k",
        None,
    )


def test_oauth2_takes_a_token_or_client_credentials() -> None:
    assert oauth2("tok", TOKEN_URL).value == "Bearer tok"
    credential = oauth2(("id", "secret"), TOKEN_URL, ("read", "write"))
    assert credential.token is not None and credential.value == ""
    assert credential.token.scopes == ("read", "write")
    assert (credential.token.client_id, credential.token.client_secret) == (
        "id",
        "secret",
    )


def test_apply_security_places_each_credential() -> None:
    credentials = {
        "h": api_key("header", "X-Key", "1"),
        "q": api_key("query", "key", "2"),
        "c": api_key("cookie", "sid", "3"),
        "o": oauth2(("id", "secret"), TOKEN_URL),
    }
    headers: dict[str, str] = {}
    params: list[tuple[str, str]] = []
    cookies: dict[str, str] = {}
    source = apply_security(
        credentials, (("nope",), ("h", "q", "c", "o")), headers, params, cookies
    )
    assert headers == {"X-Key": "1"} and params == [("key", "2")]
    assert cookies == {"sid": "3"}
    assert source is credentials["o"].token


def test_no_alternative_with_every_credential_raises() -> None:
    headers: dict[str, str] = {}
    with pytest.raises(MissingCredentialsError, match="not given: h and other$"):
        apply_security({"h": bearer("t")}, (("h", "other"),), headers, [], {})
    assert headers == {}


def test_an_empty_alternative_is_always_met() -> None:
    headers: dict[str, str] = {}
    assert apply_security({}, (("h",), ()), headers, [], {}) is None
    assert headers == {}


# -- OAuth2 client credentials ----------------------------------------------------------


class TokenServer:
    """A token endpoint and an API behind it, for a MockTransport."""

    def __init__(self, *, expires_in: int | None = 3600) -> None:
        self.expires_in = expires_in
        self.fetches: list[httpx.Request] = []
        self.api: list[str] = []
        self.refuse_basic = False
        self.refuse_tokens: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return self.token(request)
        authorization = request.headers.get("authorization", "")
        self.api.append(authorization)
        if authorization.removeprefix("Bearer ") in self.refuse_tokens:
            return httpx.Response(401)
        return httpx.Response(200, json={"seen": authorization})

    def token(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.fetches.append(request)
            number = len(self.fetches)
        form = dict(parse_qsl(request.content.decode()))
        if self.refuse_basic and "client_secret" not in form:
            return httpx.Response(401, json={"error": "invalid_client"})
        answer: dict[str, Any] = {"access_token": f"token-{number}"}
        if self.expires_in is not None:
            answer["expires_in"] = self.expires_in
        return httpx.Response(200, json=answer)


def _client_credentials(server: Handler, **kwargs: Any) -> SyncTransport:
    credentials = {"oauth": oauth2(("my id", "s&cret"), TOKEN_URL, ("read", "write"))}
    return sync_transport(server, credentials=credentials, **kwargs)


CALL = Call("GET", "/things", security=(("oauth",),))


def test_a_token_is_fetched_once_and_kept() -> None:
    server = TokenServer()
    transport = _client_credentials(server)
    assert transport.send(CALL).json() == {"seen": "Bearer token-1"}
    assert transport.send(CALL).json() == {"seen": "Bearer token-1"}
    assert len(server.fetches) == 1
    fetch = server.fetches[0]
    assert fetch.method == "POST" and str(fetch.url) == TOKEN_URL
    assert fetch.headers["accept"] == "application/json"
    assert dict(parse_qsl(fetch.content.decode())) == {
        "grant_type": "client_credentials",
        "scope": "read write",
    }
    # RFC 6749 2.3.1: each form-encoded, then joined as user:password.
    pair = base64.b64encode(b"my+id:s%26cret").decode("ascii")
    assert fetch.headers["authorization"] == f"Basic {pair}"


def test_a_relative_token_url_is_read_against_the_base_url() -> None:
    source = OAuth2ClientCredentials("oauth/token", "id", "secret")
    server = TokenServer()
    with httpx.Client(transport=httpx.MockTransport(server)) as http:
        assert source.get(http, "https://api.example.test") == "token-1"
    assert str(server.fetches[0].url) == "https://api.example.test/oauth/token"
    assert "scope" not in dict(parse_qsl(server.fetches[0].content.decode()))


def test_a_short_lived_token_is_renewed_half_its_lifetime_early(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock().install(monkeypatch)
    server = TokenServer(expires_in=40)
    transport = _client_credentials(server)
    transport.send(CALL)
    clock.now += 19  # renewed at most half the lifetime early: at 20 s here
    transport.send(CALL)
    assert len(server.fetches) == 1
    clock.now += 2
    assert transport.send(CALL).json() == {"seen": "Bearer token-2"}
    assert len(server.fetches) == 2


def test_a_long_lived_token_is_renewed_30_seconds_early(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock().install(monkeypatch)
    server = TokenServer(expires_in=3600)
    transport = _client_credentials(server)
    transport.send(CALL)
    clock.now += 3569
    transport.send(CALL)
    clock.now += 2
    transport.send(CALL)
    assert server.api == ["Bearer token-1", "Bearer token-1", "Bearer token-2"]


def test_a_token_without_lifetime_is_kept_until_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock().install(monkeypatch)
    server = TokenServer(expires_in=None)
    transport = _client_credentials(server)
    transport.send(CALL)
    clock.now += 10**9
    transport.send(CALL)
    assert len(server.fetches) == 1


def test_a_refused_token_is_renewed_once() -> None:
    server = TokenServer()
    server.refuse_tokens = {"token-1"}
    transport = _client_credentials(server)
    assert transport.send(CALL).json() == {"seen": "Bearer token-2"}
    assert server.api == ["Bearer token-1", "Bearer token-2"]
    server.refuse_tokens = {"token-2", "token-3"}
    assert transport.send(CALL).status_code == 401  # renewed once, then given up
    assert server.api[2:] == ["Bearer token-2", "Bearer token-3"]


def test_credentials_go_in_the_body_when_basic_is_refused() -> None:
    server = TokenServer()
    server.refuse_basic = True
    transport = _client_credentials(server)
    assert transport.send(CALL).json() == {"seen": "Bearer token-2"}
    second = server.fetches[1]
    assert "authorization" not in second.headers
    assert dict(parse_qsl(second.content.decode())) == {
        "grant_type": "client_credentials",
        "scope": "read write",
        "client_id": "my id",
        "client_secret": "s&cret",
    }
    server.refuse_tokens = {"token-2"}
    transport.send(CALL)
    assert "authorization" not in server.fetches[2].headers  # and from then on


def test_the_token_endpoints_error_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_exceptions, "_BY_STATUS", {})

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            status = 400 if request.url.host == "auth.example.test" else 503
            return httpx.Response(status, json={"error": "invalid_scope"})
        return httpx.Response(200)

    with pytest.raises(ClientError) as caught:
        _client_credentials(handler).send(CALL)
    assert caught.value.status_code == 400
    source = OAuth2ClientCredentials("/oauth/token", "id", "secret")
    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        with pytest.raises(ServerError):
            source.get(http, BASE)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>", "did not answer with an access_token"),
        (b'{"token": "x"}', "did not answer with an access_token"),
        (b'{"access_token": 12}', "access_token is not a string"),
        (b'{"access_token": "t", "expires_in": "soon"}', "did not answer"),
    ],
)
def test_an_answer_without_a_token_is_a_decode_error(body: bytes, message: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body)

    with pytest.raises(DecodeError, match=message):
        _client_credentials(handler).send(CALL)


def test_an_unreachable_token_endpoint_is_a_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    with pytest.raises(APIConnectionError) as caught:
        _client_credentials(handler).send(CALL)
    assert str(caught.value.request.url) == TOKEN_URL


def test_the_callers_authorization_header_wins() -> None:
    server = TokenServer()
    call = Call(
        "GET", "/x", security=(("oauth",),), extra_headers={"Authorization": "Mine"}
    )
    assert _client_credentials(server).send(call).json() == {"seen": "Mine"}
    assert server.fetches == []


def test_threads_share_one_fetch() -> None:
    server = TokenServer()
    transport = _client_credentials(server)
    seen: list[Any] = []
    threads = [
        threading.Thread(target=lambda: seen.append(transport.send(CALL).json()))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(server.fetches) == 1 and seen == [{"seen": "Bearer token-1"}] * 8


def test_async_tasks_share_one_fetch() -> None:
    server = TokenServer()
    credentials = {"oauth": oauth2(("id", "secret"), TOKEN_URL)}

    async def main() -> list[Any]:
        transport = async_transport(server, credentials=credentials)
        responses = await asyncio.gather(*(transport.send(CALL) for _ in range(8)))
        return [r.json() for r in responses]

    assert asyncio.run(main()) == [{"seen": "Bearer token-1"}] * 8
    assert len(server.fetches) == 1


def test_async_renewal_of_a_refused_token() -> None:
    server = TokenServer()
    server.refuse_tokens = {"token-1"}
    credentials = {"oauth": oauth2(("id", "secret"), TOKEN_URL)}

    async def main() -> Any:
        return (
            await async_transport(server, credentials=credentials).send(CALL)
        ).json()

    assert asyncio.run(main()) == {"seen": "Bearer token-2"}


def test_invalidate_forgets_only_the_refused_token() -> None:
    source = OAuth2ClientCredentials(TOKEN_URL, "id", "secret")
    with httpx.Client(transport=httpx.MockTransport(TokenServer())) as http:
        token = source.get(http, BASE)
        source.invalidate("another")
        assert source.get(http, BASE) == token
        source.invalidate(token)
        assert source.get(http, BASE) == "token-2"
