"""Per-call options, servers, raw and streamed responses, the optional body and
logging of a generated client, sync and async, against a server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests.conftest import assert_mypy_strict  # noqa: E402
from tests.server import STATE as MAIN_STATE  # noqa: E402
from tests.server import running_server, wait_for  # noqa: E402
from tests.server.features import STATE, app, content  # noqa: E402
from tests.server.fixtures import (
    PACKAGE,
    feature_pkg,
    feature_url,
    port,
)  # noqa: E402,F401
from tests.server.packages import spec_package  # noqa: E402

OPTIONS = ("timeout", "retries", "headers", "extra_query", "extra_body")


def _client(pkg: ModuleType, port: str, **kwargs: Any) -> Any:
    return pkg.Client(api_key="k", server_variables={"port": port}, **kwargs)


def _fast(pkg: ModuleType, **kwargs: Any) -> Any:
    return pkg.RetryConfig(initial_interval=0.01, max_interval=0.02, **kwargs)


# -- per-call options ------------------------------------------------------------------


def test_every_operation_takes_the_per_call_options(feature_pkg: ModuleType) -> None:
    for cls in (
        feature_pkg.client.EchoOperations,
        feature_pkg.client.AsyncEchoOperations,
    ):
        send = inspect.signature(cls.send).parameters
        assert all(send[o].kind is inspect.Parameter.KEYWORD_ONLY for o in OPTIONS)
        # A body-less operation has nothing for extra_body to add to.
        assert "extra_body" not in inspect.signature(cls.where_am_i).parameters


def test_headers_query_and_body_per_call(feature_pkg: ModuleType, port: str) -> None:
    with _client(
        feature_pkg, port, headers={"X-Client": "c", "X-Both": "client"}
    ) as client:
        echo = client.echo.send(
            note="n",
            q="v",
            headers={"x-both": "call", "X-Call": "1"},
            extra_query={"debug": True, "tags": ["a", "b"]},
            extra_body={"extra": [1], "note": "overridden"},
        )
        plain = client.echo.send(note="n")
    assert echo.method == "POST"
    assert echo.headers["x-client"] == "c" and echo.headers["x-call"] == "1"
    assert echo.headers["x-both"] == "call"  # the call's header replaces the client's
    assert echo.headers["x-api-key"] == "k"
    assert echo.query == "q=v&debug=true&tags=a&tags=b"
    assert json.loads(echo.body) == {"note": "overridden", "extra": [1]}
    assert plain.headers["x-both"] == "client" and "x-call" not in plain.headers
    assert plain.query == "" and json.loads(plain.body) == {"note": "n"}


def test_timeout_per_call(feature_pkg: ModuleType, port: str) -> None:
    with _client(feature_pkg, port, retries=None) as client:
        with pytest.raises(feature_pkg.APITimeoutError):
            client.echo.where_am_i(headers={"x-delay": "2"}, timeout=0.2)
        # The client's own timeout (60 s) is untouched.
        assert client.echo.where_am_i(headers={"x-delay": "0.3"}).method == "GET"


def test_retries_per_call(feature_pkg: ModuleType, port: str) -> None:
    with _client(feature_pkg, port, retries=None) as client:
        key = uuid.uuid4().hex
        failing = {"x-fail-times": "1", "x-test-id": key}
        echo = client.echo.where_am_i(headers=failing, retries=_fast(feature_pkg))
        assert echo.method == "GET" and MAIN_STATE.attempts[key] == 2
    with _client(feature_pkg, port, retries=_fast(feature_pkg)) as client:
        key = uuid.uuid4().hex
        failing = {"x-fail-times": "1", "x-test-id": key}
        with pytest.raises(feature_pkg.ServerError):
            client.echo.where_am_i(headers=failing, retries=None)
        assert MAIN_STATE.attempts[key] == 1


def test_per_call_options_async(feature_pkg: ModuleType, port: str) -> None:
    async def main() -> None:
        async with feature_pkg.AsyncClient(
            api_key="k", server_variables={"port": port}, retries=None
        ) as client:
            echo = await client.echo.send(
                count=2,
                headers={"X-Call": "1"},
                extra_query={"a": 1},
                extra_body={"b": 2},
            )
            assert echo.headers["x-call"] == "1" and echo.query == "a=1"
            assert json.loads(echo.body) == {"count": 2, "b": 2}
            with pytest.raises(feature_pkg.APITimeoutError):
                await client.echo.where_am_i(headers={"x-delay": "2"}, timeout=0.2)
            key = uuid.uuid4().hex
            failing = {"x-fail-times": "1", "x-test-id": key}
            await client.echo.where_am_i(headers=failing, retries=_fast(feature_pkg))
            assert MAIN_STATE.attempts[key] == 2

    asyncio.run(asyncio.wait_for(main(), 30))


def test_option_names_are_never_taken_by_the_spec(tmp_path: Path) -> None:
    """Parameters and body fields named like the options are renamed, not the options."""
    names = [*OPTIONS, "server_url"]
    queries, fields = names[:3] + names[5:], names[3:5]
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Clash", "version": "1"},
        "servers": [{"url": "http://127.0.0.1:9/api"}],
        "paths": {
            "/clash": {
                "post": {
                    "operationId": "clash",
                    "servers": [{"url": "http://127.0.0.1:9/other"}],
                    "parameters": [
                        {"name": n, "in": "query", "schema": {"type": "string"}}
                        for n in queries
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        n: {"type": "string"} for n in fields
                                    },
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "ok"}},
                }
            }
        },
    }
    with spec_package(tmp_path, spec, "clash_client_under_test") as pkg:
        parameters = inspect.signature(pkg.client.DefaultOperations.clash).parameters
        for name in names:
            assert name in parameters and name + "_2" in parameters
        seen: list[Any] = []
        with running_server(application=app) as url:
            port = url.rsplit(":", 1)[1]
            with pkg.Client(on_request=[seen.append], retries=None) as client:
                client.default.clash(
                    timeout_2="1",
                    headers_2="2",
                    extra_body_2="3",
                    timeout=5.0,
                    headers={"x-mine": "yes"},
                    extra_body={"more": 1},
                    server_url=f"http://127.0.0.1:{port}/other",
                )
        request = seen[0]
        assert request.url.params["timeout"] == "1"
        assert request.url.params["headers"] == "2"
        assert request.headers["x-mine"] == "yes"
        assert json.loads(request.content) == {"extra_body": "3", "more": 1}
        assert request.extensions["timeout"]["read"] == 5.0


# -- servers -------------------------------------------------------------------------------


def test_server_index_and_variables(feature_pkg: ModuleType, port: str) -> None:
    assert feature_pkg.client.DEFAULT_BASE_URL == "http://127.0.0.1:9/api"
    with _client(feature_pkg, port) as client:
        assert client.echo.where_am_i().url == f"http://127.0.0.1:{port}/api/servers"
    variables = {"port": port, "area": "other"}
    with feature_pkg.Client(api_key="k", server_variables=variables) as client:
        assert client.echo.where_am_i().url == f"http://127.0.0.1:{port}/other/servers"
    with feature_pkg.Client(
        api_key="k", server_index=1, server_variables={"port": port}
    ) as client:
        assert client.echo.where_am_i().url == f"http://localhost:{port}/api/servers"
    # base_url wins over the servers.
    with feature_pkg.Client(
        f"http://127.0.0.1:{port}/other", server_index=7, api_key="k"
    ) as client:
        assert client.echo.where_am_i().url == f"http://127.0.0.1:{port}/other/servers"


def test_bad_server_choices_are_refused(feature_pkg: ModuleType) -> None:
    with pytest.raises(ValueError, match="'area' must be one of 'api', 'other'"):
        feature_pkg.Client(api_key="k", server_variables={"area": "elsewhere"})
    with pytest.raises(ValueError, match="server_index must be from 0 to 1; got 2"):
        feature_pkg.Client(api_key="k", server_index=2)
    with pytest.raises(ValueError, match="unknown server variables 'prot'"):
        feature_pkg.Client(api_key="k", server_variables={"prot": "1"})


def test_an_operation_with_its_own_servers(feature_pkg: ModuleType, port: str) -> None:
    with feature_pkg.Client(api_key="k", server_variables={"port": port}) as client:
        echo = client.echo.elsewhere()
        moved = client.echo.elsewhere(server_url=f"http://127.0.0.1:{port}/api")
    assert echo.url == f"http://127.0.0.1:{port}/other/op-level"
    assert moved.url == f"http://127.0.0.1:{port}/api/op-level"

    async def main() -> str:
        async with feature_pkg.AsyncClient(
            api_key="k", server_variables={"port": port}
        ) as client:
            return str((await client.echo.elsewhere()).url)

    assert asyncio.run(main()) == f"http://127.0.0.1:{port}/other/op-level"


# -- the optional body -----------------------------------------------------------------------


def test_an_omitted_optional_json_body_is_not_sent(
    feature_pkg: ModuleType, port: str
) -> None:
    with _client(feature_pkg, port) as client:
        empty = client.echo.send()
        given = client.echo.send(count=0)
    assert empty.body == "" and "content-type" not in empty.headers
    assert given.body == '{"count":0}'
    assert given.headers["content-type"] == "application/json"

    async def main() -> Any:
        async with feature_pkg.AsyncClient(
            api_key="k", server_variables={"port": port}
        ) as client:
            return await client.echo.send()

    empty = asyncio.run(main())
    assert empty.body == "" and "content-type" not in empty.headers


# -- raw and streamed responses -----------------------------------------------------------------


def test_raw_response(feature_pkg: ModuleType, port: str) -> None:
    with _client(feature_pkg, port) as client:
        raw = client.with_raw_response.echo.send(note="x")
        assert client.with_raw_response is client.with_raw_response
        with pytest.raises(feature_pkg.NotFoundError) as caught:
            client.with_raw_response.echo.missing()
    assert isinstance(raw, feature_pkg.RawResponse)
    assert raw.status_code == 200 and raw.reason_phrase == "OK"
    assert raw.headers["content-type"] == "application/json"
    assert raw.http_version == "HTTP/1.1"
    assert str(raw.url) == f"http://127.0.0.1:{port}/api/send"
    assert raw.request.method == "POST" and raw.is_closed  # the body was read
    echo = raw.parse()
    assert isinstance(echo, feature_pkg.Echo) and raw.parse() is echo
    assert json.loads(raw.content)["body"] == '{"note":"x"}' == raw.json()["body"]
    assert caught.value.body.detail == "no such thing"


def test_raw_response_of_an_event_stream(feature_pkg: ModuleType, port: str) -> None:
    with _client(feature_pkg, port) as client:
        raw = client.with_raw_response.echo.events()
        assert raw.headers["content-type"].startswith("text/event-stream")
        with raw.parse() as events:
            assert [item.id for item in events] == [0, 1, 2]


def test_streamed_download(feature_pkg: ModuleType, port: str, tmp_path: Path) -> None:
    size = 600_000
    key = uuid.uuid4().hex
    with _client(feature_pkg, port) as client:
        with client.with_streaming_response.files.download(
            size=size, key=key, delay=0.05
        ) as response:
            assert not response.is_closed
            chunks = response.iter_bytes()
            first = next(chunks)
            # The first piece is here while the server is still sending the rest:
            # the body is read as it arrives, not held whole.
            assert key not in STATE.finished_downloads
            body = first + b"".join(chunks)
        assert response.is_closed and body == content(size)
        target = tmp_path / "download.bin"
        with client.with_streaming_response.files.download(size=size) as response:
            assert response.write_to(target) == size
        assert target.read_bytes() == content(size)
        assert client.files.download(size=1000) == content(1000)
        early = uuid.uuid4().hex
        with client.with_streaming_response.files.download(
            size=size, key=early, delay=0.05
        ) as response:
            next(response.iter_bytes())
    assert response.is_closed
    # Leaving early closed the connection: the server never finished that body.
    assert not wait_for(lambda: early in STATE.finished_downloads, 1.0)


def test_raw_and_streamed_responses_async(
    feature_pkg: ModuleType, port: str, tmp_path: Path
) -> None:
    size = 300_000

    async def main() -> None:
        async with feature_pkg.AsyncClient(
            api_key="k", server_variables={"port": port}
        ) as client:
            raw = await client.with_raw_response.echo.send(note="y")
            assert isinstance(raw, feature_pkg.AsyncRawResponse)
            assert raw.status_code == 200 and (await raw.parse()).body == '{"note":"y"}'
            async with client.with_raw_response.echo.events() as stream_response:
                events = await stream_response.parse()
                assert [item.name async for item in events] == [
                    "item0",
                    "item1",
                    "item2",
                ]
            key = uuid.uuid4().hex
            async with client.with_streaming_response.files.download(
                size=size, key=key, delay=0.05
            ) as response:
                pieces = response.aiter_bytes()
                first = await anext(pieces)
                assert key not in STATE.finished_downloads
                body = first + b"".join([piece async for piece in pieces])
            assert response.is_closed and body == content(size)
            async with client.with_streaming_response.files.download(
                size=size
            ) as response:
                assert await response.awrite_to(tmp_path / "a.bin") == size
            with pytest.raises(feature_pkg.NotFoundError):
                await client.with_raw_response.echo.missing()

    asyncio.run(asyncio.wait_for(main(), 30))
    assert (tmp_path / "a.bin").read_bytes() == content(size)


# -- logging -------------------------------------------------------------------------------------


def test_debug_records_with_credentials_redacted(
    feature_pkg: ModuleType, port: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=PACKAGE)
    key = uuid.uuid4().hex
    with feature_pkg.Client(
        server_variables={"port": port},
        api_key="key-secret",
        retries=_fast(feature_pkg),
    ) as client:
        client.echo.where_am_i(
            headers={"x-fail-times": "1", "x-test-id": key, "Cookie": "c=cookie-secret"}
        )
    records = [r for r in caplog.records if r.name == PACKAGE]
    text = "\n".join(r.getMessage() for r in records)
    assert "key-secret" not in text and "cookie-secret" not in text
    assert f"request: GET http://127.0.0.1:{port}/api/servers" in text
    assert "X-Api-Key: [redacted]" in text and "Cookie: [redacted]" in text
    assert "-> 503 Service Unavailable" in text and "-> 200 OK" in text
    assert f"retry 1 of GET http://127.0.0.1:{port}/api/servers" in text
    assert all(r.levelno == logging.DEBUG for r in records)


def test_debug_records_async(
    feature_pkg: ModuleType, port: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=PACKAGE)

    async def main() -> None:
        async with feature_pkg.AsyncClient(
            server_variables={"port": port}, api_key="async-secret"
        ) as client:
            await client.echo.send(note="n")

    asyncio.run(main())
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == PACKAGE)
    assert f"request: POST http://127.0.0.1:{port}/api/send" in text
    assert "-> 200 OK" in text and "async-secret" not in text


def test_nothing_is_logged_or_built_when_debug_is_off(
    feature_pkg: ModuleType, port: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any) -> None:
        raise AssertionError("a log message was built while debug was off")

    monkeypatch.setattr(feature_pkg._transport, "_log_request", refuse)
    monkeypatch.setattr(feature_pkg._transport, "_log_response", refuse)
    logging.getLogger(PACKAGE).setLevel(logging.WARNING)
    try:
        with _client(feature_pkg, port) as client:
            assert client.echo.where_am_i().method == "GET"
    finally:
        logging.getLogger(PACKAGE).setLevel(logging.NOTSET)


def test_the_environment_switch_logs_to_stderr(
    feature_pkg: ModuleType, port: str
) -> None:
    folder = Path(feature_pkg.__file__).resolve().parent.parent
    script = (
        f"import {PACKAGE} as p\n"
        f"with p.Client(server_variables={{'port': {port!r}}}, api_key='env-secret') as c:\n"
        "    c.echo.where_am_i()\n"
    )
    variable = PACKAGE.upper() + "_LOG"
    for value, expected in (("debug", True), ("", False)):
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=folder,
            env={**os.environ, variable: value},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert ("request: GET" in result.stderr) is expected, result.stderr
        assert "env-secret" not in result.stderr


USAGE = '''
"""What a caller writes, type-checked: the values of raw responses and pagers."""

from __future__ import annotations

import asyncio

import PACKAGE as p


def sync_use(client: p.Client) -> None:
    raw: p.RawResponse[p.Echo] = client.with_raw_response.echo.send(note="x")
    echo: p.Echo = raw.parse()
    status: int = raw.status_code
    items: list[p.Item] = list(client.pages.by_offset(limit=2))
    pages: list[p.ByOffsetResponse] = list(client.pages.by_offset().pages())
    pager: p.RawResponse[p.Pager[p.Item, p.ByCursorResponse]]
    pager = client.with_raw_response.pages.by_cursor(limit=1)
    first: p.Item = next(iter(pager.parse()))
    with client.with_streaming_response.files.download(size=1) as download:
        data: bytes = b"".join(download.iter_bytes())
        whole: bytes = download.parse()
    print(echo, status, items, pages, first, data, whole)


async def async_use(client: p.AsyncClient) -> None:
    raw: p.AsyncRawResponse[p.Echo] = await client.with_raw_response.echo.send()
    echo: p.Echo = await raw.parse()
    items: list[p.Item] = [item async for item in client.pages.by_link()]
    async with client.with_streaming_response.files.download(size=1) as download:
        async for piece in download.aiter_bytes():
            print(piece)
    events = await client.echo.events()
    async with events:
        names: list[str] = [item.name async for item in events]
    print(echo, items, names)


asyncio.run(async_use(p.AsyncClient()))
'''


def test_feature_client_and_its_use_are_mypy_strict_clean(
    feature_pkg: ModuleType,
) -> None:
    folder = Path(feature_pkg.__file__).resolve().parent.parent
    (folder / "usage.py").write_text(
        USAGE.replace("PACKAGE", PACKAGE), encoding="utf-8"
    )
    assert_mypy_strict(folder, "-p", PACKAGE, "-m", "usage")


def test_an_api_key_in_the_query_is_redacted_in_the_log(
    tmp_path: Path, port: str, caplog: pytest.LogCaptureFixture
) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Query key", "version": "1"},
        "servers": [{"url": f"http://127.0.0.1:{port}/api"}],
        "security": [{"queryKey": []}],
        "paths": {
            "/q": {
                "get": {"operationId": "q", "responses": {"204": {"description": ""}}}
            }
        },
        "components": {
            "securitySchemes": {
                "queryKey": {"type": "apiKey", "in": "query", "name": "key"}
            }
        },
    }
    caplog.set_level(logging.DEBUG, logger="query_key_client")
    with spec_package(tmp_path, spec, "query_key_client") as pkg:
        with pkg.Client(query_key="query-secret") as client:
            assert client.default.q(extra_query={"page": 2}) is None
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "query-secret" not in text
    assert "key=%5Bredacted%5D" in text and "page=2" in text
