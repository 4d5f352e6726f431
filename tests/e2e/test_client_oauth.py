"""OAuth2 client credentials: the generated client fetches, keeps and renews its
token, from threads and tasks alike, against a token endpoint on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from generator.openapi import build_api  # noqa: E402
from generator.python.ir_json import ir_json  # noqa: E402
from tests.server.feature_spec import SPEC  # noqa: E402
from tests.server.features import STATE  # noqa: E402
from tests.server.fixtures import feature_pkg, feature_url, port  # noqa: E402,F401


def _client(pkg: ModuleType, port: str, client_id: str, **kwargs: Any) -> Any:
    return pkg.Client(
        server_variables={"port": port}, oauth=(client_id, "s3cret"), **kwargs
    )


def test_the_scheme_in_the_ir(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    schemes = json.loads(ir_json(build_api(path)))["security_schemes"]
    oauth = next(s for s in schemes if s["name"] == "oauth")
    assert oauth["kind"] == "oauth2_client_credentials"
    assert oauth["token_url"] == "/oauth/token"
    assert oauth["scopes"] == ["read", "write"]


def test_a_token_is_fetched_once_and_kept(feature_pkg: ModuleType, port: str) -> None:
    before = STATE.token_fetches["app"]
    with _client(feature_pkg, port, "app") as client:
        first = client.oauth.guarded()
        second = client.oauth.guarded()
    assert first.client == "app" and first.token == second.token
    assert STATE.token_fetches["app"] == before + 1
    form = STATE.token_forms[-1]
    # The scopes the API's requirements ask for; the secret went in a Basic header.
    assert form == {"grant_type": "client_credentials", "scope": "read write"}


def test_an_expiring_token_is_renewed(feature_pkg: ModuleType, port: str) -> None:
    before = STATE.token_fetches["short"]
    with _client(feature_pkg, port, "short") as client:
        first = client.oauth.guarded().token
        assert client.oauth.guarded().token == first
        time.sleep(0.6)  # past the 1 s lifetime less the margin kept before its end
        renewed = client.oauth.guarded().token
    assert renewed != first and STATE.token_fetches["short"] == before + 2


def test_a_refused_token_is_renewed_once(feature_pkg: ModuleType, port: str) -> None:
    seen: list[int] = []
    with _client(
        feature_pkg, port, "app", on_response=[lambda r: seen.append(r.status_code)]
    ) as client:
        first = client.oauth.guarded().token
        httpx.post(f"http://127.0.0.1:{port}/oauth/revoke")
        second = client.oauth.guarded().token
    assert second != first
    assert seen == [200, 401, 200]


def test_credentials_in_the_body_when_basic_is_refused(
    feature_pkg: ModuleType, port: str
) -> None:
    with _client(feature_pkg, port, "body-only") as client:
        assert client.oauth.guarded().client == "body-only"
        assert client.oauth.guarded().client == "body-only"
    assert STATE.token_fetches["body-only"] == 1


def test_wrong_credentials_raise_the_token_endpoints_error(
    feature_pkg: ModuleType, port: str
) -> None:
    with feature_pkg.Client(
        server_variables={"port": port}, oauth=("app", "wrong"), retries=None
    ) as client:
        with pytest.raises(feature_pkg.ClientError) as caught:
            client.oauth.guarded()
    assert caught.value.status_code == 401
    assert str(caught.value.response.request.url).endswith("/oauth/token")


def test_an_access_token_is_sent_as_is(feature_pkg: ModuleType, port: str) -> None:
    with feature_pkg.Client(
        server_variables={"port": port}, oauth="not-a-token", retries=None
    ) as client:
        with pytest.raises(feature_pkg.ClientError) as caught:
            client.oauth.guarded()
    assert (
        caught.value.response.request.headers["authorization"] == "Bearer not-a-token"
    )


def test_threads_share_one_fetch(feature_pkg: ModuleType, port: str) -> None:
    before = STATE.token_fetches["slow"]
    tokens: list[str] = []
    with _client(feature_pkg, port, "slow") as client:
        workers = [
            threading.Thread(target=lambda: tokens.append(client.oauth.guarded().token))
            for _ in range(8)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(30)
    assert len(tokens) == 8 and len(set(tokens)) == 1
    assert STATE.token_fetches["slow"] == before + 1


def test_async_tasks_share_one_fetch(feature_pkg: ModuleType, port: str) -> None:
    before = STATE.token_fetches["slow"]

    async def main() -> list[str]:
        async with feature_pkg.AsyncClient(
            server_variables={"port": port}, oauth=("slow", "s3cret")
        ) as client:
            answers = await asyncio.gather(*(client.oauth.guarded() for _ in range(8)))
            httpx.post(f"http://127.0.0.1:{port}/oauth/revoke")
            renewed = await client.oauth.guarded()
            return [a.token for a in answers] + [renewed.token]

    tokens = asyncio.run(asyncio.wait_for(main(), 30))
    assert len(set(tokens[:8])) == 1 and tokens[8] != tokens[0]
    assert STATE.token_fetches["slow"] == before + 2


def test_an_unreachable_token_endpoint_is_a_connection_error(
    feature_pkg: ModuleType,
) -> None:
    """The token URL is read against the base URL: here a port nothing listens on."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    with feature_pkg.Client(
        server_variables={"port": str(closed)}, oauth=("app", "s3cret"), retries=None
    ) as client:
        with pytest.raises(feature_pkg.APIConnectionError) as caught:
            client.oauth.guarded()
    assert "/oauth/token" in str(caught.value)

    async def main() -> None:
        async with feature_pkg.AsyncClient(
            server_variables={"port": str(closed)}, oauth=("app", "s3cret")
        ) as client:
            with pytest.raises(feature_pkg.APIConnectionError):
                await client.oauth.guarded()

    asyncio.run(asyncio.wait_for(main(), 30))
